import { and, asc, eq, isNull, ne, notExists } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  authUserRoles,
  authUsers,
  developmentPlans,
  orgCadres,
  orgUnits,
} from '../src/server/db/schema/index.ts';
import {
  describeBrowser,
  type E2eServer,
  launchBrowser,
  login,
  newPage,
  openMenu,
  pick,
  poll,
  settled,
  snap,
  startE2eServer,
} from './helpers.ts';

let server: E2eServer;
let browser: Browser;

const TITLE = '浏览器测试：履职辅导期（信访积案化解）';

/** Opens one of the plan's dialogs, fills it through `fill`, saves, and waits for it to close. */
async function act(page: Page, button: string, dialogTitle: string, fill: () => Promise<void>) {
  await page.getByTestId(button).click();
  const dialog = page.locator('.ant-modal').filter({ hasText: dialogTitle });
  await dialog.waitFor();
  await settled(dialog);
  await fill();
  await page.getByTestId('plan-action-ok').click();
}

describeBrowser('一人一策 in the browser: one plan through a monthly review to its end review', () => {
  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('an officer makes a guidance plan, the mentor reviews the month, the officer the end, a leader decides', async () => {
    const db = server.db.deps.db;
    const [mentor] = await db
      .select({ id: orgCadres.id, name: orgCadres.name })
      .from(authUserRoles)
      .innerJoin(authUsers, eq(authUsers.id, authUserRoles.userId))
      .innerJoin(orgCadres, eq(orgCadres.id, authUserRoles.cadreId))
      .where(and(eq(authUsers.username, 'mentor'), eq(authUserRoles.role, 'cadre')));
    // A cadre without a plan in force.
    const [mentee] = await db
      .select({ id: orgCadres.id, name: orgCadres.name, unitName: orgUnits.name })
      .from(orgCadres)
      .innerJoin(orgUnits, eq(orgUnits.id, orgCadres.unitId))
      .where(
        and(
          ne(orgCadres.id, mentor!.id),
          eq(orgCadres.status, 'active'),
          notExists(
            db
              .select({ id: developmentPlans.id })
              .from(developmentPlans)
              .where(and(eq(developmentPlans.cadreId, orgCadres.id), isNull(developmentPlans.outcomeAt))),
          ),
        ),
      )
      .orderBy(asc(orgCadres.code))
      .limit(1);

    // The officer draws up the plan.
    const officer = await newPage(browser, server.url);
    await login(officer.page, 'officer');
    await openMenu(officer.page, '一人一策', '培养计划');
    await officer.page.waitForURL(/\/development\/plans$/);
    await poll(() =>
      officer.page.getByTestId('development-plans').locator('tr.ant-table-row').count(),
    ).toBeGreaterThan(0);
    await snap(officer.page, 'development-plans');
    await officer.page.getByTestId('plan-new').click();
    const form = officer.page.locator('.ant-modal').filter({ hasText: '制定培养计划' });
    await form.waitFor();
    await settled(form);
    await pick(officer.page, 'plan-cadre', { search: mentee!.name, option: mentee!.name });
    await officer.page.getByTestId('plan-title').fill(TITLE);
    await officer.page.getByTestId('plan-reason').fill('现场考察中处理复杂问题能力偏弱');
    await pick(officer.page, 'plan-mentor', { search: mentor!.name, option: mentor!.name });
    await officer.page.getByTestId('plan-assignments').fill('牵头化解一件信访积案\n参与防汛值守');
    await officer.page.getByTestId('plan-goal-title').fill('独立牵头处置复杂事项');
    await officer.page.getByTestId('plan-goal-measure').fill('牵头化解积案件数');
    await officer.page.getByTestId('plan-ms-title').fill('化解第一件积案');
    await officer.page.getByTestId('plan-ms-target').fill('≥1 件，当事人签字息诉');
    await snap(officer.page, 'development-plan-form', { fullPage: false });
    await officer.page.getByTestId('plan-form-ok').click();
    await officer.page.waitForURL(/\/development\/plans\/[0-9a-f-]{36}$/);
    const planUrl = new URL(officer.page.url()).pathname;
    await poll(() => officer.page.locator('.ant-descriptions').first().textContent()).toContain(mentor!.name);

    // The mentor finds the month's review on the to-do list, and the plan under 我帮带的计划.
    const m = await newPage(browser, server.url);
    await login(m.page, 'mentor');
    await openMenu(m.page, '我的待办');
    await poll(() => m.page.locator('body').textContent()).toContain(`${mentee!.name} 培养计划`);
    await openMenu(m.page, '一人一策', '我帮带的计划');
    await m.page.getByRole('link', { name: TITLE }).click();
    await m.page.waitForURL(new RegExp(`${planUrl}$`));
    await act(m.page, 'plan-monthly', '月度评议', async () => {
      await m.page.getByTestId('review-summary').fill('本月跟班接待信访两次，主动接手一件积案');
    });
    await poll(() => m.page.getByTestId('plan-review').count()).toBe(1);
    expect(await m.page.getByTestId('plan-reviews').textContent()).toContain('导师');
    await expect.poll(() => m.page.getByTestId('plan-end').count()).toBe(0);
    await snap(m.page, 'development-plan-mentor');

    // The officer sees the month's review and writes the end review.
    await officer.page.reload();
    await poll(() => officer.page.getByTestId('plan-review').count()).toBe(1);
    await act(officer.page, 'plan-end', '期末评估', async () => {
      await officer.page.getByTestId('review-summary').fill('积案化解达标，现场协调能力明显提升');
    });
    await poll(() => officer.page.getByTestId('plan-review').count()).toBe(2);

    // A leader decides the outcome: 达到预期; the plan ends.
    const leader = await newPage(browser, server.url);
    await login(leader.page, 'leader');
    await leader.page.goto(planUrl);
    await leader.page.getByTestId('plan-outcome').click();
    const dialog = leader.page.locator('.ant-modal').filter({ hasText: '确定培养结果' });
    await dialog.waitFor();
    await settled(dialog);
    await leader.page.getByTestId('outcome-note').fill('辅导期目标达成，达到预期');
    await leader.page.getByTestId('plan-action-ok').click();
    await leader.page.locator('.ant-modal-confirm').getByRole('button', { name: '确定' }).click();
    await poll(() => leader.page.getByTestId('plan-outcome-text').textContent()).toContain('达到预期');
    await snap(leader.page, 'development-plan-ended');

    // The mentor's scope is withdrawn: the plan is gone from their list.
    await openMenu(m.page, '一人一策', '我帮带的计划');
    await m.page.reload();
    await poll(() => m.page.getByTestId('development-plans').textContent()).not.toContain(TITLE);
    for (const p of [officer, m, leader]) await p.ctx.close();
  });
  it('shows the cadre their plan without the internal notes, and the officer suggestions that cite their records', async () => {
    const cadre = await newPage(browser, server.url);
    await login(cadre.page, 'cadre');
    await openMenu(cadre.page, '一人一策', '我的培养计划');
    await cadre.page.getByTestId('development-plans').locator('tr.ant-table-row a').first().click();
    await cadre.page.waitForURL(/\/development\/plans\/[0-9a-f-]{36}$/);
    await poll(() => cadre.page.getByTestId('plan-review').count()).toBeGreaterThan(0);
    expect(await cadre.page.getByTestId('plan-notes').textContent()).not.toContain('内部');
    expect(await cadre.page.getByTestId('plan-note').count()).toBe(0);
    await snap(cadre.page, 'development-plan-self');
    await cadre.ctx.close();

    const officer = await newPage(browser, server.url);
    await login(officer.page, 'officer');
    await openMenu(officer.page, '一人一策', '一人一策建议');
    await poll(() => officer.page.getByTestId('development-suggestion').count()).toBeGreaterThan(0);
    const first = officer.page.getByTestId('development-suggestion').first();
    expect(await first.getByTestId('record-links').locator('a').count()).toBeGreaterThan(0);
    await snap(officer.page, 'development-suggestions');
    await officer.ctx.close();
  });
});
