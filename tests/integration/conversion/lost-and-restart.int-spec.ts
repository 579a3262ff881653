// Lost deals (F → analysis → training request), the daily loss digest, and a worker restart in the
// middle of a follow-up workflow, against the real stack with a policy of seconds.
import { zonedInstant, WorkingCalendar } from '@kaflow/calendar';
import { GradeChangeEntity, LostAnalysisEntity, NotificationEntity, ProspectEntity } from '@kaflow/persistence';
import { decideUpdate, lossDigestScheduledWorkflow, prospectChangedSignal, startFollowUp } from '@kaflow/workflows';
import { startTestEnv, type TestEnv } from '../../support/env';
import { insertProspect, type DealerFixture } from '../../support/fixtures';
import { eventually } from '../../support/eventually';

let env: TestEnv;
beforeAll(async () => {
  env = await startTestEnv();
});
afterAll(async () => {
  await env?.stop();
});

const subjects = (f: DealerFixture, name: string) => env.subjects(f, name);
const start = async (dealerId: string, prospectId: string) =>
  (await startFollowUp(env.client, env.taskQueue, dealerId, prospectId)).handle;
const openTask = (subjectId: string, kind: string) =>
  eventually(async () => {
    const [t] = await env.tasks({ subjectId, kind, status: 'open' });
    expect(t).toBeDefined();
    return t;
  }, 20_000);

async function lose(f: DealerFixture, p: ProspectEntity, at = new Date()) {
  await env.db.getRepository(ProspectEntity).update({ id: p.id }, { grade: 'F' });
  await env.db.getRepository(GradeChangeEntity).insert({
    dealerId: f.dealer.id,
    prospectId: p.id,
    fromGrade: p.grade,
    toGrade: 'F',
    at,
    byUserId: f.users.consultant.id,
    reason: '选择了竞品',
  });
}

it('turns a lost deal into an analysis for the manager, and a training request for the training manager', async () => {
  const f = await env.createDealer({
    followUpCadence: { H: 'PT2S' },
    durations: { followUpGrace: 'PT1H', lostAnalysis: 'PT1H', trainingRequest: 'PT1H' },
  });
  const p = await insertProspect(env.db, f, { grade: 'H' });
  const handle = await start(f.dealer.id, p.id);
  await eventually(
    () => expect(subjects(f, 'consultant')).toContainEqual(expect.stringMatching(/^【跟进提醒】/)),
    15_000,
  );
  await lose(f, p); // lost while its follow-up was overdue: 战败失控
  await handle.signal(prospectChangedSignal, { reason: 'grade' });

  const analysis = await openTask(p.id, 'lost_analysis');
  expect(analysis).toMatchObject({ assigneeRole: 'ka_manager' });
  expect(analysis.payload).toMatchObject({ overdueAtLoss: true, fromGrade: 'H', consultantId: f.users.consultant.id });
  await eventually(() =>
    expect(subjects(f, 'ka_manager')).toContainEqual(expect.stringMatching(/^【待办】战败分析：/)),
  );
  expect((await env.db.getRepository(ProspectEntity).findOneByOrFail({ id: p.id })).nextFollowUpDue).toBeNull();

  // a decision without lessons is refused by the workflow's validator
  await expect(
    handle.executeUpdate(decideUpdate, {
      args: [
        {
          taskId: analysis.id,
          decision: 'done',
          data: { reasonCategory: 'competitor' },
          byUserId: f.users.ka_manager.id,
        },
      ],
    }),
  ).rejects.toMatchObject({ cause: { type: 'BadRequest' } });
  const data = {
    reasonCategory: 'competitor',
    competitor: { brand: 'BMW', model: 'X5' },
    lessons: '竞品报价更快，我方跟进间隔过长',
    trainingRequest: '竞品对比与报价话术',
  };
  await handle.executeUpdate(decideUpdate, {
    args: [{ taskId: analysis.id, decision: 'done', data, byUserId: f.users.ka_manager.id }],
  });

  const training = await openTask(analysis.payload.lostAnalysisId, 'training_request');
  expect(training).toMatchObject({ assigneeRole: 'training_manager', subjectType: 'lost_analysis' });
  expect(training.payload).toMatchObject({ prospectId: p.id, request: '竞品对比与报价话术' });
  await handle.executeUpdate(decideUpdate, {
    args: [{ taskId: training.id, decision: 'scheduled', comment: '周五演练', byUserId: f.users.training_manager.id }],
  });
  expect(await handle.result()).toEqual({ outcome: 'lost' });

  expect(await env.db.getRepository(LostAnalysisEntity).findOneByOrFail({ prospectId: p.id })).toMatchObject({
    status: 'done',
    overdueAtLoss: true,
    reasonCategory: 'competitor',
    competitorBrand: 'BMW',
    competitorModel: 'X5',
    lessons: data.lessons,
    trainingRequest: data.trainingRequest,
    trainingOutcome: 'scheduled',
    analysedBy: f.users.ka_manager.id,
  });
});

