// .env.example lists every variable the typed configuration reads, so an operator never has to read code.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const listed = new Set(
  readFileSync(join(ROOT, '.env.example'), 'utf8')
    .split('\n')
    .map((l) => /^([A-Z][A-Z0-9_]*)=/.exec(l)?.[1])
    .filter(Boolean),
);

it('names every environment variable of libs/config in .env.example', () => {
  const dir = join(ROOT, 'libs', 'config', 'src');
  const read = new Set<string>();
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
    for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/\b[a-zA-Z]+\(\s*'([A-Z][A-Z0-9_]+)'/g)) read.add(m[1]);
  }
  expect(read.size).toBeGreaterThan(10);
  expect([...read].filter((v) => !listed.has(v)).sort()).toEqual([]);
});
