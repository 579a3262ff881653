import 'reflect-metadata';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { createDataSource, migrate, ensureDatabase } from '@kaflow/persistence';
import { seedDemo } from './scripts/seed/seed';
import { bundleWorkflows, createWorker } from './apps/worker/src/worker';
import { reconcileConversions } from './apps/worker/src/conversion-reconcile';
(async () => {
  const url = 'postgres://postgres@127.0.0.1:5432/kaflow_conv_demo';
  await ensureDatabase(url); await migrate(url);
  const db = await createDataSource(url).initialize();
  await seedDemo(db);
  const tq = `conv-demo-${Date.now()}`;
  const sent: string[] = [];
  const worker = await createWorker({ connection: await NativeConnection.connect({ address: '127.0.0.1:7233' }), namespace: 'default', taskQueue: tq,
    deps: { db, mailer: { async send(m) { sent.push(m.subject); }, close() {} }, publicUrl: 'x', now: () => new Date() }, workflowBundle: { code: (await bundleWorkflows()).code } });
  const run = worker.run();
  const client = new Client({ connection: await Connection.connect({ address: '127.0.0.1:7233' }) });
  console.log(await reconcileConversions(client, db, tq, console.log));
  console.log('again', await reconcileConversions(client, db, tq));
  for (let i = 0; i < 24; i++) {
    await new Promise((r) => setTimeout(r, 5000));
    const rows = await db.query(`SELECT d.code, t.kind, t.status, count(*)::int n FROM task t JOIN dealer d ON d.id = t."dealerId" GROUP BY 1,2,3 ORDER BY 1,2,3`);
    const st = await db.query(`SELECT count(*)::int n FROM conversion_state`);
    console.log(i, JSON.stringify(rows), 'states', st[0].n, 'mails', sent.length);
  }
  console.log([...new Set(sent.map((s) => s.slice(0, 8)))]);
  const ids = await db.query(`SELECT id, "dealerId" FROM prospect`);
  for (const r of ids) { try { await client.workflow.getHandle(`conversion:${r.dealerId}:${r.id}`).terminate('demo check'); } catch {} }
  const ov = await db.query(`SELECT "workflowId" FROM task WHERE status='open'`);
  for (const r of ov) { try { await client.workflow.getHandle(r.workflowId).terminate('demo check'); } catch {} }
  worker.shutdown(); await run; process.exit(0);
})().catch((e) => { console.error(e); process.exit(1); });
