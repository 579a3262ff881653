// Pure generation of one dealer's demo activity: contacts, visits, events, prospects with their grade
// history and follow-ups. No I/O and no clock: the same dealer seed and "today" give the same plan.
import { addCalendarDays, addMonths } from '@kaflow/calendar';
import { GRADE_RANK, type Grade } from '@kaflow/domain';
import {
  CONTACT_TITLES,
  FOLLOW_UP_TEXT,
  FREE_CHANNELS,
  GRADE_MIX,
  GRADE_REASONS,
  MODELS_BY_TYPE,
  NEXT_STEPS,
  NOTES,
  SMALL_BATCH_MODELS,
  VISIT_PURPOSES,
  VISIT_SUMMARIES,
  type DealerSeed,
} from './demo-data';
import {
  at,
  daysAgo,
  isWeekend,
  mobile,
  mulberry32,
  officeTime,
  personName,
  weekdayOnOrBefore,
  type Rand,
} from './rng';

export type Consultant = 'consultant' | 'consultant_b';
const CONSULTANTS: Consultant[] = ['consultant', 'consultant_b'];

export interface PlannedContact {
  name: string;
  title: string;
  phone: string;
}
export interface PlannedVisitPlan {
  consultant: Consultant;
  month: string;
  accountIndex: number | null;
  accountName: string;
  plannedDate: string;
  purpose: string;
  createdAt: Date;
}
export interface PlannedVisitRecord {
  consultant: Consultant;
  planIndex: number | null;
  accountIndex: number | null;
  accountName: string;
  visitedOn: string;
  leadsMet: number;
  summary: string;
  createdAt: Date;
}
export interface PlannedLead {
  name: string;
  phone: string | null;
  company: string;
  prospectIndex: number | null;
  createdAt: Date;
}
export interface PlannedEvent {
  kind: 'outreach' | 'showroom';
  name: string;
  location: string;
  owner: 'ka_manager' | 'marketing_director';
  plannedDate: string;
  heldOn: string | null; // null: planned, not held yet
  createdAt: Date;
  leads: PlannedLead[];
}
export interface PlannedChange {
  from: Grade | null;
  to: Grade;
  at: Date;
  reason: string;
}
export interface PlannedFollowUp {
  channel: 'phone' | 'visit' | 'wechat';
  content: string;
  nextStep: string | null;
  at: Date;
}
export interface PlannedProspect {
  accountIndex: number;
  owner: Consultant;
  model: string;
  quantity: number;
  grade: Grade;
  hot: boolean;
  channel: string;
  developmentType: 'new' | 'repeat';
  note: string | null;
  visitIndex: number | null;
  eventIndex: number | null;
  createdAt: Date;
  updatedAt: Date;
  changes: PlannedChange[];
  followUps: PlannedFollowUp[];
}
export interface DealerPlan {
  contacts: PlannedContact[];
  visitPlans: PlannedVisitPlan[];
  visitRecords: PlannedVisitRecord[];
  events: PlannedEvent[];
  prospects: PlannedProspect[];
}

const LADDER: Grade[] = ['C', 'B', 'A', 'H', 'O'];

/** Grades from the initial one to `current`, with up to n changes, walking the ladder backwards. */
export function gradePath(rng: Rand, current: Grade, n: number): Grade[] {
  const path: Grade[] = [current];
  while (path.length <= n) {
    const g = path[0];
    const i = LADDER.indexOf(g);
    let prev: Grade;
    if (g === 'D' || g === 'F') prev = rng.pick<Grade>(['H', 'A', 'A', 'B']);
    else if (g === 'W') break;
    else if (i === 0) {
      if (rng.chance(0.4)) break;
      prev = 'B';
    } // C: a downgrade from B
    else if (i === LADDER.length - 1 || rng.chance(0.8))
      prev = LADDER[i - 1]; // an upgrade into g
    else prev = LADDER[i + 1]; // a downgrade into g
    path.unshift(prev);
  }
  return path;
}

