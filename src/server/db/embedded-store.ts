import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { migrateEmbedded } from './migrate.ts';

/**
 * The embedded database's data directory. PGlite takes no lock of its own and a second
 * process on the same files corrupts them, so this module:
 * - holds `yuzhidu.lock` (pid, host, start time) for as long as the process runs; a second
 *   process refuses at once, and the lock of a dead process is taken over;
 * - initialises a new database in `pgdata.init-<pid>` and renames it into place only when it
 *   is complete, so an interrupted first start leaves nothing half-made;
 * - removes PGlite's own stale `postmaster.pid` (always pid -42) before opening, which is safe
 *   because our lock proves no other process has the files open.
 */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockInfo,
  ) {
    super(
      `数据目录 ${dataDir} 正被另一个玉智督进程使用（进程号 ${holder.pid}，主机 ${holder.host}，启动于 ${holder.startedAt}）。` +
        '同一数据目录只能由一个进程打开；请先停止那个进程。',
    );
    this.name = 'DataDirLockedError';
  }
}

export interface LockInfo {
  pid: number;
  host: string;
  startedAt: string;
}

export const LOCK_FILE = 'yuzhidu.lock';
export const PGDATA_DIR = 'pgdata';
const INIT_PREFIX = 'pgdata.init-';

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(file: string): LockInfo | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as LockInfo;
  } catch {
    return null;
  }
}

/** Takes the data directory's lock, or throws DataDirLockedError naming the holder. */
export function acquireLock(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE);
  const mine: LockInfo = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx', 0o600);
      fs.writeSync(fd, JSON.stringify(mine));
      fs.fsyncSync(fd);
      fs.closeSync(fd);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readLock(file);
      const sameHost = holder?.host === os.hostname();
      if (holder && holder.pid !== process.pid && (!sameHost || isAlive(holder.pid))) {
        throw new DataDirLockedError(dataDir, holder);
      }
      // The holder is dead (or the file is unreadable): take the lock over.
      fs.rmSync(file, { force: true });
      continue;
    }
    // Two processes that both found the same stale lock could both get here; the one
    // whose record is not in the file steps back.
    const now = readLock(file);
    if (now?.pid !== mine.pid || now.startedAt !== mine.startedAt) {
      throw new DataDirLockedError(dataDir, now ?? mine);
    }
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      const cur = readLock(file);
      if (cur?.pid === mine.pid && cur.startedAt === mine.startedAt) fs.rmSync(file, { force: true });
      process.off('exit', release);
    };
    process.on('exit', release);
    return release;
  }
  throw new Error(`无法获取数据目录锁：${file}`);
}

export interface OpenedStore {
  client: PGlite;
  /** True when this start created the database. */
  created: boolean;
  release(): void;
}

/**
 * Opens (creating if need be) the embedded database under `dataDir`, migrated.
 * `initialise` runs on a new database before it is renamed into place.
 */
export async function openEmbeddedStore(
  dataDir: string,
  initialise?: (client: PGlite) => Promise<void>,
): Promise<OpenedStore> {
  const release = acquireLock(dataDir);
  try {
    const pgdata = path.join(dataDir, PGDATA_DIR);
    for (const entry of fs.readdirSync(dataDir)) {
      if (entry.startsWith(INIT_PREFIX))
        fs.rmSync(path.join(dataDir, entry), { recursive: true, force: true });
    }
    let created = false;
    if (!fs.existsSync(pgdata)) {
      const tmp = path.join(dataDir, `${INIT_PREFIX}${process.pid}`);
      const fresh = await PGlite.create(tmp);
      try {
        await migrateEmbedded(fresh);
        if (initialise) await initialise(fresh);
        await fresh.exec('CHECKPOINT');
      } finally {
        await fresh.close();
      }
      fs.renameSync(tmp, pgdata);
      fsyncDir(dataDir);
      created = true;
    } else if (!isCompleteDataDir(pgdata)) {
      throw new Error(`数据目录 ${pgdata} 不完整，无法打开；请从备份恢复。`);
    }
    fs.rmSync(path.join(pgdata, 'postmaster.pid'), { force: true });
    const client = await PGlite.create(pgdata);
    if (!created) await migrateEmbedded(client);
    return { client, created, release };
  } catch (err) {
    release();
    throw err;
  }
}

function isCompleteDataDir(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'PG_VERSION')) && fs.existsSync(path.join(dir, 'global', 'pg_control'));
}

function fsyncDir(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
