// The follow-up grain through the HTTP API: the dealer admin sets it in the policy (a bad value is a 400 naming the
// field and changes nothing); on the sweep grain a new prospect gets no workflow of its own and the day's sweep, which
// the change started, keeps its wake time; a recorded follow-up marks it due now; an imported list goes to the sweep
// too; back on 'prospect' the sweep ends and the worker's reconcile gives each prospect its workflow again.
import iconv from 'iconv-lite';
import { WorkflowNotFoundError } from '@temporalio/client';
import { sweepDayOf } from '@kaflow/calendar';
import { ConversionStateEntity, DealerPolicyEntity } from '@kaflow/persistence';
import { followUpSweepWorkflowId, followUpWorkflowId } from '@kaflow/workflows';
import { reconcileGrains } from '../../apps/worker/src/reconcile-grain';
import { startE2E, type E2E } from '../support/e2e';
import { eventually } from '../support/eventually';

let env: E2E;
beforeAll(async () => {
  env = await startE2E({ followUpCadence: { A: 'PT1H' } });
});
afterAll(async () => {
  await env?.stop();
});

const policy = () => env.http.get('/api/admin/policy').set(env.auth('admin'));
const put = (patch: object, as = 'admin') => env.http.put('/api/admin/policy').set(env.auth(as)).send(patch);
const state = (prospectId: string) => env.db.getRepository(ConversionStateEntity).findOneByOrFail({ prospectId });
const stored = async (dealerId: string) =>
  (await env.db.getRepository(DealerPolicyEntity).findOneByOrFail({ dealerId })).policy as Record<string, unknown>;
const ms = (s: string | Date) => new Date(s).getTime();

it('refuses a grain or a bucket it does not know, naming the field, and changes nothing', async () => {
  for (const [patch, field] of [
    [{ followUpGrain: 'daily' }, 'followUpGrain'],
    [{ followUpGrain: null }, 'followUpGrain'],
    [{ followUpSweepBucket: 'P1D' }, 'followUpSweepBucket'],
    [{ followUpGrain: 'sweep', followUpSweepBucket: 15 }, 'followUpSweepBucket'],
  ] as const) {
    const res = await put(patch);
    expect(res.status).toBe(400);
    expect(res.body.details.map((d: { field: string }) => d.field)).toEqual([field]);
  }
  expect((await policy()).body).toMatchObject({ followUpGrain: 'prospect', followUpSweepBucket: 'PT15M' });
  expect((await put({ followUpGrain: 'sweep' }, 'consultant')).status).toBe(403);
});

it("keeps the deployment's grain for a dealer whose admin changes another field", async () => {
  const row = await env.db.getRepository(DealerPolicyEntity).findOneByOrFail({ dealerId: env.dealer2.id });
  const { followUpGrain: _fixture, ...unnamed } = row.policy as Record<string, unknown>;
  await env.db.getRepository(DealerPolicyEntity).update({ dealerId: env.dealer2.id }, { policy: unnamed as never });
  expect((await put({ reminderAt: 0.6 }, 'admin2')).status).toBe(200);
  expect(await stored(env.dealer2.id)).not.toHaveProperty('followUpGrain');
  expect(await stored(env.dealer2.id)).toMatchObject({ reminderAt: 0.6 });
});

