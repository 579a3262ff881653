// The early warning's task page (预警): the forecast against target, the gap per model and per consultant and the H/A
// prospects with links, in Chinese and in English, on a phone without anything reaching past the screen's edge.
import { randomUUID } from 'node:crypto';
import { startBrowserStack, type BrowserStack } from '../support/browser';
import { insertTaskRow } from '../support/fixtures';

jest.setTimeout(300_000);
let s: BrowserStack;
let id: string;
const prospectId = randomUUID();

beforeAll(async () => {
  s = await startBrowserStack();
  const line = { p10: 5, p90: 9, booked: 3 };
  id = await insertTaskRow(s.db, {
    dealerId: s.dealer1.id,
    kind: 'forecast_warning',
    title: '预警：2026-11 P50 7 / 20',
    subjectType: 'forecast_warning',
    subjectId: `${s.dealer1.id}:2026-W47`,
    payload: {
      month: '2026-11',
      asOf: '2026-11-16',
      margin: 0.1,
      warn: true,
      total: { ...line, target: 20, p50: 7, gap: 13, limit: 18 },
      models: [{ ...line, model: 'A6L-长型号名称测试', target: 12, p50: 5, gap: 7 }],
      consultants: [{ ...line, consultantId: s.users.consultant.id, name: '张三', target: 12, p50: 5, gap: 7 }],
      prospects: [
        {
          prospectId,
          accountName: '某某市城市建设投资集团有限公司车辆管理中心',
          model: 'A6L',
          consultantId: s.users.consultant.id,
          consultantName: '张三',
          grade: 'H',
          quantity: 2,
          lastFollowUpAt: '2026-11-09T02:00:00.000Z',
        },
      ],
    },
  });
});
afterAll(async () => {
  await s?.stop();
});

const fits = (page: any) =>
  page.evaluate(
    `[...document.querySelectorAll('[data-forecast-warning] *')].every(
      (e) => e.getBoundingClientRect().right <= window.innerWidth + 1)`,
  );

it('shows the gap per model and consultant and the H/A prospects, in both languages, on a phone too', async () => {
  const page = await s.open('zh-CN');
  await s.signIn(page, 'ka_manager');
  await page.goto(`/tasks/${id}`);
  const box = page.locator('[data-forecast-warning]');
  await box.getByText('2026-11 订单预测 P50 7（P10–P90：5–9），目标 20，差 13').waitFor();
  await box.getByText('按车型的差距').waitFor();
  await box.getByText('按顾问的差距').waitFor();
  await box.getByText('可促成的 H/A 级潜客').waitFor();
  const card = box.locator(`[data-warning-prospect="${prospectId}"]`);
  expect(await card.locator('a').getAttribute('href')).toBe(`/prospects/${prospectId}`);
  expect(await card.innerText()).toContain('2026/11/09'); // 10:00 in Shanghai
  await page.locator('[data-lang="en"]').click();
  await box.getByText('2026-11 orders forecast P50 7 (P10–P90: 5–9), target 20, short by 13').waitFor();
  await box.getByText('H and A prospects that could close it').waitFor();
  expect(await box.innerText()).not.toMatch(/\/api\/|GET |POST /);
  await page.setViewportSize({ width: 390, height: 844 });
  await card.waitFor();
  expect(await fits(page)).toBe(true);
  expect(s.consoleErrors).toEqual([]);
});
