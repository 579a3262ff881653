#!/usr/bin/env node
// Where a jest run spent its time, from one or more of its `--json` result files (scripts/test.sh writes
// .run/jest-results*.json): the wall time and summed file time per project, the 10 slowest files, and the
// plain closing line "tests: N passed, N failed, N skipped" over all the files given.
//   node scripts/test-times.js .run/jest-results.json [.run/jest-results-faults.json]
'use strict';
const { readFileSync, existsSync } = require('node:fs');
const { relative } = require('node:path');

const files = process.argv.slice(2).filter((f) => existsSync(f));
if (!files.length) {
  console.log('tests: no jest results');
  process.exit(0);
}
const results = files.map((f) => JSON.parse(readFileSync(f, 'utf8')));
const root = process.cwd();
// the project of a file, from its path (jest's --json output does not name it)
const PROJECTS = [
  ['unit', /\/tests\/unit\//],
  ['replay', /\/tests\/replay\//],
  ['integration', /\/tests\/integration\//],
  ['e2e', /\/tests\/e2e\//],
  ['browser', /\/tests\/browser\//],
  ['faults', /\/tests\/faults\//],
];
const projectOf = (path) => (PROJECTS.find(([, re]) => re.test(path)) ?? ['other'])[0];

const rows = [];
for (const r of results)
  for (const t of r.testResults) {
    const start = t.startTime ?? t.perfStats?.start;
    const end = t.endTime ?? t.perfStats?.end;
    rows.push({ file: relative(root, t.name), project: projectOf(t.name), start, end, secs: (end - start) / 1000 });
  }

const byProject = new Map();
for (const r of rows) {
  const p = byProject.get(r.project) ?? { files: 0, sum: 0, first: Infinity, last: 0 };
  p.files++;
  p.sum += r.secs;
  p.first = Math.min(p.first, r.start);
  p.last = Math.max(p.last, r.end);
  byProject.set(r.project, p);
}
const fmt = (s) => `${s.toFixed(1).padStart(7)} s`;
console.log('Time per jest project (wall: first file start to last file end; sum: the files added up):');
for (const [name] of [...PROJECTS, ['other']]) {
  const p = byProject.get(name);
  if (p)
    console.log(
      `  ${name.padEnd(12)} ${String(p.files).padStart(3)} files  ` +
        `wall ${fmt((p.last - p.first) / 1000)}  sum ${fmt(p.sum)}`,
    );
}
console.log('10 slowest files:');
for (const r of [...rows].sort((a, b) => b.secs - a.secs).slice(0, 10)) console.log(`  ${fmt(r.secs)}  ${r.file}`);
const n = (k) => results.reduce((a, r) => a + (r[k] ?? 0), 0);
// suites that failed to run at all count as failures too
const broken = results.reduce((a, r) => a + (r.numRuntimeErrorTestSuites ?? 0), 0);
console.log(
  `tests: ${n('numPassedTests')} passed, ${n('numFailedTests') + broken} failed, ${n('numPendingTests')} skipped`,
);
