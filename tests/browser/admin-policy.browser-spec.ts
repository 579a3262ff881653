// The dealer admin's policy form in Debian's Chromium: saving it without touching the follow-up timing leaves the
// grain as it was stored (a dealer that never chose one keeps following the deployment's); choosing "checked
// together" stores the sweep grain; on a phone (390×844) the form does not scroll sideways.
import type { Page } from 'playwright-core';
import { PHONE, startBrowserStack, type BrowserStack } from '../support/browser';

jest.setTimeout(300_000);
let s: BrowserStack;

beforeAll(async () => {
  s = await startBrowserStack();
});
afterAll(async () => {
  await s?.stop();
});

/** The dealer's stored policy row as written (not merged over the defaults). */
const stored = async (): Promise<Record<string, unknown>> =>
  (await s.db.query(`SELECT policy FROM dealer_policy WHERE "dealerId" = $1`, [s.dealer1.id]))[0]?.policy ?? {};

/** Saves the form and waits for the API's answer (the success message of an earlier save may still be up). */
async function save(page: Page) {
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/admin/policy') && r.request().method() === 'PUT');
  await page.locator('[data-form="policy"] button[type="submit"]').click();
  expect((await answered).status()).toBe(200);
  await page.getByText('已保存，对此后创建的事项生效').first().waitFor();
}

it('keeps the stored grain when the form is saved untouched, and stores the sweep grain once chosen', async () => {
  // a dealer that never chose a grain (the stack's set-up writes the whole policy, grain included)
  await s.db.query(`UPDATE dealer_policy SET policy = policy - 'followUpGrain' WHERE "dealerId" = $1`, [s.dealer1.id]);
  const page = await s.open('zh-CN');
  await s.signIn(page, 'admin');
  await page.goto('/admin');
  const grain = page.locator('[data-form="policy"] .ant-form-item').filter({ hasText: '跟进计时方式' });
  await grain.getByText('逐客户计时（即时）').waitFor();

  await save(page);
  const untouched = await stored();
  expect(untouched.timezone).toBe('Asia/Shanghai'); // the form's other fields were saved
  expect('followUpGrain' in untouched).toBe(false);

  await grain.locator('.ant-select').click();
  await page.locator('.ant-select-item-option').filter({ hasText: '统一检查（每隔几分钟）' }).click();
  await save(page);
  expect((await stored()).followUpGrain).toBe('sweep');

  // back to one clock per customer, so the stack's other tests see the dealer as it was
  await grain.locator('.ant-select').click();
  await page.locator('.ant-select-item-option').filter({ hasText: '逐客户计时（即时）' }).click();
  await save(page);
  expect((await stored()).followUpGrain).toBe('prospect');
});

it('on a phone (390×844) the policy form does not scroll sideways', async () => {
  const page = await s.open('en', PHONE);
  await s.signIn(page, 'admin');
  await page.goto('/admin');
  await page.locator('[data-form="policy"]').getByText('Follow-up timing').first().waitFor();
  expect(
    await page.evaluate<boolean>('document.documentElement.scrollWidth <= document.documentElement.clientWidth'),
  ).toBe(true);
});
