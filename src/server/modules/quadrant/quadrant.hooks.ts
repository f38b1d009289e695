import { eq } from 'drizzle-orm';
import { DECISION_EVIDENCE_OWNER } from '../../../common/contracts/quadrant.ts';
import { quadrantDecisions } from '../../db/schema/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { registerEvidenceOwner } from '../evidence/evidence.policy.ts';
import { isDept, selfOf } from './quadrant.policy.ts';

const decisionOf = async (ctx: Ctx, id: string) =>
  /^[0-9a-f-]{36}$/.test(id)
    ? (await ctx.db.select().from(quadrantDecisions).where(eq(quadrantDecisions.id, id)))[0]
    : undefined;

// A decision's 核查材料 and the cadre's signed 说明: uploaded by the department while the decision is
// before the 部务会; read by the department, and by the cadre once the decision about them is effective.
registerEvidenceOwner(DECISION_EVIDENCE_OWNER, {
  async canAttach(ctx, ownerId) {
    const d = await decisionOf(ctx, ownerId);
    return !!d && isDept(ctx.actor) && (d.status === 'draft' || d.status === 'adopted');
  },
  async canRead(ctx, ownerId) {
    const d = await decisionOf(ctx, ownerId);
    if (!d) return false;
    return isDept(ctx.actor) || (d.status === 'effective' && selfOf(ctx.actor) === d.cadreId);
  },
});