it('runs a sweep dealer without follow-up workflows, re-plans a recorded follow-up, imports, and switches back', async () => {
  const dealerId = env.dealer1.id;
  const res = await put({ followUpGrain: 'sweep', followUpSweepBucket: 'PT1S' });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ followUpGrain: 'sweep', followUpSweepBucket: 'PT1S' });
  expect(await stored(dealerId)).toMatchObject({ followUpGrain: 'sweep' });
  // the change started today's sweep (05:00 to 05:00 Shanghai time)
  const run = env.client.workflow.getHandle(
    followUpSweepWorkflowId(dealerId, sweepDayOf(new Date(), 'Asia/Shanghai').date),
  );
  expect((await run.describe()).status.name).toBe('RUNNING');

  const created = await env.http
    .post('/api/prospects')
    .set(env.auth('consultant'))
    .send({
      account: { name: '扫描粒度测试单位', customerType: 'enterprise' },
      ...{ contactName: '王经理', contactPhone: '13800138000', model: 'Q5L', quantity: 2, grade: 'A' },
      ...{ channel: 'referral', developmentType: 'new' },
    });
  expect(created.status).toBe(201);
  const p = created.body;
  expect(ms(p.nextFollowUpDue)).toBe(ms(p.createdAt) + 3_600_000);
  await expect(env.client.workflow.getHandle(followUpWorkflowId(dealerId, p.id)).describe()).rejects.toBeInstanceOf(
    WorkflowNotFoundError,
  );
  // the sweep's next bucket ticks it: its wake time is the due date, an hour after the record
  await eventually(async () => expect(ms((await state(p.id)).wakeAt!)).toBe(ms(p.createdAt) + 3_600_000), 15_000);
  expect(await state(p.id)).toMatchObject({ grain: 'sweep', status: 'live' });

  const fu = await env.http
    .post(`/api/prospects/${p.id}/follow-ups`)
    .set(env.auth('consultant'))
    .send({ channel: 'phone', content: '确认需求' });
  expect(fu.status).toBe(201);
  expect(ms(fu.body.nextFollowUpDue)).toBe(ms(fu.body.at) + 3_600_000); // the API computed it in its transaction
  // marked due now, then re-planned by the next bucket: an hour after the follow-up
  await eventually(async () => expect(ms((await state(p.id)).wakeAt!)).toBe(ms(fu.body.at) + 3_600_000), 15_000);

  // an imported list: rows for the sweep, due now, and no workflows
  const csv = iconv.encode(
    [
      '单位名称*,客户类型*,联系人*,联系电话*,车型*,数量*,级别*,热点客户,来源渠道*,开发类型*,顾问账号,备注',
      `扫描导入甲局,政府,刘科长,13880001234,A6L,3,A-1-3月内,否,转介绍,新客户开发,${env.users.consultant.username},`,
      `扫描导入乙局,政府,刘科长,13880001235,A6L,3,H,否,转介绍,新客户开发,${env.users.consultant.username},`,
    ].join('\r\n'),
    'gbk',
  );
  const upload = await env.http.post('/api/imports/prospects').set(env.auth('ka_manager')).attach('file', csv, 'l.csv');
  expect(upload.status).toBe(202);
  const job = await eventually(async () => {
    const j = (await env.http.get(`/api/imports/${upload.body.id}`).set(env.auth('ka_manager'))).body;
    expect(j.status).toBe('done');
    return j;
  }, 60_000);
  expect(job).toMatchObject({ created: 2, rhythms: { started: 2, pending: 0 } });
  const imported: Array<{ id: string }> = await env.db.query(`SELECT p.id FROM prospect p WHERE p."importJobId" = $1`, [
    upload.body.id,
  ]);
  expect(imported).toHaveLength(2);
  for (const { id } of imported) {
    expect(await state(id)).toMatchObject({ grain: 'sweep', status: 'live' });
    await expect(env.client.workflow.getHandle(followUpWorkflowId(dealerId, id)).describe()).rejects.toBeInstanceOf(
      WorkflowNotFoundError,
    );
  }

  expect((await put({ followUpGrain: 'prospect' })).status).toBe(200);
  expect(await run.result()).toMatchObject({ failed: 0, escalations: 0 }); // its next round after the worker sees it
  await new Promise((r) => setTimeout(r, 5_500)); // the worker's policy cache
  await reconcileGrains(env.client, env.db, env.taskQueue, undefined, { dealerIds: [dealerId] });
  await eventually(async () => {
    for (const id of [p.id, ...imported.map((r) => r.id)])
      expect(await state(id)).toMatchObject({ grain: 'prospect', wakeAt: null });
  }, 15_000);
  expect((await env.client.workflow.getHandle(followUpWorkflowId(dealerId, p.id)).describe()).status.name).toBe(
    'RUNNING',
  );
}, 90_000);
