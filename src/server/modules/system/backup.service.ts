import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { sql } from 'drizzle-orm';
import { type Db, type Executor, rows } from '../../db/client.ts';
import { MIGRATIONS_FOLDER } from '../../db/migrate.ts';
import type { Ctx } from '../../lib/context.ts';
import { AppError } from '../../lib/errors.ts';
import { GENESIS_HASH, sm3Hex } from '../../lib/hash.ts';
import { SecretBox } from '../../lib/secrets.ts';
import { appendEntries, type Checkpoint, type VerifyResult, verifyChain } from '../audit/audit.service.ts';

/**
 * 备份与恢复. A backup is one file: gzip members of JSON lines. The first member is the
 * manifest alone (readable without the rest); the second holds, per table in foreign-key
 * order, a header line and one `row_to_json` line per row, then each file under the files
 * directory as a header line and one base64 line. Everything is read in one REPEATABLE READ,
 * READ ONLY transaction, so the tables and the audit checkpoint are one consistent moment.
 * The encryption master key (YZD_MASTER_KEY, `master.key`, `keys/` in the data directory) is
 * never written: only the files directory is copied.
 */

export const BACKUP_FORMAT = 'yuzhidu-backup';
export const BACKUP_FORMAT_VERSION = 1;

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  createdAt: string;
  /** The database it was taken from. */
  source: 'pglite' | 'postgres';
  /** Migrations applied in the source: their number and the newest one's timestamp. */
  migrations: MigrationLevel;
  /** In foreign-key order (referenced tables first); `sm3` covers the table's row lines. */
  tables: { name: string; rows: number; sm3: string }[];
  sequences: { name: string; lastValue: string; isCalled: boolean }[];
  /** Paths relative to the files directory, with '/' separators. */
  files: { path: string; size: number; sm3: string }[];
  /** The head of the audit chain in the snapshot. */
  checkpoint: Checkpoint;
  /** Evidence records whose file was already missing or altered when the backup was taken. */
  missingEvidence: string[];
}

export interface MigrationLevel {
  count: number;
  last: string | null;
}

export interface BackupSummary {
  file: string;
  manifest: BackupManifest;
  bytes: number;
}

export interface RestoreSummary {
  manifest: BackupManifest;
  rows: number;
  fileBytes: number;
  chain: VerifyResult;
}

// ——— the database's shape, read from the catalogue (the same on PGlite and PostgreSQL) ———

