// `npm run bench:forecast`: the forecast's backtest against each dealer's own history (docs/benchmarks.md, Forecast).
// Every past month of every dealer (the demo seed's 15 months, and any imported history in the same database) is
// forecast as it would have been on the 1st and on each Monday, using only the records known then
// (libs/records/src/forecast.ts reads as of the date), and set against the orders that came (cars ordered in the
// month and not cancelled, as the actuals report counts them). Beside it, on the same months, two naive forecasts:
// last month's orders, and the same month last year scaled by the year's trend (the last 12 closed months ÷ the 12
// before them; over the months there are when fewer); both never below the orders booked so far.
// Prints per horizon: months, WAPE of P50 and of each naive forecast, and the share of months inside P10–P90.
// Database: BENCH_DATABASE_URL (default kaflow_bench_forecast), seeded with the demo once when it has no dealer;
// `--reset` drops the demo's records first. Options: --dealer CODE (all), --lookback N (policy's).
import 'reflect-metadata';
import { addCalendarDays, addMonths, localDate } from '@kaflow/calendar';
import { createDataSource, migrate } from '@kaflow/persistence';
import { lineForecast, wape } from '@kaflow/planning';
import { FORECAST_DRAWS, FORECAST_SEED, forecastReading, loadPolicy, salesHistory } from '@kaflow/records';
import { ensureDatabase } from '../ensure-database';
import { seedDemo } from '../seed/seed';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const DB_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/kaflow_bench_forecast';

interface Row {
  dealer: string;
  month: string;
  horizon: string;
  actual: number;
  p10: number;
  p50: number;
  p90: number;
  last: number;
  seasonal: number | null;
}

/** The as-of dates of a month: its 1st, then each Monday after it. */
function asOfDates(month: string): Array<{ date: string; horizon: string }> {
  const out = [{ date: `${month}-01`, horizon: '1st' }];
  let k = 0;
  for (let d = addCalendarDays(`${month}-01`, 1); d.startsWith(month); d = addCalendarDays(d, 1)) {
    if (new Date(`${d}T00:00:00Z`).getUTCDay() === 1) out.push({ date: d, horizon: `Monday ${++k}` });
  }
  return out;
}

const pct = (x: number | null) => (x === null ? '   –  ' : `${(x * 100).toFixed(1).padStart(5)}%`);

