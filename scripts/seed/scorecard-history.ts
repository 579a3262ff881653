// What the scorecards read beyond the seeded activity, for the previous and the current month: the
// region manager login (区域经理, 西部区), each month's approved decomposition (personal targets confirmed) and
// lead plan, pre-filled by the product's own planning code from the approved annual plan, and the customer
// service callbacks of the month's new prospects. Written once per dealer and month (looked up first).
import { createHash } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import type { DataSource, EntityManager } from 'typeorm';
import { addCalendarDays, addMonths } from '@kaflow/calendar';
import { DEFAULT_POLICY, LOST_REASON_CATEGORIES } from '@kaflow/domain';
import { decomposePlan, leadPlan, type DecompositionInput, type LeadPlanInput } from '@kaflow/planning';
import { PersonalTargetEntity, PlanEntity, UserEntity, type RegionEntity } from '@kaflow/persistence';
import { prefillDecomposition, prefillLead, prefillRolling } from '../../activities/src/month-end/month-end-prefill';
import { computePlan } from '@kaflow/records';
import { DEMO_PASSWORD } from './demo-data';

const unit = (id: string, salt: string) =>
  createHash('sha1').update(`${salt}:${id}`).digest().readUInt32BE(0) / 2 ** 32;
const DAY = 86_400_000;
const HOUR = 3_600_000;

export async function ensureRegionManager(
  m: EntityManager,
  region: RegionEntity,
  log: (s: string) => void,
): Promise<UserEntity> {
  const found = await m.getRepository(UserEntity).findOneBy({ username: 'region_manager' });
  if (found) return found;
  const saved = await m.getRepository(UserEntity).save({
    dealerId: null,
    regionId: region.id,
    username: 'region_manager',
    displayName: `${region.name}区域经理`,
    email: 'region_manager@west.kaflow.local',
    passwordHash: await hash(DEMO_PASSWORD),
    roles: ['region_manager'],
    active: true,
  });
  log(`region manager: region_manager (${region.name})`);
  return saved;
}

/** The month's signed X+Y roll, its approved decomposition (personal targets confirmed) and the lead plan after it. */
async function ensurePlans(
  m: EntityManager,
  dealerId: string,
  month: string,
  users: Record<string, UserEntity>,
  log: (s: string) => void,
) {
  const plans = m.getRepository(PlanEntity);
  if (await plans.existsBy({ dealerId, kind: 'decomposition', period: month })) return;
  const annual = await plans.findOneBy({ dealerId, kind: 'annual', period: month.slice(0, 4), status: 'approved' });
  const line = (
    annual?.result.months as Array<{ month: string; orders: number; aak: number; submissions: number }> | undefined
  )?.find((x) => x.month === month);
  if (!line) return;
  const db = m as unknown as DataSource; // the prefill reads through query() and repositories, as an EntityManager does
  const holder = (role: string) => Object.values(users).find((u) => u.roles.includes(role))!.id;
  const signed = new Date(`${addMonths(month, -1)}-27T10:00:00+08:00`);
  const approval = {
    status: 'approved' as const,
    submittedBy: holder('ka_manager'),
    submittedAt: signed,
    reviewedBy: holder('sales_director'),
    reviewedAt: signed,
    approvedBy: holder('sales_director'),
    approvedAt: signed,
    reason: 'demo seed',
    revision: 1,
    version: 1,
  };
  // The X+Y roll for the month, drafted at the previous month's end from the product's own pre-fill and signed
  // by the GM; the month-end cycle hands its next month to the decomposition.
  let rolling = await plans.findOneBy({ dealerId, kind: 'rolling', period: month, status: 'approved' });
  if (!rolling) {
    const roll = await prefillRolling(db, dealerId, month, `${addMonths(month, -1)}-27`, annual);
    const { result: rollResult, coverageOk } = computePlan('rolling', roll.input);
    rolling = await plans.save({
      dealerId,
      kind: 'rolling',
      period: month,
      input: roll.input,
      result: rollResult as any,
      basis: roll.basis,
      coverageOk,
      overrideNote: coverageOk === false ? '差额由下月资源补足（演示数据）' : null,
      ...approval,
      approvedBy: holder('gm'),
    });
  }
  const pre = await prefillDecomposition(db, dealerId, month, rolling, DEFAULT_POLICY);
  const result = decomposePlan(pre.input as DecompositionInput);
  const dec = await plans.save({
    dealerId,
    kind: 'decomposition',
    period: month,
    input: pre.input,
    result: result as any,
    basis: pre.basis,
    ...approval,
  });
  await m.getRepository(PersonalTargetEntity).insert(
    result.byConsultant.map((c) => ({
      dealerId,
      month,
      planId: dec.id,
      consultantId: c.consultantId,
      status: 'confirmed' as const,
      decidedAt: signed,
      targets: { orders: c.orders, aak: c.aak, submissions: c.submissions, byModel: c.byModel } as Record<string, any>,
    })),
  );
  const lead = await prefillLead(db, dealerId, month, dec, DEFAULT_POLICY);
  const leadResult = leadPlan(lead.input as unknown as LeadPlanInput);
  await plans.save({
    dealerId,
    kind: 'lead',
    period: month,
    input: lead.input,
    result: leadResult as any,
    basis: lead.basis,
    ...approval,
  });
  log(
    `  ${month}: X+Y roll (next month's orders ${rolling.result.next?.orders}), decomposition ` +
      `(orders ${(pre.input as any).targets?.orders}) and lead plan approved, ${result.byConsultant.length} personal ` +
      `targets`,
  );
}

