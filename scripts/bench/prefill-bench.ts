// How long the month-end pre-fill takes for one dealer: the X+Y roll, the decomposition and the lead
// plan computed from the records exactly as the month-end workflow's activities do (read-only:
// nothing is written). Runs each dealer N times and prints the median and worst in ms.
//   npm run bench:prefill [-- --runs 7] [--month YYYY-MM]     (DATABASE_URL, default the demo database)
import 'reflect-metadata';
import { addMonths, localDate } from '@kaflow/calendar';
import { loadConfig } from '@kaflow/config';
import { createDataSource, DealerEntity, type PlanEntity } from '@kaflow/persistence';
import { approvedPlan, computePlan, loadPolicy } from '@kaflow/records';
import { prefillDecomposition, prefillLead, prefillRolling } from '../../activities/src/month-end/month-end-prefill';

const arg = (name: string, d: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : d;
};
const runs = Number(arg('runs', '7'));

async function main() {
  const db = await createDataSource(loadConfig(process.env).databaseUrl, { name: 'kaflow-bench' }).initialize();
  const today = localDate(new Date(), 'Asia/Shanghai');
  const month = arg('month', addMonths(today.slice(0, 7), 1));
  const dealers = await db.getRepository(DealerEntity).find({ order: { code: 'ASC' } });
  console.log(`pre-fill for ${month}, ${runs} runs per dealer, business date ${today}`);
  for (const dealer of dealers) {
    const policy = await loadPolicy(db, dealer.id);
    const times: Record<string, number[]> = { rolling: [], decomposition: [], lead: [], total: [] };
    let shape = '';
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const annual = await approvedPlan(db, { dealerId: dealer.id, kind: 'annual', period: month.slice(0, 4) });
      const r = await prefillRolling(db, dealer.id, month, today, annual);
      const t1 = performance.now();
      const rolling = {
        id: 'bench',
        version: 0,
        result: computePlan('rolling', r.input).result,
      } as unknown as PlanEntity;
      const d = await prefillDecomposition(db, dealer.id, month, rolling, policy);
      const t2 = performance.now();
      const decomposition = {
        id: 'bench',
        version: 0,
        result: computePlan('decomposition', d.input).result,
      } as unknown as PlanEntity;
      const l = await prefillLead(db, dealer.id, month, decomposition, policy);
      computePlan('lead', l.input);
      const t3 = performance.now();
      times.rolling.push(t1 - t0);
      times.decomposition.push(t2 - t1);
      times.lead.push(t3 - t2);
      times.total.push(t3 - t0);
      shape =
        `${r.input.actuals.length} closed months, ${d.input.models.length} ` +
        `models, ${d.input.consultants.length} consultants, next month orders ${rolling.result.next.orders}`;
    }
    const fmt = (xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      return `median ${s[Math.floor(s.length / 2)].toFixed(1)} ms, worst ${s[s.length - 1].toFixed(1)} ms`;
    };
    console.log(`${dealer.code} (${shape})`);
    for (const [k, xs] of Object.entries(times)) console.log(`  ${k.padEnd(13)} ${fmt(xs)}`);
  }
  await db.destroy();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
