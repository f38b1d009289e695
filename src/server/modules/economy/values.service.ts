import { and, asc, count, desc, eq, ilike, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { type Frequency, parsePeriod } from '../../../analytics/period.ts';
import type {
  ApiKeyBody,
  CurvesQuery,
  FeedBody,
  FeedResult,
  FeedVia,
  IndicatorBody,
  IndicatorQuery,
  IndicatorView,
  RevisionView,
  SeriesQuery,
  SeriesView,
  TargetBody,
} from '../../../common/contracts/economy.ts';
import { pageWindow } from '../../../common/contracts/page.ts';
import { type Executor, rows, type Tx } from '../../db/client.ts';
import {
  authUsers,
  economyApiKeys,
  economyIndicators,
  economyTargets,
  economyValueRevisions,
  economyValues,
  orgDictItems,
  orgRegions,
  orgUnits,
} from '../../db/schema/index.ts';
import { type Actor, type Ctx, grantOf, hasRole } from '../../lib/context.ts';
import { AppError, fieldError, invalid, notFound } from '../../lib/errors.ts';
import { randomToken, sm3Hex } from '../../lib/hash.ts';
import { localDay } from '../../lib/time.ts';
import { write } from '../../lib/tx.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { enqueue, wakeJobs } from '../system/jobs.service.ts';
import { notInDict } from './economy.errors.ts';
import { apiKeyCan, indicatorCan } from './economy.policy.ts';

type IndicatorRow = typeof economyIndicators.$inferSelect;

// ---------------------------------------------------------------- catalog

async function domainNames(ex: Executor): Promise<Map<string, string>> {
  const list = await ex
    .select({ code: orgDictItems.code, name: orgDictItems.name })
    .from(orgDictItems)
    .where(eq(orgDictItems.kind, 'domain'));
  return new Map(list.map((d) => [d.code, d.name]));
}

/**
 * The catalog view of indicators; `withCounts` adds how many values each holds and its latest
 * period (a scan of its values: the catalog needs it, a chart does not).
 */
async function indicatorViews(
  ex: Executor,
  actor: Actor | null,
  list: IndicatorRow[],
  withCounts = true,
): Promise<IndicatorView[]> {
  if (list.length === 0) return [];
  const domains = await domainNames(ex);
  const stats = !withCounts
    ? []
    : await ex
        .select({
          indicatorId: economyValues.indicatorId,
          n: count(),
          latest: sql<string | null>`max(${economyValues.period})`,
        })
        .from(economyValues)
        .where(
          inArray(
            economyValues.indicatorId,
            list.map((i) => i.id),
          ),
        )
        .groupBy(economyValues.indicatorId);
  const byId = new Map(stats.map((s) => [s.indicatorId, s]));
  return list.map((i) => ({
    id: i.id,
    code: i.code,
    name: i.name,
    definition: i.definition,
    unit: i.unit,
    frequency: i.frequency as Frequency,
    direction: i.direction as 'up' | 'down',
    kind: i.kind as IndicatorView['kind'],
    department: i.department,
    domain: i.domain,
    domainName: i.domain ? (domains.get(i.domain) ?? i.domain) : null,
    core: i.core,
    active: i.active,
    valueCount: byId.get(i.id)?.n ?? 0,
    latestPeriod: byId.get(i.id)?.latest ?? null,
    updatedAt: i.updatedAt,
    can: indicatorCan(actor),
  }));
}

/** The department a data provider speaks for; null for the joint office and the department. */
export function providerDepartment(actor: Actor | null): string | null {
  if (!actor || hasRole(actor, 'joint_office', 'org_leader', 'assessment_officer')) return null;
  return grantOf(actor, 'data_provider')?.department ?? null;
}

export async function listIndicators(ctx: Ctx, q: z.infer<typeof IndicatorQuery>) {
  const parts: SQL[] = [];
  const own = providerDepartment(ctx.actor);
  if (own) parts.push(eq(economyIndicators.department, own));
  if (q.department) parts.push(eq(economyIndicators.department, q.department));
  if (q.domain) parts.push(eq(economyIndicators.domain, q.domain));
  if (q.core) parts.push(eq(economyIndicators.core, q.core === 'true'));
  if (q.q)
    parts.push(or(ilike(economyIndicators.name, `%${q.q}%`), ilike(economyIndicators.code, `%${q.q}%`))!);
  const where = parts.length ? and(...parts) : undefined;
  const list = await ctx.db
    .select()
    .from(economyIndicators)
    .where(where)
    .orderBy(desc(economyIndicators.core), asc(economyIndicators.department), asc(economyIndicators.code))
    .limit(pageWindow(q).limit)
    .offset(pageWindow(q).offset);
  const [total] = await ctx.db.select({ n: count() }).from(economyIndicators).where(where);
  return {
    items: await indicatorViews(ctx.db, ctx.actor, list),
    total: total!.n,
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function loadIndicator(ex: Executor, id: string): Promise<IndicatorRow> {
  const [i] = await ex.select().from(economyIndicators).where(eq(economyIndicators.id, id));
  if (!i) throw notFound('指标');
  return i;
}

export async function getIndicator(ctx: Ctx, id: string): Promise<IndicatorView> {
  const i = await loadIndicator(ctx.db, id);
  const own = providerDepartment(ctx.actor);
  if (own && i.department !== own) throw notFound('指标');
  return (await indicatorViews(ctx.db, ctx.actor, [i]))[0]!;
}

async function checkIndicatorRefs(ex: Executor, body: IndicatorBody) {
  const [dept] = await ex
    .select({ name: orgDictItems.name })
    .from(orgDictItems)
    .where(and(eq(orgDictItems.kind, 'department'), eq(orgDictItems.name, body.department)));
  if (!dept) throw notInDict('department', `数据部门“${body.department}”不在字典中`);
  if (body.domain && !(await domainNames(ex)).has(body.domain))
    throw notInDict('domain', `领域“${body.domain}”不在字典中`);
}

export async function createIndicator(ctx: Ctx, body: IndicatorBody): Promise<IndicatorView> {
  const row = await write(ctx, async (tx, audit) => {
    await checkIndicatorRefs(tx, body);
    const [dup] = await tx.select().from(economyIndicators).where(eq(economyIndicators.code, body.code));
    if (dup) throw fieldError('code', `指标编码“${body.code}”已被使用`, 'ECONOMY_INDICATOR_CODE_USED');
    const [i] = await tx
      .insert(economyIndicators)
      .values({ ...body, createdBy: ctx.actor?.userId ?? null, updatedBy: ctx.actor?.userId ?? null })
      .returning();
    audit({ action: 'economy.indicator.create', objectType: 'economy_indicator', objectId: i!.id });
    return i!;
  });
  return (await indicatorViews(ctx.db, ctx.actor, [row]))[0]!;
}

export async function updateIndicator(ctx: Ctx, id: string, body: IndicatorBody): Promise<IndicatorView> {
  const row = await write(ctx, async (tx, audit) => {
    const before = await loadIndicator(tx, id);
    await checkIndicatorRefs(tx, body);
    const [values] = await tx
      .select({ n: count() })
      .from(economyValues)
      .where(eq(economyValues.indicatorId, id));
    if (values!.n > 0 && (before.code !== body.code || before.frequency !== body.frequency))
      throw new AppError('ECONOMY_INDICATOR_HAS_VALUES');
    const [i] = await tx
      .update(economyIndicators)
      .set({ ...body, updatedAt: ctx.clock.now(), updatedBy: ctx.actor?.userId ?? null })
      .where(eq(economyIndicators.id, id))
      .returning();
    audit({ action: 'economy.indicator.update', objectType: 'economy_indicator', objectId: id });
    return i!;
  });
  return (await indicatorViews(ctx.db, ctx.actor, [row]))[0]!;
}

export async function listDepartments(ctx: Ctx) {
  const depts = await ctx.db
    .select({ code: orgDictItems.code, name: orgDictItems.name })
    .from(orgDictItems)
    .where(and(eq(orgDictItems.kind, 'department'), eq(orgDictItems.active, true)))
    .orderBy(asc(orgDictItems.sort));
  const ind = await ctx.db
    .select({ department: economyIndicators.department, n: count() })
    .from(economyIndicators)
    .groupBy(economyIndicators.department);
  const keys = await ctx.db
    .select({ department: economyApiKeys.department, n: count() })
    .from(economyApiKeys)
    .where(isNull(economyApiKeys.revokedAt))
    .groupBy(economyApiKeys.department);
  const own = providerDepartment(ctx.actor);
  return {
    items: depts
      .filter((d) => !own || d.name === own)
      .map((d) => ({
        ...d,
        indicatorCount: ind.find((i) => i.department === d.name)?.n ?? 0,
        keyCount: keys.find((k) => k.department === d.name)?.n ?? 0,
      })),
  };
}

export async function setTarget(ctx: Ctx, body: z.infer<typeof TargetBody>) {
  return write(ctx, async (tx, audit) => {
    await loadIndicator(tx, body.indicatorId);
    const [region] = await tx.select().from(orgRegions).where(eq(orgRegions.id, body.regionId));
    if (!region) throw notFound('区域');
    const [t] = await tx
      .insert(economyTargets)
      .values({ ...body, updatedAt: ctx.clock.now(), updatedBy: ctx.actor?.userId ?? null })
      .onConflictDoUpdate({
        target: [economyTargets.indicatorId, economyTargets.regionId, economyTargets.year],
        set: { value: body.value, updatedAt: ctx.clock.now(), updatedBy: ctx.actor?.userId ?? null },
      })
      .returning();
    audit({ action: 'economy.target.set', objectType: 'economy_indicator', objectId: body.indicatorId });
    return {
      indicatorId: t!.indicatorId,
      regionId: t!.regionId,
      year: t!.year,
      value: t!.value,
      updatedAt: t!.updatedAt,
    };
  });
}

// ---------------------------------------------------------------- deliveries

/** A delivered value, its references resolved. */
export interface ResolvedValue {
  indicatorId: string;
  regionId: string | null;
  unitId: string | null;
  period: string;
  periodIndex: number;
  value: number;
}

export interface DeliverySource {
  via: FeedVia;
  userId: string | null;
  apiKeyId: string | null;
  importBatchId: string | null;
  department: string | null;
}

const scopeKeyOf = (v: { regionId: string | null; unitId: string | null }) =>
  v.regionId ? `region:${v.regionId}` : `unit:${v.unitId}`;
/** Values are kept to 6 decimals: a delivery equal to that is the same value. */
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * Writes delivered values in the caller's transaction: a new value is inserted (revision 1),
 * an equal one changes nothing, a different one becomes the next revision — the old value, the
 * sender and the time stay in economy_value_revisions.
 */
export async function deliverValues(
  ctx: Ctx,
  tx: Tx,
  values: ResolvedValue[],
  source: DeliverySource,
): Promise<FeedResult> {
  const result: FeedResult = { inserted: 0, revised: 0, unchanged: 0 };
  if (values.length === 0) return result;
  const now = ctx.clock.now();
  const keys = values.map((v) => ({ i: v.indicatorId, s: scopeKeyOf(v), p: v.period }));
  const existing = await rows<{
    id: string;
    indicator_id: string;
    scope_key: string;
    period: string;
    value: string;
    revision: number;
  }>(
    tx,
    sql`select v.id, v.indicator_id, v.scope_key, v.period, v.value::text as value, v.revision
        from economy_values v
        join jsonb_to_recordset(${JSON.stringify(keys)}::jsonb) as k(i uuid, s text, p text)
          on v.indicator_id = k.i and v.scope_key = k.s and v.period = k.p
        for update of v`,
  );
  const byKey = new Map(existing.map((e) => [`${e.indicator_id}|${e.scope_key}|${e.period}`, e]));
  const fresh: ResolvedValue[] = [];
  const changed: { id: string; value: number; previous: number; revision: number }[] = [];
  for (const v of values) {
    const e = byKey.get(`${v.indicatorId}|${scopeKeyOf(v)}|${v.period}`);
    const value = round6(v.value);
    if (!e) fresh.push({ ...v, value });
    else if (round6(Number(e.value)) === value) result.unchanged++;
    else changed.push({ id: e.id, value, previous: Number(e.value), revision: e.revision + 1 });
  }
  const revisions: (typeof economyValueRevisions.$inferInsert)[] = [];
  const common = {
    via: source.via,
    sentBy: source.userId,
    apiKeyId: source.apiKeyId,
    importBatchId: source.importBatchId,
    department: source.department,
    sentAt: now,
  };
  if (fresh.length) {
    const inserted = await tx
      .insert(economyValues)
      .values(
        fresh.map((v) => ({
          indicatorId: v.indicatorId,
          regionId: v.regionId,
          unitId: v.unitId,
          scopeKey: scopeKeyOf(v),
          period: v.period,
          periodIndex: v.periodIndex,
          value: v.value,
          createdAt: now,
          updatedAt: now,
        })),
      )
      .returning({ id: economyValues.id, value: economyValues.value });
    for (const r of inserted)
      revisions.push({ ...common, valueId: r.id, revision: 1, value: r.value, previousValue: null });
    result.inserted = inserted.length;
  }
  if (changed.length) {
    await tx.execute(
      sql`update economy_values v set value = k.value, revision = k.revision, updated_at = ${now}
          from jsonb_to_recordset(${JSON.stringify(changed)}::jsonb) as k(id uuid, value numeric, revision int)
          where v.id = k.id`,
    );
    for (const c of changed)
      revisions.push({
        ...common,
        valueId: c.id,
        revision: c.revision,
        value: c.value,
        previousValue: c.previous,
      });
    result.revised = changed.length;
  }
  for (let i = 0; i < revisions.length; i += 1000)
    await tx.insert(economyValueRevisions).values(revisions.slice(i, i + 1000));
  if (result.inserted || result.revised) await scheduleEvaluation(ctx, tx);
  return result;
}

/** New figures are evaluated by the anomaly rules within a minute (one run a minute at most). */
async function scheduleEvaluation(ctx: Ctx, tx: Tx) {
  const minute = Math.floor(ctx.clock.now().getTime() / 60_000);
  await enqueue(tx, {
    kind: 'economy.evaluate',
    payload: { reason: 'feed' },
    runAt: new Date((minute + 1) * 60_000),
    uniqueKey: `economy.evaluate@${minute}`,
  });
}

/** What resolving raw rows needs: indicators by code, regions and units by code and name. */
export interface FeedLookup {
  indicators: Map<string, IndicatorRow>;
  regions: Map<string, string>;
  units: Map<string, string>;
  /** Only this department's indicators may be written (null: any). */
  department: string | null;
  /** The last day that has ended: a period must be over before it has a value. */
  today: string;
}

export async function feedLookup(
  ex: Executor,
  department: string | null,
  today: string,
): Promise<FeedLookup> {
  const indicators = await ex.select().from(economyIndicators);
  const regions = await ex
    .select({ id: orgRegions.id, code: orgRegions.code, name: orgRegions.name })
    .from(orgRegions);
  const units = await ex.select({ id: orgUnits.id, code: orgUnits.code, name: orgUnits.name }).from(orgUnits);
  return {
    indicators: new Map(indicators.map((i) => [i.code, i])),
    regions: new Map(regions.flatMap((r) => [[r.code, r.id] as const, [r.name, r.id] as const])),
    units: new Map(units.flatMap((u) => [[u.code, u.id] as const, [u.name, u.id] as const])),
    department,
    today,
  };
}

/** The last day of a period label. */
export function periodEnd(label: string): string {
  const p = parsePeriod(label);
  const lastMonth = p.frequency === 'month' ? p.sub : p.frequency === 'quarter' ? p.sub * 3 : 12;
  const d = new Date(Date.UTC(p.year, lastMonth, 0));
  return d.toISOString().slice(0, 10);
}

const FREQ_EXAMPLE: Record<Frequency, string> = { month: '2026-03', quarter: '2026-Q1', year: '2026' };

/** Checks one raw row against the catalog and the sender's department; returns it resolved or its problems. */
export function resolveRow(
  raw: { indicator: string; region?: string; unit?: string; period: string; value: number | string },
  lookup: FeedLookup,
): { value?: ResolvedValue; issues: { column: string; message: string }[] } {
  const issues: { column: string; message: string }[] = [];
  const ind = lookup.indicators.get(raw.indicator.trim());
  if (!ind) issues.push({ column: '指标编码', message: `指标“${raw.indicator}”不在指标目录中` });
  else if (!ind.active) issues.push({ column: '指标编码', message: `指标“${ind.name}”已停用` });
  else if (lookup.department && ind.department !== lookup.department)
    issues.push({
      column: '指标编码',
      message: `“${ind.name}”由${ind.department}报送，${lookup.department}无权报送`,
    });
  const region = raw.region?.trim();
  const unit = raw.unit?.trim();
  let regionId: string | null = null;
  let unitId: string | null = null;
  if (!!region === !!unit) issues.push({ column: '区域', message: '区域和单位须填且只填一项' });
  else if (region) {
    regionId = lookup.regions.get(region) ?? null;
    if (!regionId) issues.push({ column: '区域', message: `区域“${region}”不存在` });
  } else {
    unitId = lookup.units.get(unit!) ?? null;
    if (!unitId) issues.push({ column: '单位', message: `单位“${unit}”不存在` });
  }
  let periodIndex = 0;
  const period = String(raw.period).trim();
  try {
    const p = parsePeriod(period);
    periodIndex = p.index;
    if (ind && p.frequency !== ind.frequency)
      issues.push({
        column: '期别',
        message: `“${ind.name}”按${ind.frequency === 'month' ? '月' : ind.frequency === 'quarter' ? '季' : '年'}统计，期别应形如 ${FREQ_EXAMPLE[ind.frequency as Frequency]}`,
      });
    else if (periodEnd(period) >= lookup.today)
      issues.push({ column: '期别', message: `${period} 尚未结束，不能报送` });
  } catch {
    issues.push({ column: '期别', message: '期别格式应为 2026-03（月）、2026-Q1（季）或 2026（年）' });
  }
  const text = typeof raw.value === 'number' ? String(raw.value) : raw.value.replace(/[,，\s]/g, '');
  const value = Number(text);
  if (text === '' || !Number.isFinite(value)) issues.push({ column: '数值', message: '数值应为数字' });
  else if (Math.abs(value) >= 1e14) issues.push({ column: '数值', message: '数值超出范围' });
  if (issues.length) return { issues };
  return { value: { indicatorId: ind!.id, regionId, unitId, period, periodIndex, value }, issues };
}

// ---------------------------------------------------------------- REST feed and API keys

const KEY_PREFIX = 'yzd_';

/** The department behind an API key, or UNAUTHENTICATED. */
export async function authenticateKey(ctx: Ctx, key: string | undefined) {
  if (!key?.startsWith(KEY_PREFIX))
    throw new AppError('UNAUTHENTICATED', '缺少或无效的数据接口密钥（X-Api-Key）');
  const [k] = await ctx.db
    .select()
    .from(economyApiKeys)
    .where(and(eq(economyApiKeys.keyHash, sm3Hex(key)), isNull(economyApiKeys.revokedAt)));
  if (!k) {
    await recordAudit(ctx, {
      action: 'economy.feed',
      result: 'denied',
      code: 'UNAUTHENTICATED',
      anonymous: true,
    });
    throw new AppError('UNAUTHENTICATED', '数据接口密钥无效或已停用');
  }
  return k;
}

/** POST /api/economy/feed: all the values of a request go in together or not at all. */
export async function feedByKey(ctx: Ctx, key: string | undefined, body: FeedBody): Promise<FeedResult> {
  const k = await authenticateKey(ctx, key);
  return write(ctx, async (tx, audit) => {
    const lookup = await feedLookup(tx, k.department, localDay(ctx.clock.now()));
    const resolved: ResolvedValue[] = [];
    const details: { path: string; message: string; row: number }[] = [];
    const seen = new Set<string>();
    for (const [i, raw] of body.values.entries()) {
      const r = resolveRow(raw, lookup);
      for (const issue of r.issues)
        details.push({ path: `values.${i}`, row: i + 1, message: `${issue.column}：${issue.message}` });
      if (r.value) {
        const key = `${r.value.indicatorId}|${scopeKeyOf(r.value)}|${r.value.period}`;
        if (seen.has(key))
          details.push({ path: `values.${i}`, row: i + 1, message: '同一指标、区域或单位、期别重复提交' });
        seen.add(key);
        resolved.push(r.value);
      }
    }
    if (details.length) {
      throw new AppError(
        'IMPORT_INVALID',
        `有 ${details.length} 处错误，本次提交未写入任何数据`,
        details.slice(0, 200),
      );
    }
    const result = await deliverValues(ctx, tx, resolved, {
      via: 'api',
      userId: null,
      apiKeyId: k.id,
      importBatchId: null,
      department: k.department,
    });
    await tx.update(economyApiKeys).set({ lastUsedAt: ctx.clock.now() }).where(eq(economyApiKeys.id, k.id));
    audit({ action: 'economy.feed', objectType: 'economy_api_key', objectId: k.id, anonymous: true });
    return result;
  }).finally(() => wakeJobs());
}

async function keyViews(ex: Executor, actor: Actor | null, where?: SQL) {
  const list = await ex
    .select({
      id: economyApiKeys.id,
      department: economyApiKeys.department,
      label: economyApiKeys.label,
      prefix: economyApiKeys.prefix,
      createdAt: economyApiKeys.createdAt,
      createdBy: authUsers.displayName,
      lastUsedAt: economyApiKeys.lastUsedAt,
      revokedAt: economyApiKeys.revokedAt,
    })
    .from(economyApiKeys)
    .leftJoin(authUsers, eq(authUsers.id, economyApiKeys.createdBy))
    .where(where)
    .orderBy(desc(economyApiKeys.createdAt));
  return list.map((k) => ({ ...k, can: apiKeyCan(actor, !!k.revokedAt) }));
}

export async function listApiKeys(ctx: Ctx) {
  return { items: await keyViews(ctx.db, ctx.actor) };
}

export async function createApiKey(ctx: Ctx, body: z.infer<typeof ApiKeyBody>) {
  const key = `${KEY_PREFIX}${randomToken(24)}`;
  const id = await write(ctx, async (tx, audit) => {
    const [dept] = await tx
      .select()
      .from(orgDictItems)
      .where(and(eq(orgDictItems.kind, 'department'), eq(orgDictItems.name, body.department)));
    if (!dept) throw notInDict('department', `数据部门“${body.department}”不在字典中`);
    const [k] = await tx
      .insert(economyApiKeys)
      .values({
        department: body.department,
        label: body.label,
        keyHash: sm3Hex(key),
        prefix: key.slice(0, KEY_PREFIX.length + 6),
        createdBy: ctx.actor?.userId ?? null,
        createdAt: ctx.clock.now(),
      })
      .returning();
    audit({ action: 'economy.apikey.create', objectType: 'economy_api_key', objectId: k!.id });
    return k!.id;
  });
  const [view] = await keyViews(ctx.db, ctx.actor, eq(economyApiKeys.id, id));
  return { ...view!, key };
}

export async function revokeApiKey(ctx: Ctx, id: string) {
  await write(ctx, async (tx, audit) => {
    const [k] = await tx.select().from(economyApiKeys).where(eq(economyApiKeys.id, id));
    if (!k) throw notFound('接口密钥');
    if (k.revokedAt) throw new AppError('ECONOMY_KEY_REVOKED');
    await tx
      .update(economyApiKeys)
      .set({ revokedAt: ctx.clock.now(), revokedBy: ctx.actor?.userId ?? null })
      .where(eq(economyApiKeys.id, id));
    audit({ action: 'economy.apikey.revoke', objectType: 'economy_api_key', objectId: id });
  });
  const [view] = await keyViews(ctx.db, ctx.actor, eq(economyApiKeys.id, id));
  return view!;
}

// ---------------------------------------------------------------- series, curves, revisions

async function scopeName(ex: Executor, regionId: string | null, unitId: string | null) {
  if (regionId) {
    const [r] = await ex
      .select({ name: orgRegions.name })
      .from(orgRegions)
      .where(eq(orgRegions.id, regionId));
    if (!r) throw notFound('区域');
    return { kind: 'region' as const, id: regionId, name: r.name };
  }
  const [u] = await ex.select({ name: orgUnits.name }).from(orgUnits).where(eq(orgUnits.id, unitId!));
  if (!u) throw notFound('单位');
  return { kind: 'unit' as const, id: unitId!, name: u.name };
}

/** The jurisdiction's region (the whole county-level city). */
export async function jurisdictionRegion(ex: Executor) {
  const [r] = await ex.select().from(orgRegions).where(eq(orgRegions.kind, 'jurisdiction')).limit(1);
  if (!r) throw notFound('辖区');
  return r;
}

async function seriesOf(
  ex: Executor,
  actor: Actor | null,
  indicators: IndicatorRow[],
  scope: { kind: 'region' | 'unit'; id: string; name: string },
  from?: string,
  to?: string,
): Promise<SeriesView[]> {
  if (indicators.length === 0) return [];
  const key = `${scope.kind}:${scope.id}`;
  const ids = indicators.map((i) => i.id);
  const values = await ex
    .select()
    .from(economyValues)
    .where(and(inArray(economyValues.indicatorId, ids), eq(economyValues.scopeKey, key)))
    .orderBy(asc(economyValues.periodIndex));
  const targets =
    scope.kind === 'region'
      ? await ex
          .select()
          .from(economyTargets)
          .where(and(inArray(economyTargets.indicatorId, ids), eq(economyTargets.regionId, scope.id)))
          .orderBy(asc(economyTargets.year))
      : [];
  const views = await indicatorViews(ex, actor, indicators, false);
  const inRange = (p: string, f: string) => {
    const idx = parsePeriod(p).index;
    return (
      (!from || parsePeriod(from).frequency !== f || idx >= parsePeriod(from).index) &&
      (!to || parsePeriod(to).frequency !== f || idx <= parsePeriod(to).index)
    );
  };
  return views.map((view) => {
    const own = values.filter((v) => v.indicatorId === view.id);
    return {
      indicator: { ...view, valueCount: own.length, latestPeriod: own.at(-1)?.period ?? null },
      scope,
      points: own
        .filter((v) => inRange(v.period, view.frequency))
        .map((v) => ({
          period: v.period,
          value: v.value,
          valueId: v.id,
          revision: v.revision,
          updatedAt: v.updatedAt,
        })),
      targets: targets
        .filter((t) => t.indicatorId === view.id)
        .map((t) => ({ year: t.year, value: t.value })),
    };
  });
}

export async function getSeries(ctx: Ctx, q: z.infer<typeof SeriesQuery>): Promise<SeriesView> {
  if (!!q.regionId === !!q.unitId) throw invalid('请指定区域或单位之一');
  const ind = await loadIndicator(ctx.db, q.indicatorId);
  const scope = await scopeName(ctx.db, q.regionId ?? null, q.unitId ?? null);
  const [s] = await seriesOf(ctx.db, ctx.actor, [ind], scope, q.from, q.to);
  return s!;
}

export async function getCurves(ctx: Ctx, q: z.infer<typeof CurvesQuery>) {
  const region = q.regionId
    ? (await ctx.db.select().from(orgRegions).where(eq(orgRegions.id, q.regionId)))[0]
    : await jurisdictionRegion(ctx.db);
  if (!region) throw notFound('区域');
  const domains = await domainNames(ctx.db);
  if (q.domain && !domains.has(q.domain)) throw invalid(`领域“${q.domain}”不在字典中`);
  const indicators = await ctx.db
    .select()
    .from(economyIndicators)
    .where(
      and(
        eq(economyIndicators.active, true),
        q.domain ? eq(economyIndicators.domain, q.domain) : eq(economyIndicators.core, true),
      ),
    )
    .orderBy(asc(economyIndicators.code));
  const series = await seriesOf(
    ctx.db,
    ctx.actor,
    indicators,
    { kind: 'region', id: region.id, name: region.name },
    q.from,
    q.to,
  );
  return {
    region: { id: region.id, name: region.name },
    domain: q.domain ? { code: q.domain, name: domains.get(q.domain)! } : null,
    series,
  };
}

export async function valueRevisions(ctx: Ctx, valueId: string): Promise<{ items: RevisionView[] }> {
  const [v] = await ctx.db
    .select({ id: economyValues.id })
    .from(economyValues)
    .where(eq(economyValues.id, valueId));
  if (!v) throw notFound('数值');
  const list = await ctx.db
    .select({
      revision: economyValueRevisions.revision,
      value: economyValueRevisions.value,
      previousValue: economyValueRevisions.previousValue,
      via: economyValueRevisions.via,
      user: authUsers.displayName,
      keyLabel: economyApiKeys.label,
      department: economyValueRevisions.department,
      importBatchId: economyValueRevisions.importBatchId,
      sentAt: economyValueRevisions.sentAt,
    })
    .from(economyValueRevisions)
    .leftJoin(authUsers, eq(authUsers.id, economyValueRevisions.sentBy))
    .leftJoin(economyApiKeys, eq(economyApiKeys.id, economyValueRevisions.apiKeyId))
    .where(eq(economyValueRevisions.valueId, valueId))
    .orderBy(desc(economyValueRevisions.revision));
  return {
    items: list.map((r) => ({
      revision: r.revision,
      value: r.value,
      previousValue: r.previousValue,
      via: r.via as FeedVia,
      sentBy:
        r.via === 'api'
          ? `${r.department ?? ''}接口（${r.keyLabel ?? '密钥'}）`
          : r.via === 'seed'
            ? '初始数据'
            : (r.user ?? '（账号已删除）'),
      department: r.department,
      importBatchId: r.importBatchId,
      sentAt: r.sentAt,
    })),
  };
}

/** Values of some indicators in every scope, as period → value maps (for rules and KPIs). */
export async function loadSeries(
  ex: Executor,
  indicatorIds: string[],
): Promise<Map<string, Map<string, { value: number; id: string; revision: number }>>> {
  const out = new Map<string, Map<string, { value: number; id: string; revision: number }>>();
  if (indicatorIds.length === 0) return out;
  const list = await ex
    .select({
      id: economyValues.id,
      indicatorId: economyValues.indicatorId,
      scopeKey: economyValues.scopeKey,
      period: economyValues.period,
      value: economyValues.value,
      revision: economyValues.revision,
    })
    .from(economyValues)
    .where(inArray(economyValues.indicatorId, indicatorIds));
  for (const v of list) {
    const k = `${v.indicatorId}|${v.scopeKey}`;
    const m = out.get(k) ?? new Map();
    out.set(k, m);
    m.set(v.period, { value: v.value, id: v.id, revision: v.revision });
  }
  return out;
}
