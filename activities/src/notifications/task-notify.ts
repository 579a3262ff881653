// Tells the people of a task what happened (assigned, reminder, escalated) on each of their
// channels, in their language and the dealer's time zone, through the outbox. Keys:
// task:<id>:<event>:<channel>:<user id | robot role>, so each message goes once per channel. A person's
// substitute (代理) on that day at the dealer gets the same messages (substitution does not chain).
import { localDate } from '@kaflow/calendar';
import { TaskEntity } from '@kaflow/persistence';
import { loadPolicy, substitutesFor } from '@kaflow/records';
import { digestLine, taskCard, taskMessage, wecomTaskLink, type TaskMailKind } from '../tasks/task-mail';
import { loadDealerChannels, recipientsOf } from './channel-settings';
import { enqueue, type OutboxDeps, type RenderedMessage } from './outbox';

export async function notifyTask(
  o: OutboxDeps & { publicUrl: string },
  kind: TaskMailKind,
  t: TaskEntity,
  event: string,
  businessNow: () => Date = o.now,
): Promise<void> {
  const [policy, dealer] = await Promise.all([
    loadPolicy(o.db, t.dealerId),
    loadDealerChannels(o.db, t.dealerId, o.box, o.env),
  ]);
  const assignees = await recipientsOf(o.db, t.dealerId, { userId: t.assigneeUserId, role: t.assigneeRole }, dealer);
  const today = localDate(businessNow(), policy.timezone);
  const subs = await substitutesFor(
    o.db,
    t.dealerId,
    assignees.map((p) => p.userId),
    today,
  );
  const standIns = [];
  for (const id of new Set(subs.map((s) => s.substituteUserId))) {
    if (assignees.some((p) => p.userId === id)) continue;
    standIns.push(...(await recipientsOf(o.db, t.dealerId, { userId: id, role: null }, dealer)));
  }
  const people = [...assignees, ...standIns];
  const digestible = kind !== 'escalated';
  const render = (lang: RenderedMessage['lang'], link?: string): RenderedMessage => {
    const opts = { publicUrl: o.publicUrl, timeZone: policy.timezone, lang, link };
    const { subject, text, markdown } = taskMessage(kind, t, opts);
    return { subject, text, markdown, lang, line: digestLine(kind, t, opts) };
  };
  // In WeCom the link signs the person in through WeCom, and a task decided by a click goes out as a card at once.
  const wecomLink = wecomTaskLink(o.publicUrl, t.dealerId, t.id);
  const renderWecom = (lang: RenderedMessage['lang']): RenderedMessage => {
    const card =
      t.status === 'open'
        ? taskCard(kind, t, { publicUrl: o.publicUrl, timeZone: policy.timezone, lang, link: wecomLink })
        : null;
    return { ...render(lang, wecomLink), ...(card ? { card } : {}) };
  };
  const base = { dealerId: t.dealerId, taskId: t.id, kind: `task_${kind}`, digestible };
  for (const p of people) {
    const message = render(p.lang);
    if (p.byEmail) {
      await enqueue(o, {
        ...base,
        key: `task:${t.id}:${event}:email:${p.userId}`,
        channel: 'email',
        recipientUserId: p.userId,
        target: p.email,
        message,
      });
    }
    if (p.wecomUserId) {
      const wecom = renderWecom(p.lang);
      await enqueue(o, {
        ...base,
        ...(wecom.card ? { digestible: false } : {}),
        key: `task:${t.id}:${event}:wecom_app:${p.userId}`,
        channel: 'wecom_app',
        recipientUserId: p.userId,
        target: p.wecomUserId,
        message: wecom,
      });
    }
  }
  // A group robot per role: the task's role, or the roles of the person it is for.
  const roles = t.assigneeRole ? [t.assigneeRole] : [...new Set(assignees.flatMap((p) => p.roles))];
  for (const role of roles.filter((r) => dealer.robots.has(r))) {
    await enqueue(o, {
      ...base,
      key: `task:${t.id}:${event}:wecom_robot:${role}`,
      channel: 'wecom_robot',
      target: role,
      message: render(dealer.defaultLang),
    });
  }
}
