import fs from 'node:fs';
import path from 'node:path';
import { Document, Packer, Paragraph } from 'docx';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../../../test/app.ts';
import {
  crc32,
  type FilePart,
  MULTIPART_TYPE,
  multipartBody,
  onePixelPng,
} from '../../../../test/multipart.ts';
import { SESSION_COOKIE } from '../../http/error-handler.ts';
import { hasRole } from '../../lib/context.ts';
import { sm3Hex } from '../../lib/hash.ts';
import { keyRing } from '../../lib/seal.ts';
import { registerEvidenceOwner } from './evidence.policy.ts';
import { detectFileType, MAX_EVIDENCE_BYTES } from './evidence.service.ts';

// A record kind for these tests: the organization department may attach and read; the record
// named "sealed" can be attached to but read by nobody.
registerEvidenceOwner('test_record', {
  canAttach: async (ctx) => hasRole(ctx.actor, 'assessment_officer', 'org_leader'),
  canRead: async (ctx, ownerId) =>
    ownerId !== 'sealed' && hasRole(ctx.actor, 'assessment_officer', 'org_leader'),
});

let t: TestApp;
let officer: Agent;
let leader: Agent;
let jointOffice: Agent;

beforeAll(async () => {
  t = await createTestApp({ mode: 'production' });
  officer = await t.as('assessment_officer');
  leader = await t.as('org_leader');
  jointOffice = await t.as('joint_office');
});
afterAll(async () => t?.close());

// ——— building request bodies by hand ———

/** An uncompressed ZIP archive holding these entries (enough for a central-directory scan). */
function zip(entries: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const nameBytes = Buffer.from(name, 'utf8');
    const data = Buffer.from(text, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc32(data), 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

/** A minimal OLE2 compound file whose directory names one stream. */
function compoundFile(streamName: string): Buffer {
  const b = Buffer.alloc(512 * 3);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(b, 0);
  const root = 512;
  b.write('Root Entry', root, 'utf16le');
  b.writeUInt16LE(('Root Entry'.length + 1) * 2, root + 64);
  b[root + 66] = 5;
  const entry = root + 128;
  b.write(streamName, entry, 'utf16le');
  b.writeUInt16LE((streamName.length + 1) * 2, entry + 64);
  b[entry + 66] = 2;
  return b;
}

function upload(
  agent: Agent,
  file: FilePart | FilePart[] | null,
  fields: Record<string, string> = { ownerType: 'test_record', ownerId: 'rec-1' },
): Promise<LightMyRequestResponse> {
  const files = file === null ? [] : [file].flat();
  return t.app.inject({
    method: 'POST',
    url: '/api/evidence/files',
    headers: {
      cookie: `${SESSION_COOKIE}=${agent.cookie}`,
      'x-csrf-token': agent.csrf ?? '',
      'content-type': MULTIPART_TYPE,
    },
    payload: multipartBody(fields, files),
  });
}

const storedPath = (id: string) => path.join(t.deps.filesDir, 'evidence', id.slice(0, 2), id);

/** Every file under the evidence directory (temporary files included). */
function storedFiles(): string[] {
  const root = path.join(t.deps.filesDir, 'evidence');
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => d.name);
}

async function rowCount(): Promise<number> {
  const { rows } = await t.superuser('SELECT count(*)::int AS n FROM evidence_files');
  return rows[0]!.n as number;
}

/** Asserts that a refused upload left neither a row nor a file behind. */
async function expectNothingWritten(attempt: () => Promise<LightMyRequestResponse>) {
  const rows = await rowCount();
  const files = storedFiles();
  const res = await attempt();
  expect(await rowCount()).toBe(rows);
  expect(storedFiles()).toEqual(files);
  return res;
}

const png = onePixelPng();

// ——— tests ———

describe('detectFileType', () => {
  it('recognises the allowed types by their bytes', () => {
    const ftyp = (major: string, ...compatible: string[]) => {
      const box = Buffer.alloc(16 + compatible.length * 4 + 8);
      box.writeUInt32BE(16 + compatible.length * 4, 0);
      box.write(`ftyp${major}`, 4, 'latin1');
      for (const [i, brand] of compatible.entries()) box.write(brand, 16 + i * 4, 'latin1');
      return box;
    };
    const kind = (bytes: Buffer) => detectFileType(bytes)?.kind ?? null;
    expect(kind(png)).toBe('png');
    expect(kind(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))).toBe('jpeg');
    expect(kind(Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'))).toBe('gif');
    expect(kind(Buffer.from('GIF87a\x01\x00\x01\x00', 'latin1'))).toBe('gif');
    expect(kind(Buffer.from('RIFF\x24\x00\x00\x00WEBPVP8 ', 'latin1'))).toBe('webp');
    expect(kind(Buffer.from('%PDF-1.7\n%âãÏÓ\n', 'latin1'))).toBe('pdf');
    expect(kind(ftyp('heic', 'mif1', 'heic'))).toBe('heic');
    expect(kind(ftyp('mif1', 'heic'))).toBe('heif');
    expect(kind(ftyp('isom', 'isom', 'avc1'))).toBe('mp4');
    expect(kind(ftyp('mp42', 'mp41'))).toBe('mp4');
    expect(kind(ftyp('qt  ', 'qt  '))).toBe('mov');
    expect(kind(ftyp('M4V ', 'isom'))).toBe('mp4');
    expect(kind(zip({ '[Content_Types].xml': '<Types/>', 'word/document.xml': '<w/>' }))).toBe('docx');
    expect(kind(zip({ '[Content_Types].xml': '<Types/>', 'xl/workbook.xml': '<x/>' }))).toBe('xlsx');
    expect(kind(zip({ '[Content_Types].xml': '<Types/>', 'ppt/presentation.xml': '<p/>' }))).toBe('pptx');
    expect(kind(compoundFile('WordDocument'))).toBe('doc');
    expect(kind(compoundFile('Workbook'))).toBe('xls');
  });

  it('refuses markup, scripts, executables, text and containers that are not documents', () => {
    const refused = [
      Buffer.from('<!DOCTYPE html><html><script>alert(1)</script></html>'),
      Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
      Buffer.from('#!/bin/sh\nrm -rf /\n'),
      Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'),
      Buffer.from('\x7fELF\x02\x01\x01', 'latin1'),
      Buffer.from('普通文本内容'),
      Buffer.alloc(0),
      // a plain archive, a macro-enabled document, an archive claiming two applications
      zip({ 'readme.txt': 'hello' }),
      zip({ '[Content_Types].xml': '<Types/>', 'word/document.xml': '<w/>', 'word/vbaProject.bin': 'x' }),
      zip({ '[Content_Types].xml': '<Types/>', 'word/document.xml': '<w/>', 'xl/workbook.xml': '<x/>' }),
      Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]),
      // an installer in the OLE2 container, an ftyp box of an unknown brand
      compoundFile('\u0005SummaryInformation'),
      Buffer.from('\x00\x00\x00\x18ftypavif\x00\x00\x00\x00avifmiaf', 'latin1'),
    ];
    for (const bytes of refused)
      expect(detectFileType(bytes), bytes.subarray(0, 16).toString('hex')).toBeNull();
  });
});

