// The demo seed (`npm run demo`) gives every form and every scorecard real figures for the current and the
// previous month: the seed runs on a scratch database, the real API reads it back.
// "Real figures" here: every month/week form has at least one row, and every scorecard has at least one
// KPI with records behind it (a denominator above 0) — the figures themselves are checked elsewhere
// against hand-worked fixtures (tests/e2e/forms and scorecards).
import request from 'supertest';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadConfig } from '@kaflow/config';
import { createDataSource, ensureDatabase, migrate } from '@kaflow/persistence';
import type { DataSource } from 'typeorm';
import { createApp } from '../../apps/api/src/app.factory';
import { seedDemo } from '../../scripts/seed/seed';
import { DEMO_PASSWORD } from '../../scripts/seed/demo-data';
import { scratchDatabase } from '../support/scratch-db';
import { TEMPORAL_ADDRESS } from '../support/settings';
import { isoWeekOf, localDate } from '@kaflow/calendar';
import { isWorkday } from 'chinese-days';

const scratch = scratchDatabase('demo_seed');
let ds: DataSource;
let app: NestExpressApplication;
let http: ReturnType<typeof request.agent>;
const tokens: Record<string, string> = {};

const today = localDate(new Date(), 'Asia/Shanghai');
const current = today.slice(0, 7);
const previous = (() => {
  const [y, m] = current.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
})();

beforeAll(async () => {
  await scratch.drop();
  await ensureDatabase(scratch.url);
  await migrate(scratch.url);
  ds = createDataSource(scratch.url);
  await ds.initialize();
  await seedDemo(ds, { log: () => undefined });
  app = await createApp(
    loadConfig({ DATABASE_URL: scratch.url, TEMPORAL_ADDRESS, LOG_LEVEL: 'warn', KAFLOW_DEMO: '1' }),
    { logs: false },
  );
  await app.init();
  http = request.agent(app.getHttpServer());
  for (const who of ['gm', 'ka_manager', 'region_manager']) {
    const res = await http.post('/api/auth/login').send({ username: who, password: DEMO_PASSWORD });
    expect(res.status).toBe(200);
    tokens[who] = res.body.accessToken;
  }
}, 240_000);
afterAll(async () => {
  await app?.close();
  await ds?.destroy();
  await scratch.drop();
});

const get = (path: string, who = 'gm') => http.get(path).set({ Authorization: `Bearer ${tokens[who]}` });

it('every form answers with rows for the current and the previous month (week forms: a week of each)', async () => {
  const forms: Array<{ no: number; period: string; title: string }> = (await get('/api/forms')).body;
  expect(forms).toHaveLength(14);
  const empty: string[] = [];
  for (const f of forms) {
    const periods =
      f.period === 'none'
        ? ['']
        : f.period === 'year'
          ? [current.slice(0, 4)]
          : f.period === 'week'
            ? [isoWeekOf(today), isoWeekOf(`${previous}-15`)]
            : [current, previous];
    for (const p of periods) {
      const res = await get(`/api/forms/${f.no}${p ? `?period=${p}` : ''}`);
      expect({ no: f.no, p, status: res.status }).toEqual({ no: f.no, p, status: 200 });
      if (!res.body.rows?.length) empty.push(`${f.no} ${f.title} ${p}`);
    }
  }
  expect(empty).toEqual([]);
});

it('every scorecard has figures with records behind them, for the current and the previous month', async () => {
  for (const month of [current, previous]) {
    const res = await get(`/api/reports/scorecards?month=${month}`);
    expect(res.status).toBe(200);
    const roles = new Set(res.body.items.map((i: any) => i.role));
    for (const r of ['consultant', 'ka_manager', 'gm'])
      expect({ month, has: r, ok: roles.has(r) }).toEqual({
        month,
        has: r,
        ok: true,
      });
    const hollow = res.body.items
      .filter((i: any) => !i.kpis.some((k: any) => k.denominator > 0))
      .map((i: any) => `${i.displayName} (${i.role})`);
    expect({ month, hollow }).toEqual({ month, hollow: [] });
  }
  const region = await get(`/api/region/scorecards?month=${previous}`, 'region_manager');
  expect(region.status).toBe(200);
  expect(region.body.dealers).toHaveLength(2);
});

