// Process 6 through the HTTP API: the follow-up schedule kept in step with the records, lost-deal analysis in the
// manager's inbox, reassignment, delivery, and the conversion rates checked against SQL written here.
import { randomUUID } from 'node:crypto';
import { localDate, zonedInstant } from '@kaflow/calendar';
import {
  CarModelEntity,
  ConversionStateEntity,
  FollowUpDueEntity,
  GradeChangeEntity,
  LostAnalysisEntity,
  ProspectEntity,
  SalesOrderEntity,
  TaskEntity,
} from '@kaflow/persistence';
import { startE2E, type E2E } from '../support/e2e';
import { insertProspect } from '../support/fixtures';
import { eventually } from '../support/eventually';

let env: E2E;
beforeAll(async () => {
  env = await startE2E({
    followUpCadence: { A: 'PT1H', H: 'PT30M', O: 'PT2H' },
    durations: { lostAnalysis: 'PT1H', followUpGrace: 'PT1H' },
  });
});
afterAll(async () => {
  await env?.stop();
});

const body = (name: string, grade = 'A') => ({
  account: { name, customerType: 'enterprise' },
  contactName: '王经理',
  contactPhone: '13800138000',
  model: 'Q5L',
  quantity: 2,
  grade,
  channel: 'referral',
  developmentType: 'new',
});
async function create(name: string, grade = 'A', as = 'consultant') {
  const res = await env.http.post('/api/prospects').set(env.auth(as)).send(body(name, grade));
  expect(res.status).toBe(201);
  return res.body;
}
const ms = (s: string) => new Date(s).getTime();

it("keeps nextFollowUpDue in step with the record, and turns a loss into the manager's analysis", async () => {
  const p = await create('转化测试单位一');
  expect(ms(p.nextFollowUpDue)).toBe(ms(p.createdAt) + 3_600_000);
  const fu = await env.http
    .post(`/api/prospects/${p.id}/follow-ups`)
    .set(env.auth('consultant'))
    .send({ channel: 'phone', content: '确认需求' });
  expect(fu.status).toBe(201);
  expect(ms(fu.body.nextFollowUpDue)).toBe(ms(fu.body.at) + 3_600_000);
  const up = await env.http
    .patch(`/api/prospects/${p.id}`)
    .set(env.auth('consultant'))
    .send({ grade: 'H', gradeReason: '预算已批' });
  expect(up.status).toBe(200);
  const detail = (await env.http.get(`/api/prospects/${p.id}`).set(env.auth('consultant'))).body;
  const changedAt = ms(detail.gradeHistory[1].at);
  expect(ms(detail.nextFollowUpDue)).toBe(changedAt + 30 * 60_000);
  await eventually(async () =>
    expect(await env.db.getRepository(ConversionStateEntity).findOneBy({ prospectId: p.id })).toMatchObject({
      status: 'live',
    }),
  );

  expect(
    (
      await env.http
        .patch(`/api/prospects/${p.id}`)
        .set(env.auth('consultant'))
        .send({ grade: 'F', gradeReason: '选择竞品' })
    ).status,
  ).toBe(200);
  expect((await env.http.get(`/api/prospects/${p.id}`).set(env.auth('consultant'))).body.nextFollowUpDue).toBeNull();
  const task = await eventually(async () => {
    const inbox = (await env.http.get('/api/tasks?status=open').set(env.auth('ka_manager'))).body.items;
    const t = inbox.find((x: any) => x.kind === 'lost_analysis' && x.subject.id === p.id);
    expect(t).toBeDefined();
    return t;
  });
  const bad = await env.http
    .post(`/api/tasks/${task.id}/complete`)
    .set(env.auth('ka_manager'))
    .send({ decision: 'done', data: { reasonCategory: 'weather' } });
  expect(bad.status).toBe(400);
  expect(bad.body.details.map((d: any) => d.field)).toEqual(['data.reasonCategory', 'data.lessons']);
  const ok = await env.http
    .post(`/api/tasks/${task.id}/complete`)
    .set(env.auth('ka_manager'))
    .send({
      decision: 'done',
      data: {
        reasonCategory: 'price',
        lessons: '价格谈判过早让步',
        competitor: { brand: 'Mercedes-Benz', model: 'GLC' },
      },
    });
  expect(ok.status).toBe(200);
  await eventually(async () =>
    expect(await env.db.getRepository(LostAnalysisEntity).findOneBy({ prospectId: p.id })).toMatchObject({
      status: 'done',
      reasonCategory: 'price',
    }),
  );
  const month = localDate(new Date(), 'Asia/Shanghai').slice(0, 7);
  const lost = (await env.http.get(`/api/reports/lost-analysis?month=${month}`).set(env.auth('ka_manager'))).body;
  expect(lost.items).toContainEqual(
    expect.objectContaining({
      prospectId: p.id,
      reasonCategory: 'price',
      competitor: { brand: 'Mercedes-Benz', model: 'GLC' },
      overdueAtLoss: false,
    }),
  );
});

