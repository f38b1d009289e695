import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { buildApp } from '../src/server/app.ts';
import { type Database, fromPglite, fromPostgresUrl, pgClient, rows } from '../src/server/db/client.ts';
import { appRoleUrl, migrateEmbedded, migratePostgres } from '../src/server/db/migrate.ts';
import { seedDemo } from '../src/server/demo/index.ts';
import { systemClock } from '../src/server/lib/clock.ts';
import { systemCtx } from '../src/server/lib/context.ts';
import { dataChanged } from '../src/server/lib/data-version.ts';
import { SecretBox } from '../src/server/lib/secrets.ts';
import { write } from '../src/server/lib/tx.ts';
import { verifyChain } from '../src/server/modules/audit/audit.service.ts';
import { TEST_APP_CONFIG } from '../test/config.ts';
import { load } from './load.ts';
import type { BenchResult } from './run.ts';

// Database round trips, counted on the driver: every query of a pool client (PostgreSQL);
// every query and transaction of the embedded database.
let roundTrips = 0;
const pgQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  roundTrips += 1;
  return (pgQuery as (...a: unknown[]) => unknown).apply(this, args);
} as typeof pg.Client.prototype.query;

function countPglite(client: PGlite): void {
  for (const name of ['query', 'exec', 'transaction'] as const) {
    const f = client[name].bind(client) as (...a: unknown[]) => unknown;
    (client as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
      roundTrips += 1;
      return f(...args);
    };
  }
}

async function openBenchDb(
  kind: 'pglite' | 'postgres',
): Promise<{ database: Database; drop(): Promise<void> }> {
  if (kind === 'pglite') {
    const client = await PGlite.create();
    await migrateEmbedded(client);
    countPglite(client);
    const database = fromPglite(client);
    return { database, drop: () => database.close() };
  }
  const url = process.env.DATABASE_URL!;
  const name = `yzd_bench_${process.pid}`;
  const admin = await pgClient(url);
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  const owner = new URL(url);
  owner.pathname = `/${name}`;
  const app = { role: 'yuzhidu_app', password: process.env.DATABASE_APP_PASSWORD };
  await migratePostgres(owner.toString(), app);
  const database = fromPostgresUrl(appRoleUrl(owner.toString(), app));
  return {
    database,
    async drop() {
      await database.close();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

const per = (n: number, ms: number) => `${Math.round((n / ms) * 1000).toLocaleString('en')} 次/秒`;

export async function benchPlatform(kind: 'pglite' | 'postgres'): Promise<BenchResult[]> {
  const { database, drop } = await openBenchDb(kind);
  const deps = {
    db: database.db,
    clock: systemClock,
    secrets: SecretBox.ephemeral(),
    filesDir: '/tmp/yzd-bench-files',
  };
  const out: BenchResult[] = [];
  try {
    let t = performance.now();
    await seedDemo(deps, { scale: 'full' });
    out.push({ name: '生成演示县数据（完整）', value: `${((performance.now() - t) / 1000).toFixed(1)} 秒` });

    // Audited writes, one transaction each, sequential and 16 at a time.
    const ctx = systemCtx(deps);
    const n = 2000;
    t = performance.now();
    for (let i = 0; i < n; i++)
      await write(ctx, async (_tx, audit) => audit({ action: 'bench.write', objectId: String(i) }));
    out.push({ name: '带审计的写事务（串行）', value: per(n, performance.now() - t), note: `${n} 次` });
    t = performance.now();
    for (let i = 0; i < n; i += 16) {
      await Promise.all(
        Array.from({ length: 16 }, (_, j) =>
          write(ctx, async (_tx, audit) => audit({ action: 'bench.write', objectId: String(i + j) })),
        ),
      );
    }
    out.push({
      name: '带审计的写事务（16 并发）',
      value: per(n, performance.now() - t),
      note: '审计链保持线性',
    });

    t = performance.now();
    const v = await verifyChain(database.db);
    out.push({
      name: '审计链完整校验',
      value: per(v.count, performance.now() - t).replace('次', '条'),
      note: `${v.count.toLocaleString('en')} 条，${v.ok ? '完整' : '失败'}`,
    });

    // HTTP at 100 connections: session checks, the home page figures, an audited read.
    const app = await buildApp({
      deps,
      config: TEST_APP_CONFIG,
      databaseKind: kind,
      logger: false,
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const port = (app.server.address() as { port: number }).port;
    const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'leader', password: 'Yzd@2026demo' }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const [campaign] = await rows<{ id: string }>(
      database.db,
      sql`select id from opinion_campaigns where status = 'closed' order by ends_on desc limit 1`,
    );
    const year = new Date().getFullYear();
    let health = Number.NaN;
    for (const [name, path, isShared] of [
      ['GET /api/health（无需登录）', '/api/health', false],
      ['GET /api/auth/me（会话校验，目标 ≥ 0.3× /api/health）', '/api/auth/me', false],
      ['GET /api/system/overview（首页数字，目标 p99 ≤ 50 ms）', '/api/system/overview', true],
      [
        'GET /api/org/cadres 第一页（带读取审计，目标 p99 ≤ 50 ms）',
        '/api/org/cadres?page=1&pageSize=20',
        true,
      ],
      [
        'GET /api/delivery/stats（全年对账考察统计，带读取审计，目标 p99 ≤ 50 ms）',
        `/api/delivery/stats?from=${year}-01-01&to=${year}-12-31`,
        true,
      ],
      ['GET /api/dashboard/screen（城市大脑大屏，目标 p99 ≤ 50 ms）', '/api/dashboard/screen', true],
      [
        'GET 测评结果第一页（按得分排序，目标 p99 ≤ 50 ms）',
        `/api/opinion/campaigns/${campaign!.id}/results?page=1&pageSize=20`,
        true,
      ],
    ] as const) {
      const url = `http://127.0.0.1:${port}${path}`;
      const probe = await fetch(url, { headers: { cookie } });
      if (!probe.ok) throw new Error(`${path}：${probe.status} ${await probe.text()}`);
      // Round trips of one request: 20 requests one after another, once the requests still in
      // flight from the previous load have finished.
      for (let i = 0, last = -1; i < 60 && last !== roundTrips; i++) {
        last = roundTrips;
        await new Promise((r) => setTimeout(r, 500));
      }
      const before = roundTrips;
      for (let i = 0; i < 20; i++) await (await fetch(url, { headers: { cookie } })).arrayBuffer();
      const trips = (roundTrips - before) / 20;
      // A shared answer is computed once per change of the data: its cost after a change.
      let fresh = '';
      if (isShared) {
        const took: number[] = [];
        for (let i = 0; i < 9; i++) {
          dataChanged();
          const t0 = performance.now();
          await (await fetch(url, { headers: { cookie } })).arrayBuffer();
          took.push(performance.now() - t0);
        }
        took.sort((a, b) => a - b);
        fresh = `；数据变更后的第一次请求（重新计算）中位 ${took[4]!.toFixed(0)} ms`;
      }
      const r = await load(url, { cookie, connections: 100 });
      if (path === '/api/health') health = r.requests.average;
      const share =
        path === '/api/auth/me' ? `为 /api/health 的 ${(r.requests.average / health).toFixed(2)}×；` : '';
      out.push({
        name,
        value: `${Math.round(r.requests.average).toLocaleString('en')} 请求/秒`,
        note: `${share}p50 ${r.latency.p50} ms，p99 ${r.latency.p99} ms，非 2xx ${r.non2xx}；数据库往返 ${trips.toFixed(1)} 次/请求${fresh}`,
      });
    }
    await app.close();
  } finally {
    await drop();
  }
  return out;
}
