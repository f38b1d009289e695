import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { EvidenceMeta } from '../../../common/contracts/evidence.ts';
import type { Ctx } from '../../lib/context.ts';
import { AppError, forbidden, invalid, notFound } from '../../lib/errors.ts';
import { sm3Hex } from '../../lib/hash.ts';
import { FILE_OVERHEAD, keyRing } from '../../lib/seal.ts';
import { write } from '../../lib/tx.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { type EvidenceOwnerRules, evidenceOwnerRules } from './evidence.policy.ts';
import * as repo from './evidence.repository.ts';
import { detectFileType, type FileType, fileTypeByContentType, fileTypesByExtension } from './file-types.ts';

export { detectFileType, type FileType } from './file-types.ts';

/** Our own cap on one file, below the multipart plugin's: evidence is photos and documents. */
export const MAX_EVIDENCE_BYTES = 20 * 1024 * 1024;
export const MAX_EVIDENCE_LABEL = '20 MB';
const MAX_NAME_LENGTH = 120;
const OBJECT_TYPE = 'evidence_file';

export interface EvidenceLocation {
  /** Decimal degrees, −90…90. */
  latitude: number;
  /** Decimal degrees, −180…180. */
  longitude: number;
  /** Metres. */
  accuracyM?: number | null;
}

export interface EvidenceInput {
  ownerType: string;
  ownerId: string;
  /** The name the uploader gave; kept for display and download only, never for storage. */
  originalName: string;
  bytes: Uint8Array;
  location?: EvidenceLocation | null;
}

export interface EvidenceContent {
  meta: EvidenceMeta;
  type: FileType;
  bytes: Buffer;
}

/** Stores a file for a record after checking the owner's rules, its size and its real type. */
export async function storeEvidence(ctx: Ctx, input: EvidenceInput): Promise<EvidenceMeta> {
  const rules = ownerRules(input.ownerType);
  const ownerId = checkOwnerId(input.ownerId);
  const location = checkLocation(input.location ?? null);
  if (!(await rules.canAttach(ctx, ownerId))) {
    await recordAudit(ctx, {
      action: 'evidence.upload',
      objectType: input.ownerType,
      objectId: ownerId,
      result: 'denied',
      code: 'FORBIDDEN',
    });
    throw forbidden('无权向该记录上传材料');
  }
  const bytes = Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.byteLength);
  if (bytes.length === 0) throw invalid('文件为空，请重新选择文件');
  if (bytes.length > MAX_EVIDENCE_BYTES) throw tooLarge();
  const name = sanitiseFileName(input.originalName);
  const type = checkType(bytes, name);

  const sm3 = sm3Hex(bytes);
  const id = randomUUID();
  const file = storedPath(ctx, id);
  // Bytes first, row second: a row never points at a file that is not there. Sealed with SM4 at
  // rest; the SM3 kept in the row is the plaintext's.
  await storeBytes(file, keyRing().sealFile(bytes));
  try {
    const row = await write(ctx, async (tx, audit) => {
      const inserted = await repo.insertEvidence(tx, {
        id,
        ownerType: input.ownerType,
        ownerId,
        originalName: name.full,
        contentType: type.contentType,
        extension: name.extension,
        size: bytes.length,
        sm3,
        latitude: location ? String(location.latitude) : null,
        longitude: location ? String(location.longitude) : null,
        accuracyM: location?.accuracyM ?? null,
        uploadedAt: ctx.clock.now(),
        uploadedBy: ctx.actor?.userId ?? null,
      });
      audit({ action: 'evidence.upload', objectType: OBJECT_TYPE, objectId: id });
      return inserted;
    });
    return toMeta(row);
  } catch (err) {
    await fs.rm(file, { force: true });
    throw err;
  }
}

/** One file's metadata, if the actor may read the record it belongs to (else “not found”). */
export async function getEvidence(ctx: Ctx, id: string): Promise<EvidenceMeta> {
  return toMeta(await readableRow(ctx, id));
}

