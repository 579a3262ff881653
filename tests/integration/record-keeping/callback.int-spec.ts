// The one-week callback against real PostgreSQL, the Temporal dev server and an SMTP listener,
// with a policy of seconds.
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { AuditLogEntity, CallbackCheckEntity, NotificationEntity } from '@kaflow/persistence';
import { callbackWorkflow, callbackWorkflowId, decideUpdate } from '@kaflow/workflows';
import { startTestEnv, type TestEnv } from '../../support/env';
import { insertProspect } from '../../support/fixtures';
import { eventually } from '../../support/eventually';

let env: TestEnv;
beforeAll(async () => {
  env = await startTestEnv();
});
afterAll(async () => {
  await env?.stop();
});

const email = (f: { users: Record<string, { email: string }> }, name: string) => f.users[name].email;

async function startCallback(dealerId: string, prospectId: string) {
  return env.client.workflow.start(callbackWorkflow, {
    workflowId: callbackWorkflowId(dealerId, prospectId),
    taskQueue: env.taskQueue,
    args: [{ dealerId, prospectId }],
  });
}

const openCallbackTask = (prospectId: string) =>
  eventually(async () => {
    const [t] = await env.tasks({ subjectId: prospectId, kind: 'callback', status: 'open' });
    expect(t).toBeDefined();
    return t;
  });

it('reminds, then escalates an untouched callback to the customer-service manager, who decides it', async () => {
  const f = await env.createDealer({ reminderAt: 0.5, durations: { callback: 'PT6S' } });
  const p = await insertProspect(env.db, f);
  const handle = await startCallback(f.dealer.id, p.id);

  const task = await openCallbackTask(p.id);
  expect(task).toMatchObject({ assigneeRole: 'cs_agent', escalationLevel: 0, chain: 'customer_service' });
  await eventually(() =>
    expect(env.mailsTo(email(f, 'cs_agent')).map((m) => m.subject)).toContainEqual(
      expect.stringMatching(/^【待办】回访：/),
    ),
  );
  await eventually(() =>
    expect(env.mailsTo(email(f, 'cs_agent')).map((m) => m.subject)).toContainEqual(expect.stringMatching(/^【提醒】/)),
  );
  await eventually(async () => {
    const [t] = await env.tasks({ id: task.id });
    expect(t).toMatchObject({ assigneeRole: 'cs_manager', escalationLevel: 1, status: 'open' });
  });
  await eventually(() =>
    expect(env.mailsTo(email(f, 'cs_manager')).map((m) => m.subject)).toContainEqual(
      expect.stringMatching(/^【升级】/),
    ),
  );

  const view = await handle.executeUpdate(decideUpdate, {
    args: [{ taskId: task.id, decision: 'verified', byUserId: f.users.cs_manager.id }],
  });
  expect(view).toMatchObject({ id: task.id, status: 'done', decision: 'verified', decidedBy: f.users.cs_manager.id });
  expect(await handle.result()).toEqual({ outcome: 'verified', rounds: 0 });
  const check = await env.db.getRepository(CallbackCheckEntity).findOneByOrFail({ prospectId: p.id });
  expect(check).toMatchObject({ status: 'closed', outcome: 'verified', onTime: false });
  // one assignment mail, one reminder, one escalation: nothing sent twice
  const sent = await env.db.getRepository(NotificationEntity).findBy({ taskId: task.id });
  expect(sent.map((n) => n.kind).sort()).toEqual(['task_assigned', 'task_escalated', 'task_reminder']);
});

