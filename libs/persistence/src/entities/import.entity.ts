// An import of a dealer's existing list (留档导入): one row per upload, with its progress and report.
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * validating → (dry run: done) | writing → rhythms (the follow-up workflows start; the value keeps its first
 * name) → done; failed or interrupted when it stopped.
 */
export type ImportJobStatus = 'validating' | 'writing' | 'rhythms' | 'done' | 'rejected' | 'failed' | 'interrupted';

@Entity('import_job')
@Index(['dealerId', 'createdAt'])
export class ImportJobEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') dealerId: string;
  @Column('uuid') userId: string;
  @Column({ type: 'varchar' }) kind: string;
  @Column({ type: 'text' }) fileName: string;
  @Column() dryRun: boolean;
  @Column() skipInvalid: boolean;
  @Column({ type: 'varchar' }) status: ImportJobStatus;
  @Column('int', { default: 0 }) rowsRead: number;
  @Column('int', { default: 0 }) rowsValid: number;
  @Column('int', { default: 0 }) rowsInvalid: number;
  /** Rows whose natural key already exists in the dealer (an earlier import or a recorded prospect). */
  @Column('int', { default: 0 }) rowsExisting: number;
  @Column('int', { default: 0 }) rowsToCreate: number;
  /** Rows written so far (the progress of the writing phase). */
  @Column('int', { default: 0 }) rowsDone: number;
  @Column('int', { default: 0 }) created: number;
  /** Follow-up workflows started, and still to start (the columns keep their first names). */
  @Column('int', { name: 'rhythmsStarted', default: 0 }) followUpsStarted: number;
  @Column('int', { name: 'rhythmsPending', default: 0 }) followUpsPending: number;
  @Column('jsonb', { default: () => "'[]'" }) errors: Array<{ row: number; column: string; problem: string }>;
  @Column({ type: 'text', nullable: true }) message: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) finishedAt: Date | null;
}
