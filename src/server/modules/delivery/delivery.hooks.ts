import { and, count, eq, inArray, lt, or } from 'drizzle-orm';
import {
  deliveryChecks,
  deliveryFindings,
  deliveryItems,
  deliveryLists,
  deliveryPlans,
  deliveryRectifications,
  deliveryReports,
} from '../../db/schema/index.ts';
import { localDay } from '../../lib/time.ts';
import { registerEvidenceOwner } from '../evidence/evidence.policy.ts';
import { cadreScope, inScope } from '../org/org.policy.ts';
import { registerOverviewCard } from '../system/overview.service.ts';
import { isCadreSide, isOrgDept, mayActFor, mayReadCheckEvidence } from './delivery.policy.ts';

// Photos and documents of an on-site check: taken by the organization department; the cadre and
// the unit see them once the finding they support is final.
registerEvidenceOwner('delivery_check', {
  async canAttach(ctx, ownerId) {
    if (!isOrgDept(ctx.actor)) return false;
    const [k] = await ctx.db
      .select({ status: deliveryPlans.status })
      .from(deliveryChecks)
      .innerJoin(deliveryPlans, eq(deliveryPlans.id, deliveryChecks.planId))
      .where(eq(deliveryChecks.id, ownerId));
    return k?.status === 'started';
  },
  async canRead(ctx, ownerId) {
    if (isOrgDept(ctx.actor)) return true;
    const [f] = await ctx.db
      .select({
        id: deliveryFindings.cadreId,
        unitId: deliveryFindings.unitId,
        status: deliveryFindings.status,
      })
      .from(deliveryFindings)
      .where(eq(deliveryFindings.checkId, ownerId));
    return mayReadCheckEvidence(ctx.actor, f);
  },
});

// The evidence a unit sends with its rectification reply.
registerEvidenceOwner('delivery_rectification', {
  async canAttach(ctx, ownerId) {
    const [o] = await ctx.db
      .select()
      .from(deliveryRectifications)
      .where(eq(deliveryRectifications.id, ownerId));
    return !!o && o.status === 'open' && isCadreSide(ctx.actor, { id: o.cadreId, unitId: o.unitId });
  },
  async canRead(ctx, ownerId) {
    const [o] = await ctx.db
      .select()
      .from(deliveryRectifications)
      .where(eq(deliveryRectifications.id, ownerId));
    return !!o && inScope(cadreScope(ctx.actor), { id: o.cadreId, unitId: o.unitId });
  },
});

// The evidence a cadre attaches to a monthly report.
registerEvidenceOwner('delivery_report', {
  async canAttach(ctx, ownerId) {
    const [r] = await ctx.db
      .select({ cadreId: deliveryLists.cadreId, unitId: deliveryLists.unitId })
      .from(deliveryReports)
      .innerJoin(deliveryItems, eq(deliveryItems.id, deliveryReports.itemId))
      .innerJoin(deliveryLists, eq(deliveryLists.id, deliveryItems.listId))
      .where(eq(deliveryReports.id, ownerId));
    return !!r && mayActFor(ctx.actor, { id: r.cadreId, unitId: r.unitId });
  },
  async canRead(ctx, ownerId) {
    const [r] = await ctx.db
      .select({ cadreId: deliveryLists.cadreId, unitId: deliveryLists.unitId })
      .from(deliveryReports)
      .innerJoin(deliveryItems, eq(deliveryItems.id, deliveryReports.itemId))
      .innerJoin(deliveryLists, eq(deliveryLists.id, deliveryItems.listId))
      .where(eq(deliveryReports.id, ownerId));
    return !!r && inScope(cadreScope(ctx.actor), { id: r.cadreId, unitId: r.unitId });
  },
});

registerOverviewCard({
  key: 'delivery.lists.pending',
  title: '待确认的干事清单',
  permission: 'delivery.confirm',
  link: '/delivery/lists?status=submitted',
  async load(ctx) {
    const [r] = await ctx.db
      .select({ n: count() })
      .from(deliveryLists)
      .where(eq(deliveryLists.status, 'submitted'));
    return { value: r?.n ?? 0, suffix: '份' };
  },
});

registerOverviewCard({
  key: 'delivery.rectifications.open',
  title: '整改中的问题',
  permission: 'delivery.read',
  link: '/delivery/rectifications',
  async load(ctx) {
    const scope = cadreScope(ctx.actor);
    const today = localDay(ctx.clock.now());
    const own = scope.all
      ? undefined
      : or(
          scope.unitIds.length ? inArray(deliveryRectifications.unitId, scope.unitIds) : undefined,
          scope.cadreIds.length ? inArray(deliveryRectifications.cadreId, scope.cadreIds) : undefined,
        );
    if (!scope.all && !scope.unitIds.length && !scope.cadreIds.length) return null;
    const [open] = await ctx.db
      .select({ n: count() })
      .from(deliveryRectifications)
      .where(and(inArray(deliveryRectifications.status, ['open', 'replied']), own));
    const [late] = await ctx.db
      .select({ n: count() })
      .from(deliveryRectifications)
      .where(and(eq(deliveryRectifications.status, 'open'), lt(deliveryRectifications.deadline, today), own));
    return { value: open?.n ?? 0, suffix: '个', hint: `其中逾期 ${late?.n ?? 0} 个` };
  },
});
