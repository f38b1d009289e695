import { type Actor, grantOf, hasRole } from '../../lib/context.ts';
import { AppError } from '../../lib/errors.ts';

/**
 * Who may do what in module reports. The organization department reads every report and its
 * officers draft and edit; a leader finalises (locking it) and releases it; a cadre reads the
 * reports about themselves once released (as quadrant and growth release theirs); a unit
 * administrator sees none (the permission matrix keeps them out).
 */

export const isDept = (actor: Actor | null) => hasRole(actor, 'org_leader', 'assessment_officer');
export const mayFinalise = (actor: Actor | null) => hasRole(actor, 'org_leader');
export const selfOf = (actor: Actor | null) => grantOf(actor, 'cadre')?.cadreId ?? null;

/** Reading a report: the department always; the cadre it is about once released; nobody else. */
export function assertMayRead(actor: Actor | null, cadreId: string, released: boolean): void {
  if (isDept(actor)) return;
  if (selfOf(actor) !== cadreId) throw new AppError('REPORTS_NOT_YOURS');
  if (!released) throw new AppError('REPORTS_NOT_RELEASED');
}
