// Process 5: the one-week callback check (回访检核) and the daily self-check runs (每日自检).
// Rectification items (整改项) are tasks of kind `rectification`: their state is the task's.
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity('callback_check')
@Index(['dealerId', 'createdAt'])
export class CallbackCheckEntity {
  /** One check per prospect: its id is the workflow id `callback:<dealer>:<prospect>`. */
  @PrimaryColumn() workflowId: string;
  @Column('uuid') dealerId: string;
  @Index() @Column('uuid') prospectId: string;
  @Column('uuid') ownerId: string;
  /** open → rectifying → verifying → closed */
  @Column({ default: 'open' }) status: string;
  @Column({ type: 'text', nullable: true }) outcome: string | null;
  @Column('jsonb', { nullable: true }) corrections: Array<{ field: string; value: any }> | null;
  @Column({ type: 'timestamptz' }) dueAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) doneAt: Date | null;
  @Column({ type: 'boolean', nullable: true }) onTime: boolean | null;
  /** The outcome of the verification call after a rectification. */
  @Column({ type: 'text', nullable: true }) verificationOutcome: string | null;
  @Column({ type: 'timestamptz', nullable: true }) closedAt: Date | null;
  @Column({ type: 'timestamptz' }) createdAt: Date;
}

/** A daily self-check run (每日自检): at most one per dealer and business date. */
@Entity('daily_check_run')
export class DailyCheckRunEntity {
  @PrimaryColumn('uuid') dealerId: string;
  @PrimaryColumn('date') businessDate: string;
  @Column('date') windowFrom: string;
  @Column('int') itemCount: number;
  @Column({ type: 'timestamptz' }) createdAt: Date;
}
