// Reads of the versioned plans (processes 1–4) and the manager's draft edits. An approved version is
// immutable; edits name the draft revision they were made on, so a stale edit is a 409.
import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { editDraft, newestPlan, planVersions, tryEdit } from '@kaflow/records';
import { PersonalTargetEntity, PlanEntity, TaskEntity, UserEntity, type PlanKind } from '@kaflow/persistence';
import { hasRole, type AuthUser } from '../common/auth-user';
import { calendarFlags, planYears } from '../common/calendar-status';
import { badRequest, forbidden, notFound } from '../common/domain-error';

export const PLAN_KINDS: PlanKind[] = ['annual', 'rolling', 'decomposition', 'lead'];
/** The sign-off chain's task kinds and the step each records (编制, 审核, 签批). */
const SIGN_OFF_STEPS: Record<string, 'drafted' | 'reviewed' | 'signed'> = {
  plan_draft: 'drafted',
  plan_review: 'reviewed',
  plan_signoff: 'signed',
};

export function checkPeriod(kind: string, period: string): PlanKind {
  if (!(PLAN_KINDS as string[]).includes(kind)) throw notFound(`plan kind "${kind}"`);
  const ok = kind === 'annual' ? /^\d{4}$/.test(period) : /^\d{4}-(0[1-9]|1[0-2])$/.test(period);
  if (!ok)
    throw badRequest([
      {
        field: kind === 'annual' ? 'year' : 'month',
        problem: kind === 'annual' ? 'must be a year YYYY' : 'must be a month YYYY-MM',
      },
    ]);
  return kind as PlanKind;
}

@Injectable()
export class PlansService {
  constructor(private readonly db: DataSource) {}

  async list(
    user: AuthUser,
  ): Promise<{ items: { kind: string; period: string; version: number; status: string; updatedAt: Date }[] }> {
    const rows = await this.db.query(
      `SELECT DISTINCT ON (kind, period) kind, period, version, status, "updatedAt" FROM plan
       WHERE "dealerId" = $1 ORDER BY kind, period, version DESC`,
      [user.dealerId],
    );
    rows.sort(
      (a: { period: string; kind: string }, b: { period: string; kind: string }) =>
        b.period.localeCompare(a.period) ||
        PLAN_KINDS.indexOf(a.kind as PlanKind) - PLAN_KINDS.indexOf(b.kind as PlanKind),
    );
    return { items: rows };
  }

  async get(user: AuthUser, kind: PlanKind, period: string, version?: number) {
    const versions = await planVersions(this.db, { dealerId: user.dealerId, kind, period });
    const plan = version === undefined ? versions[0] : versions.find((v) => v.version === version);
    if (!plan) throw notFound(`${kind} plan ${period}${version === undefined ? '' : ` version ${version}`}`);
    return this.view(plan, versions);
  }

  async edit(
    user: AuthUser,
    kind: PlanKind,
    period: string,
    revision: number,
    input: Record<string, unknown>,
    dryRun = false,
  ) {
    if (!hasRole(user, 'ka_manager', 'admin'))
      throw forbidden('only the key-account manager (or an admin) edits plan drafts');
    const plan = await newestPlan(this.db, { dealerId: user.dealerId, kind, period });
    if (!plan) throw notFound(`${kind} plan ${period}`);
    if (dryRun) {
      const [tried, flagOf] = await Promise.all([tryEdit(this.db, plan.id, revision, input), calendarFlags(this.db)]);
      return {
        dryRun: true,
        id: plan.id,
        kind,
        period,
        version: plan.version,
        revision: plan.revision,
        input: tried.input,
        result: tried.result,
        coverage: tried.result.coverage ?? null,
        support: tried.result.support ?? null,
        capacity: tried.result.capacity ?? null,
        coverageOk: tried.coverageOk,
        ...flagOf(planYears(period, tried.result)),
      };
    }
    const edited = await editDraft(this.db, plan.id, revision, input);
    return this.view(edited, await planVersions(this.db, { dealerId: user.dealerId, kind, period }));
  }

