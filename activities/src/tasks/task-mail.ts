// Who is told about a task, and what the messages say, in the reader's language (zh-CN, en): one
// catalogue for the task e-mails, their WeCom markdown and the digest. Plain words only: what is
// asked, by when (dealer-local time), and the link to the task page; no API paths, no HTTP verbs.
import type { DataSource, EntityManager } from 'typeorm';
import { formatLocalTime, type MessageLang } from '@kaflow/calendar';
import { cardDecisions, LABELS_EN, LABELS_ZH, type Role, type TaskKind } from '@kaflow/domain';
import { TaskEntity, UserEntity } from '@kaflow/persistence';
import { markdownText, type TaskCard } from '@kaflow/wecom';

export type TaskMailKind = 'assigned' | 'reminder' | 'escalated';
export type { MessageLang };

/** E-mail addresses of the task's current assignee: the user, or every active user of the role in the dealer. */
export async function assigneeEmails(
  db: DataSource | EntityManager,
  t: Pick<TaskEntity, 'dealerId' | 'assigneeUserId' | 'assigneeRole'>,
): Promise<string[]> {
  const q = db
    .getRepository(UserEntity)
    .createQueryBuilder('u')
    .select('u.email', 'email')
    .where('u.dealerId = :dealerId AND u.active', { dealerId: t.dealerId });
  if (t.assigneeUserId) q.andWhere('u.id = :id', { id: t.assigneeUserId });
  else q.andWhere(':role = ANY(u.roles)', { role: t.assigneeRole });
  const rows: Array<{ email: string }> = await q.getRawMany();
  return [...new Set(rows.map((r) => r.email))].sort();
}

/** What each kind of task asks of the person, in plain words. */
const ASKS: Record<TaskKind, Record<MessageLang, string>> = {
  callback: {
    'zh-CN': '请致电客户核实留档信息，并在任务页选择结果：核实无误、信息有误（填写更正）、无法联系或客户否认。',
    en:
      'Call the customer to check the recorded details, then choose the outcome on the task page: verified, ' +
      'incorrect (with the corrections), unreachable or denied.',
  },
  rectification: {
    'zh-CN': '请按回访或自检发现的问题更正潜客档案，完成后在任务页标记为已整改。',
    en: 'Correct the prospect record as the callback or the check found, then mark it fixed on the task page.',
  },
  daily_check: {
    'zh-CN': '请逐条检查潜客档案，在任务页为每条标注是否合格，需要时写上备注。',
    en: 'Check each listed prospect record and mark on the task page whether it is in order, with a note if needed.',
  },
  plan_draft: {
    'zh-CN': '请核对系统预填的计划数据，按需修改后在任务页提交审核。',
    en: 'Check the pre-filled plan figures, change them where needed and submit the plan for review on the task page.',
  },
  plan_review: {
    'zh-CN': '请审核该计划：同意，或写明意见退回修改。',
    en: 'Review the plan: approve it, or send it back with a comment.',
  },
  plan_signoff: {
    'zh-CN': '请签批该计划：同意，或写明意见退回修改。',
    en: 'Sign the plan off: approve it, or send it back with a comment.',
  },
  target_confirmation: {
    'zh-CN': '请确认您的个人目标；如有异议，请在任务页写明理由。',
    en: 'Confirm your personal targets, or dispute them with your reasons on the task page.',
  },
  visit_plan: {
    'zh-CN': '请在任务页提交下月的客户走访及活动计划。',
    en: "Submit next month's customer visits and events on the task page.",
  },
  weekly_review: {
    'zh-CN': '请查看本周进度差距，在任务页为每项差距填写纠偏措施和责任人。',
    en: "Look at this week's gaps against target and enter a corrective action and an owner for each on the task page.",
  },
  forecast_warning: {
    'zh-CN':
      '按当前潜客，本月订单预测低于目标。请查看各车型、各顾问的差距和可促成的 H/A 级潜客，并在任务页写明采取的措施。',
    en:
      "At today's pipeline the month's orders are forecast below target. Look at the gap per model and consultant " +
      'and the H and A prospects that could close it, and note the action taken on the task page.',
  },
  lost_analysis: {
    'zh-CN': '请分析该战败客户：战败原因、竞品（如有）和经验教训；需要培训时可一并提出培训申请。',
    en:
      'Analyse this lost deal: the reason, the competitor if any and the lessons; you can ' +
      'ask for training there too.',
  },
  overdue_followup: {
    'zh-CN': '顾问未按时跟进该潜客。请督促跟进，并在任务页写明处理情况。',
    en: "The consultant missed this prospect's follow-up. See that it is done and note what was done on the task page.",
  },
  training_request: {
    'zh-CN': '请安排该培训，或写明理由后拒绝。',
    en: 'Schedule the requested training, or decline it with a reason.',
  },
  calendar_load: {
    'zh-CN': '请载入国务院发布的明年节假日安排（放假与调休），在此之前明年按法定节日暂定。',
    en:
      "Load the State Council's holiday notice for next year (days off and makeup working days); " +
      'until then it is provisional.',
  },
};

