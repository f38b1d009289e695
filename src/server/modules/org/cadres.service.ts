import { and, asc, count, desc, eq, gte, ilike, inArray, isNull, lte, or, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  AppointmentView,
  CadreBody,
  CadreDetail,
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
import type { Actor, Ctx } from '../../lib/context.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { ageOn, dayBefore, localDay } from '../../lib/time.ts';
import { type Audit, write } from '../../lib/tx.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { addToDivision, removeFromDivision } from './division.service.ts';
import { assertCadreInScope, cadreCan, cadreScope } from './org.policy.ts';
import { assertPeriodOpen } from './periods.service.ts';
import { dictNamesOf } from './registry.service.ts';
import { addTimelineEvents, type TimelineEventInput } from './timeline.service.ts';

export type CadreRow = typeof orgCadres.$inferSelect;
type Appointment = z.infer<typeof AppointmentView>;

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
  // Only these cadres' divisions are looked at, each checked to be its unit's latest version
  // (a province holds tens of thousands of units; a page shows a few of them).
  const found = await rows<{ cadre_id: string; ref: string }>(
    ex,
    sql`select s.cadre_id, s.ref from org_division_scopes s join org_divisions d on d.id = s.division_id
        where s.kind = 'domain' and s.cadre_id in (${list})
          and d.id = (select d2.id from org_divisions d2 where d2.unit_id = d.unit_id and d2.effective_from <= ${day}
                      order by d2.effective_from desc, d2.version desc limit 1)
        order by s.lead desc, s.ref`,
  );
  for (const r of found) map.set(r.cadre_id, [...(map.get(r.cadre_id) ?? []), r.ref]);
  return map;
}

async function toViews(
  ex: Executor,
  actor: Actor | null,
  list: (CadreRow & { unitName: string | null })[],
  day: string,
): Promise<CadreView[]> {
  const [{ rank: ranks, role_type: roleTypes, domain: domains }, domainMap] = await Promise.all([
    dictNamesOf(ex, ['rank', 'role_type', 'domain']),
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
      // The table's check constraints guarantee sex, team place and status.
      sex: c.sex as CadreView['sex'],
      birthYear: c.birthYear,
      birthMonth: c.birthMonth,
      age: ageOn(day, c.birthYear, c.birthMonth),
      ethnicity: c.ethnicity,
      education: c.education,
      unitId: c.unitId,
      unitName: c.unitName,
      post: c.post,
      teamPlace: c.teamPlace as CadreView['teamPlace'],
      rankCode: c.rankCode,
      rankName: c.rankCode ? (ranks.get(c.rankCode) ?? c.rankCode) : null,
      roleTypeCode: c.roleTypeCode,
      roleTypeName: c.roleTypeCode ? (roleTypes.get(c.roleTypeCode) ?? c.roleTypeCode) : null,
      young: c.young,
      status: c.status as CadreView['status'],
      tags: c.tags,
      domains: (domainMap.get(c.id) ?? []).map((d) => domains.get(d) ?? d),
      can: cadreCan(actor, c),
    }),
  );
}

/**
 * The order of the cadre list. The default (unit 排序, unit name, 正职/副职/others, name) is kept
 * on the cadre's row by database triggers, so that its pages are read from
 * org_cadres_list_order_idx rather than sorted; the id last keeps pages apart where all else ties.
 */
export function cadreListOrder(sort?: z.infer<typeof CadreQuery>['sort']): SQL[] {
  if (sort === 'name') return [asc(orgCadres.name), asc(orgCadres.id)];
  if (sort === 'age') return [asc(orgCadres.birthYear), asc(orgCadres.name), asc(orgCadres.id)];
  return [
    asc(orgCadres.unitSort),
    asc(orgCadres.unitName),
    asc(orgCadres.placeRank),
    asc(orgCadres.name),
    asc(orgCadres.id),
  ];
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
  const order = cadreListOrder(q.sort);
  const [list, [{ total } = { total: 0 }]] = await Promise.all([
    ctx.db
      .select()
      .from(orgCadres)
      .where(where)
      .orderBy(...order)
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ total: count() }).from(orgCadres).where(where),
  ]);
  const [items] = await Promise.all([
    toViews(ctx.db, ctx.actor, list, day),
    recordAudit(ctx, { action: 'org.cadres.list', objectType: 'cadre', objectId: null }),
  ]);
  return { items, total };
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

