// The weekly progress review (周进度盘点): progress against the approved targets pro-rated by working
// days, the manager's corrective actions, the directors' summary, escalation, and the holiday week.
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { weeklyReviewDay } from '@kaflow/calendar';
import { createActivities } from '@kaflow/activities';
import { loadCalendar } from '@kaflow/records';
import {
  DeliveryEntity,
  PlanEntity,
  SalesOrderEntity,
  SystemSubmissionEntity,
  WeeklyReviewEntity,
} from '@kaflow/persistence';
import {
  decideUpdate,
  weeklyReviewScheduledWorkflow,
  weeklyReviewWorkflow,
  weeklyReviewWorkflowId,
} from '@kaflow/workflows';
import { weeklyReviewTrigger } from '../../../apps/api/src/processes/triggers/weekly-review.trigger';
import { startTestEnv, type TestEnv } from '../../support/env';
import { runId, type DealerFixture } from '../../support/fixtures';
import { eventually } from '../../support/eventually';

let env: TestEnv;
beforeAll(async () => {
  env = await startTestEnv();
});
afterAll(async () => {
  await env?.stop();
});

async function plan(f: DealerFixture, p: Partial<PlanEntity>) {
  return env.db.getRepository(PlanEntity).save({
    dealerId: f.dealer.id,
    version: 1,
    status: 'approved',
    input: {},
    basis: null,
    coverageOk: true,
    ...p,
  } as PlanEntity);
}
async function order(
  f: DealerFixture,
  o: { who?: string; model: string; qty: number; date: string; status?: 'open' | 'cancelled' },
) {
  return env.db.getRepository(SalesOrderEntity).save({
    dealerId: f.dealer.id,
    orderNo: `SO-${runId()}`,
    consultantId: f.users[o.who ?? 'consultant'].id,
    prospectId: null,
    accountId: null,
    customerType: 'enterprise',
    developmentType: 'new',
    model: o.model,
    quantity: o.qty,
    orderDate: o.date,
    status: o.status ?? 'open',
    cancelledAt: o.status === 'cancelled' ? o.date : null,
    cancelReason: null,
  } as SalesOrderEntity);
}
async function delivery(f: DealerFixture, o: SalesOrderEntity, qty: number, date: string) {
  return env.db.getRepository(DeliveryEntity).save({
    dealerId: f.dealer.id,
    orderId: o.id,
    consultantId: o.consultantId,
    model: o.model,
    quantity: qty,
    deliveryDate: date,
  } as DeliveryEntity);
}
async function submission(f: DealerFixture, d: DeliveryEntity, qty: number, date: string) {
  return env.db.getRepository(SystemSubmissionEntity).save({
    dealerId: f.dealer.id,
    deliveryId: d.id,
    model: d.model,
    quantity: qty,
    licensingDate: date,
    submittedDate: date,
  } as SystemSubmissionEntity);
}
const reviewRow = (f: DealerFixture, week: string) =>
  env.db.getRepository(WeeklyReviewEntity).findOneByOrFail({ dealerId: f.dealer.id, week });

