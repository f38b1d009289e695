import { eq, inArray } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import {
  deliveryChecks,
  deliveryFindings,
  deliveryItems,
  deliveryLists,
  deliveryPlanItems,
  deliveryPlans,
  deliveryRectifications,
  deliveryReports,
  orgCadres,
  orgRegions,
  orgUnits,
} from '../db/schema/index.ts';
import type { Ctx } from '../lib/context.ts';
import { Rng } from '../lib/random.ts';
import { addDays, endOfLocalDay } from '../lib/time.ts';
import { raisedTitle } from '../modules/delivery/findings.service.ts';
import { reportDeadline } from '../modules/delivery/reports.service.ts';
import { currentDomains } from '../modules/org/cadres.service.ts';
import { addTimelineEvents } from '../modules/org/timeline.service.ts';
import { TOWN_DOMAINS } from './county.data.ts';

const YEAR = 2026;
/** Months reported by the demo's “today” (late November: October's reports are in). */
const REPORTED_MONTHS = 10;

type Kind = 'indicator' | 'project' | 'reform';

/** Item templates per domain: what a cadre in that field would promise for the year. */
const TEMPLATES: Record<string, { kind: Kind; title: string; target: number; unit: string }[]> = {
  investment_attraction: [
    { kind: 'indicator', title: '新签约亿元以上产业项目', target: 12, unit: '个' },
    { kind: 'indicator', title: '实际利用外资', target: 8000, unit: '万美元' },
    { kind: 'project', title: '签约项目开工转化', target: 8, unit: '个' },
  ],
  industry: [
    { kind: 'indicator', title: '规上工业增加值增速', target: 8, unit: '%' },
    { kind: 'indicator', title: '亩均税收提升', target: 5, unit: '万元/亩' },
    { kind: 'project', title: '低效工业用地整治', target: 600, unit: '亩' },
  ],
  modern_industry: [
    { kind: 'indicator', title: '高新技术产业增加值', target: 60, unit: '亿元' },
    { kind: 'project', title: '数字化车间（智能工厂）建设', target: 10, unit: '家' },
    { kind: 'indicator', title: '规上高新技术企业新增', target: 15, unit: '家' },
  ],
  urban_renewal: [
    { kind: 'project', title: '城市有机更新区块建设投资', target: 15, unit: '亿元' },
    { kind: 'project', title: '老旧小区改造', target: 12, unit: '个' },
    { kind: 'project', title: '背街小巷整治提升', target: 20, unit: '条' },
  ],
  block_renovation: [
    { kind: 'project', title: '成片拆改区块房屋征迁签约', target: 800, unit: '户' },
    { kind: 'project', title: '拆后土地出让', target: 300, unit: '亩' },
    { kind: 'project', title: '征迁安置房开工建设', target: 1200, unit: '套' },
  ],
  project_investment: [
    { kind: 'indicator', title: '固定资产投资完成额', target: 40, unit: '亿元' },
    { kind: 'project', title: '省市重点项目年度投资', target: 25, unit: '亿元' },
    { kind: 'project', title: '重大项目开工', target: 15, unit: '个' },
  ],
  transport: [
    { kind: 'project', title: '综合交通重点工程投资', target: 18, unit: '亿元' },
    { kind: 'project', title: '农村公路提档改造', target: 60, unit: '公里' },
    { kind: 'indicator', title: '公交线路优化调整', target: 10, unit: '条' },
  ],
  rural: [
    { kind: 'indicator', title: '村级集体经济经营性收入50万元以上村占比', target: 80, unit: '%' },
    { kind: 'project', title: '和美乡村精品村创建', target: 6, unit: '个' },
    { kind: 'project', title: '高标准农田建设', target: 3000, unit: '亩' },
  ],
  ecology: [
    { kind: 'indicator', title: 'PM2.5 平均浓度控制（降幅）', target: 5, unit: '%' },
    { kind: 'project', title: '污水零直排区建设', target: 8, unit: '个' },
    { kind: 'project', title: '美丽河湖创建', target: 3, unit: '条' },
  ],
  livelihood: [
    { kind: 'project', title: '民生实事项目完成', target: 10, unit: '项' },
    { kind: 'indicator', title: '新增城镇就业', target: 6000, unit: '人' },
    { kind: 'project', title: '养老服务设施提升', target: 8, unit: '处' },
  ],
  grassroots: [
    { kind: 'indicator', title: '信访积案化解', target: 95, unit: '%' },
    { kind: 'project', title: '基层治理“一件事”集成改革', target: 4, unit: '项' },
    { kind: 'project', title: '平安村（社区）创建', target: 20, unit: '个' },
  ],
  marine: [
    { kind: 'project', title: '港口吞吐能力提升工程', target: 12, unit: '亿元' },
    { kind: 'indicator', title: '海洋经济增加值增速', target: 7, unit: '%' },
    { kind: 'indicator', title: '渔业产值增速', target: 5, unit: '%' },
  ],
};
/** For cadres whose division of labour names no domain (party and office work). */
const GENERAL: { kind: Kind; title: string; target: number; unit: string }[] = [
  { kind: 'project', title: '机关党建示范点创建', target: 3, unit: '个' },
  { kind: 'indicator', title: '重点工作督查事项办结', target: 95, unit: '%' },
  { kind: 'indicator', title: '政务服务事项网办率', target: 90, unit: '%' },
  { kind: 'project', title: '干部教育培训计划完成', target: 12, unit: '期' },
];
const REFORMS = [
  '“一件事”集成改革',
  '营商环境优化提升',
  '数字化改革场景应用',
  '干部队伍建设制度创新',
  '基层减负机制完善',
];

