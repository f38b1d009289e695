import { and, eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SectionKey } from '../src/common/contracts/reports.ts';
import { authUserRoles, authUsers, orgCadres } from '../src/server/db/schema/index.ts';
import { pdfAvailable } from '../src/server/lib/pdf.ts';
import { DRAFT_PROMPTS } from '../src/server/modules/reports/sources.service.ts';
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

/** Clicks a download button and returns the file name the browser saved. */
async function download(page: Page, testId: string): Promise<string> {
  const [file] = await Promise.all([
    page.waitForEvent('download', { timeout: 120_000 }),
    page.getByTestId(testId).click(),
  ]);
  expect(await file.failure()).toBeNull();
  return file.suggestedFilename();
}

describeBrowser('考察材料 in the browser: drafted from the records, edited, finalised, released', () => {
  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('an officer drafts and edits a cadre’s report, a leader finalises and releases it, the cadre reads it', async () => {
    const db = server.db.deps.db;
    const [cadre] = await db
      .select({ id: orgCadres.id, name: orgCadres.name })
      .from(authUserRoles)
      .innerJoin(authUsers, eq(authUsers.id, authUserRoles.userId))
      .innerJoin(orgCadres, eq(orgCadres.id, authUserRoles.cadreId))
      .where(and(eq(authUsers.username, 'cadre'), eq(authUserRoles.role, 'cadre')));

    const officer = await newPage(browser, server.url);
    await login(officer.page, 'officer');
    await openMenu(officer.page, '考察材料', '干部考察材料');
    await officer.page.waitForURL(/\/reports$/);
    await officer.page.getByTestId('report-new').click();
    const form = officer.page.locator('.ant-modal').filter({ hasText: '起草干部考察材料' });
    await form.waitFor();
    await settled(form);
    await pick(officer.page, 'draft-cadre', { search: cadre!.name, option: cadre!.name });
    await officer.page.getByTestId('draft-submit').click();
    await officer.page.waitForURL(/\/reports\/cadre-reports\/[0-9a-f-]{36}$/);
    const url = new URL(officer.page.url()).pathname;
    for (const key of ['de', 'neng', 'qin', 'ji', 'lian', 'shortfall'])
      await officer.page.getByTestId(`section-${key}`).waitFor();
    await poll(() => officer.page.getByTestId('statement-source').count()).toBeGreaterThan(0);
    expect(await officer.page.getByTestId('statement-source').locator('a').count()).toBeGreaterThan(0);
    await snap(officer.page, 'reports-draft');

    // The officer adds a statement from the talks: saved as version 2, version 1 kept.
    await officer.page.getByTestId('report-edit').click();
    await officer.page.getByTestId('add-neng').click();
    const added = officer.page.getByTestId('edit-section-neng').locator('textarea').last();
    await added.fill('个别谈话中，班子成员普遍反映其统筹协调能力较强。');
    await snap(officer.page, 'reports-edit');
    await officer.page.getByTestId('report-save').click();
    const save = officer.page.locator('.ant-modal').filter({ hasText: '保存为新版本' });
    await save.waitFor();
    await settled(save);
    await officer.page.getByTestId('report-note').fill('补充个别谈话情况');
    await officer.page.getByTestId('report-save-ok').click();
    await officer.page.getByTestId('version-2').waitFor();
    await poll(() => officer.page.getByTestId('section-neng').textContent()).toContain('统筹协调能力较强');
    expect(await officer.page.getByTestId('version-history').textContent()).toContain('补充个别谈话情况');
    expect(await download(officer.page, 'report-download-docx')).toMatch(/考察材料\.docx$/);
    await officer.page.getByTestId('version-1').getByText('第 1 版').click();
    await poll(() => officer.page.getByTestId('section-neng').textContent()).not.toContain(
      '统筹协调能力较强',
    );
    expect(await officer.page.getByTestId('report-finalise').count()).toBe(0);

    // A section still holding the draft's request to fill it in blocks finalising: the officer
    // answers every such request (through the API) before the leader finalises.
    const id = url.split('/').pop()!;
    const api = await server.as('officer');
    const current = (await api.get(`/api/reports/cadre-reports/${id}`)).json() as {
      version: number;
      sections: { key: SectionKey; statements: { text: string; sources: unknown[] }[] }[];
    };
    const answered = current.sections.map((sec) => ({
      ...sec,
      statements: sec.statements.map((st) =>
        st.text === DRAFT_PROMPTS[sec.key] ? { text: '经个别谈话，未发现需要说明的问题。', sources: [] } : st,
      ),
    }));
    const saved = await api.post(`/api/reports/cadre-reports/${id}/versions`, {
      sections: answered,
      note: '补充谈话情况',
      baseVersion: current.version,
    });
    expect(saved.statusCode, saved.body).toBe(201);

    // A leader finalises (after confirming) and releases; the report is locked.
    const leader = await newPage(browser, server.url);
    await login(leader.page, 'leader');
    await leader.page.goto(url);
    await leader.page.getByTestId('report-finalise').click();
    await leader.page.locator('.ant-modal-confirm').getByRole('button', { name: '确认定稿' }).click();
    await poll(() => leader.page.getByTestId('report-status').textContent()).toContain('已定稿');
    expect(await leader.page.getByTestId('report-edit').count()).toBe(0);
    await leader.page.getByTestId('report-release').click();
    await poll(() => leader.page.getByTestId('report-status').textContent()).toContain('已向本人发布');
    // PDF where LibreOffice is installed; elsewhere the button says why it is off.
    if (await pdfAvailable())
      expect(await download(leader.page, 'report-download-pdf')).toMatch(/考察材料\.pdf$/);
    else expect(await leader.page.getByTestId('report-download-pdf').isDisabled()).toBe(true);
    await snap(leader.page, 'reports-final');

    // The cadre finds it under 我的考察材料, read only.
    const self = await newPage(browser, server.url);
    await login(self.page, 'cadre');
    await openMenu(self.page, '考察材料', '我的考察材料');
    await self.page.getByTestId('report-link').first().click();
    await self.page.waitForURL(new RegExp(`${url}$`));
    await poll(() => self.page.getByTestId('section-neng').textContent()).toContain('统筹协调能力较强');
    expect(await self.page.getByTestId('report-edit').count()).toBe(0);
    await snap(self.page, 'reports-self');

    // The department's list shows it as final and released.
    await openMenu(officer.page, '考察材料', '干部考察材料');
    await poll(() => officer.page.locator('tr.ant-table-row').first().textContent()).toContain('已定稿');
    await snap(officer.page, 'reports-list');
    for (const p of [officer, leader, self]) await p.ctx.close();
  }, 300_000);

  it('shows the period report with its figures and downloads it', async () => {
    const officer = await newPage(browser, server.url);
    await login(officer.page, 'officer');
    await openMenu(officer.page, '考察材料', '阶段工作报告');
    await officer.page.waitForURL(/\/reports\/period/);
    for (const key of [
      'delivery',
      'scene',
      'opinion',
      'economy',
      'keywork',
      'growth',
      'quadrant',
      'rewards',
      'development',
    ])
      await officer.page.getByTestId(`period-part-${key}`).waitFor();
    await poll(() => officer.page.getByTestId('period-part-scene').textContent()).toContain(
      '现场考察调研活动',
    );
    await snap(officer.page, 'reports-period');
    expect(await download(officer.page, 'period-download-xlsx')).toMatch(/\.xlsx$/);
    expect(await download(officer.page, 'period-download-docx')).toMatch(/\.docx$/);
    await officer.ctx.close();
  }, 180_000);
});
