// Which counted ingredients make each KPI's numerator and denominator (libs/kpi SCORECARD_FORMULAS says it in words).
import type { ScorecardKpiKey } from '@kaflow/domain';
import type { KpiFigure } from '@kaflow/kpi';
import type { MonthIngredients } from './scorecards.query';

type Counts = Record<string, number>;
const n = (c: Counts, k: string) => c[k] ?? 0;
const f = (numerator: number, denominator: number): KpiFigure => ({ numerator, denominator });

/** Every KPI's figure for one person: person-scoped KPIs from their own counts, dealer-scoped from the dealer's. */
export function figuresFor(ing: MonthIngredients, userId: string): Record<ScorecardKpiKey, KpiFigure> {
  const u = ing.byUser.get(userId) ?? {};
  const d = ing.dealer;
  return {
    orderAchievement: f(n(u, 'carsOrdered'), n(u, 'orderTarget')),
    newHaRatio: f(n(u, 'createdHa'), n(u, 'created')),
    recordRate: f(n(u, 'leadsRecorded'), n(u, 'leadsMet')),
    informationAccuracy: f(n(u, 'verified'), n(u, 'done')),
    visitPlanCompletion: f(n(u, 'visitsCheckedIn'), n(u, 'visitsPlanned')),
    lostUncontrolledRatio: f(n(u, 'lossesOverdue'), n(u, 'losses')),
    downgradeRate: f(n(u, 'downgraded'), n(u, 'liveStart')),
    kaTargetAchievement: f(n(d, 'carsOrdered'), n(d, 'orderTarget')),
    haConversion: f(n(d, 'haWon'), n(d, 'haStart')),
    bcConversion: f(n(d, 'bcWon'), n(d, 'bcStart')),
    haShare: f(n(d, 'createdHa'), n(d, 'created')),
    orderRejectionRate: f(n(d, 'cancelled'), n(d, 'placed')),
    newLeadAchievement: f(n(d, 'created'), n(d, 'leadTarget')),
    newHaAchievement: f(n(d, 'createdHa'), n(d, 'newHaTarget')),
    submissionAchievement: f(n(d, 'carsSubmitted'), n(d, 'submissionTarget')),
    churnRate: f(n(d, 'churned'), n(d, 'liveStart')),
    dealerRecordRate: f(n(d, 'leadsRecorded'), n(d, 'leadsMet')),
    dealerInformationAccuracy: f(n(d, 'verified'), n(d, 'done')),
    informationValidity: f(n(d, 'reached'), n(d, 'done')),
  };
}