const HEADS: Record<TaskMailKind, Record<MessageLang, string>> = {
  assigned: { 'zh-CN': '【待办】', en: '[New task] ' },
  reminder: { 'zh-CN': '【提醒】', en: '[Reminder] ' },
  escalated: { 'zh-CN': '【升级】', en: '[Escalated] ' },
};

const T = {
  due: { 'zh-CN': '截止时间：', en: 'Due: ' },
  for: { 'zh-CN': '处理人：', en: 'For: ' },
  open: { 'zh-CN': '打开任务：', en: 'Open the task: ' },
  openLink: { 'zh-CN': '打开任务', en: 'Open the task' },
  reminder: { 'zh-CN': '该任务即将到期，请尽快处理。', en: 'This task is due soon.' },
  escalated: {
    'zh-CN': (n: number) => `该任务已逾期，升级给您处理（第 ${n} 级）。`,
    en: (n: number) => `This task is overdue and has been escalated to you (level ${n}).`,
  },
} as const;

export type TaskForMessage = Pick<TaskEntity, 'id' | 'kind' | 'title' | 'dueAt' | 'escalationLevel' | 'assigneeRole'>;
export interface MessageOptions {
  publicUrl: string;
  timeZone: string;
  lang: MessageLang;
  /** The task's link when it is not the plain page (WeCom: through the WeCom sign-in). */
  link?: string;
}
/** One message in both forms: plain text (e-mail) and markdown (WeCom; the title people typed is escaped). */
export interface Message {
  subject: string;
  text: string;
  markdown: string;
  link: string;
}

export const taskLink = (publicUrl: string, taskId: string) => `${publicUrl.replace(/\/+$/, '')}/tasks/${taskId}`;

/** The task page as a WeCom message opens it: the page signs the person in through WeCom, then shows the task. */
export const wecomTaskLink = (publicUrl: string, dealerId: string, taskId: string) =>
  `${taskLink(publicUrl, taskId)}?wecom=1&dealer=${dealerId}`;

/** The title as the reader sees it: in English the Chinese kind prefix gives way to the English kind. */
export function taskTitle(t: Pick<TaskEntity, 'kind' | 'title'>, lang: MessageLang): string {
  if (lang === 'zh-CN') return t.title;
  const zh = LABELS_ZH.kind[t.kind as TaskKind];
  const en = LABELS_EN.kind[t.kind as TaskKind] ?? t.kind;
  if (zh && t.title.startsWith(`${zh}：`)) return `${en}: ${t.title.slice(zh.length + 1)}`;
  return `${en}: ${t.title}`;
}

const roleLabel = (role: string | null, lang: MessageLang) =>
  !role ? '' : ((lang === 'en' ? LABELS_EN : LABELS_ZH).role[role as Role] ?? role);

export function taskMessage(kind: TaskMailKind, t: TaskForMessage, o: MessageOptions): Message {
  const { lang } = o;
  const title = taskTitle(t, lang);
  const link = o.link ?? taskLink(o.publicUrl, t.id);
  const subject = `${HEADS[kind][lang]}${title}`;
  const ask = ASKS[t.kind as TaskKind]?.[lang] ?? '';
  const state =
    kind === 'reminder' ? T.reminder[lang] : kind === 'escalated' ? T.escalated[lang](t.escalationLevel) : '';
  const due = formatLocalTime(t.dueAt, o.timeZone, lang);
  const who = roleLabel(t.assigneeRole, lang);
  const text = [state, ask, `${T.due[lang]}${due}`, who ? `${T.for[lang]}${who}` : '', '', `${T.open[lang]}${link}`]
    .filter((l, i) => l !== '' || i === 4)
    .join('\n');
  const markdown = [
    `**${HEADS[kind][lang]}${markdownText(title)}**`,
    state ? `<font color="warning">${state}</font>` : '',
    ask,
    `> ${T.due[lang]}<font color="warning">${due}</font>`,
    who ? `> ${T.for[lang]}${who}` : '',
    `[${T.openLink[lang]}](${link})`,
  ]
    .filter((l) => l !== '')
    .join('\n');
  return { subject, text, markdown, link };
}

