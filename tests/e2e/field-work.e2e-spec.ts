// Field work of process 5 over HTTP: visit plans (this month or next), visits with the leads met,
// events with their leads; the same validation (400 naming the field) and tenancy rules.
import { randomUUID } from 'node:crypto';
import { localDate } from '@kaflow/calendar';
import { AccountEntity, EventLeadEntity, VisitPlanEntity, VisitRecordEntity } from '@kaflow/persistence';
import { startE2E, type E2E } from '../support/e2e';

let env: E2E;
beforeAll(async () => {
  env = await startE2E();
});
afterAll(async () => {
  await env?.stop();
});

// Business dates at the dealer (the default policy's zone).
const today = () => localDate(new Date(), 'Asia/Shanghai');
const monthAfter = (month: string, n = 1) => {
  const [y, m] = month.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
};
const tomorrow = () => new Date(Date.parse(`${today()}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

const fields = (res: { body: any }) => (res.body.details ?? []).map((d: { field: string }) => d.field).sort();

describe('visit plans and visits', () => {
  const thisMonth = () => today().slice(0, 7);

  it('plans next month for the calling consultant, only inside the month, and lists it by role', async () => {
    const account = await env.db.getRepository(AccountEntity).save({
      dealerId: env.dealer1.id,
      name: `成都航空 ${randomUUID()}`,
      customerType: 'hotel_airline',
      address: null,
    });
    const next = monthAfter(thisMonth());
    const res = await env.http
      .post('/api/visit-plans')
      .set(env.auth('consultant'))
      .send({
        month: next,
        items: [
          { plannedDate: `${next}-03`, accountId: account.id, purpose: '续购沟通' },
          { plannedDate: `${next}-10`, accountName: '天府软件园' },
        ],
      });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ month: next, consultantId: env.users.consultant.id });
    expect(res.body.items).toEqual([
      expect.objectContaining({
        plannedDate: `${next}-03`,
        accountId: account.id,
        accountName: account.name,
        purpose: '续购沟通',
        visitId: null,
      }),
      expect.objectContaining({ plannedDate: `${next}-10`, accountId: null, accountName: '天府软件园', visitId: null }),
    ]);

    const before = await env.db.getRepository(VisitPlanEntity).countBy({ dealerId: env.dealer1.id });
    const outside = await env.http
      .post('/api/visit-plans')
      .set(env.auth('consultant'))
      .send({
        month: next,
        items: [
          { plannedDate: `${thisMonth()}-01`, accountName: 'a' },
          { plannedDate: `${next}-05`, accountId: randomUUID() },
        ],
      });
    expect(outside.status).toBe(400);
    expect(fields(outside)).toEqual(['items[0].plannedDate', 'items[1].accountId']);
    const later = monthAfter(thisMonth(), 2);
    const tooFar = await env.http
      .post('/api/visit-plans')
      .set(env.auth('consultant'))
      .send({ month: later, items: [{ plannedDate: `${later}-05`, accountName: 'a' }] });
    expect(tooFar.status).toBe(400);
    expect(fields(tooFar)).toEqual(['month']);
    const shape = await env.http
      .post('/api/visit-plans')
      .set(env.auth('consultant'))
      .send({ month: '2026-13', items: [{ plannedDate: '2026-02-30' }] });
    expect(fields(shape)).toEqual(['items[0].accountName', 'items[0].plannedDate', 'month']);
    expect(await env.db.getRepository(VisitPlanEntity).countBy({ dealerId: env.dealer1.id })).toBe(before);
    expect(
      (
        await env.http
          .post('/api/visit-plans')
          .set(env.auth('ka_manager'))
          .send({ month: next, items: [{ plannedDate: `${next}-03`, accountName: 'a' }] })
      ).status,
    ).toBe(403);

    const own = await env.http.get(`/api/visit-plans?month=${next}`).set(env.auth('consultant'));
    expect(own.body.items).toHaveLength(2);
    expect(
      (await env.http.get(`/api/visit-plans?month=${next}`).set(env.auth('consultant_b'))).body.items,
    ).toHaveLength(0);
    expect(
      (
        await env.http
          .get(`/api/visit-plans?month=${next}&consultantId=${env.users.consultant.id}`)
          .set(env.auth('consultant_b'))
      ).status,
    ).toBe(403);
    expect(
      (
        await env.http
          .get(`/api/visit-plans?month=${next}&consultantId=${env.users.consultant.id}`)
          .set(env.auth('ka_manager'))
      ).body.items,
    ).toHaveLength(2);
    expect((await env.http.get(`/api/visit-plans?month=${next}`).set(env.auth('ka_manager2'))).body.items).toHaveLength(
      0,
    );
  });

  it('records visits against the plan, once, never in the future', async () => {
    const month = thisMonth();
    const plan = (
      await env.http
        .post('/api/visit-plans')
        .set(env.auth('consultant_b'))
        .send({ month, items: [{ plannedDate: today(), accountName: '成都市政府采购中心' }] })
    ).body.items[0];
    const visit = await env.http
      .post('/api/visits')
      .set(env.auth('consultant_b'))
      .send({ visitedOn: today(), planId: plan.id, leadsMet: 4, summary: '见到采购科三位负责人' });
    expect(visit.status).toBe(201);
    expect(visit.body).toMatchObject({
      consultantId: env.users.consultant_b.id,
      planId: plan.id,
      accountName: '成都市政府采购中心',
      visitedOn: today(),
      leadsMet: 4,
      recordedLeads: 0,
    });
    expect(
      (await env.http.get(`/api/visit-plans?month=${month}`).set(env.auth('consultant_b'))).body.items[0].visitId,
    ).toBe(visit.body.id);
    expect(
      (
        await env.http
          .post('/api/visits')
          .set(env.auth('consultant_b'))
          .send({ visitedOn: today(), planId: plan.id, leadsMet: 1, summary: 'again' })
      ).status,
    ).toBe(409);

    const before = await env.db.getRepository(VisitRecordEntity).countBy({ dealerId: env.dealer1.id });
    const future = await env.http
      .post('/api/visits')
      .set(env.auth('consultant_b'))
      .send({ visitedOn: tomorrow(), accountName: 'a', leadsMet: 1, summary: 's' });
    expect(fields(future)).toEqual(['visitedOn']);
    const shape = await env.http
      .post('/api/visits')
      .set(env.auth('consultant_b'))
      .send({ visitedOn: today(), leadsMet: -1, summary: '' });
    expect(fields(shape)).toEqual(['accountName', 'leadsMet', 'summary']);
    const notMine = await env.http
      .post('/api/visits')
      .set(env.auth('consultant'))
      .send({ visitedOn: today(), planId: plan.id, leadsMet: 1, summary: 's' });
    expect(fields(notMine)).toEqual(['planId']);
    expect(await env.db.getRepository(VisitRecordEntity).countBy({ dealerId: env.dealer1.id })).toBe(before);

    const listed = await env.http.get(`/api/visits?month=${month}`).set(env.auth('consultant_b'));
    expect(listed.body.items.map((v: any) => v.id)).toEqual([visit.body.id]);
    expect((await env.http.get(`/api/visits?month=${month}`).set(env.auth('consultant2'))).body.items).toEqual([]);
  });
});

describe('events', () => {
  it('plans an event, marks it held, records its leads and counts the recorded ones', async () => {
    const created = await env.http
      .post('/api/events')
      .set(env.auth('consultant'))
      .send({ kind: 'outreach', name: '高新区企业论坛', plannedDate: today(), location: '天府国际会议中心' });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(created.body).toMatchObject({
      kind: 'outreach',
      ownerId: env.users.consultant.id,
      heldOn: null,
      leads: [],
      leadCount: 0,
      recordedCount: 0,
    });
    expect(
      (
        await env.http
          .post(`/api/events/${id}/leads`)
          .set(env.auth('consultant'))
          .send({ leads: [{ name: '张总' }] })
      ).status,
    ).toBe(422);
    expect(
      fields(await env.http.post(`/api/events/${id}/held`).set(env.auth('consultant')).send({ heldOn: tomorrow() })),
    ).toEqual(['heldOn']);
    expect(
      (await env.http.post(`/api/events/${id}/held`).set(env.auth('consultant_b')).send({ heldOn: today() })).status,
    ).toBe(403);
    const held = await env.http.post(`/api/events/${id}/held`).set(env.auth('consultant')).send({ heldOn: today() });
    expect(held.status).toBe(200);
    expect(held.body.heldOn).toBe(today());

    const before = await env.db.getRepository(EventLeadEntity).countBy({ eventId: id });
    const bad = await env.http
      .post(`/api/events/${id}/leads`)
      .set(env.auth('consultant'))
      .send({ leads: [{ name: '张总' }, { name: '', phone: '999' }] });
    expect(fields(bad)).toEqual(['leads[1].name', 'leads[1].phone']);
    expect(await env.db.getRepository(EventLeadEntity).countBy({ eventId: id })).toBe(before);
    const leads = await env.http
      .post(`/api/events/${id}/leads`)
      .set(env.auth('consultant_b'))
      .send({
        leads: [
          { name: '张总', phone: '137 0000 1111', company: '高新投' },
          { name: '刘经理', phone: '' },
          { name: '陈女士' },
        ],
      });
    expect(leads.status).toBe(201);
    expect(leads.body.leads.map((l: any) => [l.name, l.phone])).toEqual([
      ['张总', '13700001111'],
      ['刘经理', null],
      ['陈女士', null],
    ]);

    const prospect = await env.http
      .post('/api/prospects')
      .set(env.auth('consultant_b'))
      .send({
        account: { name: '高新投', customerType: 'enterprise' },
        contactName: '张总',
        contactPhone: '13700001111',
        model: 'Q7',
        quantity: 2,
        grade: 'A',
        channel: 'business_event',
        developmentType: 'new',
        sourceEventLeadId: leads.body.leads[0].id,
      });
    expect(prospect.status).toBe(201);
    const list = await env.http.get(`/api/events?month=${today().slice(0, 7)}`).set(env.auth('ka_manager'));
    const event = list.body.items.find((e: any) => e.id === id);
    expect(event).toMatchObject({ leadCount: 3, recordedCount: 1 });
    expect(event.leads[0].prospectId).toBe(prospect.body.id);

    expect(
      (await env.http.post(`/api/events/${id}/held`).set(env.auth('ka_manager2')).send({ heldOn: today() })).status,
    ).toBe(404);
    expect(
      (
        await env.http
          .post(`/api/events/${id}/leads`)
          .set(env.auth('consultant2'))
          .send({ leads: [{ name: 'x' }] })
      ).status,
    ).toBe(404);
    expect(
      (await env.http.get(`/api/events?month=${today().slice(0, 7)}`).set(env.auth('consultant2'))).body.items,
    ).toEqual([]);
    expect(
      (
        await env.http
          .post('/api/events')
          .set(env.auth('cs_agent'))
          .send({ kind: 'showroom', name: 'x', plannedDate: today() })
      ).status,
    ).toBe(403);
    expect(
      fields(
        await env.http
          .post('/api/events')
          .set(env.auth('consultant'))
          .send({ kind: 'party', name: '', plannedDate: '2026-1-1' }),
      ),
    ).toEqual(['kind', 'name', 'plannedDate']);
  });
});
