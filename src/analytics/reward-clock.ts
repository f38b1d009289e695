/**
 * 一事一奖 clocks: each step's deadline in working days, and the month the whole flow
 * (申报—审核—审批—兑现) must fit in, counted from the unit's submission. A returned application's
 * month keeps running; the days it sat with the unit are counted apart. Pure: the working-day
 * calendar comes in as an argument.
 */

/** What the clock needs of a working-day calendar (org's WorkingCalendar has it). */
export interface WorkingDays {
  isWorkingDay(day: string): boolean;
  addWorkingDays(from: string, n: number): string;
  workingDaysBetween(from: string, to: string): number;
}

export const REWARD_STEPS = ['apply', 'review', 'approve', 'award'] as const;
export type RewardStep = (typeof REWARD_STEPS)[number];

/** Working days each step may take, and each 会签 opinion; the flow's length in months. */
export interface FlowRules {
  flowMonths: number;
  stepDays: Record<Exclude<RewardStep, 'apply'>, number>;
  opinionDays: number;
  /** Working days past a deadline before the leader is told. */
  escalateAfterDays: number;
}

export const DEFAULT_FLOW_RULES: FlowRules = {
  flowMonths: 1,
  stepDays: { review: 8, approve: 5, award: 5 },
  opinionDays: 5,
  escalateAfterDays: 2,
};

const DAY_MS = 86_400_000;
const msOf = (day: string) => Date.parse(`${day}T00:00:00Z`);
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The same day `months` calendar months later (the month's last day when it has no such day). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return dayOf(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(d, last)));
}

/** Calendar days from one day to another (0 on the same day, negative when `to` is earlier). */
export const calendarDaysBetween = (from: string, to: string) => Math.round((msOf(to) - msOf(from)) / DAY_MS);

/** The last day of a step begun on `startedOn` with `workingDays` working days to do it. */
export function stepDueOn(cal: WorkingDays, startedOn: string, workingDays: number): string {
  return cal.addWorkingDays(startedOn, workingDays);
}

/**
 * Working days a step has taken: the working days after the day it began, up to the day it ended
 * (or today). A step begun and ended on one day took 0.
 */
export function workingDaysTaken(cal: WorkingDays, startedOn: string, endedOn: string): number {
  if (endedOn <= startedOn) return 0;
  return cal.workingDaysBetween(dayOf(msOf(startedOn) + DAY_MS), endedOn);
}

/** Whether a step due on `dueOn` and not done is overdue on `today`, and by how many working days. */
export function overdueBy(cal: WorkingDays, dueOn: string, today: string): number {
  return today > dueOn ? cal.workingDaysBetween(dayOf(msOf(dueOn) + DAY_MS), today) : 0;
}

export interface Interval {
  from: string;
  /** null: still running. */
  to: string | null;
}

export interface FlowClock {
  submittedOn: string;
  dueOn: string;
  /** Calendar days since submission (to the award, or today). */
  elapsedDays: number;
  /** Calendar days left until the month ends; negative when it has passed. */
  remainingDays: number;
  /** Working days the application sat with the unit after being returned. */
  withUnitWorkingDays: number;
  overdue: boolean;
}

/**
 * The month's clock of one application: it starts at the first submission and keeps running
 * while the application is back with the unit, which is shown apart as `withUnitWorkingDays`.
 */
export function flowClock(
  cal: WorkingDays,
  o: {
    submittedOn: string;
    today: string;
    finishedOn: string | null;
    returns: Interval[];
    flowMonths: number;
  },
): FlowClock {
  const dueOn = addMonths(o.submittedOn, o.flowMonths);
  const end = o.finishedOn ?? o.today;
  const withUnit = o.returns.reduce((s, r) => s + workingDaysTaken(cal, r.from, r.to ?? end), 0);
  return {
    submittedOn: o.submittedOn,
    dueOn,
    elapsedDays: Math.max(0, calendarDaysBetween(o.submittedOn, end)),
    remainingDays: calendarDaysBetween(end, dueOn),
    withUnitWorkingDays: withUnit,
    overdue: end > dueOn,
  };
}
