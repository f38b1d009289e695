import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  BROWSER_CONTEXT,
  describeBrowser,
  type E2eServer,
  launchBrowser,
  login,
  newPage,
  poll,
  settled,
  snap,
  startE2eServer,
} from './helpers.ts';

let server: E2eServer;
let browser: Browser;

describeBrowser('platform: login, menus by role, lockout, audit chain', () => {
  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const ADMIN_ONLY = ['审计日志', '后台任务', '账号与权限'];
  const MENUS: Record<string, { see: string[]; notSee: string[] }> = {
    sysadmin: {
      see: ['首页', '账号与权限', '后台任务'],
      notSee: ['审计日志', '组织机构', '我的待办', '现场担当'],
    },
    secadmin: { see: ['首页', '账号与权限'], notSee: ['审计日志', '后台任务', '组织机构', '现场担当'] },
    auditor: { see: ['首页', '审计日志', '账号与权限'], notSee: ['后台任务', '组织机构', '现场担当'] },
    leader: { see: ['首页', '我的待办', '组织机构', '现场担当'], notSee: ADMIN_ONLY },
    officer: { see: ['首页', '我的待办', '组织机构', '现场担当'], notSee: ADMIN_ONLY },
    jointoffice: { see: ['首页', '我的待办', '组织机构', '现场担当'], notSee: ADMIN_ONLY },
    unitadmin: { see: ['首页', '我的待办', '组织机构'], notSee: [...ADMIN_ONLY, '我的档案', '现场担当'] },
    cadre: { see: ['首页', '我的待办', '我的档案', '现场担当'], notSee: ADMIN_ONLY },
    provider: { see: ['首页', '我的待办'], notSee: [...ADMIN_ONLY, '组织机构', '现场担当'] },
  };

  it.each(Object.entries(MENUS))(
    'shows %s only its own menu, under the demo banner',
    async (username, menu) => {
      const { ctx, page } = await newPage(browser, server.url);
      await login(page, username);
      const nav = page.locator('.ant-layout-sider');
      await nav.getByText('首页').waitFor();
      for (const item of menu.see)
        expect(await nav.getByText(item, { exact: true }).count(), `${username} sees ${item}`).toBe(1);
      for (const item of menu.notSee) {
        expect(await nav.getByText(item, { exact: true }).count(), `${username} must not see ${item}`).toBe(
          0,
        );
      }
      expect(await page.getByTestId('demo-banner').textContent()).toContain('演示数据');
      if (username === 'auditor') await snap(page, 'platform-home-auditor');
      await ctx.close();
    },
  );

  it('shows the leader the home cards with the time their figures were computed', async () => {
    const { ctx, page } = await newPage(browser, server.url);
    await login(page, 'leader');
    const subtitle = page.getByText(/数字截至 \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    await subtitle.waitFor();
    expect(await page.locator('[data-testid^="card-"]').count()).toBeGreaterThan(0);
    await snap(page, 'platform-home-leader');
    await ctx.close();
  });

  it('on a phone, keeps the brand clear of the menu button and the page as wide as the screen, with an icon', async () => {
    const ctx = await browser.newContext({
      baseURL: server.url,
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      ...BROWSER_CONTEXT,
    });
    const page = await ctx.newPage();
    await login(page, 'officer');
    const trigger = page.locator('.ant-layout-sider-zero-width-trigger');
    await trigger.waitFor();
    const brand = page.locator('.ant-layout-header').getByText('玉智督', { exact: true });
    await brand.waitFor();
    const a = (await trigger.boundingBox())!;
    const b = (await brand.boundingBox())!;
    expect(
      a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y,
    ).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const icon = await page.locator('link[rel=icon]').getAttribute('href');
    expect((await page.request.get(icon!)).status()).toBe(200);
    await ctx.close();
  });

  it('keeps the page inside the window while a drawer is open', async () => {
    const { ctx, page } = await newPage(browser, server.url);
    await login(page, 'officer');
    await page.goto('/opinion/campaigns');
    await page.getByTestId('campaign-new').click();
    await page.locator('.ant-drawer-open').waitFor();
    await settled(page.locator('.ant-drawer-open'));
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(page.viewportSize()!.width);
    await ctx.close();
  });

  it('keeps the menu and the header in place while the page scrolls, and opens a new page at its top', async () => {
    const { ctx, page } = await newPage(browser, server.url);
    await login(page, 'officer');
    await page.goto('/org/cadres');
    await poll(() => page.locator('tr.ant-table-row').count()).toBeGreaterThan(10);
    await page.evaluate(() => window.scrollTo(0, 600));
    await poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(100);
    // Both stay on screen at the top.
    const header = (await page.getByTestId('app-header').boundingBox())!;
    const sider = (await page.getByTestId('side-menu').boundingBox())!;
    expect(header.y).toBe(0);
    expect(sider.y).toBe(0);
    expect(sider.height).toBeLessThanOrEqual(page.viewportSize()!.height);
    await snap(page, 'platform-scrolled-shell', { fullPage: false });
    await page.locator('.ant-layout-sider').getByText('单位与编组', { exact: true }).click();
    await page.waitForURL(/\/org\/units$/);
    await poll(() => page.evaluate(() => window.scrollY)).toBe(0);
    await ctx.close();
  });

  it('lists many names in a table cell as one short line, every name on hover', async () => {
    // A county-wide alert reaches every cadre of the towns' economic work: 14 names on one alert,
    // as the rules would raise it (the small county's figures raise none of their own).
    await server.db.superuser(
      `WITH r AS (SELECT id, kind FROM economy_rules ORDER BY key LIMIT 1),
            a AS (INSERT INTO economy_alerts (rule_id, hit_key, kind, title, summary, department, period_from, period_to, figures)
                  SELECT r.id, 'names-' || gen_random_uuid(), r.kind, '规上工业增加值增速与利润背离',
                         '连续三个月增速高于全市而利润下降', '统计局', '2026-07', '2026-09', '[]'::jsonb FROM r
                  RETURNING id)
       INSERT INTO economy_alert_cadres (alert_id, cadre_id, unit_id, basis)
       SELECT a.id, c.id, c.unit_id, '分工：经济工作'
         FROM a CROSS JOIN (SELECT id, unit_id FROM org_cadres WHERE status = 'active' ORDER BY code LIMIT 14) c`,
    );
    const { ctx, page } = await newPage(browser, server.url);
    await login(page, 'officer');
    await page.goto('/economy/alerts?status=all');
    const rows = page.getByTestId('alert-table').locator('tr.ant-table-row');
    await poll(() => rows.count()).toBeGreaterThan(0);
    const long = page.getByTestId('name-list').filter({ hasText: /等 \d+ 人/ });
    await poll(() => long.count()).toBeGreaterThan(0);
    const heights = await rows.evaluateAll((trs) => trs.map((tr) => tr.getBoundingClientRect().height));
    expect(Math.max(...heights)).toBeLessThan(120);
    const alertHeader = page
      .getByTestId('alert-table')
      .locator('th')
      .filter({ hasText: /^预警$/ });
    expect((await alertHeader.boundingBox())!.width).toBeGreaterThan(200);
    await long.first().hover();
    await poll(() => page.locator('.ant-tooltip').last().textContent()).toMatch(/、.+、/);
    await snap(page, 'platform-name-list', { fullPage: false });
    await ctx.close();
  });

  it('answers the address printed at start with the app, and sends a visitor to the login', async () => {
    const res = await fetch(`${server.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const { ctx, page } = await newPage(browser, server.url);
    // A visitor's login page asks nothing that is refused (no 401 in the console).
    const refused: string[] = [];
    page.on('response', (r) => {
      if (r.status() >= 400) refused.push(`${r.status()} ${r.url()}`);
    });
    await page.goto('/');
    await page.waitForURL(/\/login/);
    await page.getByLabel('用户名').waitFor();
    expect(refused).toEqual([]);
    await login(page, 'officer');
    await page.goto('/');
    await poll(() => page.locator('.ant-layout-sider').getByText('首页').count()).toBe(1);
    await ctx.close();
  });

  it('offers the demo accounts on the login page, filled in by a click', async () => {
    const { ctx, page } = await newPage(browser, server.url);
    await page.goto('/login');
    const list = page.getByTestId('demo-accounts');
    await poll(() => list.textContent()).toContain('密码均为');
    expect(await list.getByRole('button').count()).toBeGreaterThanOrEqual(9);
    await list.getByTestId('demo-account-officer').click();
    expect(await page.getByLabel('用户名').inputValue()).toBe('officer');
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/auth/login') && r.request().method() === 'POST'),
      page.getByRole('button', { name: '登录' }).click(),
    ]);
    await poll(() => page.getByTestId('user-menu').textContent()).toContain('考察组干部');
    await ctx.close();
  });

  it('locks an account after 5 wrong passwords', async () => {
    const { ctx, page } = await newPage(browser, server.url);
    for (let i = 1; i <= 5; i++) {
      await login(page, 'jointoffice', `Wrong#Pass${i}`);
      await poll(() => page.getByTestId('login-error').textContent()).toMatch(
        i < 5 ? /用户名或密码错误/ : /已锁定/,
      );
    }
    await login(page, 'jointoffice');
    await poll(() => page.getByTestId('login-error').textContent()).toMatch(/已锁定/);
    await snap(page, 'platform-lockout');
    await ctx.close();
  });

  it('lets the audit administrator verify the chain', async () => {
    const { ctx, page } = await newPage(browser, server.url);
    await login(page, 'auditor');
    await page.locator('.ant-layout-sider').getByText('审计日志').click();
    await page.getByTestId('verify-chain').click();
    await poll(() => page.getByTestId('verify-result').textContent()).toMatch(/审计链完整：共 \d+ 条记录/);
    // The lockout above is in the log.
    await poll(() => page.getByText('账号锁定').count()).toBeGreaterThan(0);
    await snap(page, 'platform-audit');
    await ctx.close();
  });

  it('refuses the system administrator the audit log and assessment content, also by their addresses', async () => {
    const { ctx, page } = await newPage(browser, server.url);
    await login(page, 'sysadmin');
    await page.locator('.ant-layout-sider').getByText('首页').waitFor();
    await page.goto('/audit');
    await poll(() => page.getByText('无权访问').count()).toBe(1);
    const api = await page.evaluate(async () => (await fetch('/api/audit/entries')).status);
    expect(api).toBe(403);
    // Assessment content: the cadre register and a cadre's record.
    await page.goto('/org/cadres');
    await poll(() => page.getByText('无权访问').count()).toBe(1);
    const cadres = await page.evaluate(async () => (await fetch('/api/org/cadres')).status);
    expect(cadres).toBe(403);
    await ctx.close();
  });

  it('resets an officer password only with the security administrator, who alone sees it; the owner is told at login', async () => {
    const sys = await newPage(browser, server.url);
    await login(sys.page, 'sysadmin');
    await sys.page.goto('/auth/users');
    await sys.page.getByPlaceholder('用户名或姓名').fill('provider');
    await sys.page.getByPlaceholder('用户名或姓名').press('Enter');
    const row = sys.page.locator('.ant-table-row', { hasText: 'provider' }).first();
    await row.getByRole('button', { name: '重置密码' }).click();
    await sys.page.getByText('将提交重置申请').waitFor();
    await sys.page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    await poll(() => sys.page.getByText('等待安全管理员审批').count()).toBeGreaterThan(0);
    expect(await sys.page.getByTestId('initial-password').count()).toBe(0);
    await sys.ctx.close();

    const sec = await newPage(browser, server.url);
    await login(sec.page, 'secadmin');
    await sec.page.goto('/auth/users');
    const request = sec.page
      .locator('.ant-card', { hasText: '密码重置申请' })
      .locator('.ant-table-row')
      .first();
    await request.getByRole('button', { name: '批准' }).click();
    await sec.page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    // Approving hashes the new password and checks it against the account's history: on a busy
    // machine that takes a while, so wait for its outcome (the password or an error), not a time.
    const shown = sec.page.getByTestId('reset-password');
    await sec.page
      .locator('[data-testid="reset-password"], .ant-message-error')
      .first()
      .waitFor({ timeout: 90_000 });
    expect(await sec.page.locator('.ant-message-error').allTextContents()).toEqual([]);
    const password = (await shown.textContent())!.trim();
    await snap(sec.page, 'platform-reset-approved', { fullPage: false });
    await sec.ctx.close();

    const owner = await newPage(browser, server.url);
    await login(owner.page, 'provider', password);
    await owner.page.waitForURL(/\/account\/password/);
    await poll(() => owner.page.getByTestId('reset-notice').textContent()).toMatch(/被管理员重置/);
    await snap(owner.page, 'platform-reset-notice');
    await owner.ctx.close();
  });
});
