import { describe, expect, it } from 'vitest';
import { ManualClock } from '../server/lib/clock.ts';
import { localDay } from '../server/lib/time.ts';
import { CALENDAR_SEED } from '../server/modules/org/calendar.data.ts';
import { WorkingCalendar } from '../server/modules/org/calendar.service.ts';
import {
  addMonths,
  DEFAULT_FLOW_RULES,
  flowClock,
  overdueBy,
  stepDueOn,
  workingDaysTaken,
} from './reward-clock.ts';

// The platform's own 2026 calendar: National Day 10-01..07 off, Sunday 09-20 and Saturday 10-10 worked.
const cal = new WorkingCalendar(CALENDAR_SEED.filter((r) => r.day.startsWith('2026')));
const DAY = 86_400_000;

describe('step deadlines in working days', () => {
  it('skips weekends and the National Day holiday, and counts the 调休 Saturday', () => {
    // Submitted on Tuesday 09-29: 09-30 (Wed), then 10-08 (Thu), 10-09 (Fri), 10-10 (Sat, worked), 10-12 (Mon).
    expect(stepDueOn(cal, '2026-09-29', 5)).toBe('2026-10-12');
    // An ordinary week: Monday + 5 working days is the next Monday.
    expect(stepDueOn(cal, '2026-06-01', 5)).toBe('2026-06-08');
  });

  it('counts the working days a step took, day after day of a fake clock', () => {
    const clock = new ManualClock('2026-09-29T02:00:00Z');
    const startedOn = localDay(clock.now());
    const seen: number[] = [];
    for (let i = 0; i < 14; i++) {
      clock.advance(DAY);
      seen.push(workingDaysTaken(cal, startedOn, localDay(clock.now())));
    }
    // 09-30 worked; 10-01..07 holiday; 10-08, 09, 10 worked; 10-11 Sunday; 10-12, 13 worked.
    expect(seen).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 2, 3, 4, 4, 5, 6]);
    expect(workingDaysTaken(cal, startedOn, startedOn)).toBe(0);
  });

  it('is overdue only after the last day, by working days', () => {
    expect(overdueBy(cal, '2026-09-30', '2026-09-30')).toBe(0);
    expect(overdueBy(cal, '2026-09-30', '2026-10-07')).toBe(0);
    expect(overdueBy(cal, '2026-09-30', '2026-10-09')).toBe(2);
  });
});

describe('the month of the whole flow', () => {
  it('runs from the submission, also while the application is back with the unit', () => {
    const clock = new ManualClock('2026-09-14T02:00:00Z');
    const submittedOn = localDay(clock.now());
    clock.advance(10 * DAY); // 09-24: returned to the unit
    const returnedOn = localDay(clock.now());
    clock.advance(16 * DAY); // 10-10: back from the unit
    const back = localDay(clock.now());
    clock.advance(3 * DAY); // 10-13
    const c = flowClock(cal, {
      submittedOn,
      today: localDay(clock.now()),
      finishedOn: null,
      returns: [{ from: returnedOn, to: back }],
      flowMonths: DEFAULT_FLOW_RULES.flowMonths,
    });
    expect(c.dueOn).toBe('2026-10-14');
    expect(c.elapsedDays).toBe(29);
    expect(c.remainingDays).toBe(1);
    expect(c.overdue).toBe(false);
    // With the unit 09-25 .. 10-10: 09-25 is 中秋节, so 09-28, 29, 30 and 10-08, 09, 10 (the 调休 Saturday).
    expect(c.withUnitWorkingDays).toBe(6);
    clock.advance(2 * DAY);
    const late = flowClock(cal, {
      submittedOn,
      today: localDay(clock.now()),
      finishedOn: null,
      returns: [{ from: returnedOn, to: back }],
      flowMonths: 1,
    });
    expect(late.overdue).toBe(true);
    expect(late.remainingDays).toBe(-1);
  });

  it('is configurable and ends at the end of a short month', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-11-15', 2)).toBe('2027-01-15');
    const c = flowClock(cal, {
      submittedOn: '2026-03-02',
      today: '2026-05-01',
      finishedOn: '2026-04-20',
      returns: [{ from: '2026-03-10', to: null }],
      flowMonths: 2,
    });
    expect(c.dueOn).toBe('2026-05-02');
    expect(c.elapsedDays).toBe(49);
    expect(c.overdue).toBe(false);
    // Still with the unit: counted to the end of the flow (03-11 .. 04-20 working days).
    expect(c.withUnitWorkingDays).toBe(cal.workingDaysBetween('2026-03-11', '2026-04-20'));
  });
});
