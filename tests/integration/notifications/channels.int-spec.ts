// Task messages on every channel against real PostgreSQL, Temporal, an SMTP listener and a local
// WeCom listener (started here, speaking the documented protocol): a reminder and an escalation
// reach a WeCom robot and a WeCom user exactly once each, through 45009 and an expired token;
// many task mails to one person within the debounce become one digest, while escalations go alone.
import { randomUUID } from 'node:crypto';
import { DealerNotificationSettingsEntity, NotificationEntity, UserEntity } from '@kaflow/persistence';
import { createActivities, type ActivityDeps } from '@kaflow/activities';
import { callbackWorkflow, callbackWorkflowId } from '@kaflow/workflows';
import { SecretBox } from '@kaflow/wecom';
import { startWecomCatcher, type WecomCatcher } from '../../../scripts/wecom-catcher';
import { startTestEnv, type TestEnv } from '../../support/env';
import { insertProspect, type DealerFixture } from '../../support/fixtures';
import { eventually } from '../../support/eventually';

const SECRET_KEY = 'kaflow-dev-secret-key-change-me'; // the default when KAFLOW_SECRET_KEY is unset
let env: TestEnv;
let wc: WecomCatcher;
beforeAll(async () => {
  wc = await startWecomCatcher({ port: 0, corpId: 'corp-test', corpSecret: 'app-secret' });
  process.env.WECOM_API_BASE = wc.url; // read by the outbox when it first sends
  env = await startTestEnv();
});
afterAll(async () => {
  await env?.stop();
  await wc?.close();
});

const control = (path: string, body: object) =>
  fetch(`${wc.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

/** WeCom for customer service: a robot per role group, the application, two people on WeCom (one reads English). */
async function withWecom(f: DealerFixture) {
  const box = new SecretBox(SECRET_KEY);
  const hook = (key: string) => box.seal(`${wc.url}/cgi-bin/webhook/send?key=${key}`);
  await env.db.getRepository(DealerNotificationSettingsEntity).save({
    dealerId: f.dealer.id,
    defaultChannels: ['email'],
    defaultLang: 'zh-CN',
    updatedAt: new Date(),
    updatedBy: null,
    wecom: {
      robots: [
        { role: 'cs_agent', webhookUrl: hook(`cs-agents-${f.dealer.id}`) },
        { role: 'cs_manager', webhookUrl: hook(`cs-managers-${f.dealer.id}`) },
      ],
      app: { corpId: 'corp-test', agentId: 1000002, secret: box.seal('app-secret') },
    },
  });
  const users = env.db.getRepository(UserEntity);
  await users.update(
    { id: f.users.cs_agent.id },
    { notifyChannels: ['email', 'wecom'], wecomUserId: `agent-${f.dealer.code}`, messageLang: 'en' },
  );
  await users.update({ id: f.users.cs_manager.id }, { notifyChannels: ['wecom'], wecomUserId: `mgr-${f.dealer.code}` });
}

it('a reminder and an escalation reach the WeCom robot and the WeCom user exactly once each', async () => {
  const f = await env.createDealer({ reminderAt: 0.5, durations: { callback: 'PT6S' } });
  await withWecom(f);
  const agentsRobot = `cs-agents-${f.dealer.id}`;
  const managersRobot = `cs-managers-${f.dealer.id}`;
  const agent = `agent-${f.dealer.code}`;
  const manager = `mgr-${f.dealer.code}`;
  // The robot's minute is used up once (45009) and the access token expires before the escalation.
  await control('/__control/fail-next', { path: '/cgi-bin/webhook/send', errcode: 45009, count: 1 });
  const p = await insertProspect(env.db, f);
  await env.client.workflow.start(callbackWorkflow, {
    workflowId: callbackWorkflowId(f.dealer.id, p.id),
    taskQueue: env.taskQueue,
    args: [{ dealerId: f.dealer.id, prospectId: p.id }],
  });
  const mine = () =>
    wc
      .messages()
      .filter((m) => [agentsRobot, managersRobot].includes(m.target) || [agent, manager].includes(m.touser ?? ''));
  await eventually(
    () => expect(mine().filter((m) => m.touser === agent && /^\*\*\[Reminder\]/.test(m.content))).toHaveLength(1),
    30_000,
  );
  await control('/__control/expire-tokens', {});
  await eventually(
    () => expect(mine().filter((m) => m.touser === manager && /^\*\*【升级】/.test(m.content))).toHaveLength(1),
    30_000,
  );
  await eventually(() =>
    expect(mine().filter((m) => m.target === managersRobot && /^\*\*【升级】/.test(m.content))).toHaveLength(1),
  );
  const [task] = await env.tasks({ subjectId: p.id, kind: 'callback' });

  // Running the reminder and escalation activities again (a retry, a restarted worker) sends nothing more.
  const acts = createActivities({
    db: env.db,
    mailer: env.mailer,
    publicUrl: 'http://localhost:3000',
    now: () => new Date(),
  });
  await acts.remindTask({ taskId: task.id, escalationLevel: 0 });
  await acts.escalateTask({ taskId: task.id, toLevel: 1 });
  await new Promise((r) => setTimeout(r, 1000));

  const seen = mine().map((m) => [
    m.channel,
    m.touser ?? m.target,
    m.content.split('\n')[0].replace(/\*\*/g, '').slice(0, 5),
  ]);
  const link = `http://localhost:3000/tasks/${task.id}`;
  expect(seen.sort()).toEqual(
    [
      ['app', agent, '[New '],
      ['app', agent, '[Remi'],
      ['app', manager, '【升级】回'],
      ['robot', agentsRobot, '【待办】回'],
      ['robot', agentsRobot, '【提醒】回'],
      ['robot', managersRobot, '【升级】回'],
    ].sort(),
  );
  for (const m of mine()) {
    // the application's messages open the task through the WeCom sign-in; a group robot's link is the page's
    expect(m.content).toContain(m.channel === 'app' ? `](${link}?wecom=1&dealer=${task.dealerId})` : `](${link})`);
    expect(m.content).toMatch(/北京时间|Beijing time/);
    expect(m.content).not.toMatch(/\/api\/|\bPOST\b|UTC/);
  }
  // The manager chose WeCom alone: no e-mail; the agent chose both.
  expect(env.mailsTo(f.users.cs_manager.email)).toHaveLength(0);
  expect(
    env
      .mailsTo(f.users.cs_agent.email)
      .map((m) => m.subject.slice(0, 4))
      .sort(),
  ).toEqual(['[New', '[Rem']);
  // (The task keeps climbing the chain by e-mail meanwhile; every row it wrote gets sent.)
  const rows = await eventually(async () => {
    const all = await env.db.getRepository(NotificationEntity).findBy({ taskId: task.id });
    expect(all.filter((r) => !r.sentAt || r.failedAt).map((r) => [r.key, r.lastError])).toEqual([]);
    return all;
  });
  // The robot's 45009 was retried inside the send, and is counted for the admin.
  expect(rows.find((r) => r.channel === 'wecom_robot' && r.kind === 'task_assigned')).toMatchObject({
    attempts: 1,
    lastError: expect.stringMatching(/45009/),
  });
});

