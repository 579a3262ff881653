// KPI scorecards (manual §3): `GET /api/reports/scorecards` and the drill-down behind any figure.
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '../common/auth-user';
import { UserIdPipe } from '../common/id.pipe';
import { ScorecardMonthQuery, ScorecardQuery } from './dto/scorecards.dto';
import { ScorecardsService } from './scorecards.service';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports/scorecards')
export class ScorecardsController {
  constructor(private readonly scorecards: ScorecardsService) {}

  /** Every person's card for the month (managers), or the caller's own. */
  @Get()
  list(@CurrentUser() user: AuthUser, @Query() q: ScorecardQuery) {
    return this.scorecards.list(user, q.month, { role: q.role, userId: q.userId }, q.lang ?? 'zh');
  }

  /** The records behind one KPI's numerator and denominator. */
  @Get(':userId/:kpiKey')
  drillDown(
    @CurrentUser() user: AuthUser,
    @Param('userId', UserIdPipe) userId: string,
    @Param('kpiKey') kpiKey: string,
    @Query() q: ScorecardMonthQuery,
  ) {
    return this.scorecards.drillDown(user, userId, kpiKey, q.month, q.lang ?? 'zh');
  }
}
