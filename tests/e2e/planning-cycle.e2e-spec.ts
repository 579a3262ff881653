// The planning processes over HTTP: the month-end trigger's window and once-per-month rule, the
// annual plan's trigger, and the plan reads and draft edits with their 409 on a stale revision.
import { insertCatalogue, insertStock } from '../support/planning-fixtures';
import { startE2E, type E2E } from '../support/e2e';
import { eventually } from '../support/eventually';
import { terminateAndStop } from '../support/env';

let env: E2E;
beforeAll(async () => {
  env = await startE2E({ durations: { planDraft: 'PT1H', visitPlan: 'PT1H' } });
});
afterAll(async () => {
  await terminateAndStop(env, started);
});
const started: string[] = [];
const trigger = (process: string, who: string, businessDate?: string) =>
  env.http
    .post(`/api/processes/${process}/trigger`)
    .set(env.auth(who))
    .send(businessDate ? { businessDate } : {});

it('starts the month-end cycle only inside the last 5 working days, once per dealer and month', async () => {
  // November 2026: the window is 24, 25, 26, 27 and 30 November (28–29 are a weekend)
  const outside = await trigger('month-end', 'ka_manager', '2026-11-20');
  expect(outside.status).toBe(200);
  expect(outside.body).toMatchObject({
    started: false,
    reason: expect.stringContaining('2026-11-24, 2026-11-25, 2026-11-26, 2026-11-27, 2026-11-30'),
  });

  const inside = await trigger('month-end', 'ka_manager', '2026-11-25');
  expect(inside.status).toBe(202);
  expect(inside.body).toEqual({
    workflowId: `month-end:${env.dealer1.id}:2026-11`,
    started: true,
    businessDate: '2026-11-25',
  });
  started.push(inside.body.workflowId);
  const again = await trigger('month-end', 'admin', '2026-11-30');
  expect(again.status).toBe(202);
  expect(again.body).toMatchObject({
    workflowId: inside.body.workflowId,
    started: false,
    reason: expect.stringMatching(/^already/),
  });

  // the other dealer's month is its own
  const other = await trigger('month-end', 'ka_manager2', '2026-11-25');
  expect(other.body).toMatchObject({ workflowId: `month-end:${env.dealer2.id}:2026-11`, started: true });
  started.push(other.body.workflowId);
  expect((await trigger('month-end', 'consultant', '2026-11-25')).status).toBe(403);
  expect((await trigger('month-end', 'ka_manager', '2026-11-31')).status).toBe(400);
  // dates far outside the business years are a client mistake (400), never a 500
  for (const [process, date] of [
    ['month-end', '0001-01-01'],
    ['daily-check', '0001-01-01'],
    ['weekly-review', '9999-12-31'],
    ['annual-plan', '1899-12-01'],
  ]) {
    const res = await trigger(process, 'ka_manager', date);
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([
      { field: 'businessDate', problem: 'must be a date in the years between 2000 and 2099' },
    ]);
  }
  expect((await env.http.get('/api/progress/weekly?week=9999-W52').set(env.auth('ka_manager'))).body.details).toEqual([
    { field: 'week', problem: 'must be a week in the years between 2000 and 2099' },
  ]);

  // the pre-filled roll is there to read, and dealer 2 cannot see dealer 1's
  const plan = await eventually(async () => {
    const res = await env.http.get('/api/plans/rolling/2026-12').set(env.auth('ka_manager'));
    expect(res.status).toBe(200);
    return res.body;
  });
  expect(plan).toMatchObject({
    kind: 'rolling',
    period: '2026-12',
    version: 1,
    revision: 1,
    status: 'draft',
    editable: true,
  });
  const theirs = await env.http.get('/api/plans/rolling/2026-12').set(env.auth('ka_manager2'));
  expect(theirs.body.id).not.toBe(plan.id);

  // edits sent with the submission are checked against the draft first: a 400 naming the field
  // the plan row is written just before its task row: wait for the task
  const draftTask = await eventually(async () => {
    const { body: inbox } = await env.http.get('/api/tasks?status=open').set(env.auth('ka_manager'));
    const found = inbox.items.find(
      (t: { kind: string; subject: { id: string } }) => t.kind === 'plan_draft' && t.subject.id === plan.id,
    );
    expect(found).toBeDefined();
    return found;
  });
  const bad = await env.http
    .post(`/api/tasks/${draftTask.id}/complete`)
    .set(env.auth('ka_manager'))
    .send({ decision: 'submit', data: { input: { orderConversionRate: 2 } } });
  expect(bad.status).toBe(400);
  expect(bad.body.details).toEqual([{ field: 'data.input.orderConversionRate', problem: 'must be between 0 and 1' }]);
});

