import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/**
 * A pg_auto_failover formation on this machine: a monitor, a primary and a synchronous standby,
 * three local PostgreSQL instances on consecutive ports. pg_autoctl refuses to run as root, so
 * as root its commands run as the `postgres` user.
 */

const AUTOCTL = '/usr/bin/pg_autoctl';
const RUNUSER =
  ['/usr/sbin/runuser', '/sbin/runuser', '/usr/bin/runuser'].find((p) => fs.existsSync(p)) ?? 'runuser';

function pgBin(): string | null {
  const base = '/usr/lib/postgresql';
  if (!fs.existsSync(base)) return null;
  const versions = fs
    .readdirSync(base)
    .filter((v) => fs.existsSync(path.join(base, v, 'lib', 'pgautofailover.so')));
  return versions.length ? path.join(base, versions.sort().at(-1)!, 'bin') : null;
}

/** Why a formation cannot be built here, or null when it can. */
export function formationUnavailable(): string | null {
  if (!fs.existsSync(AUTOCTL) || !pgBin())
    return '未安装 pg_auto_failover（Debian：postgresql-15-auto-failover）';
  const root = process.getuid?.() === 0;
  if (!root && os.userInfo().username !== 'postgres') return '需以 root 或 postgres 用户运行';
  return null;
}

export interface Formation {
  /** The owner's multi-host URL, read-write sessions only. */
  url: string;
  ports: [monitor: number, first: number, second: number];
  /** The port of the node that accepts writes now, or null while there is none. */
  primaryPort(): Promise<number | null>;
  /** kill -9 of the primary node: its pg_autoctl and its PostgreSQL, all processes at once. */
  killPrimary(): Promise<number>;
  stop(): Promise<void>;
}

async function readOnly(port: number): Promise<boolean | null> {
  const c = new pg.Client({
    host: '127.0.0.1',
    port,
    user: 'postgres',
    database: 'yzd',
    connectionTimeoutMillis: 2000,
  });
  c.on('error', () => {});
  try {
    await c.connect();
    const r = await c.query<{ transaction_read_only: string }>('SHOW transaction_read_only');
    return r.rows[0]?.transaction_read_only === 'on';
  } catch {
    return null;
  } finally {
    await c.end().catch(() => {});
  }
}

async function sql(port: number, database: string, text: string): Promise<void> {
  const c = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database });
  c.on('error', () => {});
  try {
    await c.connect();
    await c.query(text);
  } finally {
    await c.end().catch(() => {});
  }
}

/** Polls `probe` until it returns a value, at most `ms`; fails naming `what`. */
export async function until<T>(
  what: string,
  ms: number,
  probe: () => Promise<T | null | undefined | false>,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe().catch(() => null);
    if (v) return v;
    if (Date.now() > end) throw new Error(`等待超时：${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function startFormation(basePort: number): Promise<Formation> {
  const bin = pgBin()!;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yzd-ha-'));
  const root = process.getuid?.() === 0;
  if (root) execFileSync('chown', ['-R', 'postgres', dir]);
  const env = {
    ...process.env,
    PATH: `${bin}:/usr/bin:/bin`,
    XDG_RUNTIME_DIR: path.join(dir, 'run'),
    XDG_CONFIG_HOME: path.join(dir, 'config'),
    XDG_DATA_HOME: path.join(dir, 'data'),
  };
  const asPostgres = (args: string[]): [string, string[]] =>
    root ? [RUNUSER, ['-u', 'postgres', '--', 'env', ...envOnly(env), AUTOCTL, ...args]] : [AUTOCTL, args];
  const procs: ChildProcess[] = [];
  const run = (name: string, args: string[]) => {
    const [cmd, argv] = asPostgres(args);
    const log = fs.openSync(path.join(dir, `${name}.log`), 'a');
    const p = spawn(cmd, argv, { env, detached: true, stdio: ['ignore', log, log] });
    p.on('error', (err) => fs.appendFileSync(path.join(dir, `${name}.log`), `${err.message}\n`));
    procs.push(p);
    return p;
  };
  const ports: [number, number, number] = [basePort, basePort + 1, basePort + 2];
  const common = ['--hostname', '127.0.0.1', '--auth', 'trust', '--no-ssl'];

  run('monitor', [
    'create',
    'monitor',
    '--pgdata',
    path.join(dir, 'monitor'),
    '--pgport',
    String(ports[0]),
    ...common,
    '--run',
  ]);
  await until('监控节点启动', 60_000, async () => {
    await sql(ports[0], 'pg_auto_failover', 'select 1');
    return true;
  });
  // Failures are noticed within a few seconds instead of the default twenty.
  for (const [k, v] of [
    ['health_check_period', 1000],
    ['health_check_timeout', 1000],
    ['health_check_retry_delay', 500],
    ['node_considered_unhealthy_timeout', 3000],
  ] as const) {
    await sql(ports[0], 'pg_auto_failover', `alter system set pgautofailover.${k} = ${v}`);
  }
  await sql(ports[0], 'pg_auto_failover', 'select pg_reload_conf()');
  const monitor = `postgres://autoctl_node@127.0.0.1:${ports[0]}/pg_auto_failover?sslmode=disable`;
  const node = (i: 1 | 2) =>
    run(`node${i}`, [
      'create',
      'postgres',
      '--pgdata',
      path.join(dir, `node${i}`),
      '--pgport',
      String(ports[i]),
      ...common,
      '--monitor',
      monitor,
      '--dbname',
      'yzd',
      '--run',
    ]);
  const first = node(1);
  await until('第一个节点成为可写主库', 90_000, async () => (await readOnly(ports[1])) === false);
  const second = node(2);
  // The standby's base backup waits for a checkpoint on the primary: ask for one now and again.
  await until('第二个节点成为同步备库', 180_000, async () => {
    await sql(ports[1], 'yzd', 'checkpoint').catch(() => {});
    const standby = (await readOnly(ports[2])) === true;
    if (!standby) return false;
    const c = new pg.Client({ host: '127.0.0.1', port: ports[1], user: 'postgres', database: 'yzd' });
    c.on('error', () => {});
    await c.connect();
    try {
      const r = await c.query<{ n: string }>(
        "select count(*) as n from pg_stat_replication where sync_state in ('sync','quorum')",
      );
      return Number(r.rows[0]?.n) > 0;
    } finally {
      await c.end();
    }
  });
  const byPort = new Map<number, ChildProcess>([
    [ports[1], first],
    [ports[2], second],
  ]);

  const primaryPort = async () => {
    for (const p of [ports[1], ports[2]]) if ((await readOnly(p)) === false) return p;
    return null;
  };
  return {
    url: `postgres://postgres@127.0.0.1:${ports[1]},127.0.0.1:${ports[2]}/yzd?target_session_attrs=read-write`,
    ports,
    primaryPort,
    async killPrimary() {
      const port = await until('找到主库', 30_000, primaryPort);
      process.kill(-byPort.get(port)!.pid!, 'SIGKILL');
      return port;
    },
    async stop() {
      for (const p of procs) {
        try {
          process.kill(-p.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      // Postmasters started by pg_autoctl may have outlived their parent: stop whatever is left.
      try {
        execFileSync('pkill', ['-9', '-f', dir]);
      } catch {
        // nothing left
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function envOnly(env: NodeJS.ProcessEnv): string[] {
  return ['PATH', 'XDG_RUNTIME_DIR', 'XDG_CONFIG_HOME', 'XDG_DATA_HOME'].map((k) => `${k}=${env[k]}`);
}
