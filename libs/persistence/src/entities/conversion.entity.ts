// Process 6, conversion (C/B/A/H/O客户转化): each prospect's conversion state (its follow-up workflow's),
// the ledger of the follow-ups it made due, and the lost-deal analyses (战败分析).
import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** One row per prospect whose follow-up schedule is kept (by its workflow or by the dealer's sweep): live until the
 *  deal is lost (F) or delivered (保有客户). */
@Entity('conversion_state')
@Index(['dealerId', 'status'])
@Index('conversion_state_sweep_wake', ['dealerId', 'wakeAt'], { where: `"grain" = 'sweep'` })
export class ConversionStateEntity {
  @PrimaryColumn('uuid') prospectId: string;
  @Column('uuid') dealerId: string;
  /** `conversion:<dealer>:<prospect>` */
  @Column() workflowId: string;
  /** live → lost | delivered */
  @Column({ default: 'live' }) status: string;
  @Column({ type: 'timestamptz', nullable: true }) deliveredAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) endedAt: Date | null;
  @Column({ type: 'timestamptz' }) startedAt: Date;
  @Column({ type: 'timestamptz' }) updatedAt: Date;
  /** Who keeps the follow-up schedule: the prospect's own workflow ('prospect') or the dealer's sweep ('sweep'). */
  @Column({ length: 10, default: 'prospect' }) grain: string;
  /** Sweep grain: when the sweep ticks the prospect next (null: nothing to wait for, lost or delivered). */
  @Column({ type: 'timestamptz', nullable: true }) wakeAt: Date | null;
  /** Sweep grain: a missed due date whose escalation the sweep owes (cleared once its workflow is started). */
  @Column({ type: 'timestamptz', nullable: true }) escalateDue: Date | null;
  /** Sweep grain: a loss (F) whose lost-deal analysis the sweep owes (cleared once its workflow is started). */
  @Column({ type: 'timestamptz', nullable: true }) lossAt: Date | null;
}

/**
 * Every due date a prospect's follow-up schedule set, and what became of it: `met` (a follow-up came by then),
 * `missed` (it passed without one), `moved` (a grade or hot change moved it before it came), or
 * `open`. "Follow-ups done vs due" is read from here.
 */
@Entity('follow_up_due')
@Index(['dealerId', 'dueAt'])
@Index(['prospectId', 'outcome'])
export class FollowUpDueEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') dealerId: string;
  @Column('uuid') prospectId: string;
  @Column('uuid') consultantId: string;
  @Column({ length: 1 }) grade: string;
  @Column({ type: 'timestamptz' }) setAt: Date;
  @Column({ type: 'timestamptz' }) dueAt: Date;
  @Column({ default: 'open' }) outcome: string;
  @Column({ type: 'timestamptz', nullable: true }) closedAt: Date | null;
}

/** A lost deal (战败) and its analysis by the key-account manager the next working day. */
@Entity('lost_analysis')
@Index(['prospectId', 'lostAt'], { unique: true })
@Index(['dealerId', 'lostAt'])
export class LostAnalysisEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') dealerId: string;
  @Column('uuid') prospectId: string;
  /** The owner when the deal was lost. */
  @Column('uuid') consultantId: string;
  @Column() model: string;
  @Column({ type: 'varchar', length: 1, nullable: true }) fromGrade: string | null;
  @Column({ type: 'timestamptz' }) lostAt: Date;
  /** 战败失控: the prospect's follow-up was overdue when it was lost. */
  @Column() overdueAtLoss: boolean;
  /** open → done */
  @Column({ default: 'open' }) status: string;
  @Column('uuid', { nullable: true }) taskId: string | null;
  @Column({ type: 'text', nullable: true }) reasonCategory: string | null;
  @Column({ type: 'text', nullable: true }) competitorBrand: string | null;
  @Column({ type: 'text', nullable: true }) competitorModel: string | null;
  @Column({ type: 'text', nullable: true }) lessons: string | null;
  @Column({ type: 'text', nullable: true }) trainingRequest: string | null;
  @Column('uuid', { nullable: true }) trainingTaskId: string | null;
  @Column({ type: 'text', nullable: true }) trainingOutcome: string | null;
  @Column('uuid', { nullable: true }) analysedBy: string | null;
  @Column({ type: 'timestamptz', nullable: true }) analysedAt: Date | null;
  @Column({ type: 'timestamptz' }) createdAt: Date;
}