/** Callbacks of the prospects recorded since the previous month began: done within a few days, mostly verified. */
async function ensureCallbacks(m: EntityManager, dealerId: string, since: Date, now: Date, log: (s: string) => void) {
  const rows: Array<{ id: string; ownerId: string; createdAt: Date }> = await m.query(
    `SELECT p.id, p."ownerId", p."createdAt" FROM prospect p WHERE p."dealerId" = $1 AND p."createdAt" >= $2
      AND p.grade <> 'W'
        AND NOT EXISTS (SELECT 1 FROM callback_check c WHERE c."prospectId" = p.id) ORDER BY p."createdAt", p.id`,
    [dealerId, since],
  );
  let n = 0;
  for (const p of rows) {
    const created = new Date(p.createdAt).getTime();
    const done = new Date(created + (1 + Math.floor(unit(p.id, 'cb-days') * 4)) * DAY);
    if (done >= now) continue; // still open: the callback workflow would be waiting
    const u = unit(p.id, 'cb-outcome');
    const outcome = u < 0.72 ? 'verified' : u < 0.86 ? 'incorrect' : u < 0.95 ? 'unreachable' : 'denied';
    await m.query(
      `INSERT INTO callback_check ("workflowId", "dealerId", "prospectId", "ownerId", status, outcome, "dueAt",
        "doneAt", "onTime", "createdAt",
         "closedAt") VALUES ($1, $2, $3, $4, 'closed', $5, $6, $7, true, $8, $7) ON CONFLICT DO NOTHING`,
      [
        `callback:${dealerId}:${p.id}`,
        dealerId,
        p.id,
        p.ownerId,
        outcome,
        new Date(created + 7 * DAY),
        done,
        new Date(created),
      ],
    );
    n++;
  }
  if (n) log(`  callbacks: ${n} done (new prospects since ${since.toISOString().slice(0, 10)})`);
}

