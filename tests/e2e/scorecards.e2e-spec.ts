// GET /api/reports/scorecards and its drill-down on a month of records (tests/support/scorecard-fixtures.ts).
// Expected figures: worked out by hand from the fixture (comments there), and the grade-based ones also by a
// separately written SQL that reads the grade at the month's start forwards (the last change before it),
// where the product reads it backwards from the recent changes.
import { zonedInstant } from '@kaflow/calendar';
import { startE2E, type E2E } from '../support/e2e';
import { MONTH, writeScorecardMonth } from '../support/scorecard-fixtures';

let env: E2E;
let ids: Record<string, string>;
beforeAll(async () => {
  env = await startE2E();
  ids = await writeScorecardMonth(env.db, { dealer: env.dealer1, users: pick('') });
});
afterAll(async () => {
  await env?.stop();
});

function pick(suffix: string) {
  return Object.fromEntries(
    Object.entries(env.users)
      .filter(([k]) => (suffix ? k.endsWith(suffix) : !/\d$/.test(k)))
      .map(([k, u]) => [suffix ? k.slice(0, -suffix.length) : k, u]),
  );
}

const get = (path: string, as: string) => env.http.get(path).set(env.auth(as));
type Kpi = {
  key: string;
  weight: number;
  value: number | null;
  numerator: number;
  denominator: number;
  score: number | null;
  reason?: string;
};
type Item = { userId: string; role: string; kpis: Kpi[]; total: number };
const card = (items: Item[], userId: string, role: string) => {
  const found = items.find((i) => i.userId === userId && i.role === role);
  if (!found) throw new Error(`no ${role} card for ${userId}`);
  return Object.fromEntries(found.kpis.map((k) => [k.key, k])) as Record<string, Kpi>;
};
const fig = (k: Kpi) => [k.numerator, k.denominator];

/** Independent SQL: each prospect's grade at the start = the toGrade of its last change before the month. */
async function gradeFiguresBySql(ownerId: string | null) {
  const from = zonedInstant(`${MONTH}-01`, '00:00', 'Asia/Shanghai');
  const to = zonedInstant('2026-11-01', '00:00', 'Asia/Shanghai');
  const [r] = await env.db.query(
    `
    SELECT
      count(*) FILTER (WHERE st IN ('H','A')) AS ha, count(*) FILTER (WHERE st IN ('H','A') AND won_o) AS ha_won,
      count(*) FILTER (WHERE st IN ('B','C')) AS bc, count(*) FILTER (WHERE st IN ('B','C') AND won_hao) AS bc_won,
      count(*) FILTER (WHERE live) AS live, count(*) FILTER (WHERE live AND lost) AS churned
    FROM (
      SELECT p.id,
        (SELECT g."toGrade" FROM grade_change g WHERE g."prospectId" = p.id AND g.at < $2 ORDER BY g.at DESC
          LIMIT 1) AS st,
        EXISTS (SELECT 1 FROM grade_change g WHERE g."prospectId" = p.id AND g.at >= $2 AND g.at < $3
          AND g."toGrade" = 'O') AS won_o,
        EXISTS (SELECT 1 FROM grade_change g WHERE g."prospectId" = p.id AND g.at >= $2 AND g.at < $3
          AND g."toGrade" IN ('H','A','O')) AS won_hao,
        EXISTS (SELECT 1 FROM grade_change g WHERE g."prospectId" = p.id AND g.at >= $2 AND g.at < $3
          AND g."toGrade" = 'F') AS lost,
        (SELECT g."toGrade" FROM grade_change g WHERE g."prospectId" = p.id AND g.at < $2 ORDER BY g.at DESC
          LIMIT 1) IN ('O','H','A','B','C','D')
          AND NOT EXISTS (SELECT 1 FROM conversion_state c WHERE c."prospectId" = p.id AND c."deliveredAt" < $2) AS live
      FROM prospect p WHERE p."dealerId" = $1 AND ($4::uuid IS NULL OR p."ownerId" = $4::uuid)
    ) x`,
    [env.dealer1.id, from, to, ownerId],
  );
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Number(v)]));
}

