// The web workspace's weight and speed on a running stack with the demo data (e.g. `npm run demo`):
//   1. the build: every JavaScript chunk of apps/web/dist as it is, as gzip and as brotli (the copies the build
//      writes beside it, which the API sends);
//   2. per user and screen size (PC 1366×768; phone 390×844 with touch), the home's first load with a signed-in,
//      empty-cache context in an already running Chromium: navigation start → the home's content shown (median of
//      N), beside two anchors measured in the same run: the home's API call alone over HTTP, and the bare
//      PostgreSQL query of its main rows;
//   3. with Chromium's network emulation (Lighthouse's mobile profile: 150 ms round trip, 1.6 Mbps down, 750 Kbps
//      up; CPU not throttled unless --cpu 4) on the phone size: the login form's appearance after navigation,
//      and login click → the home's content; with the JavaScript transferred (bytes on the wire) for the login
//      page and up to the home, per chunk.
// A home is found by its attribute `data-home-ready="<kind>"` (consultant, service, dealer) and its API at
// GET /api/home/<kind>; where that API answers 404 (a build without the homes) the inbox stands in: /inbox, its
// task rows, GET /api/tasks.
//   npm run bench:web [-- --url http://localhost:3000] [--users consultant,cs_manager,ka_manager,sales_director]
//                     [--password kaflow-demo] [--runs 5] [--cpu 1] [--no-throttle]
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { createDataSource } from '@kaflow/persistence';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';

const arg = (name: string, d: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : d;
};
const url = arg('url', process.env.KAFLOW_URL ?? `http://localhost:${process.env.PORT ?? 3000}`);
const users = arg('users', 'consultant,cs_manager,ka_manager,sales_director').split(',');
const password = arg('password', 'kaflow-demo');
const runs = Number(arg('runs', '5'));
const cpu = Number(arg('cpu', '1'));
const throttle = !process.argv.includes('--no-throttle');
const dist = join(__dirname, '..', '..', 'apps', 'web', 'dist', 'assets');
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (xs: number[]) => `${median(xs).toFixed(0)} ms`;

/** The screen sizes every home is measured at. */
const SIZES: Array<{ name: string; options: BrowserContextOptions }> = [
  { name: 'PC 1366×768', options: { viewport: { width: 1366, height: 768 } } },
  {
    name: 'phone 390×844',
    options: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true },
  },
];
/** Lighthouse's mobile network: 150 ms round trip, 1.6 Mbps down, 750 Kbps up (bytes per second here). */
const MOBILE_NETWORK = {
  offline: false,
  latency: 150,
  downloadThroughput: (1.6 * 1024 * 1024) / 8,
  uploadThroughput: (750 * 1024) / 8,
};

type Kind = 'consultant' | 'service' | 'dealer';
const KIND_OF_ROLE: Record<string, Kind> = {
  consultant: 'consultant',
  cs_manager: 'service',
  cs_agent: 'service',
  ka_manager: 'dealer',
  sales_director: 'dealer',
  gm: 'dealer',
};

interface Login {
  accessToken: string;
  user: { id: string; dealerId: string; roles: string[] };
}
interface Home {
  user: string;
  kind: Kind;
  /** Where the browser opens it, what shows it is there, and its API call. */
  path: string;
  ready: string;
  api: string;
  /** true when the inbox stands in for a home this build lacks */
  fallback: boolean;
}

/** The bare SQL of a home's main rows, by kind (the inbox's rows where the inbox stands in). */
function homeSql(home: Home, login: Login): [string, unknown[]] {
  const { id, dealerId, roles } = login.user;
  const openTasks = `SELECT * FROM task WHERE "dealerId" = $1 AND status = 'open'
      AND ("assigneeUserId" = $2 OR "assigneeRole" = ANY($3)) ORDER BY "dueAt", id LIMIT 20`;
  if (home.fallback) return [openTasks, [dealerId, id, roles]];
  switch (home.kind) {
    case 'consultant': // today's follow-ups: my open tasks due by the end of today, with their prospects
      return [
        `SELECT t.*, p.id AS "prospectId" FROM task t
           LEFT JOIN prospect p ON p.id::text = t."subjectId" AND t."subjectType" = 'prospect'
          WHERE t."dealerId" = $1 AND t.status = 'open' AND t."assigneeUserId" = $2
            AND t."dueAt" < date_trunc('day', now()) + interval '1 day'
          ORDER BY t."dueAt", t.id`,
        [dealerId, id],
      ];
    case 'service': // the desk: open callback tasks of the dealer, oldest due first
      return [
        `SELECT * FROM task WHERE "dealerId" = $1 AND status = 'open' AND "assigneeRole" = ANY($2)
          ORDER BY "dueAt", id LIMIT 50`,
        [dealerId, roles],
      ];
    case 'dealer': // the month's figures: prospects by grade and open tasks by kind
      return [
        `SELECT (SELECT json_agg(g) FROM (SELECT grade, count(*) FROM prospect WHERE "dealerId" = $1
                  GROUP BY grade) g) AS grades,
                (SELECT json_agg(k) FROM (SELECT kind, count(*) FROM task WHERE "dealerId" = $1 AND status = 'open'
                  GROUP BY kind) k) AS tasks`,
        [dealerId],
      ];
  }
}

