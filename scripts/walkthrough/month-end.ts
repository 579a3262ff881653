// Walks the month-end planning cycle (processes 2–4) on the running demo through the HTTP API alone:
// trigger → manager submits the roll → director → GM → decomposition → every consultant confirms
// (one disputes first, which sends it back to the manager) → director → lead plan → visit plans.
// Prints each step, the time the pre-fill took to appear, and the e-mails the mail catcher received.
//
//   npm run walkthrough:month-end [-- --date YYYY-MM-DD] [--dealer 2]     (the demo must be running)
// API_URL (http://127.0.0.1:3000), MAIL_URL (http://127.0.0.1:1080), PASSWORD (kaflow-demo).
const API = process.env.API_URL ?? 'http://127.0.0.1:3000';
const MAIL = process.env.MAIL_URL ?? 'http://127.0.0.1:1080';
const PASSWORD = process.env.PASSWORD ?? 'kaflow-demo';
const arg = (name: string) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : undefined; };
const suffix = arg('dealer') === '2' ? '2' : '';
const CONSULTANTS = ['consultant', 'consultant_b'];

type Task = { id: string; kind: string; title: string; status: string; assigneeUserId?: string; payload: Record<string, any>; subject: { id: string } };
const tokens = new Map<string, { token: string; id: string }>();

async function call(method: string, path: string, who?: string, body?: unknown): Promise<any> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (who) headers.authorization = `Bearer ${(await login(who)).token}`;
  const res = await fetch(`${API}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = await res.json().catch(() => ({}));
  if (res.status >= 400) throw new Error(`${method} ${path} as ${who}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}
