import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  describeBrowser,
  type E2eServer,
  launchBrowser,
  login,
  newPage,
  poll,
  snap,
  startE2eServer,
} from './helpers.ts';

let server: E2eServer;
let browser: Browser;

describeBrowser('实绩象限 and 季度微调 in the browser', () => {
  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("shows the quarter's chart and a cadre's evidence behind both axes", async () => {
    const officer = await server.as('officer');
    const view = (await officer.get('/api/quadrant/quarters/2026Q3')).json();
    const point = view.points[0];
    const { ctx, page } = await newPage(browser, server.url);
    await login(page, 'officer');
    await page.goto('/quadrant?quarter=2026Q3');
    await page.getByTestId('quadrant-scatter').locator('canvas').first().waitFor();
    await page.getByTestId('quadrant-fairness').waitFor();
    await snap(page, 'quadrant-quarter');
    await page.goto(`/quadrant/cadres/${point.cadreId}`);
    await page.getByTestId('quadrant-open-evidence').first().click();
    const drawer = page.getByTestId('quadrant-evidence');
    await poll(() => drawer.getByTestId('quadrant-view-parts').count()).toBe(1);
    await poll(() =>
      drawer.getByTestId('quadrant-contribution-parts').locator('tbody tr').count(),
    ).toBeGreaterThan(0);
    await expect(drawer.getByText('个体成长解析')).toBeTruthy();
    await snap(page, 'quadrant-evidence', { fullPage: false });
    await ctx.close();
  });

  it('turns a recommendation into a promotion that, once effective, changes the registry and the timeline', async () => {
    const officer = await server.as('officer');
    const recs = (await officer.get('/api/quadrant/recommendations?quarter=2026Q3')).json();
    const rec = recs.items.find(
      (r: { kind: string; can: { draft: boolean } }) => r.kind === 'promote' && r.can.draft,
    );
    expect(rec).toBeTruthy();
    const { ctx, page } = await newPage(browser, server.url);
    await login(page, 'officer');
    await page.goto('/quadrant/recommendations?quarter=2026Q3');
    const row = page.getByTestId('quadrant-recommendations').locator('tr', { hasText: rec.cadre.name });
    await row.getByTestId('quadrant-draft').click();
    await page.getByTestId('quadrant-draft-post').locator('input').fill('浏览器测试局长');
    await page.getByTestId('quadrant-draft-ok').click();
    await page.waitForURL(/\/quadrant\/decisions\/[0-9a-f-]+$/);
    await poll(() => page.getByTestId('quadrant-decision-status').textContent()).toContain('待部务会研究');
    const id = page.url().split('/').pop()!;
    await snap(page, 'quadrant-decision-draft');
    await ctx.close();

    // 凡提四必, the 部务会 and a 任前公示 already over, recorded through the API.
    for (const kind of ['archive', 'personal_report', 'integrity'])
      expect(
        (await officer.post(`/api/quadrant/decisions/${id}/checks`, { kind, result: 'pass' })).statusCode,
      ).toBe(200);
    const leaderApi = await server.as('leader');
    expect(
      (await leaderApi.post(`/api/quadrant/decisions/${id}/adopt`, { meeting: '2026年第11次部务会' }))
        .statusCode,
    ).toBe(200);
    expect(
      (await officer.post(`/api/quadrant/decisions/${id}/publicity`, { from: '2026-11-02' })).statusCode,
    ).toBe(200);

    const l = await newPage(browser, server.url);
    await login(l.page, 'leader');
    await l.page.goto(`/quadrant/decisions/${id}`);
    await l.page.getByTestId('quadrant-action-effect').click();
    const dialog = l.page.locator('.ant-modal:visible');
    await dialog.getByLabel('决定机关').fill('县委常委会');
    await dialog.getByLabel('任免文号').fill('玉委〔2026〕901号');
    await dialog.getByLabel('生效日期').fill('2026-11-09');
    await dialog.getByLabel('生效日期').press('Enter');
    await l.page.getByTestId('quadrant-action-ok').click();
    await poll(() => l.page.getByTestId('quadrant-decision-status').textContent()).toContain('已决定并生效');
    await snap(l.page, 'quadrant-decision-effective');
    await l.page.goto(`/org/cadres/${rec.cadre.id}`);
    await l.page.getByRole('tab', { name: '任免经历' }).click();
    await poll(() => l.page.getByText('玉委〔2026〕901号').count()).toBeGreaterThan(0);
    await l.page.getByRole('tab', { name: '时间轴' }).click();
    await poll(() => l.page.getByText(/季度微调：提拔/).count()).toBeGreaterThan(0);
    await l.page.goto('/quadrant/decisions');
    await l.page.getByTestId('quadrant-statistics').waitFor();
    await snap(l.page, 'quadrant-decisions');
    await l.ctx.close();
  });
});
