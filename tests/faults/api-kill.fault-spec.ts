// API killed mid-request: a batch of decisions is sent, and the API process is killed with SIGKILL
// while they travel (HTTP → update → activity → reply). The client sends every decision that got no
// answer again, to the restarted API: the answer is the decided task or a 409, never a second
// decision. A decision that was answered and is sent again is a 409. Afterwards every task is
// decided exactly once (task row, audit row, callback check, workflow result) and e-mailed once.
// Counts: FAULT_API_KILLS (rounds, default 4) × FAULT_API_BATCH (decisions in flight per kill, default 10).
import { eventually } from '../support/eventually';
import {
  call,
  decisionProblems,
  envCount,
  histogram,
  mailsPerTask,
  sleep,
  startFaultStack,
  type FaultStack,
  type Reply,
} from '../support/fault-stack';

const ROUNDS = envCount('FAULT_API_KILLS', 4);
const BATCH = envCount('FAULT_API_BATCH', 10);

let s: FaultStack;

beforeAll(async () => {
  s = await startFaultStack({ name: 'faults_api_kill' });
  await s.startWorker();
  await s.startApi();
}, 300_000);

afterAll(async () => {
  await s?.stop();
});

it('gives the decided task or a 409 to the retry of a decision whose API was killed mid-request, never a second decision', async () => {
  const [consultant, agent] = [await s.login('consultant'), await s.login('cs_agent')];
  const names = Array.from({ length: ROUNDS * BATCH }, (_, i) => `接口中断单位${String(i).padStart(3, '0')}`);
  const tasks = await s.createProspects(consultant, names);
  const n = { answered: 0, cut: 0, retry200: 0, retry409: 0, retry503: 0, repeat409: 0 };
  const firstAnswers: number[] = [];
  const decide = (id: string) => call(s.apiUrl(), 'POST', `/api/tasks/${id}/complete`, { decision: 'verified' }, agent);

  for (let round = 0; round < ROUNDS; round++) {
    const batch = tasks.slice(round * BATCH, (round + 1) * BATCH);
    const replies = batch.map((t) => decide(t.id));
    // the kill comes as the first decision of the batch is recorded (or answered): the others are mid-way,
    // some already with the engine, some not yet
    let settled = false;
    await Promise.race([
      Promise.race(replies),
      eventually(
        async () => {
          const [{ n }] = await s.db.query(
            `SELECT count(*)::int AS n FROM task WHERE id = ANY($1) AND status = 'done'`,
            [batch.map((t) => t.id)],
          );
          expect(settled || n > 0).toBe(true);
        },
        60_000,
        20,
      ).catch(() => undefined),
    ]);
    settled = true;
    await s.apis.get(0)!.kill('SIGKILL');
    const got: Reply[] = await Promise.all(replies);
    await s.startApi(0);
    for (const [i, t] of batch.entries()) {
      firstAnswers.push(got[i].status);
      if (got[i].status === 200) {
        expect(got[i].body).toMatchObject({ id: t.id, status: 'done', decision: 'verified' });
        n.answered++;
        // the client did not see this answer in time and repeats it: refused, nothing changes
        const again = await decide(t.id);
        expect(again.status).toBe(409);
        n.repeat409++;
        continue;
      }
      expect(got[i].status).toBe(0); // cut off with the API
      n.cut++;
      for (;;) {
        const r = await decide(t.id);
        if (r.status === 200) {
          expect(r.body).toMatchObject({ id: t.id, status: 'done', decision: 'verified' });
          n.retry200++;
          break;
        }
        if (r.status === 409) {
          n.retry409++;
          break;
        }
        expect([0, 503]).toContain(r.status); // the restarted API still warming up
        n.retry503++;
        await sleep(500);
      }
    }
  }

  const ids = tasks.map((t) => t.id);
  await eventually(
    async () => expect((await s.callbackTasks()).filter((t) => t.status !== 'done')).toEqual([]),
    120_000,
    1000,
  );
  const problems = await decisionProblems(s, { decision: 'verified', by: s.dealer.users.cs_agent.id }, ids);
  await s.outboxDrained();
  const perTask = mailsPerTask(s.mail.messages());
  const assigned = ids.map((id) => perTask.get(id)?.assigned ?? 0);
  console.log(
    `API killed mid-request: ${ROUNDS} kills, ${ids.length} decisions; first answers ${JSON.stringify(histogram(firstAnswers))}; ` +
      `answered ${n.answered} (sent again: 409 ×${n.repeat409}); cut off ${n.cut}: on retry 200 ×${n.retry200}, ` +
      `409 ×${n.retry409} (${n.retry503} more tries while the API restarted); decision problems ${problems.length}; ` +
      `tasks per assignment mail count ${JSON.stringify(histogram(assigned))}`,
  );
  expect(n.cut).toBeGreaterThan(0); // the kill did land mid-request
  expect(n.answered + n.cut).toBe(ids.length);
  expect(problems).toEqual([]);
  expect(assigned.filter((c) => c !== 1)).toEqual([]);
}, 900_000);
