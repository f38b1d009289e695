import { and, asc, desc, eq, inArray, lte, max, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  DivisionBody,
  DivisionDetail,
  DivisionRecorded,
  DivisionVersionView,
  ResponsibilityView,
  ScopeKind as ScopeKindCode,
} from '../../../common/contracts/org.ts';
import { rows, type Tx } from '../../db/client.ts';
import {
  orgAppointments,
  orgCadres,
  orgDictItems,
  orgDivisionMembers,
  orgDivisionScopes,
  orgDivisions,
  orgRegions,
  orgUnits,
} from '../../db/schema/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { localDay } from '../../lib/time.ts';
import { type Audit, write } from '../../lib/tx.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { addTodo } from '../todo/todo.service.ts';
import {
  assertCadreInScope,
  assertCanEditUnit,
  assertCanReadUnitTeam,
  divisionSentForReview,
} from './org.policy.ts';
import { assertPeriodOpen } from './periods.service.ts';
import { addTimelineEvent } from './timeline.service.ts';

type MemberInput = z.infer<typeof DivisionBody>['members'][number];

/**
 * Later modules add responsibility kinds (indicator, task) with a check that the reference
 * exists and a label for it.
 */
export interface ScopeKind {
  check(tx: Tx, refs: string[]): Promise<string[]>;
  labels(tx: Tx, refs: string[]): Promise<Map<string, string>>;
}
const scopeKinds = new Map<string, ScopeKind>();
export function registerScopeKind(kind: string, k: ScopeKind): void {
  scopeKinds.set(kind, k);
}

registerScopeKind('domain', {
  async check(tx, refs) {
    const found = await tx
      .select({ code: orgDictItems.code })
      .from(orgDictItems)
      .where(and(eq(orgDictItems.kind, 'domain'), inArray(orgDictItems.code, refs)));
    const ok = new Set(found.map((f) => f.code));
    return refs.filter((r) => !ok.has(r));
  },
  async labels(tx, refs) {
    const found = await tx
      .select({ code: orgDictItems.code, name: orgDictItems.name })
      .from(orgDictItems)
      .where(and(eq(orgDictItems.kind, 'domain'), inArray(orgDictItems.code, refs)));
    return new Map(found.map((f) => [f.code, f.name]));
  },
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
registerScopeKind('region', {
  async check(tx, refs) {
    const valid = refs.filter((r) => UUID.test(r));
    const found = valid.length
      ? await tx.select({ id: orgRegions.id }).from(orgRegions).where(inArray(orgRegions.id, valid))
      : [];
    const ok = new Set(found.map((f) => f.id));
    return refs.filter((r) => !ok.has(r));
  },
  async labels(tx, refs) {
    const valid = refs.filter((r) => UUID.test(r));
    const found = valid.length
      ? await tx
          .select({ id: orgRegions.id, name: orgRegions.name })
          .from(orgRegions)
          .where(inArray(orgRegions.id, valid))
      : [];
    return new Map(found.map((f) => [f.id, f.name]));
  },
});

/** Versions of a unit's division of labour, newest first, with the day each stopped applying. */
export async function listDivisions(
  ctx: Ctx,
  unitId: string,
): Promise<{ items: z.infer<typeof DivisionVersionView>[]; sentForReview: boolean }> {
  const [unit] = await ctx.db.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.id, unitId));
  if (!unit) throw notFound('单位');
  assertCanReadUnitTeam(ctx, unitId);
  const list = await rows<{
    id: string;
    version: number;
    effective_from: string;
    effective_to: string | null;
    doc_no: string | null;
    reason: string | null;
    created_at: Date | string;
    members: number;
  }>(
    ctx.db,
    sql`select d.id, d.version, d.effective_from::text, d.doc_no, d.reason, d.created_at,
          (lead(d.effective_from) over (order by d.effective_from, d.version))::text as effective_to,
          (select count(*)::int from org_division_members m where m.division_id = d.id) as members
        from org_divisions d where d.unit_id = ${unitId}
        order by d.effective_from desc, d.version desc`,
  );
  await recordAudit(ctx, { action: 'org.divisions.read', objectType: 'unit', objectId: unitId });
  return {
    items: list.map((d) => ({
      id: d.id,
      version: d.version,
      effectiveFrom: d.effective_from,
      effectiveTo: d.effective_to,
      docNo: d.doc_no,
      reason: d.reason,
      // A raw query gives the driver's value: a Date on node-postgres, a string on some drivers.
      createdAt: new Date(d.created_at),
      members: d.members,
    })),
    sentForReview: divisionSentForReview(ctx.actor),
  };
}

