// Notification settings over HTTP: the dealer admin's WeCom robots and application (secrets sealed,
// never returned), the sending status, and each person's channels and language through PATCH /api/me.
import { NotificationEntity, DealerNotificationSettingsEntity, UserEntity } from '@kaflow/persistence';
import { startE2E, type E2E } from '../support/e2e';

let env: E2E;
beforeAll(async () => {
  env = await startE2E();
});
afterAll(async () => {
  await env?.stop();
});

const HOOK = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=3f1c-secret-robot-key';
const put = (who: string, body: unknown) =>
  env.http
    .put('/api/admin/notifications')
    .set(env.auth(who))
    .send(body as object);

it('stores robots and the application sealed, and never answers with a secret', async () => {
  const res = await put('admin', {
    defaults: { channels: ['email', 'wecom'], lang: 'zh-CN' },
    wecom: {
      robots: [
        { role: 'ka_manager', webhookUrl: HOOK },
        { role: 'cs_agent', webhookUrlEnv: 'KAFLOW_CS_ROBOT' },
      ],
      app: { corpId: 'ww0123', agentId: 1000002, secret: 'app-secret-xyz' },
    },
  });
  expect(res.status).toBe(200);
  expect(res.body.defaults).toEqual({ channels: ['email', 'wecom'], lang: 'zh-CN' });
  expect(res.body.wecom).toEqual({
    robots: [
      { role: 'ka_manager', webhookUrlSet: true },
      { role: 'cs_agent', webhookUrlSet: true, webhookUrlEnv: 'KAFLOW_CS_ROBOT' },
    ],
    app: {
      corpId: 'ww0123',
      agentId: 1000002,
      secretSet: true,
      callbackSet: false,
      callbackPath: `/api/wecom/callback/${env.dealer1.id}`,
    },
  });
  const got = await env.http.get('/api/admin/notifications').set(env.auth('admin'));
  expect(got.status).toBe(200);
  for (const text of [JSON.stringify(res.body), JSON.stringify(got.body)]) {
    expect(text).not.toContain('3f1c-secret-robot-key');
    expect(text).not.toContain('app-secret-xyz');
  }
  const row = await env.db
    .getRepository(DealerNotificationSettingsEntity)
    .findOneByOrFail({ dealerId: env.dealer1.id });
  expect(JSON.stringify(row.wecom)).not.toMatch(/3f1c-secret-robot-key|app-secret-xyz/);
  expect(row.wecom.robots?.[0].webhookUrl).toMatch(/^v1:/);

  // Changing the agent id alone keeps the stored secret; a robot listed without a URL keeps its URL.
  const again = await put('admin', {
    wecom: { robots: [{ role: 'ka_manager' }], app: { corpId: 'ww0123', agentId: 1000003 } },
  });
  expect(again.status).toBe(200);
  expect(again.body.wecom).toEqual({
    robots: [{ role: 'ka_manager', webhookUrlSet: true }],
    app: {
      corpId: 'ww0123',
      agentId: 1000003,
      secretSet: true,
      callbackSet: false,
      callbackPath: `/api/wecom/callback/${env.dealer1.id}`,
    },
  });
  const kept = await env.db
    .getRepository(DealerNotificationSettingsEntity)
    .findOneByOrFail({ dealerId: env.dealer1.id });
  expect(kept.wecom.robots?.[0].webhookUrl).toBe(row.wecom.robots?.[0].webhookUrl);
  expect(kept.wecom.app?.secret).toBe(row.wecom.app?.secret);
});

it('answers 400 naming each bad field and changes nothing; 403 for non-admins; each dealer sees its own', async () => {
  const before = await env.http.get('/api/admin/notifications').set(env.auth('admin'));
  const bad = await put('admin', {
    defaults: { channels: ['sms'], lang: 'fr' },
    wecom: {
      robots: [{ role: 'boss', webhookUrl: 'ftp://x' }, { role: 'gm' }],
      app: { corpId: 'ww0123', agentId: -1 },
    },
    extra: 1,
  });
  expect(bad.status).toBe(400);
  expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(
    [
      'defaults.channels',
      'defaults.lang',
      'extra',
      'wecom.app.agentId',
      'wecom.robots[0].role',
      'wecom.robots[0].webhookUrl',
      'wecom.robots[1].webhookUrl',
    ].sort(),
  );
  const after = await env.http.get('/api/admin/notifications').set(env.auth('admin'));
  expect(after.body.wecom).toEqual(before.body.wecom);
  expect((await put('ka_manager', { defaults: { lang: 'en' } })).status).toBe(403);
  expect((await env.http.get('/api/admin/notifications').set(env.auth('consultant'))).status).toBe(403);
  const other = await env.http.get('/api/admin/notifications').set(env.auth('admin2'));
  expect(other.status).toBe(200);
  expect(other.body.wecom).toEqual({ robots: [], app: null });
  expect(other.body.defaults).toEqual({ channels: ['email'], lang: 'zh-CN' });
});

