import fs from 'node:fs';
import path from 'node:path';
import { and, count, eq, lte } from 'drizzle-orm';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { buildApp } from '../src/server/app.ts';
import { systemJobs } from '../src/server/db/schema/index.ts';
import { seedDemo } from '../src/server/demo/index.ts';
import { SESSION_COOKIE } from '../src/server/http/error-handler.ts';
import type { App } from '../src/server/http/types.ts';
import { JobRunner } from '../src/server/modules/system/jobs.service.ts';
import { type Agent, agentOn } from '../test/app.ts';
import { TEST_APP_CONFIG } from '../test/config.ts';
import { createTestDb, type TestDb } from '../test/db.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const DEMO_PASSWORD = 'Yzd@2026demo';

/**
 * Browser tests run in Debian's Chromium. Without it they are skipped — said plainly — unless
 * REQUIRE_BROWSER=1, when their absence fails the run.
 */
export function describeBrowser(name: string, fn: () => void) {
  if (fs.existsSync(CHROMIUM)) return describe(name, fn);
  if (inject('requireBrowser')) {
    return describe(name, () => {
      it('needs Chromium', () => {
        throw new Error(
          `浏览器测试需要 ${CHROMIUM}（apt-get install -y chromium），REQUIRE_BROWSER=1 不允许跳过`,
        );
      });
    });
  }
  console.warn(`[浏览器测试已跳过] 未找到 ${CHROMIUM}：${name}`);
  return describe.skip(name, fn);
}

export interface E2eServer {
  url: string;
  db: TestDb;
  app: App;
  /**
   * A demo user's API session on the in-process app, for what a test needs before its own steps
   * (each test builds its own starting state, so none depends on another's).
   */
  as(username: string, password?: string): Promise<Agent>;
  /** Resolves once no job is due any more: what a page showing a background job's result waits on. */
  jobsIdle(): Promise<void>;
  close(): Promise<void>;
}

/** The built web app and the API on a fresh demo database, listening on a free local port. */
export async function startE2eServer(): Promise<E2eServer> {
  const webDist = path.resolve('dist/web');
  if (!fs.existsSync(path.join(webDist, 'index.html'))) {
    throw new Error('dist/web 不存在：请先 npm run build（npm test 会先构建）');
  }
  const db = await createTestDb({ realClock: true });
  await seedDemo(db.deps, { scale: 'small' });
  const app = await buildApp({
    deps: db.deps,
    config: { ...TEST_APP_CONFIG, webDist, loginRateLimit: 600 },
    databaseKind: db.database.kind,
    logger: false,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const jobs = new JobRunner(db.deps, { pollMs: 200 });
  await jobs.start();
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    db,
    app,
    async as(username, password = DEMO_PASSWORD) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password },
      });
      if (res.statusCode !== 200) throw new Error(`${username} 登录失败：${res.statusCode} ${res.body}`);
      const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE)?.value ?? null;
      return agentOn(app, null, cookie, res.json().me.csrfToken);
    },
    async jobsIdle() {
      await expect
        .poll(
          async () =>
            (
              await db.deps.db
                .select({ n: count() })
                .from(systemJobs)
                .where(and(eq(systemJobs.status, 'pending'), lte(systemJobs.runAt, new Date())))
            )[0]!.n,
          { timeout: 60_000, interval: 200 },
        )
        .toBe(0);
    },
    async close() {
      await jobs.stop();
      await app.close();
      await db.close();
    },
  };
}

/** Headless Chromium; Playwright gives each launch a new empty profile directory. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * What every browser context shares: the users' language and time zone. The jurisdiction keeps
 * China Standard Time, and pages take "today" from the browser, so a browser in UTC would see
 * yesterday for eight hours a day.
 */
export const BROWSER_CONTEXT = { locale: 'zh-CN', timezoneId: 'Asia/Shanghai' } as const;

export async function newPage(browser: Browser, base: string): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({
    ...BROWSER_CONTEXT,
    baseURL: base,
    viewport: { width: 1366, height: 850 },
  });
  const page = await ctx.newPage();
  page.setDefaultTimeout(15_000);
  return { ctx, page };
}

export async function login(page: Page, username: string, password = DEMO_PASSWORD) {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  // Wait for the server's answer, so that the next step never races the previous attempt.
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/auth/login') && r.request().method() === 'POST'),
    page.getByRole('button', { name: '登录' }).click(),
  ]);
}

