import type { ProfileSectionKey, ProfileViewer } from '../../../common/contracts/profile.ts';
import type { Actor } from '../../lib/context.ts';
import { grantOf } from '../../lib/context.ts';
import { AppError } from '../../lib/errors.ts';
import { holds, isOrgDept } from '../org/org.policy.ts';

/**
 * Who reads which part of a 干部画像. The organization department reads every section of every
 * cadre; a cadre reads their own profile, and of it only the sections whose module lets the cadre
 * read their own records (the module's service then applies its own release rule); a unit
 * administrator reads name, post, the task list with its delivery and the findings with their
 * rectification of its own unit's cadres. Everyone else is refused.
 */

/** How the actor stands to the cadre, or PROFILE_NOT_IN_SCOPE. */
export function viewerOf(actor: Actor | null, cadre: { id: string; unitId: string | null }): ProfileViewer {
  if (isOrgDept(actor)) return 'department';
  if (grantOf(actor, 'cadre')?.cadreId === cadre.id) return 'self';
  if (cadre.unitId && actor?.grants.some((g) => g.role === 'unit_admin' && g.unitId === cadre.unitId))
    return 'unit';
  throw new AppError('PROFILE_NOT_IN_SCOPE');
}

/** A unit administrator sees the delivery part only. */
const UNIT_SECTIONS: readonly ProfileSectionKey[] = ['tasks', 'findings'];

/**
 * The cadre's own sections, each behind the permission by which its module lets a cadre read
 * their own records; opinion, economy, key-task inspections and rewards are the department's.
 */
const SELF_SECTIONS: Partial<Record<ProfileSectionKey, Parameters<typeof holds>[1]>> = {
  responsibility: 'org.read',
  tasks: 'delivery.read',
  findings: 'delivery.read',
  scene: 'scene.self',
  growth: 'growth.self',
  quadrant: 'quadrant.self',
  development: 'development.read',
  decisions: 'quadrant.self',
};

export function maySeeSection(actor: Actor | null, viewer: ProfileViewer, key: ProfileSectionKey): boolean {
  if (viewer === 'department') return true;
  if (viewer === 'unit') return UNIT_SECTIONS.includes(key);
  const p = SELF_SECTIONS[key];
  return !!p && holds(actor, p);
}