/** Units that count things: a target, a plan and a progress in them are whole numbers. */
export const COUNT_UNITS = new Set(['个', '项', '家', '户', '期', '人', '条', '套', '处']);

/** A figure in the item's unit: whole for things counted, else to the hundredth. */
function inUnit(value: number, unit: string): number {
  return COUNT_UNITS.has(unit) ? Math.round(value) : Math.round(value * 100) / 100;
}

function monthlyPlan(target: number, unit: string, rng: Rng): number[] {
  // An S-shaped year: slow start after the Spring Festival, most of the work in the middle.
  const bend = 0.8 + rng.next() * 0.4;
  return Array.from({ length: 12 }, (_, m) => {
    const x = (m + 1) / 12;
    const share = m === 11 ? 1 : x ** bend;
    return inUnit(target * share, unit);
  });
}

/**
 * The template for the list's next item: the one drawn, or, when the list already has it, the
 * least used of the same field, so that no promise appears twice while another is unused.
 */
function unrepeated<T extends { title: string }>(drawn: T, pool: readonly T[], used: Map<string, number>): T {
  const start = pool.indexOf(drawn);
  let best = drawn;
  for (let k = 0; k < pool.length; k++) {
    const t = pool[(start + k) % pool.length]!;
    if ((used.get(t.title) ?? 0) < (used.get(best.title) ?? 0)) best = t;
  }
  used.set(best.title, (used.get(best.title) ?? 0) + 1);
  return best;
}

interface DemoItem {
  id?: string;
  listCadre: string;
  kind: Kind;
  title: string;
  domainCode: string | null;
  target: number;
  unit: string;
  plan: number[];
  inScope: boolean;
  /** How this cadre tends to deliver: 1 on plan, below 1 behind. */
  pace: number;
}

/**
 * A year of 年度干事清单 and 月度履职交付 for every cadre, and the year's verification visits
 * with the article's totals: 9 domains and 4 towns, 105 cadres, 630 余 items verified,
 * 11 problems found and rectified.
 */
