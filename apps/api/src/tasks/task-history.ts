// A task's history for its page: created, reminded, escalated, reassigned, decided — when and by whom (and
// for whom, when a substitute decided) — from the task row, the notification log and the audit log, in time order.
import { In, type DataSource } from 'typeorm';
import { AuditLogEntity, NotificationEntity, UserEntity, type TaskEntity } from '@kaflow/persistence';

type Person = { id: string; displayName: string };

export interface TaskEvent {
  at: string;
  action: 'created' | 'reminded' | 'escalated' | 'reassigned' | 'decided';
  by: Person | null;
  /** A decision a substitute (代理) took: the person whose task it was. */
  onBehalfOf: Person | null;
  detail: Record<string, unknown>;
}

export async function taskHistory(db: DataSource, task: TaskEntity): Promise<TaskEvent[]> {
  const [audit, reminders] = await Promise.all([
    db.getRepository(AuditLogEntity).find({
      where: {
        dealerId: task.dealerId,
        entityType: 'task',
        entityId: task.id,
        action: In(['task.escalated', 'task.reassigned', 'task.decided']),
      },
      order: { at: 'ASC', id: 'ASC' },
    }),
    db.getRepository(NotificationEntity).find({
      where: { dealerId: task.dealerId, taskId: task.id, kind: 'task_reminder' },
      order: { createdAt: 'ASC' },
    }),
  ]);
  const ids = new Set<string>();
  for (const a of audit) {
    for (const id of [a.actorUserId, a.detail?.onBehalfOf, a.detail?.from?.userId, a.detail?.to?.userId])
      if (typeof id === 'string') ids.add(id);
  }
  const users = ids.size
    ? await db.getRepository(UserEntity).find({ where: { id: In([...ids]), dealerId: task.dealerId } })
    : [];
  const person = (id: unknown): Person | null => {
    const u = typeof id === 'string' ? users.find((x) => x.id === id) : undefined;
    return u ? { id: u.id, displayName: u.displayName } : null;
  };
  const none = { by: null, onBehalfOf: null };
  const events: TaskEvent[] = [{ at: task.createdAt.toISOString(), action: 'created', ...none, detail: {} }];
  for (const r of reminders) {
    events.push({ at: (r.sentAt ?? r.createdAt).toISOString(), action: 'reminded', ...none, detail: {} });
  }
  for (const a of audit) {
    const d = a.detail ?? {};
    const at = a.at.toISOString();
    if (a.action === 'task.escalated')
      events.push({ at, action: 'escalated', ...none, detail: { to: d.to, level: d.level } });
    else if (a.action === 'task.reassigned')
      events.push({
        at,
        action: 'reassigned',
        by: person(a.actorUserId),
        onBehalfOf: null,
        detail: {
          from: { ...(person(d.from?.userId) ?? {}), role: d.from?.role ?? null },
          to: person(d.to?.userId),
          reason: d.reason,
        },
      });
    else
      events.push({
        at,
        action: 'decided',
        by: person(a.actorUserId),
        onBehalfOf: person(d.onBehalfOf),
        detail: { decision: d.decision, comment: d.comment, ...(d.via ? { via: d.via } : {}) },
      });
  }
  return events.sort((x, y) => x.at.localeCompare(y.at));
}
