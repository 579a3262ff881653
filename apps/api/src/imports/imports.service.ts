// Importing a dealer's existing 留档 list. The upload is read and checked at once (the answer carries
// the report); a dry run stops there, a file with problems writes nothing unless skipInvalid, and
// otherwise the valid rows are written in one transaction in the background while GET /api/imports/:id
// shows the rows done. Imported prospects are the dealer's existing base: each gets its follow-up
// workflow (process 6) but no new-record callback (process 5 checks new records, not a list brought in).
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource, In, LessThan } from 'typeorm';
import type { AppConfig } from '@kaflow/config';
import {
  ImportFileError,
  readImportFile,
  validateImportRows,
  type ImportOwners,
  type ImportProblem,
  type ProspectImportRow,
} from '@kaflow/forms';
import { ImportJobEntity, UserEntity } from '@kaflow/persistence';
import { hasRole, type AuthUser } from '../common/auth-user';
import { forbidden, notFound } from '../common/domain-error';
import { InjectConfig } from '../infra/infra.module';
import { existingKeys, writeImport } from './prospect-import.writer';
import { FollowUpStarter } from './follow-up-starter';

export const MAX_REPORTED_ERRORS = 1000;
const STARTED_AT = new Date();

export interface ImportOptions {
  dryRun: boolean;
  skipInvalid: boolean;
}

export interface ImportAnswer {
  status: 200 | 202 | 400;
  body: Record<string, unknown>;
}

export function jobView(j: ImportJobEntity) {
  return {
    id: j.id,
    kind: j.kind,
    fileName: j.fileName,
    status: j.status,
    dryRun: j.dryRun,
    skipInvalid: j.skipInvalid,
    rowsRead: j.rowsRead,
    rowsValid: j.rowsValid,
    rowsInvalid: j.rowsInvalid,
    rowsExisting: j.rowsExisting,
    rowsToCreate: j.rowsToCreate,
    rowsDone: j.rowsDone,
    created: j.created,
    rhythms: { started: j.followUpsStarted, pending: j.followUpsPending }, // the API's first name
    errors: j.errors,
    message: j.message,
    createdAt: j.createdAt,
    finishedAt: j.finishedAt,
  };
}

@Injectable()
export class ImportsService implements OnModuleInit {
  private readonly log = new Logger('Imports');
  /** Background writes still running in this process (tests and shutdown wait for them). */
  readonly running = new Set<Promise<void>>();

