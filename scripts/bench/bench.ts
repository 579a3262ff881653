// `npm run bench [-- a b c e]`: KA Flow's figures beside bare anchors measured in the same run, with
// the date and the machine (CPUs, load average) printed beside them. Parts (all when none is named):
//   a  workflow starts: POST /api/prospects vs bare client starts, at BENCH_STARTS_CONCURRENCY (20)
//   b  decision latency and rate: POST /api/tasks/:id/complete vs a bare update → activity → row,
//      at 1 and at BENCH_DECISIONS_CONCURRENCY (50) concurrent
//   c  the month-end pre-fill of a region (BENCH_REGION dealers x consultants x prospects, 50x20x10000)
//   e  BENCH_FOLLOW_UPS (100000) open follow-up workflows: start rate, first due dates, worker memory with
//      the cache bounded, beside as many bare entity workflows (each side in a process of its own)
// Sizes: BENCH_STARTS (200 prospects), BENCH_DECISIONS_SERIAL (30), BENCH_DECISIONS (300),
// BENCH_FOLLOW_UPS_CONCURRENCY (100), BENCH_FOLLOW_UPS_ANCHOR (the bare side's count; default BENCH_FOLLOW_UPS).
// The whole result is also written as JSON under .run/bench/.
// Run through scripts/bench/bench.sh (npm run bench), which brings up a Temporal dev server of its own
// on TEMPORAL_PORT unless one answers there; PostgreSQL: BENCH_DATABASE_URL (default kaflow_bench).
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { benchDb, load1, machine, startStack, type Stack } from './lib/bench-stack';
import { benchStarts } from './parts/starts';
import { benchDecisions } from './parts/decisions';
import { benchPrefillRegion } from './parts/prefill-region';

const env = (k: string, d: number) => (process.env[k] ? Number(process.env[k]) : d);
const parts = process.argv.slice(2).filter((a) => /^[abce]$/.test(a));
const want = (p: string) => parts.length === 0 || parts.includes(p);
const t0 = Date.now();
const log = (s: string) => console.log(`[${((Date.now() - t0) / 1000).toFixed(0).padStart(5)} s] ${s}`);
const ROOT = join(__dirname, '..', '..');

async function followUpsSide(anchor: boolean, count: number): Promise<Record<string, any>> {
  const args = [
    '--expose-gc',
    '-r',
    '@swc-node/register',
    join(__dirname, 'follow-up-bench.ts'),
    '--count',
    String(count),
    '--concurrency',
    String(env('BENCH_FOLLOW_UPS_CONCURRENCY', 100)),
    '--settle',
    String(env('BENCH_FOLLOW_UPS_SETTLE', 15)),
    ...(anchor ? ['--anchor'] : []),
  ];
  // the child's lines as they come (a 100,000 run takes hours: its progress is shown, not buffered)
  const child = spawn(process.execPath, args, { cwd: ROOT, env: process.env, stdio: ['ignore', 'pipe', 'inherit'] });
  let last = '';
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line.startsWith('{')) last = line;
    else log(`  ${anchor ? 'bare' : 'kaflow'} ${line}`);
  });
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  if (code !== 0 || !last)
    throw new Error(`follow-up-bench exited with ${code}${last ? '' : ' and printed no result'}`);
  return JSON.parse(last);
}

