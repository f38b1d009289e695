import { and, asc, count, desc, eq, gte, ilike, inArray, isNull, lte, or, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  CadreBody,
  CadreQuery,
  CadreUpdateBody,
  CadreView,
  ChangePostBody,
  DirectoryCadre,
  RetireBody,
  TransferBody,
} from '../../../common/contracts/org.ts';
import { APPOINTMENT_KIND_LABELS } from '../../../common/contracts/org.ts';
import type { Executor, Tx } from '../../db/client.ts';
import { rows } from '../../db/client.ts';
import { orgAppointments, orgCadres, orgDictItems, orgUnits } from '../../db/schema/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { ageOn, dayBefore, localDay } from '../../lib/time.ts';
import { type Audit, write } from '../../lib/tx.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { addToDivision, removeFromDivision } from './division.service.ts';
import { assertCadreInScope, cadreScope } from './org.policy.ts';
import { assertPeriodOpen } from './periods.service.ts';
import { dictNames } from './registry.service.ts';
import { addTimelineEvents, type TimelineEventInput } from './timeline.service.ts';

export type CadreRow = typeof orgCadres.$inferSelect;

const like = (q: string) => `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

/** Birth-year bounds of an age band on a day (by year of birth, as cadre statistics count). */
function ageBandYears(band: string, day: string): [number, number] {
  const y = Number(day.slice(0, 4));
  const [lo, hi] =
    band === '<=35'
      ? [0, 35]
      : band === '>55'
        ? [56, 200]
        : (band.split('-').map(Number) as [number, number]);
  return [y - hi, y - lo];
}

/** SQL: the cadre currently holds a responsibility for this domain (the unit's latest version). */
function currentDomainFilter(domain: string, day: string): SQL {
  return sql`exists (
    select 1 from org_division_scopes s
    join org_divisions d on d.id = s.division_id
    where s.cadre_id = ${orgCadres.id} and s.kind = 'domain' and s.ref = ${domain}
      and d.id = (select d2.id from org_divisions d2 where d2.unit_id = d.unit_id and d2.effective_from <= ${day}
                  order by d2.effective_from desc, d2.version desc limit 1))`;
}

/** The domains each cadre is responsible for today, by the latest division version of their unit. */
export async function currentDomains(
  ex: Executor,
  cadreIds: string[],
  day: string,
): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>();
  if (cadreIds.length === 0) return map;
  const list = sql.join(
    cadreIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const found = await rows<{ cadre_id: string; ref: string }>(
    ex,
    sql`with cur as (
          select distinct on (unit_id) id from org_divisions where effective_from <= ${day}
          order by unit_id, effective_from desc, version desc)
        select s.cadre_id, s.ref from org_division_scopes s join cur on cur.id = s.division_id
        where s.kind = 'domain' and s.cadre_id in (${list})
        order by s.lead desc, s.ref`,
  );
  for (const r of found) map.set(r.cadre_id, [...(map.get(r.cadre_id) ?? []), r.ref]);
  return map;
}

async function toViews(ex: Executor, list: (CadreRow & { unitName: string | null })[], day: string) {
  const [ranks, roleTypes, domains, domainMap] = await Promise.all([
    dictNames(ex, 'rank'),
    dictNames(ex, 'role_type'),
    dictNames(ex, 'domain'),
    currentDomains(
      ex,
      list.map((c) => c.id),
      day,
    ),
  ]);
  return list.map(
    (c): CadreView => ({
      id: c.id,
      code: c.code,
      name: c.name,
      sex: c.sex,
      birthYear: c.birthYear,
      birthMonth: c.birthMonth,
      age: ageOn(day, c.birthYear, c.birthMonth),
      ethnicity: c.ethnicity,
      education: c.education,
      unitId: c.unitId,
      unitName: c.unitName,
      post: c.post,
      teamPlace: c.teamPlace,
      rankCode: c.rankCode,
      rankName: c.rankCode ? (ranks.get(c.rankCode) ?? c.rankCode) : null,
      roleTypeCode: c.roleTypeCode,
      roleTypeName: c.roleTypeCode ? (roleTypes.get(c.roleTypeCode) ?? c.roleTypeCode) : null,
      young: c.young,
      status: c.status,
      tags: c.tags,
      domains: (domainMap.get(c.id) ?? []).map((d) => domains.get(d) ?? d),
    }),
  );
}

/** The cadre list with the organization department's filters, limited to the actor's scope. */
export async function listCadres(ctx: Ctx, q: z.infer<typeof CadreQuery>) {
  const day = localDay(ctx.clock.now());
  const parts: SQL[] = [];
  const scope = cadreScope(ctx.actor);
  if (!scope.all) {
    const or_: SQL[] = [];
    if (scope.unitIds.length) or_.push(inArray(orgCadres.unitId, scope.unitIds));
    if (scope.cadreIds.length) or_.push(inArray(orgCadres.id, scope.cadreIds));
    if (!or_.length) return { items: [], total: 0 };
    parts.push(or(...or_)!);
  }
  const status = q.status ?? 'active';
  if (status !== 'all') parts.push(eq(orgCadres.status, status));
  if (q.q)
    parts.push(
      or(ilike(orgCadres.name, like(q.q)), ilike(orgCadres.post, like(q.q)), eq(orgCadres.code, q.q))!,
    );
  if (q.unitId) parts.push(eq(orgCadres.unitId, q.unitId));
  if (q.rankCode) parts.push(eq(orgCadres.rankCode, q.rankCode));
  if (q.roleTypeCode) parts.push(eq(orgCadres.roleTypeCode, q.roleTypeCode));
  if (q.teamPlace) parts.push(eq(orgCadres.teamPlace, q.teamPlace));
  if (q.young) parts.push(eq(orgCadres.young, q.young === 'true'));
  if (q.ageBand) {
    const [from, to] = ageBandYears(q.ageBand, day);
    parts.push(and(gte(orgCadres.birthYear, from), lte(orgCadres.birthYear, to))!);
  }
  if (q.domain) parts.push(currentDomainFilter(q.domain, day));
  const where = parts.length ? and(...parts) : undefined;
  const order =
    q.sort === 'name'
      ? [asc(orgCadres.name)]
      : q.sort === 'age'
        ? [asc(orgCadres.birthYear), asc(orgCadres.name)]
        : [
            asc(orgUnits.sort),
            asc(orgUnits.name),
            sql`case ${orgCadres.teamPlace} when '正职' then 0 when '副职' then 1 else 2 end`,
            asc(orgCadres.name),
          ];
  const list = await ctx.db
    .select({ cadre: orgCadres, unitName: orgUnits.name })
    .from(orgCadres)
    .leftJoin(orgUnits, eq(orgUnits.id, orgCadres.unitId))
    .where(where)
    .orderBy(...order)
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const [{ total } = { total: 0 }] = await ctx.db.select({ total: count() }).from(orgCadres).where(where);
  await recordAudit(ctx, { action: 'org.cadres.list', objectType: 'cadre', objectId: null });
  return {
    items: await toViews(
      ctx.db,
      list.map((r) => ({ ...r.cadre, unitName: r.unitName })),
      day,
    ),
    total,
  };
}

/** Names, units and posts only: what every staff role may look up. */
export async function cadreDirectory(
  ex: Executor,
  q: { q?: string; unitId?: string },
  page: { limit: number; offset: number },
): Promise<{ items: DirectoryCadre[]; total: number }> {
  const parts: SQL[] = [eq(orgCadres.status, 'active')];
  if (q.q) parts.push(or(ilike(orgCadres.name, like(q.q)), ilike(orgCadres.post, like(q.q)))!);
  if (q.unitId) parts.push(eq(orgCadres.unitId, q.unitId));
  const where = and(...parts);
  const items = await ex
    .select({
      id: orgCadres.id,
      name: orgCadres.name,
      unitId: orgCadres.unitId,
      unitName: orgUnits.name,
      post: orgCadres.post,
    })
    .from(orgCadres)
    .leftJoin(orgUnits, eq(orgUnits.id, orgCadres.unitId))
    .where(where)
    .orderBy(asc(orgUnits.sort), asc(orgCadres.name))
    .limit(page.limit)
    .offset(page.offset);
  const [{ total } = { total: 0 }] = await ex.select({ total: count() }).from(orgCadres).where(where);
  return { items, total };
}

export async function cadreRow(ex: Executor, id: string): Promise<CadreRow> {
  const [row] = await ex.select().from(orgCadres).where(eq(orgCadres.id, id));
  if (!row) throw notFound('干部');
  return row;
}

/** One cadre's profile; an audited read of assessment content. */
export async function getCadre(ctx: Ctx, id: string): Promise<CadreView & { resume: string | null }> {
  const c = await cadreRow(ctx.db, id);
  assertCadreInScope(ctx, c);
  const [unit] = c.unitId
    ? await ctx.db.select({ name: orgUnits.name }).from(orgUnits).where(eq(orgUnits.id, c.unitId))
    : [];
  const [view] = await toViews(ctx.db, [{ ...c, unitName: unit?.name ?? null }], localDay(ctx.clock.now()));
  await recordAudit(ctx, { action: 'org.cadre.read', objectType: 'cadre', objectId: id });
  return { ...view!, resume: c.resume };
}

export async function listAppointments(ctx: Ctx, cadreId: string) {
  const c = await cadreRow(ctx.db, cadreId);
  assertCadreInScope(ctx, c);
  const list = await ctx.db
    .select({ a: orgAppointments, unitName: orgUnits.name })
    .from(orgAppointments)
    .leftJoin(orgUnits, eq(orgUnits.id, orgAppointments.unitId))
    .where(eq(orgAppointments.cadreId, cadreId))
    .orderBy(desc(orgAppointments.startsOn), desc(orgAppointments.createdAt));
  await recordAudit(ctx, { action: 'org.appointments.read', objectType: 'cadre', objectId: cadreId });
  return list.map((r) => ({
    ...r.a,
    unitName: r.unitName,
    kindLabel: APPOINTMENT_KIND_LABELS[r.a.kind as 'appoint'],
  }));
}

async function assertDictCodes(
  ex: Executor,
  kind: 'rank' | 'role_type',
  codes: (string | null | undefined)[],
) {
  const wanted = [...new Set(codes.filter((c): c is string => !!c))];
  if (!wanted.length) return;
  const hits = await ex
    .select({ code: orgDictItems.code })
    .from(orgDictItems)
    .where(and(eq(orgDictItems.kind, kind), inArray(orgDictItems.code, wanted)));
  const found = new Set(hits.map((h) => h.code));
  const missing = wanted.find((c) => !found.has(c));
  if (missing)
    throw new AppError('VALIDATION_FAILED', `${kind === 'rank' ? '职级' : '角色类型'}“${missing}”不在字典中`);
}

const assertDictCode = (ex: Executor, kind: 'rank' | 'role_type', code: string | null | undefined) =>
  assertDictCodes(ex, kind, [code]);

async function assertUnit(ex: Executor, unitId: string) {
  const [u] = await ex
    .select({ id: orgUnits.id, name: orgUnits.name })
    .from(orgUnits)
    .where(eq(orgUnits.id, unitId));
  if (!u) throw new AppError('VALIDATION_FAILED', '单位不存在');
  return u;
}

/** Creates a cadre with the appointment that places them. */
export async function createCadre(ctx: Ctx, body: z.infer<typeof CadreBody>) {
  return write(ctx, (tx, audit) => insertCadre(ctx, tx, audit, body));
}

/** The insert of createCadre, for callers that already hold a transaction. */
export async function insertCadre(ctx: Ctx, tx: Tx, audit: Audit, body: z.infer<typeof CadreBody>) {
  const [c] = await insertCadres(ctx, tx, audit, [body]);
  return c!;
}

/**
 * Creates cadres with their first appointments and timeline entries in a few statements
 * (imports and the demo generator write hundreds at a time).
 */
export async function insertCadres(ctx: Ctx, tx: Tx, audit: Audit, bodies: z.infer<typeof CadreBody>[]) {
  if (bodies.length === 0) return [];
  for (const day of new Set(bodies.map((b) => b.startsOn))) await assertPeriodOpen(tx, day);
  const unitIds = [...new Set(bodies.map((b) => b.unitId))];
  const units = await tx
    .select({ id: orgUnits.id, name: orgUnits.name })
    .from(orgUnits)
    .where(inArray(orgUnits.id, unitIds));
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  const missingUnit = unitIds.find((id) => !unitName.has(id));
  if (missingUnit) throw new AppError('VALIDATION_FAILED', '单位不存在');
  await assertDictCodes(
    tx,
    'rank',
    bodies.map((b) => b.rankCode),
  );
  await assertDictCodes(
    tx,
    'role_type',
    bodies.map((b) => b.roleTypeCode),
  );
  const by = ctx.actor?.userId ?? null;
  const cadres = await tx
    .insert(orgCadres)
    .values(
      bodies.map((body) => ({
        code: body.code,
        name: body.name,
        sex: body.sex,
        birthYear: body.birthYear,
        birthMonth: body.birthMonth ?? null,
        ethnicity: body.ethnicity ?? null,
        education: body.education ?? null,
        resume: body.resume ?? null,
        unitId: body.unitId,
        post: body.post,
        teamPlace: body.teamPlace,
        rankCode: body.rankCode ?? null,
        roleTypeCode: body.roleTypeCode ?? null,
        young: body.young ?? false,
        tags: body.tags ?? [],
        createdBy: by,
        updatedBy: by,
      })),
    )
    .returning();
  const appointments = await tx
    .insert(orgAppointments)
    .values(
      bodies.map((body, i) => ({
        cadreId: cadres[i]!.id,
        kind: 'appoint',
        unitId: body.unitId,
        post: body.post,
        teamPlace: body.teamPlace,
        rankCode: body.rankCode ?? null,
        roleTypeCode: body.roleTypeCode ?? null,
        startsOn: body.startsOn,
        docNo: body.docNo ?? null,
        createdBy: by,
      })),
    )
    .returning({ id: orgAppointments.id });
  await addTimelineEvents(
    tx,
    bodies.map((body, i) =>
      appointmentEvent(
        cadres[i]!.id,
        body.startsOn,
        `任${unitName.get(body.unitId)}${body.post}`,
        appointments[i]!.id,
        by,
      ),
    ),
  );
  for (const c of cadres) audit({ action: 'org.cadre.create', objectType: 'cadre', objectId: c.id });
  return cadres;
}

export async function updateCadre(ctx: Ctx, id: string, body: z.infer<typeof CadreUpdateBody>) {
  return write(ctx, async (tx, audit) => {
    const [row] = await tx
      .update(orgCadres)
      .set({ ...body, updatedAt: ctx.clock.now(), updatedBy: ctx.actor?.userId })
      .where(eq(orgCadres.id, id))
      .returning();
    if (!row) throw notFound('干部');
    audit({ action: 'org.cadre.update', objectType: 'cadre', objectId: id });
    return row;
  });
}

/** Every appointment appears on the cadre's timeline, for the cadre and their unit to see too. */
function appointmentEvent(
  cadreId: string,
  day: string,
  title: string,
  appointmentId: string,
  by: string | null,
): TimelineEventInput {
  return {
    cadreId,
    occurredOn: day,
    module: 'org',
    kind: 'appointment',
    title,
    recordType: 'appointment',
    recordId: appointmentId,
    visibility: 'org_unit_self',
    createdBy: by,
  };
}

async function noteAppointment(
  tx: Tx,
  cadreId: string,
  day: string,
  title: string,
  appointmentId: string,
  by: string | null,
) {
  await addTimelineEvents(tx, [appointmentEvent(cadreId, day, title, appointmentId, by)]);
}

async function openAppointment(tx: Tx, cadreId: string) {
  const [a] = await tx
    .select()
    .from(orgAppointments)
    .where(and(eq(orgAppointments.cadreId, cadreId), isNull(orgAppointments.endsOn)))
    .orderBy(desc(orgAppointments.startsOn))
    .limit(1)
    .for('update');
  return a ?? null;
}

/** Ends the open appointment the day before `date`; refuses a date before it started. */
async function closeOpenAppointment(tx: Tx, cadreId: string, date: string) {
  const open = await openAppointment(tx, cadreId);
  if (open && open.startsOn >= date) {
    throw new AppError('VALIDATION_FAILED', `日期 ${date} 应晚于现任职务的起始日期 ${open.startsOn}`);
  }
  if (open)
    await tx
      .update(orgAppointments)
      .set({ endsOn: dayBefore(date) })
      .where(eq(orgAppointments.id, open.id));
  return open;
}

/**
 * 调动: ends the old appointment and responsibility scope (a new division version of the old
 * unit without the cadre) and starts the next (the cadre joins the new unit's division,
 * duties to be assigned).
 */
export async function transferCadre(ctx: Ctx, id: string, body: z.infer<typeof TransferBody>) {
  return write(ctx, async (tx, audit) => {
    await assertPeriodOpen(tx, body.date);
    const c = await cadreRow(tx, id);
    if (c.status !== 'active') throw new AppError('CONFLICT', '该干部已退休或离任，不能调动');
    if (c.unitId === body.unitId)
      throw new AppError('VALIDATION_FAILED', '调入单位与现单位相同；同单位内变动请用“职务变动”');
    const unit = await assertUnit(tx, body.unitId);
    await assertDictCode(tx, 'rank', body.rankCode);
    await assertDictCode(tx, 'role_type', body.roleTypeCode);
    const old = await closeOpenAppointment(tx, id, body.date);
    const by = ctx.actor?.userId ?? null;
    const [a] = await tx
      .insert(orgAppointments)
      .values({
        cadreId: id,
        kind: 'transfer',
        unitId: body.unitId,
        post: body.post,
        teamPlace: body.teamPlace,
        rankCode: body.rankCode ?? c.rankCode,
        roleTypeCode: body.roleTypeCode ?? c.roleTypeCode,
        startsOn: body.date,
        docNo: body.docNo ?? null,
        note: body.note ?? null,
        createdBy: by,
      })
      .returning();
    await tx
      .update(orgCadres)
      .set({
        unitId: body.unitId,
        post: body.post,
        teamPlace: body.teamPlace,
        rankCode: body.rankCode ?? c.rankCode,
        roleTypeCode: body.roleTypeCode ?? c.roleTypeCode,
        updatedAt: ctx.clock.now(),
        updatedBy: by,
      })
      .where(eq(orgCadres.id, id));
    if (old?.unitId) await removeFromDivision(ctx, tx, audit, old.unitId, id, body.date, `${c.name}调离`);
    await addToDivision(ctx, tx, audit, body.unitId, id, body.date, `${c.name}调入，分工待定`);
    await noteAppointment(tx, id, body.date, `调任${unit.name}${body.post}`, a!.id, by);
    audit({ action: 'org.cadre.transfer', objectType: 'cadre', objectId: id });
    return a!;
  });
}

/** 任职 / 晋升 / 降职 within the same unit. */
export async function changePost(ctx: Ctx, id: string, body: z.infer<typeof ChangePostBody>) {
  return write(ctx, async (tx, audit) => {
    await assertPeriodOpen(tx, body.date);
    const c = await cadreRow(tx, id);
    if (c.status !== 'active' || !c.unitId) throw new AppError('CONFLICT', '该干部已退休或离任');
    await assertDictCode(tx, 'rank', body.rankCode);
    await assertDictCode(tx, 'role_type', body.roleTypeCode);
    await closeOpenAppointment(tx, id, body.date);
    const by = ctx.actor?.userId ?? null;
    const values = {
      post: body.post,
      teamPlace: body.teamPlace,
      rankCode: body.rankCode ?? c.rankCode,
      roleTypeCode: body.roleTypeCode ?? c.roleTypeCode,
    };
    const [a] = await tx
      .insert(orgAppointments)
      .values({
        cadreId: id,
        kind: body.kind,
        unitId: c.unitId,
        ...values,
        startsOn: body.date,
        docNo: body.docNo ?? null,
        note: body.note ?? null,
        createdBy: by,
      })
      .returning();
    await tx
      .update(orgCadres)
      .set({ ...values, updatedAt: ctx.clock.now(), updatedBy: by })
      .where(eq(orgCadres.id, id));
    await noteAppointment(
      tx,
      id,
      body.date,
      `${APPOINTMENT_KIND_LABELS[body.kind]}：${body.post}`,
      a!.id,
      by,
    );
    audit({ action: `org.cadre.${body.kind}`, objectType: 'cadre', objectId: id });
    return a!;
  });
}

/** 退休 / 离任: ends the appointment and the responsibility scope; the records stay. */
export async function retireCadre(ctx: Ctx, id: string, body: z.infer<typeof RetireBody>) {
  return write(ctx, async (tx, audit) => {
    await assertPeriodOpen(tx, body.date);
    const c = await cadreRow(tx, id);
    if (c.status !== 'active') throw new AppError('CONFLICT', '该干部已退休或离任');
    const old = await closeOpenAppointment(tx, id, body.date);
    const by = ctx.actor?.userId ?? null;
    const [a] = await tx
      .insert(orgAppointments)
      .values({
        cadreId: id,
        kind: body.kind,
        unitId: null,
        startsOn: body.date,
        endsOn: body.date,
        docNo: body.docNo ?? null,
        note: body.note ?? null,
        createdBy: by,
      })
      .returning();
    await tx
      .update(orgCadres)
      .set({ status: body.kind === 'retire' ? 'retired' : 'left', updatedAt: ctx.clock.now(), updatedBy: by })
      .where(eq(orgCadres.id, id));
    if (old?.unitId) {
      await removeFromDivision(
        ctx,
        tx,
        audit,
        old.unitId,
        id,
        body.date,
        `${c.name}${body.kind === 'retire' ? '退休' : '离任'}`,
      );
    }
    await noteAppointment(tx, id, body.date, body.kind === 'retire' ? '退休' : '离任', a!.id, by);
    audit({ action: `org.cadre.${body.kind}`, objectType: 'cadre', objectId: id });
    return a!;
  });
}
