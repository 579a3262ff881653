// The whole stack for browser tests: the real API (in process, serving the built web app) on a port
// of its own, a Temporal worker, an SMTP listener, PostgreSQL, and Debian's Chromium driven by
// playwright-core. Pages' console errors are collected; screenshots go to test-artifacts/browser/.
import { existsSync, mkdirSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { WEB_DIST } from '../../apps/api/src/web/web-static';
import { startE2E, type E2E } from './e2e';
import { PASSWORD } from './fixtures';

export const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts', 'browser');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface BrowserStack extends E2E {
  baseUrl: string;
  browser: Browser;
  /**
   * A fresh browser context (own storage) and page, in a language; console errors are recorded. `device` sets
   * the screen (1280×900 by default; PHONE for a 390×844 touch phone).
   */
  open(lang?: 'zh-CN' | 'en', device?: Device): Promise<Page>;
  /** Console errors and uncaught page errors seen so far on every page opened. */
  consoleErrors: string[];
  signIn(page: Page, name: string): Promise<void>;
  shot(page: Page, name: string): Promise<void>;
  /** axe-core violations of impact serious or critical on the page as it is. */
  seriousViolations(page: Page): Promise<{ id: string; impact: string; help: string; nodes: number }[]>;
}

/** A browser context's screen: its size, and whether it is a touch phone. */
export interface Device {
  viewport: { width: number; height: number };
  isMobile?: boolean;
  hasTouch?: boolean;
  /** The browser's user agent (e.g. WeCom's, which says wxwork); Chromium's own when absent. */
  userAgent?: string;
}
/** A phone as the issue measures one: 390×844 CSS pixels, a mobile viewport, touch. */
export const PHONE: Device = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
/** The smallest PC screen the product supports. */
export const PC: Device = { viewport: { width: 1366, height: 768 } };

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export async function startBrowserStack(policyPatch: Record<string, unknown> = {}): Promise<BrowserStack> {
  if (!existsSync(join(WEB_DIST, 'index.html'))) {
    throw new Error(`the web app is not built (${WEB_DIST}); run the tests with \`npm test\`, which builds it`);
  }
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}; \`npm test\` installs Debian's chromium`);
  mkdirSync(ARTIFACTS, { recursive: true });
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env = await startE2E(policyPatch, { publicUrl: baseUrl });
  await new Promise<void>((resolve) => env.app.getHttpServer().listen(port, '127.0.0.1', () => resolve()));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
  const contexts: BrowserContext[] = [];
  const consoleErrors: string[] = [];
  const stopE2E = env.stop.bind(env);

  const stack: BrowserStack = Object.assign(env, {
    baseUrl,
    browser,
    consoleErrors,
    async open(lang: 'zh-CN' | 'en' = 'zh-CN', device: Device = { viewport: { width: 1280, height: 900 } }) {
      const context = await browser.newContext({ baseURL: baseUrl, locale: lang, ...device });
      await context.addInitScript(
        `if (!localStorage.getItem('kaflow.lang')) localStorage.setItem('kaflow.lang', '${lang}');`,
      );
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      page.on('console', (m) => {
        if (m.type() === 'error') consoleErrors.push(`${page.url()}: ${m.text()} @ ${m.location().url}`);
      });
      page.on('pageerror', (e) => consoleErrors.push(`${page.url()}: ${e.message}`));
      return page;
    },
    async signIn(page: Page, name: string) {
      const user = env.users[name];
      // a fresh page signs in to the inbox (where most tests start); one already on the login form goes where the
      // form leads (after `goto('/')`: the person's home)
      if (!page.url().includes('/login')) await page.goto('/login?next=%2Finbox');
      const zh = (await page.locator('html').getAttribute('lang')) !== 'en';
      await page.getByLabel(zh ? '用户名' : 'Username').fill(user.username);
      await page.getByLabel(zh ? '密码' : 'Password').fill(PASSWORD);
      await page.locator('[data-action="login"]').click();
      await page.locator('[data-action="logout"]').waitFor();
    },
    async shot(page: Page, name: string) {
      await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
    },
    async seriousViolations(page: Page) {
      const result = await new AxeBuilder({ page }).analyze();
      return result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => ({ id: v.id, impact: v.impact ?? '', help: v.help, nodes: v.nodes.length }));
    },
  });
  stack.stop = async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser.close().catch(() => undefined);
    await stopE2E();
  };
  return stack;
}
