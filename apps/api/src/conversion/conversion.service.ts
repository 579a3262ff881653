// Process 6 operations on prospects: reassigning a departing consultant's prospects (follow-up workflows and open
// tasks move with them) and recording a delivery (交车), which ends the follow-up workflow: the prospect becomes
// an owner (保有客户).
import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { Clock } from '@kaflow/domain';
import { zonedInstant } from '@kaflow/calendar';
import { ConversionStateEntity, ProspectEntity, UserEntity } from '@kaflow/persistence';
import { loadPolicy, refreshFollowUpSchedule, writeAudit } from '@kaflow/records';
import { followUpWorkflowId } from '@kaflow/workflows';
import type { AuthUser } from '../common/auth-user';
import { badRequest, notFound, unprocessable } from '../common/domain-error';
import { assertCanWrite, checkConsultant } from '../common/prospect-access';
import { prospectViews, type ProspectView } from '../common/prospect.view';
import { FollowUpSignals } from './follow-up-signals';
import type { DeliveredDto, ReassignDto } from './dto/conversion.dto';

export interface ReassignResult {
  fromUserId: string;
  toUserId: string;
  prospectIds: string[];
  tasksMoved: number;
  signalled: number;
}

@Injectable()
export class ConversionService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly signals: FollowUpSignals,
  ) {}

  async reassign(user: AuthUser, dto: ReassignDto): Promise<ReassignResult> {
    if (dto.fromUserId === dto.toUserId)
      throw badRequest([{ field: 'toUserId', problem: 'must differ from fromUserId' }]);
    if (!(await this.db.getRepository(UserEntity).existsBy({ id: dto.fromUserId, dealerId: user.dealerId }))) {
      throw badRequest([{ field: 'fromUserId', problem: 'no such user in your dealer' }]);
    }
    await checkConsultant(this.db, user.dealerId, dto.toUserId, 'toUserId');
    const now = this.clock.now();
    const result = await this.db.transaction(async (m) => {
      const where = {
        dealerId: user.dealerId,
        ownerId: dto.fromUserId,
        ...(dto.prospectIds ? { id: In(dto.prospectIds) } : {}),
      };
      const rows = await m
        .getRepository(ProspectEntity)
        .find({ where, lock: { mode: 'pessimistic_write' }, order: { id: 'ASC' } });
      if (dto.prospectIds) {
        const found = new Set(rows.map((p) => p.id));
        const missing = [...new Set(dto.prospectIds.map((id) => id.toLowerCase()))].filter((id) => !found.has(id));
        if (missing.length)
          throw badRequest([
            { field: 'prospectIds', problem: `not prospects of fromUserId in your dealer: ${missing.join(', ')}` },
          ]);
      }
      const ids = rows.map((p) => p.id);
      if (ids.length === 0) return { ids, tasksMoved: 0 };
      await m.query(
        `UPDATE prospect SET "ownerId" = $1, "updatedAt" = now(), version = version + 1 WHERE id = ANY($2::uuid[])`,
        [dto.toUserId, ids],
      );
      const moved = await m.query(
        `UPDATE task SET "assigneeUserId" = $1 WHERE "dealerId" = $2 AND status = 'open' AND "assigneeUserId" = $3
          AND "subjectType" = 'prospect' AND "subjectId" = ANY($4::text[])`,
        [dto.toUserId, user.dealerId, dto.fromUserId, ids],
      );
      for (const p of rows) {
        p.ownerId = dto.toUserId;
        await refreshFollowUpSchedule(m, p, now); // moves the open due to the new owner
        await writeAudit(m, {
          dealerId: user.dealerId,
          actorUserId: user.id,
          action: 'prospect.updated',
          entityType: 'prospect',
          entityId: p.id,
          detail: { before: { ownerId: dto.fromUserId }, after: { ownerId: dto.toUserId }, reason: 'reassigned' },
        });
      }
      return { ids, tasksMoved: Number(moved?.[1] ?? 0) };
    });
    let signalled = 0;
    for (let i = 0; i < result.ids.length; i += 20) {
      const sent = await Promise.all(
        result.ids.slice(i, i + 20).map((id) => this.signals.changed(user.dealerId, id, 'owner')),
      );
      signalled += sent.filter(Boolean).length;
    }
    return {
      fromUserId: dto.fromUserId,
      toUserId: dto.toUserId,
      prospectIds: result.ids,
      tasksMoved: result.tasksMoved,
      signalled,
    };
  }

  async delivered(
    user: AuthUser,
    id: string,
    dto: DeliveredDto,
  ): Promise<ProspectView & { deliveredAt: Date; workflowId: string }> {
    const { timezone } = await loadPolicy(this.db, user.dealerId);
    const now = this.clock.now();
    const deliveredAt = dto.deliveredOn ? zonedInstant(dto.deliveredOn, '12:00', timezone) : now;
    if (deliveredAt.getTime() > now.getTime() + 86_400_000)
      throw badRequest([{ field: 'deliveredOn', problem: 'must not be in the future' }]);
    const view = await this.recordDelivery(user.dealerId, id, deliveredAt, user.id, (p) => assertCanWrite(user, p));
    return { ...view, deliveredAt, workflowId: followUpWorkflowId(user.dealerId, id) };
  }

  /**
   * The delivery hook: marks the prospect delivered (its follow-up workflow ends, it becomes an owner), then
   * signals its workflow after the commit. For the deliveries module: call it when a delivery of an
   * order with a prospectId is recorded. 404 outside the dealer, 422 unless the prospect is O and not yet delivered.
   */
  async recordDelivery(
    dealerId: string,
    id: string,
    deliveredAt: Date,
    actorUserId: string | null,
    authorize: (p: ProspectEntity) => void = () => {},
  ): Promise<ProspectView> {
    const now = this.clock.now();
    const view = await this.db.transaction(async (m) => {
      const p = await m
        .getRepository(ProspectEntity)
        .findOne({ where: { id, dealerId }, lock: { mode: 'pessimistic_write' } });
      if (!p) throw notFound('prospect');
      authorize(p);
      const states = m.getRepository(ConversionStateEntity);
      const state = await states.findOneBy({ prospectId: id });
      if (state?.status === 'delivered') throw unprocessable('the delivery of this prospect is already recorded');
      if (p.grade !== 'O') throw unprocessable(`only a signed prospect (O) can be delivered; this one is ${p.grade}`);
      await states
        .createQueryBuilder()
        .insert()
        .values({
          prospectId: id,
          dealerId,
          workflowId: followUpWorkflowId(dealerId, id),
          status: 'delivered',
          deliveredAt,
          endedAt: now,
          startedAt: now,
          updatedAt: now,
          wakeAt: null, // nothing left for a sweep to wait for
        })
        .orUpdate(['status', 'deliveredAt', 'endedAt', 'updatedAt', 'wakeAt'], ['prospectId'])
        .execute();
      await refreshFollowUpSchedule(m, p, now, { ended: true });
      await m.query('UPDATE prospect SET "updatedAt" = now() WHERE id = $1', [id]);
      await writeAudit(m, {
        dealerId,
        actorUserId,
        action: 'prospect.delivered',
        entityType: 'prospect',
        entityId: id,
        detail: { deliveredAt: deliveredAt.toISOString() },
      });
      return (await prospectViews(m, [await m.getRepository(ProspectEntity).findOneByOrFail({ id })]))[0];
    });
    await this.signals.delivered(dealerId, id, deliveredAt);
    return view;
  }
}
