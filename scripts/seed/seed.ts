// `npm run seed` (KAFLOW_DEMO=1): the demo region, two dealers, a user per role and dealer, and about two
// months of believable key-account history (README.md, demo logins). Idempotent: everything is looked up by
// its natural key first (region code, dealer code, username, account dealer+name, contact account+name),
// and a dealer's activity (prospects, visits, events) is written only while the dealer has none, all in
// one transaction. Seeded history is past data: no Temporal workflow is started.
import 'reflect-metadata';
import { seedNotifications } from './notifications';
import { hash } from '@node-rs/argon2';
import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { loadConfig } from '@kaflow/config';
import { localDate } from '@kaflow/calendar';
import { ROLES, ROLE_LABELS_ZH, type Role } from '@kaflow/domain';
import {
  AccountEntity,
  ContactEntity,
  DealerEntity,
  EventLeadEntity,
  FollowUpEntity,
  GradeChangeEntity,
  ProspectEntity,
  RegionEntity,
  SalesEventEntity,
  UserEntity,
  VisitPlanEntity,
  VisitRecordEntity,
  createDataSource,
  migrate,
} from '@kaflow/persistence';
import { DEALERS, DEMO_PASSWORD, REGION, type DealerSeed } from './demo-data';
import { planDealer, type DealerPlan } from './plan';
import { at, daysAgo, SEED_TZ } from './rng';
import { seedSalesHistory } from './sales-history';
import { seedAnnualPlan } from './annual-plan';
import { seedFollowUpHistory } from './follow-up-history';
import { ensureRegionManager, seedScorecardHistory } from './scorecard-history';
import { seedCheckIns } from './check-ins';

export interface SeedResult {
  region: RegionEntity;
  dealers: [DealerEntity, DealerEntity];
  users: Record<string, UserEntity>;
}

type Log = (s: string) => void;
type UserKey = Exclude<Role, 'sysadmin'> | 'consultant_b' | 'consultant_c';
// sysadmin is system-level: one login (`sysadmin`, homed at the first dealer), not one per dealer
const USER_KEYS: UserKey[] = [
  'consultant',
  'consultant_b',
  'consultant_c',
  ...ROLES.filter((r): r is Exclude<Role, 'sysadmin'> => r !== 'consultant' && r !== 'sysadmin'),
];

/** Inserts rows with their explicit values (timestamps included) and returns the new ids in order. */
async function insertMany<T extends ObjectLiteral>(
  m: EntityManager,
  target: EntityTarget<T>,
  rows: QueryDeepPartialEntity<T>[],
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < rows.length; i += 500) {
    const res = await m
      .createQueryBuilder()
      .insert()
      .into(target)
      .values(rows.slice(i, i + 500))
      .execute();
    ids.push(...res.identifiers.map((x) => String(x.id)));
  }
  return ids;
}

async function ensureOne<T extends ObjectLiteral>(
  m: EntityManager,
  target: EntityTarget<T>,
  where: Partial<T>,
  row: QueryDeepPartialEntity<T>,
): Promise<[T, boolean]> {
  const repo = m.getRepository(target);
  const found = await repo.findOneBy(where as any);
  if (found) return [found, false];
  const [id] = await insertMany(m, target, [row]);
  return [await repo.findOneByOrFail({ id } as any), true];
}

export const usernameOf = (key: UserKey, dealer: DealerSeed) => `${key}${dealer.suffix}`;

async function ensureUsers(
  m: EntityManager,
  dealer: DealerSeed,
  dealerId: string,
  since: Date,
  log: Log,
): Promise<Record<string, UserEntity>> {
  const users: Record<string, UserEntity> = {};
  let created = 0;
  for (const key of USER_KEYS) {
    const username = usernameOf(key, dealer);
    const role: Role = key === 'consultant_b' || key === 'consultant_c' ? 'consultant' : key;
    const existing = await m.getRepository(UserEntity).findOneBy({ username });
    if (existing) {
      users[username] = existing;
      continue;
    }
    const [id] = await insertMany(m, UserEntity, [
      {
        dealerId,
        username,
        displayName: `${dealer.people[key]} (${ROLE_LABELS_ZH[role]})`,
        email: `${username}@${dealer.code}.kaflow.local`,
        passwordHash: await hash(DEMO_PASSWORD),
        roles: [role],
        active: true,
        createdAt: since,
      },
    ]);
    users[username] = await m.getRepository(UserEntity).findOneByOrFail({ id });
    created++;
  }
  if (!dealer.suffix && !(await m.getRepository(UserEntity).findOneBy({ username: 'sysadmin' }))) {
    await insertMany(m, UserEntity, [
      {
        dealerId,
        username: 'sysadmin',
        displayName: `平台管理员 (${ROLE_LABELS_ZH.sysadmin})`,
        email: 'sysadmin@kaflow.local',
        passwordHash: await hash(DEMO_PASSWORD),
        roles: ['sysadmin'],
        active: true,
        createdAt: since,
      },
    ]);
    created++;
  }
  if (!dealer.suffix) users.sysadmin = await m.getRepository(UserEntity).findOneByOrFail({ username: 'sysadmin' });
  log(`  users: ${created} created, ${USER_KEYS.length - created} already there`);
  return users;
}

