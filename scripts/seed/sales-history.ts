// Demo sales history (manual §4 processes 1–3): per dealer the car model catalogue, 15 months of orders
// before today (seasonal: strong Mar–Jun and Sep–Dec, weak around Spring Festival, each month ±35 % around it; plus a
// 2-month run-in so
// the first month opens with a backlog), deliveries 2–8 weeks after the order (a fleet order in 2–3 parts),
// licensing 3–15 days and system submission 1–10 days
// after delivery, 2–5% cancellations, deliverable stock per model to two months ahead, and the grade
// history behind the orders: the prospects that became O (C→B→A→H→O), the H/A/B that were lost (F) or
// postponed (D), and B/C that lingered for months — so closing and conversion rates come out believable.
// Deterministic (seeded PRNG; dates relative to "today"), all on working days, batch inserts.
// Idempotent: the catalogue by (dealer, code); everything else only while the dealer has no order.
import { randomUUID } from 'node:crypto';
import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { addCalendarDays, localDate, WorkingCalendar } from '@kaflow/calendar';
import type { Grade } from '@kaflow/domain';
import {
  CarModelEntity,
  DeliveryEntity,
  GradeChangeEntity,
  ProspectEntity,
  SalesOrderEntity,
  StockEntity,
  SystemSubmissionEntity,
  type UserEntity,
} from '@kaflow/persistence';
import { GRADE_REASONS, MODELS_BY_TYPE, SMALL_BATCH_MODELS, type DealerSeed } from './demo-data';
import { mulberry32, officeTime, SEED_TZ, type Rand } from './rng';

export const CATALOGUE: Array<{ code: string; name: string }> = [
  { code: 'A3', name: '奥迪A3L Limousine' },
  { code: 'A4L', name: '奥迪A4L' },
  { code: 'A6L', name: '奥迪A6L' },
  { code: 'A8L', name: '奥迪A8L' },
  { code: 'Q3', name: '奥迪Q3' },
  { code: 'Q5L', name: '奥迪Q5L' },
  { code: 'Q7', name: '奥迪Q7' },
  { code: 'Q4 e-tron', name: '奥迪Q4 e-tron' },
  { code: 'Q6 e-tron', name: '奥迪Q6 e-tron' },
  { code: 'e-tron GT', name: '奥迪e-tron GT' },
];
/** Seasonal index by calendar month (Spring Festival in Feb; strong spring and year-end fleet budgets). */
const SEASON = [0, 0.95, 0.55, 1.1, 1.2, 1.2, 1.25, 0.85, 0.85, 1.1, 0.95, 1.15, 1.3];
/** Average cars ordered per month, per dealer (before the seasonal index). */
const BASE_CARS: Record<string, number> = { 'cd-rongcheng': 31, 'cq-yuzhou': 25 };
const HISTORY_MONTHS = 15;
/** Orders start this many months earlier, so the first month of history opens with a backlog and deliveries. */
const RUN_IN_MONTHS = 2;
const FLEET_SIZES = [1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 4, 4, 5, 6, 8, 10, 12];
const CANCEL_REASONS = [
  '客户预算被收回，取消采购',
  '客户改选竞品，退订',
  '单位采购计划调整',
  '交车周期过长，客户取消订单',
];

type Log = (s: string) => void;
type Who = 'consultant' | 'consultant_b';
interface Ctx {
  rng: Rand;
  cal: WorkingCalendar;
  today: string;
  dealer: DealerSeed;
}
interface Order {
  id: string;
  orderNo?: string;
  who: Who;
  prospectId: string | null;
  accountIndex: number;
  customerType: string;
  developmentType: string;
  model: string;
  quantity: number;
  orderDate: string;
  cancelledAt: string | null;
}
interface Prospect {
  id: string;
  accountIndex: number;
  who: Who;
  model: string;
  quantity: number;
  developmentType: string;
  channel: string;
  path: Array<{ to: Grade; on: string }>;
}

const monthAdd = (month: string, n: number) => {
  const [y, m] = month.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
};

