// The first load's weight in Chromium: the JavaScript transferred (bytes on the wire, as Chromium's network log
// counts them) for the login page, then after signing in up to the manager's home, stays under 500 KB, and every
// script of 1 KB or more arrived compressed. The charts (ECharts) are in their own lazy chunk, fetched only by a
// page that draws one: they are left out of the home's first load and counted on their own.
import type { Page } from 'playwright-core';
import { startBrowserStack, type BrowserStack } from '../support/browser';
import { PASSWORD } from '../support/fixtures';

jest.setTimeout(300_000);
let s: BrowserStack;
beforeAll(async () => {
  s = await startBrowserStack();
});
afterAll(async () => {
  await s?.stop();
});

const LIMIT = 500 * 1024;

interface Script {
  url: string;
  transferred: number;
  decoded: number;
  encoding: string | undefined;
}

/** Records every script response of the page from Chromium's network log (CDP), with its transferred size. */
async function recordScripts(page: Page): Promise<Map<string, Script>> {
  const cdp = await page.context().newCDPSession(page);
  const seen = new Map<string, Script>();
  const pending = new Map<string, Script>();
  cdp.on('Network.responseReceived', (e) => {
    if (e.type !== 'Script') return;
    const encoding = Object.entries(e.response.headers).find(([k]) => k.toLowerCase() === 'content-encoding')?.[1];
    pending.set(e.requestId, { url: e.response.url, encoding, transferred: 0, decoded: 0 });
  });
  cdp.on('Network.dataReceived', (e) => {
    const p = pending.get(e.requestId);
    if (p) p.decoded += e.dataLength;
  });
  cdp.on('Network.loadingFinished', (e) => {
    const p = pending.get(e.requestId);
    if (p) seen.set(p.url, { ...p, transferred: e.encodedDataLength });
  });
  await cdp.send('Network.enable');
  return seen;
}

const sum = (scripts: Iterable<Script>) => [...scripts].reduce((a, x) => a + x.transferred, 0);

it('loads under 500 KB of JavaScript as transferred, for the login page and up to the home, compressed', async () => {
  const page = await s.open('zh-CN');
  const scripts = await recordScripts(page);
  await page.goto('/login');
  await page.locator('[data-action="login"]').waitFor();
  await page.waitForLoadState('networkidle');
  const atLogin = sum(scripts.values());
  expect(scripts.size).toBeGreaterThan(2);
  expect(atLogin).toBeGreaterThan(50 * 1024); // the framework is in there: the count is real
  expect(atLogin).toBeLessThan(LIMIT);

  await page.getByLabel('用户名').fill(s.users.ka_manager.username);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.locator('[data-action="login"]').click();
  await page.locator('[data-home-ready="dealer"]').waitFor();
  await page.locator('[data-chart-picture] svg').first().waitFor();
  await page.waitForLoadState('networkidle');
  const charts = [...scripts.values()].filter((x) => /\/chart-impl-[^/]*\.js$/.test(x.url));
  expect(charts).toHaveLength(1);
  const atHome = sum(scripts.values()) - sum(charts);
  expect(atHome).toBeGreaterThan(atLogin);
  expect(atHome).toBeLessThan(LIMIT);

  for (const x of scripts.values()) {
    if (x.decoded >= 1024) expect({ url: x.url, encoding: x.encoding }).toEqual({ url: x.url, encoding: 'br' });
  }
  console.log(
    `first load JS as transferred: login page ${(atLogin / 1024).toFixed(1)} KB, up to the home ` +
      `${(atHome / 1024).toFixed(1)} KB, and the charts' own chunk ${(sum(charts) / 1024).toFixed(1)} KB ` +
      `(${scripts.size} scripts)`,
  );
});
