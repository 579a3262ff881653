// The weekly review over HTTP: the trigger runs only on the first working day of an ISO week and
// once per week; the progress endpoint shows the stored review or live figures, per dealer.
import { startE2E, type E2E } from '../support/e2e';
import { eventually } from '../support/eventually';

let env: E2E;
beforeAll(async () => {
  env = await startE2E({ durations: { weeklyReview: 'PT1H' } });
});
afterAll(async () => {
  await env?.stop();
});

const trigger = (businessDate: string, as = 'ka_manager') =>
  env.http.post('/api/processes/weekly-review/trigger').set(env.auth(as)).send({ businessDate });
const weekly = (week: string, as = 'ka_manager') =>
  env.http.get(`/api/progress/weekly?week=${encodeURIComponent(week)}`).set(env.auth(as));

it('starts the review only on the first working day of the week, once per dealer and week', async () => {
  const monday = await trigger('2026-10-05'); // National Day: the week's first working day is Thu 8 Oct
  expect(monday.status).toBe(200);
  expect(monday.body).toMatchObject({ started: false, workflowId: `weekly-review:${env.dealer1.id}:2026-W41` });
  expect(monday.body.reason).toContain('2026-10-08');
  const festival = await trigger('2026-02-17'); // Spring Festival: 16–22 Feb 2026 has no working day
  expect(festival.status).toBe(200);
  expect(festival.body).toMatchObject({ started: false });
  expect(festival.body.reason).toContain('no working day');
  expect((await trigger('2026-10-08', 'consultant')).status).toBe(403);
  expect((await trigger('2026-10-8')).status).toBe(400);

  const first = await trigger('2026-10-08');
  expect(first.status).toBe(202);
  expect(first.body).toEqual({
    started: true,
    businessDate: '2026-10-08',
    workflowId: `weekly-review:${env.dealer1.id}:2026-W41`,
  });
  const again = await trigger('2026-10-08');
  expect(again.status).toBe(202);
  expect(again.body.started).toBe(false);
  expect(again.body.reason).toMatch(/^already/);

  // The stored review: September in full (no October working day before 8 Oct), no approved plan.
  const open = await eventually(async () => {
    const res = await weekly('2026-W41');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      week: '2026-W41',
      month: '2026-09',
      businessDate: '2026-10-08',
      status: 'open',
      share: 1,
      gaps: 0,
      actions: null,
      summarySentAt: null,
    });
    expect(res.body.taskId).toEqual(expect.any(String));
    return res.body;
  });
  expect(open.lines.map((l: any) => l.key)).toEqual(['total:orders', 'total:aak', 'total:submissions']);
  expect(open.note).toContain('无已批准的目标计划');
  // Another dealer sees its own (not run) week, never this one.
  expect((await weekly('2026-W41', 'ka_manager2')).body).toMatchObject({
    status: 'not_run',
    taskId: null,
    actions: null,
  });

  // The manager decides through the task API: actions must be complete.
  const bad = await env.http
    .post(`/api/tasks/${open.taskId}/complete`)
    .set(env.auth('ka_manager'))
    .send({ decision: 'done', data: { actions: [{ gap: '目标', owner: '大用户经理' }] } });
  expect(bad.status).toBe(400);
  expect(bad.body.details[0].field).toBe('data.actions[0].action');
  const actions = [{ gap: '本月无已批准目标', action: '周三前完成滚动计划审批', owner: '大用户经理' }];
  const done = await env.http
    .post(`/api/tasks/${open.taskId}/complete`)
    .set(env.auth('ka_manager'))
    .send({ decision: 'done', data: { actions } });
  expect(done.status).toBe(200);
  await eventually(async () => {
    const res = await weekly('2026-W41');
    expect(res.body).toMatchObject({ status: 'done', actions, summarySentAt: expect.any(String) });
  });
  await eventually(() =>
    expect(env.mailsTo(env.users.sales_director.email).map((m) => m.subject)).toContainEqual(
      '【周进度盘点】2026-W41 小结：0 项差距，1 项措施',
    ),
  );
});

it('computes a week not yet reviewed as of its first working day, and names `week` when it is malformed', async () => {
  const live = await weekly('2026-W47');
  expect(live.status).toBe(200);
  expect(live.body).toMatchObject({
    week: '2026-W47',
    month: '2026-11',
    businessDate: '2026-11-16',
    status: 'not_run',
    share: 0.4762,
    gaps: 0,
    actions: null,
    summarySentAt: null,
    taskId: null,
    workingDaysInMonth: 21,
    workingDaysElapsed: 10,
  });
  expect(live.body.lines).toHaveLength(3);
  const holiday = await weekly('2026-W08');
  expect(holiday.body).toMatchObject({ week: '2026-W08', status: 'not_run', businessDate: null, lines: [] });
  expect(holiday.body.note).toContain('no working day');

  for (const week of ['2026-53x', '2025-W53', '2026-W00', 'W41']) {
    const res = await weekly(week);
    expect(res.status).toBe(400);
    expect(res.body.details[0].field).toBe('week');
  }
  expect((await env.http.get('/api/progress/weekly?week=2026-W41')).status).toBe(401);
});
