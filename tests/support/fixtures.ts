// Test dealers with a user for every role, and a policy of seconds. Every test file makes its own
// dealers (unique codes), so files never see each other's rows.
import { randomBytes, randomUUID } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import type { DataSource } from 'typeorm';
import { DEFAULT_POLICY, ROLES, mergePolicy, type Role } from '@kaflow/domain';
import {
  AccountEntity,
  ContactEntity,
  DealerEntity,
  DealerPolicyEntity,
  GradeChangeEntity,
  ProspectEntity,
  RegionEntity,
  TaskEntity,
  UserEntity,
} from '@kaflow/persistence';

export const PASSWORD = 'test-password';
let passwordHash: Promise<string> | undefined;

export interface DealerFixture {
  dealer: DealerEntity;
  users: Record<string, UserEntity>;
}

export const runId = () => randomBytes(4).toString('hex');

/** A dealer with one user per role (`consultant`, …) plus `consultant_b`; usernames carry the run's tag. */
export async function createDealer(
  db: DataSource,
  tag: string,
  policyPatch: Record<string, unknown> = {},
): Promise<DealerFixture> {
  passwordHash ??= hash(PASSWORD);
  const pw = await passwordHash;
  // one test region for every file; files start at the same time in parallel workers, so create it race-free
  await db
    .createQueryBuilder()
    .insert()
    .into(RegionEntity)
    .values({ code: 'test', name: '测试区' })
    .orIgnore()
    .execute();
  const region = await db.getRepository(RegionEntity).findOneByOrFail({ code: 'test' });
  const dealer = await db
    .getRepository(DealerEntity)
    .save({ regionId: region.id, code: `t-${tag}`, name: `测试经销商 ${tag}` });
  const users: Record<string, UserEntity> = {};
  for (const [name, role] of [
    ...ROLES.map((r) => [r, r] as [string, Role]),
    ['consultant_b', 'consultant'] as [string, Role],
  ]) {
    users[name] = await db.getRepository(UserEntity).save({
      dealerId: dealer.id,
      username: `${name}.${tag}`,
      displayName: `${name} ${tag}`,
      email: `${name}.${tag}@test.local`,
      passwordHash: pw,
      roles: [role],
      active: true,
    });
  }
  const { policy, problems } = mergePolicy(DEFAULT_POLICY, policyPatch);
  if (problems.length) throw new Error(`bad test policy: ${JSON.stringify(problems)}`);
  await db
    .getRepository(DealerPolicyEntity)
    .save({ dealerId: dealer.id, policy: policy as any, updatedAt: new Date(), updatedBy: null });
  return { dealer, users };
}

/** A prospect row written directly (no workflow): for tests that start workflows themselves. */
export async function insertProspect(
  db: DataSource,
  f: DealerFixture,
  o: { owner?: string; grade?: string; at?: Date; name?: string } = {},
): Promise<ProspectEntity> {
  const owner = f.users[o.owner ?? 'consultant'];
  const at = o.at ?? new Date();
  const account = await db
    .getRepository(AccountEntity)
    .save({ dealerId: f.dealer.id, name: o.name ?? `单位 ${runId()}`, customerType: 'enterprise', address: null });
  const contact = await db
    .getRepository(ContactEntity)
    .save({ dealerId: f.dealer.id, accountId: account.id, name: '王经理', title: '车管科长', phone: '13800138000' });
  const inserted = await db
    .getRepository(ProspectEntity)
    .createQueryBuilder()
    .insert()
    .values({
      dealerId: f.dealer.id,
      accountId: account.id,
      contactId: contact.id,
      model: 'A6L',
      quantity: 3,
      grade: o.grade ?? 'A',
      hot: false,
      channel: 'cold_visit',
      developmentType: 'new',
      ownerId: owner.id,
      note: null,
      createdAt: at,
      updatedAt: at,
      version: 1,
    })
    .returning('*')
    .execute();
  const p = await db.getRepository(ProspectEntity).findOneByOrFail({ id: inserted.identifiers[0].id });
  await db.getRepository(GradeChangeEntity).save({
    dealerId: f.dealer.id,
    prospectId: p.id,
    fromGrade: null,
    toGrade: p.grade,
    at,
    byUserId: owner.id,
    reason: 'created',
  });
  return p;
}

/** An open task row with no workflow behind it (for reading views): the dealer's ka_manager role's, due in a day,
 *  unless the options say otherwise. */
export async function insertTaskRow(
  db: DataSource,
  o: {
    dealerId: string;
    kind: string;
    title?: string;
    subjectType: string;
    subjectId: string;
    payload?: Record<string, unknown>;
    dueAt?: Date;
    createdAt?: Date;
  },
): Promise<string> {
  const id = randomUUID();
  const due = o.dueAt ?? new Date(Date.now() + 86_400_000);
  await db.getRepository(TaskEntity).insert({
    id,
    dealerId: o.dealerId,
    kind: o.kind,
    title: o.title ?? o.kind,
    status: 'open',
    assigneeUserId: null,
    assigneeRole: 'ka_manager',
    chain: 'default',
    escalationLevel: 0,
    dueAt: due,
    originalDueAt: due,
    remindAt: due,
    dueRule: 'P1D',
    subjectType: o.subjectType,
    subjectId: o.subjectId,
    payload: (o.payload ?? {}) as never,
    workflowId: `test:${id}`,
    createdAt: o.createdAt ?? new Date(),
  } as never);
  return id;
}

/** An open plan-draft task for the dealer's ka_manager, due at `dueAt` (no workflow behind it: for reading views). */
export async function insertOpenTask(
  db: DataSource,
  dealerId: string,
  title: string,
  dueAt: string,
  createdAt = new Date(),
): Promise<string> {
  return insertTaskRow(db, {
    dealerId,
    kind: 'plan_draft',
    title,
    subjectType: 'plan',
    subjectId: randomUUID(),
    dueAt: new Date(dueAt),
    createdAt,
  });
}
