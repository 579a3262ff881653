// (a) Workflow starts through the API: `POST /api/prospects` (which starts the prospect's callback and
// its follow-up workflow) at C concurrent, against bare @temporalio/client starts of the entity anchor
// (one activity writing one row, then waiting) on the same dev server, at the same concurrency.
import { callbackWorkflowId, followUpWorkflowId } from '@kaflow/workflows';
import { anchorEntityWorkflow } from '../anchor/anchor.workflows';
import { call, fmtMs, measure, type Stack } from '../lib/bench-stack';

const body = (i: number) => ({
  account: { name: `基准单位 ${i}`, customerType: 'enterprise' },
  contactName: '王经理',
  contactPhone: '13800138000',
  model: 'A6L',
  quantity: 2,
  grade: 'B',
  channel: 'cold_visit',
  developmentType: 'new',
  hot: false,
});

export async function benchStarts(s: Stack, n: number, concurrency: number, log: (s: string) => void) {
  const token = await s.token('consultant');
  // warm-up: the first requests pay for connections, JIT and the workflow bundle's first load
  for (let i = 0; i < 3; i++) await call(s.url, token, 'POST', '/api/prospects', body(-1 - i));
  const ids: string[] = [];
  const api = await measure(
    Array.from({ length: n }, (_, i) => i),
    concurrency,
    async (i) => {
      const p = await call(s.url, token, 'POST', '/api/prospects', body(i));
      ids.push(p.id);
    },
  );
  log(
    `KA Flow: ${n} × POST /api/prospects at ${concurrency} concurrent: ${api.perSecond.toFixed(1)} prospects/s ` +
      `(${(api.perSecond * 2).toFixed(1)} workflow starts/s), ${fmtMs(api.latency)}`,
  );
  const bareIds = Array.from({ length: 2 * n }, (_, i) => `anchor-entity-${s.tag}-${i}`);
  const bare = await measure(bareIds, concurrency, async (id) => {
    await s.client.workflow.start(anchorEntityWorkflow, { workflowId: id, taskQueue: s.anchorQueue, args: [id] });
  });
  log(
    `bare:    ${2 * n} × client.workflow.start at ${concurrency} concurrent: ${bare.perSecond.toFixed(1)} ` +
      `starts/s, ${fmtMs(bare.latency)}`,
  );
  const d = s.dealer.dealer.id;
  return {
    result: {
      prospects: n,
      concurrency,
      prospectsPerSecond: api.perSecond,
      workflowStartsPerSecond: api.perSecond * 2,
      apiLatency: api.latency,
      bareStartsPerSecond: bare.perSecond,
      bareLatency: bare.latency,
      ratio: (api.perSecond * 2) / bare.perSecond,
    },
    cleanup: [...bareIds, ...ids.flatMap((p) => [callbackWorkflowId(d, p), followUpWorkflowId(d, p)])],
  };
}
