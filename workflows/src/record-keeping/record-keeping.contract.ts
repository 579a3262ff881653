// Process 5, record keeping (留档): ids and inputs of its workflows.
export const callbackWorkflowId = (dealerId: string, prospectId: string) => `callback:${dealerId}:${prospectId}`;
export const dailyCheckWorkflowId = (dealerId: string, businessDate: string) =>
  `daily-check:${dealerId}:${businessDate}`;
export const dailyCheckScheduleId = (dealerId: string) => `daily-check:${dealerId}`;

/** Business facts in, no clock reads: the prospect whose record customer service calls back on. */
export interface CallbackInput {
  dealerId: string;
  prospectId: string;
}

export interface DailyCheckInput {
  dealerId: string;
  businessDate: string;
}
export interface DailyCheckScheduleInput {
  dealerId: string;
}

export interface ProspectBrief {
  prospectId: string;
  ownerId: string;
  label: string;
  grade: string;
  change: 'created' | 'updated';
}

export interface DailyCheckRun {
  working: boolean;
  windowFrom: string;
  items: ProspectBrief[];
}

export interface DailyCheckItemDecision {
  prospectId: string;
  ok: boolean;
  note?: string;
}
