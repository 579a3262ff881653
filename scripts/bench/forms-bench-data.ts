// Shared set-up of the forms and import benchmarks: a bench database (BENCH_DATABASE_URL, default
// kaflow_bench_forms, created and migrated when missing), a throwaway dealer with a manager and two
// consultants, and for the export N prospects recorded last month with their callback checks (a
// third of them hot, with follow-ups), written by SQL in a few statements.
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { localDate, zonedInstant } from '@kaflow/calendar';
import { DEFAULT_POLICY } from '@kaflow/domain';
import { createDataSource, DealerEntity, DealerPolicyEntity, RegionEntity, UserEntity } from '@kaflow/persistence';
import { ensureDatabase } from '../ensure-database';

export const BENCH_DB_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/kaflow_bench_forms';
export const TZ = 'Asia/Shanghai';

export interface BenchDealer {
  dealer: DealerEntity;
  manager: UserEntity;
  consultants: UserEntity[];
}

export const arg = (name: string, d: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : d;
};

export async function benchDb(): Promise<DataSource> {
  await ensureDatabase(BENCH_DB_URL);
  const db = await createDataSource(BENCH_DB_URL, { poolSize: 12, name: 'kaflow-forms-bench' }).initialize();
  await db.runMigrations({ transaction: 'each' });
  return db;
}

export async function benchDealer(db: DataSource): Promise<BenchDealer> {
  const tag = randomBytes(4).toString('hex');
  let region = await db.getRepository(RegionEntity).findOneBy({ code: 'bench' });
  region ??= await db.getRepository(RegionEntity).save({ code: 'bench', name: '压测区' });
  const dealer = await db
    .getRepository(DealerEntity)
    .save({ regionId: region.id, code: `bench-${tag}`, name: `压测经销商 ${tag}` });
  await db
    .getRepository(DealerPolicyEntity)
    .save({ dealerId: dealer.id, policy: DEFAULT_POLICY as any, updatedAt: new Date(), updatedBy: null });
  const user = (name: string, role: string) =>
    db.getRepository(UserEntity).save({
      dealerId: dealer.id,
      username: `${name}.${tag}`,
      displayName: `${name} ${tag}`,
      email: `${name}.${tag}@bench.local`,
      passwordHash: 'x',
      roles: [role],
      active: true,
    });
  return {
    dealer,
    manager: await user('ka_manager', 'ka_manager'),
    consultants: [await user('c1', 'consultant'), await user('c2', 'consultant')],
  };
}

/** Last month at the dealer, whose days are all past. */
export function lastMonth(): string {
  const [y, m] = localDate(new Date(), TZ).slice(0, 7).split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 2, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** N prospects recorded in `month` (spread over its first 25 days), each with its callback check. */
export async function seedMonth(db: DataSource, b: BenchDealer, month: string, n: number): Promise<void> {
  const from = zonedInstant(`${month}-01`, '09:00', TZ);
  const [c1, c2] = b.consultants.map((c) => c.id);
  await db.query(
    `INSERT INTO account ("dealerId", name, "customerType") SELECT $1, '压测单位 ' || i, 'enterprise'
      FROM generate_series(1, $2) i`,
    [b.dealer.id, n],
  );
  await db.query(
    `INSERT INTO contact ("dealerId", "accountId", name, phone)
     SELECT $1, a.id, '联系人 ' || a.name, '138' || lpad((row_number() OVER (ORDER BY a.name))::text, 8, '0')
       FROM account a WHERE a."dealerId" = $1`,
    [b.dealer.id],
  );
  await db.query(
    `INSERT INTO prospect ("dealerId", "accountId", "contactId", model, quantity, grade, hot, channel,
      "developmentType", "ownerId", "createdAt", "updatedAt", version)
     SELECT $1, c."accountId", c.id, (ARRAY['A6L','Q5L','A4L','Q7'])[1 + (k % 4)], 1 + (k % 5),
       (ARRAY['H','A','B','C','D'])[1 + (k % 5)],
            k % 3 = 0, 'cold_visit', 'new', CASE WHEN k % 2 = 0 THEN $2::uuid ELSE $3::uuid END,
            $4::timestamptz + make_interval(mins => ((k * 3) % (25 * 24 * 60))::int), $4::timestamptz +
              make_interval(mins => ((k * 3) % (25 * 24 * 60))::int), 1
       FROM (SELECT c.*, row_number() OVER (ORDER BY c.id) AS k FROM contact c WHERE c."dealerId" = $1) c`,
    [b.dealer.id, c1, c2, from],
  );
  await db.query(
    `INSERT INTO grade_change ("dealerId", "prospectId", "fromGrade", "toGrade", at, "byUserId", reason)
     SELECT p."dealerId", p.id, NULL, p.grade, p."createdAt", p."ownerId", 'created' FROM prospect p
       WHERE p."dealerId" = $1`,
    [b.dealer.id],
  );
  await db.query(
    `INSERT INTO callback_check ("workflowId", "dealerId", "prospectId", "ownerId", status, outcome, "dueAt", "doneAt",
      "onTime", "createdAt")
     SELECT 'callback:' || p."dealerId" || ':' || p.id, p."dealerId", p.id, p."ownerId", 'closed', 'verified',
            p."createdAt" + interval '7 days', p."createdAt" + interval '2 days', true, p."createdAt"
       FROM prospect p WHERE p."dealerId" = $1`,
    [b.dealer.id],
  );
  await db.query(
    `INSERT INTO follow_up ("dealerId", "prospectId", "byUserId", channel, content, at)
     SELECT p."dealerId", p.id, p."ownerId", 'phone', '电话跟进', p."createdAt" + interval '1 day' FROM prospect p
       WHERE p."dealerId" = $1 AND p.hot`,
    [b.dealer.id],
  );
}

/** Removes the bench dealer's rows (the database stays for the next run). */
export async function dropDealer(db: DataSource, dealerId: string): Promise<void> {
  for (const t of [
    'follow_up',
    'callback_check',
    'grade_change',
    'conversion_state',
    'follow_up_due',
    'prospect',
    'contact',
    'account',
    'audit_log',
    'import_job',
    'dealer_policy',
    'app_user',
  ]) {
    await db.query(`DELETE FROM ${t} WHERE "dealerId" = $1`, [dealerId]);
  }
  await db.query('DELETE FROM dealer WHERE id = $1', [dealerId]);
}

/** Samples RSS and heap every 50 ms while `fn` runs; answers the peaks above the level at the start. */
export async function withMemory<T>(
  fn: () => Promise<T>,
): Promise<{ result: T; ms: number; rssMb: number; heapMb: number }> {
  global.gc?.();
  const base = process.memoryUsage();
  let rss = base.rss;
  let heap = base.heapUsed;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
  }, 50);
  const t0 = performance.now();
  try {
    const result = await fn();
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
    return {
      result,
      ms: performance.now() - t0,
      rssMb: (rss - base.rss) / 2 ** 20,
      heapMb: (heap - base.heapUsed) / 2 ** 20,
    };
  } finally {
    clearInterval(timer);
  }
}
