import { and, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import { stepDueOn } from '../../../analytics/reward-clock.ts';
import {
  type ApproveBody,
  type AwardBody,
  type OpinionAnswerBody,
  type OpinionRequestBody,
  type PaperOpinionBody,
  type ReviewBody,
  STEP_LABELS,
} from '../../../common/contracts/rewards.ts';
import type { Role } from '../../../common/roles.ts';
import type { Tx } from '../../db/client.ts';
import {
  evidenceFiles,
  orgUnits,
  rewardsApplicationCadres,
  rewardsApplications,
  rewardsBatches,
  rewardsKinds,
  rewardsOpinions,
  rewardsSteps,
} from '../../db/schema/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { AppError, forbidden, notFound } from '../../lib/errors.ts';
import { endOfLocalDay, localDay } from '../../lib/time.ts';
import { write } from '../../lib/tx.ts';
import { addTimelineEvents } from '../org/timeline.service.ts';
import { addTodo, addTodoForLeaders, completeTodosOf } from '../todo/todo.service.ts';
import { scheduleDeadline } from './alerts.service.ts';
import {
  type ApplicationRow,
  assertSees,
  assertStatus,
  calendarFrom,
  detail,
  loadApplication,
  openStep,
  opinionViews,
  rulesOf,
} from './records.service.ts';
import { adminUnits, ownsApplication } from './rewards.policy.ts';

/**
 * The steps after submission: 审核 with its 会签 opinions, 审批, 兑现. Each step has an owner, a
 * deadline in working days, a to-do on the owner's list and jobs that remind and escalate it
 * once it is overdue. Returning goes back to the unit; the month's clock keeps running.
 */

export const STEP_OWNER: Record<'review' | 'approve' | 'award', Role> = {
  review: 'assessment_officer',
  approve: 'org_leader',
  award: 'assessment_officer',
};

export const STEP_RECORD = 'rewards_step';
export const OPINION_RECORD = 'rewards_opinion';

const short = (deed: string) => (deed.length > 18 ? `${deed.slice(0, 18)}…` : deed);

export async function unitName(tx: Tx, unitId: string) {
  const [u] = await tx.select({ name: orgUnits.name }).from(orgUnits).where(eq(orgUnits.id, unitId));
  return u?.name ?? '';
}

async function rulesFor(tx: Tx, a: ApplicationRow) {
  const [b] = await tx.select().from(rewardsBatches).where(eq(rewardsBatches.id, a.batchId));
  return rulesOf(b!);
}

/** Opens a step after the one just ended: its owner's to-do and its deadline jobs. */
export async function startStep(ctx: Ctx, tx: Tx, a: ApplicationRow, step: 'review' | 'approve' | 'award') {
  const now = ctx.clock.now();
  const today = localDay(now);
  const rules = await rulesFor(tx, a);
  const cal = await calendarFrom(tx, today, today);
  const dueOn = stepDueOn(cal, today, rules.stepDays[step]);
  const [s] = await tx
    .insert(rewardsSteps)
    .values({ applicationId: a.id, step, ownerRole: STEP_OWNER[step], startedAt: now, dueOn })
    .returning();
  const todo = {
    module: 'rewards',
    kind: step,
    title: `${STEP_LABELS[step]}奖励申报：${await unitName(tx, a.unitId)}“${short(a.deed)}”`,
    link: `/rewards/applications/${a.id}`,
    recordType: STEP_RECORD,
    recordId: s!.id,
    dueAt: endOfLocalDay(dueOn),
    sourceKey: `rewards.step:${s!.id}`,
  };
  // 审批 waits on a leader: the leader of the applying unit's liaison group.
  if (STEP_OWNER[step] === 'org_leader') await addTodoForLeaders(ctx, tx, a.unitId, todo);
  else await addTodo(ctx, tx, { ...todo, assigneeRole: STEP_OWNER[step] });
  await scheduleDeadline(tx, cal, rules, { targetType: 'step', targetId: s!.id, dueOn });
}

async function endStep(
  ctx: Ctx,
  tx: Tx,
  a: ApplicationRow,
  outcome: 'passed' | 'returned' | 'rejected',
  note: string | null,
) {
  const s = await openStep(tx, a.id);
  if (!s) throw new AppError('REWARDS_WRONG_STEP');
  await tx
    .update(rewardsSteps)
    .set({ endedAt: ctx.clock.now(), outcome, note, actedBy: ctx.actor?.userId })
    .where(eq(rewardsSteps.id, s.id));
  await completeTodosOf(ctx, tx, { recordType: STEP_RECORD, recordId: s.id });
}

/** Back to the unit with the reasons: a 申报 step of the unit without a deadline of its own. */
async function returnToUnit(ctx: Ctx, tx: Tx, a: ApplicationRow, reason: string) {
  await endStep(ctx, tx, a, 'returned', reason);
  await tx
    .update(rewardsApplications)
    .set({ status: 'returned', returnReason: reason })
    .where(eq(rewardsApplications.id, a.id));
  const [s] = await tx
    .insert(rewardsSteps)
    .values({
      applicationId: a.id,
      step: 'apply',
      ownerRole: 'unit_admin',
      ownerUnitId: a.unitId,
      startedAt: ctx.clock.now(),
    })
    .returning();
  await addTodo(ctx, tx, {
    module: 'rewards',
    kind: 'returned',
    title: `奖励申报被退回，请修改后重新提交：“${short(a.deed)}”（${reason}）`,
    link: `/rewards/applications/${a.id}`,
    recordType: STEP_RECORD,
    recordId: s!.id,
    assigneeRole: 'unit_admin',
    assigneeUnitId: a.unitId,
  });
}

/** Refuses a judge who speaks for the applying unit. */
function assertNotOwn(ctx: Ctx, a: ApplicationRow) {
  if (ownsApplication(ctx.actor, a)) throw new AppError('REWARDS_OWN_APPLICATION');
}

export async function requestOpinions(ctx: Ctx, id: string, body: z.infer<typeof OpinionRequestBody>) {
  return write(ctx, async (tx, audit) => {
    const a = await loadApplication(tx, id, true);
    assertStatus(a, 'review');
    assertNotOwn(ctx, a);
    if (body.requests.some((r) => r.unitId === a.unitId)) {
      const message = '不能请申报单位自己会签';
      throw new AppError('REWARDS_OWN_APPLICATION', message, [{ path: 'body.requests', message }]);
    }
    const step = (await openStep(tx, id))!;
    const rules = await rulesFor(tx, a);
    const today = localDay(ctx.clock.now());
    const cal = await calendarFrom(tx, today, today);
    const dueOn = stepDueOn(cal, today, rules.opinionDays);
    const units = await tx
      .select({ id: orgUnits.id, name: orgUnits.name })
      .from(orgUnits)
      .where(
        inArray(
          orgUnits.id,
          body.requests.map((r) => r.unitId),
        ),
      );
    for (const r of body.requests) {
      const unit = units.find((u) => u.id === r.unitId);
      if (!unit) throw new AppError('REFERENCE_INVALID', '会签部门不存在');
      const [o] = await tx
        .insert(rewardsOpinions)
        .values({
          applicationId: id,
          stepId: step.id,
          unitId: r.unitId,
          topic: r.topic,
          dueOn,
          createdAt: ctx.clock.now(),
          createdBy: ctx.actor?.userId,
        })
        .onConflictDoNothing()
        .returning();
      if (!o) continue;
      await addTodo(ctx, tx, {
        module: 'rewards',
        kind: 'opinion',
        title: `会签${r.topic}：${await unitName(tx, a.unitId)}奖励申报“${short(a.deed)}”`,
        link: `/rewards/applications/${id}`,
        recordType: OPINION_RECORD,
        recordId: o.id,
        assigneeRole: 'unit_admin',
        assigneeUnitId: r.unitId,
        dueAt: endOfLocalDay(dueOn),
        sourceKey: `rewards.opinion:${o.id}`,
      });
      await scheduleDeadline(tx, cal, rules, { targetType: 'opinion', targetId: o.id, dueOn });
      audit({ action: 'rewards.opinion.request', objectType: 'rewards_opinion', objectId: o.id });
    }
    return detail(ctx, tx, id);
  });
}

async function loadOpinion(tx: Tx, id: string) {
  const [o] = await tx.select().from(rewardsOpinions).where(eq(rewardsOpinions.id, id)).for('update');
  if (!o) throw notFound('会签意见');
  if (o.status !== 'pending') throw new AppError('CONFLICT', '该会签意见已回复');
  return o;
}

async function saveOpinion(
  ctx: Ctx,
  tx: Tx,
  o: typeof rewardsOpinions.$inferSelect,
  a: ApplicationRow,
  body: z.infer<typeof OpinionAnswerBody>,
  onPaper: boolean,
) {
  await tx
    .update(rewardsOpinions)
    .set({
      status: body.status,
      opinion: body.opinion,
      onPaper,
      answeredAt: ctx.clock.now(),
      answeredBy: ctx.actor?.userId,
    })
    .where(eq(rewardsOpinions.id, o.id));
  await completeTodosOf(ctx, tx, { recordType: OPINION_RECORD, recordId: o.id });
  const today = localDay(ctx.clock.now());
  const views = await opinionViews(ctx, tx, a, await calendarFrom(tx, today, today), today);
  return views.find((v) => v.id === o.id)!;
}

/** The named unit's administrator answers through their to-do. */
export async function answerOpinion(ctx: Ctx, id: string, body: z.infer<typeof OpinionAnswerBody>) {
  return write(ctx, async (tx, audit) => {
    const o = await loadOpinion(tx, id);
    const a = await loadApplication(tx, o.applicationId);
    assertNotOwn(ctx, a);
    if (!adminUnits(ctx.actor).includes(o.unitId)) throw forbidden('只能回复征求本单位的会签意见');
    assertStatus(a, 'review');
    const view = await saveOpinion(ctx, tx, o, a, body, false);
    audit({ action: 'rewards.opinion.answer', objectType: 'rewards_opinion', objectId: id });
    return view;
  });
}

/** The officer records an answer received on paper, with its scan attached to the opinion. */
export async function recordOpinion(ctx: Ctx, id: string, body: z.infer<typeof PaperOpinionBody>) {
  return write(ctx, async (tx, audit) => {
    const o = await loadOpinion(tx, id);
    const a = await loadApplication(tx, o.applicationId);
    assertNotOwn(ctx, a);
    assertStatus(a, 'review');
    const [file] = await tx
      .select({ id: evidenceFiles.id })
      .from(evidenceFiles)
      .where(
        and(
          eq(evidenceFiles.id, body.evidenceId),
          eq(evidenceFiles.ownerType, OPINION_RECORD),
          eq(evidenceFiles.ownerId, id),
        ),
      );
    if (!file) {
      const message = '请先上传纸质回复的扫描件';
      throw new AppError('REFERENCE_INVALID', message, [{ path: 'body.evidenceId', message }]);
    }
    const view = await saveOpinion(ctx, tx, o, a, body, true);
    audit({ action: 'rewards.opinion.record', objectType: 'rewards_opinion', objectId: id });
    return view;
  });
}

export async function review(ctx: Ctx, id: string, body: z.infer<typeof ReviewBody>) {
  return write(ctx, async (tx, audit) => {
    const a = await loadApplication(tx, id, true);
    assertStatus(a, 'review');
    assertNotOwn(ctx, a);
    if (body.decision === 'return') {
      await returnToUnit(ctx, tx, a, body.note!);
    } else {
      const pending = await tx
        .select({ id: rewardsOpinions.id })
        .from(rewardsOpinions)
        .where(and(eq(rewardsOpinions.applicationId, id), eq(rewardsOpinions.status, 'pending')));
      if (pending.length)
        throw new AppError('REWARDS_OPINIONS_PENDING', `尚有 ${pending.length} 个会签意见未回复`);
      await endStep(ctx, tx, a, 'passed', body.note ?? null);
      await tx.update(rewardsApplications).set({ status: 'approve' }).where(eq(rewardsApplications.id, id));
      await startStep(ctx, tx, a, 'approve');
    }
    audit({
      action: `rewards.application.review.${body.decision}`,
      objectType: 'rewards_application',
      objectId: id,
    });
    return detail(ctx, tx, id);
  });
}

export async function approve(ctx: Ctx, id: string, body: z.infer<typeof ApproveBody>) {
  return write(ctx, async (tx, audit) => {
    const a = await loadApplication(tx, id, true);
    assertStatus(a, 'approve');
    assertNotOwn(ctx, a);
    if (body.decision === 'return') await returnToUnit(ctx, tx, a, body.note!);
    else if (body.decision === 'reject') {
      await endStep(ctx, tx, a, 'rejected', body.note!);
      await tx
        .update(rewardsApplications)
        .set({ status: 'rejected', returnReason: body.note! })
        .where(eq(rewardsApplications.id, id));
    } else {
      await endStep(ctx, tx, a, 'passed', body.note ?? null);
      await tx.update(rewardsApplications).set({ status: 'award' }).where(eq(rewardsApplications.id, id));
      await startStep(ctx, tx, a, 'award');
    }
    audit({
      action: `rewards.application.approve.${body.decision}`,
      objectType: 'rewards_application',
      objectId: id,
    });
    return detail(ctx, tx, id);
  });
}

/** 兑现: the reward's document and any bonus paid; the award goes on every named cadre's timeline. */
export async function award(ctx: Ctx, id: string, body: z.infer<typeof AwardBody>) {
  return write(ctx, async (tx, audit) => {
    const a = await loadApplication(tx, id, true);
    assertStatus(a, 'award');
    assertNotOwn(ctx, a);
    const now = ctx.clock.now();
    await endStep(ctx, tx, a, 'passed', null);
    await tx
      .update(rewardsApplications)
      .set({
        status: 'awarded',
        documentNo: body.documentNo,
        bonus: body.bonus == null ? null : String(body.bonus),
        paidOn: body.paidOn ?? null,
        awardedAt: now,
        awardedBy: ctx.actor?.userId,
      })
      .where(eq(rewardsApplications.id, id));
    const [kind] = await tx.select().from(rewardsKinds).where(eq(rewardsKinds.code, a.kindCode));
    const cadres = await tx
      .select({ cadreId: rewardsApplicationCadres.cadreId })
      .from(rewardsApplicationCadres)
      .where(eq(rewardsApplicationCadres.applicationId, id));
    const title = kind!.collective
      ? `${a.collectiveName}获${kind!.name}（一事一奖）：${short(a.deed)}`
      : `获${kind!.name}（一事一奖）：${short(a.deed)}`;
    await addTimelineEvents(
      tx,
      cadres.map((c) => ({
        cadreId: c.cadreId,
        occurredOn: localDay(now),
        module: 'rewards',
        kind: 'award',
        title,
        recordType: 'rewards_application',
        recordId: id,
        visibility: 'org_unit_self' as const,
        createdBy: ctx.actor?.userId ?? null,
      })),
    );
    audit({ action: 'rewards.application.award', objectType: 'rewards_application', objectId: id });
    return detail(ctx, tx, id);
  });
}

export async function getApplication(ctx: Ctx, id: string) {
  const a = await loadApplication(ctx.db, id);
  await assertSees(ctx, ctx.db, a);
  return detail(ctx, ctx.db, id);
}
