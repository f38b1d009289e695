import { type Actor, grantOf, hasRole } from '../../lib/context.ts';
import { AppError } from '../../lib/errors.ts';

/**
 * Who may do what in module growth. The organization department sees everything; a cadre sees
 * their own analysis once a leader has released the quarter, never another's; a unit
 * administrator sees none of it, and only declares the shares of the tasks its unit leads.
 */

export const isDept = (actor: Actor | null) => hasRole(actor, 'org_leader', 'assessment_officer');

/** The lead unit's administrator declares the shares of its task. */
export function mayDeclareFor(actor: Actor | null, leadUnitId: string | null): boolean {
  return !!leadUnitId && !!actor?.grants.some((g) => g.role === 'unit_admin' && g.unitId === leadUnitId);
}

export function mayVerify(actor: Actor | null): boolean {
  return isDept(actor);
}

export function mayDecide(actor: Actor | null): boolean {
  return hasRole(actor, 'org_leader');
}

/**
 * Reading a cadre's analysis: the department always; the cadre themself only for a released
 * quarter (`released`); anyone else never.
 */
export function assertMayReadCadre(actor: Actor | null, cadreId: string, released: boolean): void {
  if (isDept(actor)) return;
  const self = grantOf(actor, 'cadre')?.cadreId;
  if (self !== cadreId) throw new AppError('FORBIDDEN', '只能查看本人的个体成长解析');
  if (!released) throw new AppError('GROWTH_NOT_RELEASED');
}
