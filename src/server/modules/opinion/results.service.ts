import { and, asc, count, desc, eq, ilike, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  CadreResult,
  CampaignStatus,
  EntryQuery,
  Questionnaire,
  RaterGroup,
  ResultsQuery,
} from '../../../common/contracts/opinion.ts';
import { pageWindow } from '../../../common/contracts/page.ts';
import {
  opinionBallots,
  opinionCampaignCadres,
  opinionCampaigns,
  opinionEntries,
  opinionProfiles,
  orgCadres,
  orgUnits,
} from '../../db/schema/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { write } from '../../lib/tx.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { type CampaignRow, loadCampaign } from './campaigns.service.ts';
import { entryCan } from './opinion.policy.ts';
import { type BallotRow, entriesShownFor } from './scoring.ts';

/**
 * Results and reputation profiles, from the profiles frozen when a campaign closed. Only what
 * scoring.ts lets through is kept there: no figure rests on a withheld group, nothing names a rater.
 */

async function resultsOf(ctx: Ctx, c: CampaignRow, cadreIds?: string[]): Promise<CadreResult[]> {
  // Figures exist only once a round is over: watching them move ballot by ballot would tell
  // what each new ballot said. While a round runs, only its progress (counts) is shown.
  if (c.status !== 'closed') throw new AppError('OPINION_RESULTS_NOT_READY');
  const rows = await ctx.db
    .select({ data: opinionProfiles.data })
    .from(opinionProfiles)
    .where(
      and(
        eq(opinionProfiles.campaignId, c.id),
        cadreIds ? inArray(opinionProfiles.cadreId, cadreIds) : undefined,
      ),
    );
  return rows.map((r) => shownResult(r.data as CadreResult));
}

/**
 * A frozen result as it may be sent: where a group is withheld the count cast is not told, since
 * cast − shown would state how many ballots the withheld group gave ('不足 5 份，未单列' is all
 * that is said). Profiles frozen before this rule still hold the count.
 */
function shownResult(d: CadreResult): CadreResult {
  return d.withheld.length ? { ...d, ballotsCast: null } : d;
}

/** The campaign's cadres with their figures, filtered, sorted and paged. */
export async function listResults(ctx: Ctx, campaignId: string, q: z.infer<typeof ResultsQuery>) {
  const c = await loadCampaign(ctx.db, campaignId);
  const parts = [eq(opinionCampaignCadres.campaignId, campaignId)];
  if (q.unitId) parts.push(eq(opinionCampaignCadres.unitId, q.unitId));
  if (q.q) parts.push(ilike(orgCadres.name, `%${q.q}%`));
  const cadres = await ctx.db
    .select({
      cadreId: opinionCampaignCadres.cadreId,
      name: orgCadres.name,
      post: orgCadres.post,
      unitId: opinionCampaignCadres.unitId,
      unitName: orgUnits.name,
    })
    .from(opinionCampaignCadres)
    .innerJoin(orgCadres, eq(orgCadres.id, opinionCampaignCadres.cadreId))
    .leftJoin(orgUnits, eq(orgUnits.id, opinionCampaignCadres.unitId))
    .where(and(...parts))
    .orderBy(asc(orgUnits.sort), asc(orgCadres.name));
  const results = new Map(
    (await resultsOf(ctx, c, q.unitId || q.q ? cadres.map((x) => x.cadreId) : undefined)).map((r) => [
      r.cadreId,
      r,
    ]),
  );
  const rows = cadres.map((x) => {
    const r = results.get(x.cadreId);
    return {
      ...x,
      overall: r?.overall ?? null,
      byDimension: r?.byDimension ?? {},
      ballotsCast: r ? r.ballotsCast : 0,
      ballotsShown: r?.ballotsShown ?? 0,
      withheld: r?.withheld ?? [],
      calibrated: r?.calibrated ?? null,
    };
  });
  if (q.sort === 'overall') rows.sort((a, b) => (b.overall ?? -1) - (a.overall ?? -1));
  const shown = rows.filter((r) => r.overall !== null);
  const mean = shown.length ? shown.reduce((s, r) => s + r.overall!, 0) / shown.length : null;
  const { offset, limit } = pageWindow(q);
  // The round's ballots in all (one figure for the whole round, never per cadre).
  const [cast] = await ctx.db
    .select({ n: count() })
    .from(opinionBallots)
    .where(eq(opinionBallots.campaignId, campaignId));
  return {
    items: rows.slice(offset, offset + limit),
    total: rows.length,
    page: q.page,
    pageSize: q.pageSize,
    summary: {
      cadres: rows.length,
      withFigures: shown.length,
      mean: mean === null ? null : Math.round(mean * 100) / 100,
      ballotsCast: cast!.n,
    },
  };
}