/** The files of one record, oldest first; “not found” when the actor may not read the record. */
export async function listEvidence(ctx: Ctx, ownerType: string, ownerId: string): Promise<EvidenceMeta[]> {
  const rules = ownerRules(ownerType);
  const id = checkOwnerId(ownerId);
  if (!(await rules.canRead(ctx, id))) throw notFound('材料所属记录');
  const rows = await repo.evidenceOfOwner(ctx.db, ownerType, id);
  return rows.map(toMeta);
}

/** The bytes of one file after checking them against the stored SM3; every download is audited. */
export async function readEvidenceContent(ctx: Ctx, id: string): Promise<EvidenceContent> {
  const row = await readableRow(ctx, id, 'evidence.download');
  const event = { action: 'evidence.download', objectType: OBJECT_TYPE, objectId: id } as const;
  const type = fileTypeByContentType(row.contentType);
  const bytes = type ? await readStored(storedPath(ctx, id), row.size) : null;
  if (!type || !bytes || sm3Hex(bytes) !== row.sm3) {
    await recordAudit(ctx, { ...event, result: 'failed', code: 'EVIDENCE_INTEGRITY_FAILED' });
    throw new AppError('EVIDENCE_INTEGRITY_FAILED');
  }
  await recordAudit(ctx, event);
  return { meta: toMeta(row), type, bytes };
}

// ——— owners and input ———

function ownerRules(ownerType: string): EvidenceOwnerRules {
  const rules = typeof ownerType === 'string' ? evidenceOwnerRules(ownerType) : null;
  if (!rules) {
    throw invalid('材料归属类型不正确', [{ path: 'ownerType', message: '不支持的材料归属类型' }]);
  }
  return rules;
}

function checkOwnerId(ownerId: string): string {
  // Owner ids are opaque to us but end up in queries and audit entries: keep them plain.
  if (typeof ownerId !== 'string' || !/^[A-Za-z0-9_.:-]{1,100}$/.test(ownerId)) {
    throw invalid('材料所属记录编号不正确', [{ path: 'ownerId', message: '编号格式不正确' }]);
  }
  return ownerId;
}

function checkLocation(location: EvidenceLocation | null): EvidenceLocation | null {
  if (!location) return null;
  const { latitude, longitude } = location;
  const accuracyM = location.accuracyM ?? null;
  if (!Number.isFinite(latitude) || latitude < -90 || latitude > 90) {
    throw invalid('纬度应在 -90 到 90 之间', [{ path: 'latitude', message: '纬度超出范围' }]);
  }
  if (!Number.isFinite(longitude) || longitude < -180 || longitude > 180) {
    throw invalid('经度应在 -180 到 180 之间', [{ path: 'longitude', message: '经度超出范围' }]);
  }
  if (accuracyM !== null && (!Number.isInteger(accuracyM) || accuracyM < 0 || accuracyM > 100_000)) {
    throw invalid('定位精度应为 0 到 100000 之间的整数（米）', [
      { path: 'accuracy', message: '定位精度不正确' },
    ]);
  }
  return { latitude, longitude, accuracyM };
}

/** The FILE_TOO_LARGE error naming the limit; the upload route raises it while still reading. */
export function tooLarge(): AppError {
  return new AppError('FILE_TOO_LARGE', `文件过大：单个文件不能超过 ${MAX_EVIDENCE_LABEL}`);
}

interface SafeName {
  full: string;
  extension: string;
}

/**
 * The uploader's file name made harmless for display and for a download header: no directories
 * (browsers send `C:\fakepath\…`), no control characters, no bidirectional overrides (which make
 * `gpj.exe` read as `exe.jpg`), at most 120 characters with the extension kept.
 */
function sanitiseFileName(raw: string): SafeName {
  const base = String(raw ?? '')
    .normalize('NFC')
    .split(/[/\\]/)
    .pop()!
    .replace(/[\p{Cc}\u202a-\u202e\u2066-\u2069\u200e\u200f]/gu, '')
    .trim();
  const dot = base.lastIndexOf('.');
  const extension = dot >= 0 ? base.slice(dot + 1).toLowerCase() : '';
  if (base === '' || base === '.' || base === '..') throw invalid('文件名不能为空');
  if (!/^[a-z0-9]{1,10}$/.test(extension)) {
    throw new AppError(
      'FILE_TYPE_NOT_ALLOWED',
      '文件名缺少有效的扩展名（如 .jpg、.pdf、.docx），无法确认文件类型',
    );
  }
  const chars = Array.from(base);
  if (chars.length <= MAX_NAME_LENGTH) return { full: base, extension };
  const stem = Array.from(base.slice(0, dot)).slice(0, MAX_NAME_LENGTH - extension.length - 1);
  return { full: `${stem.join('').trimEnd()}.${extension}`, extension };
}

