// Prospects over HTTP: recording against the grading entry standard, one
// transaction with the grade history, audit and the callback workflow; tenancy; grade changes with
// their reason; follow-ups.
import { randomUUID } from 'node:crypto';
import {
  AccountEntity,
  AuditLogEntity,
  ContactEntity,
  GradeChangeEntity,
  ProspectEntity,
  SalesEventEntity,
  VisitRecordEntity,
} from '@kaflow/persistence';
import { callbackWorkflowId } from '@kaflow/workflows';
import { loadConfig } from '@kaflow/config';
import request from 'supertest';
import { createApp } from '../../apps/api/src/app.factory';
import { startE2E, type E2E } from '../support/e2e';

let env: E2E;
beforeAll(async () => {
  env = await startE2E();
});
afterAll(async () => {
  await env?.stop();
});

const body = (accountName: string, extra: Record<string, unknown> = {}) => ({
  account: { name: accountName, customerType: 'enterprise' },
  contactName: '王经理',
  contactPhone: '+86 138-0013-8000',
  model: 'A6L',
  quantity: 5,
  grade: 'H',
  channel: 'cold_visit',
  developmentType: 'new',
  hot: true,
  note: '车队更新',
  ...extra,
});

async function create(accountName: string, as = 'consultant', extra: Record<string, unknown> = {}) {
  const res = await env.http.post('/api/prospects').set(env.auth(as)).send(body(accountName, extra));
  expect(res.status).toBe(201);
  return res.body;
}

/** Rows of the dealer that creating a prospect writes. */
async function counts(dealerId = env.dealer1.id) {
  const where = { dealerId };
  return {
    prospects: await env.db.getRepository(ProspectEntity).countBy(where),
    accounts: await env.db.getRepository(AccountEntity).countBy(where),
    contacts: await env.db.getRepository(ContactEntity).countBy(where),
    gradeChanges: await env.db.getRepository(GradeChangeEntity).countBy(where),
    audits: await env.db.getRepository(AuditLogEntity).countBy({ dealerId, action: 'prospect.created' }),
  };
}