it('turns an incorrect record into a rectification for the consultant, then verifies it with a second call', async () => {
  const f = await env.createDealer({ durations: { callback: 'PT1H', rectification: 'PT1H' } });
  const p = await insertProspect(env.db, f);
  const handle = await startCallback(f.dealer.id, p.id);
  const first = await openCallbackTask(p.id);

  const corrections = [{ field: 'contactPhone', value: '13900139000' }];
  await handle.executeUpdate(decideUpdate, {
    args: [{ taskId: first.id, decision: 'incorrect', data: { corrections }, byUserId: f.users.cs_agent.id }],
  });
  const fix = await eventually(async () => {
    const [t] = await env.tasks({ subjectId: p.id, kind: 'rectification', status: 'open' });
    expect(t).toMatchObject({ assigneeUserId: f.users.consultant.id, assigneeRole: null });
    return t;
  });
  expect(fix.payload).toMatchObject({ source: 'callback', corrections });
  expect((await env.db.getRepository(CallbackCheckEntity).findOneByOrFail({ prospectId: p.id })).status).toBe(
    'rectifying',
  );
  await eventually(() =>
    expect(env.mailsTo(email(f, 'consultant')).map((m) => m.subject)).toContainEqual(
      expect.stringMatching(/^【待办】整改：/),
    ),
  );

  await handle.executeUpdate(decideUpdate, {
    args: [{ taskId: fix.id, decision: 'fixed', byUserId: f.users.consultant.id }],
  });
  const verification = await openCallbackTask(p.id);
  expect(verification.id).not.toBe(first.id);
  expect(verification.payload).toMatchObject({ verification: true, corrections });
  await handle.executeUpdate(decideUpdate, {
    args: [{ taskId: verification.id, decision: 'verified', byUserId: f.users.cs_agent.id }],
  });

  expect(await handle.result()).toEqual({ outcome: 'verified', rounds: 1 });
  const check = await env.db.getRepository(CallbackCheckEntity).findOneByOrFail({ prospectId: p.id });
  expect(check).toMatchObject({
    status: 'closed',
    outcome: 'incorrect',
    verificationOutcome: 'verified',
    onTime: true,
    corrections,
  });
});

it('takes exactly one of ten concurrent decisions on the same task', async () => {
  const f = await env.createDealer({ durations: { callback: 'PT1H' } });
  const p = await insertProspect(env.db, f);
  const handle = await startCallback(f.dealer.id, p.id);
  const task = await openCallbackTask(p.id);

  const decisions = [
    'verified',
    'unreachable',
    'denied',
    'verified',
    'unreachable',
    'denied',
    'verified',
    'unreachable',
    'denied',
    'verified',
  ];
  const results = await Promise.allSettled(
    decisions.map((decision) =>
      handle.executeUpdate(decideUpdate, { args: [{ taskId: task.id, decision, byUserId: f.users.cs_agent.id }] }),
    ),
  );
  const won = results.filter((r) => r.status === 'fulfilled');
  const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  expect(won).toHaveLength(1);
  expect(lost).toHaveLength(9);
  // Each loser is refused: by the validator (Conflict) while the winner's write runs, or — the write is a
  // local activity in the same workflow task, so the workflow may finish first — because the workflow has
  // completed (the API answers both with 409).
  for (const r of lost) {
    if (r.reason instanceof WorkflowNotFoundError) continue;
    expect(r.reason).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((r.reason as WorkflowUpdateFailedError).cause).toMatchObject({ type: 'Conflict' });
  }
  const winner = (won[0] as PromiseFulfilledResult<{ decision: string }>).value.decision;
  const [row] = await env.tasks({ id: task.id });
  expect(row).toMatchObject({ status: 'done', decision: winner });
  expect(await env.db.getRepository(AuditLogEntity).countBy({ entityId: task.id, action: 'task.decided' })).toBe(1);
  await handle.result();
});

it('loses nothing and sends no mail twice when the worker stops while a task waits', async () => {
  const f = await env.createDealer({ reminderAt: 0.5, durations: { callback: 'PT8S' } });
  const p = await insertProspect(env.db, f);
  const handle = await startCallback(f.dealer.id, p.id);
  const task = await openCallbackTask(p.id);
  await eventually(() => expect(env.mailsTo(email(f, 'cs_agent'))).toHaveLength(1));

  await env.stopWorker();
  await new Promise((r) => setTimeout(r, 9_000)); // the reminder point and the deadline pass while no worker runs
  await env.startWorker();

  await eventually(async () => {
    const [t] = await env.tasks({ id: task.id });
    expect(t).toMatchObject({ assigneeRole: 'cs_manager', escalationLevel: 1 });
  });
  await eventually(() => expect(env.mailsTo(email(f, 'cs_manager'))).toHaveLength(1));
  const agentMails = env
    .mailsTo(email(f, 'cs_agent'))
    .map((m) => m.subject.slice(0, 4))
    .sort();
  expect(agentMails).toEqual(['【待办】', '【提醒】']);
  await handle.executeUpdate(decideUpdate, {
    args: [{ taskId: task.id, decision: 'denied', byUserId: f.users.cs_manager.id }],
  });
  expect(await handle.result()).toEqual({ outcome: 'denied', rounds: 0 });
});
