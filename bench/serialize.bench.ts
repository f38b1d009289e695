import { z } from 'zod';
import { declaredEndpoints } from '../test/contracts.ts';
import { startDemoServer } from './demo-server.ts';
import type { BenchResult } from './run.ts';

/**
 * What holding each answer to its declared response schema costs: on the largest GET answers of
 * the demo county (every endpoint without path parameters, as the leader and the officer), the
 * time to encode the answer through its schema and stringify it, against stringifying the same
 * data without a schema, and both against the whole request's time.
 */
function timePerCall(fn: () => unknown, minMs = 300): number {
  for (let i = 0; i < 3; i++) fn();
  let n = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < minMs) {
    fn();
    n += 1;
    elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  }
  return elapsed / n;
}

export async function benchSerialize(): Promise<BenchResult[]> {
  const server = await startDemoServer();
  try {
    const gets = [...(await declaredEndpoints()).values()].filter(
      (e) => e.method === 'GET' && !e.path.includes(':') && e.response && typeof e.response === 'object',
    );
    const answers: {
      path: string;
      who: string;
      schema: z.ZodType;
      wire: unknown;
      bytes: number;
      requestMs: number;
    }[] = [];
    for (const who of ['leader', 'officer']) {
      const s = await server.login(who);
      for (const e of gets) {
        const url = `${server.base}${e.path}${e.path.includes('cadres') ? '?page=1&pageSize=100' : ''}`;
        const t0 = performance.now();
        const res = await fetch(url, { headers: { cookie: s.cookie } });
        const text = await res.text();
        const requestMs = performance.now() - t0;
        if (res.status !== 200 || !res.headers.get('content-type')?.includes('json')) continue;
        answers.push({
          path: e.path,
          who,
          schema: e.response as z.ZodType,
          wire: JSON.parse(text),
          bytes: text.length,
          requestMs,
        });
      }
    }
    const largest = [
      ...new Map(answers.sort((a, b) => b.bytes - a.bytes).map((a) => [a.path, a])).values(),
    ].slice(0, 8);
    const out: BenchResult[] = [];
    let worst = 0;
    for (const a of largest) {
      // The server-side value of the answer (dates as Date): what the handler returned, declared fields only.
      const data = z.decode(a.schema, a.wire as never);
      const plain = timePerCall(() => JSON.stringify(data));
      const held = timePerCall(() => JSON.stringify(z.encode(a.schema, data as never)));
      // The request's own time, median of a few, on a quiet server.
      const s = await server.login(a.who);
      const times: number[] = [];
      for (let i = 0; i < 7; i++) {
        const t0 = performance.now();
        await (
          await fetch(`${server.base}${a.path}${a.path.includes('cadres') ? '?page=1&pageSize=100' : ''}`, {
            headers: { cookie: s.cookie },
          })
        ).text();
        times.push(performance.now() - t0);
      }
      const request = times.sort((x, y) => x - y)[3]!;
      worst = Math.max(worst, (held - plain) / request);
      out.push({
        name: `GET ${a.path}（${a.who}，${(a.bytes / 1024).toFixed(0)} KB）`,
        value: `${held.toFixed(2)} ms（无声明 ${plain.toFixed(2)} ms，${(held / plain).toFixed(1)}×）`,
        note: `整个请求中位 ${request.toFixed(1)} ms，按声明编码多花的时间占 ${(((held - plain) / request) * 100).toFixed(1)}%`,
      });
    }
    out.push({
      name: '按声明编码的额外开销（最大的回答中最多）',
      value: `${(worst * 100).toFixed(1)}% 的请求时间`,
      note: '编码 = 按响应声明逐字段取值、日期转 ISO 字符串，再 JSON.stringify；对照为直接 JSON.stringify 同一数据',
    });
    return out;
  } finally {
    await server.close();
  }
}
