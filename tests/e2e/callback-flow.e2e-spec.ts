// The whole callback flow over HTTP: a consultant records a prospect, customer service gets the
// task and its e-mail, decides through the API; other dealers see nothing; a decision is taken once.
import { reconcileDecisions } from '../../apps/worker/src/reconcile';
import { startE2E, type E2E } from '../support/e2e';
import { eventually } from '../support/eventually';

let env: E2E;
beforeAll(async () => {
  env = await startE2E({ durations: { callback: 'PT1H', rectification: 'PT1H' } });
});
afterAll(async () => {
  await env?.stop();
});

const prospectBody = (name: string) => ({
  account: { name, customerType: 'government' },
  contactName: '李主任',
  contactPhone: '138 0013 8000',
  model: 'A6L',
  quantity: 6,
  grade: 'A',
  channel: 'business_event',
  developmentType: 'new',
  hot: false,
});

async function createProspect(name: string): Promise<string> {
  const res = await env.http.post('/api/prospects').set(env.auth('consultant')).send(prospectBody(name));
  expect(res.status).toBe(201);
  return res.body.id;
}

async function callbackTaskOf(prospectId: string, as = 'cs_agent') {
  return eventually(async () => {
    const res = await env.http.get('/api/tasks?status=open').set(env.auth(as));
    const task = res.body.items.find((t: any) => t.kind === 'callback' && t.subject.id === prospectId);
    expect(task).toBeDefined();
    return task;
  });
}

it('gives the callback to customer service with an e-mail, and takes the decision through the API', async () => {
  const prospectId = await createProspect('成都市公安局');
  const task = await callbackTaskOf(prospectId);
  expect(task).toMatchObject({
    kind: 'callback',
    status: 'open',
    assigneeRole: 'cs_agent',
    escalationLevel: 0,
    subject: { type: 'prospect', id: prospectId },
  });
  expect(task.workflowId).toBe(`callback:${env.dealer1.id}:${prospectId}`);
  await eventually(() =>
    expect(env.mailsTo(env.users.cs_agent.email).map((m) => m.subject)).toContainEqual(
      expect.stringContaining('成都市公安局'),
    ),
  );
  // the consultant does not have it in the inbox and may not decide it
  expect((await env.http.get('/api/tasks').set(env.auth('consultant'))).body.items.map((t: any) => t.id)).not.toContain(
    task.id,
  );
  expect(
    (await env.http.post(`/api/tasks/${task.id}/complete`).set(env.auth('consultant')).send({ decision: 'verified' }))
      .status,
  ).toBe(403);
  // a decision the kind does not take, and incorrect without corrections
  const wrong = await env.http
    .post(`/api/tasks/${task.id}/complete`)
    .set(env.auth('cs_agent'))
    .send({ decision: 'approve' });
  expect(wrong.status).toBe(400);
  expect(wrong.body.details[0].field).toBe('decision');
  const bare = await env.http
    .post(`/api/tasks/${task.id}/complete`)
    .set(env.auth('cs_agent'))
    .send({ decision: 'incorrect' });
  expect(bare.status).toBe(400);
  expect(bare.body.details[0].field).toBe('data.corrections');

  const done = await env.http
    .post(`/api/tasks/${task.id}/complete`)
    .set(env.auth('cs_agent'))
    .send({ decision: 'verified', comment: '电话核实无误' });
  expect(done.status).toBe(200);
  expect(done.body).toMatchObject({
    id: task.id,
    status: 'done',
    decision: 'verified',
    comment: '电话核实无误',
    decidedBy: env.users.cs_agent.id,
  });
  const again = await env.http
    .post(`/api/tasks/${task.id}/complete`)
    .set(env.auth('cs_agent'))
    .send({ decision: 'denied' });
  expect(again.status).toBe(409);
  expect((await env.http.get(`/api/tasks/${task.id}`).set(env.auth('cs_agent'))).body.decision).toBe('verified');
});

it('walks incorrect → rectification by the consultant → verification call', async () => {
  const prospectId = await createProspect('四川省机关事务管理局');
  const call = await callbackTaskOf(prospectId);
  const corrections = [{ field: 'contactPhone', value: '13900139000' }];
  expect(
    (
      await env.http
        .post(`/api/tasks/${call.id}/complete`)
        .set(env.auth('cs_agent'))
        .send({ decision: 'incorrect', data: { corrections } })
    ).status,
  ).toBe(200);
  const fix = await eventually(async () => {
    const res = await env.http.get('/api/tasks').set(env.auth('consultant'));
    const t = res.body.items.find((x: any) => x.kind === 'rectification' && x.subject.id === prospectId);
    expect(t).toBeDefined();
    return t;
  });
  expect(fix).toMatchObject({ assigneeUserId: env.users.consultant.id, payload: { source: 'callback', corrections } });
  expect(
    (await env.http.post(`/api/tasks/${fix.id}/complete`).set(env.auth('consultant_b')).send({ decision: 'fixed' }))
      .status,
  ).toBe(403);
  expect(
    (await env.http.post(`/api/tasks/${fix.id}/complete`).set(env.auth('consultant')).send({ decision: 'fixed' }))
      .status,
  ).toBe(200);
  const verification = await eventually(async () => {
    const t = await callbackTaskOf(prospectId);
    expect(t.id).not.toBe(call.id);
    return t;
  });
  expect(verification.payload.verification).toBe(true);
  expect(
    (
      await env.http
        .post(`/api/tasks/${verification.id}/complete`)
        .set(env.auth('cs_agent'))
        .send({ decision: 'verified' })
    ).status,
  ).toBe(200);
});

