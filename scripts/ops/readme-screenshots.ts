// Retakes the README's screenshots (docs/screenshots/*.png) from the running demo (`npm run demo`), in Chinese, as
// `ka_manager` sees them: the inbox, an open task page and a plan. Debian's Chromium through playwright-core.
// `--phone` takes them on a phone instead (390×844, touch; files *-phone.png, plus the navigation drawer open),
// `--user <name>` as another demo user. The first picture is that user's home (home-<user>.png).
//
//   npm run screenshots            (API_URL http://127.0.0.1:3000, PASSWORD kaflow-demo, CHROMIUM_PATH /usr/bin/chromium)
//   npm run screenshots -- --phone --user consultant
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const API = process.env.API_URL ?? 'http://127.0.0.1:3000';
const PASSWORD = process.env.PASSWORD ?? 'kaflow-demo';
const OUT = join(__dirname, '..', '..', 'docs', 'screenshots');
const args = process.argv.slice(2);
const PHONE = args.includes('--phone');
const USER = args.includes('--user') ? args[args.indexOf('--user') + 1] : 'ka_manager';
/** A PC screen, or a phone as the phone browser test uses one. */
const DEVICE = PHONE
  ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }
  : { viewport: { width: 1280, height: 800 } };
const file = (name: string) => join(OUT, PHONE ? `${name}-phone.png` : `${name}.png`);

async function token(username: string): Promise<string> {
  const res = await fetch(`${API}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

async function main() {
  if (!USER) throw new Error('--user needs a demo user name');
  const t = await token(USER);
  const tasks = (await (
    await fetch(`${API}/api/tasks?status=open&pageSize=50`, { headers: { authorization: `Bearer ${t}` } })
  ).json()) as { items: Array<{ id: string; kind: string }> };
  const task =
    tasks.items.find((x) => x.kind === 'plan_draft') ??
    tasks.items.find((x) => x.kind === 'daily_check') ??
    tasks.items.find((x) => x.kind === 'lost_analysis') ??
    tasks.items[0];
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox'],
  });
  const page = await (await browser.newContext({ ...DEVICE, locale: 'zh-CN' })).newPage();
  await page.goto(`${API}/login`);
  await page.getByLabel('用户名').fill(USER);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  // the home (首页) is the first page after login: the consultant's day, the manager's month
  await page.waitForSelector('[data-home-ready]', { timeout: 60_000 });
  await page.waitForTimeout(1500); // the charts' lazy chunk and the forecast card
  await page.screenshot({ path: file(`home-${USER}`), fullPage: !PHONE });
  await page.goto(`${API}/inbox`);
  await page.waitForSelector('[data-task-id], .ant-empty');
  await page.screenshot({ path: file('inbox') });
  if (PHONE) {
    // the navigation drawer, opened as a finger does
    await page.tap('[data-action="open-nav"]');
    await page.waitForSelector('[data-nav-bar="phone"]');
    await page.waitForTimeout(500);
    await page.screenshot({ path: file('navigation') });
    await page.keyboard.press('Escape');
  }
  if (task) {
    await page.goto(`${API}/tasks/${task.id}`);
    await page.waitForSelector('[data-decision]');
    await page.waitForTimeout(500);
    await page.screenshot({ path: file('task') });
  }
  // next month's decomposition when the month-end cycle has made it (npm run walkthrough:month-end), else this month's
  const now = new Date();
  const months = [new Date(now.getFullYear(), now.getMonth() + 1, 15), now].map((d) => d.toISOString().slice(0, 7));
  let month = months[1];
  for (const m of months) {
    const r = await fetch(`${API}/api/plans/decomposition/${m}`, { headers: { authorization: `Bearer ${t}` } });
    if (r.status === 200) {
      month = m;
      break;
    }
  }
  await page.goto(`${API}/plans/decomposition/${month}`);
  // a phone shows the plan's lists as cards
  await page.waitForSelector('.ant-table-row, [data-card-list] [role="listitem"]', { timeout: 60_000 });
  await page.waitForTimeout(800);
  await page.screenshot({ path: file('plan') });
  await browser.close();
  console.log(`screenshots written to ${OUT}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
