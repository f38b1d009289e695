import { and, eq, ne } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { authUserRoles, authUsers, orgCadres, orgUnits } from '../src/server/db/schema/index.ts';
import { buildUser, TEST_PASSWORD } from '../test/factories.ts';
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

let server: E2eServer;
let browser: Browser;

describeBrowser('一事一奖 in the browser: one application from 申报 to 兑现', () => {
  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('goes through 审核 with a 会签 opinion, 审批 and 兑现, shows on the board and on the cadre’s timeline', async () => {
    const db = server.db.deps.db;
    // The demo unit administrator's unit, one of its cadres, and another unit asked for its opinion.
    const [grant] = await db
      .select({ unitId: authUserRoles.unitId })
      .from(authUserRoles)
      .innerJoin(authUsers, eq(authUsers.id, authUserRoles.userId))
      .where(eq(authUsers.username, 'unitadmin'));
    const unitId = grant!.unitId!;
    const [cadre] = await db
      .select()
      .from(orgCadres)
      .where(and(eq(orgCadres.unitId, unitId), eq(orgCadres.status, 'active')));
    const [other] = await db
      .select()
      .from(orgUnits)
      .where(and(ne(orgUnits.id, unitId), ne(orgUnits.name, '市委组织部')));
    const opinionAdmin = await buildUser(db, {
      role: 'unit_admin',
      unitId: other!.id,
      username: 'e2e.opinion',
    });
    const deed = `浏览器测试：连续三昼夜坚守防汛一线，转移群众 ${Date.now() % 1000} 人`;

    // 申报: the unit applies for its cadre and submits.
    const unit = await newPage(browser, server.url);
    await login(unit.page, 'unitadmin');
    await unit.page.goto('/rewards/applications');
    await unit.page.getByTestId('apply-new').click();
    const dialog = unit.page.locator('.ant-modal:visible');
    await settled(dialog);
    await pick(unit.page, 'apply-batch');
    await pick(unit.page, 'apply-kind', { option: '嘉奖' });
    await pick(unit.page, 'apply-cadres', { option: cadre!.name });
    await unit.page.getByTestId('apply-deed').fill(deed);
    await unit.page.getByTestId('apply-save').click();
    await unit.page.waitForURL(/\/rewards\/applications\/[0-9a-f-]{36}$/);
    const url = new URL(unit.page.url()).pathname;
    await unit.page.getByTestId('submit').click();
    await unit.page
      .getByRole('button', { name: '确 定' })
      .or(unit.page.getByRole('button', { name: '确定' }))
      .click();
    await poll(() => unit.page.getByText('审核中').count()).toBeGreaterThan(0);
    await expect(unit.page.getByTestId('month-clock').first().textContent()).resolves.toContain('第 0 天');

    // 审核: the officer asks the other unit for its opinion.
    const officer = await newPage(browser, server.url);
    await login(officer.page, 'officer');
    await officer.page.goto(url);
    await officer.page.getByTestId('request-opinions').click();
    await settled(officer.page.locator('.ant-modal:visible'));
    await pick(officer.page, 'opinion-unit', { option: other!.name });
    await officer.page.getByTestId('opinion-request-ok').click();
    await poll(() => officer.page.getByTestId('opinions-table').getByText('待回复').count()).toBe(1);

    // 会签: the unit asked answers through its to-do.
    const asked = await newPage(browser, server.url);
    await login(asked.page, opinionAdmin.username, TEST_PASSWORD);
    await asked.page.goto('/todo');
    await asked.page
      .getByText(/会签廉政意见/)
      .first()
      .click();
    await asked.page.getByTestId('opinion-answer').click();
    await settled(asked.page.locator('.ant-modal:visible'));
    await asked.page.getByTestId('opinion-text').fill('未发现廉政问题，同意申报');
    await asked.page.getByTestId('opinion-answer-ok').click();
    await poll(() =>
      asked.page.getByTestId('opinions-table').getByText('未发现廉政问题，同意申报').count(),
    ).toBe(1);

    // The officer passes the review; the board shows the application waiting for 审批.
    await officer.page.reload();
    await officer.page.getByTestId('review').click();
    await settled(officer.page.locator('.ant-modal:visible'));
    await officer.page.getByTestId('decision-ok').click();
    await poll(() => officer.page.getByText('待审批').count()).toBeGreaterThan(0);
    await officer.page.goto('/rewards/board');
    const card = officer.page
      .getByTestId('board-col-approve')
      .getByTestId('board-card')
      .filter({ hasText: deed });
    await poll(() => card.count()).toBe(1);
    await expect(card.getByTestId('days-by-step').textContent()).resolves.toContain('审核 0');
    await snap(officer.page, 'rewards-board');

    // 审批 by the leader, 兑现 by the officer.
    const leader = await newPage(browser, server.url);
    await login(leader.page, 'leader');
    await leader.page.goto(url);
    await leader.page.getByTestId('approve').click();
    await settled(leader.page.locator('.ant-modal:visible'));
    await leader.page.getByTestId('decision-ok').click();
    await poll(() => leader.page.getByText('待兑现').count()).toBeGreaterThan(0);
    await officer.page.goto(url);
    await officer.page.getByTestId('award').click();
    await settled(officer.page.locator('.ant-modal:visible'));
    await officer.page.getByTestId('award-doc').fill('玉组〔2026〕99号');
    await officer.page.getByTestId('award-ok').click();
    await poll(() => officer.page.getByText('已兑现').count()).toBeGreaterThan(0);
    await poll(() => officer.page.getByTestId('steps-table').locator('tbody tr').count()).toBe(4);
    await poll(() => officer.page.locator('.ant-modal:visible').count()).toBe(0);
    await snap(officer.page, 'rewards-detail');

    // The award is on the cadre's timeline.
    await officer.page.goto(`/org/cadres/${cadre!.id}`);
    await officer.page.getByRole('tab', { name: '时间轴' }).click();
    await poll(() => officer.page.getByText(/获嘉奖（一事一奖）：浏览器测试/).count()).toBe(1);
    for (const p of [unit, officer, asked, leader]) await p.ctx.close();
  });
});
