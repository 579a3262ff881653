// The Idempotency-Key header over HTTP: a repeated create with the same key by the same user gets the first
// answer and writes nothing twice, sequential, concurrent, and after the connection was cut before the answer.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startE2E, type E2E } from '../support/e2e';

let env: E2E;
let port: number;
beforeAll(async () => {
  env = await startE2E();
  const server = env.app.getHttpServer() as http.Server;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await env?.stop();
});

const prospect = (accountName: string, extra: Record<string, unknown> = {}) => ({
  account: { name: accountName, customerType: 'enterprise' },
  contactName: '李主任',
  contactPhone: '13900139000',
  model: 'A6L',
  quantity: 2,
  grade: 'H',
  channel: 'cold_visit',
  developmentType: 'new',
  ...extra,
});

/** Prospects recorded for this account name, counted in SQL apart from the API. */
async function prospectsOf(accountName: string): Promise<number> {
  const [row] = (await env.db.query(
    `SELECT count(*)::int AS n FROM prospect p JOIN account a ON a.id = p."accountId" WHERE a.name = $1`,
    [accountName],
  )) as { n: number }[];
  return row.n;
}

const create = (as: string, body: unknown, key?: string) => {
  const req = env.http.post('/api/prospects').set(env.auth(as));
  if (key !== undefined) void req.set('Idempotency-Key', key);
  return req.send(body as object);
};

describe('Idempotency-Key on POST /api/prospects', () => {
  it('answers a repeat in sequence with the first answer and records one prospect', async () => {
    const name = `幂等顺序 ${randomUUID()}`;
    const key = randomUUID();
    const first = await create('consultant', prospect(name), key);
    expect(first.status).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const second = await create('consultant', prospect(name), key);
    expect(second.status).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.body).toEqual(first.body);
    expect(await prospectsOf(name)).toBe(1);
  });

  it('answers 5 concurrent repeats alike and records one prospect', async () => {
    const name = `幂等并发 ${randomUUID()}`;
    const key = randomUUID();
    const answers = await Promise.all([1, 2, 3, 4, 5].map(() => create('consultant', prospect(name), key)));
    for (const a of answers) {
      expect(a.status).toBe(201);
      expect(a.body).toEqual(answers[0].body);
    }
    expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'true')).toHaveLength(4);
    expect(typeof answers[0].body.id).toBe('string');
    expect(await prospectsOf(name)).toBe(1);
  });

  it('replays the first answer after the connection was cut before it', async () => {
    const name = `幂等断线 ${randomUUID()}`;
    const key = randomUUID();
    const payload = JSON.stringify(prospect(name));
    const req = http.request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/api/prospects',
      headers: {
        ...env.auth('consultant'),
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(payload),
        'Idempotency-Key': key,
      },
    });
    req.on('error', () => undefined); // the cut below
    req.end(payload);
    // The server took the request (its key is claimed); then the phone loses the connection.
    for (let i = 0; ; i++) {
      const rows = (await env.db.query(`SELECT 1 FROM idempotency_key WHERE "key" = $1`, [key])) as unknown[];
      if (rows.length > 0) break;
      if (i > 200) throw new Error('the first request never reached the API');
      await new Promise((r) => setTimeout(r, 25));
    }
    req.destroy();
    const again = await create('consultant', prospect(name), key);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.account.name).toBe(name);
    expect(await prospectsOf(name)).toBe(1);
  });

  it('refuses the same key with a different body (422 naming the header) and writes nothing', async () => {
    const name = `幂等不同 ${randomUUID()}`;
    const key = randomUUID();
    expect((await create('consultant', prospect(name), key)).status).toBe(201);
    const other = await create('consultant', prospect(`${name} 2`), key);
    expect(other.status).toBe(422);
    expect(other.body.message).toContain('Idempotency-Key');
    expect(await prospectsOf(`${name} 2`)).toBe(0);
    // the same key on another route is another request too
    const onFollowUp = await env.http
      .post(`/api/prospects/${randomUUID()}/follow-ups`)
      .set(env.auth('consultant'))
      .set('Idempotency-Key', key)
      .send(prospect(name));
    expect(onFollowUp.status).toBe(422);
  });

  it('keeps keys per user: two users with the same key record two prospects', async () => {
    const name = `幂等两人 ${randomUUID()}`;
    const key = randomUUID();
    const a = await create('consultant', prospect(name), key);
    const b = await create('consultant_b', prospect(name), key);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.headers['idempotent-replayed']).toBeUndefined();
    expect(b.body.id).not.toBe(a.body.id);
    expect(await prospectsOf(name)).toBe(2);
  });

  it('without the header behaves as before: two sends, two prospects', async () => {
    const name = `幂等无键 ${randomUUID()}`;
    expect((await create('consultant', prospect(name))).status).toBe(201);
    expect((await create('consultant', prospect(name))).status).toBe(201);
    expect(await prospectsOf(name)).toBe(2);
  });

  it('answers 400 naming the header for a malformed key, and writes nothing', async () => {
    const name = `幂等坏键 ${randomUUID()}`;
    for (const bad of ['', 'x'.repeat(256), 'a\tb', 'a b', 'clé']) {
      const res = await create('consultant', prospect(name), bad);
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual([expect.objectContaining({ field: 'Idempotency-Key' })]);
    }
    expect(await prospectsOf(name)).toBe(0);
    expect((await create('consultant', prospect(name), 'k'.repeat(255))).status).toBe(201);
  });

  it('stores no refusal: a 4xx leaves the key free for the corrected request', async () => {
    const name = `幂等改正 ${randomUUID()}`;
    const key = randomUUID();
    const invalid = await create('consultant', prospect(name, { quantity: -1 }), key);
    expect(invalid.status).toBe(400);
    const [row] = (await env.db.query(`SELECT count(*)::int AS n FROM idempotency_key WHERE "key" = $1`, [key])) as {
      n: number;
    }[];
    expect(row.n).toBe(0);
    // the same request again is validated again (not replayed), and a different one may use the key
    expect((await create('consultant', prospect(name, { quantity: -1 }), key)).headers['idempotent-replayed']).toBe(
      undefined,
    );
    expect((await create('consultant', prospect(name), key)).status).toBe(201);
    expect(await prospectsOf(name)).toBe(1);
  });
});

