// Changing a prospect: a partial update (a grade change needs its reason and joins the grade
// history) and follow-ups (跟进). Every change is audited and bumps updatedAt, so the next daily
// self-check lists the prospect.
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '@kaflow/domain';
import { ContactEntity, FollowUpEntity, GradeChangeEntity, ProspectEntity } from '@kaflow/persistence';
import { openLostAnalysisRow, refreshFollowUpSchedule, writeAudit } from '@kaflow/records';
import { hasRole, type AuthUser } from '../common/auth-user';
import { badRequest, conflict, forbidden, notFound, unprocessable } from '../common/domain-error';
import type { FollowUpDto, UpdateProspectDto } from './dto/prospect.dto';
import { PROSPECT_MANAGERS, assertCanWrite, checkConsultant } from '../common/prospect-access';
import { prospectViews, type ProspectView } from '../common/prospect.view';
import { FollowUpSignals } from '../conversion/follow-up-signals';

const PROSPECT_FIELDS = ['model', 'quantity', 'grade', 'hot', 'channel', 'developmentType', 'note', 'ownerId'] as const;
const CONTACT_FIELDS = { contactName: 'name', contactPhone: 'phone' } as const;

export interface FollowUpView {
  id: string;
  prospectId: string;
  channel: string;
  content: string;
  nextStep: string | null;
  at: Date;
  by: string;
}

@Injectable()
export class ProspectUpdatesService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly followUps: FollowUpSignals,
  ) {}

  /** The change is committed first, then the follow-up workflow is told (process 6). */
  async update(user: AuthUser, id: string, dto: UpdateProspectDto): Promise<ProspectView> {
    const { view, followUpReason } = await this.applyUpdate(user, id, dto);
    if (followUpReason) await this.followUps.changed(user.dealerId, id, followUpReason);
    return view;
  }

  private async applyUpdate(
    user: AuthUser,
    id: string,
    dto: UpdateProspectDto,
  ): Promise<{ view: ProspectView; followUpReason: string | null }> {
    if (dto.ownerId !== undefined) {
      if (!hasRole(user, ...PROSPECT_MANAGERS)) throw forbidden('only a key-account manager may reassign a prospect');
      await checkConsultant(this.db, user.dealerId, dto.ownerId);
    }
    return this.db.transaction(async (m) => {
      const p = await this.lockProspect(m, user, id);
      const contact = await m.getRepository(ContactEntity).findOneByOrFail({ id: p.contactId });
      if (dto.version !== undefined && dto.version !== p.version) {
        throw conflict(
          `the prospect was changed meanwhile (version ${p.version}, you sent ${dto.version}); reload and try again`,
        );
      }
      const before: Record<string, unknown> = {};
      const after: Record<string, unknown> = {};
      const prospectPatch: Partial<Record<(typeof PROSPECT_FIELDS)[number], unknown>> = {};
      for (const f of PROSPECT_FIELDS) {
        const v = f === 'note' && dto.note === '' ? null : dto[f];
        if (v !== undefined && v !== p[f]) {
          before[f] = p[f];
          after[f] = v;
          prospectPatch[f] = v;
        }
      }
      const contactPatch: Partial<Record<'name' | 'phone', string>> = {};
      for (const [f, col] of Object.entries(CONTACT_FIELDS) as Array<[keyof typeof CONTACT_FIELDS, 'name' | 'phone']>) {
        const v = dto[f];
        if (v !== undefined && v !== contact[col]) {
          before[f] = contact[col];
          after[f] = v;
          contactPatch[col] = v;
        }
      }
      const gradeChanged = 'grade' in prospectPatch;
      if (gradeChanged && !dto.gradeReason)
        throw badRequest([
          { field: 'gradeReason', problem: `a grade change (${p.grade} → ${dto.grade}) needs its reason` },
        ]);
      const viewer = { userId: user.id, roles: user.roles, now: this.clock.now() };
      if (Object.keys(after).length === 0)
        return { view: (await prospectViews(m, [p], viewer))[0], followUpReason: null };

      if (Object.keys(contactPatch).length)
        await m.getRepository(ContactEntity).update({ id: contact.id }, contactPatch);
      await m
        .createQueryBuilder()
        .update(ProspectEntity)
        .set({
          ...(prospectPatch as Partial<ProspectEntity>),
          updatedAt: () => 'now()',
          version: () => '"version" + 1',
        })
        .where('id = :id', { id })
        .execute();
      if (gradeChanged) {
        await m.getRepository(GradeChangeEntity).insert({
          dealerId: user.dealerId,
          prospectId: id,
          fromGrade: p.grade,
          toGrade: dto.grade!,
          at: this.clock.now(),
          byUserId: user.id,
          reason: dto.gradeReason!,
        });
      }
      await writeAudit(m, {
        dealerId: user.dealerId,
        actorUserId: user.id,
        action: 'prospect.updated',
        entityType: 'prospect',
        entityId: id,
        detail: { before, after, ...(gradeChanged ? { gradeReason: dto.gradeReason } : {}) },
      });
      const fresh = await m.getRepository(ProspectEntity).findOneByOrFail({ id });
      const followUpReason = ['grade', 'hot', 'ownerId'].filter((f) => f in prospectPatch).join(',') || null;
      if (followUpReason) {
        const now = this.clock.now();
        // 战败: the loss and whether it was overdue
        if (gradeChanged && dto.grade === 'F') await openLostAnalysisRow(m, fresh, now);
        await refreshFollowUpSchedule(m, fresh, now);
      }
      return { view: (await prospectViews(m, [fresh], viewer))[0], followUpReason };
    });
  }

  async addFollowUp(
    user: AuthUser,
    id: string,
    dto: FollowUpDto,
  ): Promise<FollowUpView & { nextFollowUpDue: Date | null }> {
    const view = await this.db.transaction(async (m) => {
      const p = await this.lockProspect(m, user, id);
      if (p.grade === 'F') throw unprocessable('the prospect is lost (F): its follow-up has ended');
      const row = await m.getRepository(FollowUpEntity).save(
        m.create(FollowUpEntity, {
          dealerId: user.dealerId,
          prospectId: id,
          byUserId: user.id,
          channel: dto.channel,
          content: dto.content,
          nextStep: dto.nextStep || null,
          at: this.clock.now(),
        }),
      );
      // A follow-up changes the record (the daily self-check lists it) but not its fields: no new version.
      await m.query('UPDATE prospect SET "updatedAt" = now() WHERE id = $1', [id]);
      await writeAudit(m, {
        dealerId: user.dealerId,
        actorUserId: user.id,
        action: 'prospect.follow_up',
        entityType: 'prospect',
        entityId: id,
        detail: { followUpId: row.id, channel: row.channel },
      });
      await refreshFollowUpSchedule(m, p, this.clock.now()); // the next follow-up counts from this one
      return {
        id: row.id,
        prospectId: id,
        channel: row.channel,
        content: row.content,
        nextStep: row.nextStep,
        at: row.at,
        by: row.byUserId,
        nextFollowUpDue: p.nextFollowUpDue,
      };
    });
    await this.followUps.changed(user.dealerId, id, 'follow_up');
    return view;
  }

  /** The prospect, locked for this transaction; 404 outside the caller's dealer, 403 if they may not change it. */
  private async lockProspect(m: EntityManager, user: AuthUser, id: string): Promise<ProspectEntity> {
    const p = await m
      .getRepository(ProspectEntity)
      .findOne({ where: { id, dealerId: user.dealerId }, lock: { mode: 'pessimistic_write' } });
    if (!p) throw notFound('prospect');
    assertCanWrite(user, p);
    return p;
  }
}
