// P6 销售能力评估 and plan accuracy (docs/user-guide.md): GET /api/reports/sales-capability?month=YYYY-MM and
// GET /api/reports/plan-accuracy?from=YYYY-MM&to=YYYY-MM, computed from the records at the time of asking.
import { Controller, Get, Injectable, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { addMonths } from '@kaflow/calendar';
import { loadPolicy, planAccuracyReport, salesCapabilityReport } from '@kaflow/records';
import { CurrentUser, hasRole, type AuthUser } from '../common/auth-user';
import { badRequest, forbidden } from '../common/domain-error';
import { consultantScope } from '../common/prospect-access';
import { AccuracyQuery, CapabilityQuery } from './dto/plan-checks.dto';

@Injectable()
export class PlanChecksService {
  constructor(private readonly db: DataSource) {}

  /** A consultant sees their own line; managers, the training manager and admins every consultant's. */
  async salesCapability(user: AuthUser, month: string) {
    if (!hasRole(user, 'consultant', 'ka_manager', 'sales_director', 'gm', 'training_manager', 'admin')) {
      throw forbidden(
        'the sales capability report is for consultants (their own), the managers, the training manager and admins',
      );
    }
    const report = await salesCapabilityReport(this.db, user.dealerId, month, await loadPolicy(this.db, user.dealerId));
    const own = consultantScope(user);
    return own ? { ...report, consultants: report.consultants.filter((c) => c.consultantId === own) } : report;
  }

  async planAccuracy(user: AuthUser, from: string, to: string) {
    if (!hasRole(user, 'ka_manager', 'sales_director', 'gm', 'admin'))
      throw forbidden('plan accuracy is for the managers, the GM and admins');
    if (from > to) throw badRequest([{ field: 'to', problem: 'must not be before from' }]);
    if (addMonths(from, 23) < to) throw badRequest([{ field: 'to', problem: 'at most 24 months from from' }]);
    return planAccuracyReport(this.db, user.dealerId, from, to);
  }
}

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class PlanChecksController {
  constructor(private readonly checks: PlanChecksService) {}

  @Get('sales-capability')
  @ApiOperation({
    summary: '销售能力评估: per consultant pipeline, own closing rates, expected orders vs personal target, losses',
  })
  salesCapability(@CurrentUser() user: AuthUser, @Query() q: CapabilityQuery) {
    return this.checks.salesCapability(user, q.month);
  }

  @Get('plan-accuracy')
  @ApiOperation({ summary: 'Approved targets vs actuals per month and measure; assumed vs realised rates' })
  planAccuracy(@CurrentUser() user: AuthUser, @Query() q: AccuracyQuery) {
    return this.checks.planAccuracy(user, q.from, q.to);
  }
}