it('scores the consultant card on figures worked out by hand', async () => {
  const res = await get(`/api/reports/scorecards?month=${MONTH}`, 'ka_manager');
  expect(res.status).toBe(200);
  expect(res.body.month).toBe(MONTH);
  const a = card(res.body.items, env.users.consultant.id, 'consultant');
  // o1 3 + o2 4 (o3 cancelled) ÷ the approved personal target 10 (the draft's 500 ignored)
  expect(fig(a.orderAchievement)).toEqual([7, 10]);
  expect(fig(a.newHaRatio)).toEqual([1, 3]); // p6 H of p6, p7, p12
  expect(fig(a.recordRate)).toEqual([3, 8]); // p6, p7 from visits + 1 event lead ÷ 3 + 2 met + 3 event leads
  expect(fig(a.informationAccuracy)).toEqual([2, 3]); // p6, p12 verified of p6, p7, p12
  expect(fig(a.visitPlanCompletion)).toEqual([1, 4]); // the 10th's visit checked in that day; the 11th's a day late
  expect(fig(a.lostUncontrolledRatio)).toEqual([1, 2]); // p5 overdue, p12 not
  expect(fig(a.downgradeRate)).toEqual([1, 6]); // p3 A→C of p1 p2 p3 p4 p5 p11
  // scores: 30 × 0.7 = 21; 30 × min(1.2, 0.3333 ÷ 0.3) = 33.33; 10 × 0.375 = 3.75; 10 × 0.6667 = 6.67; 20 × 0.25 = 5
  expect(
    [a.orderAchievement, a.newHaRatio, a.recordRate, a.informationAccuracy, a.visitPlanCompletion].map((k) => k.score),
  ).toEqual([21, 33.33, 3.75, 6.67, 5]);
  expect([a.lostUncontrolledRatio.score, a.downgradeRate.score]).toEqual([0, 0]); // watched
  const item = res.body.items.find((i: Item) => i.userId === env.users.consultant.id && i.role === 'consultant');
  expect(item.total).toBe(69.75); // 21 + 33.33 + 3.75 + 6.67 + 5
  expect(item.kpis.reduce((s: number, k: Kpi) => s + k.weight, 0)).toBe(100);
  expect(a.newHaRatio.value).toBe(0.3333);
});

it('says why a figure has no denominator instead of 0%', async () => {
  const res = await get(`/api/reports/scorecards?month=${MONTH}&userId=${env.users.consultant_b.id}`, 'ka_manager');
  const b = card(res.body.items, env.users.consultant_b.id, 'consultant');
  expect(fig(b.orderAchievement)).toEqual([5, 8]);
  expect(fig(b.newHaRatio)).toEqual([1, 1]);
  expect(fig(b.informationAccuracy)).toEqual([0, 1]); // p8 unreachable: a real 0%
  expect(b.informationAccuracy.value).toBe(0);
  for (const k of [b.recordRate, b.visitPlanCompletion, b.downgradeRate, b.lostUncontrolledRatio]) {
    expect(k).toMatchObject({ value: null, score: null, denominator: 0 });
    expect(k.reason).toEqual(expect.any(String));
  }
  // 30 × 0.625 = 18.75; 30 × 1.2 (1 ÷ 0.3 capped) = 36; accuracy 0; the rest without figures
  expect(res.body.items[0].total).toBe(54.75);
});

