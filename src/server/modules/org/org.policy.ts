import { type Permission, roleHas } from '../../../common/permissions.ts';
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

/** Whether any of the actor's roles holds the permission. */
export function holds(actor: Actor | null, permission: Permission): boolean {
  return !!actor?.grants.some((g) => roleHas(g.role, permission));
}

/** The organization department edits any unit's division of labour; a unit administrator only its own. */
export function canEditDivision(actor: Actor | null, unitId: string): boolean {
  if (!holds(actor, 'org.division.edit')) return false;
  if (isOrgDept(actor)) return true;
  return !!actor?.grants.some((g) => g.role === 'unit_admin' && g.unitId === unitId);
}

export function assertCanEditUnit(ctx: Ctx, unitId: string): void {
  if (!canEditDivision(ctx.actor, unitId)) throw new AppError('FORBIDDEN', '只能维护本单位的班子分工');
}

/** Whether the actor reads a unit's leadership team and division of labour (assessment content). */
export function canReadUnitTeam(actor: Actor | null, unitId: string): boolean {
  const scope = cadreScope(actor);
  return scope.all || scope.unitIds.includes(unitId);
}

export function assertCanReadUnitTeam(ctx: Ctx, unitId: string): void {
  if (!canReadUnitTeam(ctx.actor, unitId)) throw new AppError('FORBIDDEN', '只能查看本单位的班子分工');
}

/** A new division version by someone outside the organization department goes to it for review. */
export const divisionSentForReview = (actor: Actor | null) => !isOrgDept(actor);

// ——— the `can` flags of the views ———

export function unitCan(actor: Actor | null, unitId: string) {
  return {
    edit: holds(actor, 'org.manage'),
    team: canReadUnitTeam(actor, unitId),
    division: canEditDivision(actor, unitId),
  };
}

/** Flags of a cadre the actor may already read (the list and the record are scoped). */
export function cadreCan(actor: Actor | null, cadre: { id: string; unitId: string | null; status: string }) {
  const manage = holds(actor, 'org.manage');
  return {
    edit: manage,
    appoint: manage && cadre.status === 'active',
    timeline: holds(actor, 'org.timeline.read') && inScope(cadreScope(actor), cadre),
  };
}

export const registryCan = (actor: Actor | null) => ({ edit: holds(actor, 'org.manage') });

export function periodCan(actor: Actor | null, status: string) {
  const manage = holds(actor, 'org.periods.manage');
  return { close: manage && status === 'open', reopen: manage && status === 'closed' };
}

export const calendarCan = (actor: Actor | null) => ({ edit: holds(actor, 'org.calendar.manage') });

/** The unit a unit administrator's pages open on. */
export function homeUnit(actor: Actor | null): string | null {
  return actor?.grants.find((g) => g.role === 'unit_admin' && g.unitId)?.unitId ?? null;
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
