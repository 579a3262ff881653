// 附件 10–12: the dealer's grading and follow-up standard, the grading entry method with counts, and
// the customer-service check feedback (every callback of the period with its rectification).
import { label, type FormDefinition, type Label, type Lang } from '../form.types';
import { col, gradeMeaning, localDateTime, pick, signedBy, word, yesNo } from '../format';

/** 'P3D' → every 3 days; { workingDays: 2 } → every 2 working days. */
export function cadenceText(d: unknown, lang: Lang): string | null {
  if (d && typeof d === 'object' && typeof (d as any).workingDays === 'number') {
    const n = (d as any).workingDays;
    return lang === 'en' ? `every ${n} working day${n === 1 ? '' : 's'}` : `每${n}个工作日`;
  }
  const m = typeof d === 'string' ? /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(d) : null;
  if (!m) return d === null || d === undefined ? null : String(d);
  const days = Number(m[1] ?? 0) * 7 + Number(m[2] ?? 0);
  const hours = Number(m[3] ?? 0);
  if (days && !hours && !m[4] && !m[5]) {
    if (days % 7 === 0) return lang === 'en' ? `every ${days / 7} week(s)` : days === 7 ? '每周' : `每${days / 7}周`;
    return lang === 'en' ? `every ${days} day${days === 1 ? '' : 's'}` : `每${days}天`;
  }
  return lang === 'en' ? `every ${d}` : `每 ${d}`;
}

const JUDGE: Record<string, Label> = {
  O: label('已签订合同, 尚未交车', 'contract signed, car not yet delivered'),
  H: label('预计1个月内购车', 'expected to buy within 1 month'),
  A: label('预计1-3个月内购车', 'expected to buy in 1–3 months'),
  B: label('预计3个月以上购车', 'expected to buy in more than 3 months'),
  C: label('预计1年内购车', 'expected to buy within a year'),
  W: label('到店但未留档', 'walked in, no record taken'),
  D: label('推迟购车', 'purchase postponed'),
  F: label('已在他处购车或放弃购买', 'bought elsewhere or gave up'),
};
const RULE: Record<string, Label> = {
  W: label('当日完成留档并定级', 'record and grade it the same day'),
  F: label('停止跟进, 次一工作日完成战败分析', 'stop following up; lost-deal analysis by the next working day'),
  O: label('每周跟进至交车', 'weekly until delivery'),
};

export const gradingStandardForm: FormDefinition = {
  no: 10,
  key: 'grading-standard',
  period: 'none',
  title: label('潜客判定和跟踪标准', 'Prospect grading and follow-up standard'),
  columns: [
    col('grade', '级别', 'grade'),
    col('meaning', '含义', 'meaning'),
    col('judgement', '判定标准', 'how to judge'),
    col('cadence', '跟踪频次', 'follow-up cadence'),
    col('rule', '跟踪要求', 'follow-up rule'),
  ],
  async *rows(src, ctx) {
    const policy = await src.policy();
    for (const g of ['O', 'H', 'A', 'B', 'C', 'W', 'D', 'F']) {
      const cadence = cadenceText(policy.followUpCadence[g], ctx.lang);
      const rule = RULE[g] ? pick(RULE[g], ctx.lang) : ctx.lang === 'en' ? `follow up ${cadence}` : `按${cadence}跟进`;
      yield { grade: g, meaning: gradeMeaning(g, ctx.lang), judgement: pick(JUDGE[g], ctx.lang), cadence, rule };
    }
    yield {
      grade: ctx.lang === 'en' ? 'hot' : '热点客户',
      meaning: ctx.lang === 'en' ? 'flagged hot customer' : '重点跟进的潜客',
      judgement: ctx.lang === 'en' ? 'flagged by the consultant or manager' : '顾问或经理标记',
      cadence: ctx.lang === 'en' ? `${policy.hotFollowUpsPerMonth} per month` : `每月${policy.hotFollowUpsPerMonth}次`,
      rule: ctx.lang === 'en' ? 'spread over the working days of the month' : '均匀分布在当月工作日',
    };
  },
};