interface TableInfo {
  name: string;
  columns: string[];
  primaryKey: string[];
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function tablesOf(ex: Executor): Promise<TableInfo[]> {
  const cols = await rows<{ tbl: string; col: string }>(
    ex,
    sql`SELECT c.relname AS tbl, a.attname AS col
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attgenerated = ''
        ORDER BY c.relname, a.attnum`,
  );
  const pks = await rows<{ tbl: string; col: string }>(
    ex,
    sql`SELECT c.relname AS tbl, a.attname AS col
        FROM pg_constraint k
        JOIN pg_class c ON c.oid = k.conrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN LATERAL unnest(k.conkey) WITH ORDINALITY AS u(attnum, ord) ON true
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = u.attnum
        WHERE n.nspname = 'public' AND k.contype = 'p'
        ORDER BY c.relname, u.ord`,
  );
  const byName = new Map<string, TableInfo>();
  for (const r of cols) {
    const t = byName.get(r.tbl) ?? { name: r.tbl, columns: [], primaryKey: [] };
    t.columns.push(r.col);
    byName.set(r.tbl, t);
  }
  for (const r of pks) byName.get(r.tbl)?.primaryKey.push(r.col);
  // `optional`: every column of the key may be null, so a cycle can be broken there.
  const edges = await rows<{ child: string; parent: string; optional: boolean }>(
    ex,
    sql`SELECT c.relname AS child, p.relname AS parent,
               NOT EXISTS (SELECT 1 FROM pg_attribute a
                           WHERE a.attrelid = k.conrelid AND a.attnum = ANY (k.conkey) AND a.attnotnull) AS optional
        FROM pg_constraint k
        JOIN pg_class c ON c.oid = k.conrelid
        JOIN pg_class p ON p.oid = k.confrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND k.contype = 'f'`,
  );
  return fkOrder([...byName.values()], edges);
}

/**
 * Referenced tables first. A cycle (units ↔ liaison groups ↔ cadres) is entered at a table
 * whose remaining references are all optional; the load checks foreign keys at its end anyway.
 */
export function fkOrder<T extends { name: string }>(
  tables: T[],
  edges: { child: string; parent: string; optional?: boolean }[],
): T[] {
  const pending = new Map(tables.map((t) => [t.name, t]));
  const parents = new Map<string, { parent: string; optional: boolean }[]>();
  for (const e of edges) {
    if (e.child === e.parent) continue;
    if (!parents.has(e.child)) parents.set(e.child, []);
    parents.get(e.child)!.push({ parent: e.parent, optional: e.optional === true });
  }
  const fanIn = new Map<string, number>();
  for (const list of parents.values())
    for (const p of new Set(list.map((x) => x.parent))) fanIn.set(p, (fanIn.get(p) ?? 0) + 1);
  const waits = (n: string, hardOnly: boolean) =>
    (parents.get(n) ?? []).some((p) => pending.has(p.parent) && !(hardOnly && p.optional));
  const out: T[] = [];
  while (pending.size > 0) {
    const names = [...pending.keys()].sort();
    let ready = names.filter((n) => !waits(n, false));
    if (ready.length === 0) {
      // Enter the cycle where the references left waiting point at the least-referenced tables.
      const candidates = names.filter((n) => !waits(n, true));
      const cost = (n: string) =>
        (parents.get(n) ?? [])
          .filter((p) => pending.has(p.parent))
          .reduce((a, p) => a + (fanIn.get(p.parent) ?? 0), 0);
      const pool = candidates.length > 0 ? candidates : names;
      ready = [pool.reduce((best, n) => (cost(n) < cost(best) ? n : best))];
    }
    for (const n of ready) {
      out.push(pending.get(n)!);
      pending.delete(n);
    }
  }
  return out;
}

async function sequencesOf(ex: Executor): Promise<string[]> {
  const r = await rows<{ name: string }>(
    ex,
    sql`SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind = 'S' ORDER BY c.relname`,
  );
  return r.map((x) => x.name);
}

/** How far the database is migrated (drizzle's own bookkeeping table). */
export async function migrationLevel(ex: Executor): Promise<MigrationLevel> {
  const [r] = await rows<{ n: string | number; last: string | number | null }>(
    ex,
    sql`SELECT count(*) AS n, max(created_at)::text AS last FROM drizzle.__drizzle_migrations`,
  );
  return { count: Number(r?.n ?? 0), last: r?.last == null ? null : String(r.last) };
}

async function chainHead(ex: Executor, at: Date): Promise<Checkpoint> {
  const [h] = await rows<{ seq: string | number; hash: string }>(
    ex,
    sql`SELECT seq, hash FROM audit_entries ORDER BY seq DESC LIMIT 1`,
  );
  const seq = h ? Number(h.seq) : 0;
  return { seq, headHash: h?.hash ?? GENESIS_HASH, count: seq, at: at.toISOString() };
}

/** A backup's name in the audit log: the SM3 of its manifest (no path, nothing personal). */
export function manifestId(m: BackupManifest): string {
  return sm3Hex(JSON.stringify(m));
}

/** The command line acts as the system, with no request and no key of its own. */
function cliCtx(db: Db, now: Date): Ctx {
  return {
    db,
    clock: { now: () => now },
    secrets: SecretBox.ephemeral(),
    filesDir: '',
    actor: null,
    requestId: 'cli',
    clientIp: null,
  };
}

// ——— writing ———

class LineWriter {
  private readonly gzip = zlib.createGzip();
  private readonly out: fs.WriteStream;
  private readonly done: Promise<void>;

