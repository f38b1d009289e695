import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { columnValues, expectPrintable } from '../../../test/xlsx-checks.ts';
import { systemCtx } from './context.ts';
import { exportXlsx } from './xlsx.ts';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb({ start: '2026-11-20T02:00:00Z' });
});
afterAll(async () => t?.close());

const ROSTER_COLUMNS = [
  { title: '人员编号', width: 14 },
  { title: '姓名', width: 10 },
  { title: '性别', width: 6 },
  { title: '出生年月', width: 10 },
  { title: '年龄', width: 6 },
  { title: '单位', width: 26 },
  { title: '职务', width: 20 },
  { title: '班子位置', width: 8 },
  { title: '职级', width: 12 },
  { title: '角色类型', width: 10 },
  { title: '分管领域', width: 30 },
  { title: '年轻干部', width: 8 },
];

describe('exports that print', () => {
  it('fits a 512-person roster to the width of A4 landscape, with the header on every page', async () => {
    const rows = Array.from({ length: 512 }, (_, i) => [
      `YH${String(i).padStart(4, '0')}`,
      `干部${i}`,
      i % 2 ? '男' : '女',
      i % 50 === 0 ? '1980' : `19${70 + (i % 25)}.${String((i % 12) + 1).padStart(2, '0')}`,
      30 + (i % 25),
      '市发展和改革委员会',
      '副主任',
      '副职',
      '副科级',
      i % 3 ? '经济综合' : null,
      i % 4 ? '项目投资、招商引资' : '',
      '否',
    ]);
    const bytes = await exportXlsx(systemCtx(t.deps), {
      action: 'test.export',
      sheetName: '干部名册',
      title: '干部名册（512 人）',
      columns: ROSTER_COLUMNS,
      rows,
    });
    const ws = await expectPrintable(bytes);
    expect(ws.pageSetup.orientation).toBe('landscape');
    expect(ws.rowCount).toBe(3 + 512);
    // Year-months are dates shown as 1985.06; a bare year stays as written.
    const birth = columnValues(ws, '出生年月');
    expect(birth[1]!.value).toEqual(new Date(Date.UTC(1971, 1, 1)));
    expect(birth[1]!.numFmt).toBe('yyyy.mm');
    expect(birth[0]!.value).toBe('1980');
    // Ages are numbers; blanks are empty cells.
    expect(columnValues(ws, '年龄').every((c) => typeof c.value === 'number' && c.numFmt === '0')).toBe(true);
    expect(columnValues(ws, '角色类型')[0]!.value).toBeNull();
    expect(columnValues(ws, '分管领域')[0]!.value).toBeNull();
  });

  it('writes dates as dates and scores in one number format, and wraps long text', async () => {
    const long =
      '近三个月规上工业增加值增速连续低于全市平均水平，且与年度目标差距扩大，需要研判原因并提出整改措施。';
    const bytes = await exportXlsx(systemCtx(t.deps), {
      action: 'test.export',
      sheetName: '预警',
      title: '经济运行预警（2 条）',
      columns: [
        { title: '预警', width: 36 },
        { title: '说明', width: 60 },
        { title: '完成时限', width: 12 },
        { title: '综合得分', width: 10 },
        { title: '期别', width: 10 },
      ],
      rows: [
        ['工业增速低于目标', long, '2026-12-31', 95.1, '2026-09'],
        ['投资进度滞后', null, undefined, 96.19, '2026-10'],
      ],
    });
    const ws = await expectPrintable(bytes);
    expect(ws.pageSetup.orientation).toBe('landscape');
    const due = columnValues(ws, '完成时限');
    expect(due[0]!.value).toEqual(new Date(Date.UTC(2026, 11, 31)));
    expect(due[0]!.numFmt).toBe('yyyy-mm-dd');
    expect(due[1]!.value).toBeNull();
    const scores = columnValues(ws, '综合得分');
    expect(scores.map((c) => [c.value, c.numFmt])).toEqual([
      [95.1, '0.00'],
      [96.19, '0.00'],
    ]);
    // A month written 2026-09 is a date shown the same way.
    expect(columnValues(ws, '期别').map((c) => [c.value, c.numFmt])).toEqual([
      [new Date(Date.UTC(2026, 8, 1)), 'yyyy-mm'],
      [new Date(Date.UTC(2026, 9, 1)), 'yyyy-mm'],
    ]);
    const text = columnValues(ws, '说明')[0]!;
    expect(text.alignment?.wrapText).toBe(true);
    // The row is tall enough for the wrapped lines (two at least in a 60-wide column).
    expect(ws.getRow(text.row as unknown as number).height).toBeGreaterThanOrEqual(28);
    expect(columnValues(ws, '说明')[1]!.value).toBeNull();
  });

  it('prints a narrow list on A4 portrait', async () => {
    const bytes = await exportXlsx(systemCtx(t.deps), {
      action: 'test.export',
      sheetName: '名单',
      title: '名单',
      columns: [
        { title: '姓名', width: 10 },
        { title: '单位', width: 24 },
      ],
      rows: [['甲', '乙单位']],
    });
    const ws = await expectPrintable(bytes);
    expect(ws.pageSetup.orientation).toBe('portrait');
    expect(ws.getRow(2).getCell(1).font.name).toBe('等线');
  });
});
