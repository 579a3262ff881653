// The homes' readings (the SQL is libs/records/src/home/): today and the month at the dealer (its time zone),
// and who may read whose home.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { addCalendarDays, zonedInstant } from '@kaflow/calendar';
import { Clock } from '@kaflow/domain';
import { UserEntity } from '@kaflow/persistence';
import { loadPolicy, readConsultantHome, readServiceHome } from '@kaflow/records';
import { hasRole, type AuthUser } from '../common/auth-user';
import { businessClock, monthDates, monthInstants } from '../common/business-month';
import { badRequest, forbidden, notFound } from '../common/domain-error';
import { phoneMasker } from '../common/prospect.view';

/** Who may read one of their dealer's consultants' homes. */
export const READS_CONSULTANTS = ['ka_manager', 'sales_director', 'gm', 'admin'] as const;

@Injectable()
export class HomeService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Today and this month at the dealer, as dates and as instants. */
  private async day(dealerId: string) {
    const now = this.clock.now();
    const { today, month, timezone } = await businessClock(this.db, dealerId, now);
    const m = monthInstants(month, timezone);
    const d = monthDates(month);
    return {
      now,
      today,
      timezone,
      dayStart: zonedInstant(today, '00:00', timezone),
      dayEnd: zonedInstant(addCalendarDays(today, 1), '00:00', timezone),
      month,
      monthFrom: m.from,
      monthTo: m.to,
      monthFromDate: d.from,
      monthToDate: d.to,
    };
  }

  /** A consultant's own home; a manager, director or GM names one of the dealer's consultants. */
  async consultant(user: AuthUser, consultantId?: string) {
    const id = consultantId ?? user.id;
    if (id !== user.id && !hasRole(user, ...READS_CONSULTANTS)) {
      // another dealer's person is a 404 for everyone; a colleague's home a 403
      if (!(await this.db.getRepository(UserEntity).existsBy({ id, dealerId: user.dealerId }))) throw notFound('user');
      throw forbidden('you can read your own home only');
    }
    const person = await this.db.getRepository(UserEntity).findOneBy({ id, dealerId: user.dealerId });
    if (!person) throw notFound('user');
    if (!person.roles.includes('consultant')) {
      throw badRequest([
        {
          field: 'consultantId',
          problem: consultantId ? 'must be a consultant of your dealer' : 'name the consultant whose home to read',
        },
      ]);
    }
    const [day, policy] = await Promise.all([this.day(user.dealerId), loadPolicy(this.db, user.dealerId)]);
    const home = await readConsultantHome(this.db, {
      ...day,
      dealerId: user.dealerId,
      consultantId: id,
      roles: person.roles,
      hotTarget: policy.hotFollowUpsPerMonth,
    });
    // PIPL: the agenda's phones as the reader may see them (the consultant and the managers in full; an admin masked)
    const items = home.followUps.items;
    const phoneOf = await phoneMasker(
      this.db,
      { userId: user.id, roles: user.roles, now: day.now },
      user.dealerId,
      items.map((i) => i.prospectId),
    );
    const followUps = {
      ...home.followUps,
      items: items.map((i) => ({ ...i, phone: phoneOf(i.prospectId, id, i.phone) })),
    };
    return {
      consultant: { id: person.id, displayName: person.displayName },
      timezone: day.timezone,
      ...home,
      followUps,
    };
  }

  /** Customer service's home: the dealer's callbacks and rectifications, the month's information accuracy. */
  async service(user: AuthUser) {
    const day = await this.day(user.dealerId);
    return { timezone: day.timezone, ...(await readServiceHome(this.db, { ...day, dealerId: user.dealerId })) };
  }
}
