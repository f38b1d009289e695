import { and, desc, eq, sql } from 'drizzle-orm';
import { outstanding, quantile } from '../../../analytics/growth.ts';
import { MEASURE_LABELS, type Measure, quarterLabel } from '../../../common/contracts/growth.ts';
import { type Executor, rows, type Tx } from '../../db/client.ts';
import { authUsers, growthOutstanding, growthResults, growthRuns } from '../../db/schema/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { sealedExcerpt } from '../../lib/seal.ts';
import { localDay } from '../../lib/time.ts';
import { write } from '../../lib/tx.ts';
import { addTimelineEvent } from '../org/timeline.service.ts';
import { addTodo, completeTodosOf } from '../todo/todo.service.ts';
import { deviationRecords } from './evidence.service.ts';
import { mayDecide } from './growth.policy.ts';
import type { Ref } from './measures.service.ts';
import { currentSettings } from './settings.service.ts';

/**
 * 脱颖而出: each run applies the stated, versioned rule to the year's results and proposes the
 * cadres it finds, each with its reasons and evidence; a leader confirms (the timeline shows it)
 * or declines with a reason. A decided entry is never rewritten by a later run.
 */

type Part = { own: number | null; ownSe: number | null };

export async function evaluateOutstanding(ctx: Ctx, tx: Tx, runId: string, quarter: string): Promise<number> {
  const year = Number(quarter.slice(0, 4));
  const settings = await currentSettings(tx);
  const rule = settings.rule.params;
  const results = await tx.select().from(growthResults).where(eq(growthResults.runId, runId));
  const deviating = await deviationRecords(tx, `${year}-01-01`, `${year}-12-31`);
  const cadres = results.map((r) => ({
    cadreId: r.cadreId,
    composite: r.composite === null ? null : Number(r.composite),
    compositeSe: r.compositeSe === null ? null : Number(r.compositeSe),
    recent: (r.growth as { quarters: { own: number }[] }).quarters.map((q) => q.own),
  }));
  const found = outstanding(cadres, new Set(deviating.keys()), rule);
  const decided = new Set(
    (
      await tx
        .select({ cadreId: growthOutstanding.cadreId })
        .from(growthOutstanding)
        .where(and(eq(growthOutstanding.year, year), sql`${growthOutstanding.status} <> 'proposed'`))
    ).map((r) => r.cadreId),
  );
  // Proposals of earlier runs of the year give way to this run's.
  await tx
    .delete(growthOutstanding)
    .where(and(eq(growthOutstanding.year, year), eq(growthOutstanding.status, 'proposed')));
  const threshold = quantile(
    cadres.filter((c) => c.composite !== null).map((c) => c.composite!),
    rule.topQuantile,
  );
  let n = 0;
  for (const f of found) {
    if (decided.has(f.cadreId)) continue;
    const r = results.find((x) => x.cadreId === f.cadreId)!;
    const parts = r.parts as Record<string, Part>;
    const evidence = await evidenceOf(tx, f.cadreId, year);
    const best = Object.entries(parts)
      .filter(([, p]) => p.own !== null)
      .sort((a, b) => b[1].own! - a[1].own!)[0];
    const reasons = [
      {
        text: `综合本人贡献 ${Number(r.composite).toFixed(1)}（± ${(1.96 * Number(r.compositeSe)).toFixed(1)}），处于全县前 ${Math.round((1 - rule.topQuantile) * 100)}%（门槛 ${threshold.toFixed(1)}）的概率为 ${(f.probability * 100).toFixed(0)}%`,
        evidence: [],
      },
      {
        text: `最近 ${rule.quarters} 个季度本人季度表现的平均高于同类干部平均${best ? `；最突出的是${labelOf(best[0])}` : ''}`,
        evidence,
      },
      { text: '本年度无政绩观偏差记录（虚报、成效不实、推诿扯皮、不顾大局、约谈）', evidence: [] },
    ];
    await tx.insert(growthOutstanding).values({
      year,
      cadreId: f.cadreId,
      runId,
      ruleVersion: settings.rule.version,
      probability: String(Math.round(f.probability * 10000) / 10000),
      reasons,
    });
    n++;
  }
  if (n)
    await addTodo(ctx, tx, {
      module: 'growth',
      kind: 'growth_outstanding',
      title: `确认脱颖而出的优秀干部：${quarterLabel(quarter)}测算提出 ${n} 人`,
      link: `/growth/outstanding?year=${year}`,
      recordType: 'growth_run',
      recordId: runId,
      assigneeRole: 'org_leader',
      sourceKey: `growth.outstanding:${runId}`,
    });
  return n;
}

const labelOf = (m: string) => MEASURE_LABELS[m as Measure] ?? m;

