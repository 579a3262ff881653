// Visit check-in (走访签到) over HTTP: with and without the phone's position, once per visit (a repeated request with
// the same Idempotency-Key records one), an unplanned visit joining today's plan, 400 naming the field, only one's own
// visits, never another dealer's; and the visit plan's completion counting visits checked in on their date.
import { randomUUID } from 'node:crypto';
import { localDate } from '@kaflow/calendar';
import { VisitCheckInEntity, VisitPlanEntity } from '@kaflow/persistence';
import { insertProspect } from '../support/fixtures';
import { startE2E, type E2E } from '../support/e2e';

let env: E2E;
beforeAll(async () => {
  env = await startE2E();
});
afterAll(async () => {
  await env?.stop();
});

const today = () => localDate(new Date(), 'Asia/Shanghai'); // the default policy's zone
const fields = (res: { body: any }) =>
  [...new Set<string>((res.body.details ?? []).map((d: { field: string }) => d.field))].sort();
const checkIns = () => env.db.getRepository(VisitCheckInEntity).countBy({ dealerId: env.dealer1.id });

it('checks in on planned and unplanned visits and counts those checked in on their date', async () => {
  const t = today();
  const month = t.slice(0, 7);
  const otherDay = t.endsWith('-01') ? `${month}-02` : `${month}-01`;
  const consultant = env.users.consultant.id;
  const plan = (plannedDate: string, accountName: string) =>
    env.db.getRepository(VisitPlanEntity).save({
      dealerId: env.dealer1.id,
      consultantId: consultant,
      month,
      plannedDate,
      accountId: null,
      accountName,
      purpose: null,
    });
  const p1 = await plan(t, '青羊区交通局');
  const p2 = await plan(otherDay, '锦江宾馆');
  const p3 = await plan(t, '天府软件园');
  const post = (path: string, who: string, body: object, key?: string) => {
    const req = env.http.post(path).set(env.auth(who));
    if (key) void req.set('Idempotency-Key', key);
    return req.send(body);
  };

  // With a position; the same request again with the same key is answered from the first and records nothing more
  const key = randomUUID();
  const position = { lat: 30.657, lng: 104.066, accuracy: 35 };
  const first = await post(`/api/visits/${p1.id}/check-in`, 'consultant', position, key);
  expect(first.status).toBe(201);
  expect(first.body).toMatchObject({ planId: p1.id, consultantId: consultant, localDate: t, position });
  const again = await post(`/api/visits/${p1.id}/check-in`, 'consultant', position, key);
  expect(again.status).toBe(201);
  expect(again.body.id).toBe(first.body.id);
  expect(await checkIns()).toBe(1);
  // A second check-in on the same visit (no key): refused, the first stands
  const twice = await post(`/api/visits/${p1.id}/check-in`, 'consultant', {});
  expect(twice.status).toBe(409);
  expect(await checkIns()).toBe(1);

  // Without a position (refused or timed out on the phone): recorded, "no position"
  const none = await post(`/api/visits/${p2.id}/check-in`, 'consultant', {});
  expect(none.status).toBe(201);
  expect(none.body).toMatchObject({ planId: p2.id, localDate: t, position: null });
  const row = await env.db.getRepository(VisitCheckInEntity).findOneByOrFail({ id: none.body.id });
  expect([row.lat, row.lng, row.accuracy]).toEqual([null, null, null]);

  // Unplanned: one of the caller's prospects; the visit joins today's plan as unplanned
  const prospect = await insertProspect(env.db, { dealer: env.dealer1, users: env.users }, { name: `签到单位 ${t}` });
  const unplanned = await post('/api/visits/check-in', 'consultant', { prospectId: prospect.id, ...position });
  expect(unplanned.status).toBe(201);
  const added = await env.db.getRepository(VisitPlanEntity).findOneByOrFail({ id: unplanned.body.planId });
  expect(added).toMatchObject({
    consultantId: consultant,
    month,
    plannedDate: t,
    unplanned: true,
    prospectId: prospect.id,
    accountId: prospect.accountId,
  });

  // The same prospect again today (another tap, no key): one unplanned visit a day
  const unplannedAgain = await post('/api/visits/check-in', 'consultant', { prospectId: prospect.id });
  expect(unplannedAgain.status).toBe(409);
  expect(await checkIns()).toBe(3);

  // The plan as the manager reads it: each check-in with its time and position
  const listed = await env.http
    .get(`/api/visit-plans?month=${month}&consultantId=${consultant}`)
    .set(env.auth('ka_manager'));
  expect(listed.status).toBe(200);
  expect(listed.body.today).toBe(t);
  const byId = new Map(listed.body.items.map((i: any) => [i.id, i]));
  expect(byId.get(p1.id)).toMatchObject({ unplanned: false, checkIn: { id: first.body.id, position } });
  expect(byId.get(p2.id)).toMatchObject({ checkIn: { position: null } });
  expect(byId.get(p3.id)).toMatchObject({ checkIn: null });
  expect(byId.get(added.id)).toMatchObject({ unplanned: true, checkIn: { position } });

  // Completion by hand: planned p1 (today, checked in today), p2 (another day, checked in today: not on its date),
  // p3 (today, no check-in), the unplanned visit (today, checked in today) → 2 of 4
  const report = await env.http.get(`/api/reports/record-keeping?month=${month}`).set(env.auth('consultant'));
  expect(report.status).toBe(200);
  expect(report.body.visitPlanCompletion).toEqual({ value: 0.5, numerator: 2, denominator: 4 });
  const cards = await env.http
    .get(`/api/reports/scorecards?month=${month}&userId=${consultant}`)
    .set(env.auth('ka_manager'));
  expect(cards.status).toBe(200);
  const kpi = cards.body.items
    .find((i: any) => i.role === 'consultant')
    .kpis.find((k: any) => k.key === 'visitPlanCompletion');
  expect([kpi.numerator, kpi.denominator]).toEqual([2, 4]);
});