it("lists the gaps against the approved decomposition and mails the directors the manager's actions", async () => {
  const f = await env.createDealer({ durations: { weeklyReview: 'PT1H' } });
  // November 2026: 21 working days; Mon 16 Nov (W47) has 10 before it → share 10/21 = 0.4762.
  const cal = await loadCalendar(env.db);
  expect(cal.workingDays('2026-11-01', '2026-11-30')).toHaveLength(21);
  expect(cal.workingDays('2026-11-01', '2026-11-15')).toHaveLength(10);
  // An approved annual plan is ignored when the month has an approved decomposition; a superseded version too.
  await plan(f, {
    kind: 'annual',
    period: '2026',
    result: {
      months: Array.from({ length: 12 }, (_, i) => ({ month: i + 1, orders: 999, aak: 999, submissions: 999 })),
    },
  });
  await plan(f, {
    kind: 'decomposition',
    period: '2026-11',
    version: 1,
    status: 'superseded',
    result: { byModel: [{ model: 'A6L', orders: 500, aak: 0, submissions: 0 }] },
  });
  const decomposition = await plan(f, {
    kind: 'decomposition',
    period: '2026-11',
    version: 2,
    result: {
      byModel: [
        { model: 'A6L', orders: 42, aak: 30, submissions: 20 },
        { model: 'Q5L', orders: 21, aak: 12, submissions: 10 },
      ],
      byConsultant: [
        { consultantId: f.users.consultant.id, name: '张三', orders: 42, aak: 28, submissions: 20, byModel: [] },
        { consultantId: f.users.consultant_b.id, orders: 21, aak: 14, submissions: 10, byModel: [] },
      ],
    },
  });
  // Orders through Sun 15 Nov: A6L 10 + 6 (consultant), Q5L 10 (consultant_b) = 26; not counted:
  // a cancelled order, one on the review day itself, one in October.
  const o1 = await order(f, { model: 'A6L', qty: 10, date: '2026-11-03' });
  const o2 = await order(f, { model: 'A6L', qty: 6, date: '2026-11-10' });
  await order(f, { who: 'consultant_b', model: 'Q5L', qty: 10, date: '2026-11-12' });
  await order(f, { model: 'A6L', qty: 5, date: '2026-11-05', status: 'cancelled' });
  await order(f, { model: 'A6L', qty: 4, date: '2026-11-16' });
  const old = await order(f, { who: 'consultant_b', model: 'Q5L', qty: 3, date: '2026-10-30' });
  // AAK 12 + 8 = 20 (October's 3 not counted); submissions 9 (the one on the 16th not counted).
  const d1 = await delivery(f, o1, 12, '2026-11-04');
  await delivery(f, o2, 8, '2026-11-11');
  await delivery(f, old, 3, '2026-10-28');
  await submission(f, d1, 9, '2026-11-13');
  await submission(f, d1, 2, '2026-11-16');

  const handle = await env.client.workflow.start(weeklyReviewWorkflow, {
    workflowId: weeklyReviewWorkflowId(f.dealer.id, '2026-W47'),
    taskQueue: env.taskQueue,
    args: [{ dealerId: f.dealer.id, businessDate: '2026-11-16' }],
  });
  const task = await eventually(async () => {
    const [t] = await env.tasks({ dealerId: f.dealer.id, kind: 'weekly_review', status: 'open' });
    expect(t).toMatchObject({
      assigneeRole: 'ka_manager',
      title: '周进度盘点 2026-W47：4 项差距',
      subjectType: 'weekly_review',
      subjectId: `${f.dealer.id}:2026-W47`,
    });
    return t;
  });
  // By hand, with 90% of the pro-rated target as the bar:
  //   orders      63 × 0.4762 = 30.00 → bar 27.00, actual 26 → gap, short 1
  //   AAK         42 × 0.4762 = 20.00 → bar 18.00, actual 20 → ok
  //   submissions 30 × 0.4762 = 14.29 → bar 12.861, actual 9 → gap, short 4
  //   A6L orders  42 → 20.00 → bar 18, actual 16 → gap, short 2;  Q5L 21 → 10.00 → bar 9, actual 10 → ok
  //   张三 42 → 20.00, actual 16 → gap, short 2;  consultant_b 21 → 10.00, actual 10 → ok
  const payload = task.payload as any;
  expect(payload).toMatchObject({
    week: '2026-W47',
    month: '2026-11',
    share: 0.4762,
    through: '2026-11-15',
    gapCount: 4,
  });
  expect(payload.plan).toEqual({ id: decomposition.id, kind: 'decomposition', period: '2026-11', version: 2 });
  const byKey = Object.fromEntries((payload.lines as any[]).map((l) => [l.key, l]));
  expect(byKey['total:orders']).toMatchObject({ target: 63, actual: 26, proRated: 30, gap: true, shortfall: 1 });
  expect(byKey['total:aak']).toMatchObject({ target: 42, actual: 20, proRated: 20, gap: false, shortfall: 0 });
  expect(byKey['total:submissions']).toMatchObject({ target: 30, actual: 9, proRated: 14.29, gap: true, shortfall: 4 });
  expect(byKey['model:A6L:orders']).toMatchObject({ target: 42, actual: 16, proRated: 20, gap: true, shortfall: 2 });
  expect(byKey['model:Q5L:orders']).toMatchObject({ target: 21, actual: 10, proRated: 10, gap: false });
  expect(byKey[`consultant:${f.users.consultant.id}:orders`]).toMatchObject({
    label: '订单 · 顾问 张三',
    actual: 16,
    gap: true,
    shortfall: 2,
  });
  expect(byKey[`consultant:${f.users.consultant_b.id}:orders`]).toMatchObject({
    label: `订单 · 顾问 ${f.users.consultant_b.displayName}`,
    actual: 10,
    gap: false,
  });
  expect((payload.gaps as any[]).map((g) => g.key).sort()).toEqual(
    ['consultant:' + f.users.consultant.id + ':orders', 'model:A6L:orders', 'total:orders', 'total:submissions'].sort(),
  );
  await eventually(async () =>
    expect(await reviewRow(f, '2026-W47')).toMatchObject({
      taskId: task.id,
      gapCount: 4,
      month: '2026-11',
      businessDate: '2026-11-16',
      actions: null,
    }),
  );

  // With gaps, "done" needs at least one action, each with gap, action and owner.
  const decide = (data: unknown) =>
    handle.executeUpdate(decideUpdate, {
      args: [{ taskId: task.id, decision: 'done', byUserId: f.users.ka_manager.id, data: data as any }],
    });
  await expect(decide({ actions: [] })).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
  await expect(decide({ actions: [{ gap: '订单', action: '', owner: '张三' }] })).rejects.toThrow();
  const actions = [
    { gap: '订单 A6L', action: '本周走访 5 家 H 级客户，周五前锁定 3 台', owner: '张三' },
    { gap: '系统提报', action: '催办已上牌车辆提报，周三前补齐 4 台', owner: '大用户经理' },
  ];
  await decide({ actions });
  expect(await handle.result()).toEqual({ week: '2026-W47', reviewed: true, gaps: 4, actions: 2 });

  const row = await reviewRow(f, '2026-W47');
  expect(row.actions).toEqual(actions);
  expect(row.summarySentAt).toBeInstanceOf(Date);
  const mails = await eventually(() => {
    const m = env.mailsTo(f.users.sales_director.email).filter((x) => x.subject.includes('周进度盘点'));
    expect(m).toHaveLength(1);
    return m;
  });
  expect(mails[0].subject).toBe('【周进度盘点】2026-W47 小结：4 项差距，2 项措施');
  expect(mails[0].text).toContain('本周走访 5 家 H 级客户');
  expect(mails[0].text).toContain('责任人：张三');
  expect(mails[0].text.indexOf('纠偏措施')).toBeLessThan(mails[0].text.indexOf('Corrective actions'));
  expect(env.mailsTo(f.users.gm.email).filter((x) => x.subject.includes('周进度盘点'))).toHaveLength(0);
});

