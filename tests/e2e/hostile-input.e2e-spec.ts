// Hostile input, generated from the OpenAPI document: every operation it lists gets fast-check
// cases (wrong types, missing and extra fields, huge strings and numbers, deep nesting, unicode
// edge cases, injection strings, wrong content types, malformed and oversized bodies, bad tokens,
// hostile path and query values). A new endpoint is covered without being named here.
// Holds: no 5xx, only 4xx for every request that carries a defect, no stack trace in any answer,
// and not one row written anywhere (row counts of every table before and after).
// FUZZ_SEED=<n> replays a run; FUZZ_RUNS=<n> sets the number of requests (default ≥ 1,200).
import fc from 'fast-check';
import { hash } from '@node-rs/argon2';
import { JwtService } from '@nestjs/jwt';
import { ROLES } from '@kaflow/domain';
import { UserEntity } from '@kaflow/persistence';
import { startE2E, type E2E } from '../support/e2e';
import { PASSWORD } from '../support/fixtures';
import { hostileCases, type HostileCase } from '../support/hostile-input';
import { operationsOf, type Operation } from '../support/openapi';
import { rowCounts } from '../support/row-counts';

const PUBLIC = [
  'POST /api/auth/login',
  'GET /api/health',
  'GET /api/wecom/callback/{dealerId}',
  'POST /api/wecom/callback/{dealerId}',
  'GET /api/wecom/oauth/start',
  'GET /api/wecom/oauth/return',
];
/** 4xx statuses a hostile request may get; 429 only where a rate limit applies (login). */
const REJECTIONS = [400, 401, 403, 404, 409, 413, 415, 422, 431];
const STACK = /\bat [\w.<>]+ \(|\.ts:\d+:\d+|node_modules\/|"stack"\s*:/;

let e2e: E2E;
let ops: Operation[];
let ctx: { token: string; expiredToken: string };

beforeAll(async () => {
  e2e = await startE2E();
  const res = await e2e.http.get('/api/docs-json');
  expect(res.status).toBe(200);
  ops = operationsOf(res.body, PUBLIC);
  const everything = await e2e.db.getRepository(UserEntity).save({
    dealerId: e2e.dealer1.id,
    username: `fuzz.${e2e.tag}`,
    displayName: 'fuzz',
    email: `fuzz.${e2e.tag}@test.local`,
    passwordHash: await hash(PASSWORD),
    roles: [...ROLES],
    active: true,
  });
  e2e.users.fuzz = everything;
  const jwt = e2e.app.get(JwtService, { strict: false });
  ctx = {
    token: await e2e.login('fuzz'),
    expiredToken: await jwt.signAsync(
      { sub: everything.id, dealerId: everything.dealerId, roles: everything.roles },
      { expiresIn: -60 },
    ),
  };
});

afterAll(async () => {
  await e2e?.stop();
});

async function send(c: HostileCase) {
  let req = e2e.http[c.op.method](c.url).set(c.headers);
  if (c.body !== undefined) req = req.send(c.body as any);
  return req.ok(() => true);
}

function problemOf(c: HostileCase, status: number, text: string, contentType: string): string | undefined {
  if (status >= 500) return `${status}`;
  if (STACK.test(text)) return `stack trace in the answer`;
  const allowed = c.op.key === 'POST /api/auth/login' ? [...REJECTIONS, 429] : REJECTIONS;
  if (c.mustReject && !allowed.includes(status)) return `${status} where a rejection was due`;
  if (status >= 400 && contentType.includes('json')) {
    const body = JSON.parse(text);
    if (body.statusCode !== status || typeof body.message !== 'string') return `error body without statusCode/message`;
  }
  return undefined;
}

it('answers every generated hostile request with a 4xx (or a harmless read), never a 5xx, and writes nothing', async () => {
  const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
  const total = Number(process.env.FUZZ_RUNS ?? 1200);
  const perOp = Math.max(12, Math.ceil(total / ops.length));
  expect(ops.length).toBeGreaterThan(30);
  const cases = ops.flatMap((op, i) => fc.sample(hostileCases(op, ctx), { numRuns: perOp, seed: seed + i }));
  const before = await rowCounts(e2e.db, [e2e.dealer1.id, e2e.dealer2.id]);

  const byStatus = new Map<number, number>();
  const byDefect = new Map<string, number>();
  const failures: string[] = [];
  for (let i = 0; i < cases.length; i += 6) {
    await Promise.all(
      cases.slice(i, i + 6).map(async (c) => {
        const res = await send(c);
        byStatus.set(res.status, (byStatus.get(res.status) ?? 0) + 1);
        const kind = c.defect.replace(/ .*/, '');
        byDefect.set(kind, (byDefect.get(kind) ?? 0) + 1);
        const problem = problemOf(c, res.status, res.text ?? '', String(res.headers['content-type'] ?? ''));
        if (problem)
          failures.push(
            `${c.op.key} [${c.defect}] ${c.url.slice(0, 120)} → ${problem}: ${(res.text ?? '').slice(0, 160)}`,
          );
      }),
    );
  }
  const after = await rowCounts(e2e.db, [e2e.dealer1.id, e2e.dealer2.id]);
  // Login attempts are counted by the shared rate limiter whatever their body: that counter is no record.
  const written = Object.keys(after)
    .filter((t) => t !== 'rate_limit_hit' && after[t] !== before[t])
    .map((t) => `${t}: ${before[t]} → ${after[t]}`);

  const statuses = [...byStatus]
    .sort((a, b) => a[0] - b[0])
    .map(([s, n]) => `${s}: ${n}`)
    .join(', ');
  const defects = [...byDefect]
    .sort((a, b) => b[1] - a[1])
    .map(([d, n]) => `${d} ${n}`)
    .join(', ');
  console.log(
    `hostile-input fuzz (seed ${seed}): ${cases.length} requests over ${ops.length} operations\n` +
      `  by status: ${statuses}\n  by defect: ${defects}\n  failures: ${failures.length}, tables ` +
      `changed: ${written.length}`,
  );
  expect(cases.length).toBeGreaterThanOrEqual(1000);
  expect(failures.slice(0, 40)).toEqual([]);
  expect(written).toEqual([]);
});