async function cadreHeader(ctx: Ctx, cadreId: string) {
  const [cadre] = await ctx.db
    .select({
      id: orgCadres.id,
      name: orgCadres.name,
      post: orgCadres.post,
      unitId: orgCadres.unitId,
      unitName: orgUnits.name,
    })
    .from(orgCadres)
    .leftJoin(orgUnits, eq(orgUnits.id, orgCadres.unitId))
    .where(eq(orgCadres.id, cadreId));
  if (!cadre) throw notFound('干部');
  return cadre;
}

/** Free-text entries of the groups that may show theirs (a group of its own with ≥ 5 ballots). */
async function visibleEntries(ctx: Ctx, c: CampaignRow, cadreId: string) {
  const ballots = await ctx.db
    .select({
      id: opinionBallots.id,
      cadreId: opinionBallots.cadreId,
      raterGroup: opinionBallots.raterGroup,
      answers: sql`'{}'::jsonb`,
    })
    .from(opinionBallots)
    .where(and(eq(opinionBallots.campaignId, c.id), eq(opinionBallots.cadreId, cadreId)));
  const groups = [...entriesShownFor(ballots as BallotRow[])];
  if (groups.length === 0) return [];
  const rows = await ctx.db
    .select({
      id: opinionEntries.id,
      group: opinionEntries.raterGroup,
      text: opinionEntries.text,
      tags: opinionEntries.tags,
    })
    .from(opinionEntries)
    .where(
      and(
        eq(opinionEntries.campaignId, c.id),
        eq(opinionEntries.cadreId, cadreId),
        inArray(opinionEntries.raterGroup, groups),
      ),
    )
    .orderBy(asc(opinionEntries.raterGroup), asc(opinionEntries.id));
  const can = entryCan(ctx.actor);
  return rows.map((e) => ({ ...e, group: e.group as RaterGroup, can }));
}

/** One cadre's figures in one campaign, with the trace (counts and distributions) and the entries. */
export async function cadreInCampaign(ctx: Ctx, campaignId: string, cadreId: string) {
  const c = await loadCampaign(ctx.db, campaignId);
  const [inCampaign] = await ctx.db
    .select({ id: opinionCampaignCadres.id })
    .from(opinionCampaignCadres)
    .where(and(eq(opinionCampaignCadres.campaignId, campaignId), eq(opinionCampaignCadres.cadreId, cadreId)));
  if (!inCampaign) throw notFound('该干部的测评结果');
  const cadre = await cadreHeader(ctx, cadreId);
  const [result] = await resultsOf(ctx, c, [cadreId]);
  await recordAudit(ctx, { action: 'opinion.result.read', objectType: 'cadre', objectId: cadreId });
  return {
    campaign: {
      id: c.id,
      title: c.title,
      year: c.year,
      round: c.round,
      status: c.status as CampaignStatus,
    },
    questionnaire: c.questionnaire as Questionnaire,
    cadre,
    result: result!,
    entries: await visibleEntries(ctx, c, cadreId),
  };
}

/**
 * 口碑档案: a cadre's frozen figures round by round, oldest first, each with the change from the
 * round before (where both rounds have a figure).
 */
export async function profileOf(ctx: Ctx, cadreId: string) {
  const cadre = await cadreHeader(ctx, cadreId);
  const rows = await ctx.db
    .select({
      campaignId: opinionCampaigns.id,
      title: opinionCampaigns.title,
      year: opinionCampaigns.year,
      round: opinionCampaigns.round,
      closedAt: opinionCampaigns.closedAt,
      questionnaire: opinionCampaigns.questionnaire,
      data: opinionProfiles.data,
      frozenAt: opinionProfiles.createdAt,
    })
    .from(opinionProfiles)
    .innerJoin(opinionCampaigns, eq(opinionCampaigns.id, opinionProfiles.campaignId))
    .where(eq(opinionProfiles.cadreId, cadreId))
    .orderBy(asc(opinionCampaigns.year), asc(opinionCampaigns.round));
  const rounds = [];
  let prev: CadreResult | null = null;
  for (const r of rows) {
    const d = shownResult(r.data as CadreResult);
    const change = (a: number | null | undefined, b: number | null | undefined) =>
      a === null || a === undefined || b === null || b === undefined ? null : Math.round((a - b) * 100) / 100;
    // Only what may be read: entries of groups shown on their own (a count of all would reveal
    // that a withheld group wrote something).
    const visible = d.groups.filter((g) => g.group !== 'merged').map((g) => g.group as RaterGroup);
    const entries = visible.length
      ? await ctx.db
          .select({ n: count() })
          .from(opinionEntries)
          .where(
            and(
              eq(opinionEntries.campaignId, r.campaignId),
              eq(opinionEntries.cadreId, cadreId),
              inArray(opinionEntries.raterGroup, visible),
            ),
          )
      : [{ n: 0 }];
    rounds.push({
      campaign: { id: r.campaignId, title: r.title, year: r.year, round: r.round, closedAt: r.closedAt },
      dimensions: (r.questionnaire as Questionnaire).dimensions.map((x) => ({ code: x.code, name: x.name })),
      frozenAt: r.frozenAt,
      result: d,
      entryCount: entries[0]!.n,
      change: prev
        ? {
            overall: change(d.overall, prev.overall),
            byDimension: Object.fromEntries(
              Object.keys(d.byDimension).map((k) => [k, change(d.byDimension[k], prev!.byDimension[k])]),
            ),
          }
        : null,
    });
    prev = d;
  }
  await recordAudit(ctx, { action: 'opinion.profile.read', objectType: 'cadre', objectId: cadreId });
  return { cadre, rounds };
}

