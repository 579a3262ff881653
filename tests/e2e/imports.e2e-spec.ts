// The 留档 import over HTTP against the real stack: the template, a dry run's report, all-or-nothing,
// skipInvalid, idempotence by the natural key, follow-up workflows without callbacks, progress, an import cut off
// half-way (its connection killed) and run again, and the 4xx answers for bad uploads.
import iconv from 'iconv-lite';
import { In } from 'typeorm';
import {
  AccountEntity,
  CallbackCheckEntity,
  ConversionStateEntity,
  GradeChangeEntity,
  ProspectEntity,
} from '@kaflow/persistence';
import { eventually } from '../support/eventually';
import { startE2E, type E2E } from '../support/e2e';
import { readWithOpenpyxl, binaryBody } from '../support/xlsx-readback';

// Imports write 5 rows a batch here (IMPORT_BATCH_ROWS; 500 by default), so a list of a few dozen rows is
// written in several batches and can be cut off between two of them.
const BATCH = 5;
let env: E2E;
beforeAll(async () => {
  env = await startE2E({}, { env: { IMPORT_BATCH_ROWS: String(BATCH) } });
});
afterAll(async () => {
  await env?.stop();
}, 600_000);

const HEAD = '单位名称*,客户类型*,联系人*,联系电话*,车型*,数量*,级别*,热点客户,来源渠道*,开发类型*,顾问账号,备注';
const line = (name: string, owner: string, extra: Partial<Record<'grade' | 'phone' | 'type', string>> = {}) =>
  [
    name,
    extra.type ?? '政府',
    '刘科长',
    extra.phone ?? '13880001234',
    'A6L',
    '3',
    extra.grade ?? 'A-1-3月内',
    '否',
    '转介绍',
    '新客户开发',
    owner,
    '',
  ].join(',');
const upload = (as: string, body: Buffer, name: string, query = '') =>
  env.http.post(`/api/imports/prospects${query}`).set(env.auth(as)).attach('file', body, name);
const prospectsOf = async (names: string[], dealerId = env.dealer1.id) => {
  const accounts = await env.db.getRepository(AccountEntity).findBy({ dealerId, name: In(names) });
  return env.db.getRepository(ProspectEntity).findBy({ dealerId, accountId: In(accounts.map((a) => a.id)) });
};
async function finished(id: string, as = 'ka_manager') {
  let job: any;
  await eventually(async () => {
    job = (await env.http.get(`/api/imports/${id}`).set(env.auth(as))).body;
    expect(['done', 'failed']).toContain(job.status);
  }, 300_000);
  return job;
}

it('gives the template with Chinese headers and drop-down lists', async () => {
  const res = await env.http
    .get('/api/imports/prospects/template.xlsx')
    .set(env.auth('ka_manager'))
    .buffer(true)
    .parse(binaryBody);
  expect(res.status).toBe(200);
  const [sheet] = readWithOpenpyxl(res.body);
  expect(sheet.rows[0].map((c) => c.v).join(',')).toBe(HEAD);
  expect(sheet.validations.length).toBe(5);
});

