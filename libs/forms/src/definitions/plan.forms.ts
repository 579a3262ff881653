// 附件 1–4 and 6: the plans of processes 1–4, read from the approved version (or the newest while none
// is approved) as the plans view gives it.
import { label, type FormDefinition, type FormRow, type FormSources, type Lang } from '../form.types';
import {
  col,
  CUSTOMER_TYPE_LABELS,
  DEVELOPMENT_LABELS,
  localDateTime,
  num,
  pick,
  signedBy,
  vocab,
  word,
} from '../format';

const PLAN = label('计划', 'plan');
const TARGET = label('目标', 'target');
const CONFIRM = label('确认', 'confirmation');
const HIST = label('历史转化率', 'historical rates');
const ON_HAND = label('现有基盘', 'on hand');
const OUT = label('本月目标', "this month's targets");
const TOTAL = label('合计', 'total');

const monthRow = (m: Record<string, any>, extra: FormRow = {}): FormRow => ({
  month: m.month,
  ...extra,
  orders: num(m.orders),
  aak: num(m.aak),
  submissions: num(m.submissions),
  backlog: num(m.backlog),
  pendingSubmissions: num(m.pendingSubmissions),
  orderDepth: num(m.orderDepth),
});

const STEPS = [
  { step: 'drafted', label: label('编制', 'prepared by') },
  { step: 'reviewed', label: label('审核', 'reviewed by') },
  { step: 'signed', label: label('签批', 'signed off by') },
] as const;

/** The signature lines of a plan form: each step of the version's sign-off chain done so far, with who did it (a
 *  substitute as "B 代 A") and when. */
const planSignatures =
  (kind: Parameters<FormSources['plan']>[0]): FormDefinition['signatures'] =>
  async (src, ctx) => {
    const plan = await src.plan(kind, ctx.period.value);
    return STEPS.flatMap((s) => {
      const done = plan?.signOffs?.filter((o) => o.step === s.step).at(-1);
      if (!done) return [];
      return [
        {
          key: s.step,
          label: pick(s.label, ctx.lang),
          name: signedBy(done, ctx.lang),
          at: localDateTime(done.at, ctx.timezone),
        },
      ];
    });
  };

const planColumns = [
  col('orders', '订单', 'orders', 'int', PLAN),
  col('aak', 'AAK(交车)', 'AAK (deliveries)', 'int', PLAN),
  col('submissions', '系统提报', 'system submissions', 'int', PLAN),
  col('backlog', '月末在手订单', 'orders on hand at month end', 'int'),
  col('pendingSubmissions', '待提报', 'pending submissions', 'int'),
  col('orderDepth', '订单深度(月)', 'order depth (months)', 'number'),
];

export const annualPlanForm: FormDefinition = {
  no: 1,
  key: 'annual-plan',
  period: 'year',
  title: label('大用户销量\\订单目标年度规划表', 'Annual key-account sales / order plan'),
  columns: [col('month', '月份', 'month'), ...planColumns],
  signatures: planSignatures('annual'),
  async *rows(src, ctx) {
    const plan = await src.plan('annual', ctx.period.value);
    if (!plan) return;
    for (const m of plan.result.months ?? []) yield monthRow(m);
    const t = plan.result.totals ?? {};
    yield {
      ...monthRow({ month: pick(TOTAL, ctx.lang), ...t }),
      backlog: null,
      pendingSubmissions: null,
      orderDepth: null,
    };
  },
};

export const rollingPlanForm: FormDefinition = {
  no: 2,
  key: 'rolling-plan',
  period: 'month',
  title: label('X+Y滚动计划表', 'X+Y rolling plan'),
  columns: [col('month', '月份', 'month'), col('kind', '类别', 'kind'), ...planColumns],
  signatures: planSignatures('rolling'),
  async *rows(src, ctx) {
    const plan = await src.plan('rolling', ctx.period.value);
    if (!plan) return;
    for (const m of plan.result.closed ?? []) {
      yield {
        ...monthRow(m, { kind: word('actual', ctx.lang) }),
        backlog: null,
        pendingSubmissions: null,
        orderDepth: null,
      };
    }
    for (const m of plan.result.months ?? []) yield monthRow(m, { kind: word('plan', ctx.lang) });
  },
};

const DIMENSIONS: Array<{ key: string; list: string; item: string; label: [string, string] }> = [
  { key: 'model', list: 'byModel', item: 'model', label: ['车型', 'model'] },
  { key: 'customerType', list: 'byCustomerType', item: 'customerType', label: ['客户类型', 'customer type'] },
  { key: 'channel', list: 'byChannel', item: 'channel', label: ['渠道', 'channel'] },
  { key: 'consultant', list: 'byConsultant', item: 'name', label: ['顾问', 'consultant'] },
];

function itemName(dim: string, x: Record<string, any>, lang: Lang): string | null {
  if (dim === 'customerType') return vocab(CUSTOMER_TYPE_LABELS, x.customerType, lang);
  if (dim === 'channel') return vocab(DEVELOPMENT_LABELS, x.channel, lang);
  if (dim === 'consultant') return x.name ?? x.consultantId ?? null;
  return x.model ?? null;
}

