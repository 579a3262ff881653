// The early warning (预警) through the weekly review, on a real Temporal server with a policy of seconds: dealer 1's
// November is set up to miss (the task lists the gap per model and consultant and the open H and A prospects,
// worked out by hand below), dealer 2's to make it (no task); the warning not acted on escalates to the director.
import { zonedInstant } from '@kaflow/calendar';
import {
  CarModelEntity,
  FollowUpEntity,
  PlanEntity,
  ProspectEntity,
  SalesOrderEntity,
  TaskEntity,
  type DealerEntity,
} from '@kaflow/persistence';
import { forecastWarningWorkflowId } from '@kaflow/workflows';
import { startE2E, type E2E } from '../support/e2e';
import { eventually } from '../support/eventually';
import { insertProspect, runId } from '../support/fixtures';

const TZ = 'Asia/Shanghai';
const AS_OF = '2026-11-16'; // Mon, the first working day of 2026-W47
const at = (date: string, time = '10:00') => zonedInstant(date, time, TZ);

let env: E2E;
let orderNo = 0;

async function plan(dealer: DealerEntity, result: Record<string, unknown>) {
  return env.db.getRepository(PlanEntity).save({
    dealerId: dealer.id,
    kind: 'decomposition',
    period: '2026-11',
    version: 1,
    status: 'approved',
    input: {},
    basis: null,
    coverageOk: true,
    result,
  } as Partial<PlanEntity> as PlanEntity);
}
async function order(dealer: DealerEntity, who: string, model: string, quantity: number, date: string) {
  await env.db.getRepository(SalesOrderEntity).save({
    dealerId: dealer.id,
    orderNo: `FW-${runId()}-${++orderNo}`,
    consultantId: env.users[who].id,
    prospectId: null,
    accountId: null,
    customerType: 'enterprise',
    channel: 'referral',
    developmentType: 'new',
    model,
    quantity,
    orderDate: date,
    status: 'open',
  } as Partial<SalesOrderEntity>);
}
async function prospect(
  dealer: DealerEntity,
  suffix: '' | '2',
  o: { who: string; grade: string; model: string; q: number },
) {
  const users = Object.fromEntries(
    Object.entries(env.users)
      .filter(([k]) => (suffix ? k.endsWith('2') : !k.endsWith('2')))
      .map(([k, u]) => [suffix ? k.slice(0, -1) : k, u]),
  );
  const row = await insertProspect(env.db, { dealer, users } as any, {
    owner: o.who,
    grade: o.grade,
    at: at('2026-11-02'),
    name: `预警 ${o.grade} ${runId()}`,
  });
  await env.db.getRepository(ProspectEntity).update({ id: row.id }, { model: o.model, quantity: o.q });
  return row;
}
async function followUp(dealer: DealerEntity, p: ProspectEntity, who: string, date: string) {
  await env.db.getRepository(FollowUpEntity).save({
    dealerId: dealer.id,
    prospectId: p.id,
    byUserId: env.users[who].id,
    channel: 'phone',
    content: '跟进',
    nextStep: null,
    at: at(date),
  } as Partial<FollowUpEntity>);
}
const trigger = (as: string) =>
  env.http.post('/api/processes/weekly-review/trigger').set(env.auth(as)).send({ businessDate: AS_OF });
const warningTasks = (dealer: DealerEntity) => env.tasks({ dealerId: dealer.id, kind: 'forecast_warning' });

beforeAll(async () => {
  env = await startE2E({ durations: { weeklyReview: 'PT8S' }, forecast: { lookbackMonths: 1 } });
  for (const d of [env.dealer1, env.dealer2])
    for (const code of ['A6L', 'Q5L'])
      await env.db.getRepository(CarModelEntity).save({ dealerId: d.id, code, name: code });
});
afterAll(async () => {
  await env?.stop();
});

