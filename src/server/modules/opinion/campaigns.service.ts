import { randomInt } from 'node:crypto';
import { and, asc, count, desc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  CadreResult,
  CampaignBody,
  CampaignQuery,
  CampaignStatus,
  Questionnaire,
  RaterGroup,
} from '../../../common/contracts/opinion.ts';
import { pageWindow } from '../../../common/contracts/page.ts';
import type { Executor, Tx } from '../../db/client.ts';
import {
  opinionBallots,
  opinionCampaignCadres,
  opinionCampaigns,
  opinionLinks,
  opinionProfiles,
  orgCadres,
  orgUnits,
} from '../../db/schema/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { AppError, invalid, notFound } from '../../lib/errors.ts';
import { randomToken, sm3Hex } from '../../lib/hash.ts';
import { localDay } from '../../lib/time.ts';
import { write } from '../../lib/tx.ts';
import { addTimelineEvents } from '../org/timeline.service.ts';
import { storeQueued } from './ballot-store.service.ts';
import { campaignCan } from './opinion.policy.ts';
import {
  type BallotRow,
  cadreResult,
  cadreResultFromTallies,
  calibrated,
  type ScoredResult,
  shownGroups,
  withCalibration,
} from './scoring.ts';
import { calibrationRows, groupTallies } from './tallies.service.ts';

export type CampaignRow = typeof opinionCampaigns.$inferSelect;
export type GroupWeight = { group: RaterGroup; weight: number };

/** The hash kept of a link's token (the token itself is shown once, on the slip). */
export const tokenHash = (token: string) => sm3Hex('opinion-link:', token);
/** A new one-time token: 192 random bits, URL-safe. */
export const newToken = () => randomToken(24);

/** Letters and digits that cannot be mistaken for one another when typed from a printed card. */
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const SLIP_CODE = /^[A-HJ-NP-Z2-9]{8}$/;

export function newSlipCode(): string {
  return Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
}
export const slipHash = (code: string) => sm3Hex('opinion-slip:', code);

export async function loadCampaign(ex: Executor, id: string, lock = false): Promise<CampaignRow> {
  const q = ex.select().from(opinionCampaigns).where(eq(opinionCampaigns.id, id));
  const [c] = lock ? await q.for('update') : await q;
  if (!c) throw notFound('测评');
  return c;
}

export function assertStatus(c: CampaignRow, ...allowed: CampaignStatus[]) {
  if (!allowed.includes(c.status as CampaignStatus)) {
    const what = { draft: '筹备中', open: '测评中', closed: '已结束' }[c.status as CampaignStatus];
    throw new AppError('OPINION_CAMPAIGN_STATE', `该测评${what}，不能进行此操作`);
  }
}

/** The active cadres a campaign's scope names. */
async function scopeCadres(ex: Executor, body: Pick<CampaignBody, 'unitIds' | 'cadreIds'>) {
  const parts = [eq(orgCadres.status, 'active'), isNotNull(orgCadres.unitId)];
  if (body.cadreIds?.length) parts.push(inArray(orgCadres.id, body.cadreIds));
  else if (body.unitIds?.length) parts.push(inArray(orgCadres.unitId, body.unitIds));
  const list = await ex
    .select({ id: orgCadres.id, unitId: orgCadres.unitId })
    .from(orgCadres)
    .where(and(...parts));
  if (body.cadreIds?.length && list.length !== new Set(body.cadreIds).size)
    throw invalid('所选干部中有不存在或已不在职的人员');
  if (list.length === 0) throw invalid('测评范围内没有在职干部');
  return list;
}

export async function createCampaign(ctx: Ctx, body: CampaignBody) {
  const id = await write(ctx, async (tx, audit) => {
    const cadres = await scopeCadres(tx, body);
    const [c] = await tx
      .insert(opinionCampaigns)
      .values({
        title: body.title,
        year: body.year,
        round: body.round,
        startsOn: body.startsOn,
        endsOn: body.endsOn,
        questionnaire: body.questionnaire,
        groups: body.groups,
        publicQuota: body.publicQuota,
        createdBy: ctx.actor?.userId,
        updatedBy: ctx.actor?.userId,
      })
      .returning();
    await insertCampaignCadres(tx, c!.id, cadres);
    audit({ action: 'opinion.campaign.create', objectType: 'opinion_campaign', objectId: c!.id });
    return c!.id;
  });
  return getCampaign(ctx, id);
}