it('keeps dealers apart: dealer-2 users get 404 on dealer-1 tasks and prospects', async () => {
  const prospectId = await createProspect('成都航空有限公司');
  const task = await callbackTaskOf(prospectId);
  expect((await env.http.get(`/api/tasks/${task.id}`).set(env.auth('cs_agent2'))).status).toBe(404);
  expect(
    (await env.http.post(`/api/tasks/${task.id}/complete`).set(env.auth('admin2')).send({ decision: 'verified' }))
      .status,
  ).toBe(404);
  expect((await env.http.get(`/api/prospects/${prospectId}`).set(env.auth('gm2'))).status).toBe(404);
  expect(
    (await env.http.get('/api/tasks?status=all').set(env.auth('cs_agent2'))).body.items.map((t: any) => t.id),
  ).not.toContain(task.id);
  expect((await env.http.get('/api/tasks/not-a-uuid').set(env.auth('cs_agent'))).status).toBe(404);
});

it('takes exactly one of ten concurrent completions over HTTP', async () => {
  const prospectId = await createProspect('国网四川省电力公司');
  const task = await callbackTaskOf(prospectId);
  const responses = await Promise.all(
    [
      'verified',
      'denied',
      'unreachable',
      'verified',
      'denied',
      'unreachable',
      'verified',
      'denied',
      'unreachable',
      'verified',
    ].map((decision, i) =>
      env.http
        .post(`/api/tasks/${task.id}/complete`)
        .set(env.auth(i % 2 ? 'cs_manager' : 'cs_agent'))
        .send({ decision }),
    ),
  );
  const statuses = responses.map((r) => r.status).sort();
  expect(statuses).toEqual([200, 409, 409, 409, 409, 409, 409, 409, 409, 409]);
  const winner = responses.find((r) => r.status === 200)!.body;
  const row = (await env.http.get(`/api/tasks/${task.id}`).set(env.auth('cs_agent'))).body;
  expect(row).toMatchObject({ status: 'done', decision: winner.decision, decidedBy: winner.decidedBy });
});

it('runs the daily check once per dealer and date however often it is triggered', async () => {
  const first = await env.http
    .post('/api/processes/daily-check/trigger')
    .set(env.auth('ka_manager'))
    .send({ businessDate: '2026-12-03' });
  expect(first.status).toBe(202);
  expect(first.body).toMatchObject({ workflowId: `daily-check:${env.dealer1.id}:2026-12-03`, started: true });
  const second = await env.http
    .post('/api/processes/daily-check/trigger')
    .set(env.auth('ka_manager'))
    .send({ businessDate: '2026-12-03' });
  expect(second.status).toBe(202);
  expect(second.body).toMatchObject({ workflowId: first.body.workflowId, started: false });
  const weekend = await env.http
    .post('/api/processes/daily-check/trigger')
    .set(env.auth('admin'))
    .send({ businessDate: '2026-12-05' });
  expect(weekend.status).toBe(200);
  expect(weekend.body).toMatchObject({ started: false, reason: expect.stringContaining('not a working day') });
  expect((await env.http.post('/api/processes/daily-check/trigger').set(env.auth('consultant')).send({})).status).toBe(
    403,
  );
  expect(
    (
      await env.http
        .post('/api/processes/daily-check/trigger')
        .set(env.auth('admin'))
        .send({ businessDate: '2026-02-30' })
    ).status,
  ).toBe(400);
  expect((await env.http.post('/api/processes/teleport/trigger').set(env.auth('admin')).send({})).status).toBe(404);
});

it('carries on a workflow whose decision was written but never reached it (the worker died in between)', async () => {
  // The state a worker killed inside the decision's workflow task leaves (tests/faults/scale-out found
  // it): the task row decided, the workflow still waiting for the update it lost. The client's retry
  // is told 409, and the stored decision is sent to the workflow again, so the callback finishes.
  const prospectId = await createProspect('四川省交通运输厅');
  const task = await callbackTaskOf(prospectId);
  await env.db.query(
    `UPDATE task SET status = 'done', decision = 'verified', "decidedBy" = $2, "decidedAt" = now() WHERE id = $1`,
    [task.id, env.users.cs_agent.id],
  );
  const handle = env.client.workflow.getHandle(task.workflowId);
  expect((await handle.describe()).status.name).toBe('RUNNING');

  const retry = await env.http
    .post(`/api/tasks/${task.id}/complete`)
    .set(env.auth('cs_agent'))
    .send({ decision: 'verified' });
  expect(retry.status).toBe(409);
  expect(await handle.result()).toEqual({ outcome: 'verified', rounds: 0 });
  const [check] = await env.db.query(`SELECT status, outcome FROM callback_check WHERE "workflowId" = $1`, [
    task.workflowId,
  ]);
  expect(check).toEqual({ status: 'closed', outcome: 'verified' });
});

