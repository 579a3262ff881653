// Processes 2–4 at month end: the X+Y rolling plan, the monthly decomposition with personal target
// confirmations, the lead-generation plan, and every consultant's visit plan for next month.
export const monthEndWorkflowId = (dealerId: string, month: string) => `month-end:${dealerId}:${month}`;
export const monthEndScheduleId = (dealerId: string) => `month-end:${dealerId}`;

/** `month` is the closing month whose last 5 working days hold `businessDate`; plans are for the month after. */
export interface MonthEndInput {
  dealerId: string;
  month: string;
  businessDate: string;
}

export interface MonthEndResult {
  rolling: { planId: string; version: number };
  decomposition: { planId: string; version: number };
  lead: { planId: string; version: number };
  visitPlans: number;
}
