// Visit check-in (走访签到, issue #22 §4): the consultant checks in on a planned visit from the phone, with the
// position the phone gave (WGS-84) or none; an unplanned visit is first added to today's plan as unplanned.
// A visit is checked in once: a second check-in is a 409, a repeated request with the same key is replayed.
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AccountEntity, ProspectEntity, VisitCheckInEntity, VisitPlanEntity } from '@kaflow/persistence';
import { Clock } from '@kaflow/domain';
import { writeAudit } from '@kaflow/records';
import type { AuthUser } from '../common/auth-user';
import { badRequest, conflict, forbidden, notFound } from '../common/domain-error';
import { businessClock } from '../common/business-month';
import type { CheckInDto, UnplannedCheckInDto } from './dto/check-in.dto';

export interface CheckInPosition {
  /** WGS-84 degrees, as the phone's geolocation gives them. */
  lat: number;
  lng: number;
  /** Metres. */
  accuracy: number;
}
export interface CheckInView {
  id: string;
  planId: string;
  consultantId: string;
  checkedInAt: Date;
  /** The dealer-local date of the check-in. */
  localDate: string;
  /** Null: the phone gave no position (refused or timed out). */
  position: CheckInPosition | null;
}

const isUniqueViolation = (e: any) => (e?.driverError?.code ?? e?.code) === '23505';

export const toCheckInView = (c: VisitCheckInEntity): CheckInView => ({
  id: c.id,
  planId: c.planId,
  consultantId: c.consultantId,
  checkedInAt: c.checkedInAt,
  localDate: c.localDate,
  position: c.lat === null || c.lng === null ? null : { lat: c.lat, lng: c.lng, accuracy: c.accuracy ?? 0 },
});

@Injectable()
export class CheckInService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Checks in on one of the caller's planned visits (404 at another dealer, 403 on a colleague's visit). */
  async checkIn(user: AuthUser, planId: string, dto: CheckInDto): Promise<CheckInView> {
    const plan = await this.db.getRepository(VisitPlanEntity).findOneBy({ id: planId, dealerId: user.dealerId });
    if (!plan) throw notFound('planned visit');
    if (plan.consultantId !== user.id) throw forbidden('a consultant checks in only on their own visits');
    return this.write(user, dto, async () => plan);
  }

  /** Checks in on a visit that was not planned: it joins today's plan as unplanned, for the prospect's account. */
  async checkInUnplanned(user: AuthUser, dto: UnplannedCheckInDto): Promise<CheckInView> {
    const prospect = await this.db
      .getRepository(ProspectEntity)
      .findOneBy({ id: dto.prospectId, dealerId: user.dealerId, ownerId: user.id });
    if (!prospect) throw badRequest([{ field: 'prospectId', problem: 'no such prospect among yours' }]);
    const account = await this.db.getRepository(AccountEntity).findOneBy({ id: prospect.accountId });
    return this.write(user, dto, async (m, today) => {
      const row = m.create(VisitPlanEntity, {
        dealerId: user.dealerId,
        consultantId: user.id,
        month: today.slice(0, 7),
        plannedDate: today,
        accountId: prospect.accountId,
        accountName: account?.name ?? null,
        purpose: null,
        unplanned: true,
        prospectId: prospect.id,
      });
      return m.getRepository(VisitPlanEntity).save(row);
    });
  }

  private async write(
    user: AuthUser,
    dto: CheckInDto,
    planOf: (m: EntityManager, today: string) => Promise<VisitPlanEntity>,
  ): Promise<CheckInView> {
    const now = this.clock.now();
    const { today } = await businessClock(this.db, user.dealerId, now);
    const positioned = dto.lat !== undefined && dto.lng !== undefined && dto.accuracy !== undefined;
    try {
      const saved = await this.db.transaction(async (m) => {
        const plan = await planOf(m, today);
        const row = await m.getRepository(VisitCheckInEntity).save(
          m.create(VisitCheckInEntity, {
            dealerId: user.dealerId,
            planId: plan.id,
            consultantId: user.id,
            checkedInAt: now,
            localDate: today,
            lat: positioned ? dto.lat! : null,
            lng: positioned ? dto.lng! : null,
            accuracy: positioned ? dto.accuracy! : null,
          }),
        );
        await writeAudit(m, {
          dealerId: user.dealerId,
          actorUserId: user.id,
          action: 'visit.checked_in',
          entityType: 'visit_plan',
          entityId: plan.id,
          detail: { localDate: today, plannedDate: plan.plannedDate, unplanned: plan.unplanned, positioned },
        });
        return row;
      });
      return toCheckInView(saved);
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict('this visit is already checked in (an unplanned one: once a day)');
      throw e;
    }
  }
}