it('escalates an untouched review to the sales director, also when the month has no approved plan', async () => {
  const f = await env.createDealer({ reminderAt: 0.5, durations: { weeklyReview: 'PT4S' } });
  await plan(f, {
    kind: 'rolling',
    period: '2026-12',
    status: 'submitted',
    result: { next: { month: '2026-12', orders: 50, aak: 40, submissions: 30 } },
  });
  await order(f, { model: 'A6L', qty: 2, date: '2026-12-02' });
  await env.client.workflow.start(weeklyReviewWorkflow, {
    workflowId: weeklyReviewWorkflowId(f.dealer.id, '2026-W50'),
    taskQueue: env.taskQueue,
    args: [{ dealerId: f.dealer.id, businessDate: '2026-12-07' }],
  });
  const task = await eventually(async () => {
    const [t] = await env.tasks({ dealerId: f.dealer.id, kind: 'weekly_review' });
    expect(t).toMatchObject({ title: '周进度盘点 2026-W50：本月无已批准目标' });
    return t;
  });
  expect(task.payload).toMatchObject({ plan: null, gapCount: 0, note: expect.stringContaining('无已批准的目标计划') });
  expect((task.payload as any).lines[0]).toMatchObject({ key: 'total:orders', target: 0, actual: 2, gap: false });
  await eventually(() =>
    expect(env.mailsTo(f.users.ka_manager.email).map((m) => m.subject)).toContainEqual(
      '【提醒】周进度盘点 2026-W50：本月无已批准目标',
    ),
  );
  await eventually(async () => {
    const [t] = await env.tasks({ dealerId: f.dealer.id, kind: 'weekly_review' });
    expect(t).toMatchObject({ assigneeRole: 'sales_director', escalationLevel: 1 });
  });
  await eventually(() =>
    expect(env.mailsTo(f.users.sales_director.email).map((m) => m.subject)).toContainEqual(
      expect.stringMatching(/^【升级】周进度盘点 2026-W50/),
    ),
  );
});

