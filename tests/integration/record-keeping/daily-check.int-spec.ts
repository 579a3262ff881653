// The daily self-check: Monday's check covers Friday, Saturday and Sunday; items not ok become
// rectification tasks for their consultants.
import { randomUUID } from 'node:crypto';
import { DailyCheckRunEntity, ProspectEntity } from '@kaflow/persistence';
import { dailyCheckWorkflow, dailyCheckWorkflowId, decideUpdate } from '@kaflow/workflows';
import { startTestEnv, type TestEnv } from '../../support/env';
import { insertProspect } from '../../support/fixtures';
import { eventually } from '../../support/eventually';

let env: TestEnv;
beforeAll(async () => {
  env = await startTestEnv();
});
afterAll(async () => {
  await env?.stop();
});

// Shanghai wall-clock times as instants (UTC+8, no daylight saving).
const sh = (local: string) => new Date(`${local}+08:00`);

it('on Monday lists what was created or changed since Friday and sends the not-ok items back to their consultants', async () => {
  const f = await env.createDealer({ durations: { dailyCheck: 'PT1H', rectification: 'PT1H' } });
  const thursday = await insertProspect(env.db, f, { at: sh('2026-11-26T17:00:00') });
  const friday = await insertProspect(env.db, f, { at: sh('2026-11-27T10:00:00') });
  const saturday = await insertProspect(env.db, f, { at: sh('2026-11-28T11:00:00'), owner: 'consultant_b' });
  const sunday = await insertProspect(env.db, f, { at: sh('2026-11-29T23:59:00') });
  const monday = await insertProspect(env.db, f, { at: sh('2026-11-30T08:00:00') });
  // Thursday's prospect was changed on Saturday: it is listed as an update.
  await env.db
    .getRepository(ProspectEntity)
    .createQueryBuilder()
    .update()
    .set({ note: '补充需求', updatedAt: sh('2026-11-28T09:00:00') } as any)
    .where('id = :id', { id: thursday.id })
    .execute();

  const handle = await env.client.workflow.start(dailyCheckWorkflow, {
    workflowId: dailyCheckWorkflowId(f.dealer.id, '2026-11-30'),
    taskQueue: env.taskQueue,
    args: [{ dealerId: f.dealer.id, businessDate: '2026-11-30' }],
  });
  const task = await eventually(async () => {
    const [t] = await env.tasks({ dealerId: f.dealer.id, kind: 'daily_check', status: 'open' });
    expect(t).toMatchObject({ assigneeRole: 'ka_manager', title: '每日自检 2026-11-30（4 条）' });
    return t;
  });
  const items = task.payload.items as Array<{ prospectId: string; change: string }>;
  expect(task.payload.windowFrom).toBe('2026-11-27');
  expect(items.map((i) => i.prospectId).sort()).toEqual([thursday.id, friday.id, saturday.id, sunday.id].sort());
  expect(items.find((i) => i.prospectId === thursday.id)!.change).toBe('updated');
  expect(items.map((i) => i.prospectId)).not.toContain(monday.id);
  await eventually(() =>
    expect(env.mailsTo(f.users.ka_manager.email).map((m) => m.subject)).toContainEqual(
      expect.stringMatching(/每日自检/),
    ),
  );

  await handle.executeUpdate(decideUpdate, {
    args: [
      {
        taskId: task.id,
        decision: 'done',
        byUserId: f.users.ka_manager.id,
        data: {
          items: [
            { prospectId: friday.id, ok: true },
            { prospectId: saturday.id, ok: false, note: '联系电话缺失区号' },
            { prospectId: sunday.id, ok: false, note: '级别与需求时间不符' },
            { prospectId: thursday.id, ok: true },
          ],
        },
      },
    ],
  });
  const fixes = await eventually(async () => {
    const rows = await env.tasks({ dealerId: f.dealer.id, kind: 'rectification', status: 'open' });
    expect(rows).toHaveLength(2);
    return rows;
  });
  const bySubject = Object.fromEntries(fixes.map((t) => [t.subjectId, t]));
  expect(bySubject[saturday.id]).toMatchObject({
    assigneeUserId: f.users.consultant_b.id,
    payload: expect.objectContaining({ source: 'daily_check', note: '联系电话缺失区号' }),
  });
  expect(bySubject[sunday.id]).toMatchObject({ assigneeUserId: f.users.consultant.id });

  for (const t of fixes) {
    await handle.executeUpdate(decideUpdate, {
      args: [{ taskId: t.id, decision: 'fixed', byUserId: t.assigneeUserId! }],
    });
  }
  expect(await handle.result()).toEqual({ items: 4, rectifications: 2 });
  expect(
    await env.db.getRepository(DailyCheckRunEntity).findOneBy({ dealerId: f.dealer.id, businessDate: '2026-11-30' }),
  ).toMatchObject({ windowFrom: '2026-11-27', itemCount: 4 });
});

