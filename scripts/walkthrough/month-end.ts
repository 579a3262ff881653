// Walks the month-end planning cycle (processes 2–4) on the running demo through the HTTP API alone:
// trigger → manager submits the roll → director → GM → decomposition → every consultant confirms
// (one disputes first, which sends it back to the manager) → director → lead plan → visit plans; on the way the
// P3 support check (the director's override note), the P4 capacity check with supplementary lead targets and
// the P6 training request for a consultant whose base does not carry their target.
// Prints each step, the time the pre-fill took to appear, and the e-mails the mail catcher received.
//
//   npm run walkthrough:month-end [-- --date YYYY-MM-DD] [--dealer 2]     (the demo must be running)
// API_URL (http://127.0.0.1:3000), MAIL_URL (http://127.0.0.1:1080), PASSWORD (kaflow-demo), WAIT_SECONDS (180).
const API = process.env.API_URL ?? 'http://127.0.0.1:3000';
const MAIL = process.env.MAIL_URL ?? 'http://127.0.0.1:1080';
const PASSWORD = process.env.PASSWORD ?? 'kaflow-demo';
const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const suffix = arg('dealer') === '2' ? '2' : '';
const CONSULTANTS = ['consultant', 'consultant_b', 'consultant_c'];
/** How long a step may take to appear (WAIT_SECONDS, default 180: a loaded machine's worker is slow). */
const WAIT_MS = Number(process.env.WAIT_SECONDS ?? 180) * 1000;

type Task = {
  id: string;
  kind: string;
  title: string;
  status: string;
  assigneeUserId?: string;
  payload: Record<string, any>;
  subject: { id: string };
};
const tokens = new Map<string, { token: string; id: string }>();

async function call(method: string, path: string, who?: string, body?: unknown): Promise<any> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (who) headers.authorization = `Bearer ${(await login(who)).token}`;
  const res = await fetch(`${API}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json().catch(() => ({}));
  if (res.status >= 400) throw new Error(`${method} ${path} as ${who}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}
