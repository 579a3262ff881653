// Operations: GET /api/metrics (Prometheus text, loopback or token), and /api/health 200 / 503 naming
// the failed check, with the API answering 503 (never 500) while PostgreSQL is cut off by a proxy.
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { loadConfig } from '@kaflow/config';
import { TaskEntity } from '@kaflow/persistence';
import { createApp } from '../../apps/api/src/app.factory';
import { startE2E, type E2E } from '../support/e2e';
import { eventually } from '../support/eventually';
import { TEMPORAL_ADDRESS, TEST_DATABASE_URL } from '../support/settings';
import { startTcpProxy } from '../support/tcp-proxy';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.stop();
});

const appOn = async (env: Record<string, string>) => {
  const config = loadConfig({ DATABASE_URL: TEST_DATABASE_URL, TEMPORAL_ADDRESS, LOG_LEVEL: 'warn', ...env });
  const app = await createApp({ ...config, taskQueue: e2e.taskQueue }, { logs: false });
  await app.init();
  return app;
};
const metricLine = (text: string, prefix: string) => text.split('\n').find((l) => l.startsWith(prefix));

describe('GET /api/metrics', () => {
  it('counts requests by route pattern and status, and reads open and overdue tasks from the database', async () => {
    await e2e.http.get('/api/me').set(e2e.auth('consultant'));
    await e2e.http.get(`/api/tasks/${randomUUID()}`).set(e2e.auth('consultant'));
    const kind = `metrics_probe_${e2e.tag}`;
    const base = {
      dealerId: e2e.dealer1.id,
      kind,
      title: 'probe',
      assigneeRole: 'consultant',
      chain: 'x',
      dueRule: 'P1D',
      subjectType: 'probe',
      subjectId: 'p',
      workflowId: `probe-${e2e.tag}`,
      createdAt: new Date(),
      remindAt: new Date(),
    };
    const past = new Date(Date.now() - 3_600_000);
    const future = new Date(Date.now() + 3_600_000);
    await e2e.db.getRepository(TaskEntity).save([
      { ...base, id: randomUUID(), dueAt: past, originalDueAt: past },
      { ...base, id: randomUUID(), dueAt: past, originalDueAt: past, escalationLevel: 2 },
      { ...base, id: randomUUID(), dueAt: future, originalDueAt: future },
    ]);
    const res = await e2e.http.get('/api/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(
      metricLine(res.text, 'kaflow_http_request_duration_seconds_count{method="GET",route="/api/me",status="200"}'),
    ).toBeDefined();
    expect(
      metricLine(
        res.text,
        'kaflow_http_request_duration_seconds_count{method="GET",route="/api/tasks/:id",status="404"}',
      ),
    ).toBeDefined();
    expect(metricLine(res.text, `kaflow_open_tasks{kind="${kind}",overdue="true"}`)).toMatch(/ 2$/);
    expect(metricLine(res.text, `kaflow_open_tasks{kind="${kind}",overdue="false"}`)).toMatch(/ 1$/);
    expect(metricLine(res.text, `kaflow_task_escalations{kind="${kind}",status="open"}`)).toMatch(/ 2$/);
    expect(metricLine(res.text, 'kaflow_emails{state="sent"}')).toBeDefined();
    expect(metricLine(res.text, 'kaflow_workflows{status="running"}')).toBeDefined();
    expect(res.text).not.toMatch(/route="\/api\/tasks\/[0-9a-f-]{36}"/); // patterns, never raw URLs
  });

  it('asks for the metrics token when one is configured', async () => {
    const app = await appOn({ METRICS_TOKEN: 'metrics-secret-1' });
    try {
      const http = request(app.getHttpServer());
      expect((await http.get('/api/metrics')).status).toBe(401);
      expect((await http.get('/api/metrics').set('Authorization', 'Bearer wrong')).status).toBe(401);
      expect((await http.get('/api/metrics').set('Authorization', 'Bearer metrics-secret-1')).status).toBe(200);
    } finally {
      await app.close();
    }
  });
});

describe('GET /api/health and outages', () => {
  it('is 200 with every check up', async () => {
    const res = await e2e.http.get('/api/health');
    expect(res.status).toBe(200);
    // the calendar check may say degraded, e.g. after 1 December while next year is provisional: still 200
    expect(res.body).toMatchObject({ status: 'ok', checks: { database: 'up', temporal: 'up' } });
  });

  it('is 503 naming temporal when Temporal does not answer', async () => {
    const app = await appOn({ TEMPORAL_ADDRESS: '127.0.0.1:1' });
    try {
      const res = await request(app.getHttpServer()).get('/api/health');
      expect(res.status).toBe(503);
      expect(res.body.checks).toMatchObject({ database: 'up', temporal: 'down' });
    } finally {
      await app.close();
    }
  });

  it('is 503 naming the database while PostgreSQL is cut off, the API answers 503 (not 500), and recovers', async () => {
    const target = new URL(TEST_DATABASE_URL);
    const proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
    target.port = String(proxy.port);
    const app = await appOn({ DATABASE_URL: target.toString() });
    try {
      const http = request(app.getHttpServer());
      const token = (
        await http.post('/api/auth/login').send({ username: e2e.users.consultant.username, password: 'test-password' })
      ).body.accessToken;
      expect((await http.get('/api/me').set('Authorization', `Bearer ${token}`)).status).toBe(200);
      proxy.cut();
      const health = await http.get('/api/health');
      expect(health.status).toBe(503);
      expect(health.body.checks).toMatchObject({ database: 'down', temporal: 'up' });
      const during = await http.get('/api/prospects').set('Authorization', `Bearer ${token}`);
      expect(during.status).toBe(503);
      expect(during.body).toMatchObject({ statusCode: 503, error: 'Unavailable', dependency: 'database' });
      expect(during.body.message).toBe(
        'the database (PostgreSQL) is unavailable; nothing was written, try again shortly',
      );
      proxy.restore();
      await eventually(async () => expect((await http.get('/api/health')).status).toBe(200), 20_000, 500);
      expect((await http.get('/api/prospects').set('Authorization', `Bearer ${token}`)).status).toBe(200);
    } finally {
      await app.close();
      await proxy.close();
    }
  });
});
