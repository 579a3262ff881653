// Starts any missing conversion rhythm (process 6), idempotently: every live prospect without a
// rhythm yet (seeded or recorded before process 6 existed), and recently lost ones whose loss has no
// analysis yet, so the manager's inbox shows them. Run by the worker at start-up; safe to run again.
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy, type Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { conversionWorkflow, conversionWorkflowId } from '@kaflow/workflows';

const RECENT_LOSS_DAYS = 7;

export async function reconcileConversions(
  client: Client,
  db: DataSource,
  taskQueue: string,
  log: (s: string) => void = () => {},
): Promise<{ started: number; running: number }> {
  const rows: Array<{ id: string; dealerId: string }> = await db.query(
    `SELECT p.id, p."dealerId" FROM prospect p
      WHERE NOT EXISTS (SELECT 1 FROM conversion_state s WHERE s."prospectId" = p.id)
        AND (p.grade <> 'F' OR EXISTS (SELECT 1 FROM grade_change g WHERE g."prospectId" = p.id AND g."toGrade" = 'F' AND g.at > now() - make_interval(days => $1)
                                          AND NOT EXISTS (SELECT 1 FROM lost_analysis la WHERE la."prospectId" = p.id AND la."lostAt" = g.at AND la.status = 'done')))
      ORDER BY p."createdAt", p.id`,
    [RECENT_LOSS_DAYS],
  );
  let started = 0;
  let running = 0;
  for (let i = 0; i < rows.length; i += 25) {
    await Promise.all(
      rows.slice(i, i + 25).map(async (r) => {
        try {
          await client.workflow.start(conversionWorkflow, {
            workflowId: conversionWorkflowId(r.dealerId, r.id),
            taskQueue,
            args: [{ dealerId: r.dealerId, prospectId: r.id }],
            workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
          });
          started++;
        } catch (err) {
          if (err instanceof WorkflowExecutionAlreadyStartedError) running++;
          else throw err;
        }
      }),
    );
  }
  if (rows.length) log(`conversion rhythms: ${started} started, ${running} already there`);
  return { started, running };
}
