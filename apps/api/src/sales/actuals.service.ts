// The actuals report (GET /api/reports/actuals): monthly orders / AAK / submissions / cancellations with the
// order backlog and pending submissions, computed from the records by the shared sales-history module.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { salesHistory, type MonthHistory } from '@kaflow/records';
import type { AuthUser } from '../common/auth-user';
import { badRequest } from '../common/domain-error';
import { consultantScope } from '../common/prospect-access';
import type { ActualsQuery } from './dto/sales.dto';

/** At most this many months per request. */
export const MAX_ACTUALS_MONTHS = 60;

const monthIndex = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;

@Injectable()
export class ActualsService {
  constructor(private readonly db: DataSource) {}

  async actuals(user: AuthUser, q: ActualsQuery): Promise<{ months: MonthHistory[] }> {
    if (q.from > q.to) throw badRequest([{ field: 'to', problem: `must not be before from (${q.from})` }]);
    if (monthIndex(q.to) - monthIndex(q.from) + 1 > MAX_ACTUALS_MONTHS)
      throw badRequest([{ field: 'to', problem: `at most ${MAX_ACTUALS_MONTHS} months at once` }]);
    const consultantId = consultantScope(user, q.consultantId);
    const filter = {
      ...(q.model !== undefined ? { model: q.model } : {}),
      ...(consultantId !== undefined ? { consultantId } : {}),
    };
    return { months: await salesHistory(this.db, user.dealerId, q.from, q.to, filter) };
  }
}