it("reassigns a departing consultant's prospects with their open tasks; 400 / 403 for bad requests", async () => {
  const a = await create('转化测试单位二', 'B', 'consultant_b');
  const b = await create('转化测试单位三', 'C', 'consultant_b');
  const taskId = randomUUID();
  const due = new Date(Date.now() + 3_600_000);
  await env.db.getRepository(TaskEntity).insert({
    id: taskId,
    dealerId: env.dealer1.id,
    kind: 'rectification',
    title: '整改',
    status: 'open',
    assigneeUserId: env.users.consultant_b.id,
    assigneeRole: null,
    chain: 'default',
    escalationLevel: 0,
    dueAt: due,
    originalDueAt: due,
    remindAt: due,
    dueRule: 'PT1H',
    subjectType: 'prospect',
    subjectId: a.id,
    payload: {},
    workflowId: `e2e:${taskId}`,
    createdAt: new Date(),
  });
  const req = (as: string, b2: object) => env.http.post('/api/prospects/reassign').set(env.auth(as)).send(b2);
  expect(
    (await req('consultant', { fromUserId: env.users.consultant_b.id, toUserId: env.users.consultant.id })).status,
  ).toBe(403);
  const same = await req('ka_manager', { fromUserId: env.users.consultant_b.id, toUserId: env.users.consultant_b.id });
  expect([same.status, same.body.details[0].field]).toEqual([400, 'toUserId']);
  const other = await req('ka_manager', { fromUserId: env.users.consultant_b.id, toUserId: env.users.consultant2.id });
  expect([other.status, other.body.details[0].field]).toEqual([400, 'toUserId']);

  const res = await req('ka_manager', {
    fromUserId: env.users.consultant_b.id,
    toUserId: env.users.consultant.id,
    prospectIds: [a.id, b.id],
  });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ tasksMoved: 1, prospectIds: [a.id, b.id].sort() });
  for (const id of [a.id, b.id])
    expect((await env.db.getRepository(ProspectEntity).findOneByOrFail({ id })).ownerId).toBe(env.users.consultant.id);
  expect((await env.db.getRepository(TaskEntity).findOneByOrFail({ id: taskId })).assigneeUserId).toBe(
    env.users.consultant.id,
  );
  const open = await env.db.getRepository(FollowUpDueEntity).findOneByOrFail({ prospectId: a.id, outcome: 'open' });
  expect(open.consultantId).toBe(env.users.consultant.id);
  // the due date itself did not move
  expect(ms((await env.http.get(`/api/prospects/${a.id}`).set(env.auth('consultant'))).body.nextFollowUpDue)).toBe(
    ms(a.nextFollowUpDue),
  );
});

it('records a delivery: the follow-up workflow ends and the prospect becomes an owner', async () => {
  const o = await create('转化测试单位四', 'O');
  const a = await create('转化测试单位五', 'A');
  expect((await env.http.post(`/api/prospects/${a.id}/delivered`).set(env.auth('consultant')).send({})).status).toBe(
    422,
  );
  const res = await env.http.post(`/api/prospects/${o.id}/delivered`).set(env.auth('consultant')).send({});
  expect(res.status).toBe(200);
  expect(res.body.nextFollowUpDue).toBeNull();
  await eventually(async () => {
    const d = await env.client.workflow.getHandle(res.body.workflowId).describe();
    expect(d.status.name).toBe('COMPLETED');
  });
  expect((await env.http.post(`/api/prospects/${o.id}/delivered`).set(env.auth('consultant')).send({})).status).toBe(
    422,
  );
  expect((await env.http.post(`/api/prospects/${o.id}/delivered`).set(env.auth('consultant2')).send({})).status).toBe(
    404,
  );
});