it('answers bad coordinates with 400 naming the field and writes nothing', async () => {
  const t = today();
  const p = await env.db.getRepository(VisitPlanEntity).save({
    dealerId: env.dealer1.id,
    consultantId: env.users.consultant.id,
    month: t.slice(0, 7),
    plannedDate: t,
    accountId: null,
    accountName: '坐标单位',
    purpose: null,
  });
  const before = await checkIns();
  const cases: Array<[object, string[]]> = [
    [{ lat: 90.5, lng: 104, accuracy: 10 }, ['lat']],
    [{ lat: 30, lng: -180.01, accuracy: 10 }, ['lng']],
    [{ lat: 30, lng: 104, accuracy: -1 }, ['accuracy']],
    [{ lat: 30 }, ['accuracy', 'lng']],
    [{ lat: '30', lng: 104, accuracy: 10 }, ['lat']],
  ];
  for (const [body, expected] of cases) {
    const res = await env.http.post(`/api/visits/${p.id}/check-in`).set(env.auth('consultant')).send(body);
    expect([JSON.stringify(body), res.status, fields(res)]).toEqual([JSON.stringify(body), 400, expected]);
  }
  const noProspect = await env.http.post('/api/visits/check-in').set(env.auth('consultant')).send({});
  expect([noProspect.status, fields(noProspect)]).toEqual([400, ['prospectId']]);
  expect(await checkIns()).toBe(before);
});

it('lets a consultant check in only on their own visits, and never at another dealer', async () => {
  const t = today();
  const p = await env.db.getRepository(VisitPlanEntity).save({
    dealerId: env.dealer1.id,
    consultantId: env.users.consultant.id,
    month: t.slice(0, 7),
    plannedDate: t,
    accountId: null,
    accountName: '别人的单位',
    purpose: null,
  });
  const prospect = await insertProspect(env.db, { dealer: env.dealer1, users: env.users }, { name: `他人 ${t}` });
  const before = await checkIns();
  const as = (who: string, path: string, body: object = {}) => env.http.post(path).set(env.auth(who)).send(body);
  expect((await as('consultant_b', `/api/visits/${p.id}/check-in`)).status).toBe(403);
  expect((await as('consultant2', `/api/visits/${p.id}/check-in`)).status).toBe(404);
  expect((await as('ka_manager', `/api/visits/${p.id}/check-in`)).status).toBe(403);
  expect((await as('consultant', `/api/visits/${randomUUID()}/check-in`)).status).toBe(404);
  expect((await as('consultant', '/api/visits/not-an-id/check-in')).status).toBe(404);
  for (const who of ['consultant_b', 'consultant2']) {
    const res = await as(who, '/api/visits/check-in', { prospectId: prospect.id });
    expect([who, res.status, fields(res)]).toEqual([who, 400, ['prospectId']]);
  }
  expect(await checkIns()).toBe(before);
  // Another dealer's manager never sees the check-ins
  const other = await env.http
    .get(`/api/visit-plans?consultantId=${env.users.consultant.id}`)
    .set(env.auth('ka_manager2'));
  expect(other.body.items ?? []).toEqual([]);
});
