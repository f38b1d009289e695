import { type Cadence, RULE_LABELS, type RuleCode } from '../../../common/contracts/keywork.ts';
import { addDays, dayMs } from '../../lib/time.ts';
import type { WorkingCalendar } from '../org/calendar.service.ts';

/**
 * The plan, the report periods and the trigger rules of key tasks as pure functions over a
 * task's facts, so that the job, the pages and the demo all judge a task the same way.
 */

/** Working days after a period's last day by which its report is due. */
export const REPORT_DUE_WORKING_DAYS: Record<Cadence, number> = { weekly: 2, biweekly: 2, monthly: 5 };

const weekday = (day: string) => new Date(dayMs(day)).getUTCDay();

/** The last days of the report periods of a task from its start to `until` (both included). */
export function periodEnds(cadence: Cadence, startsOn: string, until: string): string[] {
  const out: string[] = [];
  if (cadence === 'monthly') {
    let [y, m] = [Number(startsOn.slice(0, 4)), Number(startsOn.slice(5, 7))];
    for (;;) {
      const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
      const end = addDays(next, -1);
      if (end > until) break;
      out.push(end);
      [y, m] = [Number(next.slice(0, 4)), Number(next.slice(5, 7))];
    }
    return out;
  }
  // Weeks end on Sunday; a two-week period ends on every other Sunday from the first.
  let end = addDays(startsOn, (7 - weekday(startsOn)) % 7);
  const step = cadence === 'weekly' ? 7 : 14;
  for (; end <= until; end = addDays(end, step)) out.push(end);
  return out;
}

/** The period a day falls in: the first period end on or after it. */
export function periodOf(cadence: Cadence, startsOn: string, day: string): string {
  const ends = periodEnds(cadence, startsOn, addDays(day, 62));
  return ends.find((e) => e >= day) ?? ends[ends.length - 1]!;
}

/** Days in a report period: 7, 14, or the month's days. */
function periodStart(cadence: Cadence, end: string): string {
  if (cadence === 'monthly') return `${end.slice(0, 8)}01`;
  return addDays(end, cadence === 'weekly' ? -6 : -13);
}

/**
 * Whether the period ending `end` is the task's first and began before the task did: a partial
 * first period is reported if the cadre chooses to, but never counts as a missed report.
 */
export function isPartialFirst(t: { cadence: Cadence; startsOn: string }, end: string): boolean {
  return periodStart(t.cadence, end) < t.startsOn && end === periodEnds(t.cadence, t.startsOn, end)[0];
}

export function reportDue(cal: WorkingCalendar, cadence: Cadence, periodEnd: string): string {
  return cal.addWorkingDays(periodEnd, REPORT_DUE_WORKING_DAYS[cadence]);
}

export interface ReportPeriod {
  /** 第 N 期, counted from the task's start. */
  n: number;
  periodEnd: string;
  dueOn: string;
  /** waived: a partial first period left unreported past its due day (never missed, no longer asked). */
  status: 'reported' | 'missed' | 'waived' | 'open';
}

/**
 * The report periods of a task from its start to the one `today` falls in (not beyond its due
 * date): reported, missed (its due day has passed unreported), waived (a partial first period
 * whose due day has passed: not missed, and no longer asked for) or open (still to be reported).
 */
export function reportPeriods(
  cal: WorkingCalendar,
  t: { cadence: Cadence; startsOn: string; dueOn: string },
  reported: ReadonlySet<string>,
  today: string,
): ReportPeriod[] {
  const until = t.dueOn < today ? t.dueOn : today;
  const last = periodOf(t.cadence, t.startsOn, until);
  return periodEnds(t.cadence, t.startsOn, last).map((end, i) => {
    const due = reportDue(cal, t.cadence, end);
    return {
      n: i + 1,
      periodEnd: end,
      dueOn: due,
      status: reported.has(end)
        ? 'reported'
        : due >= today
          ? 'open'
          : isPartialFirst(t, end)
            ? 'waived'
            : 'missed',
    };
  });
}

export interface PlanPoint {
  on: string;
  progress: number;
}

/**
 * The baseline plan's cumulative progress on a day: straight lines from 0 at the start through
 * each milestone's baseline date and planned progress, flat after the last.
 */
export function plannedAt(startsOn: string, points: PlanPoint[], day: string): number {
  const pts = [{ on: startsOn, progress: 0 }, ...[...points].sort((a, b) => a.on.localeCompare(b.on))];
  if (day <= startsOn) return 0;
  for (let i = 1; i < pts.length; i++) {
    const [a, b] = [pts[i - 1]!, pts[i]!];
    if (day <= b.on) {
      const span = dayMs(b.on) - dayMs(a.on);
      const share = span <= 0 ? 1 : (dayMs(day) - dayMs(a.on)) / span;
      return Math.round((a.progress + (b.progress - a.progress) * share) * 10) / 10;
    }
  }
  return pts[pts.length - 1]!.progress;
}

export interface TaskFacts {
  id: string;
  title: string;
  cadence: Cadence;
  startsOn: string;
  dueOn: string;
  milestones: {
    id: string;
    title: string;
    plannedOn: string;
    doneOn: string | null;
    /** Days of each change of the planned date, oldest first. */
    slipDays: string[];
  }[];
  /** Oldest first. */
  reports: {
    id: string;
    periodEnd: string;
    progress: number;
    plannedProgress: number;
    submittedOn: string;
  }[];
  requests: { id: string; toUnitId: string; toUnitName: string; dueOn: string; answeredOn: string | null }[];
}