/** The first working day on or after date. */
function workday(cal: WorkingCalendar, date: string): string {
  let d = date;
  while (!cal.isWorkingDay(d)) d = addCalendarDays(d, 1);
  return d;
}
/** The last working day on or before date. */
function workdayBefore(cal: WorkingCalendar, date: string): string {
  let d = date;
  while (!cal.isWorkingDay(d)) d = addCalendarDays(d, -1);
  return d;
}

function pickQuantity(rng: Rand, type: string, model: string): number {
  const kit = MODELS_BY_TYPE[type as keyof typeof MODELS_BY_TYPE];
  const q = type === 'employee' ? rng.int(1, 3) : type === 'general' ? rng.int(1, 4) : rng.pick(FLEET_SIZES);
  return Math.max(1, Math.min(q, kit.qty[1], SMALL_BATCH_MODELS[model] ?? 12));
}

function channelFor(rng: Rand, developmentType: string): string {
  return developmentType === 'repeat'
    ? rng.pick(['repeat_purchase', 'repeat_purchase', 'trade_in', 'referral'])
    : rng.pick(['business_event', 'showroom', 'circle_club', 'cold_visit', 'referral', 'cold_visit']);
}

/** A grade path walked backwards from its last step on `end`: each earlier step `gap` days before. */
function pathBack(
  ctx: Ctx,
  grades: Grade[],
  end: string,
  gap: (from: Grade) => number,
): Array<{ to: Grade; on: string }> {
  const out = [{ to: grades[grades.length - 1], on: end }];
  for (let i = grades.length - 2; i >= 0; i--)
    out.unshift({ to: grades[i], on: workdayBefore(ctx.cal, addCalendarDays(out[0].on, -gap(grades[i]))) });
  return out;
}
/** Days a prospect typically stays in a grade before moving on. */
const stay =
  (rng: Rand) =>
  (g: Grade): number =>
    (
      ({ C: rng.int(30, 90), B: rng.int(20, 60), A: rng.int(10, 40), H: rng.int(3, 25), D: rng.int(20, 60) }) as Record<
        string,
        number
      >
    )[g] ?? 14;

const WIN_PATHS: Grade[][] = [
  ['C', 'B', 'A', 'H', 'O'],
  ['B', 'A', 'H', 'O'],
  ['B', 'A', 'H', 'O'],
  ['A', 'H', 'O'],
  ['A', 'H', 'O'],
  ['A', 'H', 'O'],
  ['A', 'B', 'A', 'H', 'O'],
  ['H', 'O'],
  ['H', 'O'],
  ['C', 'B', 'A', 'O'],
];
const LOST_PATHS: Grade[][] = [
  ['H', 'F'],
  ['A', 'F'],
  ['A', 'F'],
  ['A', 'H', 'F'],
  ['A', 'H', 'F'],
  ['B', 'A', 'F'],
  ['B', 'A', 'H', 'F'],
  ['A', 'D'],
  ['H', 'A', 'D'],
  ['A', 'B', 'F'],
  ['C', 'B', 'A', 'F'],
  ['H', 'A', 'F'],
];
const LINGER_PATHS: Grade[][] = [
  ['C', 'D'],
  ['B', 'D'],
  ['C', 'F'],
  ['B', 'C', 'D'],
  ['C', 'B', 'F'],
  ['B', 'F'],
  ['C', 'F'],
];

function newProspect(
  ctx: Ctx,
  accountIndex: number,
  who: Who,
  grades: Grade[],
  end: string,
  lingering = false,
): Prospect {
  const { rng, dealer } = ctx;
  const type = dealer.accounts[accountIndex].type;
  const model = rng.pick(MODELS_BY_TYPE[type].models);
  const developmentType = type === 'historical' || rng.chance(0.25) ? 'repeat' : 'new';
  const gap = lingering ? () => rng.int(60, 200) : stay(rng);
  return {
    id: randomUUID(),
    accountIndex,
    who,
    model,
    quantity: pickQuantity(rng, type, model),
    developmentType,
    channel: channelFor(rng, developmentType),
    path: pathBack(ctx, grades, end, gap),
  };
}

