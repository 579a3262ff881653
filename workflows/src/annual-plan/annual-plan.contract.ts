// Process 1, the annual order / AAK / system-submission plan (年度订单-AAK-系统提报规划).
export const annualPlanWorkflowId = (dealerId: string, year: number | string) => `annual-plan:${dealerId}:${year}`;
export const annualPlanScheduleId = (dealerId: string) => `annual-plan:${dealerId}`;

export interface AnnualPlanInput {
  dealerId: string;
  year: number;
  businessDate: string;
}
