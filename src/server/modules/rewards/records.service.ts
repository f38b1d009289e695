import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import {
  DEFAULT_FLOW_RULES,
  type FlowRules,
  flowClock,
  type Interval,
  overdueBy,
  workingDaysTaken,
} from '../../../analytics/reward-clock.ts';
import type { ResultOf } from '../../../common/api.ts';
import {
  type ApplicationStatus,
  type LinkType,
  REWARD_STEPS,
  type RewardStepName,
  type rewardsApi,
} from '../../../common/contracts/rewards.ts';
import type { Executor } from '../../db/client.ts';
import {
  authUsers,
  orgCadres,
  orgUnits,
  rewardsAlerts,
  rewardsApplicationCadres,
  rewardsApplications,
  rewardsBatches,
  rewardsKinds,
  rewardsLinks,
  rewardsOpinions,
  rewardsSteps,
} from '../../db/schema/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { addDays, localDay } from '../../lib/time.ts';
import { loadCalendar, type WorkingCalendar } from '../org/calendar.service.ts';
import { applicationCan, opinionCan, seesApplication } from './rewards.policy.ts';

/** Loading applications and showing them: their cadres, links, steps, opinions and clocks. */

type Answer<K extends keyof typeof rewardsApi> = ResultOf<(typeof rewardsApi)[K]>;
export type ApplicationRow = typeof rewardsApplications.$inferSelect;
export type StepRow = typeof rewardsSteps.$inferSelect;
export type OpinionRow = typeof rewardsOpinions.$inferSelect;

export const rulesOf = (b: { rules: unknown }): FlowRules => ({
  ...DEFAULT_FLOW_RULES,
  ...(b.rules as Partial<FlowRules>),
});

/** A working-day calendar from `from` to well after today (steps are due at most 30 working days on). */
export async function calendarFrom(ex: Executor, from: string, today: string): Promise<WorkingCalendar> {
  const start = from < today ? from : today;
  return loadCalendar(ex, addDays(start, -1), addDays(today, 120));
}

export async function loadApplication(ex: Executor, id: string, lock = false): Promise<ApplicationRow> {
  const q = ex.select().from(rewardsApplications).where(eq(rewardsApplications.id, id));
  const [a] = lock ? await q.for('update') : await q;
  if (!a) throw notFound('奖励申报');
  return a;
}

export function assertStatus(a: ApplicationRow, ...statuses: ApplicationStatus[]) {
  if (!statuses.includes(a.status as ApplicationStatus)) throw new AppError('REWARDS_WRONG_STEP');
}

/** The open step of an application (the one without an end). */
export async function openStep(ex: Executor, applicationId: string): Promise<StepRow | null> {
  const [s] = await ex
    .select()
    .from(rewardsSteps)
    .where(and(eq(rewardsSteps.applicationId, applicationId), isNull(rewardsSteps.endedAt)));
  return s ?? null;
}

/** A 申报 step after a return (the first one ended with the first submission). */
const backWithUnit = (a: ApplicationRow, s: StepRow) =>
  s.step === 'apply' && !!a.submittedAt && s.endedAt?.getTime() !== a.submittedAt.getTime();

/** The month's clock of an application from its steps (returns count as time with the unit). */
export function clockOf(
  cal: WorkingCalendar,
  a: ApplicationRow,
  rules: FlowRules,
  steps: StepRow[],
  today: string,
) {
  if (!a.submittedAt) return null;
  const returns: Interval[] = steps
    .filter((s) => backWithUnit(a, s))
    .map((s) => ({ from: localDay(s.startedAt), to: s.endedAt ? localDay(s.endedAt) : null }));
  const finished =
    a.awardedAt ?? (a.status === 'rejected' ? steps.find((s) => s.outcome === 'rejected')?.endedAt : null);
  return flowClock(cal, {
    submittedOn: localDay(a.submittedAt),
    today,
    finishedOn: finished ? localDay(finished) : null,
    returns,
    flowMonths: rules.flowMonths,
  });
}

/** Working days spent in each step (申报: only the time back with the unit after a return). */
export function daysByStep(cal: WorkingCalendar, a: ApplicationRow, steps: StepRow[], today: string) {
  const out = Object.fromEntries(REWARD_STEPS.map((s) => [s, 0])) as Record<RewardStepName, number>;
  for (const s of steps) {
    if (s.step === 'apply' && !backWithUnit(a, s)) continue;
    out[s.step as RewardStepName] += workingDaysTaken(
      cal,
      localDay(s.startedAt),
      s.endedAt ? localDay(s.endedAt) : today,
    );
  }
  return out;
}

