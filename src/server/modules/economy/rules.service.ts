import { and, asc, count, desc, eq, inArray, isNull } from 'drizzle-orm';
import { divergenceRuns } from '../../../analytics/divergence.ts';
import {
  type AlertNote,
  RULE_KIND_LABELS,
  type RuleBody,
  type RuleKind,
  type RuleView,
} from '../../../common/contracts/economy.ts';
import type { Executor, Tx } from '../../db/client.ts';
import {
  authUsers,
  economyAlertCadres,
  economyAlerts,
  economyIndicators,
  economyRules,
  orgDictItems,
  orgRegions,
} from '../../db/schema/index.ts';
import type { Actor, Ctx } from '../../lib/context.ts';
import { fieldError, notFound } from '../../lib/errors.ts';
import { randomToken } from '../../lib/hash.ts';
import { type Audit, write } from '../../lib/tx.ts';
import { defineJob, defineRecurringJob, enqueue, wakeJobs } from '../system/jobs.service.ts';
import { addTodo } from '../todo/todo.service.ts';
import { notInDict } from './economy.errors.ts';
import { versionCan } from './economy.policy.ts';
import { figure, forensicHits, type Hit, regionScopes, seriesPoints } from './forensics.service.ts';
import { responsibleAt } from './kpis.service.ts';
import { loadSeries, periodEnd } from './values.service.ts';

type RuleRow = typeof economyRules.$inferSelect;
type IndicatorRow = typeof economyIndicators.$inferSelect;

const pct = (x: number) => `${Number((x * 100).toFixed(1))}%`;

// ---------------------------------------------------------------- rule definitions (versioned)

function describe(r: RuleRow, ind: Map<string, IndicatorRow>): string {
  const a = r.primaryId ? ind.get(r.primaryId)?.name : '';
  const b = r.secondaryId ? ind.get(r.secondaryId)?.name : '';
  switch (r.kind as RuleKind) {
    case 'quantity_quality':
    case 'growth_efficiency':
      return `连续${r.periods}期：${a}同比增长超过${pct(r.minRise)}，同时${b}同比下降超过${pct(r.minFall)}`;
    case 'crosscheck':
      return `${a}增速与${b}增速之差近一年比上一年扩大超过${pct(r.threshold || 0.02)}，且按本地区自身波动校准后显著（每年错误发现率控制在 ${pct(r.fdr)}）`;
    case 'jump':
      return `${a || '全部绝对量和计数指标'}同比变化的修正 z 值绝对值超过 ${r.threshold}，且按小样本参照分布校准后显著（满 24 个同比变化才判断；每年错误发现率控制在 ${pct(r.fdr)}）`;
    case 'benford':
      return `${r.department ?? '各部门'}按单位报送的绝对量（每家单位取年度合计，至少 50 家）首位数字偏离本福特分布（MAD 超过 0.015 且校准后显著；每年错误发现率控制在 ${pct(r.fdr)}）`;
  }
}

async function ruleViews(ex: Executor, actor: Actor | null, list: RuleRow[]): Promise<RuleView[]> {
  if (list.length === 0) return [];
  const indicators = new Map((await ex.select().from(economyIndicators)).map((i) => [i.id, i]));
  const users = new Map(
    (await ex.select({ id: authUsers.id, name: authUsers.displayName }).from(authUsers)).map((u) => [
      u.id,
      u.name,
    ]),
  );
  const counts = await ex
    .select({ ruleId: economyAlerts.ruleId, n: count() })
    .from(economyAlerts)
    .where(
      inArray(
        economyAlerts.ruleId,
        list.map((r) => r.id),
      ),
    )
    .groupBy(economyAlerts.ruleId);
  const ref = (id: string | null) => {
    const i = id ? indicators.get(id) : undefined;
    return i ? { id: i.id, code: i.code, name: i.name } : null;
  };
  return list.map((r) => ({
    id: r.id,
    key: r.key,
    version: r.version,
    kind: r.kind as RuleKind,
    name: r.name,
    primary: ref(r.primaryId),
    secondary: ref(r.secondaryId),
    department: r.department,
    periods: r.periods,
    minRise: r.minRise,
    minFall: r.minFall,
    threshold: r.threshold,
    fdr: r.fdr,
    active: r.active,
    description: describe(r, indicators),
    createdAt: r.createdAt,
    createdBy: r.createdBy ? (users.get(r.createdBy) ?? null) : null,
    supersededAt: r.supersededAt,
    can: versionCan(actor, !!r.supersededAt),
    alertCount: counts.find((c) => c.ruleId === r.id)?.n ?? 0,
  }));
}

export async function listRules(ctx: Ctx, history: boolean) {
  const list = await ctx.db
    .select()
    .from(economyRules)
    .where(history ? undefined : isNull(economyRules.supersededAt))
    .orderBy(asc(economyRules.kind), asc(economyRules.key), desc(economyRules.version));
  return { items: await ruleViews(ctx.db, ctx.actor, list) };
}

