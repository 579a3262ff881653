// The dealer admin's user import (用户导入): a list (.xlsx or .csv, read like the prospect list) of login, name,
// roles, e-mail and WeCom id. New logins become users of the admin's dealer, existing ones are updated; a row
// that matches its user changes nothing (a second run of the same file writes nothing). Any bad row (field
// problem, a login of another dealer, a WeCom id someone else keeps) is a 400 naming the row and column and
// nothing is written: all or nothing, in one transaction. New users get no usable password: they sign in
// with WeCom, or the admin sets a password on the users page.
import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { hash } from '@node-rs/argon2';
import { DataSource, In } from 'typeorm';
import {
  readImportFile,
  USER_IMPORT_COLUMN_SET,
  userColumnName,
  validateUserRows,
  type ImportProblem,
  type UserImportRow,
} from '@kaflow/forms';
import { UserEntity } from '@kaflow/persistence';
import { writeAudit } from '@kaflow/records';
import type { AuthUser } from '../common/auth-user';
import { conflict } from '../common/domain-error';

export type UserImportOutcome = 'created' | 'updated' | 'unchanged';

export interface UserImportReport {
  rowsRead: number;
  created: number;
  updated: number;
  unchanged: number;
  users: { row: number; username: string; outcome: UserImportOutcome }[];
  errors: ImportProblem[];
}

const isUniqueViolation = (e: any) => (e?.driverError?.code ?? e?.code) === '23505';
const sameRoles = (a: string[], b: string[]) => a.length === b.length && a.every((r) => b.includes(r));

interface Plan {
  row: UserImportRow;
  existing?: UserEntity;
  changes: Partial<UserEntity>;
}

export interface UserImportAnswer {
  status: 200 | 400;
  body: Record<string, unknown>;
}

@Injectable()
export class UserImportService {
  constructor(private readonly db: DataSource) {}

  async importUsers(admin: AuthUser, file: { buffer: Buffer; originalname: string }): Promise<UserImportAnswer> {
    const parsed = await readImportFile(file.buffer, file.originalname, USER_IMPORT_COLUMN_SET);
    const checked = validateUserRows(parsed.rows);
    const errors = [...checked.errors];
    const plans = await this.plan(admin, checked.rows, errors);
    const report: UserImportReport = {
      rowsRead: parsed.rows.length,
      created: 0,
      updated: 0,
      unchanged: 0,
      users: [],
      errors: errors.sort((a, b) => a.row - b.row),
    };
    if (errors.length) {
      return {
        status: 400,
        body: {
          statusCode: 400,
          error: 'BadRequest',
          message: `${new Set(errors.map((e) => e.row)).size} row(s) have problems: nothing was imported`,
          details: errors.map((e) => ({ field: `row ${e.row} ${e.column}`, ...e })),
          report,
        },
      };
    }
    const toCreate = plans.filter((p) => !p.existing);
    const hashes = await Promise.all(toCreate.map(() => hash(randomBytes(32).toString('base64url'))));
    try {
      await this.db.transaction(async (m) => {
        const users = m.getRepository(UserEntity);
        for (const p of plans) {
          const audit = (action: string, entityId: string, detail: Record<string, unknown>) =>
            writeAudit(m, {
              dealerId: admin.dealerId,
              actorUserId: admin.id,
              action,
              entityType: 'app_user',
              entityId,
              detail: { username: p.row.username, ...detail, via: 'import' },
            });
          if (!p.existing) {
            const saved = await users.save({
              dealerId: admin.dealerId,
              regionId: null,
              username: p.row.username,
              displayName: p.row.displayName,
              email: p.row.email!,
              roles: p.row.roles,
              active: true,
              passwordHash: hashes[toCreate.indexOf(p)],
              wecomUserId: p.row.wecomUserId ?? null,
            });
            await audit('user.created', saved.id, { roles: saved.roles, wecomUserId: saved.wecomUserId });
            report.users.push({ row: p.row.row, username: p.row.username, outcome: 'created' });
            continue;
          }
          if (!Object.keys(p.changes).length) {
            report.users.push({ row: p.row.row, username: p.row.username, outcome: 'unchanged' });
            continue;
          }
          await users.update({ id: p.existing.id, dealerId: admin.dealerId }, p.changes);
          const { roles, ...named } = p.changes;
          if (roles) await audit('user.roles_changed', p.existing.id, { from: p.existing.roles, to: roles });
          if (Object.keys(named).length) await audit('user.updated', p.existing.id, named);
          report.users.push({ row: p.row.row, username: p.row.username, outcome: 'updated' });
        }
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict('a login in the file was taken while it was imported; run it again');
      throw e;
    }
    for (const u of report.users) report[u.outcome]++;
    return { status: 200, body: { ...report } };
  }

  /** Matches rows to users by login and finds the problems only the database shows. */
  private async plan(admin: AuthUser, rows: UserImportRow[], errors: ImportProblem[]): Promise<Plan[]> {
    const users = this.db.getRepository(UserEntity);
    const byLogin = new Map(
      (rows.length ? await users.findBy({ username: In(rows.map((r) => r.username)) }) : []).map((u) => [
        u.username,
        u,
      ]),
    );
    const dealers = await users.findBy({ dealerId: admin.dealerId });
    const problem = (row: number, key: Parameters<typeof userColumnName>[0], text: string) =>
      errors.push({ row, column: userColumnName(key), problem: text });
    const plans: Plan[] = [];
    // The WeCom ids after the import: one WeCom id names one person of the dealer.
    const finalWecom = new Map<string, string | null>(dealers.map((u) => [u.username, u.wecomUserId ?? null]));
    for (const row of rows) {
      const existing = byLogin.get(row.username);
      if (existing && existing.dealerId !== admin.dealerId) {
        problem(row.row, 'username', 'is taken (by a user outside your dealership): choose another login');
        continue;
      }
      if (!existing && !row.email) {
        problem(row.row, 'email', 'is required for a new user');
        continue;
      }
      if (existing?.id === admin.id && !row.roles.includes('admin')) {
        problem(row.row, 'roles', 'cannot take away your own admin role');
        continue;
      }
      if (row.wecomUserId) finalWecom.set(row.username, row.wecomUserId);
      const changes: Partial<UserEntity> = {};
      if (existing) {
        if (existing.displayName !== row.displayName) changes.displayName = row.displayName;
        if (!sameRoles(existing.roles, row.roles)) changes.roles = row.roles;
        if (row.email && existing.email !== row.email) changes.email = row.email;
        if (row.wecomUserId && existing.wecomUserId !== row.wecomUserId) changes.wecomUserId = row.wecomUserId;
      }
      plans.push({ row, existing, changes });
    }
    const holders = new Map<string, string[]>();
    for (const [login, id] of finalWecom) if (id) holders.set(id, [...(holders.get(id) ?? []), login]);
    for (const p of plans) {
      const id = p.row.wecomUserId;
      const others = id ? (holders.get(id) ?? []).filter((l) => l !== p.row.username) : [];
      if (others.length) {
        problem(p.row.row, 'wecomUserId', `the WeCom user id ${id} is linked to ${others.join(', ')}`);
      }
    }
    return plans;
  }
}
