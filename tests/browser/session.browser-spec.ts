// Signing in and out, the language switch, the inbox against GET /api/tasks, a link from a real
// e-mail opening its task after login, and no console errors on any page — in Debian's Chromium.
import { startBrowserStack, type BrowserStack } from '../support/browser';
import { eventually } from '../support/eventually';

jest.setTimeout(300_000);
let s: BrowserStack;
beforeAll(async () => {
  s = await startBrowserStack({ durations: { callback: 'PT1H', rectification: 'PT1H' } });
});
afterAll(async () => {
  await s?.stop();
});

const prospect = (name: string) => ({
  account: { name, customerType: 'government' },
  contactName: '李主任',
  contactPhone: '138 0013 8000',
  model: 'A6L',
  quantity: 6,
  grade: 'A',
  channel: 'business_event',
  developmentType: 'new',
  hot: false,
});

async function newCallback(name: string): Promise<{ prospectId: string; taskId: string }> {
  const res = await s.http.post('/api/prospects').set(s.auth('consultant')).send(prospect(name));
  expect(res.status).toBe(201);
  const taskId = await eventually(async () => {
    const list = await s.http.get('/api/tasks?kind=callback').set(s.auth('cs_agent'));
    const t = list.body.items.find((x: { subject: { id: string } }) => x.subject.id === res.body.id);
    expect(t).toBeDefined();
    return t.id as string;
  });
  return { prospectId: res.body.id, taskId };
}

it('logs in with 用户名 / 密码, remembers the language, and logs out', async () => {
  const page = await s.open('zh-CN');
  await page.goto('/');
  await page.waitForURL(/\/login/);
  expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
  await s.signIn(page, 'consultant');
  // the consultant lands on their home (今日工作); the inbox is one click away
  await page.locator('[data-home-ready="consultant"]').waitFor();
  await page.locator('[data-nav="inbox"]').click();
  await page.waitForURL(/\/inbox/);
  await page.getByRole('heading', { name: '待办' }).waitFor();
  await s.shot(page, 'inbox-zh');

  await page.locator('[data-lang="en"]').click();
  await page.getByRole('heading', { name: 'Inbox' }).waitFor();
  expect(await page.locator('html').getAttribute('lang')).toBe('en');
  await page.locator('[data-action="logout"]').click();
  await page.waitForURL(/\/login/);
  // the language stays chosen after logging out and after a reload
  await page.reload();
  await page.getByLabel('Username').waitFor();
  await page.getByLabel('Password').waitFor();
  expect(await page.locator('html').getAttribute('lang')).toBe('en');
  // a wrong password says so, and the inbox is not reachable
  await page.getByLabel('Username').fill(s.users.consultant.username);
  await page.getByLabel('Password').fill('wrong');
  await page.locator('[data-action="login"]').click();
  await page.getByRole('alert').filter({ hasText: 'Wrong username or password' }).waitFor();
  await page.locator('[data-lang="zh-CN"]').click();
  await page.getByLabel('用户名').waitFor();
  expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
  await s.shot(page, 'login-zh');
});

it('shows in the inbox exactly the tasks GET /api/tasks gives that person, with the count in the navigation', async () => {
  await newCallback('成都市交通运输局');
  await newCallback('四川省人民医院');
  const page = await s.open();
  await s.signIn(page, 'cs_agent');
  const api = (await s.http.get('/api/tasks?status=open').set(s.auth('cs_agent'))).body;
  expect(api.total).toBe(api.items.length);
  expect(api.total).toBeGreaterThanOrEqual(2);
  const ids = api.items.map((t: { id: string }) => t.id).sort();
  await eventually(async () => {
    const shown = await page
      .locator('[data-task-id]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-task-id')));
    expect(shown.sort()).toEqual(ids);
  });
  expect(await page.locator('[data-inbox-count]').first().getAttribute('data-inbox-count')).toBe(String(api.total));

  // a new task appears without a reload (the inbox polls)
  const { taskId } = await newCallback('成都地铁运营有限公司');
  await page.locator(`[data-task-id="${taskId}"]`).waitFor({ timeout: 30_000 });
  await eventually(async () => {
    expect(await page.locator('[data-inbox-count]').first().getAttribute('data-inbox-count')).toBe(
      String(api.total + 1),
    );
  });
  // filtering is done by the API: the kind filter and the text search narrow the rows
  await page.goto('/inbox?kind=rectification');
  await page.getByText('没有待办事项').waitFor();
  await page.goto(`/inbox?q=${encodeURIComponent('地铁')}`);
  await eventually(async () => expect(await page.locator('[data-task-id]').count()).toBe(1));
  await s.shot(page, 'inbox-filtered');
});