async function scopeLabels(tx: Tx, scopes: { kind: string; ref: string }[]) {
  const out = new Map<string, string>();
  const byKind = new Map<string, string[]>();
  for (const s of scopes) byKind.set(s.kind, [...(byKind.get(s.kind) ?? []), s.ref]);
  for (const [kind, refs] of byKind) {
    const k = scopeKinds.get(kind);
    const labels = k ? await k.labels(tx, refs) : new Map<string, string>();
    for (const r of refs) out.set(`${kind}:${r}`, labels.get(r) ?? r);
  }
  return out;
}

/** One version with its members and what each is responsible for. */
export async function getDivision(ctx: Ctx, id: string): Promise<z.infer<typeof DivisionDetail>> {
  const [d] = await ctx.db
    .select({
      id: orgDivisions.id,
      unitId: orgDivisions.unitId,
      version: orgDivisions.version,
      effectiveFrom: orgDivisions.effectiveFrom,
      docNo: orgDivisions.docNo,
      reason: orgDivisions.reason,
      createdAt: orgDivisions.createdAt,
    })
    .from(orgDivisions)
    .where(eq(orgDivisions.id, id));
  if (!d) throw notFound('分工版本');
  assertCanReadUnitTeam(ctx, d.unitId);
  const members = await ctx.db
    .select({
      cadreId: orgDivisionMembers.cadreId,
      duties: orgDivisionMembers.duties,
      name: orgCadres.name,
      post: orgCadres.post,
      teamPlace: orgCadres.teamPlace,
    })
    .from(orgDivisionMembers)
    .innerJoin(orgCadres, eq(orgCadres.id, orgDivisionMembers.cadreId))
    .where(eq(orgDivisionMembers.divisionId, id))
    .orderBy(asc(orgDivisionMembers.sort));
  const scopes = await ctx.db.select().from(orgDivisionScopes).where(eq(orgDivisionScopes.divisionId, id));
  const labels = await scopeLabels(ctx.db as unknown as Tx, scopes);
  await recordAudit(ctx, { action: 'org.division.read', objectType: 'division', objectId: id });
  return {
    ...d,
    members: members.map((r) => ({
      cadreId: r.cadreId,
      name: r.name,
      post: r.post,
      teamPlace: r.teamPlace,
      duties: r.duties,
      scopes: scopes
        .filter((s) => s.cadreId === r.cadreId)
        .map((s) => ({
          // The request schema admits only the known kinds.
          kind: s.kind as ScopeKindCode,
          ref: s.ref,
          lead: s.lead,
          label: labels.get(`${s.kind}:${s.ref}`) ?? s.ref,
        })),
    })),
  };
}

async function nextVersion(tx: Tx, unitId: string): Promise<number> {
  const [r] = await tx
    .select({ v: max(orgDivisions.version) })
    .from(orgDivisions)
    .where(eq(orgDivisions.unitId, unitId));
  return (r?.v ?? 0) + 1;
}

/** The version in force on a day (the latest that started on or before it). */
async function versionAt(tx: Tx, unitId: string, day: string) {
  const [d] = await tx
    .select()
    .from(orgDivisions)
    .where(and(eq(orgDivisions.unitId, unitId), lte(orgDivisions.effectiveFrom, day)))
    .orderBy(desc(orgDivisions.effectiveFrom), desc(orgDivisions.version))
    .limit(1);
  return d ?? null;
}

async function membersOf(tx: Tx, divisionId: string): Promise<MemberInput[]> {
  const members = await tx
    .select()
    .from(orgDivisionMembers)
    .where(eq(orgDivisionMembers.divisionId, divisionId))
    .orderBy(asc(orgDivisionMembers.sort));
  const scopes = await tx
    .select()
    .from(orgDivisionScopes)
    .where(eq(orgDivisionScopes.divisionId, divisionId));
  return members.map((m) => ({
    cadreId: m.cadreId,
    duties: m.duties,
    scopes: scopes
      .filter((s) => s.cadreId === m.cadreId)
      .map((s) => ({ kind: s.kind as 'domain', ref: s.ref, lead: s.lead })),
  }));
}

