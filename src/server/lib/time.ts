/** The jurisdiction keeps China Standard Time all year (no daylight saving). */
const LOCAL_OFFSET_MS = 8 * 3600_000;
export const DAY_MS = 86_400_000;
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Milliseconds of a 'YYYY-MM-DD' day at 00:00 UTC, or NaN when it is not a real date. */
export function dayMs(day: string): number {
  const m = DAY_PATTERN.exec(day);
  if (!m) return Number.NaN;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  // Date.UTC rolls 02-30 over into March; a round trip catches it.
  return new Date(ms).toISOString().slice(0, 10) === day ? ms : Number.NaN;
}

export const msDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** Whether a string is a real calendar date written 'YYYY-MM-DD'. */
export function isDay(day: string): boolean {
  return !Number.isNaN(dayMs(day));
}

/** The day `n` calendar days after `day` (before it when n < 0). */
export function addDays(day: string, n: number): string {
  return msDay(requireDay(day) + n * DAY_MS);
}

/** The calendar date in the jurisdiction (UTC+8) of an instant. */
export function localDay(instant: Date): string {
  return msDay(instant.getTime() + LOCAL_OFFSET_MS);
}

/** The last millisecond of a local day (23:59:59.999 UTC+8) as an instant. */
export function endOfLocalDay(day: string): Date {
  return new Date(requireDay(day) + DAY_MS - LOCAL_OFFSET_MS - 1);
}

export function requireDay(day: string): number {
  const ms = dayMs(day);
  if (Number.isNaN(ms)) throw new RangeError(`not a YYYY-MM-DD date: ${day}`);
  return ms;
}

/** The day before a YYYY-MM-DD day. */
export function dayBefore(day: string): string {
  return addDays(day, -1);
}

/** Age in whole years on a day, from birth year (and month when known). */
export function ageOn(day: string, birthYear: number, birthMonth: number | null): number {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  return year - birthYear - (birthMonth && birthMonth > month ? 1 : 0);
}