it("ends the follow-up workflow with the first delivery of the prospect's order recorded through /api/deliveries", async () => {
  const o = await create('转化测试单位六', 'O');
  await env.db
    .getRepository(CarModelEntity)
    .insert({ dealerId: env.dealer1.id, code: 'RS6', name: '奥迪 RS 6', sortOrder: 9 });
  const today = localDate(new Date(), 'Asia/Shanghai');
  const order = await env.http.post('/api/orders').set(env.auth('consultant')).send({
    prospectId: o.id,
    customerType: 'enterprise',
    developmentType: 'new',
    model: 'RS6',
    quantity: 3,
    orderDate: today,
  });
  expect(order.status).toBe(201);
  const first = await env.http
    .post('/api/deliveries')
    .set(env.auth('consultant'))
    .send({ orderId: order.body.id, quantity: 1, deliveryDate: today });
  expect(first.status).toBe(201);
  const p = await env.http.get(`/api/prospects/${o.id}`).set(env.auth('consultant'));
  expect(p.body.nextFollowUpDue).toBeNull();
  expect(await env.db.getRepository(ConversionStateEntity).findOneBy({ prospectId: o.id })).toMatchObject({
    status: 'delivered',
  });
  await eventually(async () => {
    const d = await env.client.workflow.getHandle(`conversion:${env.dealer1.id}:${o.id}`).describe();
    expect(d.status.name).toBe('COMPLETED');
  });
  // the rest of the order still delivers; the prospect is already an owner
  expect(
    (
      await env.http
        .post('/api/deliveries')
        .set(env.auth('consultant'))
        .send({ orderId: order.body.id, quantity: 2, deliveryDate: today })
    ).status,
  ).toBe(201);
});

