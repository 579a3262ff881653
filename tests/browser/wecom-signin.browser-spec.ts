// Sign-in inside WeCom in Debian's Chromium, with the WeCom simulator (scripts/wecom-catcher.ts) as WeCom: a task
// link from a WeCom message goes through WeCom's authorize page and lands on the task, signed in; an unlinked
// WeCom account gets the page that asks for the admin; outside WeCom the password form stays. On a phone too.
import { startWecomCatcher, type WecomCatcher } from '../../scripts/wecom-catcher';
import { startBrowserStack, type BrowserStack } from '../support/browser';
import { insertOpenTask } from '../support/fixtures';

jest.setTimeout(300_000);
let s: BrowserStack;
let wc: WecomCatcher;
let taskId: string;
const CORP = 'kaflow-demo-corp';

beforeAll(async () => {
  wc = await startWecomCatcher({ port: 0, corpId: CORP, corpSecret: 'kaflow-demo-secret' });
  process.env.WECOM_API_BASE = wc.url;
  process.env.WECOM_OAUTH_BASE = wc.url;
  s = await startBrowserStack();
  const put = await s.http
    .put('/api/admin/notifications')
    .set(s.auth('admin'))
    .send({ wecom: { app: { corpId: CORP, agentId: 1000002, secret: 'kaflow-demo-secret' } } });
  expect(put.status).toBe(200);
  const link = await s.http
    .patch(`/api/admin/users/${s.users.ka_manager.id}`)
    .set(s.auth('admin'))
    .send({ wecomUserId: 'chen.kam' });
  expect(link.status).toBe(200);
  taskId = await insertOpenTask(
    s.db,
    s.dealer1.id,
    '年度规划：2027 年度计划编制（企业微信登录测试）',
    '2026-12-20T18:00:00+08:00',
  );
});
afterAll(async () => {
  await s?.stop();
  await wc?.close();
});

it('a task link opened in WeCom signs the linked person in through WeCom and lands on the task', async () => {
  wc.setOAuthUser('chen.kam');
  const page = await s.open('zh-CN');
  await page.setViewportSize({ width: 390, height: 844 });
  const seen: string[] = [];
  page.on('request', (r) => {
    if (r.isNavigationRequest()) seen.push(new URL(r.url()).pathname);
  });
  await page.goto(`/tasks/${taskId}?wecom=1&dealer=${s.dealer1.id}`);
  await page.waitForURL(`${s.baseUrl}/tasks/${taskId}`);
  await page.getByText('2027 年度计划编制（企业微信登录测试）').first().waitFor();
  await page.locator('[data-action="logout"]').waitFor({ state: 'attached' });
  // the task page fits the phone: the document is no wider than the screen
  await page.locator(`[data-task-page="${taskId}"]`).waitFor();
  const w = (await page.evaluate(
    '({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })',
  )) as { scroll: number; client: number };
  expect({ fits: w.scroll <= w.client, ...w }).toEqual({ fits: true, ...w });
  // through WeCom's authorize page and back, never the password form
  expect(seen).toEqual(
    expect.arrayContaining(['/api/wecom/oauth/start', '/connect/oauth2/authorize', '/api/wecom/oauth/return']),
  );
  expect(seen).not.toContain('/login');
  await s.shot(page, 'wecom-signin-task');
});

it('an unlinked WeCom account is told to ask the admin, in its language, and can use the password form', async () => {
  wc.setOAuthUser('not.linked');
  const page = await s.open('en');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/inbox?wecom=1&dealer=${s.dealer1.id}`);
  await page.waitForURL(/\/wecom\/signin\?error=not_linked/);
  await page.getByText('Ask your dealer admin to enter your WeCom account').waitFor();
  // the page fits a phone without sideways scrolling
  expect(await page.evaluate('document.documentElement.scrollWidth <= document.documentElement.clientWidth')).toBe(
    true,
  );
  expect(await s.seriousViolations(page)).toEqual([]);
  await page.getByRole('link', { name: 'Log in with username and password' }).click();
  await page.waitForURL(/\/login\?password=1/);
  await page.getByLabel('Username').waitFor();
});

it('outside WeCom the password login stays', async () => {
  const page = await s.open('zh-CN');
  await page.goto('/inbox');
  await page.waitForURL(/\/login/);
  await page.getByLabel('用户名').waitFor();
  expect(s.consoleErrors.filter((e) => !/401|Unauthorized/.test(e))).toEqual([]);
});
