// The button card (按钮交互型模板卡片) a task goes out as in WeCom, and the card's task_id: unique per message
// within the application (digits, letters, _-@, up to 128 bytes), and naming our task so that a click finds it.
import { createHash } from 'node:crypto';

export interface TaskCard {
  /** The card's title (the task's), its line under it, and what is asked. */
  title: string;
  head: string;
  ask: string;
  /** Short key/value lines (due time, for whom). */
  lines: Array<{ key: string; value: string }>;
  /** The task page (through the WeCom sign-in), and the text of the button that opens it. */
  link: string;
  linkText: string;
  /** One per decision that needs nothing but the click: key = the decision. */
  buttons: Array<{ key: string; text: string }>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** `kf_<task uuid without dashes>_<12 hex of the message key>`: one per message, and the task in it. */
export function cardTaskId(taskId: string, messageKey: string): string {
  const hash = createHash('sha1').update(messageKey).digest('hex').slice(0, 12);
  return `kf_${taskId.replace(/-/g, '')}_${hash}`;
}

/** The task a card's task_id names, or null when it is not one of ours. */
export function taskOfCard(cardId: string): string | null {
  const m = /^kf_([0-9a-f]{32})_[0-9a-f]{12}$/.exec(cardId);
  if (!m) return null;
  const h = m[1];
  const id = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  return UUID.test(id) ? id : null;
}

const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** The `template_card` of an application message (WeCom's limits: title 36, desc 44, text 160, 6 buttons). */
export function buttonCard(card: TaskCard, taskId: string): Record<string, unknown> {
  return {
    card_type: 'button_interaction',
    source: { desc: 'KA Flow' },
    main_title: { title: cut(card.title, 36), desc: cut(card.head, 44) },
    sub_title_text: cut(card.ask, 160),
    horizontal_content_list: card.lines.slice(0, 6).map((l) => ({ keyname: cut(l.key, 5), value: cut(l.value, 26) })),
    card_action: { type: 1, url: card.link },
    task_id: taskId,
    button_list: [
      ...card.buttons.slice(0, 5).map((b) => ({ type: 0, text: cut(b.text, 10), style: 1, key: b.key })),
      { type: 1, text: cut(card.linkText, 10), style: 2, url: card.link },
    ],
  };
}
