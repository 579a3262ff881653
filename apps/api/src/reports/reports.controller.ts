// Reports computed from the records at the time of asking.
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '../common/auth-user';
import { RecordKeepingQuery } from './dto/report.dto';
import { ReportsService } from './reports.service';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  /** Process 5 figures for a month: record rate, callbacks, accuracy, rectifications, visit-plan completion. */
  @Get('record-keeping')
  recordKeeping(@CurrentUser() user: AuthUser, @Query() query: RecordKeepingQuery) {
    return this.reports.recordKeeping(user, query.month, query.consultantId);
  }
}