async function insertCampaignCadres(
  tx: Tx,
  campaignId: string,
  cadres: { id: string; unitId: string | null }[],
) {
  for (let i = 0; i < cadres.length; i += 1000)
    await tx
      .insert(opinionCampaignCadres)
      .values(cadres.slice(i, i + 1000).map((c) => ({ campaignId, cadreId: c.id, unitId: c.unitId })));
}

/** Changes a campaign still being prepared (questionnaire, groups, scope); links already made stay. */
export async function updateCampaign(ctx: Ctx, id: string, body: CampaignBody) {
  await write(ctx, async (tx, audit) => {
    const c = await loadCampaign(tx, id, true);
    assertStatus(c, 'draft');
    const cadres = await scopeCadres(tx, body);
    await tx
      .update(opinionCampaigns)
      .set({
        title: body.title,
        year: body.year,
        round: body.round,
        startsOn: body.startsOn,
        endsOn: body.endsOn,
        questionnaire: body.questionnaire,
        groups: body.groups,
        publicQuota: body.publicQuota,
        updatedAt: ctx.clock.now(),
        updatedBy: ctx.actor?.userId,
      })
      .where(eq(opinionCampaigns.id, id));
    const [links] = await tx.select({ n: count() }).from(opinionLinks).where(eq(opinionLinks.campaignId, id));
    const before = await tx
      .select({ cadreId: opinionCampaignCadres.cadreId })
      .from(opinionCampaignCadres)
      .where(eq(opinionCampaignCadres.campaignId, id));
    const same =
      before.length === cadres.length && cadres.every((c) => before.some((b) => b.cadreId === c.id));
    if (!same) {
      if (links!.n > 0) throw new AppError('OPINION_SCOPE_LOCKED');
      await tx.delete(opinionCampaignCadres).where(eq(opinionCampaignCadres.campaignId, id));
      await insertCampaignCadres(tx, id, cadres);
    }
    audit({ action: 'opinion.campaign.update', objectType: 'opinion_campaign', objectId: id });
  });
  return getCampaign(ctx, id);
}

// Inside a correlated subquery a bare column would be read as the inner table's own (always 0).
const campaignRef = sql`${opinionCampaigns}.id`;

export async function listCampaigns(ctx: Ctx, q: z.infer<typeof CampaignQuery>) {
  const parts = [];
  if (q.year) parts.push(eq(opinionCampaigns.year, q.year));
  if (q.status) parts.push(eq(opinionCampaigns.status, q.status));
  const where = parts.length ? and(...parts) : undefined;
  const items = await ctx.db
    .select({
      id: opinionCampaigns.id,
      title: opinionCampaigns.title,
      year: opinionCampaigns.year,
      round: opinionCampaigns.round,
      status: opinionCampaigns.status,
      startsOn: opinionCampaigns.startsOn,
      endsOn: opinionCampaigns.endsOn,
      closedAt: opinionCampaigns.closedAt,
      cadres:
        sql<number>`(select count(*) from ${opinionCampaignCadres} x where x.campaign_id = ${campaignRef})`.mapWith(
          Number,
        ),
      links:
        sql<number>`(select count(*) from ${opinionLinks} l where l.campaign_id = ${campaignRef} and l.kind = 'personal' and l.revoked_at is null)`.mapWith(
          Number,
        ),
      used: sql<number>`(select count(*) from ${opinionLinks} l where l.campaign_id = ${campaignRef} and l.kind = 'personal' and l.used_on is not null)`.mapWith(
        Number,
      ),
      ballots:
        sql<number>`(select count(*) from ${opinionBallots} b where b.campaign_id = ${campaignRef})`.mapWith(
          Number,
        ),
    })
    .from(opinionCampaigns)
    .where(where)
    .orderBy(desc(opinionCampaigns.year), desc(opinionCampaigns.round))
    .limit(pageWindow(q).limit)
    .offset(pageWindow(q).offset);
  const [total] = await ctx.db.select({ n: count() }).from(opinionCampaigns).where(where);
  return { items: items.map((i) => ({ ...i, status: i.status as CampaignStatus })), total: total!.n };
}

