// The stateless planning previews over HTTP (docs/user-guide.md "Planning arithmetic"): one worked example
// per endpoint (the same hand computations as tests/unit/planning), 400s naming the field, 401.
import { startE2E, type E2E } from '../support/e2e';

let env: E2E;
beforeAll(async () => {
  env = await startE2E();
});
afterAll(async () => {
  await env?.stop();
});

const post = (path: string, body: unknown, as: string | null = 'consultant') => {
  const req = env.http.post(`/api/planning/preview/${path}`);
  return (as ? req.set(env.auth(as)) : req).send(body as object);
};
const fieldsOf = (res: { body: { details?: Array<{ field: string }> } }) =>
  (res.body.details ?? []).map((d) => d.field);

const annual = {
  year: 2025,
  targets: { orders: 130, aak: 120, submissions: 120 },
  seasonalIndex: Array(12).fill(1),
  orderConversionRate: 0.5,
  licensingRates: 0.4,
  openingBacklog: 6,
  openingPendingSubmissions: 5,
};
const rolling = {
  year: 2025,
  month: '2025-10',
  annualTargets: { orders: 130, aak: 120, submissions: 120 },
  seasonalIndex: [1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 1, 1],
  orderConversionRate: 0.5,
  licensingRates: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0.6, 0.6, 0.5],
  actuals: Array.from({ length: 9 }, (_, i) => ({
    month: `2025-0${i + 1}`,
    orders: i === 8 ? 9 : 10,
    aak: 10,
    submissions: 9,
  })),
  backlog: 7,
  pendingSubmissions: 4,
  nextMonthStock: 12,
};
const decomposition = {
  month: '2025-11',
  targets: { orders: 20, aak: 15, submissions: 12 },
  models: [
    { model: 'A6L', haOnHand: 6, stock: 10 },
    { model: 'Q5L', haOnHand: 3, stock: 20 },
    { model: 'A4L', haOnHand: 1, stock: 10 },
  ],
  customerTypeShares: { enterprise: 0.3, government: 0.15, general: 0.2 },
  channelShares: { new: 0.4, repeat: 0.6 },
  consultants: [
    { consultantId: 'c1', name: '张三', achievement: 1.2, haOnHand: 5, remainingOrders: 2 },
    { consultantId: 'c2', achievement: 0.8, haOnHand: 3, remainingOrders: 6 },
    { consultantId: 'c3', name: '王五', achievement: 0, haOnHand: 2, remainingOrders: 0 },
  ],
  consultantWeights: { achievement: 0.4, haOnHand: 0.4, remainingOrders: 0.2 },
};
const lead = {
  models: [
    {
      model: 'A',
      orderTarget: 21,
      leadCloseRate: 0.7,
      haCloseRate: 0.3,
      haOnHand: 12,
      bcOnHand: 10,
      bcConversionRate: 0.35,
    },
    {
      model: 'B',
      orderTarget: 10,
      leadCloseRate: 0.25,
      haCloseRate: 0.5,
      haOnHand: 100,
      bcOnHand: 20,
      bcConversionRate: 0.15,
    },
  ],
};

describe('worked examples (200)', () => {
  it('annual: 130 orders evenly over 12 months from B0 = 6, P0 = 5, r = .5, l = .4', async () => {
    const res = await post('annual', annual);
    expect(res.status).toBe(200);
    expect(res.body.months[0]).toEqual({
      month: '2025-01',
      orders: 11,
      aak: 9,
      submissions: 6,
      backlog: 8,
      pendingSubmissions: 8,
      orderDepth: 0.89,
    });
    expect(res.body.months[11]).toMatchObject({ month: '2025-12', orders: 10, aak: 10, submissions: 10 });
    expect(res.body.totals).toEqual({ orders: 130, aak: 126, submissions: 115 });
    expect(res.body.coverage).toEqual({
      aak: { planned: 126, target: 120, gap: 0 },
      submissions: { planned: 115, target: 120, gap: 5 },
      ok: false,
    });
  });

  it('rolling: Oct–Dec re-split with October capped at the stock (any signed-in role)', async () => {
    const res = await post('rolling', rolling, 'cs_agent');
    expect(res.status).toBe(200);
    expect(
      res.body.months.map((m: any) => [m.month, m.orders, m.aak, m.submissions, m.backlog, m.pendingSubmissions]),
    ).toEqual([
      ['2025-10', 21, 12, 10, 16, 6],
      ['2025-11', 10, 13, 11, 13, 8],
      ['2025-12', 10, 12, 10, 11, 10],
    ]);
    expect(res.body).toMatchObject({
      remaining: { orders: 41, aak: 30, submissions: 39 },
      stockCapped: true,
      totals: { orders: 130, aak: 127, submissions: 112 },
      coverage: { submissions: { gap: 8 }, ok: false },
    });
    expect(res.body.next).toEqual(res.body.months[0]);
    expect(res.body.closed).toHaveLength(9);
  });

  it('decomposition: by model, customer type, channel, consultant and consultant × model', async () => {
    const res = await post('decomposition', decomposition, 'ka_manager');
    expect(res.status).toBe(200);
    expect(res.body.byModel.map((m: any) => [m.model, m.orders, m.aak, m.submissions])).toEqual([
      ['A6L', 9, 6, 5],
      ['Q5L', 8, 6, 5],
      ['A4L', 3, 3, 2],
    ]);
    expect(res.body.byCustomerType.map((m: any) => [m.customerType, m.orders])).toEqual([
      ['enterprise', 9],
      ['government', 5],
      ['general', 6],
    ]);
    expect(res.body.byChannel.map((m: any) => [m.channel, m.orders, m.aak, m.submissions])).toEqual([
      ['new', 8, 6, 5],
      ['repeat', 12, 9, 7],
    ]);
    expect(res.body.byConsultant.map((c: any) => [c.consultantId, c.weight, c.orders, c.aak, c.submissions])).toEqual([
      ['c1', 0.49, 10, 7, 6],
      ['c2', 0.43, 9, 7, 5],
      ['c3', 0.08, 1, 1, 1],
    ]);
    expect(res.body.byConsultant[0].byModel).toEqual([
      { model: 'A6L', orders: 5, aak: 3, submissions: 3 },
      { model: 'Q5L', orders: 4, aak: 3, submissions: 2 },
      { model: 'A4L', orders: 1, aak: 1, submissions: 1 },
    ]);
  });

  it('lead: targets per model', async () => {
    const res = await post('lead', lead);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      models: [
        { model: 'A', leadTarget: 30, newHaTarget: 58, bcToHaTarget: 4 },
        { model: 'B', leadTarget: 40, newHaTarget: 0, bcToHaTarget: 3 },
      ],
    });
  });

  it('weekly: a line exactly on 90% of the pro-rated target is not a gap', async () => {
    const res = await post('weekly', {
      workingDaysInMonth: 21,
      workingDaysElapsed: 10,
      threshold: 0.9,
      lines: [
        { key: 'leads', target: 21, actual: 9 },
        { key: 'newHa', target: 21, actual: 8 },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      share: 0.4762,
      gaps: 1,
      lines: [
        { key: 'leads', target: 21, actual: 9, proRated: 10, achievement: 0.9, gap: false, shortfall: 0 },
        { key: 'newHa', target: 21, actual: 8, proRated: 10, achievement: 0.8, gap: true, shortfall: 1 },
      ],
    });
  });
});

