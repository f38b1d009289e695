import type { Table } from './design.ts';

export class CsvError extends Error {}

/**
 * Parses CSV text with a header row (RFC 4180 quoting, a UTF-8 BOM and CRLF allowed) into a table
 * by column: a column whose every non-empty cell is a number becomes numeric, any other column
 * stays text (a factor). Empty cells and `NA` are missing.
 */
export function parseCsv(text: string): Table {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let i = 0;
  let quoted = false;
  while (i < src.length) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') {
      quoted = true;
      i++;
    } else if (ch === ',') {
      record.push(field);
      field = '';
      i++;
    } else if (ch === '\n' || ch === '\r') {
      record.push(field);
      field = '';
      if (!(record.length === 1 && record[0] === '')) records.push(record);
      record = [];
      i += ch === '\r' && src[i + 1] === '\n' ? 2 : 1;
    } else {
      field += ch;
      i++;
    }
  }
  if (quoted) throw new CsvError('CSV 文件中有未闭合的引号');
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  if (records.length === 0) throw new CsvError('CSV 文件是空的');
  const header = records[0]!.map((h) => h.trim());
  const seen = new Set<string>();
  for (const h of header) {
    if (h === '') throw new CsvError('CSV 表头有空列名');
    if (seen.has(h)) throw new CsvError(`CSV 表头有重复列名“${h}”`);
    seen.add(h);
  }
  const rows = records.slice(1);
  rows.forEach((r, k) => {
    if (r.length !== header.length) {
      throw new CsvError(`CSV 第 ${k + 2} 行有 ${r.length} 列，表头有 ${header.length} 列`);
    }
  });
  const table: Table = {};
  header.forEach((h, c) => {
    const cells = rows.map((r) => r[c]!.trim());
    const numeric = cells.every((v) => v === '' || v === 'NA' || isNumber(v));
    table[h] = numeric
      ? Float64Array.from(cells, (v) => (v === '' || v === 'NA' ? Number.NaN : Number(v)))
      : cells.map((v) => (v === '' || v === 'NA' ? null : v));
  });
  return table;
}

function isNumber(v: string): boolean {
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v);
}
