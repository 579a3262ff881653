// Visit check-ins (走访签到) on the demo's past planned visits, so the consultants' visit-plan completion (走访计划完成率)
// and the manager's check-in list show something: a planned visit that was made (its visit record is on the planned
// date) was checked in that day, between 09:30 and 15:30, with the phone's position: a point within about 8 km of
// the dealer's city centre (WGS-84), accuracy 8–65 m. The demo consultant (`consultant`) shows the other two cases
// in each month: their first visit made was checked in without a position (location refused), their second not at
// all (forgotten: it counts as not done). Idempotent: one check-in per planned visit (the table's unique planId), a
// re-run writes nothing twice, and the same two visits stay without a position or a check-in.
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { at } from './rng';

/** City centres (WGS-84) of the demo dealers: 成都 天府广场, 重庆 解放碑. */
const CENTRES: Record<string, { lat: number; lng: number }> = {
  'cd-rongcheng': { lat: 30.6574, lng: 104.0659 },
  'cq-yuzhou': { lat: 29.5575, lng: 106.5772 },
};

/** A number in [0, 1) fixed by the planned visit's id, so a re-run places it where the first run did. */
const unit = (id: string, salt: string) =>
  createHash('sha1').update(`${salt}:${id}`).digest().readUInt32BE(0) / 2 ** 32;

export interface SeedCheckInsResult {
  written: number;
  /** The demo consultant's planned visits made but left without a position / without a check-in, per month. */
  noPosition: string[];
  missing: string[];
}

export async function seedCheckIns(
  m: EntityManager,
  dealer: { id: string; code: string },
  demoConsultantId: string,
  log: (s: string) => void,
): Promise<SeedCheckInsResult> {
  const made: Array<{ id: string; consultantId: string; month: string; plannedDate: string }> = await m.query(
    `SELECT vp.id, vp."consultantId", vp.month, vp."plannedDate"::text AS "plannedDate" FROM visit_plan vp
      WHERE vp."dealerId" = $1 AND NOT vp.unplanned
        AND EXISTS (SELECT 1 FROM visit_record v WHERE v."planId" = vp.id AND v."visitedOn" = vp."plannedDate")
      ORDER BY vp."plannedDate", vp."createdAt", vp.id`,
    [dealer.id],
  );
  const centre = CENTRES[dealer.code] ?? CENTRES['cd-rongcheng'];
  const seen = new Map<string, number>(); // the demo consultant's visits made so far, per month
  const result: SeedCheckInsResult = { written: 0, noPosition: [], missing: [] };
  for (const p of made) {
    let positioned = true;
    if (p.consultantId === demoConsultantId) {
      const n = (seen.get(p.month) ?? 0) + 1;
      seen.set(p.month, n);
      if (n === 2) {
        result.missing.push(p.id);
        continue;
      }
      if (n === 1) {
        positioned = false;
        result.noPosition.push(p.id);
      }
    }
    // up to ±0.07° of latitude (~8 km) and ±0.08° of longitude around the centre
    const lat = centre.lat + (unit(p.id, 'lat') - 0.5) * 0.14;
    const lng = centre.lng + (unit(p.id, 'lng') - 0.5) * 0.16;
    const accuracy = Math.round(8 + unit(p.id, 'acc') * 57);
    const rows: unknown[] = await m.query(
      `INSERT INTO visit_check_in ("dealerId", "planId", "consultantId", "checkedInAt", "localDate", lat, lng, accuracy)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT ("planId") DO NOTHING RETURNING id`,
      [
        dealer.id,
        p.id,
        p.consultantId,
        at(p.plannedDate, 9 * 60 + 30 + Math.floor(unit(p.id, 'time') * 6 * 60)),
        p.plannedDate,
        positioned ? Number(lat.toFixed(6)) : null,
        positioned ? Number(lng.toFixed(6)) : null,
        positioned ? accuracy : null,
      ],
    );
    result.written += rows.length;
  }
  log(
    `  visit check-ins: ${result.written} written (${made.length} planned visits made; ` +
      `${result.noPosition.length} without a position, ${result.missing.length} not checked in)`,
  );
  return result;
}
