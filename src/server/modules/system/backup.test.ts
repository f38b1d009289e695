import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { APP_PASSWORD, APP_ROLE, adminQuery, withDatabase } from '../../../../test/global-setup.ts';
import { type Db, fromPglite, fromPostgresUrl, rows } from '../../db/client.ts';
import { migratePostgres } from '../../db/migrate.ts';
import { seedDemo } from '../../demo/index.ts';
import { ManualClock } from '../../lib/clock.ts';
import { systemCtx } from '../../lib/context.ts';
import { sm3Hex } from '../../lib/hash.ts';
import { SecretBox } from '../../lib/secrets.ts';
import { createCheckpoint, verifyChain } from '../audit/audit.service.ts';
import {
  type BackupManifest,
  createBackup,
  hashLines,
  readManifest,
  restoreBackup,
} from './backup.service.ts';
import { enqueue } from './jobs.service.ts';

// The restore drill: the small demo county on the embedded database, backed up, restored into a
// fresh embedded database and (with DATABASE_URL) into a fresh PostgreSQL database, and a
// tampered backup refused.

interface Place {
  db: Db;
  dataDir: string;
  filesDir: string;
  close(): Promise<void>;
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'yzd-backup-'));
const places: Place[] = [];

/** A fresh migrated embedded database with a data directory of its own. */
async function freshPglite(): Promise<Place> {
  const client = await PGlite.create({ loadDataDir: new Blob([fs.readFileSync(inject('pgliteTemplate'))]) });
  const dataDir = fs.mkdtempSync(path.join(tmp, 'data-'));
  const database = fromPglite(client);
  const place = {
    db: database.db,
    dataDir,
    filesDir: path.join(dataDir, 'files'),
    close: () => client.close(),
  };
  places.push(place);
  return place;
}

async function counts(db: Db, manifest: BackupManifest): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of manifest.tables) {
    const [r] = await rows<{ n: number }>(db, sql.raw(`SELECT count(*)::int AS n FROM "${t.name}"`));
    out[t.name] = Number(r!.n);
  }
  return out;
}

async function lastAction(db: Db): Promise<string> {
  const [r] = await rows<{ action: string }>(
    db,
    sql`SELECT action FROM audit_entries ORDER BY seq DESC LIMIT 1`,
  );
  return r!.action;
}

let source: Place;
let backupFile: string;
let manifest: BackupManifest;
const evidence: { id: string; bytes: Buffer }[] = [];
const masterKey = randomBytes(32).toString('base64');

beforeAll(async () => {
  source = await freshPglite();
  const clock = new ManualClock('2026-06-01T02:00:00Z');
  const deps = { db: source.db, clock, secrets: SecretBox.ephemeral(), filesDir: source.filesDir };
  await seedDemo(deps, { scale: 'small' });
  // Two evidence files, as uploads leave them: bytes under files/evidence, a row with their SM3.
  for (let i = 0; i < 2; i++) {
    const id = randomUUID();
    const bytes = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(3000 + i)]);
    const file = path.join(source.filesDir, 'evidence', id.slice(0, 2), id);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, bytes);
    await source.db.execute(
      sql`INSERT INTO evidence_files (id, owner_type, owner_id, original_name, content_type, extension, size, sm3, uploaded_at)
          VALUES (${id}, 'test', 'x', ${`材料${i}.pdf`}, 'application/pdf', 'pdf', ${bytes.length}, ${sm3Hex(bytes)}, now())`,
    );
    evidence.push({ id, bytes });
  }
  // Key material sits in the data directory, next to the files; it must never be copied.
  fs.writeFileSync(path.join(source.dataDir, 'master.key'), masterKey);
  fs.mkdirSync(path.join(source.dataDir, 'keys'));
  fs.writeFileSync(path.join(source.dataDir, 'keys', 'master.key'), masterKey);
  await createCheckpoint(systemCtx(deps));
  // A job in the queue: the identity sequence of system_jobs must carry on after a restore.
  await enqueue(source.db, { kind: 'test.backup', runAt: clock.now() });

  backupFile = path.join(tmp, 'county.yzdbak');
  const r = await createBackup(source.db, {
    filesDir: source.filesDir,
    file: backupFile,
    source: 'pglite',
    now: clock.now(),
  });
  manifest = r.manifest;
}, 240_000);

