// The planning sign-off chain through the pages: the annual plan submitted → rejected with a comment
// → edited (through the plan's PUT) and resubmitted → approved with an override note (coverage
// short; without the note the 400 shows beside it) → signed by the GM; and a personal target
// disputed by a consultant, which sends the decomposition back to the manager.
import type { Page } from 'playwright-core';
import { startBrowserStack, type BrowserStack } from '../support/browser';
import { triggerProcess, waitInboxTask, type InboxTask } from '../support/e2e';
import { eventually } from '../support/eventually';
import { insertCatalogue, insertStock } from '../support/planning-fixtures';
import { terminateAndStop } from '../support/env';

jest.setTimeout(300_000);
let s: BrowserStack;
const started: string[] = [];
beforeAll(async () => {
  s = await startBrowserStack({
    durations: {
      planDraft: 'PT1H',
      planReview: 'PT1H',
      planSignoff: 'PT1H',
      targetConfirmation: 'PT1H',
      visitPlan: 'PT1H',
    },
  });
  const f = { dealer: s.dealer1, users: {} } as never;
  await insertCatalogue(s.db, f, ['A6L', 'Q5L']);
  await insertStock(s.db, f, '2026-12', { A6L: 10, Q5L: 5 });
  await insertStock(s.db, f, '2027-01', { A6L: 6, Q5L: 3 });
});
afterAll(async () => {
  await terminateAndStop(s, started);
});

const waitTask = (who: string, kind: string, pick?: (t: InboxTask) => boolean) =>
  waitInboxTask(s, who, kind, pick, 30_000);

async function openTask(page: Page, id: string) {
  await page.goto('/inbox');
  await page.locator(`[data-task-id="${id}"] a`).click();
  await page.locator(`[data-task-page="${id}"]`).waitFor();
}
const decided = (page: Page, id: string) => page.locator(`[data-task-page="${id}"][data-task-status="done"]`).waitFor();

it('takes the annual plan from draft to the GM signature through the pages', async () => {
  await triggerProcess(s, 'annual-plan', '2026-12-01', started);
  const manager = await s.open();
  await s.signIn(manager, 'ka_manager');
  const director = await s.open();
  await s.signIn(director, 'sales_director');
  const gm = await s.open();
  await s.signIn(gm, 'gm');

  const draft1 = await waitTask('ka_manager', 'plan_draft');
  await openTask(manager, draft1.id);
  await manager.locator('[data-plan-id]').waitFor();
  await s.shot(manager, 'plan-draft');
  await manager.locator('[data-decision="submit"]').click();
  await decided(manager, draft1.id);

  const review1 = await waitTask('sales_director', 'plan_review');
  await openTask(director, review1.id);
  // reject needs a comment: the 400 is shown beside the comment box
  await director.locator('[data-decision="reject"]').click();
  await director
    .locator('#comment_help, .ant-form-item-explain-error')
    .filter({ hasText: '请填写此项' })
    .first()
    .waitFor();
  await director.getByLabel('意见').fill('AAK 目标偏低，请按厂家目标调整');
  await director.locator('[data-decision="reject"]').click();
  await decided(director, review1.id);

  const draft2 = await waitTask('ka_manager', 'plan_draft', (t) => t.id !== draft1.id);
  expect(draft2.payload.sentBack).toContain('AAK 目标偏低');
  await openTask(manager, draft2.id);
  await manager.getByText('AAK 目标偏低，请按厂家目标调整').first().waitFor();
  const before = (await s.http.get('/api/plans/annual/2027').set(s.auth('ka_manager'))).body;
  // edit through the plan's PUT (with its revision): an AAK target the months cannot carry
  await manager.locator('#input_targets_aak').fill('99999');
  await manager.locator('[data-action="save-plan"]').click();
  await eventually(async () => {
    const p = (await s.http.get('/api/plans/annual/2027').set(s.auth('ka_manager'))).body;
    expect(p).toMatchObject({
      version: before.version,
      revision: before.revision + 1,
      input: { targets: { aak: 99999 } },
    });
  });
  await manager.locator('[data-coverage-ok="false"]').waitFor();
  await manager.locator('[data-decision="submit"]').click();
  await decided(manager, draft2.id);

  const review2 = await waitTask('sales_director', 'plan_review', (t) => t.id !== review1.id);
  expect(review2.payload.coverageOk).toBe(false);
  await openTask(director, review2.id);
  await director.locator('[data-decision="approve"]').click();
  await director.getByText('覆盖率不足：批准时必须填写覆盖说明').waitFor();
  await s.shot(director, 'plan-review-400');
  await director.getByLabel('覆盖说明（覆盖率不足时必填）').fill('厂家下达目标，经销商接受缺口');
  await director.locator('[data-decision="approve"]').click();
  await decided(director, review2.id);

  const signoff = await waitTask('gm', 'plan_signoff');
  await openTask(gm, signoff.id);
  await gm.locator('[data-decision="approve"]').click();
  await decided(gm, signoff.id);
  await s.shot(gm, 'plan-signed');

  const plan = await eventually(async () => {
    const p = (await s.http.get('/api/plans/annual/2027').set(s.auth('gm'))).body;
    expect(p.status).toBe('approved');
    return p;
  });
  expect(plan).toMatchObject({
    version: 2,
    overrideNote: '厂家下达目标，经销商接受缺口',
    input: { targets: { aak: 99999 } },
  });
  // the plan page shows it, with its versions and what changed between them
  await gm.goto('/plans/annual/2027?compare=1');
  await gm.locator(`[data-plan-id="${plan.id}"]`).waitFor();
  await gm.locator('[data-changes]').getByText('input.targets.aak').waitFor();
  await s.shot(gm, 'plan-page');
});