/** Compatibility wrapper for the e-mail senders: subject and plain text. */
export function taskMail(
  kind: TaskMailKind,
  t: TaskForMessage,
  publicUrl: string,
  timeZone = 'Asia/Shanghai',
  lang: MessageLang = 'zh-CN',
): { subject: string; text: string } {
  const { subject, text } = taskMessage(kind, t, { publicUrl, timeZone, lang });
  return { subject, text };
}

export interface DigestEntry {
  kind: TaskMailKind;
  task: TaskForMessage;
}
/** One task's line in a digest, rendered when the notification is written (kept on its row). */
export interface DigestLine {
  tag: string;
  title: string;
  due: string;
  link: string;
}

const DIGEST = {
  subject: {
    'zh-CN': (n: number) => `【待办汇总】您有 ${n} 项任务待处理`,
    en: (n: number) => (n === 1 ? '[Tasks] 1 task needs you' : `[Tasks] ${n} tasks need you`),
  },
  intro: {
    'zh-CN': '以下任务在几分钟内陆续派给了您，合并为一条通知。请逐项打开处理：',
    en: 'These tasks came to you within a few minutes, so they are listed in one message. Open each to act on it:',
  },
  reminder: { 'zh-CN': '［提醒］', en: '[reminder] ' },
} as const;

export function digestLine(kind: TaskMailKind, t: TaskForMessage, o: MessageOptions): DigestLine {
  return {
    tag: kind === 'reminder' ? DIGEST.reminder[o.lang] : '',
    title: taskTitle(t, o.lang),
    due: formatLocalTime(t.dueAt, o.timeZone, o.lang),
    link: o.link ?? taskLink(o.publicUrl, t.id),
  };
}

const CARD = {
  due: { 'zh-CN': '截止', en: 'Due' },
  for: { 'zh-CN': '处理人', en: 'For' },
  open: { 'zh-CN': '打开任务', en: 'Open task' },
  more: {
    'zh-CN': '其他处理（如退回并填写意见）请打开任务。',
    en: 'For anything else (such as sending it back with a comment) open the task.',
  },
} as const;

/**
 * The WeCom card of a task whose decision can be a click (`cardDecisions`): one button per such decision and one
 * that opens the task page for the rest; null when no decision of the task can be a click.
 */
export function taskCard(
  kind: TaskMailKind,
  t: TaskForMessage & Pick<TaskEntity, 'payload'>,
  o: MessageOptions & { link: string },
): TaskCard | null {
  const decisions = cardDecisions(t.kind, t.payload);
  if (!decisions.length) return null;
  const { lang } = o;
  const labels = lang === 'en' ? LABELS_EN : LABELS_ZH;
  const state =
    kind === 'reminder' ? T.reminder[lang] : kind === 'escalated' ? T.escalated[lang](t.escalationLevel) : '';
  const who = roleLabel(t.assigneeRole, lang);
  return {
    title: taskTitle(t, lang),
    head: `${HEADS[kind][lang].trim()}${state ? ` ${state}` : ''}`,
    ask: `${ASKS[t.kind as TaskKind]?.[lang] ?? ''}${CARD.more[lang]}`,
    lines: [
      { key: CARD.due[lang], value: formatLocalTime(t.dueAt, o.timeZone, lang) },
      ...(who ? [{ key: CARD.for[lang], value: who }] : []),
    ],
    link: o.link,
    linkText: CARD.open[lang],
    buttons: decisions.map((d) => ({ key: d, text: labels.decision[d as keyof typeof labels.decision] ?? d })),
  };
}

/** One message listing several task notifications for one person, in the order given. */
export function digestMessage(lines: DigestLine[], lang: MessageLang): Omit<Message, 'link'> {
  const subject = DIGEST.subject[lang](lines.length);
  const text = [
    DIGEST.intro[lang],
    '',
    ...lines.flatMap((l, i) => [`${i + 1}. ${l.tag}${l.title}`, `   ${T.due[lang]}${l.due}`, `   ${l.link}`]),
  ].join('\n');
  const markdown = [
    `**${subject}**`,
    DIGEST.intro[lang],
    ...lines.map(
      (l, i) =>
        `${i + 1}. [${l.tag}${markdownText(l.title)}](${l.link}) <font color="comment">${T.due[lang]}${l.due}</font>`,
    ),
  ].join('\n');
  return { subject, text, markdown };
}

/** A digest straight from tasks (escalations are never folded in): soonest due first. */
export function taskDigest(entries: DigestEntry[], o: MessageOptions): Message {
  const sorted = [...entries].sort(
    (a, b) => a.task.dueAt.getTime() - b.task.dueAt.getTime() || a.task.id.localeCompare(b.task.id),
  );
  const lines = sorted.map((e) => digestLine(e.kind, e.task, o));
  return { ...digestMessage(lines, o.lang), link: lines[0]?.link ?? o.publicUrl };
}