  private async view(plan: PlanEntity, versions: PlanEntity[]) {
    const [targets, signOffs, flagOf] = await Promise.all([
      plan.kind === 'decomposition' ? this.personalTargets(plan.id) : undefined,
      this.signOffs(plan),
      calendarFlags(this.db),
    ]);
    return {
      id: plan.id,
      kind: plan.kind,
      period: plan.period,
      version: plan.version,
      revision: plan.revision,
      status: plan.status,
      editable: plan.status === 'draft',
      input: plan.input,
      result: plan.result,
      coverage: plan.result.coverage ?? null,
      support: plan.result.support ?? null,
      capacity: plan.result.capacity ?? null,
      coverageOk: plan.coverageOk,
      overrideNote: plan.overrideNote,
      reason: plan.reason,
      basis: plan.basis,
      workflowId: plan.workflowId,
      submittedAt: plan.submittedAt,
      reviewedAt: plan.reviewedAt,
      approvedAt: plan.approvedAt,
      createdAt: plan.createdAt,
      updatedAt: plan.updatedAt,
      versions: versions.map((v) => ({
        version: v.version,
        status: v.status,
        reason: v.reason,
        createdAt: v.createdAt,
        approvedAt: v.approvedAt,
      })),
      signOffs,
      ...(targets ? { personalTargets: targets } : {}),
      ...flagOf(planYears(plan.period, plan.result)),
    };
  }

  /**
   * The steps of this version's sign-off chain done so far, oldest first, from its task rows: drafted (the manager's
   * submission), reviewed (the director's approval), signed (the GM's), each with who decided and, when a substitute
   * (代理) did, for whom. A rejection is no step: it closes the version.
   */
  private async signOffs(plan: PlanEntity) {
    if (!plan.workflowId) return [];
    const tasks = await this.db.getRepository(TaskEntity).find({
      where: {
        dealerId: plan.dealerId,
        workflowId: plan.workflowId,
        subjectType: 'plan',
        subjectId: plan.id,
        status: 'done',
        kind: In(Object.keys(SIGN_OFF_STEPS)),
      },
      order: { decidedAt: 'ASC' },
    });
    const done = tasks.filter((t) => t.decision === 'submit' || t.decision === 'approve');
    const names = await this.names(done.flatMap((t) => [t.decidedBy, t.decidedOnBehalfOf]));
    return done.map((t) => ({
      step: SIGN_OFF_STEPS[t.kind],
      by: names(t.decidedBy),
      onBehalfOf: names(t.decidedOnBehalfOf),
      at: t.decidedAt,
    }));
  }

  /** The display names of these users, as a lookup (null for none). */
  private async names(ids: Array<string | null | undefined>) {
    const wanted = [...new Set(ids.filter((x): x is string => !!x))];
    const users = wanted.length ? await this.db.getRepository(UserEntity).findBy({ id: In(wanted) }) : [];
    return (id: string | null | undefined) => (id ? (users.find((u) => u.id === id)?.displayName ?? null) : null);
  }

  private async personalTargets(planId: string) {
    const rows = await this.db
      .getRepository(PersonalTargetEntity)
      .find({ where: { planId }, order: { createdAt: 'ASC' } });
    // who confirmed each one: the consultant, or their substitute (代理) on their behalf
    const tasks = rows.length
      ? await this.db.getRepository(TaskEntity).findBy({
          kind: 'target_confirmation',
          status: 'done',
          subjectType: 'personal_target',
          subjectId: In(rows.map((r) => `${planId}:${r.consultantId}`)),
        })
      : [];
    const name = await this.names([
      ...rows.map((r) => r.consultantId),
      ...tasks.flatMap((t) => [t.decidedBy, t.decidedOnBehalfOf]),
    ]);
    return rows.map((r) => {
      const task = tasks.find((t) => t.subjectId === `${planId}:${r.consultantId}`);
      return {
        consultantId: r.consultantId,
        consultant: name(r.consultantId),
        targets: r.targets,
        status: r.status,
        comment: r.comment,
        decidedAt: r.decidedAt,
        confirmedBy: name(task?.decidedBy),
        onBehalfOf: name(task?.decidedOnBehalfOf),
      };
    });
  }
}
