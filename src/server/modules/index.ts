import type { Config } from '../config.ts';
import type { App } from '../http/types.ts';
import { auditRoutes } from './audit/audit.routes.ts';
import { dashboardRoutes } from './dashboard/dashboard.routes.ts';
import './delivery/delivery.hooks.ts';
import './delivery/delivery.imports.ts';
import { deliveryRoutes } from './delivery/delivery.routes.ts';
import './audit/audit.jobs.ts';
import { authRoutes } from './auth/auth.routes.ts';
import './development/development.hooks.ts';
import { developmentRoutes } from './development/development.routes.ts';
import './economy/economy.hooks.ts';
import './economy/economy.imports.ts';
import { economyRoutes } from './economy/economy.routes.ts';
import { evidenceRoutes } from './evidence/evidence.routes.ts';
import './growth/growth.hooks.ts';
import { growthRoutes } from './growth/growth.routes.ts';
import { importsRoutes } from './imports/imports.routes.ts';
import { profileRoutes } from './profile/profile.routes.ts';
import './quadrant/quadrant.hooks.ts';
import { quadrantRoutes } from './quadrant/quadrant.routes.ts';
import { reportsRoutes } from './reports/reports.routes.ts';
import './keywork/keywork.hooks.ts';
import { keyworkRoutes } from './keywork/keywork.routes.ts';
import { calendarRoutes } from './org/calendar.routes.ts';
import './org/org.hooks.ts';
import './org/org.imports.ts';
import './opinion/opinion.imports.ts';
import { opinionRoutes } from './opinion/opinion.routes.ts';
import { orgRoutes } from './org/org.routes.ts';
import './rewards/rewards.hooks.ts';
import { rewardsRoutes } from './rewards/rewards.routes.ts';
import './scene/scene.hooks.ts';
import { sceneRoutes } from './scene/scene.routes.ts';
import './system/system.cards.ts';
import { systemRoutes } from './system/system.routes.ts';
import { todoRoutes } from './todo/todo.routes.ts';

/** Every module's routes, jobs and home-page figures, in one place. */
export async function registerModules(
  app: App,
  o: {
    databaseKind: string;
    config: Pick<Config, 'secureCookies' | 'loginRateLimit' | 'ballotRateLimit' | 'ballotGuessLimit'>;
  },
): Promise<void> {
  await app.register(systemRoutes, { databaseKind: o.databaseKind });
  await app.register(authRoutes, { config: o.config });
  await app.register(auditRoutes);
  await app.register(evidenceRoutes);
  await app.register(orgRoutes);
  await app.register(calendarRoutes);
  await app.register(todoRoutes);
  await app.register(importsRoutes);
  await app.register(deliveryRoutes);
  await app.register(opinionRoutes, { config: o.config });
  await app.register(sceneRoutes);
  await app.register(economyRoutes);
  await app.register(keyworkRoutes);
  await app.register(growthRoutes);
  await app.register(developmentRoutes);
  await app.register(rewardsRoutes);
  await app.register(quadrantRoutes);
  await app.register(reportsRoutes);
  await app.register(dashboardRoutes);
  await app.register(profileRoutes);
}
