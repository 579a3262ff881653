// The whole stack for HTTP tests: the real Nest app (in process) on the test database, a Temporal
// worker (API and activities share the env's pinnable clock), an SMTP listener, and two dealers whose users are
// named as in the demo
// (`consultant` … in dealer 1, `consultant2` … in dealer 2).
import request from 'supertest';
import { JwtService } from '@nestjs/jwt';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { DealerEntity, UserEntity } from '@kaflow/persistence';
import { loadConfig } from '@kaflow/config';
import { createApp } from '../../apps/api/src/app.factory';
import { startTestEnv, type TestEnv } from './env';
import { eventually } from './eventually';
import { PASSWORD } from './fixtures';
import { TEMPORAL_ADDRESS, TEST_DATABASE_URL } from './settings';

export interface E2E extends TestEnv {
  app: NestExpressApplication;
  http: ReturnType<typeof request.agent>;
  dealer1: DealerEntity;
  dealer2: DealerEntity;
  /** Demo-style names: `consultant`, `cs_agent`, … and `consultant2`, … for dealer 2. */
  users: Record<string, UserEntity>;
  auth(name: string): { Authorization: string };
  login(name: string): Promise<string>;
}

export async function startE2E(
  policyPatch: Record<string, unknown> = {},
  opts: { publicUrl?: string; env?: Record<string, string> } = {},
): Promise<E2E> {
  const env = await startTestEnv(opts);
  const [d1, d2] = [await env.createDealer(policyPatch), await env.createDealer(policyPatch)];
  const users: Record<string, UserEntity> = {};
  for (const [name, u] of Object.entries(d1.users)) users[name] = u;
  for (const [name, u] of Object.entries(d2.users)) users[`${name}2`] = u;
  const config = {
    ...loadConfig({
      DATABASE_URL: TEST_DATABASE_URL,
      TEMPORAL_ADDRESS,
      SMTP_URL: env.smtpUrl,
      LOG_LEVEL: 'warn',
      ...(opts.publicUrl ? { PUBLIC_URL: opts.publicUrl } : {}),
      ...opts.env,
    }),
    taskQueue: env.taskQueue,
  };
  const app = await createApp(config, { logs: false, clock: env.clock });
  await app.init();
  const http = request.agent(app.getHttpServer());
  const tokens = new Map<string, string>();

  const e2e: E2E = Object.assign(env, {
    app,
    http,
    dealer1: d1.dealer,
    dealer2: d2.dealer,
    users,
    async login(name: string) {
      const res = await http.post('/api/auth/login').send({ username: users[name].username, password: PASSWORD });
      if (res.status !== 200) throw new Error(`login ${name}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.accessToken as string;
    },
    auth(name: string) {
      const token = tokens.get(name);
      if (!token) throw new Error(`no token for ${name}`);
      return { Authorization: `Bearer ${token}` };
    },
  });
  // Every user's token signed as the API's login signs it (its JwtService, the same claims): 22 argon2 logins per
  // file cost more than many of the tests; the login itself is tested through `login` (auth.e2e-spec and others).
  const jwt = app.get(JwtService);
  for (const [name, u] of Object.entries(users))
    tokens.set(name, await jwt.signAsync({ sub: u.id, dealerId: u.dealerId, roles: u.roles }));
  const stopEnv = env.stop.bind(env);
  e2e.stop = async () => {
    await app.close();
    await stopEnv();
  };
  return e2e;
}

/** A task as `GET /api/tasks` lists it (the fields the tests read). */
export type InboxTask = {
  id: string;
  kind: string;
  subject: { id: string };
  payload: Record<string, any>;
  assigneeUserId?: string;
  provisional?: boolean;
  /** Listed to a substitute (代理): the person whose task it is. */
  onBehalfOf?: { id: string; displayName: string } | null;
};

/** Waits until `who`'s inbox lists an open task of `kind` that `pick` accepts, and returns it. */
export function waitInboxTask(
  e: E2E,
  who: string,
  kind: string,
  pick: (t: InboxTask) => boolean = () => true,
  timeoutMs = 30_000,
): Promise<InboxTask> {
  return eventually(async () => {
    const items: InboxTask[] = (await e.http.get(`/api/tasks?kind=${kind}`).set(e.auth(who))).body.items;
    const t = items.find(pick);
    expect(t).toBeDefined();
    return t!;
  }, timeoutMs);
}

/** Starts a scheduled process for a business date as the key-account manager would (202), notes its workflow for
 *  the test's end, and answers its id. */
export async function triggerProcess(env: E2E, process: string, businessDate: string, started: string[]) {
  const res = await env.http
    .post(`/api/processes/${process}/trigger`)
    .set(env.auth('ka_manager'))
    .send({ businessDate });
  expect(res.status).toBe(202);
  started.push(res.body.workflowId);
  return res.body.workflowId as string;
}
