// Plans (processes 1–4) and what the planning cycle keeps: every plan kind is versioned (a draft is
// editable, an approved version immutable, a new version supersedes it with the reason kept),
// personal targets (个人目标确认书), weekly progress reviews, and once-per-period process runs.
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

export type PlanKind = 'annual' | 'rolling' | 'decomposition' | 'lead';
/** draft (manager edits) → submitted (director reviews) → reviewed (GM signs) → approved;
 *  rejected and superseded versions stay as history. */
export type PlanStatus = 'draft' | 'submitted' | 'reviewed' | 'approved' | 'rejected' | 'superseded';

@Entity('plan')
@Index(['dealerId', 'kind', 'period', 'version'], { unique: true })
export class PlanEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') dealerId: string;
  @Column({ type: 'varchar' }) kind: PlanKind;
  /** 'YYYY' for the annual plan, 'YYYY-MM' (the month planned) for the others. */
  @Column() period: string;
  @Column('int') version: number;
  /** Edit counter of a draft: a PUT must name the revision it edited (409 when stale). */
  @Column('int', { default: 1 }) revision: number;
  @Column({ type: 'varchar' }) status: PlanStatus;
  /** The planning inputs (pre-filled, then edited) and the computed plan. */
  @Column('jsonb') input: Record<string, any>;
  @Column('jsonb') result: Record<string, any>;
  /** Where the pre-fill came from (actuals, months, rates), for anyone checking the plan by hand. */
  @Column('jsonb', { nullable: true }) basis: Record<string, any> | null;
  @Column({ type: 'boolean', nullable: true }) coverageOk: boolean | null;
  @Column({ type: 'text', nullable: true }) overrideNote: string | null;
  /** Why this version exists ('pre-filled from actuals', the rejection comment it answers, …). */
  @Column({ type: 'text', nullable: true }) reason: string | null;
  @Column('uuid', { nullable: true }) supersedesId: string | null;
  @Column({ type: 'varchar', nullable: true }) workflowId: string | null;
  @Column('uuid', { nullable: true }) submittedBy: string | null;
  @Column({ type: 'timestamptz', nullable: true }) submittedAt: Date | null;
  @Column('uuid', { nullable: true }) reviewedBy: string | null;
  @Column({ type: 'timestamptz', nullable: true }) reviewedAt: Date | null;
  @Column('uuid', { nullable: true }) approvedBy: string | null;
  @Column({ type: 'timestamptz', nullable: true }) approvedAt: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}

export type PersonalTargetStatus = 'pending' | 'confirmed' | 'disputed';

/** A consultant's personal target for a month (个人目标确认书), from a decomposition plan version. */
@Entity('personal_target')
@Index(['planId', 'consultantId'], { unique: true })
@Index(['dealerId', 'month'])
export class PersonalTargetEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') dealerId: string;
  @Column({ type: 'varchar', length: 7 }) month: string;
  @Column('uuid') planId: string;
  @Column('uuid') consultantId: string;
  /** { orders, aak, submissions, byModel: [{ model, orders, aak, submissions }] } */
  @Column('jsonb') targets: Record<string, any>;
  @Column({ type: 'varchar', default: 'pending' }) status: PersonalTargetStatus;
  @Column({ type: 'text', nullable: true }) comment: string | null;
  @Column('uuid', { nullable: true }) taskId: string | null;
  @Column({ type: 'timestamptz', nullable: true }) decidedAt: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

/** A weekly progress review (周进度盘点): one per dealer and ISO week. */
@Entity('weekly_review')
export class WeeklyReviewEntity {
  @PrimaryColumn('uuid') dealerId: string;
  /** ISO week 'YYYY-Www'. */
  @PrimaryColumn({ type: 'varchar', length: 8 }) week: string;
  @Column('date') businessDate: string;
  @Column({ type: 'varchar', length: 7 }) month: string;
  /** The progress lines (weeklyProgress result) and the figures they came from. */
  @Column('jsonb') progress: Record<string, any>;
  @Column('int') gapCount: number;
  @Column('uuid', { nullable: true }) taskId: string | null;
  @Column('jsonb', { nullable: true }) actions: Array<{ gap: string; action: string; owner: string }> | null;
  @Column({ type: 'timestamptz', nullable: true }) summarySentAt: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

/** A scheduled or triggered process run for a period: the guard that starts it once per dealer and
 *  period, beyond Temporal's retention (month-end per month, annual plan per year, review per week). */
@Entity('process_run')
export class ProcessRunEntity {
  @PrimaryColumn('uuid') dealerId: string;
  @PrimaryColumn() process: string;
  @PrimaryColumn() periodKey: string;
  @Column() workflowId: string;
  @Column('date') businessDate: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
