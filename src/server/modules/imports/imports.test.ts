import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../../../test/app.ts';
import { seedSmallCounty } from '../../../../test/factories.ts';
import { issueText } from './imports.engine.ts';

let t: TestApp;
let officer: Agent;
let county: Awaited<ReturnType<typeof seedSmallCounty>>;
let unitName = '';

beforeAll(async () => {
  t = await createTestApp({ mode: 'production', start: '2026-11-20T02:00:00Z' });
  county = await seedSmallCounty(t.deps);
  officer = await t.as('assessment_officer');
  unitName = (await officer.get(`/api/org/units/${county.unitAdminUnitId}`)).json().name;
});
afterAll(async () => t?.close());

const HEADER = '人员编号,姓名,性别,出生年月,民族,学历,单位,职务,班子位置,职级,角色类型,年轻干部,任职日期';
const row = (
  code: string,
  name: string,
  extra: Partial<Record<'sex' | 'birth' | 'unit' | 'rank', string>> = {},
) =>
  [
    code,
    name,
    extra.sex ?? '男',
    extra.birth ?? '1988-04',
    '汉族',
    '大学',
    extra.unit ?? unitName,
    '副主任',
    '副职',
    extra.rank ?? '副科级',
    '招商',
    '是',
    '2026-11-02',
  ].join(',');

async function cadreCount(): Promise<number> {
  const { rows } = await t.superuser('SELECT count(*)::int AS n FROM org_cadres');
  return rows[0]!.n as number;
}

/** Uploads, runs the import job to the end as the server would, and returns the batch. */
async function runImport(kind: string, files: { name: string; bytes: Buffer }[], options?: object) {
  const res = await officer.upload(
    `/api/imports/${kind}`,
    files,
    options ? { options: JSON.stringify(options) } : {},
  );
  expect(res.statusCode, res.body).toBe(202);
  await t.jobs.runDue();
  return (await officer.get(`/api/imports/batches/${res.json().id}`)).json();
}

