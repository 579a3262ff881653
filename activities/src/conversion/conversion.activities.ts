// Process 6 side effects: the follow-up workflow's tick (re-read the records, keep the due date, remind,
// warn, say when to escalate), the lost-deal analysis record and the daily digest of losses.
// Every message goes through the outbox with a key, so a retried activity sends nothing twice.
import { ApplicationFailure } from '@temporalio/activity';
import { MoreThanOrEqual, type EntityManager } from 'typeorm';
import { ErrorCode } from '@kaflow/domain';
import { formatLocalTime, graceEnd, localDate, monthBounds, zonedInstant, type MessageLang } from '@kaflow/calendar';
import { ConversionStateEntity, FollowUpEntity, ProspectEntity } from '@kaflow/persistence';
import { type TickInput, type TickResult } from '@kaflow/workflows';
import { keepGrain, refreshFollowUpSchedule, followUpRules } from '@kaflow/records';
import type { ActivityDeps } from '../deps';
import { createLostAnalysisActivities, prospectLabel } from './lost-analysis.activities';
import { createFollowUpSweepActivities } from './follow-up-sweep.activities';
import { notifyPeople } from '../notifications/notify-people';
import { outboxDeps } from '../notifications/outbox-deps';
import {
  hotWarningMail,
  lossDigestMail,
  prospectLink,
  reminderMail,
  walkInMail,
  type LossLine,
  type Text,
} from './conversion-mail';

interface Mail {
  key: string;
  dealerId: string;
  kind: string;
  to: Array<'owner' | 'managers'>;
  tz: string;
  render: (lang: MessageLang) => Text;
  /** The time it is about, when it has one: such messages may travel in a digest. */
  due?: Date;
}

