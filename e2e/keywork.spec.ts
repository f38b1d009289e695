import dayjs from 'dayjs';
import { and, asc, eq, ne } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { authUserRoles, authUsers, orgCadres, orgUnits } from '../src/server/db/schema/index.ts';
import { systemCtx } from '../src/server/lib/context.ts';
import { createMeeting } from '../src/server/modules/keywork/meetings.service.ts';
import { createTask } from '../src/server/modules/keywork/tasks.service.ts';
import { onePixelPng } from '../test/multipart.ts';
import {
  describeBrowser,
  type E2eServer,
  launchBrowser,
  login,
  newPage,
  pick,
  poll,
  reloadUntilShown,
  settled,
  snap,
  startE2eServer,
} from './helpers.ts';

let server: E2eServer;
let browser: Browser;

const TITLE = '浏览器测试：港区疏港公路三期';
const CAUSE = '政策处理意见拖延两周未出，协调会上推诿扯皮，致使交地节点逾期。';
const DAY = 'YYYY-MM-DD';

describeBrowser('与重点工作同步评估 in the browser: from a lagging report to a concluded inspection', () => {
  let coop: { id: string; name: string; unitName: string; unitId: string };
  let leadUnitId = '';
  let leadCadreId = '';

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
    const db = server.db.deps.db;
    const [admin] = await db
      .select({ unitId: authUserRoles.unitId })
      .from(authUserRoles)
      .innerJoin(authUsers, eq(authUsers.id, authUserRoles.userId))
      .where(and(eq(authUsers.username, 'unitadmin'), eq(authUserRoles.role, 'unit_admin')));
    const lead = admin!.unitId!;
    const [lc] = await db
      .select({ id: orgCadres.id })
      .from(orgCadres)
      .where(and(eq(orgCadres.unitId, lead), eq(orgCadres.status, 'active')))
      .orderBy(asc(orgCadres.code))
      .limit(1);
    const [other] = await db
      .select({ id: orgCadres.id, name: orgCadres.name, unitName: orgUnits.name, unitId: orgUnits.id })
      .from(orgCadres)
      .innerJoin(orgUnits, eq(orgUnits.id, orgCadres.unitId))
      .where(
        and(
          ne(orgCadres.unitId, lead),
          eq(orgCadres.status, 'active'),
          eq(orgUnits.kind, 'department'),
          ne(orgUnits.name, '市委组织部'),
        ),
      )
      .orderBy(asc(orgCadres.code))
      .limit(1);
    coop = other!;
    leadUnitId = lead;
    leadCadreId = lc!.id;
  });

  /**
   * The joint office's part, through the service as the pages call it: a dispatch meeting and a
   * weekly task (started 16 days ago) led by the unit administrator's unit, with the cooperating
   * cadre answering for the first milestone. Each test builds its own.
   */
  async function buildTask(title: string) {
    const ctx = systemCtx(server.db.deps);
    const start = dayjs().subtract(16, 'day');
    const m = await createMeeting(ctx, {
      kind: 'dispatch',
      title: `${title}：专班攻坚调度会`,
      heldOn: start.subtract(2, 'day').format(DAY),
    });
    const t = await createTask(ctx, {
      title,
      meetingId: m.id,
      leadUnitId,
      cooperatingUnitIds: [coop.unitId],
      cadres: [
        { cadreId: leadCadreId, role: 'responsible', part: '总牵头' },
        { cadreId: coop.id, role: 'taskforce', part: '政策处理' },
      ],
      cadence: 'weekly',
      startsOn: start.format(DAY),
      dueOn: start.add(120, 'day').format(DAY),
      milestones: [
        {
          title: '完成交地',
          plannedOn: start.add(20, 'day').format(DAY),
          plannedProgress: 60,
          responsibleCadreId: coop.id,
        },
        {
          title: '通车',
          plannedOn: start.add(120, 'day').format(DAY),
          plannedProgress: 100,
          responsibleCadreId: leadCadreId,
        },
      ],
    });
    return t.id;
  }
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the lead unit reports a lagging task; the officer finds 推诿扯皮 at a cooperating unit; chain and timeline show it', async () => {
    const taskId = await buildTask(TITLE);
    const { ctx: unitCtx, page } = await newPage(browser, server.url);
    await login(page, 'unitadmin');
    await page.goto(`/keywork/tasks/${taskId}`);
    // The period to report is on the page (and on the unit's to-do list).
    await poll(() => page.getByTestId('report-reminder').textContent()).toMatch(/第 \d+ 期进度/);
    await snap(page, 'keywork-reminder', { fullPage: false });
    await page.getByTestId('report-open').click();
    const dialog = page.locator('.ant-modal').filter({ hasText: '报送进度' });
    await settled(dialog);
    await dialog
      .locator('input[data-testid="report-progress"], [data-testid="report-progress"] input')
      .fill('5');
    await dialog.getByTestId('report-summary').fill('交地协议签订 2 户，配合单位政策处理意见未出');
    await snap(page, 'keywork-report', { fullPage: false });
    await dialog.getByRole('button', { name: '报送' }).click();
    await poll(() => page.getByTestId('task-progress').textContent()).toContain('最近报送 5%');
    await snap(page, 'keywork-task');
    await unitCtx.close();

    const { page: off } = await newPage(browser, server.url);
    await login(off, 'officer');
    await off.goto('/keywork/inbox');
    const mine = off.getByTestId('inbox-mine').locator('tr.ant-table-row').filter({ hasText: TITLE });
    await reloadUntilShown(off, mine);
    expect(await mine.count()).toBe(1);
    await snap(off, 'keywork-inbox');
    await mine.getByRole('link', { name: TITLE }).click();
    await poll(() => off.getByTestId('inspection-status').textContent()).toContain('考察中');
    await expect.poll(() => off.locator('body').textContent()).toContain('进度落后于计划');

    const form = off.getByTestId('finding-form');
    await pick(off, form.getByTestId('finding-unit'), { option: coop.unitName });
    await pick(off, form.getByTestId('finding-cadre'), { search: coop.name, option: coop.name });
    await pick(off, form.getByTestId('finding-effect'), { option: '拖延任务' });
    await pick(off, form.getByTestId('finding-tags'), { option: '推诿扯皮' });
    await form.getByTestId('finding-cause').fill(CAUSE);
    await form
      .locator(
        'input[type=file][data-testid="finding-files"], [data-testid="finding-files"] input[type=file]',
      )
      .setInputFiles({ name: '协调会现场.png', mimeType: 'image/png', buffer: onePixelPng() });
    await form.getByTestId('finding-save').click();
    const found = off.getByTestId('finding-table').locator('tr.ant-table-row').filter({ hasText: coop.name });
    await poll(() => found.count()).toBe(1);
    await expect.poll(() => found.textContent()).toContain('推诿扯皮');
    await poll(() => found.getByTestId('evidence-thumb').count()).toBe(1);
    await snap(off, 'keywork-inspection');

    await off.getByTestId('conclude-open').click();
    const conclude = off.locator('.ant-modal').filter({ hasText: '作出考察结论' });
    await settled(conclude);
    await pick(off, conclude.getByTestId('conclude-kind'), { option: '部分责任' });
    await conclude.getByTestId('conclude-text').fill('配合单位推诿扯皮是交地节点逾期的主因');
    await settled(conclude);
    await off.locator('#conclude-ok').click();
    await poll(() => off.getByTestId('inspection-status').textContent()).toContain('已结论');

    // The causal chain of the task: the milestone, its responsible cadre, the conduct found.
    await off.goto(`/keywork/tasks/${taskId}`);
    await off.getByRole('tab', { name: '因果链' }).click();
    const chain = off.getByTestId('chain-view');
    await poll(() => chain.textContent()).toContain('推诿扯皮');
    await expect.poll(() => chain.textContent()).toContain(coop.name);
    await snap(off, 'keywork-chain');

    // The cadre's timeline.
    await off.goto(`/org/cadres/${coop.id}`);
    await off.getByRole('tab', { name: '时间轴' }).click();
    await poll(() => off.locator('body').textContent()).toContain(`重点任务定向考察：${TITLE}（推诿扯皮）`);
    await snap(off, 'keywork-timeline');

    await off.goto('/keywork/tasks');
    await poll(() => off.getByTestId('task-table').locator('tr.ant-table-row').count()).toBeGreaterThan(1);
    await snap(off, 'keywork-board');
    await off.goto('/keywork/assessments');
    await poll(() => off.getByTestId('assessment-table').locator('tr.ant-table-row').count()).toBeGreaterThan(
      0,
    );
    await snap(off, 'keywork-assessments');
  }, 90_000);

  it('the joint office corrects the task in a drawer and adds a milestone', async () => {
    const title = `${TITLE}（更正）`;
    const taskId = await buildTask(title);
    // The lead unit has reported once.
    const unit = await server.as('unitadmin');
    const report = await unit.post(`/api/keywork/tasks/${taskId}/reports`, {
      progress: 5,
      summary: '交地协议签订 2 户',
    });
    expect(report.statusCode, report.body).toBeLessThan(300);
    const { page } = await newPage(browser, server.url);
    await login(page, 'jointoffice');
    await page.goto(`/keywork/tasks/${taskId}`);
    await page.getByTestId('task-edit-open').click();
    const drawer = page.locator('.ant-drawer').filter({ hasText: '更正任务信息' });
    await settled(drawer);
    // Reports exist: the lead unit and the cadence stay.
    await expect.poll(() => drawer.textContent()).toContain('牵头单位和报送频次不能更改');
    await drawer.getByTestId('task-title').fill(`${title}（含互通立交）`);
    await snap(page, 'keywork-task-edit', { fullPage: false });
    await drawer.getByTestId('task-edit-save').click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '确认更正' }).click();
    await poll(() =>
      page.locator('h1, .ant-page-header-heading-title, body').first().textContent(),
    ).toContain('（含互通立交）');

    await page.getByTestId('milestone-add-open').click();
    const dialog = page.locator('.ant-modal').filter({ hasText: '新增节点' });
    await settled(dialog);
    await dialog.getByTestId('milestone-title').fill('主线贯通');
    await dialog.getByTestId('milestone-date').click();
    await dialog.getByTestId('milestone-date').fill(dayjs().add(40, 'day').format(DAY));
    await dialog.getByTestId('milestone-date').press('Enter');
    await dialog
      .locator('input[data-testid="milestone-progress"], [data-testid="milestone-progress"] input')
      .fill('80');
    await page.locator('#milestone-add-ok').click();
    await poll(() => page.locator('body').textContent()).toContain('主线贯通');
    await snap(page, 'keywork-task-edited');
  }, 60_000);
});
