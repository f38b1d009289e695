import { eq } from 'drizzle-orm';
import { sceneObservations } from '../../db/schema/index.ts';
import { registerEvidenceOwner } from '../evidence/evidence.policy.ts';
import { isOrgDept } from '../org/org.policy.ts';

// Photos of an observation: taken by the organization department; the cadre sees them with the
// notes, once a leader has released the observation. Units never see them.
registerEvidenceOwner('scene_observation', {
  async canAttach(ctx, ownerId) {
    if (!isOrgDept(ctx.actor)) return false;
    const [o] = await ctx.db
      .select({ id: sceneObservations.id })
      .from(sceneObservations)
      .where(eq(sceneObservations.id, ownerId));
    return !!o;
  },
  async canRead(ctx, ownerId) {
    if (isOrgDept(ctx.actor)) return true;
    const [o] = await ctx.db
      .select({ cadreId: sceneObservations.cadreId, releasedAt: sceneObservations.releasedAt })
      .from(sceneObservations)
      .where(eq(sceneObservations.id, ownerId));
    return !!o?.releasedAt && !!ctx.actor?.grants.some((g) => g.role === 'cadre' && g.cadreId === o.cadreId);
  },
});
