import { and, desc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { RecordRef } from '../../../common/contracts/growth.ts';
import {
  type AdoptBody,
  CHECK_KINDS,
  CHECK_LABELS,
  type CheckBody,
  type CheckKind,
  DECISION_KIND_LABELS,
  type DECISION_STATUS,
  type DecisionKind,
  type DecisionQuery,
  type DismissBody,
  DOWN_KINDS,
  type DraftBody,
  type EffectBody,
  PUBLICITY_KINDS,
  type TalkBody,
  type WithdrawBody,
} from '../../../common/contracts/quadrant.ts';
import { type Executor, rows, type Tx } from '../../db/client.ts';
import {
  orgCadres,
  quadrantDecisions,
  quadrantPlacements,
  quadrantRecommendations,
} from '../../db/schema/index.ts';

import type { Ctx } from '../../lib/context.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { localDay } from '../../lib/time.ts';
import { type Audit, write } from '../../lib/tx.ts';
import { recordPostChange, recordTransfer } from '../org/cadres.service.ts';
import { loadCalendar } from '../org/calendar.service.ts';
import { addTimelineEvent } from '../org/timeline.service.ts';
import { addTodo, addTodoForLeaders } from '../todo/todo.service.ts';
import { decisionFiles, type FileRef, fileRefs } from './decision-files.ts';
import { isOpen, type Objection, objectionViews } from './objections.ts';
import { assertMayReadCadre, isDept, mayDecide, recommendationCan } from './quadrant.policy.ts';
import { currentSettings } from './settings.service.ts';

/**
 * 季度微调: a personnel decision from the officer's draft to the 部务会's adoption and the deciding
 * body's 任免文号. Nothing reaches the registry before the decision is effective; then the
 * registry change (through the org module's functions), the decision, its timeline event and its
 * audit entries commit in one transaction.
 */

type Ref = z.infer<typeof RecordRef>;
type Row = typeof quadrantDecisions.$inferSelect;
export interface Check {
  kind: CheckKind;
  result: 'pass' | 'issue';
  note: string | null;
  /** The uploaded 核查材料 (earlier records may carry only a file name in `attachment`). */
  files?: FileRef[];
  attachment?: string | null;
  recordedAt: string;
  recordedBy: string | null;
}
export interface Target {
  unitId: string | null;
  post: string | null;
  teamPlace: '正职' | '副职' | '成员' | null;
  rankCode: string | null;
}

export const needsPublicity = (k: string) => PUBLICITY_KINDS.includes(k as DecisionKind);
const needsTalk = (k: string) => k === 'transfer' || DOWN_KINDS.includes(k as DecisionKind);

/** The checks of 凡提四必 a promotion needs: 信访举报 only where it was raised. */
export function checksNeeded(kind: string, petitionRaised: boolean): CheckKind[] {
  if (!needsPublicity(kind) && kind !== 'prioritize') return [];
  if (kind === 'prioritize') return [];
  return CHECK_KINDS.filter((k) => k !== 'petition' || petitionRaised);
}

export async function decisionRow(ex: Executor, id: string, lock = false): Promise<Row> {
  const q = ex.select().from(quadrantDecisions).where(eq(quadrantDecisions.id, id));
  const [d] = lock ? await q.for('update') : await q;
  if (!d) throw notFound('决定');
  return d;
}

export function assertStatus(d: Row, ...allowed: Row['status'][]) {
  if (!allowed.includes(d.status)) throw new AppError('QUADRANT_WRONG_STATUS');
}

export async function decisionView(ctx: Ctx, ex: Executor, id: string) {
  const [r] = await rows<{
    cadre_name: string;
    unit_name: string | null;
    post: string | null;
    rank_name: string | null;
    target_unit_name: string | null;
    target_rank_name: string | null;
    drafted_by_name: string | null;
    adopted_by_name: string | null;
    decided_by_name: string | null;
  }>(
    ex,
    sql`select c.name as cadre_name, u.name as unit_name, c.post,
               (select name from org_dict_items where kind = 'rank' and code = c.rank_code limit 1) as rank_name,
               (select name from org_units where id = (d.target->>'unitId')::uuid) as target_unit_name,
               (select name from org_dict_items where kind = 'rank' and code = d.target->>'rankCode' limit 1)
                 as target_rank_name,
               (select display_name from auth_users where id = d.drafted_by) as drafted_by_name,
               (select display_name from auth_users where id = d.adopted_by) as adopted_by_name,
               (select display_name from auth_users where id = d.decided_by) as decided_by_name
        from quadrant_decisions d join org_cadres c on c.id = d.cadre_id left join org_units u on u.id = c.unit_id
        where d.id = ${id}`,
  );
  const d = await decisionRow(ex, id);
  const names = new Map(
    (
      await rows<{ id: string; name: string | null }>(
        ex,
        sql`select id::text, display_name as name from auth_users
            where id::text in (select x->>'recordedBy' from jsonb_array_elements(${JSON.stringify(d.checks)}::jsonb) x
                               union select x->>'recordedBy' from jsonb_array_elements(${JSON.stringify(d.objections)}::jsonb) x
                               union select x->>'handledBy' from jsonb_array_elements(${JSON.stringify(d.objections)}::jsonb) x)`,
      )
    ).map((u) => [u.id, u.name]),
  );
  const t = d.target as Target;
  const dept = isDept(ctx.actor);
  const open = d.status === 'draft' || d.status === 'adopted' || d.status === 'publicity';
  const checks = d.checks as Check[];
  const statementFiles = d.statementFiles as FileRef[];
  const used = new Set([...checks.flatMap((c) => c.files ?? []), ...statementFiles].map((f) => f.id));
  const uploaded = dept ? await decisionFiles(ex, d.id) : [];
  return {
    id: d.id,
    cadre: {
      id: d.cadreId,
      name: r!.cadre_name,
      unitName: r!.unit_name,
      post: r!.post,
      rankName: r!.rank_name,
    },
    quarter: d.quarter,
    kind: d.kind as DecisionKind,
    status: d.status as (typeof DECISION_STATUS)[number],
    recommendationId: d.recommendationId,
    target: {
      unitId: t.unitId ?? null,
      unitName: r!.target_unit_name,
      post: t.post ?? null,
      teamPlace: t.teamPlace ?? null,
      rankCode: t.rankCode ?? null,
      rankName: r!.target_rank_name,
    },
    reasons: d.reasons,
    evidence: d.evidence as Ref[],
    checks: checks.map((c) => ({
      kind: c.kind,
      result: c.result,
      note: c.attachment ? [c.note, `附件：${c.attachment}`].filter(Boolean).join('；') : c.note,
      files: c.files ?? [],
      recordedAt: new Date(c.recordedAt),
      recordedByName: c.recordedBy ? (names.get(c.recordedBy) ?? null) : null,
    })),
    checksNeeded: checksNeeded(d.kind, d.petitionRaised),
    petitionRaised: d.petitionRaised,
    publicityFrom: d.publicityFrom,
    publicityUntil: d.publicityUntil,
    objections: objectionViews(d.objections as Objection[], names, dept && d.status === 'publicity'),
    talkOn: d.talkOn,
    talkBy: d.talkBy,
    talkNote: d.talkNote,
    statement: d.statement,
    statementFiles,
    answer: d.answer,
    draftedAt: d.draftedAt,
    draftedByName: r!.drafted_by_name,
    adoptedAt: d.adoptedAt,
    adoptedByName: r!.adopted_by_name,
    meeting: d.meeting,
    body: d.body,
    docNo: d.docNo,
    effectiveOn: d.effectiveOn,
    decidedAt: d.decidedAt,
    decidedByName: r!.decided_by_name,
    appointmentId: d.appointmentId,
    withdrawnReason: d.withdrawnReason,
    terminatedReason: d.terminatedReason,
    files: uploaded.filter((f) => !used.has(f.id)),
    can: {
      check: dept && open && checksNeeded(d.kind, d.petitionRaised).length > 0 && d.status !== 'publicity',
      talk: dept && (d.status === 'draft' || d.status === 'adopted') && needsTalk(d.kind),
      adopt: mayDecide(ctx.actor) && d.status === 'draft',
      publicity: dept && d.status === 'adopted' && needsPublicity(d.kind),
      object: dept && d.status === 'publicity',
      effect:
        mayDecide(ctx.actor) && (needsPublicity(d.kind) ? d.status === 'publicity' : d.status === 'adopted'),
      withdraw: dept && open,
      upload: dept && (d.status === 'draft' || d.status === 'adopted'),
      export: dept,
    },
  };
}

export async function getDecision(ctx: Ctx, id: string) {
  const d = await decisionRow(ctx.db, id);
  assertMayReadCadre(ctx.actor, d.cadreId);
  if (!isDept(ctx.actor) && d.status !== 'effective') throw new AppError('FORBIDDEN', '只能查看已生效的决定');
  return decisionView(ctx, ctx.db, id);
}

export async function listDecisions(ctx: Ctx, q: z.infer<typeof DecisionQuery>) {
  const found = await ctx.db
    .select({ id: quadrantDecisions.id })
    .from(quadrantDecisions)
    .where(
      and(
        q.quarter ? eq(quadrantDecisions.quarter, q.quarter) : undefined,
        q.status ? eq(quadrantDecisions.status, q.status) : undefined,
        q.cadreId ? eq(quadrantDecisions.cadreId, q.cadreId) : undefined,
      ),
    )
    .orderBy(desc(quadrantDecisions.draftedAt));
  const items = [];
  for (const f of found) items.push(await decisionView(ctx, ctx.db, f.id));
  return { items };
}

/** The cadre may be decided on here: active, and of a rank the department manages. */
async function assertInJurisdiction(tx: Tx, cadreId: string) {
  const [c] = await tx.select().from(orgCadres).where(eq(orgCadres.id, cadreId));
  if (!c) throw notFound('干部');
  if (c.status !== 'active') throw new AppError('QUADRANT_CADRE_NOT_ACTIVE');
  const { params } = await currentSettings(tx);
  if (c.rankCode && params.outsideRanks.includes(c.rankCode))
    throw new AppError('QUADRANT_OUTSIDE_JURISDICTION', `${c.name}不属于本部门管理的干部，应报上级组织部门`);
  return c;
}

function assertTarget(kind: DecisionKind, t: z.infer<typeof DraftBody>['target']) {
  const missing = (path: string, message: string) => {
    throw new AppError('QUADRANT_TARGET_REQUIRED', undefined, [{ path: `body.target.${path}`, message }]);
  };
  if (kind === 'prioritize') return;
  if (kind === 'rank_up') {
    if (!t.rankCode) missing('rankCode', '请填写晋升后的职级');
    return;
  }
  if (kind === 'transfer' && !t.unitId) missing('unitId', '请选择调整后的单位');
  if (!t.post) missing('post', '请填写决定后的职务');
}

export function draft(ctx: Ctx, body: z.infer<typeof DraftBody>) {
  return write(ctx, async (tx, audit) => {
    const c = await assertInJurisdiction(tx, body.cadreId);
    assertTarget(body.kind, body.target);
    const evidence: Ref[] = [];
    if (body.recommendationId) {
      const [rec] = await tx
        .select()
        .from(quadrantRecommendations)
        .where(eq(quadrantRecommendations.id, body.recommendationId))
        .for('update');
      if (!rec || rec.cadreId !== body.cadreId) throw notFound('人选建议');
      if (rec.status === 'dismissed')
        throw new AppError('QUADRANT_RECOMMENDATION_USED', '该人选建议已不予采纳，不能据此拟定决定');
      if (rec.status !== 'open') throw new AppError('QUADRANT_RECOMMENDATION_USED');
      await tx
        .update(quadrantRecommendations)
        .set({ status: 'drafted' })
        .where(eq(quadrantRecommendations.id, rec.id));
      for (const r of rec.reasons as { evidence: Ref[] }[]) evidence.push(...r.evidence);
    }
    const placements = await tx
      .select({ id: quadrantPlacements.id, quarter: quadrantPlacements.quarter })
      .from(quadrantPlacements)
      .where(eq(quadrantPlacements.cadreId, body.cadreId))
      .orderBy(desc(quadrantPlacements.quarter))
      .limit(4);
    for (const p of placements)
      evidence.unshift({
        type: 'quadrant_placement',
        id: p.id,
        label: `实绩象限（${p.quarter}）`,
        link: `/quadrant/cadres/${body.cadreId}?placement=${p.id}`,
      });
    const [d] = await tx
      .insert(quadrantDecisions)
      .values({
        recommendationId: body.recommendationId ?? null,
        cadreId: c.id,
        quarter: body.quarter,
        kind: body.kind,
        target: {
          unitId: body.target.unitId ?? null,
          post: body.target.post ?? null,
          teamPlace: body.target.teamPlace ?? null,
          rankCode: body.target.rankCode ?? null,
        },
        reasons: body.reasons,
        evidence,
        petitionRaised: body.petitionRaised,
        draftedAt: ctx.clock.now(),
        draftedBy: ctx.actor?.userId ?? null,
      })
      .returning({ id: quadrantDecisions.id });
    await decisionTodo(ctx, tx, d!.id);
    audit({ action: 'quadrant.decision.draft', objectType: 'quadrant_decision', objectId: d!.id });
    return decisionView(ctx, tx, d!.id);
  });
}

/**
 * The decision's next wait on a to-do list: 部务会研究 (draft) and 决定生效 (adopted, or in 公示)
 * on the leader of the cadre's liaison group; 任前公示 (adopted) on the department's officers.
 * Each closes by itself once the decision moves on (todo/waiting-states.ts).
 */
async function decisionTodo(ctx: Ctx, tx: Tx, id: string) {
  const [d] = await tx
    .select({
      status: quadrantDecisions.status,
      kind: quadrantDecisions.kind,
      publicityUntil: quadrantDecisions.publicityUntil,
      name: orgCadres.name,
      unitId: orgCadres.unitId,
    })
    .from(quadrantDecisions)
    .innerJoin(orgCadres, eq(orgCadres.id, quadrantDecisions.cadreId))
    .where(eq(quadrantDecisions.id, id));
  if (!d) return;
  const what = `${d.name}（${DECISION_KIND_LABELS[d.kind as DecisionKind] ?? d.kind}）`;
  const base = {
    module: 'quadrant',
    link: `/quadrant/decisions/${id}`,
    recordType: 'quadrant_decision',
    recordId: id,
  };
  if (d.status === 'draft')
    await addTodoForLeaders(ctx, tx, d.unitId, {
      ...base,
      kind: 'decision.adopt',
      title: `部务会研究调整决定：${what}`,
      sourceKey: `quadrant.decision.adopt:${id}`,
    });
  else if (d.status === 'adopted' && needsPublicity(d.kind))
    await addTodo(ctx, tx, {
      ...base,
      kind: 'decision.publicity',
      title: `开展任前公示：${what}`,
      assigneeRole: 'assessment_officer',
      sourceKey: `quadrant.decision.publicity:${id}`,
    });
  else if (d.status === 'adopted' || d.status === 'publicity')
    await addTodoForLeaders(ctx, tx, d.unitId, {
      ...base,
      kind: 'decision.effect',
      title: d.publicityUntil
        ? `公示期满后作出决定：${what}（公示至 ${d.publicityUntil}）`
        : `作出决定：${what}`,
      dueAt: null,
      sourceKey: `quadrant.decision.effect:${id}`,
    });
}

/** One step of the procedure on a locked decision, with its audit entry. */
export function step(
  ctx: Ctx,
  id: string,
  action: string,
  fn: (tx: Tx, d: Row, audit: Audit) => Promise<Partial<Row> | null>,
) {
  return write(ctx, async (tx, audit) => {
    const d = await decisionRow(tx, id, true);
    const set = await fn(tx, d, audit);
    if (set) await tx.update(quadrantDecisions).set(set).where(eq(quadrantDecisions.id, id));
    if (set?.status) await decisionTodo(ctx, tx, id);
    audit({ action: `quadrant.decision.${action}`, objectType: 'quadrant_decision', objectId: id });
    return decisionView(ctx, tx, id);
  });
}

/**
 * One check of 凡提四必 with its material: a check counts only with at least one file uploaded to
 * this decision; the files' ids (and SM3) join the decision's evidence.
 */
export const recordCheck = (ctx: Ctx, id: string, body: z.infer<typeof CheckBody>) =>
  step(ctx, id, 'check', async (tx, d) => {
    assertStatus(d, 'draft', 'adopted');
    if (!checksNeeded(d.kind, d.petitionRaised).includes(body.kind))
      throw new AppError('QUADRANT_WRONG_STATUS', '此类决定无需该项核查');
    if (body.fileIds.length === 0)
      throw new AppError('QUADRANT_FILE_REQUIRED', `请先上传“${CHECK_LABELS[body.kind]}”的核查材料`, [
        { path: 'body.fileIds', message: '请上传核查材料' },
      ]);
    const files = await fileRefs(tx, d.id, body.fileIds, 'body.fileIds');
    const checks = (d.checks as Check[]).filter((c) => c.kind !== body.kind);
    checks.push({
      kind: body.kind,
      result: body.result,
      note: body.note ?? null,
      files,
      recordedAt: ctx.clock.now().toISOString(),
      recordedBy: ctx.actor?.userId ?? null,
    });
    return { checks, evidence: withFiles(d.evidence as Ref[], files, CHECK_LABELS[body.kind]) };
  });

/** The decision's evidence with the files as records (kept by id; the link downloads the file). */
function withFiles(evidence: Ref[], files: FileRef[], what: string): Ref[] {
  const known = new Set(evidence.filter((e) => e.type === DECISION_EVIDENCE_FILE).map((e) => e.id));
  return [
    ...evidence,
    ...files
      .filter((f) => !known.has(f.id))
      .map((f) => ({ type: DECISION_EVIDENCE_FILE, id: f.id, label: `${what}：${f.name}`, link: null })),
  ];
}
const DECISION_EVIDENCE_FILE = 'evidence_file';

export const recordTalk = (ctx: Ctx, id: string, body: z.infer<typeof TalkBody>) =>
  step(ctx, id, 'talk', async (tx, d) => {
    assertStatus(d, 'draft', 'adopted');
    if (!needsTalk(d.kind)) throw new AppError('QUADRANT_WRONG_STATUS', '提拔类决定不需要录入谈心谈话');
    const files = await fileRefs(tx, d.id, body.statementFileIds, 'body.statementFileIds');
    return {
      talkOn: body.talkOn,
      talkBy: body.talkBy,
      talkNote: body.note,
      statement: body.statement,
      statementFiles: files,
      evidence: withFiles(d.evidence as Ref[], files, '干部本人书面说明'),
    };
  });

export const adopt = (ctx: Ctx, id: string, body: z.infer<typeof AdoptBody>) =>
  step(ctx, id, 'adopt', async (_tx, d) => {
    assertStatus(d, 'draft');
    const checks = d.checks as Check[];
    const missing = checksNeeded(d.kind, d.petitionRaised).filter(
      (k) => !checks.some((c) => c.kind === k && c.result === 'pass'),
    );
    if (missing.length) throw new AppError('QUADRANT_CHECKS_INCOMPLETE');
    if (needsTalk(d.kind) && (!d.talkOn || !d.statement || !(d.statementFiles as FileRef[]).length))
      throw new AppError('QUADRANT_TALK_REQUIRED');
    return {
      status: 'adopted',
      meeting: body.meeting,
      adoptedAt: ctx.clock.now(),
      adoptedBy: ctx.actor?.userId,
    };
  });

export const startPublicity = (ctx: Ctx, id: string, from: string) =>
  step(ctx, id, 'publicity', async (tx, d) => {
    assertStatus(d, 'adopted');
    if (!needsPublicity(d.kind)) throw new AppError('QUADRANT_WRONG_STATUS', '此类决定不需要任前公示');
    const days = (await currentSettings(tx)).params.publicityDays;
    const calendar = await loadCalendar(tx, from, addDaysIso(from, 2 * days + 40));
    // The first day counts: 5 working days from a Monday end on the Friday.
    const until = calendar.addWorkingDays(addDaysIso(calendar.addWorkingDays(from, 0), -1), days);
    return { status: 'publicity', publicityFrom: from, publicityUntil: until };
  });

const addDaysIso = (day: string, n: number) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

export const withdraw = (ctx: Ctx, id: string, body: z.infer<typeof WithdrawBody>) =>
  step(ctx, id, 'withdraw', async (tx, d) => {
    assertStatus(d, 'draft', 'adopted', 'publicity');
    if (d.recommendationId)
      await tx
        .update(quadrantRecommendations)
        .set({ status: 'open' })
        .where(eq(quadrantRecommendations.id, d.recommendationId));
    return { status: 'withdrawn', withdrawnReason: body.reason };
  });

/**
 * The decision takes effect: the deciding body and its 任免文号 recorded, the registry changed,
 * the timeline told — all in this one transaction.
 */
export const effect = (ctx: Ctx, id: string, body: z.infer<typeof EffectBody>) =>
  step(ctx, id, 'effect', async (tx, d, audit) => {
    if (needsPublicity(d.kind)) {
      if (d.status === 'adopted') throw new AppError('QUADRANT_PUBLICITY_REQUIRED');
      assertStatus(d, 'publicity');
      const open = (d.objections as Objection[]).filter(isOpen);
      if (open.length)
        throw new AppError(
          'QUADRANT_OBJECTION_OPEN',
          `任前公示期间反映的问题尚有 ${open.length} 项未核查处理（“${open[0]!.text.slice(0, 20)}”），处理后方可生效`,
        );
      const today = localDay(ctx.clock.now());
      if (!d.publicityUntil || today <= d.publicityUntil || body.effectiveOn <= d.publicityUntil)
        throw new AppError(
          'QUADRANT_PUBLICITY_NOT_OVER',
          `任前公示至 ${d.publicityUntil} 结束，结束后方可生效`,
        );
    } else assertStatus(d, 'adopted');
    if (needsTalk(d.kind) && !body.answer)
      throw new AppError('QUADRANT_ANSWER_REQUIRED', undefined, [
        { path: 'body.answer', message: '请回应干部本人的书面说明' },
      ]);
    const appointmentId = await changeRegistry(ctx, tx, audit, d, body);
    const label = DECISION_KIND_LABELS[d.kind as DecisionKind];
    const t = d.target as Target;
    await addTimelineEvent(tx, {
      cadreId: d.cadreId,
      occurredOn: body.effectiveOn,
      module: 'quadrant',
      kind: 'decision',
      title: `季度微调：${label}${t.post ? `，任${t.post}` : ''}（${body.body} ${body.docNo}）`,
      recordType: 'quadrant_decision',
      recordId: d.id,
      visibility: 'org_self',
      createdBy: ctx.actor?.userId ?? null,
    });
    return {
      status: 'effective',
      body: body.body,
      docNo: body.docNo,
      effectiveOn: body.effectiveOn,
      answer: body.answer ?? null,
      decidedAt: ctx.clock.now(),
      decidedBy: ctx.actor?.userId,
      appointmentId,
    };
  });

async function changeRegistry(
  ctx: Ctx,
  tx: Tx,
  audit: Audit,
  d: Row,
  body: z.infer<typeof EffectBody>,
): Promise<string | null> {
  if (d.kind === 'prioritize') return null;
  const [c] = await tx.select().from(orgCadres).where(eq(orgCadres.id, d.cadreId));
  if (!c) throw notFound('干部');
  const t = d.target as Target;
  const common = {
    post: t.post ?? c.post ?? '',
    teamPlace: t.teamPlace ?? (c.teamPlace as '正职' | '副职' | '成员' | null) ?? '成员',
    rankCode: t.rankCode ?? c.rankCode,
    roleTypeCode: c.roleTypeCode,
    date: body.effectiveOn,
    docNo: body.docNo,
    note: `${body.body}决定：${DECISION_KIND_LABELS[d.kind as DecisionKind]}`,
  };
  if (t.unitId && t.unitId !== c.unitId) {
    const a = await recordTransfer(ctx, tx, audit, c.id, { ...common, unitId: t.unitId });
    return a.id;
  }
  const kind =
    d.kind === 'promote' || d.kind === 'rank_up' ? 'promote' : d.kind === 'transfer' ? 'appoint' : 'demote';
  const a = await recordPostChange(ctx, tx, audit, c.id, { ...common, kind });
  return a.id;
}

/** Listing the quarter's candidates. */
export async function listRecommendations(ctx: Ctx, quarter?: string) {
  const q =
    quarter ??
    (
      await rows<{ quarter: string }>(
        ctx.db,
        sql`select quarter from quadrant_recommendations order by quarter desc limit 1`,
      )
    )[0]?.quarter ??
    null;
  if (!q) return { items: [], quarter: null };
  return { quarter: q, items: await recommendationViews(ctx, ctx.db, sql`r.quarter = ${q}`) };
}

/** The candidates matching `where` (over `r`, the recommendation), as the web sees them. */
async function recommendationViews(ctx: Ctx, ex: Executor, where: ReturnType<typeof sql>) {
  const found = await rows<{
    id: string;
    quarter: string;
    cadre_id: string;
    name: string;
    unit_name: string | null;
    post: string | null;
    rank_name: string | null;
    young: boolean;
    kind: 'promote' | 'adjust';
    run: number;
    probability: string;
    reasons: { text: string; evidence: Ref[] }[];
    unsure: string[];
    status: 'open' | 'drafted' | 'dismissed';
    decision_id: string | null;
    dismissed_at: Date | string | null;
    dismissed_by_name: string | null;
    dismissed_reason: string | null;
  }>(
    ex,
    sql`select r.id, r.quarter, r.cadre_id, c.name, u.name as unit_name, c.post,
               (select name from org_dict_items where kind = 'rank' and code = c.rank_code limit 1) as rank_name,
               c.young, r.kind, r.run, r.probability::text, r.reasons, r.unsure, r.status,
               (select d.id from quadrant_decisions d where d.recommendation_id = r.id and d.status <> 'withdrawn'
                order by d.drafted_at desc limit 1) as decision_id,
               r.dismissed_at, r.dismissed_reason,
               (select display_name from auth_users where id = r.dismissed_by) as dismissed_by_name
        from quadrant_recommendations r join org_cadres c on c.id = r.cadre_id left join org_units u on u.id = c.unit_id
        where ${where}
        order by r.kind desc, r.probability desc`,
  );
  return found.map((r) => ({
    id: r.id,
    quarter: r.quarter,
    cadre: {
      id: r.cadre_id,
      name: r.name,
      unitName: r.unit_name,
      post: r.post,
      rankName: r.rank_name,
      young: r.young,
    },
    kind: r.kind,
    run: r.run,
    probability: Number(r.probability),
    reasons: r.reasons,
    unsure: r.unsure,
    status: r.status,
    decisionId: r.decision_id,
    dismissedAt: r.dismissed_at ? new Date(r.dismissed_at) : null,
    dismissedByName: r.dismissed_by_name,
    dismissedReason: r.dismissed_reason,
    can: recommendationCan(ctx.actor, r.status),
  }));
}

/**
 * 不予采纳: the department sets an open candidate aside with its reason; who and when are kept,
 * the audit entry written in the same transaction. The quarter's candidates to-do closes by
 * itself once no candidate is left open (todo/waiting-states.ts).
 */
export function dismissRecommendation(ctx: Ctx, id: string, body: z.infer<typeof DismissBody>) {
  return write(ctx, async (tx, audit) => {
    const [rec] = await tx
      .select({ id: quadrantRecommendations.id, status: quadrantRecommendations.status })
      .from(quadrantRecommendations)
      .where(eq(quadrantRecommendations.id, id))
      .for('update');
    if (!rec) throw notFound('人选建议');
    if (rec.status !== 'open')
      throw new AppError(
        'QUADRANT_RECOMMENDATION_NOT_OPEN',
        rec.status === 'dismissed' ? '该人选建议已不予采纳' : '该人选建议已拟定决定，不能再不予采纳',
      );
    await tx
      .update(quadrantRecommendations)
      .set({
        status: 'dismissed',
        dismissedAt: ctx.clock.now(),
        dismissedBy: ctx.actor?.userId ?? null,
        dismissedReason: body.reason,
      })
      .where(eq(quadrantRecommendations.id, id));
    audit({ action: 'quadrant.recommendation.dismiss', objectType: 'quadrant_recommendation', objectId: id });
    const [view] = await recommendationViews(ctx, tx, sql`r.id = ${id}`);
    return view!;
  });
}
