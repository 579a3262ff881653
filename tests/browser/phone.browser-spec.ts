// Every page on a phone (390×844, a mobile viewport with touch), on one stack: each page of the navigation,
// for a role that sees it, opened by tapping the drawer's entry, and a task page of every task kind; each with
// no sideways scroll (the document is no wider than the screen), a screenshot (test-artifacts/browser/phone-*)
// and no serious axe violation. Decisions are taken by tap on real workflow tasks (a callback, a plan review
// and the GM's signature it leads to), and every decision button is at least 44 px high. At 1366×768 the PC
// layout keeps its menu bar. New pages join by a line in ROUTES; new task kinds must join TASKS (checked
// against TASK_KINDS).
import { randomUUID } from 'node:crypto';
import { AxeBuilder } from '@axe-core/playwright';
import { In } from 'typeorm';
import type { Page } from 'playwright-core';
import { hash } from '@node-rs/argon2';
import { DealerEntity, RegionEntity, TaskEntity, UserEntity } from '@kaflow/persistence';
import { TASK_DECISIONS, TASK_KINDS, type TaskKind } from '@kaflow/domain';
import { PC, PHONE, startBrowserStack, type BrowserStack } from '../support/browser';
import { triggerProcess, waitInboxTask } from '../support/e2e';
import { eventually } from '../support/eventually';
import { insertProspect, PASSWORD, runId } from '../support/fixtures';
import { insertCatalogue, insertStock } from '../support/planning-fixtures';
import { writeScorecardMonth } from '../support/scorecard-fixtures';
import { terminateAndStop } from '../support/env';

jest.setTimeout(600_000);
const WAIT = 60_000;
let s: BrowserStack;
const started: string[] = [];

/**
 * The pages a person reaches from the navigation, and who is shown each: `nav` is the entry's link (tapped
 * in the drawer), `as` the role that opens it here, `roles` every role whose drawer must list it.
 */
const ROUTES: { path: string; as: string; roles: string[] }[] = [
  // the homes at `/`, each as a role that lands on it: 今日工作, the dealer's month (manager and director), the desk
  { path: '/', as: 'consultant', roles: ['consultant', 'ka_manager', 'cs_agent', 'admin'] },
  { path: '/', as: 'ka_manager', roles: [] },
  { path: '/', as: 'sales_director', roles: [] },
  { path: '/', as: 'cs_manager', roles: [] },
  { path: '/inbox', as: 'consultant', roles: ['consultant', 'ka_manager', 'sales_director', 'cs_agent', 'admin'] },
  { path: '/prospects', as: 'consultant', roles: ['consultant', 'ka_manager', 'cs_agent'] },
  { path: '/visits', as: 'consultant', roles: ['consultant', 'ka_manager', 'sales_director'] },
  { path: '/plans', as: 'ka_manager', roles: ['consultant', 'ka_manager', 'sales_director', 'gm'] },
  { path: '/reports', as: 'ka_manager', roles: ['consultant', 'ka_manager', 'cs_agent'] },
  { path: '/scorecards', as: 'ka_manager', roles: ['consultant', 'ka_manager', 'cs_manager'] },
  { path: '/forms', as: 'ka_manager', roles: ['consultant', 'ka_manager', 'cs_agent'] },
  { path: '/imports', as: 'consultant', roles: ['consultant', 'ka_manager'] },
  { path: '/admin', as: 'admin', roles: ['admin'] },
  { path: '/region', as: 'region_manager', roles: ['region_manager'] },
];
/** The home each of ROUTES' `/` entries lands on. */
const HOMES: Record<string, string> = {
  consultant: 'consultant',
  ka_manager: 'dealer',
  sales_director: 'dealer',
  cs_manager: 'service',
};
/** Pages one step further in (a record, a form, a plan sheet), opened by their address. */
const DEEP: { path: () => string; as: string }[] = [
  { path: () => `/prospects/${prospectId}`, as: 'consultant' },
  { path: () => '/forms/1', as: 'ka_manager' },
  { path: () => '/plans/annual/2027', as: 'ka_manager' },
];

/** The task of each kind the spec opens, and who opens it (filled in beforeAll). */
const TASKS = {} as Record<TaskKind, { id: string; as: string }>;
let prospectId = '';

