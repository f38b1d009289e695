import { and, eq, inArray, isNotNull, isNull, lt } from 'drizzle-orm';
import type { FlowRules, WorkingDays } from '../../../analytics/reward-clock.ts';
import { overdueBy } from '../../../analytics/reward-clock.ts';
import { type RewardStepName, STEP_LABELS } from '../../../common/contracts/rewards.ts';
import type { Role } from '../../../common/roles.ts';
import type { Tx } from '../../db/client.ts';
import {
  orgUnits,
  rewardsAlerts,
  rewardsApplications,
  rewardsBatches,
  rewardsOpinions,
  rewardsSteps,
} from '../../db/schema/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { endOfLocalDay, localDay } from '../../lib/time.ts';
import { defineJob, defineRecurringJob, enqueue } from '../system/jobs.service.ts';
import { addTodo, addTodoForLeaders } from '../todo/todo.service.ts';
import { calendarFrom, rulesOf } from './records.service.ts';

/**
 * Overdue steps and 会签 opinions: once past its last day, a reminder on its owner's to-do list;
 * `escalateAfterDays` working days later, an escalation on the leaders' list. Each is kept as a
 * row of rewards_alerts (one per target and kind), so neither comes twice, whatever the reruns
 * of the jobs and the restarts of the server. A job on the job table waits for each deadline;
 * an hourly sweep catches anything whose job was never scheduled.
 */

export type Target = { targetType: 'step' | 'opinion'; targetId: string };
export type AlertKind = 'remind' | 'escalate';

const JOB = 'rewards.deadline';
const after = (day: string) => new Date(endOfLocalDay(day).getTime() + 1);

/** The jobs that remind and escalate a target at its deadline, in the caller's transaction. */
export async function scheduleDeadline(
  tx: Tx,
  cal: WorkingDays,
  rules: FlowRules,
  t: Target & { dueOn: string },
): Promise<void> {
  const escalateOn = cal.addWorkingDays(t.dueOn, rules.escalateAfterDays);
  for (const [kind, day] of [
    ['remind', t.dueOn],
    ['escalate', escalateOn],
  ] as const) {
    await enqueue(tx, {
      kind: JOB,
      payload: { targetType: t.targetType, targetId: t.targetId, kind },
      runAt: after(day),
      uniqueKey: `${JOB}:${kind}:${t.targetId}`,
    });
  }
}

/** What an overdue target is: its application, last day, owner and wording. */
async function describe(tx: Tx, t: Target) {
  if (t.targetType === 'step') {
    const [r] = await tx
      .select({
        s: rewardsSteps,
        a: rewardsApplications,
        rules: rewardsBatches.rules,
        unitName: orgUnits.name,
      })
      .from(rewardsSteps)
      .innerJoin(rewardsApplications, eq(rewardsApplications.id, rewardsSteps.applicationId))
      .innerJoin(rewardsBatches, eq(rewardsBatches.id, rewardsApplications.batchId))
      .innerJoin(orgUnits, eq(orgUnits.id, rewardsApplications.unitId))
      .where(eq(rewardsSteps.id, t.targetId));
    if (!r || r.s.endedAt || !r.s.dueOn) return null;
    return {
      a: r.a,
      rules: rulesOf(r),
      dueOn: r.s.dueOn,
      what: `${STEP_LABELS[r.s.step as RewardStepName]}：${r.unitName}奖励申报“${r.a.deed.slice(0, 18)}”`,
      owner: { assigneeRole: r.s.ownerRole as Role, assigneeUnitId: r.s.ownerUnitId },
    };
  }
  const [r] = await tx
    .select({
      o: rewardsOpinions,
      a: rewardsApplications,
      rules: rewardsBatches.rules,
      unitName: orgUnits.name,
    })
    .from(rewardsOpinions)
    .innerJoin(rewardsApplications, eq(rewardsApplications.id, rewardsOpinions.applicationId))
    .innerJoin(rewardsBatches, eq(rewardsBatches.id, rewardsApplications.batchId))
    .innerJoin(orgUnits, eq(orgUnits.id, rewardsOpinions.unitId))
    .where(eq(rewardsOpinions.id, t.targetId));
  if (r?.o.status !== 'pending' || r.a.status !== 'review') return null;
  return {
    a: r.a,
    rules: rulesOf(r),
    dueOn: r.o.dueOn,
    what: `会签${r.o.topic}（${r.unitName}）：奖励申报“${r.a.deed.slice(0, 18)}”`,
    owner: { assigneeRole: 'unit_admin' as Role, assigneeUnitId: r.o.unitId },
  };
}