/** Writes a new version (never changes an old one) and tells the cadres' timelines. */
async function insertVersion(
  ctx: Ctx,
  tx: Tx,
  audit: Audit,
  unitId: string,
  v: { effectiveFrom: string; docNo?: string | null; reason?: string | null; members: MemberInput[] },
) {
  const version = await nextVersion(tx, unitId);
  const by = ctx.actor?.userId ?? null;
  const [d] = await tx
    .insert(orgDivisions)
    .values({
      unitId,
      version,
      effectiveFrom: v.effectiveFrom,
      docNo: v.docNo ?? null,
      reason: v.reason ?? null,
      createdBy: by,
    })
    .returning();
  if (v.members.length) {
    await tx.insert(orgDivisionMembers).values(
      v.members.map((m, i) => ({
        divisionId: d!.id,
        cadreId: m.cadreId,
        duties: m.duties ?? null,
        sort: i,
      })),
    );
    const scopes = v.members.flatMap((m) =>
      m.scopes.map((s) => ({
        divisionId: d!.id,
        cadreId: m.cadreId,
        kind: s.kind,
        ref: s.ref,
        lead: s.lead,
      })),
    );
    if (scopes.length) await tx.insert(orgDivisionScopes).values(scopes);
  }
  const [unit] = await tx.select({ name: orgUnits.name }).from(orgUnits).where(eq(orgUnits.id, unitId));
  for (const m of v.members) {
    await addTimelineEvent(tx, {
      cadreId: m.cadreId,
      occurredOn: v.effectiveFrom,
      module: 'org',
      kind: 'division',
      title: `${unit?.name ?? ''}班子分工（第${version}版）生效`,
      recordType: 'division',
      recordId: d!.id,
      visibility: 'org_unit_self',
      createdBy: by,
    });
  }
  audit({ action: 'org.division.create', objectType: 'division', objectId: d!.id });
  return d!;
}

async function validateMembers(tx: Tx, unitId: string, day: string, members: MemberInput[]) {
  const ids = members.map((m) => m.cadreId);
  const twice = ids.findIndex((id, i) => ids.indexOf(id) !== i);
  if (twice >= 0)
    throw new AppError('ORG_DIVISION_DUPLICATE_MEMBER', undefined, [
      { path: `body.members.${twice}.cadreId`, message: '同一名干部出现了两次' },
    ]);
  if (ids.length) {
    // Only cadres who hold a post in the unit on that day can be given duties there.
    const inUnit = await tx
      .select({ cadreId: orgAppointments.cadreId })
      .from(orgAppointments)
      .where(
        and(
          inArray(orgAppointments.cadreId, ids),
          eq(orgAppointments.unitId, unitId),
          lte(orgAppointments.startsOn, day),
          sql`(${orgAppointments.endsOn} is null or ${orgAppointments.endsOn} >= ${day})`,
        ),
      );
    const ok = new Set(inUnit.map((r) => r.cadreId));
    const bad = ids.filter((id) => !ok.has(id));
    if (bad.length) {
      const names = await tx
        .select({ id: orgCadres.id, name: orgCadres.name })
        .from(orgCadres)
        .where(inArray(orgCadres.id, bad));
      const nameOf = new Map(names.map((n) => [n.id, n.name]));
      throw new AppError(
        'ORG_DIVISION_MEMBER_OUTSIDE_UNIT',
        `${names.map((n) => n.name).join('、') || '所选干部'}在 ${day} 不在本单位任职，不能分配分工`,
        bad.map((id) => ({
          path: `body.members.${ids.indexOf(id)}.cadreId`,
          message: `${nameOf.get(id) ?? '该干部'}在 ${day} 不在本单位任职`,
        })),
      );
    }
  }
  const byKind = new Map<string, string[]>();
  for (const m of members)
    for (const s of m.scopes) byKind.set(s.kind, [...(byKind.get(s.kind) ?? []), s.ref]);
  // Where in the body each scope came from, so that the refusal names the field.
  const where = (kind: string, ref?: string) =>
    members.flatMap((m, i) =>
      m.scopes.flatMap((s, j) =>
        s.kind === kind && (ref === undefined || s.ref === ref) ? [`body.members.${i}.scopes.${j}`] : [],
      ),
    );
  for (const [kind, refs] of byKind) {
    const k = scopeKinds.get(kind);
    if (!k) {
      const message = `暂不支持分工范围类型“${kind}”`;
      throw new AppError(
        'ORG_SCOPE_KIND_UNKNOWN',
        message,
        where(kind).map((path) => ({ path: `${path}.kind`, message })),
      );
    }
    const missing = await k.check(tx, [...new Set(refs)]);
    if (missing.length)
      throw new AppError(
        'ORG_SCOPE_REF_UNKNOWN',
        `分工范围中的 ${missing.join('、')} 不存在`,
        missing.flatMap((ref) =>
          where(kind, ref).map((path) => ({ path: `${path}.ref`, message: `${ref} 不存在` })),
        ),
      );
  }
}