it("gives the demo consultant's home work for today: follow-ups falling due today and a hot customer", async () => {
  // whole-day cadences of the default policy (H 3 days, A 7, B 14, C 30, D 60), counted from the last touch's
  // local date (the last follow-up or grade change), written here apart from the schedule's code
  const rows: Array<{ grade: string; hot: boolean; due: string }> = await ds.query(
    `SELECT p.grade, p.hot, ((GREATEST(MAX(g.at), COALESCE(MAX(f.at), MAX(g.at))) AT TIME ZONE 'Asia/Shanghai')::date
            + CASE p.grade WHEN 'H' THEN 3 WHEN 'A' THEN 7 WHEN 'B' THEN 14 WHEN 'C' THEN 30 ELSE 60 END)::text AS due
       FROM prospect p JOIN app_user u ON u.id = p."ownerId" AND u.username = 'consultant'
       JOIN grade_change g ON g."prospectId" = p.id LEFT JOIN follow_up f ON f."prospectId" = p.id
      WHERE p.grade IN ('H','A','B','C','D') GROUP BY p.id`,
  );
  expect(rows.some((r) => r.hot && r.grade === 'H')).toBe(true);
  if (isWorkday(today)) expect(rows.filter((r) => r.due === today).length).toBeGreaterThanOrEqual(3);
});

it('checks in the visits made (走访签到), so the visit-plan completion counts them; a second seed writes none again', async () => {
  const [{ id: consultantId }] = await ds.query(`SELECT id FROM app_user WHERE username = 'consultant'`);
  const made = new Map<string, number>();
  for (const month of [current, previous]) {
    // apart from the seed's code: the demo consultant's planned visits of the month, and those made (a visit record of
    // the plan on its planned date); the seed checks in every visit made but their second of the month (forgotten)
    const [row] = await ds.query(
      `SELECT count(*)::int AS planned, count(*) FILTER (WHERE EXISTS (SELECT 1 FROM visit_record v
              WHERE v."planId" = vp.id AND v."visitedOn" = vp."plannedDate"))::int AS made
         FROM visit_plan vp WHERE vp."consultantId" = $1 AND vp.month = $2`,
      [consultantId, month],
    );
    made.set(month, row.made);
    const done = row.made >= 2 ? row.made - 1 : row.made;
    const res = await get(`/api/reports/scorecards?month=${month}`);
    const kpi = res.body.items
      .find((i: any) => i.userId === consultantId && i.role === 'consultant')
      .kpis.find((k: any) => k.key === 'visitPlanCompletion');
    expect({ month, of: [kpi.numerator, kpi.denominator] }).toEqual({ month, of: [done, row.planned] });
    // the manager's list: each check-in with its time and position; the first visit made has none (refused)
    const plans = await get(`/api/visit-plans?month=${month}&consultantId=${consultantId}`, 'ka_manager');
    expect(plans.status).toBe(200);
    const checkIns = plans.body.items.filter((p: any) => p.checkIn).map((p: any) => p.checkIn);
    expect(checkIns).toHaveLength(done);
    expect(checkIns.filter((c: any) => c.position === null)).toHaveLength(row.made >= 1 ? 1 : 0);
    for (const c of checkIns.filter((x: any) => x.position))
      expect(c.position.accuracy >= 8 && c.position.accuracy <= 65).toBe(true);
  }
  // the demo has a forgotten check-in to show (a month with two visits made or more: 7 visits in the last 30 days)
  expect([...made.values()].some((n) => n >= 2)).toBe(true);
  // the other consultants (not the demo consultants of the two dealers) checked in every visit they made, with a
  // position, on the planned date
  const [others] = await ds.query(
    `SELECT count(*) FILTER (WHERE c.id IS NULL)::int AS missing,
            count(*) FILTER (WHERE c.id IS NOT NULL AND c.lat IS NULL)::int AS "noPosition",
            count(*) FILTER (WHERE c."localDate" <> vp."plannedDate")::int AS "otherDay", count(*)::int AS made
       FROM visit_plan vp JOIN app_user u ON u.id = vp."consultantId"
        AND u.username NOT IN ('consultant', 'consultant2')
       LEFT JOIN visit_check_in c ON c."planId" = vp.id
      WHERE EXISTS (SELECT 1 FROM visit_record v WHERE v."planId" = vp.id AND v."visitedOn" = vp."plannedDate")`,
  );
  expect(others).toEqual({ missing: 0, noPosition: 0, otherDay: 0, made: expect.any(Number) });
  expect(others.made).toBeGreaterThan(0);

  // seeding again writes nothing twice
  const counts = async () =>
    Object.fromEntries(
      await Promise.all(
        ['prospect', 'visit_plan', 'visit_record', 'visit_check_in', 'sales_event', 'app_user'].map(
          async (t) => [t, (await ds.query(`SELECT count(*)::int AS n FROM "${t}"`))[0].n] as const,
        ),
      ),
    );
  const before = await counts();
  await seedDemo(ds, { log: () => undefined });
  expect(await counts()).toEqual(before);
}, 240_000);