/** Free-text entries across campaigns, for tagging. Only groups that may show theirs. */
export async function listEntries(ctx: Ctx, q: z.infer<typeof EntryQuery>) {
  const parts = [
    eq(opinionCampaigns.status, 'closed'),
    // A group shows its entries only with ≥ 5 ballots of its own for that cadre and round.
    sql`(select count(*) from ${opinionBallots} b where b.campaign_id = ${opinionEntries.campaignId}
          and b.cadre_id = ${opinionEntries.cadreId} and b.rater_group = ${opinionEntries.raterGroup}) >= 5`,
  ];
  if (q.campaignId) parts.push(eq(opinionEntries.campaignId, q.campaignId));
  if (q.cadreId) parts.push(eq(opinionEntries.cadreId, q.cadreId));
  if (q.group) parts.push(eq(opinionEntries.raterGroup, q.group));
  if (q.tag) parts.push(sql`${q.tag} = any(${opinionEntries.tags})`);
  if (q.untagged) parts.push(sql`cardinality(${opinionEntries.tags}) = 0`);
  if (q.q) {
    // The text is sealed at rest: searched here after opening, not with SQL.
    const needle = q.q.toLowerCase();
    const candidates = await ctx.db
      .select({ id: opinionEntries.id, text: opinionEntries.text })
      .from(opinionEntries)
      .innerJoin(opinionCampaigns, eq(opinionCampaigns.id, opinionEntries.campaignId))
      .where(and(...parts));
    const ids = candidates.filter((c) => c.text.toLowerCase().includes(needle)).map((c) => c.id);
    parts.push(ids.length ? inArray(opinionEntries.id, ids) : sql`false`);
  }
  const where = and(...parts);
  const items = await ctx.db
    .select({
      id: opinionEntries.id,
      campaignId: opinionEntries.campaignId,
      campaignTitle: opinionCampaigns.title,
      cadreId: opinionEntries.cadreId,
      cadreName: orgCadres.name,
      unitName: orgUnits.name,
      group: opinionEntries.raterGroup,
      text: opinionEntries.text,
      tags: opinionEntries.tags,
      taggedAt: opinionEntries.taggedAt,
    })
    .from(opinionEntries)
    .innerJoin(opinionCampaigns, eq(opinionCampaigns.id, opinionEntries.campaignId))
    .innerJoin(orgCadres, eq(orgCadres.id, opinionEntries.cadreId))
    .leftJoin(orgUnits, eq(orgUnits.id, orgCadres.unitId))
    .where(where)
    .orderBy(
      desc(opinionCampaigns.year),
      desc(opinionCampaigns.round),
      asc(orgCadres.name),
      asc(opinionEntries.id),
    )
    .limit(pageWindow(q).limit)
    .offset(pageWindow(q).offset);
  const [total] = await ctx.db
    .select({ n: count() })
    .from(opinionEntries)
    .innerJoin(opinionCampaigns, eq(opinionCampaigns.id, opinionEntries.campaignId))
    .where(where);
  const tagCounts = await ctx.db
    .select({ tag: sql<string>`unnest(${opinionEntries.tags})`, n: count() })
    .from(opinionEntries)
    .where(q.campaignId ? eq(opinionEntries.campaignId, q.campaignId) : undefined)
    .groupBy(sql`1`);
  const can = entryCan(ctx.actor);
  return {
    items: items.map((e) => ({ ...e, group: e.group as RaterGroup, can })),
    total: total!.n,
    page: q.page,
    pageSize: q.pageSize,
    tagCounts,
  };
}

/** Tags an entry by theme; who and when are kept. */
export async function tagEntry(ctx: Ctx, id: string, tags: string[]) {
  return write(ctx, async (tx, audit) => {
    const [e] = await tx
      .select({ id: opinionEntries.id, raterGroup: opinionEntries.raterGroup })
      .from(opinionEntries)
      .where(eq(opinionEntries.id, id));
    if (!e) throw notFound('评价内容条目');
    const [row] = await tx
      .update(opinionEntries)
      .set({ tags: [...new Set(tags)], taggedAt: ctx.clock.now(), taggedBy: ctx.actor?.userId })
      .where(eq(opinionEntries.id, id))
      .returning({ id: opinionEntries.id, tags: opinionEntries.tags, taggedAt: opinionEntries.taggedAt });
    audit({ action: 'opinion.entry.tag', objectType: 'opinion_entry', objectId: id });
    return row!;
  });
}
