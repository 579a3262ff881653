// Provisional dates said out loud: task and plan answers whose dates fall in a year with no State Council
// notice say `official: false, provisional: true`; once the sysadmin loads the year's notice they say
// `official: true, provisional: false`. 2026 ships with chinese-days (official); 2027 has no notice until
// this test loads the invented one. The year is the dealer's (Asia/Shanghai): 2026-12-31T16:30Z is
// 00:30 on 1 Jan 2027 there, so that task is provisional although its UTC date is still 2026.
import { randomUUID } from 'node:crypto';
import { OfficialCalendarYearEntity, PlanEntity } from '@kaflow/persistence';
import { INVENTED_2027 } from '../fixtures/calendar/invented-2027';
import { startE2E, type E2E } from '../support/e2e';
import { insertOpenTask } from '../support/fixtures';

let env: E2E;
beforeAll(async () => {
  env = await startE2E();
  await env.db.getRepository(OfficialCalendarYearEntity).delete({ year: 2027 });
});
afterAll(async () => {
  await env?.db.getRepository(OfficialCalendarYearEntity).delete({ year: 2027 });
  await env?.stop();
});

const insertTask = (title: string, dueAt: string) =>
  insertOpenTask(env.db, env.dealer1.id, title, dueAt, new Date('2026-12-01T02:00:00Z'));

async function insertPlan(kind: 'lead' | 'annual', period: string): Promise<void> {
  await env.db.getRepository(PlanEntity).insert({
    dealerId: env.dealer1.id,
    kind,
    period,
    version: 1,
    revision: 1,
    status: 'draft',
    input: {},
    result: {},
    basis: null,
    coverageOk: null,
  });
}

it('flags tasks and plans in a year without a notice as provisional until the notice is loaded', async () => {
  const tag = randomUUID().slice(0, 8);
  const ids = {
    dec2026: await insertTask(`flag ${tag} 2026`, '2026-12-30T02:00:00Z'),
    jan2027: await insertTask(`flag ${tag} 2027`, '2027-01-04T02:00:00Z'),
    newYearsNight: await insertTask(`flag ${tag} midnight`, '2026-12-31T16:30:00Z'),
  };
  await insertPlan('lead', '2026-12');
  await insertPlan('lead', '2027-01');
  await insertPlan('annual', '2027');
  const OFFICIAL = { official: true, provisional: false };
  const PROVISIONAL = { official: false, provisional: true };

  const list = async () => {
    const res = await env.http.get(`/api/tasks?q=${encodeURIComponent(`flag ${tag}`)}`).set(env.auth('ka_manager'));
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(3);
    return Object.fromEntries(
      (res.body.items as Array<{ id: string; official: boolean; provisional: boolean }>).map((t) => [
        t.id,
        { official: t.official, provisional: t.provisional },
      ]),
    );
  };
  const one = async (id: string) => {
    const res = await env.http.get(`/api/tasks/${id}`).set(env.auth('ka_manager'));
    expect(res.status).toBe(200);
    return { official: res.body.official, provisional: res.body.provisional };
  };
  const plan = async (kind: string, period: string) => {
    const res = await env.http.get(`/api/plans/${kind}/${period}`).set(env.auth('ka_manager'));
    expect(res.status).toBe(200);
    return { official: res.body.official, provisional: res.body.provisional };
  };

  expect(await list()).toEqual({
    [ids.dec2026]: OFFICIAL,
    [ids.jan2027]: PROVISIONAL,
    [ids.newYearsNight]: PROVISIONAL,
  });
  expect(await one(ids.jan2027)).toEqual(PROVISIONAL);
  expect(await one(ids.dec2026)).toEqual(OFFICIAL);
  expect(await plan('lead', '2026-12')).toEqual(OFFICIAL);
  expect(await plan('lead', '2027-01')).toEqual(PROVISIONAL);
  expect(await plan('annual', '2027')).toEqual(PROVISIONAL);

  const load = await env.http.put('/api/calendar/official/2027').set(env.auth('sysadmin')).send(INVENTED_2027);
  expect(load.status).toBe(200);

  expect(await list()).toEqual({
    [ids.dec2026]: OFFICIAL,
    [ids.jan2027]: OFFICIAL,
    [ids.newYearsNight]: OFFICIAL,
  });
  expect(await one(ids.jan2027)).toEqual(OFFICIAL);
  expect(await plan('lead', '2027-01')).toEqual(OFFICIAL);
  expect(await plan('annual', '2027')).toEqual(OFFICIAL);
});