export async function getCampaign(ctx: Ctx, id: string) {
  const c = await loadCampaign(ctx.db, id);
  const [cadres] = await ctx.db
    .select({ n: count() })
    .from(opinionCampaignCadres)
    .where(eq(opinionCampaignCadres.campaignId, id));
  const units = await ctx.db
    .selectDistinct({ id: orgUnits.id, name: orgUnits.name, sort: orgUnits.sort })
    .from(opinionCampaignCadres)
    .innerJoin(orgUnits, eq(orgUnits.id, opinionCampaignCadres.unitId))
    .where(eq(opinionCampaignCadres.campaignId, id))
    .orderBy(asc(orgUnits.sort), asc(orgUnits.name));
  return {
    id: c.id,
    title: c.title,
    year: c.year,
    round: c.round,
    status: c.status as CampaignStatus,
    startsOn: c.startsOn,
    endsOn: c.endsOn,
    questionnaire: c.questionnaire as Questionnaire,
    groups: c.groups as GroupWeight[],
    publicQuota: c.publicQuota,
    openedAt: c.openedAt,
    closedAt: c.closedAt,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    cadreCount: cadres!.n,
    units: units.map(({ id, name }) => ({ id, name })),
    can: campaignCan(ctx.actor, c.status),
  };
}

export async function openCampaign(ctx: Ctx, id: string) {
  await write(ctx, async (tx, audit) => {
    const c = await loadCampaign(tx, id, true);
    assertStatus(c, 'draft');
    const [links] = await tx
      .select({ n: count() })
      .from(opinionLinks)
      .where(and(eq(opinionLinks.campaignId, id), isNull(opinionLinks.revokedAt)));
    if (links!.n === 0) throw new AppError('OPINION_NO_LINKS');
    await tx
      .update(opinionCampaigns)
      .set({
        status: 'open',
        openedAt: ctx.clock.now(),
        openedBy: ctx.actor?.userId,
        updatedAt: ctx.clock.now(),
      })
      .where(eq(opinionCampaigns.id, id));
    audit({ action: 'opinion.campaign.open', objectType: 'opinion_campaign', objectId: id });
  });
  return getCampaign(ctx, id);
}

/**
 * Ends a campaign: no more ballots, and each cadre's reputation profile of the round is frozen
 * (kept forever) and noted on the cadre's timeline. On PostgreSQL the close can meet the queue's
 * flush job (opinion.ballots.flush) on the same rows and be refused as a conflict; it is then run
 * again whole, so the officer does not have to close twice.
 */
export async function closeCampaign(ctx: Ctx, id: string) {
  return write(
    ctx,
    async (tx, audit) => {
      const c = await loadCampaign(tx, id, true);
      assertStatus(c, 'open');
      // Every accepted submission still waiting is stored now, in one shuffled batch.
      await storeQueued(tx, ctx, audit, id, { all: true });
      const now = ctx.clock.now();
      await tx
        .update(opinionCampaigns)
        .set({ status: 'closed', closedAt: now, closedBy: ctx.actor?.userId, updatedAt: now })
        .where(eq(opinionCampaigns.id, id));
      const results = await computeResults(tx, c, { at: now, by: ctx.actor?.userId ?? null });
      const values = results.map((r) => {
        return {
          campaignId: id,
          cadreId: r.cadreId,
          data: r,
          overall: r.overall === null ? null : String(r.overall),
          ballots: r.ballotsShown,
          shown: r.ballotsShown > 0,
          createdBy: ctx.actor?.userId,
        };
      });
      for (let i = 0; i < values.length; i += 500)
        await tx.insert(opinionProfiles).values(values.slice(i, i + 500));
      // The day of the round's end, or today if the round is closed early.
      const day = [c.endsOn, localDay(now)].sort()[0]!;
      await addTimelineEvents(
        tx,
        results.map((r) => ({
          cadreId: r.cadreId,
          occurredOn: day,
          module: 'opinion',
          kind: 'profile',
          title: `口碑档案更新：${c.title}`,
          recordType: 'opinion_campaign',
          recordId: id,
          visibility: 'org' as const,
          createdBy: ctx.actor?.userId ?? null,
        })),
      );
      audit({ action: 'opinion.campaign.close', objectType: 'opinion_campaign', objectId: id });
      return { id, profiles: values.length };
    },
    { retryConflicts: true },
  );
}