// The clock is pinned (10:00 in Shanghai) so the digest runs whatever today is: 8 Oct 2026 is a working
// Thursday after the National Day holiday, 5 Oct 2026 a Monday inside it (the official 2026 calendar).
it("mails the manager one digest of the previous working day's losses", async () => {
  const f = await env.createDealer();
  const cal = new WorkingCalendar();
  const today = '2026-10-08';
  env.clock.pin('2026-10-08T02:00:00Z');
  try {
    const p = await insertProspect(env.db, f, {
      grade: 'A',
      name: '战败日报测试单位',
      at: new Date(Date.parse('2026-10-08T02:00:00Z') - 20 * 86_400_000),
    });
    await lose(f, p, zonedInstant(cal.previousWorkingDay(today), '11:00', 'Asia/Shanghai'));
    const run = () =>
      env.client.workflow.execute(lossDigestScheduledWorkflow, {
        workflowId: `loss-digest-test:${f.dealer.id}:${Math.random()}`,
        taskQueue: env.taskQueue,
        args: [{ dealerId: f.dealer.id }],
      });
    expect(await run()).toEqual({ businessDate: '2026-10-08', losses: 1 });
    await run(); // once per date
    await eventually(() => expect(env.mailsTo(f.users.ka_manager.email)).toHaveLength(1));
    const [mail] = env.mailsTo(f.users.ka_manager.email);
    expect(mail.subject).toBe('【战败日报】2026-10-08（1 个战败客户）');
    expect(mail.text).toContain('战败日报测试单位');
    // on a day off the digest does nothing
    env.clock.pin('2026-10-05T02:00:00Z');
    expect(await run()).toBeNull();
  } finally {
    env.clock.unpin();
  }
});

it('loses no due date when the worker stops in the middle of a follow-up workflow', async () => {
  const f = await env.createDealer({
    followUpCadence: { B: 'PT6S' },
    durations: { followUpGrace: 'PT3S', overdueFollowup: 'PT1H' },
  });
  const p = await insertProspect(env.db, f, { grade: 'B' });
  await start(f.dealer.id, p.id);
  await eventually(async () =>
    expect((await env.db.getRepository(ProspectEntity).findOneByOrFail({ id: p.id })).nextFollowUpDue).not.toBeNull(),
  );
  await env.stopWorker();
  await new Promise((r) => setTimeout(r, 10_000)); // the due date and the grace pass while no worker runs
  await env.startWorker();
  await openTask(p.id, 'overdue_followup');
  await eventually(() => expect(subjects(f, 'consultant').filter((s) => s.startsWith('【跟进提醒】'))).toHaveLength(1));
  const sent = await env.db
    .getRepository(NotificationEntity)
    .findBy({ dealerId: f.dealer.id, kind: 'conversion_reminder' });
  expect(sent).toHaveLength(1);
  expect((await env.db.getRepository(ProspectEntity).findOneByOrFail({ id: p.id })).nextFollowUpDue?.getTime()).toBe(
    p.createdAt.getTime() + 6_000,
  );
});
