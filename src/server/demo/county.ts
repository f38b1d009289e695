import { eq } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import {
  orgCadres,
  orgDictItems,
  orgLiaisonGroups,
  orgPeriods,
  orgRegions,
  orgUnits,
} from '../db/schema/index.ts';
import type { Ctx } from '../lib/context.ts';
import { Rng } from '../lib/random.ts';
import type { Audit } from '../lib/tx.ts';
import { insertCadres, recordTransfer } from '../modules/org/cadres.service.ts';
import { seedCalendar } from '../modules/org/calendar.data.ts';
import { recordDivision } from '../modules/org/division.service.ts';
import { createYear } from '../modules/org/periods.service.ts';
import { setSetting } from '../modules/system/settings.service.ts';
import {
  DEPARTMENTS,
  DEPARTMENTS_DICT,
  DOMAINS,
  type DomainCode,
  GIVEN_FEMALE,
  GIVEN_MALE,
  GROUP_NAMES,
  JURISDICTION,
  ORG_DEPT_POSTS,
  RANKS,
  ROLE_TYPES,
  type RoleTypeCode,
  SOES,
  SURNAMES,
  TAGS,
  TOWN_DOMAINS,
  TOWNS,
  type UnitSpec,
} from './county.data.ts';

export const DEMO_YEAR = 2026;
export const TOTAL_CADRES = 512;

type TeamPlace = '正职' | '副职' | '成员';
interface Seat {
  post: string;
  teamPlace: TeamPlace;
  rank: string;
}

/** The titles of a department's leadership, from the kind of body its name says it is. */
function departmentTitles(name: string): [string, string] {
  const rules: [RegExp, [string, string]][] = [
    [/组织部$/, ['部长', '副部长']],
    [/(宣传部|统战部|工作部)$/, ['部长', '副部长']],
    [/纪委市监委机关$/, ['书记、主任', '副书记、副主任']],
    [/政法委$/, ['常务副书记', '副书记']],
    [/党校$/, ['常务副校长', '副校长']],
    [/团市委$/, ['书记', '副书记']],
    [/总工会$/, ['常务副主席', '副主席']],
    [/(妇联|科协|工商联|残联)$/, ['主席', '副主席']],
    [/红十字会$/, ['常务副会长', '副会长']],
    [/法院$/, ['院长', '副院长']],
    [/检察院$/, ['检察长', '副检察长']],
    [/档案馆$/, ['馆长', '副馆长']],
    [/(办公室|中心|管委会|合作社)$/, ['主任', '副主任']],
    [/局$/, ['局长', '副局长']],
  ];
  for (const [re, t] of rules) if (re.test(name)) return t;
  return ['主任', '副主任'];
}

function seatsFor(spec: UnitSpec, size: number, rng: Rng): Seat[] {
  const seats: Seat[] = [];
  const deputies = Math.max(1, Math.round((size - 1) * 0.65));
  const members = size - 1 - deputies;
  if (spec.kind === 'town' || spec.kind === 'street') {
    const town = spec.kind === 'town';
    seats.push({ post: town ? '党委书记' : '党工委书记', teamPlace: '正职', rank: 'zhengke' });
    const dep = town
      ? ['党委副书记、镇长', '人大主席', '党委副书记', '党委委员、副镇长', '副镇长', '副镇长', '副镇长']
      : [
          '党工委副书记、办事处主任',
          '人大工委主任',
          '党工委副书记',
          '党工委委员、办事处副主任',
          '办事处副主任',
          '办事处副主任',
          '办事处副主任',
        ];
    for (let i = 0; i < deputies; i++)
      seats.push({ post: dep[i % dep.length]!, teamPlace: '副职', rank: i < 2 ? 'zhengke' : 'fuke' });
    const mem = town
      ? ['党委委员、组织委员', '党委委员、武装部长', '党委委员、纪委书记']
      : ['党工委委员、组织委员', '党工委委员、武装部长', '党工委委员、纪工委书记'];
    for (let i = 0; i < members; i++)
      seats.push({ post: mem[i % mem.length]!, teamPlace: '成员', rank: 'fuke' });
    return seats;
  }
  if (spec.kind === 'soe') {
    seats.push({ post: '党委书记、董事长', teamPlace: '正职', rank: 'zhengke' });
    const dep = ['党委副书记、总经理', '副总经理', '副总经理', '副总经理'];
    for (let i = 0; i < deputies; i++)
      seats.push({ post: dep[i % dep.length]!, teamPlace: '副职', rank: i === 0 ? 'zhengke' : 'fuke' });
    const mem = ['纪委书记', '总工程师', '财务总监'];
    for (let i = 0; i < members; i++)
      seats.push({ post: mem[i % mem.length]!, teamPlace: '成员', rank: 'dy4' });
    return seats;
  }
  const [head, deputy] = departmentTitles(spec.name);
  seats.push({ post: `党组书记、${head}`, teamPlace: '正职', rank: 'zhengke' });
  for (let i = 0; i < deputies; i++) {
    seats.push({
      post: i === 0 ? `党组副书记、${deputy}` : `党组成员、${deputy}`,
      teamPlace: '副职',
      rank: 'fuke',
    });
  }
  const mem = ['党组成员、总工程师', '三级调研员', '四级调研员', '党组成员、总经济师'];
  for (let i = 0; i < members; i++)
    seats.push({
      post: mem[(i + rng.int(0, 3)) % mem.length]!,
      teamPlace: '成员',
      rank: i % 2 ? 'dy3' : 'dy4',
    });
  return seats;
}