/** A random working day of the month strictly before `before`, or null when there is none. */
function dayIn(ctx: Ctx, month: string, before: string): string | null {
  const days = ctx.cal
    .workingDays(`${month}-01`, addCalendarDays(`${monthAdd(month, 1)}-01`, -1))
    .filter((d) => d < before);
  return days.length ? ctx.rng.pick(days) : null;
}

export function planSalesHistory(
  dealer: DealerSeed,
  today: string,
  existingO: Array<{
    id: string;
    who: Who;
    model: string;
    quantity: number;
    developmentType: string;
    accountIndex: number;
    oOn: string;
  }>,
) {
  const ctx: Ctx = { rng: mulberry32(dealer.seed ^ 0x5a1e5), cal: new WorkingCalendar(), today, dealer };
  const { rng, cal } = ctx;
  const first = monthAdd(today.slice(0, 7), -HISTORY_MONTHS);
  const months = Array.from({ length: HISTORY_MONTHS + 1 }, (_, i) => monthAdd(first, i));
  const orderMonths = [
    ...Array.from({ length: RUN_IN_MONTHS }, (_, i) => monthAdd(first, i - RUN_IN_MONTHS)),
    ...months,
  ];
  const prospects: Prospect[] = [];
  const orders: Order[] = existingO.map((p) => ({
    id: randomUUID(),
    who: p.who,
    prospectId: p.id,
    accountIndex: p.accountIndex,
    customerType: dealer.accounts[p.accountIndex].type,
    developmentType: p.developmentType,
    model: p.model,
    quantity: p.quantity,
    orderDate: p.oOn,
    cancelledAt: null,
  }));
  const pickWho = (): Who => (rng.chance(0.55) ? 'consultant' : 'consultant_b');
  for (const month of orderMonths) {
    const share =
      month === today.slice(0, 7)
        ? cal.workingDays(`${month}-01`, addCalendarDays(today, -1)).length /
          cal.workingDays(`${month}-01`, addCalendarDays(`${monthAdd(month, 1)}-01`, -1)).length
        : 1;
    // A month's fleet business swings by a third either way around the season (a few large deals more or
    // fewer); a ±10 % band made every month look like the same month last year, which no dealer's history does.
    let cars =
      Math.round(BASE_CARS[dealer.code] * SEASON[Number(month.slice(5))] * (0.65 + rng.next() * 0.7) * share) -
      orders.filter((o) => o.orderDate.startsWith(month)).reduce((s, o) => s + o.quantity, 0);
    let winners = 0;
    while (cars > 0) {
      const orderDate = dayIn(ctx, month, today);
      if (!orderDate) break;
      const accountIndex = rng.int(0, dealer.accounts.length - 1);
      const type = dealer.accounts[accountIndex].type;
      let o: Order;
      if (rng.chance(0.7)) {
        // won from a prospect: its grade history ends in O on the order date
        const p = newProspect(ctx, accountIndex, pickWho(), rng.pick(WIN_PATHS), orderDate);
        prospects.push(p);
        winners++;
        o = {
          id: randomUUID(),
          who: p.who,
          prospectId: p.id,
          accountIndex,
          customerType: type,
          developmentType: p.developmentType,
          model: p.model,
          quantity: p.quantity,
          orderDate,
          cancelledAt: null,
        };
      } else {
        // a repeat buyer's order recorded straight away
        const model = rng.pick(MODELS_BY_TYPE[type].models);
        o = {
          id: randomUUID(),
          who: pickWho(),
          prospectId: null,
          accountIndex,
          customerType: type,
          developmentType: type === 'historical' || rng.chance(0.5) ? 'repeat' : 'new',
          model,
          quantity: pickQuantity(rng, type, model),
          orderDate,
          cancelledAt: null,
        };
      }
      if (o.quantity > cars + 2) o.quantity = Math.max(1, cars); // the month's last order does not overshoot much
      if (rng.chance(0.045)) {
        // 拒单 before anything is delivered; a cancelled order does not count towards the month
        const on = workday(cal, addCalendarDays(orderDate, rng.int(3, 25)));
        if (on < today) o.cancelledAt = on;
      }
      if (!o.cancelledAt) cars -= o.quantity;
      orders.push(o);
    }
    // The ones that got away this month (F / D from H, A, B), and B/C leads that lingered for months.
    const lostCount = Math.round(Math.max(winners, 2) * (1.4 + rng.next() * 0.5));
    for (let i = 0; i < lostCount; i++) {
      const end = dayIn(ctx, month, addCalendarDays(today, -2));
      if (end)
        prospects.push(newProspect(ctx, rng.int(0, dealer.accounts.length - 1), pickWho(), rng.pick(LOST_PATHS), end));
    }
    for (let i = rng.int(9, 13); i > 0; i--) {
      const end = dayIn(ctx, month, addCalendarDays(today, -30));
      if (end)
        prospects.push(
          newProspect(ctx, rng.int(0, dealer.accounts.length - 1), pickWho(), rng.pick(LINGER_PATHS), end, true),
        );
    }
  }
  orders.sort((a, b) => a.orderDate.localeCompare(b.orderDate));
  const seq = new Map<string, number>();
  for (const o of orders) {
    const ym = o.orderDate.slice(0, 7).replace('-', '');
    seq.set(ym, (seq.get(ym) ?? 0) + 1);
    o.orderNo = `KA-${ym}-${String(seq.get(ym)).padStart(4, '0')}`;
  }

  // Deliveries 2–8 weeks after the order (fleets of 4+ often in 2–3 parts); licensing and submission after.
  const deliveries: Array<{ id: string; order: Order; quantity: number; deliveryDate: string }> = [];
  const submissions: Array<{
    delivery: (typeof deliveries)[number];
    quantity: number;
    licensingDate: string;
    submittedDate: string;
  }> = [];
  const delivered = new Map<string, number>();
  for (const o of orders) {
    if (o.cancelledAt) continue;
    const parts = o.quantity >= 4 && rng.chance(0.45) ? (o.quantity >= 8 && rng.chance(0.4) ? 3 : 2) : 1;
    let left = o.quantity;
    let on = addCalendarDays(o.orderDate, 14 + Math.round((rng.next() + rng.next()) * 21));
    for (let k = 0; k < parts; k++) {
      const qty = k === parts - 1 ? left : Math.max(1, Math.round(left / (parts - k) + rng.int(-1, 1)));
      const deliveryDate = workday(cal, on);
      if (deliveryDate >= today) break;
      const d = { id: randomUUID(), order: o, quantity: qty, deliveryDate };
      deliveries.push(d);
      delivered.set(o.id, (delivered.get(o.id) ?? 0) + qty);
      left -= qty;
      on = addCalendarDays(deliveryDate, rng.int(7, 21));
      const licensingDate = workday(cal, addCalendarDays(deliveryDate, rng.int(3, 15)));
      const split = qty >= 3 && rng.chance(0.15) ? rng.int(1, qty - 1) : qty;
      for (const [q, lag] of [
        [split, 0],
        [qty - split, rng.int(5, 12)],
      ] as const) {
        if (q === 0) continue;
        const lic = lag ? workday(cal, addCalendarDays(licensingDate, lag)) : licensingDate;
        const submittedDate = workday(cal, addCalendarDays(lic, rng.int(1, 10)));
        if (submittedDate < today) submissions.push({ delivery: d, quantity: q, licensingDate: lic, submittedDate });
      }
    }
  }

  // Stock per model and month: past months ≥ what was delivered (×1.0–1.5); this month and the next
  // two ≈ 0.8–1.5 × the expected deliveries (the model's recent monthly average, seasonally adjusted).
  const stockMonths = [...months, monthAdd(today.slice(0, 7), 1), monthAdd(today.slice(0, 7), 2)];
  const aak = new Map<string, number>();
  for (const d of deliveries)
    aak.set(
      `${d.order.model}|${d.deliveryDate.slice(0, 7)}`,
      (aak.get(`${d.order.model}|${d.deliveryDate.slice(0, 7)}`) ?? 0) + d.quantity,
    );
  const recent = months.slice(-7, -1);
  const stock: Array<{ model: string; month: string; quantity: number }> = [];
  for (const { code } of CATALOGUE) {
    const avg = recent.reduce((s, m) => s + (aak.get(`${code}|${m}`) ?? 0), 0) / recent.length;
    for (const month of stockMonths) {
      const actual = aak.get(`${code}|${month}`) ?? 0;
      const expected = avg * SEASON[Number(month.slice(5))];
      const quantity =
        month < today.slice(0, 7)
          ? Math.ceil(actual * (1 + rng.next() * 0.5)) + (actual === 0 ? rng.int(0, 2) : 0)
          : Math.max(actual, Math.round(expected * (0.8 + rng.next() * 0.7)));
      stock.push({ model: code, month, quantity });
    }
  }
  return { orders, prospects, deliveries, submissions, stock, delivered, first };
}

