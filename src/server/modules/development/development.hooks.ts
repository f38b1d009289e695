import { and, count, eq } from 'drizzle-orm';
import { developmentPlans } from '../../db/schema/index.ts';
import { localDay } from '../../lib/time.ts';
import { defineRecurringJob } from '../system/jobs.service.ts';
import { registerOverviewCard } from '../system/overview.service.ts';
import { remindReviews } from './reminders.service.ts';

/** Daily: the month's review on the mentor's list, the mid-term and end reviews on the officers'. */
defineRecurringJob('development.reviews.remind', 24 * 3_600_000, async (_p, { ctx, tx }) => ({
  result: { plans: await remindReviews(ctx, tx, localDay(ctx.clock.now())) },
}));

registerOverviewCard({
  key: 'development.plans.active',
  title: '进行中的一人一策',
  permission: 'development.manage',
  link: '/development/plans?status=active',
  async load(ctx) {
    const [all] = await ctx.db
      .select({ n: count() })
      .from(developmentPlans)
      .where(eq(developmentPlans.status, 'active'));
    const [guidance] = await ctx.db
      .select({ n: count() })
      .from(developmentPlans)
      .where(and(eq(developmentPlans.status, 'active'), eq(developmentPlans.kind, 'guidance')));
    return { value: all?.n ?? 0, suffix: '人', hint: `其中履职辅导期 ${guidance?.n ?? 0} 人` };
  },
});