/**
 * Saves a screenshot under test-results/ (kept out of git) for a person to look at: the whole
 * page, or with `fullPage: false` what the screen shows (a dialog scrolls on its own, above the page).
 */
export async function snap(page: Page, name: string, opts: { fullPage?: boolean } = {}) {
  fs.mkdirSync('test-results', { recursive: true });
  await page.screenshot({ path: path.join('test-results', `${name}.png`), fullPage: opts.fullPage ?? true });
}

/** Waits for what a user would see: a machine under load may take seconds, not the default one. */
export function poll<T>(fn: () => Promise<T> | T, opts: { timeout?: number } = {}) {
  return expect.poll(fn, { timeout: opts.timeout ?? 20_000, interval: 100 });
}

/**
 * Picks an option of an antd Select found by its test id, and waits until the select shows it:
 * the first option whose text contains `option`, or else the first option. `search` is typed
 * into the select first (a RemoteSelect asks the server with it). A click that lands while the
 * modal or drawer around the select is still moving in is lost, so it is tried again. For a
 * single select: returns the text of the option picked once its list has closed.
 */
export async function pick(
  page: Page,
  target: string | Locator,
  opts: { option?: string; search?: string } = {},
): Promise<string> {
  const select = typeof target === 'string' ? page.getByTestId(target) : target;
  const list = page.locator('.ant-select-dropdown:visible');
  for (let attempt = 0; ; attempt++) {
    // After a lost click the list may be closing: let it settle before opening it again.
    if (attempt > 0) await list.waitFor({ state: 'hidden', timeout: 1_000 }).catch(() => {});
    if ((await list.count()) === 0) await select.click();
    if (opts.search !== undefined) await select.locator('input').fill(opts.search);
    const options = list.locator('.ant-select-item-option');
    const option = (opts.option ? options.filter({ hasText: opts.option }) : options).first();
    await option.waitFor();
    const text = ((await option.getAttribute('title')) || (await option.textContent()) || '').trim();
    await option.click();
    try {
      await expect.poll(() => select.textContent(), { timeout: 3_000 }).toContain(text);
      // A multiple select keeps its list open: Escape closes the list only (Tab would toggle the
      // active option, and the modal or drawer around it keeps the key). A single select's list
      // closes by itself; an Escape sent while it fades out would close the dialog around it.
      const multiple = await select.evaluate((el) => !!el.closest('.ant-select-multiple'));
      if (multiple && (await list.count()) > 0) await page.keyboard.press('Escape');
      await list.waitFor({ state: 'hidden' });
      return text;
    } catch (e) {
      if (attempt === 2) throw e;
    }
  }
}

/**
 * Waits until nothing in `el` moves any more: a dialog zooms in, an uploaded file slides into
 * its list, a list fades out. antd marks what is coming or going with motion classes
 * (ant-zoom-appear…) before the animation itself starts, so both are waited for.
 */
export async function settled(el: Locator) {
  await poll(() =>
    el.evaluate(
      (e) =>
        e.getAnimations({ subtree: true }).length === 0 &&
        ![e, ...e.querySelectorAll('*')].some((x) => /-(appear|enter|leave)\b/.test(x.className.toString())),
    ),
  ).toBe(true);
}

/** Opens a page of the side menu as a user would: the group (unless already open), then the item. */
export async function openMenu(page: Page, group: string, item?: string) {
  const nav = page.locator('.ant-layout-sider');
  if (!item) return nav.getByText(group, { exact: true }).click();
  const entry = nav.getByText(item, { exact: true });
  if (!(await entry.isVisible())) await nav.getByText(group, { exact: true }).click();
  await entry.click();
}

/**
 * Reloads the page until `target` shows, as a user waiting for a background job would: one
 * reload a second at most, each let finish its requests before looking again.
 */
export async function reloadUntilShown(page: Page, target: Locator, timeoutMs = 40_000) {
  const deadline = Date.now() + timeoutMs;
  while ((await target.count()) === 0 && Date.now() < deadline) {
    await page.waitForTimeout(1_000);
    await page.reload({ waitUntil: 'networkidle' });
  }
  await poll(() => target.count()).toBeGreaterThan(0);
}
