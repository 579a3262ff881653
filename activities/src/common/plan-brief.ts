// A plan version as the workflows see it: ids, status and a one-line summary for task titles.
import type { PlanEntity } from '@kaflow/persistence';
import type { PlanBrief } from '@kaflow/workflows';

type Gap = { needed: number; expected: number; gap: number; ok: boolean };

export function planSummary(p: PlanEntity): string {
  const r = p.result;
  const line = (x: { orders: number; aak: number; submissions: number }) =>
    `订单 ${x.orders} · AAK ${x.aak} · 提报 ${x.submissions}`;
  if (p.kind === 'annual') return `${line(r.totals)}${p.coverageOk === false ? '（覆盖不足）' : ''}`;
  if (p.kind === 'rolling') return `${p.period}：${line(r.next)}${p.coverageOk === false ? '（年度覆盖不足）' : ''}`;
  if (p.kind === 'decomposition') {
    const short = r.support && !r.support.ok ? '（客户资源支撑不足）' : '';
    return `${p.period}：${(r.byConsultant ?? []).length} 位顾问，${(r.byModel ?? []).length} 个车型${short}`;
  }
  const leads = (r.models ?? []).reduce((a: number, m: any) => a + m.leadTarget, 0);
  return `${p.period}：集客 ${leads}${r.capacity?.gap ? `（集客能力缺口 ${r.capacity.gap}，已分配补充集客目标）` : ''}`;
}

/** The checks' gaps as lines a person reads in the review task (P3 support, P4 capacity). */
export function planGaps(p: PlanEntity): string[] {
  const r = p.result;
  const out: string[] = [];
  const say = (who: string, g: Gap, unit: string, what: string) =>
    `${who}：需 ${g.needed} ${unit}，${what}预计 ${g.expected} ${unit}，缺口 ${g.gap} ${unit}`;
  if (p.kind === 'decomposition' && r.support) {
    for (const m of r.support.byModel as Array<Gap & { model: string }>)
      if (!m.ok) out.push(say(`车型 ${m.model}`, m, '单', '客户资源'));
    for (const c of r.support.byConsultant as Array<Gap & { consultantId: string; name?: string }>) {
      if (!c.ok) out.push(say(`顾问 ${c.name ?? c.consultantId}`, c, '单', '客户资源'));
    }
  }
  if (p.kind === 'lead' && r.capacity && !r.capacity.ok) {
    const extra = (
      r.capacity.byConsultant as Array<{ name?: string; consultantId: string; supplementaryLeadTarget: number }>
    )
      .filter((c) => c.supplementaryLeadTarget > 0)
      .map((c) => `${c.name ?? c.consultantId} ${c.supplementaryLeadTarget}`);
    out.push(`${say('集客', r.capacity, '组', '走访与活动')}；补充集客目标：${extra.join('、') || '无'}`);
  }
  return out;
}

export const brief = (p: PlanEntity): PlanBrief => {
  const gaps = planGaps(p);
  return {
    planId: p.id,
    kind: p.kind,
    period: p.period,
    version: p.version,
    status: p.status,
    coverageOk: p.coverageOk,
    summary: planSummary(p),
    ...(gaps.length ? { gaps } : {}),
  };
};
