import { localDay } from '../../lib/time.ts';

/** Quarters as the module writes them: `2026Q3`. */

export function quarterOfDay(day: string): string {
  return `${day.slice(0, 4)}Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;
}

export function quarterOf(instant: Date): string {
  return quarterOfDay(localDay(instant));
}

/** The first and last day of a quarter, and its months. */
export function quarterBounds(q: string): { year: number; start: string; end: string; months: number[] } {
  const year = Number(q.slice(0, 4));
  const n = Number(q.slice(5));
  const first = (n - 1) * 3 + 1;
  const last = first + 2;
  const endDay = [31, 30, 30, 31][n - 1]!;
  return {
    year,
    start: `${year}-${String(first).padStart(2, '0')}-01`,
    end: `${year}-${String(last).padStart(2, '0')}-${endDay}`,
    months: [first, first + 1, last],
  };
}

/** The quarters from `from` to `to`, inclusive. */
export function quartersBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let n = Number(from.slice(5));
  while (`${y}Q${n}` <= to) {
    out.push(`${y}Q${n}`);
    n++;
    if (n > 4) {
      n = 1;
      y++;
    }
  }
  return out;
}

/** The quarter before. */
export function previousQuarter(q: string): string {
  const y = Number(q.slice(0, 4));
  const n = Number(q.slice(5));
  return n === 1 ? `${y - 1}Q4` : `${y}Q${n - 1}`;
}
