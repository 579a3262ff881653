// The one mapping from a task row to the API's task shape.
import type { TaskEntity } from '@kaflow/persistence';
import type { TaskView } from '@kaflow/workflows';

export function toTaskView(t: TaskEntity): TaskView {
  return {
    id: t.id,
    kind: t.kind,
    title: t.title,
    status: t.status,
    assigneeUserId: t.assigneeUserId,
    assigneeRole: t.assigneeRole,
    dueAt: t.dueAt.toISOString(),
    escalationLevel: t.escalationLevel,
    subject: { type: t.subjectType, id: t.subjectId },
    payload: t.payload,
    decision: t.decision,
    comment: t.comment,
    data: t.decisionData,
    decidedBy: t.decidedBy,
    decidedOnBehalfOf: t.decidedOnBehalfOf ?? null,
    decidedAt: t.decidedAt ? t.decidedAt.toISOString() : null,
    workflowId: t.workflowId,
    createdAt: t.createdAt.toISOString(),
  };
}