export const decompositionForm: FormDefinition = {
  no: 3,
  key: 'decomposition',
  period: 'month',
  title: label('AAK+订单目标月度分解表', 'Monthly AAK + order target decomposition'),
  columns: [
    col('dimension', '分解维度', 'dimension'),
    col('item', '项目', 'item'),
    col('orders', '订单', 'orders', 'int', TARGET),
    col('aak', 'AAK(交车)', 'AAK', 'int', TARGET),
    col('submissions', '系统提报', 'system submissions', 'int', TARGET),
  ],
  signatures: planSignatures('decomposition'),
  async *rows(src, ctx) {
    const plan = await src.plan('decomposition', ctx.period.value);
    if (!plan) return;
    for (const d of DIMENSIONS) {
      for (const x of plan.result[d.list] ?? []) {
        yield {
          dimension: ctx.lang === 'en' ? d.label[1] : d.label[0],
          item: itemName(d.key, x, ctx.lang),
          orders: num(x.orders),
          aak: num(x.aak),
          submissions: num(x.submissions),
        };
      }
    }
  },
};

export const personalTargetForm: FormDefinition = {
  no: 4,
  key: 'personal-targets',
  period: 'month',
  title: label('个人目标确认书', 'Personal target confirmation'),
  columns: [
    col('consultant', '顾问', 'consultant'),
    col('orders', '订单', 'orders', 'int', TARGET),
    col('aak', 'AAK(交车)', 'AAK', 'int', TARGET),
    col('submissions', '系统提报', 'system submissions', 'int', TARGET),
    col('byModel', '分车型订单', 'orders by model', 'text', TARGET),
    col('status', '确认状态', 'status', 'text', CONFIRM),
    col('decidedAt', '确认时间', 'decided at', 'datetime', CONFIRM),
    col('comment', '意见', 'comment', 'text', CONFIRM),
    col('signature', '顾问签字', 'signature', 'text', CONFIRM),
  ],
  async *rows(src, ctx) {
    const plan = await src.plan('decomposition', ctx.period.value);
    for (const t of plan?.personalTargets ?? []) {
      const byModel = Array.isArray(t.targets.byModel) ? t.targets.byModel : [];
      yield {
        consultant: t.consultant,
        orders: num(t.targets.orders),
        aak: num(t.targets.aak),
        submissions: num(t.targets.submissions),
        byModel: byModel.map((m: Record<string, any>) => `${m.model} ${m.orders}`).join('; ') || null,
        status: word(t.status, ctx.lang),
        decidedAt: localDateTime(t.decidedAt, ctx.timezone),
        comment: t.comment ?? null,
        // left for the consultant's hand, unless their substitute (代理) confirmed it for them
        signature: t.onBehalfOf ? signedBy({ by: t.confirmedBy ?? null, onBehalfOf: t.onBehalfOf }, ctx.lang) : null,
      };
    }
  },
};

export const leadPlanForm: FormDefinition = {
  no: 6,
  key: 'lead-plan',
  period: 'month',
  title: label('月度集客规划表', 'Monthly lead-generation plan'),
  columns: [
    col('model', '车型', 'model'),
    col('orderTarget', '订单目标', 'order target', 'int'),
    col('leadCloseRate', '集客成交率', 'lead closing rate', 'percent', HIST),
    col('haCloseRate', 'H/A成交率', 'H/A closing rate', 'percent', HIST),
    col('bcConversionRate', 'B/C转化率', 'B/C conversion rate', 'percent', HIST),
    col('haOnHand', 'H/A', 'H/A', 'int', ON_HAND),
    col('bcOnHand', 'B/C', 'B/C', 'int', ON_HAND),
    col('leadTarget', '集客目标', 'lead target', 'int', OUT),
    col('newHaTarget', '新增H/A目标', 'new H/A target', 'int', OUT),
    col('bcToHaTarget', 'B/C转H/A目标', 'B/C → H/A target', 'int', OUT),
  ],
  signatures: planSignatures('lead'),
  async *rows(src, ctx) {
    const plan = await src.plan('lead', ctx.period.value);
    if (!plan) return;
    const out = new Map<string, Record<string, any>>((plan.result.models ?? []).map((m: any) => [m.model, m]));
    for (const m of plan.input.models ?? []) {
      const r = out.get(m.model) ?? {};
      yield {
        model: m.model,
        orderTarget: num(m.orderTarget),
        leadCloseRate: num(m.leadCloseRate),
        haCloseRate: num(m.haCloseRate),
        bcConversionRate: num(m.bcConversionRate),
        haOnHand: num(m.haOnHand),
        bcOnHand: num(m.bcOnHand),
        leadTarget: num(r.leadTarget),
        newHaTarget: num(r.newHaTarget),
        bcToHaTarget: num(r.bcToHaTarget),
      };
    }
  },
};
