import { and, eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { orgCadres, orgUnits } from '../src/server/db/schema/index.ts';
import {
  describeBrowser,
  type E2eServer,
  launchBrowser,
  login,
  newPage,
  pick,
  poll,
  snap,
  startE2eServer,
} from './helpers.ts';

let server: E2eServer;
let browser: Browser;

const HEADER = '人员编号,姓名,性别,出生年月,单位,职务,班子位置,任职日期';

describeBrowser('organisation registry in the browser', () => {
  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('browses and filters the cadre register', async () => {
    const { ctx, page } = await newPage(browser, server.url);
    await login(page, 'officer');
    await page.locator('.ant-layout-sider').getByText('组织机构').click();
    await page.locator('.ant-layout-sider').getByText('干部名册').click();
    await poll(() => page.getByText('共 40 人').count()).toBe(1);
    await pick(page, 'cadres-team-place', { option: '正职' });
    await poll(() => page.getByText('共 6 人').count()).toBe(1);
    const places = await page
      .locator('[data-testid=cadres-table] tbody tr.ant-table-row td:nth-child(6)')
      .allTextContents();
    expect(places.length).toBe(6);
    expect(places.every((p) => p.includes('正职'))).toBe(true);
    expect(page.url()).toContain('teamPlace=');
    await snap(page, 'org-cadres-filtered');
    await ctx.close();
  });

  it('imports a cadre file: one bad row changes nothing, then the corrected file goes in', async () => {
    const { ctx, page } = await newPage(browser, server.url);
    await login(page, 'officer');
    await page.goto('/org/cadres');
    await page.getByTestId('cadres-import').click();
    const bad = [
      HEADER,
      'E001,导入甲,男,1986-02,市投资促进中心,科长,成员,2026-11-02',
      'E002,导入乙,男,1986-13,市投资促进中心,科长,成员,2026-11-02',
    ].join('\n');
    await page
      .locator('[data-testid=import-modal] input[type=file]')
      .setInputFiles({ name: '名册.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await page.getByTestId('import-start').click();
    await poll(() => page.getByTestId('import-errors-alert').textContent()).toContain('未导入任何数据');
    expect(await page.getByTestId('import-errors').textContent()).toContain('1986-13');
    await snap(page, 'org-import-errors');
    expect(await server.db.deps.db.select().from(orgCadres).where(eq(orgCadres.code, 'E001'))).toHaveLength(
      0,
    );

    await page.getByTestId('import-again').click();
    const good = bad.replace('1986-13', '1986-12');
    await page
      .locator('[data-testid=import-modal] input[type=file]')
      .setInputFiles({ name: '名册.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await page.getByTestId('import-start').click();
    await poll(() => page.getByTestId('import-result').textContent()).toContain('新增 2 人');
    expect(await server.db.deps.db.select().from(orgCadres).where(eq(orgCadres.code, 'E002'))).toHaveLength(
      1,
    );
    await ctx.close();
  });

  it('records a transfer, and the responsibility and the timeline follow it', async () => {
    const db = server.db.deps.db;
    const [invest] = await db.select().from(orgUnits).where(eq(orgUnits.name, '市投资促进中心'));
    const [mover] = await db
      .select()
      .from(orgCadres)
      .where(and(eq(orgCadres.unitId, invest!.id), eq(orgCadres.teamPlace, '副职')));
    const { ctx, page } = await newPage(browser, server.url);
    await login(page, 'officer');
    await page.goto(`/org/cadres/${mover!.id}`);
    await poll(() => page.getByTestId('cadre-name').textContent()).toContain(mover!.name);
    await poll(() => page.getByTestId('resp-list').textContent()).toContain('市投资促进中心');

    await page.getByTestId('transfer-button').click();
    await pick(page, 'transfer-unit', { option: '市经济和信息化局', search: '经济和信息化' });
    await page.getByTestId('transfer-post').fill('党组成员、副局长');
    await page.getByTestId('action-submit').click();
    await poll(() => page.getByTestId('resp-list').textContent()).toContain('市经济和信息化局');
    expect(await page.getByTestId('resp-list').textContent()).toContain('分工待定');
    expect(await page.getByTestId('resp-list').textContent()).not.toContain('市投资促进中心');
    await snap(page, 'org-transfer-responsibility');

    await page.getByRole('tab', { name: '时间轴' }).click();
    await poll(() => page.getByTestId('timeline').textContent()).toContain('调任市经济和信息化局');
    await snap(page, 'org-timeline');
    await ctx.close();
  });

  it('puts a unit administrator’s division change on the officer’s to-do list, until it is done', async () => {
    const admin = await newPage(browser, server.url);
    await login(admin.page, 'unitadmin');
    await admin.page.goto('/org/units?tab=division');
    await admin.page.getByTestId('new-division').click();
    await admin.page.getByTestId('division-reason').fill('分工微调（浏览器测试）');
    await admin.page.getByTestId('division-submit').click();
    await poll(() => admin.page.getByTestId('division-history').textContent()).toContain(
      '分工微调（浏览器测试）',
    );
    await poll(() => admin.page.getByTestId('division-detail').count()).toBe(1);
    await snap(admin.page, 'org-division');
    await admin.ctx.close();

    const { ctx, page } = await newPage(browser, server.url);
    await login(page, 'officer');
    await page.goto('/todo');
    const row = page
      .locator('[data-testid=todo-table] tbody tr.ant-table-row')
      .filter({ hasText: '市投资促进中心班子分工调整' });
    await poll(() => row.count()).toBe(1);
    await snap(page, 'org-todo');
    await row.getByRole('button', { name: '标记已处理' }).click();
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    await poll(() => row.count()).toBe(0);
    await page.getByRole('tab', { name: '已处理' }).click();
    await poll(() =>
      page
        .locator('[data-testid=todo-table] tbody tr.ant-table-row')
        .filter({ hasText: '班子分工调整' })
        .count(),
    ).toBe(1);
    await ctx.close();
  });

  it('keeps 我的档案 selected in the menu while a cadre reads the own record', async () => {
    const { ctx, page } = await newPage(browser, server.url);
    await login(page, 'cadre');
    await page.locator('.ant-layout-sider').getByText('我的档案').click();
    await poll(() => page.getByTestId('cadre-name').count()).toBe(1);
    expect(new URL(page.url()).pathname).toBe('/me');
    const selected = page.locator('.ant-layout-sider .ant-menu-item-selected');
    await poll(() => selected.textContent()).toContain('我的档案');
    expect(await selected.count()).toBe(1);
    // A cadre changes no record: no appointment buttons.
    expect(await page.getByTestId('transfer-button').count()).toBe(0);
    await snap(page, 'org-my-record');
    await ctx.close();
  });

  it('opens the data provider’s indicator catalogue without a refused request', async () => {
    const { ctx, page } = await newPage(browser, server.url);
    await login(page, 'provider');
    const refused: string[] = [];
    page.on('response', (r) => {
      if (r.status() === 403) refused.push(new URL(r.url()).pathname);
    });
    await page.goto('/economy/catalog');
    await poll(() => page.getByText('指标目录').count()).toBeGreaterThan(0);
    await poll(() => page.locator('.ant-table-row').count()).toBeGreaterThan(0);
    expect(refused).toEqual([]);
    await ctx.close();
  });
});
