import type { Ctx } from '../../lib/context.ts';
import { AppError } from '../../lib/errors.ts';
import { assertCadreInScope, isOrgDept } from '../org/org.policy.ts';

export { isOrgDept };

/** Reading a cadre's task list, reports and findings follows the registry's scope. */
export function assertCanReadCadre(ctx: Ctx, cadre: { id: string; unitId: string | null }): void {
  assertCadreInScope(ctx, cadre);
}

/**
 * Drafting or reporting for a cadre: the organization department, the cadre's unit
 * administrator, or the cadre.
 */
export function assertCanActFor(ctx: Ctx, cadre: { id: string; unitId: string | null }): void {
  if (isOrgDept(ctx.actor)) return;
  const ok = ctx.actor?.grants.some(
    (g) =>
      (g.role === 'cadre' && g.cadreId === cadre.id) ||
      (g.role === 'unit_admin' && !!cadre.unitId && g.unitId === cadre.unitId),
  );
  if (!ok) throw new AppError('FORBIDDEN', '只能为本人或本单位干部办理');
}

/** Whether the actor is the cadre in question (a leader may also be a cadre). */
export function isSelf(ctx: Ctx, cadreId: string): boolean {
  return !!ctx.actor?.grants.some((g) => g.cadreId === cadreId);
}
