import type { Executor } from '../../db/client.ts';
import { orgCalendarDays } from '../../db/schema/index.ts';
import { addDays, type CalendarKind } from './calendar.service.ts';

type SeedRow = { day: string; kind: CalendarKind; name: string; source: string };

const NOTICE_2026 = '国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）';
const STATUTORY_2027 = '法定节假日（2027年调休安排待国务院办公厅公布后补录）';

/** Every day from `first` to `last` as holiday rows of one festival. */
function holidays(first: string, last: string, name: string, source: string): SeedRow[] {
  const out: SeedRow[] = [];
  for (let day = first; day <= last; day = addDays(day, 1)) out.push({ day, kind: 'holiday', name, source });
  return out;
}

/** The weekend days worked in exchange for a festival's bridging days (调休上班). */
function makeUpDays(days: string[], festival: string, source: string): SeedRow[] {
  return days.map((day) => ({ day, kind: 'workday', name: `${festival}调休上班`, source }));
}

/**
 * 2026: the State Council's notice, day by day. 2027: only the statutory days under the 2024
 * revision of 《全国年节及纪念日放假办法》, because that year's 调休 has not been published; the
 * source carries PROVISIONAL_MARK, so the page flags the year as provisional.
 */
export const CALENDAR_SEED: { day: string; kind: 'holiday' | 'workday'; name: string; source: string }[] = [
  ...holidays('2026-01-01', '2026-01-03', '元旦', NOTICE_2026),
  ...makeUpDays(['2026-01-04'], '元旦', NOTICE_2026),
  ...holidays('2026-02-15', '2026-02-23', '春节', NOTICE_2026),
  ...makeUpDays(['2026-02-14', '2026-02-28'], '春节', NOTICE_2026),
  ...holidays('2026-04-04', '2026-04-06', '清明节', NOTICE_2026),
  ...holidays('2026-05-01', '2026-05-05', '劳动节', NOTICE_2026),
  ...makeUpDays(['2026-05-09'], '劳动节', NOTICE_2026),
  ...holidays('2026-06-19', '2026-06-21', '端午节', NOTICE_2026),
  ...holidays('2026-09-25', '2026-09-27', '中秋节', NOTICE_2026),
  ...holidays('2026-10-01', '2026-10-07', '国庆节', NOTICE_2026),
  ...makeUpDays(['2026-09-20', '2026-10-10'], '国庆节', NOTICE_2026),

  ...holidays('2027-01-01', '2027-01-01', '元旦', STATUTORY_2027),
  // 除夕 (2027-02-05) and 初一 to 初三.
  ...holidays('2027-02-05', '2027-02-08', '春节', STATUTORY_2027),
  ...holidays('2027-04-05', '2027-04-05', '清明节', STATUTORY_2027),
  ...holidays('2027-05-01', '2027-05-02', '劳动节', STATUTORY_2027),
  ...holidays('2027-06-09', '2027-06-09', '端午节', STATUTORY_2027),
  ...holidays('2027-09-15', '2027-09-15', '中秋节', STATUTORY_2027),
  ...holidays('2027-10-01', '2027-10-03', '国庆节', STATUTORY_2027),
].sort((a, b) => a.day.localeCompare(b.day));

/** Inserts the seed days that are not there yet (an edited day is kept); returns how many were added. */
export async function seedCalendar(ex: Executor): Promise<number> {
  const added = await ex
    .insert(orgCalendarDays)
    .values(CALENDAR_SEED)
    .onConflictDoNothing({ target: orgCalendarDays.day })
    .returning({ day: orgCalendarDays.day });
  return added.length;
}
