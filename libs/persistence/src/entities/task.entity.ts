// The read model of every human step (待办): written by activities, read by inboxes.
import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

@Entity('task')
@Index(['dealerId', 'status', 'assigneeRole'])
@Index(['dealerId', 'status', 'assigneeUserId'])
@Index(['workflowId'])
export class TaskEntity {
  /** Chosen by the workflow (deterministic), so a retried create writes nothing twice. */
  @PrimaryColumn('uuid') id: string;
  @Column('uuid') dealerId: string;
  @Column() kind: string;
  @Column() title: string;
  @Column({ default: 'open' }) status: string;
  @Column('uuid', { nullable: true }) assigneeUserId: string | null;
  @Column({ type: 'text', nullable: true }) assigneeRole: string | null;
  /** Name of the policy's escalation chain this task climbs. */
  @Column() chain: string;
  @Column('int', { default: 0 }) escalationLevel: number;
  @Column({ type: 'timestamptz' }) dueAt: Date;
  /** The deadline first set, before any escalation: "on time" is measured against it. */
  @Column({ type: 'timestamptz' }) originalDueAt: Date;
  @Column({ type: 'timestamptz' }) remindAt: Date;
  /** The duration the task was given (copied from the policy when created), repeated per escalation. */
  @Column('jsonb') dueRule: string | { workingDays: number };
  @Column() subjectType: string;
  @Column() subjectId: string;
  @Column('jsonb', { default: {} }) payload: Record<string, any>;
  @Column({ type: 'text', nullable: true }) decision: string | null;
  @Column({ type: 'text', nullable: true }) comment: string | null;
  @Column('jsonb', { nullable: true }) decisionData: Record<string, any> | null;
  @Column('uuid', { nullable: true }) decidedBy: string | null;
  /** The person a substitute decided for (代理): `decidedBy` acted on their behalf. */
  @Column('uuid', { nullable: true }) decidedOnBehalfOf: string | null;
  @Column({ type: 'timestamptz', nullable: true }) decidedAt: Date | null;
  /** When the workflow was known to have the decision; a decided row without it is sent again. */
  @Column({ type: 'timestamptz', nullable: true }) deliveredAt: Date | null;
  @Column() workflowId: string;
  @Column({ type: 'timestamptz' }) createdAt: Date;
}

/** One row per e-mail the system means to send; its key makes a retried activity send nothing twice. */
@Entity('notification')
export class NotificationEntity {
  @PrimaryColumn() key: string;
  @Column('uuid') dealerId: string;
  @Column('uuid', { nullable: true }) taskId: string | null;
  @Column() kind: string;
  @Column('text', { array: true }) recipients: string[];
  @Column() subject: string;
  @Column({ type: 'timestamptz', nullable: true }) sentAt: Date | null;
  @Column({ type: 'timestamptz' }) createdAt: Date;
  /** email | wecom_app | wecom_robot */
  @Column({ type: 'text', default: 'email' }) channel: string;
  @Column('uuid', { nullable: true }) recipientUserId: string | null;
  /** Who it goes to on the channel: an address, a WeCom user id, a robot's role. */
  @Column({ type: 'text', nullable: true }) target: string | null;
  /** The rendered message in the recipient's language (subject, text, markdown, digest line). */
  @Column('jsonb', { nullable: true }) message: Record<string, any> | null;
  /** May be folded into a digest (task mails; never escalations). */
  @Column({ default: false }) digestible: boolean;
  /** Pending until then (a short debounce, or the next try after a failure). */
  @Column({ type: 'timestamptz', nullable: true }) sendAfter: Date | null;
  @Column('int', { default: 0 }) attempts: number;
  @Column({ type: 'text', nullable: true }) lastError: string | null;
  /** Given up (a permanent error, or too many tries): counted for the admin. */
  @Column({ type: 'timestamptz', nullable: true }) failedAt: Date | null;
  /** The digest that carried it, when it went out in one. */
  @Column({ type: 'text', nullable: true }) digestKey: string | null;
}

@Entity('audit_log')
@Index(['dealerId', 'entityType', 'entityId'])
export class AuditLogEntity {
  @Column('bigint', { primary: true, generated: 'increment' }) id: string;
  @Column('uuid') dealerId: string;
  @Column('uuid', { nullable: true }) actorUserId: string | null;
  @Column() action: string;
  @Column() entityType: string;
  @Column() entityId: string;
  @Column('jsonb', { default: {} }) detail: Record<string, any>;
  @Column({ type: 'timestamptz', default: () => 'now()' }) at: Date;
}

/** A substitute (代理): `substituteUserId` decides `userId`'s tasks from `fromDate` to `toDate` (dates at the dealer). */
@Entity('substitute')
@Index(['dealerId', 'substituteUserId', 'toDate'])
@Index(['dealerId', 'userId', 'toDate'])
export class SubstituteEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') dealerId: string;
  @Column('uuid') userId: string;
  @Column('uuid') substituteUserId: string;
  @Column('date') fromDate: string;
  @Column('date') toDate: string;
  @Column({ type: 'text', nullable: true }) reason: string | null;
  @Column('uuid') createdBy: string;
  @Column({ type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
  /** Ended early (by the person or the admin); an ended row no longer applies. */
  @Column({ type: 'timestamptz', nullable: true }) endedAt: Date | null;
}
