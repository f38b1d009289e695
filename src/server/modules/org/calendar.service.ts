import { and, asc, eq, gte, lte } from 'drizzle-orm';
import type { z } from 'zod';
import {
  CALENDAR_KINDS,
  CALENDAR_MAX_YEAR,
  CALENDAR_MIN_YEAR,
  type CalendarKind,
  type CalendarYearView,
} from '../../../common/contracts/org.ts';
import type { Executor } from '../../db/client.ts';
import { orgCalendarDays } from '../../db/schema/index.ts';
import type { Actor, Ctx } from '../../lib/context.ts';
import { AppError, invalid, notFound } from '../../lib/errors.ts';
import { addDays, DAY_MS, dayMs, endOfLocalDay, isDay, localDay, msDay, requireDay } from '../../lib/time.ts';
import { write } from '../../lib/tx.ts';
import { calendarCan } from './org.policy.ts';

export { addDays, CALENDAR_KINDS, type CalendarKind, endOfLocalDay, isDay, localDay };

/** One day that departs from the Monday–Friday week. */
export interface CalendarEntry {
  day: string;
  kind: CalendarKind;
  name: string;
  source: string | null;
}

/**
 * Marks a source as provisional: statutory holidays entered before the State Council has published
 * the year's 调休 schedule. A year with such a row is flagged on the page.
 */
export const PROVISIONAL_MARK = '待国务院办公厅公布后补录';

/**
 * Working days from a preloaded set of calendar rows, so that loops over many deadlines cost one
 * query. When built with the range it was loaded for, it refuses days outside that range rather
 * than silently treating an unloaded holiday as a working day.
 */
export class WorkingCalendar {
  private readonly kinds: Map<string, CalendarKind>;

  constructor(
    entries: readonly Pick<CalendarEntry, 'day' | 'kind'>[],
    readonly covers?: { from: string; to: string },
  ) {
    this.kinds = new Map(entries.map((e) => [e.day, e.kind]));
  }

  /** Whether people work on the day: a listed holiday or 调休 day decides, else Monday–Friday. */
  isWorkingDay(day: string): boolean {
    const ms = requireDay(day);
    this.assertCovered(day);
    const kind = this.kinds.get(day);
    if (kind) return kind === 'workday';
    const weekday = new Date(ms).getUTCDay();
    return weekday >= 1 && weekday <= 5;
  }