it('marks a decision its workflow took, and the reconcile sends one it never got again, once, with no client retry', async () => {
  // through the API: the workflow answers the update, and the row says it has the decision
  const taken = await callbackTaskOf(await createProspect('成都市交通运输局'));
  const answer = await env.http
    .post(`/api/tasks/${taken.id}/complete`)
    .set(env.auth('cs_agent'))
    .send({ decision: 'verified' });
  expect(answer.status).toBe(200);
  await eventually(async () => {
    const [row] = await env.db.query(`SELECT "deliveredAt" FROM task WHERE id = $1`, [taken.id]);
    expect(row.deliveredAt).not.toBeNull();
  });

  // the state a worker killed inside the decision's workflow task leaves, and nobody retries
  const task = await callbackTaskOf(await createProspect('成都市应急管理局'));
  await env.db.query(
    `UPDATE task SET status = 'done', decision = 'unreachable', comment = '电话无人接听', "decidedBy" = $2, "decidedAt" =
      now() WHERE id = $1`,
    [task.id, env.users.cs_agent.id],
  );
  const handle = env.client.workflow.getHandle(task.workflowId);
  const only = { dealerIds: [env.dealer1.id] };
  // a decision younger than two minutes may still be on its way: left alone
  await reconcileDecisions(env.client, env.db, undefined, only);
  expect((await handle.describe()).status.name).toBe('RUNNING');
  expect((await env.db.query(`SELECT "deliveredAt" FROM task WHERE id = $1`, [task.id]))[0].deliveredAt).toBeNull();

  const first = await reconcileDecisions(env.client, env.db, undefined, { ...only, minAgeMs: 0 });
  expect(first.delivered).toBe(1);
  expect(first.failed).toBe(0);
  // the callback goes on with the stored decision and ends with it
  expect(await handle.result()).toEqual({ outcome: 'unreachable', rounds: 0 });
  const [check] = await env.db.query(`SELECT status, outcome FROM callback_check WHERE "workflowId" = $1`, [
    task.workflowId,
  ]);
  expect(check).toEqual({ status: 'closed', outcome: 'unreachable' });
  const [row] = await env.db.query(`SELECT status, decision, comment, "deliveredAt" FROM task WHERE id = $1`, [
    task.id,
  ]);
  expect(row).toMatchObject({ status: 'done', decision: 'unreachable', comment: '电话无人接听' });
  expect(row.deliveredAt).not.toBeNull();
  const [audits] = await env.db.query(
    `SELECT count(*)::int AS n FROM audit_log WHERE action = 'task.decided' AND "entityId" = $1`,
    [task.id],
  );
  expect(audits.n).toBe(0); // the row was written by hand here; the resend wrote no second decision

  // again: nothing left to send
  expect(await reconcileDecisions(env.client, env.db, undefined, { ...only, minAgeMs: 0 })).toEqual({
    delivered: 0,
    alreadyThere: 0,
    failed: 0,
  });

  // a mark lost (an API killed after the update's answer): the resend is refused by a workflow that has
  // the decision and is still running (incorrect → rectification), and by one that is over (verified)
  const incorrect = await callbackTaskOf(await createProspect('成都市生态环境局'));
  expect(
    (
      await env.http
        .post(`/api/tasks/${incorrect.id}/complete`)
        .set(env.auth('cs_agent'))
        .send({ decision: 'incorrect', data: { corrections: [{ field: 'contactName', value: '王科长' }] } })
    ).status,
  ).toBe(200);
  await eventually(async () =>
    expect(await env.tasks({ kind: 'rectification', subjectId: incorrect.subject.id })).toHaveLength(1),
  );
  await env.client.workflow.getHandle(taken.workflowId).result();
  await eventually(async () => {
    const rows = await env.db.query(
      `SELECT count(*)::int AS n FROM task WHERE id = ANY($1) AND "deliveredAt" IS NOT NULL`,
      [[taken.id, incorrect.id]],
    );
    expect(rows[0].n).toBe(2);
  });
  await env.db.query(`UPDATE task SET "deliveredAt" = NULL WHERE id = ANY($1)`, [[taken.id, incorrect.id]]);
  expect(await reconcileDecisions(env.client, env.db, undefined, { ...only, minAgeMs: 0 })).toEqual({
    delivered: 0,
    alreadyThere: 2,
    failed: 0,
  });
  expect((await env.client.workflow.getHandle(incorrect.workflowId).describe()).status.name).toBe('RUNNING');
  expect(await env.tasks({ kind: 'rectification', subjectId: incorrect.subject.id })).toHaveLength(1);
  const marked = await env.db.query(
    `SELECT count(*)::int AS n FROM task WHERE id = ANY($1) AND "deliveredAt" IS NOT NULL`,
    [[taken.id, incorrect.id]],
  );
  expect(marked[0].n).toBe(2);
});
