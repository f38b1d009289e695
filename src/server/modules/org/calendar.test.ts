import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../../../test/app.ts';
import { buildUnit } from '../../../../test/factories.ts';
import { CALENDAR_SEED, seedCalendar } from './calendar.data.ts';
import {
  loadCalendar,
  localDay,
  PROVISIONAL_MARK,
  WorkingCalendar,
  workingDeadline,
} from './calendar.service.ts';

/** Every date of a year, counted with the plain Date API rather than the service's helpers. */
function datesOf(year: number): { day: string; weekday: number }[] {
  const out: { day: string; weekday: number }[] = [];
  for (
    let d = new Date(Date.UTC(year, 0, 1));
    d.getUTCFullYear() === year;
    d.setUTCDate(d.getUTCDate() + 1)
  ) {
    out.push({ day: d.toISOString().slice(0, 10), weekday: d.getUTCDay() });
  }
  return out;
}

/** The notice's ranges, written out again so that the seed is checked against the text, not itself. */
const NOTICE_2026 = {
  holidays: [
    ['2026-01-01', '2026-01-03'],
    ['2026-02-15', '2026-02-23'],
    ['2026-04-04', '2026-04-06'],
    ['2026-05-01', '2026-05-05'],
    ['2026-06-19', '2026-06-21'],
    ['2026-09-25', '2026-09-27'],
    ['2026-10-01', '2026-10-07'],
  ],
  makeUpDays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
};
/** 《全国年节及纪念日放假办法》 (2024): 元旦 1, 春节 4, 清明 1, 劳动节 2, 端午 1, 中秋 1, 国庆 3. */
const STATUTORY_DAYS_PER_YEAR = 13;

const calendar2026 = () => new WorkingCalendar(CALENDAR_SEED.filter((r) => r.day.startsWith('2026')));

describe('WorkingCalendar on the 2026 schedule', () => {
  it('seeds exactly the days of the notice', () => {
    const inNotice = (day: string) => NOTICE_2026.holidays.some(([a, b]) => day >= a! && day <= b!);
    const seeded = CALENDAR_SEED.filter((r) => r.day.startsWith('2026'));
    expect(seeded.filter((r) => r.kind === 'holiday').map((r) => r.day)).toEqual(
      datesOf(2026)
        .map((d) => d.day)
        .filter(inNotice),
    );
    expect(
      seeded
        .filter((r) => r.kind === 'workday')
        .map((r) => r.day)
        .sort(),
    ).toEqual([...NOTICE_2026.makeUpDays].sort());
    expect(seeded.find((r) => r.day === '2026-02-14')?.name).toBe('春节调休上班');
    expect(seeded.find((r) => r.day === '2026-02-16')?.name).toBe('春节');
    expect(new Set(seeded.map((r) => r.source))).toEqual(
      new Set(['国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）']),
    );
  });

  it('knows a 调休 Saturday works and a Spring Festival Monday does not', () => {
    const cal = calendar2026();
    expect(new Date('2026-02-14T00:00:00Z').getUTCDay()).toBe(6);
    expect(cal.isWorkingDay('2026-02-14')).toBe(true);
    expect(new Date('2026-02-16T00:00:00Z').getUTCDay()).toBe(1);
    expect(cal.isWorkingDay('2026-02-16')).toBe(false);
    // Ordinary days follow the week.
    expect(cal.isWorkingDay('2026-03-04')).toBe(true);
    expect(cal.isWorkingDay('2026-03-07')).toBe(false);
  });

  it('counts the working days of 2026 as derived from the rules', () => {
    const holiday = new Set(
      datesOf(2026)
        .map((d) => d.day)
        .filter((day) => NOTICE_2026.holidays.some(([a, b]) => day >= a! && day <= b!)),
    );
    const makeUp = new Set(NOTICE_2026.makeUpDays);
    const expected = datesOf(2026).filter(
      (d) => makeUp.has(d.day) || (!holiday.has(d.day) && d.weekday >= 1 && d.weekday <= 5),
    ).length;
    // 调休 only moves days: the year loses exactly its weekends and its statutory holidays.
    const weekends = datesOf(2026).filter((d) => d.weekday === 0 || d.weekday === 6).length;
    expect(expected).toBe(datesOf(2026).length - weekends - STATUTORY_DAYS_PER_YEAR);
    expect(calendar2026().workingDaysBetween('2026-01-01', '2026-12-31')).toBe(expected);
  });

  it('adds working days across the National Day holiday and its make-up Saturday', () => {
    const cal = calendar2026();
    expect(cal.addWorkingDays('2026-09-30', 1)).toBe('2026-10-08');
    expect(cal.addWorkingDays('2026-09-30', 3)).toBe('2026-10-10');
    expect(cal.addWorkingDays('2026-09-30', 4)).toBe('2026-10-12');
    expect(cal.addWorkingDays('2026-10-01', 0)).toBe('2026-10-08');
    expect(cal.addWorkingDays('2026-09-30', 0)).toBe('2026-09-30');
    expect(cal.addWorkingDays('2026-09-19', 1)).toBe('2026-09-20');
    expect(() => cal.addWorkingDays('2026-09-30', -1)).toThrow(RangeError);
  });

  it('counts a week with a 调休 Saturday and the holiday week after it', () => {
    const cal = calendar2026();
    // Mon 02-09 … Fri 02-13, Sat 02-14 worked, Sun 02-15 the first day of the holiday.
    expect(cal.workingDaysBetween('2026-02-09', '2026-02-15')).toBe(6);
    expect(cal.workingHoursBetween('2026-02-09', '2026-02-15')).toBe(48);
    expect(cal.workingDaysBetween('2026-02-16', '2026-02-22')).toBe(0);
    // Mon 02-23 still off; Tue–Fri and Sat 02-28 worked.
    expect(cal.workingDaysBetween('2026-02-23', '2026-03-01')).toBe(5);
    expect(cal.workingHoursBetween('2026-02-23', '2026-03-01', 7.5)).toBe(37.5);
    expect(cal.workingDaysBetween('2026-03-01', '2026-02-23')).toBe(0);
  });

  it('gives the calendar date in UTC+8', () => {
    expect(localDay(new Date('2026-03-01T15:59:59.999Z'))).toBe('2026-03-01');
    expect(localDay(new Date('2026-03-01T16:00:00.000Z'))).toBe('2026-03-02');
    expect(localDay(new Date('2026-12-31T16:00:00.000Z'))).toBe('2027-01-01');
  });

  it('marks the 2027 statutory days as provisional', () => {
    const rows = CALENDAR_SEED.filter((r) => r.day.startsWith('2027'));
    expect(rows).toHaveLength(STATUTORY_DAYS_PER_YEAR);
    expect(rows.every((r) => r.kind === 'holiday' && r.source.includes(PROVISIONAL_MARK))).toBe(true);
    expect(rows.filter((r) => r.name === '春节').map((r) => r.day)).toEqual([
      '2027-02-05',
      '2027-02-06',
      '2027-02-07',
      '2027-02-08',
    ]);
  });
});