async function main(): Promise<void> {
  console.log(`bench:forecast: database ${DB_URL.replace(/\/\/[^@]*@/, '//')}`);
  await ensureDatabase(DB_URL);
  await migrate(DB_URL);
  const ds = createDataSource(DB_URL, { poolSize: 4, name: 'bench-forecast' });
  await ds.initialize();
  try {
    const [{ n }] = await ds.query(`SELECT COUNT(*)::int AS n FROM sales_order`);
    if (n === 0) {
      console.log('seeding the demo history (once; kept for the next run)…');
      await seedDemo(ds, { log: () => undefined });
    }
    const only = arg('dealer');
    const dealers: Array<{ id: string; code: string }> = await ds.query(
      `SELECT d.id, d.code FROM dealer d WHERE EXISTS (SELECT 1 FROM sales_order o WHERE o."dealerId" = d.id)
        ${only ? 'AND d.code = $1' : ''} ORDER BY d.code`,
      only ? [only] : [],
    );
    const rows: Row[] = [];
    const t0 = Date.now();
    for (const dealer of dealers) {
      const policy = await loadPolicy(ds, dealer.id);
      const lookback = Number(arg('lookback') ?? policy.forecast.lookbackMonths);
      const [{ first }] = await ds.query(
        `SELECT to_char(MIN("orderDate"), 'YYYY-MM') AS first FROM sales_order WHERE "dealerId" = $1`,
        [dealer.id],
      );
      const thisMonth = localDate(new Date(), policy.timezone).slice(0, 7);
      const history = await salesHistory(ds, dealer.id, first, addMonths(thisMonth, -1));
      const orders = new Map(history.map((h) => [h.month, h.orders]));
      // a month is scored once it has a closed month before it (the naive "last month")
      for (const h of history.slice(1)) {
        for (const { date, horizon } of asOfDates(h.month)) {
          const reading = await forecastReading(ds, dealer.id, date, {
            lookbackMonths: lookback,
            timezone: policy.timezone,
          });
          const f = lineForecast(
            reading,
            {},
            {
              minObservations: Number(arg('min') ?? policy.forecast.minObservations),
              draws: FORECAST_DRAWS,
              seed: FORECAST_SEED,
            },
          ).orders;
          // the naive ones, from the months closed at the as-of date (a month's orders as the actuals count them)
          const booked = f.booked;
          const last = orders.get(addMonths(h.month, -1)) ?? 0;
          const ly = orders.get(addMonths(h.month, -12));
          let seasonal: number | null = null;
          if (ly !== undefined) {
            let recent = 0;
            let before = 0;
            for (let k = 1; k <= 12; k++) {
              const a = orders.get(addMonths(h.month, -k));
              const b = orders.get(addMonths(h.month, -k - 12));
              if (a === undefined || b === undefined) continue;
              recent += a;
              before += b;
            }
            seasonal = Math.max(booked, before > 0 ? (ly * recent) / before : ly);
          }
          rows.push({
            dealer: dealer.code,
            month: h.month,
            horizon,
            actual: h.orders,
            p10: f.p10,
            p50: f.p50,
            p90: f.p90,
            last: Math.max(booked, last),
            seasonal,
          });
        }
      }
    }
    const seconds = (Date.now() - t0) / 1000;
    const horizons = ['1st', 'Monday 1', 'Monday 2', 'Monday 3', 'Monday 4', 'Monday 5'];
    const table = (title: string, pick: (r: Row) => boolean) => {
      console.log(`\n${title}`);
      console.log('horizon    months  WAPE P50  WAPE last month  WAPE last year×trend  inside P10–P90');
      for (const hz of [...horizons, 'all']) {
        const rs = rows.filter((r) => pick(r) && (hz === 'all' || r.horizon === hz));
        if (!rs.length) continue;
        const w = (f: (r: Row) => number) => wape(rs.map((r) => ({ forecast: f(r), actual: r.actual })));
        const inside = rs.filter((r) => r.actual >= r.p10 && r.actual <= r.p90).length / rs.length;
        console.log(
          `${hz.padEnd(10)} ${String(rs.length).padStart(6)}  ${pct(w((r) => r.p50))}    ${pct(w((r) => r.last))}` +
            `           ${pct(rs.every((r) => Number.isFinite(r.seasonal)) ? w((r) => r.seasonal!) : null)}` +
            `                ${pct(inside)}`,
        );
      }
    };
    table('every month with a month before it (the last-year naive forecast has no value: –)', () => true);
    table('the months that have the same month last year (all three forecasts on the same months)', (r) =>
      Number.isFinite(r.seasonal),
    );
    const months = new Set(rows.map((r) => `${r.dealer} ${r.month}`)).size;
    console.log(
      `\n${dealers.length} dealer(s), ${months} months, ${rows.length} forecasts in ${seconds.toFixed(1)} s ` +
        `(${(seconds / Math.max(1, rows.length)).toFixed(3)} s per forecast with its SQL, ` +
        `${FORECAST_DRAWS} draws each; ` +
        `informational: the accuracy's anchors are the two naive forecasts)`,
    );
    if (process.argv.includes('--months'))
      for (const r of rows.filter((x) => x.horizon === '1st'))
        console.log(`${r.dealer} ${r.month} actual ${r.actual} P10–P90 ${r.p10}–${r.p90} P50 ${r.p50} last ${r.last}`);
  } finally {
    await ds.destroy();
  }
}

main().catch((e) => {
  console.error('bench:forecast failed:', e);
  process.exit(1);
});
