import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DecisionKind } from '../../common/contracts/quadrant.ts';
import { rows, type Tx } from '../db/client.ts';
import {
  growthOutstanding,
  orgCadres,
  quadrantDecisions,
  quadrantPlacements,
  quadrantRecommendations,
  quadrantReleases,
} from '../db/schema/index.ts';
import type { Ctx } from '../lib/context.ts';
import type { Audit } from '../lib/tx.ts';
import { fitRun } from '../modules/growth/analysis.service.ts';
import { recordPostChange } from '../modules/org/cadres.service.ts';
import { addTimelineEvents } from '../modules/org/timeline.service.ts';
import { computeIn } from '../modules/quadrant/placements.service.ts';
import { currentSettings } from '../modules/quadrant/settings.service.ts';
import { BLOCK_FORCE_DOMAINS } from '../modules/quadrant/statistics.service.ts';
import { completeTodosOf } from '../modules/todo/todo.service.ts';

/**
 * 实绩象限 and 季度微调 demo: the quadrants of 2026's first three quarters computed by the
 * module's own service from the growth runs, the third released; and the year's decisions as the
 * article tells them — 19 young cadres promoted, 7 cadres moved down, 32 members of the
 * urban-renewal block forces promoted or raised in rank (some of the 19 among them). Candidates
 * the computation proposed are taken first; each decision carries its checks, 公示, 部务会,
 * deciding body and 任免文号, and changed the registry through the org module.
 */

const QUARTERS = ['2026Q1', '2026Q2', '2026Q3'] as const;
const RANK_UP: Record<string, string> = { fuke: 'zhengke', zr2: 'zr1', zr1: 'dy4', dy4: 'dy3', dy3: 'dy2' };

