import { and, count, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import { orgAppointments, orgCadres, orgLiaisonGroups, orgUnits } from '../../db/schema/index.ts';
import { localDay } from '../../lib/time.ts';
import { registerScopeCheck } from '../auth/accounts.service.ts';
import { registerEvidenceOwner } from '../evidence/evidence.policy.ts';
import { registerOverviewCard } from '../system/overview.service.ts';
import { cadreScope, inScope, isOrgDept } from './org.policy.ts';

// A role grant's unit or cadre must exist (the foreign key would refuse it too, less clearly).
registerScopeCheck(async (ex, scope) => {
  if (scope.unitId) {
    const [u] = await ex.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.id, scope.unitId));
    if (!u) return '所选单位不存在';
  }
  if (scope.cadreId) {
    const [c] = await ex.select({ id: orgCadres.id }).from(orgCadres).where(eq(orgCadres.id, scope.cadreId));
    if (!c) return '所选干部不存在';
  }
  return null;
});

// Live registry figures on the home page of those who read the registry.
registerOverviewCard({
  key: 'org.units',
  title: '单位',
  permission: 'org.manage',
  link: '/org/units',
  async load(ctx) {
    const [u] = await ctx.db.select({ n: count() }).from(orgUnits).where(eq(orgUnits.status, 'active'));
    const [g] = await ctx.db.select({ n: count() }).from(orgLiaisonGroups);
    return { value: u?.n ?? 0, suffix: '家', hint: `分为 ${g?.n ?? 0} 个包联编组` };
  },
});

registerOverviewCard({
  key: 'org.cadres',
  title: '领导干部',
  permission: 'org.manage',
  link: '/org/cadres',
  async load(ctx) {
    const [c] = await ctx.db.select({ n: count() }).from(orgCadres).where(eq(orgCadres.status, 'active'));
    const [y] = await ctx.db
      .select({ n: count() })
      .from(orgCadres)
      .where(and(eq(orgCadres.status, 'active'), eq(orgCadres.young, true)));
    return { value: c?.n ?? 0, suffix: '名', hint: `其中年轻干部 ${y?.n ?? 0} 名` };
  },
});

registerOverviewCard({
  key: 'org.appointments.year',
  title: '本年度任免',
  permission: 'org.manage',
  link: '/org/cadres',
  async load(ctx) {
    const year = localDay(ctx.clock.now()).slice(0, 4);
    const [r] = await ctx.db
      .select({
        all: count(),
        transfers: sql<number>`count(*) filter (where ${orgAppointments.kind} = 'transfer')`.mapWith(Number),
      })
      .from(orgAppointments)
      .where(
        and(gte(orgAppointments.startsOn, `${year}-01-01`), lte(orgAppointments.startsOn, `${year}-12-31`)),
      );
    return { value: r?.all ?? 0, suffix: '次', hint: `其中调动 ${r?.transfers ?? 0} 次` };
  },
});

registerOverviewCard({
  key: 'org.my-unit',
  title: '本单位领导干部',
  permission: 'org.division.edit',
  async load(ctx) {
    const units = (ctx.actor?.grants ?? [])
      .filter((g) => g.role === 'unit_admin' && g.unitId)
      .map((g) => g.unitId!);
    if (!units.length) return null;
    const [c] = await ctx.db
      .select({ n: count() })
      .from(orgCadres)
      .where(and(eq(orgCadres.status, 'active'), inArray(orgCadres.unitId, units)));
    return { value: c?.n ?? 0, suffix: '名' };
  },
});

// 任免文件 (appointment documents, scans of 任免审批表) belong to an appointment: whoever may
// read the cadre may read them; the organization department attaches them.
registerEvidenceOwner('org_appointment', {
  async canAttach(ctx, ownerId) {
    if (!isOrgDept(ctx.actor)) return false;
    const [a] = await ctx.db
      .select({ id: orgAppointments.id })
      .from(orgAppointments)
      .where(eq(orgAppointments.id, ownerId));
    return !!a;
  },
  async canRead(ctx, ownerId) {
    const [row] = await ctx.db
      .select({ id: orgCadres.id, unitId: orgCadres.unitId })
      .from(orgAppointments)
      .innerJoin(orgCadres, eq(orgCadres.id, orgAppointments.cadreId))
      .where(eq(orgAppointments.id, ownerId));
    return !!row && inScope(cadreScope(ctx.actor), row);
  },
});
