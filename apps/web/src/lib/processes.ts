// Which task kinds belong to which process (manual §4), for the inbox's process filter.
import type { TaskKind } from '../api/types';

export const PROCESS_KINDS: Record<string, TaskKind[]> = {
  record_keeping: ['callback', 'rectification', 'daily_check'],
  planning: ['plan_draft', 'plan_review', 'plan_signoff', 'target_confirmation', 'visit_plan'],
  weekly_review: ['weekly_review'],
  conversion: ['lost_analysis', 'overdue_followup', 'training_request'],
};
