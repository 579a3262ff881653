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
  outcome: 'lost' | 'delivered';
}
export interface LossDigestInput {
  dealerId: string;
}
