// Follow-up state behind the seeded history (process 6), so the demo's follow-up workflows start
// believable: prospects whose order has been delivered are owners (保有客户) and have no follow-up
// workflow, and most live prospects were followed up within their grade's cadence; about one in seven
// was not, and shows up as an overdue follow-up in the manager's inbox once the worker starts their
// follow-up workflows. The dealer's first consultant (`consultant`, `consultant2`) also starts the day with work
// on the home: three of their stale prospects were last followed up exactly one cadence ago, so they fall due
// today (when today is a working day), and their first H prospect is a hot customer (热点客户). Written once per
// dealer (a second seed run finds its marker and leaves everything as is).
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { addCalendarDays, localDate, zonedInstant } from '@kaflow/calendar';
import { DEFAULT_POLICY, isoDurationMs, type PolicyDuration } from '@kaflow/domain';
import { followUpWorkflowId } from '@kaflow/workflows';

const MARK = '【例行跟进】';
const DAY = 86_400_000;
/** The demo dealers' time zone (the seeded policy's). */
const TIME_ZONE = 'Asia/Shanghai';
const CHANNELS = ['phone', 'wechat', 'visit', 'phone', 'showroom'];
const NOTES = [
  '电话沟通用车计划，客户预算审批中',
  '微信发送车型配置与大客户政策',
  '拜访车管科，确认下季度更新计划',
  '邀请参加展厅试驾活动',
  '跟进报价反馈，客户比较竞品',
];

/** A stable number in [0, 1) per prospect: the same choice on every machine and every run. */
const unit = (id: string, salt: string) =>
  createHash('sha1').update(`${salt}:${id}`).digest().readUInt32BE(0) / 2 ** 32;
const cadenceDays = (d: PolicyDuration) =>
  typeof d === 'string' ? (isoDurationMs(d) ?? 7 * DAY) / DAY : d.workingDays * 1.4;

export async function seedFollowUpHistory(
  m: EntityManager,
  dealerId: string,
  now: Date,
  log: (s: string) => void,
): Promise<void> {
  const [{ done }] = await m.query(
    `SELECT EXISTS (SELECT 1 FROM follow_up WHERE "dealerId" = $1 AND content LIKE $2) AS done`,
    [dealerId, `${MARK}%`],
  );
  if (done) return;
  // owners: O prospects whose order has a delivery
  const owners: Array<{ id: string; at: string }> = await m.query(
    `SELECT o."prospectId" AS id, MIN(d."deliveryDate")::text AS at FROM sales_order o JOIN delivery d
      ON d."orderId" = o.id
      JOIN prospect p ON p.id = o."prospectId" AND p.grade = 'O'
      WHERE o."dealerId" = $1 GROUP BY o."prospectId"`,
    [dealerId],
  );
  for (const o of owners) {
    const at = new Date(`${o.at}T12:00:00+08:00`);
    await m.query(
      `INSERT INTO conversion_state ("prospectId", "dealerId", "workflowId", status, "deliveredAt", "endedAt",
        "startedAt", "updatedAt")
       VALUES ($1, $2, $3, 'delivered', $4, $4, $4, $4) ON CONFLICT DO NOTHING`,
      [o.id, dealerId, followUpWorkflowId(dealerId, o.id), at],
    );
  }
  // live prospects last touched longer ago than their cadence
  const stale: Array<{ id: string; grade: string; ownerId: string; touched: Date }> = await m.query(
    `SELECT p.id, p.grade, p."ownerId", GREATEST(MAX(g.at), COALESCE(MAX(f.at), MAX(g.at))) AS touched
       FROM prospect p JOIN grade_change g ON g."prospectId" = p.id LEFT JOIN follow_up f ON f."prospectId" = p.id
      WHERE p."dealerId" = $1 AND p.grade IN ('O','H','A','B','C','D')
        AND NOT EXISTS (SELECT 1 FROM conversion_state s WHERE s."prospectId" = p.id)
      GROUP BY p.id ORDER BY p.id`,
    [dealerId],
  );
  const rows: unknown[][] = [];
  let overdue = 0;
  const [first] = await m.query(
    `SELECT id FROM app_user WHERE "dealerId" = $1 AND username ~ '^consultant[0-9]*$' ORDER BY username LIMIT 1`,
    [dealerId],
  );
  const today = localDate(now, TIME_ZONE);
  let dueToday = 0;
  for (const p of stale) {
    const cadence = DEFAULT_POLICY.followUpCadence[p.grade as keyof typeof DEFAULT_POLICY.followUpCadence];
    const days = cadenceDays(cadence);
    if (now.getTime() - new Date(p.touched).getTime() < days * DAY) continue; // within its cadence already
    if (first && p.ownerId === first.id && dueToday < 3 && typeof cadence === 'string' && p.grade !== 'O') {
      // one whole-day cadence ago, at 10:00 local: the next follow-up falls due today
      const at = zonedInstant(addCalendarDays(today, -days), '10:00', TIME_ZONE);
      if (at.getTime() > new Date(p.touched).getTime()) {
        dueToday++;
        rows.push([dealerId, p.id, p.ownerId, 'phone', `${MARK}${NOTES[0]}`, at]);
        continue;
      }
    }
    if (unit(p.id, 'overdue') < 0.15) {
      overdue++;
      continue;
    } // left overdue on purpose
    const at = new Date(now.getTime() - (0.2 + 0.6 * unit(p.id, 'when')) * days * DAY);
    const k = Math.floor(unit(p.id, 'what') * NOTES.length);
    rows.push([dealerId, p.id, p.ownerId, CHANNELS[k], `${MARK}${NOTES[k]}`, at]);
  }
  for (let i = 0; i < rows.length; i += 200) {
    const chunk = rows.slice(i, i + 200);
    await m.query(
      `INSERT INTO follow_up ("dealerId", "prospectId", "byUserId", channel, content, at)
        VALUES ${chunk.map((_, j) => `(${[1, 2, 3, 4, 5, 6].map((k) => `$${j * 6 + k}`).join(', ')})`).join(', ')}`,
      chunk.flat(),
    );
  }
  if (first) {
    await m.query(
      `UPDATE prospect SET hot = true WHERE id = (SELECT id FROM prospect WHERE "dealerId" = $1 AND "ownerId" = $2
         AND grade = 'H' ORDER BY id LIMIT 1) AND NOT EXISTS (SELECT 1 FROM prospect WHERE "dealerId" = $1
         AND "ownerId" = $2 AND hot AND grade IN ('O','H','A','B','C'))`,
      [dealerId, first.id],
    );
  }
  log(
    `  follow-up state: ${owners.length} owners (delivered), ${rows.length} ` +
      `follow-ups within cadence (${dueToday} due today), ${overdue} left overdue`,
  );
}