async function checkRule(ex: Executor, body: RuleBody) {
  const need2 =
    body.kind === 'quantity_quality' || body.kind === 'growth_efficiency' || body.kind === 'crosscheck';
  if (need2 && !body.primary) throw fieldError('primary', '请选择两个指标');
  if (need2 && !body.secondary) throw fieldError('secondary', '请选择两个指标');
  if (need2 && body.primary === body.secondary) throw fieldError('secondary', '两个指标不能相同');
  for (const id of [body.primary, body.secondary].filter(Boolean) as string[]) {
    const [i] = await ex.select().from(economyIndicators).where(eq(economyIndicators.id, id));
    if (!i) throw notFound('指标');
  }
  if (need2) {
    const [a] = await ex.select().from(economyIndicators).where(eq(economyIndicators.id, body.primary!));
    const [b] = await ex.select().from(economyIndicators).where(eq(economyIndicators.id, body.secondary!));
    if (a!.frequency !== b!.frequency) throw fieldError('secondary', '两个指标的统计周期须相同');
  }
  if (body.kind === 'benford' && body.department) {
    const [d] = await ex
      .select()
      .from(orgDictItems)
      .where(and(eq(orgDictItems.kind, 'department'), eq(orgDictItems.name, body.department)));
    if (!d) throw notInDict('department', `数据部门“${body.department}”不在字典中`);
  }
  if (body.kind === 'jump' && body.threshold <= 0)
    throw fieldError('threshold', '异常跳变的阈值应大于 0（常用 3.5）');
}

/**
 * A new rule, or with `key` its next version. Alerts already raised keep the version that
 * raised them; a hit is raised once per rule key, so a new version does not repeat old hits.
 */
export async function saveRule(ctx: Ctx, key: string | null, body: RuleBody): Promise<RuleView> {
  const row = await write(ctx, async (tx, audit) => {
    await checkRule(tx, body);
    let version = 1;
    if (key) {
      const [current] = await tx
        .select()
        .from(economyRules)
        .where(and(eq(economyRules.key, key), isNull(economyRules.supersededAt)))
        .for('update');
      if (!current) throw notFound('预警规则');
      version = current.version + 1;
      await tx
        .update(economyRules)
        .set({ supersededAt: ctx.clock.now(), supersededBy: ctx.actor?.userId ?? null })
        .where(eq(economyRules.id, current.id));
    }
    const [r] = await tx
      .insert(economyRules)
      .values({
        key: key ?? `rule_${randomToken(6)}`,
        version,
        kind: body.kind,
        name: body.name,
        primaryId: body.primary,
        secondaryId: body.secondary,
        department: body.department,
        periods: body.periods,
        minRise: body.minRise,
        minFall: body.minFall,
        threshold: body.threshold,
        fdr: body.fdr,
        active: body.active,
        createdAt: ctx.clock.now(),
        createdBy: ctx.actor?.userId ?? null,
      })
      .returning();
    audit({
      action: key ? 'economy.rule.revise' : 'economy.rule.create',
      objectType: 'economy_rule',
      objectId: r!.id,
    });
    return r!;
  });
  return (await ruleViews(ctx.db, ctx.actor, [row]))[0]!;
}

/** Runs the evaluation now (as a job, so it survives a restart and never runs twice at once). */
export async function evaluateNow(ctx: Ctx) {
  const jobId = await write(ctx, async (tx, audit) => {
    audit({ action: 'economy.rules.evaluate', objectType: 'economy_rule', objectId: null });
    return enqueue(tx, {
      kind: 'economy.evaluate',
      payload: { reason: 'manual' },
      runAt: ctx.clock.now(),
      createdBy: ctx.actor?.userId ?? null,
    });
  });
  wakeJobs();
  return { jobId };
}

// ---------------------------------------------------------------- evaluation

const points = seriesPoints;

/**
 * Evaluates every active rule over all values: the hits (not yet stored), and the notes later
 * evaluations add to alerts already raised (a spike's base effect a year later, a lead no
 * longer significant with more months) — an alert itself never changes.
 */
