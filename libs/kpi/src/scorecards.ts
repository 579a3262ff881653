// KPI scorecards (manual §3): one rule turns a role's card (policy lines of key, weight %, goal) and the
// month's figures (numerator, denominator, counted by SQL from records) into scores and a total. Pure.
//
// The rule, for every line:
// - value = numerator ÷ denominator (4 decimals). A denominator of 0 gives value null, score null and a
//   `reason` naming what was missing (no target, no callbacks, …): never 0%.
// - attainment: higher-is-better KPIs: value ÷ goal; lower-is-better KPIs (拒单率, churn, …):
//   (1 − value) ÷ (1 − goal), so meeting the goal exactly is 100% and 0 is a bit better than the goal.
//   Attainment is clamped to [0, cap] (policy `scorecards.cap`, default 1.2 = 120%).
// - score = weight × attainment, in points, rounded to 2 decimals; a watched line (weight 0) scores 0.
// - total = the sum of the lines' scores (null lines add nothing), 2 decimals: 100 = every goal met,
//   at most 100 × cap. `scoredWeight` says how much of the 100% had figures.
//
// The readings of the slide (which records make each numerator and denominator) are in
// `SCORECARD_FORMULAS` below; the SQL that counts them follows these texts.
import { SCORECARD_KPIS, type ScorecardKpiKey, type ScorecardLine } from '@kaflow/domain';

export interface KpiFigure {
  numerator: number;
  denominator: number;
}

export interface ScoredKpi {
  key: ScorecardKpiKey;
  label: string;
  weight: number;
  /** The value worth 100% of the weight (a policy goal). */
  target: number;
  direction: 'higher' | 'lower';
  value: number | null;
  numerator: number;
  denominator: number;
  score: number | null;
  /** Why there is no value (denominator 0). */
  reason?: string;
}

export interface ScoredCard {
  kpis: ScoredKpi[];
  total: number;
  scoredWeight: number;
}

type Lang = 'zh' | 'en';

/** What each figure counts, for the month and the person (scope person) or the dealer (scope dealer). */
export const SCORECARD_FORMULAS: Record<
  ScorecardKpiKey,
  { numerator: string; denominator: string; numeratorZh: string; denominatorZh: string; zeroZh: string; zeroEn: string }
