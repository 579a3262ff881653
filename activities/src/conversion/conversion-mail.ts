// What the conversion process's own messages say, in the reader's language (zh-CN, en): follow-up
// reminders, the walk-in deadline, the hot-customer warning and the daily digest of lost deals.
// Times are dealer-local (formatLocalTime); each message about a prospect links to its page.
import { formatLocalTime, type MessageLang } from '@kaflow/calendar';

export interface Text {
  subject: string;
  text: string;
  markdown: string;
}
type ByLang<T> = Record<MessageLang, T>;

export const prospectLink = (publicUrl: string, prospectId: string) =>
  `${publicUrl.replace(/\/+$/, '')}/prospects/${prospectId}`;

/** Kept for callers that print a bare local timestamp ('YYYY-MM-DD HH:mm'). */
export const fmtLocal = (d: Date, timeZone: string) =>
  new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(d);

const OPEN: ByLang<string> = { 'zh-CN': '打开潜客：', en: 'Open the prospect: ' };
const OPEN_LINK: ByLang<string> = { 'zh-CN': '打开潜客', en: 'Open the prospect' };

/** The plain text of a message, and its WeCom markdown (bold subject, the link as a link). */
function message(lang: MessageLang, subject: string, lines: string[], link?: string): Text {
  const text = [...lines, ...(link ? ['', `${OPEN[lang]}${link}`] : [])].join('\n');
  const markdown = [`**${subject}**`, ...lines, ...(link ? [`[${OPEN_LINK[lang]}](${link})`] : [])].join('\n');
  return { subject, text, markdown };
}

export function reminderMail(
  label: string,
  dueAt: Date,
  tz: string,
  grade: string,
  link: string,
  lang: MessageLang = 'zh-CN',
): Text {
  const due = formatLocalTime(dueAt, tz, lang);
  return lang === 'en'
    ? message(
        lang,
        `[Follow-up due] ${label}`,
        [
          `This grade ${grade} prospect is due for a follow-up: contact the customer and record it on the prospect's page.`,
          `Due: ${due}`,
        ],
        link,
      )
    : message(
        lang,
        `【跟进提醒】${label}`,
        [`该潜客（${grade}级）已到跟进时间，请联系客户，并在潜客页面记录本次跟进。`, `应跟进时间：${due}`],
        link,
      );
}

export function walkInMail(label: string, deadline: Date, tz: string, link: string, lang: MessageLang = 'zh-CN'): Text {
  const by = formatLocalTime(deadline, tz, lang);
  return lang === 'en'
    ? message(
        lang,
        `[Walk-in not graded] ${label}`,
        [
          'This walk-in customer was not given a grade the same working day: grade them on the prospect page.',
          `Deadline: ${by}`,
        ],
        link,
      )
    : message(
        lang,
        `【到店未留档】${label}`,
        ['该到店客户当日未转为分级潜客，请尽快在潜客页面为其定级。', `期限：${by}`],
        link,
      );
}

export function hotWarningMail(
  label: string,
  month: string,
  done: number,
  perMonth: number,
  remainingDays: number,
  link: string,
  lang: MessageLang = 'zh-CN',
): Text {
  return lang === 'en'
    ? message(
        lang,
        `[Hot customer warning] ${label}`,
        [
          `This hot customer can no longer get ${perMonth} follow-ups in ${month}.`,
          `Done so far: ${done}; working days left this month: ${remainingDays}. Plan the follow-ups.`,
        ],
        link,
      )
    : message(
        lang,
        `【热点客户预警】${label}`,
        [
          `该热点客户本月已无法达到 ${perMonth} 次跟进。`,
          `${month} 已跟进 ${done} 次，本月剩余工作日 ${remainingDays} 天。请安排跟进。`,
        ],
        link,
      );
}

export interface LossLine {
  account: string;
  contact: string;
  model: string;
  quantity: number;
  fromGrade: string | null;
  consultant: string;
  lostAt: Date;
  reason: string | null;
  link?: string;
}

export function lossDigestMail(
  businessDate: string,
  from: string,
  lines: LossLine[],
  tz: string,
  lang: MessageLang = 'zh-CN',
): Text {
  const when = (d: Date) => formatLocalTime(d, tz, lang);
  if (lang === 'en') {
    const body =
      lines.length === 0
        ? ['(no lost deals)']
        : lines.flatMap((l, i) => [
            `${i + 1}. ${l.account} ${l.contact} (${l.model} × ${l.quantity}, ${l.fromGrade ?? '?'} → F), consultant ${l.consultant}, ` +
              `${when(l.lostAt)}${l.reason ? `, reason: ${l.reason}` : ''}`,
            ...(l.link ? [`   ${l.link}`] : []),
          ]);
    return message(lang, `[Lost deals] ${businessDate} (${lines.length})`, [
      `Deals lost since ${from}, for today's team review:`,
      ...body,
    ]);
  }
  const body =
    lines.length === 0
      ? ['（无战败客户）']
      : lines.flatMap((l, i) => [
          `${i + 1}. ${l.account} ${l.contact}（${l.model}×${l.quantity}，${l.fromGrade ?? '?'}→F）顾问 ${l.consultant}，` +
            `${when(l.lostAt)}${l.reason ? `，原因：${l.reason}` : ''}`,
          ...(l.link ? [`   ${l.link}`] : []),
        ]);
  return message(lang, `【战败日报】${businessDate}（${lines.length} 个战败客户）`, [
    `${from} 起的战败客户，供今日战败案例分析与演练：`,
    ...body,
  ]);
}
