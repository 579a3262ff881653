// The vocabularies' names for a reader: one table per language (zh: the manual's words, §1; en).
// The web pages, the forms and the mails take them from here, so a missing entry fails the typecheck.
// Pure data, no I/O (the web bundles this module).
import {
  REGION_ROLE_LABELS_ZH,
  ROLE_LABELS_ZH,
  GRADE_LABELS_ZH,
  type Channel,
  type CustomerType,
  type DevelopmentType,
  type FollowUpChannel,
  type Grade,
  type RegionRole,
  type Role,
} from './enums';
import { TASK_KIND_LABELS_ZH, type TaskDecision, type TaskKind } from './tasks';

export type LabelLang = 'zh' | 'en';

/** The lines of the weekly progress report (P4, 附件7) by kind; `{{name}}` is the model or the consultant. */
export type WeeklyLineKind = 'orders' | 'aak' | 'submissions' | 'leads' | 'modelOrders' | 'consultantOrders';

export interface Labels {
  role: Record<Role | RegionRole, string>;
  kind: Record<TaskKind, string>;
  decision: Record<TaskDecision, string>;
  grade: Record<Grade, string>;
  customerType: Record<CustomerType, string>;
  channel: Record<Channel, string>;
  developmentType: Record<DevelopmentType, string>;
  followUpChannel: Record<FollowUpChannel, string>;
  weeklyLine: Record<WeeklyLineKind, string>;
}

export const LABELS_ZH: Labels = {
  role: { ...ROLE_LABELS_ZH, ...REGION_ROLE_LABELS_ZH },
  kind: TASK_KIND_LABELS_ZH,
  decision: {
    verified: '核实无误',
    incorrect: '信息有误',
    unreachable: '无法联系',
    denied: '客户否认',
    fixed: '已整改',
    done: '完成',
    submit: '提交',
    approve: '批准',
    reject: '退回',
    confirm: '确认',
    dispute: '有异议',
    scheduled: '已安排培训',
    declined: '不安排',
    loaded: '已载入',
    noted: '已知悉',
  },
  grade: GRADE_LABELS_ZH,
  customerType: {
    general: '一般大用户',
    government: '政府',
    hotel_airline: '酒店/航空',
    enterprise: '知名企业',
    leasing: '租赁',
    historical: '历史大用户',
    employee: '员工购车',
  },
  channel: {
    business_event: '商业活动/企业论坛',
    showroom: '展厅转化',
    circle_club: '圈层营销/俱乐部',
    cold_visit: '陌生拜访',
    repeat_purchase: '重复购买',
    referral: '转介绍',
    trade_in: '二手车置换',
  },
  developmentType: { new: '新客户开发', repeat: '老客户重购' },
  followUpChannel: { phone: '电话', visit: '拜访', showroom: '展厅', wechat: '微信', email: '邮件', event: '活动' },
  weeklyLine: {
    orders: '订单',
    aak: 'AAK(交车)',
    submissions: '系统提报',
    leads: '集客（计划 vs 已留档）',
    modelOrders: '订单 · 车型 {{name}}',
    consultantOrders: '订单 · 顾问 {{name}}',
  },
};

export const LABELS_EN: Labels = {
  role: {
    consultant: 'Key-account consultant',
    ka_manager: 'Key-account manager',
    sales_director: 'Sales director',
    gm: 'General manager',
    marketing_director: 'Marketing director',
    cs_manager: 'Customer service manager',
    cs_agent: 'Customer service agent',
    training_manager: 'Training manager',
    admin: 'Administrator',
    sysadmin: 'System administrator',
    region_manager: 'Region manager',
  },
  kind: {
    callback: 'Customer callback',
    rectification: 'Record correction',
    daily_check: 'Daily record check',
    plan_draft: 'Plan draft',
    plan_review: 'Plan review',
    plan_signoff: 'Plan sign-off',
    target_confirmation: 'Personal target confirmation',
    visit_plan: "Next month's visit and event plan",
    weekly_review: 'Weekly progress review',
    forecast_warning: 'Forecast warning',
    lost_analysis: 'Lost-deal analysis',
    overdue_followup: 'Overdue follow-up',
    training_request: 'Training request',
    calendar_load: "Load next year's holiday calendar",
  },
  decision: {
    verified: 'Verified',
    incorrect: 'Incorrect',
    unreachable: 'Unreachable',
    denied: 'Denied by customer',
    fixed: 'Fixed',
    done: 'Done',
    submit: 'Submit',
    approve: 'Approve',
    reject: 'Reject',
    confirm: 'Confirm',
    dispute: 'Dispute',
    scheduled: 'Training scheduled',
    declined: 'Declined',
    loaded: 'Loaded',
    noted: 'Noted',
  },
  grade: {
    O: 'signed, not delivered',
    H: 'within 1 month',
    A: 'in 1–3 months',
    B: 'over 3 months',
    C: 'within a year',
    W: 'walk-in, not recorded',
    D: 'purchase postponed',
    F: 'lost',
  },
  customerType: {
    general: 'General key account',
    government: 'Government',
    hotel_airline: 'Hotels & airlines',
    enterprise: 'Well-known enterprise',
    leasing: 'Leasing',
    historical: 'Historical key account',
    employee: 'Employee purchase',
  },
  channel: {
    business_event: 'Business event / forum',
    showroom: 'Showroom conversion',
    circle_club: 'Circle marketing / club',
    cold_visit: 'Cold visit',
    repeat_purchase: 'Repeat purchase',
    referral: 'Referral',
    trade_in: 'Used-car trade-in',
  },
  developmentType: { new: 'New customer', repeat: 'Repeat purchase' },
  followUpChannel: {
    phone: 'Phone',
    visit: 'Visit',
    showroom: 'Showroom',
    wechat: 'WeChat',
    email: 'E-mail',
    event: 'Event',
  },
  weeklyLine: {
    orders: 'Orders',
    aak: 'AAK (deliveries)',
    submissions: 'Submissions',
    leads: 'Leads (plan vs recorded)',
    modelOrders: 'Orders · model {{name}}',
    consultantOrders: 'Orders · consultant {{name}}',
  },
};

export const labelsOf = (lang: LabelLang): Labels => (lang === 'en' ? LABELS_EN : LABELS_ZH);

const LINE_KEYS: Array<[RegExp, WeeklyLineKind]> = [
  [/^total:orders$/, 'orders'],
  [/^total:aak$/, 'aak'],
  [/^total:submissions$/, 'submissions'],
  [/^total:leads$/, 'leads'],
  [/^model:(.+):orders$/, 'modelOrders'],
  [/^consultant:(.+):orders$/, 'consultantOrders'],
];

/**
 * A weekly progress line's name in one language, from its key (`total:orders`, `model:Q5L:orders`,
 * `consultant:<id>:orders` …) and its `name` (the model, the consultant's name); a line of another key keeps
 * its own `label`. Lines stored before they had a `name` carry it at the end of their Chinese label.
 */
export function weeklyLineLabel(line: { key: string; name?: string | null; label?: string }, lang: LabelLang): string {
  for (const [re, kind] of LINE_KEYS) {
    const m = re.exec(line.key);
    if (!m) continue;
    const stored = line.label?.match(/^订单 · (?:车型|顾问) (.+)$/)?.[1];
    return labelsOf(lang).weeklyLine[kind].replace('{{name}}', line.name ?? stored ?? m[1] ?? '');
  }
  return line.label ?? line.key;
}
