// A month of records for the scorecard tests (October 2026 at Asia/Shanghai), written straight into the tables as
// the API and the workflows would have (the grade history a chain, prospect.grade its last toGrade). The comments
// give each row's role in the figures; tests/e2e/scorecards.e2e-spec.ts works the expected figures out by hand.
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { zonedInstant } from '@kaflow/calendar';
import type { DealerFixture } from './fixtures';

export const MONTH = '2026-10';
const sh = (day: string, time = '10:00') => zonedInstant(day, time, 'Asia/Shanghai');

type Change = [string | null, string, string];

export async function writeScorecardMonth(db: DataSource, f: DealerFixture): Promise<Record<string, string>> {
  const d = f.dealer.id;
  const A = f.users.consultant.id;
  const B = f.users.consultant_b.id;
  const ids: Record<string, string> = {};
  const account = async (name: string) => {
    const id = randomUUID();
    await db.query(`INSERT INTO account (id, "dealerId", name, "customerType") VALUES ($1, $2, $3, 'enterprise')`, [
      id,
      d,
      name,
    ]);
    await db.query(
      `INSERT INTO contact (id, "accountId", "dealerId", name, phone) VALUES ($1, $1, $2, '王经理', '13800138000')`,
      [id, d],
    );
    return id;
  };
  const visit = async (key: string, owner: string, day: string, leadsMet: number) => {
    ids[key] = randomUUID();
    await db.query(
      `INSERT INTO visit_record (id, "dealerId", "consultantId", "visitedOn", "leadsMet", summary)
      VALUES ($1, $2, $3, $4, $5, '走访')`,
      [ids[key], d, owner, day, leadsMet],
    );
  };
  await visit('v1', A, '2026-10-07', 3); // A's visits in the month: 2, leads met 3 + 2
  await visit('v2', A, '2026-10-14', 2);
  await visit('v3', A, '2026-11-02', 4); // next month
  const prospect = async (key: string, owner: string, changes: Change[], source: string | null = null) => {
    const acc = await account(`${key} 单位 ${f.dealer.code}`);
    ids[key] = randomUUID();
    const last = changes[changes.length - 1][1];
    await db.query(
      `INSERT INTO prospect (id, "dealerId", "accountId", "contactId", model, quantity, grade, channel,
        "developmentType",
        "ownerId", "sourceVisitId", "createdAt", "updatedAt", version)
      VALUES ($1, $2, $3, $3, 'A6L', 1, $4, 'cold_visit', 'new', $5, $6, $7, $7, $8)`,
      [ids[key], d, acc, last, owner, source ? ids[source] : null, sh(changes[0][2]), changes.length],
    );
    for (const [from, to, day] of changes) {
      await db.query(
        `INSERT INTO grade_change ("dealerId", "prospectId", "fromGrade", "toGrade", at, "byUserId", reason)
        VALUES ($1, $2, $3, $4, $5, $6, 'fixture')`,
        [d, ids[key], from, to, sh(day), owner],
      );
    }
  };
  await prospect('p1', A, [
    [null, 'H', '2026-09-10'],
    ['H', 'O', '2026-10-05'],
  ]); // H at start → O
  await prospect('p2', A, [
    [null, 'A', '2026-09-11'],
    ['A', 'H', '2026-11-02'],
  ]); // A at start; its change is next month
  await prospect('p3', A, [
    [null, 'A', '2026-09-12'],
    ['A', 'C', '2026-10-08'],
  ]); // A at start → C: a downgrade
  await prospect('p4', A, [
    [null, 'B', '2026-08-05'],
    ['B', 'H', '2026-10-09'],
  ]); // B at start → H
  await prospect('p5', A, [
    [null, 'C', '2026-08-06'],
    ['C', 'F', '2026-10-10'],
  ]); // C at start → F: churn, lost while overdue
  await prospect('p6', A, [[null, 'H', '2026-10-02']], 'v1'); // new H, recorded from visit v1
  await prospect('p7', A, [[null, 'W', '2026-10-03']], 'v2'); // new W, recorded from visit v2
  await prospect('p8', B, [[null, 'A', '2026-10-04']]); // B's new A
  await prospect('p9', B, [[null, 'O', '2026-09-01']]); // O, delivered before the month: not live
  await prospect('p10', B, [
    [null, 'B', '2026-07-01'],
    ['B', 'F', '2026-09-15'],
  ]); // lost before the month: not live
  await prospect('p11', A, [
    [null, 'B', '2026-09-20'],
    ['B', 'A', '2026-11-05'],
  ]); // B at start, changes next month
  await prospect('p12', A, [
    [null, 'B', '2026-10-20'],
    ['B', 'F', '2026-10-25'],
  ]); // new B, lost in the month (not overdue)
  await db.query(
    `INSERT INTO conversion_state ("prospectId", "dealerId", "workflowId", status, "deliveredAt", "endedAt",
      "startedAt",
    "updatedAt") VALUES ($1, $2, $4, 'delivered', $3, $3, $3, $3)`,
    [ids.p9, d, sh('2026-09-20'), `conversion:${d}:${ids.p9}`],
  );
  const loss = async (p: string, owner: string, day: string, overdue: boolean) =>
    db.query(
      `INSERT INTO lost_analysis ("dealerId", "prospectId", "consultantId", model, "fromGrade", "lostAt",
        "overdueAtLoss", "createdAt")
     VALUES ($1, $2, $3, 'A6L', 'B', $4, $5, $4)`,
      [d, ids[p], owner, sh(day), overdue],
    );
  await loss('p5', A, '2026-10-10', true);
  await loss('p12', A, '2026-10-25', false);
  await loss('p10', B, '2026-09-15', true); // last month
  const order = async (key: string, owner: string, qty: number, day: string, status: string) => {
    ids[key] = randomUUID();
    await db.query(
      `INSERT INTO sales_order (id, "dealerId", "orderNo", "consultantId", "customerType", "developmentType", model,
        quantity,
        "orderDate", status) VALUES ($1, $2, $3, $4, 'enterprise', 'new', 'A6L', $5, $6, $7)`,
      [ids[key], d, `${key}-${f.dealer.code}`, owner, qty, day, status],
    );
  };
  await order('o1', A, 3, '2026-10-06', 'open'); // A: 3 + 4 cars ordered, 2 cancelled
  await order('o2', A, 4, '2026-10-15', 'delivered');
  await order('o3', A, 2, '2026-10-20', 'cancelled');
  await order('o4', B, 5, '2026-10-21', 'open'); // B: 5
  await order('o5', B, 9, '2026-11-01', 'open'); // next month
  ids.d1 = randomUUID();
  await db.query(
    `INSERT INTO delivery (id, "dealerId", "orderId", "consultantId", model, quantity, "deliveryDate")
    VALUES ($1, $2, $3, $4, 'A6L', 4, '2026-10-16')`,
    [ids.d1, d, ids.o2, A],
  );
  for (const [qty, day] of [
    [4, '2026-10-28'],
    [3, '2026-11-03'],
  ] as const) {
    await db.query(
      `INSERT INTO system_submission ("dealerId", "deliveryId", model, quantity, "licensingDate", "submittedDate")
      VALUES ($1, $2, 'A6L', $3, $4, $4)`,
      [d, ids.d1, qty, day],
    );
  }
  const plan = async (kind: string, version: number, status: string, input: object, result: object) => {
    const [row] = await db.query(
      `INSERT INTO plan ("dealerId", kind, period, version, status, input, result)
      VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [d, kind, MONTH, version, status, input, result],
    );
    return row.id as string;
  };
  const approved = await plan(
    'decomposition',
    1,
    'approved',
    { targets: { orders: 20, aak: 15, submissions: 10 } },
    {},
  );
  // not approved
  const draft = await plan('decomposition', 2, 'draft', { targets: { orders: 999, aak: 999, submissions: 999 } }, {});
  for (const [planId, who, orders] of [
    [approved, A, 10],
    [approved, B, 8],
    [draft, A, 500],
  ] as const) {
    await db.query(
      `INSERT INTO personal_target ("dealerId", month, "planId", "consultantId", targets, status)
      VALUES ($1, $2, $3, $4, $5, 'confirmed')`,
      [d, MONTH, planId, who, { orders, aak: 0, submissions: 0 }],
    );
  }
  await plan(
    'lead',
    1,
    'approved',
    {},
    {
      models: [
        { model: 'A6L', leadTarget: 6, newHaTarget: 3, bcToHaTarget: 1 },
        { model: 'Q5L', leadTarget: 2, newHaTarget: 1, bcToHaTarget: 0 },
      ],
    },
  );
  const planned: string[] = [];
  for (let i = 0; i < 4; i++) {
    // A planned 4 visits for October
    const [row] = await db.query(
      `INSERT INTO visit_plan ("dealerId", "consultantId", month, "plannedDate") VALUES ($1, $2, $3, $4) RETURNING id`,
      [d, A, MONTH, `2026-10-${10 + i}`],
    );
    planned.push(row.id);
  }
  // A checked in (走访签到) on the 10th's visit that day (10:00 in Shanghai) and on the 11th's a day late: only the
  // first counts as done; the visit records v1, v2 above are not check-ins and count for nothing here.
  const checkIn = `INSERT INTO visit_check_in ("dealerId", "planId", "consultantId", "checkedInAt", "localDate")
    VALUES ($1, $2, $3, $4, $5)`;
  await db.query(checkIn, [d, planned[0], A, '2026-10-10T02:00:00Z', '2026-10-10']);
  await db.query(checkIn, [d, planned[1], A, '2026-10-12T02:00:00Z', '2026-10-12']);
  ids.e1 = randomUUID();
  await db.query(
    `INSERT INTO sales_event (id, "dealerId", kind, name, "ownerId", "plannedDate", "heldOn")
    VALUES ($1, $2, 'outreach', '车展', $3, '2026-10-18', '2026-10-18')`,
    [ids.e1, d, A],
  );
  for (const p of [ids.p12, null, null]) {
    // 3 leads met at A's event, 1 recorded
    await db.query(`INSERT INTO event_lead ("dealerId", "eventId", name, "prospectId") VALUES ($1, $2, '线索', $3)`, [
      d,
      ids.e1,
      p,
    ]);
  }
  const callback = async (p: string, owner: string, outcome: string, day: string) =>
    db.query(
      `INSERT INTO callback_check ("workflowId", "dealerId", "prospectId", "ownerId", status, outcome, "dueAt",
        "doneAt", "onTime", "createdAt")
     VALUES ($1, $2, $3, $4, 'closed', $5, $6, $6, true, $6)`,
      [`callback:${d}:${ids[p]}`, d, ids[p], owner, outcome, sh(day)],
    );
  await callback('p6', A, 'verified', '2026-10-08');
  await callback('p7', A, 'incorrect', '2026-10-09');
  await callback('p8', B, 'unreachable', '2026-10-10');
  await callback('p12', A, 'verified', '2026-10-29');
  await callback('p1', A, 'verified', '2026-11-02'); // next month
  return ids;
}
