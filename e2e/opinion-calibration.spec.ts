import type { Browser, BrowserContext, Page } from 'playwright-core';
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
import { cardsOf, closeRound, roundOver, voteByCard, voteByLink } from './opinion-setup.ts';

let server: E2eServer;
let browser: Browser;
let desk: { ctx: BrowserContext; page: Page } | undefined;

const UNIT = '市投资促进中心';
const STAFF = 10;

describeBrowser('走进群众听民意 in the browser: the calibrated score on a cadre’s result', () => {
  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
    desk = await newPage(browser, server.url);
    await login(desk.page, 'officer');
    await desk.page.waitForURL((u) => !u.pathname.startsWith('/login'));
  });
  afterAll(async () => {
    await desk?.ctx.close();
    await browser?.close();
    await server?.close();
  });

  it('shows the calibrated score, its interval and method beside the raw score, and the effective weights', async () => {
    const r = await roundOver(server, UNIT, { title: '浏览器测试：校正得分', stage: 'open', staff: STAFF });
    // 10 subordinates rate the whole team (one set, so their keys are kept); half of them mark a
    // point lower throughout. One public card: withheld.
    const staff = r.slips.filter((s) => s.group === 'subordinate');
    expect(staff).toHaveLength(STAFF);
    let rated: { id: string; name: string }[] = [];
    for (const [k, s] of staff.entries())
      rated = await voteByLink(server, s.token, (i) =>
        Math.max(1, Math.min(5, 5 - (i % 3) - (k < 5 ? 0 : 1) - ((k * 7 + i * 3) % 5 === 0 ? 1 : 0))),
      );
    const [card] = await cardsOf(r, 1);
    await voteByCard(server, r, card!, 2);
    await closeRound(r);

    const cadre = rated[0]!;
    const api = JSON.parse(
      (await r.officer.get(`/api/opinion/campaigns/${r.id}/cadres/${cadre.id}`)).body,
    ).result;
    expect(api.calibrated.method).toBe('crossed');
    expect(api.calibrated.keyedGroups).toEqual(['subordinate']);

    const page = desk!.page;
    await page.goto(`/opinion/campaigns/${r.id}/cadres/${cadre.id}`);
    const card360 = page.getByTestId('cadre-calibration');
    await card360.waitFor();
    expect(await page.getByTestId('calibration-raw').textContent()).toContain(String(api.overall));
    expect(await page.getByTestId('calibration-score').textContent()).toContain(
      String(api.calibrated.estimate),
    );
    expect(await page.getByTestId('calibration-interval').textContent()).toBe(
      `95% 区间 ${api.calibrated.low} – ${api.calibrated.high}（标准误 ${api.calibrated.se}）`,
    );
    expect(await page.getByTestId('calibration-method').textContent()).toContain('评价人宽严交叉校正');
    expect(await page.getByTestId('calibration-method').textContent()).toContain('下级评议');
    const weights = page.locator('[data-testid=calibration-weights] tbody tr.ant-table-row');
    await poll(() => weights.count()).toBe(1);
    expect(await weights.first().locator('td').allTextContents()).toEqual(['下级评议', '20', '100.0%']);
    // Computed without the withheld public group, and its size is not told.
    const without = await page.getByTestId('calibration-without').textContent();
    expect(without).toContain('群众测评');
    expect(without).toContain('不足 5 份，未单列');
    expect(api.ballotsCast).toBeNull();
    await snap(page, 'opinion-calibration');

    // The 口碑档案 keeps the round's calibrated score and interval beside the raw one.
    await page.getByTestId('cadre-profile-link').click();
    await page.waitForURL(/\/opinion\/profiles\/[0-9a-f-]{36}$/);
    const ours = page
      .locator('[data-testid=profile-rounds] tbody tr.ant-table-row')
      .filter({ hasText: r.title });
    await poll(() => ours.count()).toBe(1);
    expect(await ours.getByTestId('profile-calibrated').textContent()).toBe(
      `${api.calibrated.estimate}${api.calibrated.low} – ${api.calibrated.high}`,
    );
    await snap(page, 'opinion-calibration-profile');

    // The round's list shows the calibrated score of each cadre too.
    await page.goto(`/opinion/campaigns/${r.id}?tab=results`);
    await poll(() => page.getByTestId('result-calibrated').count()).toBe(rated.length);
  });
});
