// 附件 5, 7, 8, 9: the base inventory, the weekly lead progress review, visit tracking and event lead
// tracking (processes 4 and 5).
import { weeklyLineLabel } from '@kaflow/domain';
import { label, type FormDefinition, type FormRow } from '../form.types';
import { col, localDay, num, word, yesNo } from '../format';

const START = label('月初', 'month start');
const MOVES = label('本月变动', 'movements in the month');
const END = label('月末', 'month end');
const LADDER = ['O', 'H', 'A', 'B', 'C', 'D'] as const;
const sum = (c: Record<string, number>) => LADDER.reduce((s, g) => s + (c[g] ?? 0), 0);

export const baseInventoryForm: FormDefinition = {
  no: 5,
  key: 'base-inventory',
  period: 'month',
  title: label('月度基盘客户盘点表', 'Monthly base-customer inventory'),
  columns: [
    col('model', '车型', 'model'),
    ...LADDER.map((g) => col(`start${g}`, g, g, 'int', START)),
    col('startTotal', '小计', 'subtotal', 'int', START),
    col('created', '新增留档', 'new records', 'int', MOVES),
    col('upgrades', '升级', 'upgrades', 'int', MOVES),
    col('downgrades', '降级', 'downgrades', 'int', MOVES),
    col('lost', '战败(F)', 'lost (F)', 'int', MOVES),
    col('ordered', '成交(O)', 'signed (O)', 'int', MOVES),
    col('delivered', '交车', 'delivered', 'int', MOVES),
    ...LADDER.map((g) => col(`end${g}`, g, g, 'int', END)),
    col('endTotal', '小计', 'subtotal', 'int', END),
  ],
  async *rows(src, ctx) {
    for (const m of await src.baseInventory(ctx.period.value)) {
      const row: FormRow = { model: m.model };
      for (const g of LADDER) row[`start${g}`] = m.start[g] ?? 0;
      row.startTotal = sum(m.start);
      Object.assign(row, {
        created: m.created,
        upgrades: m.upgrades,
        downgrades: m.downgrades,
        lost: m.lost,
        ordered: m.ordered,
        delivered: m.delivered,
      });
      for (const g of LADDER) row[`end${g}`] = m.end[g] ?? 0;
      row.endTotal = sum(m.end);
      yield row;
    }
  },
};

const weekColumns = [
  col('week', '周次', 'week'),
  col('line', '项目', 'line'),
  col('target', '月目标', 'monthly target', 'int'),
  col('proRated', '进度目标', 'pro-rated target', 'number'),
  col('actual', '实际', 'actual', 'int'),
  col('achievement', '进度达成率', 'achievement', 'percent'),
  col('gap', '是否差距', 'gap'),
  col('shortfall', '差额', 'shortfall', 'int'),
];

export const weeklyProgressForm: FormDefinition = {
  no: 7,
  key: 'weekly-progress',
  period: 'week',
  title: label('集客进度周盘点表', 'Weekly lead progress review'),
  columns: weekColumns,
  async *rows(src, ctx) {
    const weeks = ctx.period.kind === 'month' ? await src.weeksOfMonth(ctx.period.value) : [ctx.period.value];
    for (const w of weeks) {
      const p = await src.weeklyProgress(w);
      for (const l of p.lines) {
        yield {
          week: p.week,
          line: weeklyLineLabel(l as { key: string }, ctx.lang),
          target: num(l.target),
          proRated: num(l.proRated),
          actual: num(l.actual),
          achievement: num(l.achievement),
          gap: yesNo(l.gap, ctx.lang),
          shortfall: num(l.shortfall),
        };
      }
    }
  },
};

export const visitTrackingForm: FormDefinition = {
  no: 8,
  key: 'visit-tracking',
  period: 'month',
  title: label('大用户走访跟踪表', 'Key-account visit tracking'),
  columns: [
    col('consultant', '顾问', 'consultant'),
    col('account', '单位名称', 'account'),
    col('plannedDate', '计划日期', 'planned on', 'date', label('计划', 'plan')),
    col('purpose', '走访目的', 'purpose', 'text', label('计划', 'plan')),
    col('visitedOn', '走访日期', 'visited on', 'date', label('执行', 'done')),
    col('leadsMet', '接触潜客数', 'leads met', 'int', label('执行', 'done')),
    col('recordedLeads', '留档数', 'recorded', 'int', label('执行', 'done')),
    col('summary', '走访记录', 'summary', 'text', label('执行', 'done')),
  ],
  async *rows(src, ctx) {
    const { plans, visits, consultants } = await src.visits(ctx.period.value);
    const byPlan = new Map(visits.filter((v) => v.planId).map((v) => [v.planId, v]));
    const row = (p: Record<string, any> | null, v: Record<string, any> | null): FormRow => ({
      consultant: consultants[(p ?? v)!.consultantId] ?? null,
      account: (v?.accountName ?? p?.accountName) || null,
      plannedDate: localDay(p?.plannedDate, ctx.timezone),
      purpose: p?.purpose ?? null,
      visitedOn: localDay(v?.visitedOn, ctx.timezone),
      leadsMet: v ? num(v.leadsMet) : null,
      recordedLeads: v ? num(v.recordedLeads) : null,
      summary: v?.summary ?? null,
    });
    for (const p of plans) yield row(p, byPlan.get(p.id) ?? null);
    for (const v of visits) if (!v.planId || !plans.some((p) => p.id === v.planId)) yield row(null, v);
  },
};

export const eventLeadsForm: FormDefinition = {
  no: 9,
  key: 'event-leads',
  period: 'month',
  large: true,
  title: label('大用户外展\\展厅活动集客跟踪表', 'Outreach / showroom event lead tracking'),
  columns: [
    col('event', '活动名称', 'event', 'text', label('活动', 'event')),
    col('kind', '类型', 'kind', 'text', label('活动', 'event')),
    col('plannedDate', '计划日期', 'planned on', 'date', label('活动', 'event')),
    col('heldOn', '举办日期', 'held on', 'date', label('活动', 'event')),
    col('owner', '负责人', 'owner', 'text', label('活动', 'event')),
    col('lead', '姓名', 'name', 'text', label('集客', 'lead')),
    col('phone', '电话', 'phone', 'text', label('集客', 'lead')),
    col('company', '单位', 'company', 'text', label('集客', 'lead')),
    col('recorded', '是否留档', 'recorded', 'text', label('集客', 'lead')),
  ],
  async *rows(src, ctx) {
    const { items, owners } = await src.events(ctx.period.value);
    for (const e of items) {
      const base = {
        event: e.name,
        kind: word(e.kind, ctx.lang),
        plannedDate: localDay(e.plannedDate, ctx.timezone),
        heldOn: localDay(e.heldOn, ctx.timezone),
        owner: owners[e.ownerId] ?? null,
      };
      if (!e.leads?.length) yield { ...base, lead: null, phone: null, company: null, recorded: null };
      for (const l of e.leads ?? []) {
        yield {
          ...base,
          lead: l.name,
          phone: l.phone ?? null,
          company: l.company ?? null,
          recorded: yesNo(!!l.prospectId, ctx.lang),
        };
      }
    }
  },
};
