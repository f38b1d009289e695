import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';

/** What a load run measured (autocannon's summary, the fields the benches report). */
export interface LoadResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; max: number };
  non2xx: number;
  errors: number;
}

const cli = createRequire(import.meta.url).resolve('autocannon/autocannon.js');

/**
 * Loads `url` from a process of its own (autocannon's command line), never from the server's:
 * `connections` at once, `warmup` seconds not counted, then `duration` seconds measured.
 */
export function load(
  url: string,
  o: { cookie?: string; connections: number; duration?: number; warmup?: number },
): Promise<LoadResult> {
  const duration = o.duration ?? 8;
  const warmup = o.warmup ?? 2;
  const args = [cli, '--json', '-c', String(o.connections), '-d', String(duration)];
  if (warmup > 0) args.push('--warmup', '[', '-c', String(o.connections), '-d', String(warmup), ']');
  if (o.cookie) args.push('-H', `cookie=${o.cookie}`);
  args.push(url);
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`负载进程失败：${err.message}\n${stderr}`));
      try {
        // With a warm-up the first line is the warm-up's summary; the last is the measurement's.
        const lines = stdout.trim().split('\n');
        const r = JSON.parse(lines[lines.length - 1]!);
        resolve({
          requests: { average: r.requests.average, total: r.requests.total },
          latency: { p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max },
          non2xx: r.non2xx,
          errors: r.errors,
        });
      } catch {
        reject(new Error(`负载进程的输出无法解析：${stdout.slice(0, 500)}`));
      }
    });
  });
}
