import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import type { ExtractTablesWithRelations } from 'drizzle-orm/relations';
import pg from 'pg';
import { type PgUrl, param, parsePgUrl, singleHostUrl } from './pg-url.ts';
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
 * On a multi-host URL (see pg-url.ts) the pool follows the primary across failovers.
 */
export function pgPool(config: pg.PoolConfig): pg.Pool {
  const failover = config.connectionString ? failoverOptions(parsePgUrl(config.connectionString)) : null;
  const pool = new pg.Pool(failover ? { ...config, connectionString: undefined, ...failover } : config);
  pool.on('error', (err) => onConnectionError(err));
  pool.on('connect', (client) => client.on('error', (err) => onConnectionError(err)));
  return pool;
}

const wantsPrimary = (u: PgUrl) => param(u, 'target_session_attrs') === 'read-write';

/** Whether a connection may write (libpq's test for target_session_attrs=read-write). */
async function writable(client: pg.ClientBase): Promise<boolean> {
  const r = await client.query<{ transaction_read_only: string }>('SHOW transaction_read_only');
  return r.rows[0]?.transaction_read_only === 'off';
}

/**
 * Pool options that connect to the hosts of a multi-host URL in turn: a host that refuses the
 * connection, or (with read-write) answers as a standby, moves the pool on to the next one.
 */
function failoverOptions(u: PgUrl): Partial<pg.PoolConfig> | null {
  if (u.hosts.length < 2 && !wantsPrimary(u)) return null;
  const urls = u.hosts.map((h) => singleHostUrl(u, h));
  let current = 0;
  const moveOn = (from: number) => {
    if (current === from) current = (current + 1) % urls.length;
  };
  const baseConnect = pg.Client.prototype.connect as (this: pg.Client, cb?: (err?: Error) => void) => unknown;
  class FailoverClient extends pg.Client {
    readonly hostIndex: number;
    constructor(opts: pg.ClientConfig) {
      const i = current;
      super({ ...opts, connectionString: urls[i] });
      this.hostIndex = i;
    }
  }
  // One implementation serves both forms of connect (callback and promise).
  Object.defineProperty(FailoverClient.prototype, 'connect', {
    value(this: FailoverClient, cb?: (err?: Error) => void) {
      const i = this.hostIndex;
      if (cb) {
        return baseConnect.call(this, (err?: Error) => {
          if (err) moveOn(i);
          cb(err);
        });
      }
      return (baseConnect.call(this) as Promise<void>).catch((err: Error) => {
        moveOn(i);
        throw err;
      });
    },
  });
  return {
    Client: FailoverClient as unknown as pg.PoolConfig['Client'],
    onConnect: wantsPrimary(u)
      ? async (client: pg.ClientBase) => {
          if (await writable(client)) return;
          moveOn((client as FailoverClient).hostIndex);
          throw new Error('连接到的数据库节点是只读的备库，改连下一个节点');
        }
      : undefined,
  };
}

/** One connection, guarded like the pool's; on a multi-host URL, to the first host that serves. */
export async function pgClient(connectionString: string): Promise<pg.Client> {
  const u = parsePgUrl(connectionString);
  const single = u.hosts.length < 2 && !wantsPrimary(u);
  const urls = single ? [connectionString] : u.hosts.map((h) => singleHostUrl(u, h));
  let last: unknown;
  for (const url of urls) {
    const client = new pg.Client({ connectionString: url });
    client.on('error', (err) => onConnectionError(err));
    try {
      await client.connect();
      if (!single && wantsPrimary(u) && !(await writable(client))) {
        await client.end();
        continue;
      }
      return client;
    } catch (err) {
      last = err;
      await client.end().catch(() => {});
    }
  }
  throw last ?? new Error('没有可写的数据库节点');
}

/** Opens a pool on a PostgreSQL server. */
export function fromPostgresUrl(url: string, max = 10): Database {
  // No JIT compilation: the platform's heaviest queries (a province's recomputes, 1–3 s) spent
  // up to half their time compiling (EXPLAIN ANALYZE: JIT 1.2 s of 2.7 s), and its short ones never gain.
  const pool = pgPool({ connectionString: url, max, application_name: 'yuzhidu', options: '-c jit=off' });
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