/** The cadres a campaign's figures are for, with the unit each is assessed in. */
async function scopeOf(ex: Executor, c: CampaignRow, cadreIds?: string[]) {
  return ex
    .select({ cadreId: opinionCampaignCadres.cadreId, unitId: opinionCampaignCadres.unitId })
    .from(opinionCampaignCadres)
    .where(
      and(
        eq(opinionCampaignCadres.campaignId, c.id),
        cadreIds ? inArray(opinionCampaignCadres.cadreId, cadreIds) : undefined,
      ),
    );
}

/**
 * Every cadre's figures for a campaign with the calibrated scores (see scoring.ts). The figures
 * come from tallies counted in the database (per cadre, rater group, item and scale point); the
 * calibration reads one row per ballot with the ballot's score, not its answers. The same
 * results as computeResultsFromBallots.
 */
export async function computeResults(
  ex: Executor,
  c: CampaignRow,
  stamp: { at: Date; by: string | null },
  cadreIds?: string[],
): Promise<(CadreResult & Pick<ScoredResult, 'calibrated' | 'calibrationNote'>)[]> {
  const { results, scope } = await computeFigures(ex, c, cadreIds);
  const q = c.questionnaire as Questionnaire;
  const unitOf = new Map(scope.map((s) => [s.cadreId, s.unitId]));
  const shown = new Map(results.map((r) => [r.cadreId, shownGroups(r)]));
  const rows = await calibrationRows(
    ex,
    c.id,
    q,
    (id) => unitOf.get(id) ?? null,
    (id) => shown.get(id),
    cadreIds,
  );
  return calibrated(results, rows, stamp);
}

/** Every cadre's figures without the calibration: only tallies are read (see tallies.service.ts). */
export async function computeFigures(ex: Executor, c: CampaignRow, cadreIds?: string[]) {
  const q = c.questionnaire as Questionnaire;
  const weights = c.groups as GroupWeight[];
  const scope = await scopeOf(ex, c, cadreIds);
  const tallies = await groupTallies(ex, c.id, q, cadreIds);
  const results = scope.map((s) =>
    cadreResultFromTallies(s.cadreId, tallies.get(s.cadreId) ?? [], q, weights),
  );
  return { results, scope };
}

/**
 * Every cadre's figures computed from the ballots themselves, each read into the application:
 * the reference the database's tallies are checked against.
 */
export async function computeResultsFromBallots(
  ex: Executor,
  c: CampaignRow,
  stamp: { at: Date; by: string | null },
  cadreIds?: string[],
) {
  const q = c.questionnaire as Questionnaire;
  const weights = c.groups as GroupWeight[];
  const scope = await scopeOf(ex, c, cadreIds);
  const ballots = await ex
    .select({
      id: opinionBallots.id,
      cadreId: opinionBallots.cadreId,
      raterGroup: opinionBallots.raterGroup,
      answers: opinionBallots.answers,
      submissionKey: opinionBallots.submissionKey,
      linked: opinionBallots.linked,
    })
    .from(opinionBallots)
    .where(
      and(
        eq(opinionBallots.campaignId, c.id),
        cadreIds ? inArray(opinionBallots.cadreId, cadreIds) : undefined,
      ),
    );
  const byCadre = new Map<string, BallotRow[]>();
  for (const b of ballots) {
    const list = byCadre.get(b.cadreId) ?? [];
    list.push(b as BallotRow);
    byCadre.set(b.cadreId, list);
  }
  const results = scope.map((s) => cadreResult(s.cadreId, byCadre.get(s.cadreId) ?? [], q, weights));
  const unitOf = new Map(scope.map((s) => [s.cadreId, s.unitId]));
  return withCalibration(results, ballots as BallotRow[], q, (id) => unitOf.get(id) ?? null, stamp);
}