async function insertAll<T extends ObjectLiteral>(
  m: EntityManager,
  target: EntityTarget<T>,
  rows: object[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 500)
    await m
      .createQueryBuilder()
      .insert()
      .into(target)
      .values(rows.slice(i, i + 500) as any)
      .execute();
}

function reason(rng: Rand, from: Grade | null, to: Grade): string {
  if (from === null) return rng.pick(GRADE_REASONS.initial);
  if (to === 'O') return rng.pick(GRADE_REASONS.toO);
  if (to === 'F') return rng.pick(GRADE_REASONS.toF);
  if (to === 'D') return rng.pick(GRADE_REASONS.toD);
  return 'OHABC'.indexOf(to) < 'OHABC'.indexOf(from) ? rng.pick(GRADE_REASONS.up) : rng.pick(GRADE_REASONS.down);
}

export async function seedSalesHistory(
  m: EntityManager,
  dealer: DealerSeed,
  dealerId: string,
  users: Record<string, UserEntity>,
  ids: { accountIds: string[]; contactIds: string[] },
  today: string,
  log: Log,
): Promise<void> {
  await m
    .createQueryBuilder()
    .insert()
    .into(CarModelEntity)
    .values(CATALOGUE.map((c, i) => ({ dealerId, code: c.code, name: c.name, active: true, sortOrder: (i + 1) * 10 })))
    .orIgnore()
    .execute();
  const [{ any }] = await m.query(`SELECT EXISTS (SELECT 1 FROM "sales_order" WHERE "dealerId" = $1) AS any`, [
    dealerId,
  ]);
  if (any) {
    log('  sales history: already there (orders exist), left as is');
    return;
  }

  const who = (userId: string): Who =>
    userId === users[`consultant_b${dealer.suffix}`].id ? 'consultant_b' : 'consultant';
  const userOf = (w: Who) => users[`${w}${dealer.suffix}`].id;
  // The seeded prospects now at O get their order, signed on the day they became O.
  const oRows: Array<{
    id: string;
    ownerId: string;
    model: string;
    quantity: number;
    developmentType: string;
    accountId: string;
    at: Date;
  }> = await m.query(
    `SELECT p."id", p."ownerId", p."model", p."quantity", p."developmentType", p."accountId", MAX(g."at") AS at
       FROM "prospect" p JOIN "grade_change" g ON g."prospectId" = p."id" AND g."toGrade" = 'O'
      WHERE p."dealerId" = $1 AND p."grade" = 'O' GROUP BY p."id" ORDER BY p."id"`,
    [dealerId],
  );
  const existingO = oRows
    .filter((p) => ids.accountIds.includes(p.accountId))
    .map((p) => ({
      id: p.id,
      who: who(p.ownerId),
      model: p.model,
      quantity: p.quantity,
      developmentType: p.developmentType,
      accountIndex: ids.accountIds.indexOf(p.accountId),
      oOn: localDate(new Date(p.at), SEED_TZ),
    }));
  const plan = planSalesHistory(dealer, today, existingO);
  const rng = mulberry32(dealer.seed ^ 0x0ffe);

  await insertAll(
    m,
    ProspectEntity,
    plan.prospects.map((p) => {
      const created = officeTime(rng, p.path[0].on);
      const last = p.path[p.path.length - 1];
      return {
        id: p.id,
        dealerId,
        accountId: ids.accountIds[p.accountIndex],
        contactId: ids.contactIds[p.accountIndex],
        model: p.model,
        quantity: p.quantity,
        grade: last.to,
        hot: false,
        channel: p.channel,
        developmentType: p.developmentType,
        ownerId: userOf(p.who),
        note: null,
        sourceVisitId: null,
        sourceEventId: null,
        nextFollowUpDue: null,
        createdAt: created,
        updatedAt: officeTime(rng, last.on),
        version: p.path.length,
      };
    }),
  );
  await insertAll(
    m,
    GradeChangeEntity,
    plan.prospects.flatMap((p) =>
      p.path.map((step, k) => ({
        dealerId,
        prospectId: p.id,
        fromGrade: k === 0 ? null : p.path[k - 1].to,
        toGrade: step.to,
        at: officeTime(rng, step.on),
        byUserId: userOf(p.who),
        reason: reason(rng, k === 0 ? null : p.path[k - 1].to, step.to),
      })),
    ),
  );
  await insertAll(
    m,
    SalesOrderEntity,
    plan.orders.map((o) => ({
      id: o.id,
      dealerId,
      orderNo: o.orderNo,
      consultantId: userOf(o.who),
      prospectId: o.prospectId,
      accountId: ids.accountIds[o.accountIndex],
      customerType: o.customerType,
      developmentType: o.developmentType,
      model: o.model,
      quantity: o.quantity,
      orderDate: o.orderDate,
      status: o.cancelledAt ? 'cancelled' : (plan.delivered.get(o.id) ?? 0) === o.quantity ? 'delivered' : 'open',
      cancelledAt: o.cancelledAt,
      cancelReason: o.cancelledAt ? rng.pick(CANCEL_REASONS) : null,
      createdAt: officeTime(rng, o.orderDate),
    })),
  );
  await insertAll(
    m,
    DeliveryEntity,
    plan.deliveries.map((d) => ({
      id: d.id,
      dealerId,
      orderId: d.order.id,
      consultantId: userOf(d.order.who),
      model: d.order.model,
      quantity: d.quantity,
      deliveryDate: d.deliveryDate,
      createdAt: officeTime(rng, d.deliveryDate),
    })),
  );
  await insertAll(
    m,
    SystemSubmissionEntity,
    plan.submissions.map((s) => ({
      dealerId,
      deliveryId: s.delivery.id,
      model: s.delivery.order.model,
      quantity: s.quantity,
      licensingDate: s.licensingDate,
      submittedDate: s.submittedDate,
      createdAt: officeTime(rng, s.submittedDate),
    })),
  );
  await m
    .createQueryBuilder()
    .insert()
    .into(StockEntity)
    .values(plan.stock.map((s) => ({ dealerId, ...s })))
    .orIgnore()
    .execute();
  // The dealer, its people and accounts existed before the history they recorded.
  const since = officeTime(
    rng,
    workdayBefore(
      new WorkingCalendar(),
      addCalendarDays(
        plan.prospects.reduce((min, p) => (p.path[0].on < min ? p.path[0].on : min), `${plan.first}-01`),
        -7,
      ),
    ),
  );
  await m.query(`UPDATE "dealer" SET "createdAt" = LEAST("createdAt", $2) WHERE "id" = $1`, [dealerId, since]);
  await m.query(`UPDATE "app_user" SET "createdAt" = LEAST("createdAt", $2) WHERE "dealerId" = $1`, [dealerId, since]);
  await m.query(`UPDATE "account" SET "createdAt" = LEAST("createdAt", $2) WHERE "dealerId" = $1`, [dealerId, since]);
  const cars = plan.orders.filter((o) => !o.cancelledAt).reduce((s, o) => s + o.quantity, 0);
  log(
    `  sales history ${plan.first}..${today.slice(0, 7)}: ${plan.orders.length} orders (${cars} ` +
      `cars, ${plan.orders.filter((o) => o.cancelledAt).length} cancelled), ` +
      `${plan.deliveries.length} deliveries, ${plan.submissions.length} submissions, ${plan.stock.length} stock ` +
      `rows, ${plan.prospects.length} past prospects`,
  );
}