/** The type the bytes really have, which the name's extension must agree with. */
function checkType(bytes: Buffer, name: SafeName): FileType {
  const detected = detectFileType(bytes);
  const claimed = fileTypesByExtension(name.extension);
  const claimedLabel = claimed[0] ? `${claimed[0].label}（.${name.extension}）` : `.${name.extension} 文件`;
  if (!detected) {
    throw new AppError(
      'FILE_TYPE_NOT_ALLOWED',
      `文件内容不是允许上传的类型：文件名为${claimedLabel}，但内容无法识别为图片、PDF、Office 文档或视频`,
    );
  }
  if (!detected.extensions.includes(name.extension)) {
    throw new AppError(
      'FILE_TYPE_NOT_ALLOWED',
      `文件扩展名与内容不符：文件名为${claimedLabel}，实际内容是${detected.label}`,
    );
  }
  return detected;
}

// ——— the bytes on disk ———

/** Server-given names only: `evidence/<first two hex digits>/<id>`, no extension, nothing from the user. */
function storedPath(ctx: Pick<Ctx, 'filesDir'>, id: string): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) {
    throw new Error(`非法的材料编号：${id}`);
  }
  return path.join(ctx.filesDir, 'evidence', id.slice(0, 2), id);
}

/** Writes to a temporary name in the same directory, then renames: readers never see half a file. */
export async function storeBytes(file: string, bytes: Buffer): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const handle = await fs.open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, file);
  } catch (err) {
    await fs.rm(temp, { force: true });
    throw err;
  }
}

/**
 * The plaintext of a stored file, or null when the file is gone, no longer has the length its
 * recorded size gives (sealed, or stored before sealing), or fails its HMAC-SM3 check.
 */
async function readStored(file: string, expectedSize: number): Promise<Buffer | null> {
  try {
    // A size check first, so a file swapped for a huge one is not read into memory.
    const stat = await fs.stat(file);
    if (!stat.isFile() || (stat.size !== expectedSize + FILE_OVERHEAD && stat.size !== expectedSize))
      return null;
    return keyRing().openFile(await fs.readFile(file));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    if (err instanceof AppError && err.code === 'DATA_INTEGRITY_FAILED') return null;
    throw err;
  }
}

/** Where the file of an evidence row is kept (for `keys rotate`). */
export function evidenceFilePath(filesDir: string, id: string): string {
  return storedPath({ filesDir }, id);
}

// ——— reading rows ———

async function readableRow(ctx: Ctx, id: string, deniedAction?: string): Promise<repo.EvidenceRow> {
  const row = await repo.evidenceById(ctx.db, id);
  const rules = row ? evidenceOwnerRules(row.ownerType) : null;
  if (!row || !rules) throw notFound('材料');
  if (!(await rules.canRead(ctx, row.ownerId))) {
    // The requester learns nothing (same answer as a missing file); the audit chain does.
    if (deniedAction) {
      await recordAudit(ctx, {
        action: deniedAction,
        objectType: OBJECT_TYPE,
        objectId: id,
        result: 'denied',
        code: 'NOT_FOUND',
      });
    }
    throw notFound('材料');
  }
  return row;
}

function toMeta(row: repo.EvidenceRow): EvidenceMeta {
  return {
    id: row.id,
    ownerType: row.ownerType,
    ownerId: row.ownerId,
    originalName: row.originalName,
    contentType: row.contentType,
    extension: row.extension,
    size: row.size,
    sm3: row.sm3,
    uploadedAt: row.uploadedAt,
    uploadedBy: row.uploadedBy,
    location:
      row.latitude !== null && row.longitude !== null
        ? { latitude: row.latitude, longitude: row.longitude, accuracyM: row.accuracyM }
        : null,
  };
}
