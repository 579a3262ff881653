// What a WeCom card says after a click (its buttons give way to this text), in the clicker's language.
import type { MessageLang } from '@kaflow/calendar';

const DONE: Record<string, Record<MessageLang, string>> = {
  approve: { 'zh-CN': '已批准', en: 'Approved' },
  confirm: { 'zh-CN': '已确认', en: 'Confirmed' },
  fixed: { 'zh-CN': '已整改', en: 'Marked fixed' },
  done: { 'zh-CN': '已完成', en: 'Done' },
};

export type CardOutcome =
  | { kind: 'decided'; decision: string; by: string }
  | { kind: 'already'; by: string | null }
  | { kind: 'not_allowed' }
  | { kind: 'not_linked' }
  | { kind: 'open_page' }
  | { kind: 'gone' }
  | { kind: 'busy' };

export function cardText(o: CardOutcome, lang: MessageLang): string {
  const zh = lang === 'zh-CN';
  switch (o.kind) {
    case 'decided': {
      const d = DONE[o.decision]?.[lang] ?? o.decision;
      return zh ? `${o.by} ${d}` : `${d} by ${o.by}`;
    }
    case 'already':
      if (!o.by) return zh ? '该任务已处理' : 'This task is already decided';
      return zh ? `已由 ${o.by} 处理，未再处理` : `Already decided by ${o.by}; nothing done`;
    case 'not_allowed':
      return zh ? '您无权处理此任务，未处理' : 'You may not decide this task; nothing done';
    case 'not_linked':
      return zh ? '企业微信账号未关联，请联系管理员' : 'WeCom account not linked; ask your admin';
    case 'open_page':
      return zh ? '请打开任务页处理' : 'Open the task page to decide';
    case 'gone':
      return zh ? '任务不存在或已关闭' : 'This task no longer exists';
    case 'busy':
      return zh ? '系统繁忙，未处理，请稍后在任务页处理' : 'Not decided: the system is busy, use the task page';
  }
}
