// `npm run histories:record [-- --per-type 4 --out tests/replay/histories]`: saves workflow histories
// from a running stack (the demo after a release) as replay fixtures. For every workflow type it keeps
// up to --per-type executions whose histories differ in shape (a follow-up workflow before and after its first
// due date, a task reminded, escalated, decided …), so the replay test sees each stage.
// Each file: { workflowId, workflowType, recordedAt, events, historyBase64 (the History protobuf) }.
// `--types a,b` records only these types (from every task queue, e.g. a test run's server); `--runs id@runId,…`
// adds these executions after their type's fixtures (a new branch of a workflow already recorded).
// Reads TEMPORAL_ADDRESS / TEMPORAL_NAMESPACE / TEMPORAL_TASK_QUEUE like the worker.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { loadConfig } from '@kaflow/config';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};

/** The shape of a history: its event types with repeats collapsed, plus what it scheduled. */
function shapeOf(events: Array<{ eventType?: unknown; activityTaskScheduledEventAttributes?: any }>): string {
  const parts: string[] = [];
  for (const e of events) {
    const activity = e.activityTaskScheduledEventAttributes?.activityType?.name;
    const part = activity ? `A:${activity}` : String(e.eventType);
    if (parts[parts.length - 1] !== part) parts.push(part);
  }
  return parts.join(',');
}

/** One fixture file: { workflowId, workflowType, recordedAt, events, historyBase64 }. */
function writeFixture(
  out: string,
  file: string,
  o: { workflowId: string; workflowType: string; events: number },
  historyBase64: string,
): void {
  const body = { workflowId: o.workflowId, workflowType: o.workflowType, recordedAt: new Date().toISOString() };
  writeFileSync(join(out, file), JSON.stringify({ ...body, events: o.events, historyBase64 }) + '\n');
}

function save(out: string, file: string, workflowId: string, type: string, history: temporal.api.history.v1.IHistory) {
  const b64 = Buffer.from(temporal.api.history.v1.History.encode(history).finish()).toString('base64');
  writeFixture(out, file, { workflowId, workflowType: type, events: history.events?.length ?? 0 }, b64);
}

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const perType = Number(arg('--per-type', '4'));
  const scan = Number(arg('--scan', '60'));
  const out = arg('--out', join(__dirname, '..', '..', 'tests', 'replay', 'histories'));
  // --types a,b: record only these workflow types (their old fixtures are replaced, the others kept), from
  // every task queue (e.g. a test run's server, for a type the demo does not run on its own)
  const only = arg('--types', '').split(',').filter(Boolean);
  // --runs id@runId,…: add these executions (a new branch of a type, e.g. a run that ended 'swept') after the type's
  // fixtures, keeping every fixture there is
  const runs = arg('--runs', '').split(',').filter(Boolean);
  if (runs.length) {
    const connection = await Connection.connect({ address: config.temporalAddress });
    const client = new Client({ connection, namespace: config.temporalNamespace });
    for (const run of runs) {
      const [workflowId, runId] = run.split('@');
      const handle = client.workflow.getHandle(workflowId, runId);
      const type = (await handle.describe()).type;
      const history = await handle.fetchHistory();
      const n = readdirSync(out).filter((f) => f.startsWith(`${type}-`) && f.endsWith('.json')).length + 1;
      save(out, `${type}-${n}.json`, workflowId, type, history);
      console.log(`${type}: added ${workflowId} (${history.events?.length ?? 0} events) as ${type}-${n}.json`);
    }
    await connection.close();
    return;
  }
  const query = only.length
    ? only.map((t) => `WorkflowType = '${t}'`).join(' OR ')
    : `TaskQueue = '${config.taskQueue}'`;
  const connection = await Connection.connect({ address: config.temporalAddress });
  const client = new Client({ connection, namespace: config.temporalNamespace });
  const byType = new Map<string, string[]>();
  for await (const wf of client.workflow.list({ query })) {
    const ids = byType.get(wf.type) ?? [];
    if (ids.length < scan) ids.push(`${wf.workflowId}\n${wf.runId}`);
    byType.set(wf.type, ids);
  }
  mkdirSync(out, { recursive: true });
  for (const f of readdirSync(out)) {
    if (f.endsWith('.json') && (!only.length || only.some((t) => f.startsWith(`${t}-`)))) rmSync(join(out, f));
  }
  let saved = 0;
  for (const [type, ids] of [...byType].sort()) {
    const shapes = new Map<string, { workflowId: string; b64: string; events: number }>();
    for (const key of ids) {
      const [workflowId, runId] = key.split('\n');
      const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
      const shape = shapeOf((history.events ?? []) as any[]);
      if (!shapes.has(shape))
        shapes.set(shape, {
          workflowId,
          b64: Buffer.from(temporal.api.history.v1.History.encode(history).finish()).toString('base64'),
          events: history.events?.length ?? 0,
        });
    }
    // keep the shortest, the longest and those between, up to perType
    const kept = [...shapes.values()].sort((a, b) => a.events - b.events);
    const pick =
      kept.length <= perType
        ? kept
        : Array.from({ length: perType }, (_, i) => kept[Math.round((i * (kept.length - 1)) / (perType - 1))]);
    pick.forEach((h, i) => {
      writeFixture(
        out,
        `${type}-${i + 1}.json`,
        { workflowId: h.workflowId, workflowType: type, events: h.events },
        h.b64,
      );
      saved++;
    });
    console.log(`${type}: ${ids.length} executions, ${shapes.size} shapes, saved ${pick.length}`);
  }
  console.log(`saved ${saved} histories in ${out}`);
  await connection.close();
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