it('counts what was sent, waits, is retried and failed, per channel, for the admin', async () => {
  const repo = env.db.getRepository(NotificationEntity);
  const row = (key: string, o: Partial<NotificationEntity>) => ({
    key: `e2e-status:${key}`,
    dealerId: env.dealer2.id,
    taskId: null,
    kind: 'task_reminder',
    recipients: ['x'],
    subject: 's',
    sentAt: null,
    createdAt: new Date(),
    channel: 'wecom_robot',
    target: 'ka_manager',
    attempts: 0,
    ...o,
  });
  // the unsent rows are due in an hour, so the test's own flusher leaves them as they are until the read
  const later = new Date(Date.now() + 3_600_000);
  await repo.insert([
    row('a', { sentAt: new Date() }),
    row('b', { sentAt: new Date(), attempts: 2, lastError: 'sent after retry: 45009 api freq out of limit' }),
    row('c', { attempts: 1, lastError: '-1 system busy', sendAfter: later }),
    row('d', { attempts: 1, failedAt: new Date(), lastError: '93000 invalid webhook url' }),
    row('e', { channel: 'email', target: 'a@b', sendAfter: later }),
  ]);
  const res = await env.http.get('/api/admin/notifications').set(env.auth('admin2'));
  expect(res.body.status.channels).toEqual({
    email: { sent: 0, sentAfterRetry: 0, waiting: 1, retrying: 0, failed: 0, failedTries: 0 },
    wecom_robot: { sent: 2, sentAfterRetry: 1, waiting: 0, retrying: 1, failed: 1, failedTries: 4 },
  });
  expect(res.body.status.recentProblems.map((p: { error: string }) => p.error).sort()).toEqual([
    '-1 system busy',
    '93000 invalid webhook url',
    'sent after retry: 45009 api freq out of limit',
  ]);
  const first = await env.http.get('/api/admin/notifications').set(env.auth('admin'));
  expect(first.body.status.channels.wecom_robot).toBeUndefined();
});

it('lets each person choose channels, language and WeCom id with PATCH /api/me', async () => {
  const me = env.auth('consultant');
  const initial = await env.http.get('/api/me/preferences').set(me);
  expect(initial.body).toEqual({
    notifyChannels: null,
    messageLang: null,
    wecomUserId: null,
    effective: { channels: ['email', 'wecom'], lang: 'zh-CN' },
  });
  const res = await env.http
    .patch('/api/me')
    .set(me)
    .send({ notifyChannels: ['wecom'], messageLang: 'en', wecomUserId: 'zhang.san' });
  expect(res.status).toBe(200);
  expect(res.body).toEqual({
    notifyChannels: ['wecom'],
    messageLang: 'en',
    wecomUserId: 'zhang.san',
    effective: { channels: ['wecom'], lang: 'en' },
  });
  const bad = await env.http
    .patch('/api/me')
    .set(me)
    .send({ notifyChannels: [], messageLang: 'de', roles: ['admin'] });
  expect(bad.status).toBe(400);
  expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
    'messageLang',
    'notifyChannels',
    'roles',
  ]);
  const u = await env.db.getRepository(UserEntity).findOneByOrFail({ id: env.users.consultant.id });
  expect(u).toMatchObject({
    notifyChannels: ['wecom'],
    messageLang: 'en',
    wecomUserId: 'zhang.san',
    roles: ['consultant'],
  });
  const reset = await env.http.patch('/api/me').set(me).send({ notifyChannels: null, messageLang: null });
  expect(reset.body.effective).toEqual({ channels: ['email', 'wecom'], lang: 'zh-CN' });
});
