// A task moved to another person (转办) by a manager: its message goes to the new assignee (and their
// substitute). A workflow of its own, started by the API after the move is committed, so the running
// workflow that waits for the task's decision is not touched: its timers and escalation stay as they were
// (the escalation reads the assignee from the task row).
import { proxyActivities } from '@temporalio/workflow';
import type { TaskActivities } from '@kaflow/activities';
import type { TaskReassignedInput } from './human-task.contract';

const tasks = proxyActivities<TaskActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

export async function taskReassignedWorkflow(input: TaskReassignedInput): Promise<void> {
  await tasks.notifyReassigned(input);
}
