import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import type { ExtractTablesWithRelations } from 'drizzle-orm/relations';
import pg from 'pg';
import * as schema from './schema/index.ts';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything that runs queries: the database or an open transaction. */
export type Executor = Db | Tx;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Flush to disk where that means something (PGlite), then release the connection(s). */
  close(): Promise<void>;
}

/** Wraps an open PGlite instance. */
export function fromPglite(client: PGlite): Database {
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    async close() {
      if (client.closed) return;
      await client.exec('CHECKPOINT');
      await client.close();
    },
  };
}

/** Where connection errors of pools and clients go; the server sets a logger, tests keep it quiet. */
let onConnectionError: (err: Error) => void = () => {};
export function setConnectionErrorHandler(fn: (err: Error) => void): void {
  onConnectionError = fn;
}

/**
 * A pool on a PostgreSQL server whose connection errors are never uncaught: a connection the
 * server terminates (a restart, a failover, a dropped database) fails the query running on it,
 * if any, and is discarded; an 'error' event without a listener would take the process down.
 */
export function pgPool(config: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool(config);
  pool.on('error', (err) => onConnectionError(err));
  pool.on('connect', (client) => client.on('error', (err) => onConnectionError(err)));
  return pool;
}

/** One connection, guarded like the pool's. */
export async function pgClient(connectionString: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString });
  client.on('error', (err) => onConnectionError(err));
  await client.connect();
  return client;
}

/** Opens a pool on a PostgreSQL server. */
export function fromPostgresUrl(url: string, max = 10): Database {
  const pool = pgPool({ connectionString: url, max, application_name: 'yuzhidu' });
  const db = drizzleNodePg({ client: pool, schema }) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    async close() {
      await pool.end();
    },
  };
}

/** Rows of a raw query, on either driver. */
export async function rows<T>(ex: Executor, query: ReturnType<typeof sql>): Promise<T[]> {
  const res = (await ex.execute(query)) as unknown as { rows: T[] };
  return res.rows;
}

/** A uuid[] parameter for `= any(…)` in raw SQL (a JS array would be spread into several parameters). */
export function uuidArray(ids: readonly string[]) {
  return sql`${`{${ids.join(',')}}`}::uuid[]`;
}
