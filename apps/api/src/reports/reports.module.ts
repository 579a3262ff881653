import { Module } from '@nestjs/common';
import { ConversionReportController } from './conversion-report.controller';
import { ConversionReportService } from './conversion-report.service';
import { PlanChecksController, PlanChecksService } from './plan-checks.controller';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

@Module({
  controllers: [ReportsController, ConversionReportController, PlanChecksController],
  providers: [ReportsService, ConversionReportService, PlanChecksService],
})
export class ReportsModule {}
