import { type Permission, roleHas } from '../../../common/permissions.ts';
import type { Executor } from '../../db/client.ts';
import type { Actor } from '../../lib/context.ts';
import { AppError } from '../../lib/errors.ts';
import { assertPeriodOpen } from '../org/periods.service.ts';

/**
 * Who may do what in 走进现场察担当, as the `can` flags of the records the web acts on. The routes
 * check the permission itself; these flags add the state of the record (released, decided) and of
 * its period (a closed period leaves an activity's records read-only).
 */

export function may(actor: Actor | null, p: Permission): boolean {
  return !!actor?.grants.some((g) => roleHas(g.role, p));
}

/** Whether records dated `day` may still change (its assessment period is not closed). */
export async function periodOpen(ex: Executor, day: string): Promise<boolean> {
  try {
    await assertPeriodOpen(ex, day);
    return true;
  } catch (e) {
    if (e instanceof AppError && e.code === 'PERIOD_CLOSED') return false;
    throw e;
  }
}

export function activityCan(actor: Actor | null, open: boolean) {
  const record = may(actor, 'scene.record');
  return { update: record && open, record: record && open, nominate: record };
}

export function observationCan(actor: Actor | null, o: { releasedAt: Date | null }, open: boolean) {
  const record = may(actor, 'scene.record');
  return {
    correct: record && open,
    release: may(actor, 'scene.decide') && !o.releasedAt,
    attach: record,
  };
}

export function nominationCan(actor: Actor | null, n: { status: string }) {
  return { decide: may(actor, 'scene.decide') && n.status === 'pending' };
}

export const activitiesCan = (actor: Actor | null) => ({ create: may(actor, 'scene.record') });

export const statsCan = (actor: Actor | null) => ({
  openActivities: may(actor, 'scene.read'),
  decide: may(actor, 'scene.decide'),
  openCadres: may(actor, 'org.read'),
});
