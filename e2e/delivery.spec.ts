import dayjs from 'dayjs';
import { and, desc, eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  authUsers,
  deliveryLists,
  deliveryPlanItems,
  deliveryPlans,
  orgCadres,
} from '../src/server/db/schema/index.ts';
import { ok } from '../test/delivery-factories.ts';
import { buildUser, TEST_PASSWORD } from '../test/factories.ts';
import {
  BROWSER_CONTEXT,
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

/** A 1×1 PNG, as a phone's camera would send a photo. */
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
    '1f15c4890000000d49444154789c6360f8cfc0f01f0005fe02fea7d6a5d70000000049454e44ae426082',
  'hex',
);

describeBrowser('走进一线看实绩 in the browser: a visit from plan to closed rectification', () => {
  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Last month, as the plan form suggests it. */
  const last = dayjs().subtract(1, 'month');
  let admins = 0;

  /**
   * A visit planned and started through the API, as the first test does in the page: one cadre
   * drawn at random by `seed` (each test its own), two items of their list.
   */
  async function startedVisit(seed: number) {
    const officer = await server.as('officer');
    const plan = ok<{ id: string }>(
      await officer.post('/api/delivery/plans', {
        title: `浏览器测试：随机对账考察 ${seed}`,
        selection: {
          rule: 'random',
          year: last.year(),
          month: last.month() + 1,
          cadres: 1,
          itemsPerCadre: 2,
          seed,
        },
      }),
    );
    ok(await officer.post(`/api/delivery/plans/${plan.id}/start`));
    const detail = ok<{ targets: { itemId: string; cadreId: string; cadreName: string }[] }>(
      await officer.get(`/api/delivery/plans/${plan.id}`),
    );
    const [cadre] = await server.db.deps.db
      .select({ id: orgCadres.id, unitId: orgCadres.unitId, name: orgCadres.name })
      .from(orgCadres)
      .where(eq(orgCadres.id, detail.targets[0]!.cadreId));
    return { officer, planId: plan.id, targets: detail.targets, cadre: cadre! };
  }

  /** An administrator of the cadre's unit, with an account of their own for this test. */
  async function unitAdminOf(unitId: string) {
    const admin = await buildUser(server.db.deps.db, {
      role: 'unit_admin',
      unitId,
      username: `e2e.unit${++admins}`,
    });
    return admin.username;
  }

  /** A visit whose first item was found lagging: the finding waits for the cadre's explanation. */
  async function raisedFinding(seed: number) {
    const v = await startedVisit(seed);
    const r = ok<{ finding: { id: string } }>(
      await v.officer.post(`/api/delivery/plans/${v.planId}/checks`, {
        itemId: v.targets[0]!.itemId,
        verifiedValue: 0.5,
        verdict: 'lagging',
        notes: '现场进度与报送不符',
      }),
    );
    return { ...v, findingId: r.finding.id, unitAdmin: await unitAdminOf(v.cadre.unitId!) };
  }

  /** The finding explained through the unit and made final: its rectification order is open. */
  async function openOrder(seed: number) {
    const f = await raisedFinding(seed);
    const admin = await server.as(f.unitAdmin, TEST_PASSWORD);
    ok(await admin.post(`/api/delivery/findings/${f.findingId}/explain`, { text: '台账尚未更新，正在补录' }));
    const fin = ok<{ rectification: { id: string } }>(
      await f.officer.post(`/api/delivery/findings/${f.findingId}/finalize`, {
        decision: 'maintain',
        response: '台账与现场不符，认定进度滞后',
        requirement: '补齐工作台账，一个月内追赶进度',
      }),
    );
    return { ...f, admin, orderId: fin.rectification.id };
  }

  it('plans a visit by rule and starts it', async () => {
    const { ctx, page } = await newPage(browser, server.url);
    await login(page, 'officer');
    await page.goto('/delivery/plans');
    await page.getByTestId('new-plan').click();
    await page.getByTestId('plan-title').fill('浏览器测试：差距最大的对账考察');
    await page.getByTestId('plan-rule-largest_gap').check();
    await page.getByLabel('人数').fill('1');
    await page.getByLabel('每人事项数').fill('2');
    await page.getByTestId('plan-preview').click();
    await poll(() => page.getByTestId('preview-cadre').count()).toBe(1);
    await page.getByTestId('plan-save').click();
    await page.waitForURL(/\/delivery\/plans\/[0-9a-f-]{36}$/);
    const planId = page.url().split('/').pop()!;
    await poll(() => page.getByTestId('plan-status').textContent()).toContain('保密');
    await page.getByTestId('plan-start').click();
    await page.getByTestId('plan-start-ok').click();
    await poll(() => page.getByTestId('plan-status').textContent()).toContain('进行中');
    expect(
      await server.db.deps.db
        .select({ id: deliveryPlanItems.id })
        .from(deliveryPlanItems)
        .where(eq(deliveryPlanItems.planId, planId)),
    ).toHaveLength(2);
    const [latest] = await server.db.deps.db
      .select()
      .from(deliveryPlans)
      .orderBy(desc(deliveryPlans.createdAt))
      .limit(1);
    expect(latest!.id).toBe(planId);
    await ctx.close();
  });

  it('records the checks on a phone, with a photo, and raises a finding', async () => {
    const { planId } = await startedVisit(20261);
    const phone = await browser.newContext({
      baseURL: server.url,
      viewport: { width: 375, height: 812 },
      isMobile: true,
      hasTouch: true,
      ...BROWSER_CONTEXT,
    });
    const page = await phone.newPage();
    page.setDefaultTimeout(15_000);
    await login(page, 'officer');
    await page.goto(`/delivery/plans/${planId}/check`);
    await page.getByTestId('check-cadre').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
    const cards = page.getByTestId('check-item');
    await poll(() => cards.count()).toBe(2);
    // First item: the site shows less than was reported.
    const first = cards.nth(0);
    await first.getByTestId('check-verified').fill('0.5');
    await first.getByTestId('verdict-lagging').click();
    await first.getByTestId('check-save').click();
    await poll(() => first.getByTestId('check-saved-verdict').textContent()).toContain('进度滞后');
    await first
      .getByTestId('check-photo')
      .locator('input[type=file]')
      .setInputFiles({ name: '现场.png', mimeType: 'image/png', buffer: PNG });
    await poll(() => first.locator('img').count()).toBeGreaterThan(0);
    // Second item: as reported.
    const second = cards.nth(1);
    await second.getByTestId('verdict-true').click();
    await second.getByTestId('check-save').click();
    await poll(() => second.getByTestId('check-saved-verdict').textContent()).toContain('属实');
    await snap(page, 'delivery-phone-check');
    await phone.close();
  });

  it('takes the cadre’s explanation through the unit, and the officer makes the finding final', async () => {
    const { cadre, findingId, unitAdmin } = await raisedFinding(20262);
    const findingUrl = `/delivery/findings/${findingId}`;
    const a = await newPage(browser, server.url);
    await login(a.page, unitAdmin, TEST_PASSWORD);
    await a.page.goto('/delivery/findings');
    await a.page.locator(`a[href="${findingUrl}"]`).first().click();
    await a.page.waitForURL(new RegExp(`${findingUrl}$`));
    // The finding names its cadre; their 时间轴 already shows it, awaiting the explanation.
    expect(await a.page.getByTestId('finding-cadre').textContent()).toBe(cadre.name);
    await a.page.getByTestId('finding-cadre').click();
    await a.page.waitForURL(/\/org\/cadres\/[0-9a-f-]{36}$/);
    await a.page.getByRole('tab', { name: '时间轴' }).click();
    await poll(() => a.page.getByTestId('timeline').textContent()).toContain('考察发现待说明（进度滞后）');
    await snap(a.page, 'delivery-timeline-pending');
    await a.page.goto(findingUrl);
    await a.page.getByTestId('explain-text').fill('部分工作已完成但台账尚未更新，正在补录');
    await a.page.getByTestId('explain-submit').click();
    await poll(() => a.page.getByTestId('finding-status').textContent()).toContain('已说明');
    await a.ctx.close();

    const { ctx, page } = await newPage(browser, server.url);
    await login(page, 'officer');
    await page.goto(findingUrl);
    await page.getByTestId('finalize-response').fill('台账与现场不符，认定进度滞后');
    await page.getByTestId('finalize-requirement').fill('补齐工作台账，一个月内追赶进度');
    await page.getByTestId('finalize-maintain').click();
    await poll(() => page.getByTestId('finding-status').textContent()).toContain('已认定');
    expect(await page.getByTestId('finding-rectification').getAttribute('href')).toMatch(
      /^\/delivery\/rectifications\//,
    );
    await ctx.close();
  });

  it('lets the unit reply with evidence, and the officer close the order', async () => {
    const { orderId, unitAdmin } = await openOrder(20263);
    const orderUrl = `/delivery/rectifications/${orderId}`;
    const a = await newPage(browser, server.url);
    await login(a.page, unitAdmin, TEST_PASSWORD);
    await a.page.goto(orderUrl);
    await a.page.getByTestId('reply-text').fill('已补齐台账，附整改照片');
    await a.page
      .getByTestId('reply-evidence')
      .locator('input[type=file]')
      .setInputFiles({ name: '整改.png', mimeType: 'image/png', buffer: PNG });
    await poll(() => a.page.getByText('整改.png').count()).toBeGreaterThan(0);
    await a.page.getByTestId('reply-submit').click();
    await poll(() => a.page.getByTestId('rectification-status').textContent()).toContain('已回复');
    await a.ctx.close();

    const { ctx, page } = await newPage(browser, server.url);
    await login(page, 'officer');
    await page.goto(orderUrl);
    await page.getByTestId('recheck-note').fill('复核属实，予以销号');
    await page.getByTestId('recheck-close').click();
    await poll(() => page.getByTestId('rectification-status').textContent()).toContain('已销号');
    await snap(page, 'delivery-rectification-closed');
    await ctx.close();
  });

  it('shows the new numbers on the statistics page', async () => {
    // The page's default range: from New Year's Day to today, in the county's time zone.
    const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
    const range = `from=${today.slice(0, 4)}-01-01&to=${today}`;
    const officer = await server.as('officer');
    type Stats = { overall: { items: number; findings: number; rectified: number }; sentence: string };
    const before = ok<Stats>(await officer.get(`/api/delivery/stats?${range}`));
    // One more visit through to a closed order: two items checked, one finding, rectified.
    const o = await openOrder(20264);
    ok(
      await o.officer.post(`/api/delivery/plans/${o.planId}/checks`, {
        itemId: o.targets[1]!.itemId,
        verdict: 'true',
      }),
    );
    ok(await o.admin.post(`/api/delivery/rectifications/${o.orderId}/reply`, { text: '已补齐台账' }));
    ok(
      await o.officer.post(`/api/delivery/rectifications/${o.orderId}/recheck`, {
        result: 'close',
        note: '复核属实，予以销号',
      }),
    );
    const after = ok<Stats>(await officer.get(`/api/delivery/stats?${range}`));
    expect(after.overall.items).toBe(before.overall.items + 2);
    expect(after.overall.findings).toBe(before.overall.findings + 1);
    expect(after.overall.rectified).toBe(before.overall.rectified + 1);

    const { ctx, page } = await newPage(browser, server.url);
    await login(page, 'officer');
    await page.goto('/delivery/stats');
    await poll(() => page.getByTestId('stats-sentence').textContent()).toBe(after.sentence);
    expect(after.sentence).toContain(`现场核验履职清单 ${after.overall.items}项`);
    expect(await page.getByTestId('stats-items').textContent()).toContain(String(after.overall.items));
    await snap(page, 'delivery-stats');
    await ctx.close();
  });

  it('names who confirmed a list and draws its weighted completion', async () => {
    const { ctx, page } = await newPage(browser, server.url);
    await login(page, 'officer');
    await page.goto('/delivery/lists?year=2026&status=confirmed');
    await page.getByTestId('lists-table').locator('a[href^="/delivery/lists/"]').first().click();
    await page.waitForURL(/\/delivery\/lists\/[0-9a-f-]{36}\/2026$/);
    const cadreId = new URL(page.url()).pathname.split('/')[3]!;
    const [who] = await server.db.deps.db
      .select({ name: authUsers.displayName })
      .from(deliveryLists)
      .innerJoin(authUsers, eq(authUsers.id, deliveryLists.confirmedBy))
      .where(and(eq(deliveryLists.cadreId, cadreId), eq(deliveryLists.year, 2026)));
    await poll(() => page.getByTestId('list-confirmed').textContent()).toContain(`${who!.name}，`);
    await poll(() => page.getByTestId('completion-chart').locator('canvas').count()).toBeGreaterThan(0);
    await snap(page, 'delivery-list-detail');
    await ctx.close();
  });
});
