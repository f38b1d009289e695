import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  acquireLock,
  DataDirLockedError,
  LOCK_FILE,
  openEmbeddedStore,
  PGDATA_DIR,
} from './embedded-store.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'yzd-store-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  fs.rmSync(root, { recursive: true, force: true });
});

const CHILD = path.resolve('test/fixtures/store-child.ts');

/** Starts a child and resolves when it prints `line`. */
function child(mode: string, dataDir: string, env: Record<string, string> = {}) {
  const p = spawn(process.execPath, ['--import', 'tsx', CHILD, mode], {
    env: { ...process.env, DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(p);
  let out = '';
  p.stdout!.on('data', (d) => {
    out += d;
  });
  p.stderr!.on('data', (d) => {
    out += d;
  });
  const waitFor = (line: string, ms = 60_000) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timeout waiting for ${line}: ${out}`)), ms);
      const check = () => {
        if (out.includes(line)) {
          clearTimeout(timer);
          resolve();
        } else setTimeout(check, 20);
      };
      check();
    });
  const exited = new Promise<number | null>((r) => p.on('exit', (code) => r(code)));
  return { p, waitFor, exited, output: () => out };
}

function cli(args: string[], dataDir: string) {
  const p = spawn(process.execPath, ['bin/yuzhidu.js', ...args], {
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      PORT: '0',
      LOG_LEVEL: 'warn',
      DEMO_SCALE: 'small',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(p);
  let out = '';
  p.stdout!.on('data', (d) => {
    out += d;
  });
  p.stderr!.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((r) => p.on('exit', (code) => r(code)));
  return { p, exited, output: () => out };
}

// Child processes start PGlite from scratch: slow on a loaded machine, hence the long timeout.
describe('embedded data directory', { timeout: 180_000 }, () => {
  const dir = path.join(root, 'a');

  it('refuses a second process at once, naming the holder, and takes over a dead holder’s lock', async () => {
    const holder = child('hold', dir);
    await holder.waitFor('ready');
    // Same process, second open
    expect(() => acquireLock(dir)).toThrow(DataDirLockedError);
    // Another process: the command line
    const started = Date.now();
    const second = cli(['migrate'], dir);
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain('正被另一个玉智督进程使用');
    expect(second.output()).toContain(String(holder.p.pid));
    expect(Date.now() - started).toBeLessThan(15_000);

    holder.p.kill('SIGKILL');
    await holder.exited;
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(true); // stale
    const store = await openEmbeddedStore(dir);
    const lock = JSON.parse(fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8'));
    expect(lock.pid).toBe(process.pid);
    await store.client.close();
    store.release();
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false);
  });

  it('keeps every acknowledged write after kill -9', async () => {
    for (let round = 0; round < 2; round++) {
      const writer = child('write', dir);
      await writer.waitFor('ready');
      await writer.waitFor(`ack ${round === 0 ? 200 : 1}`);
      await new Promise((r) => setTimeout(r, 100 + round * 150));
      writer.p.kill('SIGKILL');
      await writer.exited;
      const acked = [...writer.output().matchAll(/ack (\d+)/g)].map((m) => Number(m[1]));
      const last = Math.max(...acked);
      const store = await openEmbeddedStore(dir);
      const { rows } = await store.client.query<{ n: number; m: number }>(
        'SELECT count(*)::int AS n, max(id) AS m FROM probe',
      );
      await store.client.close();
      store.release();
      expect(rows[0]!.m).toBeGreaterThanOrEqual(last);
      expect(rows[0]!.n).toBe(rows[0]!.m); // no holes
    }
  });

  it('leaves nothing half-made when the first start is interrupted', async () => {
    const fresh = path.join(root, 'b');
    const c = child('init-hang', fresh);
    await c.waitFor('initialising');
    c.p.kill('SIGKILL');
    await c.exited;
    expect(fs.existsSync(path.join(fresh, PGDATA_DIR))).toBe(false);
    expect(fs.readdirSync(fresh).some((f) => f.startsWith('pgdata.init-'))).toBe(true);
    let initialised = false;
    const store = await openEmbeddedStore(fresh, async () => {
      initialised = true;
    });
    expect(store.created).toBe(true);
    expect(initialised).toBe(true);
    await store.client.close();
    store.release();
    expect(fs.readdirSync(fresh).filter((f) => f.startsWith('pgdata'))).toEqual(['pgdata']);
  });

  it('closes cleanly on SIGTERM: lock released, data checkpointed', async () => {
    const fresh = path.join(root, 'c');
    const server = cli(['start'], fresh);
    for (let i = 0; i < 600 && !/http:\/\/localhost:\d+/.test(server.output()); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const url = server.output().match(/http:\/\/localhost:\d+/)?.[0];
    expect(url, server.output()).toBeTruthy();
    expect(server.output()).toContain('演示账号');
    const health = await (await fetch(`${url}/api/health`)).json();
    expect(health).toMatchObject({ status: 'ok', database: 'pglite', mode: 'demo' });
    server.p.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(fs.existsSync(path.join(fresh, LOCK_FILE))).toBe(false);
    expect(fs.existsSync(path.join(fresh, PGDATA_DIR, 'postmaster.pid'))).toBe(false);
    // The next start finds the same data and verifies the audit chain.
    const verify = cli(['audit', 'verify'], fresh);
    expect(await verify.exited).toBe(0);
    expect(verify.output()).toContain('审计链完整');
  });
});