function reasonFor(rng: Rand, from: Grade, to: Grade): string {
  if (to === 'O') return rng.pick(GRADE_REASONS.toO);
  if (to === 'F') return rng.pick(GRADE_REASONS.toF);
  if (to === 'D') return rng.pick(GRADE_REASONS.toD);
  if (from === 'W') return rng.pick(GRADE_REASONS.fromW);
  return (GRADE_RANK[to] ?? 0) > (GRADE_RANK[from] ?? 0) ? rng.pick(GRADE_REASONS.up) : rng.pick(GRADE_REASONS.down);
}

/** `count` distinct day offsets ("days ago") strictly after the day `ago` and before today, oldest first. */
function laterDays(rng: Rand, ago: number, count: number): number[] {
  const pool = rng.shuffle(Array.from({ length: Math.max(0, ago - 1) }, (_, i) => i + 1));
  return pool.slice(0, count).sort((a, b) => b - a);
}

function weekdaysOf(month: string): string[] {
  const days: string[] = [];
  for (let d = `${month}-01`; d.startsWith(month); d = addCalendarDays(d, 1)) if (!isWeekend(d)) days.push(d);
  return days;
}

function planVisits(rng: Rand, dealer: DealerSeed, today: string) {
  const month = today.slice(0, 7);
  const nextMonth = addCalendarDays(`${month}-01`, 32).slice(0, 7);
  const monthStart = `${month}-01`;
  const visitPlans: PlannedVisitPlan[] = [];
  const pickAccount = (): [number | null, string] => {
    if (rng.chance(0.15)) return [null, rng.pick(dealer.otherCompanies)];
    const i = rng.int(0, dealer.accounts.length - 1);
    return [i, dealer.accounts[i].name];
  };
  for (const [m, count, createdOn] of [
    [month, 6, daysAgo(monthStart, 4)],
    [nextMonth, 5, daysAgo(today, 1)],
  ] as const) {
    for (const consultant of CONSULTANTS) {
      const dates = rng.shuffle(weekdaysOf(m)).slice(0, count).sort();
      for (const plannedDate of dates) {
        const [accountIndex, accountName] = pickAccount();
        visitPlans.push({
          consultant,
          month: m,
          accountIndex,
          accountName,
          plannedDate,
          purpose: rng.pick(VISIT_PURPOSES),
          createdAt: at(createdOn, 17 * 60 + rng.int(0, 59)),
        });
      }
    }
  }
  const visitRecords: PlannedVisitRecord[] = [];
  const record = (
    consultant: Consultant,
    planIndex: number | null,
    accountIndex: number | null,
    accountName: string,
    visitedOn: string,
  ) =>
    visitRecords.push({
      consultant,
      planIndex,
      accountIndex,
      accountName,
      visitedOn,
      leadsMet: rng.int(1, 4),
      summary: rng.pick(VISIT_SUMMARIES),
      createdAt: at(visitedOn, 18 * 60 + rng.int(0, 90)),
    });
  visitPlans.forEach((p, i) => {
    if (p.plannedDate < today && rng.chance(0.75))
      record(p.consultant, i, p.accountIndex, p.accountName, p.plannedDate);
  });
  for (const consultant of CONSULTANTS) {
    while (visitRecords.filter((r) => r.consultant === consultant).length < 7) {
      const visitedOn = weekdayOnOrBefore(daysAgo(today, rng.int(1, 30)));
      if (visitedOn >= today) continue;
      const [accountIndex, accountName] = pickAccount();
      record(consultant, null, accountIndex, accountName, visitedOn);
    }
  }
  visitRecords.sort((a, b) => a.visitedOn.localeCompare(b.visitedOn));
  return { visitPlans, visitRecords };
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function planDealer(dealer: DealerSeed, today: string): DealerPlan {
  const rng = mulberry32(dealer.seed);
  const names = new Set<string>(Object.values(dealer.people));
  const phones = new Set<string>();
  const contacts = dealer.accounts.map((a) => ({
    name: personName(rng, names),
    title: rng.pick(CONTACT_TITLES[a.type]),
    phone: mobile(rng, phones),
  }));
  const { visitPlans, visitRecords } = planVisits(rng, dealer, today);

  const outreachDay = weekdayOnOrBefore(daysAgo(today, rng.int(20, 28)));
  const showroomDay = daysAgo(today, rng.int(7, 14));
  const events: PlannedEvent[] = [
    {
      kind: 'outreach',
      ...dealer.events.outreach,
      owner: 'ka_manager',
      plannedDate: outreachDay,
      heldOn: outreachDay,
      createdAt: officeTime(rng, addCalendarDays(outreachDay, -14)),
      leads: [],
    },
    {
      kind: 'showroom',
      ...dealer.events.showroom,
      owner: 'marketing_director',
      plannedDate: showroomDay,
      heldOn: showroomDay,
      createdAt: officeTime(rng, addCalendarDays(showroomDay, -12)),
      leads: [],
    },
  ];

  // Where each prospect came from: a visit, an event, or elsewhere (spread over the last 60 days).
  type Source = {
    accountIndex: number;
    owner: Consultant;
    ago: number;
    minute: number;
    visitIndex: number | null;
    eventIndex: number | null;
  };
  const sources: Source[] = [];
  const visitIdx = rng
    .shuffle(visitRecords.map((_, i) => i).filter((i) => visitRecords[i].accountIndex !== null))
    .slice(0, 6);
  for (const v of visitIdx) {
    const r = visitRecords[v];
    sources.push({
      accountIndex: r.accountIndex as number,
      owner: r.consultant,
      ago: daysBetween(r.visitedOn, today),
      minute: rng.int(19 * 60, 21 * 60),
      visitIndex: v,
      eventIndex: null,
    });
  }
  const eventAccounts = rng.shuffle(dealer.accounts.map((_, i) => i)).slice(0, 7);
  eventAccounts.forEach((accountIndex, k) => {
    const eventIndex = k < 4 ? 0 : 1;
    sources.push({
      accountIndex,
      owner: CONSULTANTS[k % 2],
      ago: daysBetween(events[eventIndex].heldOn!, today),
      minute: rng.int(17 * 60, 20 * 60),
      visitIndex: null,
      eventIndex,
    });
  });
  const used = new Set(sources.map((s) => s.accountIndex));
  const uncovered = rng.shuffle(dealer.accounts.map((_, i) => i).filter((i) => !used.has(i)));
  const sourcedCount = sources.length;
  for (let k = 0; sources.length < GRADE_MIX.length; k++) {
    const accountIndex = k < uncovered.length ? uncovered[k] : rng.int(0, dealer.accounts.length - 1);
    sources.push({
      accountIndex,
      owner: CONSULTANTS[k % 2],
      ago: rng.int(2, 60),
      minute: rng.int(9 * 60, 18 * 60 + 30),
      visitIndex: null,
      eventIndex: null,
    });
  }
  const nonW = rng.shuffle(GRADE_MIX.filter((g) => g !== 'W'));
  const grades = [
    ...nonW.slice(0, sourcedCount),
    ...rng.shuffle([...nonW.slice(sourcedCount), ...GRADE_MIX.filter((g) => g === 'W')]),
  ];

  const prospects = sources.map((s, i): PlannedProspect => {
    const grade = grades[i];
    const account = dealer.accounts[s.accountIndex];
    const isW = grade === 'W';
    const ago = isW ? rng.int(1, 2) : s.ago;
    const createdAt = at(daysAgo(today, ago), s.minute);
    const kit = MODELS_BY_TYPE[account.type];
    const model = rng.pick(kit.models);
    const quantity = Math.min(rng.int(kit.qty[0], kit.qty[1]), SMALL_BATCH_MODELS[model] ?? 30);
    const channel =
      s.visitIndex !== null
        ? 'cold_visit'
        : s.eventIndex !== null
          ? s.eventIndex === 0
            ? 'business_event'
            : 'showroom'
          : isW
            ? 'showroom'
            : account.type === 'historical'
              ? 'repeat_purchase'
              : rng.pick(FREE_CHANNELS);
    const developmentType =
      channel === 'repeat_purchase' || account.type === 'historical' || (channel === 'trade_in' && rng.chance(0.5))
        ? 'repeat'
        : 'new';

    let n = isW ? 0 : Math.min(rng.int(0, 3), ago - 1);
    if (n === 0 && !isW && ['O', 'D', 'F'].includes(grade) && ago > 1) n = 1;
    const path = gradePath(rng, grade, n);
    const days = laterDays(rng, ago, path.length - 1);
    const initialReason =
      s.visitIndex !== null
        ? '走访后建档'
        : s.eventIndex !== null
          ? '活动现场留档'
          : isW
            ? '到店客户，待补录留档'
            : rng.pick(GRADE_REASONS.initial);
    const changes: PlannedChange[] = [{ from: null, to: path[0], at: createdAt, reason: initialReason }];
    days.forEach((d, k) =>
      changes.push({
        from: path[k],
        to: path[k + 1],
        at: officeTime(rng, daysAgo(today, d)),
        reason: reasonFor(rng, path[k], path[k + 1]),
      }),
    );
    const updatedAt = changes[changes.length - 1].at;

    const hot = ['H', 'A'].includes(grade) && rng.chance(0.45);
    const followCount = isW ? 0 : hot ? rng.int(3, 5) : rng.int(0, 5);
    const lastDay = grade === 'F' && days.length > 0 ? days[days.length - 1] + 1 : 1; // nothing after a lost deal
    const fuDays = rng
      .shuffle(Array.from({ length: Math.max(0, ago - lastDay) }, (_, k) => k + lastDay))
      .slice(0, followCount)
      .sort((a, b) => b - a);
    const followUps = fuDays.map((d): PlannedFollowUp => {
      const channel = rng.pick(['phone', 'visit', 'wechat'] as const);
      const content = rng.pick(FOLLOW_UP_TEXT[channel]).replace('{model}', model).replace('{qty}', String(quantity));
      return {
        channel,
        content,
        nextStep: rng.chance(0.6) ? rng.pick(NEXT_STEPS) : null,
        at: officeTime(rng, daysAgo(today, d)),
      };
    });
    return {
      accountIndex: s.accountIndex,
      owner: s.owner,
      model,
      quantity,
      grade,
      hot,
      channel,
      developmentType,
      note: rng.chance(0.3) ? rng.pick(NOTES) : null,
      visitIndex: s.visitIndex,
      eventIndex: s.eventIndex,
      createdAt,
      updatedAt,
      changes,
      followUps,
    };
  });

  // Event leads: the recorded prospects' contacts plus people who left no record (yet).
  events.forEach((ev, e) => {
    const linked = prospects.map((p, i) => [p, i] as const).filter(([p]) => p.eventIndex === e);
    const leads: PlannedLead[] = linked.map(([p, i]) => ({
      name: contacts[p.accountIndex].name,
      phone: contacts[p.accountIndex].phone,
      company: dealer.accounts[p.accountIndex].name,
      prospectIndex: i,
      createdAt: at(ev.heldOn!, 16 * 60 + rng.int(0, 59)),
    }));
    const total = Math.max(leads.length + 2, rng.int(5, 10));
    while (leads.length < total) {
      leads.push({
        name: personName(rng, names),
        phone: rng.chance(0.7) ? mobile(rng, phones) : null,
        company: rng.pick(dealer.otherCompanies),
        prospectIndex: null,
        createdAt: at(ev.heldOn!, 16 * 60 + rng.int(0, 59)),
      });
    }
    ev.leads = rng.shuffle(leads);
  });
  // This month's showroom event, planned and not held yet (the lead plan counts it; the month's event form lists it).
  const month = today.slice(0, 7);
  const monthEnd = addCalendarDays(`${addMonths(month, 1)}-01`, -1);
  const upcoming = addCalendarDays(today, 10) < monthEnd ? addCalendarDays(today, 10) : monthEnd;
  events.push({
    kind: 'showroom',
    name: `${dealer.events.showroom.name}（${Number(month.slice(5))}月场）`,
    location: dealer.events.showroom.location,
    owner: 'marketing_director',
    plannedDate: upcoming,
    heldOn: null,
    createdAt: at(daysAgo(today, 3), 10 * 60),
    leads: [],
  });
  return { contacts, visitPlans, visitRecords, events, prospects };
}