/** Last month's visit plan: the visits made were planned, plus a few that were not made. */
async function ensureLastMonthVisitPlan(m: EntityManager, dealerId: string, month: string, log: (s: string) => void) {
  const [{ any }] = await m.query(
    `SELECT EXISTS (SELECT 1 FROM visit_plan WHERE "dealerId" = $1 AND month = $2) AS any`,
    [dealerId, month],
  );
  if (any) return;
  const visits: Array<{
    id: string;
    consultantId: string;
    accountId: string | null;
    accountName: string | null;
    visitedOn: string;
  }> = await m.query(
    `SELECT id, "consultantId", "accountId", "accountName", "visitedOn"::text FROM visit_record
      WHERE "dealerId" = $1 AND to_char("visitedOn", 'YYYY-MM') = $2 ORDER BY "visitedOn", id`,
    [dealerId, month],
  );
  const planned = new Map<string, number>();
  for (const v of visits) {
    const [row] = await m.query(
      `INSERT INTO visit_plan ("dealerId", "consultantId", month, "accountId", "accountName", "plannedDate", purpose,
      "createdAt") VALUES ($1, $2, $3, $4, $5, $6, '月度走访计划', $7) RETURNING id`,
      [
        dealerId,
        v.consultantId,
        month,
        v.accountId,
        v.accountName,
        v.visitedOn,
        new Date(`${addMonths(month, -1)}-27T17:00:00+08:00`),
      ],
    );
    await m.query(`UPDATE visit_record SET "planId" = $1 WHERE id = $2 AND "planId" IS NULL`, [row.id, v.id]);
    planned.set(v.consultantId, (planned.get(v.consultantId) ?? 0) + 1);
  }
  for (const consultantId of planned.keys()) {
    // two planned visits that did not happen
    for (const day of ['25', '27']) {
      await m.query(
        `INSERT INTO visit_plan ("dealerId", "consultantId", month, "accountName", "plannedDate", purpose, "createdAt")
        VALUES ($1, $2, $3, '待定客户', $4, '月度走访计划', $5)`,
        [dealerId, consultantId, month, `${month}-${day}`, new Date(`${addMonths(month, -1)}-27T17:00:00+08:00`)],
      );
    }
  }
  log(`  ${month}: visit plan of ${visits.length + planned.size * 2} items`);
}

/** Lost deals (F) of last month older than a week: analysed (战败分析) as the manager would have; newer ones stay open. */
async function ensureLostAnalyses(
  m: EntityManager,
  dealerId: string,
  since: Date,
  now: Date,
  log: (s: string) => void,
) {
  const losses: Array<{ prospectId: string; ownerId: string; model: string; fromGrade: string | null; at: Date }> =
    await m.query(
      `SELECT g."prospectId", p."ownerId", p.model, g."fromGrade", g.at FROM grade_change g JOIN prospect p
        ON p.id = g."prospectId"
      WHERE g."dealerId" = $1 AND g."toGrade" = 'F' AND g.at >= $2 AND g.at < $3
        AND NOT EXISTS (SELECT 1 FROM lost_analysis la WHERE la."prospectId" = g."prospectId" AND la."lostAt" = g.at)`,
      [dealerId, since, new Date(now.getTime() - 7 * DAY)],
    );
  const reasons = LOST_REASON_CATEGORIES;
  for (const l of losses) {
    const at = new Date(l.at);
    await m.query(
      `INSERT INTO lost_analysis ("dealerId", "prospectId", "consultantId", model, "fromGrade", "lostAt",
        "overdueAtLoss", status,
        "reasonCategory", lessons, "analysedBy", "analysedAt", "createdAt")
      VALUES ($1, $2, $3, $4, $5, $6, $7, 'done', $8, '加强跟进频次，及时了解客户预算变化', $3, $9, $6) ON CONFLICT DO NOTHING`,
      [
        dealerId,
        l.prospectId,
        l.ownerId,
        l.model,
        l.fromGrade,
        at,
        unit(l.prospectId, 'overdue-loss') < 0.3,
        reasons[Math.floor(unit(l.prospectId, 'reason') * reasons.length)],
        new Date(at.getTime() + DAY),
      ],
    );
  }
  if (losses.length) log(`  lost deals analysed: ${losses.length}`);
}

/**
 * The current month's first records, so that its forms and scorecards show figures even on the 1st: when no
 * callback has been made this month yet, one prospect per consultant recorded early today (or yesterday) on an
 * account the dealer already serves, with customer service's callback an hour later; and when nothing has been
 * lost this month, one loss whose analysis is open (the worker's start-up reconcile starts its follow-up workflow,
 * which opens the manager's task).
 */