afterAll(async () => {
  for (const p of places) await p.close().catch(() => undefined);
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('backup', () => {
  it('has a manifest: format, migration level, row counts, file hashes, the chain head', async () => {
    expect(await readManifest(backupFile)).toEqual(manifest);
    expect(manifest).toMatchObject({ format: 'yuzhidu-backup', formatVersion: 1, source: 'pglite' });
    expect(manifest.migrations.count).toBeGreaterThan(0);
    expect(manifest.tables.map((t) => t.name)).toContain('audit_entries');
    // The backup itself is audited, after the snapshot: one entry more in the source.
    const now = await counts(source.db, manifest);
    expect(Object.fromEntries(manifest.tables.map((t) => [t.name, t.rows]))).toEqual({
      ...now,
      audit_entries: now.audit_entries! - 1,
    });
    expect(await lastAction(source.db)).toBe('system.backup');
    // Referenced tables come before the tables that refer to them.
    const order = manifest.tables.map((t) => t.name);
    expect(order.indexOf('org_regions')).toBeLessThan(order.indexOf('org_units'));
    expect(order.indexOf('org_units')).toBeLessThan(order.indexOf('org_cadres'));
    expect(manifest.files.map((f) => f.sm3).sort()).toEqual(evidence.map((e) => sm3Hex(e.bytes)).sort());
    const [head] = await rows<{ seq: number; hash: string }>(
      source.db,
      sql`SELECT seq::int AS seq, hash FROM audit_entries ORDER BY seq DESC OFFSET 1 LIMIT 1`,
    );
    expect(manifest.checkpoint).toMatchObject({ seq: Number(head!.seq), headHash: head!.hash });
    expect(manifest.missingEvidence).toEqual([]);
  });

  it('never contains the master key', () => {
    const text = zlib.gunzipSync(fs.readFileSync(backupFile));
    expect(text.includes(masterKey)).toBe(false);
    expect(text.includes(Buffer.from(masterKey, 'base64'))).toBe(false);
    expect(manifest.files.every((f) => f.path.startsWith('evidence/'))).toBe(true);
  });

  it('refuses to overwrite an existing file', async () => {
    await expect(
      createBackup(source.db, {
        filesDir: source.filesDir,
        file: backupFile,
        source: 'pglite',
        now: new Date(),
      }),
    ).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
  });
});

async function expectSameAsSource(target: Place) {
  expect(await counts(target.db, manifest)).toEqual(await counts(source.db, manifest));
  for (const e of evidence) {
    const bytes = fs.readFileSync(path.join(target.filesDir, 'evidence', e.id.slice(0, 2), e.id));
    expect(sm3Hex(bytes)).toBe(sm3Hex(e.bytes));
  }
  // The restore is the first entry after the backup's checkpoint (as the backup is in the source).
  const chain = await verifyChain(target.db, manifest.checkpoint);
  expect(chain.ok).toBe(true);
  expect(chain.head!.seq).toBe(manifest.checkpoint.seq + 1);
  expect(await lastAction(target.db)).toBe('system.restore');
  // Every value came back as it was: a backup of the restored database has the same table hashes
  // (the audit chain aside, which now also records the restore).
  const again = await createBackup(target.db, {
    filesDir: target.filesDir,
    file: path.join(tmp, `again-${randomBytes(4).toString('hex')}.yzdbak`),
    source: 'pglite',
    now: new Date(),
  });
  const hashes = (m: BackupManifest) =>
    Object.fromEntries(m.tables.filter((t) => t.name !== 'audit_entries').map((t) => [t.name, t.sm3]));
  expect(hashes(again.manifest)).toEqual(hashes(manifest));
  expect(again.manifest.files).toEqual(manifest.files);
  // Sequences carry on after the restored rows.
  const id = await enqueue(target.db, { kind: 'test.after-restore', runAt: new Date() });
  const [max] = await rows<{ m: number }>(source.db, sql`SELECT max(id)::int AS m FROM system_jobs`);
  expect(id).toBe(Number(max!.m) + 1);
}

describe('restore', () => {
  it('restores into a fresh embedded database: counts, file hashes and the audit chain verify', async () => {
    const target = await freshPglite();
    const r = await restoreBackup(target.db, { filesDir: target.filesDir, file: backupFile });
    expect(r.chain.ok).toBe(true);
    expect(r.rows).toBe(manifest.tables.reduce((a, t) => a + t.rows, 0));
    await expectSameAsSource(target);
    expect(fs.existsSync(path.join(target.dataDir, 'master.key'))).toBe(false);

    // A second restore into the same, no longer empty, database is refused.
    const again = await freshPglite();
    await expect(
      restoreBackup(target.db, { filesDir: again.filesDir, file: backupFile }),
    ).rejects.toMatchObject({ code: 'RESTORE_TARGET_NOT_EMPTY' });
    // …and so is an empty database with files already in its files directory.
    fs.mkdirSync(path.join(again.filesDir, 'evidence'), { recursive: true });
    fs.writeFileSync(path.join(again.filesDir, 'evidence', 'x'), 'x');
    await expect(
      restoreBackup(again.db, { filesDir: again.filesDir, file: backupFile }),
    ).rejects.toMatchObject({ code: 'RESTORE_TARGET_NOT_EMPTY' });
  });

  it.runIf(process.env.DATABASE_URL)(
    'restores the embedded backup into a fresh PostgreSQL database (a county moving up)',
    async () => {
      const url = process.env.DATABASE_URL!;
      const name = `yzd_restore_${process.pid}_${randomBytes(3).toString('hex')}`;
      await adminQuery(url, `CREATE DATABASE ${name}`);
      const ownerUrl = withDatabase(url, name);
      const database = fromPostgresUrl(ownerUrl, 2);
      try {
        await migratePostgres(ownerUrl, { role: APP_ROLE, password: APP_PASSWORD });
        const dataDir = fs.mkdtempSync(path.join(tmp, 'pg-'));
        const target: Place = {
          db: database.db,
          dataDir,
          filesDir: path.join(dataDir, 'files'),
          close: async () => {},
        };
        const r = await restoreBackup(target.db, { filesDir: target.filesDir, file: backupFile });
        expect(r.chain.ok).toBe(true);
        await expectSameAsSource(target);
        // Foreign keys are as the migrations made them again (not deferrable).
        const [d] = await rows<{ n: number }>(
          database.db,
          sql`SELECT count(*)::int AS n FROM pg_constraint WHERE contype = 'f' AND condeferrable`,
        );
        expect(Number(d!.n)).toBe(0);
      } finally {
        await database.close();
        await adminQuery(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      }
    },
  );
});

/** The backup's lines, changed by `edit`, written back as a new backup file. */
function tampered(name: string, edit: (lines: string[]) => void): string {
  const lines = zlib.gunzipSync(fs.readFileSync(backupFile)).toString('utf8').split('\n');
  edit(lines);
  const file = path.join(tmp, name);
  fs.writeFileSync(file, zlib.gzipSync(lines.join('\n')));
  return file;
}

/** Index of the first row line of a table, and its row count. */
function tableAt(lines: string[], table: string): { first: number; rows: number } {
  const i = lines.findIndex((l) => l.startsWith(`{"table":"${table}"`));
  return { first: i + 1, rows: (JSON.parse(lines[i]!) as { rows: number }).rows };
}

describe('a tampered backup', () => {
  it('is caught by the manifest hash when a row is changed, and leaves nothing behind', async () => {
    const file = tampered('changed-row.yzdbak', (lines) => {
      const { first } = tableAt(lines, 'org_cadres');
      const row = JSON.parse(lines[first]!);
      row.name = `${row.name}改`;
      lines[first] = JSON.stringify(row);
    });
    const target = await freshPglite();
    await expect(restoreBackup(target.db, { filesDir: target.filesDir, file })).rejects.toMatchObject({
      code: 'BACKUP_INVALID',
      message: expect.stringContaining('org_cadres'),
    });
    const [n] = await rows<{ n: number }>(target.db, sql`SELECT count(*)::int AS n FROM org_cadres`);
    expect(Number(n!.n)).toBe(0);
    const left = fs.existsSync(target.filesDir)
      ? fs
          .readdirSync(target.filesDir, { recursive: true })
          .filter((f) => fs.statSync(path.join(target.filesDir, String(f))).isFile())
      : [];
    expect(left).toEqual([]);
  });

  it('is caught by the audit chain when an entry is changed and the manifest hash forged', async () => {
    const file = tampered('changed-audit.yzdbak', (lines) => {
      const { first, rows: n } = tableAt(lines, 'audit_entries');
      const row = JSON.parse(lines[first + 1]!);
      row.action = 'auth.login';
      lines[first + 1] = JSON.stringify(row);
      const m = JSON.parse(lines[0]!) as BackupManifest;
      m.tables.find((t) => t.name === 'audit_entries')!.sm3 = hashLines(lines.slice(first, first + n));
      lines[0] = JSON.stringify(m);
    });
    const target = await freshPglite();
    await expect(restoreBackup(target.db, { filesDir: target.filesDir, file })).rejects.toMatchObject({
      code: 'BACKUP_CHAIN_INVALID',
    });
  });

  it('is caught by the file hash when an evidence file is changed', async () => {
    const file = tampered('changed-file.yzdbak', (lines) => {
      const i = lines.findIndex((l) => l.startsWith('{"file":'));
      const bytes = Buffer.from(lines[i + 1]!, 'base64');
      bytes[20] = (bytes[20]! + 1) % 256;
      lines[i + 1] = bytes.toString('base64');
    });
    const target = await freshPglite();
    await expect(restoreBackup(target.db, { filesDir: target.filesDir, file })).rejects.toMatchObject({
      code: 'BACKUP_INVALID',
    });
  });

  it('refuses a file that is not a backup', async () => {
    const file = path.join(tmp, 'not-a-backup.yzdbak');
    fs.writeFileSync(file, 'hello');
    const target = await freshPglite();
    await expect(restoreBackup(target.db, { filesDir: target.filesDir, file })).rejects.toMatchObject({
      code: 'BACKUP_INVALID',
    });
  });
});