describe('POST /api/prospects', () => {
  it('records the prospect, its account, contact, grade history and audit, and starts the callback', async () => {
    const before = await counts();
    const p = await create('成都航空有限公司');
    expect(p).toMatchObject({
      account: { name: '成都航空有限公司', customerType: 'enterprise' },
      contact: { name: '王经理', phone: '13800138000' },
      model: 'A6L',
      quantity: 5,
      grade: 'H',
      hot: true,
      channel: 'cold_visit',
      developmentType: 'new',
      ownerId: env.users.consultant.id,
      note: '车队更新',
      version: 1,
    });
    expect(typeof p.nextFollowUpDue).toBe('string'); // the H follow-up schedule (process 6) starts with the record
    expect(await counts()).toEqual({
      prospects: before.prospects + 1,
      accounts: before.accounts + 1,
      contacts: before.contacts + 1,
      gradeChanges: before.gradeChanges + 1,
      audits: before.audits + 1,
    });
    const row = await env.db.getRepository(ProspectEntity).findOneByOrFail({ id: p.id });
    expect(row).toMatchObject({
      dealerId: env.dealer1.id,
      accountId: p.account.id,
      contactId: p.contact.id,
      ownerId: env.users.consultant.id,
    });
    const history = await env.db.getRepository(GradeChangeEntity).findBy({ prospectId: p.id });
    expect(history).toEqual([
      expect.objectContaining({ fromGrade: null, toGrade: 'H', reason: 'created', byUserId: env.users.consultant.id }),
    ]);
    const description = await env.client.workflow.getHandle(callbackWorkflowId(env.dealer1.id, p.id)).describe();
    expect(description.type).toBe('callbackWorkflow');
  });

  it('reuses an account of the same name, normalises phone numbers and lets a manager name the owner', async () => {
    const first = await create('四川高速集团');
    const before = await counts();
    const second = await create('四川高速集团', 'consultant', { contactPhone: '028 8555 1234', grade: 'W' });
    expect(second.account.id).toBe(first.account.id);
    expect(second.contact.phone).toBe('028-85551234');
    expect((await counts()).accounts).toBe(before.accounts);

    const byManager = await create('天府软件园', 'ka_manager', { ownerId: env.users.consultant_b.id });
    expect(byManager.ownerId).toBe(env.users.consultant_b.id);
    const noOwner = await env.http.post('/api/prospects').set(env.auth('ka_manager')).send(body('天府软件园'));
    expect(noOwner.status).toBe(400);
    expect(noOwner.body.details).toContainEqual(expect.objectContaining({ field: 'ownerId' }));
    const notConsultant = await env.http
      .post('/api/prospects')
      .set(env.auth('ka_manager'))
      .send(body('天府软件园', { ownerId: env.users.gm.id }));
    expect(notConsultant.status).toBe(400);
    expect(notConsultant.body.details[0].field).toBe('ownerId');
    expect(
      (
        await env.http
          .post('/api/prospects')
          .set(env.auth('consultant'))
          .send(body('x', { ownerId: env.users.consultant_b.id }))
      ).status,
    ).toBe(403);
    expect((await env.http.post('/api/prospects').set(env.auth('cs_agent')).send(body('x'))).status).toBe(403);
  });

  it('answers 503 and writes nothing when Temporal cannot take the callback', async () => {
    // The same app on the same database, but with nothing listening where Temporal should be.
    const config = loadConfig({
      DATABASE_URL: (env.db.options as { url: string }).url,
      TEMPORAL_ADDRESS: '127.0.0.1:1',
      LOG_LEVEL: 'warn',
    });
    const app = await createApp(config, { logs: false });
    await app.init();
    try {
      const before = await counts();
      const res = await request(app.getHttpServer())
        .post('/api/prospects')
        .set(env.auth('consultant'))
        .send(body('断线测试单位'));
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ error: 'Unavailable', dependency: 'temporal' });
      expect(await counts()).toEqual(before);
      expect(await env.db.getRepository(AccountEntity).countBy({ name: '断线测试单位' })).toBe(0);
    } finally {
      await app.close();
    }
  });

  it('refuses bad input with 400 naming each field, and writes nothing', async () => {
    const otherAccount = await env.db
      .getRepository(AccountEntity)
      .save({ dealerId: env.dealer2.id, name: `二号店单位 ${randomUUID()}`, customerType: 'general', address: null });
    const otherVisit = await env.db.getRepository(VisitRecordEntity).save({
      dealerId: env.dealer2.id,
      consultantId: env.users.consultant2.id,
      planId: null,
      accountId: null,
      accountName: '某单位',
      visitedOn: '2026-01-05',
      leadsMet: 2,
      summary: 's',
    });
    const { account: _a, ...withoutAccount } = body('x');
    const cases: Array<[string, Record<string, unknown>]> = [
      ['account.customerType', body('x', { account: { name: '某单位', customerType: 'martian' } })],
      ['account.name', body('x', { account: { name: '   ', customerType: 'general' } })],
      ['account', withoutAccount],
      ['accountId', body('x', { accountId: otherAccount.id })],
      ['contactPhone', body('x', { contactPhone: '12345' })],
      ['contactPhone', body('x', { contactPhone: '+86 138 0013 800' })],
      ['contactPhone', body('x', { contactPhone: 13800138000 })],
      ['contactName', body('x', { contactName: '' })],
      ['contactName', body('x', { contactName: '名'.repeat(101) })],
      ['model', body('x', { model: '' })],
      ['model', body('x', { model: 'M'.repeat(61) })],
      ['quantity', body('x', { quantity: 0 })],
      ['quantity', body('x', { quantity: 501 })],
      ['quantity', body('x', { quantity: 2.5 })],
      ['quantity', body('x', { quantity: '3' })],
      ['grade', body('x', { grade: 'X' })],
      ['channel', body('x', { channel: 'tv' })],
      ['developmentType', body('x', { developmentType: 'old' })],
      ['hot', body('x', { hot: 'yes' })],
      ['note', body('x', { note: 'n'.repeat(2001) })],
      ['surprise', body('x', { surprise: 1 })],
      ['accountId', { ...withoutAccount, accountId: randomUUID() }],
      ['accountId', { ...withoutAccount, accountId: otherAccount.id }],
      ['sourceVisitId', body('x', { sourceVisitId: randomUUID() })],
      ['sourceVisitId', body('x', { sourceVisitId: otherVisit.id })],
      ['sourceEventLeadId', body('x', { sourceEventLeadId: randomUUID() })],
    ];
    const before = await counts();
    for (const [field, sent] of cases) {
      const res = await env.http.post('/api/prospects').set(env.auth('consultant')).send(sent);
      expect({ field, status: res.status, error: res.body.error }).toEqual({ field, status: 400, error: 'BadRequest' });
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    expect(await counts()).toEqual(before);
  });
});

