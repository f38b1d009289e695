import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from './errors.ts';

/**
 * Confidentiality at rest (GB/T 22239 level 3, 数据保密性): free-text assessment content and
 * evidence files are sealed with SM4-CTR and authenticated with HMAC-SM3 (encrypt-then-MAC).
 *
 * Master keys live outside the database: `YZD_MASTER_KEY_FILE` (one `<version> <key>` a line),
 * `YZD_MASTER_KEY` (one key, version 1), or else `<DATA_DIR>/keys/master.keys`,
 * created on first use (never inside the database directory). The highest version seals; every
 * version present opens. Per-purpose SM4 and HMAC keys are derived from a master key with
 * HKDF-SM3, so the master key itself never encrypts anything.
 *
 * Text: `sm4:v<version>:c:<base64(iv ‖ ciphertext ‖ mac)>`, the MAC over the prefix, the
 * column it belongs to (`table.column`, as associated data), iv and ciphertext, so a value copied
 * into another sealed column fails the MAC. The earlier form `sm4:v<version>:<…>` (no `c:`, MAC
 * without the column) still opens; `keys rotate` re-seals it in the bound form. Files: `YZS4` ‖ version (4 bytes) ‖ iv ‖ ciphertext ‖ mac; the ciphertext is as
 * long as the plaintext (CTR), so a sealed file is exactly `FILE_OVERHEAD` bytes longer.
 */

const IV_BYTES = 16;
const MAC_BYTES = 32;
const TEXT_PREFIX = /^sm4:v([1-9][0-9]{0,5}):(c:)?/;
const FILE_MAGIC = Buffer.from('YZS4', 'ascii');
export const FILE_OVERHEAD = FILE_MAGIC.length + 4 + IV_BYTES + MAC_BYTES;

export type KeySource = 'env' | 'file' | 'data-dir' | 'ephemeral';

interface SubKeys {
  enc: Buffer;
  mac: Buffer;
}

function derive(master: Buffer, purpose: 'text' | 'file'): SubKeys {
  const okm = Buffer.from(hkdfSync('sm3', master, 'yuzhidu-seal', `sm4-ctr+hmac-sm3/${purpose}`, 48));
  return { enc: okm.subarray(0, 16), mac: okm.subarray(16) };
}

export function parseKey(text: string, where: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== 32) throw new Error(`${where}：主密钥必须是 32 字节（64 位十六进制或 base64）`);
  return key;
}

/** A key file: lines of `<version> <key>` (also `1:<key>,2:<key>`); a lone key is version 1. */
export function parseKeys(text: string, where: string): Map<number, Buffer> {
  const keys = new Map<number, Buffer>();
  const parts = text
    .split(/[\n,]/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  for (const part of parts) {
    const m = /^v?([1-9][0-9]{0,5})\s*[:\s=]\s*(\S+)$/.exec(part);
    if (!m) {
      if (parts.length === 1) keys.set(1, parseKey(part, where));
      else throw new Error(`${where}：无法识别的密钥行（应为“版本号 密钥”）`);
      continue;
    }
    const version = Number(m[1]);
    if (keys.has(version)) throw new Error(`${where}：密钥版本 ${version} 重复`);
    keys.set(version, parseKey(m[2]!, where));
  }
  if (keys.size === 0) throw new Error(`${where}：没有密钥`);
  return keys;
}

export function formatKeys(keys: Map<number, Buffer>): string {
  const lines = [...keys.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([v, k]) => `${v} ${k.toString('base64')}`);
  return `# 玉智督数据加密主密钥：每行“版本号 密钥（base64）”，最高版本用于加密。勿与数据库放在一起。\n${lines.join('\n')}\n`;
}

/** Writes a key file atomically (temporary name, then rename), readable by the owner only. */
export function writeKeyFile(file: string, keys: Map<number, Buffer>): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  fs.writeFileSync(temp, formatKeys(keys), { mode: 0o600, flag: 'wx' });
  fs.renameSync(temp, file);
}

export interface KeyRingOptions {
  masterKey?: string;
  masterKeyFile?: string;
  dataDir: string;
}

/** The master keys by version; the highest one seals. */
export class KeyRing {
  private readonly derived = new Map<string, SubKeys>();
  readonly current: number;

