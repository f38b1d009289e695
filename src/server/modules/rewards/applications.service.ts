import { and, asc, count, countDistinct, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { DEFAULT_FLOW_RULES } from '../../../analytics/reward-clock.ts';
import type { ResultOf } from '../../../common/api.ts';
import { pageWindow } from '../../../common/contracts/page.ts';
import type {
  ApplicationBody,
  ApplicationQuery,
  BatchBody,
  rewardsApi,
} from '../../../common/contracts/rewards.ts';
import type { Executor, Tx } from '../../db/client.ts';
import {
  orgCadres,
  rewardsApplicationCadres,
  rewardsApplications,
  rewardsBatches,
  rewardsKinds,
  rewardsLinks,
  rewardsSteps,
} from '../../db/schema/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { AppError, forbidden, notFound } from '../../lib/errors.ts';
import { localDay } from '../../lib/time.ts';
import { write } from '../../lib/tx.ts';
import { isOrgDept } from '../org/org.policy.ts';
import { linkCandidates } from './candidates.service.ts';
import { startStep } from './flow.service.ts';
import {
  applicationRows,
  assertStatus,
  cadresOf,
  calendarFrom,
  detail,
  listItem,
  loadApplication,
  rulesOf,
  stepsOf,
} from './records.service.ts';
import { adminUnits, may, ownsApplication } from './rewards.policy.ts';

/** Batches, and a unit's applications from draft to submission. */

type Answer<K extends keyof typeof rewardsApi> = ResultOf<(typeof rewardsApi)[K]>;

export async function listBatches(ctx: Ctx): Promise<Answer<'batches'>> {
  const rows = await ctx.db.select().from(rewardsBatches).orderBy(desc(rewardsBatches.opensOn));
  const counts = await ctx.db
    .select({
      batchId: rewardsApplications.batchId,
      units: countDistinct(rewardsApplications.unitId),
      applications: count(),
    })
    .from(rewardsApplications)
    .where(ne(rewardsApplications.status, 'draft'))
    .groupBy(rewardsApplications.batchId);
  const today = localDay(ctx.clock.now());
  return {
    items: rows.map((b) =>
      batchView(
        b,
        today,
        counts.find((c) => c.batchId === b.id),
      ),
    ),
    can: { create: may(ctx.actor, 'rewards.review') },
  };
}

function batchView(
  b: typeof rewardsBatches.$inferSelect,
  today: string,
  c?: { units: number; applications: number },
): Answer<'createBatch'> {
  return {
    id: b.id,
    title: b.title,
    opensOn: b.opensOn,
    closesOn: b.closesOn,
    rules: rulesOf(b),
    open: b.opensOn <= today && today <= b.closesOn,
    units: c?.units ?? 0,
    applications: c?.applications ?? 0,
    createdAt: b.createdAt,
  };
}

export async function createBatch(ctx: Ctx, body: z.infer<typeof BatchBody>) {
  return write(ctx, async (tx, audit) => {
    const [b] = await tx
      .insert(rewardsBatches)
      .values({
        title: body.title,
        opensOn: body.opensOn,
        closesOn: body.closesOn,
        rules: body.rules ?? DEFAULT_FLOW_RULES,
        createdAt: ctx.clock.now(),
        createdBy: ctx.actor?.userId,
      })
      .returning();
    audit({ action: 'rewards.batch.create', objectType: 'rewards_batch', objectId: b!.id });
    return batchView(b!, localDay(ctx.clock.now()));
  });
}

/** The deed as compared for a second application: no spaces, no punctuation, lower case. */
export const deedKeyOf = (deed: string) => deed.replace(/[\s\p{P}\p{S}]/gu, '').toLowerCase();

/** The checks of an application's content: kind, unit's cadres, links and no second application. */
async function checkContent(tx: Tx, unitId: string, body: ApplicationBody, selfId: string | null) {
  const [kind] = await tx.select().from(rewardsKinds).where(eq(rewardsKinds.code, body.kindCode));
  if (!kind) throw new AppError('REFERENCE_INVALID', '奖励类别不存在');
  const cadreIds = [...new Set(body.cadreIds)];
  if (kind.collective && !body.collectiveName?.trim()) {
    const message = '集体奖励须填写集体名称';
    throw new AppError('REWARDS_KIND_MISMATCH', message, [{ path: 'body.collectiveName', message }]);
  }
  if (!kind.collective && cadreIds.length !== 1) {
    const message = '个人奖励一次申报一名干部';
    throw new AppError('REWARDS_KIND_MISMATCH', message, [{ path: 'body.cadreIds', message }]);
  }
  const cadres = await tx
    .select({ id: orgCadres.id, name: orgCadres.name, unitId: orgCadres.unitId })
    .from(orgCadres)
    .where(inArray(orgCadres.id, cadreIds));
  const outside = cadreIds.filter((id) => cadres.find((c) => c.id === id)?.unitId !== unitId);
  if (outside.length) {
    const names = cadres.filter((c) => outside.includes(c.id)).map((c) => c.name);
    throw new AppError(
      'REWARDS_CADRE_OUTSIDE_UNIT',
      `只能为本单位的干部申报${names.length ? `：${names.join('、')} 不在本单位` : ''}`,
      [{ path: 'body.cadreIds', message: '所选干部不在本单位' }],
    );
  }
  const key = deedKeyOf(body.deed);
  const candidates = await linkCandidates(tx, cadreIds);
  const links = body.links.map((l) => {
    const c = candidates.find((x) => x.recordType === l.recordType && x.recordId === l.recordId);
    if (!c)
      throw new AppError('REWARDS_LINK_INVALID', undefined, [
        { path: 'body.links', message: '关联的记录不属于所申报的干部' },
      ]);
    return { recordType: l.recordType, recordId: l.recordId, label: c.label };
  });
  const dupByDeed = await tx
    .select({ cadreId: rewardsApplicationCadres.cadreId })
    .from(rewardsApplicationCadres)
    .where(
      and(
        inArray(rewardsApplicationCadres.cadreId, cadreIds),
        eq(rewardsApplicationCadres.deedKey, key),
        selfId ? ne(rewardsApplicationCadres.applicationId, selfId) : undefined,
      ),
    );
  const dupByLink = links.length
    ? await tx
        .select({ cadreId: rewardsApplicationCadres.cadreId })
        .from(rewardsLinks)
        .innerJoin(
          rewardsApplicationCadres,
          eq(rewardsApplicationCadres.applicationId, rewardsLinks.applicationId),
        )
        .where(
          and(
            inArray(
              rewardsLinks.recordId,
              links.map((l) => l.recordId),
            ),
            inArray(rewardsApplicationCadres.cadreId, cadreIds),
            selfId ? ne(rewardsLinks.applicationId, selfId) : undefined,
          ),
        )
    : [];
  const dup = [...dupByDeed, ...dupByLink].map((d) => d.cadreId);
  if (dup.length) {
    const names = cadres.filter((c) => dup.includes(c.id)).map((c) => c.name);
    throw new AppError('REWARDS_DUPLICATE_DEED', `${names.join('、')} 的同一事迹已有申报，不能重复申报`, [
      { path: 'body.deed', message: '该干部的同一事迹已有申报' },
    ]);
  }
  return { cadreIds, key, links };
}

async function writeContent(tx: Tx, id: string, c: Awaited<ReturnType<typeof checkContent>>) {
  await tx.delete(rewardsApplicationCadres).where(eq(rewardsApplicationCadres.applicationId, id));
  await tx.delete(rewardsLinks).where(eq(rewardsLinks.applicationId, id));
  await tx
    .insert(rewardsApplicationCadres)
    .values(c.cadreIds.map((cadreId) => ({ applicationId: id, cadreId, deedKey: c.key })));
  if (c.links.length) await tx.insert(rewardsLinks).values(c.links.map((l) => ({ ...l, applicationId: id })));
}

async function openBatch(ex: Executor, batchId: string, today: string) {
  const [b] = await ex.select().from(rewardsBatches).where(eq(rewardsBatches.id, batchId));
  if (!b) throw new AppError('REFERENCE_INVALID', '申报批次不存在');
  if (today < b.opensOn || today > b.closesOn)
    throw new AppError('REWARDS_BATCH_CLOSED', `该批次申报期为 ${b.opensOn} 至 ${b.closesOn}`);
  return b;
}

/** The unit the actor applies for (their own). */
function applyingUnit(ctx: Ctx): string {
  const [unitId] = adminUnits(ctx.actor);
  if (!unitId) throw forbidden('只有单位管理员可以为本单位干部申报');
  return unitId;
}

export async function createApplication(ctx: Ctx, body: ApplicationBody) {
  return write(ctx, async (tx, audit) => {
    const unitId = applyingUnit(ctx);
    await openBatch(tx, body.batchId, localDay(ctx.clock.now()));
    const content = await checkContent(tx, unitId, body, null);
    const [a] = await tx
      .insert(rewardsApplications)
      .values({
        batchId: body.batchId,
        unitId,
        kindCode: body.kindCode,
        collectiveName: body.collectiveName?.trim() || null,
        deed: body.deed,
        deedKey: content.key,
        createdAt: ctx.clock.now(),
        createdBy: ctx.actor?.userId,
      })
      .returning();
    await writeContent(tx, a!.id, content);
    audit({ action: 'rewards.application.create', objectType: 'rewards_application', objectId: a!.id });
    return detail(ctx, tx, a!.id);
  });
}

export async function updateApplication(ctx: Ctx, id: string, body: ApplicationBody) {
  return write(ctx, async (tx, audit) => {
    const a = await loadApplication(tx, id, true);
    if (!ownsApplication(ctx.actor, a)) throw notFound('奖励申报');
    assertStatus(a, 'draft', 'returned');
    if (body.batchId !== a.batchId) throw new AppError('CONFLICT', '申报批次不能更改');
    const content = await checkContent(tx, a.unitId, body, id);
    await tx
      .update(rewardsApplications)
      .set({
        kindCode: body.kindCode,
        collectiveName: body.collectiveName?.trim() || null,
        deed: body.deed,
        deedKey: content.key,
      })
      .where(eq(rewardsApplications.id, id));
    await writeContent(tx, id, content);
    audit({ action: 'rewards.application.update', objectType: 'rewards_application', objectId: id });
    return detail(ctx, tx, id);
  });
}

/**
 * Submits a draft (the month starts) or sends a returned application back (the month runs on;
 * the time with the unit ends). Either way it goes to 审核.
 */
export async function submitApplication(ctx: Ctx, id: string) {
  return write(ctx, async (tx, audit) => {
    const a = await loadApplication(tx, id, true);
    if (!ownsApplication(ctx.actor, a)) throw notFound('奖励申报');
    assertStatus(a, 'draft', 'returned');
    const now = ctx.clock.now();
    const today = localDay(now);
    if (a.status === 'draft') {
      await openBatch(tx, a.batchId, today);
      await tx.insert(rewardsSteps).values({
        applicationId: id,
        step: 'apply',
        ownerRole: 'unit_admin',
        ownerUnitId: a.unitId,
        startedAt: a.createdAt,
        endedAt: now,
        outcome: 'passed',
        actedBy: ctx.actor?.userId,
      });
    } else {
      await tx
        .update(rewardsSteps)
        .set({ endedAt: now, outcome: 'passed', actedBy: ctx.actor?.userId })
        .where(
          and(
            eq(rewardsSteps.applicationId, id),
            eq(rewardsSteps.step, 'apply'),
            sql`${rewardsSteps.endedAt} is null`,
          ),
        );
    }
    await tx
      .update(rewardsApplications)
      .set({ status: 'review', submittedAt: a.submittedAt ?? now, returnReason: null })
      .where(eq(rewardsApplications.id, id));
    await startStep(ctx, tx, { ...a, submittedAt: a.submittedAt ?? now }, 'review');
    audit({ action: 'rewards.application.submit', objectType: 'rewards_application', objectId: id });
    return detail(ctx, tx, id);
  });
}

export async function listApplications(
  ctx: Ctx,
  q: z.infer<typeof ApplicationQuery>,
): Promise<Answer<'list'>> {
  const parts = [];
  if (!isOrgDept(ctx.actor)) {
    const units = adminUnits(ctx.actor);
    if (!units.length)
      return { items: [], total: 0, page: q.page, pageSize: q.pageSize, can: { apply: false } };
    parts.push(inArray(rewardsApplications.unitId, units));
  } else {
    parts.push(ne(rewardsApplications.status, 'draft'));
  }
  if (q.batchId) parts.push(eq(rewardsApplications.batchId, q.batchId));
  if (q.status) parts.push(eq(rewardsApplications.status, q.status));
  const where = and(...parts);
  const rows = await applicationRows(ctx.db)
    .where(where)
    .orderBy(desc(rewardsApplications.createdAt), asc(rewardsApplications.id))
    .limit(pageWindow(q).limit)
    .offset(pageWindow(q).offset);
  const [total] = await ctx.db.select({ n: count() }).from(rewardsApplications).where(where);
  const ids = rows.map((r) => r.a.id);
  const cadres = await cadresOf(ctx.db, ids);
  const steps = await stepsOf(ctx.db, ids);
  const today = localDay(ctx.clock.now());
  const first = rows.map((r) => (r.a.submittedAt ? localDay(r.a.submittedAt) : today)).sort()[0] ?? today;
  const cal = await calendarFrom(ctx.db, first, today);
  return {
    items: rows.map((r) => listItem(cal, r, cadres.get(r.a.id) ?? [], steps.get(r.a.id) ?? [], today)),
    total: total!.n,
    page: q.page,
    pageSize: q.pageSize,
    can: { apply: may(ctx.actor, 'rewards.apply') && adminUnits(ctx.actor).length > 0 },
  };
}

/** The records a unit may link for its own cadres. */
export async function candidates(ctx: Ctx, cadreIds: string[]): Promise<Answer<'candidates'>> {
  const unitId = applyingUnit(ctx);
  const own = await ctx.db
    .select({ id: orgCadres.id })
    .from(orgCadres)
    .where(and(inArray(orgCadres.id, cadreIds), eq(orgCadres.unitId, unitId)));
  if (own.length !== new Set(cadreIds).size) throw new AppError('REWARDS_CADRE_OUTSIDE_UNIT');
  return { items: await linkCandidates(ctx.db, cadreIds) };
}
