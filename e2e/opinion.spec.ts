import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  describeBrowser,
  type E2eServer,
  launchBrowser,
  login,
  newPage,
  pick,
  poll,
  settled,
  snap,
  startE2eServer,
} from './helpers.ts';
import { confirmBallot, phone, rateOpenCard, rateRemaining, tap } from './opinion-helpers.ts';
import {
  cardsOf,
  closeRound,
  importStaff,
  nextRound,
  roundOver,
  unitNamed,
  voteByCard,
  voteByLink,
} from './opinion-setup.ts';

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

  it('creates a campaign over one unit through the 新建测评 drawer', async () => {
    const unitCadres = (await unitNamed(server, UNIT)).cadres.length;
    expect(unitCadres).toBeGreaterThanOrEqual(3);
    const { page } = await officer('/opinion/campaigns');
    await page.getByTestId('campaign-table').waitFor();
    const year = new Date().getFullYear();
    // The drawer proposes the year's next round: the demo already holds closed ones this year.
    const round = await nextRound(await server.as('officer'), year);
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
    await poll(() => page.getByTestId('campaign-status').textContent()).toContain('筹备');
    const overview = (await page.getByTestId('campaign-overview').textContent()) ?? '';
    expect(overview).toContain(`${year}年 第${round}轮`);
    expect(overview).toContain(`${unitCadres} 人`);
    expect(await page.getByTestId('campaign-units-view').textContent()).toBe(UNIT);
  });

  it('produces raters by rule and by list, and a public link with its QR code', async () => {
    const r = await roundOver(server, UNIT, { title: `${TITLE}（评价者）`, stage: 'draft' });
    const { cadres } = await unitNamed(server, UNIT);
    const { page } = await officer(`/opinion/campaigns/${r.id}?tab=links`);
    await page.getByTestId('campaign-links').waitFor();

    // 上级评价 and 同级互评 come from the registry's leadership team.
    await page.getByTestId('raters-assign').click();
    const assign = page.getByTestId('raters-assign-ok');
    await assign.waitFor();
    await settled(page.locator('.ant-modal').filter({ has: assign }));
    await assign.click();
    await poll(() => page.getByTestId('raters-superior').textContent()).toContain('个链接');
    await poll(() => page.getByTestId('raters-peer').textContent()).toContain('个链接');
    await poll(() => page.getByTestId('raters-assign').isDisabled()).toBe(true);

    // 下级评议 comes from a list: 份数 links for the unit's staff, rating all its cadres.
    await page.getByTestId('raters-import').click();
    const csv = [
      '单位,评价者组,评价者,评价对象,份数',
      `${UNIT},下级评议,机关干部职工,,${SUBORDINATE_COPIES}`,
    ].join('\n');
    const dialog = page.getByTestId('import-modal');
    await dialog.waitFor();
    await dialog
      .locator('input[type=file]')
      .setInputFiles({ name: '评价者名单.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await poll(() => dialog.getByText('评价者名单.csv').count()).toBeGreaterThan(0);
    await page.getByTestId('import-start').click();
    // The import runs as a background job: wait for it to finish, then for the dialog to show it.
    await page.getByTestId('import-report').waitFor();
    await server.jobsIdle();
    await poll(() => page.getByTestId('import-result').count(), { timeout: 30_000 }).toBe(1);
    expect(await page.getByTestId('import-result').textContent()).toContain(`新增 ${SUBORDINATE_COPIES}`);
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
    expect(await card.textContent()).toContain(`评价 ${cadres.length} 名干部`);
    await poll(() => page.locator('[data-testid=links-table] tbody tr', { hasText: '公开' }).count()).toBe(1);
    await snap(page, 'opinion-campaign-links');
  });

  it('issues the links, shows the slips once, and starts the round', async () => {
    const r = await roundOver(server, UNIT, { title: `${TITLE}（发放）`, stage: 'draft' });
    // Raters by rule and by list, through the API: this test is about issuing.
    const agent = r.officer;
    const { unit } = await unitNamed(server, UNIT);
    await agent.post(`/api/opinion/campaigns/${r.id}/raters/assign`, { groups: ['superior', 'peer'] });
    await importStaff(server, agent, r.id, unit.name, SUBORDINATE_COPIES);

    const { page } = await officer(`/opinion/campaigns/${r.id}?tab=links`);
    const issue = page.getByTestId('issue-button');
    await poll(() => issue.textContent()).toMatch(/发放链接（\d+）/);
    const count = Number(/（(\d+)）/.exec((await issue.textContent()) ?? '')![1]);
    await issue.click();
    // A click on a dialog still zooming in can be lost: let the confirmation settle first.
    const ok = page.getByTestId('issue-ok');
    await ok.waitFor();
    await settled(page.locator('.ant-modal').filter({ has: ok }));
    await ok.click();
    const modal = page.locator('.ant-modal').filter({ has: page.getByTestId('slips') });
    await poll(() => modal.locator('.ant-modal-title').textContent()).toBe(`评价链接发放单（${count} 份）`);
    // Once the dialog has finished zooming in, the picture is worth keeping.
    await settled(modal);
    await snap(page, 'opinion-slips', { fullPage: false });

    // Read every slip, page by page: the group it is for and the address behind its QR code.
    const slips: { group: string; token: string }[] = [];
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
    // A slip's address opens the ballot.
    const view = await server.app.inject({ method: 'GET', url: `/api/opinion/ballot/${slips[0]!.token}` });
    expect(view.statusCode).toBe(409); // the round has not started yet
    expect(view.json().error.code).toBe('CAMPAIGN_NOT_OPEN');

    // Saving the sheet lets it close without the warning that the links are gone for good.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      modal.getByTestId('slips-xlsx').click(),
    ]);
    expect(download.suggestedFilename()).toBe(`评价链接-${r.title}.xlsx`);
    await modal.getByTestId('slips-close').click();
    await page.getByTestId('slips').waitFor({ state: 'detached' });
    await poll(() => page.getByTestId('raters-subordinate').textContent()).toContain(
      `已发放 ${SUBORDINATE_COPIES}`,
    );
    expect(await issue.isDisabled()).toBe(true);

    await page.getByTestId('campaign-open').click();
    const open = page.getByTestId('campaign-open-ok');
    await open.waitFor();
    await settled(page.locator('.ant-modal').filter({ has: open }));
    await open.click();
    await page.getByTestId('campaign-close').waitFor();
    await page.getByRole('tab', { name: '概况' }).click();
    await poll(() => page.getByTestId('campaign-status').textContent()).toContain('测评中');
  });

  it('lets a rater rate every cadre on a phone through a personal link, once', async () => {
    const r = await roundOver(server, UNIT, { title: `${TITLE}（手机）`, stage: 'open' });
    const unitCadres = (await unitNamed(server, UNIT)).cadres.length;
    const token = r.slips.find((s) => s.group === 'subordinate')!.token;
    const { ctx, page, api } = await phone(browser, server.url);
    await page.goto(`/v/${token}`);
    await poll(() => page.getByTestId('ballot-cadre').count()).toBe(unitCadres);
    expect(await page.getByTestId('ballot-title').textContent()).toBe(r.title);
    expect(await page.getByTestId('ballot-progress').textContent()).toContain(`已完成 0/${unitCadres}`);
    // Personal raters rate everyone on their slip: nothing to skip.
    expect(await page.getByTestId('ballot-skip').count()).toBe(0);

    await rateOpenCard(page, 4);
    await page.getByTestId('ballot-text').fill(COMMENT);
    await snap(page, 'opinion-ballot-phone-rater');
    await tap(page.getByTestId('ballot-next'));
    await rateRemaining(page);
    await poll(() => page.getByTestId('ballot-progress').textContent()).toContain(
      `已完成 ${unitCadres}/${unitCadres}`,
    );
    await tap(page.getByTestId('ballot-submit'));
    await confirmBallot(page);
    await page.getByTestId('ballot-done').waitFor();
    expect(api.some((a) => a.includes('/api/auth/'))).toBe(false);

    // The same link again: refused, and said why.
    await page.goto(`/v/${token}`);
    const refused = page.getByTestId('ballot-refused');
    await poll(() => refused.getAttribute('data-code')).toBe('LINK_USED');
    expect(await refused.textContent()).toContain('已经使用过');
    await ctx.close();
  });

  it('makes cards for a hall session, and lets a member of the public vote once with a card', async () => {
    const r = await roundOver(server, UNIT, { title: `${TITLE}（现场）`, stage: 'open' });
    const unitCadres = (await unitNamed(server, UNIT)).cadres.length;
    const { page } = await officer(`/opinion/campaigns/${r.id}?tab=links`);
    const link = page.getByTestId('public-link');
    await poll(() => link.count()).toBe(1);
    await link.getByTestId('cards-new').click();
    const ok = page.getByTestId('cards-ok');
    await ok.waitFor();
    await settled(page.locator('.ant-modal').filter({ has: ok }));
    await inputOf(page, 'cards-count').fill('3');
    await ok.click();
    const sheet = page.locator('.ant-modal').filter({ has: page.getByTestId('cards') });
    await poll(() => sheet.getByTestId('card').count()).toBe(3);
    await settled(sheet);
    await snap(page, 'opinion-public-cards', { fullPage: false });
    const code = ((await sheet.getByTestId('card-code').first().textContent()) ?? '').trim();
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    const address = await sheet.getByTestId('card-qr').first().getAttribute('data-value');
    expect(address).toBe(`${server.url}/p/${r.publicCode}?c=${code}`);
    await sheet.getByTestId('cards-close').click();
    const closeOk = page.getByTestId('cards-close-ok');
    await closeOk.waitFor();
    await closeOk.click();
    await poll(() => link.getByTestId('public-cards').textContent()).toContain('现场评价卡 3 张，已用 0 张');

    // The phone scans the card: the code comes with the address and is checked at once.
    const { ctx, page: p } = await phone(browser, server.url);
    await p.goto(new URL(address!).pathname + new URL(address!).search);
    await poll(() => p.getByTestId('ballot-cadre').count()).toBe(unitCadres);
    await rateRemaining(p, () => 2);
    await tap(p.getByTestId('ballot-submit'));
    await poll(() => p.getByTestId('ballot-confirm').textContent()).toContain(
      `您评价了 ${unitCadres} 名干部。`,
    );
    await confirmBallot(p);
    await p.getByTestId('ballot-done').waitFor();
    await snap(p, 'opinion-ballot-phone-public');

    // The same card again: refused. A code typed wrongly: said so, and nothing else happens.
    await p.goto(new URL(address!).pathname + new URL(address!).search);
    await poll(() => p.getByTestId('ballot-refused').getAttribute('data-code')).toBe('SLIP_USED');
    await p.goto(`/p/${r.publicCode}`);
    await p.getByTestId('slip-input').fill('ZZZZ2222');
    await p.getByTestId('slip-start').click();
    await poll(() => p.getByTestId('slip-error').textContent()).toContain('评价码无效');
    await ctx.close();
    await page.reload();
    await poll(() => page.getByTestId('public-cards').textContent()).toContain('现场评价卡 3 张，已用 1 张');
  });

  it('closes the round once 下级评议 has 5 ballots: the single public ballot is withheld', async () => {
    const r = await roundOver(server, UNIT, { title: `${TITLE}（结束）`, stage: 'open' });
    const unitCadres = (await unitNamed(server, UNIT)).cadres.length;
    const staff = r.slips.filter((s) => s.group === 'subordinate').slice(0, 5);
    for (const [k, s] of staff.entries()) await voteByLink(server, s.token, 5 - (k % 2));
    const [card] = await cardsOf(r, 1);
    await voteByCard(server, r, card!, 3, unitCadres);

    const { page } = await officer(`/opinion/campaigns/${r.id}?tab=progress`);
    await poll(() => page.getByTestId('progress-group-subordinate').textContent()).toContain(
      `已用 5 / 已发放 ${SUBORDINATE_COPIES}`,
    );
    expect(await page.getByTestId('progress-group-public').textContent()).toContain('1份');

    await page.getByTestId('campaign-close').click();
    const ok = page.getByTestId('campaign-close-ok');
    await ok.waitFor();
    await settled(page.locator('.ant-modal').filter({ has: ok }));
    await ok.click();
    await page.getByTestId('campaign-close').waitFor({ state: 'detached' });
    await page.getByRole('tab', { name: '结果' }).click();
    const rows = page.locator('[data-testid=results-table] tbody tr.ant-table-row');
    await poll(() => rows.count()).toBe(unitCadres);
    // Every cadre: 5 staff ballots shown and counted, the public's one ballot neither.
    const withheld = await page.getByTestId('result-withheld').allTextContents();
    expect(withheld).toHaveLength(unitCadres);
    for (const w of withheld) expect(w).toBe('不足 5 份，未单列群众测评');
    const counted = await rows.locator('td:nth-last-child(2)').allTextContents();
    expect(counted).toEqual(Array(unitCadres).fill('5'));
    await snap(page, 'opinion-results');
  });

  it('shows a cadre’s result without the withheld group, and the round in the 口碑档案', async () => {
    const r = await roundOver(server, UNIT, { title: `${TITLE}（档案）`, stage: 'open' });
    const staff = r.slips.filter((s) => s.group === 'subordinate').slice(0, 5);
    // The first staff member comments on the first cadre of the ballot.
    const rated = await voteByLink(server, staff[0]!.token, 4, (i) => (i === 0 ? COMMENT : ''));
    for (const s of staff.slice(1)) await voteByLink(server, s.token, 5);
    const [card] = await cardsOf(r, 1);
    await voteByCard(server, r, card!, 2);
    await closeRound(r);
    const commented = rated[0]!.name;

    const { page } = await officer(`/opinion/campaigns/${r.id}?tab=results`);
    const row = page
      .locator('[data-testid=results-table] tbody tr.ant-table-row')
      .filter({ has: page.getByTestId('result-cadre').getByText(commented, { exact: true }) });
    await poll(() => row.count()).toBe(1);
    expect(await row.getByTestId('result-withheld').textContent()).toContain('不足 5 份，未单列');
    await row.getByTestId('result-cadre').click();
    await page.waitForURL(/\/opinion\/campaigns\/[0-9a-f-]{36}\/cadres\/[0-9a-f-]{36}$/);

    await poll(() => page.getByTestId('cadre-withheld').textContent()).toContain(
      '群众测评 不足 5 份，未单列',
    );
    const groups = page.locator('[data-testid=cadre-groups] tbody tr.ant-table-row');
    await poll(() => groups.count()).toBe(1);
    expect(await groups.first().locator('td').nth(0).textContent()).toBe('下级评议');
    expect(await groups.first().locator('td').nth(1).textContent()).toBe('5');
    expect(await page.getByTestId('cadre-groups').textContent()).not.toContain('群众测评');
    expect(await page.getByTestId('cadre-ballots').textContent()).toContain('5');
    // 下级评议 is shown on its own, so its comments are too.
    await poll(() => page.getByTestId('cadre-entries').textContent()).toContain(COMMENT);
    await snap(page, 'opinion-cadre-result');

    await page.getByTestId('cadre-profile-link').click();
    await page.waitForURL(/\/opinion\/profiles\/[0-9a-f-]{36}$/);
    const ours = page
      .locator('[data-testid=profile-rounds] tbody tr.ant-table-row')
      .filter({ hasText: r.title });
    await poll(() => ours.count()).toBe(1);
    expect(await ours.textContent()).toContain(`${r.year}年 第${r.round}轮`);
    await ours.locator('.ant-table-row-expand-icon').click();
    await poll(() => page.getByTestId('profile-round-detail').textContent()).toContain(
      '群众测评 不足 5 份，未单列',
    );
    await snap(page, 'opinion-profile');
  });
});