/** A cadre's view as the actor sees it (no audit entry: for answers to the actor's own writes). */
async function cadreView(ex: Executor, ctx: Ctx, id: string): Promise<z.infer<typeof CadreDetail>> {
  const c = await cadreRow(ex, id);
  const [unit] = c.unitId
    ? await ex.select({ name: orgUnits.name }).from(orgUnits).where(eq(orgUnits.id, c.unitId))
    : [];
  const [view] = await toViews(
    ex,
    ctx.actor,
    [{ ...c, unitName: unit?.name ?? null }],
    localDay(ctx.clock.now()),
  );
  return { ...view!, resume: c.resume };
}

/** One cadre's profile; an audited read of assessment content. */
export async function getCadre(ctx: Ctx, id: string): Promise<z.infer<typeof CadreDetail>> {
  const c = await cadreRow(ctx.db, id);
  assertCadreInScope(ctx, c);
  const view = await cadreView(ctx.db, ctx, id);
  await recordAudit(ctx, { action: 'org.cadre.read', objectType: 'cadre', objectId: id });
  return view;
}

function appointmentQuery(ex: Executor) {
  return ex
    .select({
      id: orgAppointments.id,
      cadreId: orgAppointments.cadreId,
      kind: orgAppointments.kind,
      unitId: orgAppointments.unitId,
      unitName: orgUnits.name,
      post: orgAppointments.post,
      teamPlace: orgAppointments.teamPlace,
      rankCode: orgAppointments.rankCode,
      roleTypeCode: orgAppointments.roleTypeCode,
      startsOn: orgAppointments.startsOn,
      endsOn: orgAppointments.endsOn,
      docNo: orgAppointments.docNo,
      note: orgAppointments.note,
      createdAt: orgAppointments.createdAt,
    })
    .from(orgAppointments)
    .leftJoin(orgUnits, eq(orgUnits.id, orgAppointments.unitId))
    .$dynamic();
}

// The table's check constraint guarantees the kinds.
function toAppointment(a: Omit<Appointment, 'kind' | 'kindLabel'> & { kind: string }): Appointment {
  const kind = a.kind as Appointment['kind'];
  return { ...a, kind, kindLabel: APPOINTMENT_KIND_LABELS[kind] };
}

async function appointmentView(ex: Executor, id: string): Promise<Appointment> {
  const [a] = await appointmentQuery(ex).where(eq(orgAppointments.id, id));
  if (!a) throw notFound('任免记录');
  return toAppointment(a);
}

export async function listAppointments(ctx: Ctx, cadreId: string): Promise<Appointment[]> {
  const c = await cadreRow(ctx.db, cadreId);
  assertCadreInScope(ctx, c);
  const list = await appointmentQuery(ctx.db)
    .where(eq(orgAppointments.cadreId, cadreId))
    .orderBy(desc(orgAppointments.startsOn), desc(orgAppointments.createdAt));
  await recordAudit(ctx, { action: 'org.appointments.read', objectType: 'cadre', objectId: cadreId });
  return list.map(toAppointment);
}

const DICT_FIELDS = { rank: ['rankCode', '职级'], role_type: ['roleTypeCode', '角色类型'] } as const;

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
  if (missing) {
    const [field, label] = DICT_FIELDS[kind];
    const message = `${label}“${missing}”不在字典中`;
    throw new AppError('ORG_DICT_CODE_UNKNOWN', message, [{ path: `body.${field}`, message }]);
  }
}

const assertDictCode = (ex: Executor, kind: 'rank' | 'role_type', code: string | null | undefined) =>
  assertDictCodes(ex, kind, [code]);

const unknownUnit = () =>
  new AppError('ORG_UNIT_UNKNOWN', undefined, [{ path: 'body.unitId', message: '单位不存在' }]);

async function assertUnit(ex: Executor, unitId: string) {
  const [u] = await ex
    .select({ id: orgUnits.id, name: orgUnits.name })
    .from(orgUnits)
    .where(eq(orgUnits.id, unitId));
  if (!u) throw unknownUnit();
  return u;
}