it('does nothing on a day that is not a working day', async () => {
  const f = await env.createDealer();
  await insertProspect(env.db, f, { at: sh('2026-10-02T10:00:00') });
  const result = await env.client.workflow.execute(dailyCheckWorkflow, {
    workflowId: dailyCheckWorkflowId(f.dealer.id, '2026-10-03'),
    taskQueue: env.taskQueue,
    args: [{ dealerId: f.dealer.id, businessDate: '2026-10-03' }], // National Day holiday
  });
  expect(result).toEqual({ items: 0, rectifications: 0 });
  expect(await env.tasks({ dealerId: f.dealer.id })).toHaveLength(0);
});

it('escalates an unchecked day to the sales director', async () => {
  const f = await env.createDealer({ reminderAt: 0.5, durations: { dailyCheck: 'PT4S' } });
  await insertProspect(env.db, f, { at: sh('2026-12-01T10:00:00') });
  await env.client.workflow.start(dailyCheckWorkflow, {
    workflowId: dailyCheckWorkflowId(f.dealer.id, '2026-12-02'),
    taskQueue: env.taskQueue,
    args: [{ dealerId: f.dealer.id, businessDate: '2026-12-02' }],
  });
  await eventually(async () => {
    const [t] = await env.tasks({ dealerId: f.dealer.id, kind: 'daily_check' });
    expect(t).toMatchObject({ assigneeRole: 'sales_director', escalationLevel: 1 });
  });
  await eventually(() =>
    expect(env.mailsTo(f.users.sales_director.email).map((m) => m.subject)).toContainEqual(
      expect.stringMatching(/^【升级】每日自检/),
    ),
  );
});

it("leaves out prospects an import brought in (the dealer's existing base) until they are changed", async () => {
  const f = await env.createDealer({ durations: { dailyCheck: 'PT1H' } });
  const recorded = await insertProspect(env.db, f, { at: sh('2026-11-30T09:00:00') });
  const imported = await insertProspect(env.db, f, { at: sh('2026-11-30T10:00:00') });
  const importedThenEdited = await insertProspect(env.db, f, { at: sh('2026-11-30T10:00:00') });
  const job = randomUUID();
  await env.db.query(`UPDATE prospect SET "importJobId" = $1 WHERE id = ANY($2)`, [
    job,
    [imported.id, importedThenEdited.id],
  ]);
  await env.db.query(`UPDATE prospect SET note = '补充需求', "updatedAt" = $2 WHERE id = $1`, [
    importedThenEdited.id,
    sh('2026-11-30T15:00:00'),
  ]);

  const handle = await env.client.workflow.start(dailyCheckWorkflow, {
    workflowId: dailyCheckWorkflowId(f.dealer.id, '2026-12-01'),
    taskQueue: env.taskQueue,
    args: [{ dealerId: f.dealer.id, businessDate: '2026-12-01' }],
  });
  const task = await eventually(async () => {
    const [t] = await env.tasks({ dealerId: f.dealer.id, kind: 'daily_check', status: 'open' });
    expect(t).toBeDefined();
    return t;
  });
  const items = task.payload.items as Array<{ prospectId: string; change: string }>;
  expect(items.map((i) => [i.prospectId, i.change]).sort()).toEqual(
    [
      [recorded.id, 'created'],
      [importedThenEdited.id, 'updated'],
    ].sort(),
  );
  expect(task.title).toBe('每日自检 2026-12-01（2 条）');
  await handle.terminate('test done');
});
