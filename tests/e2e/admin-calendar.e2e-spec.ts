// The dealer policy and the working-day calendar over HTTP.
import { startE2E, type E2E } from '../support/e2e';

let env: E2E;
beforeAll(async () => {
  env = await startE2E();
});
afterAll(async () => {
  await env?.stop();
});

it('merges a policy change, validates every field, and keeps dealers apart', async () => {
  const ok = await env.http
    .put('/api/admin/policy')
    .set(env.auth('admin'))
    .send({ reminderAt: 0.5, durations: { callback: 'PT20S' } });
  expect(ok.status).toBe(200);
  expect(ok.body).toMatchObject({
    reminderAt: 0.5,
    durations: { callback: 'PT20S', rectification: { workingDays: 3 } },
  });

  const bad = await env.http
    .put('/api/admin/policy')
    .set(env.auth('admin'))
    .send({
      reminderAt: 2,
      durations: { callback: '7 days', rectification: { workingDays: 0 } },
      escalationChains: { default: ['consultant', 'pope'] },
      colour: 'red',
    });
  expect(bad.status).toBe(400);
  expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(
    [
      'colour',
      'durations.callback',
      'durations.rectification.workingDays',
      'escalationChains.default',
      'reminderAt',
    ].sort(),
  );
  // nothing of the bad request was written
  expect((await env.http.get('/api/admin/policy').set(env.auth('admin'))).body).toMatchObject({
    reminderAt: 0.5,
    durations: { callback: 'PT20S' },
  });
  // dealer 2 still has the defaults
  expect((await env.http.get('/api/admin/policy').set(env.auth('admin2'))).body).toMatchObject({
    reminderAt: 0.75,
    durations: { callback: 'P7D' },
  });
});

it('lists working days with the official 2026 makeup days and the month-end window', async () => {
  const days = await env.http
    .get('/api/calendar/working-days?from=2026-09-26&to=2026-10-11')
    .set(env.auth('consultant'));
  expect(days.status).toBe(200);
  expect(days.body).toEqual({
    days: ['2026-09-28', '2026-09-29', '2026-09-30', '2026-10-08', '2026-10-09', '2026-10-10'],
    official: true,
    provisional: false,
  });
  const feb = await env.http.get('/api/calendar/month-end-window?month=2026-02').set(env.auth('consultant'));
  // Spring Festival: 15–23 Feb off; Sat 28 Feb is a makeup working day
  expect(feb.body).toEqual({
    month: '2026-02',
    days: ['2026-02-24', '2026-02-25', '2026-02-26', '2026-02-27', '2026-02-28'],
    official: true,
    provisional: false,
  });
  // no notice for 2099: provisional (no statutory holiday in March)
  const future = await env.http.get('/api/calendar/month-end-window?month=2099-03').set(env.auth('consultant'));
  expect(future.body).toEqual({
    month: '2099-03',
    days: ['2099-03-25', '2099-03-26', '2099-03-27', '2099-03-30', '2099-03-31'],
    official: false,
    provisional: true,
  });
  const bad = await env.http
    .get('/api/calendar/working-days?from=2026-13-01&to=2026-01-01')
    .set(env.auth('consultant'));
  expect(bad.status).toBe(400);
  expect(bad.body.details[0].field).toBe('from');
});

it("lets a dealer admin close its own dealer for a day, which only that dealer's calendar honours", async () => {
  const set = await env.http
    .put('/api/admin/closures/2099')
    .set(env.auth('admin'))
    .send({ days: [{ date: '2099-03-31', working: false, note: '盘点日' }] });
  expect(set.status).toBe(200);
  // a closure never makes a year official
  expect(set.body).toEqual({
    year: 2099,
    official: false,
    provisional: true,
    source: 'provisional',
    days: [{ date: '2099-03-31', working: false, note: '盘点日' }],
  });
  const window = await env.http.get('/api/calendar/month-end-window?month=2099-03').set(env.auth('consultant'));
  expect(window.body.days).toEqual(['2099-03-24', '2099-03-25', '2099-03-26', '2099-03-27', '2099-03-30']);
  // dealer 2 neither sees nor follows dealer 1's closure
  expect((await env.http.get('/api/admin/closures/2099').set(env.auth('admin2'))).body.days).toEqual([]);
  const other = await env.http.get('/api/calendar/month-end-window?month=2099-03').set(env.auth('consultant2'));
  expect(other.body.days).toEqual(['2099-03-25', '2099-03-26', '2099-03-27', '2099-03-30', '2099-03-31']);
  const bad = await env.http
    .put('/api/admin/closures/2099')
    .set(env.auth('admin'))
    .send({ days: [{ date: '2098-01-01', working: 'yes' }] });
  expect(bad.status).toBe(400);
  expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['days[0].date', 'days[0].working']);
  // nothing written
  expect((await env.http.get('/api/admin/closures/2099').set(env.auth('admin'))).body.days).toHaveLength(1);
  // the national calendar is not the dealer admin's: the old route is gone, the official one refuses
  expect((await env.http.put('/api/admin/calendar/2099').set(env.auth('admin')).send({ days: [] })).status).toBe(404);
  expect(
    (await env.http.put('/api/calendar/official/2099').set(env.auth('admin')).send({ year: 2099, days: [] })).status,
  ).toBe(403);
  expect((await env.http.put('/api/admin/closures/2099').set(env.auth('consultant')).send({ days: [] })).status).toBe(
    403,
  );
  await env.http.put('/api/admin/closures/2099').set(env.auth('admin')).send({ days: [] });
});

// The API's clock is pinned: from 1 December (Shanghai) a next year without a State Council notice makes the
// calendar degraded; before it, or when next year's notice is shipped (2026's), it is up.
it.each([
  ['degraded after 1 December while next year is provisional', '2098-12-05T02:00:00Z', 'degraded', 2099],
  ['up before 1 December', '2099-06-01T02:00:00Z', 'up', null],
  ["up in December when next year's notice is shipped", '2025-12-05T02:00:00Z', 'up', null],
])('reports the calendar as %s (never down)', async (_label, at, calendar, warnedYear) => {
  env.clock.pin(at);
  try {
    const res = await env.http.get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body.checks).toEqual({ database: 'up', temporal: 'up', calendar });
    if (warnedYear === null) expect(res.body.warnings).toBeUndefined();
    else
      expect(res.body.warnings).toEqual([
        expect.stringContaining(`no State Council holiday notice is loaded for ${warnedYear}`),
      ]);
  } finally {
    env.clock.unpin();
  }
});