export const stepOverdue = (cal: WorkingCalendar, s: { dueOn: string | null }, today: string) =>
  s.dueOn ? overdueBy(cal, s.dueOn, today) : 0;

/** The cadres of several applications, by application. */
export async function cadresOf(ex: Executor, ids: string[]) {
  const out = new Map<string, { id: string; name: string }[]>();
  if (!ids.length) return out;
  const rows = await ex
    .select({ applicationId: rewardsApplicationCadres.applicationId, id: orgCadres.id, name: orgCadres.name })
    .from(rewardsApplicationCadres)
    .innerJoin(orgCadres, eq(orgCadres.id, rewardsApplicationCadres.cadreId))
    .where(inArray(rewardsApplicationCadres.applicationId, ids))
    .orderBy(asc(orgCadres.name));
  for (const r of rows)
    out.set(r.applicationId, [...(out.get(r.applicationId) ?? []), { id: r.id, name: r.name }]);
  return out;
}

/** Applications joined with their batch, unit and kind. */
export function applicationRows(ex: Executor) {
  return ex
    .select({
      a: rewardsApplications,
      batchTitle: rewardsBatches.title,
      rules: rewardsBatches.rules,
      unitName: orgUnits.name,
      kindName: rewardsKinds.name,
      collective: rewardsKinds.collective,
    })
    .from(rewardsApplications)
    .innerJoin(rewardsBatches, eq(rewardsBatches.id, rewardsApplications.batchId))
    .innerJoin(orgUnits, eq(orgUnits.id, rewardsApplications.unitId))
    .innerJoin(rewardsKinds, eq(rewardsKinds.code, rewardsApplications.kindCode))
    .$dynamic();
}
export type JoinedRow = Awaited<ReturnType<typeof applicationRows>>[number];

export async function stepsOf(ex: Executor, ids: string[]) {
  const out = new Map<string, StepRow[]>();
  if (!ids.length) return out;
  const rows = await ex
    .select()
    .from(rewardsSteps)
    .where(inArray(rewardsSteps.applicationId, ids))
    .orderBy(asc(rewardsSteps.startedAt));
  for (const r of rows) out.set(r.applicationId, [...(out.get(r.applicationId) ?? []), r]);
  return out;
}

/** A list item: the application, its cadres, its open step's deadline and its month's clock. */
export function listItem(
  cal: WorkingCalendar,
  r: JoinedRow,
  cadres: { id: string; name: string }[],
  steps: StepRow[],
  today: string,
): Answer<'list'>['items'][number] {
  const a = r.a;
  const open = steps.find((s) => !s.endedAt);
  return {
    id: a.id,
    batchId: a.batchId,
    batchTitle: r.batchTitle,
    unitId: a.unitId,
    unitName: r.unitName,
    kindCode: a.kindCode,
    kindName: r.kindName,
    collective: r.collective,
    collectiveName: a.collectiveName,
    deed: a.deed,
    cadres,
    status: a.status as ApplicationStatus,
    submittedAt: a.submittedAt,
    stepDueOn: open?.dueOn ?? null,
    overdueDays: open ? stepOverdue(cal, open, today) : 0,
    clock: clockOf(cal, a, rulesOf(r), steps, today),
  };
}

/** The units asked for an opinion on an application. */
export async function opinionUnits(ex: Executor, applicationId: string): Promise<string[]> {
  const rows = await ex
    .select({ unitId: rewardsOpinions.unitId })
    .from(rewardsOpinions)
    .where(eq(rewardsOpinions.applicationId, applicationId));
  return rows.map((r) => r.unitId);
}

export async function assertSees(ctx: Ctx, ex: Executor, a: ApplicationRow) {
  if (!seesApplication(ctx.actor, a, await opinionUnits(ex, a.id))) throw notFound('奖励申报');
}

