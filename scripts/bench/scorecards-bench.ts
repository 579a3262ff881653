// `npm run bench:scorecards`: one dealer-month of scorecards over 1,000,000 grade-history rows and 200,000
// prospects (target < 1 s). Fills a bench database of its own (default kaflow_bench_scorecards,
// env BENCH_DATABASE_URL) once with generated records (kept for the next run; `--reset` rebuilds), then times
// the product's statements (libs/records/src/scorecards/scorecards.query.ts) beside a bare PostgreSQL anchor
// (a plain count over the same grade_change rows) measured in the same run, and prints each statement's
// EXPLAIN ANALYZE plan. Options: --prospects N (200000), --changes N (1000000), --month YYYY-MM (2026-11),
// --old-month YYYY-MM (2025-11), --runs N (5).
import 'reflect-metadata';
import { createDataSource, migrate } from '@kaflow/persistence';
import { addMonths, zonedInstant } from '@kaflow/calendar';
import { ensureDatabase } from '../ensure-database';
import { loadMonthIngredients, monthArgs, typed, SCORECARD_STATEMENTS, type MonthParams } from '@kaflow/records';
import { fillBench } from './scorecards-bench-data';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
};
const DB_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/kaflow_bench_scorecards';
const PROSPECTS = Number(arg('prospects', '200000'));
const CHANGES = Number(arg('changes', '1000000'));
const MONTH = arg('month', '2026-11');
const RUNS = Number(arg('runs', '5'));
/** A month a year back: the grade counts read the changes since the month began, so older months read more of them. */
const OLD_MONTH = arg('old-month', '2025-11');

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timeIt(runs: number, f: () => Promise<unknown>): Promise<{ median: number; min: number }> {
  await f(); // warm the cache: both sides are measured warm
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await f();
    xs.push(ms(t0));
  }
  return { median: median(xs), min: Math.min(...xs) };
}

function params(dealerId: string, month: string): MonthParams {
  const next = addMonths(month, 1);
  return {
    dealerId,
    month,
    fromDate: `${month}-01`,
    toDate: `${next}-01`,
    from: zonedInstant(`${month}-01`, '00:00', 'Asia/Shanghai'),
    to: zonedInstant(`${next}-01`, '00:00', 'Asia/Shanghai'),
  };
}

async function main(): Promise<void> {
  console.log(`bench:scorecards: database ${DB_URL.replace(/\/\/[^@]*@/, '//')}`);
  await ensureDatabase(DB_URL);
  await migrate(DB_URL);
  const ds = createDataSource(DB_URL, { poolSize: 8, name: 'bench-scorecards' });
  await ds.initialize();
  try {
    const dealerId = await fillBench(ds, {
      prospects: PROSPECTS,
      changes: CHANGES,
      reset: process.argv.includes('--reset'),
    });
    const [counts] = await ds.query(
      `SELECT (SELECT count(*) FROM grade_change WHERE "dealerId" = $1)::int AS changes,
              (SELECT count(*) FROM prospect WHERE "dealerId" = $1)::int AS prospects`,
      [dealerId],
    );
    console.log(`data: ${counts.changes} grade-history rows, ${counts.prospects} prospects in the dealer`);
    const p = params(dealerId, MONTH);
    const anchor = await timeIt(RUNS, () =>
      ds.query(`SELECT count(*) FROM grade_change WHERE "dealerId" = $1`, [dealerId]),
    );
    const product = await timeIt(RUNS, () => loadMonthIngredients(ds, p));
    const ing = await loadMonthIngredients(ds, p);
    console.log(`dealer totals ${MONTH}: ${JSON.stringify(ing.dealer)}`);
    console.log(`people with figures: ${ing.byUser.size}`);
    console.log('');
    console.log(
      `anchor  plain count(*) over the dealer's grade_change rows: median ${anchor.median.toFixed(1)} ms, ` +
        `min ${anchor.min.toFixed(1)} ms`,
    );
    console.log(
      `product one dealer-month of scorecard figures (6 statements): median ${product.median.toFixed(1)} ms, ` +
        `min ${product.min.toFixed(1)} ms`,
    );
    const ratio = (product.median / anchor.median).toFixed(2);
    console.log(
      `ratio product / anchor (median): ${ratio}; target < 1000 ms: ${product.median < 1000 ? 'met' : 'NOT met'}`,
    );
    const old = await timeIt(RUNS, () => loadMonthIngredients(ds, params(dealerId, OLD_MONTH)));
    console.log(
      `product for ${OLD_MONTH} (reads every change since): median ${old.median.toFixed(1)} ms, ` +
        `min ${old.min.toFixed(1)} ms`,
    );
    for (const [name, sql] of Object.entries(SCORECARD_STATEMENTS)) {
      const qr = ds.createQueryRunner(); // as the product runs it: JIT off (scorecards.query.ts)
      await qr.startTransaction();
      await qr.query('SET LOCAL jit = off');
      const plan: Array<{ 'QUERY PLAN': string }> = await qr.query(
        `EXPLAIN (ANALYZE, BUFFERS) ${typed(sql)}`,
        monthArgs(p),
      );
      await qr.commitTransaction();
      await qr.release();
      console.log(`\n--- EXPLAIN ANALYZE ${name}`);
      console.log(plan.map((r) => r['QUERY PLAN']).join('\n'));
    }
  } finally {
    await ds.destroy();
  }
}

main().catch((e) => {
  console.error('bench:scorecards failed:', e?.stack ?? e);
  process.exit(1);
});
