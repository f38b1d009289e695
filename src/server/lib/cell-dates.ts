/**
 * Year-months and dates as people and spreadsheet programs write them in a cell. A year-month
 * typed as `1985.10` into a General cell is stored as the number 1985.1: read as text it would
 * become January. What the cell showed (its number format) is used where the file has it, and a
 * value that could mean two months is refused, never guessed.
 */

/** What a reader knows of one cell: its text, and for a number or date cell the typed value. */
export interface CellReading {
  text: string;
  number?: number;
  date?: Date;
  /** The cell's number format (`0.00`, `@`, `yyyy-mm-dd`…), when the file has one. */
  numFmt?: string;
}

export interface DateParts {
  year: number;
  month: number | null;
  day: number | null;
}

/** Refused: the text could mean two months (1985.1 is January, or 1985.10 stored as a number). */
export const AMBIGUOUS = 'ambiguous' as const;

/**
 * Splits a written year-month or date: YYYY, YYYYMM, YYYYMMDD, YYYY.MM(.DD), YYYY-MM(-DD),
 * YYYY/MM(/DD), YYYY年M月(D日). Full-width digits are accepted. No range checks here.
 */
export function matchDate(raw: string): DateParts | typeof AMBIGUOUS | null {
  const text = raw.normalize('NFKC').trim();
  const parts = (m: RegExpExecArray): DateParts => ({
    year: Number(m[1]),
    month: m[2] ? Number(m[2]) : null,
    day: m[3] ? Number(m[3]) : null,
  });
  const dotted = /^(\d{4})\.(\d{1,2})$/.exec(text);
  // 1985.1 is what a spreadsheet shows for the number 1985.10 as much as for January.
  if (dotted && dotted[2] === '1') return AMBIGUOUS;
  const m =
    /^(\d{4})()()$/.exec(text) ??
    /^(\d{4})(\d{2})(\d{2})?$/.exec(text) ??
    /^(\d{4})\s*([./-])\s*(\d{1,2})(?:\s*\2\s*(\d{1,2}))?$/.exec(text) ??
    /^(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?$/.exec(text);
  if (!m) return null;
  if (m.length === 5) return { year: Number(m[1]), month: Number(m[3]), day: m[4] ? Number(m[4]) : null };
  return parts(m);
}

/** Whether month and day (when given) exist. */
export function validParts(p: DateParts): boolean {
  if (p.month === null) return p.day === null;
  if (p.month < 1 || p.month > 12) return false;
  if (p.day === null) return true;
  return p.day >= 1 && p.day <= new Date(Date.UTC(p.year, p.month, 0)).getUTCDate();
}

/** Decimal places a number format shows (`0.00` → 2, `#,##0.0_ ` → 1); null for General or text. */
export function fixedDecimals(numFmt: string | undefined): number | null {
  if (!numFmt || /^general$/i.test(numFmt) || numFmt === '@') return null;
  const first = numFmt.split(';')[0]!.replace(/"[^"]*"|\[[^\]]*]/g, '');
  const m = /[0#?]\.([0#?]*)/.exec(first);
  if (!m) return /[0#?]/.test(first) ? 0 : null;
  return (m[1]!.match(/0/g) ?? []).length;
}

/** The text a spreadsheet program showed for a number cell. */
export function shownNumber(value: number, numFmt: string | undefined): string {
  const d = fixedDecimals(numFmt);
  return d === null ? String(value) : value.toFixed(d);
}

const pad = (n: number) => String(n).padStart(2, '0');

export type CellDate = { value: string } | { problem: string };

function ambiguity(shown: string): CellDate {
  const year = shown.slice(0, 4);
  return {
    problem: `“${shown}”有歧义：可能是 ${year} 年 1 月，也可能是 ${year}.10 被表格软件存成数字后显示为 ${shown}；请写成 ${year}-01 或 ${year}-10（该列宜设为文本格式）`,
  };
}

/** What the cell showed: a number in its format, otherwise its text. */
function shownText(c: CellReading): string {
  return c.number !== undefined ? shownNumber(c.number, c.numFmt) : c.text;
}

/**
 * A year-month cell as `YYYY-MM` (or `YYYY` for a bare year). Text that is no date at all is
 * returned as it was, for the importer's own message; an ambiguous value is a problem.
 */
export function yearMonthCell(c: CellReading): CellDate {
  if (c.date) return { value: `${c.date.getUTCFullYear()}-${pad(c.date.getUTCMonth() + 1)}` };
  const shown = shownText(c);
  const p = matchDate(shown);
  if (p === AMBIGUOUS) return ambiguity(shown.normalize('NFKC').trim());
  if (!p || !validParts(p)) return { value: c.text };
  return { value: p.month === null ? String(p.year) : `${p.year}-${pad(p.month)}` };
}

/** A date cell as `YYYY-MM-DD`; anything else is returned as it was, for the importer's message. */
export function dayCell(c: CellReading): CellDate {
  if (c.date) return { value: c.date.toISOString().slice(0, 10) };
  const shown = shownText(c);
  const p = matchDate(shown);
  if (p === AMBIGUOUS || !p || p.day === null || !validParts(p)) return { value: c.text };
  return { value: `${p.year}-${pad(p.month!)}-${pad(p.day)}` };
}
