// A task's history for its page: created, reminded, escalated, decided — when and by whom — from
// the task row, the notification log and the audit log, in time order.
import { In, type DataSource } from 'typeorm';
import { AuditLogEntity, NotificationEntity, UserEntity, type TaskEntity } from '@kaflow/persistence';

export interface TaskEvent {
  at: string;
  action: 'created' | 'reminded' | 'escalated' | 'decided';
  by: { id: string; displayName: string } | null;
  detail: Record<string, unknown>;
}

export async function taskHistory(db: DataSource, task: TaskEntity): Promise<TaskEvent[]> {
  const [audit, reminders] = await Promise.all([
    db.getRepository(AuditLogEntity).find({
      where: {
        dealerId: task.dealerId,
        entityType: 'task',
        entityId: task.id,
        action: In(['task.escalated', 'task.decided']),
      },
      order: { at: 'ASC', id: 'ASC' },
    }),
    db.getRepository(NotificationEntity).find({
      where: { dealerId: task.dealerId, taskId: task.id, kind: 'task_reminder' },
      order: { createdAt: 'ASC' },
    }),
  ]);
  const actorIds = [...new Set(audit.map((a) => a.actorUserId).filter((id): id is string => !!id))];
  const users = actorIds.length
    ? await db.getRepository(UserEntity).find({ where: { id: In(actorIds), dealerId: task.dealerId } })
    : [];
  const person = (id: string | null) => {
    const u = id ? users.find((x) => x.id === id) : undefined;
    return u ? { id: u.id, displayName: u.displayName } : null;
  };
  const events: TaskEvent[] = [{ at: task.createdAt.toISOString(), action: 'created', by: null, detail: {} }];
  for (const r of reminders) {
    events.push({ at: (r.sentAt ?? r.createdAt).toISOString(), action: 'reminded', by: null, detail: {} });
  }
  for (const a of audit) {
    const d = a.detail ?? {};
    events.push(
      a.action === 'task.escalated'
        ? { at: a.at.toISOString(), action: 'escalated', by: null, detail: { to: d.to, level: d.level } }
        : {
            at: a.at.toISOString(),
            action: 'decided',
            by: person(a.actorUserId),
            detail: { decision: d.decision, comment: d.comment, ...(d.via ? { via: d.via } : {}) },
          },
    );
  }
  return events.sort((x, y) => x.at.localeCompare(y.at));
}