describe('the import engine (干部名册)', () => {
  it('offers a template whose header the import reads back', async () => {
    const res = await officer.get('/api/imports/org.cadres/template');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const header = (wb.worksheets[0]!.getRow(1).values as string[]).filter(Boolean);
    expect(header[0]).toBe('人员编号*');
    expect(wb.worksheets.map((w) => w.name)).toContain('填写说明');
    // The untouched template (example row only) imports nothing and says so.
    const batch = await runImport('org.cadres', [{ name: 'template.xlsx', bytes: res.rawPayload }]);
    expect(batch.status).toBe('invalid');
    expect(batch.errors[0].message).toContain('没有数据行');
  });

  it('changes nothing when one row is bad, and names the row and the reason', async () => {
    const before = await cadreCount();
    const csv = [
      HEADER,
      row('N001', '导入甲'),
      row('N002', '导入乙', { birth: '19xx' }),
      row('N003', '导入丙', { unit: '不存在的单位' }),
    ].join('\r\n');
    const batch = await runImport('org.cadres', [{ name: '名册.csv', bytes: Buffer.from(csv) }]);
    expect(batch.status).toBe('invalid');
    expect(batch.errorCount).toBe(2);
    expect(batch.errors).toEqual([
      expect.objectContaining({ row: 3, column: '出生年月', message: expect.stringContaining('19xx') }),
      expect.objectContaining({ row: 4, column: '单位', message: expect.stringContaining('不存在的单位') }),
    ]);
    expect(await cadreCount()).toBe(before);
  });

  it('imports a good file once: the same file again changes nothing', async () => {
    const before = await cadreCount();
    const csv = `\uFEFF${[HEADER, row('N101', '导入丁'), row('N102', '导入戊', { sex: '女' })].join('\r\n')}`;
    const first = await runImport('org.cadres', [{ name: '名册.csv', bytes: Buffer.from(csv) }]);
    expect(first.status).toBe('done');
    expect(first.result).toEqual({ inserted: 2, updated: 0, unchanged: 0 });
    expect(await cadreCount()).toBe(before + 2);
    const again = await runImport('org.cadres', [{ name: '名册.csv', bytes: Buffer.from(csv) }]);
    expect(again.result).toEqual({ inserted: 0, updated: 0, unchanged: 2 });
    expect(await cadreCount()).toBe(before + 2);
    const list = (await officer.get('/api/org/cadres?q=N101')).json().items;
    expect(list[0]).toMatchObject({
      name: '导入丁',
      unitId: county.unitAdminUnitId,
      rankCode: 'fuke',
      roleTypeCode: 'zs',
      young: true,
    });
  });

  it('keeps no copy of the uploaded file or its rows once a batch is done or refused', async () => {
    const good = await runImport('org.cadres', [
      { name: '名册.csv', bytes: Buffer.from([HEADER, row('N151', '导入己')].join('\r\n')) },
    ]);
    const bad = await runImport('org.cadres', [
      {
        name: '名册.csv',
        bytes: Buffer.from([HEADER, row('N152', '导入庚', { birth: '19xx' })].join('\r\n')),
      },
    ]);
    expect([good.status, bad.status]).toEqual(['done', 'invalid']);
    const { rows } = await t.superuser(
      `SELECT b.file_data IS NULL AS no_file, b.rows IS NULL AS no_rows,
              (SELECT count(*)::int FROM import_batch_chunks c WHERE c.batch_id = b.id) AS chunks
         FROM import_batches b WHERE b.id = ANY($1::uuid[]) ORDER BY b.created_at`,
      [[good.id, bad.id]],
    );
    expect(rows).toEqual([
      { no_file: true, no_rows: true, chunks: 0 },
      { no_file: true, no_rows: true, chunks: 0 },
    ]);
  });

  it('reads xlsx with a title line above the header, and GBK csv', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名册');
    ws.addRow(['干部名册（某单位报送）']);
    ws.addRow(HEADER.split(','));
    ws.addRow(row('N201', '表格甲').split(','));
    const xlsx = await runImport('org.cadres', [
      { name: '名册.xlsx', bytes: Buffer.from(await wb.xlsx.writeBuffer()) },
    ]);
    expect(xlsx.status).toBe('done');
    expect(xlsx.result.inserted).toBe(1);
    // The same kind of file saved by Excel on a Chinese Windows: GBK bytes, not UTF-8.
    const gbk = Buffer.from(
      'c8cbd4b1b1e0bac52cd0d5c3fb2cd0d4b1f02cb3f6c9fac4ead4c22cb5a5cebb2cd6b0cef12cb0e0d7d3cebbd6c32cc8ced6b0c8d5c6da0d0a4e3330312cb9fab1eab1fb2cc4d02c313937392d31312ccad0cdb6d7cab4d9bdf8d6d0d0c42cb8b1d6f7c8ce2cb8b1d6b02c323032362d31312d30340d0a',
      'hex',
    );
    expect(unitName).toBe('市投资促进中心'); // the unit the bytes name
    const csv = await runImport('org.cadres', [{ name: '名册.csv', bytes: gbk }]);
    expect(csv.status, JSON.stringify(csv.errors)).toBe('done');
    const imported = (await officer.get('/api/org/cadres?q=N301')).json().items;
    expect(imported[0]).toMatchObject({ name: '国标丙', sex: '男', birthYear: 1979, birthMonth: 11 });
  });

  it('refuses a file of the wrong type or too large, at once', async () => {
    const wrong = await officer.upload('/api/imports/org.cadres', [
      { name: 'a.txt', bytes: Buffer.from('x') },
    ]);
    expect(wrong.statusCode).toBe(415);
    expect(wrong.json().error.message).toContain('.xlsx');
    const big = await officer.upload('/api/imports/org.cadres', [
      { name: 'big.csv', bytes: Buffer.alloc(11 * 1024 * 1024, 65) },
    ]);
    expect(big.statusCode).toBe(413);
    const none = await officer.upload('/api/imports/org.cadres', []);
    expect(none.statusCode).toBe(400);
  });

  it('is for the organization department only', async () => {
    const unitAdmin = await t.as('unit_admin', { unitId: county.unitAdminUnitId });
    const res = await unitAdmin.upload('/api/imports/org.cadres', [
      { name: 'a.csv', bytes: Buffer.from(HEADER) },
    ]);
    expect(res.statusCode).toBe(403);
  });
});

/** A roster as a spreadsheet program saves it: each birth and start cell as given (a value, or a value with its number format). */
async function rosterXlsx(
  cells: {
    code: string;
    birth: ExcelJS.CellValue;
    birthFmt?: string;
    starts: ExcelJS.CellValue;
    startsFmt?: string;
  }[],
) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('名册');
  ws.addRow(HEADER.split(','));
  for (const c of cells) {
    const r = ws.addRow(row(c.code, `日期${c.code}`).split(','));
    r.getCell(4).value = c.birth;
    if (c.birthFmt) r.getCell(4).numFmt = c.birthFmt;
    r.getCell(13).value = c.starts;
    if (c.startsFmt) r.getCell(13).numFmt = c.startsFmt;
  }
  return { name: '名册.xlsx', bytes: Buffer.from(await wb.xlsx.writeBuffer()) };
}