it('warns the manager of a month set up to miss, with the gap per model and consultant and the H/A prospects', async () => {
  const d = env.dealer1;
  // Targets: A6L 12 + Q5L 8 = 20; consultant 12, consultant_b 8. Margin 10 %: warn when P50 < 18.
  await plan(d, {
    byModel: [
      { model: 'A6L', orders: 12, aak: 0, submissions: 0 },
      { model: 'Q5L', orders: 8, aak: 0, submissions: 0 },
    ],
    byConsultant: [
      { consultantId: env.users.consultant.id, orders: 12, aak: 0, submissions: 0, byModel: [] },
      { consultantId: env.users.consultant_b.id, orders: 8, aak: 0, submissions: 0, byModel: [] },
    ],
  });
  // Booked before 16 Nov: A6L 3 (consultant), Q5L 1 (consultant_b) = 4; the order on the 16th itself is not known.
  await order(d, 'consultant', 'A6L', 3, '2026-11-05');
  await order(d, 'consultant_b', 'Q5L', 1, '2026-11-10');
  await order(d, 'consultant', 'A6L', 9, '2026-11-16');
  // Pipeline: H A6L 2 cars (consultant), A Q5L 1 car (consultant_b), B A6L 5 cars (consultant). Every car of the
  // pipeline ordered: at most 4 + 8 = 12 < 18, so the month misses whatever the rates; A6L's P50 lies in 3..10,
  // Q5L's in 1..2.
  const h = await prospect(d, '', { who: 'consultant', grade: 'H', model: 'A6L', q: 2 });
  const a = await prospect(d, '', { who: 'consultant_b', grade: 'A', model: 'Q5L', q: 1 });
  await prospect(d, '', { who: 'consultant', grade: 'B', model: 'A6L', q: 5 });
  await followUp(d, h, 'consultant', '2026-11-09');
  await followUp(d, h, 'consultant', '2026-11-16'); // on the as-of date: not its last follow-up yet

  expect((await trigger('ka_manager')).status).toBe(202);
  const [task] = await eventually(async () => {
    const rows = await warningTasks(d);
    expect(rows).toHaveLength(1);
    return rows;
  });
  expect(task).toMatchObject({ assigneeRole: 'ka_manager', status: 'open', subjectType: 'forecast_warning' });
  expect(task.subjectId).toBe(`${d.id}:2026-W47`);
  const p = task.payload as any;
  expect(p).toMatchObject({ month: '2026-11', asOf: AS_OF, margin: 0.1, warn: true, occasion: 'weekly_review' });
  expect(p.total).toMatchObject({ target: 20, booked: 4, limit: 18 });
  expect(p.total.p50).toBeGreaterThanOrEqual(4);
  expect(p.total.p50).toBeLessThanOrEqual(12);
  expect(p.total.gap).toBe(20 - p.total.p50);
  expect(task.title).toBe(`预警：2026-11 P50 ${p.total.p50} / 20`);
  const line = (l: any, target: number, booked: number, lo: number, hi: number) => {
    expect(l).toMatchObject({ target, booked });
    expect(l.p50).toBeGreaterThanOrEqual(lo);
    expect(l.p50).toBeLessThanOrEqual(hi);
    expect(l.gap).toBe(Math.max(0, target - l.p50));
  };
  expect(p.models.map((m: any) => m.model)).toEqual(['A6L', 'Q5L']);
  line(p.models[0], 12, 3, 3, 10);
  line(p.models[1], 8, 1, 1, 2);
  expect(p.consultants.map((c: any) => [c.consultantId, c.name])).toEqual([
    [env.users.consultant.id, env.users.consultant.displayName],
    [env.users.consultant_b.id, env.users.consultant_b.displayName],
  ]);
  line(p.consultants[0], 12, 3, 3, 10);
  line(p.consultants[1], 8, 1, 1, 2);
  // H first, then A; the B prospect is not listed
  expect(p.prospects).toEqual([
    expect.objectContaining({
      prospectId: h.id,
      grade: 'H',
      model: 'A6L',
      quantity: 2,
      consultantId: env.users.consultant.id,
      lastFollowUpAt: at('2026-11-09').toISOString(),
    }),
    expect.objectContaining({
      prospectId: a.id,
      grade: 'A',
      model: 'Q5L',
      quantity: 1,
      consultantId: env.users.consultant_b.id,
      lastFollowUpAt: null,
    }),
  ]);

  // Another dealer's manager cannot read it; the manager's own decision needs the action taken.
  expect((await env.http.get(`/api/tasks/${task.id}`).set(env.auth('ka_manager2'))).status).toBe(404);
  const bare = await env.http
    .post(`/api/tasks/${task.id}/complete`)
    .set(env.auth('ka_manager'))
    .send({ decision: 'noted' });
  expect(bare.status).toBe(400);
  expect(bare.body.details[0].field).toBe('comment');

  // Not acted on within the weekly review's 8 s: escalated to the sales director.
  await eventually(async () => {
    const [t] = await warningTasks(d);
    expect(t.escalationLevel).toBeGreaterThanOrEqual(1);
    expect(
      env
        .mailsTo(env.users.sales_director.email)
        .map((m) => m.subject)
        .join('\n'),
    ).toContain(`【升级】预警：2026-11 P50 ${p.total.p50} / 20`);
  }, 30_000);
  const noted = await env.http
    .post(`/api/tasks/${task.id}/complete`)
    .set(env.auth('sales_director'))
    .send({ decision: 'noted', comment: '本周拜访 H 级客户，争取月底前签约' });
  expect(noted.status).toBe(200);
  const result = await env.client.workflow.getHandle(forecastWarningWorkflowId(d.id, '2026-W47')).result();
  expect(result).toMatchObject({ warned: true, target: 20, p50: p.total.p50, decision: 'noted' });
  expect(await env.db.getRepository(TaskEntity).countBy({ dealerId: d.id, kind: 'forecast_warning' })).toBe(1);
});

it('does not warn on a month set up to make it', async () => {
  const d = env.dealer2;
  // Target A6L 5 (limit 4.5); booked 6 before the 16th: P50 ≥ 6 whatever the pipeline does.
  await plan(d, { byModel: [{ model: 'A6L', orders: 5, aak: 0, submissions: 0 }], byConsultant: [] });
  await order(d, 'consultant2', 'A6L', 6, '2026-11-03');
  await prospect(d, '2', { who: 'consultant', grade: 'H', model: 'A6L', q: 2 });
  expect((await trigger('ka_manager2')).status).toBe(202);
  const result = await eventually(
    () => env.client.workflow.getHandle(forecastWarningWorkflowId(d.id, '2026-W47')).result(),
    30_000,
  );
  expect(result.warned).toBe(false);
  expect(result.target).toBe(5);
  expect(result.p50).toBeGreaterThanOrEqual(6);
  expect(result.gap).toBe(0);
  expect(await warningTasks(d)).toEqual([]);
});
