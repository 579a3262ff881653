// `npm run build`: the production shape: compiled JavaScript, no TypeScript compiler at run time.
//   dist/<workspace>/src/**/*.js     every workspace package and scripts/, transpiled by swc (decorator
//                                    metadata kept for Nest and TypeORM), with source maps
//   dist/node_modules/@kaflow/<pkg>  a link to dist/<workspace> (whose package.json names the compiled
//                                    entry), so `require('@kaflow/domain')` finds the JS from dist/
//   dist/workflow-bundle.js          the workflow code bundled once by Temporal's bundler; the worker
//                                    loads it (KAFLOW_WORKFLOW_BUNDLE) instead of bundling at start
// Run: node dist/libs/persistence/src/migrate.js · node dist/apps/worker/src/main.js · node dist/apps/api/src/main.js
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { transformFileSync } from '@swc/core';
import { bundleWorkflowCode } from '@temporalio/worker';

const ROOT = join(__dirname, '..');
const DIST = join(ROOT, 'dist');
const SWC = {
  jsc: {
    parser: { syntax: 'typescript' as const, decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022' as const,
  },
  module: { type: 'commonjs' as const },
  sourceMaps: true,
};

function* tsFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'node_modules' && name !== 'dist') yield* tsFiles(path);
    } else if (name.endsWith('.ts') && !name.endsWith('.d.ts') && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(name))
      yield path;
  }
}

function compile(dir: string): number {
  let n = 0;
  for (const file of tsFiles(dir)) {
    const out = join(DIST, relative(ROOT, file)).replace(/\.ts$/, '.js');
    const { code, map } = transformFileSync(file, {
      ...SWC,
      filename: file,
      sourceFileName: relative(dirname(out), file),
    });
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${code}\n//# sourceMappingURL=${out.split('/').pop()}.map\n`);
    if (map) writeFileSync(`${out}.map`, map);
    n++;
  }
  return n;
}

/** Workspace folders from the root package.json's "workspaces" globs (only `dir/*` and plain folders). */
function workspaces(): string[] {
  const globs: string[] = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).workspaces;
  return globs
    .flatMap((g) =>
      g.endsWith('/*') ? readdirSync(join(ROOT, g.slice(0, -2))).map((d) => `${g.slice(0, -2)}/${d}`) : [g],
    )
    .filter((w) => {
      try {
        return statSync(join(ROOT, w, 'package.json')).isFile() && statSync(join(ROOT, w, 'src')).isDirectory();
      } catch {
        return false;
      }
    });
}

async function main(): Promise<void> {
  const started = Date.now();
  rmSync(DIST, { recursive: true, force: true });
  let files = compile(join(ROOT, 'scripts'));
  for (const ws of workspaces()) {
    const pkg = JSON.parse(readFileSync(join(ROOT, ws, 'package.json'), 'utf8')) as { name: string; main?: string };
    if (ws === 'apps/web') continue; // the web app has its own Vite build
    files += compile(join(ROOT, ws, 'src'));
    // dist/<ws>/package.json names the compiled entry; dist/node_modules/<name> links to dist/<ws>, so the
    // package and any deep path into it (`@kaflow/calendar/src/notice-ical`) resolve to compiled files
    const main = (pkg.main ?? 'src/index.ts').replace(/\.ts$/, '.js');
    writeFileSync(join(DIST, ws, 'package.json'), JSON.stringify({ name: pkg.name, main }, null, 2) + '\n');
    const link = join(DIST, 'node_modules', pkg.name);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(relative(dirname(link), join(DIST, ws)), link, 'dir');
  }
  const bundle = await bundleWorkflowCode({
    workflowsPath: join(ROOT, 'workflows', 'src', 'index.ts'),
    logger: { info() {}, warn() {}, error: console.error, debug() {}, trace() {}, log() {} } as any,
  });
  writeFileSync(join(DIST, 'workflow-bundle.js'), bundle.code);
  console.log(
    `build: ${files} files compiled and the workflow ` +
      `bundle written to dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