describe('uploading', () => {
  it('stores a PNG under a server-given name with its SM3 and location', async () => {
    const res = await upload(
      officer,
      { name: '现场照片.png', bytes: png, type: 'text/html' },
      {
        ownerType: 'test_record',
        ownerId: 'rec-1',
        latitude: '38.0428',
        longitude: '114.5149',
        accuracy: '15',
      },
    );
    expect(res.statusCode, res.body).toBe(201);
    const meta = res.json();
    expect(meta).toMatchObject({
      ownerType: 'test_record',
      ownerId: 'rec-1',
      originalName: '现场照片.png',
      contentType: 'image/png',
      extension: 'png',
      size: png.length,
      sm3: sm3Hex(png),
      uploadedAt: t.deps.clock.now().toISOString(),
      uploadedBy: officer.user!.id,
      location: { latitude: '38.0428', longitude: '114.5149', accuracyM: 15 },
    });
    const { rows } = await t.superuser('SELECT sm3, size, content_type FROM evidence_files WHERE id = $1', [
      meta.id,
    ]);
    expect(rows).toEqual([{ sm3: sm3Hex(png), size: png.length, content_type: 'image/png' }]);
    // The name on disk is the id alone: nothing the uploader chose, no extension, no temp file left.
    // Sealed with SM4 at rest: the bytes on disk are not the file, they open to it.
    const onDisk = fs.readFileSync(storedPath(meta.id));
    expect(onDisk.equals(png)).toBe(false);
    expect(keyRing().openFile(onDisk).equals(png)).toBe(true);
    expect(fs.readdirSync(path.dirname(storedPath(meta.id)))).toEqual([meta.id]);
  });

  it('refuses HTML named photo.jpg and writes nothing', async () => {
    const res = await expectNothingWritten(() =>
      upload(officer, { name: 'photo.jpg', bytes: Buffer.from('<html><script>alert(1)</script></html>') }),
    );
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('FILE_TYPE_NOT_ALLOWED');
    expect(res.json().error.message).toMatch(/JPEG 图片（\.jpg）/);
  });

  it('refuses a PNG named .pdf, naming both types', async () => {
    for (const name of ['报告.pdf', '.pdf']) {
      const res = await expectNothingWritten(() =>
        upload(officer, { name, bytes: png, type: 'application/pdf' }),
      );
      expect(res.statusCode).toBe(415);
      expect(res.json().error.code).toBe('FILE_TYPE_NOT_ALLOWED');
      expect(res.json().error.message).toMatch(/PDF 文档.*PNG 图片/);
    }
  });

  it('refuses names without an extension and empty files', async () => {
    const noExt = await expectNothingWritten(() => upload(officer, { name: 'photo', bytes: png }));
    expect(noExt.statusCode).toBe(415);
    expect(noExt.json().error.message).toMatch(/扩展名/);
    const empty = await expectNothingWritten(() =>
      upload(officer, { name: 'a.png', bytes: Buffer.alloc(0) }),
    );
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.message).toMatch(/文件为空/);
  });

  it('refuses a file over 20 MB with FILE_TOO_LARGE and accepts one of exactly 20 MB', async () => {
    const big = Buffer.alloc(MAX_EVIDENCE_BYTES + 1);
    png.copy(big);
    const res = await expectNothingWritten(() => upload(officer, { name: 'big.png', bytes: big }));
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('FILE_TOO_LARGE');
    expect(res.json().error.message).toMatch(/20 MB/);
    const exact = await upload(officer, { name: 'exact.png', bytes: big.subarray(0, MAX_EVIDENCE_BYTES) });
    expect(exact.statusCode, exact.body).toBe(201);
    expect(exact.json().size).toBe(MAX_EVIDENCE_BYTES);
  });

  it('accepts a Word document as docx, and refuses it under another extension or without its parts', async () => {
    const doc = new Document({ sections: [{ children: [new Paragraph('整改情况说明')] }] });
    const docx = await Packer.toBuffer(doc);
    const ok = await upload(officer, { name: '整改说明.docx', bytes: docx });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({
      contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      extension: 'docx',
    });
    const handMade = await upload(officer, {
      name: 'a.docx',
      bytes: zip({ '[Content_Types].xml': '<Types/>', 'word/document.xml': '<w:document/>' }),
    });
    expect(handMade.statusCode).toBe(201);

    const asXlsx = await expectNothingWritten(() => upload(officer, { name: '表格.xlsx', bytes: docx }));
    expect(asXlsx.statusCode).toBe(415);
    expect(asXlsx.json().error.message).toMatch(/Excel 表格（xlsx）.*Word 文档（docx）/);
    const plainZip = await expectNothingWritten(() =>
      upload(officer, { name: 'a.docx', bytes: zip({ 'word/document.xml': '<w/>' }) }),
    );
    expect(plainZip.statusCode).toBe(415);
  });

  it('keeps only a safe file name: no directories, control characters or overlong names', async () => {
    const traversal = await upload(officer, { name: '../../etc/\u202eevil\u0007.png', bytes: png });
    expect(traversal.statusCode, traversal.body).toBe(201);
    expect(traversal.json().originalName).toBe('evil.png');
    const long = await upload(officer, { name: `${'长'.repeat(300)}.png`, bytes: png });
    expect(long.statusCode).toBe(201);
    const name: string = long.json().originalName;
    expect(Array.from(name).length).toBe(120);
    expect(name.endsWith('长.png')).toBe(true);
  });

  it('follows the owner: unregistered kinds are invalid, others may not attach', async () => {
    const unknown = await expectNothingWritten(() =>
      upload(officer, { name: 'a.png', bytes: png }, { ownerType: 'nonexistent_kind', ownerId: 'x' }),
    );
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.code).toBe('VALIDATION_FAILED');
    const denied = await expectNothingWritten(() => upload(jointOffice, { name: 'a.png', bytes: png }));
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error.code).toBe('FORBIDDEN');
    const { rows } = await t.superuser(
      "SELECT result, code, object_id FROM audit_entries WHERE action = 'evidence.upload' AND user_id = $1",
      [jointOffice.user!.id],
    );
    expect(rows).toEqual([{ result: 'denied', code: 'FORBIDDEN', object_id: 'rec-1' }]);
  });

  it('answers every malformed form with a clear 4xx', async () => {
    const cases: [Promise<LightMyRequestResponse>, number, RegExp][] = [
      [upload(officer, null), 400, /请选择要上传的文件/],
      [
        upload(officer, [
          { name: 'a.png', bytes: png },
          { name: 'b.png', bytes: png },
        ]),
        400,
        /一个文件/,
      ],
      [upload(officer, { name: 'a.png', bytes: png }, { ownerId: 'rec-1' }), 400, /归属类型/],
      [
        upload(
          officer,
          { name: 'a.png', bytes: png },
          { ownerType: 'test_record', ownerId: 'rec-1', latitude: '91', longitude: '10' },
        ),
        400,
        /纬度/,
      ],
      [
        upload(
          officer,
          { name: 'a.png', bytes: png },
          { ownerType: 'test_record', ownerId: 'rec-1', latitude: '38.1' },
        ),
        400,
        /同时提供/,
      ],
      [
        upload(
          officer,
          { name: 'a.png', bytes: png },
          { ownerType: 'test_record', ownerId: 'rec-1', latitude: '38', longitude: '114', accuracy: '1.5' },
        ),
        400,
        /定位精度/,
      ],
      [
        upload(officer, { name: 'a.png', bytes: png }, { ownerType: 'test_record', ownerId: '../x' }),
        400,
        /编号/,
      ],
      [officer.post('/api/evidence/files', { ownerType: 'test_record' }), 415, /multipart/],
    ];
    const before = await rowCount();
    for (const [pending, status, message] of cases) {
      const res = await pending;
      expect(res.statusCode, res.body).toBe(status);
      expect(res.json().error.message).toMatch(message);
    }
    const truncated = await t.app.inject({
      method: 'POST',
      url: '/api/evidence/files',
      headers: {
        cookie: `${SESSION_COOKIE}=${officer.cookie}`,
        'x-csrf-token': officer.csrf!,
        'content-type': MULTIPART_TYPE,
      },
      payload: multipartBody({ ownerType: 'test_record', ownerId: 'rec-1' }, [
        { name: 'a.png', bytes: png },
      ]).subarray(0, 200),
    });
    expect(truncated.statusCode).toBe(400);
    expect(truncated.json().error.code).toBe('BAD_REQUEST');
    expect(await rowCount()).toBe(before);
  });

  it('removes the stored file when the database refuses the row', async () => {
    await t.superuser(`
      CREATE FUNCTION evidence_test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'refused by test'; END $$`);
    await t.superuser(`
      CREATE TRIGGER evidence_test_refuse BEFORE INSERT ON evidence_files
        FOR EACH ROW EXECUTE FUNCTION evidence_test_refuse()`);
    try {
      const res = await expectNothingWritten(() => upload(officer, { name: 'a.png', bytes: png }));
      expect(res.statusCode).toBe(500);
    } finally {
      await t.superuser('DROP TRIGGER evidence_test_refuse ON evidence_files');
      await t.superuser('DROP FUNCTION evidence_test_refuse()');
    }
  });
});

