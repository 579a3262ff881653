// What the conversion process's own messages say, in the reader's language (zh-CN, en): follow-up
// reminders, the walk-in deadline, the hot-customer warning and the daily digest of lost deals.
// Times are dealer-local (formatLocalTime); each message about a prospect links to its page.
import { formatLocalTime, type MessageLang } from '@kaflow/calendar';
import { markdownText } from '@kaflow/wecom';

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

/** How typed values enter a message: as they are (plain text) or escaped for WeCom markdown. */
type Esc = (typed: string) => string;
const plain: Esc = (s) => s;

/**
 * The plain text of a message, and its WeCom markdown (bold subject, the link as a link). `build` writes
 * the subject and lines once, passing every value people typed (names, reasons) through `v`: the
 * markdown gets them escaped (they read as typed and never become markup), the template words stay as they are.
 */
function message(lang: MessageLang, build: (v: Esc) => { subject: string; lines: string[] }, link?: string): Text {
  const { subject, lines } = build(plain);
  const md = build(markdownText);
  const text = [...lines, ...(link ? ['', `${OPEN[lang]}${link}`] : [])].join('\n');
  const markdown = [`**${md.subject}**`, ...md.lines, ...(link ? [`[${OPEN_LINK[lang]}](${link})`] : [])].join('\n');
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
        (v) => ({
          subject: `[Follow-up due] ${v(label)}`,
          lines: [
            `This grade ${grade} prospect is due for a follow-up: contact the customer and record ` +
              `it on the prospect's page.`,
            `Due: ${due}`,
          ],
        }),
        link,
      )
    : message(
        lang,
        (v) => ({
          subject: `【跟进提醒】${v(label)}`,
          lines: [`该潜客（${grade}级）已到跟进时间，请联系客户，并在潜客页面记录本次跟进。`, `应跟进时间：${due}`],
        }),
        link,
      );
}

export function walkInMail(label: string, deadline: Date, tz: string, link: string, lang: MessageLang = 'zh-CN'): Text {
  const by = formatLocalTime(deadline, tz, lang);
  return lang === 'en'
    ? message(
        lang,
        (v) => ({
          subject: `[Walk-in not graded] ${v(label)}`,
          lines: [
            'This walk-in customer was not given a grade the same working day: grade them on the prospect page.',
            `Deadline: ${by}`,
          ],
        }),
        link,
      )
    : message(
        lang,
        (v) => ({
          subject: `【到店未留档】${v(label)}`,
          lines: ['该到店客户当日未转为分级潜客，请尽快在潜客页面为其定级。', `期限：${by}`],
        }),
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
        (v) => ({
          subject: `[Hot customer warning] ${v(label)}`,
          lines: [
            `This hot customer can no longer get ${perMonth} follow-ups in ${month}.`,
            `Done so far: ${done}; working days left this month: ${remainingDays}. Plan the follow-ups.`,
          ],
        }),
        link,
      )
    : message(
        lang,
        (v) => ({
          subject: `【热点客户预警】${v(label)}`,
          lines: [
            `该热点客户本月已无法达到 ${perMonth} 次跟进。`,
            `${month} 已跟进 ${done} 次，本月剩余工作日 ${remainingDays} 天。请安排跟进。`,
          ],
        }),
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
  const link = (l: LossLine) => (l.link ? [`   ${l.link}`] : []);
  if (lang === 'en') {
    return message(lang, (v) => ({
      subject: `[Lost deals] ${businessDate} (${lines.length})`,
      lines: [
        `Deals lost since ${from}, for today's team review:`,
        ...(lines.length === 0
          ? ['(no lost deals)']
          : lines.flatMap((l, i) => [
              `${i + 1}. ${v(l.account)} ${v(l.contact)} (${v(l.model)} × ${l.quantity}, ${l.fromGrade ?? '?'} → F), ` +
                `consultant ${v(l.consultant)}, ${when(l.lostAt)}${l.reason ? `, reason: ${v(l.reason)}` : ''}`,
              ...link(l),
            ])),
      ],
    }));
  }
  return message(lang, (v) => ({
    subject: `【战败日报】${businessDate}（${lines.length} 个战败客户）`,
    lines: [
      `${from} 起的战败客户，供今日战败案例分析与演练：`,
      ...(lines.length === 0
        ? ['（无战败客户）']
        : lines.flatMap((l, i) => [
            `${i + 1}. ${v(l.account)} ${v(l.contact)}（${v(l.model)}×${l.quantity}，${l.fromGrade ?? '?'}→F）` +
              `顾问 ${v(l.consultant)}，${when(l.lostAt)}${l.reason ? `，原因：${v(l.reason)}` : ''}`,
            ...link(l),
          ])),
    ],
  }));
}
