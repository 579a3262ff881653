// The worker's reconcile against real PostgreSQL and the Temporal dev server: a prospect whose records
// were committed but whose workflows never started (an API killed between the two) gets its callback
// and its follow-up workflow; an imported one gets the follow-up workflow only, a fresh one is left to its own
// request, an old one gets nothing; running it again, or twice at once, starts nothing twice.
import { CallbackCheckEntity } from '@kaflow/persistence';
import { reconcileCallbacks, reconcileFollowUps } from '../../../apps/worker/src/reconcile';
import { startTestEnv, type TestEnv } from '../../support/env';
import { insertProspect } from '../../support/fixtures';
import { eventually } from '../../support/eventually';

let env: TestEnv;
beforeAll(async () => {
  env = await startTestEnv();
});
afterAll(async () => {
  await env?.stop();
});

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

it('starts the callback and the follow-up workflow a committed prospect lacks, once, and leaves fresh, old and imported ones', async () => {
  const f = await env.createDealer({ durations: { callback: 'PT1H' } });
  const only = { dealerIds: [f.dealer.id] };
  const ago = (ms: number) => new Date(Date.now() - ms);
  const orphan = await insertProspect(env.db, f, { at: ago(2 * HOUR), name: `遗留单位 ${f.dealer.id}` });
  const imported = await insertProspect(env.db, f, { at: ago(2 * HOUR) });
  await env.db.query(`UPDATE prospect SET "importJobId" = gen_random_uuid() WHERE id = $1`, [imported.id]);
  const fresh = await insertProspect(env.db, f, { at: ago(5_000) }); // its own request is still starting it
  const old = await insertProspect(env.db, f, { at: ago(20 * DAY) }); // before the callback window

  // two workers reconciling at the same moment: each callback is started once between them
  const [a, b] = await Promise.all([
    reconcileCallbacks(env.client, env.db, env.taskQueue, undefined, only),
    reconcileCallbacks(env.client, env.db, env.taskQueue, undefined, only),
  ]);
  expect(a.started + b.started).toBe(1);
  expect(a.running + b.running).toBeLessThanOrEqual(1);

  const task = await eventually(async () => {
    const [t] = await env.tasks({ subjectId: orphan.id, kind: 'callback', status: 'open' });
    expect(t).toMatchObject({ dealerId: f.dealer.id, assigneeRole: 'cs_agent' });
    return t;
  });
  const checks = await env.db.getRepository(CallbackCheckEntity).findBy({ dealerId: f.dealer.id });
  expect(checks.map((c) => c.prospectId)).toEqual([orphan.id]);
  expect(checks[0].status).toBe('open');
  for (const p of [imported, fresh, old]) expect(await env.tasks({ subjectId: p.id, kind: 'callback' })).toEqual([]);

  // again: nothing new (its check row is there now)
  expect(await reconcileCallbacks(env.client, env.db, env.taskQueue, undefined, only)).toEqual({
    started: 0,
    running: 0,
  });
  expect(await env.tasks({ subjectId: orphan.id, kind: 'callback' })).toEqual([task]);

  // follow-up workflows: the orphan, the imported and the old prospect (all live, none with one); not the fresh one
  // (its minimum age set to an hour here, so a slow machine cannot age it past the default minute meanwhile)
  const followUps = await reconcileFollowUps(env.client, env.db, env.taskQueue, undefined, { ...only, minAgeMs: HOUR });
  expect(followUps).toEqual({ started: 3, running: 0 });
  await eventually(async () => {
    const rows: Array<{ prospectId: string }> = await env.db.query(
      `SELECT "prospectId" FROM conversion_state WHERE "dealerId" = $1 ORDER BY "prospectId"`,
      [f.dealer.id],
    );
    expect(rows.map((r) => r.prospectId)).toEqual([orphan.id, imported.id, old.id].sort());
  });
});