it('scores the managers on the dealer figures, equal to the separately written SQL', async () => {
  const res = await get(`/api/reports/scorecards?month=${MONTH}`, 'gm');
  const sql = await gradeFiguresBySql(null);
  expect(sql).toEqual({ ha: 3, ha_won: 1, bc: 3, bc_won: 1, live: 6, churned: 1 }); // the fixture, by hand
  const ka = card(res.body.items, env.users.ka_manager.id, 'ka_manager');
  expect(fig(ka.haConversion)).toEqual([sql.ha_won, sql.ha]);
  expect(fig(ka.bcConversion)).toEqual([sql.bc_won, sql.bc]);
  expect(fig(ka.kaTargetAchievement)).toEqual([12, 20]);
  expect(fig(ka.haShare)).toEqual([2, 4]); // p6 H, p8 A of p6 p7 p8 p12
  expect(fig(ka.orderRejectionRate)).toEqual([1, 4]);
  // 60 × 0.6 = 36; 10 × 1.111 = 11.11; 10 × 1.2 (2.22 capped) = 12; 10 × 1.2 (1.67 capped) = 12;
  // 10 × 0.75 ÷ 0.95 = 7.89
  expect(ka.orderRejectionRate.score).toBe(7.89);
  expect(res.body.items.find((i: Item) => i.role === 'ka_manager').total).toBe(79);
  const gm = card(res.body.items, env.users.gm.id, 'gm');
  expect(fig(gm.newLeadAchievement)).toEqual([4, 8]);
  expect(fig(gm.newHaAchievement)).toEqual([2, 4]);
  expect(fig(gm.submissionAchievement)).toEqual([4, 10]);
  expect(fig(gm.churnRate)).toEqual([sql.churned, sql.live]);
  expect(fig(gm.dealerRecordRate)).toEqual([3, 8]);
  // 10 + 5 + 8 + 10 × 0.8333 ÷ 0.9 = 9.26 + 11.11 + 12 + 20 × 0.375 = 7.5
  expect(res.body.items.find((i: Item) => i.role === 'gm').total).toBe(62.87);
  const cs = card(res.body.items, env.users.cs_manager.id, 'cs_manager');
  expect(fig(cs.dealerInformationAccuracy)).toEqual([2, 4]);
  expect(fig(cs.informationValidity)).toEqual([3, 4]);
  expect(res.body.items.find((i: Item) => i.role === 'cs_manager').total).toBe(62.5);
  for (const i of res.body.items as Item[]) expect(i.kpis.reduce((s, k) => s + k.weight, 0)).toBe(100);
  const a = await gradeFiguresBySql(env.users.consultant.id);
  expect(fig(card(res.body.items, env.users.consultant.id, 'consultant').downgradeRate)[1]).toBe(a.live);
});

it('lists the records behind every figure, and they add up to it', async () => {
  const res = await get(`/api/reports/scorecards?month=${MONTH}`, 'ka_manager');
  for (const item of res.body.items as Item[]) {
    for (const k of item.kpis) {
      const dd = await get(`/api/reports/scorecards/${item.userId}/${k.key}?month=${MONTH}`, 'ka_manager');
      expect({ who: item.role, key: k.key, status: dd.status, n: dd.body.numerator, d: dd.body.denominator }).toEqual({
        who: item.role,
        key: k.key,
        status: 200,
        n: k.numerator,
        d: k.denominator,
      });
      const sum = (f: 'numerator' | 'denominator') => dd.body.records.reduce((s: number, r: any) => s + r[f], 0);
      expect([sum('numerator'), sum('denominator')]).toEqual([k.numerator, k.denominator]);
    }
  }
  const ha = await get(`/api/reports/scorecards/${env.users.ka_manager.id}/haConversion?month=${MONTH}`, 'ka_manager');
  expect(
    ha.body.records
      .filter((r: any) => r.denominator)
      .map((r: any) => r.id)
      .sort(),
  ).toEqual([ids.p1, ids.p2, ids.p3].sort());
  expect(ha.body.records.filter((r: any) => r.numerator).map((r: any) => r.id)).toEqual([ids.p1]);
  const none = await get(
    `/api/reports/scorecards/${env.users.consultant_b.id}/recordRate?month=${MONTH}`,
    'ka_manager',
  );
  expect(none.body).toMatchObject({ numerator: 0, denominator: 0, value: null, records: [] });
  expect(none.body.reason).toEqual(expect.any(String));
});