const DOMAIN_ROLE: Partial<Record<DomainCode, RoleTypeCode>> = {
  investment_attraction: 'zs',
  industry: 'gy',
  modern_industry: 'gy',
  urban_renewal: 'cj',
  block_renovation: 'cj',
  project_investment: 'jj',
  transport: 'jt',
  rural: 'ny',
  ecology: 'st',
  grassroots: 'jc',
  livelihood: 'sh',
  marine: 'jt',
};

const DOMAIN_NAME = new Map<string, string>(DOMAINS.map(([c, n]) => [c, n]));

/** Sizes of the 82 leadership teams, adding up to exactly 512. */
function teamSizes(units: UnitSpec[], total: number, rng: Rng): number[] {
  const sizes = units.map((u, i) =>
    i === 0
      ? ORG_DEPT_POSTS.length
      : u.kind === 'town' || u.kind === 'street'
        ? rng.int(8, 10)
        : u.kind === 'soe'
          ? rng.int(4, 6)
          : rng.int(5, 7),
  );
  let sum = sizes.reduce((a, b) => a + b, 0);
  for (let i = 1; sum !== total; i = (i % (sizes.length - 1)) + 1) {
    if (sum < total && sizes[i]! < 11) {
      sizes[i]! += 1;
      sum += 1;
    } else if (sum > total && sizes[i]! > 4) {
      sizes[i]! -= 1;
      sum -= 1;
    }
  }
  return sizes;
}

export interface CountyHandles {
  orgDeptUnitId: string;
  leaderCadreId: string;
  officerCadreId: string;
  unitAdminUnitId: string;
  cadreId: string;
  unitCount: number;
  cadreCount: number;
}

/**
 * Builds the demo county of SPEC §5 in the caller's transaction: 82 units in 8 liaison groups
 * led by the organization department's 部务会 members, 512 cadres with their appointments,
 * a division of labour for every unit, the 2026 periods and calendar, and a few transfers
 * during the year. `small` builds a handful of units for browser tests.
 */