> = {
  orderAchievement: {
    numerator: 'cars ordered in the month by the consultant (orders not cancelled)',
    denominator: "the consultant's order target in the month's approved decomposition (个人目标)",
    numeratorZh: '顾问本月订单台数（未取消的订单）',
    denominatorZh: '本月已批准分解计划中该顾问的订单目标（个人目标）',
    zeroZh: '本月无已批准的个人订单目标',
    zeroEn: 'no approved personal order target for the month',
  },
  newHaRatio: {
    numerator: 'prospects the consultant recorded in the month graded H or A at creation',
    denominator: 'prospects the consultant recorded in the month',
    numeratorZh: '顾问本月新建档且建档时为H或A级的潜客',
    denominatorZh: '顾问本月新建档的潜客',
    zeroZh: '本月无新增线索',
    zeroEn: 'no new leads in the month',
  },
  recordRate: {
    numerator: "leads recorded as prospects from the consultant's visits and events of the month",
    denominator: "leads met on the consultant's visits (leadsMet) and events of the month",
    numeratorZh: '顾问本月走访和活动中已留档的线索',
    denominatorZh: '顾问本月走访（接触线索数）和活动中接触的线索',
    zeroZh: '本月无走访或活动线索',
    zeroEn: 'no leads met on visits or events in the month',
  },
  informationAccuracy: {
    numerator: "callbacks done in the month on the consultant's prospects with outcome verified",
    denominator: "callbacks done in the month on the consultant's prospects",
    numeratorZh: '本月对该顾问潜客完成的回访中结果为“属实”的',
    denominatorZh: '本月对该顾问潜客完成的回访',
    zeroZh: '本月无回访',
    zeroEn: 'no callbacks in the month',
  },
  visitPlanCompletion: {
    numerator: "the consultant's planned visits of the month checked in (走访签到) on their planned date",
    denominator: "the consultant's planned visits for the month",
    numeratorZh: '顾问本月计划走访中在计划当日签到的',
    denominatorZh: '顾问本月计划的走访',
    zeroZh: '本月无走访计划',
    zeroEn: 'no visits planned for the month',
  },
  lostUncontrolledRatio: {
    numerator: "the consultant's lost deals of the month whose follow-up was overdue when lost",
    denominator: "the consultant's lost deals of the month",
    numeratorZh: '顾问本月战败中战败时跟进已逾期的',
    denominatorZh: '顾问本月的战败',
    zeroZh: '本月无战败',
    zeroEn: 'no lost deals in the month',
  },
  downgradeRate: {
    numerator:
      "the consultant's prospects live at the month's start (O H A B C D, not delivered) downgraded in the month",
    denominator: "the consultant's prospects live at the month's start",
    numeratorZh: '顾问月初在跟（O H A B C D，未交车）且本月降级的潜客',
    denominatorZh: '顾问月初在跟的潜客',
    zeroZh: '月初无在跟潜客',
    zeroEn: 'no live prospects at the start of the month',
  },
  kaTargetAchievement: {
    numerator: 'cars ordered in the month by the dealer (orders not cancelled)',
    denominator: "the order target of the month's approved decomposition plan",
    numeratorZh: '经销商本月订单台数（未取消的订单）',
    denominatorZh: '本月已批准分解计划的订单目标',
    zeroZh: '本月无已批准的订单目标',
    zeroEn: 'no approved order target for the month',
  },
  haConversion: {
    numerator: 'prospects graded H or A at the start of the month that reached O in it',
    denominator: 'prospects graded H or A at the start of the month',
    numeratorZh: '月初为H或A级且本月达到O级的潜客',
    denominatorZh: '月初为H或A级的潜客',
    zeroZh: '月初无H/A客户',
    zeroEn: 'no H/A prospects at the start of the month',
  },
  bcConversion: {
    numerator: 'prospects graded B or C at the start of the month that reached H, A or O in it',
    denominator: 'prospects graded B or C at the start of the month',
    numeratorZh: '月初为B或C级且本月达到H、A或O级的潜客',
    denominatorZh: '月初为B或C级的潜客',
    zeroZh: '月初无B/C客户',
    zeroEn: 'no B/C prospects at the start of the month',
  },
  haShare: {
    numerator: 'prospects recorded in the month graded H or A at creation',
    denominator: 'prospects recorded in the month',
    numeratorZh: '本月新建档且建档时为H或A级的潜客',
    denominatorZh: '本月新建档的潜客',
    zeroZh: '本月无新增潜客',
    zeroEn: 'no new prospects in the month',
  },
  orderRejectionRate: {
    numerator: 'orders placed in the month since cancelled (拒单)',
    denominator: 'orders placed in the month',
    numeratorZh: '本月下单后又取消的订单（拒单）',
    denominatorZh: '本月下的订单',
    zeroZh: '本月无订单',
    zeroEn: 'no orders in the month',
  },
  newLeadAchievement: {
    numerator: 'prospects recorded in the month',
    denominator: "the lead target of the month's approved lead plan (all models)",
    numeratorZh: '本月新建档的潜客',
    denominatorZh: '本月已批准集客计划的集客目标（全部车型）',
    zeroZh: '本月无已批准的集客目标',
    zeroEn: 'no approved lead target for the month',
  },
  newHaAchievement: {
    numerator: 'prospects recorded in the month graded H or A at creation',
    denominator: "the new H/A target of the month's approved lead plan (all models)",
    numeratorZh: '本月新建档且建档时为H或A级的潜客',
    denominatorZh: '本月已批准集客计划的新增H/A目标（全部车型）',
    zeroZh: '本月无已批准的新增H/A目标',
    zeroEn: 'no approved new H/A target for the month',
  },
  submissionAchievement: {
    numerator: 'cars submitted to the system in the month (系统提报)',
    denominator: "the submission target of the month's approved decomposition plan",
    numeratorZh: '本月系统提报的台数（系统提报）',
    denominatorZh: '本月已批准分解计划的提报目标',
    zeroZh: '本月无已批准的提报目标',
    zeroEn: 'no approved submission target for the month',
  },
  churnRate: {
    numerator: 'prospects live at the start of the month that became F in it',
    denominator: 'prospects live at the start of the month',
    numeratorZh: '月初在跟且本月转为F级的潜客',
    denominatorZh: '月初在跟的潜客',
    zeroZh: '月初无在跟潜客',
    zeroEn: 'no live prospects at the start of the month',
  },
  dealerRecordRate: {
    numerator: "leads recorded as prospects from the dealer's visits and events of the month",
    denominator: "leads met on the dealer's visits and events of the month",
    numeratorZh: '经销商本月走访和活动中已留档的线索',
    denominatorZh: '经销商本月走访和活动中接触的线索',
    zeroZh: '本月无走访或活动线索',
    zeroEn: 'no leads met on visits or events in the month',
  },
  dealerInformationAccuracy: {
    numerator: 'callbacks done in the month with outcome verified',
    denominator: 'callbacks done in the month',
    numeratorZh: '本月完成的回访中结果为“属实”的',
    denominatorZh: '本月完成的回访',
    zeroZh: '本月无回访',
    zeroEn: 'no callbacks in the month',
  },
  informationValidity: {
    numerator: 'callbacks done in the month that reached the customer (verified or incorrect)',
    denominator: 'callbacks done in the month',
    numeratorZh: '本月完成的回访中联系到客户的（属实或不实）',
    denominatorZh: '本月完成的回访',
    zeroZh: '本月无回访',
    zeroEn: 'no callbacks in the month',
  },
};