/** One opinion as the contract shows it. */
export async function opinionViews(
  ctx: Ctx,
  ex: Executor,
  a: ApplicationRow,
  cal: WorkingCalendar,
  today: string,
) {
  const rows = await ex
    .select({ o: rewardsOpinions, unitName: orgUnits.name, answeredByName: authUsers.displayName })
    .from(rewardsOpinions)
    .innerJoin(orgUnits, eq(orgUnits.id, rewardsOpinions.unitId))
    .leftJoin(authUsers, eq(authUsers.id, rewardsOpinions.answeredBy))
    .where(eq(rewardsOpinions.applicationId, a.id))
    .orderBy(asc(rewardsOpinions.createdAt), asc(orgUnits.name));
  return rows.map(({ o, unitName, answeredByName }) => ({
    id: o.id,
    applicationId: o.applicationId,
    unitId: o.unitId,
    unitName,
    topic: o.topic,
    dueOn: o.dueOn,
    status: o.status as 'pending' | 'agree' | 'disagree',
    opinion: o.opinion,
    onPaper: o.onPaper,
    answeredAt: o.answeredAt,
    answeredByName,
    overdueDays: o.status === 'pending' ? overdueBy(cal, o.dueOn, today) : 0,
    can: opinionCan(ctx.actor, o, a.status),
  }));
}

/** The application in full, as the contract shows it. */
export async function detail(ctx: Ctx, ex: Executor, id: string): Promise<Answer<'get'>> {
  const [r] = await applicationRows(ex).where(eq(rewardsApplications.id, id));
  if (!r) throw notFound('奖励申报');
  const a = r.a;
  const today = localDay(ctx.clock.now());
  const steps = (await stepsOf(ex, [id])).get(id) ?? [];
  const cal = await calendarFrom(ex, a.submittedAt ? localDay(a.submittedAt) : today, today);
  const cadres = (await cadresOf(ex, [id])).get(id) ?? [];
  const links = await ex
    .select({
      recordType: rewardsLinks.recordType,
      recordId: rewardsLinks.recordId,
      label: rewardsLinks.label,
    })
    .from(rewardsLinks)
    .where(eq(rewardsLinks.applicationId, id));
  const alerts = await ex
    .select({ targetId: rewardsAlerts.targetId, kind: rewardsAlerts.kind })
    .from(rewardsAlerts)
    .where(eq(rewardsAlerts.applicationId, id));
  const alerted = (targetId: string, kind: string) =>
    alerts.some((x) => x.targetId === targetId && x.kind === kind);
  const names = await userNames(
    ex,
    steps.map((s) => s.actedBy),
  );
  const units = await unitNames(
    ex,
    steps.map((s) => s.ownerUnitId),
  );
  return {
    ...listItem(cal, r, cadres, steps, today),
    returnReason: a.returnReason,
    documentNo: a.documentNo,
    bonus: a.bonus,
    paidOn: a.paidOn,
    awardedAt: a.awardedAt,
    links: links.map((l) => ({ ...l, recordType: l.recordType as LinkType })),
    steps: steps.map((s) => ({
      id: s.id,
      step: s.step as RewardStepName,
      ownerRole: s.ownerRole,
      ownerUnitName: s.ownerUnitId ? (units.get(s.ownerUnitId) ?? null) : null,
      startedAt: s.startedAt,
      dueOn: s.dueOn,
      endedAt: s.endedAt,
      outcome: s.outcome as 'passed' | 'returned' | 'rejected' | null,
      note: s.note,
      actedByName: s.actedBy ? (names.get(s.actedBy) ?? null) : null,
      workingDays: workingDaysTaken(cal, localDay(s.startedAt), s.endedAt ? localDay(s.endedAt) : today),
      overdueDays: s.endedAt ? 0 : stepOverdue(cal, s, today),
      reminded: alerted(s.id, 'remind'),
      escalated: alerted(s.id, 'escalate'),
    })),
    opinions: await opinionViews(ctx, ex, a, cal, today),
    can: applicationCan(ctx.actor, a),
  };
}

async function userNames(ex: Executor, ids: (string | null)[]) {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  if (!wanted.length) return new Map<string, string>();
  const rows = await ex
    .select({ id: authUsers.id, name: authUsers.displayName })
    .from(authUsers)
    .where(inArray(authUsers.id, wanted));
  return new Map(rows.map((r) => [r.id, r.name]));
}

async function unitNames(ex: Executor, ids: (string | null)[]) {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  if (!wanted.length) return new Map<string, string>();
  const rows = await ex
    .select({ id: orgUnits.id, name: orgUnits.name })
    .from(orgUnits)
    .where(inArray(orgUnits.id, wanted));
  return new Map(rows.map((r) => [r.id, r.name]));
}
