// 附件 13 and 14: hot customers and lost customers (process 6), from the conversion report views.
import { label, type FormDefinition, type Label } from '../form.types';
import { col, localDateTime, localDay, num, pick, yesNo, word } from '../format';

const FU = label('本月跟进', 'follow-ups this month');
const ANALYSIS = label('战败分析', 'analysis');
const REASONS: Record<string, Label> = {
  price: label('价格', 'price'),
  competitor: label('竞品', 'competitor'),
  product: label('产品', 'product'),
  delivery_time: label('交车周期', 'delivery time'),
  financing: label('金融方案', 'financing'),
  policy: label('商务政策', 'policy'),
  relationship: label('客户关系', 'relationship'),
  other: label('其他', 'other'),
};

export const hotCustomersForm: FormDefinition = {
  no: 13,
  key: 'hot-customers',
  period: 'month',
  large: true,
  title: label('热点客户管理表', 'Hot-customer management'),
  columns: [
    col('consultant', '顾问', 'consultant'),
    col('account', '单位名称', 'account'),
    col('contact', '联系人', 'contact'),
    col('phone', '电话', 'phone'),
    col('model', '车型', 'model'),
    col('quantity', '数量', 'quantity', 'int'),
    col('grade', '级别', 'grade'),
    col('followUps', '次数', 'done', 'int', FU),
    col('target', '要求', 'required', 'int', FU),
    col('reached', '是否达标', 'reached', 'text', FU),
    col('followUpDates', '跟进日期', 'dates', 'text', FU),
    col('nextFollowUpDue', '下次跟进', 'next follow-up due', 'datetime'),
  ],
  async *rows(src, ctx) {
    for (const h of await src.hotCustomers(ctx.period.value)) {
      yield {
        consultant: h.consultant,
        account: h.account,
        contact: h.contact,
        phone: h.phone,
        model: h.model,
        quantity: num(h.quantity),
        grade: h.grade,
        followUps: num(h.followUps),
        target: num(h.target),
        reached: yesNo(h.reached, ctx.lang),
        followUpDates: (h.followUpDates ?? []).map((d: string) => localDay(d, ctx.timezone)).join(', ') || null,
        nextFollowUpDue: localDateTime(h.nextFollowUpDue, ctx.timezone),
      };
    }
  },
};

export const lostAnalysisForm: FormDefinition = {
  no: 14,
  key: 'lost-analysis',
  period: 'month',
  large: true,
  title: label('战败客户分析表', 'Lost-customer analysis'),
  columns: [
    col('lostAt', '战败时间', 'lost at', 'datetime'),
    col('consultant', '顾问', 'consultant'),
    col('account', '单位名称', 'account'),
    col('contact', '联系人', 'contact'),
    col('model', '车型', 'model'),
    col('quantity', '数量', 'quantity', 'int'),
    col('fromGrade', '战败前级别', 'grade before'),
    col('uncontrolled', '是否失控', 'uncontrolled'),
    col('reason', '战败原因', 'reason', 'text', ANALYSIS),
    col('competitor', '竞品', 'competitor', 'text', ANALYSIS),
    col('lessons', '经验教训', 'lessons', 'text', ANALYSIS),
    col('trainingRequest', '培训需求', 'training request', 'text', ANALYSIS),
    col('status', '分析状态', 'status', 'text', ANALYSIS),
    col('analysedAt', '分析时间', 'analysed at', 'datetime', ANALYSIS),
  ],
  async *rows(src, ctx) {
    for (const l of await src.lostAnalysis(ctx.period.value)) {
      const c = l.competitor;
      yield {
        lostAt: localDateTime(l.lostAt, ctx.timezone),
        consultant: l.consultant,
        account: l.account,
        contact: l.contact,
        model: l.model,
        quantity: num(l.quantity),
        fromGrade: l.fromGrade ?? null,
        uncontrolled: yesNo(l.overdueAtLoss, ctx.lang),
        reason: l.reasonCategory
          ? REASONS[l.reasonCategory]
            ? pick(REASONS[l.reasonCategory], ctx.lang)
            : l.reasonCategory
          : null,
        competitor: c ? [c.brand, c.model].filter(Boolean).join(' ') : null,
        lessons: l.lessons ?? null,
        trainingRequest: typeof l.trainingRequest === 'string' ? l.trainingRequest : null,
        status: word(l.status, ctx.lang),
        analysedAt: localDateTime(l.analysedAt, ctx.timezone),
      };
    }
  },
};
