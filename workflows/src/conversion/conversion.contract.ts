// Process 6, conversion (C/B/A/H/O客户转化): ids, inputs, signals and results of its workflows.
import { defineQuery, defineSignal } from '@temporalio/workflow';

/**
 * The follow-up workflow of a prospect (one per prospect). The id keeps the format of the workflows started
 * as `conversionWorkflow`, so a running one is found, signalled and never started twice.
 */
export const followUpWorkflowId = (dealerId: string, prospectId: string) => `conversion:${dealerId}:${prospectId}`;
/** One escalation per missed due date. */
export const overdueFollowupWorkflowId = (dealerId: string, prospectId: string, dueAt: string) =>
  `conversion-overdue:${dealerId}:${prospectId}:${Date.parse(dueAt)}`;
export const lossDigestScheduleId = (dealerId: string) => `loss-digest:${dealerId}`;

export interface FollowUpInput {
  dealerId: string;
  prospectId: string;
  /** Carried over continue-as-new: the due date already escalated, a delivery not yet recorded. */
  escalatedDue?: string;
  delivered?: DeliveredSignalInput;
  /** True after continue-as-new: the prospect is known to exist. */
  continued?: boolean;
}

/** A recorded follow-up, a grade / owner / hot change, a reassignment: the workflow re-reads the records. */
export const prospectChangedSignal = defineSignal<[{ reason: string }]>('prospectChanged');
export interface DeliveredSignalInput {
  at?: string;
}
/** The delivery (交车) is recorded: the follow-up workflow ends and the prospect becomes an owner (保有客户). */
export const deliveredSignal = defineSignal<[DeliveredSignalInput]>('delivered');
/** The follow-up schedule as the workflow last computed it (the query keeps its first name, 'rhythm'). */
export const followUpQuery = defineQuery<TickResult | null>('rhythm');

export interface TickInput {
  dealerId: string;
  prospectId: string;
  workflowId: string;
  delivered?: DeliveredSignalInput;
  /** From a follow-up workflow that can hand the prospect to the dealer's sweep (absent in older histories). */
  handOver?: boolean;
  /** From the dealer's sweep: keep the next wake time (and what is owed) on the conversion_state row. */
  sweep?: boolean;
}

export interface TickResult {
  status: 'live' | 'lost' | 'delivered';
  grade: string;
  ownerId: string;
  label: string;
  dueAt: string | null;
  /** How long to sleep before the next thing to check (relative, so the worker clock is the only clock). */
  wakeInMs: number | null;
  /** Set when a due date passed its grace: the workflow escalates it to the key-account manager. */
  escalate?: { dueAt: string };
  /** 'sweep': the dealer is on the sweep grain and the prospect is handed to its sweep (the workflow ends, 'swept').
   *  Only for a tick with `handOver`; absent in the histories of older runs. */
  grain?: 'sweep';
}

export interface OverdueFollowupInput {
  dealerId: string;
  prospectId: string;
  dueAt: string;
  label: string;
  ownerId: string;
  grade: string;
}

export interface LostAnalysisBrief {
  lostAnalysisId: string;
  status: string;
  label: string;
  consultantId: string;
  model: string;
  fromGrade: string | null;
  lostAt: string;
  overdueAtLoss: boolean;
}

export interface FollowUpOutcome {
  /** swept: handed to the dealer's sweep (the dealer is on the sweep grain) */
  outcome: 'lost' | 'delivered' | 'swept';
}

// --- the sweep grain: one run per dealer and sweep day over the due times kept in SQL --------------------------------
export const followUpSweepScheduleId = (dealerId: string) => `follow-up-sweep:${dealerId}`;
/** The day's run: one per dealer and sweep day (from 05:00 dealer time), whatever started it first. */
export const followUpSweepWorkflowId = (dealerId: string, date: string) => `follow-up-sweep:${dealerId}:${date}`;
/** The lost-deal analysis of one loss, when the sweep (not the prospect's own workflow) finds it. */
export const lostAnalysisWorkflowId = (dealerId: string, prospectId: string, lostAt: string) =>
  `conversion-lost:${dealerId}:${prospectId}:${Date.parse(lostAt)}`;

export interface FollowUpSweepInput {
  dealerId: string;
  /** The sweep day's date and its end (the next day's 05:00, an ISO instant). */
  date: string;
  until: string;
  /** Carried over continue-as-new: the counts so far. */
  totals?: SweepTotals;
}
/** Escalations and lost-deal analyses the run has started: the next round clears them on the rows. */
export interface SweepAck {
  escalations: Array<{ prospectId: string; dueAt: string }>;
  losses: Array<{ prospectId: string; lostAt: string }>;
}
export interface SweepTotals {
  rounds: number;
  ticked: number;
  failed: number;
  escalations: number;
  losses: number;
}
export interface SweepRoundInput {
  dealerId: string;
  /** Tick the rows whose wake time is at or before this instant (or now, when later); null: now. */
  upTo: string | null;
  until: string;
  ack: SweepAck;
}
export interface SweepRound {
  /** The dealer's grain now: 'prospect' ends the run (the dealer was switched back). */
  grain: 'prospect' | 'sweep';
  ticked: number;
  /** Ticks that failed (the prospect is tried again a bucket later). */
  failed: number;
  /** True when more rows were due than one round takes: the run goes on at once. */
  more: boolean;
  /** What the sweep owes: the same escalation and lost-deal analysis the follow-up workflow starts. */
  escalations: OverdueFollowupInput[];
  losses: Array<{ prospectId: string; lostAt: string }>;
  /** The end of the current bucket (an instant and how long until it), or null: the day is done. */
  next: { at: string; inMs: number } | null;
}
export interface SweepDayStart {
  grain: 'prospect' | 'sweep';
  date: string;
  until: string;
}
export interface LossDigestInput {
  dealerId: string;
}
