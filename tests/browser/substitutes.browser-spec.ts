// Substitutes (代理) and reassignment (转办) through the pages: the CS agent names a substitute on the profile
// page (a consultant refused beside the field, the CS manager taken); the CS manager sees the agent's callback
// tagged "on behalf of", decides it, and the history says on whose behalf; the sales director names the GM, who
// decides the director's plan review of a real annual plan on a phone, and the history and the plan form (附件1)
// say on whose behalf; the KA manager ticks two of the team's tasks and reassigns them with a reason.
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { TaskEntity } from '@kaflow/persistence';
import { PHONE, startBrowserStack, type BrowserStack } from '../support/browser';
import { triggerProcess, waitInboxTask } from '../support/e2e';
import { eventually } from '../support/eventually';
import { terminateAndStop } from '../support/env';

jest.setTimeout(300_000);
let s: BrowserStack;
const started: string[] = [];
beforeAll(async () => {
  s = await startBrowserStack({ durations: { callback: 'PT1H', planDraft: 'PT1H', planReview: 'PT1H' } });
});
afterAll(async () => {
  await terminateAndStop(s, started);
});

/** Today at the dealer (Asia/Shanghai, UTC+8), worked out here. */
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

/** The page's width and what it scrolls to sideways (equal: no sideways scroll). */
const WIDTHS = '({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })';

async function pick(page: Page, field: string, name: string) {
  await page.locator(`[data-field="${field}"]`).click();
  await page.keyboard.type(name);
  await page.locator('.ant-select-item-option').filter({ hasText: name }).first().click();
}

async function setRange(page: Page, from: string, to: string) {
  const inputs = page.locator('.ant-picker-range input');
  await inputs.nth(0).click();
  await inputs.nth(0).fill(from);
  await page.keyboard.press('Enter');
  await inputs.nth(1).fill(to);
  await page.keyboard.press('Enter');
}

