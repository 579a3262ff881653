// The month's forecast in the pages: the weekly review task and the X+Y roll's pre-fill (beside the proposal) show
// the forecast card, in Chinese and in English, on a PC and on a phone without sideways scrolling; the director's
// what-if answers on the card and saves nothing.
import { addMonths, localDate } from '@kaflow/calendar';
import { rollingPlan } from '@kaflow/planning';
import { PlanEntity } from '@kaflow/persistence';
import { startBrowserStack, type BrowserStack } from '../support/browser';
import { insertProspect, insertTaskRow } from '../support/fixtures';
import { rowCounts } from '../support/row-counts';

jest.setTimeout(300_000);
let s: BrowserStack;
const month = localDate(new Date(), 'Asia/Shanghai').slice(0, 7);
const next = addMonths(month, 1);

const task = (kind: string, subjectType: string, subjectId: string, payload: Record<string, unknown>) =>
  insertTaskRow(s.db, { dealerId: s.dealer1.id, kind, subjectType, subjectId, payload });

let weeklyId: string;
let rollId: string;
beforeAll(async () => {
  s = await startBrowserStack();
  const f = { dealer: s.dealer1, users: Object.fromEntries(Object.entries(s.users).filter(([k]) => !/\d$/.test(k))) };
  for (const g of ['H', 'A', 'B'])
    await insertProspect(s.db, f as any, { grade: g, at: new Date(Date.now() - 40 * 864e5) });
  weeklyId = await task('weekly_review', 'month', month, { month, lines: [] });
  const year = Number(next.slice(0, 4));
  const input = {
    year,
    month: next,
    annualTargets: { orders: 120, aak: 110, submissions: 100 },
    seasonalIndex: Array(12).fill(1),
    orderConversionRate: 0.8,
    licensingRates: 0.9,
    actuals: Array.from({ length: Number(next.slice(5)) - 1 }, (_, i) => ({
      month: `${year}-${String(i + 1).padStart(2, '0')}`,
      orders: 10,
      aak: 9,
      submissions: 8,
    })),
    backlog: 5,
    pendingSubmissions: 2,
    nextMonthStock: 30,
  };
  const plan = await s.db.getRepository(PlanEntity).save({
    dealerId: s.dealer1.id,
    kind: 'rolling',
    period: next,
    version: 1,
    status: 'draft',
    input,
    result: rollingPlan(input) as any,
    basis: null,
  } as Partial<PlanEntity>);
  rollId = await task('plan_draft', 'plan', plan.id, { plan: { kind: 'rolling', period: next, version: 1 } });
});
afterAll(async () => {
  await s?.stop();
});

const cardFits = (page: any, sel: string) =>
  page.evaluate(
    `[...document.querySelectorAll('${sel} *')].every((e) => e.getBoundingClientRect().right <= window.innerWidth + 1)`,
  );
const noSideways = (page: any) =>
  page.evaluate('document.documentElement.scrollWidth <= document.documentElement.clientWidth');

it('the weekly review shows the forecast with its range, in Chinese and in English, on a phone too', async () => {
  const page = await s.open('zh-CN');
  await s.signIn(page, 'ka_manager');
  await page.goto(`/tasks/${weeklyId}`);
  const card = page.locator(`[data-weekly-forecast] [data-forecast="dealer"][data-month="${month}"]`);
  await card.waitFor();
  await card.getByText(`${month} 订单预测`).waitFor();
  await card.getByText('在途客户（按级别：户数 / 台数）').waitFor();
  expect(await card.locator('[data-grade="H"]').innerText()).toContain('H 1 / 3');
  await s.shot(page, 'forecast-weekly-zh');
  await page.locator('[data-lang="en"]').click();
  await card.getByText(`Order forecast ${month}`).waitFor();
  await card.getByText('Open prospects by grade (prospects / cars)').waitFor();
  expect(await card.innerText()).not.toMatch(/\/api\/|GET |POST /);
  await page.setViewportSize({ width: 390, height: 844 });
  await card.waitFor();
  // the card fits the phone: nothing in it reaches past the screen's right edge, and the task page never scrolls
  // sideways
  expect(await cardFits(page, '[data-weekly-forecast]')).toBe(true);
  expect(await noSideways(page)).toBe(true);
  await s.shot(page, 'forecast-weekly-en-phone');
  expect(s.consoleErrors).toEqual([]);
});

it("the roll's pre-fill shows next month's forecast beside the proposal, in both languages", async () => {
  const page = await s.open('en');
  await s.signIn(page, 'ka_manager');
  await page.goto(`/tasks/${rollId}`);
  const card = page.locator(`[data-roll-forecast] [data-forecast="dealer"][data-month="${next}"]`);
  await card.getByText(`Order forecast ${next} (next month)`).waitFor();
  await page.locator('[data-lang="zh-CN"]').click();
  await card.getByText(`${next} 订单预测（下月）`).waitFor();
  await page.setViewportSize({ width: 1366, height: 768 });
  expect(await noSideways(page)).toBe(true);
  expect(s.consoleErrors).toEqual([]);
});

it("the director's what-if answers on the card and saves nothing", async () => {
  const page = await s.open('zh-CN');
  await s.signIn(page, 'sales_director');
  await page.goto(`/tasks/${weeklyId}`);
  const card = page.locator('[data-weekly-forecast] [data-forecast="dealer"]');
  await card.locator('[data-what-if] summary').click();
  const counts = await rowCounts(s.db, [s.dealer1.id]);
  await card.getByLabel('新增 H 级客户（户）').fill('50');
  await card.locator('[data-action="what-if"]').click();
  const result = card.locator('[data-what-if-result]');
  await result.waitFor();
  expect(await result.innerText()).toContain('不保存任何数据');
  // 50 more H prospects: the forecast goes up
  const base = Number(await card.locator('[data-figure="orders"]').getAttribute('data-p50'));
  expect(Number(await result.getAttribute('data-what-if-result'))).toBeGreaterThan(base);
  expect(await rowCounts(s.db, [s.dealer1.id])).toEqual(counts);
  expect(s.consoleErrors).toEqual([]);
});
