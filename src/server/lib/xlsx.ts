import ExcelJS from 'exceljs';
import type { CellReading } from './cell-dates.ts';
import type { Ctx } from './context.ts';
import { AppError } from './errors.ts';
import { localDay } from './time.ts';
import { write } from './tx.ts';

/** A cell as text: dates as YYYY-MM-DD, rich text joined, formulas by their result. */
export function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v)
      return v.richText
        .map((r) => r.text)
        .join('')
        .trim();
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('text' in v) return String(v.text).trim();
    if ('error' in v) return '';
    return '';
  }
  return String(v).trim();
}

/** One row of a file read for import: its text cells and, from a spreadsheet, what each cell holds. */
export interface SheetRow {
  rowNumber: number;
  cells: string[];
  readings?: CellReading[];
}

/** A cell's typed value (number, date) and number format, beside its text. */
function readingOf(cell: ExcelJS.Cell): CellReading {
  let v = cell.value;
  if (v && typeof v === 'object' && !(v instanceof Date) && 'result' in v) v = v.result as ExcelJS.CellValue;
  const text = cellText(v);
  const numFmt = cell.numFmt || undefined;
  if (typeof v === 'number') return { text, number: v, numFmt };
  if (v instanceof Date) return { text, date: v, numFmt };
  return { text };
}

/** Reads the first worksheet of an xlsx file as rows of text (1-based row numbers kept). */
export async function readXlsx(bytes: Buffer): Promise<SheetRow[]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new AppError('IMPORT_INVALID', '无法读取 Excel 文件：文件已损坏或不是 .xlsx 格式');
  }
  const sheet = wb.worksheets.find((ws) => ws.rowCount > 0 && ws.name !== '填写说明') ?? wb.worksheets[0];
  if (!sheet) throw new AppError('IMPORT_INVALID', 'Excel 文件中没有工作表');
  const out: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const readings: CellReading[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      readings[col - 1] = readingOf(cell);
    });
    const all = Array.from(readings, (r) => r ?? { text: '' });
    out.push({ rowNumber, cells: all.map((r) => r.text), readings: all });
  });
  return out;
}

/** The A1 name of a cell: column index from 0, row number from 1. */
export function cellAddress(col: number, row: number): string {
  let name = '';
  for (let n = col + 1; n > 0; n = Math.floor((n - 1) / 26))
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return `${name}${row}`;
}

/** RFC 4180 CSV (quotes, doubled quotes, CRLF), UTF-8 with or without BOM, or GBK as Excel saves it in China. */
export function readCsv(bytes: Buffer): SheetRow[] {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('gbk').decode(bytes);
  }
  text = text.replace(/^\uFEFF/, '');
  const rows: { rowNumber: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowStart = 1;
  const endRow = () => {
    cells.push(cell);
    if (cells.some((c) => c.trim() !== ''))
      rows.push({ rowNumber: rowStart, cells: cells.map((c) => c.trim()) });
    cells = [];
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
      rowStart = line;
    } else cell += ch;
  }
  if (quoted) throw new AppError('IMPORT_INVALID', `CSV 文件第 ${rowStart} 行的引号没有闭合`);
  if (cell !== '' || cells.length) endRow();
  return rows;
}

export interface ExportSpec {
  /** The audit action, e.g. 'org.cadres.export'. */
  action: string;
  sheetName: string;
  title: string;
  columns: { title: string; width?: number }[];
  rows: (string | number | null | undefined)[][];
}

/**
 * An xlsx export: a watermark line (user, time, 内部资料) above the title and in the print
 * header, recorded in the audit chain by action only (never the content).
 */
export async function exportXlsx(ctx: Ctx, spec: ExportSpec): Promise<Buffer> {
  const now = ctx.clock.now();
  const who = ctx.actor ? `${ctx.actor.displayName}（${ctx.actor.username}）` : '系统';
  const stamp = `内部资料 · 导出人：${who} · 导出时间：${localDay(now)} ${new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(11, 19)}`;
  const wb = new ExcelJS.Workbook();
  wb.creator = '玉智督';
  wb.created = now;
  wb.description = stamp;
  const ws = wb.addWorksheet(spec.sheetName.slice(0, 31));
  ws.headerFooter.oddHeader = `&L${stamp}&R内部资料`;
  ws.headerFooter.oddFooter = '&C第 &P 页 / 共 &N 页';
  const width = Math.max(1, spec.columns.length);
  ws.addRow([stamp]);
  ws.mergeCells(1, 1, 1, width);
  ws.getRow(1).font = { color: { argb: 'FFB8322A' }, size: 9 };
  ws.addRow([spec.title]);
  ws.mergeCells(2, 1, 2, width);
  ws.getRow(2).font = { bold: true, size: 14 };
  ws.addRow(spec.columns.map((c) => c.title));
  ws.getRow(3).font = { bold: true };
  ws.getRow(3).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF3E3C3' } };
  for (const r of spec.rows) ws.addRow(r.map((v) => v ?? ''));
  spec.columns.forEach((c, i) => {
    ws.getColumn(i + 1).width = c.width ?? Math.max(8, c.title.length * 2 + 2);
  });
  ws.views = [{ state: 'frozen', ySplit: 3 }];
  const buf = Buffer.from(await wb.xlsx.writeBuffer());
  await write(ctx, async (_tx, audit) =>
    audit({ action: spec.action, objectType: 'export', objectId: null }),
  );
  return buf;
}

/** A template to fill in: instructions sheet, then the header row and one example row. */
export async function templateXlsx(spec: {
  title: string;
  columns: { title: string; required?: boolean; example?: string; note?: string; kind?: 'month' | 'day' }[];
  notes?: string[];
}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '玉智督';
  const ws = wb.addWorksheet(spec.title.slice(0, 31));
  ws.addRow(spec.columns.map((c) => (c.required ? `${c.title}*` : c.title)));
  ws.getRow(1).font = { bold: true };
  ws.addRow(spec.columns.map((c) => c.example ?? ''));
  ws.getRow(2).font = { italic: true, color: { argb: 'FF888888' } };
  spec.columns.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    col.width = Math.max(10, c.title.length * 2 + 4, (c.example ?? '').length + 2);
    // Text, so that 1985.10 typed in stays 1985.10 instead of becoming the number 1985.1.
    if (c.kind) col.numFmt = '@';
  });
  const help = wb.addWorksheet('填写说明');
  help.addRow(['列', '是否必填', '说明']);
  help.getRow(1).font = { bold: true };
  for (const c of spec.columns) help.addRow([c.title, c.required ? '必填' : '选填', c.note ?? '']);
  help.addRow([]);
  for (const n of [
    '第一行为表头，请勿修改；第二行为示例，导入前请删除或覆盖。',
    '任何一行有错误时，整个文件都不会导入，系统会列出出错的行号和原因。',
    '同一文件重复上传不会产生重复数据。',
    ...(spec.notes ?? []),
  ]) {
    help.addRow([n]);
  }
  help.getColumn(1).width = 24;
  help.getColumn(2).width = 10;
  help.getColumn(3).width = 60;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