describe('the problems an import reports', () => {
  const DELIVERY = ['人员编号', '年度', '类型', '事项', '领域', '目标值', '计量单位', '节点', '权重']
    .concat(Array.from({ length: 12 }, (_, m) => `${m + 1}月`))
    .join(',');
  const plan = (m3: string) =>
    Array.from({ length: 12 }, (_, m) => (m === 2 ? m3 : String((m + 1) * 8))).join(',');

  it('names the column, what it expects and what the cell holds, for every problem of every row', async () => {
    const { rows } = await t.superuser(
      'SELECT code FROM org_cadres WHERE unit_id IS NOT NULL ORDER BY code LIMIT 1',
    );
    const code = rows[0]!.code as string;
    const csv = [
      DELIVERY,
      `${code},2026,指标争先,招引项目,,约 5 个,个,,1,${plan('24')}`,
      `${code},2026,指标争先,签约项目,,约 5 个,个,,1,${plan('三成')}`,
      `NOPE,二〇二六,项目攻坚,某工程,,10,%,,1,${plan('24')}`,
    ].join('\r\n');
    const batch = await runImport('delivery.items', [{ name: '清单.csv', bytes: Buffer.from(csv) }]);
    expect(batch.status).toBe('invalid');
    expect(batch.errors).toEqual([
      { row: 2, column: '目标值', message: '「目标值」应为数字，实际为「约 5 个」' },
      { row: 3, column: '目标值', message: '「目标值」应为数字，实际为「约 5 个」' },
      { row: 3, column: '3月', message: '「3月」应为数字，实际为「三成」' },
      { row: 4, column: '年度', message: '「年度」应为整数，实际为「二〇二六」' },
      { row: 4, column: '人员编号', message: expect.stringContaining('NOPE') },
    ]);
    expect(batch.errors.map(issueText)[0]).toBe('第 2 行「目标值」应为数字，实际为「约 5 个」');
    expect(JSON.stringify(batch.errors)).not.toMatch(/NaN|无效输入/);
  });
});

describe('birth months and dates as spreadsheets store them', () => {
  it('reads every form of 出生年月 and 任职日期 to the month and day that were typed', async () => {
    const file = await rosterXlsx([
      // 1985.10 typed into a cell formatted to two decimals: stored as the number 1985.1.
      {
        code: 'D01',
        birth: 1985.1,
        birthFmt: '0.00',
        starts: new Date(Date.UTC(2026, 10, 2)),
        startsFmt: 'yyyy-mm-dd',
      },
      { code: 'D02', birth: new Date(Date.UTC(1986, 9, 1)), birthFmt: 'yyyy"年"m"月"', starts: '2026.11.3' },
      { code: 'D03', birth: '1987-10', starts: '2026年11月4日' },
      { code: 'D04', birth: '1988年10月', starts: '2026/11/05' },
      { code: 'D05', birth: 198910, starts: 20261106 },
      { code: 'D06', birth: '1990.10', starts: '2026-11-02' },
      { code: 'D07', birth: 1991.06, starts: '2026-11-02' },
    ]);
    const batch = await runImport('org.cadres', [file]);
    expect(batch.status, JSON.stringify(batch.errors)).toBe('done');
    const { rows } = await t.superuser(
      `SELECT c.code, c.birth_year AS y, c.birth_month AS m, a.starts_on::text AS starts
         FROM org_cadres c JOIN org_appointments a ON a.cadre_id = c.id
        WHERE c.code LIKE 'D0%' ORDER BY c.code`,
    );
    expect(rows.map((r) => [r.code, r.y, r.m, r.starts])).toEqual([
      ['D01', 1985, 10, '2026-11-02'],
      ['D02', 1986, 10, '2026-11-03'],
      ['D03', 1987, 10, '2026-11-04'],
      ['D04', 1988, 10, '2026-11-05'],
      ['D05', 1989, 10, '2026-11-06'],
      ['D06', 1990, 10, '2026-11-02'],
      ['D07', 1991, 6, '2026-11-02'],
    ]);
  });

  it('refuses a row whose 出生年月 could be January or October, naming the cell', async () => {
    const before = await cadreCount();
    const file = await rosterXlsx([
      { code: 'E01', birth: '1985-03', starts: '2026-11-02' },
      // Typed 1985.10 into a General cell: the file holds 1985.1 and nothing else.
      { code: 'E02', birth: 1985.1, starts: '2026-11-02' },
    ]);
    const batch = await runImport('org.cadres', [file]);
    expect(batch.status).toBe('invalid');
    expect(batch.errors).toEqual([
      {
        row: 3,
        column: '出生年月',
        message: expect.stringMatching(/^单元格 D3（出生年月）“1985.1”有歧义.*1985-10/),
      },
    ]);
    expect(await cadreCount()).toBe(before);
    // The same in a CSV, where nothing tells what the cell showed.
    const csv = [HEADER, row('E03', '日期E03', { birth: '1979.1' })].join('\r\n');
    const fromCsv = await runImport('org.cadres', [{ name: '名册.csv', bytes: Buffer.from(csv) }]);
    expect(fromCsv.errors).toEqual([
      { row: 2, column: '出生年月', message: expect.stringContaining('单元格 D2（出生年月）“1979.1”有歧义') },
    ]);
  });

  it('offers a template whose date columns are text, so that 1985.10 typed in stays 1985.10', async () => {
    const res = await officer.get('/api/imports/org.cadres/template');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const header = (ws.getRow(1).values as string[]).slice(1);
    const col = (title: string) => ws.getColumn(header.indexOf(title) + 1);
    expect(col('出生年月*').numFmt).toBe('@');
    expect(col('任职日期*').numFmt).toBe('@');
    const help = wb.getWorksheet('填写说明')!;
    const notes = (help.getColumn(1).values as unknown[]).map(String).join('\n');
    expect(notes).toContain('出生年月、任职日期列为文本格式');
    // A person typing into the template: the cell takes the column's text format.
    const cell = ws.getRow(3).getCell(header.indexOf('出生年月*') + 1);
    expect(cell.numFmt ?? col('出生年月*').numFmt).toBe('@');
  });
});