async function main() {
  const result: Record<string, any> = { machine: machine(), parts: {} };
  console.log(`KA Flow bench — ${result.machine}`);
  console.log(`parts: ${parts.length ? parts.join(' ') : 'a b c e'}`);
  let stack: Stack | undefined;
  const cleanup: string[] = [];
  try {
    if (want('a') || want('b')) {
      stack = await startStack();
      log(`stack up: API ${stack.url}, task queues ${stack.kaflowQueue} / ${stack.anchorQueue}`);
    }
    if (want('a')) {
      log(`(a) workflow starts — ${machine()}`);
      const a = await benchStarts(stack!, env('BENCH_STARTS', 200), env('BENCH_STARTS_CONCURRENCY', 20), log);
      cleanup.push(...a.cleanup);
      result.parts.a = { machine: machine(), ...a.result };
      log(`(a) ratio KA Flow / bare starts per second: ${a.result.ratio.toFixed(2)}`);
    }
    if (want('b')) {
      log(`(b) decisions — ${machine()}`);
      const b = await benchDecisions(
        stack!,
        {
          serial: env('BENCH_DECISIONS_SERIAL', 30),
          concurrent: env('BENCH_DECISIONS', 300),
          concurrency: env('BENCH_DECISIONS_CONCURRENCY', 50),
        },
        log,
      );
      cleanup.push(...b.cleanup);
      result.parts.b = { machine: machine(), ...b.result };
      for (const [k, v] of Object.entries(b.result)) {
        if (k === 'exactlyOnce') continue;
        log(
          `(b) at ${k} concurrent: rate ratio KA Flow / bare ${(v as any).rateRatio.toFixed(2)} (target ≥ 1), p95 ` +
            `ratio ${(v as any).p95Ratio.toFixed(2)} (target ≤ 1)`,
        );
      }
    }
    if (stack) {
      if (process.env.BENCH_OWN_TEMPORAL !== '1') log(`terminated ${await stack.terminate(cleanup)} workflows`);
      await stack.stop();
      stack = undefined;
    }
    if (want('c')) {
      const [dealers, consultants, prospects] = (process.env.BENCH_REGION ?? '50x20x10000').split('x').map(Number);
      const db = await benchDb(10);
      log(`(c) region pre-fill — ${machine()}`);
      result.parts.c = {
        machine: machine(),
        dealers,
        consultants,
        prospects,
        ...(await benchPrefillRegion(db, { dealers, consultants, prospects, concurrency: 4 }, log)),
      };
      await db.destroy();
    }
    if (want('e')) {
      const count = env('BENCH_FOLLOW_UPS', 100_000);
      // the bare side at another count when time is short (its rates per second are what is compared)
      const bareCount = env('BENCH_FOLLOW_UPS_ANCHOR', count);
      log(`(e) ${count} follow-up workflows (bare: ${bareCount}) — ${machine()} (load ${load1().toFixed(2)})`);
      const k = await followUpsSide(false, count);
      const b = await followUpsSide(true, bareCount);
      result.parts.e = { machine: machine(), count, bareCount, kaflow: k, bare: b };
      log(
        `(e) KA Flow: ${k.startsPerSecond} starts/s, first due ` +
          `dates ${(count / k.allFirstTickSeconds).toFixed(0)}/s, worker process RSS ${k.rssMB} MB ` +
          `(peak ${k.peakRssMB} MB, target < 1024) with the cache ` +
          `bound ${k.maxCachedWorkflows}, ${k.maxConcurrentWorkflowTasks} workflow tasks ` +
          `and ${k.maxConcurrentActivities} activities at once`,
      );
      log(
        `(e) bare (${bareCount}): ${b.startsPerSecond} starts/s, first ` +
          `rows ${(bareCount / b.allFirstTickSeconds).toFixed(0)}/s, worker RSS ${b.rssMB} MB (peak ${b.peakRssMB} ` +
          `MB); ratios starts ${(k.startsPerSecond / b.startsPerSecond).toFixed(2)}, first ticks per ` +
          `second ${(count / k.allFirstTickSeconds / (bareCount / b.allFirstTickSeconds)).toFixed(2)}`,
      );
    }
  } finally {
    if (stack) await stack.stop().catch(() => undefined);
  }
  const dir = join(ROOT, '.run', 'bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(result, null, 2));
  console.log(`result: ${file}`);
  process.exit(0);
}

main().catch((e) => {
  console.error('bench failed:', e?.stack ?? e);
  process.exit(1);
});
