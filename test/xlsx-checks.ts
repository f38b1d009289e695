import ExcelJS from 'exceljs';
import { expect } from 'vitest';

/** Opens an exported xlsx as a spreadsheet program would and returns its sheet. */
export async function openExport(bytes: Buffer): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb.worksheets[0]!;
}

/**
 * What every export must be to print and to sort: A4 fitted to the page width, the header row
 * repeated on each page, landscape when wide, the watermark in the page header, every font named,
 * and no blank written as an empty text.
 */
export async function expectPrintable(bytes: Buffer, who?: string): Promise<ExcelJS.Worksheet> {
  const ws = await openExport(bytes);
  const setup = ws.pageSetup;
  expect(setup).toMatchObject({ paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
  expect(setup.printTitlesRow).toBe('3:3');
  const width = ws.columns.reduce((n, c) => n + (c.width ?? 9), 0);
  expect(setup.orientation).toBe(width > 95 ? 'landscape' : 'portrait');
  expect(ws.headerFooter.oddHeader).toContain('内部资料');
  if (who) expect(ws.headerFooter.oddHeader).toContain(who);
  expect(String(ws.getRow(1).getCell(1).value)).toContain('内部资料');
  const blanks: string[] = [];
  const unnamed: string[] = [];
  ws.eachRow((row) => {
    row.eachCell((cell) => {
      if (cell.value === '') blanks.push(cell.address);
      if (!cell.isMerged || cell.master === cell) {
        if (!cell.font?.name) unnamed.push(cell.address);
      }
    });
  });
  expect(blanks, 'blank cells written as empty text').toEqual([]);
  expect(unnamed, 'cells without a named font').toEqual([]);
  return ws;
}

/** The values of one column under the header (row 3), by its title. */
export function columnValues(ws: ExcelJS.Worksheet, title: string): ExcelJS.Cell[] {
  const header = ws.getRow(3);
  let col = 0;
  header.eachCell((c, i) => {
    if (c.value === title) col = i;
  });
  expect(col, `column ${title}`).toBeGreaterThan(0);
  const cells: ExcelJS.Cell[] = [];
  for (let r = 4; r <= ws.rowCount; r++) cells.push(ws.getRow(r).getCell(col));
  return cells;
}
