// The domain's vocabulary in the pages: a calendar_load task (the sysadmin's "load next year's holiday
// notice") is named by its kind in the inbox, in Chinese and in English, never by its raw key; its task
// page offers no decision button (the load itself decides it).
import { calendarLoadWorkflow, calendarLoadWorkflowId } from '@kaflow/workflows';
import { startBrowserStack, type BrowserStack } from '../support/browser';
import { eventually } from '../support/eventually';

jest.setTimeout(300_000);
const YEAR = 2097; // a year no other test asks for
let s: BrowserStack;
beforeAll(async () => {
  s = await startBrowserStack();
});
afterAll(async () => {
  await s?.client.workflow
    .getHandle(`${calendarLoadWorkflowId(YEAR)}:${s.tag}`)
    .terminate()
    .catch(() => undefined);
  await s?.stop();
});

it("names a calendar_load task in the inbox: 载入下一年节假日安排, Load next year's holiday calendar", async () => {
  await s.client.workflow.start(calendarLoadWorkflow, {
    taskQueue: s.taskQueue,
    workflowId: `${calendarLoadWorkflowId(YEAR)}:${s.tag}`,
    args: [{ year: YEAR, dealerId: s.dealer1.id }],
  });
  const task = await eventually(async () => {
    const [t] = await s.tasks({ dealerId: s.dealer1.id, kind: 'calendar_load', subjectId: String(YEAR) });
    if (!t) throw new Error(`no calendar_load task for ${YEAR} yet`);
    return t;
  });
  const page = await s.open('zh-CN');
  await s.signIn(page, 'sysadmin');
  await page.goto('/inbox?kind=calendar_load');
  const row = page.locator(`[data-task-id="${task.id}"]`);
  await row.getByRole('cell', { name: '载入下一年节假日安排', exact: true }).waitFor();
  expect(await row.innerText()).not.toContain('calendar_load');
  await s.shot(page, 'inbox-calendar-load-zh');

  await page.locator('[data-lang="en"]').click();
  await row.getByRole('cell', { name: "Load next year's holiday calendar", exact: true }).waitFor();
  expect(await row.innerText()).not.toContain('calendar_load');
  // the kind filter offers it by name too
  expect(await page.locator('body').innerText()).not.toContain('calendar_load');

  await page.goto(`/tasks/${task.id}`);
  await page.locator(`[data-task-page="${task.id}"]`).waitFor();
  await page.getByText("Load next year's holiday calendar").first().waitFor();
  await page.getByRole('alert').filter({ hasText: 'holiday notice' }).waitFor();
  expect(await page.locator('[data-decision]').count()).toBe(0);
  expect(s.consoleErrors).toEqual([]);
});