export async function seedQuadrant(
  ctx: Ctx,
  tx: Tx,
  audit: Audit,
  scale: 'full' | 'small',
  people: { officer: string; leader: string },
) {
  const t0 = Date.now();
  const tick = (what: string) => process.env.DEMO_TIMING && console.log('quadrant', what, Date.now() - t0);
  // The growth module fitted 2026Q3; the earlier quarters' runs give the quadrant its history.
  for (const q of QUARTERS.slice(0, 2)) {
    const runId = await fitRun(ctx, tx, q);
    await tx
      .delete(growthOutstanding)
      .where(and(eq(growthOutstanding.runId, runId), eq(growthOutstanding.status, 'proposed')));
    await completeTodosOf(ctx, tx, { recordType: 'growth_run', recordId: runId });
  }
  tick('runs');
  const counts = [];
  for (const q of QUARTERS) counts.push(await computeIn(ctx, tx, q));
  tick('placements');
  await tx.insert(quadrantReleases).values({ quarter: '2026Q3', createdBy: people.leader });

  const want =
    scale === 'full'
      ? { young: 19, down: 7, block: 32, overlap: 6 }
      : { young: 3, down: 1, block: 4, overlap: 1 };
  const placements = await tx
    .select()
    .from(quadrantPlacements)
    .where(eq(quadrantPlacements.quarter, '2026Q3'));
  const recs = await tx
    .select()
    .from(quadrantRecommendations)
    .where(eq(quadrantRecommendations.quarter, '2026Q3'));
  const cadres = await tx
    .select()
    .from(orgCadres)
    .where(
      inArray(
        orgCadres.id,
        placements.map((p) => p.cadreId),
      ),
    );
  const byId = new Map(cadres.map((c) => [c.id, c]));
  const prob = (id: string) =>
    (placements.find((p) => p.cadreId === id)?.probabilities ?? {}) as { high?: number; low?: number };
  // Members of the block forces: cadres responsible for the urban-renewal domains (as the statistics count them).
  const found = await rows<{ cadre_id: string }>(
    tx,
    sql`select distinct s.cadre_id from org_division_scopes s
        where s.kind = 'domain' and s.ref in (${sql.join(
          BLOCK_FORCE_DOMAINS.map((d) => sql`${d}`),
          sql`, `,
        )})`,
  );
  const block = new Set(found.map((r) => r.cadre_id));
  // 优秀年轻干部 by the settings' age rule, as the statistics count them.
  const { youngAge } = (await currentSettings(tx)).params;
  const isYoung = (id: string) => 2026 - byId.get(id)!.birthYear <= youngAge;
  // Promoted: without a deviation, with a rank to rise to; young cadres from 高贡献区, block-force
  // members also on their confirmed 攻坚 results.
  const promotable = (id: string, anyZone = false) => {
    const c = byId.get(id);
    const p = placements.find((x) => x.cadreId === id);
    return (
      !!c &&
      c.status === 'active' &&
      !!c.rankCode &&
      !!RANK_UP[c.rankCode] &&
      !!p &&
      p.deviations === 0 &&
      (anyZone || p.zone === 'high')
    );
  };
  const ranked = (ids: string[], key: 'high' | 'low', anyZone = false) =>
    ids
      .filter((id) => (key === 'high' ? promotable(id, anyZone) : byId.get(id)?.status === 'active'))
      .sort((a, b) => (prob(b)[key] ?? 0) - (prob(a)[key] ?? 0));
  const recOf = (id: string, kind: 'promote' | 'adjust') =>
    recs.find((r) => r.cadreId === id && r.kind === kind);
  const firstBy = (ids: string[], kind: 'promote' | 'adjust') => [
    ...ids.filter((id) => recOf(id, kind)),
    ...ids.filter((id) => !recOf(id, kind)),
  ];

  const blockIds = firstBy(ranked([...block], 'high', true), 'promote');
  const overlap = blockIds.filter(isYoung).slice(0, want.overlap);
  const young = [
    ...overlap,
    ...firstBy(
      ranked(
        cadres.filter((c) => isYoung(c.id) && !block.has(c.id)).map((c) => c.id),
        'high',
      ),
      'promote',
    ),
  ].slice(0, want.young);
  const blockChosen = [...overlap, ...blockIds.filter((id) => !isYoung(id))].slice(0, want.block);
  const taken = new Set([...young, ...blockChosen]);
  // Each team keeps its one 正职: the demo moves down deputies and members only.
  const deviating = placements
    .filter((p) => p.deviations > 0 && !taken.has(p.cadreId) && byId.get(p.cadreId)?.teamPlace !== '正职')
    .map((p) => p.cadreId);
  const down = firstBy(ranked(deviating, 'low'), 'adjust').slice(0, want.down);

  let n = 0;
  const plan: { id: string; kind: DecisionKind; young: boolean; blockMember: boolean }[] = [
    ...young.map((id) => ({ id, kind: 'promote' as const, young: true, blockMember: block.has(id) })),
    ...blockChosen
      .filter((id) => !young.includes(id))
      .map((id, i) => ({
        id,
        kind: (i % 2 ? 'rank_up' : 'promote') as DecisionKind,
        young: false,
        blockMember: true,
      })),
    ...down.map((id, i) => ({
      id,
      kind: (['demote', 'non_leading', 'dismiss'] as const)[i % 3] as DecisionKind,
      young: false,
      blockMember: false,
    })),
  ];
  const events = [];
  for (const p of plan) {
    n++;
    const c = byId.get(p.id)!;
    const up = p.kind === 'promote' || p.kind === 'rank_up';
    const rec = recOf(p.id, up ? 'promote' : 'adjust');
    const month = 7 + (n % 5);
    const effectiveOn = `2026-${String(month).padStart(2, '0')}-${String(10 + (n % 15)).padStart(2, '0')}`;
    const docNo = `玉委〔2026〕${100 + n}号`;
    const target = up
      ? {
          unitId: null,
          post: c.post,
          teamPlace: c.teamPlace,
          rankCode: RANK_UP[c.rankCode!]!,
        }
      : {
          unitId: null,
          post:
            p.kind === 'non_leading'
              ? '二级主任科员'
              : p.kind === 'dismiss'
                ? '一级主任科员（免去领导职务）'
                : c.post,
          teamPlace: '成员',
          rankCode: p.kind === 'demote' ? 'zr1' : c.rankCode,
        };
    const a = await recordPostChange(ctx, tx, audit, c.id, {
      kind: up ? 'promote' : 'demote',
      post: target.post ?? '',
      teamPlace: (target.teamPlace ?? '成员') as '正职' | '副职' | '成员',
      rankCode: target.rankCode,
      roleTypeCode: c.roleTypeCode,
      date: effectiveOn,
      docNo,
      note: '县委常委会决定（季度微调）',
    });
    const at = (d: number) => new Date(`${effectiveOn}T02:00:00Z`).getTime() - d * 86_400_000;
    const [d] = await tx
      .insert(quadrantDecisions)
      .values({
        recommendationId: rec?.id ?? null,
        cadreId: c.id,
        quarter: '2026Q3',
        kind: p.kind,
        status: 'effective',
        target,
        reasons: up
          ? `${rec ? '连续三个季度处于高贡献区' : '日常考察实绩突出'}${p.blockMember ? '，城市更新区块攻坚组成员，攻坚实绩经比武确认' : ''}${p.young ? '，优秀年轻干部' : ''}`
          : '处于低效区，存在确认的政绩观偏差记录，经谈心谈话，不适宜担任现职',
        evidence: placements
          .filter((x) => x.cadreId === c.id)
          .map((x) => ({
            type: 'quadrant_placement',
            id: x.id,
            label: '实绩象限（2026Q3）',
            link: `/quadrant/cadres/${c.id}`,
          })),
        checks: up
          ? ['archive', 'personal_report', 'integrity'].map((kind) => ({
              kind,
              result: 'pass',
              note: '无问题',
              files: [],
              recordedAt: new Date(at(20)).toISOString(),
              recordedBy: people.officer,
            }))
          : [],
        publicityFrom: up ? new Date(at(10)).toISOString().slice(0, 10) : null,
        publicityUntil: up ? new Date(at(4)).toISOString().slice(0, 10) : null,
        talkOn: up ? null : new Date(at(15)).toISOString().slice(0, 10),
        talkBy: up ? null : '县委组织部副部长',
        talkNote: up ? null : '指出日常考察中的问题，听取本人意见',
        statement: up ? null : '本人认识到工作中的问题，服从组织安排',
        answer: up ? null : '本人说明已研究；调整后由所在单位跟踪帮带',
        draftedAt: new Date(at(25)),
        draftedBy: people.officer,
        adoptedAt: new Date(at(12)),
        adoptedBy: people.leader,
        meeting: `2026年第${month}次部务会`,
        body: '县委常委会',
        docNo,
        effectiveOn,
        decidedAt: new Date(at(0)),
        decidedBy: people.leader,
        appointmentId: a.id,
      })
      .returning({ id: quadrantDecisions.id });
    if (rec)
      await tx
        .update(quadrantRecommendations)
        .set({ status: 'drafted' })
        .where(eq(quadrantRecommendations.id, rec.id));
    events.push({
      cadreId: c.id,
      occurredOn: effectiveOn,
      module: 'quadrant',
      kind: 'decision',
      title: `季度微调：${up ? (p.kind === 'promote' ? '提拔' : '晋升职级') : '落实“下”'}（县委常委会 ${docNo}）`,
      recordType: 'quadrant_decision',
      recordId: d!.id,
      visibility: 'org_self' as const,
      createdBy: people.leader,
    });
  }
  await addTimelineEvents(tx, events);
  tick(`decisions ${plan.length}`);
  audit({ action: 'quadrant.demo', objectType: 'system', objectId: 'demo' });
  return { placements: counts.map((c) => c.placements), decisions: plan.length };
}
