import { eq } from 'drizzle-orm';
import { rewardsApplications, rewardsOpinions } from '../../db/schema/index.ts';
import { registerEvidenceOwner } from '../evidence/evidence.policy.ts';
import { isOrgDept } from '../org/org.policy.ts';
import './alerts.service.ts';
import { opinionUnits } from './records.service.ts';
import { adminUnits, applicationCan, seesApplication } from './rewards.policy.ts';

// An application's evidence: attached by the applying unit while it may edit it (or by the
// department); read by whoever sees the application.
registerEvidence();

function registerEvidence() {
  registerEvidenceOwner('rewards_application', {
    async canAttach(ctx, ownerId) {
      const [a] = await ctx.db.select().from(rewardsApplications).where(eq(rewardsApplications.id, ownerId));
      return !!a && applicationCan(ctx.actor, a).attach;
    },
    async canRead(ctx, ownerId) {
      const [a] = await ctx.db.select().from(rewardsApplications).where(eq(rewardsApplications.id, ownerId));
      return !!a && seesApplication(ctx.actor, a, await opinionUnits(ctx.db, a.id));
    },
  });
  // The scan of a 会签 reply received on paper: attached by the department; read by it and the unit asked.
  registerEvidenceOwner('rewards_opinion', {
    async canAttach(ctx, ownerId) {
      if (!isOrgDept(ctx.actor)) return false;
      const [o] = await ctx.db
        .select({ id: rewardsOpinions.id })
        .from(rewardsOpinions)
        .where(eq(rewardsOpinions.id, ownerId));
      return !!o;
    },
    async canRead(ctx, ownerId) {
      const [o] = await ctx.db
        .select({ unitId: rewardsOpinions.unitId })
        .from(rewardsOpinions)
        .where(eq(rewardsOpinions.id, ownerId));
      return !!o && (isOrgDept(ctx.actor) || adminUnits(ctx.actor).includes(o.unitId));
    },
  });
}
