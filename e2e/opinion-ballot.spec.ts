import { and, eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { opinionBallots, opinionEntries } from '../src/server/db/schema/index.ts';
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
import { phone as phoneOf, rateOpenCard, cardStates as states, tap } from './opinion-helpers.ts';

let server: E2eServer;
let browser: Browser;

const phone = () => phoneOf(browser, server.url);

describeBrowser('走进群众听民意 in the browser: ballots without login, visits and field time', () => {
  let campaignId = '';
  let tokens: { token: string; cadres: number }[] = [];
  let publicCode = '';

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
    // An officer opens a campaign over one small unit and hands out its links, through the API.
    const { ctx, page } = await newPage(browser, server.url);
    await login(page, 'officer');
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    const me = await (await ctx.request.get('/api/auth/me')).json();
    const headers = { 'x-csrf-token': me.csrfToken as string };
    const post = async (url: string, data: unknown) => {
      const r = await ctx.request.post(url, { data, headers });
      expect(r.ok(), `${url}: ${await r.text()}`).toBe(true);
      return r.json();
    };
    const units = await (await ctx.request.get('/api/org/units?pageSize=200')).json();
    const unit = units.items.find((u: { cadreCount: number }) => u.cadreCount >= 3 && u.cadreCount <= 6);
    const today = new Date();
    const day = (d: Date) =>
      `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    const c = await post('/api/opinion/campaigns', {
      title: '浏览器测试：群众口碑测评',
      year: today.getFullYear(),
      round: 12,
      startsOn: day(today),
      endsOn: day(new Date(today.getTime() + 20 * 86_400_000)),
      unitIds: [unit.id],
    });
    campaignId = c.id;
    await post(`/api/opinion/campaigns/${campaignId}/raters/assign`, { groups: ['peer'] });
    await post(`/api/opinion/campaigns/${campaignId}/public-links`, { unitIds: [unit.id] });
    await post(`/api/opinion/campaigns/${campaignId}/open`, {});
    const issued = await post(`/api/opinion/campaigns/${campaignId}/issue`, {});
    tokens = issued.slips.map((s: { token: string; cadres: number }) => ({
      token: s.token,
      cadres: s.cadres,
    }));
    const links = await (await ctx.request.get(`/api/opinion/campaigns/${campaignId}/links`)).json();
    publicCode = links.items.find((l: { kind: string }) => l.kind === 'public').publicCode;
    await ctx.close();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('rates every cadre through a personal link on a phone, once, without a session', async () => {
    const link = tokens.find((t) => t.cadres >= 2)!;
    const { ctx, page, api } = await phone();
    await page.goto(`/v/${link.token}`);
    await poll(() => page.getByTestId('ballot-cadre').count()).toBe(link.cadres);
    expect(await page.getByTestId('ballot-anonymity').textContent()).toContain(
      '本评价匿名，系统不记录评价人与评价内容的对应关系',
    );
    expect(await page.getByTestId('ballot-title').textContent()).toBe('浏览器测试：群众口碑测评');
    expect(await page.getByTestId('ballot-progress').textContent()).toContain(`已完成 0/${link.cadres}`);

    // The first cadre with a comment; an early submission points at what is missing.
    await rateOpenCard(page, 4);
    await page.getByTestId('ballot-text').fill('深入基层，群众认可。');
    await page.getByTestId('ballot-next').click();
    await tap(page.getByTestId('ballot-submit'));
    await poll(() => page.locator('.ant-message').textContent()).toContain('未评价完整');
    await snap(page, 'opinion-ballot-phone');
    for (let k = 0; k < link.cadres && (await states(page)).includes('todo'); k++) {
      await rateOpenCard(page, k % 5);
      await page.getByTestId('ballot-next').click();
    }
    expect(await page.getByTestId('ballot-progress').textContent()).toContain(
      `已完成 ${link.cadres}/${link.cadres}`,
    );
    await tap(page.getByTestId('ballot-submit'));
    expect(await page.getByTestId('ballot-confirm').textContent()).toContain('提交后链接失效，不能修改');
    await page.getByTestId('ballot-confirm-ok').click();
    await page.getByTestId('ballot-done').waitFor();

    const ballots = await server.db.deps.db
      .select()
      .from(opinionBallots)
      .where(and(eq(opinionBallots.campaignId, campaignId), eq(opinionBallots.raterGroup, 'peer')));
    expect(ballots).toHaveLength(link.cadres);
    const entries = await server.db.deps.db
      .select()
      .from(opinionEntries)
      .where(eq(opinionEntries.campaignId, campaignId));
    expect(entries.map((e) => e.text)).toEqual(['深入基层，群众认可。']);
    // Raters are never asked who they are.
    expect(api.some((a) => a.includes('/api/auth/'))).toBe(false);

    await page.goto(`/v/${link.token}`);
    await poll(() => page.getByTestId('ballot-refused').getAttribute('data-code')).toBe('LINK_USED');
    await page.goto('/v/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    await poll(() => page.getByTestId('ballot-refused').getAttribute('data-code')).toBe('LINK_INVALID');
    await ctx.close();
  });

  it('lets a public rater skip cadres they do not know, and refuses a second ballot', async () => {
    const { ctx, page } = await phone();
    await page.goto(`/p/${publicCode}`);
    await page.getByTestId('ballot-cadre').first().waitFor();
    const n = await page.getByTestId('ballot-cadre').count();
    // Skipping everyone is not a ballot.
    for (let k = 0; k < n && (await states(page)).includes('todo'); k++) {
      await page.getByTestId('ballot-skip').click();
    }
    expect(await states(page)).toEqual(Array(n).fill('skipped'));
    await tap(page.getByTestId('ballot-submit'));
    await poll(() => page.locator('.ant-message').textContent()).toContain('请至少评价一名干部');
    await page.getByTestId('ballot-cadre-head').first().click();
    await page.getByTestId('ballot-unskip').click();
    await rateOpenCard(page, 2);
    await tap(page.getByTestId('ballot-submit'));
    expect(await page.getByTestId('ballot-confirm').textContent()).toContain(`跳过 ${n - 1} 名`);
    await page.getByTestId('ballot-confirm-ok').click();
    await page.getByTestId('ballot-done').waitFor();
    const ballots = await server.db.deps.db
      .select()
      .from(opinionBallots)
      .where(and(eq(opinionBallots.campaignId, campaignId), eq(opinionBallots.raterGroup, 'public')));
    expect(ballots).toHaveLength(1);

    // The same browser again: the page says so at once, and the server would refuse anyway.
    await page.goto(`/p/${publicCode}`);
    await poll(() => page.getByTestId('ballot-refused').getAttribute('data-code')).toBe('ALREADY_VOTED');
    await page.evaluate(() => localStorage.clear());
    await page.goto(`/p/${publicCode}`);
    await page.getByTestId('ballot-cadre').first().waitFor();
    for (let k = 0; k < n && (await states(page)).includes('todo'); k++) {
      await page.getByTestId('ballot-skip').click();
    }
    await page.getByTestId('ballot-cadre-head').first().click();
    await page.getByTestId('ballot-unskip').click();
    await rateOpenCard(page, 1);
    await tap(page.getByTestId('ballot-submit'));
    await page.getByTestId('ballot-confirm-ok').click();
    await poll(() => page.getByTestId('ballot-refused').getAttribute('data-code')).toBe('ALREADY_VOTED');
    await ctx.close();
  });

  it('logs a liaison visit, withdraws it with a reason, and shows field time per leader', async () => {
    const { ctx, page } = await newPage(browser, server.url);
    await login(page, 'officer');
    await page.goto('/opinion/visits');
    await page.getByTestId('visits-table').waitFor();
    await page.getByTestId('visit-create').click();
    await pick(page, 'visit-leader');
    await pick(page, 'visit-unit');
    await page.getByTestId('visit-hours').fill('2.5');
    await page.getByTestId('visit-met').fill('浏览器测试：社区书记和居民代表 5 人');
    await page.getByTestId('visit-learned').fill('居民反映老旧小区加装电梯推进较慢。');
    await page.getByTestId('visit-save').click();
    await page.getByPlaceholder('见了谁、了解到的情况').fill('浏览器测试');
    await page.getByPlaceholder('见了谁、了解到的情况').press('Enter');
    await poll(() => page.locator('[data-testid="visits-table"] tbody tr.ant-table-row').count()).toBe(1);
    await page.getByTestId('visit-withdraw').click();
    await page.getByTestId('withdraw-reason').fill('重复登记');
    await page.getByTestId('withdraw-submit').click();
    await poll(() => page.getByTestId('visit-withdrawn').textContent()).toContain('重复登记');
    expect(await page.getByTestId('visit-edit').count()).toBe(0);

    await page.goto('/opinion/field-time');
    await page.getByTestId('field-time-table').waitFor();
    const leaders = await (await ctx.request.get('/api/opinion/leaders')).json();
    await poll(() => page.getByTestId('field-time-bar').count()).toBe(leaders.items.length);
    expect(await page.getByTestId('field-time-summary').textContent()).toContain('截至');
    await snap(page, 'opinion-field-time');
    await page.getByTestId('field-time-leader').first().click();
    await page.waitForURL(/\/opinion\/visits\?leaderCadreId=[0-9a-f-]{36}/);
    await ctx.close();
  });
});
