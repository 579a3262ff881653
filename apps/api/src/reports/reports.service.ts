// Process 5 figures (留档): record rate, callbacks, information accuracy, rectifications and visit-plan
// completion for a month, each computed from the records with SQL at the time of asking (docs/user-guide.md
// "KPIs and scorecards": never stored, never typed in). Dealer-scoped; a consultant gets only their own figures.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@kaflow/domain';
import { UserEntity } from '@kaflow/persistence';
import type { AuthUser } from '../common/auth-user';
import { badRequest } from '../common/domain-error';
import { businessClock, monthDates, monthInstants } from '../common/business-month';
import { consultantScope } from '../common/prospect-access';

export interface Ratio {
  value: number | null;
  numerator: number;
  denominator: number;
}
export interface RecordKeepingReport {
  month: string;
  consultantId?: string;
  recordRate: Ratio;
  callbacks: { done: number; onTime: number; verified: number; due: number };
  informationAccuracy: Ratio;
  rectifications: { open: number; overdue: number };
  visitPlanCompletion: Ratio;
}

/** A rate rounded to 4 decimals; null when there is nothing to divide by. */
export const ratio = (numerator: number, denominator: number): Ratio => ({
  value: denominator === 0 ? null : Math.round((numerator / denominator) * 10_000) / 10_000,
  numerator,
  denominator,
});

// $1 dealer, $2/$3 first day of the month / of the next month (dates), $4 consultant or null,
// $5/$6 the month's bounds as instants at the dealer, $7 the month 'YYYY-MM', $8 now.
// An event belongs to the month it was held in (its planned date until it is held); event leads count
// for the event's owner. Visits, plans and callbacks count for their consultant, rectifications for their assignee.
const EVENT_IN_MONTH =
  `e."dealerId" = $1 AND COALESCE(e."heldOn", e."plannedDate") >= $2::date AND ` +
  `COALESCE(e."heldOn", e."plannedDate") < $3::date AND ($4::uuid IS NULL OR e."ownerId" = $4::uuid)`;
const VISIT_IN_MONTH =
  `v."dealerId" = $1 AND v."visitedOn" >= $2::date AND v."visitedOn" < $3::date AND ($4::uuid ` +
  `IS NULL OR v."consultantId" = $4::uuid)`;
const DONE_IN_MONTH = `c."doneAt" >= $5 AND c."doneAt" < $6`;

const REPORT_SQL = `
SELECT
  (SELECT count(*) FROM prospect p JOIN visit_record v ON v.id = p."sourceVisitId" WHERE p."dealerId" = $1
    AND ${VISIT_IN_MONTH})::int AS "visitLeadsRecorded",
  (SELECT count(*) FROM event_lead l JOIN sales_event e ON e.id = l."eventId" WHERE ${EVENT_IN_MONTH}
    AND l."prospectId" IS NOT NULL)::int AS "eventLeadsRecorded",
  (SELECT COALESCE(sum(v."leadsMet"), 0) FROM visit_record v WHERE ${VISIT_IN_MONTH})::int AS "visitLeadsMet",
  (SELECT count(*) FROM event_lead l JOIN sales_event e ON e.id = l."eventId"
    WHERE ${EVENT_IN_MONTH})::int AS "eventLeads",
  (SELECT count(*) FROM visit_plan vp JOIN visit_check_in c ON c."planId" = vp.id AND c."localDate" = vp."plannedDate"
    WHERE vp."dealerId" = $1 AND vp.month = $7 AND ($4::uuid IS NULL OR vp."consultantId" = $4::uuid))::int
    AS "visitsCheckedIn",
  (SELECT count(*) FROM visit_plan vp WHERE vp."dealerId" = $1 AND vp.month = $7 AND ($4::uuid IS NULL
    OR vp."consultantId" = $4::uuid))::int AS "visitsPlanned",
  (SELECT count(*) FROM callback_check c WHERE c."dealerId" = $1 AND ($4::uuid IS NULL OR c."ownerId" = $4::uuid)
    AND ${DONE_IN_MONTH})::int AS "callbacksDone",
  (SELECT count(*) FROM callback_check c WHERE c."dealerId" = $1 AND ($4::uuid IS NULL OR c."ownerId" = $4::uuid)
    AND ${DONE_IN_MONTH} AND c."onTime" IS TRUE)::int AS "callbacksOnTime",
  (SELECT count(*) FROM callback_check c WHERE c."dealerId" = $1 AND ($4::uuid IS NULL OR c."ownerId" = $4::uuid)
    AND ${DONE_IN_MONTH} AND c.outcome = 'verified')::int AS "callbacksVerified",
  (SELECT count(*) FROM callback_check c WHERE c."dealerId" = $1 AND ($4::uuid IS NULL OR c."ownerId" = $4::uuid)
    AND c."dueAt" >= $5 AND c."dueAt" < $6)::int AS "callbacksDue",
  (SELECT count(*) FROM task t WHERE t."dealerId" = $1 AND t.kind = 'rectification' AND t.status = 'open'
    AND ($4::uuid IS NULL OR t."assigneeUserId" = $4::uuid))::int AS "rectificationsOpen",
  (SELECT count(*) FROM task t WHERE t."dealerId" = $1 AND t.kind = 'rectification' AND t.status = 'open'
    AND ($4::uuid IS NULL OR t."assigneeUserId" = $4::uuid) AND t."originalDueAt" < $8)::int AS "rectificationsOverdue"
`;

type Counts = Record<
  | 'visitLeadsRecorded'
  | 'eventLeadsRecorded'
  | 'visitLeadsMet'
  | 'eventLeads'
  | 'visitsCheckedIn'
  | 'visitsPlanned'
  | 'callbacksDone'
  | 'callbacksOnTime'
  | 'callbacksVerified'
  | 'callbacksDue'
  | 'rectificationsOpen'
  | 'rectificationsOverdue',
  number
>;

@Injectable()
export class ReportsService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async recordKeeping(user: AuthUser, month: string, requested?: string): Promise<RecordKeepingReport> {
    const consultantId = consultantScope(user, requested);
    if (
      consultantId &&
      consultantId !== user.id &&
      !(await this.db.getRepository(UserEntity).existsBy({ id: consultantId, dealerId: user.dealerId }))
    ) {
      throw badRequest([{ field: 'consultantId', problem: 'no such user in your dealer' }]);
    }
    const { timezone } = await businessClock(this.db, user.dealerId, this.clock.now());
    const dates = monthDates(month);
    const instants = monthInstants(month, timezone);
    const [c]: Counts[] = await this.db.query(REPORT_SQL, [
      user.dealerId,
      dates.from,
      dates.to,
      consultantId ?? null,
      instants.from,
      instants.to,
      month,
      this.clock.now(),
    ]);
    return {
      month,
      ...(consultantId ? { consultantId } : {}),
      recordRate: ratio(c.visitLeadsRecorded + c.eventLeadsRecorded, c.visitLeadsMet + c.eventLeads),
      callbacks: {
        done: c.callbacksDone,
        onTime: c.callbacksOnTime,
        verified: c.callbacksVerified,
        due: c.callbacksDue,
      },
      informationAccuracy: ratio(c.callbacksVerified, c.callbacksDone),
      rectifications: { open: c.rectificationsOpen, overdue: c.rectificationsOverdue },
      visitPlanCompletion: ratio(c.visitsCheckedIn, c.visitsPlanned),
    };
  }
}