export async function seedDelivery(
  _ctx: Ctx,
  tx: Tx,
  scale: 'full' | 'small',
  people: { officer: string; leader: string },
): Promise<void> {
  const rng = new Rng(20261125);
  const cadres = await tx
    .select({
      id: orgCadres.id,
      unitId: orgCadres.unitId,
      teamPlace: orgCadres.teamPlace,
      unitKind: orgUnits.kind,
      regionId: orgUnits.regionId,
    })
    .from(orgCadres)
    .innerJoin(orgUnits, eq(orgUnits.id, orgCadres.unitId))
    .where(eq(orgCadres.status, 'active'))
    .orderBy(orgCadres.code);
  const domainsOf = await currentDomains(
    tx,
    cadres.map((c) => c.id),
    `${YEAR}-06-30`,
  );
  const confirmedAt = new Date(`${YEAR}-02-10T02:00:00Z`);
  const lists = await tx
    .insert(deliveryLists)
    .values(
      cadres.map((c) => ({
        cadreId: c.id,
        year: YEAR,
        unitId: c.unitId,
        status: 'confirmed',
        submittedAt: new Date(`${YEAR}-01-25T02:00:00Z`),
        confirmedAt,
        confirmedBy: people.leader,
      })),
    )
    .returning({ id: deliveryLists.id, cadreId: deliveryLists.cadreId });
  const listOf = new Map(lists.map((l) => [l.cadreId, l.id]));

  const items: (DemoItem & { listId: string; seq: number })[] = [];
  for (const c of cadres) {
    const own = domainsOf.get(c.id) ?? [];
    const pace = rng.chance(0.12) ? 0.6 + rng.next() * 0.25 : 0.93 + rng.next() * 0.15;
    const count = rng.int(5, 7);
    const used = new Map<string, number>();
    for (let n = 0; n < count; n++) {
      const reform = n === count - 1;
      // A few cadres promise something outside their division of labour: the list flags it.
      const outOfScope = !reform && n === 0 && own.length > 0 && rng.chance(0.06);
      const domain = reform
        ? (own[0] ?? null)
        : outOfScope
          ? rng.pick(Object.keys(TEMPLATES).filter((d) => !own.includes(d)))
          : own.length
            ? own[n % own.length]!
            : null;
      const pool = domain ? (TEMPLATES[domain] ?? GENERAL) : GENERAL;
      const t = reform
        ? { kind: 'reform' as const, title: rng.pick(REFORMS), target: 100, unit: '%' }
        : unrepeated(rng.pick(pool), pool, used);
      const scaled = t.target * (0.6 + rng.next() * 0.8);
      const target = COUNT_UNITS.has(t.unit) ? Math.max(1, Math.round(scaled)) : Math.round(scaled * 10) / 10;
      items.push({
        listCadre: c.id,
        listId: listOf.get(c.id)!,
        seq: n + 1,
        kind: t.kind,
        title: reform ? `推进${t.title}` : t.title,
        domainCode: domain,
        target,
        unit: t.unit,
        plan: monthlyPlan(target, t.unit, rng),
        inScope: !domain || own.includes(domain),
        pace,
      });
    }
  }
  for (let i = 0; i < items.length; i += 1000) {
    const chunk = items.slice(i, i + 1000);
    const rows = await tx
      .insert(deliveryItems)
      .values(
        chunk.map((it) => ({
          listId: it.listId,
          seq: it.seq,
          kind: it.kind,
          title: it.title,
          domainCode: it.domainCode,
          targetKind: 'value',
          targetValue: String(it.target),
          measureUnit: it.unit,
          weight: it.kind === 'reform' ? '0.5' : '1',
          monthlyPlan: it.plan,
          inScope: it.inScope,
        })),
      )
      .returning({ id: deliveryItems.id });
    rows.forEach((r, n) => {
      chunk[n]!.id = r.id;
    });
  }

  const deadlines: string[] = [];
  for (let m = 1; m <= REPORTED_MONTHS; m++) deadlines.push(await reportDeadline(tx, YEAR, m));
  const reports = [];
  for (const it of items) {
    let prev = 0;
    for (let m = 1; m <= REPORTED_MONTHS; m++) {
      const wobble = 0.97 + rng.next() * 0.06;
      const progress = Math.max(prev, inUnit(it.plan[m - 1]! * it.pace * wobble, it.unit));
      prev = progress;
      const late = rng.chance(0.04);
      const deadline = deadlines[m - 1]!;
      const submitted = late ? addDays(deadline, rng.int(1, 6)) : addDays(deadline, -rng.int(0, 3));
      reports.push({
        itemId: it.id!,
        year: YEAR,
        month: m,
        progress: String(progress),
        account: null,
        deadline,
        late,
        submittedAt: new Date(endOfLocalDay(submitted).getTime() - 8 * 3_600_000),
      });
    }
  }
  for (let i = 0; i < reports.length; i += 2000)
    await tx.insert(deliveryReports).values(reports.slice(i, i + 2000));

  if (scale === 'full') await seedVisits(tx, rng, cadres, items, people);
}

