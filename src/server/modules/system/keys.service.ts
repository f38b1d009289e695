import fs from 'node:fs/promises';
import { is, sql } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { rows } from '../../db/client.ts';
import { isSealedColumn } from '../../db/schema/columns.ts';
import * as schema from '../../db/schema/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { AppError } from '../../lib/errors.ts';
import {
  FILE_OVERHEAD,
  installKeyRing,
  type KeyRing,
  keyRing,
  sealedFileVersion,
  writeKeyFile,
} from '../../lib/seal.ts';
import { appendEntries } from '../audit/audit.service.ts';
import { evidenceFilePath, storeBytes } from '../evidence/evidence.service.ts';

/**
 * 密钥轮换: the master key versions, what each one seals, and re-sealing everything with the
 * newest. Runs from the command line (`yuzhidu keys …`) with the service stopped, since a running
 * server keeps sealing with the version it loaded.
 */

export const EVIDENCE_TABLE = 'evidence_files';
const BATCH = 200;

export interface SealedTable {
  table: string;
  columns: string[];
}

/** Every table with sealed columns, from the schema itself (the `sealedText` column type). */
export function sealedTables(): SealedTable[] {
  const out: SealedTable[] = [];
  for (const value of Object.values(schema)) {
    if (!is(value, PgTable)) continue;
    const config = getTableConfig(value);
    const columns = config.columns.filter(isSealedColumn).map((c) => c.name);
    if (columns.length) out.push({ table: config.name, columns });
  }
  return out.sort((a, b) => a.table.localeCompare(b.table));
}

/** Counts by key version ('plain' for values stored before sealing, 'missing' for absent files). */
export interface KeyStatus {
  versions: number[];
  current: number;
  source: string;
  counts: { table: string; column: string; byVersion: Record<string, number> }[];
}

export async function keyStatus(ctx: Pick<Ctx, 'db' | 'filesDir'>): Promise<KeyStatus> {
  const ring = keyRing();
  const counts: KeyStatus['counts'] = [];
  for (const t of sealedTables()) {
    for (const c of t.columns) {
      const col = sql.identifier(c);
      const found = await rows<{ v: string | null; n: number }>(
        ctx.db,
        sql`select substring(${col} from '^sm4:v([0-9]+):') as v, count(*)::int as n
            from ${sql.identifier(t.table)} where ${col} is not null group by 1`,
      );
      counts.push({ table: t.table, column: c, byVersion: tally(found) });
    }
  }
  const files: Record<string, number> = {};
  for (const f of await evidenceRows(ctx, null)) {
    const v = await fileVersion(evidenceFilePath(ctx.filesDir, f.id));
    files[v] = (files[v] ?? 0) + 1;
  }
  counts.push({ table: EVIDENCE_TABLE, column: '(文件)', byVersion: files });
  return {
    versions: [...ring.keys.keys()].sort((a, b) => a - b),
    current: ring.current,
    source: ring.source,
    counts,
  };
}

function tally(found: { v: string | null; n: number }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of found) out[r.v === null ? 'plain' : `v${r.v}`] = r.n;
  return out;
}

async function fileVersion(file: string): Promise<string> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw err;
  }
  try {
    const head = Buffer.alloc(FILE_OVERHEAD);
    const { bytesRead } = await handle.read(head, 0, FILE_OVERHEAD, 0);
    const v = sealedFileVersion(head.subarray(0, bytesRead));
    return v === null ? 'plain' : `v${v}`;
  } finally {
    await handle.close();
  }
}

async function evidenceRows(ctx: Pick<Ctx, 'db'>, after: string | null, limit?: number) {
  return rows<{ id: string; size: number }>(
    ctx.db,
    sql`select id::text, size from evidence_files ${after ? sql`where id > ${after}::uuid` : sql``}
        order by id ${limit ? sql`limit ${limit}` : sql``}`,
  );
}

export interface RotateResult {
  version: number;
  /** Whether a new version was added to the key file (else the newest configured one is used). */
  added: boolean;
  resealed: { table: string; rows: number }[];
}

/**
 * Adds a key version (when the keys come from a file) and re-seals every sealed column and
 * evidence file with the newest version, in batches: each batch of rows is one transaction with
 * its audit entry naming the table and the version; each file is written to a temporary name
 * and renamed. Values sealed before they were bound to their column are re-sealed in the bound
 * form. Interrupted, it can simply be run again: what is sealed with the newest version, bound,
 * is skipped.
 */
