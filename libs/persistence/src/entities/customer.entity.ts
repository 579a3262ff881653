// Accounts (大用户单位), their contacts, prospects (潜客) and every grade change kept as history.
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';

@Entity('account')
@Index(['dealerId', 'name'], { unique: true })
export class AccountEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') dealerId: string;
  @Column() name: string;
  @Column() customerType: string;
  @Column({ type: 'text', nullable: true }) address: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

@Entity('contact')
export class ContactEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column('uuid') accountId: string;
  @Column('uuid') dealerId: string;
  @Column() name: string;
  @Column({ type: 'text', nullable: true }) title: string | null;
  @Column() phone: string;
}

@Entity('prospect')
@Index(['dealerId', 'updatedAt'])
@Index(['dealerId', 'ownerId'])
export class ProspectEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') dealerId: string;
  @Column('uuid') accountId: string;
  @Column('uuid') contactId: string;
  @Column() model: string;
  @Column('int') quantity: number;
  @Column({ length: 1 }) grade: string;
  @Column({ default: false }) hot: boolean;
  @Column() channel: string;
  @Column() developmentType: string;
  @Column('uuid') ownerId: string;
  @Column({ type: 'text', nullable: true }) note: string | null;
  @Column('uuid', { nullable: true }) sourceVisitId: string | null;
  @Column('uuid', { nullable: true }) sourceEventId: string | null;
  @Column({ type: 'timestamptz', nullable: true }) nextFollowUpDue: Date | null;
  /** The import job that brought it in (the dealer's existing base), null when recorded here. */
  @Column('uuid', { nullable: true }) importJobId: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
  @VersionColumn() version: number;
}

@Entity('grade_change')
@Index(['prospectId', 'at'])
@Index(['dealerId', 'at'])
export class GradeChangeEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') dealerId: string;
  @Column('uuid') prospectId: string;
  @Column({ type: 'varchar', length: 1, nullable: true }) fromGrade: string | null;
  @Column({ length: 1 }) toGrade: string;
  @Column({ type: 'timestamptz' }) at: Date;
  @Column('uuid') byUserId: string;
  @Column({ type: 'text', nullable: true }) reason: string | null;
}

@Entity('follow_up')
@Index(['prospectId', 'at'])
export class FollowUpEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') dealerId: string;
  @Column('uuid') prospectId: string;
  @Column('uuid') byUserId: string;
  @Column() channel: string;
  @Column('text') content: string;
  @Column({ type: 'text', nullable: true }) nextStep: string | null;
  @Column({ type: 'timestamptz' }) at: Date;
}