describe('a list with two bad rows', () => {
  const u = () => env.users.consultant.username;
  const names = ['导入甲局', '导入乙局', '导入丙局'];
  const file = () =>
    iconv.encode(
      [
        HEAD,
        line(names[0], u()),
        line(names[1], u(), { grade: 'H' }),
        line('导入坏一', u(), { phone: '123' }),
        line(names[2], env.users.consultant_b.username, { type: 'enterprise' }),
        line('导入坏二', 'nobody', { grade: 'W' }),
      ].join('\r\n'),
      'gbk',
    );

  it('dry run: reports rows read, what would be created and each problem; writes nothing', async () => {
    const res = await upload('ka_manager', file(), 'list.csv', '?dryRun=true');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'done',
      dryRun: true,
      rowsRead: 5,
      rowsValid: 3,
      rowsInvalid: 2,
      rowsToCreate: 3,
      rowsExisting: 0,
    });
    expect(res.body.errors).toEqual([
      { row: 4, column: '联系电话', problem: expect.stringContaining('mobile number') },
      { row: 6, column: '级别', problem: expect.stringContaining('not imported') },
      { row: 6, column: '顾问账号', problem: expect.stringContaining('active consultant') },
    ]);
    expect(await prospectsOf(names)).toEqual([]);
  });

  it('without skipInvalid a file with errors is a 400 naming row and column, and nothing is written', async () => {
    const res = await upload('ka_manager', file(), 'list.csv');
    expect(res.status).toBe(400);
    expect(res.body.details[0]).toEqual({
      field: 'row 4 联系电话',
      row: 4,
      column: '联系电话',
      problem: expect.any(String),
    });
    expect(await prospectsOf(names)).toEqual([]);
  });

  it('with skipInvalid the valid rows are written once, with follow-up workflows and no new-record callback; again creates nothing', async () => {
    const res = await upload('ka_manager', file(), 'list.csv', '?skipInvalid=true');
    expect(res.status).toBe(202);
    const job = await finished(res.body.id);
    expect(job).toMatchObject({ status: 'done', created: 3, rowsDone: 3, rhythms: { started: 3, pending: 0 } });
    const ps = await prospectsOf(names);
    expect(ps.map((p) => p.grade).sort()).toEqual(['A', 'A', 'H']);
    expect(ps.find((p) => p.ownerId === env.users.consultant_b.id)).toBeDefined();
    // marked as brought in by this import: the daily self-check does not list them as new records
    expect(ps.map((p) => p.importJobId)).toEqual([res.body.id, res.body.id, res.body.id]);
    const history = await env.db.getRepository(GradeChangeEntity).findBy({ prospectId: In(ps.map((p) => p.id)) });
    expect(history.map((h) => h.reason)).toEqual(['imported', 'imported', 'imported']);
    await eventually(async () => {
      expect(await env.db.getRepository(ConversionStateEntity).countBy({ prospectId: In(ps.map((p) => p.id)) })).toBe(
        3,
      );
    });
    expect(await env.db.getRepository(CallbackCheckEntity).countBy({ prospectId: In(ps.map((p) => p.id)) })).toBe(0);

    const again = await upload('ka_manager', file(), 'list.csv', '?skipInvalid=true');
    expect(again.status).toBe(202);
    expect(await finished(again.body.id)).toMatchObject({ status: 'done', created: 0, rowsExisting: 3 });
    expect(await prospectsOf(names)).toHaveLength(3);
    expect((await env.http.get(`/api/imports/${res.body.id}`).set(env.auth('ka_manager2'))).status).toBe(404);
  });
});

