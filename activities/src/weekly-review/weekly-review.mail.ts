// The summary the sales directors get once the key-account manager has reviewed the week
// (Chinese first, English after, like the task mails).
import { weeklyLineLabel } from '@kaflow/domain';
import type { WeeklyProgressReport, WeeklyReviewAction } from '@kaflow/workflows';

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);

export function weeklyReviewSummaryMail(
  week: string,
  p: WeeklyProgressReport,
  actions: WeeklyReviewAction[],
): { subject: string; text: string } {
  const gaps = p.lines.filter((l) => l.gap);
  const line = (l: WeeklyProgressReport['lines'][number]) =>
    `- ${weeklyLineLabel(l, 'zh')}：目标 ${l.target}，按进度应完成 ${l.proRated}，实际 ${l.actual}，` +
    `达成 ${pct(l.achievement)}${l.gap ? `，差距 ${l.shortfall}` : ''}`;
  const lineEn = (l: WeeklyProgressReport['lines'][number]) =>
    `- ${weeklyLineLabel(l, 'en')}: target ${l.target}, pro-rated ${l.proRated}, actual ${l.actual}, ` +
    `achievement ${pct(l.achievement)}${l.gap ? `, GAP short by ${l.shortfall}` : ''}`;
  const actionZh = actions.length ? actions.map((a) => `- ${a.gap}：${a.action}（责任人：${a.owner}）`) : ['- （无）'];
  const actionEn = actions.length ? actions.map((a) => `- ${a.gap}: ${a.action} (owner: ${a.owner})`) : ['- (none)'];
  const subject = `【周进度盘点】${week} 小结：${gaps.length} 项差距，${actions.length} 项措施`;
  const text = [
    `周进度盘点 ${week}（${p.month}，截至 ${p.through}，工作日进度 ${p.workingDaysElapsed}/${p.workingDaysInMonth} = ${pct(p.share)}）`,
    p.note ?? (p.plan ? `目标来源：${p.plan.kind} 计划 ${p.plan.period} 第 ${p.plan.version} 版` : ''),
    '',
    '进度：',
    ...p.lines.map(line),
    '',
    `差距（实际 < ${Math.round(p.threshold * 100)}% 进度目标）：` +
      `${gaps.length ? gaps.map((g) => weeklyLineLabel(g, 'zh')).join('、') : '无'}`,
    '',
    '纠偏措施：',
    ...actionZh,
    '',
    '----',
    `Weekly progress review ${week} (${p.month}, actuals through ${p.through}, ` +
      `working days ${p.workingDaysElapsed}/${p.workingDaysInMonth}).`,
    p.plan
      ? `Targets: approved ${p.plan.kind} plan ${p.plan.period} v${p.plan.version}.`
      : 'No approved target plan for the month: actuals only.',
    'Progress:',
    ...p.lines.map(lineEn),
    `Gaps (actual < ${Math.round(p.threshold * 100)}% of pro-rated target): ${gaps.length}`,
    'Corrective actions:',
    ...actionEn,
  ]
    .filter((l, i, all) => !(l === '' && all[i - 1] === ''))
    .join('\n');
  return { subject, text };
}