  /** The n-th working day after `from`; n = 0 gives `from` itself if it is a working day, else the next. */
  addWorkingDays(from: string, n: number): string {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a whole number ≥ 0: ${n}`);
    let day = from;
    if (n === 0) {
      while (!this.isWorkingDay(day)) day = addDays(day, 1);
      return day;
    }
    for (let found = 0; found < n; ) {
      day = addDays(day, 1);
      if (this.isWorkingDay(day)) found += 1;
    }
    return day;
  }

  /** Working days from `from` to `to`, both included; 0 when `to` is before `from`. */
  workingDaysBetween(from: string, to: string): number {
    const end = requireDay(to);
    let count = 0;
    for (let ms = requireDay(from); ms <= end; ms += DAY_MS) {
      if (this.isWorkingDay(msDay(ms))) count += 1;
    }
    return count;
  }

  /** Working hours from `from` to `to`, both included, at `hoursPerDay` hours a working day. */
  workingHoursBetween(from: string, to: string, hoursPerDay = 8): number {
    return this.workingDaysBetween(from, to) * hoursPerDay;
  }

  private assertCovered(day: string): void {
    if (this.covers && (day < this.covers.from || day > this.covers.to)) {
      throw new RangeError(`${day} is outside the loaded calendar ${this.covers.from}..${this.covers.to}`);
    }
  }
}

/** The calendar rows from `from` to `to` (inclusive), loaded once into a WorkingCalendar. */
export async function loadCalendar(ex: Executor, from: string, to: string): Promise<WorkingCalendar> {
  return new WorkingCalendar(await entriesBetween(ex, from, to), { from, to });
}

async function entriesBetween(ex: Executor, from: string, to: string): Promise<CalendarEntry[]> {
  const rows = await ex
    .select({
      day: orgCalendarDays.day,
      kind: orgCalendarDays.kind,
      name: orgCalendarDays.name,
      source: orgCalendarDays.source,
    })
    .from(orgCalendarDays)
    .where(and(gte(orgCalendarDays.day, from), lte(orgCalendarDays.day, to)))
    .orderBy(asc(orgCalendarDays.day));
  // The table's check constraint guarantees the two kinds.
  return rows.map((r) => ({ ...r, kind: r.kind as CalendarKind }));
}

/** The end (23:59:59.999 UTC+8) of the n-th working day after the local day of `from`. */
export async function workingDeadline(ex: Executor, from: Date, workingDays: number): Promise<Date> {
  const start = localDay(from);
  // Any 2n + 40 calendar days hold more than n working days, even across the 9-day Spring Festival.
  const calendar = await loadCalendar(ex, start, addDays(start, 2 * workingDays + 40));
  return endOfLocalDay(calendar.addWorkingDays(start, workingDays));
}

/** A year's calendar for the page: its rows, whether it is provisional, its number of working days. */
export async function calendarOfYear(
  ex: Executor,
  actor: Actor | null,
  year: number,
): Promise<z.infer<typeof CalendarYearView>> {
  assertYear(year);
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const days = await entriesBetween(ex, from, to);
  const calendar = new WorkingCalendar(days, { from, to });
  // Without any row the year's holidays are simply unknown, which is provisional too.
  const provisional = days.length === 0 || days.some((d) => d.source?.includes(PROVISIONAL_MARK));
  return {
    year,
    provisional,
    days,
    workingDays: calendar.workingDaysBetween(from, to),
    can: calendarCan(actor),
  };
}

/** Working days and field hours (8 a day) between two dates, both included. */
export async function workingTime(ex: Executor, from: string, to: string) {
  assertCalendarDay(from, '开始日期');
  assertCalendarDay(to, '结束日期');
  if (from > to)
    throw new AppError('ORG_CALENDAR_RANGE_REVERSED', undefined, [
      { path: 'querystring.to', message: '结束日期不能早于开始日期' },
    ]);
  const calendar = await loadCalendar(ex, from, to);
  return {
    workingDays: calendar.workingDaysBetween(from, to),
    workingHours: calendar.workingHoursBetween(from, to),
  };
}

export interface CalendarDayInput {
  day: string;
  kind: CalendarKind;
  name: string;
  source?: string | null;
}

/** Sets one day's holiday or 调休 entry (adds it, or replaces the existing one). */
export async function upsertCalendarDay(ctx: Ctx, input: CalendarDayInput): Promise<CalendarEntry> {
  assertCalendarDay(input.day, '日期');
  if (!CALENDAR_KINDS.includes(input.kind)) throw invalid('类型应为“节假日”或“调休上班”');
  const name = input.name.trim();
  if (!name) throw invalid('请填写名称，如“春节”或“春节调休上班”');
  const weekday = new Date(dayMs(input.day)).getUTCDay();
  // A weekday is a working day anyway; recording it as 调休 would only hide a typing mistake.
  if (input.kind === 'workday' && weekday >= 1 && weekday <= 5) {
    const message = `${input.day} 是周${'日一二三四五六'[weekday]}，本来就是工作日，无需登记为调休上班`;
    throw new AppError('ORG_CALENDAR_WEEKDAY_WORKDAY', message, [{ path: 'body.kind', message }]);
  }
  const source = input.source?.trim() || null;
  return write(ctx, async (tx, audit) => {
    const [row] = await tx
      .insert(orgCalendarDays)
      .values({
        day: input.day,
        kind: input.kind,
        name,
        source,
        createdAt: ctx.clock.now(),
        createdBy: ctx.actor?.userId ?? null,
      })
      // The table keeps no updated_* columns: who changed an entry and when is in the audit chain.
      .onConflictDoUpdate({ target: orgCalendarDays.day, set: { kind: input.kind, name, source } })
      .returning();
    audit({ action: 'org.calendar.set', objectType: 'calendar_day', objectId: input.day });
    return { day: row!.day, kind: row!.kind as CalendarKind, name: row!.name, source: row!.source };
  });
}

/** Removes one day's entry, so that the day follows the Monday–Friday week again. */
export async function deleteCalendarDay(ctx: Ctx, day: string): Promise<void> {
  assertCalendarDay(day, '日期');
  await write(ctx, async (tx, audit) => {
    const removed = await tx
      .delete(orgCalendarDays)
      .where(eq(orgCalendarDays.day, day))
      .returning({ day: orgCalendarDays.day });
    if (removed.length === 0) throw notFound(`${day} 的日历记录`);
    audit({ action: 'org.calendar.delete', objectType: 'calendar_day', objectId: day });
  });
}

function assertYear(year: number): void {
  if (!Number.isInteger(year) || year < CALENDAR_MIN_YEAR || year > CALENDAR_MAX_YEAR) {
    throw invalid(`年份应在 ${CALENDAR_MIN_YEAR} 至 ${CALENDAR_MAX_YEAR} 之间`);
  }
}

function assertCalendarDay(day: string, label: string): void {
  if (!isDay(day)) throw invalid(`${label}格式不正确，应为 YYYY-MM-DD 的有效日期`);
  assertYear(Number(day.slice(0, 4)));
}