async function login(role: string) {
  const username = `${role}${suffix}`;
  let t = tokens.get(username);
  if (!t) {
    const res = await fetch(`${API}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: PASSWORD }),
    });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
    const b: any = await res.json();
    t = { token: b.accessToken, id: b.user.id };
    tokens.set(username, t);
  }
  return t;
}
async function waitTask(
  who: string,
  kind: string,
  pred: (t: Task) => boolean = () => true,
  timeoutMs = WAIT_MS,
): Promise<Task> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { items } = await call('GET', '/api/tasks?status=open', who);
    const t = (items as Task[]).find((x) => x.kind === kind && pred(x));
    if (t) return t;
    if (Date.now() > deadline) throw new Error(`no open ${kind} task for ${who} after ${timeoutMs / 1000}s`);
    await new Promise((r) => setTimeout(r, 300));
  }
}
async function complete(who: string, t: Task, decision: string, extra: Record<string, unknown> = {}) {
  await call('POST', `/api/tasks/${t.id}/complete`, who, { decision, ...extra });
  console.log(`  ✓ ${who}${suffix}: ${decision.padEnd(8)} ${t.title}`);
}
/** The director approves; a plan short of coverage needs the override note. */
const approval = (t: Task) =>
  t.payload.coverageOk === false
    ? { data: { overrideNote: '差额已与厂家区域经理确认，由下月资源补足（walkthrough）' } }
    : {};

async function main() {
  const businessDate =
    arg('date') ??
    (await call('GET', '/api/calendar/month-end-window?month=' + new Date().toISOString().slice(0, 7), 'ka_manager'))
      .days[0];
  console.log(`month-end cycle for ${businessDate} (dealer ${suffix || '1'}) on ${API}`);
  const t0 = Date.now();
  const trig = await call('POST', '/api/processes/month-end/trigger', 'ka_manager', { businessDate });
  console.log(`  trigger → ${JSON.stringify(trig)}`);
  if (!trig.started) {
    if (String(trig.reason ?? '').startsWith('already')) return finish(trig.workflowId);
    console.log(`  nothing started: ${trig.reason}`);
    return;
  }

  const next = draftMonth(businessDate);
  // the consultants plan next month's visits first: the lead plan's capacity check counts them
  for (const [c, days] of [
    ['consultant', ['03', '08', '10', '15']],
    ['consultant_b', ['09']],
  ] as const) {
    const items = days.map((d) => ({
      plannedDate: `${next}-${d}`,
      accountName: '成都市交通运输局',
      purpose: '年度车辆更新需求摸底',
    }));
    try {
      await call('POST', '/api/visit-plans', c, { month: next, items });
      console.log(`  ✓ ${c}${suffix}: planned ${days.length} visit(s) for ${next}`);
    } catch (e) {
      // only this month or next can be planned
      console.log(`  (no visit plans for ${next}: ${(e as Error).message.slice(0, 160)})`);
    }
  }

  const draft = await waitTask('ka_manager', 'plan_draft');
  console.log(`  pre-filled roll visible as a task after ${Date.now() - t0} ms: ${draft.title}`);
  const plan = await call('GET', `/api/plans/rolling/${draft.payload.plan.period}`, 'ka_manager');
  const { orders, aak, submissions } = plan.result.next;
  console.log(
    `  roll: next month ${JSON.stringify({ orders, aak, submissions })}, ` +
      `stock-capped ${plan.result.stockCapped}, coverage ok ${plan.coverageOk}`,
  );
  await complete('ka_manager', draft, 'submit');
  await complete('sales_director', await waitTask('sales_director', 'plan_review'), 'reject', {
    comment: '请按12月可交付库存复核AAK',
  });
  const redo = await waitTask('ka_manager', 'plan_draft');
  const current = await call('GET', `/api/plans/rolling/${redo.payload.plan.period}`, 'ka_manager');
  await call('PUT', `/api/plans/rolling/${redo.payload.plan.period}`, 'ka_manager', {
    revision: current.revision,
    input: { orderConversionRate: Math.min(1, Number(current.input.orderConversionRate) + 0.05) },
  });
  console.log(
    `  ✓ ka_manager${suffix}: edited v${current.version} (order conversion rate +0.05) ` +
      `through PUT /api/plans/rolling/${current.period}`,
  );
  await complete('ka_manager', redo, 'submit');
  const review = await waitTask('sales_director', 'plan_review');
  await complete('sales_director', review, 'approve', approval(review));
  await complete('gm', await waitTask('gm', 'plan_signoff'), 'approve');

  const decDraft = await waitTask('ka_manager', 'plan_draft', (t) => t.payload.plan.kind === 'decomposition');
  await showSupport(decDraft.payload.plan.period);
  await complete('ka_manager', decDraft, 'submit');
  let disputed = false;
  for (const c of CONSULTANTS) {
    const t = await waitTask(c, 'target_confirmation');
    if (!disputed) {
      disputed = true;
      await complete(c, t, 'dispute', { comment: '本月重点客户交车延后，订单目标请下调' });
    } else await complete(c, t, 'confirm');
  }
  const redraft = await waitTask('ka_manager', 'plan_draft', (t) => t.payload.plan.kind === 'decomposition');
  await starterShare(redraft.payload.plan.period);
  await complete('ka_manager', redraft, 'submit');
  for (const c of CONSULTANTS) {
    const letter = await waitTask(c, 'target_confirmation');
    const tg = letter.payload.targets;
    const types = (tg.byCustomerType ?? [])
      .filter((x: any) => x.orders > 0)
      .map((x: any) => `${x.customerType} ${x.orders}`)
      .join(' · ');
    const channels = (tg.byChannel ?? []).map((x: any) => `${x.channel} ${x.orders}`).join(' · ');
    console.log(
      `  个人目标确认书 ${c}${suffix}: orders ${tg.orders} — by customer type ${types}; by ` +
        `channel ${channels}; ${(tg.byModelTypeChannel ?? []).length} model × type × channel cells`,
    );
    await complete(c, letter, 'confirm');
  }
  const decReview = await waitTask('sales_director', 'plan_review');
  if (decReview.payload.coverageOk === false) {
    console.log(
      `  the director's review shows the support gaps:\n${(decReview.payload.gaps ?? [])
        .map((g: string) => `    ${g}`)
        .join('\n')}`,
    );
    const refused = await fetch(`${API}/api/tasks/${decReview.id}/complete`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${(await login('sales_director')).token}` },
      body: JSON.stringify({ decision: 'approve' }),
    });
    console.log(
      `  approve without an override note ` +
        `→ ${refused.status} ${JSON.stringify(((await refused.json()) as any).details)}`,
    );
  }
  await complete('sales_director', decReview, 'approve', approval(decReview));
  await showTraining(draft.payload.plan.period);
  const leadDraft = await waitTask('ka_manager', 'plan_draft', (t) => t.payload.plan.kind === 'lead');
  await showCapacity(leadDraft.payload.plan.period);
  await complete('ka_manager', leadDraft, 'submit');
  for (const c of CONSULTANTS) await complete(c, await waitTask(c, 'visit_plan'), 'submit');

  const period = draft.payload.plan.period;
  for (const kind of ['rolling', 'decomposition', 'lead']) {
    const p = await call('GET', `/api/plans/${kind}/${period}`, 'gm');
    console.log(
      `  ${kind.padEnd(13)} ${period} v${p.version} ${p.status}${
        p.personalTargets
          ? ` · personal targets: ` +
            p.personalTargets.map((t: any) => `${t.consultant} ${t.targets.orders} ${t.status}`).join(', ')
          : ''
      }`,
    );
  }
  const mails: Array<{ subject: string; to: Array<{ address: string }> }> = (await (
    await fetch(`${MAIL}/api/email`)
  ).json()) as any;
  const since = mails.filter((m) => /滚动计划|目标|集客|走访/.test(m.subject));
  console.log(`  e-mails in the mail catcher for this cycle: ${since.length} (${MAIL})`);
  for (const m of since.slice(-12)) console.log(`    ${m.to.map((t) => t.address).join(',')}  ${m.subject}`);
  console.log(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

const draftMonth = (date: string) => {
  const [y, m] = date.slice(0, 7).split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
};

/** P3: the customer base behind the decomposition, and a dry-run edit that saves nothing. */
async function showSupport(period: string) {
  const p = await call('GET', `/api/plans/decomposition/${period}`, 'ka_manager');
  const line = (x: any) =>
    `${x.model ?? x.name ?? x.consultantId} 需 ${x.needed} / 预计 ${x.expected}${x.ok ? '' : ` 缺口 ${x.gap}`}`;
  console.log(`  P3 support check (客户资源能否支撑): ok ${p.support?.ok}`);
  console.log(`    by model: ${(p.support?.byModel ?? []).map(line).join('; ')}`);
  console.log(`    by consultant: ${(p.support?.byConsultant ?? []).map(line).join('; ')}`);
  const lower = Math.max(0, p.input.targets.orders - 5);
  const dry = await call('PUT', `/api/plans/decomposition/${period}?dryRun=true`, 'ka_manager', {
    revision: p.revision,
    input: { targets: { orders: lower } },
  });
  const after = await call('GET', `/api/plans/decomposition/${period}`, 'ka_manager');
  console.log(
    `  dry run with ${lower} orders: support ok ${dry.support.ok}, ` +
      `gaps ${dry.support.byConsultant.map((c: any) => c.gap).join('/')}; saved nothing (revision ${after.revision}, ` +
      `orders ${after.input.targets.orders})`,
  );
}

/** The new consultant (consultant_c) has no target history, so the proposal gives them almost nothing; the manager
 *  gives them a starter share (the team's usual achievement, 1.0) through the plan's edit before resubmitting. */
async function starterShare(period: string) {
  const hire = (await login('consultant_c')).id;
  const p = await call('GET', `/api/plans/decomposition/${period}`, 'ka_manager');
  const consultants = p.input.consultants.map((c: any) => (c.consultantId === hire ? { ...c, achievement: 1 } : c));
  const saved = await call('PUT', `/api/plans/decomposition/${period}`, 'ka_manager', {
    revision: p.revision,
    input: { consultants },
  });
  const line = saved.result.byConsultant.find((c: any) => c.consultantId === hire);
  console.log(
    `  ✓ ka_manager${suffix}: gave the new consultant ${line?.name ?? hire} a starter ` +
      `share (achievement 1.0): ${line?.orders} orders`,
  );
}

/** P6: the training manager's request for a consultant short of target, and the capability report. */
async function showTraining(period: string) {
  const cap = await call('GET', `/api/reports/sales-capability?month=${period}`, 'training_manager');
  console.log(
    `  P6 sales capability ${period} (look-back ${cap.lookback.from}..${cap.lookback.to}, threshold ${cap.threshold}):`,
  );
  for (const c of cap.consultants) {
    console.log(
      `    ${c.name}: H/A ${c.pipeline.haOnHand}, B/C ${c.pipeline.bcOnHand}, ` +
        `remaining ${c.pipeline.remainingOrders}; close ${c.haCloseRate.numerator}/${c.haCloseRate.denominator} ` +
        `(${c.haCloseRate.source}), B/C→H/A ${c.bcToHaRate.numerator}/${c.bcToHaRate.denominator}; ` +
        `expected ${c.expectedOrders.value} vs target ${c.personalTarget} → gap ${c.gap}${
          c.trainingNeeded ? ' → training request' : ''
        }`,
    );
  }
  if (!cap.consultants.some((c: any) => c.trainingNeeded)) {
    console.log("    every consultant's base carries their target: no training request");
    return;
  }
  const t = await waitTask(
    'training_manager',
    'training_request',
    (x) => x.payload.source === 'sales_capability' && x.payload.month === period,
  );
  console.log(`  training_manager${suffix} has: ${t.title}`);
}

/** P4: the lead volume behind the targets and the supplementary lead targets. */
async function showCapacity(period: string) {
  const p = await call('GET', `/api/plans/lead/${period}`, 'ka_manager');
  const c = p.capacity;
  if (!c) return;
  console.log(
    `  P4 capacity check (集客量能否支撑): needed ${c.needed}, expected ${c.expected} ` +
      `from visits and events, gap ${c.gap}, ok ${c.ok}`,
  );
  console.log(
    `    补充集客目标: ${c.byConsultant
      .map(
        (x: any) =>
          `${x.name ?? x.consultantId} ${x.supplementaryLeadTarget} ` +
          `(planned ${x.plannedVisits} visits, ${x.plannedEvents} events → ${x.expected})`,
      )
      .join('; ')}`,
  );
}

/** A cycle already under way (e.g. an earlier walkthrough was interrupted): take every open step of
 *  it with the positive decision until nothing is left. */
async function finish(workflowId: string) {
  console.log(`  the cycle ${workflowId} is already under way: finishing its open steps`);
  const decisions: Record<string, [string, string]> = {
    plan_draft: ['ka_manager', 'submit'],
    plan_review: ['sales_director', 'approve'],
    plan_signoff: ['gm', 'approve'],
    target_confirmation: ['consultant', 'confirm'],
    visit_plan: ['consultant', 'submit'],
  };
  for (let idle = 0; idle < 10;) {
    let acted = false;
    for (const who of ['ka_manager', 'sales_director', 'gm', ...CONSULTANTS]) {
      const { items } = await call('GET', '/api/tasks?status=open', who);
      for (const t of (items as Array<Task & { workflowId: string }>).filter(
        (x) => x.workflowId === workflowId && decisions[x.kind],
      )) {
        const [role, decision] = decisions[t.kind];
        if (role === 'consultant' ? !CONSULTANTS.includes(who) : role !== who) continue;
        await complete(who, t, decision, t.kind === 'plan_review' ? approval(t) : {});
        acted = true;
      }
    }
    if (acted) idle = 0;
    else {
      idle++;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  console.log('  no open steps left in the cycle');
}

main().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
