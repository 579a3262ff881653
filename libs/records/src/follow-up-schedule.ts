// A prospect's follow-up schedule, read from and written to the records. Shared by the conversion
// activities (when the follow-up workflow wakes) and the API (in the same transaction as the change), so
// prospect.nextFollowUpDue and the follow_up_due ledger are always computed the same way.
import type { DataSource, EntityManager } from 'typeorm';
import {
  localDate,
  zonedInstant,
  type WorkingCalendar,
  nextFollowUpDue,
  stepDue,
  walkInDeadline,
  type NextFollowUp,
  type FollowUpFacts,
} from '@kaflow/calendar';
import type { DealerPolicy } from '@kaflow/domain';
import { FollowUpDueEntity, LostAnalysisEntity, type ProspectEntity } from '@kaflow/persistence';
import { loadCalendar, loadPolicy } from './policy.store';

type Db = DataSource | EntityManager;

const TTL_MS = 5_000;
const policies = new Map<string, { at: number; policy: Promise<DealerPolicy> }>();
const calendars = new Map<string, { at: number; cal: Promise<WorkingCalendar> }>();

/** Policy and calendar, cached for a few seconds: 100,000 follow-up workflows waking must not re-read them. */
export async function followUpRules(db: Db, dealerId: string): Promise<{ policy: DealerPolicy; cal: WorkingCalendar }> {
  const t = Date.now();
  let p = policies.get(dealerId);
  if (!p || t - p.at > TTL_MS) {
    p = { at: t, policy: loadPolicy(db, dealerId) };
    policies.set(dealerId, p);
  }
  let calendar = calendars.get(dealerId);
  if (!calendar || t - calendar.at > TTL_MS) {
    calendar = { at: t, cal: loadCalendar(db, dealerId) };
    calendars.set(dealerId, calendar);
  }
  try {
    return { policy: await p.policy, cal: await calendar.cal };
  } catch (err) {
    policies.delete(dealerId);
    calendars.delete(dealerId);
    throw err;
  }
}

export async function readFollowUpFacts(
  db: Db,
  p: ProspectEntity,
  timeZone: string,
  now: Date,
): Promise<FollowUpFacts> {
  const today = localDate(now, timeZone);
  const monthStart = zonedInstant(`${today.slice(0, 7)}-01`, '00:00', timeZone);
  const dayStart = zonedInstant(today, '00:00', timeZone);
  const [r]: Array<{ lastFollowUp: Date | null; lastChange: Date | null; monthCount: number; todayCount: number }> =
    await db.query(
      `SELECT (SELECT max(at) FROM follow_up WHERE "prospectId" = $1) AS "lastFollowUp",
            (SELECT max(at) FROM grade_change WHERE "prospectId" = $1) AS "lastChange",
            (SELECT count(*)::int FROM follow_up WHERE "prospectId" = $1 AND at >= $2 AND at <= $4) AS "monthCount",
            (SELECT count(*)::int FROM follow_up WHERE "prospectId" = $1 AND at >= $3 AND at <= $4) AS "todayCount"`,
      [p.id, monthStart, dayStart, now],
    );
  const touches = [p.createdAt, r.lastFollowUp, r.lastChange]
    .filter((d): d is Date => !!d)
    .map((d) => new Date(d).getTime());
  return {
    grade: p.grade,
    hot: p.hot,
    createdAt: p.createdAt,
    lastTouchAt: new Date(Math.max(...touches)),
    followUpsThisMonth: r.monthCount,
    touchedToday: r.todayCount > 0,
  };
}

/**
 * Recomputes the next due date from the records, writes prospect.nextFollowUpDue when it moved
 * (without touching updatedAt / version: the schedule is not an edit of the record) and keeps the
 * ledger: the open due is closed as met / missed / moved and the new one opened.
 */