export async function evaluate(ex: Executor): Promise<{ hits: Hit[]; notes: Map<string, string[]> }> {
  const rules = await ex
    .select()
    .from(economyRules)
    .where(and(isNull(economyRules.supersededAt), eq(economyRules.active, true)));
  const hits: Hit[] = [];
  const notes = new Map<string, string[]>();
  if (rules.length === 0) return { hits, notes };
  const indicators = await ex.select().from(economyIndicators);
  const byId = new Map(indicators.map((i) => [i.id, i]));
  const regions = new Map((await ex.select().from(orgRegions)).map((r) => [r.id, r.name]));
  const all = await loadSeries(
    ex,
    indicators.map((i) => i.id),
  );
  for (const rule of rules) {
    const kind = rule.kind as RuleKind;
    const label = RULE_KIND_LABELS[kind];
    if (kind === 'quantity_quality' || kind === 'growth_efficiency') {
      const a = byId.get(rule.primaryId!);
      const b = byId.get(rule.secondaryId!);
      if (!a || !b) continue;
      for (const regionId of regionScopes(all, a.id)) {
        const sa = all.get(`${a.id}|region:${regionId}`);
        const sb = all.get(`${b.id}|region:${regionId}`);
        if (!sb) continue;
        const place = regions.get(regionId) ?? '';
        const base = { rule, regionId, department: null, pValue: null, qValue: null, basis: null };
        const domains = [a.domain, b.domain].filter(Boolean) as string[];
        for (const run of divergenceRuns(points(sa), points(sb), {
          periods: rule.periods,
          minRise: rule.minRise,
          minFall: rule.minFall,
        })) {
          hits.push({
            ...base,
            hitKey: `${rule.key}|region:${regionId}|${run.from}`,
            title: `${place}${label}：${a.name}升、${b.name}降`,
            summary: `${place}${run.description.replace('前者', a.name).replace('后者', b.name)}`,
            periodFrom: run.from,
            periodTo: run.to,
            figures: run.points.flatMap((p) => [
              figure(a, sa, p.period, p.rise),
              figure(b, sb, p.period, p.fall),
            ]),
            domains,
          });
        }
      }
    } else {
      forensicHits(rule, { indicators, byId, all, regions }, hits, notes);
    }
  }
  return { hits, notes };
}

/** Evaluates every active rule over all values; returns the hits (not yet stored). */
export async function findHits(ex: Executor): Promise<Hit[]> {
  return (await evaluate(ex)).hits;
}

/**
 * Stores new hits as alerts (a hit already raised changes nothing), links the cadres
 * responsible in the alert's last period, and puts each new alert on the department's to-do list.
 */
export async function storeHits(
  ctx: Ctx,
  tx: Tx,
  audit: Audit,
  hits: Hit[],
  notes: Map<string, string[]> = new Map(),
): Promise<number> {
  let created = 0;
  for (const h of hits) {
    const [a] = await tx
      .insert(economyAlerts)
      .values({
        ruleId: h.rule.id,
        hitKey: h.hitKey,
        kind: h.rule.kind,
        title: h.title,
        summary: h.summary,
        regionId: h.regionId,
        department: h.department,
        periodFrom: h.periodFrom,
        periodTo: h.periodTo,
        figures: h.figures,
        pValue: h.pValue,
        qValue: h.qValue,
        basis: h.basis,
        createdAt: ctx.clock.now(),
      })
      .onConflictDoNothing({ target: economyAlerts.hitKey })
      .returning({ id: economyAlerts.id });
    if (!a) continue;
    created++;
    if (h.regionId && h.domains.length) {
      const people = await responsibleAt(tx, periodEnd(h.periodTo), {
        regionId: h.regionId,
        domains: h.domains,
      });
      if (people.length)
        await tx
          .insert(economyAlertCadres)
          .values(
            people.map((p) => ({ alertId: a.id, cadreId: p.cadreId, unitId: p.unitId, basis: p.basis })),
          );
    }
    await addTodo(ctx, tx, {
      module: 'economy',
      kind: 'alert',
      title: `经济运行预警待研判：${h.title}`,
      link: `/economy/alerts/${a.id}`,
      recordType: 'economy_alert',
      recordId: a.id,
      assigneeRole: 'assessment_officer',
      sourceKey: `economy.alert:${a.id}`,
    });
    audit({ action: 'economy.alert.raise', objectType: 'economy_alert', objectId: a.id });
  }
  await addNotes(ctx, tx, notes);
  return created;
}

/** Appends what a later evaluation found to the alerts concerned; a note already there is not repeated. */
async function addNotes(ctx: Ctx, tx: Tx, notes: Map<string, string[]>) {
  if (notes.size === 0) return;
  const stored = await tx
    .select({ id: economyAlerts.id, hitKey: economyAlerts.hitKey, notes: economyAlerts.notes })
    .from(economyAlerts)
    .where(inArray(economyAlerts.hitKey, [...notes.keys()]));
  for (const a of stored) {
    const have = a.notes as AlertNote[];
    const fresh = [...new Set(notes.get(a.hitKey))].filter((text) => !have.some((n) => n.text === text));
    if (fresh.length === 0) continue;
    const at = ctx.clock.now().toISOString();
    await tx
      .update(economyAlerts)
      .set({ notes: [...have, ...fresh.map((text) => ({ at, text }))] })
      .where(eq(economyAlerts.id, a.id));
  }
}

defineJob('economy.evaluate', async (_payload, { tx, ctx, audit }) => {
  const { hits, notes } = await evaluate(tx);
  const created = await storeHits(ctx, tx, audit, hits, notes);
  return { result: { hits: hits.length, created } };
});

// Figures also change through revisions of old periods: a daily run catches what a feed missed.
defineRecurringJob('economy.evaluate.daily', 24 * 3_600_000, async (_payload, { tx, ctx, audit }) => {
  const { hits, notes } = await evaluate(tx);
  const created = await storeHits(ctx, tx, audit, hits, notes);
  return { result: { created } };
});
