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

/** How a column's values are written: inferred from the values unless said. */
export type ExportColumnType = 'text' | 'number' | 'date' | 'month';

export interface ExportSpec {
  /** The audit action, e.g. 'org.cadres.export'. */
  action: string;
  sheetName: string;
  title: string;
  columns: { title: string; width?: number; type?: ExportColumnType; decimals?: number }[];
  rows: (string | number | null | undefined)[][];
}

/** The one font of every export: named, so no program falls back to a serif face. */
const FONT = { name: '等线', family: 2, charset: 134 } as const;
const BORDER = { style: 'thin', color: { argb: 'FFBFBFBF' } } as const;
/** Wider than this (in character widths), a sheet prints on A4 landscape. */
const PORTRAIT_MAX_WIDTH = 95;
const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_RE = /^(\d{4})[.-](\d{2})$/;

/** Display width in character units: a Chinese character takes two. */
export function textWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u1100-\uffff]/.test(ch) ? 1.8 : 1;
  return w;
}

function decimalsOf(n: number): number {
  const s = String(Number(n.toFixed(6)));
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
}

/** A column's type from its values: all numbers, all dates, all year-months (a bare year allowed), or text. */
function inferType(values: (string | number)[]): ExportColumnType {
  if (values.length === 0) return 'text';
  if (values.every((v) => typeof v === 'number')) return 'number';
  const texts = values.filter((v): v is string => typeof v === 'string');
  if (texts.length !== values.length) return 'text';
  if (texts.every((v) => DAY_RE.test(v))) return 'date';
  if (texts.some((v) => MONTH_RE.test(v)) && texts.every((v) => MONTH_RE.test(v) || /^\d{4}$/.test(v)))
    return 'month';
  return 'text';
}

/** A typed cell value: numbers stay numbers, YYYY-MM-DD and YYYY.MM become dates (UTC midnight). */
function typedValue(v: string | number, type: ExportColumnType): string | number | Date {
  if (typeof v === 'number') return v;
  const day = type === 'date' ? DAY_RE.exec(v) : null;
  if (day) return new Date(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3])));
  const month = type === 'month' ? MONTH_RE.exec(v) : null;
  if (month) return new Date(Date.UTC(Number(month[1]), Number(month[2]) - 1, 1));
  return v;
}

function numFmtOf(type: ExportColumnType, decimals: number, sample?: string | number): string | undefined {
  if (type === 'date') return 'yyyy-mm-dd';
  // Shown as the module wrote it: 1985.06 or 2026-09.
  if (type === 'month') return typeof sample === 'string' && sample.includes('-') ? 'yyyy-mm' : 'yyyy.mm';
  if (type === 'number') return decimals > 0 ? `0.${'0'.repeat(decimals)}` : '0';
  return undefined;
}

/** Lines a text needs in a column of the given width (wrapped at the column's edge). */
function linesIn(text: string, width: number): number {
  const usable = Math.max(1, width - 1);
  return text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(textWidth(line) / usable)), 0);
}

