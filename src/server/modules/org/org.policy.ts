import type { Actor, Ctx } from '../../lib/context.ts';
import { AppError } from '../../lib/errors.ts';

/** Which cadres' assessment content an actor may read. */
export type CadreScope = { all: true } | { all: false; unitIds: string[]; cadreIds: string[] };

const SEE_ALL = new Set(['org_leader', 'assessment_officer', 'joint_office']);
const ORG_DEPT = new Set(['org_leader', 'assessment_officer']);

export function cadreScope(actor: Actor | null): CadreScope {
  if (!actor) return { all: false, unitIds: [], cadreIds: [] };
  if (actor.grants.some((g) => SEE_ALL.has(g.role))) return { all: true };
  return {
    all: false,
    unitIds: actor.grants.filter((g) => g.role === 'unit_admin' && g.unitId).map((g) => g.unitId!),
    cadreIds: actor.grants.filter((g) => g.role === 'cadre' && g.cadreId).map((g) => g.cadreId!),
  };
}

export function inScope(scope: CadreScope, cadre: { id: string; unitId: string | null }): boolean {
  if (scope.all) return true;
  return scope.cadreIds.includes(cadre.id) || (!!cadre.unitId && scope.unitIds.includes(cadre.unitId));
}

/** Refuses a cadre outside the actor's scope (a unit administrator's own unit, a cadre's own record). */
export function assertCadreInScope(ctx: Ctx, cadre: { id: string; unitId: string | null }): void {
  if (!inScope(cadreScope(ctx.actor), cadre)) {
    throw new AppError('FORBIDDEN', '只能查看本人或本单位干部的信息');
  }
}

export function isOrgDept(actor: Actor | null): boolean {
  return !!actor?.grants.some((g) => ORG_DEPT.has(g.role));
}

/** The organization department edits any unit's division of labour; a unit administrator only its own. */
export function assertCanEditUnit(ctx: Ctx, unitId: string): void {
  if (isOrgDept(ctx.actor)) return;
  if (ctx.actor?.grants.some((g) => g.role === 'unit_admin' && g.unitId === unitId)) return;
  throw new AppError('FORBIDDEN', '只能维护本单位的班子分工');
}

export type TimelineVisibility = 'org' | 'org_self' | 'org_unit' | 'org_unit_self';

/** The timeline visibilities a viewer may see for a given cadre. */
export function visibleTimeline(
  ctx: Ctx,
  cadre: { id: string; unitId: string | null },
): TimelineVisibility[] {
  const actor = ctx.actor;
  if (isOrgDept(actor)) return ['org', 'org_self', 'org_unit', 'org_unit_self'];
  const out = new Set<TimelineVisibility>();
  if (actor?.grants.some((g) => g.role === 'cadre' && g.cadreId === cadre.id)) {
    out.add('org_self');
    out.add('org_unit_self');
  }
  if (actor?.grants.some((g) => g.role === 'unit_admin' && g.unitId === cadre.unitId)) {
    out.add('org_unit');
    out.add('org_unit_self');
  }
  return [...out];
}