async function ensureThisMonth(m: EntityManager, dealerId: string, today: string, now: Date, log: (s: string) => void) {
  const monthStart = new Date(`${today.slice(0, 7)}-01T00:00:00+08:00`);
  const dayStart = new Date(`${today}T00:00:00+08:00`);
  const [{ calls, losses }] = await m.query(
    `SELECT EXISTS (SELECT 1 FROM callback_check WHERE "dealerId" = $1 AND "createdAt" >= $2) AS calls,
            EXISTS (SELECT 1 FROM lost_analysis WHERE "dealerId" = $1 AND "lostAt" >= $2) AS losses`,
    [dealerId, monthStart],
  );
  // this morning at 09:30 once three hours have passed since; before that yesterday afternoon when yesterday is in
  // this month; on the 1st before 12:30, as early today as the clock allows
  const morning = new Date(`${today}T09:30:00+08:00`);
  const yesterday = new Date(`${addCalendarDays(today, -1)}T16:00:00+08:00`);
  const recordedAt =
    morning.getTime() <= now.getTime() - 3 * HOUR
      ? morning
      : yesterday >= monthStart
        ? yesterday
        : new Date(Math.max(dayStart.getTime(), now.getTime() - 3 * HOUR));
  const consultants: Array<{ id: string }> = await m.query(
    `SELECT id FROM app_user WHERE "dealerId" = $1 AND active AND 'consultant' = ANY(roles) ORDER BY username`,
    [dealerId],
  );
  const contacts = ['周主任', '吴科长'];
  let made = 0;
  for (const [i, c] of (calls ? [] : consultants).entries()) {
    const [src] = await m.query(
      `SELECT p."accountId", p.model, p.quantity, p.channel FROM prospect p
        WHERE p."dealerId" = $1 AND p."ownerId" = $2 AND p.grade IN ('H','A','B','C') ORDER BY p."createdAt", p.id
          LIMIT 1`,
      [dealerId, c.id],
    );
    if (!src) continue;
    const phone = `139${String(Math.floor(unit(`${dealerId}:${c.id}`, 'today-phone') * 1e8)).padStart(8, '0')}`;
    const [contact] = await m.query(
      `INSERT INTO contact ("dealerId", "accountId", name, title, phone) VALUES ($1, $2, $3, '采购负责人', $4) RETURNING id`,
      [dealerId, src.accountId, contacts[i % contacts.length], phone],
    );
    const [p] = await m.query(
      `INSERT INTO prospect ("dealerId", "accountId", "contactId", model, quantity, grade, hot, channel,
        "developmentType", "ownerId",
         note, "createdAt", "updatedAt", version) VALUES ($1, $2, $3, $4, $5, 'B', false, $6, 'repeat', $7,
           '新增用车需求，来电咨询', $8, $8, 1)
       RETURNING id`,
      [
        dealerId,
        src.accountId,
        contact.id,
        src.model,
        Math.max(1, Math.ceil(src.quantity / 2)),
        src.channel,
        c.id,
        recordedAt,
      ],
    );
    await m.query(
      `INSERT INTO grade_change ("dealerId", "prospectId", "fromGrade", "toGrade", at, "byUserId", reason)
       VALUES ($1, $2, NULL, 'B', $3, $4, '来电咨询后建档')`,
      [dealerId, p.id, recordedAt, c.id],
    );
    const calledAt = new Date(recordedAt.getTime() + HOUR);
    if (calledAt < now)
      await m.query(
        `INSERT INTO callback_check ("workflowId", "dealerId", "prospectId", "ownerId", status, outcome, "dueAt",
          "doneAt", "onTime",
           "createdAt", "closedAt") VALUES ($1, $2, $3, $4, 'closed', 'verified', $5, $6, true, $7, $6) ON CONFLICT
             DO NOTHING`,
        [
          `callback:${dealerId}:${p.id}`,
          dealerId,
          p.id,
          c.id,
          new Date(recordedAt.getTime() + 7 * DAY),
          calledAt,
          recordedAt,
        ],
      );
    made++;
  }
  // one loss today: the oldest live B/C prospect, lost to a competitor
  const [lost] = losses
    ? []
    : await m.query(
        `SELECT p.id, p."ownerId", p.model, p.grade FROM prospect p WHERE p."dealerId" = $1 AND p.grade IN ('B','C')
          AND p."createdAt" < $2
          ORDER BY p."createdAt", p.id LIMIT 1`,
        [dealerId, monthStart],
      );
  if (lost) {
    const lostAt = new Date(recordedAt.getTime() + 30 * 60_000);
    await m.query(`UPDATE prospect SET grade = 'F', "updatedAt" = $2, version = version + 1 WHERE id = $1`, [
      lost.id,
      lostAt,
    ]);
    await m.query(
      `INSERT INTO grade_change ("dealerId", "prospectId", "fromGrade", "toGrade", at, "byUserId", reason)
       VALUES ($1, $2, $3, 'F', $4, $5, '客户已选定竞品，项目终止')`,
      [dealerId, lost.id, lost.grade, lostAt, lost.ownerId],
    );
    await m.query(
      `INSERT INTO lost_analysis ("dealerId", "prospectId", "consultantId", model, "fromGrade", "lostAt",
        "overdueAtLoss", status, "createdAt")
       VALUES ($1, $2, $3, $4, $5, $6, false, 'open', $6) ON CONFLICT DO NOTHING`,
      [dealerId, lost.id, lost.ownerId, lost.model, lost.grade, lostAt],
    );
  }
  if (made || lost)
    log(`  ${today.slice(0, 7)}: ${made} prospect(s) recorded this month${lost ? ', one lost (analysis open)' : ''}`);
}