  constructor(
    readonly keys: Map<number, Buffer>,
    readonly source: KeySource,
    /** The file the keys came from, when a file: `keys rotate` adds the new version there. */
    readonly file: string | null = null,
  ) {
    if (keys.size === 0) throw new Error('密钥环为空');
    this.current = Math.max(...keys.keys());
  }

  static ephemeral(): KeyRing {
    return new KeyRing(new Map([[1, randomBytes(32)]]), 'ephemeral');
  }

  /** The default key file of a data directory (beside the database directory, never inside it). */
  static dataDirFile(dataDir: string): string {
    return path.join(dataDir, 'keys', 'master.keys');
  }

  static load(opts: KeyRingOptions): KeyRing {
    if (opts.masterKeyFile) {
      const file = path.resolve(opts.masterKeyFile);
      if (!fs.existsSync(file)) throw new Error(`找不到主密钥文件 ${file}（YZD_MASTER_KEY_FILE）`);
      return new KeyRing(parseKeys(fs.readFileSync(file, 'utf8'), `主密钥文件 ${file}`), 'file', file);
    }
    // One key, version 1 (it also seals TOTP seeds): versions are kept in a key file.
    if (opts.masterKey) return new KeyRing(new Map([[1, parseKey(opts.masterKey, 'YZD_MASTER_KEY')]]), 'env');
    const file = KeyRing.dataDirFile(opts.dataDir);
    if (!fs.existsSync(file)) {
      try {
        writeKeyFileExclusive(file, new Map([[1, randomBytes(32)]]));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
    }
    return new KeyRing(parseKeys(fs.readFileSync(file, 'utf8'), `主密钥文件 ${file}`), 'data-dir', file);
  }

  has(version: number): boolean {
    return this.keys.has(version);
  }

  /** A ring with one more version (random key), not yet saved. */
  withNewVersion(): KeyRing {
    const keys = new Map(this.keys);
    keys.set(this.current + 1, randomBytes(32));
    return new KeyRing(keys, this.source, this.file);
  }

  /** A ring without the given version (retired once nothing is sealed with it). */
  without(version: number): KeyRing {
    const keys = new Map(this.keys);
    keys.delete(version);
    return new KeyRing(keys, this.source, this.file);
  }

  private sub(version: number, purpose: 'text' | 'file'): SubKeys {
    const id = `${version}/${purpose}`;
    let k = this.derived.get(id);
    if (!k) {
      const master = this.keys.get(version);
      if (!master) {
        throw new AppError(
          'DATA_KEY_UNAVAILABLE',
          `数据加密密钥不可用：缺少密钥版本 v${version}，请检查 YZD_MASTER_KEY / YZD_MASTER_KEY_FILE 配置`,
        );
      }
      k = derive(master, purpose);
      this.derived.set(id, k);
    }
    return k;
  }

  /**
   * Seals `plain` for the column `context` (`table.column`); without a context it gives the
   * earlier unbound form (kept to read old data and to test it).
   */
  sealText(plain: string, context: string | null, version = this.current): string {
    const { enc, mac } = this.sub(version, 'text');
    const prefix = context === null ? `sm4:v${version}:` : `sm4:v${version}:c:`;
    const iv = randomBytes(IV_BYTES);
    const c = createCipheriv('sm4-ctr', enc, iv);
    const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    const tag = textMac(mac, prefix, context, iv, ct);
    return prefix + Buffer.concat([iv, ct, tag]).toString('base64');
  }

  /**
   * The plain text of a value of the column `context`; text stored before sealing is returned as
   * it is. A bound value opens only with the column it was sealed for.
   */
  openText(stored: string, context: string | null): string {
    const m = TEXT_PREFIX.exec(stored);
    if (!m) return stored;
    const version = Number(m[1]);
    const bound = m[2] !== undefined;
    if (bound && context === null) throw tampered();
    const { enc, mac } = this.sub(version, 'text');
    const body = Buffer.from(stored.slice(m[0].length), 'base64');
    if (body.length < IV_BYTES + MAC_BYTES) throw tampered();
    const iv = body.subarray(0, IV_BYTES);
    const ct = body.subarray(IV_BYTES, body.length - MAC_BYTES);
    const tag = body.subarray(body.length - MAC_BYTES);
    const expected = textMac(mac, m[0], bound ? context : null, iv, ct);
    if (!timingSafeEqual(tag, expected)) throw tampered();
    const d = createDecipheriv('sm4-ctr', enc, iv);
    return Buffer.concat([d.update(ct), d.final()]).toString('utf8');
  }

  sealFile(plain: Buffer, version = this.current): Buffer {
    const { enc, mac } = this.sub(version, 'file');
    const head = Buffer.alloc(FILE_MAGIC.length + 4);
    FILE_MAGIC.copy(head);
    head.writeUInt32BE(version, FILE_MAGIC.length);
    const iv = randomBytes(IV_BYTES);
    const c = createCipheriv('sm4-ctr', enc, iv);
    const ct = Buffer.concat([c.update(plain), c.final()]);
    const tag = createHmac('sm3', mac).update(head).update(iv).update(ct).digest();
    return Buffer.concat([head, iv, ct, tag]);
  }

  /** The plaintext of a sealed file; a file stored before sealing (no header) is returned as is. */
  openFile(stored: Buffer): Buffer {
    const version = sealedFileVersion(stored);
    if (version === null) return stored;
    const { enc, mac } = this.sub(version, 'file');
    const h = FILE_MAGIC.length + 4;
    const head = stored.subarray(0, h);
    const iv = stored.subarray(h, h + IV_BYTES);
    const ct = stored.subarray(h + IV_BYTES, stored.length - MAC_BYTES);
    const tag = stored.subarray(stored.length - MAC_BYTES);
    const expected = createHmac('sm3', mac).update(head).update(iv).update(ct).digest();
    if (!timingSafeEqual(tag, expected)) throw tampered();
    const d = createDecipheriv('sm4-ctr', enc, iv);
    return Buffer.concat([d.update(ct), d.final()]);
  }
}

function writeKeyFileExclusive(file: string, keys: Map<number, Buffer>): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, formatKeys(keys), { mode: 0o600, flag: 'wx' });
}

