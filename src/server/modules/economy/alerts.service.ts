import {
  and,
  count,
  countDistinct,
  desc,
  eq,
  ilike,
  inArray,
  isNotNull,
  isNull,
  lt,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import type { z } from 'zod';
import { yoyChanges } from '../../../analytics/robust.ts';
import {
  ALERT_STATUSES,
  type AlertBasis,
  type AlertDetail,
  type AlertFigure,
  type AlertNote,
  type AlertQuery,
  type AlertStatus,
  type EconomyStats,
  type InterviewBody,
  type InterviewQuery,
  type InterviewStatus,
  type InterviewView,
  RULE_KIND_LABELS,
  type RuleKind,
} from '../../../common/contracts/economy.ts';
import { pageWindow } from '../../../common/contracts/page.ts';
import type { Executor } from '../../db/client.ts';
import {
  authUsers,
  economyAlertCadres,
  economyAlerts,
  economyIndicators,
  economyInterviews,
  economyRules,
  economyValues,
  orgCadres,
  orgRegions,
  orgUnits,
} from '../../db/schema/index.ts';
import type { Actor, Ctx } from '../../lib/context.ts';
import { AppError, fieldError, notFound } from '../../lib/errors.ts';
import { localDay } from '../../lib/time.ts';
import { write } from '../../lib/tx.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { assertPeriodOpen } from '../org/periods.service.ts';
import { addTimelineEvent } from '../org/timeline.service.ts';
import { addTodo, completeTodosOf } from '../todo/todo.service.ts';
import { alertCan, interviewCan } from './economy.policy.ts';
import { loadSeries } from './values.service.ts';

type AlertRow = typeof economyAlerts.$inferSelect;

async function userNames(ex: Executor, ids: (string | null)[]) {
  const wanted = [...new Set(ids.filter(Boolean) as string[])];
  if (wanted.length === 0) return new Map<string, string>();
  const list = await ex
    .select({ id: authUsers.id, name: authUsers.displayName })
    .from(authUsers)
    .where(inArray(authUsers.id, wanted));
  return new Map(list.map((u) => [u.id, u.name]));
}

// ---------------------------------------------------------------- alerts

async function alertViews(ex: Executor, actor: Actor | null, list: AlertRow[]) {
  if (list.length === 0) return [];
  const ids = list.map((a) => a.id);
  const rules = new Map(
    (
      await ex
        .select()
        .from(economyRules)
        .where(
          inArray(
            economyRules.id,
            list.map((a) => a.ruleId),
          ),
        )
    ).map((r) => [r.id, r]),
  );
  const regions = new Map((await ex.select().from(orgRegions)).map((r) => [r.id, r.name]));
  const cadres = await ex
    .select({
      alertId: economyAlertCadres.alertId,
      id: orgCadres.id,
      name: orgCadres.name,
      post: orgCadres.post,
      unitName: orgUnits.name,
    })
    .from(economyAlertCadres)
    .innerJoin(orgCadres, eq(orgCadres.id, economyAlertCadres.cadreId))
    .leftJoin(orgUnits, eq(orgUnits.id, economyAlertCadres.unitId))
    .where(inArray(economyAlertCadres.alertId, ids));
  const interviews = await ex
    .select({ alertId: economyInterviews.alertId, n: count() })
    .from(economyInterviews)
    .where(inArray(economyInterviews.alertId, ids))
    .groupBy(economyInterviews.alertId);
  const users = await userNames(
    ex,
    list.map((a) => a.decidedBy),
  );
  return list.map((a) => {
    const rule = rules.get(a.ruleId)!;
    return {
      id: a.id,
      kind: a.kind as RuleKind,
      kindLabel: RULE_KIND_LABELS[a.kind as RuleKind],
      ruleId: a.ruleId,
      ruleKey: rule.key,
      ruleVersion: rule.version,
      ruleName: rule.name,
      title: a.title,
      summary: a.summary,
      scope: a.regionId
        ? { kind: 'region' as const, id: a.regionId, name: regions.get(a.regionId) ?? '' }
        : { kind: 'department' as const, id: null, name: a.department ?? '' },
      periodFrom: a.periodFrom,
      periodTo: a.periodTo,
      pValue: a.pValue,
      qValue: a.qValue,
      status: a.status as AlertStatus,
      cadres: cadres
        .filter((c) => c.alertId === a.id)
        .map((c) => ({ id: c.id, name: c.name, unitName: c.unitName ?? '', post: c.post ?? '' })),
      createdAt: a.createdAt,
      decidedAt: a.decidedAt,
      decidedBy: a.decidedBy ? (users.get(a.decidedBy) ?? null) : null,
      decisionNote: a.decisionNote,
      interviewCount: interviews.find((i) => i.alertId === a.id)?.n ?? 0,
      can: alertCan(actor, a.status),
    };
  });
}

function alertWhere(q: Partial<z.infer<typeof AlertQuery>>): SQL | undefined {
  const parts: SQL[] = [];
  if (q.status) parts.push(eq(economyAlerts.status, q.status));
  if (q.kind) parts.push(eq(economyAlerts.kind, q.kind));
  if (q.regionId) parts.push(eq(economyAlerts.regionId, q.regionId));
  if (q.q) parts.push(or(ilike(economyAlerts.title, `%${q.q}%`), ilike(economyAlerts.summary, `%${q.q}%`))!);
  return parts.length ? and(...parts) : undefined;
}

export async function listAlerts(ctx: Ctx, q: z.infer<typeof AlertQuery>) {
  const where = alertWhere(q);
  const list = await ctx.db
    .select()
    .from(economyAlerts)
    .where(where)
    .orderBy(desc(economyAlerts.createdAt), desc(economyAlerts.periodTo))
    .limit(pageWindow(q).limit)
    .offset(pageWindow(q).offset);
  const [total] = await ctx.db.select({ n: count() }).from(economyAlerts).where(where);
  const byStatus = await ctx.db
    .select({ status: economyAlerts.status, n: count() })
    .from(economyAlerts)
    .where(alertWhere({ ...q, status: undefined }))
    .groupBy(economyAlerts.status);
  await recordAudit(ctx, { action: 'economy.alerts.list', objectType: 'economy_alert', objectId: null });
  return {
    items: await alertViews(ctx.db, ctx.actor, list),
    total: total!.n,
    page: q.page,
    pageSize: q.pageSize,
    counts: Object.fromEntries(
      ALERT_STATUSES.map((s) => [s, byStatus.find((b) => b.status === s)?.n ?? 0]),
    ) as Record<AlertStatus, number>,
  };
}

export async function alertRows(ctx: Ctx, q: Partial<z.infer<typeof AlertQuery>>) {
  const list = await ctx.db
    .select()
    .from(economyAlerts)
    .where(alertWhere(q))
    .orderBy(desc(economyAlerts.createdAt));
  return alertViews(ctx.db, ctx.actor, list);
}

async function loadAlert(ex: Executor, id: string): Promise<AlertRow> {
  const [a] = await ex.select().from(economyAlerts).where(eq(economyAlerts.id, id));
  if (!a) throw notFound('预警');
  return a;
}

export async function getAlert(ctx: Ctx, id: string): Promise<AlertDetail> {
  const a = await loadAlert(ctx.db, id);
  const [view] = await alertViews(ctx.db, ctx.actor, [a]);
  const figures = a.figures as AlertFigure[];
  const indicatorIds = [...new Set(figures.map((f) => f.indicatorId))];
  const all = await loadSeries(ctx.db, indicatorIds);
  const indicators = indicatorIds.length
    ? await ctx.db.select().from(economyIndicators).where(inArray(economyIndicators.id, indicatorIds))
    : [];
  const series = indicators.map((ind) => {
    const s = all.get(`${ind.id}|region:${a.regionId}`) ?? new Map();
    const pts = [...s.entries()].map(([period, v]) => ({ period, value: v.value as number }));
    const changes = new Map(yoyChanges(pts).map((c) => [c.period, c.change]));
    return {
      indicator: ind.name,
      unit: ind.unit,
      points: pts
        .sort((x, y) => (x.period < y.period ? -1 : 1))
        .map((p) => ({ period: p.period, value: p.value, change: changes.get(p.period) ?? null })),
    };
  });
  await recordAudit(ctx, { action: 'economy.alert.read', objectType: 'economy_alert', objectId: id });
  return {
    ...view!,
    figures,
    basis: (a.basis as AlertBasis | null) ?? null,
    notes: a.notes as AlertNote[],
    series,
    interviews: (await interviewRows(ctx.db, eq(economyInterviews.alertId, id))).map((i) =>
      withStatus(i, ctx),
    ),
  };
}

/** 排除: the alert is explained (a data correction, a known one-off); the reason is kept. */
export async function dismissAlert(ctx: Ctx, id: string, reason: string) {
  await decide(ctx, id, 'dismissed', reason);
  return getAlert(ctx, id);
}

/** 转约谈: the alert points at a real problem; interviews of the cadres follow. */
export async function escalateAlert(ctx: Ctx, id: string, note: string) {
  await decide(ctx, id, 'escalated', note);
  return getAlert(ctx, id);
}

async function decide(ctx: Ctx, id: string, status: 'dismissed' | 'escalated', note: string) {
  await write(ctx, async (tx, audit) => {
    const [a] = await tx.select().from(economyAlerts).where(eq(economyAlerts.id, id)).for('update');
    if (!a) throw notFound('预警');
    if (a.status !== 'open')
      throw new AppError(
        'ECONOMY_ALERT_DECIDED',
        `该预警已${a.status === 'dismissed' ? '排除' : '转约谈'}，不能重复研判`,
      );
    await tx
      .update(economyAlerts)
      .set({ status, decidedAt: ctx.clock.now(), decidedBy: ctx.actor?.userId ?? null, decisionNote: note })
      .where(eq(economyAlerts.id, id));
    await completeTodosOf(ctx, tx, { recordType: 'economy_alert', recordId: id, kind: 'alert' });
    audit({
      action: `economy.alert.${status === 'dismissed' ? 'dismiss' : 'escalate'}`,
      objectType: 'economy_alert',
      objectId: id,
    });
  });
}

// ---------------------------------------------------------------- interviews

type InterviewRow = Omit<InterviewView, 'status' | 'can'> & { checkResult: string | null };

async function interviewRows(ex: Executor, where: SQL | undefined, page?: { limit: number; offset: number }) {
  let query = ex
    .select({
      id: economyInterviews.id,
      alertId: economyInterviews.alertId,
      alertTitle: economyAlerts.title,
      cadreId: orgCadres.id,
      cadreName: orgCadres.name,
      post: orgCadres.post,
      unitName: orgUnits.name,
      interviewedOn: economyInterviews.interviewedOn,
      interviewers: economyInterviews.interviewers,
      issue: economyInterviews.issue,
      cadreAccount: economyInterviews.cadreAccount,
      followUp: economyInterviews.followUp,
      followUpDue: economyInterviews.followUpDue,
      checkResult: economyInterviews.checkResult,
      checkedAt: economyInterviews.checkedAt,
      checkedBy: economyInterviews.checkedBy,
      checkNote: economyInterviews.checkNote,
      createdAt: economyInterviews.createdAt,
      createdBy: economyInterviews.createdBy,
    })
    .from(economyInterviews)
    .innerJoin(orgCadres, eq(orgCadres.id, economyInterviews.cadreId))
    .leftJoin(orgUnits, eq(orgUnits.id, economyInterviews.unitId))
    .leftJoin(economyAlerts, eq(economyAlerts.id, economyInterviews.alertId))
    .where(where)
    .orderBy(desc(economyInterviews.interviewedOn), desc(economyInterviews.createdAt))
    .$dynamic();
  if (page) query = query.limit(page.limit).offset(page.offset);
  const list = await query;
  const users = await userNames(
    ex,
    list.flatMap((i) => [i.createdBy, i.checkedBy]),
  );
  return list.map(
    (i): InterviewRow => ({
      id: i.id,
      alertId: i.alertId,
      alertTitle: i.alertTitle,
      cadre: { id: i.cadreId, name: i.cadreName, unitName: i.unitName ?? '', post: i.post ?? '' },
      interviewedOn: i.interviewedOn,
      interviewers: i.interviewers,
      issue: i.issue,
      cadreAccount: i.cadreAccount,
      followUp: i.followUp,
      followUpDue: i.followUpDue,
      checkResult: i.checkResult,
      checkedAt: i.checkedAt,
      checkedBy: i.checkedBy ? (users.get(i.checkedBy) ?? null) : null,
      checkNote: i.checkNote,
      createdAt: i.createdAt,
      createdBy: i.createdBy ? (users.get(i.createdBy) ?? null) : null,
    }),
  );
}

function withStatus({ checkResult, ...i }: InterviewRow, ctx: Ctx): InterviewView {
  const status: InterviewStatus =
    checkResult === 'done'
      ? 'done'
      : checkResult === 'not_done'
        ? 'not_done'
        : i.followUpDue < localDay(ctx.clock.now())
          ? 'overdue'
          : 'pending';
  return { ...i, status, can: interviewCan(ctx.actor, !!checkResult) };
}

async function interviewWhere(
  ctx: Ctx,
  q: Partial<z.infer<typeof InterviewQuery>>,
): Promise<SQL | undefined> {
  const parts: SQL[] = [];
  const today = localDay(ctx.clock.now());
  if (q.status === 'done' || q.status === 'not_done') parts.push(eq(economyInterviews.checkResult, q.status));
  if (q.status === 'pending')
    parts.push(isNull(economyInterviews.checkResult), sql`${economyInterviews.followUpDue} >= ${today}`);
  if (q.status === 'overdue')
    parts.push(isNull(economyInterviews.checkResult), lt(economyInterviews.followUpDue, today));
  if (q.alertId) parts.push(eq(economyInterviews.alertId, q.alertId));
  if (q.q) {
    // The issue is sealed at rest: searched here after opening, not with SQL.
    const needle = q.q.toLowerCase();
    const candidates = await ctx.db
      .select({ id: economyInterviews.id, name: orgCadres.name, issue: economyInterviews.issue })
      .from(economyInterviews)
      .innerJoin(orgCadres, eq(orgCadres.id, economyInterviews.cadreId))
      .where(parts.length ? and(...parts) : undefined);
    const ids = candidates
      .filter((c) => c.name.toLowerCase().includes(needle) || c.issue.toLowerCase().includes(needle))
      .map((c) => c.id);
    parts.push(ids.length ? inArray(economyInterviews.id, ids) : sql`false`);
  }
  return parts.length ? and(...parts) : undefined;
}

export async function listInterviews(ctx: Ctx, q: z.infer<typeof InterviewQuery>) {
  const where = await interviewWhere(ctx, q);
  const items = await interviewRows(ctx.db, where, pageWindow(q));
  const [total] = await ctx.db
    .select({ n: count() })
    .from(economyInterviews)
    .innerJoin(orgCadres, eq(orgCadres.id, economyInterviews.cadreId))
    .where(where);
  await recordAudit(ctx, {
    action: 'economy.interviews.list',
    objectType: 'economy_interview',
    objectId: null,
  });
  return { items: items.map((i) => withStatus(i, ctx)), total: total!.n, page: q.page, pageSize: q.pageSize };
}

export async function allInterviews(ctx: Ctx, q: Partial<z.infer<typeof InterviewQuery>>) {
  return (await interviewRows(ctx.db, await interviewWhere(ctx, q))).map((i) => withStatus(i, ctx));
}

export async function getInterview(ctx: Ctx, id: string): Promise<InterviewView> {
  const [i] = await interviewRows(ctx.db, eq(economyInterviews.id, id));
  if (!i) throw notFound('约谈记录');
  await recordAudit(ctx, { action: 'economy.interview.read', objectType: 'economy_interview', objectId: id });
  return withStatus(i, ctx);
}

/**
 * 约谈记录: records an interview and puts the check of its follow-up on the recorder's to-do list,
 * due on the follow-up deadline. The interview goes on the cadre's timeline.
 */
export async function createInterview(ctx: Ctx, body: InterviewBody): Promise<InterviewView> {
  const id = await write(ctx, async (tx, audit) => {
    const today = localDay(ctx.clock.now());
    if (body.interviewedOn > today) throw fieldError('interviewedOn', '约谈日期不能晚于今天');
    if (body.followUpDue < body.interviewedOn) throw fieldError('followUpDue', '跟进期限不能早于约谈日期');
    await assertPeriodOpen(tx, body.interviewedOn);
    const [cadre] = await tx.select().from(orgCadres).where(eq(orgCadres.id, body.cadreId));
    if (!cadre) throw notFound('干部');
    if (body.alertId) {
      const [a] = await tx
        .select()
        .from(economyAlerts)
        .where(eq(economyAlerts.id, body.alertId))
        .for('update');
      if (!a) throw notFound('预警');
      if (a.status === 'dismissed') throw new AppError('ECONOMY_ALERT_DISMISSED');
      if (a.status === 'open') throw new AppError('ECONOMY_ALERT_NOT_ESCALATED');
    }
    const [row] = await tx
      .insert(economyInterviews)
      .values({
        alertId: body.alertId,
        cadreId: body.cadreId,
        unitId: cadre.unitId,
        interviewedOn: body.interviewedOn,
        interviewers: body.interviewers,
        issue: body.issue,
        cadreAccount: body.cadreAccount,
        followUp: body.followUp,
        followUpDue: body.followUpDue,
        createdAt: ctx.clock.now(),
        createdBy: ctx.actor?.userId ?? null,
      })
      .returning();
    await addTimelineEvent(tx, {
      cadreId: body.cadreId,
      occurredOn: body.interviewedOn,
      module: 'economy',
      kind: 'interview',
      title: '经济运行问题约谈',
      recordType: 'economy_interview',
      recordId: row!.id,
      visibility: 'org_self',
      createdBy: ctx.actor?.userId ?? null,
    });
    if (ctx.actor)
      await addTodo(ctx, tx, {
        module: 'economy',
        kind: 'interview_check',
        title: `核查约谈整改落实：${cadre.name}`,
        link: `/economy/interviews?open=${row!.id}`,
        recordType: 'economy_interview',
        recordId: row!.id,
        assigneeUserId: ctx.actor.userId,
        dueAt: new Date(`${body.followUpDue}T09:00:00+08:00`),
        sourceKey: `economy.interview:${row!.id}`,
      });
    audit({ action: 'economy.interview.create', objectType: 'economy_interview', objectId: row!.id });
    return row!.id;
  });
  return getInterview(ctx, id);
}

/** The later check: was the agreed follow-up done? Recorded once, with who checked and when. */
export async function checkInterview(
  ctx: Ctx,
  id: string,
  body: { result: 'done' | 'not_done'; note: string },
) {
  await write(ctx, async (tx, audit) => {
    const [i] = await tx.select().from(economyInterviews).where(eq(economyInterviews.id, id)).for('update');
    if (!i) throw notFound('约谈记录');
    if (i.checkResult) throw new AppError('ECONOMY_INTERVIEW_CHECKED');
    await tx
      .update(economyInterviews)
      .set({
        checkResult: body.result,
        checkNote: body.note,
        checkedAt: ctx.clock.now(),
        checkedBy: ctx.actor?.userId ?? null,
      })
      .where(eq(economyInterviews.id, id));
    await completeTodosOf(ctx, tx, { recordType: 'economy_interview', recordId: id });
    audit({ action: 'economy.interview.check', objectType: 'economy_interview', objectId: id });
  });
  return getInterview(ctx, id);
}

// ---------------------------------------------------------------- statistics

export async function stats(ctx: Ctx): Promise<EconomyStats> {
  const [ind] = await ctx.db
    .select({
      all: count(),
      core: sql<number>`count(*) filter (where ${economyIndicators.core})`.mapWith(Number),
    })
    .from(economyIndicators);
  const [vals] = await ctx.db
    .select({
      n: count(),
      latest: sql<
        string | null
      >`max(${economyValues.period}) filter (where ${economyValues.period} like '____-__' and ${economyValues.period} not like '%Q%')`,
    })
    .from(economyValues);
  const byStatus = await ctx.db
    .select({ status: economyAlerts.status, n: count() })
    .from(economyAlerts)
    .groupBy(economyAlerts.status);
  const [iv] = await ctx.db
    .select({ n: count(), cadres: countDistinct(economyInterviews.cadreId) })
    .from(economyInterviews);
  const [overdue] = await ctx.db
    .select({ n: count() })
    .from(economyInterviews)
    .where(
      and(
        isNull(economyInterviews.checkResult),
        lt(economyInterviews.followUpDue, localDay(ctx.clock.now())),
      ),
    );
  const [problems] = await ctx.db
    .select({ n: count() })
    .from(economyAlerts)
    .where(and(eq(economyAlerts.status, 'escalated'), isNotNull(economyAlerts.decidedAt)));
  const alerts = Object.fromEntries(
    ALERT_STATUSES.map((s) => [s, byStatus.find((b) => b.status === s)?.n ?? 0]),
  ) as Record<AlertStatus, number>;
  return {
    coreIndicators: ind!.core,
    indicators: ind!.all,
    values: vals!.n,
    latestPeriod: vals!.latest,
    alerts,
    problems: problems!.n,
    interviews: iv!.n,
    cadresInterviewed: iv!.cadres,
    followUpsOverdue: overdue!.n,
  };
}