describe('任免审批表 (.lrmx) import', () => {
  const fixture = (f: string) => ({ name: f, bytes: fs.readFileSync(`test/fixtures/lrmx/${f}`) });

  it('brings the people of several files into the chosen unit', async () => {
    const before = await cadreCount();
    const batch = await runImport(
      'org.cadres.lrmx',
      [fixture('valid-zhang.lrmx'), fixture('valid-rank.lrmx')],
      {
        unitId: county.unitAdminUnitId,
        startsOn: '2026-11-03',
      },
    );
    expect(batch.status, JSON.stringify(batch.errors)).toBe('done');
    expect(batch.result.inserted).toBe(2);
    expect(await cadreCount()).toBe(before + 2);
    const again = await runImport(
      'org.cadres.lrmx',
      [fixture('valid-zhang.lrmx'), fixture('valid-rank.lrmx')],
      {
        unitId: county.unitAdminUnitId,
        startsOn: '2026-11-03',
      },
    );
    expect(again.result).toMatchObject({ inserted: 0, unchanged: 2 });
  });

  it('refuses the whole set when one file is malformed, naming the file', async () => {
    const before = await cadreCount();
    const batch = await runImport('org.cadres.lrmx', [fixture('valid-gbk.lrmx'), fixture('malformed.lrmx')], {
      unitId: county.unitAdminUnitId,
    });
    expect(batch.status).toBe('invalid');
    expect(JSON.stringify(batch.errors)).toContain('malformed.lrmx');
    expect(await cadreCount()).toBe(before);
  });

  it('refuses a form whose 出生年月 could be January or October, naming the file and the field', async () => {
    const form = fs
      .readFileSync('test/fixtures/lrmx/valid-zhang.lrmx', 'utf8')
      .replace(/<ChuShengNianYue>[^<]*<\/ChuShengNianYue>/, '<ChuShengNianYue>1985.1</ChuShengNianYue>');
    expect(form).toContain('1985.1<');
    const batch = await runImport('org.cadres.lrmx', [{ name: '张某.lrmx', bytes: Buffer.from(form) }], {
      unitId: county.unitAdminUnitId,
    });
    expect(batch.status).toBe('invalid');
    expect(batch.errors[0].message).toMatch(/张某.lrmx：.*出生年月.*1985.1.*有歧义/);
  });

  it('asks for the unit the people come into', async () => {
    const res = await officer.upload('/api/imports/org.cadres.lrmx', [fixture('valid-gbk.lrmx')]);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('导入选项');
  });
});
