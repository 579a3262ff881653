export * from './org.entity';
export * from './customer.entity';
export * from './field-work.entity';
export * from './task.entity';
export * from './record-keeping.entity';
export * from './sales.entity';
export * from './planning.entity';
export * from './conversion.entity';
export * from './calendar.entity';
export * from './notification-settings.entity';
export * from './import.entity';

import { DealerEntity, RegionEntity, UserEntity, DealerPolicyEntity } from './org.entity';
import { OfficialCalendarYearEntity, DealerClosureEntity } from './calendar.entity';
import { AccountEntity, ContactEntity, ProspectEntity, GradeChangeEntity, FollowUpEntity } from './customer.entity';
import {
  VisitPlanEntity,
  VisitRecordEntity,
  VisitCheckInEntity,
  SalesEventEntity,
  EventLeadEntity,
} from './field-work.entity';
import { TaskEntity, NotificationEntity, AuditLogEntity, SubstituteEntity } from './task.entity';
import { CallbackCheckEntity, DailyCheckRunEntity } from './record-keeping.entity';
import { CarModelEntity, SalesOrderEntity, DeliveryEntity, SystemSubmissionEntity, StockEntity } from './sales.entity';
import { PlanEntity, PersonalTargetEntity, WeeklyReviewEntity, ProcessRunEntity } from './planning.entity';
import { ConversionStateEntity, FollowUpDueEntity, LostAnalysisEntity } from './conversion.entity';
import { DealerNotificationSettingsEntity } from './notification-settings.entity';
import { ImportJobEntity } from './import.entity';

export const ENTITIES = [
  RegionEntity,
  DealerEntity,
  UserEntity,
  DealerPolicyEntity,
  OfficialCalendarYearEntity,
  DealerClosureEntity,
  AccountEntity,
  ContactEntity,
  ProspectEntity,
  GradeChangeEntity,
  FollowUpEntity,
  VisitPlanEntity,
  VisitRecordEntity,
  VisitCheckInEntity,
  SalesEventEntity,
  EventLeadEntity,
  TaskEntity,
  NotificationEntity,
  AuditLogEntity,
  SubstituteEntity,
  CallbackCheckEntity,
  DailyCheckRunEntity,
  CarModelEntity,
  SalesOrderEntity,
  DeliveryEntity,
  SystemSubmissionEntity,
  StockEntity,
  PlanEntity,
  PersonalTargetEntity,
  WeeklyReviewEntity,
  ProcessRunEntity,
  ConversionStateEntity,
  FollowUpDueEntity,
  LostAnalysisEntity,
  DealerNotificationSettingsEntity,
  ImportJobEntity,
];