it('lets the CS manager, named substitute on the profile page, decide the agent’s callback on their behalf', async () => {
  const agent = await s.open();
  await s.signIn(agent, 'cs_agent');
  await agent.locator('[data-nav="profile"]').click();
  await agent.locator('[data-action="set-substitute"]').waitFor();
  // a consultant may not decide customer-service tasks: refused beside the field, nothing set
  await pick(agent, 'substituteUserId', s.users.consultant.displayName);
  await setRange(agent, today(), today());
  await agent.locator('[data-action="set-substitute"]').click();
  await agent.getByText('cs_agent, cs_manager').first().waitFor();
  expect((await s.http.get('/api/substitutes').set(s.auth('cs_agent'))).body.items).toEqual([]);
  // the CS manager is taken
  await pick(agent, 'substituteUserId', s.users.cs_manager.displayName);
  await agent.locator('[data-action="set-substitute"]').click();
  await agent.locator('[data-substitute]').filter({ hasText: '今日生效' }).waitFor();
  await s.shot(agent, 'profile-substitute');

  const res = await s.http
    .post('/api/prospects')
    .set(s.auth('consultant'))
    .send({
      account: { name: '成都代理浏览器测试公司', customerType: 'enterprise' },
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
  const taskId = await eventually(async () => {
    const list = await s.http.get('/api/tasks?kind=callback').set(s.auth('cs_manager'));
    const t = list.body.items.find((x: any) => x.subject.id === res.body.id);
    expect(t?.onBehalfOf?.id).toBe(s.users.cs_agent.id);
    return t.id as string;
  });
  const manager = await s.open();
  await s.signIn(manager, 'cs_manager');
  await manager.goto('/inbox');
  const row = manager.locator(`[data-task-id="${taskId}"]`);
  await row.locator(`[data-on-behalf-of="${s.users.cs_agent.id}"]`).waitFor();
  await row.locator('a').click();
  await manager.locator('[data-decision="verified"]').click();
  await manager.locator(`[data-task-page="${taskId}"][data-task-status="done"]`).waitFor();
  const decided = manager.locator(`[data-event="decided"][data-on-behalf-of="${s.users.cs_agent.id}"]`);
  await decided.waitFor();
  expect(await decided.textContent()).toContain(
    `${s.users.cs_manager.displayName}（代 ${s.users.cs_agent.displayName}）`,
  );
  await s.shot(manager, 'task-decided-on-behalf');
});

it('lets the GM, named by the sales director, decide the director’s plan review on a phone, on their behalf', async () => {
  const director = s.users.sales_director.displayName;
  const gm = s.users.gm.displayName;
  // the director, away today, names the GM on the profile page
  const away = await s.open();
  await s.signIn(away, 'sales_director');
  await away.locator('[data-nav="profile"]').click();
  await pick(away, 'substituteUserId', gm);
  await setRange(away, today(), today());
  await away.locator('[data-action="set-substitute"]').click();
  await away.locator('[data-substitute]').filter({ hasText: '今日生效' }).filter({ hasText: gm }).waitFor();

  // a real annual plan: the manager submits the draft, and the review waits for the director
  await triggerProcess(s, 'annual-plan', '2026-12-01', started);
  const draft = await waitInboxTask(s, 'ka_manager', 'plan_draft');
  expect(
    (await s.http.post(`/api/tasks/${draft.id}/complete`).set(s.auth('ka_manager')).send({ decision: 'submit' }))
      .status,
  ).toBe(200);
  const review = await waitInboxTask(s, 'sales_director', 'plan_review');
  expect(review.payload.coverageOk).not.toBe(false); // approved with one press, no override note

  // the GM, on a phone: the review is in the inbox, tagged for the director; approved on its page
  const phone = await s.open('zh-CN', PHONE);
  await s.signIn(phone, 'gm');
  await phone.goto('/inbox');
  const card = phone.locator(`[data-task-id="${review.id}"]`);
  await card
    .locator(`[data-on-behalf-of="${s.users.sales_director.id}"]`)
    .filter({ hasText: `代 ${director}` })
    .waitFor();
  await card.locator('a').first().click();
  await phone.locator(`[data-task-page="${review.id}"]`).waitFor();
  await phone.locator('[data-decision="approve"]').click();
  await phone.locator(`[data-task-page="${review.id}"][data-task-status="done"]`).waitFor();
  const decided = phone.locator(`[data-event="decided"][data-on-behalf-of="${s.users.sales_director.id}"]`);
  await decided.waitFor();
  expect(await decided.textContent()).toContain(`${gm}（代 ${director}）`);
  expect(await phone.evaluate(WIDTHS)).toEqual({ scroll: 390, client: 390 });
  await s.shot(phone, 'plan-review-on-behalf-phone');
  const row = await s.db.getRepository(TaskEntity).findOneByOrFail({ id: review.id });
  expect([row.decision, row.decidedBy, row.decidedOnBehalfOf]).toEqual([
    'approve',
    s.users.gm.id,
    s.users.sales_director.id,
  ]);

  // the plan form's signature lines say it too (the GM's own sign-off is still open)
  await phone.goto('/forms/1?period=2027');
  await phone
    .locator('[data-form-signatures="1"] [data-signature="reviewed"]')
    .filter({ hasText: `${gm} 代 ${director}` })
    .waitFor();
  expect(await phone.evaluate(WIDTHS)).toEqual({ scroll: 390, client: 390 });
  await s.shot(phone, 'form-signed-on-behalf-phone');
  await phone.context().close();
  await away.context().close();
});

for (const size of ['pc', 'phone'] as const)
  it(`lets the KA manager tick two of the team’s tasks and reassign them with a reason (${size})`, async () => {
    const ids: string[] = [];
    for (const title of [`逾期跟进 浏览器转办${size}一`, `逾期跟进 浏览器转办${size}二`]) {
      const id = randomUUID();
      const now = Date.now();
      await s.db.getRepository(TaskEntity).insert({
        id,
        dealerId: s.dealer1.id,
        kind: 'overdue_followup',
        title,
        status: 'open',
        assigneeUserId: s.users.consultant.id,
        assigneeRole: null,
        chain: 'default',
        escalationLevel: 0,
        dueAt: new Date(now + 86_400_000),
        originalDueAt: new Date(now + 86_400_000),
        remindAt: new Date(now + 43_200_000),
        dueRule: 'P1D',
        subjectType: 'prospect',
        subjectId: randomUUID(),
        payload: {},
        workflowId: `test:${id}`,
        createdAt: new Date(now),
      });
      ids.push(id);
    }
    // on a phone the inbox is a card list: each card carries its own checkbox
    const page = size === 'phone' ? await s.open('zh-CN', PHONE) : await s.open();
    await s.signIn(page, 'ka_manager');
    await page.goto(`/inbox?scope=dealer&q=${encodeURIComponent(`浏览器转办${size}`)}`);
    if (size === 'phone') await page.locator('[data-card-list]').waitFor();
    for (const id of ids) {
      const box = page.locator(`[data-task-id="${id}"] input[type="checkbox"]`);
      if (size === 'phone') {
        // a finger's target: the checkbox's label is at least 44 px square
        const hit = (await page.locator(`[data-task-id="${id}"] .rt-card-select`).boundingBox())!;
        expect({ w: hit.width >= 44, h: hit.height >= 44 }).toEqual({ w: true, h: true });
        await page.locator(`[data-task-id="${id}"] .rt-card-select`).tap();
        expect(await box.isChecked()).toBe(true);
      } else await box.check();
    }
    await page.locator('[data-action="reassign"][data-selected="2"]').click();
    await pick(page, 'toUserId', s.users.consultant_b.displayName);
    await page.locator('[data-field="reason"]').fill('顾问休假，转交同事');
    await page.locator('[data-action="reassign-ok"]').click();
    await page.locator('.ant-modal').waitFor({ state: 'detached' });
    const rows = await s.db.getRepository(TaskEntity).findBy(ids.map((id) => ({ id })));
    expect(rows.map((r) => r.assigneeUserId)).toEqual([s.users.consultant_b.id, s.users.consultant_b.id]);
    await page.locator(`[data-task-id="${ids[0]}"] a`).click();
    await page
      .locator('[data-event="reassigned"]')
      .filter({
        hasText: `由 ${s.users.consultant.displayName} 转给 ${s.users.consultant_b.displayName}：顾问休假，转交同事`,
      })
      .waitFor();
    await s.shot(page, `task-reassigned-${size}`);
    await page.context().close();
  });
