import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../org/calendar.service.ts';
import {
  findHits,
  isPartialFirst,
  type RuleSetting,
  reportPeriods,
  type TaskFacts,
} from './keywork.rules.ts';

// 2026-10-01 to 10-07: National Day holiday; 10-10 (a Saturday) a make-up working day.
const cal = new WorkingCalendar([
  ...['01', '02', '03', '04', '05', '06', '07'].map((d) => ({
    day: `2026-10-${d}`,
    kind: 'holiday' as const,
  })),
  { day: '2026-10-10', kind: 'workday' as const },
]);

const rule = (code: RuleSetting['code'], threshold: number): RuleSetting =>
  ({ id: code, code, enabled: true, threshold, inspectionDays: 10 }) as RuleSetting;

function task(over: Partial<TaskFacts>): TaskFacts {
  return {
    id: 't',
    title: '重点任务',
    cadence: 'monthly',
    startsOn: '2026-06-01',
    dueOn: '2026-12-31',
    milestones: [],
    reports: [],
    requests: [],
    ...over,
  };
}

describe('key-task triggers', () => {
  it('counts a milestone overdue only after its grace period in working days', () => {
    const t = task({
      milestones: [{ id: 'm', title: '完成设备安装', plannedOn: '2026-09-30', doneOn: null, slipDays: [] }],
    });
    // 3 working days after 09-30, across the holiday: 10-08, 10-09, 10-10 (make-up Saturday).
    expect(findHits(t, [rule('milestone_overdue', 3)], cal, '2026-10-10')).toEqual([]);
    const hits = findHits(t, [rule('milestone_overdue', 3)], cal, '2026-10-11');
    expect(hits.map((h) => [h.code, h.on])).toEqual([['milestone_overdue', '2026-10-11']]);
    // Done within the grace period: no hit.
    const done = task({
      milestones: [
        { id: 'm', title: '完成设备安装', plannedOn: '2026-09-30', doneOn: '2026-10-09', slipDays: [] },
      ],
    });
    expect(findHits(done, [rule('milestone_overdue', 3)], cal, '2026-10-20')).toEqual([]);
  });

  it('does not count a partial first reporting period as a missed report', () => {
    const late = task({ startsOn: '2026-06-20' });
    expect(isPartialFirst(late, '2026-06-30')).toBe(true);
    expect(isPartialFirst(late, '2026-07-31')).toBe(false);
    expect(isPartialFirst(task({}), '2026-06-30')).toBe(false);
    // June (partial) and July unreported by 08-20: only one full period missed, below 2.
    expect(findHits(late, [rule('missed_reports', 2)], cal, '2026-08-20')).toEqual([]);
    // The partial June is waived once its due day passes: not missed, and no longer asked for.
    expect(reportPeriods(cal, late, new Set(), '2026-08-20').map((p) => p.status)).toEqual([
      'waived',
      'missed',
      'open',
    ]);
    expect(reportPeriods(cal, late, new Set(), '2026-07-01').map((p) => p.status)).toEqual(['open', 'open']);
    // A task that started on the 1st misses June and July.
    const full = findHits(task({}), [rule('missed_reports', 2)], cal, '2026-08-20');
    expect(full.map((h) => h.key)).toEqual(['missed:2026-06-30']);
    // Weekly: a task starting on a Wednesday has a partial first week.
    expect(isPartialFirst({ cadence: 'weekly', startsOn: '2026-06-03' }, '2026-06-07')).toBe(true);
    expect(isPartialFirst({ cadence: 'weekly', startsOn: '2026-06-01' }, '2026-06-07')).toBe(false);
  });
});
