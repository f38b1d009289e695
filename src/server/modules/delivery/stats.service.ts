import { sql } from 'drizzle-orm';
import type { FindingStatus, RectificationStatus } from '../../../common/contracts/delivery.ts';
import { VERDICTS, type Verdict } from '../../../common/contracts/delivery-terms.ts';
import { rows } from '../../db/client.ts';
import type { Ctx } from '../../lib/context.ts';
import { AppError } from '../../lib/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { dictNames } from '../org/registry.service.ts';

interface CheckFact {
  check_id: string;
  plan_id: string;
  plan_title: string;
  checked_on: string;
  verdict: Verdict;
  cadre_id: string;
  cadre_name: string;
  unit_name: string | null;
  unit_kind: string | null;
  region_id: string | null;
  region_name: string | null;
  domain_code: string | null;
  item_title: string;
  finding_id: string | null;
  finding_status: FindingStatus | null;
  finding_kind: Verdict | null;
  final_at: Date | string | null;
  order_status: RectificationStatus | null;
  closed_at: Date | string | null;
}

function assertForwards(from: string, to: string): void {
  if (from > to) {
    const message = '开始日期不能晚于结束日期';
    throw new AppError('VALIDATION_FAILED', message, [{ path: 'querystring.from', message }]);
  }
}

/** Every check of started visits in a period, with what followed (one row per check, finding and order). */
const factsFrom = (from: string, to: string) => sql`
        from delivery_checks k
        join delivery_plans p on p.id = k.plan_id and p.status <> 'secret'
        join delivery_items i on i.id = k.item_id
        join org_cadres c on c.id = k.cadre_id
        left join org_units u on u.id = c.unit_id
        left join org_regions r on r.id = u.region_id
        left join delivery_findings f on f.check_id = k.id
        left join delivery_rectifications o on o.finding_id = f.id
        where (k.checked_at at time zone 'Asia/Shanghai')::date between ${from}::date and ${to}::date`;

/** The records behind the figures. */
async function facts(
  ctx: Ctx,
  from: string,
  to: string,
  f: { domain?: string; regionId?: string } = {},
): Promise<CheckFact[]> {
  assertForwards(from, to);
  return rows<CheckFact>(
    ctx.db,
    sql`select k.id as check_id, p.id as plan_id, p.title as plan_title,
               (k.checked_at at time zone 'Asia/Shanghai')::date::text as checked_on, k.verdict,
               c.id as cadre_id, c.name as cadre_name, u.name as unit_name, u.kind as unit_kind,
               r.id as region_id, r.name as region_name, i.domain_code, i.title as item_title,
               f.id as finding_id, f.status as finding_status, f.kind as finding_kind, f.final_at,
               o.status as order_status, o.closed_at
        ${factsFrom(from, to)}
          ${f.domain ? sql`and i.domain_code = ${f.domain}` : sql``}
          ${f.regionId ? sql`and r.id = ${f.regionId}` : sql``}
        order by k.checked_at`,
  );
}

/** One line of the figures: the whole period (both keys null), one domain, or one town. */
interface FigureRow {
  all_domains: number;
  all_towns: number;
  domain_code: string | null;
  town_id: string | null;
  town_name: string | null;
  cadres: number;
  items: number;
  domains: number;
  towns: number;
  findings: number;
  rectified: number;
  open: number;
  days_sum: number | null;
  first_at: Date | string;
  [kind: `kind_${number}`]: number;
}

/**
 * The figures overall, per domain and per town (乡镇、街道), added up in the database in one pass
 * over the period's checks. A finding counts while it stands: final, or under appeal (until a
 * leader overturns it); days to rectify run from the finding's final decision to the order's close.
 */