beforeAll(async () => {
  s = await startBrowserStack({
    durations: {
      callback: 'PT4H',
      rectification: 'PT4H',
      planDraft: 'PT4H',
      planReview: 'PT4H',
      planSignoff: 'PT4H',
    },
  });
  const f = { dealer: s.dealer1, users: Object.fromEntries(Object.entries(s.users).filter(([k]) => !/\d$/.test(k))) };
  await insertCatalogue(s.db, f, ['A6L', 'Q5L']);
  await insertStock(s.db, f, '2026-12', { A6L: 10, Q5L: 5 });
  await writeScorecardMonth(s.db, f);
  const tag = runId();
  const region = await s.db.getRepository(RegionEntity).save({ code: `rp-${tag}`, name: `西部区 ${tag}` });
  await s.db.getRepository(DealerEntity).update({ id: In([s.dealer1.id, s.dealer2.id]) }, { regionId: region.id });
  s.users.region_manager = await s.db.getRepository(UserEntity).save({
    dealerId: null,
    regionId: region.id,
    username: `rm.${tag}`,
    displayName: '区域经理',
    email: `rm.${tag}@test.local`,
    passwordHash: await hash(PASSWORD),
    roles: ['region_manager'],
    active: true,
  } as Partial<UserEntity> as UserEntity);

  // real workflow tasks: a callback (a new prospect's), the annual plan's draft and, submitted, its review
  const created = await s.http
    .post('/api/prospects')
    .set(s.auth('consultant'))
    .send({
      account: { name: '成都市公共交通集团有限公司第三分公司（车辆更新项目部）', customerType: 'government' },
      contactName: '李主任',
      contactPhone: '138 0013 8000',
      model: 'A6L',
      quantity: 6,
      grade: 'A',
      channel: 'business_event',
      developmentType: 'new',
      hot: true,
    });
  expect(created.status).toBe(201);
  prospectId = created.body.id;
  const callback = await waitInboxTask(s, 'cs_agent', 'callback', (t) => t.subject.id === prospectId, WAIT);
  TASKS.callback = { id: callback.id, as: 'cs_agent' };
  await triggerProcess(s, 'annual-plan', '2026-12-01', started);
  const draft = await waitInboxTask(s, 'ka_manager', 'plan_draft', () => true, WAIT);
  TASKS.plan_draft = { id: draft.id, as: 'ka_manager' };

  // the other kinds as rows (no workflow behind them): their pages are read and measured, not decided
  const other = await insertProspect(s.db, f, { name: '四川省人民医院后勤保障部车辆管理中心', grade: 'H' });
  const row = async (kind: TaskKind, as: string, subject: { type: string; id: string }, payload: object) => {
    const id = randomUUID();
    const due = new Date(Date.now() + 86_400_000);
    const user = s.users[as];
    await s.db.getRepository(TaskEntity).insert({
      id,
      dealerId: s.dealer1.id,
      kind,
      title: `${kind} · ${user.displayName}`,
      status: 'open',
      assigneeUserId: user.id,
      assigneeRole: null,
      chain: 'default',
      escalationLevel: 0,
      dueAt: due,
      originalDueAt: due,
      remindAt: due,
      dueRule: 'P1D',
      subjectType: subject.type,
      subjectId: subject.id,
      payload,
      workflowId: `test:${id}`,
      createdAt: new Date(),
    } as never);
    TASKS[kind] = { id, as };
  };
  const prospect = { type: 'prospect', id: other.id };
  const consultant = s.users.consultant;
  await row('rectification', 'consultant', prospect, {
    corrections: [{ field: 'contactPhone', value: '028-8888 6666 转 8012（车管科）' }],
  });
  await row(
    'daily_check',
    'consultant',
    { type: 'user', id: consultant.id },
    {
      items: [{ prospectId: other.id, label: '四川省人民医院后勤保障部车辆管理中心 · H', change: 'grade' }],
    },
  );
  await row(
    'target_confirmation',
    'consultant',
    // as the month-end workflow writes it: the subject is the consultant's personal target, not the plan
    { type: 'personal_target', id: `${randomUUID()}:${consultant.id}` },
    {
      plan: { id: randomUUID(), period: '2027-01', version: 1 },
      targets: {
        orders: 12,
        aak: 10,
        submissions: 9,
        byModel: [
          { model: 'A6L', orders: 8, aak: 7, submissions: 6 },
          { model: 'Q5L', orders: 4, aak: 3, submissions: 3 },
        ],
        byCustomerType: [{ customerType: 'government', orders: 12, aak: 10, submissions: 9 }],
        byChannel: [{ channel: 'new', orders: 12, aak: 10, submissions: 9 }],
        byModelTypeChannel: [
          { model: 'A6L', customerType: 'government', channel: 'new', orders: 8, aak: 7, submissions: 6 },
          { model: 'Q5L', customerType: 'government', channel: 'new', orders: 4, aak: 3, submissions: 3 },
        ],
      },
    },
  );
  await row(
    'visit_plan',
    'consultant',
    { type: 'user', id: consultant.id },
    {
      month: '2027-01',
      consultantId: consultant.id,
    },
  );
  await row(
    'weekly_review',
    'ka_manager',
    { type: 'dealer', id: s.dealer1.id },
    {
      month: '2026-12',
      gapCount: 1,
      gaps: [{ key: 'orders', label: '订单' }],
      lines: [
        { key: 'orders', target: 20, proRated: 10, actual: 6, achievement: 0.6, gap: true, shortfall: 4 },
        { key: 'aak', target: 18, proRated: 9, actual: 9, achievement: 1, gap: false, shortfall: 0 },
      ],
    },
  );
  await row('lost_analysis', 'ka_manager', prospect, {});
  await row('overdue_followup', 'ka_manager', prospect, {});
  await row(
    'training_request',
    'training_manager',
    { type: 'user', id: consultant.id },
    {
      name: consultant.displayName,
      request: '希望参加政府采购流程与招投标文件准备的专项培训',
      reasonCategory: 'price',
    },
  );
  await row('calendar_load', 'admin', { type: 'calendar', id: randomUUID() }, { year: 2027 });
  const line = { booked: 2, p10: 5, p90: 9 };
  await row(
    'forecast_warning',
    'ka_manager',
    { type: 'forecast_warning', id: `${s.dealer1.id}:2026-W50` },
    {
      month: '2026-12',
      asOf: '2026-12-07',
      margin: 0.1,
      warn: true,
      total: { ...line, target: 20, p50: 7, gap: 13, limit: 18 },
      models: [{ ...line, model: 'A6L', target: 12, p50: 5, gap: 7 }],
      consultants: [{ ...line, consultantId: consultant.id, name: consultant.displayName, target: 12, p50: 5, gap: 7 }],
      prospects: [
        {
          prospectId: other.id,
          accountName: '四川省人民医院后勤保障部车辆管理中心',
          model: 'A6L',
          consultantId: consultant.id,
          consultantName: consultant.displayName,
          grade: 'H',
          quantity: 2,
          lastFollowUpAt: '2026-11-30T02:00:00.000Z',
        },
      ],
    },
  );
});
afterAll(async () => {
  await terminateAndStop(s, started);
});

