import { type Permission, roleHas } from '../../../common/permissions.ts';
import type { Actor } from '../../lib/context.ts';
import { isOrgDept } from '../org/org.policy.ts';

/**
 * Who may do what in 一事一奖. The routes check the permission; these rules add the unit: a unit
 * administrator applies for their own unit's cadres and answers the 会签 opinions asked of their
 * unit, and nobody reviews, approves or gives an opinion on their own unit's application.
 */

export function may(actor: Actor | null, p: Permission): boolean {
  return !!actor?.grants.some((g) => roleHas(g.role, p));
}

/** The units the actor administers. */
export function adminUnits(actor: Actor | null): string[] {
  return (actor?.grants ?? []).filter((g) => g.role === 'unit_admin' && g.unitId).map((g) => g.unitId!);
}

/** Whether the actor speaks for the unit that applied (so may not judge its application). */
export const ownsApplication = (actor: Actor | null, a: { unitId: string }) =>
  adminUnits(actor).includes(a.unitId);

/** Who sees an application: the department, the applying unit, and the units asked for an opinion. */
export function seesApplication(actor: Actor | null, a: { unitId: string }, opinionUnits: string[]): boolean {
  if (isOrgDept(actor)) return true;
  const mine = adminUnits(actor);
  return mine.includes(a.unitId) || opinionUnits.some((u) => mine.includes(u));
}

export function applicationCan(actor: Actor | null, a: { unitId: string; status: string }) {
  const own = ownsApplication(actor, a);
  const editable = a.status === 'draft' || a.status === 'returned';
  const judge = !own;
  return {
    edit: own && may(actor, 'rewards.apply') && editable,
    submit: own && may(actor, 'rewards.apply') && editable,
    attach: (own && may(actor, 'rewards.apply') && editable) || isOrgDept(actor),
    requestOpinions: judge && may(actor, 'rewards.review') && a.status === 'review',
    review: judge && may(actor, 'rewards.review') && a.status === 'review',
    approve: judge && may(actor, 'rewards.approve') && a.status === 'approve',
    award: judge && may(actor, 'rewards.review') && a.status === 'award',
  };
}

export function opinionCan(actor: Actor | null, o: { unitId: string; status: string }, appStatus: string) {
  const open = o.status === 'pending' && appStatus === 'review';
  return {
    answer: open && may(actor, 'rewards.opinion') && adminUnits(actor).includes(o.unitId),
    record: open && may(actor, 'rewards.review'),
  };
}
