import { Module } from '@nestjs/common';
import { ConversionReportController } from './conversion-report.controller';
import { ConversionReportService } from './conversion-report.service';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

@Module({ controllers: [ReportsController, ConversionReportController], providers: [ReportsService, ConversionReportService] })
export class ReportsModule {}
