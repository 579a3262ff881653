// What the planning workflows (processes 1–4) and their activities exchange about a plan version.
export type PlanKindName = 'annual' | 'rolling' | 'decomposition' | 'lead';

export interface PlanBrief {
  planId: string;
  kind: PlanKindName;
  period: string;
  version: number;
  status: string;
  coverageOk: boolean | null;
  /** One line for task titles and mails, e.g. "订单 420 · AAK 400 · 提报 380". */
  summary: string;
  /** The gaps of the plan's checks (P3 support, P4 capacity), one readable line each; absent when none. */
  gaps?: string[];
}

export const PLAN_KIND_ZH: Record<PlanKindName, string> = {
  annual: '年度订单-AAK-系统提报规划',
  rolling: 'X+Y滚动计划',
  decomposition: 'AAK+订单目标月度分解',
  lead: '集客目标计划',
};

export interface ProcessRunClaim {
  dealerId: string;
  process: string;
  periodKey: string;
  workflowId: string;
  businessDate: string;
}
