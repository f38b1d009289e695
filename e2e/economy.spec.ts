import { and, eq, inArray } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { economyIndicators, economyValues, orgRegions } from '../src/server/db/schema/index.ts';
import {
  describeBrowser,
  type E2eServer,
  launchBrowser,
  login,
  newPage,
  openMenu,
  pick,
  poll,
  reloadUntilShown,
  settled,
  snap,
  startE2eServer,
} from './helpers.ts';

let server: E2eServer;
let browser: Browser;

/** The town whose figures the file bends, and the rule's pair: output rises, profit falls. */
const TOWN = '东城街道';
const GROWTH = 'IND_OUTPUT';
const EFFICIENCY = 'IND_PROFIT';
/** Three consecutive months (the rule's periods), each against the same month a year before. */
const MONTHS = ['2026-08', '2026-09', '2026-10'];
const lastYear = (p: string) => `${Number(p.slice(0, 4)) - 1}${p.slice(4)}`;

const ISSUE_NOTE = '产值增速与利润背离连续三个月，需当面了解原因';
const ACCOUNT = '部分企业承接低毛利代工订单冲产值，利润被原材料涨价侵蚀。';
const FOLLOW_UP = '一个月内报送亩均效益提升方案，清理贸易性产值';
const CHECK_NOTE = '已报送方案并完成企业走访，利润降幅收窄。';

/** The figure as the pages print it (at most two decimals, thousands separated). */
const shown = (v: number) => v.toLocaleString('zh-CN', { maximumFractionDigits: 2 });