  constructor(file: string) {
    this.out = fs.createWriteStream(file, { flags: 'wx', mode: 0o600 });
    this.done = pipeline(this.gzip, this.out);
  }

  async line(text: string): Promise<void> {
    if (!this.gzip.write(`${text}\n`)) await new Promise<void>((r) => this.gzip.once('drain', r));
  }

  async close(): Promise<void> {
    this.gzip.end();
    await this.done;
  }
}

/** Every regular file under `dir`, relative, sorted; temporary uploads are left out. */
function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    const abs = path.join(dir, rel);
    for (const e of fs.readdirSync(abs, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else if (e.isFile() && !e.name.endsWith('.tmp') && !isKeyPath(r)) out.push(r);
    }
  };
  if (fs.existsSync(dir)) walk('');
  return out.sort();
}

/** Key material is never copied, wherever it sits. */
function isKeyPath(rel: string): boolean {
  const parts = rel.split('/');
  return parts[0] === 'keys' || parts.at(-1) === 'master.key';
}

/**
 * Writes a backup of the database and of `filesDir` to `file` (which must not exist).
 * The file appears only when complete.
 */
export async function createBackup(
  db: Db,
  o: { filesDir: string; file: string; source: 'pglite' | 'postgres'; now: Date },
): Promise<BackupSummary> {
  const target = path.resolve(o.file);
  if (fs.existsSync(target))
    throw new AppError('ALREADY_EXISTS', `备份文件 ${target} 已存在，请换一个文件名`);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const bodyFile = `${target}.body-${process.pid}.tmp`;
  const partial = `${target}.${process.pid}.tmp`;
  try {
    const body = new LineWriter(bodyFile);
    const manifest = await db.transaction(
      async (tx) => {
        // Values written the same way whatever the server's settings: the same data, the same file.
        await tx.execute(sql.raw("SET LOCAL TimeZone = 'UTC'"));
        await tx.execute(sql.raw("SET LOCAL IntervalStyle = 'postgres'"));
        await tx.execute(sql.raw('SET LOCAL extra_float_digits = 1'));
        const tables = await tablesOf(tx);
        const level = await migrationLevel(tx);
        const checkpoint = await chainHead(tx, o.now);
        const tableEntries: BackupManifest['tables'] = [];
        for (const t of tables) {
          const cols = t.columns.map(ident).join(', ');
          const order = t.primaryKey.length ? ` ORDER BY ${t.primaryKey.map(ident).join(', ')}` : '';
          const [{ n } = { n: 0 }] = await rows<{ n: string | number }>(
            tx,
            sql.raw(`SELECT count(*) AS n FROM ${ident(t.name)}`),
          );
          const count = Number(n);
          await body.line(JSON.stringify({ table: t.name, columns: t.columns, rows: count }));
          const hash = new Sm3Lines();
          const cursor = `yzd_backup_${tableEntries.length}`;
          await tx.execute(
            sql.raw(
              `DECLARE ${cursor} NO SCROLL CURSOR FOR SELECT row_to_json(t)::text AS j FROM (SELECT ${cols} FROM ${ident(t.name)}${order}) t`,
            ),
          );
          let written = 0;
          for (;;) {
            const batch = await rows<{ j: string }>(tx, sql.raw(`FETCH 500 FROM ${cursor}`));
            if (batch.length === 0) break;
            for (const r of batch) {
              await body.line(r.j);
              hash.add(r.j);
              written += 1;
            }
          }
          await tx.execute(sql.raw(`CLOSE ${cursor}`));
          if (written !== count) throw new Error(`表 ${t.name} 读取的行数与计数不符`);
          tableEntries.push({ name: t.name, rows: count, sm3: hash.hex() });
        }
        const sequences: BackupManifest['sequences'] = [];
        for (const s of await sequencesOf(tx)) {
          const [r] = await rows<{ v: string | number; c: boolean }>(
            tx,
            sql.raw(`SELECT last_value::text AS v, is_called AS c FROM ${ident(s)}`),
          );
          sequences.push({ name: s, lastValue: String(r!.v), isCalled: r!.c });
        }
        // Files are written once under server-given names and never changed, so copying them
        // after reading the rows that point at them gives the same moment.
        const files: BackupManifest['files'] = [];
        for (const rel of listFiles(o.filesDir)) {
          const bytes = fs.readFileSync(path.join(o.filesDir, rel));
          const entry = { path: rel, size: bytes.length, sm3: sm3Hex(bytes) };
          await body.line(JSON.stringify({ file: rel, size: bytes.length }));
          await body.line(bytes.toString('base64'));
          files.push(entry);
        }
        await body.line(JSON.stringify({ end: true }));
        const bySm3 = new Map(files.map((f) => [f.path, f.sm3]));
        const missingEvidence = (
          await rows<{ id: string; sm3: string }>(
            tx,
            sql`SELECT id::text AS id, sm3 FROM evidence_files ORDER BY id`,
          )
        )
          .filter((e) => bySm3.get(evidencePath(e.id)) !== e.sm3)
          .map((e) => e.id);
        return {
          format: BACKUP_FORMAT,
          formatVersion: BACKUP_FORMAT_VERSION,
          createdAt: o.now.toISOString(),
          source: o.source,
          migrations: level,
          tables: tableEntries,
          sequences,
          files,
          checkpoint,
          missingEvidence,
        } satisfies BackupManifest;
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
    await body.close();
    // The manifest as a gzip member of its own in front of the body's: one valid gzip file.
    const head = zlib.gzipSync(`${JSON.stringify(manifest)}\n`);
    fs.writeFileSync(partial, head, { flag: 'wx', mode: 0o600 });
    await pipeline(fs.createReadStream(bodyFile), fs.createWriteStream(partial, { flags: 'a' }));
    const fd = fs.openSync(partial, 'r+');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(partial, target);
    await db.transaction((tx) =>
      appendEntries(tx, cliCtx(db, o.now), [
        { action: 'system.backup', objectType: 'system_backup', objectId: manifestId(manifest) },
      ]),
    );
    return { file: target, manifest, bytes: fs.statSync(target).size };
  } finally {
    fs.rmSync(bodyFile, { force: true });
    fs.rmSync(partial, { force: true });
  }
}

/** The hash a manifest gives a table: SM3 over its row lines (in chunks for large tables). */
export function hashLines(lines: Iterable<string>): string {
  const h = new Sm3Lines();
  for (const l of lines) h.add(l);
  return h.hex();
}

class Sm3Lines {
  private readonly parts: string[] = [];
  private readonly hashes: string[] = [];
  private size = 0;
  add(line: string) {
    this.parts.push(line, '\n');
    this.size += line.length;
    // Hash in chunks so a large table is not kept whole in memory.
    if (this.size > 4_000_000) this.flush();
  }
  private flush() {
    if (this.parts.length === 0) return;
    this.hashes.push(sm3Hex(this.parts.join('')));
    this.parts.length = 0;
    this.size = 0;
  }
  hex(): string {
    this.flush();
    return this.hashes.length === 1 ? this.hashes[0]! : sm3Hex(this.hashes.join(''));
  }
}

/** Where an evidence record's bytes are, relative to the files directory. */
const evidencePath = (id: string) => `evidence/${id.slice(0, 2)}/${id}`;

// ——— reading ———

function backupInvalid(message: string): AppError {
  return new AppError('BACKUP_INVALID', message);
}

/** Lines of the whole (multi-member) gzip file. */
function openLines(file: string): { lines: AsyncIterator<string>; close(): void } {
  const input = fs.createReadStream(file);
  const gunzip = zlib.createGunzip();
  input.on('error', (err) => gunzip.destroy(err));
  const rl = readline.createInterface({ input: input.pipe(gunzip), crlfDelay: Number.POSITIVE_INFINITY });
  return {
    lines: rl[Symbol.asyncIterator](),
    close: () => {
      rl.close();
      input.destroy();
    },
  };
}

/** The manifest at the head of a backup file, checked for format. */
export async function readManifest(file: string): Promise<BackupManifest> {
  if (!fs.existsSync(file)) throw backupInvalid(`找不到备份文件 ${file}`);
  const { lines, close } = openLines(file);
  try {
    const first = await lines.next().catch(() => ({ done: true as const, value: undefined }));
    if (first.done) throw backupInvalid('备份文件为空或不是玉智督备份');
    return checkManifest(first.value);
  } finally {
    close();
  }
}

function checkManifest(line: string): BackupManifest {
  let m: BackupManifest;
  try {
    m = JSON.parse(line) as BackupManifest;
  } catch {
    throw backupInvalid('备份文件的清单无法读取，文件不是玉智督备份或已损坏');
  }
  if (m?.format !== BACKUP_FORMAT) throw backupInvalid('该文件不是玉智督备份');
  if (m.formatVersion !== BACKUP_FORMAT_VERSION)
    throw backupInvalid(
      `备份格式版本 ${m.formatVersion} 不受支持（本版本读取格式 ${BACKUP_FORMAT_VERSION}）`,
    );
  if (!Array.isArray(m.tables) || !Array.isArray(m.files) || !m.checkpoint || !m.migrations)
    throw backupInvalid('备份文件的清单不完整');
  return m;
}

const SAFE_PATH = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;

/** Tables that migrations fill (reference data): in a fresh database they are not "data". */
function migrationFilledTables(): Set<string> {
  const out = new Set<string>();
  for (const f of fs.readdirSync(MIGRATIONS_FOLDER)) {
    if (!f.endsWith('.sql')) continue;
    const text = fs.readFileSync(path.join(MIGRATIONS_FOLDER, f), 'utf8');
    for (const m of text.matchAll(/INSERT INTO "?([a-z_][a-z0-9_]*)"?/gi)) out.add(m[1]!);
  }
  return out;
}

/**
 * Refuses unless the database is freshly migrated and the files directory holds no files:
 * a restore never mixes with data that is already there.
 */
export async function assertEmptyTarget(db: Db, filesDir: string): Promise<void> {
  const filled = migrationFilledTables();
  const tables = await tablesOf(db);
  const nonEmpty: string[] = [];
  for (const t of tables) {
    if (filled.has(t.name)) continue;
    const [r] = await rows<{ any: boolean }>(
      db,
      sql.raw(`SELECT EXISTS (SELECT 1 FROM ${ident(t.name)}) AS any`),
    );
    if (r?.any) nonEmpty.push(t.name);
  }
  if (nonEmpty.length > 0) {
    throw new AppError(
      'RESTORE_TARGET_NOT_EMPTY',
      `目标数据库不是空库（${nonEmpty.slice(0, 5).join('、')}${nonEmpty.length > 5 ? ' 等' : ''} 已有数据），恢复只能在新建并迁移的空数据库上进行`,
    );
  }
  if (listFiles(filesDir).length > 0) {
    throw new AppError(
      'RESTORE_TARGET_NOT_EMPTY',
      `文件目录 ${filesDir} 中已有文件，恢复只能写入空的文件目录`,
    );
  }
}

/**
 * Loads a backup into an empty, migrated database and an empty files directory, in one
 * transaction, and verifies it before committing: every table's rows against the manifest's
 * hash and count, each file's SM3, the evidence files against their records, and the audit
 * chain against the backup's checkpoint. On any failure nothing stays behind.
 */
export async function restoreBackup(db: Db, o: { filesDir: string; file: string }): Promise<RestoreSummary> {
  const manifest = await readManifest(o.file);
  const level = await migrationLevel(db);
  if (level.count !== manifest.migrations.count || level.last !== manifest.migrations.last) {
    throw new AppError(
      'BACKUP_VERSION_MISMATCH',
      `备份来自数据库结构版本 ${manifest.migrations.count}，当前程序为版本 ${level.count}；请用生成备份的同一版本玉智督恢复，恢复后再升级`,
    );
  }
  await assertEmptyTarget(db, o.filesDir);
  const written: string[] = [];
  try {
    const summary = await db.transaction(async (tx) => {
      const tables = new Map((await tablesOf(tx)).map((t) => [t.name, t]));
      for (const t of manifest.tables) {
        if (!tables.has(t.name)) throw backupInvalid(`备份中的表 ${t.name} 在当前数据库中不存在`);
      }
      // Foreign keys are checked at the end of the load, so cycles (units ↔ liaison groups) load.
      const fks = await rows<{ tbl: string; name: string; deferrable: boolean; deferred: boolean }>(
        tx,
        sql`SELECT c.relname AS tbl, k.conname AS name, k.condeferrable AS deferrable, k.condeferred AS deferred
            FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND k.contype = 'f'`,
      );
      for (const k of fks.filter((f) => !f.deferrable)) {
        await tx.execute(
          sql.raw(
            `ALTER TABLE ${ident(k.tbl)} ALTER CONSTRAINT ${ident(k.name)} DEFERRABLE INITIALLY DEFERRED`,
          ),
        );
      }
      await tx.execute(sql.raw('SET CONSTRAINTS ALL DEFERRED'));
      // Reference data the migrations wrote comes back from the backup itself.
      const filled = migrationFilledTables();
      for (const name of [...manifest.tables.map((t) => t.name)].reverse()) {
        if (filled.has(name)) await tx.execute(sql.raw(`DELETE FROM ${ident(name)}`));
      }

      const { lines, close } = openLines(o.file);
      let totalRows = 0;
      let fileBytes = 0;
      try {
        const next = async (): Promise<string> => {
          const r = await lines.next();
          if (r.done) throw backupInvalid('备份文件不完整（提前结束），可能被截断');
          return r.value;
        };
        const parse = (line: string) => {
          try {
            return JSON.parse(line) as Record<string, unknown>;
          } catch {
            throw backupInvalid('备份文件内容已损坏，无法读取');
          }
        };
        checkManifest(await next());
        let tableIndex = 0;
        const fileIndex = new Map(manifest.files.map((f) => [f.path, f]));
        const seenFiles = new Set<string>();
        for (;;) {
          const header = parse(await next());
          if (header.end === true) break;
          if (typeof header.table === 'string') {
            const expected = manifest.tables[tableIndex++];
            if (!expected || expected.name !== header.table || expected.rows !== header.rows)
              throw backupInvalid(`备份中表 ${String(header.table)} 与清单不符`);
            const info = tables.get(expected.name)!;
            const columns = (header.columns as string[]).filter((c) => info.columns.includes(c));
            const missing = (header.columns as string[]).filter((c) => !info.columns.includes(c));
            if (missing.length) throw backupInvalid(`表 ${expected.name} 缺少列 ${missing.join('、')}`);
            const hash = new Sm3Lines();
            const cols = columns.map(ident).join(', ');
            const insert = (batch: string[]) =>
              tx.execute(
                sql`${sql.raw(`INSERT INTO ${ident(expected.name)} (${cols}) OVERRIDING SYSTEM VALUE SELECT ${cols} FROM json_populate_recordset(NULL::${ident(expected.name)}, `)}${`[${batch.join(',')}]`}${sql.raw('::json)')}`,
              );
            let batch: string[] = [];
            let batchSize = 0;
            for (let i = 0; i < expected.rows; i++) {
              const line = await next();
              hash.add(line);
              batch.push(line);
              batchSize += line.length;
              if (batch.length >= 1000 || batchSize > 2_000_000) {
                await insert(batch);
                batch = [];
                batchSize = 0;
              }
            }
            if (batch.length) await insert(batch);
            if (hash.hex() !== expected.sm3)
              throw backupInvalid(`表 ${expected.name} 的内容与备份清单中的 SM3 不符，备份文件可能被篡改`);
            totalRows += expected.rows;
          } else if (typeof header.file === 'string') {
            const rel = header.file;
            const expected = fileIndex.get(rel);
            if (!expected || !SAFE_PATH.test(rel) || rel.split('/').includes('..') || isKeyPath(rel))
              throw backupInvalid(`备份中的文件 ${rel} 不在清单中`);
            const bytes = Buffer.from(await next(), 'base64');
            if (bytes.length !== expected.size || sm3Hex(bytes) !== expected.sm3)
              throw backupInvalid(`文件 ${rel} 的 SM3 与备份清单不符，备份文件可能被篡改`);
            const abs = path.join(o.filesDir, ...rel.split('/'));
            fs.mkdirSync(path.dirname(abs), { recursive: true, mode: 0o700 });
            fs.writeFileSync(abs, bytes, { flag: 'wx', mode: 0o600 });
            written.push(abs);
            seenFiles.add(rel);
            fileBytes += bytes.length;
          } else {
            throw backupInvalid('备份文件内容无法识别');
          }
        }
        if (tableIndex !== manifest.tables.length) throw backupInvalid('备份文件缺少部分表');
        if (seenFiles.size !== manifest.files.length) throw backupInvalid('备份文件缺少部分文件');
      } finally {
        close();
      }

      // Foreign keys checked now, then back to how the migrations made them.
      await tx.execute(sql.raw('SET CONSTRAINTS ALL IMMEDIATE'));
      for (const k of fks.filter((f) => !f.deferrable)) {
        await tx.execute(
          sql.raw(`ALTER TABLE ${ident(k.tbl)} ALTER CONSTRAINT ${ident(k.name)} NOT DEFERRABLE`),
        );
      }
      for (const s of manifest.sequences) {
        await tx.execute(
          sql`SELECT setval(${ident(s.name)}::regclass, ${s.lastValue}::bigint, ${s.isCalled})`,
        );
      }
      await verifyLoaded(tx as unknown as Db, manifest, o.filesDir);
      const chain = await verifyChain(tx as unknown as Db, manifest.checkpoint);
      if (!chain.ok) {
        throw new AppError('BACKUP_CHAIN_INVALID', `恢复后的审计链校验失败：${chain.failure!.message}`);
      }
      await appendEntries(tx, cliCtx(tx as unknown as Db, new Date()), [
        { action: 'system.restore', objectType: 'system_backup', objectId: manifestId(manifest) },
      ]);
      return { manifest, rows: totalRows, fileBytes, chain };
    });
    return summary;
  } catch (err) {
    for (const f of written) fs.rmSync(f, { force: true });
    throw err;
  }
}

/** Row counts equal the manifest's; each evidence record's file is there with its SM3. */
async function verifyLoaded(db: Db, manifest: BackupManifest, filesDir: string): Promise<void> {
  for (const t of manifest.tables) {
    const [r] = await rows<{ n: string | number }>(db, sql.raw(`SELECT count(*) AS n FROM ${ident(t.name)}`));
    if (Number(r?.n) !== t.rows)
      throw new AppError('BACKUP_INVALID', `表 ${t.name} 恢复后有 ${r?.n} 行，清单为 ${t.rows} 行`);
  }
  const evidence = await rows<{ id: string; sm3: string }>(
    db,
    sql`SELECT id::text AS id, sm3 FROM evidence_files`,
  );
  const known = new Set(manifest.missingEvidence ?? []);
  for (const e of evidence) {
    if (known.has(e.id)) continue;
    const file = path.join(filesDir, ...evidencePath(e.id).split('/'));
    const ok = fs.existsSync(file) && sm3Hex(fs.readFileSync(file)) === e.sm3;
    if (!ok) throw new AppError('BACKUP_INVALID', `证据材料 ${e.id} 的文件缺失或与记录的 SM3 不符`);
  }
}
