// The web workspace's weight and speed on a running stack (e.g. `npm run demo`):
//   - the gzip JavaScript the first page load fetches (login, then the inbox after logging in), and
//     every chunk of the build (apps/web/dist) for comparison;
//   - the inbox's first-load time for a user (navigation start → task rows shown), median of N runs,
//     beside two anchors measured in the same run: GET /api/tasks alone over HTTP, and the bare
//     PostgreSQL query of the same rows.
//   npm run bench:web [-- --url http://localhost:3000] [--user ka_manager] [--password kaflow-demo] [--runs 5]
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createDataSource } from '@kaflow/persistence';
import { chromium } from 'playwright-core';

const arg = (name: string, d: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : d;
};
const url = arg('url', process.env.KAFLOW_URL ?? `http://localhost:${process.env.PORT ?? 3000}`);
const user = arg('user', 'ka_manager');
const password = arg('password', 'kaflow-demo');
const runs = Number(arg('runs', '5'));
const dist = join(__dirname, '..', '..', 'apps', 'web', 'dist', 'assets');
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const all = readdirSync(dist).filter((f) => f.endsWith('.js'));
  const gz = new Map(all.map((f) => [f, gzipSync(readFileSync(join(dist, f))).length]));
  const total = [...gz.values()].reduce((a, b) => a + b, 0);
  console.log(`build: ${all.length} JS chunks, ${kb(total)} gzip in all (largest ${kb(Math.max(...gz.values()))})`);

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox'],
  });
  try {
    const times: number[] = [];
    let firstLoad = 0;
    let inboxLoad = 0;
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const fetched = new Set<string>();
      page.on('response', (r) => {
        if (r.url().endsWith('.js')) fetched.add(r.url().split('/').pop()!);
      });
      await page.goto(`${url}/login`);
      await page.locator('[data-action="login"]').waitFor();
      const atLogin = new Set(fetched);
      await page.locator('#username').fill(user);
      await page.locator('#password').fill(password);
      await page.locator('[data-action="login"]').click();
      await page.waitForURL(/\/inbox/);
      await page.locator('.ant-table-tbody tr').first().waitFor();
      const sum = (names: Set<string>) => [...names].reduce((a, f) => a + (gz.get(f) ?? 0), 0);
      firstLoad = sum(atLogin);
      inboxLoad = sum(fetched);
      // first load of the inbox itself, signed in, with an empty cache (a new context keeps the token)
      const token = await page.evaluate("localStorage.getItem('kaflow.token')");
      const fresh = await browser.newContext();
      await fresh.addInitScript(`localStorage.setItem('kaflow.token', ${JSON.stringify(token)})`);
      const p2 = await fresh.newPage();
      const t0 = Date.now();
      await p2.goto(`${url}/inbox`);
      await p2.locator('[data-task-id], .ant-empty').first().waitFor({ timeout: 30_000 });
      times.push(Date.now() - t0);
      await fresh.close();
      await context.close();
    }
    console.log(
      `first page load (login page): ${kb(firstLoad)} gzip JavaScript; after ` +
        `logging in, with the inbox: ${kb(inboxLoad)}`,
    );
    console.log(
      `inbox first load as ${user} (empty cache, until the rows show): median ${median(times)} ms of ${runs} ` +
        `(${times.join(', ')})`,
    );

    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: user, password }),
    }).then(
      (r) => r.json() as Promise<{ accessToken: string; user: { id: string; dealerId: string; roles: string[] } }>,
    );
    const api: number[] = [];
    let rows = 0;
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const r = await fetch(`${url}/api/tasks?status=open&pageSize=20`, {
        headers: { Authorization: `Bearer ${login.accessToken}` },
      });
      rows = ((await r.json()) as { total: number }).total;
      api.push(performance.now() - t0);
    }
    const pg = await createDataSource(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/kaflow', {
      name: 'web-bench',
    }).initialize();
    const sql: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await pg.query(
        `SELECT * FROM task WHERE "dealerId" = $1 AND status = 'open' AND ("assigneeUserId" = $2
          OR "assigneeRole" = ANY($3))
         ORDER BY "dueAt", id LIMIT 20`,
        [login.user.dealerId, login.user.id, login.user.roles],
      );
      sql.push(performance.now() - t0);
    }
    await pg.destroy();
    console.log(
      `anchors (${rows} open tasks): GET /api/tasks median ${median(api).toFixed(1)} ms; ` +
        `bare PostgreSQL query median ${median(sql).toFixed(1)} ms`,
    );
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
