// Runs one scheduled process for every dealer (or some) for a business date, exactly as each
// dealer's schedule or `POST /api/processes/:process/trigger` would: e.g. the month-end roll over
// many dealers after an outage. It prints progress dealer by dealer and can be run again at any
// time: each process starts once per dealer and period, so a second run only picks up the dealers
// the first did not reach.
//   npm run process:run -- month-end --date 2026-11-24 [--dealer cd-rongcheng,cq-yuzhou]
import 'reflect-metadata';
import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '@kaflow/config';
import { createDataSource, DealerEntity } from '@kaflow/persistence';
import { loadCalendar, loadPolicy } from '@kaflow/records';
import { localDate } from '@kaflow/calendar';
import { TRIGGERS, PROCESSES, type ProcessName } from '../../apps/api/src/processes/processes.service';
import type { Temporal } from '../../apps/api/src/infra/infra.module';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};

async function main() {
  const process_ = process.argv[2] as ProcessName;
  if (!(PROCESSES as readonly string[]).includes(process_) || !TRIGGERS[process_]) {
    throw new Error(`usage: run-process <${Object.keys(TRIGGERS).join('|')}> [--date YYYY-MM-DD] [--dealer code,code]`);
  }
  const config = loadConfig(process.env);
  const db = await createDataSource(config.databaseUrl, { name: 'kaflow-ops' }).initialize();
  const connection = await Connection.connect({ address: config.temporalAddress });
  const temporal = {
    client: new Client({ connection, namespace: config.temporalNamespace }),
    connection,
    taskQueue: config.taskQueue,
  } as unknown as Temporal;
  const only = arg('dealer')?.split(',');
  const dealers = (await db.getRepository(DealerEntity).find({ order: { code: 'ASC' } })).filter(
    (d) => !only || only.includes(d.code),
  );
  const tally: Record<string, number> = { started: 0, already: 0, skipped: 0, failed: 0 };
  const t0 = Date.now();
  for (const [i, dealer] of dealers.entries()) {
    const policy = await loadPolicy(db, dealer.id);
    const calendar = await loadCalendar(db, dealer.id); // the dealer's closures over the national calendar
    const businessDate = arg('date') ?? localDate(new Date(), policy.timezone);
    let line: string;
    try {
      const r = await TRIGGERS[process_]!({ db, temporal, dealerId: dealer.id, businessDate, policy, calendar });
      const kind = r.started ? 'started' : r.reason?.startsWith('already') ? 'already' : 'skipped';
      tally[kind]++;
      line = `${kind.padEnd(8)} ${r.workflowId}${r.started ? '' : ` (${r.reason})`}`;
    } catch (e) {
      tally.failed++;
      line = `FAILED   ${(e as Error).message} (run again to retry this dealer)`;
    }
    console.log(
      `[${String(i + 1).padStart(String(dealers.length).length)}/${dealers.length}] ${dealer.code.padEnd(16)} ${line}`,
    );
  }
  console.log(
    `${process_}: ${dealers.length} dealers in ${((Date.now() - t0) / 1000).toFixed(1)} s — ${Object.entries(tally)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ')}`,
  );
  await connection.close();
  await db.destroy();
  if (tally.failed) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e.message ?? e);
  process.exit(2);
});
