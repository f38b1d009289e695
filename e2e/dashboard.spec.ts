import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { localDay } from '../src/server/lib/time.ts';
import {
  BROWSER_CONTEXT,
  describeBrowser,
  type E2eServer,
  launchBrowser,
  login,
  poll,
  snap,
  startE2eServer,
} from './helpers.ts';

let server: E2eServer;
let browser: Browser;

/** Opens the wall as the kiosk account at one window size. */
async function openWall(width: number, height: number) {
  const ctx = await browser.newContext({
    ...BROWSER_CONTEXT,
    baseURL: server.url,
    viewport: { width, height },
  });
  const page = await ctx.newPage();
  page.setDefaultTimeout(20_000);
  await login(page, 'screen');
  await page.goto('/screen?refresh=1');
  await page.getByTestId('figure-scene-value').waitFor();
  return { ctx, page };
}

describeBrowser('the city-brain big screen', () => {
  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const [w, h] of [
    [1920, 1080],
    [3840, 2160],
  ] as const) {
    it(`fills a ${w}×${h} wall: every chart drawn, nothing outside the window, no scrollbars`, async () => {
      const { ctx, page } = await openWall(w, h);
      try {
        await page.getByTestId('chart-curves').locator('canvas').waitFor();
        const charts = page.locator('[data-testid^="chart-"]');
        await poll(() => charts.count()).toBeGreaterThanOrEqual(2);
        for (const c of await charts.all()) expect(await c.locator('canvas').count()).toBeGreaterThan(0);
        await poll(() => page.getByTestId('task-lagging').count()).toBeGreaterThan(0);
        const outside = await page.evaluate(() => {
          const vw = window.innerWidth;
          const vh = window.innerHeight;
          return [...document.querySelectorAll('[data-testid]')]
            .map((e) => ({ id: e.getAttribute('data-testid'), r: e.getBoundingClientRect() }))
            .filter(({ id }) => id !== 'task' && id !== 'task-lagging')
            .filter(({ r }) => r.left < -1 || r.top < -1 || r.right > vw + 1 || r.bottom > vh + 1)
            .map(({ id }) => id);
        });
        expect(outside).toEqual([]);
        const scroll = await page.evaluate(() => {
          const s = document.scrollingElement!;
          return { x: s.scrollWidth - s.clientWidth, y: s.scrollHeight - s.clientHeight };
        });
        expect(scroll).toEqual({ x: 0, y: 0 });
        // Every figure says how current it is.
        expect(await page.getByText(/截至|暂无记录/).count()).toBeGreaterThanOrEqual(7);
        await snap(page, `dashboard-screen-${w}x${h}`, { fullPage: false });
      } finally {
        await ctx.close();
      }
    });
  }

  it('shows a new record without a reload', async () => {
    const { ctx, page } = await openWall(1920, 1080);
    try {
      const value = page.getByTestId('figure-scene-value');
      const before = Number(await value.textContent());
      const officer = await server.as('officer');
      const today = localDay(new Date());
      const res = await officer.post('/api/scene/activities', {
        kind: 'emergency',
        subtype: 'flood_typhoon',
        title: '大屏测试：防汛现场',
        unitId: null,
        agenda: [],
        startsOn: today,
        endsOn: today,
      });
      expect(res.statusCode, res.body).toBe(201);
      await poll(async () => Number(await value.textContent())).toBe(before + 1);
    } finally {
      await ctx.close();
    }
  });

  it('is refused to a unit administrator and offered to the leader on the desk', async () => {
    for (const [user, sees] of [
      ['unitadmin', false],
      ['leader', true],
    ] as const) {
      const ctx = await browser.newContext({
        ...BROWSER_CONTEXT,
        baseURL: server.url,
        viewport: { width: 1366, height: 850 },
      });
      const page = await ctx.newPage();
      try {
        await login(page, user);
        await page.goto('/dashboard');
        if (!sees) {
          await page.getByText('无权访问').waitFor();
          await page.goto('/screen');
          await page.getByText('无权访问').waitFor();
          continue;
        }
        await page.getByText(/重点任务督办/).waitFor();
        await page
          .getByRole('link', { name: /对账考察/ })
          .first()
          .waitFor();
        await snap(page, 'dashboard-desk');
      } finally {
        await ctx.close();
      }
    }
  });
});
