import { createHash, randomBytes } from 'node:crypto';

/** SM3 (GB/T 32905) of the given parts, hex. */
export function sm3Hex(...parts: (string | Uint8Array)[]): string {
  const h = createHash('sm3');
  for (const p of parts) h.update(p);
  return h.digest('hex');
}

/** A random token of `bytes` bytes (default 32 = 256 bits), base64url. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export const GENESIS_HASH = '0'.repeat(64);