it('an import cut off half-way wrote nothing and runs again to the end', async () => {
  const n = 8 * BATCH;
  const u = env.users.consultant.username;
  const rows = Array.from({ length: n }, (_, i) =>
    line(`中断单位 ${i}`, u, { phone: `137${String(i).padStart(8, '0')}` }),
  );
  const file = Buffer.from([HEAD, ...rows].join('\n'));
  const lockKey = `import:${env.dealer1.id}`;
  // The cut comes after the first batch, inside the write's one transaction: the test holds the dealer's import
  // lock until the job exists, then holds the job's row, so the write takes the lock, writes its first batch and
  // waits to move its progress on; then the write's connection is killed.
  const importLock = env.db.createQueryRunner();
  const jobRow = env.db.createQueryRunner();
  try {
    await importLock.query('SELECT pg_advisory_lock(hashtext($1))', [lockKey]);
    const first = await upload('ka_manager', file, 'big.csv');
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ status: 'writing', rowsToCreate: n, rowsDone: 0 });
    await jobRow.startTransaction();
    await jobRow.query('SELECT id FROM import_job WHERE id = $1 FOR UPDATE', [first.body.id]);
    await importLock.query('SELECT pg_advisory_unlock(hashtext($1))', [lockKey]);
    // the write's progress update (after its first batch) waits for the job's row
    await eventually(
      async () => {
        const [{ waiting }] = await env.db.query(
          `SELECT count(DISTINCT l.pid)::int AS waiting FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE NOT l.granted AND a.query LIKE '%UPDATE "import_job"%' AND a.query LIKE '%rowsDone%'
              AND l.pid <> $1`,
          [(await jobRow.query('SELECT pg_backend_pid() AS pid'))[0].pid],
        );
        expect(waiting).toBe(1);
      },
      60_000,
      20,
    );
    const killed = await env.db.query(
      `SELECT pg_terminate_backend(l.pid) AS killed FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted
          AND l.pid <> pg_backend_pid() AND l.objid = hashtext($1)::oid`,
      [lockKey],
    );
    expect(killed).toEqual([{ killed: true }]);
    await jobRow.commitTransaction();
    const cut = await finished(first.body.id);
    expect(cut.status).toBe('failed');
  } finally {
    if (jobRow.isTransactionActive) await jobRow.rollbackTransaction();
    await jobRow.release();
    await importLock.query('SELECT pg_advisory_unlock_all()');
    await importLock.release();
  }
  expect(await prospectsOf([`中断单位 0`, `中断单位 ${n - 1}`])).toEqual([]);
  const rerun = await upload('ka_manager', file, 'big.csv');
  const done = await finished(rerun.body.id);
  expect(done).toMatchObject({ status: 'done', created: n, rowsDone: n });
  const [{ count }] = await env.db.query(
    `SELECT count(*)::int AS count FROM prospect p JOIN account a ON a.id = p."accountId" WHERE p."dealerId" = $1
      AND a.name LIKE '中断单位 %'`,
    [env.dealer1.id],
  );
  expect(count).toBe(n);
});

it('answers bad uploads with 400, 403, 413 or 415 and a clear problem', async () => {
  const csv = Buffer.from(`${HEAD}\n${line('某单位', env.users.consultant.username)}\n`);
  const json = await env.http.post('/api/imports/prospects').set(env.auth('ka_manager')).send({ file: 'x' });
  expect(json.status).toBe(415);
  const none = await env.http.post('/api/imports/prospects').set(env.auth('ka_manager')).field('other', 'x');
  expect(none.status).toBe(400);
  expect(none.body.details).toEqual([{ field: 'file', problem: expect.stringContaining('required') }]);
  expect(
    (await upload('ka_manager', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'old.xls')).status,
  ).toBe(415);
  const broken = await upload(
    'ka_manager',
    Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(100, 1)]),
    'broken.xlsx',
  );
  expect(broken.status).toBe(400);
  expect(broken.body.message).toContain('not a readable .xlsx');
  const noHeader = await upload('ka_manager', Buffer.from('a,b\n1,2\n'), 'x.csv');
  expect(noHeader.status).toBe(400);
  expect((await upload('ka_manager', Buffer.alloc(21 * 1024 * 1024, 0x41), 'huge.csv')).status).toBe(413);
  expect((await upload('cs_agent', csv, 'x.csv')).status).toBe(403);
  expect((await upload('ka_manager', csv, 'x.csv', '?dryRun=maybe')).body.details).toEqual([
    { field: 'dryRun', problem: 'must be true or false' },
  ]);
  const other = await upload(
    'consultant',
    Buffer.from(`${HEAD}\n${line('某单位', env.users.consultant_b.username)}\n`),
    'x.csv',
    '?dryRun=true',
  );
  expect(other.body.errors).toEqual([
    { row: 2, column: '顾问账号', problem: expect.stringContaining('active consultant') },
  ]);
  expect((await env.http.get('/api/imports/not-an-id').set(env.auth('ka_manager'))).status).toBe(404);
});