/** One signed-in phone page per person, reused across the tests (a login costs an argon2 hash). */
const phones = new Map<string, Page>();
async function phoneOf(who: string): Promise<Page> {
  let page = phones.get(who);
  if (!page) {
    page = await s.open('zh-CN', PHONE);
    await s.signIn(page, who);
    phones.set(who, page);
  }
  return page;
}

/** The page's content has arrived: a heading in <main>, and no spinner or skeleton left. */
async function settled(page: Page) {
  await page.locator('main').locator('h2, h3, h4, h5, [data-task-page]').first().waitFor({ timeout: WAIT });
  await eventually(async () => {
    expect(await page.locator('main .ant-spin-spinning, main .ant-skeleton').count()).toBe(0);
  }, WAIT);
}

async function noSideways(page: Page, what: string) {
  const w = (await page.evaluate(
    '({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })',
  )) as { scroll: number; client: number };
  expect({ what, fits: w.scroll <= w.client, ...w }).toEqual({ what, fits: true, ...w });
}

async function noSeriousViolations(page: Page, what: string) {
  const found = (await new AxeBuilder({ page }).analyze()).violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.html.slice(0, 160)} ${n.failureSummary ?? ''}`),
    }));
  expect({ what, found }).toEqual({ what, found: [] });
}

/** A task page on a phone: it fits the screen, each decision button is full width and ≥ 44 px high, axe is clean. */
async function checkTaskPage(page: Page, kind: TaskKind, id: string) {
  await page.locator(`[data-task-page="${id}"][data-task-status="open"]`).waitFor();
  await settled(page);
  await noSideways(page, kind);
  const buttons = page.locator(`[data-task-page="${id}"] [data-decision]`);
  // a button per decision; the holiday notice is loaded on the admin page, so its task has none
  const decisions = kind === 'calendar_load' ? 0 : TASK_DECISIONS[kind].length;
  expect({ kind, buttons: await buttons.count() }).toEqual({ kind, buttons: decisions });
  const width = page.viewportSize()!.width;
  for (const b of await buttons.all()) {
    const box = (await b.boundingBox())!;
    // at least 44 px high, and full width (the page's and the card's padding aside)
    expect({ kind, tall: box.height >= 44, wide: box.width >= width - 80 }).toEqual({ kind, tall: true, wide: true });
  }
  await s.shot(page, `phone-task-${kind}`);
  await noSeriousViolations(page, `task ${kind}`);
}

const shotName = (path: string) => `phone${path.replace(/[^a-z0-9]+/gi, '-').replace(/-$/, '')}`;

/** Opens the drawer by tap and taps the entry for `path`; the drawer closes on the new page. */
async function navigateByTap(page: Page, path: string) {
  await page.tap('[data-action="open-nav"]');
  const drawer = page.locator('[data-nav-bar="phone"]');
  await drawer.waitFor();
  await drawer.locator(`a[href="${path}"]`).tap();
  await page.waitForURL((u) => u.pathname === path);
  // closed, its mask faded out too (axe would measure the page's colours through it)
  await page.locator('.ant-drawer-content-wrapper').waitFor({ state: 'hidden' });
  await page.locator('.ant-drawer-mask').waitFor({ state: 'hidden' });
}

it('shows the login page on a phone without sideways scrolling', async () => {
  const page = await s.open('zh-CN', PHONE);
  await page.goto('/login');
  await page.getByLabel('用户名').waitFor();
  await noSideways(page, '/login');
  await s.shot(page, 'phone-login');
  await noSeriousViolations(page, '/login');
  // signing in by tap
  await page.getByLabel('用户名').tap();
  await page.getByLabel('用户名').fill(s.users.consultant.username);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.tap('[data-action="login"]');
  await page.locator('[data-layout="phone"] [data-action="logout"]').waitFor();
  phones.set('consultant', page);
});

it('lists in each role’s phone drawer exactly the pages of ROUTES for that role, and no menu bar', async () => {
  for (const who of ['consultant', 'ka_manager', 'cs_agent', 'admin', 'region_manager']) {
    const page = await phoneOf(who);
    expect(await page.locator('[data-nav-bar="pc"]').count()).toBe(0);
    // the signed-in name and the language switch are in the drawer, not squeezed into the header
    await page.tap('[data-action="open-nav"]');
    const drawer = page.locator('[data-nav-bar="phone"]');
    await drawer.waitFor();
    await page.locator(`.ant-drawer [data-user="${s.users[who].username}"]`).waitFor();
    await page.locator('.ant-drawer [data-lang="en"]').waitFor();
    const links = await drawer.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    const expected = ROUTES.filter((r) => r.roles.includes(who)).map((r) => r.path);
    for (const path of expected) expect({ who, links }).toEqual({ who, links: expect.arrayContaining([path]) });
    if (who === 'region_manager') expect(links).toEqual(['/region']);
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
  }
});

it('shows every page of the navigation on a phone without sideways scrolling, reached by tapping the drawer', async () => {
  for (const r of ROUTES) {
    const page = await phoneOf(r.as);
    await navigateByTap(page, r.path);
    if (r.path === '/') await page.locator(`[data-home-ready="${HOMES[r.as]}"]`).waitFor({ timeout: WAIT });
    await settled(page);
    await noSideways(page, r.path);
    await s.shot(page, r.path === '/' ? `phone-home-${r.as}` : shotName(r.path));
    await noSeriousViolations(page, r.path);
  }
  for (const d of DEEP) {
    const page = await phoneOf(d.as);
    await page.goto(d.path());
    await settled(page);
    await noSideways(page, d.path());
    await s.shot(page, shotName(d.path().replace(/[0-9a-f-]{36}/, 'id')));
    await noSeriousViolations(page, d.path());
  }
  // the inbox's rows are cards on a phone (no table squeezed into narrow columns)
  const inbox = await phoneOf('cs_agent');
  await inbox.goto('/inbox');
  await inbox.locator(`[data-card-list] [data-task-id="${TASKS.callback.id}"]`).waitFor();
  expect(await inbox.locator('main table').count()).toBe(0);
});

// plan_review and plan_signoff are real tasks the next test reaches by deciding; it checks their pages the same way
const DECIDED_LATER: TaskKind[] = ['plan_review', 'plan_signoff'];

it('shows a task page of every kind on a phone, with decision buttons a finger can hit', async () => {
  expect([...Object.keys(TASKS), ...DECIDED_LATER].sort()).toEqual([...TASK_KINDS].sort());
  for (const kind of TASK_KINDS.filter((k) => !DECIDED_LATER.includes(k))) {
    const { id, as } = TASKS[kind];
    const page = await phoneOf(as);
    await page.goto(`/tasks/${id}`);
    await checkTaskPage(page, kind, id);
  }
});

it('takes decisions by tap on a phone: a callback, the plan review, and the GM’s signature it leads to', async () => {
  // the customer-service agent confirms the callback from the inbox's card
  const agent = await phoneOf('cs_agent');
  await agent.goto('/inbox');
  await agent.locator(`[data-task-id="${TASKS.callback.id}"] a`).first().tap();
  await agent.locator(`[data-task-page="${TASKS.callback.id}"]`).waitFor();
  await agent.tap(`[data-task-page="${TASKS.callback.id}"] [data-decision="verified"]`);
  await agent.locator(`[data-task-page="${TASKS.callback.id}"][data-task-status="done"]`).waitFor({ timeout: WAIT });
  const callback = (await s.http.get(`/api/tasks/${TASKS.callback.id}`).set(s.auth('cs_agent'))).body;
  expect(callback).toMatchObject({ status: 'done', decision: 'verified' });

  // the manager submits the annual plan's draft, the director approves it on a phone, then the GM signs there
  const manager = await phoneOf('ka_manager');
  await manager.goto(`/tasks/${TASKS.plan_draft.id}`);
  await manager.tap(`[data-task-page="${TASKS.plan_draft.id}"] [data-decision="submit"]`);
  await manager
    .locator(`[data-task-page="${TASKS.plan_draft.id}"][data-task-status="done"]`)
    .waitFor({ timeout: WAIT });
  const review = await waitInboxTask(s, 'sales_director', 'plan_review', () => true, WAIT);
  const director = await phoneOf('sales_director');
  await navigateByTap(director, '/inbox');
  await director.locator(`[data-task-id="${review.id}"] a`).first().tap();
  await checkTaskPage(director, 'plan_review', review.id);
  if (review.payload.coverageOk === false) {
    await director.locator('#data_overrideNote').tap();
    await director.locator('#data_overrideNote').fill('季度末集中交付，覆盖缺口由 Q1 订单补足');
  }
  await director.tap(`[data-task-page="${review.id}"] [data-decision="approve"]`);
  await director.locator(`[data-task-page="${review.id}"][data-task-status="done"]`).waitFor({ timeout: WAIT });
  await s.shot(director, 'phone-plan-review-decided');

  const signoff = await waitInboxTask(s, 'gm', 'plan_signoff', () => true, WAIT);
  const gm = await phoneOf('gm');
  await gm.goto(`/tasks/${signoff.id}`);
  await checkTaskPage(gm, 'plan_signoff', signoff.id);
  await gm.tap(`[data-task-page="${signoff.id}"] [data-decision="approve"]`);
  await gm.locator(`[data-task-page="${signoff.id}"][data-task-status="done"]`).waitFor({ timeout: WAIT });
  const decided = (await s.http.get(`/api/tasks/${signoff.id}`).set(s.auth('gm'))).body;
  expect(decided).toMatchObject({ status: 'done', decision: 'approve' });
});

it('keeps the menu bar on a PC at 1366×768, with no drawer button and no sideways scroll', async () => {
  const page = await s.open('zh-CN', PC);
  await s.signIn(page, 'ka_manager');
  const bar = page.locator('[data-nav-bar="pc"]');
  await bar.waitFor();
  expect(await page.locator('[data-action="open-nav"]').count()).toBe(0);
  await bar.locator('a[href="/plans"]').click();
  await page.waitForURL(/\/plans$/);
  await settled(page);
  await noSideways(page, 'PC plans');
  // tables stay tables on a PC
  await page.goto('/inbox');
  await settled(page);
  expect(await page.locator('[data-card-list]').count()).toBe(0);
  await s.shot(page, 'pc-inbox');
  expect(s.consoleErrors).toEqual([]);
});