/**
 * The consultant who joined recently (consultant_c) took over a few prospects from a colleague: a thin pipeline and
 * no closing record of their own, so the P6 capability check finds their base short of the share of target the
 * month-end gives them. Done once: only while they own nothing.
 */
async function ensureNewHirePipeline(
  m: EntityManager,
  dealerId: string,
  users: Record<string, UserEntity>,
  log: (s: string) => void,
) {
  const hire = Object.values(users).find((u) => u.username.startsWith('consultant_c'));
  const from = Object.values(users).find((u) => u.username.startsWith('consultant_b'));
  if (!hire || !from) return;
  const [{ any }] = await m.query(`SELECT EXISTS (SELECT 1 FROM prospect WHERE "ownerId" = $1) AS any`, [hire.id]);
  if (any) return;
  const res = await m.query(
    `UPDATE prospect SET "ownerId" = $2 WHERE id IN (
       (SELECT id FROM prospect WHERE "dealerId" = $1 AND "ownerId" = $3 AND grade = 'A' ORDER BY "createdAt" DESC, id
         LIMIT 1)
       UNION ALL
       (SELECT id FROM prospect WHERE "dealerId" = $1 AND "ownerId" = $3 AND grade IN ('B', 'C')
         ORDER BY "createdAt" DESC, id LIMIT 2))
     RETURNING id`,
    [dealerId, hire.id, from.id],
  );
  const handed: unknown[] = Array.isArray(res[0]) ? res[0] : res; // an UPDATE answers [rows, count]
  log(`  ${hire.displayName}: took over ${handed.length} prospect(s) from ${from.displayName}`);
}

export async function seedScorecardHistory(
  m: EntityManager,
  dealerId: string,
  users: Record<string, UserEntity>,
  today: string,
  now: Date,
  log: (s: string) => void,
): Promise<void> {
  const month = today.slice(0, 7);
  const since = new Date(`${addMonths(month, -1)}-01T00:00:00+08:00`);
  await ensureNewHirePipeline(m, dealerId, users, log);
  for (const mo of [addMonths(month, -1), month]) await ensurePlans(m, dealerId, mo, users, log);
  await ensureLastMonthVisitPlan(m, dealerId, addMonths(month, -1), log);
  await ensureThisMonth(m, dealerId, today, now, log);
  await ensureCallbacks(m, dealerId, since, now, log);
  await ensureLostAnalyses(m, dealerId, since, now, log);
}
