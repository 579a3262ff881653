// Backup → restore → the same answers: `npm run backup` dumps the database the API runs on, `npm run restore`
// loads the dump into a new, empty database, and an API started on the restored database answers the same
// prospects, plans and tasks as the original.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { loadConfig } from '@kaflow/config';
import { createApp } from '../../apps/api/src/app.factory';
import { startE2E, type E2E } from '../support/e2e';
import { eventually } from '../support/eventually';
import { PASSWORD } from '../support/fixtures';
import { TEMPORAL_ADDRESS, TEST_DATABASE_URL } from '../support/settings';
import { scratchDatabase } from '../support/scratch-db';

const ROOT = join(__dirname, '..', '..');
const scratch = scratchDatabase('restored');
const restoredUrl = scratch.url;
let env: E2E;
let dir: string;

const dropRestored = scratch.drop;

beforeAll(async () => {
  env = await startE2E({ durations: { callback: 'PT1H' } });
  dir = mkdtempSync(join(tmpdir(), 'kaflow-backup-'));
  await dropRestored();
});
afterAll(async () => {
  await env?.stop();
  rmSync(dir, { recursive: true, force: true });
  await dropRestored();
});

it('restores a backup into an empty database, and the API answers the same prospects, plans and tasks', async () => {
  const created = await env.http
    .post('/api/prospects')
    .set(env.auth('consultant'))
    .send({
      account: { name: '成都市备份测试局', customerType: 'government' },
      contactName: '李主任',
      contactPhone: '13800138000',
      model: 'A6L',
      quantity: 6,
      grade: 'A',
      channel: 'business_event',
      developmentType: 'new',
    });
  expect(created.status).toBe(201);
  const trigger = await env.http
    .post('/api/processes/annual-plan/trigger')
    .set(env.auth('ka_manager'))
    .send({ businessDate: '2026-12-01' });
  expect(trigger.status).toBe(202);
  // the callback task and the annual plan's draft exist before the backup is taken
  await eventually(async () => {
    const tasks = (await env.http.get('/api/tasks?status=all').set(env.auth('cs_agent'))).body.items;
    expect(tasks.map((t: any) => t.subject.id)).toContain(created.body.id);
    expect((await env.http.get('/api/plans/annual/2027').set(env.auth('ka_manager'))).status).toBe(200);
    const mine = (await env.http.get('/api/tasks?status=open').set(env.auth('ka_manager'))).body.items;
    expect(mine.map((t: any) => t.kind)).toContain('plan_draft');
  }, 60_000);

  const env_ = { ...process.env, DATABASE_URL: TEST_DATABASE_URL };
  const file = execFileSync('bash', [join(ROOT, 'scripts/ops/backup.sh'), dir], { env: env_, encoding: 'utf8' })
    .trim()
    .split('\n')
    .pop()!;
  expect(file).toMatch(/kaflow-.*-\d{8}T\d{6}Z\.dump$/);
  execFileSync('bash', [join(ROOT, 'scripts/ops/restore.sh'), file, restoredUrl], { env: env_, encoding: 'utf8' });
  // a second restore into the same (now full) database is refused: a restore never mixes with live data
  expect(() =>
    execFileSync('bash', [join(ROOT, 'scripts/ops/restore.sh'), file, restoredUrl], { env: env_, stdio: 'pipe' }),
  ).toThrow();

  const config = {
    ...loadConfig({ DATABASE_URL: restoredUrl, TEMPORAL_ADDRESS, SMTP_URL: env.smtpUrl, LOG_LEVEL: 'warn' }),
    taskQueue: `${env.taskQueue}-restored`,
  };
  const restored = await createApp(config, { logs: false });
  await restored.init();
  try {
    const http = request(restored.getHttpServer());
    const paths: Array<[string, string]> = [
      ['consultant', '/api/prospects'],
      ['consultant', `/api/prospects/${created.body.id}`],
      ['cs_agent', '/api/tasks?status=all'],
      ['ka_manager', '/api/tasks?status=all'],
      ['ka_manager', '/api/plans/annual/2027'],
      ['consultant2', '/api/prospects'],
    ];
    for (const [user, path] of paths) {
      const login = await http.post('/api/auth/login').send({ username: env.users[user].username, password: PASSWORD });
      expect(login.status).toBe(200);
      const [before, after] = [
        await env.http.get(path).set(env.auth(user)),
        await http.get(path).set({ Authorization: `Bearer ${login.body.accessToken}` }),
      ];
      expect({ path, status: after.status, body: after.body }).toEqual({
        path,
        status: before.status,
        body: before.body,
      });
    }
  } finally {
    await restored.close();
  }
}, 240_000);
