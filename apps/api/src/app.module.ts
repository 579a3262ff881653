import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '@kaflow/config';
import type { Clock } from '@kaflow/domain';
import { InfraModule } from './infra/infra.module';
import { AuthModule } from './auth/auth.module';
import { HealthModule } from './health/health.module';
import { CalendarModule } from './calendar/calendar.module';
import { TasksModule } from './tasks/tasks.module';
import { ProcessesModule } from './processes/processes.module';
import { AdminModule } from './admin/admin.module';
import { ProspectsModule } from './prospects/prospects.module';
import { FieldWorkModule } from './field-work/field-work.module';
import { PlansModule } from './plans/plans.module';
import { ReportsModule } from './reports/reports.module';
import { ConversionModule } from './conversion/conversion.module';
import { SalesModule } from './sales/sales.module';
import { WeeklyReviewModule } from './weekly-review/weekly-review.module';
import { ScorecardsModule } from './scorecards/scorecards.module';
import { RegionModule } from './region/region.module';
import { UsersModule } from './users/users.module';
import { PeopleModule } from './people/people.module';
import { NotificationsModule } from './notifications/notifications.module';
import { FormsModule } from './forms/forms.module';
import { ImportsModule } from './imports/imports.module';
import { MetricsModule } from './metrics/metrics.module';
import { HomeModule } from './home/home.module';

/** The feature modules, one per area; each process adds its own. */
export const FEATURE_MODULES = [
  AuthModule,
  HealthModule,
  CalendarModule,
  TasksModule,
  ProcessesModule,
  AdminModule,
  ProspectsModule,
  FieldWorkModule,
  ReportsModule,
  PlansModule,
  SalesModule,
  WeeklyReviewModule,
  ConversionModule,
  ScorecardsModule,
  RegionModule,
  UsersModule,
  PeopleModule,
  NotificationsModule,
  FormsModule,
  ImportsModule,
  MetricsModule,
  HomeModule,
];

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, clock?: Clock): DynamicModule {
    return { module: AppModule, imports: [InfraModule.forRoot(config, clock), ...FEATURE_MODULES] };
  }
}
