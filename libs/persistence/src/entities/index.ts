export * from './org.entity';
export * from './customer.entity';
export * from './field-work.entity';
export * from './task.entity';
export * from './record-keeping.entity';
export * from './conversion.entity';

import { DealerEntity, RegionEntity, UserEntity, DealerPolicyEntity, CalendarOverrideEntity } from './org.entity';
import { AccountEntity, ContactEntity, ProspectEntity, GradeChangeEntity, FollowUpEntity } from './customer.entity';
import { VisitPlanEntity, VisitRecordEntity, SalesEventEntity, EventLeadEntity } from './field-work.entity';
import { TaskEntity, NotificationEntity, AuditLogEntity } from './task.entity';
import { CallbackCheckEntity, DailyCheckRunEntity } from './record-keeping.entity';
import { ConversionStateEntity, FollowUpDueEntity, LostAnalysisEntity } from './conversion.entity';

export const ENTITIES = [
  RegionEntity, DealerEntity, UserEntity, DealerPolicyEntity, CalendarOverrideEntity,
  AccountEntity, ContactEntity, ProspectEntity, GradeChangeEntity, FollowUpEntity,
  VisitPlanEntity, VisitRecordEntity, SalesEventEntity, EventLeadEntity,
  TaskEntity, NotificationEntity, AuditLogEntity,
  CallbackCheckEntity, DailyCheckRunEntity,
  ConversionStateEntity, FollowUpDueEntity, LostAnalysisEntity,
];
