import { sql } from 'drizzle-orm';
import { periodAt } from '../src/analytics/period.ts';
import { rows as query } from '../src/server/db/client.ts';
import { startDemoServer } from './demo-server.ts';
import { importWhileProbing } from './import-probe.ts';
import { load } from './load.ts';
import type { BenchResult } from './run.ts';

/**
 * 与经济运行同步诊断 on the full demo county: a department's file of `rows` indicator values
 * through the import engine (validated whole, applied in chunks as a job), the curves page and
 * the rule evaluation over all figures.
 */
export async function benchEconomy(rows = 100_000): Promise<BenchResult[]> {
  const server = await startDemoServer();
  const out: BenchResult[] = [];
  try {
    const provider = await server.login('provider');
    // 统计局's monthly indicators per unit, going back month by month from 2026-10: distinct rows.
    const units = await query<{ code: string }>(
      server.deps.db,
      sql`select code from org_units order by code`,
    );
    const codes = ['IND_OUTPUT', 'IND_PROFIT', 'IND_VA_GROWTH'];
    const last = 2026 * 12 + 9;
    const lines = ['指标编码,区域,单位,期别,数值'];
    for (let i = 0; lines.length <= rows; i++) {
      const unit = units[i % units.length]!.code;
      const code = codes[Math.floor(i / units.length) % codes.length]!;
      const month = periodAt('month', last - Math.floor(i / (units.length * codes.length)));
      lines.push(`${code},,${unit},${month},${(100 + (i % 997) * 0.37).toFixed(2)}`);
    }
    out.push(
      ...(await importWhileProbing({
        base: server.base,
        cookie: provider.cookie,
        csrf: provider.csrf,
        kind: 'economy.values',
        fileName: 'bench-values.csv',
        body: lines.join('\n'),
        rows,
        title: `导入经济指标数据 ${rows.toLocaleString('en')} 行（统计局，分批任务）`,
      })),
    );

    const officer = await server.login('officer');
    for (const [name, path] of [
      ['指标曲线（全市 12 项核心指标，36 个月）', '/api/economy/curves'],
      ['预警研判列表', '/api/economy/alerts?pageSize=20'],
    ] as const) {
      const r = await load(`${server.base}${path}`, { cookie: officer.cookie, connections: 4, duration: 5 });
      out.push({
        name: `GET ${name}`,
        value: `${Math.round(r.requests.average).toLocaleString('en')} 请求/秒`,
        note: `p50 ${r.latency.p50} ms，p99 ${r.latency.p99} ms，非 2xx ${r.non2xx}`,
      });
    }
    const t0 = performance.now();
    const res = await fetch(`${server.base}/api/economy/rules/evaluate`, {
      method: 'POST',
      headers: { cookie: officer.cookie, 'x-csrf-token': officer.csrf },
    });
    const { jobId } = (await res.json()) as { jobId: number };
    let state = '';
    while (state !== 'done' && state !== 'failed') {
      await new Promise((r) => setTimeout(r, 100));
      const [job] = await query<{ status: string }>(
        server.deps.db,
        sql`select status from system_jobs where id = ${jobId}`,
      );
      state = job?.status ?? '';
    }
    const [values] = await query<{ n: number }>(
      server.deps.db,
      sql`select count(*)::int as n from economy_values`,
    );
    out.push({
      name: '按全部规则研判全部数据（任务）',
      value: `${((performance.now() - t0) / 1000).toFixed(1)} 秒`,
      note: `${values!.n.toLocaleString('en')} 个数值；状态 ${state}`,
    });
  } finally {
    await server.close();
  }
  return out;
}
