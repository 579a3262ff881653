// The key-account manager's home in a real Chromium: on a PC (1366×768) the month's pictures are drawn (SVG under
// an element with role="img" and a name), their table views hold the API's numbers, a figure opens the records
// behind it; on a phone (390×844, touch) nothing scrolls sideways; axe finds no serious violation at either size;
// the chart's chunk is never fetched by the login page.
import type { BrowserContext, Page } from 'playwright-core';
import { PlanEntity, ProspectEntity } from '@kaflow/persistence';
import { startBrowserStack, type BrowserStack } from '../support/browser';
import { insertGradedProspect } from '../support/base-fixtures';
import { insertCatalogue, insertOrder } from '../support/planning-fixtures';
import type { DealerFixture } from '../support/fixtures';

jest.setTimeout(300_000);
let s: BrowserStack;
let month: string;
const contexts: BrowserContext[] = [];

/** Today at the dealer (Asia/Shanghai), 'YYYY-MM-DD'. */
const today = () =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());

beforeAll(async () => {
  s = await startBrowserStack();
  const f: DealerFixture = {
    dealer: s.dealer1,
    users: Object.fromEntries(Object.entries(s.users).filter(([k]) => !/\d$/.test(k))),
  };
  const day = today();
  month = day.slice(0, 7);
  await insertCatalogue(s.db, f, ['A6L']);
  await insertOrder(s.db, f, {
    quantity: 3,
    orderDate: `${month}-01`,
    deliveries: [{ quantity: 2, date: `${month}-01` }],
  });
  await insertOrder(s.db, f, { consultant: 'consultant_b', quantity: 2, orderDate: `${month}-01` });
  await s.db.getRepository(PlanEntity).insert({
    dealerId: f.dealer.id,
    kind: 'rolling',
    period: month,
    version: 1,
    status: 'approved',
    input: {},
    result: { next: { orders: 8, aak: 6, submissions: 4 } } as Record<string, any>,
  });
  const since = new Date(Date.now() - 40 * 86400_000).toISOString();
  for (const [owner, grades] of [
    ['consultant', ['C', 'B', 'H']],
    ['consultant', ['H']],
    ['consultant_b', ['C']],
    ['consultant_b', ['B', 'A']],
  ] as const) {
    await insertGradedProspect(s.db, f, {
      owner,
      model: 'A6L',
      grades: grades.map((g, i) => [
        g,
        i === 0 ? since : new Date(Date.now() - (grades.length - i) * 60_000).toISOString(),
      ]),
    });
  }
  await s.db
    .getRepository(ProspectEntity)
    .update({ dealerId: f.dealer.id, grade: 'H' }, { nextFollowUpDue: new Date(Date.now() - 86400_000) });
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await s?.stop();
});

async function open(size: { width: number; height: number }, touch: boolean, lang = 'zh-CN'): Promise<Page> {
  const context = await s.browser.newContext({
    baseURL: s.baseUrl,
    locale: lang,
    viewport: size,
    hasTouch: touch,
    isMobile: touch,
  });
  await context.addInitScript(
    `if (!localStorage.getItem('kaflow.lang')) localStorage.setItem('kaflow.lang', 'zh-CN');`,
  );
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  page.on('pageerror', (e) => s.consoleErrors.push(`${page.url()}: ${e.message}`));
  return page;
}

async function apiHome() {
  const res = await s.http.get('/api/home/dealer').set(s.auth('ka_manager'));
  expect(res.status).toBe(200);
  return res.body;
}

async function showHome(page: Page) {
  await page.goto('/');
  await page.locator('[data-home-ready="dealer"]').waitFor();
  await page.locator('[data-chart-picture="year"] svg').first().waitFor();
  await page.locator('[data-chart-picture="funnel"] svg').first().waitFor();
}

/** A chart's table view as { category: [values…] } (empty string for "no figure"). */
async function tableOf(page: Page, id: string): Promise<Record<string, string[]>> {
  await page.locator(`[data-chart-toggle="${id}"] .ant-segmented-item`).nth(1).click();
  const table = page.locator(`[data-chart-table="${id}"]`);
  await table.waitFor();
  return table.evaluate((t) =>
    Object.fromEntries(
      [...t.querySelectorAll('tbody tr')].map((r) => [
        r.getAttribute('data-category'),
        [...r.querySelectorAll('td')].map((c) => c.getAttribute('data-value') ?? ''),
      ]),
    ),
  );
}

it('the login page never fetches the chart chunk; the home does', async () => {
  const page = await open({ width: 1366, height: 768 }, false);
  const scripts: string[] = [];
  page.on('request', (r) => {
    if (r.resourceType() === 'script') scripts.push(r.url());
  });
  await page.goto('/login');
  await page.locator('[data-action="login"]').waitFor();
  await page.waitForLoadState('networkidle');
  expect(scripts.length).toBeGreaterThan(0);
  expect(scripts.filter((u) => /chart-impl|dealer-home/.test(u))).toEqual([]);
  await s.signIn(page, 'ka_manager');
  await showHome(page);
  expect(scripts.some((u) => /chart-impl/.test(u))).toBe(true);
});