export interface RuleSetting {
  id: string;
  code: RuleCode;
  version: number;
  threshold: number;
  inspectionDays: number;
  enabled: boolean;
}

export interface Hit {
  code: RuleCode;
  /** What was found, unique within the task and rule (the idempotency key with the version). */
  key: string;
  /** The day the condition first held. */
  on: string;
  message: string;
  detail: Record<string, unknown>;
}

/** Every hit the enabled rules find on a task as of `today`. */
export function findHits(t: TaskFacts, rules: RuleSetting[], cal: WorkingCalendar, today: string): Hit[] {
  const out: Hit[] = [];
  const rule = (code: RuleCode) => rules.find((r) => r.code === code && r.enabled);
  const label = (code: RuleCode) => RULE_LABELS[code];

  const lag = rule('lag');
  if (lag) {
    // One hit per run of reports behind plan: the run is keyed by its first report.
    let runStart: TaskFacts['reports'][number] | null = null;
    for (const r of t.reports) {
      const gap = Math.round((r.plannedProgress - r.progress) * 10) / 10;
      if (gap > lag.threshold) {
        if (!runStart) {
          runStart = r;
          out.push({
            code: 'lag',
            key: `lag:${r.id}`,
            on: r.submittedOn,
            message: `${label('lag')}：截至 ${r.periodEnd} 累计进度 ${r.progress}%，计划 ${r.plannedProgress}%，落后 ${gap} 个百分点`,
            detail: {
              reportId: r.id,
              periodEnd: r.periodEnd,
              progress: r.progress,
              planned: r.plannedProgress,
              gap,
            },
          });
        }
      } else runStart = null;
    }
  }

  const overdue = rule('milestone_overdue');
  if (overdue) {
    for (const m of t.milestones) {
      if (m.doneOn && m.doneOn <= m.plannedOn) continue;
      // Not yet due: nothing to judge (and the calendar need not reach that far).
      if (m.plannedOn >= today) continue;
      // Overdue from the day after a grace period of `threshold` working days after the planned date.
      const from = addDays(cal.addWorkingDays(m.plannedOn, Math.floor(overdue.threshold)), 1);
      if ((m.doneOn ?? today) < from || today < from) continue;
      out.push({
        code: 'milestone_overdue',
        key: `overdue:${m.id}:${m.plannedOn}`,
        on: from,
        message: `${label('milestone_overdue')}：节点“${m.title}”计划 ${m.plannedOn} 完成，至 ${from} 仍未完成`,
        detail: { milestoneId: m.id, plannedOn: m.plannedOn },
      });
    }
  }

  const missed = rule('missed_reports');
  if (missed) {
    const reported = new Set(t.reports.map((r) => r.periodEnd));
    const need = Math.max(1, Math.floor(missed.threshold));
    let run: { end: string; due: string }[] = [];
    const last = t.dueOn < today ? t.dueOn : today;
    for (const end of periodEnds(t.cadence, t.startsOn, last)) {
      const due = reportDue(cal, t.cadence, end);
      if (due >= today) break;
      if (reported.has(end) || isPartialFirst(t, end)) {
        run = [];
        continue;
      }
      run.push({ end, due });
      if (run.length === need) {
        out.push({
          code: 'missed_reports',
          key: `missed:${run[0]!.end}`,
          on: addDays(due, 1),
          message: `${label('missed_reports')}：${run.map((p) => `截至 ${p.end} 的进度（${p.due} 前报送）`).join('、')}均未报送`,
          detail: { periods: run },
        });
      }
    }
  }

  const slips = rule('repeated_slips');
  if (slips) {
    const need = Math.max(1, Math.floor(slips.threshold));
    for (const m of t.milestones) {
      if (m.slipDays.length < need) continue;
      out.push({
        code: 'repeated_slips',
        key: `slips:${m.id}`,
        on: m.slipDays[need - 1]!,
        message: `${label('repeated_slips')}：节点“${m.title}”已推迟 ${m.slipDays.length} 次，现计划 ${m.plannedOn}`,
        detail: { milestoneId: m.id, slips: m.slipDays.length },
      });
    }
  }

  const coord = rule('coordination_unanswered');
  if (coord) {
    for (const q of t.requests) {
      const from = addDays(q.dueOn, Math.floor(coord.threshold) + 1);
      if ((q.answeredOn ?? today) < from || today < from) continue;
      out.push({
        code: 'coordination_unanswered',
        key: `coord:${q.id}`,
        on: from,
        message: `${label('coordination_unanswered')}：${q.toUnitName} 应于 ${q.dueOn} 前答复协调事项${q.answeredOn ? `，${q.answeredOn} 才答复` : '，至今未答复'}`,
        detail: { requestId: q.id, unitId: q.toUnitId, dueOn: q.dueOn, answeredOn: q.answeredOn },
      });
    }
  }
  return out;
}

/** The rules in force before anyone changes them. */
export const DEFAULT_RULES: Record<RuleCode, { threshold: number; inspectionDays: number }> = {
  lag: { threshold: 10, inspectionDays: 10 },
  milestone_overdue: { threshold: 0, inspectionDays: 10 },
  missed_reports: { threshold: 2, inspectionDays: 10 },
  repeated_slips: { threshold: 2, inspectionDays: 10 },
  coordination_unanswered: { threshold: 0, inspectionDays: 5 },
};