it('reviews the holiday week 2026-W41 on Thu 8 Oct, over September in full, once', async () => {
  const f = await env.createDealer({ durations: { weeklyReview: 'PT1H' } });
  const calendar = await loadCalendar(env.db);
  expect(calendar.isWorkingDay('2026-10-05')).toBe(false);
  expect(calendar.firstWorkingDayOfWeek('2026-10-05')).toBe('2026-10-08');
  // September 2026 has 22 working days; the review on 8 Oct counts none in October, so it takes September whole.
  expect(calendar.workingDays('2026-09-01', '2026-09-30')).toHaveLength(22);
  await plan(f, {
    kind: 'annual',
    period: '2026',
    result: { months: Array.from({ length: 12 }, (_, i) => ({ month: i + 1, orders: 44, aak: 40, submissions: 30 })) },
  });
  const o = await order(f, { model: 'A6L', qty: 40, date: '2026-09-15' });
  const d = await delivery(f, o, 35, '2026-09-28');
  await submission(f, d, 30, '2026-09-30');
  await delivery(f, o, 5, '2026-10-08'); // on the review day: not counted

  const ctx = {
    db: env.db,
    temporal: { client: env.client, taskQueue: env.taskQueue } as any,
    dealerId: f.dealer.id,
    policy: {} as any,
    calendar,
  };
  const monday = await weeklyReviewTrigger({ ...ctx, businessDate: '2026-10-05' });
  expect(monday).toMatchObject({ started: false, workflowId: weeklyReviewWorkflowId(f.dealer.id, '2026-W41') });
  expect(monday.reason).toContain('2026-10-08');
  const thursday = await weeklyReviewTrigger({ ...ctx, businessDate: '2026-10-08' });
  expect(thursday).toEqual({
    started: true,
    businessDate: '2026-10-08',
    workflowId: `weekly-review:${f.dealer.id}:2026-W41`,
  });
  const again = await weeklyReviewTrigger({ ...ctx, businessDate: '2026-10-08' });
  expect(again.started).toBe(false);
  expect(again.reason).toMatch(/^already/);

  // Share 22/22 = 1: orders 44 → bar 39.6, actual 40 ok; AAK 40 → bar 36, actual 35 → gap, short 1; submissions 30 ok.
  const task = await eventually(async () => {
    const [t] = await env.tasks({ dealerId: f.dealer.id, kind: 'weekly_review' });
    expect(t).toMatchObject({ title: '周进度盘点 2026-W41：1 项差距' });
    return t;
  });
  expect(task.payload).toMatchObject({
    month: '2026-09',
    share: 1,
    through: '2026-09-30',
    plan: expect.objectContaining({ kind: 'annual', period: '2026' }),
  });
  expect((task.payload as any).gaps).toEqual([
    expect.objectContaining({ key: 'total:aak', target: 40, actual: 35, proRated: 40, shortfall: 1 }),
  ]);
  await env.client.workflow.getHandle(thursday.workflowId).terminate('test done');
});

it('starts the review only on the first working day of the week, whatever fires the schedule', async () => {
  const calendar = await loadCalendar(env.db);
  const f = await env.createDealer();
  const cases: Array<[string, boolean, string | null]> = [
    ['2026-10-05', false, '2026-10-08'], // National Day: Monday off
    ['2026-10-08', true, '2026-10-08'],
    ['2026-10-09', false, '2026-10-08'],
    ['2026-11-16', true, '2026-11-16'],
    ['2026-11-17', false, '2026-11-16'],
    ['2026-02-16', false, null], // Spring Festival: 16–22 Feb 2026 has no working day
    ['2026-09-20', false, '2026-09-14'], // a working Sunday is not the week's first working day
  ];
  const acts = createActivities({
    db: env.db,
    mailer: env.mailer,
    publicUrl: 'http://localhost',
    now: () => env.clock.now(),
  });
  for (const [date, start, first] of cases) {
    expect(weeklyReviewDay(calendar, date)).toMatchObject({ start, firstWorkingDay: first });
    expect(await acts.weeklyReviewToday({ dealerId: f.dealer.id, businessDate: date })).toMatchObject({
      start,
      firstWorkingDay: first,
    });
  }
  expect(weeklyReviewDay(calendar, '2026-02-16').reason).toContain('no working day');

  // The scheduled starter, on a pinned clock (09:00 in Shanghai) so both branches run whatever today is:
  // Monday 16 Nov 2026 is week 47's first working day, Tuesday 17 Nov is not.
  const fired: Array<string | null> = [];
  for (const [n, at] of [
    [1, '2026-11-16T01:00:00Z'],
    [2, '2026-11-17T01:00:00Z'],
  ] as const) {
    env.clock.pin(at);
    try {
      fired.push(
        await env.client.workflow.execute(weeklyReviewScheduledWorkflow, {
          workflowId: `weekly-review-schedule:${f.dealer.id}:${n}`,
          taskQueue: env.taskQueue,
          args: [{ dealerId: f.dealer.id }],
        }),
      );
    } finally {
      env.clock.unpin();
    }
  }
  expect(fired).toEqual([weeklyReviewWorkflowId(f.dealer.id, '2026-W47'), null]);
});