/** Reminds or escalates one target if it is that far past its deadline and was not yet. */
export async function alertTarget(ctx: Ctx, tx: Tx, t: Target, kind: AlertKind): Promise<boolean> {
  const d = await describe(tx, t);
  if (!d) return false;
  const today = localDay(ctx.clock.now());
  const cal = await calendarFrom(tx, d.dueOn, today);
  const late = overdueBy(cal, d.dueOn, today);
  if (today <= d.dueOn || (kind === 'escalate' && late <= d.rules.escalateAfterDays)) return false;
  const [alert] = await tx
    .insert(rewardsAlerts)
    .values({
      applicationId: d.a.id,
      targetType: t.targetType,
      targetId: t.targetId,
      kind,
      dueOn: d.dueOn,
      createdAt: ctx.clock.now(),
    })
    .onConflictDoNothing()
    .returning();
  if (!alert) return false;
  const todo = {
    module: 'rewards',
    kind: kind === 'remind' ? 'overdue' : 'escalation',
    title:
      kind === 'remind'
        ? `【已超期】${d.what}，应于 ${d.dueOn} 前办结`
        : `【超期督办】${d.what}，已超期 ${late} 个工作日（应于 ${d.dueOn} 前办结）`,
    link: `/rewards/applications/${d.a.id}`,
    recordType: t.targetType === 'step' ? 'rewards_step' : 'rewards_opinion',
    recordId: t.targetId,
    sourceKey: `rewards.${kind}:${t.targetId}`,
  };
  // The reminder goes to whom the step waits on: a leader's step (审批) to the leader of the
  // applying unit's liaison group, as its own to-do; the escalation to every leader.
  const todoId =
    kind === 'escalate'
      ? await addTodo(ctx, tx, { ...todo, assigneeRole: 'org_leader' })
      : d.owner.assigneeRole === 'org_leader'
        ? ((await addTodoForLeaders(ctx, tx, d.a.unitId, todo))[0] ?? null)
        : await addTodo(ctx, tx, { ...todo, ...d.owner });
  await tx.update(rewardsAlerts).set({ todoId }).where(eq(rewardsAlerts.id, alert.id));
  return true;
}

/** Every open step and pending opinion past its last day, reminded and escalated as due. */
export async function sweepOverdue(ctx: Ctx, tx: Tx): Promise<number> {
  const today = localDay(ctx.clock.now());
  const steps = await tx
    .select({ id: rewardsSteps.id })
    .from(rewardsSteps)
    .where(and(isNull(rewardsSteps.endedAt), isNotNull(rewardsSteps.dueOn), lt(rewardsSteps.dueOn, today)));
  const opinions = await tx
    .select({ id: rewardsOpinions.id })
    .from(rewardsOpinions)
    .innerJoin(rewardsApplications, eq(rewardsApplications.id, rewardsOpinions.applicationId))
    .where(
      and(
        eq(rewardsOpinions.status, 'pending'),
        inArray(rewardsApplications.status, ['review']),
        lt(rewardsOpinions.dueOn, today),
      ),
    );
  let n = 0;
  const targets: Target[] = [
    ...steps.map((s) => ({ targetType: 'step' as const, targetId: s.id })),
    ...opinions.map((o) => ({ targetType: 'opinion' as const, targetId: o.id })),
  ];
  for (const t of targets) {
    if (await alertTarget(ctx, tx, t, 'remind')) n += 1;
    if (await alertTarget(ctx, tx, t, 'escalate')) n += 1;
  }
  return n;
}

defineJob(JOB, async (payload, { ctx, tx }) => {
  const t = { targetType: payload.targetType as Target['targetType'], targetId: String(payload.targetId) };
  const kind = payload.kind as AlertKind;
  // Never escalate before reminding, even if the reminder's job has not run yet.
  if (kind === 'escalate') await alertTarget(ctx, tx, t, 'remind');
  const done = await alertTarget(ctx, tx, t, kind);
  return { result: { alerted: done } };
});

defineRecurringJob('rewards.overdue', 3_600_000, async (_p, { ctx, tx }) => ({
  result: { alerts: await sweepOverdue(ctx, tx) },
}));