/** Accounts and contacts by natural key; returns the account and contact ids in plan order. */
async function ensureAccounts(
  m: EntityManager,
  dealer: DealerSeed,
  dealerId: string,
  plan: DealerPlan,
  today: string,
  log: Log,
) {
  const accountIds: string[] = [];
  const contactIds: string[] = [];
  let created = 0;
  for (const [i, a] of dealer.accounts.entries()) {
    const firstUse = plan.prospects.filter((p) => p.accountIndex === i).map((p) => p.createdAt.getTime());
    const createdAt = new Date(Math.min(at(daysAgo(today, 75 + (i % 15)), 10 * 60).getTime(), ...firstUse));
    const [account, isNew] = await ensureOne(
      m,
      AccountEntity,
      { dealerId, name: a.name },
      { dealerId, name: a.name, customerType: a.type, address: a.address, createdAt },
    );
    const c = plan.contacts[i];
    const [contact] = await ensureOne(
      m,
      ContactEntity,
      { accountId: account.id, name: c.name },
      { accountId: account.id, dealerId, name: c.name, title: c.title, phone: c.phone },
    );
    accountIds.push(account.id);
    contactIds.push(contact.id);
    if (isNew) created++;
  }
  log(`  accounts: ${created} created, ${dealer.accounts.length - created} already there`);
  return { accountIds, contactIds };
}

async function hasActivity(m: EntityManager, dealerId: string): Promise<boolean> {
  const [row] = await m.query(
    `SELECT EXISTS (SELECT 1 FROM prospect WHERE "dealerId" = $1) OR EXISTS (SELECT 1 FROM visit_record
      WHERE "dealerId" = $1)
       OR EXISTS (SELECT 1 FROM visit_plan WHERE "dealerId" = $1) OR EXISTS (SELECT 1 FROM sales_event
         WHERE "dealerId" = $1) AS any`,
    [dealerId],
  );
  return row.any === true;
}

/** The dealer's visits, events, prospects, grade history, follow-ups and event leads, in one go. */
async function writeActivity(
  m: EntityManager,
  dealer: DealerSeed,
  dealerId: string,
  plan: DealerPlan,
  users: Record<string, UserEntity>,
  ids: { accountIds: string[]; contactIds: string[] },
): Promise<void> {
  const userId = (key: UserKey) => users[usernameOf(key, dealer)].id;
  const acc = (i: number | null) => (i === null ? null : ids.accountIds[i]);
  const planIds = await insertMany(
    m,
    VisitPlanEntity,
    plan.visitPlans.map((p) => ({
      dealerId,
      consultantId: userId(p.consultant),
      month: p.month,
      accountId: acc(p.accountIndex),
      accountName: p.accountName,
      plannedDate: p.plannedDate,
      purpose: p.purpose,
      createdAt: p.createdAt,
    })),
  );
  const visitIds = await insertMany(
    m,
    VisitRecordEntity,
    plan.visitRecords.map((r) => ({
      dealerId,
      consultantId: userId(r.consultant),
      planId: r.planIndex === null ? null : planIds[r.planIndex],
      accountId: acc(r.accountIndex),
      accountName: r.accountName,
      visitedOn: r.visitedOn,
      leadsMet: r.leadsMet,
      summary: r.summary,
      createdAt: r.createdAt,
    })),
  );
  const eventIds = await insertMany(
    m,
    SalesEventEntity,
    plan.events.map((e) => ({
      dealerId,
      kind: e.kind,
      name: e.name,
      ownerId: userId(e.owner),
      plannedDate: e.plannedDate,
      heldOn: e.heldOn,
      location: e.location,
      createdAt: e.createdAt,
    })),
  );
  const prospectIds = await insertMany(
    m,
    ProspectEntity,
    plan.prospects.map((p) => ({
      dealerId,
      accountId: ids.accountIds[p.accountIndex],
      contactId: ids.contactIds[p.accountIndex],
      model: p.model,
      quantity: p.quantity,
      grade: p.grade,
      hot: p.hot,
      channel: p.channel,
      developmentType: p.developmentType,
      ownerId: userId(p.owner),
      note: p.note,
      sourceVisitId: p.visitIndex === null ? null : visitIds[p.visitIndex],
      sourceEventId: p.eventIndex === null ? null : eventIds[p.eventIndex],
      nextFollowUpDue: null,
      createdAt: p.createdAt,
      updatedAt: p.updatedAt,
      version: p.changes.length,
    })),
  );
  await insertMany(
    m,
    GradeChangeEntity,
    plan.prospects.flatMap((p, i) =>
      p.changes.map((c) => ({
        dealerId,
        prospectId: prospectIds[i],
        fromGrade: c.from,
        toGrade: c.to,
        at: c.at,
        byUserId: userId(p.owner),
        reason: c.reason,
      })),
    ),
  );
  await insertMany(
    m,
    FollowUpEntity,
    plan.prospects.flatMap((p, i) =>
      p.followUps.map((f) => ({
        dealerId,
        prospectId: prospectIds[i],
        byUserId: userId(p.owner),
        channel: f.channel,
        content: f.content,
        nextStep: f.nextStep,
        at: f.at,
      })),
    ),
  );
  await insertMany(
    m,
    EventLeadEntity,
    plan.events.flatMap((e, k) =>
      e.leads.map((l) => ({
        dealerId,
        eventId: eventIds[k],
        name: l.name,
        phone: l.phone,
        company: l.company,
        prospectId: l.prospectIndex === null ? null : prospectIds[l.prospectIndex],
        createdAt: l.createdAt,
      })),
    ),
  );
}

