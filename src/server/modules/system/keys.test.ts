import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { is } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../../../test/app.ts';
import { onePixelPng } from '../../../../test/multipart.ts';
import { buildCadres, createActivity, observe, ok } from '../../../../test/scene-factories.ts';
import { isSealedColumn, sealedBinding } from '../../db/schema/columns.ts';
import * as schema from '../../db/schema/index.ts';
import { hasRole, systemCtx } from '../../lib/context.ts';
import { sm3Hex } from '../../lib/hash.ts';
import {
  installKeyRing,
  KeyRing,
  keyRing,
  parseKeys,
  sealedFileVersion,
  writeKeyFile,
} from '../../lib/seal.ts';
import { registerEvidenceOwner } from '../evidence/evidence.policy.ts';
import { storeEvidence } from '../evidence/evidence.service.ts';
import { keyStatus, retireKey, rotateKeys, sealedTables } from './keys.service.ts';

registerEvidenceOwner('keys_test_record', {
  canAttach: async (ctx) => hasRole(ctx.actor, 'assessment_officer'),
  canRead: async (ctx) => hasRole(ctx.actor, 'assessment_officer'),
});

const keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yzd-keys-'));
const keyFile = path.join(keyDir, 'master.keys');
let t: TestApp;
let officer: Agent;

const NOTES = '会上主动表态，推动项目落地的观察记录';
const ISSUE = '产值冲高而利润下滑的约谈事由';
const ACCOUNT = '本人说明：前期关注产值多';
const png = onePixelPng();
let activityId: string;
let interviewId: string;
let fileId: string;

beforeAll(async () => {
  writeKeyFile(keyFile, new Map([[1, randomBytes(32)]]));
  installKeyRing(KeyRing.load({ masterKeyFile: keyFile, dataDir: keyDir }));
  t = await createTestApp({ mode: 'production', start: '2026-11-20T02:00:00Z' });
  officer = await t.as('assessment_officer');
  const { unit, cadres } = await buildCadres(t.deps.db, 1);
  const a = await createActivity(officer, { kind: 'meeting', unitId: unit.id, startsOn: '2026-08-05' });
  activityId = a.id;
  await observe(officer, a, cadres[0]!.id, 4, NOTES);
  const iv = ok(
    await officer.post('/api/economy/interviews', {
      cadreId: cadres[0]!.id,
      interviewedOn: '2026-11-19',
      interviewers: '干部科',
      issue: ISSUE,
      cadreAccount: ACCOUNT,
      followUp: '一个月内报送整改方案',
      followUpDue: '2026-12-20',
    }),
  );
  interviewId = iv.id;
  const meta = await storeEvidence(
    { ...systemCtx(t.deps), actor: { ...officerActor(officer), activeRole: null } },
    { ownerType: 'keys_test_record', ownerId: 'r1', originalName: 'a.png', bytes: png },
  );
  fileId = meta.id;
});
afterAll(async () => {
  await t?.close();
  fs.rmSync(keyDir, { recursive: true, force: true });
});

function officerActor(a: Agent) {
  return {
    userId: a.user!.id,
    username: a.user!.username,
    displayName: a.user!.username,
    grants: [{ role: 'assessment_officer' as const, unitId: null, cadreId: null, department: null }],
    isDemo: false,
  };
}

const evidencePath = (id: string) => path.join(t.deps.filesDir, 'evidence', id.slice(0, 2), id);

async function raw(sql: string, params?: unknown[]) {
  return (await t.superuser(sql, params)).rows;
}

async function notesOnApi(): Promise<string> {
  const detail = ok(await officer.get(`/api/scene/activities/${activityId}`));
  return JSON.stringify(detail);
}

