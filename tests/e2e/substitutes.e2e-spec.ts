// Substitutes (代理) and reassignment (转办) over HTTP with a real worker: a substitute of the wrong role is
// refused naming the field, dates at the dealer are respected, substitution does not chain, a substitute
// decides a real workflow's task and the row, the audit log and the history name both people; the
// substitute gets the task's message. Reassignment: single and bulk, a reason required, all or none, the
// new assignee mailed, a consultant refused, another dealer's tasks never.
import { randomUUID } from 'node:crypto';
import { AuditLogEntity, SubstituteEntity, TaskEntity, UserEntity } from '@kaflow/persistence';
import { startE2E, type E2E } from '../support/e2e';
import { eventually } from '../support/eventually';

let env: E2E;
let consultantC: UserEntity;
beforeAll(async () => {
  env = await startE2E({ durations: { callback: 'PT1H', rectification: 'PT1H' } });
  // a third consultant, for the chain B → C
  const b = env.users.consultant_b;
  consultantC = await env.db.getRepository(UserEntity).save({
    dealerId: env.dealer1.id,
    username: `consultant_c.${b.username.split('.')[1]}`,
    displayName: 'consultant_c',
    email: `consultant_c.${randomUUID()}@test.local`,
    passwordHash: b.passwordHash,
    roles: ['consultant'],
    active: true,
  });
});
afterAll(async () => {
  await env?.stop();
});

const DAY = 86_400_000;
/** A date at the dealer (Asia/Shanghai, UTC+8 without daylight saving), worked out here apart from the API. */
const shanghaiDate = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
const today = () => shanghaiDate(env.clock.now());
const plusDays = (n: number) => shanghaiDate(new Date(env.clock.now().getTime() + n * DAY));

async function tokenFor(u: UserEntity) {
  const { JwtService } = await import('@nestjs/jwt');
  const jwt = env.app.get(JwtService);
  return { Authorization: `Bearer ${await jwt.signAsync({ sub: u.id, dealerId: u.dealerId, roles: u.roles })}` };
}

/** A task row of dealer 1 assigned to a user (no workflow behind it: for the inbox and the checks). */
async function insertTask(userId: string, title: string, dealerId = env.dealer1.id) {
  const id = randomUUID();
  const now = Date.now();
  await env.db.getRepository(TaskEntity).insert({
    id,
    dealerId,
    kind: 'overdue_followup',
    title,
    status: 'open',
    assigneeUserId: userId,
    assigneeRole: null,
    chain: 'default',
    escalationLevel: 0,
    dueAt: new Date(now + DAY),
    originalDueAt: new Date(now + DAY),
    remindAt: new Date(now + DAY / 2),
    dueRule: 'P1D',
    subjectType: 'prospect',
    subjectId: randomUUID(),
    payload: {},
    workflowId: `test:${id}`,
    createdAt: new Date(now),
  });
  return id;
}

const inbox = async (headers: Record<string, string>) =>
  (await env.http.get('/api/tasks?status=open').set(headers)).body.items as Array<Record<string, any>>;
const substituteRows = async () =>
  (await env.db.getRepository(SubstituteEntity).countBy({ dealerId: env.dealer1.id })) as number;

async function createProspect(name: string): Promise<string> {
  const res = await env.http
    .post('/api/prospects')
    .set(env.auth('consultant'))
    .send({
      account: { name, customerType: 'government' },
      contactName: '李主任',
      contactPhone: '138 0013 8000',
      model: 'A6L',
      quantity: 6,
      grade: 'A',
      channel: 'business_event',
      developmentType: 'new',
      hot: false,
    });
  expect(res.status).toBe(201);
  return res.body.id;
}
async function callbackTaskOf(prospectId: string) {
  return eventually(async () => {
    const res = await env.http.get('/api/tasks?status=open').set(env.auth('cs_agent'));
    const task = res.body.items.find((t: any) => t.kind === 'callback' && t.subject.id === prospectId);
    expect(task).toBeDefined();
    return task;
  });
}