async function login(user: string): Promise<Login> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: user, password }),
  });
  if (res.status !== 200) throw new Error(`login ${user}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Login;
}

async function findHome(user: string, token: Login): Promise<Home> {
  const kind = token.user.roles.map((r) => KIND_OF_ROLE[r]).find(Boolean) ?? 'dealer';
  const api = `/api/home/${kind}`;
  const res = await fetch(`${url}${api}`, { headers: { Authorization: `Bearer ${token.accessToken}` } });
  await res.arrayBuffer();
  if (res.status === 404)
    return {
      user,
      kind,
      path: '/inbox',
      ready: '[data-task-id], .ant-table-placeholder',
      api: '/api/tasks?status=open&pageSize=20',
      fallback: true,
    };
  if (res.status !== 200) throw new Error(`GET ${api} as ${user}: ${res.status}`);
  return { user, kind, path: '/', ready: `[data-home-ready="${kind}"]`, api, fallback: false };
}

/** A context with an empty cache, signed in as the user (the token where the web app keeps it). */
async function signedIn(browser: Browser, options: BrowserContextOptions, token: string | null) {
  const context = await browser.newContext({ ...options, baseURL: url, locale: 'zh-CN' });
  if (token) await context.addInitScript(`localStorage.setItem('kaflow.token', ${JSON.stringify(token)})`);
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  return { context, page };
}

/** Every script the page loads, with the bytes Chromium counted on the wire for it (CDP network log). */
async function recordScripts(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  const urls = new Map<string, string>();
  const seen = new Map<string, number>();
  cdp.on('Network.responseReceived', (e) => {
    if (e.type === 'Script') urls.set(e.requestId, e.response.url);
  });
  cdp.on('Network.loadingFinished', (e) => {
    const u = urls.get(e.requestId);
    if (u) seen.set(u.split('/').pop()!, e.encodedDataLength);
  });
  await cdp.send('Network.enable');
  return { cdp, seen };
}

function buildSizes() {
  const chunks = readdirSync(dist)
    .filter((f) => f.endsWith('.js'))
    .map((f) => {
      const js = readFileSync(join(dist, f));
      const copy = (suffix: string, make: () => Buffer) =>
        existsSync(join(dist, f + suffix)) ? statSync(join(dist, f + suffix)).size : make().length;
      return {
        f,
        raw: js.length,
        gz: copy('.gz', () => gzipSync(js, { level: 9 })),
        br: copy('.br', () => brotliCompressSync(js)),
        shipped: existsSync(join(dist, `${f}.br`)),
      };
    })
    .sort((a, b) => b.raw - a.raw);
  return new Map(chunks.map((c) => [c.f, c]));
}

async function main() {
  const chunks = buildSizes();
  const all = [...chunks.values()];
  const total = (k: 'raw' | 'gz' | 'br') => all.reduce((a, c) => a + c[k], 0);
  const missing = all.some((c) => c.raw >= 1024 && !c.shipped) ? ' (copies missing from the build: computed here)' : '';
  console.log(
    `build: ${all.length} JS chunks, ${kb(total('raw'))} as they are, ${kb(total('gz'))} gzip, ` +
      `${kb(total('br'))} brotli${missing}`,
  );
  for (const c of all.filter((x) => x.raw >= 4096))
    console.log(
      `  ${c.f.padEnd(40)} ${kb(c.raw).padStart(9)}  gzip ${kb(c.gz).padStart(8)}  br ${kb(c.br).padStart(8)}`,
    );

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
  const pg = await createDataSource(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/kaflow', {
    name: 'web-bench',
  }).initialize();
  try {
    const homes: Array<{ home: Home; token: Login }> = [];
    for (const user of users) {
      const token = await login(user);
      homes.push({ home: await findHome(user, token), token });
    }
    console.log(
      `\nhome first load (signed in, empty cache, warm browser; navigation → content), median of ${runs}, ` +
        `beside the home's API call and its bare SQL (same run):`,
    );
    for (const { home, token } of homes) {
      const what = home.fallback ? `inbox (no /api/home/${home.kind} in this build)` : `${home.kind} home`;
      const line: string[] = [];
      for (const size of SIZES) {
        const times: number[] = [];
        for (let i = 0; i <= runs; i++) {
          const { context, page } = await signedIn(browser, size.options, token.accessToken);
          const t0 = Date.now();
          await page.goto(home.path);
          await page.locator(home.ready).first().waitFor();
          if (i > 0) times.push(Date.now() - t0); // the first one warms the browser and the server up
          await context.close();
        }
        line.push(`${size.name} ${ms(times)} (${times.join(', ')})`);
      }
      const api: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        const r = await fetch(`${url}${home.api}`, { headers: { Authorization: `Bearer ${token.accessToken}` } });
        await r.arrayBuffer();
        api.push(performance.now() - t0);
      }
      const [sql, params] = homeSql(home, token);
      const bare: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        await pg.query(sql, params);
        bare.push(performance.now() - t0);
      }
      console.log(
        `  ${home.user.padEnd(15)} ${what}: ${line.join('; ')}  |  GET ${home.api.split('?')[0]} ` +
          `${median(api).toFixed(1)} ms; bare SQL ${median(bare).toFixed(1)} ms`,
      );
    }

    if (throttle) {
      const phone = SIZES[1];
      console.log(
        `\non a phone network (Chromium's emulation: ${MOBILE_NETWORK.latency} ms round trip, 1.6 Mbps down, ` +
          `750 Kbps up; CPU ${cpu > 1 ? `${cpu}× slower` : 'not throttled'}), ${phone.name}, empty cache, ` +
          `median of ${runs}:`,
      );
      for (const { home } of homes) {
        const form: number[] = [];
        const toHome: number[] = [];
        let atLogin = new Map<string, number>();
        let upToHome = new Map<string, number>();
        for (let i = 0; i < runs; i++) {
          const { context, page } = await signedIn(browser, phone.options, null);
          const { cdp, seen } = await recordScripts(page);
          await cdp.send('Network.emulateNetworkConditions', MOBILE_NETWORK);
          if (cpu > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpu });
          const t0 = Date.now();
          await page.goto('/login');
          await page.locator('[data-action="login"]').waitFor();
          form.push(Date.now() - t0);
          await page.waitForLoadState('networkidle');
          atLogin = new Map(seen);
          await page.locator('#username').fill(home.user);
          await page.locator('#password').fill(password);
          const t1 = Date.now();
          await page.locator('[data-action="login"]').click();
          await page.locator(home.ready).first().waitFor();
          toHome.push(Date.now() - t1);
          upToHome = new Map(seen);
          await context.close();
        }
        const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
        const gz = (m: Map<string, number>) => [...m.keys()].reduce((a, f) => a + (chunks.get(f)?.gz ?? 0), 0);
        console.log(
          `  ${home.user.padEnd(15)} login form ${ms(form)} (${form.join(', ')}); login click → ` +
            `${home.fallback ? 'inbox' : `${home.kind} home`} ${ms(toHome)} (${toHome.join(', ')})`,
        );
        console.log(
          `    JS transferred (brotli): login page ${kb(sum(atLogin))} in ${atLogin.size} chunks (as gzip ` +
            `${kb(gz(atLogin))}); up to the home ${kb(sum(upToHome))} in ${upToHome.size} (gzip ${kb(gz(upToHome))})`,
        );
        if (home === homes[0].home)
          for (const [f, n] of [...upToHome].sort((a, b) => b[1] - a[1]))
            console.log(`      ${f.padEnd(40)} ${kb(n).padStart(9)}${atLogin.has(f) ? '' : '  (after login)'}`);
      }
    }
  } finally {
    await pg.destroy();
    await browser.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
