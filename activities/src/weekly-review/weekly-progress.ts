// The one place the weekly-review code takes the pure weeklyProgress arithmetic from.
export { weeklyProgress } from '@kaflow/planning';
