import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseLrmx } from '../src/server/modules/org/lrmx.ts';
import type { Agent } from '../test/app.ts';
import { onePixelPng } from '../test/multipart.ts';
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

/** A file uploaded to a decision through the API (a scan of a check's material). */
async function uploadTo(agent: Agent, decisionId: string, name: string) {
  const r = await agent.upload('/api/evidence/files', [{ name, bytes: onePixelPng() }], {
    ownerType: 'quadrant_decision',
    ownerId: decisionId,
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json().id as string;
}

describeBrowser('实绩象限 and 季度微调 in the browser', () => {
  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("shows the quarter's chart and a cadre's evidence behind both axes", async () => {
    const officer = await server.as('officer');
    const view = (await officer.get('/api/quadrant/quarters/2026Q3')).json();
    const point = view.points[0];
    const { ctx, page } = await newPage(browser, server.url);
    await login(page, 'officer');
    await page.goto('/quadrant?quarter=2026Q3');
    await page.getByTestId('quadrant-scatter').locator('canvas').first().waitFor();
    await page.getByTestId('quadrant-fairness').waitFor();
    await snap(page, 'quadrant-quarter');
    await page.goto(`/quadrant/cadres/${point.cadreId}`);
    await page.getByTestId('quadrant-open-evidence').first().click();
    const drawer = page.getByTestId('quadrant-evidence');
    await poll(() => drawer.getByTestId('quadrant-view-parts').count()).toBe(1);
    await poll(() =>
      drawer.getByTestId('quadrant-contribution-parts').locator('tbody tr').count(),
    ).toBeGreaterThan(0);
    await expect(drawer.getByText('个体成长解析')).toBeTruthy();
    await snap(page, 'quadrant-evidence', { fullPage: false });
    await ctx.close();
  });

  it('turns a recommendation into a promotion that, once effective, changes the registry and the timeline', async () => {
    const officer = await server.as('officer');
    const recs = (await officer.get('/api/quadrant/recommendations?quarter=2026Q3')).json();
    const rec = recs.items.find(
      (r: { kind: string; can: { draft: boolean } }) => r.kind === 'promote' && r.can.draft,
    );
    expect(rec).toBeTruthy();
    const { ctx, page } = await newPage(browser, server.url);
    await login(page, 'officer');
    await page.goto('/quadrant/recommendations?quarter=2026Q3');
    const row = page.getByTestId('quadrant-recommendations').locator('tr', { hasText: rec.cadre.name });
    await row.getByTestId('quadrant-draft').click();
    await page.getByTestId('quadrant-draft-post').locator('input').fill('浏览器测试局长');
    await page.getByTestId('quadrant-draft-ok').click();
    await page.waitForURL(/\/quadrant\/decisions\/[0-9a-f-]+$/);
    await poll(() => page.getByTestId('quadrant-decision-status').textContent()).toContain('待部务会研究');
    const id = page.url().split('/').pop()!;
    await snap(page, 'quadrant-decision-draft');
    await ctx.close();

    // 凡提四必, the 部务会 and a 任前公示 already over, recorded through the API.
    for (const kind of ['archive', 'personal_report', 'integrity']) {
      const fileIds = [await uploadTo(officer, id, `${kind}.png`)];
      expect(
        (await officer.post(`/api/quadrant/decisions/${id}/checks`, { kind, result: 'pass', fileIds }))
          .statusCode,
      ).toBe(200);
    }
    const leaderApi = await server.as('leader');
    expect(
      (await leaderApi.post(`/api/quadrant/decisions/${id}/adopt`, { meeting: '2026年第11次部务会' }))
        .statusCode,
    ).toBe(200);
    expect(
      (await officer.post(`/api/quadrant/decisions/${id}/publicity`, { from: '2026-11-02' })).statusCode,
    ).toBe(200);

    const l = await newPage(browser, server.url);
    await login(l.page, 'leader');
    await l.page.goto(`/quadrant/decisions/${id}`);
    await l.page.getByTestId('quadrant-action-effect').click();
    const dialog = l.page.locator('.ant-modal:visible');
    await dialog.getByLabel('决定机关').fill('县委常委会');
    await dialog.getByLabel('任免文号').fill('玉委〔2026〕901号');
    await dialog.getByLabel('生效日期').fill('2026-11-09');
    await dialog.getByLabel('生效日期').press('Enter');
    await l.page.getByTestId('quadrant-action-ok').click();
    await poll(() => l.page.getByTestId('quadrant-decision-status').textContent()).toContain('已决定并生效');
    await snap(l.page, 'quadrant-decision-effective');
    await l.page.goto(`/org/cadres/${rec.cadre.id}`);
    await l.page.getByRole('tab', { name: '任免经历' }).click();
    await poll(() => l.page.getByText('玉委〔2026〕901号').count()).toBeGreaterThan(0);
    await l.page.getByRole('tab', { name: '时间轴' }).click();
    await poll(() => l.page.getByText(/季度微调：提拔/).count()).toBeGreaterThan(0);
    await l.page.goto('/quadrant/decisions');
    await l.page.getByTestId('quadrant-statistics').waitFor();
    await snap(l.page, 'quadrant-decisions');
    await l.ctx.close();
  });

  it('records a check with its uploaded file on the decision page and downloads the 任免审批表', async () => {
    const officer = await server.as('officer');
    const view = (await officer.get('/api/quadrant/quarters/2026Q3')).json();
    let drafted: { id: string; cadre: { name: string } } | null = null;
    for (const p of view.points as { cadreId: string; identified: boolean }[]) {
      if (!p.identified) continue;
      const r = await officer.post('/api/quadrant/decisions', {
        cadreId: p.cadreId,
        quarter: '2026Q3',
        kind: 'promote',
        target: { post: '浏览器核查局长', teamPlace: '正职' },
        reasons: '连续处于高贡献区，拟提拔（浏览器核查）',
      });
      if (r.statusCode === 201) {
        drafted = r.json();
        break;
      }
    }
    expect(drafted).toBeTruthy();
    const d = drafted!;
    const { ctx, page } = await newPage(browser, server.url);
    await login(page, 'officer');
    await page.goto(`/quadrant/decisions/${d.id}`);
    await page.getByTestId('quadrant-action-check').click();
    const dialog = page.locator('.ant-modal:visible');
    await settled(dialog);
    await pick(page, dialog.getByTestId('quadrant-check-kind'), { option: '干部档案审核' });
    await pick(page, dialog.getByTestId('quadrant-check-result'), { option: '无问题' });
    // Without a file the dialog refuses: the check does not count.
    await page.getByTestId('quadrant-action-ok').click();
    await poll(() => dialog.getByText('请上传核查材料').count()).toBeGreaterThan(0);
    await dialog
      .getByTestId('quadrant-file-upload')
      .locator('input[type=file]')
      .setInputFiles({ name: '档案审核意见.png', mimeType: 'image/png', buffer: onePixelPng() });
    const choice = dialog.getByTestId('quadrant-file-choices').getByLabel('档案审核意见.png');
    await poll(() => choice.isChecked()).toBe(true);
    await snap(page, 'quadrant-check-dialog', { fullPage: false });
    await page.getByTestId('quadrant-action-ok').click();
    await dialog.waitFor({ state: 'hidden' });
    const files = page.getByTestId('quadrant-files').getByText('档案审核意见.png');
    await poll(() => files.count()).toBeGreaterThan(0);
    const after = (await officer.get(`/api/quadrant/decisions/${d.id}`)).json();
    const check = after.checks.find((c: { kind: string }) => c.kind === 'archive');
    expect(check.files[0].name).toBe('档案审核意见.png');

    const download = page.waitForEvent('download');
    await page.getByTestId('quadrant-download-lrmx').click();
    const file = await (await download).path();
    const form = parseLrmx(fs.readFileSync(file));
    expect(form.name).toBe(d.cadre.name);
    expect(form.proposedPost).toContain('浏览器核查局长');
    expect(form.reason).toBe('连续处于高贡献区，拟提拔（浏览器核查）');
    await snap(page, 'quadrant-decision-files');
    await ctx.close();
  });

  it('changes a threshold on the settings page as a new version', async () => {
    const leaderApi = await server.as('leader');
    const before = (await leaderApi.get('/api/quadrant/settings')).json();
    const { ctx, page } = await newPage(browser, server.url);
    await login(page, 'leader');
    await page.goto('/quadrant/settings');
    await page.getByTestId('quadrant-settings-form').waitFor();
    const input = page.getByTestId('settings-viewThreshold');
    await input.fill(String(before.params.viewThreshold + 1.5));
    await page.getByLabel('调整理由').fill('部务会研究提高政绩观门槛');
    await page.getByTestId('quadrant-settings-save').click();
    await poll(() => page.getByTestId('quadrant-settings-version').textContent()).toContain(
      `第 ${before.version + 1} 版`,
    );
    const row = page
      .getByTestId('quadrant-settings-versions')
      .locator('tr', { hasText: '部务会研究提高政绩观门槛' });
    await poll(() => row.getByText('政绩观门槛').count()).toBeGreaterThan(0);
    const now = (await leaderApi.get('/api/quadrant/settings')).json();
    expect(now.params.viewThreshold).toBe(before.params.viewThreshold + 1.5);
    await snap(page, 'quadrant-settings');
    await ctx.close();
    // An officer sees the settings but cannot save them.
    const o = await newPage(browser, server.url);
    await login(o.page, 'officer');
    await o.page.goto('/quadrant/settings');
    await o.page.getByTestId('quadrant-settings-form').waitFor();
    expect(await o.page.getByTestId('quadrant-settings-save').count()).toBe(0);
    await o.ctx.close();
  });

  it('ends a promotion when an objection raised during 任前公示 is found substantiated', async () => {
    const officer = await server.as('officer');
    const leaderApi = await server.as('leader');
    const view = (await officer.get('/api/quadrant/quarters/2026Q3')).json();
    let id: string | null = null;
    for (const p of [...view.points].reverse() as { cadreId: string; identified: boolean }[]) {
      if (!p.identified) continue;
      const r = await officer.post('/api/quadrant/decisions', {
        cadreId: p.cadreId,
        quarter: '2026Q3',
        kind: 'promote',
        target: { post: '浏览器公示局长', teamPlace: '正职' },
        reasons: '连续处于高贡献区，拟提拔（公示核查）',
      });
      if (r.statusCode === 201) {
        id = r.json().id;
        break;
      }
    }
    expect(id).toBeTruthy();
    for (const kind of ['archive', 'personal_report', 'integrity']) {
      const fileIds = [await uploadTo(officer, id!, `${kind}.png`)];
      expect(
        (await officer.post(`/api/quadrant/decisions/${id}/checks`, { kind, result: 'pass', fileIds }))
          .statusCode,
      ).toBe(200);
    }
    expect(
      (await leaderApi.post(`/api/quadrant/decisions/${id}/adopt`, { meeting: '部务会' })).statusCode,
    ).toBe(200);
    expect(
      (await officer.post(`/api/quadrant/decisions/${id}/publicity`, { from: '2026-11-02' })).statusCode,
    ).toBe(200);
    expect(
      (
        await officer.post(`/api/quadrant/decisions/${id}/objections`, {
          text: '反映其违规插手工程项目',
          source: '来信',
        })
      ).statusCode,
    ).toBe(200);

    const { ctx, page } = await newPage(browser, server.url);
    await login(page, 'officer');
    await page.goto(`/quadrant/decisions/${id}`);
    await page.getByTestId('quadrant-objections').getByText('待核查处理').waitFor();
    await page.getByTestId('quadrant-objection-handle').click();
    const dialog = page.locator('.ant-modal:visible');
    await settled(dialog);
    await dialog.getByLabel('属实，影响任用').check();
    await dialog.getByLabel('核查与处理情况').fill('经纪委监委核查属实');
    await snap(page, 'quadrant-objection-dialog', { fullPage: false });
    await page.getByTestId('quadrant-handle-ok').click();
    await page.getByTestId('quadrant-terminated').waitFor();
    await poll(() => page.getByTestId('quadrant-decision-status').textContent()).toContain('已终止');
    await poll(() => page.getByTestId('quadrant-terminated').textContent()).toContain(
      '反映其违规插手工程项目',
    );
    await snap(page, 'quadrant-decision-terminated');
    await ctx.close();
  });
  it('sets a candidate aside as 不予采纳 with a reason, shown on its row with who and when', async () => {
    const officer = await server.as('officer');
    type Rec = { id: string; kind: string; cadre: { name: string }; can: { dismiss: boolean } };
    // The first page of the list (20 rows), an adjustment preferred: the promotion flows draft theirs.
    const items: Rec[] = (await officer.get('/api/quadrant/recommendations?quarter=2026Q3'))
      .json()
      .items.slice(0, 20);
    const open = items.filter((r) => r.can.dismiss);
    const rec = open.find((r) => r.kind === 'adjust') ?? open[open.length - 1];
    expect(rec).toBeTruthy();
    const { ctx, page } = await newPage(browser, server.url);
    await login(page, 'officer');
    await page.goto('/quadrant/recommendations?quarter=2026Q3');
    const row = page.getByTestId('quadrant-recommendations').locator(`tr[data-row-key="${rec!.id}"]`);
    await row.getByTestId('quadrant-dismiss').click();
    const dialog = page.locator('.ant-modal:visible', { hasText: '不予采纳的理由' });
    await settled(dialog);
    // Without a reason nothing is sent.
    await page.getByTestId('quadrant-dismiss-ok').click();
    await dialog.getByText('请写明不予采纳的理由').first().waitFor();
    await dialog.getByTestId('quadrant-dismiss-reason').fill('经研究，该同志本季度暂不作调整（浏览器核查）');
    await page.getByTestId('quadrant-dismiss-ok').click();
    // A confirmation before it is recorded.
    await page.getByTestId('quadrant-dismiss-confirm').click();
    const shown = row.getByTestId('quadrant-dismissed');
    await shown.waitFor();
    await poll(() => shown.textContent()).toContain('不予采纳');
    await poll(() => row.getByTestId('quadrant-dismissed-reason').textContent()).toContain(
      '本季度暂不作调整',
    );
    await poll(() => row.getByTestId('quadrant-dismiss').count()).toBe(0);
    await snap(page, 'quadrant-recommendation-dismissed');
    const after: (Rec & { status: string; dismissedReason: string; dismissedByName: string | null })[] = (
      await officer.get('/api/quadrant/recommendations?quarter=2026Q3')
    ).json().items;
    expect(after.find((r) => r.id === rec!.id)).toMatchObject({
      status: 'dismissed',
      dismissedReason: '经研究，该同志本季度暂不作调整（浏览器核查）',
      can: { dismiss: false },
    });
    await ctx.close();
  });
});