async function figures(ctx: Ctx, from: string, to: string): Promise<FigureRow[]> {
  assertForwards(from, to);
  const byKind = sql.join(
    VERDICTS.map(
      (v, n) =>
        sql`count(*) filter (where x.stands and x.finding_kind = ${v})::int as ${sql.raw(`kind_${n}`)}`,
    ),
    sql`, `,
  );
  return rows<FigureRow>(
    ctx.db,
    sql`with x as (
          select k.cadre_id, k.checked_at, i.domain_code,
                 case when u.kind in ('town', 'street') then r.id end as town_id,
                 case when u.kind in ('town', 'street') then r.name end as town_name,
                 coalesce(f.status in ('final', 'appealed'), false) as stands,
                 f.kind as finding_kind, o.status as order_status,
                 extract(epoch from o.closed_at) - extract(epoch from f.final_at) as secs
          ${factsFrom(from, to)})
        select grouping(x.domain_code) as all_domains, grouping(x.town_id) as all_towns,
               x.domain_code, x.town_id, min(x.town_name) as town_name,
               count(distinct x.cadre_id)::int as cadres, count(*)::int as items,
               count(distinct x.domain_code)::int as domains, count(distinct x.town_id)::int as towns,
               count(*) filter (where x.stands)::int as findings,
               count(*) filter (where x.stands and x.order_status = 'closed')::int as rectified,
               count(*) filter (where x.stands and x.order_status in ('open', 'replied'))::int as open,
               (sum(x.secs) filter (where x.stands and x.order_status = 'closed'))::float8 as days_sum,
               min(x.checked_at) as first_at, ${byKind}
        from x
        group by grouping sets ((), (x.domain_code), (x.town_id))`,
  );
}

function summary(r: FigureRow | undefined) {
  const findingsByKind: Partial<Record<Verdict, number>> = {};
  VERDICTS.forEach((v, n) => {
    const k = r?.[`kind_${n}`] ?? 0;
    if (k > 0) findingsByKind[v] = k;
  });
  const rectified = r?.rectified ?? 0;
  return {
    cadres: r?.cadres ?? 0,
    items: r?.items ?? 0,
    domains: r?.domains ?? 0,
    towns: r?.towns ?? 0,
    findings: r?.findings ?? 0,
    findingsByKind,
    rectified,
    open: r?.open ?? 0,
    avgDaysToRectify: rectified ? Math.round(((r?.days_sum ?? 0) / 86_400 / rectified) * 10) / 10 : null,
  };
}

/** Most checks first; among equals, the one checked first (as the list of checks runs). */
function byItems(a: FigureRow, b: FigureRow): number {
  return b.items - a.items || new Date(a.first_at).getTime() - new Date(b.first_at).getTime();
}

/** The article's way of saying it: 630 余项 for 634. */
const about = (n: number) => (n >= 100 ? `${Math.floor(n / 10) * 10} 余` : String(n));

/** Statistics of verification visits for a period, overall, per domain and per town, with the report sentence. */
export async function deliveryStats(ctx: Ctx, from: string, to: string) {
  const [lines, domainNames] = await Promise.all([figures(ctx, from, to), dictNames(ctx.db, 'domain')]);
  // grouping() is 1 where a line adds up over that key: the overall line over both.
  const overall = summary(lines.find((l) => l.all_domains === 1 && l.all_towns === 1));
  const byDomain = lines
    .filter((l) => l.all_domains === 0 && l.domain_code)
    .sort(byItems)
    .map((l) => ({
      code: l.domain_code!,
      name: domainNames.get(l.domain_code!) ?? l.domain_code!,
      ...summary(l),
    }));
  const byTown = lines
    .filter((l) => l.all_towns === 0 && l.town_id)
    .sort(byItems)
    .map((l) => ({ regionId: l.town_id!, name: l.town_name ?? '', ...summary(l) }));
  const sentence = `已对 ${overall.domains} 个领域和 ${overall.towns} 个乡镇（街道）的 ${overall.cadres} 名领导干部开展对账考察，现场核验履职清单 ${about(overall.items)}项，发现并督促整改问题 ${overall.findings} 个${overall.findings ? `（已整改销号 ${overall.rectified} 个${overall.open ? `，整改中 ${overall.open} 个` : ''}）` : ''}。`;
  await recordAudit(ctx, { action: 'delivery.stats.read', objectType: 'delivery_stats', objectId: null });
  return {
    from,
    to,
    overall,
    byDomain,
    byTown,
    sentence,
  };
}

/** The checks behind a figure (drill-down from the statistics page). */
export async function statsChecks(
  ctx: Ctx,
  from: string,
  to: string,
  f: { domain?: string; regionId?: string },
) {
  const list = await facts(ctx, from, to, f);
  await recordAudit(ctx, { action: 'delivery.stats.read', objectType: 'delivery_stats', objectId: null });
  return list.map((x) => ({
    checkId: x.check_id,
    planId: x.plan_id,
    planTitle: x.plan_title,
    checkedOn: x.checked_on,
    verdict: x.verdict,
    cadreId: x.cadre_id,
    cadreName: x.cadre_name,
    unitName: x.unit_name,
    itemTitle: x.item_title,
    findingId: x.finding_id,
    findingStatus: x.finding_status,
    orderStatus: x.order_status,
  }));
}