let t: TestApp;
let leader: Agent;
let office: Agent;
let unitAdmin: Agent;

beforeAll(async () => {
  t = await createTestApp({ mode: 'production' });
  await seedCalendar(t.deps.db);
  leader = await t.as('org_leader');
  office = await t.as('joint_office');
  unitAdmin = await t.as('unit_admin', { unitId: (await buildUnit(t.deps.db)).id });
});
afterAll(async () => t?.close());

const workingDaysOf = async (a: Agent, year: number) =>
  (await a.get(`/api/org/calendar?year=${year}`)).json().workingDays as number;

describe('loading from the database', () => {
  it('seeds once: a second run adds nothing', async () => {
    expect(await seedCalendar(t.deps.db)).toBe(0);
    const { rows } = await t.superuser('SELECT count(*)::int AS n FROM org_calendar_days');
    expect(rows[0]!.n).toBe(CALENDAR_SEED.length);
  });

  it('refuses a day outside the range it loaded instead of guessing', async () => {
    const cal = await loadCalendar(t.deps.db, '2026-02-01', '2026-02-28');
    expect(cal.isWorkingDay('2026-02-14')).toBe(true);
    expect(() => cal.isWorkingDay('2026-03-02')).toThrow(RangeError);
  });

  it('puts a deadline at the end of the n-th working day, in local time', async () => {
    const due = await workingDeadline(t.deps.db, new Date('2026-09-30T02:00:00Z'), 1);
    expect(due.toISOString()).toBe('2026-10-08T15:59:59.999Z');
    // 00:30 on Saturday 02-14 in the county (16:30 UTC the day before) is a working day.
    const sameDay = await workingDeadline(t.deps.db, new Date('2026-02-13T16:30:00Z'), 0);
    expect(sameDay.toISOString()).toBe('2026-02-14T15:59:59.999Z');
  });
});

