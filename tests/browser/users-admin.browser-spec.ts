// The dealer admin's users tab in Debian's Chromium: on a PC (1366×768) the admin links a user to a WeCom id and
// the card shows it (and the database holds it); a WeCom id another user has is refused on the field and changes
// nothing; on a phone (390×844) the tab's cards do not scroll sideways.
import type { Page } from 'playwright-core';
import { startBrowserStack, type BrowserStack } from '../support/browser';

jest.setTimeout(300_000);
let s: BrowserStack;

beforeAll(async () => {
  s = await startBrowserStack();
});
afterAll(async () => {
  await s?.stop();
});

const wecomOf = async (id: string): Promise<string | null> =>
  (await s.db.query(`SELECT "wecomUserId" AS w FROM app_user WHERE id = $1`, [id]))[0].w;

async function usersTab(page: Page) {
  await page.goto('/admin');
  await page.getByRole('tab', { name: '用户' }).click();
  await page.locator('[data-page="users"]').waitFor();
}

async function editWecom(page: Page, username: string, wecom: string) {
  await page.locator(`[data-user-card="${username}"] [data-action="edit-user"]`).click();
  const form = page.locator('[data-form="user"]');
  await form.getByLabel('企业微信账号').fill(wecom);
  await form.locator('[data-action="save-user"]').click();
}

it('on a PC the admin links a user to a WeCom id and the list shows it; a taken id is refused on the field', async () => {
  const page = await s.open('zh-CN');
  await page.setViewportSize({ width: 1366, height: 768 });
  await s.signIn(page, 'admin');
  await usersTab(page);
  const card = page.locator(`[data-user-card="${s.users.consultant_b.username}"]`);
  await card.getByText('大用户顾问').waitFor();
  await card.getByText('未绑定').waitFor();
  // the other dealer's users are not on the page
  expect(await page.locator(`[data-user-card="${s.users.consultant2.username}"]`).count()).toBe(0);

  await editWecom(page, s.users.consultant_b.username, 'wx-browser-b');
  await card.locator('[data-wecom-user-id="wx-browser-b"]').waitFor();
  expect(await wecomOf(s.users.consultant_b.id)).toBe('wx-browser-b');

  await editWecom(page, s.users.consultant.username, 'wx-browser-b');
  await page.locator('[data-form="user"]').getByText('此企业微信账号已绑定给本经销商的另一位用户').waitFor();
  expect(await wecomOf(s.users.consultant.id)).toBeNull();
  await s.shot(page, 'users-admin-pc');
});

it('on a phone (390×844) the users tab does not scroll sideways', async () => {
  const page = await s.open('en');
  await page.setViewportSize({ width: 390, height: 844 });
  await s.signIn(page, 'admin');
  await page.goto('/admin');
  await page.getByRole('tab', { name: 'Users' }).click();
  await page.locator('[data-page="users"]').waitFor();
  await page
    .locator(`[data-user-card="${s.users.consultant_b.username}"]`)
    .getByText('Key-account consultant')
    .waitFor();
  await page.locator('[data-user-import]').waitFor();
  // everything of the page's <main> (the admin page, its tabs, the users tab) fits the phone's width
  const widest = Number(
    await page.evaluate(
      `Math.max(...[...document.querySelectorAll('main, main *')].map((e) => e.getBoundingClientRect().right))`,
    ),
  );
  expect(widest).toBeLessThanOrEqual(390);
  // The header is the shared layout's (being reworked for phones in its own branch): its width is printed, not
  // asserted here, with the element that sticks out.
  const page_ = await page.evaluate(`(() => {
    const out = [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > 390);
    const e = out[out.length - 1];
    return { scrollWidth: document.documentElement.scrollWidth, outside: e ? e.tagName + '.' + e.className : '',
      inHeader: out.every((x) => x.closest('header, .ant-layout-header')) };
  })()`);
  console.log(`phone: users tab fits (${widest} px); document ${JSON.stringify(page_)}`);
  await s.shot(page, 'users-admin-phone');
});
