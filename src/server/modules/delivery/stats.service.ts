import { sql } from 'drizzle-orm';
import type { FindingStatus, RectificationStatus, Verdict } from '../../../common/contracts/delivery.ts';
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

/** Every check of started visits in a period, with what followed: the records behind the figures. */
async function facts(
  ctx: Ctx,
  from: string,
  to: string,
  f: { domain?: string; regionId?: string } = {},
): Promise<CheckFact[]> {
  if (from > to) {
    const message = '开始日期不能晚于结束日期';
    throw new AppError('VALIDATION_FAILED', message, [{ path: 'querystring.from', message }]);
  }
  return rows<CheckFact>(
    ctx.db,
    sql`select k.id as check_id, p.id as plan_id, p.title as plan_title,
               (k.checked_at at time zone 'Asia/Shanghai')::date::text as checked_on, k.verdict,
               c.id as cadre_id, c.name as cadre_name, u.name as unit_name, u.kind as unit_kind,
               r.id as region_id, r.name as region_name, i.domain_code, i.title as item_title,
               f.id as finding_id, f.status as finding_status, f.kind as finding_kind, f.final_at,
               o.status as order_status, o.closed_at
        from delivery_checks k
        join delivery_plans p on p.id = k.plan_id and p.status <> 'secret'
        join delivery_items i on i.id = k.item_id
        join org_cadres c on c.id = k.cadre_id
        left join org_units u on u.id = c.unit_id
        left join org_regions r on r.id = u.region_id
        left join delivery_findings f on f.check_id = k.id
        left join delivery_rectifications o on o.finding_id = f.id
        where (k.checked_at at time zone 'Asia/Shanghai')::date between ${from}::date and ${to}::date
          ${f.domain ? sql`and i.domain_code = ${f.domain}` : sql``}
          ${f.regionId ? sql`and r.id = ${f.regionId}` : sql``}
        order by k.checked_at`,
  );
}

const isTown = (f: CheckFact) => f.unit_kind === 'town' || f.unit_kind === 'street';
/** A finding that stands: final, or under appeal (until a leader overturns it). */
const stands = (f: CheckFact) => f.finding_status === 'final' || f.finding_status === 'appealed';

function summarise(list: CheckFact[]) {
  const findings = list.filter(stands);
  const closed = findings.filter((f) => f.order_status === 'closed');
  // Raw rows give timestamps as Date or as text depending on the driver.
  const days = closed.map(
    (f) => (new Date(f.closed_at!).getTime() - new Date(f.final_at!).getTime()) / 86_400_000,
  );
  const byKind: Partial<Record<Verdict, number>> = {};
  for (const f of findings) byKind[f.finding_kind!] = (byKind[f.finding_kind!] ?? 0) + 1;
  return {
    cadres: new Set(list.map((f) => f.cadre_id)).size,
    items: list.length,
    domains: new Set(list.map((f) => f.domain_code).filter(Boolean)).size,
    towns: new Set(list.filter(isTown).map((f) => f.region_id)).size,
    findings: findings.length,
    findingsByKind: byKind,
    rectified: closed.length,
    open: findings.filter((f) => f.order_status === 'open' || f.order_status === 'replied').length,
    avgDaysToRectify: days.length
      ? Math.round((days.reduce((a, b) => a + b, 0) / days.length) * 10) / 10
      : null,
  };
}

/** The article's way of saying it: 630 余项 for 634. */
const about = (n: number) => (n >= 100 ? `${Math.floor(n / 10) * 10} 余` : String(n));

/** Statistics of verification visits for a period, overall, per domain and per town, with the report sentence. */
export async function deliveryStats(ctx: Ctx, from: string, to: string) {
  const list = await facts(ctx, from, to);
  const domainNames = await dictNames(ctx.db, 'domain');
  const overall = summarise(list);
  const groupBy = (key: (f: CheckFact) => string | null) => {
    const m = new Map<string, CheckFact[]>();
    for (const f of list) {
      const k = key(f);
      if (k) m.set(k, [...(m.get(k) ?? []), f]);
    }
    return m;
  };
  const byDomain = [...groupBy((f) => f.domain_code)].map(([code, fs]) => ({
    code,
    name: domainNames.get(code) ?? code,
    ...summarise(fs),
  }));
  const byTown = [...groupBy((f) => (isTown(f) ? f.region_id : null))].map(([id, fs]) => ({
    regionId: id,
    name: fs[0]!.region_name ?? '',
    ...summarise(fs),
  }));
  const sentence = `已对 ${overall.domains} 个领域和 ${overall.towns} 个乡镇（街道）的 ${overall.cadres} 名领导干部开展对账考察，现场核验履职清单 ${about(overall.items)}项，发现并督促整改问题 ${overall.findings} 个${overall.findings ? `（已整改销号 ${overall.rectified} 个${overall.open ? `，整改中 ${overall.open} 个` : ''}）` : ''}。`;
  await recordAudit(ctx, { action: 'delivery.stats.read', objectType: 'delivery_stats', objectId: null });
  return {
    from,
    to,
    overall,
    byDomain: byDomain.sort((a, b) => b.items - a.items),
    byTown: byTown.sort((a, b) => b.items - a.items),
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