  constructor(
    private readonly db: DataSource,
    private readonly followUps: FollowUpStarter,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /** A job left 'writing' by a process that stopped wrote nothing (one transaction): say so. */
  async onModuleInit(): Promise<void> {
    await this.db
      .getRepository(ImportJobEntity)
      .update(
        { status: In(['validating', 'writing', 'rhythms']), createdAt: LessThan(STARTED_AT) },
        {
          status: 'interrupted',
          message: 'the server stopped during the import; run the same file again (nothing is created twice)',
        },
      )
      .catch(() => undefined);
  }

  private async owners(user: AuthUser): Promise<ImportOwners> {
    if (!hasRole(user, 'ka_manager', 'admin')) {
      return {
        byName: new Map([
          [user.username.toLowerCase(), user.id],
          [user.displayName, user.id],
        ]),
        fallback: user.id,
      };
    }
    const users = await this.db.getRepository(UserEntity).findBy({ dealerId: user.dealerId, active: true });
    const byName = new Map<string, string>();
    for (const u of users.filter((x) => x.roles.includes('consultant'))) {
      byName.set(u.username.toLowerCase(), u.id);
      if (!byName.has(u.displayName)) byName.set(u.displayName, u.id);
    }
    return { byName, fallback: hasRole(user, 'consultant') ? user.id : null };
  }

  async importProspects(
    user: AuthUser,
    file: { buffer: Buffer; originalname: string },
    opts: ImportOptions,
  ): Promise<ImportAnswer> {
    if (!hasRole(user, 'consultant', 'ka_manager', 'admin')) {
      throw forbidden('only consultants (their own lists), key-account managers and admins import prospects');
    }
    const parsed = await readImportFile(file.buffer, file.originalname);
    const checked = validateImportRows(parsed.rows, await this.owners(user));
    const existing = await existingKeys(this.db, user.dealerId, checked.valid);
    const toCreate = checked.valid.filter((r) => !existing.has(r.key));
    const rejected = checked.errors.length > 0 && !opts.skipInvalid;
    const jobs = this.db.getRepository(ImportJobEntity);
    const job = await jobs.save(
      jobs.create({
        dealerId: user.dealerId,
        userId: user.id,
        kind: 'prospects',
        fileName: file.originalname.slice(0, 200) || 'upload',
        dryRun: opts.dryRun,
        skipInvalid: opts.skipInvalid,
        status: opts.dryRun ? 'done' : rejected ? 'rejected' : 'writing',
        rowsRead: parsed.rows.length - checked.exampleRows,
        rowsValid: checked.valid.length,
        rowsInvalid: checked.invalidRows,
        rowsExisting: checked.valid.length - toCreate.length,
        rowsToCreate: toCreate.length,
        rowsDone: 0,
        created: 0,
        errors: checked.errors.slice(0, MAX_REPORTED_ERRORS),
        message: rejected
          ? `${checked.invalidRows} row(s) have problems: nothing was imported ` +
            '(fix them, or import with skipInvalid=true)'
          : null,
        finishedAt: opts.dryRun || rejected ? new Date() : null,
      }),
    );
    const report = { ...jobView(job), errorCount: checked.errors.length };
    if (opts.dryRun) return { status: 200, body: report };
    if (rejected) {
      return {
        status: 400,
        body: {
          statusCode: 400,
          error: 'BadRequest',
          message: job.message,
          report,
          details: report.errors.map((e: ImportProblem) => ({ field: `row ${e.row} ${e.column}`, ...e })),
        },
      };
    }
    const run = this.write(job, checked.valid).finally(() => this.running.delete(run));
    this.running.add(run);
    return { status: 202, body: report };
  }

  private async write(job: ImportJobEntity, rows: ProspectImportRow[]): Promise<void> {
    const jobs = this.db.getRepository(ImportJobEntity);
    try {
      const result = await writeImport(
        this.db,
        job,
        rows,
        (done) => jobs.update({ id: job.id }, { rowsDone: done }).then(() => undefined),
        this.config.importBatchRows,
      );
      const pending = [
        ...result.created.map((c) => c.id),
        ...[...result.existing.values()].filter((e) => !e.hasFollowUp).map((e) => e.id),
      ];
      await jobs.update(
        { id: job.id },
        {
          status: 'rhythms',
          rowsDone: rows.length,
          created: result.created.length,
          rowsExisting: rows.length - result.created.length,
          followUpsPending: pending.length,
        },
      );
      const r = await this.followUps.start(job.dealerId, pending, (started) =>
        jobs.update({ id: job.id }, { followUpsStarted: started }).then(() => undefined),
      );
      await jobs.update(
        { id: job.id },
        {
          status: 'done',
          followUpsStarted: r.started,
          followUpsPending: pending.length - r.started,
          finishedAt: new Date(),
          message: r.failure
            ? `the follow-up workflows of ${pending.length - r.started} prospect(s) start ` +
              `when the process engine is back (${r.failure})`
            : null,
        },
      );
    } catch (e) {
      this.log.error(`import ${job.id} failed: ${(e as Error)?.stack ?? e}`);
      await jobs
        .update(
          { id: job.id },
          {
            status: 'failed',
            finishedAt: new Date(),
            message: 'the import failed and wrote nothing; run the same file again',
          },
        )
        .catch(() => undefined);
    }
  }

  async get(user: AuthUser, id: string) {
    const job = await this.db.getRepository(ImportJobEntity).findOneBy({ id, dealerId: user.dealerId });
    if (!job) throw notFound('import');
    return jobView(job);
  }
}

export { ImportFileError };