/**
 * Records a new version of a unit's division of labour. A unit administrator's version goes
 * on the organization department's to-do list for review.
 */
export async function createDivision(
  ctx: Ctx,
  unitId: string,
  body: z.infer<typeof DivisionBody>,
): Promise<z.infer<typeof DivisionRecorded>> {
  assertCanEditUnit(ctx, unitId);
  return write(ctx, async (tx, audit) => {
    const [unit] = await tx.select().from(orgUnits).where(eq(orgUnits.id, unitId));
    if (!unit) throw notFound('单位');
    const d = await recordDivision(ctx, tx, audit, unitId, body);
    const sentForReview = divisionSentForReview(ctx.actor);
    if (sentForReview) {
      await addTodo(ctx, tx, {
        module: 'org',
        kind: 'division.review',
        title: `查阅${unit.name}班子分工调整（第${d.version}版）`,
        link: `/org/units/${unitId}?tab=division`,
        recordType: 'division',
        recordId: d.id,
        assigneeRole: 'assessment_officer',
        sourceKey: `division.review:${d.id}`,
      });
    }
    return { id: d.id, unitId, version: d.version, effectiveFrom: d.effectiveFrom, sentForReview };
  });
}

/** Checks and writes a version in the caller's transaction (also used by the demo generator). */
export async function recordDivision(
  ctx: Ctx,
  tx: Tx,
  audit: Audit,
  unitId: string,
  body: z.infer<typeof DivisionBody>,
) {
  await assertPeriodOpen(tx, body.effectiveFrom);
  await validateMembers(tx, unitId, body.effectiveFrom, body.members);
  return insertVersion(ctx, tx, audit, unitId, body);
}

/** A new version of the unit's division without the cadre (transfer, retirement). */
export async function removeFromDivision(
  ctx: Ctx,
  tx: Tx,
  audit: Audit,
  unitId: string,
  cadreId: string,
  day: string,
  reason: string,
) {
  const cur = await versionAt(tx, unitId, day);
  if (!cur) return;
  const members = await membersOf(tx, cur.id);
  if (!members.some((m) => m.cadreId === cadreId)) return;
  await insertVersion(ctx, tx, audit, unitId, {
    effectiveFrom: day,
    docNo: null,
    reason,
    members: members.filter((m) => m.cadreId !== cadreId),
  });
}

/** A new version of the unit's division with the cadre added, duties to be assigned. */
export async function addToDivision(
  ctx: Ctx,
  tx: Tx,
  audit: Audit,
  unitId: string,
  cadreId: string,
  day: string,
  reason: string,
) {
  const cur = await versionAt(tx, unitId, day);
  const members = cur ? await membersOf(tx, cur.id) : [];
  if (members.some((m) => m.cadreId === cadreId)) return;
  await insertVersion(ctx, tx, audit, unitId, {
    effectiveFrom: day,
    reason,
    members: [...members, { cadreId, duties: '分工待定', scopes: [] }],
  });
}

export type Responsibility = z.infer<typeof ResponsibilityView>;

/**
 * 职责范围: what a cadre was responsible for on a day — the division versions in force then,
 * in the units where they held a post then.
 */
