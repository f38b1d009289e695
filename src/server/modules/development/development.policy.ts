import { and, inArray, isNull } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { developmentMentorScopes } from '../../db/schema/index.ts';
import { type Actor, hasRole } from '../../lib/context.ts';
import { AppError } from '../../lib/errors.ts';

/**
 * Who may do what in module development. The organization department keeps the plans; a leader
 * decides the outcome. A cadre reads their own plan and its reviews, never the internal mentor
 * notes. A cadre named as mentor holds a mentor scope on that plan alone — granted when named,
 * withdrawn when the plan ends — and through it reads the plan, writes notes and monthly reviews.
 */

export type Viewer = 'department' | 'mentor' | 'self';

export const isDept = (actor: Actor | null) => hasRole(actor, 'org_leader', 'assessment_officer');

/** The cadre records the actor's account is linked to. */
export function ownCadreIds(actor: Actor | null): string[] {
  return (actor?.grants ?? []).filter((g) => g.role === 'cadre' && g.cadreId).map((g) => g.cadreId!);
}

/** The plans on which the actor holds a mentor scope now. */
export async function mentoredPlanIds(ex: Executor, actor: Actor | null): Promise<string[]> {
  const mine = ownCadreIds(actor);
  if (!mine.length) return [];
  const rows = await ex
    .select({ planId: developmentMentorScopes.planId })
    .from(developmentMentorScopes)
    .where(
      and(inArray(developmentMentorScopes.mentorCadreId, mine), isNull(developmentMentorScopes.withdrawnAt)),
    );
  return rows.map((r) => r.planId);
}

/** How the actor stands to a plan, or null when they may not see it. */
export async function viewerOf(
  ex: Executor,
  actor: Actor | null,
  plan: { id: string; cadreId: string },
): Promise<Viewer | null> {
  if (isDept(actor)) return 'department';
  if ((await mentoredPlanIds(ex, actor)).includes(plan.id)) return 'mentor';
  if (ownCadreIds(actor).includes(plan.cadreId)) return 'self';
  return null;
}

export async function assertViewer(
  ex: Executor,
  actor: Actor | null,
  plan: { id: string; cadreId: string },
): Promise<Viewer> {
  const v = await viewerOf(ex, actor, plan);
  if (!v) throw new AppError('DEVELOPMENT_NOT_YOUR_PLAN');
  return v;
}

/** What the viewer may do with a plan. */
export function planCan(
  actor: Actor | null,
  viewer: Viewer,
  plan: { status: string },
  hasEndReview: boolean,
) {
  const active = plan.status === 'active';
  const writer = viewer === 'department' || viewer === 'mentor';
  return {
    note: active && writer,
    monthly: active && writer,
    midEnd: active && viewer === 'department',
    milestone: active && viewer === 'department',
    outcome: active && hasEndReview && hasRole(actor, 'org_leader'),
  };
}
