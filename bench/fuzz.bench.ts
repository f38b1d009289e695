import { spawnSync } from 'node:child_process';
import type { BenchResult } from './run.ts';

/**
 * The bad-input test of the suite (src/server/http/fuzz.test.ts) at scale: FUZZ_RUNS generated
 * requests per write endpoint instead of a handful, on the embedded database.
 */
export async function benchFuzz(runs = Number(process.env.BENCH_FUZZ_RUNS ?? 40)): Promise<BenchResult[]> {
  const t0 = Date.now();
  const r = spawnSync('npx', ['vitest', 'run', '--project', 'server', 'src/server/http/fuzz.test.ts'], {
    env: { ...process.env, FUZZ_RUNS: String(runs), DATABASE_URL: '' },
    encoding: 'utf8',
  });
  const seconds = ((Date.now() - t0) / 1000).toFixed(0);
  const ok = r.status === 0;
  return [
    {
      name: `每个写接口 ${runs} 个生成请求（畸形参数、空字符、错误类型、极值、随机 JSON）`,
      value: ok ? `全部 2xx/4xx，无 5xx，拒绝的请求无写入（${seconds} 秒）` : `失败（${seconds} 秒）`,
      note: ok
        ? ''
        : (r.stdout + r.stderr)
            .split('\n')
            .filter((l) => l.includes('→') || l.includes('refused'))
            .slice(0, 5)
            .join('；'),
    },
  ];
}
