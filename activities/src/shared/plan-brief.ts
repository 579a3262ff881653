// A plan version as the workflows see it: ids, status and a one-line summary for task titles.
import type { PlanEntity } from '@kaflow/persistence';
import type { PlanBrief } from '@kaflow/workflows';

export function planSummary(p: PlanEntity): string {
  const r = p.result;
  const line = (x: { orders: number; aak: number; submissions: number }) => `订单 ${x.orders} · AAK ${x.aak} · 提报 ${x.submissions}`;
  if (p.kind === 'annual') return `${line(r.totals)}${p.coverageOk === false ? '（覆盖不足）' : ''}`;
  if (p.kind === 'rolling') return `${p.period}：${line(r.next)}${p.coverageOk === false ? '（年度覆盖不足）' : ''}`;
  if (p.kind === 'decomposition') return `${p.period}：${(r.byConsultant ?? []).length} 位顾问，${(r.byModel ?? []).length} 个车型`;
  return `${p.period}：集客 ${(r.models ?? []).reduce((a: number, m: any) => a + m.leadTarget, 0)}`;
}

export const brief = (p: PlanEntity): PlanBrief => ({
  planId: p.id, kind: p.kind, period: p.period, version: p.version, status: p.status, coverageOk: p.coverageOk, summary: planSummary(p),
});
