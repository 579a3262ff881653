// (b) Decision latency: HTTP → Temporal update → database → reply, through
// `POST /api/tasks/:id/complete` on open callback tasks (as customer service decides them), at 1 and
// at 50 concurrent, beside the bare anchor (anchorDecisionWorkflow: an update whose handler runs one
// activity that writes one row) on the same server in the same run. Then checks each decision was
// taken once (task rows done, one task.decided audit row each).
import { callbackWorkflow, callbackWorkflowId } from '@kaflow/workflows';
import { anchorDecideUpdate, anchorDecisionWorkflow } from '../anchor/anchor.workflows';
import { ANCHOR_TABLE } from '../anchor/anchor.activities';
import { call, fmtMs, measure, pool, type Stack } from '../lib/bench-stack';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what: string, check: () => Promise<number>, want: number, log: (s: string) => void) {
  const t0 = Date.now();
  let last = -1;
  for (;;) {
    const n = await check();
    if (n >= want) return;
    if (n !== last && Date.now() - t0 > 5000 && (Date.now() - t0) % 10_000 < 1000)
      log(`  waiting for ${what}: ${n}/${want}`);
    last = n;
    if (Date.now() - t0 > 600_000) throw new Error(`${what}: ${n}/${want} after 10 minutes`);
    await sleep(1000);
  }
}

/** N prospects of the bench dealer in set-based statements (one account and contact each). */
async function writeProspects(s: Stack, n: number): Promise<string[]> {
  const d = s.dealer.dealer.id;
  const rows: { id: string }[] = await s.db.query(
    `WITH a AS (INSERT INTO account ("dealerId", name, "customerType")
                SELECT $1, 'bench-b-' || $3 || '-' || i, 'enterprise' FROM generate_series(1, $2) i RETURNING id),
          c AS (INSERT INTO contact ("accountId", "dealerId", name, phone) SELECT id, $1, '王经理', '13800138000' FROM a
            RETURNING id, "accountId")
     INSERT INTO prospect ("dealerId", "accountId", "contactId", model, quantity, grade, hot, channel,
       "developmentType", "ownerId", "createdAt", "updatedAt", version)
     SELECT $1, c."accountId", c.id, 'A6L', 2, 'B', false, 'cold_visit', 'new', $4, now(), now(), 1 FROM c
       RETURNING id`,
    [d, n, s.tag, s.dealer.users.consultant.id],
  );
  return rows.map((r) => r.id);
}

export async function benchDecisions(
  s: Stack,
  o: { serial: number; concurrent: number; concurrency: number },
  log: (s: string) => void,
) {
  const d = s.dealer.dealer.id;
  const total = o.serial + o.concurrent;
  const prospects = await writeProspects(s, total);
  const wfIds = prospects.map((p) => callbackWorkflowId(d, p));
  await pool(prospects, 20, async (p) => {
    await s.client.workflow.start(callbackWorkflow, {
      workflowId: callbackWorkflowId(d, p),
      taskQueue: s.kaflowQueue,
      args: [{ dealerId: d, prospectId: p }],
    });
  });
  const anchorIds = Array.from({ length: total }, (_, i) => `anchor-decision-${s.tag}-${i}`);
  await pool(anchorIds, 20, async (id) => {
    await s.client.workflow.start(anchorDecisionWorkflow, { workflowId: id, taskQueue: s.anchorQueue, args: [id] });
  });
  const openTasks = async () =>
    (
      await s.db.query(
        `SELECT count(*)::int AS n FROM task WHERE "dealerId" = $1 AND kind = 'callback' AND status = 'open'
          AND "subjectId" = ANY($2)`,
        [d, prospects],
      )
    )[0].n as number;
  await waitFor('open callback tasks', openTasks, total, log);
  await waitFor(
    'ready anchors',
    async () =>
      (
        await s.db.query(`SELECT count(*)::int AS n FROM ${ANCHOR_TABLE} WHERE id LIKE $1 AND what = 'ready'`, [
          `anchor-decision-${s.tag}-%`,
        ])
      )[0].n,
    total,
    log,
  );
  const tasks: string[] = (
    await s.db.query(
      `SELECT id FROM task WHERE "dealerId" = $1 AND kind = 'callback' AND status = 'open' AND "subjectId" = ANY($2)
        ORDER BY id`,
      [d, prospects],
    )
  ).map((r: { id: string }) => r.id);
  log(`${total} callback tasks open and ${total} anchors waiting`);
  const token = await s.token('cs_agent');
  const decide = (id: string) =>
    call(s.url, token, 'POST', `/api/tasks/${id}/complete`, { decision: 'verified' }).then(() => undefined);
  const bare = (id: string) =>
    s.client.workflow
      .getHandle(id)
      .executeUpdate(anchorDecideUpdate, { args: [{ id, decision: 'verified' }] })
      .then(() => undefined);

  const out: Record<string, any> = {};
  const phases: [string, number, string[], string[]][] = [
    ['1', 1, tasks.slice(0, o.serial), anchorIds.slice(0, o.serial)],
    [String(o.concurrency), o.concurrency, tasks.slice(o.serial), anchorIds.slice(o.serial)],
  ];
  for (const [key, c, ts, as] of phases) {
    const k = await measure(ts, c, decide);
    log(`KA Flow at ${String(c).padStart(2)} concurrent: ${k.perSecond.toFixed(1)} decisions/s, ${fmtMs(k.latency)}`);
    await sleep(3000); // let the decided workflows' remaining steps run before the anchor's turn
    const b = await measure(as, c, bare);
    log(`bare    at ${String(c).padStart(2)} concurrent: ${b.perSecond.toFixed(1)} updates/s,   ${fmtMs(b.latency)}`);
    out[key] = {
      kaflow: { perSecond: k.perSecond, latency: k.latency, failed: k.failed, errors: k.errors },
      bare: { perSecond: b.perSecond, latency: b.latency, failed: b.failed, errors: b.errors },
      rateRatio: k.perSecond / b.perSecond,
      p95Ratio: k.latency.p95 / b.latency.p95,
    };
    await sleep(3000);
  }
  const [check] = await s.db.query(
    `WITH t AS (SELECT id::text AS id, status FROM task WHERE "dealerId" = $1 AND kind = 'callback'
      AND "subjectId" = ANY($2))
     SELECT (SELECT count(*)::int FROM t WHERE status = 'done') AS done,
            (SELECT count(*)::int FROM audit_log a JOIN t ON t.id = a."entityId" WHERE a."dealerId" = $1
              AND a.action = 'task.decided') AS audited,
            (SELECT count(DISTINCT a."entityId")::int FROM audit_log a JOIN t ON t.id = a."entityId"
              WHERE a."dealerId" = $1 AND a.action = 'task.decided') AS distinct_tasks`,
    [d, prospects],
  );
  log(
    `exactly once: ${check.done} tasks done, ${check.audited} ` +
      `task.decided audit rows for ${check.distinct_tasks} tasks (sent ${total})`,
  );
  const answered = total - Object.values(out).reduce((n: number, v: any) => n + (v.kaflow?.failed ?? 0), 0);
  out.exactlyOnce = {
    sent: total,
    answered,
    ...check,
    ok: check.audited === check.done && check.distinct_tasks === check.done,
  };
  return { result: out, cleanup: [...wfIds, ...anchorIds] };
}
