// Customer-base and field-work rows for the support, capacity and capability tests, written directly.
import type { DataSource } from 'typeorm';
import {
  AccountEntity,
  ContactEntity,
  EventLeadEntity,
  GradeChangeEntity,
  LostAnalysisEntity,
  ProspectEntity,
  SalesEventEntity,
  VisitPlanEntity,
  VisitRecordEntity,
} from '@kaflow/persistence';
import { runId, type DealerFixture } from './fixtures';

/** A prospect with its grade history: `grades` = [[grade, ISO time], …], the first is the creation. */
export async function insertGradedProspect(
  db: DataSource,
  f: DealerFixture,
  o: { owner: string; model: string; grades: Array<[string, string]> },
): Promise<ProspectEntity> {
  const owner = f.users[o.owner];
  const [first] = o.grades;
  const last = o.grades[o.grades.length - 1];
  const account = await db
    .getRepository(AccountEntity)
    .save({ dealerId: f.dealer.id, name: `单位 ${runId()}`, customerType: 'enterprise', address: null });
  const contact = await db
    .getRepository(ContactEntity)
    .save({ dealerId: f.dealer.id, accountId: account.id, name: '王经理', title: '科长', phone: '13800138000' });
  const at = new Date(first[1]);
  const inserted = await db
    .getRepository(ProspectEntity)
    .createQueryBuilder()
    .insert()
    .values({
      dealerId: f.dealer.id,
      accountId: account.id,
      contactId: contact.id,
      model: o.model,
      quantity: 1,
      grade: last[0],
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
  const id = inserted.identifiers[0].id as string;
  let from: string | null = null;
  for (const [grade, time] of o.grades) {
    await db.getRepository(GradeChangeEntity).save({
      dealerId: f.dealer.id,
      prospectId: id,
      fromGrade: from,
      toGrade: grade,
      at: new Date(time),
      byUserId: owner.id,
      reason: null,
    });
    from = grade;
  }
  return db.getRepository(ProspectEntity).findOneByOrFail({ id });
}

export async function insertVisit(
  db: DataSource,
  f: DealerFixture,
  consultant: string,
  visitedOn: string,
  leadsMet: number,
): Promise<void> {
  await db.getRepository(VisitRecordEntity).save({
    dealerId: f.dealer.id,
    consultantId: f.users[consultant].id,
    planId: null,
    accountId: null,
    accountName: '某单位',
    visitedOn,
    leadsMet,
    summary: '拜访',
  });
}

export async function insertVisitPlan(
  db: DataSource,
  f: DealerFixture,
  consultant: string,
  plannedDate: string,
): Promise<void> {
  await db.getRepository(VisitPlanEntity).save({
    dealerId: f.dealer.id,
    consultantId: f.users[consultant].id,
    month: plannedDate.slice(0, 7),
    accountId: null,
    accountName: '某单位',
    plannedDate,
    purpose: null,
  });
}

export async function insertEvent(
  db: DataSource,
  f: DealerFixture,
  o: { owner: string; plannedDate: string; heldOn?: string; leads?: number },
): Promise<void> {
  const e = await db.getRepository(SalesEventEntity).save({
    dealerId: f.dealer.id,
    kind: 'business_event',
    name: '团购会',
    ownerId: f.users[o.owner].id,
    plannedDate: o.plannedDate,
    heldOn: o.heldOn ?? null,
    location: null,
  });
  for (let i = 0; i < (o.leads ?? 0); i++) {
    await db
      .getRepository(EventLeadEntity)
      .save({ dealerId: f.dealer.id, eventId: e.id, name: `客户${i}`, phone: null, company: null, prospectId: null });
  }
}

export async function insertLoss(
  db: DataSource,
  f: DealerFixture,
  p: ProspectEntity,
  lostAt: string,
  reasonCategory: string | null,
): Promise<void> {
  await db.getRepository(LostAnalysisEntity).save({
    dealerId: f.dealer.id,
    prospectId: p.id,
    consultantId: p.ownerId,
    model: p.model,
    fromGrade: 'B',
    lostAt: new Date(lostAt),
    overdueAtLoss: false,
    status: reasonCategory ? 'done' : 'open',
    reasonCategory,
    createdAt: new Date(lostAt),
  });
}
