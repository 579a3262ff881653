// Bundles the workflow code once for the cluster's workers (each worker loads it with KAFLOW_WORKFLOW_BUNDLE
// instead of bundling at start). Usage: node -r @swc-node/register scripts/cluster/bundle.ts OUT_FILE
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { bundleWorkflows } from '../../apps/worker/src/worker';

async function main(out: string | undefined): Promise<void> {
  if (!out) throw new Error('usage: bundle.ts OUT_FILE');
  const { code } = await bundleWorkflows();
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(`${out}.tmp`, code);
  renameSync(`${out}.tmp`, out);
}

main(process.argv[2]).catch((e) => {
  console.error(`bundling the workflows failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
