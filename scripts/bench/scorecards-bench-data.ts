// Generated records for bench:scorecards, written by PostgreSQL itself (generate_series) into one bench dealer:
// N prospects over two years (2024-12 … 2026-11), each with changes ÷ N grade-history rows three days apart,
// plus orders, callbacks, losses, deliveries, visits, events and the month's approved plans. Ids are md5-derived,
// so the data is the same on every machine. Written once; a later run finds the dealer and reuses it.
import type { DataSource } from 'typeorm';

const CODE = 'bench-scorecards';
const CONSULTANTS = 20;
const GRADES = `ARRAY['C','B','A','H','O','D','F','A']::varchar[]`;
const grade = (i: string, j: string) => `(${GRADES})[1 + ((${i} * 7 + (${j}) * 3) % 8)]`;
const uid = (kind: string, i: string) => `md5('${CODE}-${kind}-' || ${i})::uuid`;
const CREATED = (i: string, n: number) =>
  `(timestamptz '2024-12-01 09:00+08' + (${i}::float8 / ${n}) * interval '715 days')`;

export async function fillBench(
  ds: DataSource,
  o: { prospects: number; changes: number; reset: boolean },
): Promise<string> {
  const existing = await ds.query(`SELECT id FROM dealer WHERE code = $1`, [CODE]);
  if (existing.length && !o.reset) {
    const [c] = await ds.query(`SELECT count(*)::int AS n FROM prospect WHERE "dealerId" = $1::uuid`, [existing[0].id]);
    if (c.n === o.prospects) return existing[0].id;
  }
  if (existing.length) {
    console.log('removing the previous bench dealer …');
    const id = existing[0].id;
    for (const t of [
      'grade_change',
      'callback_check',
      'lost_analysis',
      'conversion_state',
      'system_submission',
      'delivery',
      'sales_order',
      'visit_record',
      'visit_plan',
      'event_lead',
      'sales_event',
      'personal_target',
      'plan',
      'prospect',
      'contact',
      'account',
      'dealer_policy',
      'app_user',
    ]) {
      await ds.query(`DELETE FROM "${t}" WHERE "dealerId" = $1::uuid`, [id]);
    }
    await ds.query(`DELETE FROM dealer WHERE id = $1::uuid`, [id]);
  }
  const n = o.prospects;
  const per = Math.max(1, Math.round(o.changes / n));
  const step = async (label: string, sql: string, params: unknown[] = []) => {
    const t0 = Date.now();
    for (const one of sql.split(/;\n/)) await ds.query(one, one.includes('$1') ? params : []);
    console.log(`  ${label} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  };
  console.log(`filling the bench dealer: ${n} prospects × ${per} grade changes …`);
  const [region] = await ds.query(
    `INSERT INTO region (code, name) VALUES ('bench', '基准区') ON CONFLICT (code) DO UPDATE SET name = excluded.name
      RETURNING id`,
  );
  const [dealer] = await ds.query(
    `INSERT INTO dealer ("regionId", code, name) VALUES ($1::uuid, $2, '基准经销商') RETURNING id`,
    [region.id, CODE],
  );
  const d = dealer.id;
  await step(
    'users',
    `INSERT INTO app_user (id, "dealerId", username, "displayName", email, "passwordHash", roles)
    SELECT ${uid('u', 'i')}, $1::uuid, '${CODE}-c' || i, '顾问 ' || i, 'c' || i || '@bench.local', 'x',
      ARRAY['consultant']
      FROM generate_series(0, ${CONSULTANTS - 1}) i
    UNION ALL SELECT gen_random_uuid(), $1::uuid, '${CODE}-' || r, r, r || '@bench.local', 'x', ARRAY[r]
      FROM unnest(ARRAY['ka_manager','sales_director','gm','marketing_director','cs_manager']) r`,
    [d],
  );
  await step(
    'accounts and contacts',
    `WITH a AS (INSERT INTO account (id, "dealerId", name, "customerType")
      SELECT ${uid('a', 'i')}, $1::uuid, '基准单位 ' || i, 'enterprise' FROM generate_series(0, 1999) i RETURNING id)
    INSERT INTO contact (id, "accountId", "dealerId", name, phone) SELECT id, id, $1::uuid, '联系人', '13800000000'
      FROM a`,
    [d],
  );
  await step(
    'prospects',
    `INSERT INTO prospect (id, "dealerId", "accountId", "contactId", model, quantity, grade, channel,
      "developmentType", "ownerId", "createdAt", "updatedAt", version)
    SELECT ${uid('p', 'i')}, $1::uuid, ${uid('a', 'i % 2000')}, ${uid('a', 'i % 2000')}, 'A6L', 1 + i % 5,
      ${grade('i', String(per - 1))},
           'cold_visit', 'new', ${uid('u', `i % ${CONSULTANTS}`)}, ${CREATED('i', n)}, ${CREATED('i', n)}, ${per}
      FROM generate_series(0, ${n - 1}) i`,
    [d],
  );
  await step(
    'grade history',
    `INSERT INTO grade_change ("dealerId", "prospectId", "fromGrade", "toGrade", at, "byUserId")
    SELECT $1::uuid, ${uid('p', 'i')}, CASE WHEN j = 0 THEN NULL ELSE ${grade('i', 'j - 1')} END, ${grade('i', 'j')},
           ${CREATED('i', n)} + j * interval '3 days' + (i % 7) * interval '1 minute', ${uid('u', `i % ${CONSULTANTS}`)}
      FROM generate_series(0, ${n - 1}) i, generate_series(0, ${per - 1}) j`,
    [d],
  );
  await step(
    'orders',
    `INSERT INTO sales_order (id, "dealerId", "orderNo", "consultantId", "prospectId", "customerType",
      "developmentType",
      model, quantity, "orderDate", status)
    SELECT ${uid('o', 'i')}, $1::uuid, 'B' || i, ${uid('u', `i % ${CONSULTANTS}`)}, ${uid('p', 'i')}, 'enterprise',
      'new', 'A6L', 1 + i % 3,
           (${CREATED('i', n)} + interval '10 days')::date, CASE WHEN i % 17 = 0 THEN 'cancelled' ELSE 'open' END
      FROM generate_series(0, ${n - 1}, 10) i`,
    [d],
  );
  await step(
    'callbacks',
    `INSERT INTO callback_check ("workflowId", "dealerId", "prospectId", "ownerId", status, outcome, "dueAt",
      "doneAt", "onTime", "createdAt")
    SELECT 'callback:bench:' || i, $1::uuid, ${uid('p', 'i')}, ${uid('u', `i % ${CONSULTANTS}`)}, 'closed',
           (ARRAY['verified','verified','verified','incorrect','unreachable','denied'])[1 + i % 6],
           ${CREATED('i', n)} + interval '7 days', ${CREATED('i', n)} + interval '3 days', true, ${CREATED('i', n)}
      FROM generate_series(0, ${n - 1}, 2) i`,
    [d],
  );
  await step(
    'losses and deliveries',
    `INSERT INTO lost_analysis ("dealerId", "prospectId", "consultantId", model, "fromGrade", "lostAt",
      "overdueAtLoss", "createdAt")
    SELECT $1::uuid, ${uid('p', 'i')}, ${uid('u', `i % ${CONSULTANTS}`)}, 'A6L', 'B', ${CREATED('i', n)} + interval
      '9 days', i % 4 = 0,
           ${CREATED('i', n)} + interval '9 days'
      FROM generate_series(0, ${n - 1}, 9) i;
    INSERT INTO conversion_state ("prospectId", "dealerId", "workflowId", status, "deliveredAt", "endedAt", "startedAt",
      "updatedAt")
    SELECT ${uid('p', 'i')}, $1::uuid, 'conversion:bench:' || i, 'delivered', ${CREATED('i', n)} + interval '20 days',
           ${CREATED('i', n)} + interval '20 days', ${CREATED('i', n)}, ${CREATED('i', n)}
      FROM generate_series(0, ${n - 1}, 11) i`,
    [d],
  );
  await step(
    'visits, plans, events',
    `INSERT INTO visit_record ("dealerId", "consultantId", "visitedOn", "leadsMet", summary)
    SELECT $1::uuid, ${uid('u', `i % ${CONSULTANTS}`)}, date '2024-12-01' + (i % 730), 1 + i % 3, '走访'
      FROM generate_series(0, 29999) i;
    INSERT INTO visit_plan ("dealerId", "consultantId", month, "plannedDate")
    SELECT $1::uuid, ${uid('u', `i % ${CONSULTANTS}`)}, to_char(date '2024-12-01' + (i % 730), 'YYYY-MM'), date
      '2024-12-01' + (i % 730)
      FROM generate_series(0, 35999) i;
    INSERT INTO sales_event (id, "dealerId", kind, name, "ownerId", "plannedDate", "heldOn")
    SELECT ${uid('e', 'i')}, $1::uuid, 'outreach', '活动 ' || i, ${uid('u', `i % ${CONSULTANTS}`)}, date '2024-12-01' + (i
      * 3 % 730),
           date '2024-12-01' + (i * 3 % 730) FROM generate_series(0, 499) i;
    INSERT INTO event_lead ("dealerId", "eventId", name, "prospectId")
    SELECT $1::uuid, ${uid('e', 'i / 10')}, '线索', CASE WHEN i % 3 = 0 THEN ${uid('p', 'i * 37')} END
      FROM generate_series(0, 4999) i;
    INSERT INTO delivery (id, "dealerId", "orderId", "consultantId", model, quantity, "deliveryDate")
    SELECT ${uid('d', 'i')}, $1::uuid, ${uid('o', 'i')}, ${uid('u', `i % ${CONSULTANTS}`)}, 'A6L', 1,
      (${CREATED('i', n)} + interval '30 days')::date
      FROM generate_series(0, ${n - 1}, 20) i;
    INSERT INTO system_submission ("dealerId", "deliveryId", model, quantity, "licensingDate", "submittedDate")
    SELECT $1::uuid, ${uid('d', 'i')}, 'A6L', 1, (${CREATED('i', n)} + interval '40 days')::date, (${CREATED('i', n)} +
      interval '42 days')::date
      FROM generate_series(0, ${n - 1}, 20) i`,
    [d],
  );
  await step(
    'approved plans and personal targets',
    `WITH m AS (SELECT to_char(date '2024-12-01' + k * interval '1 month', 'YYYY-MM') AS month
      FROM generate_series(0, 24) k),
    dp AS (INSERT INTO plan ("dealerId", kind, period, version, status, input, result)
      SELECT $1::uuid, 'decomposition', month, 1, 'approved', '{"targets":{"orders":900,"aak":800,"submissions":450}}',
        '{}' FROM m RETURNING id, period)
    INSERT INTO personal_target ("dealerId", month, "planId", "consultantId", targets, status)
    SELECT $1::uuid, dp.period, dp.id, ${uid('u', 'c')}, '{"orders":45}', 'confirmed'
      FROM dp, generate_series(0, ${CONSULTANTS - 1}) c;
    INSERT INTO plan ("dealerId", kind, period, version, status, input, result)
    SELECT $1::uuid, 'lead', to_char(date '2024-12-01' + k * interval '1 month', 'YYYY-MM'), 1, 'approved', '{}',
           '{"models":[{"model":"A6L","leadTarget":8000,"newHaTarget":3000,"bcToHaTarget":500}]}'
             FROM generate_series(0, 24) k`,
    [d],
  );
  await step('VACUUM ANALYZE', `VACUUM ANALYZE`);
  return d;
}
