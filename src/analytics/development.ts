/**
 * 一人一策 arithmetic: plan months, review months, and the before-and-after figures of a cadre's
 * own contribution around a plan. Pure; no I/O.
 */

/** The day `months` calendar months after a YYYY-MM-DD day (clamped to the month's last day). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${ny}-${String(nm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** The months (YYYY-MM) a plan spans from its start to `until` (inclusive), in order. */
export function planMonths(startsOn: string, endsOn: string, until: string): string[] {
  const last = (endsOn < until ? endsOn : until).slice(0, 7);
  const out: string[] = [];
  let m = startsOn.slice(0, 7);
  while (m <= last) {
    out.push(m);
    m = addMonths(`${m}-01`, 1).slice(0, 7);
  }
  return out;
}

/** The middle day of a plan: when its mid-term review falls due. */
export function midDay(startsOn: string, endsOn: string): string {
  const a = Date.parse(`${startsOn}T00:00:00Z`);
  const b = Date.parse(`${endsOn}T00:00:00Z`);
  return new Date(a + Math.floor((b - a) / 2 / 86_400_000) * 86_400_000).toISOString().slice(0, 10);
}

/** The first and last day of a quarter written 2026Q3. */
export function quarterDays(quarter: string): { first: string; last: string } {
  const y = Number(quarter.slice(0, 4));
  const q = Number(quarter.slice(5));
  const first = `${y}-${String((q - 1) * 3 + 1).padStart(2, '0')}-01`;
  const last = addMonths(first, 3);
  const lastDay = new Date(Date.parse(`${last}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  return { first, last: lastDay };
}

export interface OwnEstimate {
  quarter: string;
  own: number;
  se: number;
}

export interface OwnPoint {
  quarter: string;
  own: number;
  low: number;
  high: number;
}

const Z95 = 1.959964;
const r2 = (x: number) => Math.round(x * 100) / 100;

function point(e: OwnEstimate): OwnPoint {
  return { quarter: e.quarter, own: r2(e.own), low: r2(e.own - Z95 * e.se), high: r2(e.own + Z95 * e.se) };
}

/**
 * The cadre's own contribution before a plan (the last quarter that ended before it started) and
 * after it (the last quarter that began on or after its start), each with its 95% interval, and
 * the change with the interval of a difference of two independent estimates. A comparison of
 * two moments: it says nothing about what caused the change.
 */
export function beforeAfter(series: OwnEstimate[], startsOn: string) {
  const sorted = [...series].sort((a, b) => a.quarter.localeCompare(b.quarter));
  const before = sorted.filter((e) => quarterDays(e.quarter).last < startsOn).at(-1) ?? null;
  const after = sorted.filter((e) => quarterDays(e.quarter).first >= startsOn).at(-1) ?? null;
  const change =
    before && after
      ? (() => {
          const value = after.own - before.own;
          const se = Math.sqrt(after.se ** 2 + before.se ** 2);
          return { value: r2(value), low: r2(value - Z95 * se), high: r2(value + Z95 * se) };
        })()
      : null;
  return {
    series: sorted.map(point),
    before: before ? point(before) : null,
    after: after ? point(after) : null,
    change,
  };
}

/** Whether an estimate is clearly below the county's average (its upper 90% bound below zero). */
export function clearlyBelow(value: number, se: number): boolean {
  return value + 1.645 * se < 0;
}
