// The bare Temporal anchors of `npm run bench`: the least a workflow can do for each figure, on the
// same dev server and database as KA Flow, measured in the same run.
//   anchorEntityWorkflow   one activity that writes one row (its "first due date"), then waits, as a
//                          follow-up workflow or a callback task waits: the start anchor of (a) and (e)
//   anchorDecisionWorkflow writes a 'ready' row (as KA Flow writes its task row), then waits on an
//                          update whose handler runs one activity that writes one row and replies:
//                          the decision anchor of (b)
import { condition, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';
import type { AnchorActivities } from './anchor.activities';

const acts = proxyActivities<AnchorActivities>({ startToCloseTimeout: '1 minute' });

export const anchorDecideUpdate = defineUpdate<{ decision: string }, [{ id: string; decision: string }]>('decide');

export async function anchorEntityWorkflow(id: string): Promise<void> {
  await acts.writeRow(id, 'first-due');
  await condition(() => false, '30 days');
}

export async function anchorDecisionWorkflow(id: string): Promise<string> {
  let decision: string | undefined;
  await acts.writeRow(id, 'ready');
  setHandler(anchorDecideUpdate, async (input) => {
    const row = await acts.writeRow(id, input.decision);
    decision = input.decision;
    return row;
  });
  await condition(() => decision !== undefined, '30 days');
  return decision ?? 'timed out';
}
