import type { Permission } from '../../../common/permissions.ts';
import type { Actor, Ctx } from '../../lib/context.ts';
import { AppError } from '../../lib/errors.ts';
import { holds, isOrgDept } from '../org/org.policy.ts';

/**
 * Who may do what with key tasks. The services assert these rules and the views carry them as
 * `can` flags, so the web keeps no rule of its own.
 */

export { holds };

/**
 * The units a unit administrator acts for and sees tasks of; null for the organization
 * department and the joint office, who see every task.
 */
export function actorUnits(actor: Actor | null): string[] | null {
  if (isOrgDept(actor) || actor?.grants.some((g) => g.role === 'joint_office')) return null;
  return (actor?.grants ?? []).filter((g) => g.role === 'unit_admin' && g.unitId).map((g) => g.unitId!);
}

/** Whether the actor acts for a unit: the unit's administrator (or someone who sees every task). */
function actsFor(actor: Actor | null, unitId: string): boolean {
  const units = actorUnits(actor);
  return !units || units.includes(unitId);
}

/** The lead unit reports a task's progress. */
export function assertLeadUnit(ctx: Ctx, leadUnitId: string): void {
  if (!actsFor(ctx.actor, leadUnitId)) throw new AppError('KEYWORK_NOT_LEAD_UNIT');
}

/** A cooperating unit answers the coordination requests addressed to it. */
export function assertAddressee(ctx: Ctx, toUnitId: string): void {
  if (!actsFor(ctx.actor, toUnitId)) throw new AppError('KEYWORK_NOT_ADDRESSEE');
}

const may = (actor: Actor | null, p: Permission) => holds(actor, p);

export function meetingsCan(actor: Actor | null) {
  return { create: may(actor, 'keywork.meetings.write'), attend: may(actor, 'keywork.attend') };
}

export function tasksCan(actor: Actor | null) {
  return { create: may(actor, 'keywork.manage') };
}

export function taskCan(actor: Actor | null, t: { leadUnitId: string; status: string }) {
  const active = t.status === 'active';
  return {
    edit: may(actor, 'keywork.manage'),
    report: active && may(actor, 'keywork.report') && actsFor(actor, t.leadUnitId),
    addMilestone: active && may(actor, 'keywork.manage'),
    chain: may(actor, 'keywork.chain'),
  };
}

export function milestoneCan(actor: Actor | null, m: { doneOn: string | null }) {
  const open = !m.doneOn && may(actor, 'keywork.manage');
  return { slip: open, complete: open };
}

export function requestCan(actor: Actor | null, r: { toUnitId: string; answeredAt: Date | null }) {
  return { answer: !r.answeredAt && may(actor, 'keywork.report') && actsFor(actor, r.toUnitId) };
}

export function rulesCan(actor: Actor | null) {
  return { change: may(actor, 'keywork.rules.manage'), evaluate: may(actor, 'keywork.inspect') };
}

export function inspectionsCan(actor: Actor | null) {
  const inspect = may(actor, 'keywork.inspect');
  return { open: inspect, export: inspect };
}

export function inspectionCan(actor: Actor | null, i: { status: string }) {
  const open = i.status === 'open' && may(actor, 'keywork.inspect');
  return { record: open, conclude: open };
}

export function findingCan(actor: Actor | null, i: { status: string }, f: { files: number }) {
  const open = i.status === 'open' && may(actor, 'keywork.inspect');
  return { edit: open, remove: open && f.files === 0, attach: open };
}

export function assessmentCan(actor: Actor | null, a: { status: string }) {
  const draft = a.status === 'draft';
  return { edit: draft && may(actor, 'keywork.assess'), conclude: draft && may(actor, 'keywork.decide') };
}
