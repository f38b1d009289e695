import { PGlite } from '@electric-sql/pglite';
import autocannon from 'autocannon';
import { buildApp } from '../src/server/app.ts';
import { fromPglite } from '../src/server/db/client.ts';
import { migrateEmbedded } from '../src/server/db/migrate.ts';
import { seedDemo } from '../src/server/demo/index.ts';
import { systemClock } from '../src/server/lib/clock.ts';
import { SecretBox } from '../src/server/lib/secrets.ts';
import { JobRunner } from '../src/server/modules/system/jobs.service.ts';
import { TEST_APP_CONFIG } from '../test/config.ts';
import type { BenchResult } from './run.ts';

const HEADER = '人员编号,姓名,性别,出生年月,单位,职务,班子位置,任职日期';

/**
 * The registry on the embedded database with the full demo county: list queries under load,
 * and a large cadre import running as chunked jobs while the server keeps answering.
 */
export async function benchOrg(rows = 5000): Promise<BenchResult[]> {
  const client = await PGlite.create();
  await migrateEmbedded(client);
  const database = fromPglite(client);
  const deps = {
    db: database.db,
    clock: systemClock,
    secrets: SecretBox.ephemeral(),
    filesDir: '/tmp/yzd-bench-files',
  };
  await seedDemo(deps, { scale: 'full' });
  const app = await buildApp({
    deps,
    config: TEST_APP_CONFIG,
    databaseKind: 'pglite',
    logger: false,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const jobs = new JobRunner(deps, { pollMs: 50 });
  await jobs.start();
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const out: BenchResult[] = [];
  try {
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'officer', password: 'Yzd@2026demo' }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const { me } = (await login.json()) as { me: { csrfToken: string } };

    for (const [name, path] of [
      ['干部名册第一页（512 人，按单位排序）', '/api/org/cadres?pageSize=20'],
      [
        '干部名册按领域与年龄段筛选',
        '/api/org/cadres?pageSize=20&domain=investment_attraction&ageBand=41-45',
      ],
      ['单位树（82 家，8 个编组）', '/api/org/units/tree'],
    ] as const) {
      const r = await autocannon({ url: `${base}${path}`, headers: { cookie }, connections: 4, duration: 5 });
      out.push({
        name: `GET ${name}`,
        value: `${Math.round(r.requests.average).toLocaleString('en')} 请求/秒`,
        note: `p50 ${r.latency.p50} ms，p99 ${r.latency.p99} ms，非 2xx ${r.non2xx}`,
      });
    }

    // A cadre file of `rows` rows into the registry, while /api/health is asked every 25 ms.
    const unit = '市投资促进中心';
    const csv = [
      HEADER,
      ...Array.from(
        { length: rows },
        (_, i) =>
          `B${String(i).padStart(6, '0')},基准${i},男,1985-0${(i % 9) + 1},${unit},科员,成员,2026-11-02`,
      ),
    ].join('\n');
    const form = new FormData();
    form.append('file', new Blob([csv]), 'bench.csv');
    const latencies: number[] = [];
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const t = performance.now();
        await fetch(`${base}/api/health`);
        latencies.push(performance.now() - t);
        await new Promise((r) => setTimeout(r, 25));
      }
    })();
    const t0 = performance.now();
    const started = await fetch(`${base}/api/imports/org.cadres`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': me.csrfToken },
      body: form,
    });
    const { id } = (await started.json()) as { id: string };
    let status = '';
    let result: unknown = null;
    while (status !== 'done' && status !== 'invalid' && status !== 'failed') {
      await new Promise((r) => setTimeout(r, 200));
      const b = (await (
        await fetch(`${base}/api/imports/batches/${id}`, { headers: { cookie } })
      ).json()) as {
        status: string;
        result: unknown;
      };
      status = b.status;
      result = b.result;
    }
    const ms = performance.now() - t0;
    polling = false;
    await poller;
    latencies.sort((a, b) => a - b);
    const pct = (p: number) =>
      Math.round(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))]!);
    out.push({
      name: `导入干部名册 ${rows.toLocaleString('en')} 行（分批任务）`,
      value: `${(ms / 1000).toFixed(1)} 秒，${Math.round((rows / ms) * 1000).toLocaleString('en')} 行/秒`,
      note: `结果 ${status} ${JSON.stringify(result)}`,
    });
    out.push({
      name: '导入期间 /api/health 的响应时间',
      value: `p50 ${pct(0.5)} ms，p99 ${pct(0.99)} ms，最长 ${Math.round(latencies.at(-1) ?? 0)} ms`,
      note: `${latencies.length} 次请求；服务在导入期间持续应答`,
    });
  } finally {
    await jobs.stop();
    await app.close();
    await database.close();
  }
  return out;
}