export async function responsibilitiesAt(ex: Tx, cadreId: string, day: string): Promise<Responsibility[]> {
  const found = await rows<{
    division_id: string;
    unit_id: string;
    unit_name: string;
    version: number;
    effective_from: string;
    effective_to: string | null;
    doc_no: string | null;
    duties: string | null;
  }>(
    ex,
    sql`with v as (
          select d.*, lead(d.effective_from) over (partition by d.unit_id order by d.effective_from, d.version) as effective_to
          from org_divisions d
          where d.unit_id in (select a.unit_id from org_appointments a
                              where a.cadre_id = ${cadreId} and a.starts_on <= ${day}
                                and (a.ends_on is null or a.ends_on >= ${day}))
        )
        select v.id as division_id, v.unit_id, u.name as unit_name, v.version, v.effective_from::text,
               v.effective_to::text, v.doc_no, m.duties
        from v
        join org_division_members m on m.division_id = v.id and m.cadre_id = ${cadreId}
        join org_units u on u.id = v.unit_id
        where v.effective_from <= ${day} and (v.effective_to is null or v.effective_to > ${day})`,
  );
  if (!found.length) return [];
  const scopes = await ex
    .select()
    .from(orgDivisionScopes)
    .where(
      and(
        eq(orgDivisionScopes.cadreId, cadreId),
        inArray(
          orgDivisionScopes.divisionId,
          found.map((f) => f.division_id),
        ),
      ),
    );
  const labels = await scopeLabels(ex, scopes);
  return found.map((f) => ({
    unitId: f.unit_id,
    unitName: f.unit_name,
    divisionId: f.division_id,
    version: f.version,
    effectiveFrom: f.effective_from,
    effectiveTo: f.effective_to,
    docNo: f.doc_no,
    duties: f.duties,
    scopes: scopes
      .filter((s) => s.divisionId === f.division_id)
      .map((s) => ({
        kind: s.kind as ScopeKindCode,
        ref: s.ref,
        lead: s.lead,
        label: labels.get(`${s.kind}:${s.ref}`) ?? s.ref,
      })),
  }));
}

/** The audited read of a cadre's responsibility scope on a day (today by default). */
export async function cadreResponsibilities(ctx: Ctx, cadreId: string, day?: string) {
  const [c] = await ctx.db.select().from(orgCadres).where(eq(orgCadres.id, cadreId));
  if (!c) throw notFound('干部');
  assertCadreInScope(ctx, c);
  const on = day ?? localDay(ctx.clock.now());
  const list = await responsibilitiesAt(ctx.db as unknown as Tx, cadreId, on);
  await recordAudit(ctx, { action: 'org.responsibilities.read', objectType: 'cadre', objectId: cadreId });
  return { cadreId, date: on, responsibilities: list };
}

/** `responsibilitiesAt` for every cadre at once (the scopes of a whole county on a day). */
export async function responsibilitiesOnDay(ex: Tx, day: string): Promise<Map<string, Responsibility[]>> {
  const found = await rows<{
    cadre_id: string;
    division_id: string;
    unit_id: string;
    unit_name: string;
    version: number;
    effective_from: string;
    effective_to: string | null;
    doc_no: string | null;
    duties: string | null;
  }>(
    ex,
    sql`with v as (
          select d.*, lead(d.effective_from) over (partition by d.unit_id order by d.effective_from, d.version) as effective_to
          from org_divisions d
        )
        select m.cadre_id, v.id as division_id, v.unit_id, u.name as unit_name, v.version, v.effective_from::text,
               v.effective_to::text, v.doc_no, m.duties
        from v
        join org_division_members m on m.division_id = v.id
        join org_units u on u.id = v.unit_id
        where v.effective_from <= ${day} and (v.effective_to is null or v.effective_to > ${day})
          and exists (select 1 from org_appointments a where a.cadre_id = m.cadre_id and a.unit_id = v.unit_id
                      and a.starts_on <= ${day} and (a.ends_on is null or a.ends_on >= ${day}))`,
  );
  const out = new Map<string, Responsibility[]>();
  if (!found.length) return out;
  const scopes = await ex
    .select()
    .from(orgDivisionScopes)
    .where(inArray(orgDivisionScopes.divisionId, [...new Set(found.map((f) => f.division_id))]));
  const labels = await scopeLabels(ex, scopes);
  for (const f of found)
    out.set(f.cadre_id, [
      ...(out.get(f.cadre_id) ?? []),
      {
        unitId: f.unit_id,
        unitName: f.unit_name,
        divisionId: f.division_id,
        version: f.version,
        effectiveFrom: f.effective_from,
        effectiveTo: f.effective_to,
        docNo: f.doc_no,
        duties: f.duties,
        scopes: scopes
          .filter((s) => s.divisionId === f.division_id && s.cadreId === f.cadre_id)
          .map((s) => ({
            kind: s.kind as ScopeKindCode,
            ref: s.ref,
            lead: s.lead,
            label: labels.get(`${s.kind}:${s.ref}`) ?? s.ref,
          })),
      },
    ]);
  return out;
}
