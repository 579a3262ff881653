// The sweep's one activity: the product's conversionTick for each open prospect of a dealer, 100 at a time, with a
// heartbeat per batch (see sweep.workflows.ts). Every open prospect is ticked, as if all were due: the cost of a
// day on which all of them are.
import { Context } from '@temporalio/activity';
import type { DataSource } from 'typeorm';
import type { ActivityDeps } from '@kaflow/activities';
import { createConversionActivities } from '../../../activities/src/conversion/conversion.activities';

export function sweepActivities(deps: ActivityDeps) {
  const { conversionTick } = createConversionActivities(deps);
  const db: DataSource = deps.db;
  return {
    async sweepDealer(dealerId: string): Promise<{ ticked: number; escalations: number }> {
      const rows: Array<{ id: string }> = await db.query(
        `SELECT id FROM prospect WHERE "dealerId" = $1 AND grade NOT IN ('W', 'F') ORDER BY id`,
        [dealerId],
      );
      let escalations = 0;
      for (let i = 0; i < rows.length; i += 100) {
        for (const { id } of rows.slice(i, i + 100)) {
          const tick = await conversionTick({ dealerId, prospectId: id, workflowId: `sweep:${dealerId}:${id}` });
          if (tick.escalate) escalations++;
        }
        Context.current().heartbeat(i);
      }
      return { ticked: rows.length, escalations };
    },
  };
}
export type SweepActivities = ReturnType<typeof sweepActivities>;
