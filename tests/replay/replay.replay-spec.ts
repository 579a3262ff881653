// Upgrades that never break running workflows: every recorded history (tests/replay/histories, saved
// from the demo by `npm run histories:record`) replays against the current workflow bundle. A change to
// workflow code that would make a running workflow take another path fails here, in CI, instead of
// failing that workflow with a non-determinism error after the deploy.
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker, bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { bundleWorkflows } from '../../apps/worker/src/worker';

const ROOT = join(__dirname, '..', '..');
const DIR = join(__dirname, 'histories');
const fixtures = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((file) => ({
    file,
    ...(JSON.parse(readFileSync(join(DIR, file), 'utf8')) as {
      workflowId: string;
      workflowType: string;
      historyBase64: string;
    }),
  }));

async function replay(bundle: WorkflowBundleWithSourceMap, only?: (f: (typeof fixtures)[number]) => boolean) {
  const chosen = fixtures.filter(only ?? (() => true));
  const failures: Array<{ file: string; error: string }> = [];
  const results = Worker.runReplayHistories(
    { workflowBundle: bundle, replayName: 'kaflow-replay' },
    chosen.map((f) => ({
      workflowId: f.workflowId,
      history: temporal.api.history.v1.History.decode(Buffer.from(f.historyBase64, 'base64')),
    })),
  );
  let i = 0;
  for await (const r of results) {
    if (r.error) failures.push({ file: chosen[i].file, error: `${r.error.name}: ${r.error.message}`.slice(0, 300) });
    i++;
  }
  return { replayed: i, failures };
}

const quiet = { info() {}, warn() {}, error: console.error, debug() {}, trace() {}, log() {} } as any;

it('has fixtures for every workflow type the worker registers', () => {
  const registered = Object.keys(require('../../workflows/src/index')).sort();
  const recorded = new Set(fixtures.map((f) => f.workflowType));
  expect(registered.filter((t) => !recorded.has(t))).toEqual([]);
});

it('replays every recorded history against the current workflow code', async () => {
  const { replayed, failures } = await replay(await bundleWorkflows());
  console.log(`replayed ${replayed} histories of ${new Set(fixtures.map((f) => f.workflowType)).size} workflow types`);
  expect(failures).toEqual([]);
  expect(replayed).toBe(fixtures.length);
}, 300_000);

it('keeps the holiday tables out of the workflow bundle (the worker evaluates its modules once per cached workflow)', async () => {
  const { code } = await bundleWorkflows();
  const modules = [...code.matchAll(/^\/\*\*\*\/ "(\.\/[^"]+)"/gm)].map((m) => m[1]);
  console.log(
    `workflow bundle: ${modules.length} modules, ${(code.indexOf('//# sourceMappingURL') / 1024).toFixed(0)} KB of ` +
      `code`,
  );
  expect(modules.length).toBeGreaterThan(50);
  expect(modules.filter((m) => m.includes('/chinese-days/'))).toEqual([]);
}, 120_000);

it('fails on a deliberately non-deterministic change (a timer added where a history has an activity)', async () => {
  // A copy of the workflow code with one extra timer at the start of the callback workflow: what a careless
  // edit would do to every callback already running. It is built in .run/ and never committed.
  const mutant = join(ROOT, '.run', 'replay-mutant');
  rmSync(mutant, { recursive: true, force: true });
  mkdirSync(mutant, { recursive: true });
  cpSync(join(ROOT, 'workflows', 'src'), join(mutant, 'src'), { recursive: true });
  const file = join(mutant, 'src', 'record-keeping', 'callback.workflow.ts');
  const source = readFileSync(file, 'utf8');
  const opening = /export async function callbackWorkflow[\s\S]*? \{\n/; // up to the body's opening brace
  expect(source).toMatch(opening);
  writeFileSync(
    file,
    `import { sleep as mutantSleep } from '@temporalio/workflow';\n${source.replace(
      opening,
      (m) => `${m}  await ` + `mutantSleep(1);\n`,
    )}`,
  );
  const bundle = await bundleWorkflowCode({ workflowsPath: join(mutant, 'src', 'index.ts'), logger: quiet });
  const { replayed, failures } = await replay(bundle, (f) => f.workflowType === 'callbackWorkflow');
  expect(replayed).toBeGreaterThan(0);
  expect(failures).toHaveLength(replayed);
  expect(failures[0].error).toMatch(/Nondeterminism|DeterminismViolation|nondeterministic/i);
  rmSync(mutant, { recursive: true, force: true });
}, 300_000);
