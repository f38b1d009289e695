import { startDemoServer } from './demo-server.ts';
import { importWhileProbing } from './import-probe.ts';
import { load } from './load.ts';
import type { BenchResult } from './run.ts';

const HEADER = '人员编号,姓名,性别,出生年月,单位,职务,班子位置,任职日期';

/**
 * The registry on the embedded database with the full demo county: list queries under load,
 * and a large cadre import running as chunked jobs while the server keeps answering.
 */
export async function benchOrg(rows = 5000): Promise<BenchResult[]> {
  const server = await startDemoServer();
  const base = server.base;
  const out: BenchResult[] = [];
  try {
    const { cookie, csrf } = await server.login('officer');

    for (const [name, path] of [
      ['干部名册第一页（512 人，按单位排序）', '/api/org/cadres?pageSize=20'],
      [
        '干部名册按领域与年龄段筛选',
        '/api/org/cadres?pageSize=20&domain=investment_attraction&ageBand=41-45',
      ],
      ['单位树（82 家，8 个编组）', '/api/org/units/tree'],
    ] as const) {
      const r = await load(`${base}${path}`, { cookie, connections: 4, duration: 5 });
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
    out.push(
      ...(await importWhileProbing({
        base,
        cookie,
        csrf,
        kind: 'org.cadres',
        fileName: 'bench.csv',
        body: csv,
        rows,
        title: `导入干部名册 ${rows.toLocaleString('en')} 行（分批任务）`,
      })),
    );
  } finally {
    await server.close();
  }
  return out;
}
