// Every activity the worker registers, built once from its dependencies.
import type { ActivityDeps } from './deps';
import { createTaskActivities } from './tasks/tasks.activities';
import { createRecordKeepingActivities } from './record-keeping/record-keeping.activities';
import { createConversionActivities } from './conversion/conversion.activities';

export * from './deps';
export * from './notifications/mailer';
export * from './audit/audit';
export * from './policy/policy.store';
export * from './tasks/task-view';
export type { TaskActivities } from './tasks/tasks.activities';
export type { RecordKeepingActivities } from './record-keeping/record-keeping.activities';
export type { ConversionActivities } from './conversion/conversion.activities';
export { openLostAnalysisRow, refreshRhythm } from './conversion/rhythm';

export function createActivities(deps: ActivityDeps) {
  return { ...createTaskActivities(deps), ...createRecordKeepingActivities(deps), ...createConversionActivities(deps) };
}