const ENTRY: Array<{ name: string; grades: string[]; rule: Label }> = [
  {
    name: 'H/A',
    grades: ['H', 'A'],
    rule: label(
      '3个月内购车, 录入车型、数量、决策人和预计成交时间',
      'buying within 3 months: model, quantity, decision maker, expected close',
    ),
  },
  {
    name: 'B',
    grades: ['B'],
    rule: label('3个月以上购车, 录入需求车型和数量', 'buying in over 3 months: model and quantity wanted'),
  },
  { name: 'C', grades: ['C'], rule: label('1年内购车, 录入单位和联系人', 'buying within a year: account and contact') },
  { name: 'D', grades: ['D'], rule: label('推迟购车, 录入推迟原因', 'postponed: why it is postponed') },
  { name: 'F', grades: ['F'], rule: label('战败, 录入战败原因和竞品', 'lost: reason and competitor') },
];
const COUNTS = label('数量', 'counts');

export const gradingEntryForm: FormDefinition = {
  no: 11,
  key: 'grading-entry',
  period: 'month',
  title: label('基盘客户分级录入及盘点办法', 'Base-customer grading entry and inventory method'),
  columns: [
    col('category', '级别', 'grade'),
    col('rule', '录入办法', 'entry rule'),
    col('start', '月初', 'month start', 'int', COUNTS),
    col('entered', '本月录入', 'entered in month', 'int', COUNTS),
    col('end', '月末', 'month end', 'int', COUNTS),
  ],
  async *rows(src, ctx) {
    const counts = await src.gradeEntries(ctx.period.value);
    const total = (grades: string[], k: 'start' | 'entered' | 'end') =>
      counts.filter((c) => grades.includes(c.grade)).reduce((s, c) => s + c[k], 0);
    for (const e of ENTRY) {
      yield {
        category: e.name,
        rule: pick(e.rule, ctx.lang),
        start: total(e.grades, 'start'),
        entered: total(e.grades, 'entered'),
        end: total(e.grades, 'end'),
      };
    }
  },
};

const CB = label('回访', 'callback');
const RECT = label('整改', 'rectification');

export const callbackFeedbackForm: FormDefinition = {
  no: 12,
  key: 'callback-feedback',
  period: 'month',
  large: true,
  title: label('客服部检核反馈表', 'Customer-service check feedback'),
  columns: [
    col('account', '单位名称', 'account'),
    col('contact', '联系人', 'contact'),
    col('phone', '电话', 'phone'),
    col('model', '车型', 'model'),
    col('grade', '级别', 'grade'),
    col('consultant', '顾问', 'consultant'),
    col('recordedAt', '留档时间', 'recorded at', 'datetime'),
    col('dueAt', '回访期限', 'due', 'datetime', CB),
    col('doneAt', '回访时间', 'called at', 'datetime', CB),
    col('calledBy', '回访人', 'called by', 'text', CB),
    col('onTime', '是否按时', 'on time', 'text', CB),
    col('outcome', '回访结果', 'result', 'text', CB),
    col('corrections', '需整改内容', 'corrections', 'text', CB),
    col('rectification', '整改状态', 'status', 'text', RECT),
    col('rectificationDueAt', '整改期限', 'due', 'datetime', RECT),
    col('fixedBy', '整改人', 'fixed by', 'text', RECT),
    col('verification', '复核结果', 'verification', 'text', RECT),
    col('verifiedBy', '复核人', 'verified by', 'text', RECT),
    col('status', '状态', 'check status'),
  ],
  async *rows(src, ctx) {
    for await (const c of src.callbacks(ctx.period.value)) {
      yield {
        account: c.account,
        contact: c.contact,
        phone: c.phone,
        model: c.model,
        grade: c.grade,
        consultant: c.consultant,
        recordedAt: localDateTime(c.recordedAt, ctx.timezone),
        dueAt: localDateTime(c.dueAt, ctx.timezone),
        doneAt: localDateTime(c.doneAt, ctx.timezone),
        calledBy: signedBy(c.calledBy, ctx.lang),
        onTime: yesNo(c.onTime, ctx.lang),
        outcome: word(c.outcome, ctx.lang),
        corrections: c.corrections?.length
          ? c.corrections.map((x) => `${x.field}: ${String(x.value)}`).join('; ')
          : null,
        rectification: word(c.rectificationStatus, ctx.lang),
        rectificationDueAt: localDateTime(c.rectificationDueAt, ctx.timezone),
        fixedBy: signedBy(c.fixedBy, ctx.lang),
        verification: word(c.verificationOutcome, ctx.lang),
        verifiedBy: signedBy(c.verifiedBy, ctx.lang),
        status: word(c.status, ctx.lang),
      };
    }
  },
};
