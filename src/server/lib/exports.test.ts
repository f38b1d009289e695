import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../../test/app.ts';
import { columnValues, expectPrintable } from '../../../test/xlsx-checks.ts';
import { seedDemo } from '../demo/index.ts';
import { systemCtx } from './context.ts';
import { exportXlsx } from './xlsx.ts';

// Every Excel export of the product, on the small demo county, opened as a spreadsheet program would.
let t: TestApp;
let leader: Agent;
let officer: Agent;
const files = new Map<string, Buffer>();

beforeAll(async () => {
  t = await createTestApp({ mode: 'demo', start: '2026-11-20T02:00:00Z' });
  await seedDemo(t.deps, { scale: 'small' });
  leader = await t.as('org_leader');
  officer = await t.as('assessment_officer');
}, 180_000);
afterAll(async () => t?.close());

async function download(who: Agent, url: string, init?: { method: 'POST'; body: object }): Promise<Buffer> {
  const res = init ? await who.post(url, init.body) : await who.get(url);
  expect(res.statusCode, `${url}: ${res.body.slice(0, 300)}`).toBe(200);
  expect(res.headers['content-type']).toContain('spreadsheetml');
  files.set(url, res.rawPayload);
  return res.rawPayload;
}

describe('every Excel export prints and sorts', () => {
  it('干部名册: birth months are dates, ages numbers', async () => {
    const ws = await expectPrintable(await download(leader, '/api/org/cadres/export'), leader.user!.username);
    const births = columnValues(ws, '出生年月').map((c) => c.value);
    expect(births.length).toBeGreaterThan(0);
    expect(births.every((v) => v instanceof Date || /^\d{4}$/.test(String(v)))).toBe(true);
    expect(columnValues(ws, '年龄').every((c) => typeof c.value === 'number')).toBe(true);
  });

  it('重点任务 and 定向考察: deadlines are dates, progress numbers', async () => {
    const tasks = await expectPrintable(await download(officer, '/api/keywork/tasks/export'));
    const due = columnValues(tasks, '完成时限').filter((c) => c.value !== null);
    expect(due.length).toBeGreaterThan(0);
    expect(due.every((c) => c.value instanceof Date && c.numFmt === 'yyyy-mm-dd')).toBe(true);
    const planned = columnValues(tasks, '计划进度%').filter((c) => c.value !== null);
    expect(planned.every((c) => typeof c.value === 'number' && c.numFmt)).toBe(true);
    await expectPrintable(await download(officer, '/api/keywork/inspections/export'));
  });

  it('测评结果 and 评价链接: scores in one number format', async () => {
    const campaigns = (await officer.get('/api/opinion/campaigns')).json().items as { id: string }[];
    expect(campaigns.length).toBeGreaterThan(0);
    const id = campaigns[0]!.id;
    const ws = await expectPrintable(await download(officer, `/api/opinion/campaigns/${id}/results/export`));
    const scores = columnValues(ws, '综合得分').filter((c) => c.value !== null);
    expect(scores.every((c) => typeof c.value === 'number')).toBe(true);
    expect(new Set(scores.map((c) => c.numFmt)).size).toBeLessThanOrEqual(1);
    await expectPrintable(
      await download(officer, `/api/opinion/campaigns/${id}/slips.xlsx`, {
        method: 'POST',
        body: {
          slips: [
            { token: 'a'.repeat(32), groupLabel: '下级评议', raterLabel: null, unitName: null, cadres: 3 },
          ],
        },
      }),
    );
  });

  it('现场考察, 干事清单, 对账考察统计 and the economy exports', async () => {
    await expectPrintable(await download(officer, '/api/scene/stats/export?from=2026-01-01&to=2026-11-20'));
    const lists = (await officer.get('/api/delivery/lists?pageSize=5')).json() as {
      items: { cadreId: string }[];
      year: number;
    };
    expect(lists.items.length).toBeGreaterThan(0);
    await expectPrintable(
      await download(officer, `/api/delivery/lists/${lists.items[0]!.cadreId}/${lists.year}/export`),
    );
    await expectPrintable(
      await download(officer, '/api/delivery/stats/report?from=2026-01-01&to=2026-11-20&format=xlsx'),
    );
    await expectPrintable(await download(officer, '/api/economy/kpi-values.xlsx?period=2026-09'));
    await expectPrintable(await download(officer, '/api/economy/alerts.xlsx'));
    await expectPrintable(await download(officer, '/api/economy/interviews.xlsx'));
  });
});

const soffice = ['/usr/bin/soffice', '/usr/bin/libreoffice'].find((p) => fs.existsSync(p));
const pdftotext = fs.existsSync('/usr/bin/pdftotext');

// Where LibreOffice is installed (not in CI), each export is printed to PDF and read back page by page.
describe.skipIf(!soffice || !pdftotext)('printed with LibreOffice', () => {
  it('carries the column headers and the watermark on every page', async () => {
    expect(files.size).toBeGreaterThanOrEqual(10);
    // A county-sized roster, many pages long.
    const ctx = { ...systemCtx(t.deps), actor: { displayName: '导出人', username: 'exporter' } as never };
    files.set(
      'roster of 512',
      await exportXlsx(ctx, {
        action: 'test.export',
        sheetName: '干部名册',
        title: '干部名册（512 人）',
        columns: [
          '人员编号',
          '姓名',
          '性别',
          '出生年月',
          '年龄',
          '单位',
          '职务',
          '班子位置',
          '职级',
          '角色类型',
          '分管领域',
          '年轻干部',
        ].map((title) => ({ title, width: title === '单位' || title === '分管领域' ? 28 : 12 })),
        rows: Array.from({ length: 512 }, (_, i) => [
          `YH${i}`,
          `干部${i}`,
          '男',
          `19${70 + (i % 25)}.0${(i % 9) + 1}`,
          30 + (i % 25),
          '市发展和改革委员会',
          '副主任',
          '副职',
          '副科级',
          '经济综合',
          '项目投资、招商引资、营商环境',
          '否',
        ]),
      }),
    );
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exports-'));
    try {
      const names: string[] = [];
      for (const [i, bytes] of [...files.values()].entries()) {
        const name = path.join(dir, `export-${i}.xlsx`);
        fs.writeFileSync(name, bytes);
        names.push(name);
      }
      execFileSync(
        soffice!,
        [
          `-env:UserInstallation=file://${dir}/profile`,
          '--headless',
          '--convert-to',
          'pdf',
          '--outdir',
          dir,
          ...names,
        ],
        { stdio: 'ignore', timeout: 300_000 },
      );
      for (const [i, url] of [...files.keys()].entries()) {
        const ws = await expectPrintable(files.get(url)!);
        const titles = (ws.getRow(3).values as unknown[]).filter((v): v is string => typeof v === 'string');
        const text = execFileSync('/usr/bin/pdftotext', [path.join(dir, `export-${i}.pdf`), '-'], {
          encoding: 'utf8',
        });
        const pages = text.split('\f').filter((p) => p.trim() !== '');
        expect(pages.length, url).toBeGreaterThan(url === 'roster of 512' ? 5 : 0);
        for (const [n, page] of pages.entries()) {
          const flat = page.replace(/\s+/g, '');
          expect(flat, `${url} page ${n + 1}`).toContain('内部资料');
          // The first and last columns, so no column was pushed onto a page of its own.
          for (const title of [titles[0]!, titles.at(-1)!, ...titles.filter((x) => x === '姓名')])
            expect(flat, `${url} page ${n + 1}: ${title}`).toContain(title.replace(/\s+/g, ''));
        }
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);
});
