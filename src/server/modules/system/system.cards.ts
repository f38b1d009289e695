import { and, count, eq, gte, sql } from 'drizzle-orm';
import { auditEntries, systemJobs } from '../../db/schema/index.ts';
import { countOpenSessions, userCounts } from '../auth/auth.repository.ts';
import { registerOverviewCard } from './overview.service.ts';
import { getSecurityPolicy } from './settings.service.ts';

// Live figures of the platform itself, for the three administrators.
registerOverviewCard({
  key: 'accounts.active',
  title: '启用账号',
  permission: 'auth.users.read',
  link: '/accounts',
  async load(ctx) {
    const c = await userCounts(ctx.db, ctx.clock.now());
    return { value: c.active, suffix: '个', hint: `停用 ${c.disabled} 个，锁定中 ${c.locked} 个` };
  },
});

registerOverviewCard({
  key: 'sessions.open',
  title: '在线会话',
  permission: 'auth.users.read',
  async load(ctx) {
    const policy = await getSecurityPolicy(ctx.db);
    return { value: await countOpenSessions(ctx.db, ctx.clock.now(), policy.idleMinutes), suffix: '个' };
  },
});

registerOverviewCard({
  key: 'audit.entries',
  title: '审计记录',
  permission: 'audit.read',
  link: '/audit',
  async load(ctx) {
    const [r] = await ctx.db.select({ n: count() }).from(auditEntries);
    return { value: r?.n ?? 0, suffix: '条' };
  },
});

registerOverviewCard({
  key: 'audit.denied24h',
  title: '24 小时内被拒绝的访问',
  permission: 'audit.read',
  link: '/audit?result=denied',
  async load(ctx) {
    const since = new Date(ctx.clock.now().getTime() - 86_400_000);
    const [r] = await ctx.db
      .select({ n: count() })
      .from(auditEntries)
      .where(and(eq(auditEntries.result, 'denied'), gte(auditEntries.at, since)));
    return { value: r?.n ?? 0, suffix: '次' };
  },
});

registerOverviewCard({
  key: 'jobs.pending',
  title: '待执行后台任务',
  permission: 'system.jobs.read',
  async load(ctx) {
    const [r] = await ctx.db
      .select({
        pending: sql<number>`count(*) filter (where ${systemJobs.status} = 'pending')`.mapWith(Number),
        failed: sql<number>`count(*) filter (where ${systemJobs.status} = 'failed')`.mapWith(Number),
      })
      .from(systemJobs);
    return { value: r?.pending ?? 0, suffix: '个', hint: `失败 ${r?.failed ?? 0} 个` };
  },
});
