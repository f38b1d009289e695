import { and, count, eq } from 'drizzle-orm';
import { FINDING_EVIDENCE_OWNER } from '../../../common/contracts/keywork.ts';
import { keyworkFindings, keyworkInspections } from '../../db/schema/index.ts';
import { registerEvidenceOwner } from '../evidence/evidence.policy.ts';
import { cadreScope, inScope, isOrgDept } from '../org/org.policy.ts';
import { registerOverviewCard } from '../system/overview.service.ts';

// Evidence of a finding: gathered by the organization department while the inspection is open;
// the cadre and their unit see it once the inspection is concluded.
registerEvidenceOwner(FINDING_EVIDENCE_OWNER, {
  async canAttach(ctx, ownerId) {
    if (!isOrgDept(ctx.actor)) return false;
    const [f] = await ctx.db
      .select({ status: keyworkInspections.status })
      .from(keyworkFindings)
      .innerJoin(keyworkInspections, eq(keyworkInspections.id, keyworkFindings.inspectionId))
      .where(eq(keyworkFindings.id, ownerId));
    return f?.status === 'open';
  },
  async canRead(ctx, ownerId) {
    if (isOrgDept(ctx.actor)) return true;
    const [f] = await ctx.db
      .select({
        cadreId: keyworkFindings.cadreId,
        unitId: keyworkFindings.unitId,
        status: keyworkInspections.status,
      })
      .from(keyworkFindings)
      .innerJoin(keyworkInspections, eq(keyworkInspections.id, keyworkFindings.inspectionId))
      .where(eq(keyworkFindings.id, ownerId));
    return f?.status === 'concluded' && inScope(cadreScope(ctx.actor), { id: f.cadreId, unitId: f.unitId });
  },
});

registerOverviewCard({
  key: 'keywork.inspections.mine',
  title: '我的定向考察',
  permission: 'keywork.inspect',
  link: '/keywork/inbox',
  async load(ctx) {
    if (!ctx.actor) return null;
    const [r] = await ctx.db
      .select({ n: count() })
      .from(keyworkInspections)
      .where(
        and(eq(keyworkInspections.status, 'open'), eq(keyworkInspections.assigneeUserId, ctx.actor.userId)),
      );
    return { value: r?.n ?? 0, suffix: '项' };
  },
});
