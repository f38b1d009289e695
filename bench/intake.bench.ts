import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import { DEFAULT_QUESTIONNAIRE } from '../src/common/contracts/opinion.ts';
import { fromPostgresUrl, rows as query } from '../src/server/db/client.ts';
import { verifyChain } from '../src/server/modules/audit/audit.service.ts';
import { tokenHash } from '../src/server/modules/opinion/campaigns.service.ts';
import type { BenchResult } from './run.ts';

/**
 * Ballot intake at a hall session on PostgreSQL: the server runs in a process of its own (as
 * `yuzhidu start`) on a database of its own; thousands of one-time personal links of 下级评议 (each
 * rating a team of 5) are issued; autocannon submits ballots with 100 connections, each token once,
 * for 8 s after a 2 s warm-up. Then the database must hold every acknowledged submission exactly
 * once (still sealed in the queue, or stored as ballots).
 */
export async function benchIntake(
  o: { links?: number; connections?: number; seconds?: number; warmup?: number; workers?: number } = {},
): Promise<BenchResult[]> {
  const ownerUrl = process.env.DATABASE_URL;
  if (!ownerUrl) return [{ name: '选票接收', value: '未测', note: '需要 DATABASE_URL（PostgreSQL）' }];
  const links = o.links ?? 30_000;
  const connections = o.connections ?? 100;
  const seconds = o.seconds ?? 8;
  const warmup = o.warmup ?? 2;
  const workers = o.workers ?? 1;
  const who = `${workers} 个服务进程：`;

  // A database of its own, new each run, dropped at the end.
  const url = new URL(ownerUrl);
  const dbName = 'yzd_bench_intake';
  const admin = ['-h', url.hostname, '-p', url.port || '5432', '-U', decodeURIComponent(url.username)];
  execFileSync('dropdb', [...admin, '--if-exists', '--force', dbName]);
  execFileSync('createdb', [...admin, dbName]);
  url.pathname = `/${dbName}`;

  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yzd-intake-'));
  const server = await startServerProcess({
    DATABASE_URL: url.toString(),
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DEMO_SCALE: 'small',
    LOG_LEVEL: 'warn',
    // A hall session: every phone behind the hall's one exit address (README, BALLOT_RATE_LIMIT).
    BALLOT_RATE_LIMIT: '1000000',
    WORKERS: String(workers),
  });
  const base = `http://127.0.0.1:${port}`;
  const owner = fromPostgresUrl(url.toString(), 2);
  const out: BenchResult[] = [];
  try {
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'officer', password: 'Yzd@2026demo' }),
    });
    const { me } = (await login.json()) as { me: { csrfToken: string } };
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const call = async (method: string, p: string, body?: unknown, form?: FormData) => {
      const res = await fetch(`${base}${p}`, {
        method,
        headers: {
          cookie,
          'x-csrf-token': me.csrfToken,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: form ?? (body === undefined ? undefined : JSON.stringify(body)),
      });
      if (res.status >= 300) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`);
      return res.status === 204 ? null : res.json();
    };

    // Units whose team is 5 cadres: each subordinate's link rates those 5.
    const units = await query<{ id: string; name: string }>(
      owner.db,
      sql`select u.id, u.name from org_units u join org_cadres c on c.unit_id = u.id and c.status = 'active'
          group by u.id, u.name having count(*) = 5 order by u.name limit 4`,
    );
    if (units.length === 0) throw new Error('演示数据中没有 5 名干部的单位');
    const c = await call('POST', '/api/opinion/campaigns', {
      title: '基准：会场集中测评',
      year: 2099,
      round: 1,
      startsOn: '2020-01-01',
      endsOn: '2099-12-31',
      unitIds: units.map((u) => u.id),
    });
    let t0 = performance.now();
    const perRow = 500;
    const lines = ['单位,评价者组,评价者,评价对象,份数'];
    for (let i = 0; i * perRow < links; i++)
      lines.push(`${units[i % units.length]!.name},下级评议,机关干部职工${i + 1},,${perRow}`);
    const form = new FormData();
    form.append('options', JSON.stringify({ campaignId: c.id }));
    form.append('file', new Blob([lines.join('\n')]), 'raters.csv');
    const batch = await call('POST', '/api/imports/opinion.raters', undefined, form);
    await waitForImport(owner.db, batch);
    await call('POST', `/api/opinion/campaigns/${c.id}/open`, {});
    const { slips } = (await call('POST', `/api/opinion/campaigns/${c.id}/issue`, {})) as {
      slips: { token: string; cadres: number }[];
    };
    out.push({
      name: `${who}导入下级评议名单并发放个人评价链接`,
      value: `${((performance.now() - t0) / 1000).toFixed(1)} 秒`,
      note: `${slips.length.toLocaleString('en')} 个一次性链接，每个评价 ${slips[0]?.cadres} 名干部`,
    });

    // Each token's submission, built before the load: every item of every cadre answered.
    const cadresOf = new Map(
      (
        await query<{ token_hash: string; cadre_ids: string[] }>(
          owner.db,
          sql`select token_hash, cadre_ids from opinion_links where campaign_id = ${c.id} and kind = 'personal'`,
        )
      ).map((r) => [r.token_hash, r.cadre_ids]),
    );
    const items = DEFAULT_QUESTIONNAIRE.dimensions.flatMap((d) => d.items.map((i) => i.code));
    const requests = slips.map((s, n) => ({
      path: `/api/opinion/ballot/${s.token}`,
      body: JSON.stringify({
        ballots: cadresOf.get(tokenHash(s.token))!.map((cadreId, i) => ({
          cadreId,
          answers: Object.fromEntries(items.map((code, k) => [code, ((n + i + k) % 5) + 1])),
        })),
      }),
    }));
    let next = 0;
    let exhausted = 0;
    const load = (duration: number) =>
      autocannon({
        url: base,
        connections,
        duration,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        requests: [
          {
            setupRequest: (req: autocannon.Request) => {
              // Each token once; should the list run out, the last one again (refused as used).
              const r = requests[Math.min(next++, requests.length - 1)]!;
              if (next > requests.length) exhausted++;
              return { ...req, method: 'POST', path: r.path, body: r.body };
            },
          },
        ],
      });
    const warm = await load(warmup);
    t0 = performance.now();
    const main = await load(seconds);
    const acked = warm['2xx'] + main['2xx'];
    out.push({
      name: `${who}提交个人评价链接（${connections} 个并发连接，预热 ${warmup} 秒后测 ${seconds} 秒，目标 ≥ 2,000 份/秒）`,
      value: `${Math.round(main['2xx'] / seconds).toLocaleString('en')} 份/秒`,
      note:
        `确认 ${main['2xx'].toLocaleString('en')} 份（预热另确认 ${warm['2xx'].toLocaleString('en')} 份），` +
        `p50 ${main.latency.p50} ms，p99 ${main.latency.p99} ms，非 2xx ${main.non2xx}，错误 ${main.errors}` +
        (exhausted ? `，链接用尽后重复提交 ${exhausted} 次` : '') +
        '；改为按批接收前（每份提交一个事务，各自取审计链锁并提交）同机同参数为 56 份/秒',
    });

    // Every acknowledged submission once: spent links, sealed queue rows and stored ballots agree.
    const [n] = await query<{ spent: number; queued: number; ballots: number }>(
      owner.db,
      sql`select
            (select count(*)::int from opinion_links where campaign_id = ${c.id} and used_on is not null) as spent,
            (select count(*)::int from opinion_ballot_queue where campaign_id = ${c.id}) as queued,
            (select count(*)::int from opinion_ballots where campaign_id = ${c.id}) as ballots`,
    );
    // Answers still on the way when autocannon stopped are not counted as acknowledged, but
    // their links were spent: at most one a connection at the end of each run.
    const per = slips[0]!.cadres;
    const ok =
      n!.spent >= acked &&
      n!.spent - acked <= 2 * connections &&
      n!.queued * per + n!.ballots === n!.spent * per;
    out.push({
      name: `${who}已确认的提交全部在库且不重复`,
      value: ok ? '是' : '否',
      note:
        `确认 ${acked.toLocaleString('en')} 份，链接已用 ${n!.spent.toLocaleString('en')} 个` +
        `（另 ${(n!.spent - acked).toLocaleString('en')} 份在压测停止时尚未收到应答）；` +
        `队列中 ${n!.queued.toLocaleString('en')} 份（密封）+ 已存 ${n!.ballots.toLocaleString('en')} 张选票，` +
        `合 ${per} 张/份 × ${n!.spent.toLocaleString('en')} 份`,
    });
    if (!ok) throw new Error(`选票计数不符：${JSON.stringify({ acked, ...n })}`);
    t0 = performance.now();
    const chain = await verifyChain(owner.db);
    out.push({
      name: `${who}压测后审计链完整校验`,
      value: chain.ok ? '完整' : '不完整',
      note: `${chain.count.toLocaleString('en')} 条，${((performance.now() - t0) / 1000).toFixed(1)} 秒`,
    });
  } finally {
    await owner.close();
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    execFileSync('dropdb', [...admin, '--if-exists', '--force', dbName]);
  }
  return out;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** `yuzhidu start` in a process of its own; resolves once it listens. */
async function startServerProcess(env: Record<string, string>) {
  const child: ChildProcess = spawn(process.execPath, ['bin/yuzhidu.js', 'start'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`服务 5 分钟内未启动：\n${log}`)), 300_000);
    const onData = (b: Buffer) => {
      log += b.toString();
      if (log.includes('已启动')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (b: Buffer) => {
      log += b.toString();
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`服务退出（${code}）：\n${log}`));
    });
  });
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.removeAllListeners('exit');
        child.on('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function waitForImport(db: Parameters<typeof query>[0], batch: { id: string }) {
  for (let i = 0; i < 1200; i++) {
    const [b] = await query<{ status: string }>(
      db,
      sql`select status from import_batches where id = ${batch.id}`,
    );
    if (b && ['done', 'failed', 'invalid'].includes(b.status)) {
      if (b.status !== 'done') throw new Error(`名单导入：${b.status}`);
      return;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('名单导入超时');
}
