// PostgreSQL unavailable for 30 s: the API and the worker reach it through a TCP proxy the test cuts
// (every open connection dropped, new ones refused) and then restores. While it is cut the API answers
// 503 naming the database (never a 500) and /api/health says the database check fails. Prospects and
// decisions sent just before the cut either finish or are refused whole; nothing is half-written (every
// prospect has its account, contact, grade history, audit row, callback check and callback task; a
// refused one left no row). The activities caught by the outage (at least the reminders that come due in
// it) retry and finish after the recovery.
// Counts: FAULT_PG_OUTAGE_MS (default 30000), FAULT_PG_TASKS (tasks open before the cut, default 10),
// FAULT_PG_IN_FLIGHT (prospects recorded as the cut comes, default 5).
import { eventually } from '../support/eventually';
import {
  call,
  decisionProblems,
  incompleteProspects,
  envCount,
  histogram,
  mailsPerTask,
  namesTask,
  prospectBody,
  sleep,
  useFaultStack,
  type FaultStack,
  type Reply,
} from '../support/fault-stack';

const OUTAGE_MS = envCount('FAULT_PG_OUTAGE_MS', 30_000);
const TASKS = envCount('FAULT_PG_TASKS', 10);
const IN_FLIGHT = envCount('FAULT_PG_IN_FLIGHT', 5);

let s: FaultStack;
// Reminders 15 s after a task opens (of a quarter of an hour): the last tasks' reminders come due inside
// the outage, so their activities are caught by it for certain, not only when a decision happens to be.
const REMINDER = { reminderAt: 1 / 60, durations: { callback: 'PT15M' } };
useFaultStack({ name: 'faults_postgres', dbProxy: true, policy: REMINDER }, (started) => (s = started));

