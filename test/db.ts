import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { inject } from 'vitest';
import { type Database, fromPglite, fromPostgresUrl, pgPool } from '../src/server/db/client.ts';
import { appRoleUrl } from '../src/server/db/migrate.ts';
import { ManualClock } from '../src/server/lib/clock.ts';
import type { Deps } from '../src/server/lib/context.ts';
import { SecretBox } from '../src/server/lib/secrets.ts';
import { APP_PASSWORD, APP_ROLE, adminQuery, withDatabase } from './global-setup.ts';

export interface TestDb {
  database: Database;
  /** The clock is manual unless the test asked for the real one (browser tests). */
  deps: Deps & { clock: ManualClock };
  /**
   * Runs SQL as the database owner / superuser, bypassing the application role: what an
   * attacker with database access could do.
   */
  superuser(sql: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  close(): Promise<void>;
}

/** A fresh migrated database for one test file: PGlite, or PostgreSQL when DATABASE_URL is set. */
export async function createTestDb(opts: { start?: string; realClock?: boolean } = {}): Promise<TestDb> {
  const clock = new ManualClock(opts.start ?? '2026-03-02T01:00:00Z');
  if (opts.realClock) clock.now = () => new Date();
  const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yzd-files-'));
  const pgTemplate = inject('pgTemplate');
  const url = process.env.DATABASE_URL;
  if (url && pgTemplate) {
    const name = `yzd_t_${pgTemplate.replace('yzd_tpl_', '')}_${crypto.randomBytes(4).toString('hex')}`;
    await adminQuery(url, `CREATE DATABASE ${name} TEMPLATE ${pgTemplate}`);
    const ownerUrl = withDatabase(url, name);
    const database = fromPostgresUrl(appRoleUrl(ownerUrl, { role: APP_ROLE, password: APP_PASSWORD }), 10);
    const owner = pgPool({ connectionString: ownerUrl, max: 2 });
    return {
      database,
      deps: { db: database.db, clock, secrets: SecretBox.ephemeral(), filesDir },
      superuser: async (sql, params) => owner.query(sql, params as unknown[]),
      async close() {
        await database.close();
        await owner.end();
        await adminQuery(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        fs.rmSync(filesDir, { recursive: true, force: true });
      },
    };
  }
  const tarball = fs.readFileSync(inject('pgliteTemplate'));
  const client = await PGlite.create({ loadDataDir: new Blob([tarball]) });
  const database = fromPglite(client);
  return {
    database,
    deps: { db: database.db, clock, secrets: SecretBox.ephemeral(), filesDir },
    // PGlite has one user, the owner: the same connection serves as the attacker's.
    superuser: async (sql, params) => client.query(sql, params as unknown[]) as never,
    async close() {
      await client.close();
      fs.rmSync(filesDir, { recursive: true, force: true });
    },
  };
}
