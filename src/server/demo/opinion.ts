import { randomUUID } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import {
  DEFAULT_GROUP_WEIGHTS,
  DEFAULT_QUESTIONNAIRE,
  type ENTRY_TAGS,
  type RaterGroup,
} from '../../common/contracts/opinion.ts';
import type { Tx } from '../db/client.ts';
import {
  opinionBallots,
  opinionCampaignCadres,
  opinionCampaigns,
  opinionEntries,
  opinionLinks,
  opinionProfiles,
  opinionPublicCodes,
  orgAppointments,
  orgCadres,
  orgLiaisonGroups,
  orgUnits,
} from '../db/schema/index.ts';
import type { Ctx } from '../lib/context.ts';
import { Rng } from '../lib/random.ts';
import { addDays, localDay } from '../lib/time.ts';
import { MIN_SET, setHashOf } from '../modules/opinion/ballot-store.service.ts';
import { type NewLink, ruleLinks } from '../modules/opinion/campaign-links.service.ts';
import {
  type CampaignRow,
  newSlipCode,
  newToken,
  slipHash,
  tokenHash,
} from '../modules/opinion/campaigns.service.ts';
import { type BallotRow, cadreResult, withCalibration } from '../modules/opinion/scoring.ts';
import { loadCalendar, type WorkingCalendar } from '../modules/org/calendar.service.ts';
import { addTimelineEvents, type TimelineEventInput } from '../modules/org/timeline.service.ts';
import { DEMO_YEAR } from './county.ts';
import { commentFor } from './opinion-comments.ts';
import { seedVisits } from './opinion-visits.ts';
import { at, insertChunks } from './seed-helpers.ts';

/**
 * 走进群众听民意 for the demo county: closed evaluation rounds over every active cadre — rule
 * raters (上级、同级) by the rule of assignByRule, list raters (下级、服务对象) per unit as an uploaded
 * list makes them, public links per unit — with ballots, free-text entries partly tagged, and the
 * profiles frozen as closeCampaign freezes them; and the liaison leaders' visit log of the demo
 * year up to the clock's today, some leaders above the one-third rule and some below.
 */

export type Theme = Exclude<(typeof ENTRY_TAGS)[number], '能力' | '其他'>;
type Scale = 'full' | 'small';

interface RoundSpec {
  title: string;
  year: number;
  round: number;
  startsOn: string;
  endsOn: string;
  /** The local day the round was closed (the profiles are frozen that day). */
  closedOn: string;
  /** Free-text entries the round collected (the article: 1,520 余条 over two rounds). */
  entries: number;
  /** The share of entries officers have tagged by theme so far. */
  tagged: number;
  /** Whether cadres' trends between rounds apply (the later round). */
  later: boolean;
}

const ROUNDS: RoundSpec[] = [
  {
    title: '2025年度干部政绩观测评',
    year: 2025,
    round: 1,
    startsOn: '2026-01-12',
    endsOn: '2026-01-23',
    closedOn: '2026-01-27',
    entries: 742,
    tagged: 0.85,
    later: false,
  },
  {
    title: '2026年度第一轮干部政绩观测评',
    year: 2026,
    round: 1,
    startsOn: '2026-07-06',
    endsOn: '2026-07-17',
    closedOn: '2026-07-21',
    entries: 786,
    tagged: 0.4,
    later: true,
  },
];

/** Response rates of the personal links by group (a unit's own factor moves them a little). */
const RESPONSE: Record<Exclude<RaterGroup, 'public'>, number> = {
  superior: 0.95,
  peer: 0.88,
  subordinate: 0.75,
  service: 0.6,
};
/** How each group tends to mark compared with the cadre's standing (1–5 scale). */
const GROUP_BIAS: Record<RaterGroup, number> = {
  superior: 0.05,
  peer: 0.12,
  subordinate: 0,
  public: -0.12,
  service: -0.08,
};

const gauss = (rng: Rng) => {
  let u = 0;
  while (u === 0) u = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
};
const clamp = (x: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, x));
const CODE_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

export interface Unit {
  id: string;
  name: string;
  kind: string;
  liaisonGroupId: string | null;
}
export interface Cadre {
  id: string;
  name: string;
  unitId: string | null;
  post: string | null;
  teamPlace: string | null;
}
/** Where a cadre sat on a day (from the appointments; the registry row says only today). */
export type Seat = { unitId: string; post: string | null; teamPlace: string | null };

/** How a cadre comes across: a standing, stronger and weaker dimensions, a trend to the later round. */
interface Tendency {
  base: number;
  dims: Record<string, number>;
  trend: number;
}

