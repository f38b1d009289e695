import { and, asc, count, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { z } from 'zod';
import {
  type CampaignStatus,
  type IssueBody,
  RATER_GROUP_LABELS,
  type RaterGroup,
} from '../../../common/contracts/opinion.ts';
import type { Tx } from '../../db/client.ts';
import {
  opinionBallots,
  opinionCampaignCadres,
  opinionLinks,
  opinionPublicCodes,
  orgCadres,
  orgLiaisonGroups,
  orgRegions,
  orgUnits,
} from '../../db/schema/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { AppError, invalid, notFound } from '../../lib/errors.ts';
import { randomToken } from '../../lib/hash.ts';
import { write } from '../../lib/tx.ts';
import { queuedTally } from './ballot-store.service.ts';
import {
  assertStatus,
  type GroupWeight,
  loadCampaign,
  newSlipCode,
  newToken,
  slipHash,
  tokenHash,
} from './campaigns.service.ts';
import { linkCan } from './opinion.policy.ts';

/** A campaign's raters and links: by rule, public, issued as slips; listing, revoking and progress. */

// ——— raters and links ———

export interface NewLink {
  raterGroup: RaterGroup;
  raterLabel: string;
  raterCadreId?: string | null;
  unitId?: string | null;
  regionId?: string | null;
  cadreIds: string[];
}

export async function insertLinks(ctx: Ctx, tx: Tx, campaignId: string, links: NewLink[], kind = 'personal') {
  for (let i = 0; i < links.length; i += 500)
    await tx.insert(opinionLinks).values(
      links.slice(i, i + 500).map((l) => ({
        campaignId,
        kind,
        raterGroup: l.raterGroup,
        raterLabel: l.raterLabel,
        raterCadreId: l.raterCadreId ?? null,
        unitId: l.unitId ?? null,
        regionId: l.regionId ?? null,
        cadreIds: l.cadreIds,
        createdBy: ctx.actor?.userId,
      })),
    );
}

export interface RuleScopeCadre {
  cadreId: string;
  unitId: string | null;
  teamPlace: string | null;
  /** The leader of the liaison group of the cadre's unit. */
  leaderCadreId: string | null;
}
export interface RuleMember {
  id: string;
  name: string;
  unitId: string | null;
  teamPlace: string | null;
}

/**
 * The links one rule group gives (the rule of `assignByRule`, without the database: the demo
 * generator uses it too). `members` are the active team members of the scope's units, `leaderName`
 * names the liaison-group leaders. One link per rater, covering all the cadres they rate.
 */
export function ruleLinks(
  g: RaterGroup,
  scope: readonly RuleScopeCadre[],
  members: readonly RuleMember[],
  leaderName: ReadonlyMap<string, string>,
): NewLink[] {
  // rater id → { unit, targets }
  const targets = new Map<string, { unitId: string | null; name: string; cadreIds: string[] }>();
  const add = (raterId: string, name: string, unitId: string | null, cadreId: string) => {
    if (raterId === cadreId) return;
    const t = targets.get(raterId) ?? { unitId, name, cadreIds: [] };
    if (!t.cadreIds.includes(cadreId)) t.cadreIds.push(cadreId);
    targets.set(raterId, t);
  };
  for (const s of scope) {
    const team = members.filter((m) => m.unitId === s.unitId);
    if (g === 'superior') {
      if (s.teamPlace === '正职') {
        if (s.leaderCadreId) add(s.leaderCadreId, leaderName.get(s.leaderCadreId) ?? '', null, s.cadreId);
      } else {
        for (const head of team.filter((m) => m.teamPlace === '正职'))
          add(head.id, head.name, head.unitId, s.cadreId);
      }
    } else {
      for (const m of team) add(m.id, m.name, m.unitId, s.cadreId);
    }
  }
  return [...targets.entries()].map(([raterId, t]) => ({
    raterGroup: g,
    raterLabel: t.name,
    raterCadreId: raterId,
    unitId: t.unitId,
    cadreIds: t.cadreIds,
  }));
}

/**
 * Raters from the registry by rule. 上级评价: a unit's 正职 rate its other team members, and the
 * leader of the unit's liaison group rates the 正职 (the leaders above). 同级互评: each member of
 * a leadership team rates the other members. One link per rater covers all the cadres they rate.
 * Groups already assigned are not assigned twice.
 */
export async function assignByRule(ctx: Ctx, campaignId: string, groups: RaterGroup[]) {
  return write(ctx, async (tx, audit) => {
    const c = await loadCampaign(tx, campaignId, true);
    assertStatus(c, 'draft', 'open');
    const enabled = new Set((c.groups as GroupWeight[]).map((g) => g.group));
    for (const g of groups) if (!enabled.has(g)) throw invalid(`该测评未选用“${RATER_GROUP_LABELS[g]}”`);
    const scope = await tx
      .select({
        cadreId: opinionCampaignCadres.cadreId,
        unitId: opinionCampaignCadres.unitId,
        teamPlace: orgCadres.teamPlace,
        leaderCadreId: orgLiaisonGroups.leaderCadreId,
      })
      .from(opinionCampaignCadres)
      .innerJoin(orgCadres, eq(orgCadres.id, opinionCampaignCadres.cadreId))
      .leftJoin(orgUnits, eq(orgUnits.id, opinionCampaignCadres.unitId))
      .leftJoin(orgLiaisonGroups, eq(orgLiaisonGroups.id, orgUnits.liaisonGroupId))
      .where(eq(opinionCampaignCadres.campaignId, campaignId));
    const unitIds = [...new Set(scope.map((s) => s.unitId).filter((u): u is string => !!u))];
    // Every active team member of those units (raters need not be in the campaign's scope).
    const members = unitIds.length
      ? await tx
          .select({
            id: orgCadres.id,
            name: orgCadres.name,
            unitId: orgCadres.unitId,
            teamPlace: orgCadres.teamPlace,
          })
          .from(orgCadres)
          .where(and(inArray(orgCadres.unitId, unitIds), eq(orgCadres.status, 'active')))
      : [];
    const leaderIds = [...new Set(scope.map((s) => s.leaderCadreId).filter((x): x is string => !!x))];
    const leaders = leaderIds.length
      ? await tx
          .select({ id: orgCadres.id, name: orgCadres.name })
          .from(orgCadres)
          .where(inArray(orgCadres.id, leaderIds))
      : [];
    const leaderName = new Map(leaders.map((l) => [l.id, l.name]));
    const existing = await tx
      .selectDistinct({ g: opinionLinks.raterGroup })
      .from(opinionLinks)
      .where(and(eq(opinionLinks.campaignId, campaignId), isNull(opinionLinks.revokedAt)));
    const done = new Set(existing.map((e) => e.g));

    const created: Record<string, number> = {};
    for (const g of groups) {
      if (done.has(g))
        throw new AppError(
          'OPINION_RATERS_ASSIGNED',
          `“${RATER_GROUP_LABELS[g]}”的评价者已经产生，不能重复产生`,
        );
      const links = ruleLinks(g, scope, members, leaderName);
      await insertLinks(ctx, tx, campaignId, links);
      created[g] = links.length;
    }
    audit({ action: 'opinion.raters.assign', objectType: 'opinion_campaign', objectId: campaignId });
    return { created };
  });
}

/** Public links (群众测评) for units or regions: anyone with the address or QR code may vote. */
export async function createPublicLinks(
  ctx: Ctx,
  campaignId: string,
  body: { unitIds: string[]; regionIds: string[] },
) {
  return write(ctx, async (tx, audit) => {
    const c = await loadCampaign(tx, campaignId, true);
    assertStatus(c, 'draft', 'open');
    if (!(c.groups as GroupWeight[]).some((g) => g.group === 'public'))
      throw invalid('该测评未选用“群众测评”');
    const scope = await tx
      .select({
        cadreId: opinionCampaignCadres.cadreId,
        unitId: opinionCampaignCadres.unitId,
        regionId: orgUnits.regionId,
      })
      .from(opinionCampaignCadres)
      .leftJoin(orgUnits, eq(orgUnits.id, opinionCampaignCadres.unitId))
      .where(eq(opinionCampaignCadres.campaignId, campaignId));
    const existing = await tx
      .select({ unitId: opinionLinks.unitId, regionId: opinionLinks.regionId })
      .from(opinionLinks)
      .where(
        and(
          eq(opinionLinks.campaignId, campaignId),
          eq(opinionLinks.kind, 'public'),
          isNull(opinionLinks.revokedAt),
        ),
      );
    const units = body.unitIds.length
      ? await tx
          .select({ id: orgUnits.id, name: orgUnits.name })
          .from(orgUnits)
          .where(inArray(orgUnits.id, body.unitIds))
      : [];
    const regions = body.regionIds.length
      ? await tx
          .select({ id: orgRegions.id, name: orgRegions.name })
          .from(orgRegions)
          .where(inArray(orgRegions.id, body.regionIds))
      : [];
    if (units.length !== new Set(body.unitIds).size || regions.length !== new Set(body.regionIds).size)
      throw new AppError('REFERENCE_INVALID', '所选单位或区域不存在');
    const made = [];
    for (const u of units) {
      if (existing.some((e) => e.unitId === u.id)) continue;
      const cadreIds = scope.filter((s) => s.unitId === u.id).map((s) => s.cadreId);
      if (cadreIds.length === 0) throw invalid(`${u.name} 没有干部在本次测评范围内`);
      made.push({ raterGroup: 'public' as const, raterLabel: `${u.name} 群众测评`, unitId: u.id, cadreIds });
    }
    for (const r of regions) {
      if (existing.some((e) => e.regionId === r.id)) continue;
      const cadreIds = scope.filter((s) => s.regionId === r.id).map((s) => s.cadreId);
      if (cadreIds.length === 0) throw invalid(`${r.name} 没有干部在本次测评范围内`);
      made.push({
        raterGroup: 'public' as const,
        raterLabel: `${r.name} 群众测评`,
        regionId: r.id,
        cadreIds,
      });
    }
    const now = ctx.clock.now();
    for (const l of made)
      await tx.insert(opinionLinks).values({
        campaignId,
        kind: 'public',
        raterGroup: 'public',
        raterLabel: l.raterLabel,
        unitId: l.unitId ?? null,
        regionId: l.regionId ?? null,
        cadreIds: l.cadreIds,
        publicCode: randomToken(9),
        issuedAt: now,
        issuedBy: ctx.actor?.userId,
        issueCount: 1,
        createdBy: ctx.actor?.userId,
      });
    audit({ action: 'opinion.public_links.create', objectType: 'opinion_campaign', objectId: campaignId });
    return { created: made.length };
  });
}

export interface Slip {
  token: string;
  group: RaterGroup;
  groupLabel: string;
  raterLabel: string | null;
  unitName: string | null;
  cadres: number;
  reissued: boolean;
}

/**
 * Hands out personal links: a new token for each link in the chosen unit and group that has none
 * yet — or, for a reminder (`reissue`), for each issued link not yet used, whose old token then
 * stops working. The tokens are returned this once; only their hashes are kept.
 */
export async function issueLinks(ctx: Ctx, campaignId: string, body: z.infer<typeof IssueBody>) {
  return write(ctx, async (tx, audit) => {
    const c = await loadCampaign(tx, campaignId, true);
    assertStatus(c, 'draft', 'open');
    const parts = [
      eq(opinionLinks.campaignId, campaignId),
      eq(opinionLinks.kind, 'personal'),
      isNull(opinionLinks.revokedAt),
      isNull(opinionLinks.usedOn),
      body.reissue ? isNotNull(opinionLinks.tokenHash) : isNull(opinionLinks.tokenHash),
    ];
    if (body.unitId) parts.push(eq(opinionLinks.unitId, body.unitId));
    if (body.group) parts.push(eq(opinionLinks.raterGroup, body.group));
    const links = await tx
      .select({
        id: opinionLinks.id,
        group: opinionLinks.raterGroup,
        raterLabel: opinionLinks.raterLabel,
        unitName: orgUnits.name,
        cadreIds: opinionLinks.cadreIds,
      })
      .from(opinionLinks)
      .leftJoin(orgUnits, eq(orgUnits.id, opinionLinks.unitId))
      .where(and(...parts))
      .orderBy(asc(orgUnits.sort), asc(opinionLinks.raterGroup), asc(opinionLinks.raterLabel))
      .for('update', { of: opinionLinks });
    const now = ctx.clock.now();
    const slips: Slip[] = [];
    for (const l of links) {
      const token = newToken();
      await tx
        .update(opinionLinks)
        .set({
          tokenHash: tokenHash(token),
          issuedAt: now,
          issuedBy: ctx.actor?.userId,
          issueCount: sql`${opinionLinks.issueCount} + 1`,
        })
        .where(eq(opinionLinks.id, l.id));
      slips.push({
        token,
        group: l.group as RaterGroup,
        groupLabel: RATER_GROUP_LABELS[l.group as RaterGroup],
        raterLabel: l.raterLabel,
        unitName: l.unitName,
        cadres: l.cadreIds.length,
        reissued: body.reissue,
      });
    }
    audit({
      action: body.reissue ? 'opinion.links.reissue' : 'opinion.links.issue',
      objectType: 'opinion_campaign',
      objectId: campaignId,
    });
    return { slips };
  });
}

/**
 * 现场评价卡: `count` one-time codes for a public link, for the cards handed out at a hall session.
 * The codes are returned this once (only their SM3 is kept); the round's quota bounds them all.
 */
export async function issueSlipCodes(ctx: Ctx, campaignId: string, linkId: string, wanted: number) {
  return write(ctx, async (tx, audit) => {
    const c = await loadCampaign(tx, campaignId, true);
    assertStatus(c, 'draft', 'open');
    const [link] = await tx
      .select()
      .from(opinionLinks)
      .where(
        and(
          eq(opinionLinks.id, linkId),
          eq(opinionLinks.campaignId, campaignId),
          eq(opinionLinks.kind, 'public'),
          isNull(opinionLinks.revokedAt),
        ),
      );
    if (!link) throw notFound('群众测评公开链接');
    const [issued] = await tx
      .select({ n: count() })
      .from(opinionPublicCodes)
      .innerJoin(opinionLinks, eq(opinionLinks.id, opinionPublicCodes.linkId))
      .where(eq(opinionLinks.campaignId, campaignId));
    const left = c.publicQuota - issued!.n;
    if (wanted > left)
      throw new AppError(
        'PUBLIC_QUOTA_EXCEEDED',
        `本轮群众测评评价卡上限 ${c.publicQuota} 张，已生成 ${issued!.n} 张，还可生成 ${Math.max(0, left)} 张`,
      );
    const codes = new Set<string>();
    while (codes.size < wanted) codes.add(newSlipCode());
    const list = [...codes];
    for (let i = 0; i < list.length; i += 500)
      await tx
        .insert(opinionPublicCodes)
        .values(
          list
            .slice(i, i + 500)
            .map((code) => ({ linkId, codeHash: slipHash(code), createdBy: ctx.actor?.userId })),
        );
    audit({ action: 'opinion.slip_codes.issue', objectType: 'opinion_link', objectId: linkId });
    return {
      publicCode: link.publicCode!,
      raterLabel: link.raterLabel,
      cadres: link.cadreIds.length,
      codes: list,
    };
  });
}

/** Links of a campaign, for the officer (who has voted is a yes/no per link; never which ballot). */
export async function listLinks(ctx: Ctx, campaignId: string) {
  const c = await loadCampaign(ctx.db, campaignId);
  const rows = await ctx.db
    .select({
      id: opinionLinks.id,
      kind: opinionLinks.kind,
      group: opinionLinks.raterGroup,
      raterLabel: opinionLinks.raterLabel,
      unitId: opinionLinks.unitId,
      unitName: orgUnits.name,
      regionId: opinionLinks.regionId,
      regionName: orgRegions.name,
      publicCode: opinionLinks.publicCode,
      cadres: sql<number>`cardinality(${opinionLinks.cadreIds})`.mapWith(Number),
      issued: sql<boolean>`${opinionLinks.tokenHash} is not null or ${opinionLinks.publicCode} is not null`,
      issueCount: opinionLinks.issueCount,
      used: sql<boolean>`${opinionLinks.usedOn} is not null`,
      revoked: sql<boolean>`${opinionLinks.revokedAt} is not null`,
      cards:
        sql<number>`(select count(*) from ${opinionPublicCodes} pc where pc.link_id = ${opinionLinks.id})`.mapWith(
          Number,
        ),
      cardsUsed:
        sql<number>`(select count(*) from ${opinionPublicCodes} pc where pc.link_id = ${opinionLinks.id} and pc.used_on is not null)`.mapWith(
          Number,
        ),
    })
    .from(opinionLinks)
    .leftJoin(orgUnits, eq(orgUnits.id, opinionLinks.unitId))
    .leftJoin(orgRegions, eq(orgRegions.id, opinionLinks.regionId))
    .where(eq(opinionLinks.campaignId, campaignId))
    .orderBy(
      asc(opinionLinks.kind),
      asc(orgUnits.sort),
      asc(opinionLinks.raterGroup),
      asc(opinionLinks.raterLabel),
    );
  return rows.map((l) => ({
    ...l,
    kind: l.kind as 'personal' | 'public',
    group: l.group as RaterGroup,
    can: linkCan(ctx.actor, c.status, l),
  }));
}

/** Withdraws a link not yet used (a rater left, a wrong line in a list). */
export async function revokeLink(ctx: Ctx, campaignId: string, linkId: string) {
  return write(ctx, async (tx, audit) => {
    const c = await loadCampaign(tx, campaignId, true);
    assertStatus(c, 'draft', 'open');
    const [l] = await tx
      .select()
      .from(opinionLinks)
      .where(and(eq(opinionLinks.id, linkId), eq(opinionLinks.campaignId, campaignId)))
      .for('update');
    if (!l) throw notFound('评价链接');
    if (l.revokedAt) throw new AppError('OPINION_LINK_REVOKED');
    if (l.usedOn) throw new AppError('OPINION_LINK_SPENT');
    await tx
      .update(opinionLinks)
      .set({ revokedAt: ctx.clock.now(), revokedBy: ctx.actor?.userId, tokenHash: null })
      .where(eq(opinionLinks.id, linkId));
    audit({ action: 'opinion.link.revoke', objectType: 'opinion_link', objectId: linkId });
  });
}

/**
 * Progress while a campaign runs: links issued and used per group and unit, public ballots per
 * public link (a count per link, since no one votes twice through one browser).
 */
export async function progress(ctx: Ctx, campaignId: string) {
  const c = await loadCampaign(ctx.db, campaignId);
  const rows = await ctx.db
    .select({
      group: opinionLinks.raterGroup,
      kind: opinionLinks.kind,
      unitId: opinionLinks.unitId,
      unitName: orgUnits.name,
      links: count(),
      issued:
        sql<number>`count(*) filter (where ${opinionLinks.tokenHash} is not null or ${opinionLinks.kind} = 'public')`.mapWith(
          Number,
        ),
      used: sql<number>`count(*) filter (where ${opinionLinks.usedOn} is not null)`.mapWith(Number),
    })
    .from(opinionLinks)
    .leftJoin(orgUnits, eq(orgUnits.id, opinionLinks.unitId))
    .where(and(eq(opinionLinks.campaignId, campaignId), isNull(opinionLinks.revokedAt)))
    .groupBy(opinionLinks.raterGroup, opinionLinks.kind, opinionLinks.unitId, orgUnits.name, orgUnits.sort)
    .orderBy(asc(orgUnits.sort));
  // Ballots stored so far, and those accepted and still waiting to be stored.
  const stored = await ctx.db
    .select({ group: opinionBallots.raterGroup, n: count() })
    .from(opinionBallots)
    .where(eq(opinionBallots.campaignId, campaignId))
    .groupBy(opinionBallots.raterGroup);
  const waiting = await queuedTally(ctx, campaignId);
  // A submission is a spent link, or a spent card for 群众测评.
  const [cards] = await ctx.db
    .select({ n: count() })
    .from(opinionPublicCodes)
    .innerJoin(opinionLinks, eq(opinionLinks.id, opinionPublicCodes.linkId))
    .where(and(eq(opinionLinks.campaignId, campaignId), isNotNull(opinionPublicCodes.usedOn)));
  const byGroup = new Map<
    string,
    { links: number; issued: number; used: number; ballots: number; submissions: number }
  >();
  for (const g of c.groups as GroupWeight[])
    byGroup.set(g.group, { links: 0, issued: 0, used: 0, ballots: 0, submissions: 0 });
  for (const r of rows) {
    const g = byGroup.get(r.group);
    if (!g || r.kind === 'public') continue;
    g.links += r.links;
    g.issued += r.issued;
    g.used += r.used;
  }
  for (const [group, g] of byGroup) {
    g.ballots = (stored.find((b) => b.group === group)?.n ?? 0) + (waiting.get(group as RaterGroup) ?? 0);
    g.submissions = group === 'public' ? cards!.n : g.used;
  }
  const units = new Map<
    string,
    { unitId: string; unitName: string; groups: Record<string, { links: number; used: number }> }
  >();
  for (const r of rows) {
    if (r.kind === 'public' || !r.unitId) continue;
    const u = units.get(r.unitId) ?? { unitId: r.unitId, unitName: r.unitName ?? '', groups: {} };
    u.groups[r.group] = { links: r.links, used: r.used };
    units.set(r.unitId, u);
  }
  return {
    campaign: { id: c.id, title: c.title, status: c.status as CampaignStatus },
    groups: [...byGroup.entries()].map(([group, v]) => ({
      group: group as RaterGroup,
      label: RATER_GROUP_LABELS[group as RaterGroup],
      ...v,
      rate: v.issued > 0 ? Math.round((v.used / v.issued) * 1000) / 10 : null,
    })),
    units: [...units.values()],
  };
}