export async function seedDemo(ds: DataSource, opts: { log?: (s: string) => void } = {}): Promise<SeedResult> {
  const log: Log = opts.log ?? (() => undefined);
  const today = localDate(new Date(), SEED_TZ); // computed once: every date below is relative to it
  const since = at(daysAgo(today, 90), 9 * 60);
  return ds.transaction(async (m) => {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('kaflow-demo-seed'))`); // two seeds at once: one waits
    const [region] = await ensureOne(m, RegionEntity, { code: REGION.code }, { code: REGION.code, name: REGION.name });
    const dealers: DealerEntity[] = [];
    const users: Record<string, UserEntity> = {};
    for (const d of DEALERS) {
      log(`${d.name} (${d.code})`);
      const [dealer] = await ensureOne(
        m,
        DealerEntity,
        { code: d.code },
        { regionId: region.id, code: d.code, name: d.name, createdAt: since },
      );
      dealers.push(dealer);
      const dealerUsers = await ensureUsers(m, d, dealer.id, since, log);
      Object.assign(users, dealerUsers);
      const plan = planDealer(d, today);
      const ids = await ensureAccounts(m, d, dealer.id, plan, today, log);
      if (await hasActivity(m, dealer.id)) {
        log('  activity: already there (prospects, visits or events exist), left as is');
      } else {
        await writeActivity(m, d, dealer.id, plan, dealerUsers, ids);
        log('  activity: written');
      }
      await seedSalesHistory(m, d, dealer.id, dealerUsers, ids, today, log);
      await seedAnnualPlan(m, dealer.id, dealerUsers, today, log);
      await seedFollowUpHistory(m, dealer.id, new Date(), log);
      await seedScorecardHistory(m, dealer.id, dealerUsers, today, new Date(), log);
      await seedCheckIns(m, dealer, dealerUsers[usernameOf('consultant', d)].id, log);
      await seedNotifications(m, dealer.id, dealerUsers, d.code, d.suffix, log);
    }
    users.region_manager = await ensureRegionManager(m, region, log);
    return { region, dealers: [dealers[0], dealers[1]], users };
  });
}

const TABLES = [
  'account',
  'contact',
  'prospect',
  'grade_change',
  'follow_up',
  'visit_plan',
  'visit_record',
  'visit_check_in',
  'sales_event',
  'event_lead',
];

/** Row counts per dealer and the demo logins. */
export async function summary(ds: DataSource, result: SeedResult): Promise<string> {
  const lines = [`region ${result.region.name} (${result.region.code})`];
  for (const dealer of result.dealers) {
    const counts: string[] = [];
    for (const t of TABLES) {
      const [row] = await ds.query(`SELECT count(*)::int AS n FROM "${t}" WHERE "dealerId" = $1`, [dealer.id]);
      counts.push(`${t} ${row.n}`);
    }
    const grades = await ds.query(
      `SELECT grade, count(*)::int AS n FROM prospect WHERE "dealerId" = $1 GROUP BY grade ORDER BY grade`,
      [dealer.id],
    );
    lines.push(`${dealer.name} (${dealer.code}): ${counts.join(', ')}`);
    lines.push(
      `  prospects by grade: ${grades.map((g: { grade: string; n: number }) => `${g.grade} ${g.n}`).join(', ')}`,
    );
    const logins = Object.values(result.users).filter((u) => u.dealerId === dealer.id);
    lines.push(
      `  logins (password ${DEMO_PASSWORD}): ${logins.map((u) => `${u.username} ${u.displayName}`).join(', ')}`,
    );
  }
  const regionLogins = Object.values(result.users).filter((u) => u.regionId === result.region.id);
  lines.push(
    `region logins ` +
      `(password ${DEMO_PASSWORD}): ${regionLogins.map((u) => `${u.username} ${u.displayName}`).join(', ')}`,
  );
  return lines.join('\n');
}

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.demo) {
    console.error(
      'seed: refusing to run: demo users and data exist only in demo mode; set KAFLOW_DEMO=1 to seed the demo data',
    );
    process.exit(2);
  }
  await migrate(config.databaseUrl);
  const ds = createDataSource(config.databaseUrl, { poolSize: 2, name: 'kaflow-seed' });
  await ds.initialize();
  try {
    const result = await seedDemo(ds, { log: (s) => console.log(s) });
    console.log(await summary(ds, result));
  } finally {
    await ds.destroy();
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error('seed failed:', e?.message ?? e);
    process.exit(1);
  });
}
