import { type Actor, grantOf, hasRole } from '../../lib/context.ts';
import { AppError } from '../../lib/errors.ts';

/**
 * Who may do what in module quadrant. The organization department sees everything; officers
 * compute, draft and record the procedure; a leader (for the 部务会) adopts, decides and releases;
 * a cadre sees their own zone history once a leader releases the quarter, and any decision about
 * them; a unit administrator sees none of it.
 */

export const isDept = (actor: Actor | null) => hasRole(actor, 'org_leader', 'assessment_officer');
export const mayDecide = (actor: Actor | null) => hasRole(actor, 'org_leader');

export const selfOf = (actor: Actor | null) => grantOf(actor, 'cadre')?.cadreId ?? null;

/** Reading a cadre's placement or decision: the department always; the cadre only their own. */
export function assertMayReadCadre(actor: Actor | null, cadreId: string): void {
  if (isDept(actor)) return;
  if (selfOf(actor) !== cadreId) throw new AppError('FORBIDDEN', '只能查看本人的实绩象限');
}

/** A placement of a quarter not yet released is the department's alone. */
export function assertReleasedFor(actor: Actor | null, released: boolean): void {
  if (!isDept(actor) && !released) throw new AppError('QUADRANT_NOT_RELEASED');
}

/** What the department may do with a candidate: draft a decision from it, or 不予采纳, while open. */
export function recommendationCan(actor: Actor | null, status: string) {
  const open = isDept(actor) && status === 'open';
  return { draft: open, dismiss: open };
}