export async function seedCounty(
  ctx: Ctx,
  tx: Tx,
  audit: Audit,
  scale: 'full' | 'small',
): Promise<CountyHandles> {
  const rng = new Rng(20260301);
  await setSetting(tx, 'jurisdiction', JURISDICTION, null);
  await seedCalendar(tx);
  const dict = [
    ...RANKS.map(([code, name], i) => ({ kind: 'rank', code, name, sort: i })),
    ...ROLE_TYPES.map(([code, name], i) => ({ kind: 'role_type', code, name, sort: i })),
    ...DOMAINS.map(([code, name], i) => ({ kind: 'domain', code, name, sort: i })),
    ...TAGS.map(([code, name], i) => ({ kind: 'tag', code, name, sort: i })),
    ...DEPARTMENTS_DICT.map((name, i) => ({ kind: 'department', code: `dept${i + 1}`, name, sort: i })),
  ];
  await tx.insert(orgDictItems).values(dict);

  const [jur] = await tx
    .insert(orgRegions)
    .values({ code: 'R00', name: JURISDICTION.name, kind: 'jurisdiction', sort: 0 })
    .returning();
  const towns = scale === 'full' ? TOWNS : TOWNS.slice(0, 1);
  const regions = await tx
    .insert(orgRegions)
    .values(
      towns.map((t, i) => ({
        code: `R${String(i + 1).padStart(2, '0')}`,
        name: t.name,
        kind: t.kind,
        sort: i + 1,
      })),
    )
    .returning();

  const specs: UnitSpec[] =
    scale === 'full'
      ? [
          ...DEPARTMENTS,
          ...towns.map((t) => ({
            name: t.name,
            kind: t.kind,
            roleType: 'jc' as const,
            domains: TOWN_DOMAINS,
          })),
          ...SOES,
        ]
      : [
          DEPARTMENTS[0]!,
          DEPARTMENTS.find((u) => u.name === '市投资促进中心')!,
          DEPARTMENTS.find((u) => u.name === '市经济和信息化局')!,
          DEPARTMENTS.find((u) => u.name === '市城市更新与发展中心')!,
          { name: towns[0]!.name, kind: towns[0]!.kind, roleType: 'jc', domains: TOWN_DOMAINS },
          SOES[0]!,
        ];
  const groupCount = scale === 'full' ? GROUP_NAMES.length : 2;
  const groups = await tx
    .insert(orgLiaisonGroups)
    .values(GROUP_NAMES.slice(0, groupCount).map((name, i) => ({ name, sort: i })))
    .returning();

  const units: {
    spec: UnitSpec;
    unit: typeof orgUnits.$inferSelect;
    region: typeof orgRegions.$inferSelect;
  }[] = [];
  for (const [i, spec] of specs.entries()) {
    const region =
      spec.kind === 'town' || spec.kind === 'street' ? regions.find((r) => r.name === spec.name)! : jur!;
    const [u] = await tx
      .insert(orgUnits)
      .values({
        code: `${spec.kind === 'soe' ? 'G' : spec.kind === 'department' ? 'B' : 'Z'}${String(i + 1).padStart(3, '0')}`,
        name: spec.name,
        kind: spec.kind,
        regionId: region.id,
        // Round-robin over the groups, so that every group has departments, towns and enterprises.
        liaisonGroupId: groups[i % groups.length]!.id,
        sort: i,
      })
      .returning();
    units.push({ spec, unit: u!, region });
  }

  const total = scale === 'full' ? TOTAL_CADRES : 40;
  const sizes = teamSizes(specs, total, rng);
  const usedNames = new Set<string>();
  const personName = (female: boolean) => {
    for (;;) {
      const given = female ? GIVEN_FEMALE : GIVEN_MALE;
      const n = rng.pick(SURNAMES) + rng.pick(given) + (rng.chance(0.75) ? rng.pick(given) : '');
      if (!usedNames.has(n)) {
        usedNames.add(n);
        return n;
      }
    }
  };

  const startOf = `${DEMO_YEAR}-01-01`;
  let seq = 0;
  const byUnit = new Map<
    string,
    { id: string; seat: Seat; domains: DomainCode[]; roleType: RoleTypeCode }[]
  >();
  for (const [ui, { spec, unit }] of units.entries()) {
    const seats =
      ui === 0 ? ORG_DEPT_POSTS.slice(0, sizes[0]).map((s) => ({ ...s })) : seatsFor(spec, sizes[ui]!, rng);
    const unitDomains = spec.domains;
    let deputyIndex = 0;
    const planned: {
      seat: Seat;
      domains: DomainCode[];
      roleType: RoleTypeCode;
      body: Parameters<typeof insertCadres>[3][number];
    }[] = [];
    for (const seat of seats) {
      seq += 1;
      const female = rng.chance(seat.teamPlace === '正职' ? 0.15 : 0.3);
      const birthYear =
        seat.teamPlace === '正职'
          ? rng.int(1968, 1983)
          : seat.teamPlace === '副职'
            ? rng.int(1971, 1993)
            : rng.int(1969, 1990);
      let domains: DomainCode[] = [];
      if (seat.teamPlace === '正职') domains = [...unitDomains];
      else if (seat.teamPlace === '副职' && unitDomains.length)
        domains = [unitDomains[deputyIndex++ % unitDomains.length]!];
      else if (unitDomains.length && rng.chance(0.5)) domains = [rng.pick(unitDomains)];
      const roleType: RoleTypeCode =
        spec.kind === 'town' || spec.kind === 'street'
          ? seat.teamPlace === '正职'
            ? 'jc'
            : (DOMAIN_ROLE[domains[0] ?? 'grassroots'] ?? 'jc')
          : spec.roleType;
      const age = DEMO_YEAR - birthYear;
      const young = (seat.rank === 'fuke' && age <= 35) || (seat.rank === 'zhengke' && age <= 40);
      const started = `${rng.int(2017, 2025)}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
      planned.push({
        seat,
        domains,
        roleType,
        body: {
          code: `YW${String(seq).padStart(4, '0')}`,
          name: personName(female),
          sex: female ? '女' : '男',
          birthYear,
          birthMonth: rng.int(1, 12),
          ethnicity: rng.chance(0.96) ? '汉族' : rng.pick(['畲族', '回族', '土家族']),
          education: rng.pick([
            '大学（管理学学士）',
            '大学（工学学士）',
            '研究生（公共管理硕士）',
            '大学（经济学学士）',
            '大学（法学学士）',
            '研究生（工学硕士）',
          ]),
          resume: null,
          unitId: unit.id,
          post: seat.post,
          teamPlace: seat.teamPlace,
          rankCode: seat.rank,
          roleTypeCode: roleType,
          young,
          tags: female ? ['female'] : [],
          startsOn: started,
          docNo: `玉委〔${started.slice(0, 4)}〕${rng.int(10, 120)}号`,
        },
      });
    }
    const created = await insertCadres(
      ctx,
      tx,
      audit,
      planned.map((p) => p.body),
    );
    const members = planned.map((p, i) => ({
      id: created[i]!.id,
      seat: p.seat,
      domains: p.domains,
      roleType: p.roleType,
    }));
    byUnit.set(unit.id, members);
    await recordDivision(ctx, tx, audit, unit.id, {
      effectiveFrom: startOf,
      docNo: `${spec.name.replace(/^市/, '')}〔${DEMO_YEAR}〕1号`,
      reason: '年度班子分工',
      members: members.map((m) => ({
        cadreId: m.id,
        duties:
          m.seat.teamPlace === '正职'
            ? '主持全面工作'
            : m.domains.length
              ? `${m.seat.teamPlace === '成员' ? '协助' : ''}分管${m.domains.map((d) => DOMAIN_NAME.get(d)).join('、')}工作`
              : m.seat.teamPlace === '副职'
                ? '分管办公室、机关党建等工作'
                : '协助做好相关工作',
        scopes: [
          ...m.domains.map((d) => ({ kind: 'domain' as const, ref: d, lead: m.seat.teamPlace !== '成员' })),
          ...((spec.kind === 'town' || spec.kind === 'street') && m.seat.teamPlace === '正职'
            ? [{ kind: 'region' as const, ref: units[ui]!.region.id, lead: true }]
            : []),
        ],
      })),
    });
  }

  // The 部务会 members lead the liaison groups (部长 the first, and so on).
  const orgDept = units[0]!.unit;
  const leaders = byUnit.get(orgDept.id)!;
  for (const [i, g] of groups.entries()) {
    await tx
      .update(orgLiaisonGroups)
      .set({ leaderCadreId: leaders[i % leaders.length]!.id })
      .where(eq(orgLiaisonGroups.id, g.id));
  }

  await createYear(ctx, DEMO_YEAR);

  // A few transfers during the year (调动): each ends a responsibility scope and starts the next.
  const movers = new Set<string>();
  if (scale === 'full') {
    const dates = ['2026-04-15', '2026-06-01', '2026-07-10', '2026-08-20', '2026-09-15', '2026-10-12'];
    for (const [i, date] of dates.entries()) {
      const from = units[3 + i * 9]!;
      const to = units[5 + i * 11]!;
      const mover = byUnit.get(from.unit.id)!.find((m) => m.seat.teamPlace === '副职')!;
      movers.add(mover.id);
      const [, deputy] = to.spec.kind === 'department' ? departmentTitles(to.spec.name) : ['', '副主任'];
      await recordTransfer(ctx, tx, audit, mover.id, {
        unitId: to.unit.id,
        post:
          to.spec.kind === 'town'
            ? '副镇长'
            : to.spec.kind === 'street'
              ? '办事处副主任'
              : to.spec.kind === 'soe'
                ? '副总经理'
                : `党组成员、${deputy}`,
        teamPlace: '副职',
        rankCode: mover.seat.rank,
        roleTypeCode: to.spec.roleType,
        date,
        docNo: `玉委〔2026〕${40 + i * 7}号`,
        note: '工作需要',
      });
    }
  }
  // The first two quarters are assessed and closed.
  const quarters = await tx.select().from(orgPeriods).where(eq(orgPeriods.year, DEMO_YEAR));
  for (const q of quarters.filter((p) => p.quarter === 1 || p.quarter === 2)) {
    await tx
      .update(orgPeriods)
      .set({ status: 'closed', closedAt: ctx.clock.now() })
      .where(eq(orgPeriods.id, q.id));
  }

  const invest = units.find((u) => u.spec.name === '市投资促进中心')!;
  const investCadre = byUnit
    .get(invest.unit.id)!
    .find(
      (m) => m.domains.includes('investment_attraction') && m.seat.teamPlace === '副职' && !movers.has(m.id),
    )!;
  const [count] = await tx.select({ id: orgCadres.id }).from(orgCadres).limit(1);
  return {
    orgDeptUnitId: orgDept.id,
    leaderCadreId: leaders[1]!.id,
    officerCadreId: leaders[6 % leaders.length]!.id,
    unitAdminUnitId: invest.unit.id,
    cadreId: investCadre.id,
    unitCount: units.length,
    cadreCount: count ? seq : 0,
  };
}