const round = (x: number, places: number) => Math.round(x * 10 ** places) / 10 ** places;

/** One line under the rule above. */
export function scoreLine(line: ScorecardLine, figure: KpiFigure, cap: number, lang: Lang = 'zh'): ScoredKpi {
  const def = SCORECARD_KPIS[line.key];
  const base = {
    key: line.key,
    label: def[lang],
    weight: line.weight,
    target: line.goal,
    direction: def.direction,
    numerator: figure.numerator,
    denominator: figure.denominator,
  };
  if (figure.denominator === 0) {
    const f = SCORECARD_FORMULAS[line.key];
    return { ...base, value: null, score: null, reason: lang === 'zh' ? f.zeroZh : f.zeroEn };
  }
  const exact = figure.numerator / figure.denominator;
  const attainment = def.direction === 'higher' ? exact / line.goal : (1 - exact) / (1 - line.goal);
  const clamped = Math.min(cap, Math.max(0, attainment));
  return { ...base, value: round(exact, 4), score: round(line.weight * clamped, 2) };
}

/** A whole card: every line scored, the total = Σ scores. A line without its figure counts as denominator 0. */
export function scoreCard(
  lines: ScorecardLine[],
  figures: Partial<Record<ScorecardKpiKey, KpiFigure>>,
  cap: number,
  lang: Lang = 'zh',
): ScoredCard {
  const kpis = lines.map((l) => scoreLine(l, figures[l.key] ?? { numerator: 0, denominator: 0 }, cap, lang));
  const total = round(
    kpis.reduce((s, k) => s + (k.score ?? 0), 0),
    2,
  );
  const scoredWeight = kpis.reduce((s, k) => s + (k.score === null ? 0 : k.weight), 0);
  return { kpis, total, scoredWeight };
}
