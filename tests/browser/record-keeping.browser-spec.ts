// Record keeping through the pages: customer service finds the phone wrong (incorrect with a
// correction), the consultant fixes it (rectification), customer service verifies it; a 400 shown
// beside its field, a 409 when someone else decided first; axe-core on the inbox and a task page.
import type { Page } from 'playwright-core';
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

async function record(name: string): Promise<string> {
  const res = await s.http
    .post('/api/prospects')
    .set(s.auth('consultant'))
    .send({
      account: { name, customerType: 'enterprise' },
      contactName: '周科长',
      contactPhone: '13800138000',
      model: 'Q5L',
      quantity: 4,
      grade: 'H',
      channel: 'cold_visit',
      developmentType: 'new',
      hot: false,
    });
  expect(res.status).toBe(201);
  return res.body.id;
}

async function openTaskRow(page: Page, kind: string, prospectId: string, who: string): Promise<string> {
  const id = await eventually(async () => {
    const list = await s.http.get(`/api/tasks?kind=${kind}`).set(s.auth(who));
    const t = list.body.items.find((x: { subject: { id: string } }) => x.subject.id === prospectId);
    expect(t).toBeDefined();
    return t.id as string;
  });
  await page.goto('/inbox');
  await page.locator(`[data-task-id="${id}"] a`).click();
  await page.locator(`[data-task-page="${id}"]`).waitFor();
  return id;
}

it('walks callback incorrect → rectification fixed → verification call, all through the pages', async () => {
  const prospectId = await record('成都天府软件园有限公司');
  const agent = await s.open();
  await s.signIn(agent, 'cs_agent');
  const callId = await openTaskRow(agent, 'callback', prospectId, 'cs_agent');
  // incorrect without a correction: the API's 400 is shown beside the corrections
  await agent.locator('[data-decision="incorrect"]').click();
  await agent.getByText('请至少填写一项更正（字段与正确的值）').waitFor();
  await s.shot(agent, 'callback-400');
  await agent.locator('[data-action="add-correction"]').click();
  await agent.getByLabel('正确的值').fill('13900139000');
  await agent.locator('[data-decision="incorrect"]').click();
  await agent.locator(`[data-task-page="${callId}"][data-task-status="done"]`).waitFor();
  await agent.locator('[data-decided="incorrect"]').waitFor();

  const consultant = await s.open();
  await s.signIn(consultant, 'consultant');
  const fixId = await openTaskRow(consultant, 'rectification', prospectId, 'consultant');
  await consultant.locator('[data-correction="contactPhone"]').filter({ hasText: '13900139000' }).waitFor();
  await s.shot(consultant, 'rectification');
  await consultant.getByLabel('意见').fill('电话已更正为 13900139000');
  await consultant.locator('[data-decision="fixed"]').click();
  await consultant.locator(`[data-task-page="${fixId}"][data-task-status="done"]`).waitFor();

  const verifyId = await eventually(async () => {
    const list = await s.http.get('/api/tasks?kind=callback').set(s.auth('cs_agent'));
    const t = list.body.items.find(
      (x: { subject: { id: string }; id: string }) => x.subject.id === prospectId && x.id !== callId,
    );
    expect(t?.payload.verification).toBe(true);
    return t.id as string;
  });
  await agent.goto('/inbox');
  await agent.locator(`[data-task-id="${verifyId}"] a`).click();
  await agent.locator('[data-decision="verified"]').click();
  await agent.locator(`[data-task-page="${verifyId}"][data-task-status="done"]`).waitFor();
  // the history names who decided
  await agent.locator('[data-event="decided"]').filter({ hasText: s.users.cs_agent.displayName }).waitFor();
  await s.shot(agent, 'callback-verified');
  const rows = await s.tasks({ subjectId: prospectId });
  expect(rows.map((r) => [r.kind, r.decision])).toEqual([
    ['callback', 'incorrect'],
    ['rectification', 'fixed'],
    ['callback', 'verified'],
  ]);
});

it('says who decided when someone else decided first (409), and refreshes', async () => {
  const prospectId = await record('成都银行股份有限公司');
  const page = await s.open();
  await s.signIn(page, 'cs_agent');
  const id = await openTaskRow(page, 'callback', prospectId, 'cs_agent');
  // meanwhile the customer-service manager decides it through the API
  expect(
    (await s.http.post(`/api/tasks/${id}/complete`).set(s.auth('cs_manager')).send({ decision: 'unreachable' })).status,
  ).toBe(200);
  await page.locator('[data-decision="verified"]').click();
  await page.locator('[data-conflict="true"]').filter({ hasText: s.users.cs_manager.displayName }).waitFor();
  await page.locator(`[data-task-page="${id}"][data-task-status="done"]`).waitFor();
  await page.locator('[data-decided="unreachable"]').waitFor();
  await s.shot(page, 'task-409');
  expect((await s.http.get(`/api/tasks/${id}`).set(s.auth('cs_agent'))).body.decision).toBe('unreachable');
});

it('has no serious accessibility violations on the inbox and a task page (axe-core)', async () => {
  const prospectId = await record('四川航空股份有限公司');
  const page = await s.open();
  await s.signIn(page, 'cs_agent');
  await page.goto('/inbox');
  await page.locator('[data-task-id]').first().waitFor();
  expect(await s.seriousViolations(page)).toEqual([]);
  await openTaskRow(page, 'callback', prospectId, 'cs_agent');
  await page.getByText('四川航空股份有限公司').first().waitFor();
  expect(await s.seriousViolations(page)).toEqual([]);
  await s.shot(page, 'task-callback');
});
