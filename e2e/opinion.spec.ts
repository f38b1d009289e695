import { eq } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
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
import { phone, rateOpenCard, rateRemaining } from './opinion-helpers.ts';

let server: E2eServer;
let browser: Browser;

/** The unit of the demo `unitadmin`: a whole leadership team. */
const UNIT = '市投资促进中心';
const TITLE = '浏览器测试：投资促进中心干部口碑测评';
/** 下级评议 copies imported for the unit; 5 of them are voted, one stays unused. */
const SUBORDINATE_COPIES = 6;
const COMMENT = '服务企业上门快，项目跟踪到底。';

/** The input of an antd field, whether the test id sits on the input or around it. */
const inputOf = (page: Page, testid: string) =>
  page.locator(`input[data-testid="${testid}"], [data-testid="${testid}"] input`).first();

/** The officer's browser, logged in once for the whole round. */
let desk: { ctx: BrowserContext; page: Page } | undefined;

/** The officer on a page of the app. */
async function officer(path: string) {
  if (!desk) throw new Error('the officer is not logged in');
  await desk.page.goto(path);
  return desk;
}

describeBrowser('走进群众听民意 in the browser: a round from its creation to the 口碑档案', () => {
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

  // Shared along the round, as the officer and the raters pass it on.
  let campaignId = '';
  let year = 0;
  let round = 0;
  let unitCadres = 0;
  /** The slips issued: the group named on each, and the token of its address. */
  const slips: { group: string; token: string }[] = [];
  let publicPath = '';
  /** The cadre the phone rater commented on (the first card of the ballot). */
  let commented = '';

  it('creates a campaign over one unit through the 新建测评 drawer', async () => {
    const db = server.db.deps.db;
    const [unit] = await db.select().from(orgUnits).where(eq(orgUnits.name, UNIT));
    const cadres = await db.select().from(orgCadres).where(eq(orgCadres.unitId, unit!.id));
    unitCadres = cadres.filter((c) => c.status === 'active').length;
    expect(unitCadres).toBeGreaterThanOrEqual(3);

    const { ctx, page } = await officer('/opinion/campaigns');
    await page.getByTestId('campaign-table').waitFor();
    year = new Date().getFullYear();
    // The drawer proposes the year's next round: the demo already holds a closed one this year.
    const ofYear = await (await ctx.request.get(`/api/opinion/campaigns?year=${year}&pageSize=200`)).json();
    round = Math.max(0, ...ofYear.items.map((c: { round: number }) => c.round)) + 1;
    expect(round).toBeLessThanOrEqual(12);

    await page.getByTestId('campaign-new').click();
    await page.getByTestId('campaign-form').waitFor();
    await page.getByTestId('campaign-title').fill(TITLE);
    await poll(() => inputOf(page, 'campaign-year').inputValue()).toBe(String(year));
    await poll(() => inputOf(page, 'campaign-round').inputValue()).toBe(String(round));
    await page.getByTestId('campaign-scope').getByText('按单位选择').click();
    await pick(page, 'campaign-units', { option: UNIT });
    for (const g of ['superior', 'peer', 'subordinate', 'public']) {
      expect(await inputOf(page, `campaign-group-${g}`).isChecked()).toBe(true);
    }
    await page.getByTestId('campaign-save').click();
    await page.waitForURL(/\/opinion\/campaigns\/[0-9a-f-]{36}$/);
    campaignId = new URL(page.url()).pathname.split('/').pop()!;
    await poll(() => page.getByTestId('campaign-status').textContent()).toContain('筹备');
    const overview = (await page.getByTestId('campaign-overview').textContent()) ?? '';
    expect(overview).toContain(`${year}年 第${round}轮`);
    expect(overview).toContain(`${unitCadres} 人`);
    expect(await page.getByTestId('campaign-units-view').textContent()).toBe(UNIT);
  });

  it('produces raters by rule and by list, and a public link with its QR code', async () => {
    const { page } = await officer(`/opinion/campaigns/${campaignId}?tab=links`);
    await page.getByTestId('campaign-links').waitFor();

    // 上级评价 and 同级互评 come from the registry's leadership team.
    await page.getByTestId('raters-assign').click();
    await page.getByTestId('raters-assign-ok').click();
    await poll(() => page.getByTestId('raters-superior').textContent()).toContain('个链接');
    await poll(() => page.getByTestId('raters-peer').textContent()).toContain('个链接');
    expect(await page.getByTestId('raters-assign').isDisabled()).toBe(true);

    // 下级评议 comes from a list: 份数 links for the unit's staff, rating all its cadres.
    await page.getByTestId('raters-import').click();
    const csv = [
      '单位,评价者组,评价者,评价对象,份数',
      `${UNIT},下级评议,机关干部职工,,${SUBORDINATE_COPIES}`,
    ].join('\n');
    await page
      .locator('[data-testid=import-modal] input[type=file]')
      .setInputFiles({ name: '评价者名单.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByTestId('import-start').click();
    await poll(() => page.getByTestId('import-result').textContent()).toContain(`新增 ${SUBORDINATE_COPIES}`);
    await page.getByTestId('import-report').getByRole('button', { name: '关闭' }).click();
    await page.getByTestId('import-report').waitFor({ state: 'detached' });
    await poll(() => page.getByTestId('raters-subordinate').textContent()).toContain(
      `${SUBORDINATE_COPIES} 个链接 · 已发放 0 · 已用 0`,
    );

    // 群众测评: one public link for the unit, shown with its QR code and address.
    await pick(page, 'public-units', { option: UNIT });
    await page.getByTestId('public-create').click();
    const card = page.getByTestId('public-link');
    await poll(() => card.count()).toBe(1);
    const qr = card.locator('img[alt="二维码"]');
    expect(await qr.isVisible()).toBe(true);
    const address = ((await card.getByTestId('public-url').textContent()) ?? '').trim();
    expect(address).toMatch(new RegExp(`^${server.url}/p/[A-Za-z0-9_-]+$`));
    expect(await qr.getAttribute('data-value')).toBe(address);
    expect(await card.textContent()).toContain(`评价 ${unitCadres} 名干部`);
    publicPath = new URL(address).pathname;
    await poll(() => page.locator('[data-testid=links-table] tbody tr', { hasText: '公开' }).count()).toBe(1);
    await snap(page, 'opinion-campaign-links');
  });

  it('issues the links, shows the slips once, and starts the round', async () => {
    const { page } = await officer(`/opinion/campaigns/${campaignId}?tab=links`);
    const issue = page.getByTestId('issue-button');
    await poll(() => issue.textContent()).toMatch(/发放链接（\d+）/);
    const count = Number(/（(\d+)）/.exec((await issue.textContent()) ?? '')![1]);
    await issue.click();
    // A click on a dialog still zooming in can be lost: let the confirmation settle first.
    const ok = page.getByTestId('issue-ok');
    await ok.waitFor();
    await poll(() =>
      ok.evaluate((el) => el.closest('.ant-modal')?.getAnimations({ subtree: true }).length ?? 0),
    ).toBe(0);
    await ok.click();
    const modal = page.locator('.ant-modal').filter({ has: page.getByTestId('slips') });
    await poll(() => modal.locator('.ant-modal-title').textContent()).toBe(`评价链接发放单（${count} 份）`);
    // Once the dialog has finished zooming in, the picture is worth keeping.
    await poll(() => modal.evaluate((el) => el.getAnimations({ subtree: true }).length)).toBe(0);
    await snap(page, 'opinion-slips', { fullPage: false });

    // Read every slip, page by page: the group it is for and the address behind its QR code.
    const pages = Math.ceil(count / 8);
    for (let p = 1; p <= pages; p++) {
      if (p > 1) {
        await modal.locator(`.ant-pagination-item-${p}`).click();
        await poll(() => modal.locator('.ant-pagination-item-active').textContent()).toBe(String(p));
      }
      const cards = modal.getByTestId('slip');
      const n = await cards.count();
      for (let i = 0; i < n; i++) {
        const slip = cards.nth(i);
        const url = ((await slip.getByTestId('slip-url').textContent()) ?? '').trim();
        expect(await slip.getByTestId('slip-qr').getAttribute('data-value')).toBe(url);
        const text = (await slip.textContent()) ?? '';
        const group = /评价者组：(上级评价|同级互评|下级评议|服务对象反向评价)/.exec(text)?.[1] ?? '';
        slips.push({ group, token: new URL(url).pathname.replace('/v/', '') });
      }
    }
    expect(slips).toHaveLength(count);
    expect(new Set(slips.map((s) => s.token)).size).toBe(count);
    expect(slips.filter((s) => s.group === '下级评议')).toHaveLength(SUBORDINATE_COPIES);

    // Saving the sheet lets it close without the warning that the links are gone for good.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      modal.getByTestId('slips-xlsx').click(),
    ]);
    expect(download.suggestedFilename()).toBe(`评价链接-${TITLE}.xlsx`);
    await modal.getByTestId('slips-close').click();
    await page.getByTestId('slips').waitFor({ state: 'detached' });
    await poll(() => page.getByTestId('raters-subordinate').textContent()).toContain(
      `已发放 ${SUBORDINATE_COPIES}`,
    );
    expect(await issue.isDisabled()).toBe(true);

    await page.getByTestId('campaign-open').click();
    await page.getByTestId('campaign-open-ok').click();
    await page.getByTestId('campaign-close').waitFor();
    await page.getByRole('tab', { name: '概况' }).click();
    await poll(() => page.getByTestId('campaign-status').textContent()).toContain('测评中');
  });

  it('lets a rater rate every cadre on a phone through a personal link, once', async () => {
    const token = slips.find((s) => s.group === '下级评议')!.token;
    const { ctx, page, api } = await phone(browser, server.url);
    await page.goto(`/v/${token}`);
    await poll(() => page.getByTestId('ballot-cadre').count()).toBe(unitCadres);
    expect(await page.getByTestId('ballot-title').textContent()).toBe(TITLE);
    expect(await page.getByTestId('ballot-progress').textContent()).toContain(`已完成 0/${unitCadres}`);
    // Personal raters rate everyone on their slip: nothing to skip.
    expect(await page.getByTestId('ballot-skip').count()).toBe(0);

    const first = page.getByTestId('ballot-cadre').first();
    commented = (
      (await first
        .locator('[data-testid=ballot-cadre-head] > span:nth-child(2) > span')
        .first()
        .textContent()) ?? ''
    ).trim();
    expect(commented).not.toBe('');
    await rateOpenCard(page, 4);
    await page.getByTestId('ballot-text').fill(COMMENT);
    await snap(page, 'opinion-ballot-phone-rater');
    await page.getByTestId('ballot-next').click();
    await rateRemaining(page);
    expect(await page.getByTestId('ballot-progress').textContent()).toContain(
      `已完成 ${unitCadres}/${unitCadres}`,
    );
    await page.getByTestId('ballot-submit').click();
    await page.getByTestId('ballot-confirm-ok').click();
    await page.getByTestId('ballot-done').waitFor();
    expect(api.some((a) => a.includes('/api/auth/'))).toBe(false);

    // The same link again: refused, and said why.
    await page.goto(`/v/${token}`);
    const refused = page.getByTestId('ballot-refused');
    await poll(() => refused.getAttribute('data-code')).toBe('LINK_USED');
    expect(await refused.textContent()).toContain('已经使用过');
    await ctx.close();
  });

  it('lets a member of the public vote through the address next to the QR code', async () => {
    const { ctx, page } = await phone(browser, server.url);
    await page.goto(publicPath);
    await poll(() => page.getByTestId('ballot-cadre').count()).toBe(unitCadres);
    await rateRemaining(page, () => 2);
    await page.getByTestId('ballot-submit').click();
    expect(await page.getByTestId('ballot-confirm').textContent()).toContain(
      `您评价了 ${unitCadres} 名干部。`,
    );
    await page.getByTestId('ballot-confirm-ok').click();
    await page.getByTestId('ballot-done').waitFor();
    await page.getByTestId('ballot-confirm').waitFor({ state: 'hidden' });
    await snap(page, 'opinion-ballot-phone-public');
    await ctx.close();
  });

  it('closes the round once 下级评议 has 5 ballots: the single public ballot is withheld', async () => {
    // Four more staff vote from their own phones — here straight through the API, without a session.
    const others = slips.filter((s) => s.group === '下级评议').slice(1, 5);
    expect(others).toHaveLength(4);
    for (const [k, s] of others.entries()) {
      const url = `${server.url}/api/opinion/ballot/${s.token}`;
      const view = await (await fetch(url)).json();
      const items: string[] = view.questionnaire.dimensions.flatMap((d: { items: { code: string }[] }) =>
        d.items.map((i) => i.code),
      );
      const point = view.questionnaire.scale.max - (k % 2);
      const body = {
        ballots: view.cadres.map((c: { id: string }) => ({
          cadreId: c.id,
          answers: Object.fromEntries(items.map((code) => [code, point])),
        })),
      };
      const r = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(r.status, await r.clone().text()).toBe(201);
    }

    const { page } = await officer(`/opinion/campaigns/${campaignId}?tab=progress`);
    await poll(() => page.getByTestId('progress-group-subordinate').textContent()).toContain(
      `已用 5 / 已发放 ${SUBORDINATE_COPIES}`,
    );
    expect(await page.getByTestId('progress-group-public').textContent()).toContain('1份');

    await page.getByTestId('campaign-close').click();
    await page.getByTestId('campaign-close-ok').click();
    await page.getByTestId('campaign-close').waitFor({ state: 'detached' });
    await page.getByRole('tab', { name: '结果' }).click();
    const rows = page.locator('[data-testid=results-table] tbody tr.ant-table-row');
    await poll(() => rows.count()).toBe(unitCadres);
    // Every cadre: 5 staff ballots shown and counted, the public's one ballot neither.
    const withheld = await page.getByTestId('result-withheld').allTextContents();
    expect(withheld).toHaveLength(unitCadres);
    for (const w of withheld) expect(w).toBe('不足5份未单独显示群众测评');
    const counted = await rows.locator('td:nth-last-child(2)').allTextContents();
    expect(counted).toEqual(Array(unitCadres).fill('5'));
    await snap(page, 'opinion-results');
  });

  it('shows a cadre’s result without the withheld group, and the round in the 口碑档案', async () => {
    const { page } = await officer(`/opinion/campaigns/${campaignId}?tab=results`);
    const row = page
      .locator('[data-testid=results-table] tbody tr.ant-table-row')
      .filter({ has: page.getByTestId('result-cadre').getByText(commented, { exact: true }) });
    await poll(() => row.count()).toBe(1);
    expect(await row.getByTestId('result-withheld').textContent()).toContain('不足5份未单独显示');
    await row.getByTestId('result-cadre').click();
    await page.waitForURL(/\/opinion\/campaigns\/[0-9a-f-]{36}\/cadres\/[0-9a-f-]{36}$/);

    await poll(() => page.getByTestId('cadre-withheld').textContent()).toContain(
      '群众测评 不足5份未单独显示',
    );
    const groups = page.locator('[data-testid=cadre-groups] tbody tr.ant-table-row');
    expect(await groups.allTextContents()).toHaveLength(1);
    expect(await groups.first().locator('td').nth(0).textContent()).toBe('下级评议');
    expect(await groups.first().locator('td').nth(1).textContent()).toBe('5');
    expect(await page.getByTestId('cadre-groups').textContent()).not.toContain('群众测评');
    expect(await page.getByTestId('cadre-ballots').textContent()).toContain('5');
    // 下级评议 is shown on its own, so its comments are too.
    expect(await page.getByTestId('cadre-entries').textContent()).toContain(COMMENT);
    await snap(page, 'opinion-cadre-result');

    await page.getByTestId('cadre-profile-link').click();
    await page.waitForURL(/\/opinion\/profiles\/[0-9a-f-]{36}$/);
    const ours = page
      .locator('[data-testid=profile-rounds] tbody tr.ant-table-row')
      .filter({ hasText: TITLE });
    await poll(() => ours.count()).toBe(1);
    expect(await ours.textContent()).toContain(`${year}年 第${round}轮`);
    await ours.locator('.ant-table-row-expand-icon').click();
    await poll(() => page.getByTestId('profile-round-detail').textContent()).toContain(
      '群众测评 不足5份未单独显示',
    );
    await snap(page, 'opinion-profile');
  });
});
