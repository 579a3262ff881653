// The actuals module (libs/records/src/sales-history.ts) on hand-built rows, against real
// PostgreSQL; every expected figure below is worked out by hand from the rows in `beforeAll`.
import type { DataSource } from 'typeorm';
import {
  CarModelEntity,
  DeliveryEntity,
  SalesOrderEntity,
  StockEntity,
  SystemSubmissionEntity,
  createDataSource,
} from '@kaflow/persistence';
import {
  backlogAt,
  monthByConsultant,
  monthByModel,
  pendingSubmissionsAt,
  remainingOrdersByConsultant,
  salesHistory,
  stockFor,
} from '@kaflow/records';
import { createDealer, runId, type DealerFixture } from '../../support/fixtures';
import { TEST_DATABASE_URL } from '../../support/settings';

let db: DataSource;
let f: DealerFixture;
let other: DealerFixture;

async function order(
  fx: DealerFixture,
  o: { no: string; who: string; model: string; qty: number; date: string; cancelledAt?: string },
): Promise<string> {
  const r = await db.getRepository(SalesOrderEntity).insert({
    dealerId: fx.dealer.id,
    orderNo: o.no,
    consultantId: fx.users[o.who].id,
    prospectId: null,
    accountId: null,
    customerType: 'enterprise',
    developmentType: 'new',
    model: o.model,
    quantity: o.qty,
    orderDate: o.date,
    status: o.cancelledAt ? 'cancelled' : 'open',
    cancelledAt: o.cancelledAt ?? null,
    cancelReason: o.cancelledAt ? '客户取消' : null,
  });
  return r.identifiers[0].id;
}
async function deliver(
  fx: DealerFixture,
  orderId: string,
  who: string,
  model: string,
  qty: number,
  date: string,
): Promise<string> {
  const r = await db.getRepository(DeliveryEntity).insert({
    dealerId: fx.dealer.id,
    orderId,
    consultantId: fx.users[who].id,
    model,
    quantity: qty,
    deliveryDate: date,
  });
  return r.identifiers[0].id;
}
async function submit(
  fx: DealerFixture,
  deliveryId: string,
  model: string,
  qty: number,
  licensingDate: string,
  submittedDate: string,
) {
  await db
    .getRepository(SystemSubmissionEntity)
    .insert({ dealerId: fx.dealer.id, deliveryId, model, quantity: qty, licensingDate, submittedDate });
}