/** Creates a cadre with the appointment that places them. */
export async function createCadre(ctx: Ctx, body: z.infer<typeof CadreBody>): Promise<CadreView> {
  return write(ctx, async (tx, audit) => {
    const c = await insertCadre(ctx, tx, audit, body);
    const { resume: _, ...view } = await cadreView(tx, ctx, c.id);
    return view;
  });
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
  if (unitIds.some((id) => !unitName.has(id))) throw unknownUnit();
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

export async function updateCadre(
  ctx: Ctx,
  id: string,
  body: z.infer<typeof CadreUpdateBody>,
): Promise<CadreView> {
  return write(ctx, async (tx, audit) => {
    const [row] = await tx
      .update(orgCadres)
      .set({ ...body, updatedAt: ctx.clock.now(), updatedBy: ctx.actor?.userId })
      .where(eq(orgCadres.id, id))
      .returning({ id: orgCadres.id });
    if (!row) throw notFound('干部');
    audit({ action: 'org.cadre.update', objectType: 'cadre', objectId: id });
    const { resume: _, ...view } = await cadreView(tx, ctx, id);
    return view;
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
  ctx: Ctx,
) {
  await addTimelineEvents(tx, [
    appointmentEvent(cadreId, day, title, appointmentId, ctx.actor?.userId ?? null),
  ]);
}

async function currentAppointment(tx: Tx, cadreId: string) {
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
  const open = await currentAppointment(tx, cadreId);
  if (open && open.startsOn >= date) {
    const message = `日期 ${date} 应晚于现任职务的起始日期 ${open.startsOn}`;
    throw new AppError('ORG_APPOINTMENT_DATE_TOO_EARLY', message, [{ path: 'body.date', message }]);
  }
  if (open)
    await tx
      .update(orgAppointments)
      .set({ endsOn: dayBefore(date) })
      .where(eq(orgAppointments.id, open.id));
  return open;
}

/** Refuses a change to a cadre who has retired or left (or, for a post change, holds no post). */
function assertActive(c: CadreRow, needsUnit = false): void {
  if (c.status !== 'active' || (needsUnit && !c.unitId))
    throw new AppError('ORG_CADRE_NOT_ACTIVE', `${c.name}已退休或离任`);
}

/**
 * 调动: ends the old appointment and responsibility scope (a new division version of the old
 * unit without the cadre) and starts the next (the cadre joins the new unit's division,
 * duties to be assigned). The route's own transaction; other modules call `recordTransfer`.
 */
export async function transferCadre(ctx: Ctx, id: string, body: z.infer<typeof TransferBody>) {
  return write(ctx, (tx, audit) => recordTransfer(ctx, tx, audit, id, body));
}

/**
 * The transfer in the caller's transaction, with its audit entries on the caller's `audit`: a
 * decision recorded by another module (a personnel decision, a demotion) and the registry change
 * it causes commit together or not at all.
 */
export async function recordTransfer(
  ctx: Ctx,
  tx: Tx,
  audit: Audit,
  id: string,
  body: z.infer<typeof TransferBody>,
): Promise<Appointment> {
  await assertPeriodOpen(tx, body.date);
  const c = await lockedCadre(tx, id);
  assertActive(c);
  if (c.unitId === body.unitId) {
    throw new AppError('ORG_TRANSFER_SAME_UNIT', undefined, [
      { path: 'body.unitId', message: '调入单位与现单位相同' },
    ]);
  }
  const unit = await assertUnit(tx, body.unitId);
  await assertDictCode(tx, 'rank', body.rankCode);
  await assertDictCode(tx, 'role_type', body.roleTypeCode);
  const old = await closeOpenAppointment(tx, id, body.date);
  const placement = {
    unitId: body.unitId,
    post: body.post,
    teamPlace: body.teamPlace,
    rankCode: body.rankCode ?? c.rankCode,
    roleTypeCode: body.roleTypeCode ?? c.roleTypeCode,
  };
  const a = await startAppointment(ctx, tx, id, 'transfer', placement, body);
  if (old?.unitId) await removeFromDivision(ctx, tx, audit, old.unitId, id, body.date, `${c.name}调离`);
  await addToDivision(ctx, tx, audit, body.unitId, id, body.date, `${c.name}调入，分工待定`);
  await noteAppointment(tx, id, body.date, `调任${unit.name}${body.post}`, a, ctx);
  audit({ action: 'org.cadre.transfer', objectType: 'cadre', objectId: id });
  return appointmentView(tx, a);
}

/** 任职 / 晋升 / 降职 within the same unit, in the route's own transaction. */
export async function changePost(ctx: Ctx, id: string, body: z.infer<typeof ChangePostBody>) {
  return write(ctx, (tx, audit) => recordPostChange(ctx, tx, audit, id, body));
}

/** The change of post in the caller's transaction (see recordTransfer). */
export async function recordPostChange(
  ctx: Ctx,
  tx: Tx,
  audit: Audit,
  id: string,
  body: z.infer<typeof ChangePostBody>,
): Promise<Appointment> {
  await assertPeriodOpen(tx, body.date);
  const c = await lockedCadre(tx, id);
  assertActive(c, true);
  await assertDictCode(tx, 'rank', body.rankCode);
  await assertDictCode(tx, 'role_type', body.roleTypeCode);
  await closeOpenAppointment(tx, id, body.date);
  const placement = {
    unitId: c.unitId,
    post: body.post,
    teamPlace: body.teamPlace,
    rankCode: body.rankCode ?? c.rankCode,
    roleTypeCode: body.roleTypeCode ?? c.roleTypeCode,
  };
  const a = await startAppointment(ctx, tx, id, body.kind, placement, body);
  await noteAppointment(tx, id, body.date, `${APPOINTMENT_KIND_LABELS[body.kind]}：${body.post}`, a, ctx);
  audit({ action: `org.cadre.${body.kind}`, objectType: 'cadre', objectId: id });
  return appointmentView(tx, a);
}

/** 退休 / 离任 in the route's own transaction: ends the appointment and the responsibility scope. */
export async function retireCadre(ctx: Ctx, id: string, body: z.infer<typeof RetireBody>) {
  return write(ctx, (tx, audit) => recordRetirement(ctx, tx, audit, id, body));
}

/** The retirement or leaving in the caller's transaction (see recordTransfer); the records stay. */
export async function recordRetirement(
  ctx: Ctx,
  tx: Tx,
  audit: Audit,
  id: string,
  body: z.infer<typeof RetireBody>,
): Promise<Appointment> {
  await assertPeriodOpen(tx, body.date);
  const c = await lockedCadre(tx, id);
  assertActive(c);
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
    .returning({ id: orgAppointments.id });
  await tx
    .update(orgCadres)
    .set({ status: body.kind === 'retire' ? 'retired' : 'left', updatedAt: ctx.clock.now(), updatedBy: by })
    .where(eq(orgCadres.id, id));
  const what = body.kind === 'retire' ? '退休' : '离任';
  if (old?.unitId) await removeFromDivision(ctx, tx, audit, old.unitId, id, body.date, `${c.name}${what}`);
  await noteAppointment(tx, id, body.date, what, a!.id, ctx);
  audit({ action: `org.cadre.${body.kind}`, objectType: 'cadre', objectId: id });
  return appointmentView(tx, a!.id);
}

/** The cadre's row, locked until the transaction ends (two changes to one cadre go one at a time). */
async function lockedCadre(tx: Tx, id: string): Promise<CadreRow> {
  const [row] = await tx.select().from(orgCadres).where(eq(orgCadres.id, id)).for('update');
  if (!row) throw notFound('干部');
  return row;
}

interface Placement {
  unitId: string | null;
  post: string;
  teamPlace: string;
  rankCode: string | null;
  roleTypeCode: string | null;
}

/** Opens the appointment that places the cadre, and mirrors it on the cadre's row. */
async function startAppointment(
  ctx: Ctx,
  tx: Tx,
  cadreId: string,
  kind: Appointment['kind'],
  placement: Placement,
  doc: { date: string; docNo?: string | null; note?: string | null },
): Promise<string> {
  const by = ctx.actor?.userId ?? null;
  const [a] = await tx
    .insert(orgAppointments)
    .values({
      cadreId,
      kind,
      ...placement,
      startsOn: doc.date,
      docNo: doc.docNo ?? null,
      note: doc.note ?? null,
      createdBy: by,
    })
    .returning({ id: orgAppointments.id });
  await tx
    .update(orgCadres)
    .set({ ...placement, updatedAt: ctx.clock.now(), updatedBy: by })
    .where(eq(orgCadres.id, cadreId));
  return a!.id;
}