describe('substitutes', () => {
  it('refuses a substitute who may not decide the tasks, naming the field and the roles needed; writes nothing', async () => {
    const before = await substituteRows();
    // a consultant has no place on the customer-service chain
    const res = await env.http
      .post('/api/substitutes')
      .set(env.auth('cs_agent'))
      .send({ substituteUserId: env.users.consultant.id, fromDate: today(), toDate: plusDays(2) });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([
      expect.objectContaining({ field: 'substituteUserId', problem: expect.stringContaining('cs_agent, cs_manager') }),
    ]);
    // the director's substitute must be a director or the GM: a KA manager is refused
    const km = await env.http
      .post('/api/substitutes')
      .set(env.auth('sales_director'))
      .send({ substituteUserId: env.users.ka_manager.id, fromDate: today(), toDate: today() });
    expect(km.status).toBe(400);
    expect(km.body.details[0]).toMatchObject({
      field: 'substituteUserId',
      problem: expect.stringContaining('sales_director, gm'),
    });
    // dates: the end before the start, an end in the past; someone else's substitute by a non-admin
    const back = await env.http
      .post('/api/substitutes')
      .set(env.auth('consultant'))
      .send({ substituteUserId: env.users.consultant_b.id, fromDate: plusDays(3), toDate: plusDays(1) });
    expect(back.status).toBe(400);
    expect(back.body.details[0].field).toBe('toDate');
    const past = await env.http
      .post('/api/substitutes')
      .set(env.auth('consultant'))
      .send({ substituteUserId: env.users.consultant_b.id, fromDate: plusDays(-5), toDate: plusDays(-1) });
    expect(past.status).toBe(400);
    expect(past.body.details[0].field).toBe('toDate');
    const other = await env.http.post('/api/substitutes').set(env.auth('ka_manager')).send({
      userId: env.users.consultant.id,
      substituteUserId: env.users.consultant_b.id,
      fromDate: today(),
      toDate: today(),
    });
    expect(other.status).toBe(403);
    // a person of the other dealer is nobody here
    const foreign = await env.http
      .post('/api/substitutes')
      .set(env.auth('consultant'))
      .send({ substituteUserId: env.users.consultant2.id, fromDate: today(), toDate: today() });
    expect(foreign.status).toBe(400);
    expect(foreign.body.details[0].field).toBe('substituteUserId');
    expect(await substituteRows()).toBe(before);
  });

  it('respects the dates at the dealer and does not chain', async () => {
    const task = await insertTask(env.users.consultant.id, '逾期跟进 代理日期');
    const b = env.auth('consultant_b');
    const c = await tokenFor(consultantC);
    // B stands in for A from tomorrow; C for B from today
    const ab = await env.http
      .post('/api/substitutes')
      .set(env.auth('consultant'))
      .send({
        substituteUserId: env.users.consultant_b.id,
        fromDate: plusDays(1),
        toDate: plusDays(3),
        reason: '出差',
      });
    expect(ab.status).toBe(201);
    expect(ab.body).toMatchObject({
      user: { id: env.users.consultant.id },
      substitute: { id: env.users.consultant_b.id },
      fromDate: plusDays(1),
      toDate: plusDays(3),
      active: false,
    });
    const bc = await env.http
      .post('/api/substitutes')
      .set(env.auth('consultant_b'))
      .send({ substituteUserId: consultantC.id, fromDate: today(), toDate: plusDays(5) });
    expect(bc.status).toBe(201);
    expect(bc.body.active).toBe(true);
    // an overlapping second substitute for the same person is refused
    const twice = await env.http
      .post('/api/substitutes')
      .set(env.auth('consultant'))
      .send({ substituteUserId: consultantC.id, fromDate: plusDays(2), toDate: plusDays(2) });
    expect(twice.status).toBe(400);
    expect(twice.body.details[0].field).toBe('fromDate');

    // today: B does not see A's task and may not decide it
    expect((await inbox(b)).map((t) => t.id)).not.toContain(task);
    const early = await env.http
      .post(`/api/tasks/${task}/complete`)
      .set(b)
      .send({ decision: 'done', comment: '已跟进' });
    expect(early.status).toBe(403);

    // tomorrow at the dealer: B sees it, marked on behalf of A; C (B's substitute) never does
    env.clock.pin(new Date(env.clock.now().getTime() + DAY));
    try {
      const seen = (await inbox(b)).find((t) => t.id === task);
      expect(seen?.onBehalfOf).toEqual({
        id: env.users.consultant.id,
        displayName: env.users.consultant.displayName,
      });
      expect((await inbox(c)).map((t) => t.id)).not.toContain(task);
      const byC = await env.http
        .post(`/api/tasks/${task}/complete`)
        .set(c)
        .send({ decision: 'done', comment: '已跟进' });
      expect(byC.status).toBe(403);
      // B is let through the check (no workflow waits behind this inserted row, so the engine answers 409)
      const byB = await env.http
        .post(`/api/tasks/${task}/complete`)
        .set(b)
        .send({ decision: 'done', comment: '已跟进' });
      expect(byB.status).toBe(409);
      // listed for A and for B
      const mine = await env.http.get('/api/substitutes').set(b);
      expect(mine.body.items.map((s: any) => s.id).sort()).toEqual([ab.body.id, bc.body.id].sort());
      expect(mine.body.items.find((s: any) => s.id === ab.body.id).active).toBe(true);
    } finally {
      env.clock.unpin();
    }
    // ended by A: B's view of A's tasks goes, whatever the dates
    const end = await env.http.post(`/api/substitutes/${ab.body.id}/end`).set(env.auth('consultant'));
    expect(end.status).toBe(200);
    env.clock.pin(new Date(env.clock.now().getTime() + DAY));
    try {
      expect((await inbox(b)).map((t) => t.id)).not.toContain(task);
    } finally {
      env.clock.unpin();
    }
    await env.http.post(`/api/substitutes/${bc.body.id}/end`).set(env.auth('admin')).expect(200);
  });

  it('lets the substitute decide a real task: row, audit log and history name both; the message reaches them too', async () => {
    const set = await env.http.post('/api/substitutes').set(env.auth('admin')).send({
      userId: env.users.cs_agent.id,
      substituteUserId: env.users.cs_manager.id,
      fromDate: today(),
      toDate: today(),
    });
    expect(set.status).toBe(201);
    const prospectId = await createProspect('成都市代理测试局');
    const task = await callbackTaskOf(prospectId);
    // the callback's message went to cs_agent and, standing in, to cs_manager
    await eventually(() => {
      for (const who of ['cs_agent', 'cs_manager'])
        expect(env.mailsTo(env.users[who].email).map((m) => m.subject)).toContainEqual(
          expect.stringContaining('成都市代理测试局'),
        );
    });
    const listed = (await inbox(env.auth('cs_manager'))).find((t) => t.id === task.id);
    expect(listed?.onBehalfOf).toEqual({ id: env.users.cs_agent.id, displayName: env.users.cs_agent.displayName });

    const done = await env.http
      .post(`/api/tasks/${task.id}/complete`)
      .set(env.auth('cs_manager'))
      .send({ decision: 'verified', comment: '代为核实' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      decision: 'verified',
      decidedBy: env.users.cs_manager.id,
      decidedOnBehalfOf: env.users.cs_agent.id,
    });
    const [row] = await env.db.query(`SELECT "decidedBy", "decidedOnBehalfOf" FROM task WHERE id = $1`, [task.id]);
    expect(row).toEqual({ decidedBy: env.users.cs_manager.id, decidedOnBehalfOf: env.users.cs_agent.id });
    const audit = await env.db
      .getRepository(AuditLogEntity)
      .findBy({ entityType: 'task', entityId: task.id, action: 'task.decided' });
    expect(audit).toHaveLength(1);
    expect(audit[0].actorUserId).toBe(env.users.cs_manager.id);
    expect(audit[0].detail.onBehalfOf).toBe(env.users.cs_agent.id);
    const history = await env.http.get(`/api/tasks/${task.id}/history`).set(env.auth('cs_agent'));
    expect(history.body.items.find((e: any) => e.action === 'decided')).toMatchObject({
      by: { id: env.users.cs_manager.id, displayName: env.users.cs_manager.displayName },
      onBehalfOf: { id: env.users.cs_agent.id, displayName: env.users.cs_agent.displayName },
    });
    // the other dealer sees neither the substitution nor the task
    expect((await env.http.get('/api/substitutes').set(env.auth('admin2'))).body.items).toEqual([]);
    expect((await env.http.get(`/api/tasks/${task.id}`).set(env.auth('cs_manager2'))).status).toBe(404);
  });
});