describe('400 naming the field', () => {
  const expect400 = async (path: string, body: unknown, fields: string[]) => {
    const res = await post(path, body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'BadRequest', message: expect.any(String) });
    expect(fieldsOf(res)).toEqual(fields);
    for (const d of res.body.details) expect(typeof d.problem).toBe('string');
  };

  it('a negative number', () => expect400('annual', { ...annual, openingBacklog: -3 }, ['openingBacklog']));
  it('a rate above 1', () => expect400('rolling', { ...rolling, orderConversionRate: 1.2 }, ['orderConversionRate']));
  it('a seasonal index of 11 values', () =>
    expect400('annual', { ...annual, seasonalIndex: Array(11).fill(1) }, ['seasonalIndex']));
  it('all-zero weights', () =>
    expect400(
      'decomposition',
      { ...decomposition, consultantWeights: { achievement: 0, haOnHand: 0, remainingOrders: 0 } },
      ['consultantWeights'],
    ));
  it('actuals that are not the closed months', () =>
    expect400('rolling', { ...rolling, actuals: rolling.actuals.slice(1) }, [
      'actuals',
      ...rolling.actuals.slice(1).map((_, i) => `actuals[${i}].month`),
    ]));
  it('a lead closing rate of 0', () =>
    expect400('lead', { models: [lead.models[0], { ...lead.models[1], leadCloseRate: 0 }] }, [
      'models[1].leadCloseRate',
    ]));
  it('duplicate models in the decomposition', () =>
    expect400('decomposition', { ...decomposition, models: [...decomposition.models, decomposition.models[0]] }, [
      'models[3].model',
    ]));
  it('elapsed beyond the month', () =>
    expect400('weekly', { workingDaysInMonth: 20, workingDaysElapsed: 21, threshold: 0.9, lines: [] }, [
      'workingDaysElapsed',
    ]));
  it('unknown fields, top-level and nested', () =>
    expect400('annual', { ...annual, colour: 'red', targets: { ...annual.targets, leads: 3 } }, [
      'targets.leads',
      'colour',
    ]));
  it('unknown fields inside list items', () =>
    expect400('rolling', { ...rolling, actuals: rolling.actuals.map((a, i) => (i === 1 ? { ...a, note: 'x' } : a)) }, [
      'actuals[1].note',
    ]));
  it('an empty body and a list body', async () => {
    await expect400('lead', {}, ['models']);
    await expect400('annual', [1, 2], ['(body)']);
    const none = await env.http.post('/api/planning/preview/annual').set(env.auth('consultant'));
    expect(none.status).toBe(400);
  });
  it('non-object JSON and malformed JSON', async () => {
    for (const raw of ['5', '"text"', 'null', '{"year": 2025,']) {
      const res = await env.http
        .post('/api/planning/preview/decomposition')
        .set(env.auth('consultant'))
        .set('Content-Type', 'application/json')
        .send(raw);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'BadRequest' });
      expect(res.body.details.length).toBeGreaterThan(0);
    }
  });
});

it('401 without a token, for every preview', async () => {
  for (const [path, body] of [
    ['annual', annual],
    ['rolling', rolling],
    ['decomposition', decomposition],
    ['lead', lead],
    ['weekly', {}],
  ] as const) {
    const res = await post(path, body, null);
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
  }
});

it('documents the previews in the OpenAPI description', async () => {
  const res = await env.http.get('/api/docs-json');
  expect(res.status).toBe(200);
  for (const p of ['annual', 'rolling', 'decomposition', 'lead', 'weekly']) {
    expect(res.body.paths[`/api/planning/preview/${p}`]?.post).toMatchObject({
      tags: ['planning'],
      summary: expect.any(String),
    });
  }
});