describe('reading and changing prospects', () => {
  let mine: any;
  let others: any;
  beforeAll(async () => {
    mine = await create('成都市公安局');
    others = await create('成都市教育局', 'consultant_b');
  });

  it('keeps dealers apart (404) and consultants to their own prospects (403)', async () => {
    for (const as of ['consultant2', 'ka_manager2', 'admin2']) {
      expect((await env.http.get(`/api/prospects/${mine.id}`).set(env.auth(as))).status).toBe(404);
      expect((await env.http.patch(`/api/prospects/${mine.id}`).set(env.auth(as)).send({ model: 'Q5L' })).status).toBe(
        404,
      );
      expect(
        (
          await env.http
            .post(`/api/prospects/${mine.id}/follow-ups`)
            .set(env.auth(as))
            .send({ channel: 'phone', content: 'x' })
        ).status,
      ).toBe(404);
      const list = await env.http.get('/api/prospects?pageSize=100').set(env.auth(as));
      expect(list.body.items.map((p: any) => p.id)).not.toContain(mine.id);
    }
    expect((await env.http.get('/api/prospects/not-a-uuid').set(env.auth('consultant'))).status).toBe(404);
    expect(
      (await env.http.patch(`/api/prospects/${mine.id}`).set(env.auth('consultant_b')).send({ model: 'Q5L' })).status,
    ).toBe(403);
    expect((await env.http.get(`/api/prospects/${mine.id}`).set(env.auth('consultant_b'))).status).toBe(403);
    expect(
      (
        await env.http
          .post(`/api/prospects/${mine.id}/follow-ups`)
          .set(env.auth('consultant_b'))
          .send({ channel: 'phone', content: 'x' })
      ).status,
    ).toBe(403);
    expect((await env.db.getRepository(ProspectEntity).findOneByOrFail({ id: mine.id })).model).toBe('A6L');

    const own = await env.http.get('/api/prospects?pageSize=100').set(env.auth('consultant'));
    expect(own.status).toBe(200);
    expect(own.body.items.every((p: any) => p.ownerId === env.users.consultant.id)).toBe(true);
    expect(own.body.items.map((p: any) => p.id)).toContain(mine.id);
    expect(
      (await env.http.get(`/api/prospects?ownerId=${env.users.consultant_b.id}`).set(env.auth('consultant'))).status,
    ).toBe(403);
    const dealer = await env.http
      .get(`/api/prospects?ownerId=${env.users.consultant_b.id}&grade=H&hot=true&page=1&pageSize=5`)
      .set(env.auth('ka_manager'));
    expect(dealer.body).toMatchObject({ page: 1, pageSize: 5 });
    expect(dealer.body.items.map((p: any) => p.id)).toContain(others.id);
    expect(
      dealer.body.items.every((p: any) => p.ownerId === env.users.consultant_b.id && p.grade === 'H' && p.hot),
    ).toBe(true);
    const bad = await env.http.get('/api/prospects?grade=Z&hot=maybe&pageSize=1000').set(env.auth('ka_manager'));
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: any) => d.field).sort()).toEqual(['grade', 'hot', 'pageSize']);
  });

  it('needs a reason for a grade change, keeps the history and refuses a stale version', async () => {
    const without = await env.http.patch(`/api/prospects/${mine.id}`).set(env.auth('consultant')).send({ grade: 'A' });
    expect(without.status).toBe(400);
    expect(without.body.details).toEqual([expect.objectContaining({ field: 'gradeReason' })]);
    expect((await env.db.getRepository(ProspectEntity).findOneByOrFail({ id: mine.id })).grade).toBe('H');
    expect(await env.db.getRepository(GradeChangeEntity).countBy({ prospectId: mine.id })).toBe(1);

    const changed = await env.http
      .patch(`/api/prospects/${mine.id}`)
      .set(env.auth('consultant'))
      .send({ grade: 'A', gradeReason: '预算推迟到下季度', version: 1, quantity: 4, contactPhone: '139 0013 9000' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ grade: 'A', quantity: 4, contact: { phone: '13900139000' }, version: 2 });
    const stale = await env.http
      .patch(`/api/prospects/${mine.id}`)
      .set(env.auth('consultant'))
      .send({ model: 'Q5L', version: 1 });
    expect(stale.status).toBe(409);

    const detail = await env.http.get(`/api/prospects/${mine.id}`).set(env.auth('consultant'));
    expect(detail.body.gradeHistory).toEqual([
      expect.objectContaining({ from: null, to: 'H', reason: 'created', by: env.users.consultant.id }),
      expect.objectContaining({ from: 'H', to: 'A', reason: '预算推迟到下季度', by: env.users.consultant.id }),
    ]);
    const audit = await env.db
      .getRepository(AuditLogEntity)
      .findOneByOrFail({ entityId: mine.id, action: 'prospect.updated' });
    expect(audit.detail).toMatchObject({ before: { grade: 'H', quantity: 5 }, after: { grade: 'A', quantity: 4 } });

    // only managers reassign
    expect(
      (
        await env.http
          .patch(`/api/prospects/${mine.id}`)
          .set(env.auth('consultant'))
          .send({ ownerId: env.users.consultant_b.id })
      ).status,
    ).toBe(403);
    const bad = await env.http
      .patch(`/api/prospects/${mine.id}`)
      .set(env.auth('consultant'))
      .send({ grade: null, quantity: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: any) => d.field).sort()).toEqual(['grade', 'quantity']);
  });

  it('records a follow-up and marks the prospect changed for the daily check', async () => {
    const before = await env.db.getRepository(ProspectEntity).findOneByOrFail({ id: others.id });
    const res = await env.http
      .post(`/api/prospects/${others.id}/follow-ups`)
      .set(env.auth('consultant_b'))
      .send({ channel: 'visit', content: '拜访车管科，确认试驾时间', nextStep: '下周试驾' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      prospectId: others.id,
      channel: 'visit',
      content: '拜访车管科，确认试驾时间',
      nextStep: '下周试驾',
      by: env.users.consultant_b.id,
    });
    const after = await env.db.getRepository(ProspectEntity).findOneByOrFail({ id: others.id });
    expect(after.updatedAt.getTime()).toBeGreaterThan(before.updatedAt.getTime());
    expect(after.version).toBe(before.version);
    const detail = await env.http.get(`/api/prospects/${others.id}`).set(env.auth('ka_manager'));
    expect(detail.body.followUps).toEqual([expect.objectContaining({ id: res.body.id, channel: 'visit' })]);

    const bad = await env.http
      .post(`/api/prospects/${others.id}/follow-ups`)
      .set(env.auth('consultant_b'))
      .send({ channel: 'fax', content: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: any) => d.field).sort()).toEqual(['channel', 'content']);
  });

  it('records an event lead as a prospect once', async () => {
    const event = await env.db.getRepository(SalesEventEntity).save({
      dealerId: env.dealer1.id,
      kind: 'outreach',
      name: '企业论坛',
      ownerId: env.users.consultant.id,
      plannedDate: '2026-01-10',
      heldOn: '2026-01-10',
      location: null,
    });
    const lead = (
      await env.http
        .post(`/api/events/${event.id}/leads`)
        .set(env.auth('consultant'))
        .send({ leads: [{ name: '张总', phone: '13700001111' }] })
    ).body.leads[0];
    const p = await create('高新投', 'consultant', { sourceEventLeadId: lead.id });
    expect(p.sourceEventId).toBe(event.id);
    const again = await env.http
      .post('/api/prospects')
      .set(env.auth('consultant'))
      .send(body('高新投', { sourceEventLeadId: lead.id }));
    expect(again.status).toBe(409);
    const both = await env.http
      .post('/api/prospects')
      .set(env.auth('consultant'))
      .send(body('高新投', { sourceEventLeadId: lead.id, sourceVisitId: randomUUID() }));
    expect(both.status).toBe(400);
    expect(both.body.details[0].field).toBe('sourceEventLeadId');
  });
});
