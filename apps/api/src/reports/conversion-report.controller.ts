// Process 6 reports: conversion rates, the hot-customer table and the lost-customer analysis table.
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '../common/auth-user';
import { ConversionReportQuery } from './dto/conversion-report.dto';
import { ConversionReportService } from './conversion-report.service';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ConversionReportController {
  constructor(private readonly reports: ConversionReportService) {}

  /**
   * Conversion, downgrade, churn, lost-and-uncontrolled, 拒单率, follow-ups done vs due, hot follow-ups: each with
   * numerator and denominator.
   */
  @Get('conversion')
  conversion(@CurrentUser() user: AuthUser, @Query() q: ConversionReportQuery) {
    return this.reports.rates(user, q.month, q.consultantId, q.model);
  }

  /** 热点客户管理表 */
  @Get('hot-customers')
  hotCustomers(@CurrentUser() user: AuthUser, @Query() q: ConversionReportQuery) {
    return this.reports.hotCustomers(user, q.month, q.consultantId, q.model);
  }

  /** 战败客户分析表 */
  @Get('lost-analysis')
  lostAnalysis(@CurrentUser() user: AuthUser, @Query() q: ConversionReportQuery) {
    return this.reports.lostAnalysis(user, q.month, q.consultantId, q.model);
  }
}