it('opens the task named in a real e-mail after logging in', async () => {
  const { taskId } = await newCallback('国网成都供电公司');
  const mail = await eventually(() => {
    const m = s.mailsTo(s.users.cs_agent.email).find((x) => x.subject.includes('国网成都供电公司'));
    expect(m).toBeDefined();
    return m!;
  });
  // the mail links to this task's page on the public address the stack was given
  const links = mail.text.match(/https?:\/\/[^\s)>\]]+\/tasks\/[0-9a-f-]{36}/g) ?? [];
  expect(links).toContain(`${s.baseUrl}/tasks/${taskId}`);
  const url = `${s.baseUrl}/tasks/${taskId}`;
  const page = await s.open();
  await page.goto(url);
  await page.waitForURL(/\/login\?next=/);
  await s.signIn(page, 'cs_agent');
  await page.waitForURL(new RegExp(`/tasks/${taskId}$`));
  await page.locator(`[data-task-page="${taskId}"]`).waitFor();
  await page.getByText('国网成都供电公司').first().waitFor();
});

it('sends an expired session to the login page and back to the page wanted', async () => {
  const { taskId } = await newCallback('成都双流国际机场');
  const page = await s.open();
  await s.signIn(page, 'cs_agent');
  await page.goto(`/tasks/${taskId}`);
  await page.locator(`[data-task-page="${taskId}"]`).waitFor();
  await page.evaluate("localStorage.setItem('kaflow.token', 'expired.token.value')");
  await page.reload();
  await page.waitForURL(/\/login\?next=/);
  await s.signIn(page, 'cs_agent');
  await page.waitForURL(new RegExp(`/tasks/${taskId}$`));
});

it('shows every page without console errors', async () => {
  const { taskId, prospectId } = await newCallback('成都市第一人民医院');
  const before = s.consoleErrors.length;
  for (const [who, paths] of [
    [
      'ka_manager',
      [
        '/',
        '/inbox',
        '/inbox?status=done',
        '/prospects',
        `/prospects/${prospectId}`,
        '/plans',
        '/plans/rolling/2026-12',
        '/reports',
        '/reports?tab=conversion',
        '/reports?tab=hot',
        '/reports?tab=lost',
        '/reports?tab=record',
        '/reports?tab=actuals',
        '/reports?tab=scorecards',
        '/reports?tab=forms',
      ],
    ],
    ['cs_agent', ['/', `/tasks/${taskId}`]],
    ['consultant', ['/']],
    ['admin', ['/admin']],
  ] as [string, string[]][]) {
    const page = await s.open();
    await s.signIn(page, who);
    for (const path of paths) {
      await page.goto(path);
      await page.locator('main').first().waitFor();
      await page.waitForLoadState('networkidle');
    }
    await s.shot(page, `pages-${who}`);
  }
  // requests the pages expect to fail (a plan not made yet, a report not there yet) are answered
  // errors in the page, not console errors; the browser's own "Failed to load resource" lines are
  // network log entries for those answers
  const expected404 =
    /status of 404 .* @ http:\/\/127\.0\.0\.1:\d+\/api\/(plans\/rolling\/2026-12|reports\/scorecards|forms)\b/;
  const errors = s.consoleErrors.slice(before).filter((e) => !expected404.test(e));
  expect(errors).toEqual([]);
});