it('shows on the personal target confirmation form (附件4) that a substitute confirmed it, for whom', async () => {
  const month = today().slice(0, 7);
  const [plan] = await env.db.query(
    `INSERT INTO plan ("dealerId", kind, period, version, status, input, result)
     VALUES ($1, 'decomposition', $2, 1, 'approved', '{}', '{}') RETURNING id`,
    [env.dealer1.id, month],
  );
  for (const who of ['consultant', 'consultant_b']) {
    await env.db.query(
      `INSERT INTO personal_target ("dealerId", month, "planId", "consultantId", targets, status)
       VALUES ($1, $2, $3, $4, $5, 'confirmed')`,
      [env.dealer1.id, month, plan.id, env.users[who].id, { orders: 3, aak: 2, submissions: 1 }],
    );
  }
  // the consultant's confirmation was decided by consultant_b standing in; consultant_b confirmed their own
  for (const [who, by, onBehalfOf] of [
    ['consultant', 'consultant_b', 'consultant'],
    ['consultant_b', 'consultant_b', null],
  ] as const) {
    const id = await insertTask(env.users[who].id, `个人目标确认书 ${who}`);
    await env.db.query(
      `UPDATE task SET kind = 'target_confirmation', status = 'done', decision = 'confirm', "subjectType" =
        'personal_target', "subjectId" = $2, "decidedBy" = $3, "decidedOnBehalfOf" = $4, "decidedAt" = now()
        WHERE id = $1`,
      [id, `${plan.id}:${env.users[who].id}`, env.users[by].id, onBehalfOf ? env.users[onBehalfOf].id : null],
    );
  }
  const A = env.users.consultant.displayName;
  const B = env.users.consultant_b.displayName;
  for (const [lang, text] of [
    ['zh-CN', `${B} 代 ${A}`],
    ['en', `${B} on behalf of ${A}`],
  ]) {
    const form = await env.http.get(`/api/forms/4?period=${month}&lang=${lang}`).set(env.auth('ka_manager'));
    expect(form.status).toBe(200);
    const signatures = Object.fromEntries(form.body.rows.map((r: any) => [r.consultant, r.signature]));
    expect(signatures).toEqual({ [A]: text, [B]: null });
  }
});

