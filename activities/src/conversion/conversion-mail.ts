// What the conversion process's own e-mails say (Chinese first, English after): follow-up reminders,
// the walk-in deadline, the hot-customer warning and the daily digest of lost deals.
export const fmtLocal = (d: Date, timeZone: string) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(d);

export function reminderMail(label: string, dueAt: Date, tz: string, grade: string) {
  return {
    subject: `【跟进提醒】${label}`,
    text: [`潜客跟进已到期（${grade}级）：${label}`, `应跟进时间 Due: ${fmtLocal(dueAt, tz)}`, '', 'A follow-up of this prospect is due: record it with POST /api/prospects/:id/follow-ups.'].join('\n'),
  };
}

export function walkInMail(label: string, deadline: Date, tz: string) {
  return {
    subject: `【到店未留档】${label}`,
    text: [`到店客户当日未转为分级潜客：${label}`, `期限 Deadline: ${fmtLocal(deadline, tz)}`, '', 'A walk-in (W) was not turned into a graded prospect the same working day.'].join('\n'),
  };
}

export function hotWarningMail(label: string, month: string, done: number, perMonth: number, remainingDays: number) {
  return {
    subject: `【热点客户预警】${label}`,
    text: [
      `热点客户本月跟进次数无法达到 ${perMonth} 次：${label}`,
      `${month} 已跟进 ${done} 次，本月剩余工作日 ${remainingDays} 天。`, '',
      `This hot customer can no longer get ${perMonth} follow-ups in ${month} (done ${done}, ${remainingDays} working days left).`,
    ].join('\n'),
  };
}

export interface LossLine { account: string; contact: string; model: string; quantity: number; fromGrade: string | null; consultant: string; lostAt: Date; reason: string | null }

export function lossDigestMail(businessDate: string, from: string, lines: LossLine[], tz: string) {
  const body = lines.length === 0 ? ['（无战败客户 / no lost deals）'] : lines.map((l, i) =>
    `${i + 1}. ${l.account} ${l.contact}（${l.model}×${l.quantity}，${l.fromGrade ?? '?'}→F）顾问 ${l.consultant}，${fmtLocal(l.lostAt, tz)}${l.reason ? `，原因：${l.reason}` : ''}`);
  return {
    subject: `【战败日报】${businessDate}（${lines.length} 个战败客户）`,
    text: [`${from} 起的战败客户，供今日战败案例分析与演练：`, ...body, '', `Lost deals since ${from}, for today's team review.`].join('\n'),
  };
}