it("describes the records and the formula in the reader's language", async () => {
  const path = `/api/reports/scorecards/${env.users.consultant.id}/informationAccuracy?month=${MONTH}`;
  const zh = await get(path, 'ka_manager');
  // the fixture's October callbacks on consultant A's prospects: p6 and p12 verified, p7 incorrect
  expect(zh.body.records.map((r: any) => r.description.split(' ').pop()).sort()).toEqual(
    ['信息有误', '属实', '属实'].sort(),
  );
  expect(zh.body.formula).toEqual({
    numerator: '本月对该顾问潜客完成的回访中结果为“属实”的',
    denominator: '本月对该顾问潜客完成的回访',
  });
  const en = await get(`${path}&lang=en`, 'ka_manager');
  expect(en.body.records.map((r: any) => r.description.split(' ').pop()).sort()).toEqual(
    ['incorrect', 'verified', 'verified'].sort(),
  );
  expect(en.body.formula.numerator).toMatch(/^callbacks done in the month/);
});

it('a consultant reads only their own card; another dealer answers 404; bad input names the field', async () => {
  const own = await get(`/api/reports/scorecards?month=${MONTH}`, 'consultant');
  expect(own.body.items.map((i: Item) => i.userId)).toEqual([env.users.consultant.id]);
  expect(
    (await get(`/api/reports/scorecards?month=${MONTH}&userId=${env.users.consultant_b.id}`, 'consultant')).status,
  ).toBe(403);
  expect(
    (await get(`/api/reports/scorecards/${env.users.consultant_b.id}/recordRate?month=${MONTH}`, 'consultant')).status,
  ).toBe(403);
  expect(
    (await get(`/api/reports/scorecards?month=${MONTH}&userId=${env.users.consultant.id}`, 'ka_manager2')).status,
  ).toBe(404);
  expect(
    (await get(`/api/reports/scorecards/${env.users.consultant.id}/recordRate?month=${MONTH}`, 'ka_manager2')).status,
  ).toBe(404);
  const other = await get(`/api/reports/scorecards?month=${MONTH}`, 'ka_manager2');
  expect(card(other.body.items, env.users.consultant2.id, 'consultant').orderAchievement).toMatchObject({
    numerator: 0,
    denominator: 0,
  });
  const bad = await get('/api/reports/scorecards?month=2026-13&role=boss', 'ka_manager');
  expect(bad.status).toBe(400);
  expect(bad.body.details.map((x: any) => x.field).sort()).toEqual(['month', 'role']);
  const badKey = await get(`/api/reports/scorecards/${env.users.consultant.id}/nope?month=${MONTH}`, 'ka_manager');
  expect(badKey.status).toBe(400);
  expect(badKey.body.details[0].field).toBe('kpiKey');
});

it('the weights are the dealer policy: PUT /api/admin/policy scorecards is validated and applied', async () => {
  const bad = await env.http
    .put('/api/admin/policy')
    .set(env.auth('admin'))
    .send({
      scorecards: {
        roles: {
          consultant: [
            { key: 'orderAchievement', weight: 50 },
            { key: 'recordRate', weight: 40 },
          ],
        },
      },
    });
  expect(bad.status).toBe(400);
  expect(bad.body.details).toEqual([
    { field: 'scorecards.roles.consultant', problem: expect.stringContaining('sum to 100') },
  ]);
  const ok = await env.http
    .put('/api/admin/policy')
    .set(env.auth('admin'))
    .send({
      scorecards: {
        roles: {
          consultant: [
            { key: 'orderAchievement', weight: 60 },
            { key: 'recordRate', weight: 40, goal: 0.75 },
          ],
        },
      },
    });
  expect(ok.status).toBe(200);
  const res = await get(
    `/api/reports/scorecards?month=${MONTH}&role=consultant&userId=${env.users.consultant.id}`,
    'ka_manager',
  );
  const [item] = res.body.items;
  expect(item.kpis.map((k: Kpi) => [k.key, k.weight, k.score])).toEqual([
    ['orderAchievement', 60, 42],
    ['recordRate', 40, 20],
  ]);
  expect(item.total).toBe(62); // 60 × 0.7 + 40 × (0.375 ÷ 0.75)
});