describe('reassignment', () => {
  it('is refused to a consultant, needs a reason and names a bad task; nothing moves', async () => {
    const t1 = await insertTask(env.users.consultant.id, '逾期跟进 转办拒绝');
    const body = { taskIds: [t1], toUserId: env.users.consultant_b.id, reason: '休假' };
    expect((await env.http.post('/api/tasks/reassign').set(env.auth('consultant')).send(body)).status).toBe(403);
    const noReason = await env.http
      .post('/api/tasks/reassign')
      .set(env.auth('ka_manager'))
      .send({ ...body, reason: '  ' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.details.map((d: any) => d.field)).toEqual(['reason']);
    const foreign = await insertTask(env.users.consultant2.id, '逾期跟进 他店', env.dealer2.id);
    const mixed = await env.http
      .post('/api/tasks/reassign')
      .set(env.auth('ka_manager'))
      .send({ ...body, taskIds: [t1, foreign] });
    expect(mixed.status).toBe(400);
    expect(mixed.body.details).toEqual([{ field: 'taskIds[1]', problem: 'no such task in your dealer' }]);
    // a CS agent may not decide a consultant's follow-up
    const wrongPerson = await env.http
      .post('/api/tasks/reassign')
      .set(env.auth('ka_manager'))
      .send({ ...body, toUserId: env.users.cs_agent.id });
    expect(wrongPerson.status).toBe(400);
    expect(wrongPerson.body.details[0].field).toBe('taskIds[0]');
    const rows = await env.db.query(`SELECT "assigneeUserId" FROM task WHERE id = ANY($1)`, [[t1, foreign]]);
    expect(rows.map((r: any) => r.assigneeUserId).sort()).toEqual(
      [env.users.consultant.id, env.users.consultant2.id].sort(),
    );
    expect(await env.db.getRepository(AuditLogEntity).countBy({ action: 'task.reassigned', entityId: t1 })).toBe(0);
  });

  it('moves one task and several at once; the new assignee is mailed; history and audit keep both names', async () => {
    const single = await insertTask(env.users.consultant.id, '逾期跟进 转办单个');
    // the manager finds the consultant's tasks in the dealer's list; a consultant may not ask for it
    const team = await env.http.get('/api/tasks?scope=dealer&pageSize=500').set(env.auth('ka_manager'));
    expect(team.body.items.map((t: any) => t.id)).toContain(single);
    expect((await env.http.get('/api/tasks?scope=dealer').set(env.auth('consultant'))).status).toBe(403);
    const one = await env.http
      .post('/api/tasks/reassign')
      .set(env.auth('ka_manager'))
      .send({ taskIds: [single], toUserId: env.users.consultant_b.id, reason: '客户要求更换顾问' });
    expect(one.status).toBe(200);
    expect(one.body.items).toEqual([
      expect.objectContaining({ id: single, assigneeUserId: env.users.consultant_b.id, assigneeRole: null }),
    ]);
    const bulk = [
      await insertTask(env.users.consultant.id, '逾期跟进 转办批量一'),
      await insertTask(env.users.consultant.id, '逾期跟进 转办批量二'),
    ];
    const many = await env.http
      .post('/api/tasks/reassign')
      .set(env.auth('ka_manager'))
      .send({ taskIds: bulk, toUserId: env.users.consultant_b.id, reason: '顾问离职交接' });
    expect(many.status).toBe(200);
    const [{ n }] = await env.db.query(
      `SELECT count(*)::int AS n FROM task WHERE id = ANY($1) AND "assigneeUserId" = $2`,
      [[single, ...bulk], env.users.consultant_b.id],
    );
    expect(n).toBe(3);
    // B's inbox has them (as their own, not on anyone's behalf); A's no longer
    const bInbox = await inbox(env.auth('consultant_b'));
    for (const id of [single, ...bulk]) expect(bInbox.find((t) => t.id === id)?.onBehalfOf).toBeNull();
    expect((await inbox(env.auth('consultant'))).map((t) => t.id)).not.toContain(single);
    // each task's message reached B, once
    await eventually(() => {
      const subjects = env.mailsTo(env.users.consultant_b.email).map((m) => m.subject);
      for (const title of ['转办单个', '转办批量一', '转办批量二'])
        expect(subjects.filter((s) => s.includes(title))).toHaveLength(1);
    });
    const audit = await env.db.getRepository(AuditLogEntity).findBy({ action: 'task.reassigned', entityId: single });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorUserId: env.users.ka_manager.id,
      detail: expect.objectContaining({
        from: { userId: env.users.consultant.id, role: null },
        to: { userId: env.users.consultant_b.id },
        reason: '客户要求更换顾问',
      }),
    });
    const history = await env.http.get(`/api/tasks/${single}/history`).set(env.auth('consultant_b'));
    expect(history.body.items.find((e: any) => e.action === 'reassigned')).toMatchObject({
      by: { id: env.users.ka_manager.id },
      detail: {
        from: { id: env.users.consultant.id, displayName: env.users.consultant.displayName, role: null },
        to: { id: env.users.consultant_b.id, displayName: env.users.consultant_b.displayName },
        reason: '客户要求更换顾问',
      },
    });
    // a task moved already is not moved to the same person twice
    const again = await env.http
      .post('/api/tasks/reassign')
      .set(env.auth('ka_manager'))
      .send({ taskIds: [single], toUserId: env.users.consultant_b.id, reason: '重复' });
    expect(again.status).toBe(400);
  });

  it('lets the admin move a real callback task to the CS manager, who decides it; the workflow carries on', async () => {
    const prospectId = await createProspect('成都市转办测试局');
    const task = await callbackTaskOf(prospectId);
    // the KA manager has no place on the customer-service chain
    const km = await env.http
      .post('/api/tasks/reassign')
      .set(env.auth('ka_manager'))
      .send({ taskIds: [task.id], toUserId: env.users.cs_manager.id, reason: '客服请假' });
    expect(km.status).toBe(400);
    const moved = await env.http
      .post('/api/tasks/reassign')
      .set(env.auth('admin'))
      .send({ taskIds: [task.id], toUserId: env.users.cs_manager.id, reason: '客服请假' });
    expect(moved.status).toBe(200);
    await eventually(() =>
      expect(
        env.mailsTo(env.users.cs_manager.email).filter((m) => m.subject.includes('成都市转办测试局')).length,
      ).toBeGreaterThanOrEqual(1),
    );
    const done = await env.http
      .post(`/api/tasks/${task.id}/complete`)
      .set(env.auth('cs_manager'))
      .send({ decision: 'verified' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ decidedBy: env.users.cs_manager.id, decidedOnBehalfOf: null });
    await eventually(async () =>
      expect((await env.client.workflow.getHandle(task.workflowId).describe()).status.name).toBe('COMPLETED'),
    );
  });
});
