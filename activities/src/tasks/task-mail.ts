// Who is told about a task, and what the e-mails say (Chinese first, English after).
import type { DataSource, EntityManager } from 'typeorm';
import { TASK_KIND_LABELS_ZH, ROLE_LABELS_ZH, type Role, type TaskKind } from '@kaflow/domain';
import { TaskEntity, UserEntity } from '@kaflow/persistence';

export type TaskMailKind = 'assigned' | 'reminder' | 'escalated';

/** E-mail addresses of the task's current assignee: the user, or every active user of the role in the dealer. */
export async function assigneeEmails(db: DataSource | EntityManager, t: Pick<TaskEntity, 'dealerId' | 'assigneeUserId' | 'assigneeRole'>): Promise<string[]> {
  const q = db.getRepository(UserEntity).createQueryBuilder('u').select('u.email', 'email')
    .where('u.dealerId = :dealerId AND u.active', { dealerId: t.dealerId });
  if (t.assigneeUserId) q.andWhere('u.id = :id', { id: t.assigneeUserId });
  else q.andWhere(':role = ANY(u.roles)', { role: t.assigneeRole });
  const rows: Array<{ email: string }> = await q.getRawMany();
  return [...new Set(rows.map((r) => r.email))].sort();
}

const fmt = (d: Date) => d.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';

export function taskMail(kind: TaskMailKind, t: TaskEntity, publicUrl: string): { subject: string; text: string } {
  const label = TASK_KIND_LABELS_ZH[t.kind as TaskKind] ?? t.kind;
  const link = `${publicUrl}/api/tasks/${t.id}`;
  const who = t.assigneeRole ? ROLE_LABELS_ZH[t.assigneeRole as Role] ?? t.assigneeRole : '';
  const heads: Record<TaskMailKind, [string, string]> = {
    assigned: [`【待办】${t.title}`, 'You have a new task.'],
    reminder: [`【提醒】${t.title}`, 'Reminder: this task is due soon.'],
    escalated: [`【升级】${t.title}`, `Escalated (level ${t.escalationLevel}) to ${t.assigneeRole ?? 'you'}: the task is overdue.`],
  };
  const [subject, en] = heads[kind];
  const text = [
    `${label}：${t.title}`,
    who ? `处理人：${who}` : '',
    `截止时间 Due: ${fmt(t.dueAt)}`,
    kind === 'escalated' ? `已逾期，升级至第 ${t.escalationLevel} 级。` : '',
    '',
    en,
    `Open: ${link}`,
    `Decide: POST ${link}/complete`,
  ].filter((l) => l !== '').join('\n');
  return { subject, text };
}