export async function seedOpinion(
  ctx: Ctx,
  tx: Tx,
  scale: Scale,
  people: { officer: string; leader: string },
): Promise<void> {
  const rng = new Rng(20260717);
  const units: Unit[] = await tx
    .select({
      id: orgUnits.id,
      name: orgUnits.name,
      kind: orgUnits.kind,
      liaisonGroupId: orgUnits.liaisonGroupId,
    })
    .from(orgUnits)
    .where(eq(orgUnits.status, 'active'))
    .orderBy(asc(orgUnits.sort), asc(orgUnits.code));
  const cadres: Cadre[] = await tx
    .select({
      id: orgCadres.id,
      name: orgCadres.name,
      unitId: orgCadres.unitId,
      post: orgCadres.post,
      teamPlace: orgCadres.teamPlace,
    })
    .from(orgCadres)
    .where(eq(orgCadres.status, 'active'))
    .orderBy(asc(orgCadres.code));
  const appointments = await tx
    .select({
      cadreId: orgAppointments.cadreId,
      unitId: orgAppointments.unitId,
      post: orgAppointments.post,
      teamPlace: orgAppointments.teamPlace,
      startsOn: orgAppointments.startsOn,
      endsOn: orgAppointments.endsOn,
    })
    .from(orgAppointments)
    .orderBy(asc(orgAppointments.startsOn));
  const groups = await tx
    .select({ id: orgLiaisonGroups.id, leaderCadreId: orgLiaisonGroups.leaderCadreId })
    .from(orgLiaisonGroups)
    .orderBy(asc(orgLiaisonGroups.sort), asc(orgLiaisonGroups.name));
  const leaderOfGroup = new Map(groups.map((g) => [g.id, g.leaderCadreId]));
  const unitOrder = new Map(units.map((u, i) => [u.id, i]));
  const apptsOf = new Map<string, typeof appointments>();
  for (const a of appointments) apptsOf.set(a.cadreId, [...(apptsOf.get(a.cadreId) ?? []), a]);

  /** Every active cadre's seat on a day, in unit order (then registry code order). */
  const seatsOn = (day: string) => {
    const out: (Cadre & Seat)[] = [];
    for (const c of cadres) {
      const held = (apptsOf.get(c.id) ?? []).filter(
        (a) => a.unitId && a.startsOn <= day && (a.endsOn === null || a.endsOn >= day),
      );
      const last = held[held.length - 1];
      const seat: Seat | null = last
        ? { unitId: last.unitId!, post: last.post, teamPlace: last.teamPlace }
        : c.unitId
          ? { unitId: c.unitId, post: c.post, teamPlace: c.teamPlace }
          : null;
      if (seat && unitOrder.has(seat.unitId)) out.push({ ...c, ...seat });
    }
    return out.sort((a, b) => unitOrder.get(a.unitId)! - unitOrder.get(b.unitId)!);
  };

  const q = DEFAULT_QUESTIONNAIRE;
  const tendency = new Map<string, Tendency>();
  for (const c of cadres) {
    const r = rng.next();
    const base =
      r < 0.02 ? 3.0 + gauss(rng) * 0.25 : r < 0.12 ? 3.6 + gauss(rng) * 0.2 : 4.15 + gauss(rng) * 0.22;
    const t = rng.next();
    const trend =
      t < 0.15 ? 0.25 + rng.next() * 0.3 : t < 0.25 ? -(0.25 + rng.next() * 0.3) : 0.02 + gauss(rng) * 0.08;
    tendency.set(c.id, {
      base,
      dims: Object.fromEntries(q.dimensions.map((d) => [d.code, gauss(rng) * 0.18])),
      trend,
    });
  }

  const calendar = await loadCalendar(tx, `${DEMO_YEAR}-01-01`, `${DEMO_YEAR}-12-31`);
  const rounds = scale === 'full' ? ROUNDS : [{ ...ROUNDS[1]!, entries: 48, tagged: 0.5 }];
  const usedCodes = new Set<string>();
  for (const spec of rounds) {
    await seedRound(tx, rng, spec, {
      units,
      seats: seatsOn(spec.startsOn),
      leaderOfGroup,
      cadreName: new Map(cadres.map((c) => [c.id, c.name])),
      tendency,
      calendar,
      people,
      usedCodes,
      scale,
    });
  }
  await seedVisits(tx, rng, localDay(ctx.clock.now()), calendar, {
    units,
    groups,
    seatsOn,
    people,
    short: scale === 'full' ? new Set([2, 5, 7]) : new Set([1]),
  });
}

// ——— evaluation rounds ———

