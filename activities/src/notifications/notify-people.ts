// Sends one message to some people (users and/or every user of a role) on each of their channels,
// in each one's language, through the outbox; and to the dealer's group robots of the given roles.
// Keys: <key>:<channel>:<user id | robot role>.
import type { MessageLang } from '@kaflow/calendar';
import type { DigestLine } from '../tasks/task-mail';
import { loadDealerChannels, recipientsOf, type Recipient } from './channel-settings';
import { enqueue, type OutboxDeps, type RenderedMessage } from './outbox';

export interface PeopleMessage {
  key: string;
  dealerId: string;
  kind: string;
  taskId?: string | null;
  who: Array<{ userId: string } | { role: string }>;
  /** Roles whose group robot gets it too (when the dealer has one). */
  robots: string[];
  render: (lang: MessageLang) => { subject: string; text: string; markdown: string; line?: DigestLine };
  digestible: boolean;
}

export async function notifyPeople(o: OutboxDeps, n: PeopleMessage): Promise<void> {
  const dealer = await loadDealerChannels(o.db, n.dealerId, o.box, o.env);
  const people = new Map<string, Recipient>();
  for (const w of n.who) {
    const found = await recipientsOf(
      o.db,
      n.dealerId,
      'userId' in w ? { userId: w.userId, role: null } : { userId: null, role: w.role },
      dealer,
    );
    for (const p of found) people.set(p.userId, p);
  }
  const rendered = (lang: MessageLang): RenderedMessage => ({ ...n.render(lang), lang });
  const base = { dealerId: n.dealerId, taskId: n.taskId ?? null, kind: n.kind, digestible: n.digestible };
  for (const p of people.values()) {
    const message = rendered(p.lang);
    if (p.byEmail)
      await enqueue(o, {
        ...base,
        key: `${n.key}:email:${p.userId}`,
        channel: 'email',
        recipientUserId: p.userId,
        target: p.email,
        message,
      });
    if (p.wecomUserId) {
      await enqueue(o, {
        ...base,
        key: `${n.key}:wecom_app:${p.userId}`,
        channel: 'wecom_app',
        recipientUserId: p.userId,
        target: p.wecomUserId,
        message,
      });
    }
  }
  for (const role of n.robots.filter((r) => dealer.robots.has(r))) {
    await enqueue(o, {
      ...base,
      key: `${n.key}:wecom_robot:${role}`,
      channel: 'wecom_robot',
      target: role,
      message: rendered(dealer.defaultLang),
    });
  }
}