export async function refreshFollowUpSchedule(
  db: Db,
  p: ProspectEntity,
  now: Date,
  opts: { ended?: boolean } = {},
): Promise<NextFollowUp & { facts: FollowUpFacts; policy: DealerPolicy; cal: WorkingCalendar }> {
  const { policy, cal } = await followUpRules(db, p.dealerId);
  const facts = await readFollowUpFacts(db, p, policy.timezone, now);
  const ended =
    opts.ended ||
    p.grade === 'F' ||
    (await db.query(`SELECT 1 FROM conversion_state WHERE "prospectId" = $1 AND status = 'delivered'`, [p.id])).length >
      0;
  const due: NextFollowUp = ended
    ? { dueAt: null, hot: null, walkIn: false }
    : nextFollowUpDue(facts, policy, cal, now);
  if ((p.nextFollowUpDue ? new Date(p.nextFollowUpDue).getTime() : null) !== (due.dueAt?.getTime() ?? null)) {
    await db.query('UPDATE prospect SET "nextFollowUpDue" = $2 WHERE id = $1', [p.id, due.dueAt]);
    p.nextFollowUpDue = due.dueAt;
  }
  await syncLedger(db, p, due.walkIn ? null : due.dueAt, now);
  return { ...due, facts, policy, cal };
}

async function syncLedger(db: Db, p: ProspectEntity, dueAt: Date | null, now: Date): Promise<void> {
  const repo = db.getRepository(FollowUpDueEntity);
  const open = await repo.findOneBy({ prospectId: p.id, outcome: 'open' });
  if (open && dueAt && open.dueAt.getTime() === dueAt.getTime()) {
    if (open.consultantId !== p.ownerId) await repo.update({ id: open.id }, { consultantId: p.ownerId });
    return;
  }
  if (open) {
    const [{ met }] = await db.query(
      'SELECT EXISTS (SELECT 1 FROM follow_up WHERE "prospectId" = $1 AND at >= $2 AND at <= $3) AS met',
      [p.id, open.setAt, open.dueAt],
    );
    const outcome = met ? 'met' : open.dueAt.getTime() <= now.getTime() ? 'missed' : 'moved';
    await repo
      .createQueryBuilder()
      .update()
      .set({ outcome, closedAt: now })
      .where('id = :id AND outcome = :open', { id: open.id, open: 'open' })
      .execute();
  }
  if (dueAt) {
    await repo
      .createQueryBuilder()
      .insert()
      .values({
        dealerId: p.dealerId,
        prospectId: p.id,
        consultantId: p.ownerId,
        grade: p.grade,
        setAt: now,
        dueAt,
        outcome: 'open',
        closedAt: null,
      })
      .orIgnore()
      .execute();
  }
}

/**
 * The lost-deal record of the prospect's latest loss (F), made once. 战败失控 (lost while a
 * follow-up was overdue) is read from the history before the loss: the last touch before it plus
 * the cadence of the grade it was lost from (W: the same-working-day deadline) fell before the loss.
 */
export async function openLostAnalysisRow(db: Db, p: ProspectEntity, now: Date): Promise<LostAnalysisEntity | null> {
  const [f]: Array<{ fromGrade: string | null; at: Date }> = await db.query(
    `SELECT "fromGrade", at FROM grade_change WHERE "prospectId" = $1 AND "toGrade" = 'F' ORDER BY at DESC, id DESC
      LIMIT 1`,
    [p.id],
  );
  if (!f) return null;
  const repo = db.getRepository(LostAnalysisEntity);
  const lostAt = new Date(f.at);
  const existing = await repo.findOneBy({ prospectId: p.id, lostAt });
  if (existing) return existing;
  const { policy, cal } = await followUpRules(db, p.dealerId);
  const [{ touch }]: Array<{ touch: Date }> = await db.query(
    `SELECT GREATEST($2::timestamptz, (SELECT max(at) FROM follow_up WHERE "prospectId" = $1 AND at < $3),
                     (SELECT max(at) FROM grade_change WHERE "prospectId" = $1 AND at < $3)) AS touch`,
    [p.id, p.createdAt, lostAt],
  );
  const cadence = f.fromGrade
    ? (policy.followUpCadence as Record<string, DealerPolicy['durations'][string]>)[f.fromGrade]
    : undefined;
  const dueBefore =
    f.fromGrade === 'W'
      ? walkInDeadline(p.createdAt, cal, policy.timezone)
      : cadence
        ? stepDue(new Date(touch), cadence, cal, policy.timezone)
        : null;
  await repo
    .createQueryBuilder()
    .insert()
    .values({
      dealerId: p.dealerId,
      prospectId: p.id,
      consultantId: p.ownerId,
      model: p.model,
      fromGrade: f.fromGrade,
      lostAt,
      overdueAtLoss: !!dueBefore && dueBefore.getTime() < lostAt.getTime(),
      status: 'open',
      createdAt: now,
    })
    .orIgnore()
    .execute();
  return repo.findOneByOrFail({ prospectId: p.id, lostAt });
}