interface RoundData {
  units: Unit[];
  seats: (Cadre & Seat)[];
  leaderOfGroup: Map<string, string | null>;
  cadreName: Map<string, string>;
  tendency: Map<string, Tendency>;
  calendar: WorkingCalendar;
  people: { officer: string; leader: string };
  usedCodes: Set<string>;
  scale: Scale;
}

interface BallotSeed {
  id: string;
  campaignId: string;
  cadreId: string;
  raterGroup: RaterGroup;
  submissionKey: string;
  linked?: boolean;
  answers: Record<string, number>;
  submittedOn: string;
}

async function seedRound(tx: Tx, rng: Rng, spec: RoundSpec, d: RoundData) {
  const { people } = d;
  const q = DEFAULT_QUESTIONNAIRE;
  const openedAt = at(spec.startsOn, 8, 30);
  const closedAt = at(spec.closedOn, 10);
  const [campaign] = await tx
    .insert(opinionCampaigns)
    .values({
      title: spec.title,
      year: spec.year,
      round: spec.round,
      status: 'closed',
      startsOn: spec.startsOn,
      endsOn: spec.endsOn,
      questionnaire: q,
      groups: DEFAULT_GROUP_WEIGHTS,
      openedAt,
      openedBy: people.officer,
      closedAt,
      closedBy: people.leader,
      createdAt: at(addDays(spec.startsOn, -10), 15),
      createdBy: people.officer,
      updatedAt: closedAt,
      updatedBy: people.leader,
    })
    .returning();
  const c = campaign as CampaignRow;
  const scope = d.seats;
  await insertChunks(
    tx,
    opinionCampaignCadres,
    scope.map((s) => ({ campaignId: c.id, cadreId: s.id, unitId: s.unitId })),
  );
  const unitOf = new Map(d.units.map((u) => [u.id, u]));
  const byUnit = new Map<string, (Cadre & Seat)[]>();
  for (const s of scope) byUnit.set(s.unitId, [...(byUnit.get(s.unitId) ?? []), s]);
  const units = d.units.filter((u) => byUnit.has(u.id));

  // Raters: the rule groups exactly as assignByRule makes them (from the seats of the day the
  // round opened), the list groups as a 评价者名单 makes them (份数 links per unit), a public link per unit.
  const ruleScope = scope.map((s) => ({
    cadreId: s.id,
    unitId: s.unitId,
    teamPlace: s.teamPlace,
    leaderCadreId: d.leaderOfGroup.get(unitOf.get(s.unitId)!.liaisonGroupId ?? '') ?? null,
  }));
  const members = scope.map((s) => ({ id: s.id, name: s.name, unitId: s.unitId, teamPlace: s.teamPlace }));
  const personal: NewLink[] = [
    ...ruleLinks('superior', ruleScope, members, d.cadreName),
    ...ruleLinks('peer', ruleScope, members, d.cadreName),
  ];
  for (const u of units) {
    const ids = byUnit.get(u.id)!.map((s) => s.id);
    const town = u.kind === 'town' || u.kind === 'street';
    const sub = town ? rng.int(10, 18) : u.kind === 'soe' ? rng.int(6, 10) : rng.int(8, 14);
    // A few units hand out only a handful of service slips: their service group stays below five.
    const svc = rng.chance(0.2) ? rng.int(3, 6) : rng.int(7, 12);
    const subLabel = town
      ? '机关干部和村（社区）干部'
      : u.kind === 'soe'
        ? '公司中层和职工代表'
        : '机关干部职工';
    const svcLabel = town
      ? '辖区企业和群众代表'
      : u.kind === 'soe'
        ? '合作单位和客户代表'
        : '服务企业和办事群众';
    for (let i = 0; i < sub; i++)
      personal.push({ raterGroup: 'subordinate', raterLabel: subLabel, unitId: u.id, cadreIds: ids });
    for (let i = 0; i < svc; i++)
      personal.push({ raterGroup: 'service', raterLabel: svcLabel, unitId: u.id, cadreIds: ids });
  }

  const days: string[] = [];
  for (let day = spec.startsOn; day <= spec.endsOn; day = addDays(day, 1))
    if (d.calendar.isWorkingDay(day)) days.push(day);
  // Most vote in the first days; the reminder brings a few more later.
  const voteDay = () => days[Math.min(days.length - 1, Math.floor(days.length * rng.next() ** 1.6))]!;
  const tendencyOf = (cadreId: string) => d.tendency.get(cadreId)!;
  const answersFor = (cadreId: string, group: RaterGroup): Record<string, number> => {
    const t = tendencyOf(cadreId);
    const mu = t.base + (spec.later ? t.trend : 0) + GROUP_BIAS[group] + gauss(rng) * 0.3;
    const out: Record<string, number> = {};
    for (const dim of q.dimensions)
      for (const it of dim.items)
        out[it.code] = clamp(
          Math.round(mu + t.dims[dim.code]! + gauss(rng) * 0.45),
          q.scale.min,
          q.scale.max,
        );
    return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
  };

  const ballots: BallotSeed[] = [];
  const linkRows = [];
  const unitFactor = new Map(units.map((u) => [u.id, clamp(1 + gauss(rng) * 0.04, 0.9, 1.06)]));
  const issuedAt = at(addDays(spec.startsOn, -2), 9);
  const createdAt = at(addDays(spec.startsOn, -4), 16);
  for (const l of personal) {
    const group = l.raterGroup as Exclude<RaterGroup, 'public'>;
    const factor = l.unitId ? unitFactor.get(l.unitId)! : 1;
    const used = rng.chance(Math.min(0.995, RESPONSE[group] * factor));
    const day = used ? voteDay() : null;
    if (day) {
      const submissionKey = randomUUID();
      for (const cadreId of l.cadreIds)
        ballots.push({
          id: randomUUID(),
          campaignId: c.id,
          cadreId,
          raterGroup: group,
          submissionKey,
          answers: answersFor(cadreId, group),
          submittedOn: day,
        });
    }
    // A reminder slip (reissue) for most of those who had not voted after the first week.
    const reminded = day ? day > days[4]! && rng.chance(0.6) : rng.chance(0.7);
    linkRows.push({
      id: randomUUID(),
      campaignId: c.id,
      kind: 'personal',
      raterGroup: group,
      tokenHash: tokenHash(newToken()),
      raterLabel: l.raterLabel,
      raterCadreId: l.raterCadreId ?? null,
      unitId: l.unitId ?? null,
      cadreIds: l.cadreIds,
      issuedAt,
      issuedBy: people.officer,
      issueCount: reminded ? 2 : 1,
      usedOn: day,
      createdAt,
      createdBy: people.officer,
    });
  }

  // 群众测评: a public link per unit with cards handed out at a session; each visitor rates the
  // cadres they know, skipping the others, and spends the code of their card.
  const codes = [];
  for (const u of units) {
    const team = byUnit.get(u.id)!;
    const linkId = randomUUID();
    let code = '';
    while (!code || d.usedCodes.has(code))
      code = Array.from({ length: 12 }, () => rng.pick(CODE_CHARS.split(''))).join('');
    d.usedCodes.add(code);
    linkRows.push({
      id: linkId,
      campaignId: c.id,
      kind: 'public',
      raterGroup: 'public',
      publicCode: code,
      raterLabel: `${u.name} 群众测评`,
      unitId: u.id,
      cadreIds: team.map((s) => s.id),
      issuedAt,
      issuedBy: people.officer,
      issueCount: 1,
      createdAt,
      createdBy: people.officer,
    });
    const town = u.kind === 'town' || u.kind === 'street';
    const visitors = town ? rng.int(14, 26) : u.kind === 'soe' ? rng.int(5, 8) : rng.int(6, 12);
    for (let v = 0; v < visitors; v++) {
      const known = team.filter((s) =>
        rng.chance(s.teamPlace === '正职' ? 0.92 : s.teamPlace === '副职' ? 0.72 : 0.45),
      );
      const rated = known.length ? known : team.slice(0, 1);
      const day = voteDay();
      const submissionKey = randomUUID();
      for (const s of rated)
        ballots.push({
          id: randomUUID(),
          campaignId: c.id,
          cadreId: s.id,
          raterGroup: 'public',
          submissionKey,
          answers: answersFor(s.id, 'public'),
          submittedOn: day,
        });
      codes.push({
        linkId,
        codeHash: slipHash(newSlipCode()),
        usedOn: day,
        createdAt,
        createdBy: people.officer,
      });
    }
    // Cards handed out but not used.
    for (let k = rng.int(2, 6); k > 0; k--)
      codes.push({
        linkId,
        codeHash: slipHash(newSlipCode()),
        usedOn: null,
        createdAt,
        createdBy: people.officer,
      });
  }
  await insertChunks(tx, opinionLinks, linkRows);
  unlinkRareSets(ballots);
  // In no particular order, as the ballot store writes them.
  await insertChunks(tx, opinionBallots, rng.shuffle(ballots));
  await insertChunks(tx, opinionPublicCodes, codes);

  // Free-text entries: more often from the critical, and only where the group's raters are
  // enough (≥ 5) for its entries to be shown: the round's count is what the officers can read.
  const perGroup = new Map<string, number>();
  for (const b of ballots)
    perGroup.set(`${b.cadreId}|${b.raterGroup}`, (perGroup.get(`${b.cadreId}|${b.raterGroup}`) ?? 0) + 1);
  const meanOf = (b: BallotSeed) => {
    const v = Object.values(b.answers);
    return v.reduce((s, x) => s + x, 0) / v.length;
  };
  const keyed = ballots
    .filter((b) => b.raterGroup !== 'superior')
    .map((b) => {
      const shown = (perGroup.get(`${b.cadreId}|${b.raterGroup}`) ?? 0) >= 5;
      const key = rng.next() ** (1 / (meanOf(b) < 3.6 ? 2 : 1));
      return { b, key: shown ? key : -1 };
    })
    .sort((x, y) => y.key - x.key)
    .slice(0, spec.entries)
    .map((x) => x.b);
  const entries = keyed.map((b) => {
    const { text, themes } = commentFor(rng, b.raterGroup, meanOf(b));
    const tagged = rng.chance(spec.tagged);
    const tags: string[] = tagged ? [...themes] : [];
    if (tagged && rng.chance(0.12)) tags.push(rng.pick(['能力', '其他']));
    return {
      ballotId: b.id,
      campaignId: c.id,
      cadreId: b.cadreId,
      raterGroup: b.raterGroup,
      text,
      tags,
      taggedAt: tagged ? at(addDays(spec.closedOn, rng.int(1, 24)), rng.int(9, 17), rng.int(0, 59)) : null,
      taggedBy: tagged ? people.officer : null,
    };
  });
  await insertChunks(tx, opinionEntries, entries);

  // The profiles frozen at closing, as closeCampaign freezes them: computeResults' grouping of
  // the ballots by cadre over the round's scope and the same cadreResult, without reading back
  // the ballots just written.
  const byCadre = new Map<string, BallotRow[]>();
  for (const b of ballots) {
    const list = byCadre.get(b.cadreId) ?? [];
    list.push(b);
    byCadre.set(b.cadreId, list);
  }
  const seatOf = new Map(scope.map((s) => [s.id, s.unitId]));
  const results = withCalibration(
    scope.map((s) =>
      cadreResult(s.id, byCadre.get(s.id) ?? [], q, c.groups as { group: RaterGroup; weight: number }[]),
    ),
    ballots,
    q,
    (id) => seatOf.get(id) ?? null,
    { at: closedAt, by: people.leader },
  );
  await insertChunks(
    tx,
    opinionProfiles,
    results.map((r) => {
      const { usedBallotIds: _ignored, ...data } = r;
      return {
        campaignId: c.id,
        cadreId: r.cadreId,
        data,
        overall: r.overall === null ? null : String(r.overall),
        ballots: r.ballotsShown,
        shown: r.ballotsShown > 0,
        createdBy: people.leader,
        createdAt: closedAt,
      };
    }),
  );
  const events: TimelineEventInput[] = results.map((r) => ({
    cadreId: r.cadreId,
    // closeCampaign dates the event on the last day of the round when it closes after it.
    occurredOn: spec.endsOn,
    module: 'opinion',
    kind: 'profile',
    title: `口碑档案更新：${c.title}`,
    recordType: 'opinion_campaign',
    recordId: c.id,
    visibility: 'org',
    createdBy: people.leader,
  }));
  for (let i = 0; i < events.length; i += 1000) await addTimelineEvents(tx, events.slice(i, i + 1000));
}

/**
 * The ballot store's rule over a whole round: a submission keeps its shared key only where at
 * least MIN_SET submissions rated the same set of cadres; elsewhere each ballot gets its own.
 */
function unlinkRareSets(ballots: BallotSeed[]) {
  const bySubmission = new Map<string, BallotSeed[]>();
  for (const b of ballots)
    bySubmission.set(b.submissionKey, [...(bySubmission.get(b.submissionKey) ?? []), b]);
  const setOf = new Map<string, string>();
  const sizes = new Map<string, number>();
  for (const [key, list] of bySubmission) {
    const h = setHashOf(list.map((b) => b.cadreId));
    setOf.set(key, h);
    sizes.set(h, (sizes.get(h) ?? 0) + 1);
  }
  for (const b of ballots) {
    b.linked = (sizes.get(setOf.get(b.submissionKey)!) ?? 0) >= MIN_SET;
    if (!b.linked) b.submissionKey = randomUUID();
  }
}