describe('calendar routes', () => {
  it('returns a year with its days and working-day count to any staff role', async () => {
    const res = await office.get('/api/org/calendar?year=2026');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ year: 2026, provisional: false });
    expect(body.days).toHaveLength(CALENDAR_SEED.filter((r) => r.day.startsWith('2026')).length);
    expect(body.days[0]).toEqual({
      day: '2026-01-01',
      kind: 'holiday',
      name: '元旦',
      source: '国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）',
    });
    expect(body.workingDays).toBe(calendar2026().workingDaysBetween('2026-01-01', '2026-12-31'));
    expect(body.can).toEqual({ edit: true });
    const asUnit = await unitAdmin.get('/api/org/calendar?year=2026');
    expect(asUnit.statusCode).toBe(200);
    expect(asUnit.json().can).toEqual({ edit: false });
  });

  it('flags 2027 and a year without entries as provisional', async () => {
    expect((await office.get('/api/org/calendar?year=2027')).json().provisional).toBe(true);
    const empty = (await office.get('/api/org/calendar?year=2030')).json();
    expect(empty).toMatchObject({ year: 2030, provisional: true, days: [] });
    expect(empty.workingDays).toBe(datesOf(2030).filter((d) => d.weekday >= 1 && d.weekday <= 5).length);
  });

  it('defaults to the current local year', async () => {
    expect((await office.get('/api/org/calendar')).json().year).toBe(2026);
  });

  it('counts working days and field hours between two dates', async () => {
    const res = await office.get('/api/org/calendar/working-days?from=2026-02-09&to=2026-02-15');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ workingDays: 6, workingHours: 48 });
  });

  it('lets the organization department add a day, which changes the count, and remove it again', async () => {
    const before = await workingDaysOf(office, 2026);
    const put = await leader.put('/api/org/calendar/2026-03-02', { kind: 'holiday', name: '临时停工' });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toEqual({ day: '2026-03-02', kind: 'holiday', name: '临时停工', source: null });
    expect(await workingDaysOf(office, 2026)).toBe(before - 1);
    // Setting the same day again replaces the entry.
    const renamed = await leader.put('/api/org/calendar/2026-03-02', {
      kind: 'holiday',
      name: '防汛停工',
      source: '县委办通知',
    });
    expect(renamed.json().name).toBe('防汛停工');
    expect(await workingDaysOf(office, 2026)).toBe(before - 1);
    const { rows } = await t.superuser(
      "SELECT action FROM audit_entries WHERE object_type = 'calendar_day' AND object_id = '2026-03-02' ORDER BY seq",
    );
    expect(rows.map((r) => r.action)).toEqual(['org.calendar.set', 'org.calendar.set']);

    expect((await leader.del('/api/org/calendar/2026-03-02')).statusCode).toBe(204);
    expect(await workingDaysOf(office, 2026)).toBe(before);
    const again = await leader.del('/api/org/calendar/2026-03-02');
    expect(again.statusCode).toBe(404);
    expect(again.json().error.code).toBe('NOT_FOUND');
  });

  it('lets the joint office edit and refuses a unit administrator', async () => {
    const ok = await office.put('/api/org/calendar/2026-03-07', { kind: 'workday', name: '专项工作日' });
    expect(ok.statusCode).toBe(200);
    expect((await office.del('/api/org/calendar/2026-03-07')).statusCode).toBe(204);
    const refused = await unitAdmin.put('/api/org/calendar/2026-03-02', {
      kind: 'holiday',
      name: '擅自放假',
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('FORBIDDEN');
    expect((await unitAdmin.del('/api/org/calendar/2026-01-01')).statusCode).toBe(403);
  });

  it('answers bad input with 400 and a Chinese message', async () => {
    const cases = [
      await leader.put('/api/org/calendar/2026-02-30', { kind: 'holiday', name: '不存在的日子' }),
      await leader.put('/api/org/calendar/2026-03-02', { kind: 'vacation', name: '假期' }),
      await leader.put('/api/org/calendar/2026-03-02', { kind: 'holiday', name: '  ' }),
      await leader.put('/api/org/calendar/1999-12-31', { kind: 'holiday', name: '跨世纪' }),
      await office.get('/api/org/calendar/working-days?from=2026-13-01&to=2026-12-31'),
      await office.get('/api/org/calendar?year=1999'),
      await office.get('/api/org/calendar?year=abc'),
    ];
    for (const res of cases) {
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
      expect(res.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    const reversed = await office.get('/api/org/calendar/working-days?from=2026-03-10&to=2026-03-01');
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().error.code).toBe('ORG_CALENDAR_RANGE_REVERSED');
    const weekday = await leader.put('/api/org/calendar/2026-03-04', { kind: 'workday', name: '调休' });
    expect(weekday.statusCode).toBe(400);
    expect(weekday.json().error.code).toBe('ORG_CALENDAR_WEEKDAY_WORKDAY');
    expect(weekday.json().error.details[0].path).toBe('body.kind');
  });
});
