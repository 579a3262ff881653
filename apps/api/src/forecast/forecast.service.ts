// Will we make the month? The forecast of a line (the dealer, a model, a consultant) as of a date, against the
// targets of the newest approved plans (docs/user-guide.md "Forecast"): libs/records/src/forecast.ts reads, the
// arithmetic is libs/planning's. Access follows the scorecards': managers read every line of their dealer, anyone
// else their own consultant line; the region reads its dealers'. The what-if saves nothing.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock, type Role } from '@kaflow/domain';
import { localDate } from '@kaflow/calendar';
import type { ForecastWhatIf, LineFilter } from '@kaflow/planning';
import { CarModelEntity, UserEntity } from '@kaflow/persistence';
import { lineForecastAnswer, loadPolicy, type ForecastAnswer } from '@kaflow/records';
import { hasRole, type AuthUser } from '../common/auth-user';
import { badRequest, forbidden, notFound } from '../common/domain-error';
import { readableRegionDealer, type RegionUser } from '../common/region-access';
import type { WhatIfBody } from './dto/forecast.dto';

/** Who reads the dealer's and every model's and consultant's forecast; everyone else reads their own. */
export const FORECAST_SEES_ALL: Role[] = ['ka_manager', 'sales_director', 'gm', 'admin'];

@Injectable()
export class ForecastService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  private async answer(
    dealerId: string,
    asOf: string | undefined,
    filter: LineFilter,
    whatIf?: ForecastWhatIf,
  ): Promise<ForecastAnswer> {
    const policy = await loadPolicy(this.db, dealerId);
    const today = localDate(this.clock.now(), policy.timezone);
    if (asOf !== undefined && asOf > today)
      throw badRequest([{ field: 'asOf', problem: `must not be after today (${today} at the dealer)` }]);
    return lineForecastAnswer(this.db, dealerId, asOf ?? today, policy, filter, whatIf);
  }

  private async model(dealerId: string, code: string): Promise<string> {
    // a code with control characters (PostgreSQL refuses NUL in text) or longer than any code names no model
    // eslint-disable-next-line no-control-regex
    if (code.length > 100 || /[\u0000-\u001f]/.test(code)) throw notFound('model');
    if (!(await this.db.getRepository(CarModelEntity).existsBy({ dealerId, code }))) throw notFound('model');
    return code;
  }

  private async consultant(user: AuthUser, userId: string): Promise<string> {
    if (!(await this.db.getRepository(UserEntity).existsBy({ id: userId, dealerId: user.dealerId })))
      throw notFound('user');
    if (!hasRole(user, ...FORECAST_SEES_ALL) && userId !== user.id)
      throw forbidden('you can read your own forecast only');
    return userId;
  }

  dealer(user: AuthUser, asOf?: string) {
    return this.answer(user.dealerId, asOf, {});
  }

  async forModel(user: AuthUser, code: string, asOf?: string) {
    return this.answer(user.dealerId, asOf, { model: await this.model(user.dealerId, code) });
  }

  async forConsultant(user: AuthUser, userId: string, asOf?: string) {
    return this.answer(user.dealerId, asOf, { consultantId: await this.consultant(user, userId) });
  }

  async regionDealer(user: RegionUser, dealerId: string, asOf?: string) {
    const dealer = await readableRegionDealer(this.db, user, dealerId);
    return this.answer(dealer.id, asOf, {});
  }

  /** The what-if: the same forecast with the rates and prospects changed; nothing is written. */
  async whatIf(user: AuthUser, body: WhatIfBody) {
    const scope = body.scope ?? 'dealer';
    if (scope !== 'dealer' && !body.id)
      throw badRequest([{ field: 'id', problem: `names the ${scope} (a model code or a consultant id)` }]);
    if (scope === 'dealer' && body.id !== undefined)
      throw badRequest([{ field: 'id', problem: 'is only for scope model or consultant' }]);
    let filter: LineFilter = {};
    if (scope === 'model') filter = { model: await this.model(user.dealerId, body.id!) };
    if (scope === 'consultant') {
      if (!/^[0-9a-f-]{36}$/i.test(body.id!)) throw badRequest([{ field: 'id', problem: 'must be an id (UUID)' }]);
      filter = { consultantId: await this.consultant(user, body.id!) };
    }
    const whatIf: ForecastWhatIf = {};
    if (body.rates) {
      const rates = Object.fromEntries(Object.entries(body.rates).filter(([, v]) => v !== undefined));
      if (Object.keys(rates).length) whatIf.rates = rates;
    }
    if (body.addProspects) {
      const add = Object.fromEntries(Object.entries(body.addProspects).filter(([, v]) => v !== undefined));
      if (Object.keys(add).length) whatIf.addProspects = add;
    }
    return this.answer(user.dealerId, body.asOf, filter, whatIf);
  }
}