const tampered = () => new AppError('DATA_INTEGRITY_FAILED');

/** HMAC-SM3 over prefix ‖ column ‖ 0x00 ‖ iv ‖ ciphertext (the column only in the bound form). */
function textMac(key: Buffer, prefix: string, context: string | null, iv: Buffer, ct: Buffer): Buffer {
  const h = createHmac('sm3', key).update(prefix);
  if (context !== null) h.update(context, 'utf8').update(Buffer.from([0]));
  return h.update(iv).update(ct).digest();
}

/** The key version of a sealed text, or null for text stored before sealing. */
export function sealedTextVersion(stored: string): number | null {
  const m = TEXT_PREFIX.exec(stored);
  return m ? Number(m[1]) : null;
}

/** Whether a sealed text is bound to its column (the `sm4:v<version>:c:` form). */
export function isBoundSealedText(stored: string): boolean {
  return TEXT_PREFIX.exec(stored)?.[2] !== undefined;
}

/** The key version in a sealed file's header, or null for a file stored before sealing. */
export function sealedFileVersion(stored: Buffer): number | null {
  if (stored.length < FILE_OVERHEAD || !stored.subarray(0, FILE_MAGIC.length).equals(FILE_MAGIC)) return null;
  return stored.readUInt32BE(FILE_MAGIC.length);
}

// ——— the process's ring ———

let installed: KeyRing | null = null;

/** Sets the ring that sealed columns and files use (once at start; tests install their own). */
export function installKeyRing(ring: KeyRing): KeyRing {
  installed = ring;
  return ring;
}

export function hasKeyRing(): boolean {
  return installed !== null;
}

export function keyRing(): KeyRing {
  if (!installed) {
    throw new AppError(
      'DATA_KEY_UNAVAILABLE',
      '数据加密密钥未加载：服务启动时未读取主密钥，无法读写加密数据',
    );
  }
  return installed;
}

/**
 * Opens a value of the column `context` (`table.column`) read by raw SQL (which bypasses the
 * column type); null stays null.
 */
export function openSealed<T extends string | null>(stored: T, context: string): T {
  return (stored === null ? null : keyRing().openText(stored, context)) as T;
}

/** The first `chars` characters of a sealed value, as SQL's left() would give of the plain text. */
export function sealedExcerpt(stored: string | null, context: string, chars: number): string {
  if (stored === null) return '';
  return Array.from(keyRing().openText(stored, context)).slice(0, chars).join('');
}
