// The calendar past 2026 over HTTP, with a real worker: a one-working-day task opened on Thu 31 Dec 2026
// falls due Mon 4 Jan 2027 under the provisional calendar (元旦 by law, then the weekend); the sysadmin
// loads an invented 2027 notice (1–4 Jan off) and the task, its workflow's timers and the January
// month-end window move. Expected dates are worked out by hand (see tests/unit/calendar/notice.spec.ts).
import { NativeConnection, type Worker } from '@temporalio/worker';
import { OfficialCalendarYearEntity, TaskEntity } from '@kaflow/persistence';
import { calendarLoadWorkflow, calendarLoadWorkflowId, openTaskTimesQuery } from '@kaflow/workflows';
import { createWorker } from '../../apps/worker/src/worker';
import { createCalendarActivities } from '../../activities/src/calendar/calendar.activities';
import { INVENTED_2027 } from '../fixtures/calendar/invented-2027';
import { eventually } from '../support/eventually';
import { startE2E, type E2E } from '../support/e2e';
import { BUNDLE_PATH, TEMPORAL_ADDRESS } from '../support/settings';

const CREATED = new Date('2026-12-31T02:00:00.000Z'); // Thu 31 Dec 2026, 10:00 in Shanghai
let env: E2E;
let worker: Worker;
let running: Promise<void>;
let connection: NativeConnection;

beforeAll(async () => {
  env = await startE2E({ durations: { calendarLoad: { workingDays: 1 } } });
  await env.db.getRepository(OfficialCalendarYearEntity).delete({ year: 2027 });
  await env.stopWorker(); // this file's worker runs on a clock fixed at Thu 31 Dec 2026
  connection = await NativeConnection.connect({ address: TEMPORAL_ADDRESS });
  worker = await createWorker({
    connection,
    namespace: 'default',
    taskQueue: env.taskQueue,
    workflowBundle: { codePath: BUNDLE_PATH },
    deps: { db: env.db, mailer: env.mailer, publicUrl: 'http://localhost:3000', now: () => CREATED },
  });
  running = worker.run();
});

afterAll(async () => {
  await env?.db.getRepository(OfficialCalendarYearEntity).delete({ year: 2027 });
  for (const year of [2027, 2099]) {
    await env?.client.workflow
      .getHandle(`${calendarLoadWorkflowId(year)}:${env.tag}`)
      .terminate()
      .catch(() => undefined);
  }
  worker?.shutdown();
  await running;
  await connection?.close();
  await env?.stop();
});

const openTask = async (subjectId: string) =>
  eventually(async () => {
    const [t] = await env.tasks({ dealerId: env.dealer1.id, kind: 'calendar_load', subjectId });
    if (!t) throw new Error(`no calendar_load task for ${subjectId} yet`);
    return t;
  });

it('keeps the national calendar to the sysadmin: a dealer admin gets 403, bad notices a 400 naming the field', async () => {
  const denied = await env.http.put('/api/calendar/official/2027').set(env.auth('admin')).send(INVENTED_2027);
  expect(denied.status).toBe(403);
  const bad = await env.http
    .put('/api/calendar/official/2027')
    .set(env.auth('sysadmin'))
    .send({ ...INVENTED_2027, days: [...INVENTED_2027.days, { name: '春节', date: '2027-02-12', isOffDay: false }] });
  expect(bad.status).toBe(400);
  expect(bad.body.details).toEqual([
    {
      field: `days[${INVENTED_2027.days.length}].isOffDay`,
      problem: 'a makeup working day must fall on a Saturday or Sunday; 2027-02-12 is a weekday',
    },
  ]);
  const year = await env.http.put('/api/calendar/official/1999').set(env.auth('sysadmin')).send(INVENTED_2027);
  expect(year.status).toBe(400);
  expect(year.body.details[0].field).toBe('year');
  expect((await env.http.get('/api/calendar/official/2027').set(env.auth('consultant'))).body).toMatchObject({
    year: 2027,
    official: false,
    provisional: true,
    source: 'provisional',
    notice: null,
  });
});

it('asks the sysadmin for next year from the first working day of November while the year is provisional', async () => {
  const watch = (iso: string) =>
    createCalendarActivities({
      db: env.db,
      mailer: env.mailer,
      publicUrl: '',
      now: () => new Date(iso),
    }).calendarWatchToday();
  // Sun 1 Nov 2026 is no working day; Mon 2 Nov is the first (09:00 Shanghai = 01:00 UTC)
  expect(await watch('2026-11-01T01:00:00Z')).toEqual({ businessDate: '2026-11-01', year: null, dealerId: null });
  const asked = await watch('2026-11-02T01:00:00Z');
  expect(asked).toMatchObject({ businessDate: '2026-11-02', year: 2027 });
  expect(asked.dealerId).toEqual(expect.any(String));
  // 2025's November: 2026 is shipped with chinese-days, so nothing to ask
  expect((await watch('2025-11-03T01:00:00Z')).year).toBeNull();
});