it('runs the annual plan once per year; drafts are edited with their revision, and a stale edit is a 409', async () => {
  const f = { dealer: env.dealer1, users: {} as any };
  await insertCatalogue(env.db, f as any, ['A8L']);
  await insertStock(env.db, f as any, '2027-01', { A8L: 3 });
  const first = await trigger('annual-plan', 'ka_manager', '2026-12-01');
  expect(first.status).toBe(202);
  expect(first.body).toMatchObject({ workflowId: `annual-plan:${env.dealer1.id}:2027`, started: true });
  started.push(first.body.workflowId);
  expect((await trigger('annual-plan', 'admin', '2026-12-02')).body).toMatchObject({
    started: false,
    reason: expect.stringMatching(/^already/),
  });

  const plan = await eventually(async () => {
    const res = await env.http.get('/api/plans/annual/2027').set(env.auth('sales_director'));
    expect(res.status).toBe(200);
    return res.body;
  });
  expect(plan).toMatchObject({
    version: 1,
    revision: 1,
    status: 'draft',
    input: { year: 2027 },
    coverage: { ok: expect.any(Boolean) },
  });
  expect(plan.result.months).toHaveLength(12);

  const put = (who: string, body: unknown) =>
    env.http
      .put('/api/plans/annual/2027')
      .set(env.auth(who))
      .send(body as object);
  const edited = await put('ka_manager', {
    revision: 1,
    input: { targets: { orders: 120 }, seasonalIndex: [5, 3, 10, 10, 10, 10, 8, 8, 10, 10, 8, 8] },
  });
  expect(edited.status).toBe(200);
  expect(edited.body).toMatchObject({ revision: 2, input: { targets: { orders: 120 } } });
  expect(edited.body.result.totals.orders).toBe(120);
  expect(edited.body.input.targets.aak).toBe(plan.input.targets.aak); // merged, not replaced

  const stale = await put('ka_manager', { revision: 1, input: { targets: { orders: 90 } } });
  expect(stale.status).toBe(409);
  expect(stale.body).toMatchObject({
    statusCode: 409,
    error: 'Conflict',
    message: expect.stringContaining('stale revision'),
  });

  const bad = await put('ka_manager', { revision: 2, input: { targets: { orders: -1 }, orderConversionRate: 1.5 } });
  expect(bad.status).toBe(400);
  expect(bad.body.details).toEqual(
    expect.arrayContaining([
      { field: 'input.targets.orders', problem: expect.any(String) },
      { field: 'input.orderConversionRate', problem: expect.any(String) },
    ]),
  );
  const noRevision = await put('ka_manager', { input: {} });
  expect(noRevision.status).toBe(400);
  expect(new Set(noRevision.body.details.map((d: { field: string }) => d.field))).toEqual(new Set(['revision']));
  expect((await put('consultant', { revision: 2, input: {} })).status).toBe(403);
  expect((await env.http.get('/api/plans/annual/2027').set(env.auth('ka_manager'))).body.revision).toBe(2);

  expect((await env.http.get('/api/plans/rolling/2026-13').set(env.auth('ka_manager'))).status).toBe(400);
  expect((await env.http.get('/api/plans/lead/2031-01').set(env.auth('ka_manager'))).status).toBe(404);
  expect((await env.http.get('/api/plans/budget/2027').set(env.auth('ka_manager'))).status).toBe(404);
});
