import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { pgPool } from './client.ts';
import { formatPgUrl, parsePgUrl } from './pg-url.ts';

export const MIGRATIONS_FOLDER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Applies the committed migrations to an embedded database. */
export async function migrateEmbedded(client: PGlite): Promise<void> {
  await migratePglite(drizzlePglite({ client }), { migrationsFolder: MIGRATIONS_FOLDER });
}

export interface AppRoleOptions {
  role: string;
  password?: string;
}

/**
 * Applies the migrations on a PostgreSQL server as the owner, then makes sure the
 * application's own role exists with no more than it needs: it may read and write the
 * tables, but may not change or delete audit entries, nor alter the schema.
 */
export async function migratePostgres(ownerUrl: string, app: AppRoleOptions): Promise<void> {
  const pool = pgPool({ connectionString: ownerUrl, max: 1 });
  try {
    await migrateNodePg(drizzleNodePg({ client: pool }), { migrationsFolder: MIGRATIONS_FOLDER });
    await ensureAppRole(pool, app);
  } finally {
    await pool.end();
  }
}

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

async function ensureAppRole(pool: pg.Pool, app: AppRoleOptions): Promise<void> {
  if (!ROLE_NAME.test(app.role)) throw new Error(`应用数据库角色名不合法：${app.role}`);
  const role = `"${app.role}"`;
  const client = await pool.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [app.role]);
    if (exists.rowCount === 0) {
      try {
        await client.query(`CREATE ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE`);
      } catch (err) {
        // Another migrator created it at the same moment.
        if ((err as { code?: string }).code !== '23505' && (err as { code?: string }).code !== '42710')
          throw err;
      }
    }
    if (app.password) {
      await client.query(`ALTER ROLE ${role} PASSWORD ${pg.escapeLiteral(app.password)}`);
    }
    const { rows } = await client.query<{ db: string }>('SELECT current_database() AS db');
    const db = pg.escapeIdentifier(rows[0]!.db);
    await client.query(`GRANT CONNECT ON DATABASE ${db} TO ${role}`);
    await client.query(`GRANT USAGE ON SCHEMA public TO ${role}`);
    await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`);
    await client.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
    for (const appendOnly of APPEND_ONLY_TABLES) {
      await client.query(`REVOKE UPDATE, DELETE, TRUNCATE ON ${appendOnly} FROM ${role}`);
    }
  } finally {
    client.release();
  }
}

/** Tables whose rows are never changed once written. */
export const APPEND_ONLY_TABLES = ['audit_entries', 'audit_checkpoints'];

/** The URL the application uses: the owner's URL with the application role as user. */
export function appRoleUrl(ownerUrl: string, app: AppRoleOptions): string {
  return formatPgUrl({ ...parsePgUrl(ownerUrl), user: app.role, password: app.password ?? null });
}