describeBrowser('与经济运行同步诊断 in the browser: from a department upload to a checked interview', () => {
  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** The planted values: growth up 30 % and profit down 30 % on the same months of last year. */
  async function plantedValues() {
    const db = server.db.deps.db;
    const [town] = await db.select().from(orgRegions).where(eq(orgRegions.name, TOWN));
    const indicators = await db
      .select()
      .from(economyIndicators)
      .where(inArray(economyIndicators.code, [GROWTH, EFFICIENCY]));
    const before = await db
      .select()
      .from(economyValues)
      .where(
        and(
          eq(economyValues.regionId, town!.id),
          inArray(
            economyValues.indicatorId,
            indicators.map((i) => i.id),
          ),
          inArray(economyValues.period, MONTHS.map(lastYear)),
        ),
      );
    return indicators.flatMap((ind) =>
      MONTHS.map((period) => {
        const base = before.find((v) => v.indicatorId === ind.id && v.period === lastYear(period))!.value;
        const factor = ind.code === GROWTH ? 1.3 : 0.7;
        return { code: ind.code, period, value: Math.round(base * factor * 100) / 100 };
      }),
    );
  }
  const csvOf = (planted: { code: string; period: string; value: number }[]) =>
    ['指标编码,区域,单位,期别,数值', ...planted.map((p) => `${p.code},${TOWN},,${p.period},${p.value}`)].join(
      '\r\n',
    );

  it('lets the statistics bureau upload a file of figures', async () => {
    const planted = await plantedValues();
    expect(planted).toHaveLength(6);
    const csv = csvOf(planted);

    const { ctx, page } = await newPage(browser, server.url);
    await login(page, 'provider');
    await openMenu(page, '经济运行', '数据报送');
    await page.waitForURL(/\/economy\/feeds$/);
    // A provider sees the indicators it may deliver, with their codes.
    await poll(() => page.getByTestId('feed-indicators').textContent()).toContain(GROWTH);
    await page.getByTestId('feed-upload').click();
    const dialog = page.locator('.ant-modal').filter({ hasText: '导入指标数据' });
    await dialog.waitFor();
    await settled(dialog);
    await dialog.locator('input[type=file]').setInputFiles({
      name: '统计局月报.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv, 'utf8'),
    });
    await poll(() => dialog.getByText('统计局月报.csv').count()).toBeGreaterThan(0);
    await page.getByTestId('import-start').click();
    await poll(() => dialog.getByTestId('import-result').textContent()).toContain('修订 6 条');
    await snap(page, 'economy-feed-done', { fullPage: false });
    await dialog.getByTestId('import-report').getByRole('button', { name: '关闭' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const batch = page.getByTestId('feed-batches').locator('tr.ant-table-row').first();
    await poll(() => batch.textContent()).toContain('统计局月报.csv');
    await poll(() => batch.getByTestId('feed-batch-status').textContent()).toBe('已完成');
    expect(await batch.textContent()).toContain('修订 6');
    await snap(page, 'economy-feeds');
    await ctx.close();
  });

  it('shows the new values on the curves, evaluates the rules and lets the officer interview a cadre', async () => {
    // The bureau's figures, delivered through the API (the same file again changes nothing).
    const planted = await plantedValues();
    const provider = await server.as('provider');
    const up = await provider.upload('/api/imports/economy.values', [
      { name: '统计局月报.csv', bytes: Buffer.from(csvOf(planted), 'utf8') },
    ]);
    expect(up.statusCode, up.body).toBe(202);
    await server.jobsIdle();
    const { ctx, page } = await newPage(browser, server.url);
    await login(page, 'officer');

    // 指标曲线 of the town: the last month is the uploaded figure, and three months show as revised.
    await openMenu(page, '经济运行', '指标曲线');
    await page.waitForURL(/\/economy$/);
    await pick(page, 'curves-region', { option: TOWN });
    await page.waitForURL(/regionId=/);
    const card = page.getByTestId(`curve-${GROWTH}`);
    const last = planted.find((p) => p.code === GROWTH && p.period === MONTHS[2])!;
    await poll(() => card.getByTestId('curve-latest').textContent()).toBe(
      `${last.period}：${shown(last.value)}`,
    );
    expect(await card.textContent()).toContain('其中 3 期数值有修订');
    await card.getByTestId(`curve-toggle-${GROWTH}`).click();
    const row = card.locator('tr.ant-table-row').filter({ hasText: last.period });
    await row.getByTestId('curve-revisions').click();
    const drawer = page.locator('.ant-drawer').filter({ hasText: '修订记录' });
    await settled(drawer);
    await poll(() => drawer.getByTestId('revision-table').locator('tr.ant-table-row').count()).toBe(2);
    expect(await drawer.getByTestId('revision-table').textContent()).toContain('文件导入');
    await snap(page, 'economy-revisions', { fullPage: false });
    await drawer.locator('.ant-drawer-close').click();
    await drawer.waitFor({ state: 'hidden' });

    // 立即运行: the rules look at the new figures now.
    await openMenu(page, '经济运行', '预警规则');
    await page.waitForURL(/\/economy\/rules$/);
    await poll(() => page.getByTestId('rule-table').textContent()).toContain('重增速轻效益');
    await page.getByTestId('rules-run').click();
    await poll(() => page.locator('.ant-message').textContent()).toContain('已开始按现行规则研判');

    // The inbox shows the new alert once the run is over.
    await openMenu(page, '经济运行', '预警研判');
    await page.waitForURL(/\/economy\/alerts$/);
    const alertRow = page
      .getByTestId('alert-table')
      .locator('tr.ant-table-row')
      .filter({ hasText: '重增速轻效益' })
      .filter({ hasText: TOWN });
    await reloadUntilShown(page, alertRow);
    expect(await alertRow.count()).toBe(1);
    await snap(page, 'economy-alerts');
    await alertRow.click();
    await page.waitForURL(/\/economy\/alerts\/[0-9a-f-]{36}$/);
    await poll(() => page.getByTestId('alert-status').first().textContent()).toBe('待研判');
    expect(await page.getByTestId('alert-figures').textContent()).toContain(MONTHS[2]);
    await page.getByTestId('alert-chart').locator('canvas').waitFor();
    const cadres = page.getByTestId('alert-cadres').locator('tr.ant-table-row');
    await poll(() => cadres.count()).toBeGreaterThan(0);
    const cadreName = ((await cadres.first().locator('td').first().textContent()) ?? '').trim();
    expect(cadreName).not.toBe('');

    // 转约谈 with the assessment, confirmed in its dialog.
    await page.getByTestId('alert-escalate').click();
    const confirm = page.locator('.ant-modal').filter({ hasText: '转为约谈？' });
    await settled(confirm);
    await page.getByTestId('decision-text').fill(ISSUE_NOTE);
    await page.getByTestId('decision-ok').click();
    await confirm.waitFor({ state: 'hidden' });
    await poll(() => page.getByTestId('alert-status').first().textContent()).toBe('已转约谈');
    expect(await page.getByTestId('alert-decision').textContent()).toContain(ISSUE_NOTE);
    await snap(page, 'economy-alert-detail');

    // 记录约谈 for the first linked cadre: the cadre and the alert are filled in.
    await cadres.first().getByTestId('alert-interview').click();
    const form = page.locator('.ant-drawer').filter({ hasText: '记录约谈' });
    await settled(form);
    await poll(() => form.getByTestId('interview-cadre').textContent()).toContain(cadreName);
    await page.getByTestId('interview-account').fill(ACCOUNT);
    await page.getByTestId('interview-followup').fill(FOLLOW_UP);
    await snap(page, 'economy-interview-form', { fullPage: false });
    await page.getByTestId('interview-save').click();
    await form.waitFor({ state: 'hidden' });
    const interview = page
      .getByTestId('alert-interviews')
      .locator('tr.ant-table-row')
      .filter({ hasText: cadreName });
    await poll(() => interview.count()).toBe(1);
    expect(await interview.getByTestId('interview-status').textContent()).toBe('跟进中');

    // 跟进核查: the follow-up was done.
    await interview.click();
    const detail = page.locator('.ant-drawer').filter({ hasText: '约谈详情' });
    await settled(detail);
    await poll(() => detail.getByTestId('interview-detail').textContent()).toContain(ACCOUNT);
    await detail.getByTestId('followup-result').getByText('落实', { exact: true }).click();
    await page.getByTestId('followup-note').fill(CHECK_NOTE);
    await page.getByTestId('followup-save').click();
    await poll(() => detail.getByTestId('interview-checked').textContent()).toContain(CHECK_NOTE);
    await snap(page, 'economy-interview-checked', { fullPage: false });
    await detail.locator('.ant-drawer-close').click();
    await detail.waitFor({ state: 'hidden' });

    // The list of interviews says it too.
    await openMenu(page, '经济运行', '约谈记录');
    await page.waitForURL(/\/economy\/interviews$/);
    const listed = page
      .getByTestId('interview-table')
      .locator('tr.ant-table-row')
      .filter({ hasText: cadreName });
    await poll(() => listed.count()).toBe(1);
    expect(await listed.getByTestId('interview-status').textContent()).toBe('已落实');
    expect(await listed.textContent()).toContain('重增速轻效益');
    await snap(page, 'economy-interviews');

    // The 预警研判 page leads with the article's summary, in the figures the platform holds.
    const stats = (await (await server.as('officer')).get('/api/economy/stats')).json() as {
      problems: number;
      cadresInterviewed: number;
    };
    expect(stats.cadresInterviewed).toBeGreaterThan(0);
    await page.goto('/economy/alerts');
    await poll(() => page.getByTestId('economy-summary').textContent()).toContain(
      `问题 ${stats.problems} 个，约谈干部 ${stats.cadresInterviewed} 人`,
    );
    await ctx.close();
  });

  it('saves a new version of a role KPI and keeps the one it replaced under it', async () => {
    const { ctx, page } = await newPage(browser, server.url);
    await login(page, 'officer');
    await openMenu(page, '经济运行', '差异化评价');
    await page.waitForURL(/\/economy\/kpis/);
    await page.getByRole('tab', { name: '评价标准' }).click();
    const row = page
      .getByTestId('kpi-table')
      .locator('tr.ant-table-row')
      .filter({ hasText: '亩均效益提升值' });
    await poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain('v1');
    await row.getByTestId('kpi-edit').click();
    const drawer = page.locator('.ant-drawer').filter({ hasText: '修改评价标准' });
    await settled(drawer);
    await drawer.getByTestId('kpi-target').fill('2');
    await drawer.getByTestId('kpi-save').click();
    await poll(() => page.locator('.ant-message').textContent()).toContain('已生成新版本 v2');
    await drawer.waitFor({ state: 'hidden' });
    // The row now shows v2 with its new target; v1 and its target are folded under it.
    await poll(() => row.textContent()).toContain('v2');
    expect(await row.textContent()).toContain('2（越高越好）');
    await row.locator('.ant-table-row-expand-icon').click();
    const older = page.getByTestId('kpi-table').locator('.ant-table-expanded-row');
    await poll(() => older.textContent()).toContain('v1');
    expect(await older.textContent()).toContain('1.5');
    await ctx.close();
  });

  it('tells each forensic finding in a plain sentence, with the statistics one click away', async () => {
    // 东城街道's output pulls away from its power use month after month over the last year.
    const db = server.db.deps.db;
    const [town] = await db.select().from(orgRegions).where(eq(orgRegions.name, TOWN));
    const [output] = await db.select().from(economyIndicators).where(eq(economyIndicators.code, GROWTH));
    const months = Array.from(
      { length: 12 },
      (_, i) => `${i < 2 ? 2025 : 2026}-${String(((i + 10) % 12) + 1).padStart(2, '0')}`,
    );
    const before = await db
      .select()
      .from(economyValues)
      .where(
        and(
          eq(economyValues.regionId, town!.id),
          eq(economyValues.indicatorId, output!.id),
          inArray(economyValues.period, months.map(lastYear)),
        ),
      );
    expect(before).toHaveLength(12);
    const rows = months.map((period, k) => {
      const base = before.find((v) => v.period === lastYear(period))!.value;
      return { code: GROWTH, period, value: Math.round(base * 1.06 * 1.015 ** (k + 1) * 100) / 100 };
    });
    const provider = await server.as('provider');
    const up = await provider.upload('/api/imports/economy.values', [
      { name: '统计局月报（产值）.csv', bytes: Buffer.from(csvOf(rows), 'utf8') },
    ]);
    expect(up.statusCode, up.body).toBe(202);
    await server.jobsIdle();

    const { ctx, page } = await newPage(browser, server.url);
    await login(page, 'officer');
    await page.goto(`/economy/forensics?regionId=${town!.id}`);
    const card = page.getByTestId('crosscheck-card').filter({ hasText: output!.name });
    const sentence = card.getByTestId('finding-sentence');
    await poll(() => sentence.textContent()).toContain(
      `${TOWN}${output!.name}增速与工业用电量增速的差距在扩大`,
    );
    expect(await sentence.textContent()).toContain('这是线索，需要核实');
    expect(await card.textContent()).toContain('需核实');
    // The statistics are one click away, not in the way.
    expect(await card.getByTestId('finding-statistics').count()).toBe(0);
    await card.getByTestId('finding-toggle').click();
    await poll(() => card.getByTestId('finding-statistics').textContent()).toContain('扩大幅度的 z 值');
    expect(await card.getByTestId('finding-statistics').textContent()).toContain('BH 校正 q 值');
    // Each rule shows the rates measured on simulated data beside it.
    expect(await page.getByTestId('rate-crosscheck').textContent()).toContain('误报');
    expect(await page.getByTestId('forensics-summary').textContent()).toContain('需要核实的线索');
    await snap(page, 'economy-forensics');

    // Evaluated, the rule raises the same finding as an alert, with the statistics frozen on it.
    const officer = await server.as('officer');
    expect((await officer.post('/api/economy/rules/evaluate')).statusCode).toBe(200);
    await server.jobsIdle();
    await page.goto('/economy/alerts');
    const row = page
      .getByTestId('alert-table')
      .locator('tr.ant-table-row')
      .filter({ hasText: '交叉核验背离' })
      .filter({ hasText: TOWN });
    await reloadUntilShown(page, row.first());
    await row.first().click();
    await page.waitForURL(/\/economy\/alerts\/[0-9a-f-]{36}$/);
    await poll(() => page.getByTestId('alert-summary').textContent()).toContain('差距在扩大');
    await poll(() => page.getByTestId('alert-basis').textContent()).toContain('扩大幅度的 z 值');
    expect(await page.getByTestId('alert-basis').textContent()).toContain('同族检验');
    await snap(page, 'economy-alert-basis');
    await ctx.close();
  });
});