export function createConversionActivities(deps: ActivityDeps) {
  const { db, now, publicUrl } = deps;

  async function send(p: ProspectEntity, m: Mail): Promise<void> {
    const who = [
      ...(m.to.includes('owner') ? [{ userId: p.ownerId }] : []),
      ...(m.to.includes('managers') ? [{ role: 'ka_manager' }] : []),
    ];
    const robots = [
      ...(m.to.includes('owner') ? ['consultant'] : []),
      ...(m.to.includes('managers') ? ['ka_manager'] : []),
    ];
    const link = prospectLink(publicUrl, p.id);
    await notifyPeople(outboxDeps(deps), {
      key: m.key,
      dealerId: m.dealerId,
      kind: m.kind,
      who,
      robots,
      digestible: !!m.due,
      render: (lang) => {
        const t = m.render(lang);
        return {
          ...t,
          ...(m.due ? { line: { tag: '', title: t.subject, due: formatLocalTime(m.due, m.tz, lang), link } } : {}),
        };
      },
    });
  }

  const activities = {
    ...createLostAnalysisActivities(deps),

    /** Re-reads the prospect, keeps its due date and ledger, and says what the workflow (or the sweep) does next;
     *  keeps the grain on the row (libs/records follow-up-grain: the sweep's wake time, a hand-over). */
    async conversionTick(input: TickInput): Promise<TickResult> {
      const at = now();
      const mails: Mail[] = [];
      const result = await db.transaction(async (m) => {
        const ticked = await tickIn(m);
        const { policy } = await followUpRules(m, input.dealerId);
        return keepGrain(m, input, policy.followUpGrain, ticked.grain, ticked.result, at);
      });
      /** The tick proper, in the transaction: the result and the grain the row had. */
      async function tickIn(m: EntityManager): Promise<{ result: TickResult; grain: string }> {
        const p = await m
          .getRepository(ProspectEntity)
          .findOne({ where: { id: input.prospectId, dealerId: input.dealerId }, lock: { mode: 'pessimistic_write' } });
        // Retryable: the API starts the workflow inside the transaction that writes the prospect.
        if (!p)
          throw ApplicationFailure.create({
            message: `prospect ${input.prospectId} not found (yet)`,
            type: ErrorCode.NotFound,
          });
        const states = m.getRepository(ConversionStateEntity);
        await states
          .createQueryBuilder()
          .insert()
          .values({
            prospectId: p.id,
            dealerId: p.dealerId,
            workflowId: input.workflowId,
            status: 'live',
            startedAt: at,
            updatedAt: at,
          })
          .orIgnore()
          .execute();
        const state = await states.findOneByOrFail({ prospectId: p.id });
        if (input.delivered && state.status !== 'delivered') {
          const deliveredAt = input.delivered.at ? new Date(input.delivered.at) : at;
          await states.update({ prospectId: p.id }, { status: 'delivered', deliveredAt, endedAt: at, updatedAt: at });
          state.status = 'delivered';
        }
        const base = { grade: p.grade, ownerId: p.ownerId, label: await prospectLabel(p, m) };
        if (state.status === 'delivered') {
          await refreshFollowUpSchedule(m, p, at, { ended: true });
          return { grain: state.grain, result: { ...base, status: 'delivered' as const, dueAt: null, wakeInMs: null } };
        }
        const status = p.grade === 'F' ? 'lost' : 'live';
        if (state.status !== status)
          await states.update({ prospectId: p.id }, { status, endedAt: status === 'lost' ? at : null, updatedAt: at });
        const r = await refreshFollowUpSchedule(m, p, at);
        if (status === 'lost')
          return { grain: state.grain, result: { ...base, status: 'lost' as const, dueAt: null, wakeInMs: null } };

        const tz = r.policy.timezone;
        const alarms: number[] = [];
        let escalate: TickResult['escalate'];
        const dueMs = r.dueAt?.getTime();
        if (r.walkIn && r.dueAt) {
          if (at.getTime() >= dueMs!)
            mails.push({
              key: `conversion:walk-in:${p.id}`,
              dealerId: p.dealerId,
              kind: 'conversion_walk_in',
              to: ['owner', 'managers'],
              tz,
              due: r.dueAt,
              render: (lang) => walkInMail(base.label, r.dueAt!, tz, prospectLink(publicUrl, p.id), lang),
            });
          else alarms.push(dueMs!);
        } else if (r.dueAt) {
          const escalateAt = graceEnd(r.dueAt, r.policy.durations.followUpGrace, r.cal, tz).getTime();
          if (at.getTime() >= dueMs!)
            mails.push({
              key: `conversion:remind:${p.id}:${dueMs}`,
              dealerId: p.dealerId,
              kind: 'conversion_reminder',
              to: ['owner'],
              tz,
              due: r.dueAt,
              render: (lang) => reminderMail(base.label, r.dueAt!, tz, p.grade, prospectLink(publicUrl, p.id), lang),
            });
          else alarms.push(dueMs!);
          if (at.getTime() >= escalateAt) escalate = { dueAt: r.dueAt.toISOString() };
          else alarms.push(escalateAt);
        }
        if (r.hot?.unreachable && r.hot.missing > 0) {
          const today = localDate(at, tz);
          const left = r.cal.workingDays(today, lastDayOf(r.hot.month)).length;
          const [month, done, perMonth] = [r.hot.month, r.facts.followUpsThisMonth, r.policy.hotFollowUpsPerMonth];
          mails.push({
            key: `conversion:hot:${p.id}:${r.hot.month}`,
            dealerId: p.dealerId,
            kind: 'conversion_hot_warning',
            to: ['owner', 'managers'],
            tz,
            render: (lang) =>
              hotWarningMail(base.label, month, done, perMonth, left, prospectLink(publicUrl, p.id), lang),
          });
        } else if (r.hot?.unreachableAt) alarms.push(r.hot.unreachableAt.getTime());
        const wake = alarms.filter((a) => a > at.getTime());
        const live: TickResult = {
          ...base,
          status: 'live' as const,
          dueAt: r.dueAt?.toISOString() ?? null,
          wakeInMs: wake.length ? Math.min(...wake) - at.getTime() : null,
          ...(escalate ? { escalate } : {}),
        };
        return { grain: state.grain, result: live };
      }
      if (mails.length) {
        const p = await db.getRepository(ProspectEntity).findOneByOrFail({ id: input.prospectId });
        for (const mail of mails) await send(p, mail);
      }
      return result;
    },

    /** Whether a follow-up of the prospect is on record since an instant (an escalation then has nothing to ask). */
    async followUpDoneSince(input: { prospectId: string; since: string }): Promise<boolean> {
      return db
        .getRepository(FollowUpEntity)
        .exists({ where: { prospectId: input.prospectId, at: MoreThanOrEqual(new Date(input.since)) } });
    },

    /** The business date at the dealer now, and whether it is a working day. */
    async conversionToday(input: { dealerId: string }): Promise<{ businessDate: string; working: boolean }> {
      const { policy, cal } = await followUpRules(db, input.dealerId);
      const businessDate = localDate(now(), policy.timezone);
      return { businessDate, working: cal.isWorkingDay(businessDate) };
    },

    /** One e-mail to the key-account managers: the deals lost since the previous working day began (once per date). */
    async sendLossDigest(input: { dealerId: string; businessDate: string }): Promise<number> {
      const { policy, cal } = await followUpRules(db, input.dealerId);
      const from = cal.previousWorkingDay(input.businessDate);
      const rows: Array<LossLine & { prospectId: string }> = await db.query(
        `SELECT p.id AS "prospectId", a.name AS account, c.name AS contact, p.model, p.quantity, g."fromGrade",
          u."displayName" AS consultant, g.at AS "lostAt", la."reasonCategory" AS reason
           FROM grade_change g JOIN prospect p ON p.id = g."prospectId" JOIN account a ON a.id = p."accountId"
           JOIN contact c ON c.id = p."contactId" JOIN app_user u ON u.id = p."ownerId"
           LEFT JOIN lost_analysis la ON la."prospectId" = g."prospectId" AND la."lostAt" = g.at
          WHERE g."dealerId" = $1 AND g."toGrade" = 'F' AND g.at >= $2 AND g.at < $3 ORDER BY g.at, g.id`,
        [
          input.dealerId,
          zonedInstant(from, '00:00', policy.timezone),
          zonedInstant(input.businessDate, '00:00', policy.timezone),
        ],
      );
      const lines = rows.map((r) => ({
        ...r,
        lostAt: new Date(r.lostAt),
        link: prospectLink(publicUrl, r.prospectId),
      }));
      await notifyPeople(outboxDeps(deps), {
        key: `loss-digest:${input.dealerId}:${input.businessDate}`,
        dealerId: input.dealerId,
        kind: 'conversion_loss_digest',
        who: [{ role: 'ka_manager' }],
        robots: ['ka_manager'],
        digestible: false,
        render: (lang) => lossDigestMail(input.businessDate, from, lines, policy.timezone, lang),
      });
      return rows.length;
    },
  };
  // the sweep grain's rounds run the same tick
  return { ...activities, ...createFollowUpSweepActivities(deps, activities.conversionTick) };
}

const lastDayOf = (month: string): string => monthBounds(month).last;

export type ConversionActivities = ReturnType<typeof createConversionActivities>;
