import { and, count, eq, isNull, lt } from 'drizzle-orm';
import { economyAlerts, economyIndicators, economyInterviews } from '../../db/schema/index.ts';
import { localDay } from '../../lib/time.ts';
import { registerOverviewCard } from '../system/overview.service.ts';

registerOverviewCard({
  key: 'economy.alerts.open',
  title: '待研判的经济运行预警',
  permission: 'economy.review',
  link: '/economy/alerts?status=open',
  async load(ctx) {
    const [open] = await ctx.db
      .select({ n: count() })
      .from(economyAlerts)
      .where(eq(economyAlerts.status, 'open'));
    const [late] = await ctx.db
      .select({ n: count() })
      .from(economyInterviews)
      .where(
        and(
          isNull(economyInterviews.checkResult),
          lt(economyInterviews.followUpDue, localDay(ctx.clock.now())),
        ),
      );
    return { value: open?.n ?? 0, suffix: '条', hint: late?.n ? `${late.n} 项约谈跟进逾期` : undefined };
  },
});

registerOverviewCard({
  key: 'economy.indicators.core',
  title: '纳入考察的核心经济指标',
  permission: 'economy.read',
  link: '/economy',
  async load(ctx) {
    const [r] = await ctx.db
      .select({ n: count() })
      .from(economyIndicators)
      .where(eq(economyIndicators.core, true));
    return { value: r?.n ?? 0, suffix: '项' };
  },
});
