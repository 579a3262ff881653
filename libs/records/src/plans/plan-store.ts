// Versioned plans (docs/user-guide.md): a draft is editable (each edit names the revision it edited),
// an approved version is immutable, a new version supersedes it with the reason kept. Used by the
// planning activities and by the plans API alike; every change is a conditional update, so a
// retried activity never changes a plan twice.
import type { DataSource, EntityManager } from 'typeorm';
import { DomainError, ErrorCode } from '@kaflow/domain';
import { PlanEntity, type PlanKind, type PlanStatus } from '@kaflow/persistence';
import { computePlan, validatePlanInput } from './plan-compute';

export interface PlanRef {
  dealerId: string;
  kind: PlanKind;
  period: string;
}
type Db = DataSource | EntityManager;

export async function planVersions(db: Db, ref: PlanRef): Promise<PlanEntity[]> {
  return db.getRepository(PlanEntity).find({ where: { ...ref }, order: { version: 'DESC' } });
}

export async function newestPlan(db: Db, ref: PlanRef): Promise<PlanEntity | null> {
  return db.getRepository(PlanEntity).findOne({ where: { ...ref }, order: { version: 'DESC' } });
}

export async function approvedPlan(db: Db, ref: PlanRef): Promise<PlanEntity | null> {
  return db.getRepository(PlanEntity).findOne({ where: { ...ref, status: 'approved' }, order: { version: 'DESC' } });
}

/** Merges an input patch over an input, one level deep for objects (targets, shares). */
export function mergeInput(base: Record<string, any>, patch: Record<string, any>): Record<string, any> {
  const out: Record<string, any> = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    out[k] =
      v &&
      typeof v === 'object' &&
      !Array.isArray(v) &&
      base[k] &&
      typeof base[k] === 'object' &&
      !Array.isArray(base[k])
        ? { ...base[k], ...v }
        : v;
  }
  return out;
}

function checked(kind: PlanKind, input: Record<string, any>, prefix = 'input') {
  const problems = validatePlanInput(kind, input);
  if (problems.length) {
    const details = problems.map((p) => ({ field: p.field ? `${prefix}.${p.field}` : prefix, problem: p.problem }));
    throw new DomainError(
      ErrorCode.BadRequest,
      `the ${kind} plan input is not valid: ${details[0].field} ${details[0].problem}`,
      details,
    );
  }
  return computePlan(kind, input);
}

/** A new draft version (newest + 1) with its computed result. */
export async function createDraft(
  db: Db,
  ref: PlanRef,
  v: {
    input: Record<string, any>;
    basis?: Record<string, any> | null;
    reason: string;
    workflowId?: string | null;
    supersedesId?: string | null;
  },
): Promise<PlanEntity> {
  const { result, coverageOk } = checked(ref.kind, v.input);
  const run = async (m: EntityManager) => {
    await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`plan:${ref.dealerId}:${ref.kind}:${ref.period}`]);
    const newest = await newestPlan(m, ref);
    return m.getRepository(PlanEntity).save(
      m.create(PlanEntity, {
        ...ref,
        version: (newest?.version ?? 0) + 1,
        revision: 1,
        status: 'draft',
        input: v.input,
        result,
        coverageOk,
        basis: v.basis ?? null,
        reason: v.reason,
        workflowId: v.workflowId ?? null,
        supersedesId: v.supersedesId ?? newest?.id ?? null,
        overrideNote: null,
      }),
    );
  };
  return db.transaction(run);
}

/** Edits a draft: the caller names the revision it edited; a stale revision or a non-draft is a conflict. */
export async function editDraft(
  db: Db,
  planId: string,
  revision: number,
  patch: Record<string, any>,
): Promise<PlanEntity> {
  const plan = await db.getRepository(PlanEntity).findOneBy({ id: planId });
  if (!plan) throw new DomainError(ErrorCode.NotFound, 'plan not found');
  if (plan.status !== 'draft')
    throw new DomainError(ErrorCode.Conflict, `version ${plan.version} is ${plan.status}; only a draft can be edited`);
  if (plan.revision !== revision)
    throw new DomainError(
      ErrorCode.Conflict,
      `stale revision ${revision}: the draft is at revision ${plan.revision}; reload it and edit again`,
    );
  const input = mergeInput(plan.input, patch);
  const { result, coverageOk } = checked(plan.kind, input);
  const res = await db
    .getRepository(PlanEntity)
    .createQueryBuilder()
    .update()
    .set({ input, result, coverageOk, revision: () => 'revision + 1' })
    .where('id = :id AND revision = :revision AND status = :status', { id: planId, revision, status: 'draft' })
    .execute();
  if (!res.affected) throw new DomainError(ErrorCode.Conflict, 'the draft changed meanwhile; reload it and edit again');
  return db.getRepository(PlanEntity).findOneByOrFail({ id: planId });
}

/** An edit tried, not saved (`?dryRun=true`): the same checks as editDraft, the recomputed plan, nothing written. */
export async function tryEdit(db: Db, planId: string, revision: number, patch: Record<string, any>) {
  const plan = await db.getRepository(PlanEntity).findOneBy({ id: planId });
  if (!plan) throw new DomainError(ErrorCode.NotFound, 'plan not found');
  if (plan.status !== 'draft')
    throw new DomainError(ErrorCode.Conflict, `version ${plan.version} is ${plan.status}; only a draft can be edited`);
  if (plan.revision !== revision)
    throw new DomainError(
      ErrorCode.Conflict,
      `stale revision ${revision}: the draft is at revision ${plan.revision}; reload it and edit again`,
    );
  const input = mergeInput(plan.input, patch);
  return { plan, input, ...checked(plan.kind, input) };
}

/** A plan after a move, and whether this call moved it (false: it was already there, e.g. a retry). */
export interface PlanMove {
  plan: PlanEntity;
  moved: boolean;
}

/** Moves a plan from one of `from` to `to`; already in `to` is fine (a retry, `moved: false`). Run it in the
 *  transaction that writes the move's audit row, and write that row only when `moved`. */
export async function movePlan(
  db: Db,
  planId: string,
  from: PlanStatus[],
  to: PlanStatus,
  set: Partial<PlanEntity> = {},
): Promise<PlanMove> {
  const res = await db
    .getRepository(PlanEntity)
    .createQueryBuilder()
    .update()
    .set({ ...set, status: to } as any)
    .where('id = :id AND status IN (:...from)', { id: planId, from })
    .execute();
  const plan = await db.getRepository(PlanEntity).findOneByOrFail({ id: planId });
  if (!res.affected && plan.status !== to) {
    throw new DomainError(ErrorCode.Conflict, `version ${plan.version} is ${plan.status}, not ${from.join('/')}`);
  }
  return { plan, moved: Boolean(res.affected) };
}

/** Approves a version inside the caller's transaction; the previously approved version of the same plan is
 *  superseded. */
export async function approve(
  m: EntityManager,
  planId: string,
  by: string,
  at: Date,
  overrideNote: string | null,
): Promise<PlanMove> {
  const set = { approvedBy: by, approvedAt: at, ...(overrideNote ? { overrideNote } : {}) };
  const move = await movePlan(m, planId, ['submitted', 'reviewed'], 'approved', set);
  const { plan } = move;
  await m
    .getRepository(PlanEntity)
    .createQueryBuilder()
    .update()
    .set({ status: 'superseded' })
    .where('"dealerId" = :d AND kind = :k AND period = :p AND status = :s AND id <> :id', {
      d: plan.dealerId,
      k: plan.kind,
      p: plan.period,
      s: 'approved',
      id: plan.id,
    })
    .execute();
  return move;
}