/** The records that show the year's contribution: confirmed outstanding conduct, tasks moved. */
async function evidenceOf(ex: Executor, cadreId: string, year: number): Promise<Ref[]> {
  const found = await rows<Ref & { sealed: string | null }>(
    ex,
    sql`select 'scene_nomination' as type, n.id::text, '担当作为突出：' || left(n.reason, 40) as label,
               null as sealed, '/scene/nominations' as link
        from scene_nominations n where n.cadre_id = ${cadreId} and n.status = 'confirmed'
          and extract(year from n.created_at) = ${year}
        union all
        select 'keywork_finding', kf.id::text, '推动任务：', kf.cause, '/keywork/inspections/' || kf.inspection_id
        from keywork_findings kf where kf.cadre_id = ${cadreId} and kf.effect = 'moved'
          and extract(year from kf.created_at) = ${year}
        limit 10`,
  );
  // The finding's cause is sealed at rest: opened and cut here, not in SQL.
  return found.map(({ sealed, ...r }) =>
    sealed === null ? r : { ...r, label: r.label + sealedExcerpt(sealed, 'keywork_findings.cause', 40) },
  );
}

export async function outstandingView(ctx: Ctx, ex: Executor, id: string) {
  const [r] = await rows<{
    id: string;
    year: number;
    cadre_id: string;
    name: string;
    unit_name: string | null;
    post: string | null;
    composite: string | null;
    composite_se: string | null;
    rule_version: number;
    reasons: { text: string; evidence: Ref[] }[];
    status: 'proposed' | 'confirmed' | 'declined';
    decided_at: Date | null;
    decided_by_name: string | null;
    decision_note: string | null;
    probability: string;
  }>(
    ex,
    sql`select o.id, o.year, o.cadre_id, c.name, u.name as unit_name, c.post, r.composite::text, r.composite_se::text,
               o.rule_version, o.reasons, o.status, o.decided_at,
               (select display_name from ${authUsers} where id = o.decided_by) as decided_by_name, o.decision_note,
               o.probability::text
        from growth_outstanding o join org_cadres c on c.id = o.cadre_id left join org_units u on u.id = c.unit_id
        left join growth_results r on r.run_id = o.run_id and r.cadre_id = o.cadre_id
        where o.id = ${id}`,
  );
  if (!r) throw notFound('优秀干部');
  return {
    id: r.id,
    year: r.year,
    cadre: { id: r.cadre_id, name: r.name, unitName: r.unit_name, post: r.post },
    probability: Number(r.probability),
    composite: r.composite === null ? null : Number(r.composite),
    compositeSe: r.composite_se === null ? null : Number(r.composite_se),
    ruleVersion: r.rule_version,
    reasons: r.reasons,
    status: r.status,
    decidedAt: r.decided_at ? new Date(r.decided_at) : null,
    decidedByName: r.decided_by_name,
    decisionNote: r.decision_note,
    can: { decide: r.status === 'proposed' && mayDecide(ctx.actor) },
  };
}

export async function listOutstanding(ctx: Ctx, year?: number) {
  const y = year ?? Number(localDay(ctx.clock.now()).slice(0, 4));
  const list = await ctx.db
    .select({ id: growthOutstanding.id })
    .from(growthOutstanding)
    .innerJoin(
      growthResults,
      and(
        eq(growthResults.runId, growthOutstanding.runId),
        eq(growthResults.cadreId, growthOutstanding.cadreId),
      ),
    )
    .where(eq(growthOutstanding.year, y))
    .orderBy(desc(growthResults.composite));
  const items = [];
  for (const r of list) items.push(await outstandingView(ctx, ctx.db, r.id));
  const [run] = await ctx.db
    .select({ v: growthRuns.versions })
    .from(growthRuns)
    .orderBy(desc(growthRuns.createdAt))
    .limit(1);
  return { items, year: y, ruleVersion: (run?.v as { rule?: number } | undefined)?.rule ?? 0 };
}

export async function decideOutstanding(ctx: Ctx, id: string, confirm: boolean, note?: string) {
  return write(ctx, async (tx, audit) => {
    const [o] = await tx.select().from(growthOutstanding).where(eq(growthOutstanding.id, id)).for('update');
    if (!o) throw notFound('优秀干部');
    if (o.status !== 'proposed') throw new AppError('GROWTH_ALREADY_DECIDED');
    const now = ctx.clock.now();
    await tx
      .update(growthOutstanding)
      .set({
        status: confirm ? 'confirmed' : 'declined',
        decidedAt: now,
        decidedBy: ctx.actor?.userId,
        decisionNote: note ?? null,
      })
      .where(eq(growthOutstanding.id, id));
    if (confirm)
      await addTimelineEvent(tx, {
        cadreId: o.cadreId,
        occurredOn: localDay(now),
        module: 'growth',
        kind: 'outstanding',
        title: `${o.year}年度在政绩观考察中脱颖而出（个体成长解析）`,
        recordType: 'growth_outstanding',
        recordId: id,
        visibility: 'org_self',
        createdBy: ctx.actor?.userId ?? null,
      });
    const open = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(growthOutstanding)
      .where(and(eq(growthOutstanding.runId, o.runId), eq(growthOutstanding.status, 'proposed')));
    if ((open[0]?.n ?? 0) === 0)
      await completeTodosOf(ctx, tx, { recordType: 'growth_run', recordId: o.runId });
    audit({
      action: confirm ? 'growth.outstanding.confirm' : 'growth.outstanding.decline',
      objectType: 'growth_outstanding',
      objectId: id,
    });
    return outstandingView(ctx, tx, id);
  });
}