describe('GET /api/reports/conversion', () => {
  const TZ = 'Asia/Shanghai';
  const thisMonth = localDate(new Date(), TZ).slice(0, 7);
  const [y, m] = thisMonth.split('-').map(Number);
  const M = `${m === 1 ? y - 1 : y}-${String(m === 1 ? 12 : m - 1).padStart(2, '0')}`; // last month: all in the past
  const P = `${m <= 2 ? y - 1 : y}-${String(m <= 2 ? m + 10 : m - 2).padStart(2, '0')}`; // the month before
  const at = (month: string, d: number) => zonedInstant(`${month}-${String(d).padStart(2, '0')}`, '11:00', TZ);
  const fixture = () => ({
    dealer: env.dealer1,
    users: { consultant: env.users.consultant, consultant_b: env.users.consultant_b },
  });

  /** A prospect with its grade path: [grade, month, day] steps; overdue marks a loss as 战败失控. */
  async function history(
    steps: Array<[string, string, number]>,
    o: { overdue?: boolean; owner?: string; deliveredAt?: Date } = {},
  ) {
    const [g0, m0, d0] = steps[0];
    const p = await insertProspect(env.db, fixture(), { grade: g0, at: at(m0, d0), owner: o.owner });
    let from = g0;
    for (const [g, mm, d] of steps.slice(1)) {
      await env.db.getRepository(GradeChangeEntity).insert({
        dealerId: env.dealer1.id,
        prospectId: p.id,
        fromGrade: from,
        toGrade: g,
        at: at(mm, d),
        byUserId: p.ownerId,
        reason: 'e2e',
      });
      if (g === 'F') {
        await env.db.getRepository(LostAnalysisEntity).insert({
          dealerId: env.dealer1.id,
          prospectId: p.id,
          consultantId: p.ownerId,
          model: p.model,
          fromGrade: from,
          lostAt: at(mm, d),
          overdueAtLoss: !!o.overdue,
          status: 'open',
          createdAt: new Date(),
        });
      }
      from = g;
    }
    await env.db.getRepository(ProspectEntity).update({ id: p.id }, { grade: from });
    if (o.deliveredAt) {
      await env.db.getRepository(ConversionStateEntity).insert({
        prospectId: p.id,
        dealerId: env.dealer1.id,
        workflowId: `e2e:${p.id}`,
        status: 'delivered',
        deliveredAt: o.deliveredAt,
        endedAt: o.deliveredAt,
        startedAt: o.deliveredAt,
        updatedAt: o.deliveredAt,
      });
    }
    return p;
  }

  // Separately written: grade at the start by DISTINCT ON, month events by EXISTS, ranks by CASE.
  const EXPECTED_SQL = `
    WITH start AS (
      SELECT DISTINCT ON (g."prospectId") g."prospectId" AS id, g."toGrade" AS g0 FROM grade_change g
       WHERE g."dealerId" = $1 AND g.at < $2 ORDER BY g."prospectId", g.at DESC, g.id DESC),
    live AS (SELECT s.id FROM start s WHERE s.g0 IN ('O','H','A','B','C','D')
       AND NOT EXISTS (SELECT 1 FROM conversion_state c WHERE c."prospectId" = s.id AND c."deliveredAt" < $2)),
    ev AS (SELECT g.*, CASE g."fromGrade" WHEN 'O' THEN 6 WHEN 'H' THEN 5 WHEN 'A' THEN 4 WHEN 'B' THEN 3
      WHEN 'C' THEN 2 WHEN 'D' THEN 1 END AS r0,
                       CASE g."toGrade" WHEN 'O' THEN 6 WHEN 'H' THEN 5 WHEN 'A' THEN 4 WHEN 'B' THEN 3 WHEN 'C' THEN 2
                         WHEN 'D' THEN 1 END AS r1
             FROM grade_change g WHERE g."dealerId" = $1 AND g.at >= $2 AND g.at < $3)
    SELECT
      (SELECT count(*) FROM start WHERE g0 IN ('H','A'))::int AS ha_d,
      (SELECT count(*) FROM start s WHERE g0 IN ('H','A') AND EXISTS (SELECT 1 FROM ev WHERE ev."prospectId" = s.id
        AND ev."toGrade" = 'O'))::int AS ha_n,
      (SELECT count(*) FROM start WHERE g0 IN ('B','C'))::int AS bc_d,
      (SELECT count(*) FROM start s WHERE g0 IN ('B','C') AND EXISTS (SELECT 1 FROM ev WHERE ev."prospectId" = s.id
        AND ev."toGrade" IN ('H','A','O')))::int AS bc_n,
      (SELECT count(*) FROM ev WHERE "fromGrade" IS NULL)::int AS new_d,
      (SELECT count(*) FROM ev WHERE "fromGrade" IS NULL AND "toGrade" IN ('H','A'))::int AS new_n,
      (SELECT count(*) FROM live)::int AS live_d,
      (SELECT count(*) FROM live l WHERE EXISTS (SELECT 1 FROM ev WHERE ev."prospectId" = l.id
        AND ev.r1 < ev.r0))::int AS down_n,
      (SELECT count(*) FROM live l WHERE EXISTS (SELECT 1 FROM ev WHERE ev."prospectId" = l.id
        AND ev."toGrade" = 'F'))::int AS churn_n,
      (SELECT count(*) FROM ev WHERE "toGrade" = 'F')::int AS lost_d,
      (SELECT count(*) FROM ev JOIN lost_analysis la ON la."prospectId" = ev."prospectId" AND la."lostAt" = ev.at
        WHERE ev."toGrade" = 'F' AND la."overdueAtLoss")::int AS lost_n,
      (SELECT count(*) FROM sales_order o WHERE o."dealerId" = $1 AND o."orderDate" >= $4::date
        AND o."orderDate" < $5::date)::int AS orders_d,
      (SELECT count(*) FROM sales_order o WHERE o."dealerId" = $1 AND o."orderDate" >= $4::date
        AND o."orderDate" < $5::date AND o.status = 'cancelled')::int AS orders_n,
      (SELECT count(*) FROM follow_up_due d WHERE d."dealerId" = $1 AND d."dueAt" >= $2 AND d."dueAt" < $3
        AND d.outcome IN ('met','missed'))::int AS fu_d,
      (SELECT count(*) FROM follow_up_due d WHERE d."dealerId" = $1 AND d."dueAt" >= $2 AND d."dueAt" < $3
        AND d.outcome = 'met')::int AS fu_n`;

  it('agrees with the SQL, figure by figure', async () => {
    await history([
      ['H', P, 10],
      ['O', M, 5],
    ]);
    await history([['A', P, 11]]);
    await history([
      ['A', P, 12],
      ['C', M, 8],
    ]);
    await history([
      ['B', P, 5],
      ['H', M, 9],
    ]);
    await history(
      [
        ['C', P, 6],
        ['F', M, 10],
      ],
      { overdue: true },
    );
    await history([
      ['B', P, 7],
      ['D', M, 11],
      ['B', M, 20],
    ]);
    await history([['H', M, 2]]);
    await history(
      [
        ['B', M, 3],
        ['F', M, 25],
      ],
      { overdue: false },
    );
    await history([['W', M, 4]]);
    await history([['O', P, 2]], { deliveredAt: at(P, 25) });
    await history([['D', P, 3]], { owner: 'consultant_b' });
    const order = (status: string, day: number) => ({
      dealerId: env.dealer1.id,
      orderNo: `E2E-${randomUUID().slice(0, 8)}`,
      consultantId: env.users.consultant.id,
      prospectId: null,
      accountId: null,
      customerType: 'enterprise',
      developmentType: 'new',
      model: 'A6L',
      quantity: 1,
      orderDate: `${M}-${String(day).padStart(2, '0')}`,
      status,
      cancelledAt: status === 'cancelled' ? `${M}-20` : null,
      cancelReason: null,
    });
    await env.db
      .getRepository(SalesOrderEntity)
      .insert([order('open', 3), order('delivered', 4), order('cancelled', 5), order('open', 6)] as any);
    const someone = await env.db
      .getRepository(ProspectEntity)
      .findOneByOrFail({ dealerId: env.dealer1.id, grade: 'D' });
    const ledger = (outcome: string, day: number) => ({
      dealerId: env.dealer1.id,
      prospectId: someone.id,
      consultantId: someone.ownerId,
      grade: 'D',
      setAt: at(P, 1),
      dueAt: at(M, day),
      outcome,
      closedAt: at(M, day),
    });
    await env.db
      .getRepository(FollowUpDueEntity)
      .insert([ledger('met', 3), ledger('met', 9), ledger('missed', 15), ledger('moved', 18)]);

    const res = await env.http.get(`/api/reports/conversion?month=${M}`).set(env.auth('ka_manager'));
    expect(res.status).toBe(200);
    const [e] = await env.db.query(EXPECTED_SQL, [
      env.dealer1.id,
      zonedInstant(`${M}-01`, '00:00', TZ),
      zonedInstant(`${thisMonth}-01`, '00:00', TZ),
      `${M}-01`,
      `${thisMonth}-01`,
    ]);
    const pair = (r: any) => [r.numerator, r.denominator];
    expect({
      ha: pair(res.body.haConversion),
      bc: pair(res.body.bcConversion),
      share: pair(res.body.haShareOfNew),
      down: pair(res.body.downgradeRate),
      churn: pair(res.body.churnRate),
      lost: pair(res.body.lostUncontrolledRatio),
      orders: pair(res.body.orderRejectionRate),
      fu: pair(res.body.followUpsDoneVsDue),
    }).toEqual({
      ha: [e.ha_n, e.ha_d],
      bc: [e.bc_n, e.bc_d],
      share: [e.new_n, e.new_d],
      down: [e.down_n, e.live_d],
      churn: [e.churn_n, e.live_d],
      lost: [e.lost_n, e.lost_d],
      orders: [e.orders_n, e.orders_d],
      fu: [e.fu_n, e.fu_d],
    });
    // and by hand: H/A 1 of 3, B/C 1 of 3, new 1 of 3, live 7 with 2 downgrades and 1 loss, losses 1 of 2 overdue,
    // orders 1 of 4, follow-ups 2 of 3
    expect(pair(res.body.haConversion)).toEqual([1, 3]);
    expect(pair(res.body.downgradeRate)).toEqual([2, 7]);
    expect(pair(res.body.lostUncontrolledRatio)).toEqual([1, 2]);
    expect(res.body.orderRejectionRate).toEqual({ value: 0.25, numerator: 1, denominator: 4 });
    expect(res.body.followUpsDoneVsDue).toEqual({ value: 0.6667, numerator: 2, denominator: 3 });

    const mine = await env.http.get(`/api/reports/conversion?month=${M}`).set(env.auth('consultant_b'));
    expect(mine.body).toMatchObject({
      consultantId: env.users.consultant_b.id,
      haConversion: { numerator: 0, denominator: 0 },
    });
    expect(mine.body.downgradeRate.denominator).toBe(1);
    const bad = await env.http.get('/api/reports/conversion?month=2026-13').set(env.auth('ka_manager'));
    expect([bad.status, bad.body.details[0].field]).toEqual([400, 'month']);
    const hot = await env.http.get(`/api/reports/hot-customers?month=${thisMonth}`).set(env.auth('ka_manager'));
    expect(hot.status).toBe(200);
    expect(hot.body).toMatchObject({ month: thisMonth, target: 4 });
  });
});