async function login(role: string) {
  const username = `${role}${suffix}`;
  let t = tokens.get(username);
  if (!t) {
    const res = await fetch(`${API}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
    const b: any = await res.json();
    t = { token: b.accessToken, id: b.user.id };
    tokens.set(username, t);
  }
  return t;
}
async function waitTask(who: string, kind: string, pred: (t: Task) => boolean = () => true, timeoutMs = 60_000): Promise<Task> {
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
const approval = (t: Task) => (t.payload.coverageOk === false ? { data: { overrideNote: '差额已与厂家区域经理确认，由下月资源补足（walkthrough）' } } : {});

async function main() {
  const businessDate = arg('date') ?? (await call('GET', '/api/calendar/month-end-window?month=' + new Date().toISOString().slice(0, 7), 'ka_manager')).days[0];
  console.log(`month-end cycle for ${businessDate} (dealer ${suffix || '1'}) on ${API}`);
  const t0 = Date.now();
  const trig = await call('POST', '/api/processes/month-end/trigger', 'ka_manager', { businessDate });
  console.log(`  trigger → ${JSON.stringify(trig)}`);
  if (!trig.started) {
    if (String(trig.reason ?? '').startsWith('already')) return finish(trig.workflowId);
    console.log(`  nothing started: ${trig.reason}`);
    return;
  }

  const draft = await waitTask('ka_manager', 'plan_draft');
  console.log(`  pre-filled roll visible as a task after ${Date.now() - t0} ms: ${draft.title}`);
  const plan = await call('GET', `/api/plans/rolling/${draft.payload.plan.period}`, 'ka_manager');
  console.log(`  roll: next month ${JSON.stringify({ orders: plan.result.next.orders, aak: plan.result.next.aak, submissions: plan.result.next.submissions })}, stock-capped ${plan.result.stockCapped}, coverage ok ${plan.coverageOk}`);
  await complete('ka_manager', draft, 'submit');
  await complete('sales_director', await waitTask('sales_director', 'plan_review'), 'reject', { comment: '请按12月可交付库存复核AAK' });
  const redo = await waitTask('ka_manager', 'plan_draft');
  const current = await call('GET', `/api/plans/rolling/${redo.payload.plan.period}`, 'ka_manager');
  await call('PUT', `/api/plans/rolling/${redo.payload.plan.period}`, 'ka_manager', { revision: current.revision, input: { orderConversionRate: Math.min(1, Number(current.input.orderConversionRate) + 0.05) } });
  console.log(`  ✓ ka_manager${suffix}: edited v${current.version} (order conversion rate +0.05) through PUT /api/plans/rolling/${current.period}`);
  await complete('ka_manager', redo, 'submit');
  const review = await waitTask('sales_director', 'plan_review');
  await complete('sales_director', review, 'approve', approval(review));
  await complete('gm', await waitTask('gm', 'plan_signoff'), 'approve');

  await complete('ka_manager', await waitTask('ka_manager', 'plan_draft', (t) => t.payload.plan.kind === 'decomposition'), 'submit');
  let disputed = false;
  for (const c of CONSULTANTS) {
    const t = await waitTask(c, 'target_confirmation');
    if (!disputed) { disputed = true; await complete(c, t, 'dispute', { comment: '本月重点客户交车延后，订单目标请下调' }); } else await complete(c, t, 'confirm');
  }
  await complete('ka_manager', await waitTask('ka_manager', 'plan_draft', (t) => t.payload.plan.kind === 'decomposition'), 'submit');
  for (const c of CONSULTANTS) await complete(c, await waitTask(c, 'target_confirmation'), 'confirm');
  await complete('sales_director', await waitTask('sales_director', 'plan_review'), 'approve');
  await complete('ka_manager', await waitTask('ka_manager', 'plan_draft', (t) => t.payload.plan.kind === 'lead'), 'submit');
  for (const c of CONSULTANTS) await complete(c, await waitTask(c, 'visit_plan'), 'submit');

  const period = draft.payload.plan.period;
  for (const kind of ['rolling', 'decomposition', 'lead']) {
    const p = await call('GET', `/api/plans/${kind}/${period}`, 'gm');
    console.log(`  ${kind.padEnd(13)} ${period} v${p.version} ${p.status}${p.personalTargets ? ` · personal targets: ${p.personalTargets.map((t: any) => `${t.consultant} ${t.targets.orders} ${t.status}`).join(', ')}` : ''}`);
  }
  const mails: Array<{ subject: string; to: Array<{ address: string }> }> = await (await fetch(`${MAIL}/api/email`)).json() as any;
  const since = mails.filter((m) => /滚动计划|目标|集客|走访/.test(m.subject));
  console.log(`  e-mails in the mail catcher for this cycle: ${since.length} (${MAIL})`);
  for (const m of since.slice(-12)) console.log(`    ${m.to.map((t) => t.address).join(',')}  ${m.subject}`);
  console.log(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

/** A cycle already under way (e.g. an earlier walkthrough was interrupted): take every open step of
 *  it with the positive decision until nothing is left. */
async function finish(workflowId: string) {
  console.log(`  the cycle ${workflowId} is already under way: finishing its open steps`);
  const decisions: Record<string, [string, string]> = {
    plan_draft: ['ka_manager', 'submit'], plan_review: ['sales_director', 'approve'], plan_signoff: ['gm', 'approve'],
    target_confirmation: ['consultant', 'confirm'], visit_plan: ['consultant', 'submit'],
  };
  for (let idle = 0; idle < 10;) {
    let acted = false;
    for (const who of ['ka_manager', 'sales_director', 'gm', ...CONSULTANTS]) {
      const { items } = await call('GET', '/api/tasks?status=open', who);
      for (const t of (items as Array<Task & { workflowId: string }>).filter((x) => x.workflowId === workflowId && decisions[x.kind])) {
        const [role, decision] = decisions[t.kind];
        if (role === 'consultant' ? !CONSULTANTS.includes(who) : role !== who) continue;
        await complete(who, t, decision, t.kind === 'plan_review' ? approval(t) : {});
        acted = true;
      }
    }
    if (acted) idle = 0; else { idle++; await new Promise((r) => setTimeout(r, 500)); }
  }
  console.log('  no open steps left in the cycle');
}

main().catch((e) => { console.error(e.message); process.exit(1); });