it(`answers 503 naming the database during a ${OUTAGE_MS / 1000} s outage, writes nothing half-way, and finishes after it`, async () => {
  const api = s.apiUrl();
  const [consultant, agent] = [await s.login('consultant'), await s.login('cs_agent')];
  const names = Array.from({ length: TASKS }, (_, i) => `断库前单位${String(i).padStart(3, '0')}`);
  const tasks = await s.createProspects(consultant, names);
  const half = Math.ceil(TASKS / 2);

  // As the outage begins: decisions for the first half and new prospects are on their way.
  const inFlightNames = Array.from({ length: IN_FLIGHT }, (_, i) => `断库时单位${String(i).padStart(3, '0')}`);
  const slow = 150_000; // an in-flight call may wait for the recovery
  const inFlight = {
    decisions: tasks
      .slice(0, half)
      .map((t) => call(api, 'POST', `/api/tasks/${t.id}/complete`, { decision: 'verified' }, agent, slow)),
    creates: inFlightNames.map((n) => call(api, 'POST', '/api/prospects', prospectBody(n), consultant, slow)),
  };
  await sleep(100);
  s.proxy!.cut();
  const cutAt = Date.now();

  // While it is cut: every answer that needs the database is a 503 naming it.
  const during: Array<{ what: string; reply: Reply }> = [];
  let probe = 0;
  let health: Reply | undefined;
  while (Date.now() - cutAt < OUTAGE_MS - 3000) {
    probe++;
    const t = tasks[half + (probe % (TASKS - half))];
    const [h, ...replies] = await Promise.all([
      call(api, 'GET', '/api/health'),
      call(api, 'GET', '/api/tasks', undefined, agent),
      call(api, 'POST', `/api/tasks/${t.id}/complete`, { decision: 'verified' }, agent),
      call(api, 'POST', '/api/prospects', prospectBody(`断库中单位${probe}`), consultant),
      call(api, 'POST', '/api/auth/login', { username: s.dealer.users.consultant.username, password: 'x' }),
    ]);
    health = h;
    expect(h.status).toBe(503);
    expect(h.body).toMatchObject({ status: 'error', checks: { database: 'down', temporal: 'up' } });
    ['inbox', 'decision', 'new prospect', 'login'].forEach((what, i) => during.push({ what, reply: replies[i] }));
    await sleep(1000);
  }
  const notNamed = during.filter(
    (d) => d.reply.status !== 503 || d.reply.body.dependency !== 'database' || d.reply.body.error !== 'Unavailable',
  );
  // the workflows caught by the outage: their activities are failing and being retried now
  const pendingAttempts: number[] = [];
  for (const t of tasks.slice(0, half)) {
    const d = await s.client.workflow.getHandle(t.workflowId).describe();
    pendingAttempts.push(...(d.raw.pendingActivities ?? []).map((a) => a.attempt ?? 0));
  }
  await sleep(Math.max(0, cutAt + OUTAGE_MS - Date.now()));
  s.proxy!.restore();
  const restoredAt = Date.now();

  await eventually(async () => expect((await call(api, 'GET', '/api/health')).status).toBe(200), 60_000, 500);
  const recoveredMs = Date.now() - restoredAt;
  const [decided, created] = [await Promise.all(inFlight.decisions), await Promise.all(inFlight.creates)];
  const inFlightStatuses = histogram([...decided, ...created].map((r) => r.status));
  for (const r of [...decided, ...created]) {
    expect([200, 201, 503]).toContain(r.status);
    if (r.status === 503) expect(r.body.dependency).toBe('database');
  }

  // Decisions refused (or left unanswered) are sent again and taken; then the rest, and the new prospects' tasks.
  const createdNames = inFlightNames.filter((_, i) => created[i].status === 201);
  const refusedNames = inFlightNames.filter((_, i) => created[i].status !== 201);
  const newTasks = createdNames.length ? await waitTasks(createdNames) : [];
  const toDecide = [
    ...tasks.slice(0, half).filter((_, i) => decided[i].status !== 200),
    ...tasks.slice(half),
    ...newTasks,
  ];
  let conflicts = 0;
  for (const t of toDecide) {
    const r = await call(api, 'POST', `/api/tasks/${t.id}/complete`, { decision: 'verified' }, agent);
    if (r.status === 409)
      conflicts++; // an in-flight decision the outage held up was taken after all
    else expect(r.status).toBe(200);
  }
  const allIds = [...tasks, ...newTasks].map((t) => t.id);
  await eventually(
    async () => expect((await s.callbackTasks()).filter((t) => t.status !== 'done')).toEqual([]),
    120_000,
    1000,
  );
  const problems = await decisionProblems(s, { decision: 'verified', by: s.dealer.users.cs_agent.id }, allIds);

  // Nothing half-written: every prospect whole, and no trace of a refused one.
  const broken = await incompleteProspects(s);
  const [{ n: strays }] = await s.db.query(
    `SELECT count(*)::int AS n FROM account WHERE "dealerId" = $1 AND (name LIKE '断库中单位%' OR name = ANY($2))`,
    [s.dealer.dealer.id, refusedNames],
  );
  const [{ n: prospects }] = await s.db.query('SELECT count(*)::int AS n FROM prospect WHERE "dealerId" = $1', [
    s.dealer.dealer.id,
  ]);

  // The activities the outage caught were retried (their last attempt's number is in the history).
  let retriedActivities = 0;
  let maxAttempt = 0;
  for (const t of [...tasks, ...newTasks]) {
    const { events } = await s.client.workflow.getHandle(t.workflowId).fetchHistory();
    for (const e of events ?? []) {
      const attempt = e.activityTaskStartedEventAttributes?.attempt ?? 0;
      if (attempt > 1) retriedActivities++;
      maxAttempt = Math.max(maxAttempt, attempt);
    }
  }
  await s.outboxDrained();
  const perTask = mailsPerTask(s.mail.messages());
  const assigned = allIds.map((id) => perTask.get(id)?.assigned ?? 0);

  console.log(
    `PostgreSQL cut for ${Math.round((restoredAt - cutAt) / 1000)} s: ${probe} probe rounds, ` +
      `${during.length} answers ${JSON.stringify(histogram(during.map((d) => d.reply.status)))} ` +
      `(not a 503 naming the database: ${notNamed.length}), ` +
      `health ${health?.status} ${JSON.stringify(health?.body.checks)}; in flight at the cut (${half} decisions, ` +
      `${IN_FLIGHT} prospects): ${JSON.stringify(inFlightStatuses)}; activity attempts pending during the outage ` +
      `${JSON.stringify(pendingAttempts)}; healthy ${recoveredMs} ms after the restore; ` +
      `then ${toDecide.length} decisions (${conflicts} 409 for one taken meanwhile); ` +
      `prospects ${prospects} (${createdNames.length} of the in-flight ones), ` +
      `half-written ${broken.length}, traces of refused ones ${strays}; retried activities ${retriedActivities} ` +
      `(highest attempt ${maxAttempt}); decision problems ${problems.length}; tasks per assignment mail count ` +
      `${JSON.stringify(histogram(assigned))}`,
  );
  expect(notNamed).toEqual([]);
  expect(broken).toEqual([]);
  expect(strays).toBe(0);
  expect(prospects).toBe(TASKS + createdNames.length);
  expect(problems).toEqual([]);
  expect(retriedActivities).toBeGreaterThan(0);
  expect(assigned.filter((n) => n !== 1)).toEqual([]);
}, 900_000);

async function waitTasks(names: string[]) {
  return eventually(
    async () => {
      const rows = (await s.callbackTasks()).filter((t) => names.some((n) => namesTask(t, n)));
      expect(rows).toHaveLength(names.length);
      return rows;
    },
    180_000,
    1000,
  );
}
