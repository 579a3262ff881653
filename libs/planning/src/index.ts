// Planning arithmetic (docs/user-guide.md "Planning arithmetic"). PURE: no I/O, no Date, no unseeded randomness,
// so it is safe to call from Temporal workflow code. One file per part, re-exported here.
import type { FieldProblem } from '@kaflow/domain';

export type { FieldProblem };
export { PlanningInputError, roundHalfUp, ceilClean } from './numbers';
export { splitLargestRemainder, splitMatrix } from './split';
export { annualPlan, validateAnnualInput } from './annual';
export type { AnnualPlanInput, AnnualPlanMonth, AnnualPlan, CoverageLine } from './annual';
export { leadPlan, validateLeadInput } from './lead';
export type { LeadPlanModelInput, LeadPlanInput, LeadPlanModel, LeadPlan } from './lead';
export { rollingPlan, validateRollingInput } from './rolling';
export type { RollingPlanInput, RollingPlan, RollingActual } from './rolling';
export { decomposePlan, validateDecompositionInput } from './decomposition';
export type {
  DecompositionInput,
  Decomposition,
  DecompositionLine,
  DecompositionModelInput,
  DecompositionConsultantInput,
} from './decomposition';
export { weeklyProgress, validateWeeklyInput } from './weekly';
export type { WeeklyProgressInput, WeeklyProgress, WeeklyProgressLine, WeeklyProgressLineInput } from './weekly';
export { baseSupport, crossSplit, expectedOrders, gapCheck } from './support';
export type { BaseOnHand, BaseRates, CrossCell, GapCheck, Support, SupportInput } from './support';
export type { CrossLine } from './decomposition';
export { leadCapacity } from './capacity';
export type { Capacity, CapacityConsultant, CapacityConsultantInput, CapacityInput } from './capacity';
export { salesCapability } from './capability';
export type { Capability, CapabilityInput, UsedRate } from './capability';
export { deviation, rateCheck } from './accuracy';
export type { Deviation, RateCheck } from './accuracy';
export {
  FORECAST_GRADES,
  betaDraw,
  carCount,
  chooseRates,
  emptyCounts,
  flowFromOrders,
  forecastOrders,
  forecastShortfall,
  mulberry32,
  percentile,
  posteriorMean,
  wape,
} from './forecast';
export type {
  FlowInput,
  ForecastGrade,
  GradeCount,
  GradeCounts,
  OrdersForecast,
  OrdersForecastInput,
  PipelineItem,
  UsedGradeRate,
} from './forecast';
export { flowForecast, lineForecast } from './forecast-line';
export type {
  FlowForecast,
  ForecastNewBusiness,
  ForecastObservation,
  ForecastOpenProspect,
  ForecastReading,
  ForecastWhatIf,
  LineFilter,
  LineForecast,
  LineOptions,
  UsedRateLine,
} from './forecast-line';