it('lets a consultant dispute a personal target, which sends the decomposition back to the manager', async () => {
  await triggerProcess(s, 'month-end', '2026-11-24', started);
  const complete = (who: string, id: string, body: object) =>
    s.http
      .post(`/api/tasks/${id}/complete`)
      .set(s.auth(who))
      .send(body)
      .then((r) => expect(r.status).toBe(200));
  // the roll through the API (its pages are the same as the annual plan's)
  const roll = await waitTask('ka_manager', 'plan_draft', (t) => t.payload.plan?.kind === 'rolling');
  await complete('ka_manager', roll.id, { decision: 'submit' });
  const review = await waitTask('sales_director', 'plan_review', (t) => t.payload.plan?.kind === 'rolling');
  await complete('sales_director', review.id, { decision: 'approve', data: { overrideNote: '按厂家目标' } });
  const sign = await waitTask('gm', 'plan_signoff', (t) => t.payload.plan?.kind === 'rolling');
  await complete('gm', sign.id, { decision: 'approve' });
  const dec = await waitTask('ka_manager', 'plan_draft', (t) => t.payload.plan?.kind === 'decomposition');
  await complete('ka_manager', dec.id, { decision: 'submit' });

  const b = await s.open();
  await s.signIn(b, 'consultant_b');
  const mine = await waitTask('consultant_b', 'target_confirmation');
  await openTask(b, mine.id);
  await b.getByText('个人目标').first().waitFor();
  await b.locator('[data-decision="dispute"]').click();
  await b.locator('.ant-form-item-explain-error').filter({ hasText: '请填写此项' }).first().waitFor();
  await b.getByLabel('意见').fill('Q5L 库存不足，订单目标过高');
  await b.locator('[data-decision="dispute"]').click();
  await decided(b, mine.id);
  await s.shot(b, 'target-disputed');

  const a = await s.open('en');
  await s.signIn(a, 'consultant');
  const theirs = await waitTask('consultant', 'target_confirmation');
  await openTask(a, theirs.id);
  await a.locator('[data-decision="confirm"]').click();
  await decided(a, theirs.id);

  const back = await waitTask(
    'ka_manager',
    'plan_draft',
    (t) => t.payload.plan?.kind === 'decomposition' && t.id !== dec.id,
  );
  expect(back.payload.sentBack).toContain('Q5L 库存不足，订单目标过高');
  expect(back.payload.plan.version).toBe(2);
});