describe('confidentiality at rest (SM4)', () => {
  it('finds the sealed columns in the schema', () => {
    const names = sealedTables().flatMap((s) => s.columns.map((c) => `${s.table}.${c}`));
    expect(names).toEqual(
      expect.arrayContaining([
        'opinion_entries.text',
        'scene_observations.notes',
        'economy_interviews.issue',
        'economy_interviews.cadre_account',
        'economy_interviews.follow_up',
        'economy_interviews.check_note',
        'delivery_checks.notes',
        'delivery_findings.description',
        'delivery_findings.explanation',
        'delivery_findings.appeal',
        'delivery_rectifications.requirement',
        'delivery_rectifications.reply',
        'delivery_rectifications.recheck_note',
        'keywork_findings.cause',
        'keywork_assessments.findings',
      ]),
    );
  });

  it('binds every sealed column to its own table and column', () => {
    for (const table of Object.values(schema)) {
      if (!is(table, PgTable)) continue;
      const config = getTableConfig(table);
      for (const c of config.columns.filter(isSealedColumn)) {
        expect(sealedBinding(c)).toBe(`${config.name}.${c.name}`);
      }
    }
  });

  it('refuses a sealed value moved into another sealed column', async () => {
    const [iv] = await raw('SELECT issue, follow_up FROM economy_interviews WHERE id = $1', [interviewId]);
    // Same row, same key, both sealed: swapped, neither opens.
    await raw('UPDATE economy_interviews SET issue = $1, follow_up = $2 WHERE id = $3', [
      iv!.follow_up,
      iv!.issue,
      interviewId,
    ]);
    const swapped = await officer.get(`/api/economy/interviews/${interviewId}`);
    expect(swapped.statusCode).toBe(500);
    expect(swapped.json().error.code).toBe('DATA_INTEGRITY_FAILED');
    // Into another table's sealed column.
    const [obs] = await raw('SELECT id, notes FROM scene_observations WHERE activity_id = $1', [activityId]);
    await raw('UPDATE economy_interviews SET issue = follow_up, follow_up = issue WHERE id = $1', [
      interviewId,
    ]);
    await raw('UPDATE scene_observations SET notes = $1 WHERE id = $2', [iv!.issue, obs!.id]);
    const moved = await officer.get(`/api/scene/activities/${activityId}`);
    expect(moved.statusCode).toBe(500);
    expect(moved.json().error.code).toBe('DATA_INTEGRITY_FAILED');
    await raw('UPDATE scene_observations SET notes = $1 WHERE id = $2', [obs!.notes, obs!.id]);
    expect(ok(await officer.get(`/api/economy/interviews/${interviewId}`)).issue).toBe(ISSUE);
    expect(await notesOnApi()).toContain(NOTES);
  });

  it('stores free text and evidence files sealed, and the API still answers in plain text', async () => {
    const [obs] = await raw('SELECT notes FROM scene_observations WHERE activity_id = $1', [activityId]);
    expect(obs!.notes).toMatch(/^sm4:v1:c:[A-Za-z0-9+/=]+$/);
    expect(obs!.notes).not.toContain(NOTES);
    const [iv] = await raw('SELECT * FROM economy_interviews WHERE id = $1', [interviewId]);
    expect(JSON.stringify(iv)).not.toContain('产值');
    expect(JSON.stringify(iv)).not.toContain('前期关注');
    expect(iv!.issue).toMatch(/^sm4:v1:c:/);

    expect(await notesOnApi()).toContain(NOTES);
    const got = ok(await officer.get(`/api/economy/interviews/${interviewId}`));
    expect(got).toMatchObject({ issue: ISSUE, cadreAccount: ACCOUNT });
    // Searching a sealed field happens after opening, in the application.
    const found = ok(await officer.get(`/api/economy/interviews?q=${encodeURIComponent('利润下滑')}`));
    expect(found.items.map((i: { id: string }) => i.id)).toEqual([interviewId]);
    const none = ok(await officer.get(`/api/economy/interviews?q=${encodeURIComponent('不存在的事由')}`));
    expect(none.items).toEqual([]);

    const onDisk = fs.readFileSync(evidencePath(fileId));
    expect(onDisk.equals(png)).toBe(false);
    expect(onDisk.includes(png.subarray(0, 16))).toBe(false);
    expect(sealedFileVersion(onDisk)).toBe(1);
    const [row] = await raw('SELECT sm3, size FROM evidence_files WHERE id = $1', [fileId]);
    expect(row).toEqual({ sm3: sm3Hex(png), size: png.length });
    const res = await officer.get(`/api/evidence/files/${fileId}/content`);
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(png)).toBe(true);
  });

  it('detects tampered ciphertext and refuses it with a clear error', async () => {
    const [obs] = await raw('SELECT id, notes FROM scene_observations WHERE activity_id = $1', [activityId]);
    const sealed = obs!.notes as string;
    const body = Buffer.from(sealed.slice('sm4:v1:c:'.length), 'base64');
    body[20] = body[20]! ^ 0x01;
    await raw('UPDATE scene_observations SET notes = $1 WHERE id = $2', [
      `sm4:v1:c:${body.toString('base64')}`,
      obs!.id,
    ]);
    const res = await officer.get(`/api/scene/activities/${activityId}`);
    expect(res.statusCode).toBe(500);
    expect(res.json().error.code).toBe('DATA_INTEGRITY_FAILED');
    expect(res.json().error.message).toMatch(/篡改/);
    await raw('UPDATE scene_observations SET notes = $1 WHERE id = $2', [sealed, obs!.id]);
    expect(await notesOnApi()).toContain(NOTES);

    // A sealed file changed on disk is refused like any other tampered file.
    const file = evidencePath(fileId);
    const good = fs.readFileSync(file);
    const bad = Buffer.from(good);
    bad[30] = bad[30]! ^ 0x01;
    fs.writeFileSync(file, bad);
    const dl = await officer.get(`/api/evidence/files/${fileId}/content`);
    expect(dl.statusCode).toBe(409);
    fs.writeFileSync(file, good);
    expect((await officer.get(`/api/evidence/files/${fileId}/content`)).statusCode).toBe(200);
  });

  it('gives a clear error, not garbage, with a wrong or missing key', async () => {
    const right = keyRing();
    try {
      installKeyRing(new KeyRing(new Map([[1, randomBytes(32)]]), 'ephemeral'));
      const wrong = await officer.get(`/api/economy/interviews/${interviewId}`);
      expect(wrong.statusCode).toBe(500);
      expect(wrong.json().error.code).toBe('DATA_INTEGRITY_FAILED');
      installKeyRing(new KeyRing(new Map([[7, randomBytes(32)]]), 'ephemeral'));
      const missing = await officer.get(`/api/economy/interviews/${interviewId}`);
      expect(missing.statusCode).toBe(500);
      expect(missing.json().error.code).toBe('DATA_KEY_UNAVAILABLE');
      expect(missing.json().error.message).toMatch(/v1/);
    } finally {
      installKeyRing(right);
    }
    expect(ok(await officer.get(`/api/economy/interviews/${interviewId}`)).issue).toBe(ISSUE);
  });

  it('rotates: re-seals every column and file with a new version, audited, and the old key can be retired', async () => {
    // A value stored before sealing reads as it is, and rotation seals it; so is one sealed in
    // the earlier form not bound to its column.
    await raw("UPDATE economy_interviews SET check_note = '旧的未加密核查记录' WHERE id = $1", [interviewId]);
    const [before1] = await raw('SELECT notes FROM scene_observations WHERE activity_id = $1', [activityId]);
    const unbound = keyRing().sealText(NOTES, null, 1);
    await raw('UPDATE scene_observations SET notes = $1 WHERE activity_id = $2', [unbound, activityId]);
    expect(await notesOnApi()).toContain(NOTES);
    expect(before1!.notes).toMatch(/^sm4:v1:c:/);
    expect(ok(await officer.get(`/api/economy/interviews/${interviewId}`)).checkNote).toBe(
      '旧的未加密核查记录',
    );
    const before = await keyStatus(t.deps);
    expect(before.counts.find((c) => c.column === 'check_note')!.byVersion).toEqual({ plain: 1 });

    const ctx = systemCtx(t.deps);
    const r = await rotateKeys(ctx, { addVersion: true });
    expect(r).toMatchObject({ version: 2, added: true });
    expect(r.resealed.find((x) => x.table === 'economy_interviews')!.rows).toBe(1);
    expect(r.resealed.find((x) => x.table === 'evidence_files')!.rows).toBe(1);
    expect([...parseKeys(fs.readFileSync(keyFile, 'utf8'), 'test').keys()]).toEqual([1, 2]);

    const after = await keyStatus(t.deps);
    for (const c of after.counts) {
      for (const v of Object.keys(c.byVersion)) expect(v, `${c.table}.${c.column}`).toBe('v2');
    }
    const [iv] = await raw('SELECT issue, check_note FROM economy_interviews WHERE id = $1', [interviewId]);
    expect(iv!.issue).toMatch(/^sm4:v2:c:/);
    expect(iv!.check_note).toMatch(/^sm4:v2:c:/);
    const [obs2] = await raw('SELECT notes FROM scene_observations WHERE activity_id = $1', [activityId]);
    expect(obs2!.notes).toMatch(/^sm4:v2:c:/);
    expect(sealedFileVersion(fs.readFileSync(evidencePath(fileId)))).toBe(2);
    const audit = await raw(
      "SELECT action, object_type, object_id FROM audit_entries WHERE action LIKE 'system.keys.%' ORDER BY seq",
    );
    expect(audit).toEqual(
      expect.arrayContaining([
        { action: 'system.keys.rotate', object_type: 'master_key', object_id: 'v2' },
        { action: 'system.keys.reseal', object_type: 'economy_interviews', object_id: 'v2' },
        { action: 'system.keys.reseal', object_type: 'scene_observations', object_id: 'v2' },
        { action: 'system.keys.reseal', object_type: 'evidence_files', object_id: 'v2' },
      ]),
    );
    // Run again (as after an interruption): nothing left to re-seal.
    const again = await rotateKeys(ctx, { addVersion: false });
    expect(again.resealed.every((x) => x.rows === 0)).toBe(true);

    await retireKey(ctx, 1);
    expect([...parseKeys(fs.readFileSync(keyFile, 'utf8'), 'test').keys()]).toEqual([2]);
    // Only version 2 loaded from the file: everything still opens.
    installKeyRing(KeyRing.load({ masterKeyFile: keyFile, dataDir: keyDir }));
    expect(keyRing().has(1)).toBe(false);
    expect(ok(await officer.get(`/api/economy/interviews/${interviewId}`))).toMatchObject({
      issue: ISSUE,
      cadreAccount: ACCOUNT,
      checkNote: '旧的未加密核查记录',
    });
    expect(await notesOnApi()).toContain(NOTES);
    const dl = await officer.get(`/api/evidence/files/${fileId}/content`);
    expect(dl.statusCode).toBe(200);
    expect(dl.rawPayload.equals(png)).toBe(true);
    // The version in use cannot be retired.
    await expect(retireKey(ctx, 2)).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('refuses to retire a version that still seals data', async () => {
    const ring = keyRing().withNewVersion();
    writeKeyFile(keyFile, ring.keys);
    installKeyRing(KeyRing.load({ masterKeyFile: keyFile, dataDir: keyDir }));
    await expect(retireKey(systemCtx(t.deps), 2)).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});

describe('key ring', () => {
  it('reads one key (hex or base64) as version 1, and versioned key files', () => {
    const k = randomBytes(32);
    expect([...parseKeys(k.toString('hex'), 'x').keys()]).toEqual([1]);
    expect(parseKeys(k.toString('base64'), 'x').get(1)!.equals(k)).toBe(true);
    const both = parseKeys(`# 注释\n1 ${k.toString('base64')}\n2 ${randomBytes(32).toString('hex')}\n`, 'x');
    expect(new KeyRing(both, 'file').current).toBe(2);
    expect(() => parseKeys('abc', 'YZD_MASTER_KEY')).toThrow(/32 字节/);
    const env = KeyRing.load({ masterKey: k.toString('base64'), dataDir: keyDir });
    expect(env).toMatchObject({ source: 'env', current: 1, file: null });
  });

  it('refuses to rotate a key given in YZD_MASTER_KEY, with what to do instead', async () => {
    const right = keyRing();
    try {
      installKeyRing(KeyRing.load({ masterKey: randomBytes(32).toString('base64'), dataDir: keyDir }));
      await expect(rotateKeys(systemCtx(t.deps), { addVersion: true })).rejects.toMatchObject({
        code: 'CONFLICT',
        message: expect.stringMatching(/YZD_MASTER_KEY_FILE/),
      });
    } finally {
      installKeyRing(right);
    }
  });

  it('creates a key file in the data directory, outside the database directory, when none is configured', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yzd-dd-'));
    try {
      const ring = KeyRing.load({ dataDir: dir });
      expect(ring.source).toBe('data-dir');
      expect(ring.file).toBe(path.join(dir, 'keys', 'master.keys'));
      expect(fs.statSync(ring.file!).mode & 0o077).toBe(0);
      expect(KeyRing.load({ dataDir: dir }).keys.get(1)!.equals(ring.keys.get(1)!)).toBe(true);
      const s = ring.sealText('机密', 'scene_observations.notes');
      expect(ring.openText(s, 'scene_observations.notes')).toBe('机密');
      expect(ring.openText('未加密的旧文本', 'scene_observations.notes')).toBe('未加密的旧文本');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
