import type { BenchResult } from './run.ts';

/**
 * Uploads a file to the shared import engine and follows the batch to its end, while
 * /api/health is asked every 25 ms and the process's memory is sampled: how long the import
 * takes, and whether the server keeps answering meanwhile.
 */
export async function importWhileProbing(o: {
  base: string;
  cookie: string;
  csrf: string;
  kind: string;
  fileName: string;
  body: string;
  rows: number;
  title: string;
}): Promise<BenchResult[]> {
  const form = new FormData();
  form.append('file', new Blob([o.body]), o.fileName);
  const latencies: number[] = [];
  let peakRss = process.memoryUsage().rss;
  const rssBefore = peakRss;
  let polling = true;
  const poller = (async () => {
    while (polling) {
      const t = performance.now();
      await fetch(`${o.base}/api/health`);
      latencies.push(performance.now() - t);
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      await new Promise((r) => setTimeout(r, 25));
    }
  })();
  const t0 = performance.now();
  const started = await fetch(`${o.base}/api/imports/${o.kind}`, {
    method: 'POST',
    headers: { cookie: o.cookie, 'x-csrf-token': o.csrf },
    body: form,
  });
  const { id } = (await started.json()) as { id: string };
  let status = '';
  let result: unknown = null;
  while (status !== 'done' && status !== 'invalid' && status !== 'failed') {
    await new Promise((r) => setTimeout(r, 200));
    const b = (await (
      await fetch(`${o.base}/api/imports/batches/${id}`, { headers: { cookie: o.cookie } })
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
  const mib = (x: number) => Math.round(x / 2 ** 20);
  return [
    {
      name: o.title,
      value: `${(ms / 1000).toFixed(1)} 秒，${Math.round((o.rows / ms) * 1000).toLocaleString('en')} 行/秒`,
      note: `结果 ${status} ${JSON.stringify(result)}；文件 ${(Buffer.byteLength(o.body) / 2 ** 20).toFixed(1)} MB；进程内存峰值 ${mib(peakRss)} MiB（导入前 ${mib(rssBefore)} MiB）`,
    },
    {
      name: '导入期间 /api/health 的响应时间',
      value: `p50 ${pct(0.5)} ms，p99 ${pct(0.99)} ms，最长 ${Math.round(latencies.at(-1) ?? 0)} ms`,
      note: `${latencies.length} 次请求；服务在导入期间持续应答`,
    },
  ];
}