beforeAll(async () => {
  db = await createDataSource(TEST_DATABASE_URL, { poolSize: 2, name: 'kaflow-test-sales-history' }).initialize();
  f = await createDealer(db, runId());
  other = await createDealer(db, runId());
  await db.getRepository(CarModelEntity).insert([
    { dealerId: f.dealer.id, code: 'A4L', name: '奥迪A4L', sortOrder: 1 },
    { dealerId: f.dealer.id, code: 'A6L', name: '奥迪A6L', sortOrder: 2 },
    { dealerId: f.dealer.id, code: 'Q5L', name: '奥迪Q5L', sortOrder: 3 },
    { dealerId: f.dealer.id, code: 'Q7', name: '奥迪Q7', sortOrder: 4 },
    { dealerId: f.dealer.id, code: 'A8L', name: '奥迪A8L', sortOrder: 5, active: false },
  ]);
  // O6: placed before the range, cancelled in January.
  await order(f, { no: 'O6', who: 'consultant', model: 'A4L', qty: 1, date: '2025-11-05', cancelledAt: '2026-01-05' });
  // O2: placed in December, delivered in January, submitted in March.
  const o2 = await order(f, { no: 'O2', who: 'consultant_b', model: 'Q5L', qty: 3, date: '2025-12-20' });
  const d2 = await deliver(f, o2, 'consultant_b', 'Q5L', 3, '2026-01-15');
  await submit(f, d2, 'Q5L', 3, '2026-02-25', '2026-03-02');
  // O1: 5 cars in January, delivered 2 + 3, submitted 2 / 1 + 2.
  const o1 = await order(f, { no: 'O1', who: 'consultant', model: 'A6L', qty: 5, date: '2026-01-10' });
  const d1a = await deliver(f, o1, 'consultant', 'A6L', 2, '2026-01-25');
  const d1b = await deliver(f, o1, 'consultant', 'A6L', 3, '2026-02-10');
  await submit(f, d1a, 'A6L', 2, '2026-01-30', '2026-02-05');
  await submit(f, d1b, 'A6L', 1, '2026-02-18', '2026-02-20');
  await submit(f, d1b, 'A6L', 2, '2026-02-28', '2026-03-05');
  // O4: placed in January, cancelled in March. O3: placed and cancelled in February.
  await order(f, {
    no: 'O4',
    who: 'consultant_b',
    model: 'A6L',
    qty: 2,
    date: '2026-01-28',
    cancelledAt: '2026-03-10',
  });
  await order(f, { no: 'O3', who: 'consultant', model: 'A6L', qty: 4, date: '2026-02-03', cancelledAt: '2026-02-20' });
  // O5: 6 cars in March, 1 delivered on the last day of March.
  const o5 = await order(f, { no: 'O5', who: 'consultant', model: 'Q5L', qty: 6, date: '2026-03-15' });
  await deliver(f, o5, 'consultant', 'Q5L', 1, '2026-03-31');
  await db.getRepository(StockEntity).insert([
    { dealerId: f.dealer.id, model: 'Q5L', month: '2026-03', quantity: 7 },
    { dealerId: f.dealer.id, model: 'A6L', month: '2026-03', quantity: 4 },
    { dealerId: f.dealer.id, model: 'A6L', month: '2026-04', quantity: 9 },
  ]);
  // Another dealer's rows never count.
  const x = await order(other, { no: 'O1', who: 'consultant', model: 'A6L', qty: 9, date: '2026-01-12' });
  const xd = await deliver(other, x, 'consultant', 'A6L', 4, '2026-02-02');
  await submit(other, xd, 'A6L', 4, '2026-02-10', '2026-02-12');
  await db
    .getRepository(StockEntity)
    .insert({ dealerId: other.dealer.id, model: 'A6L', month: '2026-03', quantity: 50 });
});
afterAll(async () => {
  await db?.destroy();
});

const row = (
  month: string,
  orders: number,
  aak: number,
  submissions: number,
  cancelled: number,
  backlogStart: number,
  backlogEnd: number,
  pendingStart: number,
  pendingEnd: number,
) => ({ month, orders, aak, submissions, cancelled, backlogStart, backlogEnd, pendingStart, pendingEnd });

it('gives every month of the range with orders, AAK, submissions, cancellations, backlog and pending', async () => {
  expect(await salesHistory(db, f.dealer.id, '2026-01', '2026-04')).toEqual([
    // backlog at 1 Jan: O2 3 + O6 1 (cancelled only on 5 Jan) = 4
    row('2026-01', 5, 5, 0, 1, 4, 5, 0, 5), // O4 is cancelled later, so not an order of January
    row('2026-02', 0, 3, 3, 4, 5, 2, 5, 5), // O3 placed and cancelled in February
    row('2026-03', 6, 1, 5, 2, 2, 5, 5, 1),
    row('2026-04', 0, 0, 0, 0, 5, 5, 1, 1),
  ]);
});

it('filters by model and by consultant', async () => {
  expect(await salesHistory(db, f.dealer.id, '2026-01', '2026-04', { model: 'A6L' })).toEqual([
    row('2026-01', 5, 2, 0, 0, 0, 5, 0, 2),
    row('2026-02', 0, 3, 3, 4, 5, 2, 2, 2),
    row('2026-03', 0, 0, 2, 2, 2, 0, 2, 0),
    row('2026-04', 0, 0, 0, 0, 0, 0, 0, 0),
  ]);
  expect(await salesHistory(db, f.dealer.id, '2026-01', '2026-04', { consultantId: f.users.consultant_b.id })).toEqual([
    row('2026-01', 0, 3, 0, 0, 3, 2, 0, 3),
    row('2026-02', 0, 0, 0, 0, 2, 2, 3, 3),
    row('2026-03', 0, 0, 3, 2, 2, 0, 3, 0),
    row('2026-04', 0, 0, 0, 0, 0, 0, 0, 0),
  ]);
  expect(
    await salesHistory(db, f.dealer.id, '2026-03', '2026-03', { model: 'Q5L', consultantId: f.users.consultant.id }),
  ).toEqual([row('2026-03', 6, 1, 0, 0, 0, 5, 0, 1)]);
  expect(await salesHistory(db, f.dealer.id, '2026-01', '2026-02', { model: 'nothing' })).toEqual([
    row('2026-01', 0, 0, 0, 0, 0, 0, 0, 0),
    row('2026-02', 0, 0, 0, 0, 0, 0, 0, 0),
  ]);
});

