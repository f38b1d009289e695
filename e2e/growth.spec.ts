import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  describeBrowser,
  type E2eServer,
  launchBrowser,
  login,
  newPage,
  openMenu,
  poll,
  snap,
  startE2eServer,
} from './helpers.ts';

let server: E2eServer;
let browser: Browser;

interface Point {
  cadreId: string;
  name: string;
  unitName: string | null;
  identified: boolean;
  own: number | null;
  platform: number;
}

describeBrowser('个体成长解析 in the browser: the person told apart from the platform', () => {
  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the county’s cadres against their platforms, and one cadre’s decomposition with its records', async () => {
    const officer = await server.as('officer');
    const county = (await officer.get('/api/growth/county')).json() as { points: Point[] };
    const one = county.points.find((p) => p.identified && p.own !== null)!;
    expect(one).toBeDefined();

    const { ctx, page } = await newPage(browser, server.url);
    await login(page, 'officer');
    await openMenu(page, '个体成长', '个体成长解析');
    await page.waitForURL(/\/growth$/);
    await page.getByTestId('growth-scatter').locator('canvas').first().waitFor();
    const table = page.getByTestId('growth-table');
    await poll(() => table.locator('tbody tr').count()).toBeGreaterThan(1);
    expect(await page.locator('.ant-statistic').first().textContent()).toContain('2026年第三季度');
    await snap(page, 'growth-county');

    // Found by name, the cadre's row says the own contribution with its interval; the link opens the page.
    await page.getByTestId('growth-search').locator('input').fill(one.name);
    await page.getByTestId('growth-search').locator('input').press('Enter');
    const row = table.locator('tbody tr').filter({ hasText: one.name }).first();
    await poll(() => row.textContent()).toContain(`${one.own! >= 0 ? '+' : ''}${one.own!.toFixed(1)} ±`);
    await row.getByTestId('growth-cadre-link').click();
    await page.waitForURL(new RegExp(`/growth/cadres/${one.cadreId}`));
    await poll(() => page.getByTestId('growth-composite').textContent()).toMatch(/[+-]\d+\.\d ± \d+\.\d/);
    const sentences = page.getByTestId('growth-sentences');
    await poll(() => sentences.locator('li').count()).toBeGreaterThan(0);
    expect(await sentences.textContent()).toMatch(/单位平台|本人/);
    await page.getByTestId('growth-decomposition-chart').locator('canvas').first().waitFor();
    // Each measure opens on its quarters' values, those of this year from the platform's records.
    const parts = page.getByTestId('growth-decomposition').locator('.ant-table-row-expand-icon');
    await parts.first().click();
    const quarters = page.getByTestId('growth-decomposition').locator('.ant-table-expanded-row').first();
    await poll(() => quarters.textContent()).toContain('2026年第三季度');
    expect(await quarters.textContent()).toContain('平台记录');
    await poll(() => quarters.getByTestId('record-links').locator('a').count()).toBeGreaterThan(0);
    await page.getByTestId('growth-trajectory').waitFor();
    await snap(page, 'growth-cadre');
    await ctx.close();
  });

  it('names the cadres whose own contribution cannot be told apart from their unit, and says why', async () => {
    const officer = await server.as('officer');
    const county = (await officer.get('/api/growth/county')).json() as {
      unidentified: { cadreId: string; name: string; reason: string }[];
    };
    const { ctx, page } = await newPage(browser, server.url);
    await login(page, 'officer');
    await page.goto('/growth');
    const list = page.getByTestId('growth-unidentified');
    await list.waitFor();
    if (county.unidentified.length === 0) {
      await poll(() => list.textContent()).toContain('所有干部都可区分');
    } else {
      const first = county.unidentified[0]!;
      const row = list.locator('tbody tr').filter({ hasText: first.name }).first();
      await poll(() => row.textContent()).toContain(first.reason.slice(0, 8));
      await row.getByRole('link', { name: first.name }).click();
      await page.getByTestId('growth-unidentified-tag').waitFor();
      expect(await page.getByTestId('growth-composite').count()).toBe(0);
    }
    await ctx.close();
  });

  it('shows a cadre their own analysis once released, and nobody else’s', async () => {
    const officer = await server.as('officer');
    const county = (await officer.get('/api/growth/county')).json() as { points: Point[]; released: boolean };
    expect(county.released).toBe(true);
    const cadre = await server.as('cadre');
    const me = (await cadre.get('/api/auth/me')).json() as {
      roles: { role: string; cadreId?: string | null }[];
    };
    const myId = me.roles.find((r) => r.role === 'cadre')!.cadreId!;
    const mine = county.points.find((p) => p.cadreId === myId)!;
    const other = county.points.find((p) => p.cadreId !== myId)!;

    const { ctx, page } = await newPage(browser, server.url);
    await login(page, 'cadre');
    await openMenu(page, '个体成长', '我的成长解析');
    await page.waitForURL(/\/growth\/me$/);
    await poll(() => page.locator('h3').first().textContent()).toContain(mine.name);
    await page.getByTestId('growth-summary').waitFor();
    await snap(page, 'growth-mine');
    // Another cadre's address answers with a refusal the page shows, not their figures.
    await page.goto(`/growth/cadres/${other.cadreId}`);
    await page.getByTestId('growth-cadre-error').waitFor();
    expect(await page.getByTestId('growth-summary').count()).toBe(0);
    await ctx.close();
  });
});
