// Visits (走访) planned and done, events (外展/展厅活动) and the leads met there.
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity('visit_plan')
@Index(['dealerId', 'month'])
export class VisitPlanEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') dealerId: string;
  @Column('uuid') consultantId: string;
  @Column({ length: 7 }) month: string;
  @Column('uuid', { nullable: true }) accountId: string | null;
  @Column({ type: 'text', nullable: true }) accountName: string | null;
  @Column('date') plannedDate: string;
  @Column({ type: 'text', nullable: true }) purpose: string | null;
  /** Added at check-in for a visit that was not in the plan (走访签到 on an unplanned visit). */
  @Column({ default: false }) unplanned: boolean;
  @Column('uuid', { nullable: true }) prospectId: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

/** A check-in (走访签到) on a planned visit: when, and where when the phone gave a position (WGS-84). */
@Entity('visit_check_in')
@Index(['dealerId', 'localDate'])
export class VisitCheckInEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') dealerId: string;
  @Index({ unique: true }) @Column('uuid') planId: string;
  @Column('uuid') consultantId: string;
  @Column({ type: 'timestamptz' }) checkedInAt: Date;
  /** The dealer-local date of checkedInAt: the visit plan's completion compares it with the planned date. */
  @Column('date') localDate: string;
  @Column({ type: 'double precision', nullable: true }) lat: number | null;
  @Column({ type: 'double precision', nullable: true }) lng: number | null;
  @Column({ type: 'double precision', nullable: true }) accuracy: number | null;
}

@Entity('visit_record')
@Index(['dealerId', 'visitedOn'])
export class VisitRecordEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') dealerId: string;
  @Column('uuid') consultantId: string;
  @Column('uuid', { nullable: true }) planId: string | null;
  @Column('uuid', { nullable: true }) accountId: string | null;
  @Column({ type: 'text', nullable: true }) accountName: string | null;
  @Column('date') visitedOn: string;
  /** Potential buyers met on the visit: the denominator of the record rate. */
  @Column('int') leadsMet: number;
  @Column('text') summary: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

@Entity('sales_event')
@Index(['dealerId', 'plannedDate'])
export class SalesEventEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') dealerId: string;
  @Column() kind: string;
  @Column() name: string;
  @Column('uuid') ownerId: string;
  @Column('date') plannedDate: string;
  @Column({ type: 'date', nullable: true }) heldOn: string | null;
  @Column({ type: 'text', nullable: true }) location: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

@Entity('event_lead')
@Index(['eventId'])
export class EventLeadEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') dealerId: string;
  @Column('uuid') eventId: string;
  @Column() name: string;
  @Column({ type: 'text', nullable: true }) phone: string | null;
  @Column({ type: 'text', nullable: true }) company: string | null;
  /** Set when the lead was recorded as a prospect (留档). */
  @Column('uuid', { nullable: true }) prospectId: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