describe('Idempotency-Key on a follow-up', () => {
  it('records one follow-up for a repeated send', async () => {
    const p = await create('consultant', prospect(`幂等跟进 ${randomUUID()}`));
    expect(p.status).toBe(201);
    const followUps = async () =>
      (
        (await env.db.query(`SELECT count(*)::int AS n FROM follow_up WHERE "prospectId" = $1`, [p.body.id])) as {
          n: number;
        }[]
      )[0].n;
    const before = await followUps();
    const key = randomUUID();
    const send = () =>
      env.http
        .post(`/api/prospects/${p.body.id}/follow-ups`)
        .set(env.auth('consultant'))
        .set('Idempotency-Key', key)
        .send({ channel: 'phone', content: '电话沟通车型配置' });
    const [a, b] = await Promise.all([send(), send()]);
    expect(a.status).toBeGreaterThanOrEqual(200);
    expect(a.status).toBeLessThan(300);
    expect(b.status).toBe(a.status);
    expect(b.body).toEqual(a.body);
    expect(await followUps()).toBe(before + 1);
  });
});

describe('Idempotency-Key on an import upload (a handler that writes its answer itself)', () => {
  it('starts one import job for a repeated upload and replays its answer', async () => {
    const head = '单位名称*,客户类型*,联系人*,联系电话*,车型*,数量*,级别*,热点客户,来源渠道*,开发类型*,顾问账号,备注';
    const row = [`幂等导入 ${randomUUID()}`, '政府', '刘科长', '13880001234', 'A6L', '3', 'A-1-3月内', '否']
      .concat(['转介绍', '新客户开发', env.users.consultant.username, ''])
      .join(',');
    const csv = Buffer.from(`${head}\n${row}\n`);
    const jobs = async () =>
      (
        (await env.db.query(`SELECT count(*)::int AS n FROM import_job WHERE "userId" = $1`, [
          env.users.ka_manager.id,
        ])) as { n: number }[]
      )[0].n;
    const before = await jobs();
    const key = randomUUID();
    const upload = () =>
      env.http
        .post('/api/imports/prospects')
        .set(env.auth('ka_manager'))
        .set('Idempotency-Key', key)
        .attach('file', csv, 'list.csv');
    const first = await upload();
    expect(first.status).toBe(202);
    const second = await upload();
    expect(second.status).toBe(202);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.body).toEqual(first.body);
    expect(await jobs()).toBe(before + 1);
    // another file under the same key is another request
    const other = await env.http
      .post('/api/imports/prospects')
      .set(env.auth('ka_manager'))
      .set('Idempotency-Key', key)
      .attach('file', Buffer.from(`${head}\n${row.replace('13880001234', '13880001235')}\n`), 'list.csv');
    expect(other.status).toBe(422);
    expect(await jobs()).toBe(before + 1);
  });
});