it('folds a burst of task mails for one person into one digest; an escalation still goes alone', async () => {
  const f = await env.createDealer();
  const deps: ActivityDeps = {
    db: env.db,
    mailer: env.mailer,
    publicUrl: 'http://kaflow.test',
    now: () => new Date(),
    notify: { config: { debounceMs: 8000 } },
  };
  const acts = createActivities(deps);
  const ids = Array.from({ length: 6 }, () => randomUUID());
  for (const [i, taskId] of ids.entries()) {
    await acts.createTask({
      taskId,
      workflowId: `test:${taskId}`,
      kind: 'overdue_followup',
      dealerId: f.dealer.id,
      title: `逾期跟进：客户${i + 1}`,
      assignee: { role: 'ka_manager' },
      chain: 'default',
      due: 'overdueFollowup',
      subject: { type: 'prospect', id: `p${i}` },
    });
  }
  await acts.escalateTask({ taskId: ids[0], toLevel: 1 }); // to the sales director, at once
  await eventually(() =>
    expect(env.mailsTo(f.users.sales_director.email).map((m) => m.subject)).toEqual(['【升级】逾期跟进：客户1']),
  );
  expect(env.mailsTo(f.users.ka_manager.email)).toHaveLength(0); // still waiting out the debounce
  // The worker's flusher (started by the test environment) sends the waiting six as one digest.
  await eventually(() => expect(env.mailsTo(f.users.ka_manager.email)).toHaveLength(1), 15_000);
  await new Promise((r) => setTimeout(r, 1000));
  const [digest] = env.mailsTo(f.users.ka_manager.email);
  expect(env.mailsTo(f.users.ka_manager.email)).toHaveLength(1);
  expect(digest.subject).toBe('【待办汇总】您有 6 项任务待处理');
  for (const id of ids) expect(digest.text).toContain(`http://kaflow.test/tasks/${id}`);
  expect(digest.text.match(/^\d+\. 逾期跟进：客户\d$/gm)).toHaveLength(6);
  expect(env.mailsTo(f.users.sales_director.email)).toHaveLength(1);
  const rows = await env.db
    .getRepository(NotificationEntity)
    .findBy({ dealerId: f.dealer.id, channel: 'email', kind: 'task_assigned' });
  expect(rows).toHaveLength(6);
  expect(new Set(rows.map((r) => r.digestKey)).size).toBe(1);
  expect(rows.every((r) => r.sentAt && r.digestKey)).toBe(true);
});
