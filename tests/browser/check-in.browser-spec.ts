// Visit check-in (走访签到) on a phone (390×844, touch): the consultant checks in on one of today's visits with the
// position granted (the browser's geolocation, set here), and on another with the permission refused (recorded as
// "no position"); the KA manager then sees both on the visits page, with a map link for the first.
import type { Page } from 'playwright-core';
import { VisitCheckInEntity, VisitPlanEntity } from '@kaflow/persistence';
import { PHONE, startBrowserStack, type BrowserStack } from '../support/browser';
import { eventually } from '../support/eventually';

jest.setTimeout(300_000);
let s: BrowserStack;
beforeAll(async () => {
  s = await startBrowserStack();
});
afterAll(async () => {
  await s?.stop();
});

/** Today at the dealer (Asia/Shanghai, UTC+8), worked out here. */
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const noSidewaysScroll = (page: Page) =>
  page.evaluate<boolean>('document.documentElement.scrollWidth <= document.documentElement.clientWidth');

it('checks in with and without a position on the phone, and the manager sees both with a map link', async () => {
  const t = today();
  const plan = (accountName: string) =>
    s.db.getRepository(VisitPlanEntity).save({
      dealerId: s.dealer1.id,
      consultantId: s.users.consultant.id,
      month: t.slice(0, 7),
      plannedDate: t,
      accountId: null,
      accountName,
      purpose: '续购沟通',
    });
  const withPosition = await plan('签到定位单位');
  const withoutPosition = await plan('签到无定位单位');

  // Position granted: the check-in carries it
  const granted = await s.open('zh-CN', PHONE);
  await granted.context().grantPermissions(['geolocation'], { origin: s.baseUrl });
  await granted.context().setGeolocation({ latitude: 30.6598, longitude: 104.0633, accuracy: 25 });
  await s.signIn(granted, 'consultant');
  await granted.goto('/visits');
  const button = granted.locator(`[data-check-in="${withPosition.id}"]`);
  await button.waitFor();
  const box = (await button.boundingBox())!;
  expect(box.height).toBeGreaterThanOrEqual(44);
  expect(await noSidewaysScroll(granted)).toBe(true);
  await button.tap();
  await granted.locator(`[data-checked-in="${withPosition.id}"] [data-position]`).waitFor();
  await s.shot(granted, 'check-in-phone');

  // Permission refused (a context without it): still checked in, "no position"
  const refused = await s.open('zh-CN', PHONE);
  await s.signIn(refused, 'consultant');
  await refused.goto('/visits');
  await refused.locator(`[data-check-in="${withoutPosition.id}"]`).tap();
  await refused.locator(`[data-checked-in="${withoutPosition.id}"] [data-no-position]`).waitFor({ timeout: 30_000 });

  const rows = await eventually(async () => {
    const r = await s.db
      .getRepository(VisitCheckInEntity)
      .findBy([{ planId: withPosition.id }, { planId: withoutPosition.id }]);
    expect(r).toHaveLength(2);
    return r;
  });
  const first = rows.find((r) => r.planId === withPosition.id)!;
  expect([first.lat, first.lng, first.accuracy]).toEqual([30.6598, 104.0633, 25]);
  const second = rows.find((r) => r.planId === withoutPosition.id)!;
  expect([second.lat, second.lng, second.accuracy]).toEqual([null, null, null]);
  expect([first.localDate, second.localDate]).toEqual([t, t]);

  // The manager's view on a phone: both check-ins, a map link (Amap, WGS-84 converted there) for the first only
  const manager = await s.open('zh-CN', PHONE);
  await s.signIn(manager, 'ka_manager');
  await manager.goto('/visits');
  const seen = manager.locator(`[data-checked-in="${withPosition.id}"]`);
  await seen.waitFor();
  expect(await seen.locator('[data-map-link]').getAttribute('href')).toBe(
    `https://uri.amap.com/marker?position=104.0633,30.6598&coordinate=wgs84&name=${encodeURIComponent(
      '签到定位单位',
    )}&src=kaflow&callnative=0`,
  );
  expect(await seen.innerText()).toContain('30.65980, 104.06330');
  const other = manager.locator(`[data-checked-in="${withoutPosition.id}"]`);
  await other.locator('[data-no-position]').waitFor();
  expect(await other.locator('[data-map-link]').count()).toBe(0);
  expect(await noSidewaysScroll(manager)).toBe(true);
  expect(await s.seriousViolations(manager)).toEqual([]);
  await s.shot(manager, 'check-in-manager');
});
