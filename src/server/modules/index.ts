import type { Config } from '../config.ts';
import type { App } from '../http/types.ts';
import { auditRoutes } from './audit/audit.routes.ts';
import './audit/audit.jobs.ts';
import { authRoutes } from './auth/auth.routes.ts';
import './system/system.cards.ts';
import { systemRoutes } from './system/system.routes.ts';

/** Every module's routes, jobs and home-page figures, in one place. */
export async function registerModules(
  app: App,
  o: { databaseKind: string; config: Pick<Config, 'secureCookies'> },
): Promise<void> {
  await app.register(systemRoutes, { databaseKind: o.databaseKind });
  await app.register(authRoutes, { config: o.config });
  await app.register(auditRoutes);
}
