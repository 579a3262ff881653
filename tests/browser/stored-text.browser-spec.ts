// Markup typed into a stored name is shown as text on the pages that render it (the prospect page and
// the task page), in Debian's Chromium: the typed text is on the page, no element is made from it and
// no script of it runs (no dialog). The API, mail, WeCom and Excel side: tests/e2e/stored-text.e2e-spec.ts.
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

const IMG = '<img src=x onerror=alert(1)>';
const BOLD = '<b>王经理</b>';

it('shows a name typed as markup as that text, on the prospect page and on the task page', async () => {
  const res = await s.http
    .post('/api/prospects')
    .set(s.auth('consultant'))
    .send({
      account: { name: IMG, customerType: 'enterprise' },
      contactName: BOLD,
      contactPhone: '138 0013 8000',
      model: 'A6L',
      quantity: 2,
      grade: 'A',
      channel: 'cold_visit',
      developmentType: 'new',
      hot: false,
    });
  expect(res.status).toBe(201);
  const taskId = await eventually(async () => {
    const list = await s.http.get('/api/tasks?kind=callback').set(s.auth('cs_agent'));
    const t = list.body.items.find((x: { subject: { id: string } }) => x.subject.id === res.body.id);
    expect(t).toBeDefined();
    return t.id as string;
  });

  const check = async (who: string, path: string) => {
    const page = await s.open();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await s.signIn(page, who);
    await page.goto(path);
    await page.getByText(IMG, { exact: false }).first().waitFor();
    await page.getByText(BOLD, { exact: false }).first().waitFor();
    // nothing of the typed markup became an element
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.locator('b', { hasText: '王经理' }).count()).toBe(0);
    expect(await page.evaluate("document.body.innerHTML.includes('<img src=x')")).toBe(false);
    await page.waitForTimeout(500);
    expect(dialogs).toEqual([]);
    await s.shot(page, `stored-text-${who}`);
    await page.close();
  };
  await check('consultant', `/prospects/${res.body.id}`);
  await check('cs_agent', `/tasks/${taskId}`);
});
