import type { FindingStatus, ListStatus, PlanStatus } from '../../../common/contracts/delivery.ts';
import { type Permission, roleHas } from '../../../common/permissions.ts';
import type { Actor, Ctx } from '../../lib/context.ts';
import { AppError } from '../../lib/errors.ts';
import { assertCadreInScope, cadreScope, inScope, isOrgDept } from '../org/org.policy.ts';

/**
 * Who may do what in 走进一线看实绩. Every rule about people lives here: the services assert
 * them, and the views carry them as `can` flags, so the web keeps no rule of its own.
 */

export { isOrgDept };

type CadreRef = { id: string; unitId: string | null };

/** Whether any of the actor's grants holds a permission (the route's access picks one of them). */
export function holds(actor: Actor | null, permission: Permission): boolean {
  return !!actor?.grants.some((g) => roleHas(g.role, permission));
}

/** Reading a cadre's task list, reports and findings follows the registry's scope. */
export function assertCanReadCadre(ctx: Ctx, cadre: CadreRef): void {
  assertCadreInScope(ctx, cadre);
}

/**
 * The one rule of who acts for a cadre — draws up and submits the list, reports, explains,
 * appeals, replies to an order: the organization department, the cadre's unit administrator,
 * or the cadre.
 */
export function mayActFor(actor: Actor | null, cadre: CadreRef): boolean {
  if (isOrgDept(actor)) return true;
  return !!actor?.grants.some(
    (g) =>
      (g.role === 'cadre' && g.cadreId === cadre.id) ||
      (g.role === 'unit_admin' && !!cadre.unitId && g.unitId === cadre.unitId),
  );
}

export function assertCanActFor(ctx: Ctx, cadre: CadreRef): void {
  if (!mayActFor(ctx.actor, cadre)) throw new AppError('FORBIDDEN', '只能为本人或本单位干部办理');
}

/**
 * The cadre's own side — the cadre or their unit — as against the organization department that
 * checks the answer: rectification is replied to (and evidenced) by the unit side only.
 */
export function isCadreSide(actor: Actor | null, cadre: CadreRef): boolean {
  return !isOrgDept(actor) && mayActFor(actor, cadre);
}

/** Whether the actor is the cadre in question (a leader may also be a cadre). */
export function isSelf(actor: Actor | null, cadreId: string): boolean {
  return !!actor?.grants.some((g) => g.cadreId === cadreId);
}

/** Only one cadre's list is in the reader's scope (a cadre's own): the one to open. */
export function ownCadreOnly(actor: Actor | null): string | null {
  const scope = cadreScope(actor);
  if (scope.all || scope.unitIds.length || scope.cadreIds.length !== 1) return null;
  return scope.cadreIds[0]!;
}

/** The photos of a check: the organization department; the cadre side once the finding stands. */
export function mayReadCheckEvidence(
  actor: Actor | null,
  finding: (CadreRef & { status: string }) | undefined,
): boolean {
  if (isOrgDept(actor)) return true;
  return (
    !!finding &&
    (finding.status === 'final' || finding.status === 'appealed') &&
    inScope(cadreScope(actor), finding)
  );
}

// ——— the `can` flags of the views ———

/** A list (or the lack of one) for a cadre and year. */
export function listCan(
  actor: Actor | null,
  cadre: CadreRef,
  status: ListStatus | 'none',
  activeItems: number,
) {
  const draft =
    holds(actor, 'delivery.draft') && mayActFor(actor, cadre) && (status === 'none' || status === 'draft');
  const confirm = holds(actor, 'delivery.confirm') && status === 'submitted' && !isSelf(actor, cadre.id);
  return {
    draft,
    submit: draft && status === 'draft' && activeItems > 0,
    confirm,
    return: confirm,
    amend: holds(actor, 'delivery.amend') && status === 'confirmed',
    report: holds(actor, 'delivery.report') && mayActFor(actor, cadre) && status === 'confirmed',
  };
}

/** An item, given its list's flags. */
export function itemCan(list: ReturnType<typeof listCan>, withdrawn: boolean) {
  return {
    edit: list.draft && !withdrawn,
    remove: list.draft && !withdrawn,
    report: list.report && !withdrawn,
  };
}

export function planCan(plan: { status: PlanStatus | string; rule: string; seed: number | null }) {
  return {
    start: plan.status === 'secret',
    complete: plan.status === 'started',
    check: plan.status === 'started',
    replay: plan.rule === 'random' && plan.seed !== null,
  };
}

/**
 * A finding. `explain` and `finalize` say whose turn it is; the time (the explanation due, the
 * appeal period) is checked by the service and shown from the view's dates.
 */
export function findingCan(
  actor: Actor | null,
  f: { cadreId: string; unitId: string | null; status: FindingStatus | string; appealedAt: Date | null },
  appealOpen: boolean,
) {
  const cadre = { id: f.cadreId, unitId: f.unitId };
  const respond = holds(actor, 'delivery.respond') && mayActFor(actor, cadre);
  return {
    explain: respond && f.status === 'explaining',
    finalize: holds(actor, 'delivery.verify') && (f.status === 'explaining' || f.status === 'explained'),
    appeal: respond && f.status === 'final' && !f.appealedAt && appealOpen,
    decide: holds(actor, 'delivery.decide') && f.status === 'appealed' && !isSelf(actor, f.cadreId),
    readPlan: holds(actor, 'delivery.verify'),
    readPhotos: mayReadCheckEvidence(actor, { ...cadre, status: f.status }),
  };
}

/** A rectification order: the unit side replies; someone other than who replied, and not the cadre, re-checks. */
export function rectificationCan(
  actor: Actor | null,
  o: { cadreId: string; unitId: string | null; status: string; repliedBy: string | null },
) {
  return {
    reply:
      holds(actor, 'delivery.respond') &&
      isCadreSide(actor, { id: o.cadreId, unitId: o.unitId }) &&
      o.status === 'open',
    recheck:
      holds(actor, 'delivery.verify') &&
      o.status === 'replied' &&
      o.repliedBy !== actor?.userId &&
      !isSelf(actor, o.cadreId),
  };
}
