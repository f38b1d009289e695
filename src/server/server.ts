import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { buildApp } from './app.ts';
import type { Config } from './config.ts';
import { type Database, fromPglite, fromPostgresUrl, setConnectionErrorHandler } from './db/client.ts';
import { type EmbeddedLimits, warnIfEmbeddedOutgrown } from './db/embedded-scale.ts';
import { openEmbeddedStore } from './db/embedded-store.ts';
import { appRoleUrl, migratePostgres } from './db/migrate.ts';
import { systemClock } from './lib/clock.ts';
import type { Deps } from './lib/context.ts';
import { hasKeyRing, installKeyRing, KeyRing } from './lib/seal.ts';
import { SecretBox } from './lib/secrets.ts';
import { JobRunner } from './modules/system/jobs.service.ts';
import { getMode } from './modules/system/settings.service.ts';

export interface OpenedDatabase {
  database: Database;
  /** True when the database had never been initialised (no mode chosen yet). */
  fresh: boolean;
  release(): void;
}

/** Loads the master keys that seal data at rest (once a process; `keys rotate` reloads them). */
export function loadKeyRing(config: Config): KeyRing {
  return installKeyRing(
    KeyRing.load({
      masterKey: config.masterKey,
      masterKeyFile: config.masterKeyFile,
      dataDir: config.dataDir,
    }),
  );
}

export function depsFor(config: Config, database: Database): Deps {
  if (!hasKeyRing()) loadKeyRing(config);
  return {
    db: database.db,
    clock: systemClock,
    secrets: SecretBox.fromConfig(config.masterKey, config.dataDir),
    filesDir: path.join(config.dataDir, 'files'),
    checkpointExport: {
      dir:
        config.checkpointDir ??
        (database.kind === 'pglite' ? path.join(config.dataDir, 'checkpoints') : null),
      url: config.checkpointUrl,
    },
  };
}

/**
 * Opens the configured database, migrated. On the embedded database, `initialise` runs on a
 * brand-new data directory before it is renamed into place; on PostgreSQL it runs when no
 * mode has been chosen yet.
 */
export async function openDatabase(
  config: Config,
  initialise?: (deps: Deps) => Promise<void>,
): Promise<OpenedDatabase> {
  if (config.databaseUrl) {
    const app = { role: config.appRole, password: config.appRolePassword };
    await migratePostgres(config.databaseUrl, app);
    const database = fromPostgresUrl(appRoleUrl(config.databaseUrl, app));
    const fresh = !(await getMode(database.db));
    if (fresh && initialise) await initialise(depsFor(config, database));
    return { database, fresh, release: () => {} };
  }
  const store = await openEmbeddedStore(
    config.dataDir,
    initialise ? async (client: PGlite) => initialise(depsFor(config, fromPglite(client))) : undefined,
  );
  const database = fromPglite(store.client);
  return { database, fresh: store.created, release: store.release };
}

export interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts HTTP and the job runner on an opened database. On the embedded database it first warns
 * (in the log) when the data has outgrown a county (`embeddedLimits`, default EMBEDDED_LIMITS).
 */
export async function startServer(
  config: Config,
  opened: OpenedDatabase,
  o: { embeddedLimits?: EmbeddedLimits; warn?: (message: string) => void } = {},
): Promise<RunningServer> {
  const deps = depsFor(config, opened.database);
  if (opened.database.kind === 'pglite')
    await warnIfEmbeddedOutgrown(opened.database.db, o.embeddedLimits, o.warn);
  const app = await buildApp({ deps, config, databaseKind: opened.database.kind });
  const jobs = new JobRunner(deps, { log: (msg, err) => app.log.error({ err }, msg) });
  setConnectionErrorHandler((err) =>
    app.log.warn({ code: (err as { code?: string }).code }, '数据库连接中断，已丢弃该连接'),
  );
  await app.listen({ port: config.port, host: config.host });
  await jobs.start();
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  let stopping: Promise<void> | null = null;
  return {
    url: `http://localhost:${port}`,
    stop() {
      stopping ??= (async () => {
        await app.close();
        await jobs.stop();
        await opened.database.close();
        opened.release();
      })();
      return stopping;
    },
  };
}