async function seedVisits(
  tx: Tx,
  rng: Rng,
  cadres: { id: string; unitId: string | null; unitKind: string; regionId: string }[],
  items: (DemoItem & { listId: string })[],
  people: { officer: string; leader: string },
) {
  // The article's year: 9 domains (the nine a town works in) and 4 towns.
  const domains = new Set<string>(TOWN_DOMAINS);
  const towns = await tx
    .select()
    .from(orgRegions)
    .where(inArray(orgRegions.kind, ['town', 'street']));
  const visitedTowns = new Set(towns.slice(0, 4).map((t) => t.id));
  const eligible = (c: { unitKind: string; regionId: string }) =>
    c.unitKind === 'town' || c.unitKind === 'street' ? visitedTowns.has(c.regionId) : true;
  const itemsOf = new Map<string, typeof items>();
  for (const it of items) {
    if (it.domainCode && domains.has(it.domainCode))
      itemsOf.set(it.listCadre, [...(itemsOf.get(it.listCadre) ?? []), it]);
  }
  const enough = (c: { id: string }) => (itemsOf.get(c.id)?.length ?? 0) >= 6;
  const isTown = (c: { unitKind: string }) => c.unitKind === 'town' || c.unitKind === 'street';
  const townCadres = cadres.filter((c) => isTown(c) && visitedTowns.has(c.regionId) && enough(c));
  const deptCadres = rng.shuffle(cadres.filter((c) => !isTown(c) && eligible(c) && enough(c)));
  const visited = [...townCadres.slice(0, 30), ...deptCadres].slice(0, 105);
  const months = [3, 4, 5, 6, 7, 8, 9, 10];
  const byPlan = months.map(() => [] as typeof visited);
  for (const [i, c] of visited.entries()) byPlan[i % months.length]!.push(c);
  // Eleven problems, with the slowest of the cadres visited.
  const paceOf = new Map(items.map((it) => [it.listCadre, it.pace]));
  const problemCadres = new Set(
    [...visited]
      .sort((a, b) => (paceOf.get(a.id) ?? 1) - (paceOf.get(b.id) ?? 1))
      .slice(0, 11)
      .map((c) => c.id),
  );
  let findingsLeft = 11;
  let extra = 5; // six items each, and a seventh for a few: 630 余项
  const timeline = [];
  for (const [p, group] of byPlan.entries()) {
    const month = months[p]!;
    const day = `${YEAR}-${String(month + 1).padStart(2, '0')}-${String(10 + p).padStart(2, '0')}`;
    const startedAt = new Date(`${day}T01:00:00Z`);
    const [plan] = await tx
      .insert(deliveryPlans)
      .values({
        title: `${month} 月走进一线对账考察`,
        year: YEAR,
        month,
        status: 'completed',
        selection: {
          rule: p % 2 ? 'largest_gap' : 'random',
          year: YEAR,
          month,
          cadres: group.length,
          itemsPerCadre: 6,
          seed: p % 2 ? null : 1000 + p,
        },
        plannedOn: day,
        startedAt,
        startedBy: people.officer,
        completedAt: new Date(startedAt.getTime() + 3 * 86_400_000),
        completedBy: people.officer,
        createdBy: people.officer,
        createdAt: new Date(startedAt.getTime() - 5 * 86_400_000),
      })
      .returning();
    for (const c of group) {
      const available = itemsOf.get(c.id)?.length ?? 0;
      const seventh = available > 6 && extra > 0;
      if (seventh) extra -= 1;
      const take = seventh ? 7 : 6;
      const chosen = (itemsOf.get(c.id) ?? []).slice(0, take);
      await tx
        .insert(deliveryPlanItems)
        .values(chosen.map((it) => ({ planId: plan!.id, itemId: it.id!, cadreId: c.id })));
      for (const [n, it] of chosen.entries()) {
        const reported = inUnit(it.plan[month - 1]! * it.pace, it.unit);
        const problem = n === 0 && problemCadres.has(c.id);
        const verdict = problem
          ? (['lagging', 'lagging', 'ineffective', 'false_report'] as const)[findingsLeft % 4]!
          : 'true';
        // What was found on site falls short of what was reported (by one at least, for things counted).
        const found = inUnit(reported * (verdict === 'false_report' ? 0.6 : 0.85), it.unit);
        const verified = problem
          ? COUNT_UNITS.has(it.unit)
            ? Math.max(0, Math.min(found, reported - 1))
            : found
          : reported;
        const [check] = await tx
          .insert(deliveryChecks)
          .values({
            planId: plan!.id,
            itemId: it.id!,
            cadreId: c.id,
            reportedValue: String(reported),
            verifiedValue: String(verified),
            verdict,
            notes: problem ? '现场台账与申报不一致' : null,
            checkedAt: new Date(startedAt.getTime() + n * 3_600_000),
            checkedBy: people.officer,
          })
          .returning();
        if (!problem) continue;
        findingsLeft -= 1;
        const finalAt = new Date(startedAt.getTime() + 8 * 86_400_000);
        const [finding] = await tx
          .insert(deliveryFindings)
          .values({
            checkId: check!.id,
            planId: plan!.id,
            cadreId: c.id,
            unitId: c.unitId,
            kind: verdict,
            description: `“${it.title}”${month} 月申报 ${reported}${it.unit}，现场核实 ${verified}${it.unit}`,
            status: 'final',
            explanationDue: addDays(day, 5),
            explanation: '部分工作量尚未形成台账',
            explainedAt: new Date(startedAt.getTime() + 2 * 86_400_000),
            response: '说明不成立，予以认定',
            finalAt,
            finalBy: people.officer,
            createdBy: people.officer,
            createdAt: new Date(startedAt.getTime() + n * 3_600_000),
          })
          .returning();
        const open = findingsLeft === 0;
        const closedAt = new Date(finalAt.getTime() + rng.int(10, 25) * 86_400_000);
        await tx.insert(deliveryRectifications).values({
          findingId: finding!.id,
          unitId: c.unitId,
          cadreId: c.id,
          requirement: '如实更正申报数据，补齐工作台账，按计划追赶进度',
          deadline: addDays(day, open ? 80 : 40),
          status: open ? 'open' : 'closed',
          reply: open ? null : '已更正数据并补齐台账，进度已追赶',
          repliedAt: open ? null : new Date(closedAt.getTime() - 2 * 86_400_000),
          recheckNote: open ? null : '复核属实，予以销号',
          recheckedAt: open ? null : closedAt,
          recheckedBy: open ? null : people.officer,
          closedAt: open ? null : closedAt,
          createdAt: finalAt,
        });
        // As on a live visit: the finding is on the cadre's timeline from 待说明 on.
        timeline.push({
          cadreId: c.id,
          occurredOn: day,
          module: 'delivery',
          kind: 'finding.raised',
          title: raisedTitle(verdict, it.title, addDays(day, 5)),
          recordType: 'delivery_finding',
          recordId: finding!.id,
          visibility: 'org_unit_self' as const,
        });
        timeline.push({
          cadreId: c.id,
          occurredOn: addDays(day, 8),
          module: 'delivery',
          kind: 'finding',
          title: `对账考察发现问题（${{ lagging: '进度滞后', ineffective: '成效不实', false_report: '虚报' }[verdict as 'lagging']}）`,
          recordType: 'delivery_finding',
          recordId: finding!.id,
          visibility: 'org_unit_self' as const,
        });
      }
    }
  }
  await addTimelineEvents(tx, timeline);
}
