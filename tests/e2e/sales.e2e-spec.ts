// Sales records over HTTP: the car model catalogue (admin-kept), order → deliveries → submissions
// with the actuals report, cancellation (拒单) rules, stock, 400s naming the field, tenancy.
import { randomUUID } from 'node:crypto';
import { localDate } from '@kaflow/calendar';
import { AuditLogEntity, SalesOrderEntity } from '@kaflow/persistence';
import { startE2E, type E2E } from '../support/e2e';

let env: E2E;
beforeAll(async () => {
  env = await startE2E();
  for (const [code, sortOrder] of [
    ['A4L', 20],
    ['Q5L', 60],
    ['Q7', 70],
  ] as const) {
    expect(
      (
        await env.http
          .post('/api/car-models')
          .set(env.auth('admin'))
          .send({ code, name: `奥迪${code}`, sortOrder })
      ).status,
    ).toBe(201);
  }
});
afterAll(async () => {
  await env?.stop();
});

const today = () => localDate(new Date(), 'Asia/Shanghai');
const thisMonth = () => today().slice(0, 7);
const tomorrow = () => new Date(Date.parse(`${today()}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
const fields = (res: { body: any }) => (res.body.details ?? []).map((d: { field: string }) => d.field).sort();

const orderBody = (o: Record<string, unknown> = {}) => ({
  customerType: 'enterprise',
  developmentType: 'new',
  model: 'A4L',
  quantity: 3,
  orderDate: `${thisMonth()}-01`,
  ...o,
});
async function placeOrder(who: string, o: Record<string, unknown> = {}) {
  const res = await env.http.post('/api/orders').set(env.auth(who)).send(orderBody(o));
  expect(res.status).toBe(201);
  return res.body;
}

describe('car model catalogue', () => {
  it('is edited by the admin only, with unique codes per dealer, and retired instead of deleted', async () => {
    expect(
      (await env.http.post('/api/car-models').set(env.auth('consultant')).send({ code: 'A6L', name: '奥迪A6L' }))
        .status,
    ).toBe(403);
    expect(
      (await env.http.post('/api/car-models').set(env.auth('ka_manager')).send({ code: 'A6L', name: '奥迪A6L' }))
        .status,
    ).toBe(403);
    const a6 = await env.http
      .post('/api/car-models')
      .set(env.auth('admin'))
      .send({ code: 'A6L', name: '奥迪A6L', sortOrder: 30 });
    expect(a6.status).toBe(201);
    expect(a6.body).toMatchObject({ code: 'A6L', name: '奥迪A6L', active: true, sortOrder: 30 });
    const dup = await env.http.post('/api/car-models').set(env.auth('admin')).send({ code: 'A6L', name: 'again' });
    expect(dup.status).toBe(409);
    expect(dup.body.error).toBe('Conflict');
    // the same code in another dealer is fine
    expect(
      (await env.http.post('/api/car-models').set(env.auth('admin2')).send({ code: 'A6L', name: '奥迪A6L' })).status,
    ).toBe(201);
    expect(
      fields(
        await env.http.post('/api/car-models').set(env.auth('admin')).send({ code: '', name: 'x', sortOrder: -1 }),
      ),
    ).toEqual(['code', 'sortOrder']);

    expect(
      (await env.http.put(`/api/car-models/${a6.body.id}`).set(env.auth('consultant')).send({ active: false })).status,
    ).toBe(403);
    expect(
      (await env.http.put(`/api/car-models/${a6.body.id}`).set(env.auth('admin2')).send({ active: false })).status,
    ).toBe(404);
    expect(
      (await env.http.put(`/api/car-models/${randomUUID()}`).set(env.auth('admin')).send({ active: false })).status,
    ).toBe(404);
    expect(
      (await env.http.put(`/api/car-models/${a6.body.id}`).set(env.auth('admin')).send({ code: 'Q7' })).status,
    ).toBe(409);
    const retired = await env.http.put(`/api/car-models/${a6.body.id}`).set(env.auth('admin')).send({ active: false });
    expect(retired.status).toBe(200);
    expect(retired.body).toMatchObject({ code: 'A6L', active: false });

    const list = await env.http.get('/api/car-models').set(env.auth('consultant'));
    expect(list.status).toBe(200);
    expect(list.body.items.map((m: any) => `${m.code}:${m.active}`)).toEqual([
      'A4L:true',
      'Q5L:true',
      'Q7:true',
      'A6L:false',
    ]);
    // a retired model takes no orders
    const res = await env.http
      .post('/api/orders')
      .set(env.auth('consultant'))
      .send(orderBody({ model: 'A6L' }));
    expect(res.status).toBe(400);
    expect(fields(res)).toEqual(['model']);
  });
});

describe('order → deliveries → submissions', () => {
  it('delivers in parts, refuses over-delivery, submits, and the actuals report counts the cars', async () => {
    const order = await placeOrder('consultant_b', { model: 'Q7', quantity: 5 });
    expect(order).toMatchObject({
      consultantId: env.users.consultant_b.id,
      status: 'open',
      delivered: 0,
      remaining: 5,
    });
    expect(order.orderNo).toMatch(new RegExp(`^KA-${thisMonth().replace('-', '')}-\\d{4}$`));

    const first = await env.http
      .post('/api/deliveries')
      .set(env.auth('consultant_b'))
      .send({ orderId: order.id, quantity: 2, deliveryDate: today() });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      orderId: order.id,
      quantity: 2,
      model: 'Q7',
      order: { status: 'open', delivered: 2, remaining: 3 },
    });
    const over = await env.http
      .post('/api/deliveries')
      .set(env.auth('ka_manager'))
      .send({ orderId: order.id, quantity: 4, deliveryDate: today() });
    expect(over.status).toBe(422);
    expect(
      (
        await env.http
          .post('/api/deliveries')
          .set(env.auth('consultant'))
          .send({ orderId: order.id, quantity: 1, deliveryDate: today() })
      ).status,
    ).toBe(403);
    const rest = await env.http
      .post('/api/deliveries')
      .set(env.auth('ka_manager'))
      .send({ orderId: order.id, quantity: 3, deliveryDate: today() });
    expect(rest.status).toBe(201);
    expect(rest.body.order).toMatchObject({ status: 'delivered', remaining: 0 });
    expect(
      (
        await env.http
          .post('/api/deliveries')
          .set(env.auth('ka_manager'))
          .send({ orderId: order.id, quantity: 1, deliveryDate: today() })
      ).status,
    ).toBe(422);

    const sub = await env.http
      .post('/api/submissions')
      .set(env.auth('consultant_b'))
      .send({ deliveryId: first.body.id, quantity: 2, licensingDate: today(), submittedDate: today() });
    expect(sub.status).toBe(201);
    expect(sub.body).toMatchObject({
      deliveryId: first.body.id,
      quantity: 2,
      model: 'Q7',
      delivery: { submitted: 2, pending: 0 },
    });
    expect(
      (
        await env.http
          .post('/api/submissions')
          .set(env.auth('consultant_b'))
          .send({ deliveryId: first.body.id, quantity: 1, licensingDate: today(), submittedDate: today() })
      ).status,
    ).toBe(422);

    const detail = await env.http.get(`/api/orders/${order.id}`).set(env.auth('consultant_b'));
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ status: 'delivered', delivered: 5, remaining: 0 });
    expect(detail.body.deliveries.map((d: any) => [d.quantity, d.submitted])).toEqual([
      [2, 2],
      [3, 0],
    ]);
    expect((await env.http.get(`/api/orders/${order.id}`).set(env.auth('consultant'))).status).toBe(403);

    const actuals = await env.http
      .get(`/api/reports/actuals?from=${thisMonth()}&to=${thisMonth()}&model=Q7`)
      .set(env.auth('ka_manager'));
    expect(actuals.status).toBe(200);
    expect(actuals.body.months).toEqual([
      {
        month: thisMonth(),
        orders: 5,
        aak: 5,
        submissions: 2,
        cancelled: 0,
        backlogStart: 0,
        backlogEnd: 0,
        pendingStart: 0,
        pendingEnd: 3,
      },
    ]);
    // a consultant always gets their own figures
    const own = await env.http
      .get(`/api/reports/actuals?from=${thisMonth()}&to=${thisMonth()}&model=Q7`)
      .set(env.auth('consultant'));
    expect(own.body.months[0]).toMatchObject({ orders: 0, aak: 0, submissions: 0 });
    expect(
      (
        await env.http
          .get(`/api/reports/actuals?from=${thisMonth()}&to=${thisMonth()}&consultantId=${env.users.consultant_b.id}`)
          .set(env.auth('consultant'))
      ).status,
    ).toBe(403);

    const deliveries = await env.http.get(`/api/deliveries?month=${thisMonth()}`).set(env.auth('consultant_b'));
    expect(deliveries.body.items.filter((d: any) => d.orderId === order.id).map((d: any) => d.quantity)).toEqual([
      2, 3,
    ]);
    const submissions = await env.http.get(`/api/submissions?month=${thisMonth()}`).set(env.auth('consultant_b'));
    expect(submissions.body.items.map((s: any) => s.id)).toContain(sub.body.id);
    const listed = await env.http
      .get(`/api/orders?month=${thisMonth()}&model=Q7&status=delivered`)
      .set(env.auth('ka_manager'));
    expect(listed.body).toMatchObject({ total: 1, items: [expect.objectContaining({ id: order.id })] });
    expect(await env.db.getRepository(AuditLogEntity).countBy({ entityId: order.id, action: 'order.created' })).toBe(1);
  });

  it('checks the dates of deliveries and submissions', async () => {
    const order = await placeOrder('consultant', { model: 'Q5L', quantity: 2, orderDate: today() });
    const future = await env.http
      .post('/api/deliveries')
      .set(env.auth('consultant'))
      .send({ orderId: order.id, quantity: 1, deliveryDate: tomorrow() });
    expect(fields(future)).toEqual(['deliveryDate']);
    const early = await env.http
      .post('/api/deliveries')
      .set(env.auth('consultant'))
      .send({ orderId: order.id, quantity: 1, deliveryDate: '2020-01-02' });
    expect(fields(early)).toEqual(['deliveryDate']);
    const d = await env.http
      .post('/api/deliveries')
      .set(env.auth('consultant'))
      .send({ orderId: order.id, quantity: 1, deliveryDate: today() });
    const bad = await env.http
      .post('/api/submissions')
      .set(env.auth('consultant'))
      .send({ deliveryId: d.body.id, quantity: 1, licensingDate: '2020-01-02', submittedDate: '2020-01-01' });
    expect(fields(bad)).toEqual(['licensingDate', 'submittedDate']);
  });

  it('delivers each car once when two deliveries race', async () => {
    const order = await placeOrder('consultant', { quantity: 3 });
    const results = await Promise.all(
      [0, 1, 2].map(() =>
        env.http
          .post('/api/deliveries')
          .set(env.auth('consultant'))
          .send({ orderId: order.id, quantity: 2, deliveryDate: today() }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 422, 422]);
    expect((await env.http.get(`/api/orders/${order.id}`).set(env.auth('consultant'))).body).toMatchObject({
      delivered: 2,
      remaining: 1,
      status: 'open',
    });
  });
});

describe('cancelling an order (拒单)', () => {
  it('works only while the order is open and nothing is delivered', async () => {
    const order = await placeOrder('consultant', { quantity: 2 });
    expect(
      (await env.http.post(`/api/orders/${order.id}/cancel`).set(env.auth('consultant_b')).send({ reason: '客户取消' }))
        .status,
    ).toBe(403);
    expect(
      fields(
        await env.http
          .post(`/api/orders/${order.id}/cancel`)
          .set(env.auth('consultant'))
          .send({ reason: '', cancelledAt: '2020-01-01' }),
      ),
    ).toEqual(['reason']);
    expect(
      fields(
        await env.http
          .post(`/api/orders/${order.id}/cancel`)
          .set(env.auth('consultant'))
          .send({ reason: '客户取消', cancelledAt: '2020-01-01' }),
      ),
    ).toEqual(['cancelledAt']);
    const cancelled = await env.http
      .post(`/api/orders/${order.id}/cancel`)
      .set(env.auth('consultant'))
      .send({ reason: '客户预算被收回' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({
      status: 'cancelled',
      cancelledAt: today(),
      cancelReason: '客户预算被收回',
      remaining: 0,
    });
    expect(
      (await env.http.post(`/api/orders/${order.id}/cancel`).set(env.auth('ka_manager')).send({ reason: 'again' }))
        .status,
    ).toBe(422);
    expect(
      (
        await env.http
          .post('/api/deliveries')
          .set(env.auth('consultant'))
          .send({ orderId: order.id, quantity: 1, deliveryDate: today() })
      ).status,
    ).toBe(422);

    const delivered = await placeOrder('consultant', { quantity: 2 });
    await env.http
      .post('/api/deliveries')
      .set(env.auth('consultant'))
      .send({ orderId: delivered.id, quantity: 1, deliveryDate: today() });
    expect(
      (
        await env.http
          .post(`/api/orders/${delivered.id}/cancel`)
          .set(env.auth('ka_manager'))
          .send({ reason: '客户取消' })
      ).status,
    ).toBe(422);
    expect((await env.db.getRepository(SalesOrderEntity).findOneByOrFail({ id: delivered.id })).status).toBe('open');
  });
});

describe('stock', () => {
  it('is upserted by the key-account manager and read by everyone of the dealer', async () => {
    const month = '2027-01';
    expect(
      (
        await env.http
          .put(`/api/stock/${month}`)
          .set(env.auth('consultant'))
          .send({ items: [{ model: 'A4L', quantity: 3 }] })
      ).status,
    ).toBe(403);
    const put = await env.http
      .put(`/api/stock/${month}`)
      .set(env.auth('ka_manager'))
      .send({
        items: [
          { model: 'Q7', quantity: 4 },
          { model: 'A4L', quantity: 9 },
        ],
      });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({
      month,
      items: [
        { model: 'A4L', quantity: 9 },
        { model: 'Q7', quantity: 4 },
      ],
    });
    await env.http
      .put(`/api/stock/${month}`)
      .set(env.auth('ka_manager'))
      .send({ items: [{ model: 'A4L', quantity: 0 }] });
    expect((await env.http.get(`/api/stock?month=${month}`).set(env.auth('consultant'))).body).toEqual({
      month,
      items: [
        { model: 'A4L', quantity: 0 },
        { model: 'Q7', quantity: 4 },
      ],
    });
    expect((await env.http.get(`/api/stock?month=${month}`).set(env.auth('consultant2'))).body).toEqual({
      month,
      items: [],
    });

    const bad = await env.http
      .put(`/api/stock/${month}`)
      .set(env.auth('ka_manager'))
      .send({
        items: [
          { model: 'X9', quantity: 1 },
          { model: 'A4L', quantity: -1 },
        ],
      });
    expect(bad.status).toBe(400);
    expect(fields(bad)).toEqual(['items[1].quantity']);
    expect(
      fields(
        await env.http
          .put(`/api/stock/${month}`)
          .set(env.auth('ka_manager'))
          .send({
            items: [
              { model: 'X9', quantity: 1 },
              { model: 'Q7', quantity: 1 },
              { model: 'Q7', quantity: 2 },
            ],
          }),
      ),
    ).toEqual(['items[0].model', 'items[2].model']);
    expect(
      fields(
        await env.http
          .put('/api/stock/2027-13')
          .set(env.auth('ka_manager'))
          .send({ items: [{ model: 'Q7', quantity: 1 }] }),
      ),
    ).toEqual(['month']);
    expect(fields(await env.http.get('/api/stock?month=27-01').set(env.auth('ka_manager')))).toEqual(['month']);
  });
});

describe('bad input and tenancy', () => {
  it('answers 400 naming the field', async () => {
    const res = await env.http
      .post('/api/orders')
      .set(env.auth('consultant'))
      .send(orderBody({ quantity: -2, customerType: 'vip', orderDate: '2026-02-30' }));
    expect(res.status).toBe(400);
    expect(fields(res)).toEqual(['customerType', 'orderDate', 'quantity']);
    expect(
      fields(
        await env.http
          .post('/api/orders')
          .set(env.auth('consultant'))
          .send(orderBody({ model: 'X9' })),
      ),
    ).toEqual(['model']);
    expect(
      fields(
        await env.http
          .post('/api/orders')
          .set(env.auth('consultant'))
          .send(orderBody({ orderDate: tomorrow() })),
      ),
    ).toEqual(['orderDate']);
    expect(
      fields(
        await env.http
          .post('/api/orders')
          .set(env.auth('consultant'))
          .send(orderBody({ prospectId: randomUUID(), extra: 1 })),
      ),
    ).toEqual(['extra']);
    expect(
      fields(
        await env.http
          .post('/api/orders')
          .set(env.auth('consultant'))
          .send(orderBody({ prospectId: randomUUID() })),
      ),
    ).toEqual(['prospectId']);
    expect(fields(await env.http.post('/api/orders').set(env.auth('ka_manager')).send(orderBody()))).toEqual([
      'consultantId',
    ]);
    expect(
      fields(
        await env.http
          .post('/api/orders')
          .set(env.auth('ka_manager'))
          .send(orderBody({ consultantId: env.users.consultant2.id })),
      ),
    ).toEqual(['consultantId']);
    expect(fields(await env.http.get('/api/orders?month=2026-13').set(env.auth('ka_manager')))).toEqual(['month']);
    expect(fields(await env.http.get('/api/deliveries?month=2026-1').set(env.auth('ka_manager')))).toEqual(['month']);
    expect(
      fields(await env.http.get('/api/reports/actuals?from=2026-05&to=2026-01').set(env.auth('ka_manager'))),
    ).toEqual(['to']);
    expect(fields(await env.http.get('/api/reports/actuals?to=2026-01').set(env.auth('ka_manager')))).toEqual(['from']);
    expect(
      fields(
        await env.http
          .post('/api/deliveries')
          .set(env.auth('consultant'))
          .send({ orderId: 'x', quantity: 0, deliveryDate: 'today' }),
      ),
    ).toEqual(['deliveryDate', 'orderId', 'quantity']);
    const mine = await placeOrder('ka_manager', {
      consultantId: env.users.consultant.id,
      orderNo: `PO-${randomUUID().slice(0, 8)}`,
    });
    expect(mine.consultantId).toBe(env.users.consultant.id);
    expect(
      (
        await env.http
          .post('/api/orders')
          .set(env.auth('consultant'))
          .send(orderBody({ orderNo: mine.orderNo }))
      ).status,
    ).toBe(409);
  });

  it("answers 404 for another dealer's orders and deliveries", async () => {
    const order = await placeOrder('consultant', { quantity: 2 });
    const d = await env.http
      .post('/api/deliveries')
      .set(env.auth('consultant'))
      .send({ orderId: order.id, quantity: 1, deliveryDate: today() });
    expect((await env.http.get(`/api/orders/${order.id}`).set(env.auth('ka_manager2'))).status).toBe(404);
    expect((await env.http.get('/api/orders/not-a-uuid').set(env.auth('ka_manager'))).status).toBe(404);
    expect(
      (await env.http.post(`/api/orders/${order.id}/cancel`).set(env.auth('ka_manager2')).send({ reason: 'x' })).status,
    ).toBe(404);
    expect(
      (
        await env.http
          .post('/api/deliveries')
          .set(env.auth('ka_manager2'))
          .send({ orderId: order.id, quantity: 1, deliveryDate: today() })
      ).status,
    ).toBe(404);
    expect(
      (
        await env.http
          .post('/api/submissions')
          .set(env.auth('ka_manager2'))
          .send({ deliveryId: d.body.id, quantity: 1, licensingDate: today(), submittedDate: today() })
      ).status,
    ).toBe(404);
    const theirs = await env.http.get(`/api/orders?month=${thisMonth()}`).set(env.auth('ka_manager2'));
    expect(theirs.body).toMatchObject({ items: [], total: 0 });
    expect(
      (await env.http.get(`/api/deliveries?month=${thisMonth()}`).set(env.auth('ka_manager2'))).body.items,
    ).toEqual([]);
  });
});