/**
 * An xlsx export a county office can print: A4 (landscape when wide) fitted to the page width,
 * the column headers repeated on every page, long text wrapped, the watermark (user, time, 内部资料)
 * above the title and in the page header, one named font. Numbers are numbers with a stated
 * format, dates and year-months are dates, blanks are empty cells. Recorded in the audit chain by
 * action only (never the content).
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
  const count = Math.max(1, spec.columns.length);
  const widths = Array.from({ length: count }, (_, i) => {
    const c = spec.columns[i];
    return c?.width ?? Math.max(8, textWidth(c?.title ?? '') + 2);
  });
  const totalWidth = widths.reduce((a, b) => a + b, 0);
  ws.pageSetup = {
    paperSize: 9, // A4
    orientation: totalWidth > PORTRAIT_MAX_WIDTH ? 'landscape' : 'portrait',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0, // as many pages down as the rows need
    printTitlesRow: '3:3',
    horizontalCentered: true,
    margins: { left: 0.4, right: 0.4, top: 0.7, bottom: 0.6, header: 0.3, footer: 0.3 },
  };
  const hf = `&"${FONT.name},Regular"&9`;
  ws.headerFooter.oddHeader = `&L${hf}${stamp}&R${hf}内部资料`;
  ws.headerFooter.oddFooter = `&C${hf}第 &P 页 / 共 &N 页`;
  widths.forEach((w, i) => {
    ws.getColumn(i + 1).width = w;
  });

  const banner = (text: string, font: Partial<ExcelJS.Font>, minHeight: number) => {
    const row = ws.addRow([text]);
    ws.mergeCells(row.number, 1, row.number, count);
    row.getCell(1).font = { ...FONT, ...font };
    row.getCell(1).alignment = { wrapText: true, vertical: 'middle' };
    row.height = Math.max(
      minHeight,
      linesIn(text, totalWidth / ((font.size ?? 10) / 10)) * (font.size ?? 10) * 1.45,
    );
  };
  banner(stamp, { size: 9, color: { argb: 'FFB8322A' } }, 14);
  banner(spec.title, { size: 14, bold: true }, 22);

  const header = ws.addRow(widths.map((_, i) => spec.columns[i]?.title ?? ''));
  header.height = Math.max(...widths.map((w, i) => linesIn(spec.columns[i]?.title ?? '', w))) * 14 + 4;
  header.eachCell((cell) => {
    cell.font = { ...FONT, size: 10, bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF3E3C3' } };
    cell.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
    cell.border = { top: BORDER, left: BORDER, bottom: BORDER, right: BORDER };
  });

  const types = widths.map((_, i) => {
    const col = spec.columns[i];
    const values = spec.rows
      .map((r) => r[i])
      .filter((v): v is string | number => v !== null && v !== undefined && v !== '');
    const type = col?.type ?? inferType(values);
    const decimals =
      col?.decimals ??
      Math.min(4, Math.max(0, ...values.map((v) => (typeof v === 'number' ? decimalsOf(v) : 0))));
    return {
      type,
      numFmt: numFmtOf(
        type,
        decimals,
        values.find((v) => MONTH_RE.test(String(v))),
      ),
    };
  });
  for (const r of spec.rows) {
    // A blank is no value at all (not an empty text), so sorting, filtering and formulas see it as empty.
    const row = ws.addRow(
      widths.map((_, i) => {
        const v = r[i];
        return v === null || v === undefined || v === '' ? null : typedValue(v, types[i]!.type);
      }),
    );
    let lines = 1;
    for (let i = 0; i < count; i++) {
      const cell = row.getCell(i + 1);
      const v = cell.value;
      cell.font = { ...FONT, size: 10 };
      cell.border = { top: BORDER, left: BORDER, bottom: BORDER, right: BORDER };
      if (typeof v === 'string') {
        cell.alignment = { wrapText: true, vertical: 'top' };
        lines = Math.max(lines, linesIn(v, widths[i]!));
      } else {
        const dated = v instanceof Date;
        cell.alignment = { vertical: 'top', ...(dated ? { horizontal: 'center' as const } : {}) };
        if (v !== null && types[i]!.numFmt) cell.numFmt = types[i]!.numFmt!;
      }
    }
    row.height = Math.min(15, lines) * 14 + 2;
  }
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
    ...(spec.columns.some((c) => c.kind)
      ? [
          `${spec.columns
            .filter((c) => c.kind)
            .map((c) => c.title)
            .join(
              '、',
            )}列为文本格式，请照样填写（如 1985-06、1985.06、2024-03-01）；“1985.1”这样既可能是 1 月也可能是 10 月的写法会被退回。`,
        ]
      : []),
    ...(spec.notes ?? []),
  ]) {
    help.addRow([n]);
  }
  help.getColumn(1).width = 24;
  help.getColumn(2).width = 10;
  help.getColumn(3).width = 60;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