it('moves an open task from 4 to 5 Jan 2027 and re-arms its workflow when the notice is loaded', async () => {
  const other = await env.client.workflow.start(calendarLoadWorkflow, {
    taskQueue: env.taskQueue,
    workflowId: `${calendarLoadWorkflowId(2099)}:${env.tag}`,
    args: [{ year: 2099, dealerId: env.dealer1.id }],
  });
  const task = await openTask('2099');
  // provisional 2027: Fri 1 Jan is 元旦 by law, 2–3 Jan the weekend
  expect(task.dueAt.toISOString()).toBe('2027-01-04T02:00:00.000Z');
  expect(task.remindAt.toISOString()).toBe('2027-01-03T02:00:00.000Z'); // 75% of the 96 hours
  const window = await env.http.get('/api/calendar/month-end-window?month=2027-01').set(env.auth('consultant'));
  expect(window.body).toEqual({
    month: '2027-01',
    days: ['2027-01-25', '2027-01-26', '2027-01-27', '2027-01-28', '2027-01-29'],
    official: false,
    provisional: true,
  });
  const days = await env.http
    .get('/api/calendar/working-days?from=2026-12-30&to=2027-01-05')
    .set(env.auth('consultant'));
  expect(days.body).toEqual({
    days: ['2026-12-30', '2026-12-31', '2027-01-04', '2027-01-05'],
    official: false,
    provisional: true,
  });

  const dry = await env.http
    .put('/api/calendar/official/2027?dryRun=true')
    .set(env.auth('sysadmin'))
    .send(INVENTED_2027);
  expect(dry.status).toBe(200);
  expect(dry.body).toMatchObject({ dryRun: true, saved: false, previousSource: 'provisional' });
  expect(dry.body.preview.monthEndWindows).toEqual([
    {
      month: '2027-01',
      before: ['2027-01-25', '2027-01-26', '2027-01-27', '2027-01-28', '2027-01-29'],
      after: ['2027-01-26', '2027-01-27', '2027-01-28', '2027-01-29', '2027-01-30'],
    },
  ]);
  expect(dry.body.preview.firstWorkingDaysOfWeeks[0]).toEqual({
    week: '2027-01-04',
    before: '2027-01-04',
    after: '2027-01-05',
  });
  expect(dry.body.preview.tasks).toContainEqual(
    expect.objectContaining({
      taskId: task.id,
      dueAt: { before: '2027-01-04T02:00:00.000Z', after: '2027-01-05T02:00:00.000Z' },
    }),
  );
  // the dry run saved nothing
  expect((await env.db.getRepository(TaskEntity).findOneByOrFail({ id: task.id })).dueAt.toISOString()).toBe(
    '2027-01-04T02:00:00.000Z',
  );
  expect((await env.http.get('/api/calendar/official/2027').set(env.auth('sysadmin'))).body.notice).toBeNull();

  const load = await env.http.put('/api/calendar/official/2027').set(env.auth('sysadmin')).send(INVENTED_2027);
  expect(load.status).toBe(200);
  expect(load.body).toMatchObject({ saved: true, official: true, provisional: false });
  expect(load.body.recompute.tasks).toBeGreaterThanOrEqual(1);

  const moved = await env.db.getRepository(TaskEntity).findOneByOrFail({ id: task.id });
  expect(moved.dueAt.toISOString()).toBe('2027-01-05T02:00:00.000Z');
  expect(moved.remindAt.toISOString()).toBe('2027-01-03T20:00:00.000Z'); // 75% of the 120 hours
  // the workflow re-read its times: its timers now wait for the new ones
  await eventually(async () => {
    const times = await other.query(openTaskTimesQuery);
    expect(times).toEqual([
      { taskId: task.id, dueAt: '2027-01-05T02:00:00.000Z', remindAt: '2027-01-03T20:00:00.000Z', escalationLevel: 0 },
    ]);
  });
  const after = await env.http.get('/api/calendar/month-end-window?month=2027-01').set(env.auth('consultant'));
  expect(after.body).toEqual({
    month: '2027-01',
    days: ['2027-01-26', '2027-01-27', '2027-01-28', '2027-01-29', '2027-01-30'],
    official: true,
    provisional: false,
  });
});

it('closes the sysadmin\'s "load the calendar" task of a year when that year is loaded', async () => {
  const wf = await env.client.workflow.start(calendarLoadWorkflow, {
    taskQueue: env.taskQueue,
    workflowId: `${calendarLoadWorkflowId(2027)}:${env.tag}`,
    args: [{ year: 2027, dealerId: env.dealer1.id }],
  });
  const task = await openTask('2027');
  const inbox = await env.http.get('/api/tasks?status=open').set(env.auth('sysadmin'));
  expect(inbox.body.items.map((t: { id: string }) => t.id)).toContain(task.id);
  const byHand = await env.http
    .post(`/api/tasks/${task.id}/complete`)
    .set(env.auth('sysadmin'))
    .send({ decision: 'loaded' });
  expect(byHand.status).toBe(422); // only loading the notice decides it
  const again = await env.http.put('/api/calendar/official/2027').set(env.auth('sysadmin')).send(INVENTED_2027);
  expect(again.status).toBe(200);
  expect(again.body.loadTask).toBe(task.id);
  expect(await wf.result()).toBe('loaded');
  expect((await env.db.getRepository(TaskEntity).findOneByOrFail({ id: task.id })).status).toBe('done');
  const watch = createCalendarActivities({
    db: env.db,
    mailer: env.mailer,
    publicUrl: '',
    now: () => new Date('2026-12-02T01:00:00Z'),
  });
  expect((await watch.calendarWatchToday()).year).toBeNull(); // loaded: no more asking
});