it("a manager on a PC sees the month's pictures with the API's numbers and opens the records behind a figure", async () => {
  const home = await apiHome();
  // the fixture by hand: 5 ordered, 2 delivered against 8 / 6; prospects H, H, C, A now
  expect(home.current.actual).toMatchObject({ orders: 5, aak: 2 });
  expect(home.current.target).toEqual({ orders: 8, aak: 6, submissions: 4 });
  const page = await open({ width: 1366, height: 768 }, false);
  await s.signIn(page, 'ka_manager');
  await showHome(page);
  for (const id of ['year', 'funnel']) {
    const picture = page.locator(`[data-chart-picture="${id}"]`);
    expect(await picture.getAttribute('role')).toBe('img');
    expect((await picture.getAttribute('aria-label'))?.length).toBeGreaterThan(3);
  }
  await expect(page.locator('[data-figure="orders"]:not([data-p50])').innerText()).resolves.toContain('5');
  // the dealer's month forecast on the home, for the month shown
  const forecast = page.locator(`[data-forecast="dealer"][data-month="${month}"]`);
  await forecast.waitFor();
  expect(await forecast.textContent()).toContain(`${month} 订单预测`);

  const year = await tableOf(page, 'year');
  const monthIndex = Number(month.slice(5)) - 1;
  const rows = Object.values(year);
  expect(rows).toHaveLength(12);
  home.year.forEach((m: any, i: number) => {
    const show = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));
    expect(rows[i]).toEqual([show(m.target?.orders), show(m.actual?.orders), show(m.seasonal?.orders)]);
  });
  expect(rows[monthIndex]).toEqual(['8', '5', '']);

  const funnel = await tableOf(page, 'funnel');
  const byGrade = Object.fromEntries(home.funnel.byGrade.map((g: any) => [g.grade, String(g.count)]));
  expect(funnel).toEqual({ C: [byGrade.C], B: [byGrade.B], A: [byGrade.A], H: [byGrade.H], O: [byGrade.O] });
  expect(funnel.H).toEqual(['2']);

  // the H figure opens the prospects of grade H
  await page.locator('[data-chart-table="funnel"] tr[data-category="H"] a').click();
  await page.waitForURL(/\/prospects\?grade=H/);
  await page.locator('[data-prospect-id]').first().waitFor();
  expect(await page.locator('[data-prospect-id]').count()).toBe(2);

  // the team's overdue figure opens that consultant's overdue prospects
  await page.goBack();
  await page.locator('[data-home-ready="dealer"]').waitFor();
  const consultant = s.users.consultant.id;
  const row = home.team.find((r: any) => r.userId === consultant);
  expect(row.overdueFollowUps).toBe(2);
  await page.locator(`[data-consultant="${consultant}"] [data-cell="overdue"]`).click();
  await page.waitForURL(/overdue=true/);
  await page.locator('[data-prospect-id]').first().waitFor();
  expect(await page.locator('[data-prospect-id]').count()).toBe(2);

  await page.goBack();
  await showHome(page);
  expect(await s.seriousViolations(page)).toEqual([]);
  await s.shot(page, 'dealer-home-pc');
});

it('works on a phone (390×844, touch): no sideways scroll, the pictures drawn to its width, no serious axe violation', async () => {
  const page = await open({ width: 390, height: 844 }, true);
  await s.signIn(page, 'ka_manager');
  await showHome(page);
  await page.locator('[data-forecast="dealer"]').waitFor();
  await s.shot(page, 'dealer-home-phone');
  // the page never scrolls sideways: the document is no wider than the screen, and no box in the home reaches past
  // its edge outside a scroll box of its own
  const overflow = await page.evaluate<{ root: number; widest: number; page: number; client: number }>(`(() => {
    const root = document.querySelector('[data-home-ready]');
    const inScrollBox = (el) => { for (let p = el.parentElement; p && p !== root; p = p.parentElement)
      if (getComputedStyle(p).overflowX === 'auto' || getComputedStyle(p).overflowX === 'hidden') return true;
      return false; };
    const widest = Math.max(...[...root.querySelectorAll('*')].filter((e) => !inScrollBox(e))
      .map((e) => e.getBoundingClientRect().right));
    return { root: root.getBoundingClientRect().right, widest, page: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth };
  })()`);
  expect(overflow.root).toBeLessThanOrEqual(overflow.client);
  expect(overflow.widest).toBeLessThanOrEqual(overflow.client);
  expect(overflow.page).toBeLessThanOrEqual(overflow.client);
  const svg = await page.locator('[data-chart-picture="year"] svg').first().boundingBox();
  expect(svg!.width).toBeLessThanOrEqual(390);
  expect(svg!.width).toBeGreaterThan(200);
  expect(await s.seriousViolations(page)).toEqual([]);
  // the team as cards; a tap on a consultant's overdue figure opens those prospects
  const card = page.locator(`[data-team] .ant-card[data-consultant="${s.users.consultant.id}"]`);
  await card.locator('[data-cell="overdue"]').tap();
  await page.waitForURL(/overdue=true/);
  await page.locator('[data-prospect-id]').first().waitFor();
});

it('a director sees what waits for a decision first, and reads it in English after switching', async () => {
  const page = await open({ width: 1366, height: 768 }, false);
  await s.signIn(page, 'sales_director');
  await showHome(page);
  await page.locator('[data-lang="en"]').click();
  expect(await page.locator('[data-home-view]').getAttribute('data-home-view')).toBe('director');
  const sections = await page
    .locator('[data-section]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-section')));
  expect(sections[0]).toBe('pending');
  expect(sections).toEqual(expect.arrayContaining(['accuracy', 'scorecards']));
  await page.locator('[data-section="pending"]', { hasText: 'Waiting for my decision' }).waitFor();
  expect(await page.locator('[data-chart-picture="funnel"]').getAttribute('aria-label')).toBe(
    'Prospects by grade (now)',
  );
  await page.locator('[data-chart-picture="year"] svg text', { hasText: 'Target' }).first().waitFor();
  await page.locator('[data-forecast="dealer"]', { hasText: `Order forecast ${month}` }).waitFor();
  expect(s.consoleErrors).toEqual([]);
});