describe('reading and downloading', () => {
  let pngId = '';
  let docxId = '';
  let sealedId = '';

  beforeAll(async () => {
    pngId = (await upload(officer, { name: "现场照片 (1)'s.png", bytes: png })).json().id;
    docxId = (
      await upload(officer, {
        name: 'a.docx',
        bytes: zip({ '[Content_Types].xml': '<Types/>', 'word/document.xml': '<w/>' }),
      })
    ).json().id;
    sealedId = (
      await upload(officer, { name: 'a.png', bytes: png }, { ownerType: 'test_record', ownerId: 'sealed' })
    ).json().id;
  });

  it('lists and describes the files of a record', async () => {
    const list = await leader.get('/api/evidence/files?ownerType=test_record&ownerId=rec-1');
    expect(list.statusCode).toBe(200);
    const ids = list.json().items.map((i: { id: string }) => i.id);
    expect(ids).toContain(pngId);
    expect(ids).toContain(docxId);
    expect(ids).not.toContain(sealedId);
    const one = await leader.get(`/api/evidence/files/${pngId}`);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({ id: pngId, contentType: 'image/png', sm3: sm3Hex(png) });
    const unknown = await leader.get('/api/evidence/files?ownerType=nonexistent_kind&ownerId=x');
    expect(unknown.statusCode).toBe(400);
  });

  it('sends the bytes as an attachment that cannot be sniffed or run', async () => {
    const res = await leader.get(`/api/evidence/files/${pngId}/content`);
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(png)).toBe(true);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="____ (1)'s.png"; filename*=UTF-8''%E7%8E%B0%E5%9C%BA%E7%85%A7%E7%89%87%20%281%29%27s.png`,
    );
  });

  it('shows images inline only when asked, and never other types', async () => {
    const image = await leader.get(`/api/evidence/files/${pngId}/content?inline=1`);
    expect(image.headers['content-disposition']).toMatch(/^inline; /);
    expect(image.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    const doc = await leader.get(`/api/evidence/files/${docxId}/content?inline=1`);
    expect(doc.statusCode).toBe(200);
    expect(doc.headers['content-disposition']).toMatch(/^attachment; /);
    expect(doc.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
  });

  it('answers 404 to those who may not read the record, exactly as for a missing file', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    for (const url of [
      `/api/evidence/files/${pngId}`,
      `/api/evidence/files/${pngId}/content`,
      `/api/evidence/files/${missing}`,
      `/api/evidence/files/${missing}/content`,
      '/api/evidence/files?ownerType=test_record&ownerId=rec-1',
    ]) {
      const res = await jointOffice.get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error.code).toBe('NOT_FOUND');
    }
    // Not even the organization department reads a record its rules close.
    expect((await leader.get(`/api/evidence/files/${sealedId}/content`)).statusCode).toBe(404);
    expect((await leader.get('/api/evidence/files?ownerType=test_record&ownerId=sealed')).statusCode).toBe(
      404,
    );
  });

  it('refuses to send a file that was changed on disk and records the failure', async () => {
    const res0 = await upload(officer, { name: 'b.png', bytes: png });
    const id: string = res0.json().id;
    // Same size, different bytes: one byte of the last checksum flipped.
    const forged = Buffer.from(png);
    forged.writeUInt8(forged.readUInt8(forged.length - 13) ^ 0xff, forged.length - 13);
    fs.writeFileSync(storedPath(id), forged);
    const res = await leader.get(`/api/evidence/files/${id}/content`);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('EVIDENCE_INTEGRITY_FAILED');
    expect(res.json().error.message).toMatch(/篡改/);
    fs.writeFileSync(storedPath(id), Buffer.concat([png, Buffer.from('<script>')]));
    expect((await leader.get(`/api/evidence/files/${id}/content`)).statusCode).toBe(409);
    fs.rmSync(storedPath(id));
    expect((await leader.get(`/api/evidence/files/${id}/content`)).statusCode).toBe(409);
    const { rows } = await t.superuser(
      "SELECT result, code FROM audit_entries WHERE action = 'evidence.download' AND object_id = $1 ORDER BY seq",
      [id],
    );
    expect(rows).toEqual(Array(3).fill({ result: 'failed', code: 'EVIDENCE_INTEGRITY_FAILED' }));
  });

  it('records uploads and downloads in the audit chain by object id', async () => {
    await officer.get(`/api/evidence/files/${pngId}/content`);
    await jointOffice.get(`/api/evidence/files/${pngId}/content`);
    const { rows } = await t.superuser(
      'SELECT action, object_type, result, code, user_id FROM audit_entries WHERE object_id = $1 ORDER BY seq',
      [pngId],
    );
    const entry = (action: string, agent: Agent, result = 'ok', code: string | null = null) => ({
      action,
      object_type: 'evidence_file',
      result,
      code,
      user_id: agent.user!.id,
    });
    expect(rows).toEqual([
      entry('evidence.upload', officer),
      // the downloads of the tests above, then the two here
      entry('evidence.download', leader),
      entry('evidence.download', leader),
      entry('evidence.download', jointOffice, 'denied', 'NOT_FOUND'),
      entry('evidence.download', officer),
      entry('evidence.download', jointOffice, 'denied', 'NOT_FOUND'),
    ]);
    // The file name is content: it appears nowhere in the chain.
    const named = await t.superuser(
      "SELECT count(*)::int AS n FROM audit_entries WHERE action::text LIKE '%照片%'",
    );
    expect(named.rows[0]!.n).toBe(0);
  });
});