export async function rotateKeys(ctx: Ctx, opts: { addVersion: boolean }): Promise<RotateResult> {
  let ring = keyRing();
  let added = false;
  if (opts.addVersion) {
    if (!ring.file) {
      throw new AppError(
        'CONFLICT',
        '主密钥来自环境变量 YZD_MASTER_KEY，无法新增版本：请把它作为版本 1 写入密钥文件（每行“版本号 密钥”），设置 YZD_MASTER_KEY_FILE 指向该文件后再执行轮换',
      );
    }
    ring = ring.withNewVersion();
    writeKeyFile(ring.file!, ring.keys);
    installKeyRing(ring);
    added = true;
    await ctx.db.transaction((tx) =>
      appendEntries(tx, ctx, [
        { action: 'system.keys.rotate', objectType: 'master_key', objectId: `v${ring.current}` },
      ]),
    );
  }
  const target = ring.current;
  const resealed: RotateResult['resealed'] = [];
  for (const t of sealedTables())
    resealed.push({ table: t.table, rows: await resealTable(ctx, ring, t, target) });
  resealed.push({ table: EVIDENCE_TABLE, rows: await resealFiles(ctx, ring, target) });
  return { version: target, added, resealed };
}

async function resealTable(ctx: Ctx, ring: KeyRing, t: SealedTable, target: number): Promise<number> {
  const prefix = `sm4:v${target}:c:%`;
  const stale = sql.join(
    t.columns.map((c) => sql`(${sql.identifier(c)} is not null and ${sql.identifier(c)} not like ${prefix})`),
    sql` or `,
  );
  const cols = sql.join(
    t.columns.map((c) => sql.identifier(c)),
    sql`, `,
  );
  let after: string | null = null;
  let total = 0;
  for (;;) {
    const batch: (Record<string, string | null> & { id: string })[] = await rows<
      Record<string, string | null> & { id: string }
    >(
      ctx.db,
      sql`select id::text, ${cols} from ${sql.identifier(t.table)}
          where (${stale}) ${after ? sql`and id > ${after}::uuid` : sql``} order by id limit ${BATCH}`,
    );
    if (batch.length === 0) break;
    await ctx.db.transaction(async (tx) => {
      for (const r of batch) {
        const sets = t.columns.map((c) => {
          const old = r[c] ?? null;
          const context = `${t.table}.${c}`;
          const value = old === null ? null : ring.sealText(ring.openText(old, context), context, target);
          return sql`${sql.identifier(c)} = ${value}`;
        });
        // Unchanged since it was read: a row changed meanwhile is left for the next run.
        const same = sql.join(
          t.columns.map((c) => sql`${sql.identifier(c)} is not distinct from ${r[c] ?? null}`),
          sql` and `,
        );
        await tx.execute(
          sql`update ${sql.identifier(t.table)} set ${sql.join(sets, sql`, `)} where id = ${r.id}::uuid and ${same}`,
        );
      }
      await appendEntries(tx, ctx, [
        { action: 'system.keys.reseal', objectType: t.table, objectId: `v${target}` },
      ]);
    });
    total += batch.length;
    after = batch[batch.length - 1]!.id;
  }
  return total;
}

async function resealFiles(ctx: Ctx, ring: KeyRing, target: number): Promise<number> {
  let after: string | null = null;
  let total = 0;
  for (;;) {
    const batch = await evidenceRows(ctx, after, BATCH);
    if (batch.length === 0) break;
    let n = 0;
    for (const f of batch) {
      const file = evidenceFilePath(ctx.filesDir, f.id);
      const version = await fileVersion(file);
      if (version !== `v${target}` && version !== 'missing') {
        const plain = ring.openFile(await fs.readFile(file));
        await storeBytes(file, ring.sealFile(plain, target));
        n++;
      }
    }
    if (n)
      await ctx.db.transaction((tx) =>
        appendEntries(tx, ctx, [
          { action: 'system.keys.reseal', objectType: EVIDENCE_TABLE, objectId: `v${target}` },
        ]),
      );
    total += n;
    after = batch[batch.length - 1]!.id;
  }
  return total;
}

/**
 * Removes an old version from the key file, once nothing is sealed with it any more (after
 * `keys rotate`); data sealed with it could not be read again.
 */
export async function retireKey(ctx: Ctx, version: number): Promise<void> {
  const ring = keyRing();
  if (!ring.has(version)) throw new AppError('NOT_FOUND', `密钥版本 v${version} 不存在`);
  if (version === ring.current) throw new AppError('CONFLICT', '不能停用当前用于加密的密钥版本');
  if (!ring.file) {
    throw new AppError('CONFLICT', '主密钥来自环境变量 YZD_MASTER_KEY，只有一个版本，无可停用');
  }
  const status = await keyStatus(ctx);
  const inUse = status.counts.filter((c) => (c.byVersion[`v${version}`] ?? 0) > 0);
  if (inUse.length) {
    throw new AppError(
      'CONFLICT',
      `仍有数据以密钥版本 v${version} 加密（${inUse.map((c) => `${c.table}.${c.column}`).join('、')}），请先执行 yuzhidu keys rotate`,
    );
  }
  const next = ring.without(version);
  writeKeyFile(ring.file, next.keys);
  installKeyRing(next);
  await ctx.db.transaction((tx) =>
    appendEntries(tx, ctx, [
      { action: 'system.keys.retire', objectType: 'master_key', objectId: `v${version}` },
    ]),
  );
}