it('agrees with backlogAt / pendingSubmissionsAt at every month boundary, and reads any day', async () => {
  const months = await salesHistory(db, f.dealer.id, '2025-11', '2026-05');
  for (const m of months) {
    expect(await backlogAt(db, f.dealer.id, `${m.month}-01`)).toBe(m.backlogStart);
    expect(await pendingSubmissionsAt(db, f.dealer.id, `${m.month}-01`)).toBe(m.pendingStart);
  }
  expect(months[0]).toEqual(row('2025-11', 0, 0, 0, 0, 0, 1, 0, 0)); // O6 is in the backlog until it is cancelled
  // 26 Jan: O2 3 + O1 5 ordered, 3 + 2 delivered
  expect(await backlogAt(db, f.dealer.id, '2026-01-26')).toBe(3);
  expect(await backlogAt(db, f.dealer.id, '2026-01-25')).toBe(5); // the 25 Jan delivery is not "before" the 25th
  // 3 Mar: 2 + 3 + 3 delivered, 2 + 1 + 3 submitted
  expect(await pendingSubmissionsAt(db, f.dealer.id, '2026-03-03')).toBe(2);
  expect(await pendingSubmissionsAt(db, f.dealer.id, '2026-03-03', { model: 'A6L' })).toBe(2);
  expect(await backlogAt(db, other.dealer.id, '2026-03-01')).toBe(5);
});

it('splits one month by model (active catalogue first, zeros included) and by consultant', async () => {
  expect(await monthByModel(db, f.dealer.id, '2026-03')).toEqual([
    { model: 'A4L', orders: 0, aak: 0, submissions: 0 },
    { model: 'A6L', orders: 0, aak: 0, submissions: 2 },
    { model: 'Q5L', orders: 6, aak: 1, submissions: 3 },
    { model: 'Q7', orders: 0, aak: 0, submissions: 0 },
  ]);
  const byId = <T extends { consultantId: string }>(rows: T[]) =>
    [...rows].sort((a, b) => a.consultantId.localeCompare(b.consultantId));
  expect(await monthByConsultant(db, f.dealer.id, '2026-02')).toEqual(
    byId([
      { consultantId: f.users.consultant.id, orders: 0, aak: 3, submissions: 3 },
      { consultantId: f.users.consultant_b.id, orders: 0, aak: 0, submissions: 0 },
    ]),
  );
  expect(await remainingOrdersByConsultant(db, f.dealer.id, '2026-03-01')).toEqual(
    byId([
      { consultantId: f.users.consultant.id, remaining: 0 },
      { consultantId: f.users.consultant_b.id, remaining: 2 },
    ]),
  );
  expect(await remainingOrdersByConsultant(db, f.dealer.id, '2026-04-01')).toEqual(
    byId([
      { consultantId: f.users.consultant.id, remaining: 5 },
      { consultantId: f.users.consultant_b.id, remaining: 0 },
    ]),
  );
});

it('reads the stock of a month in catalogue order, and refuses malformed months and dates', async () => {
  expect(await stockFor(db, f.dealer.id, '2026-03')).toEqual([
    { model: 'A6L', quantity: 4 },
    { model: 'Q5L', quantity: 7 },
  ]);
  expect(await stockFor(db, f.dealer.id, '2026-05')).toEqual([]);
  await expect(salesHistory(db, f.dealer.id, '2026-04', '2026-01')).rejects.toThrow(RangeError);
  await expect(salesHistory(db, f.dealer.id, '2026-13', '2026-14')).rejects.toThrow(RangeError);
  await expect(backlogAt(db, f.dealer.id, '2026-02-30')).rejects.toThrow(RangeError);
});
