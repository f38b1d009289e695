import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FILE_OVERHEAD, isBoundSealedText, KeyRing, sealedFileVersion, sealedTextVersion } from './seal.ts';

describe('SM4 and SM3 of the platform crypto', () => {
  it('gives the GB/T 32907-2016 example ciphertext and the GB/T 32905-2016 example hash', () => {
    const key = Buffer.from('0123456789abcdeffedcba9876543210', 'hex');
    const c = createCipheriv('sm4-ecb', key, null).setAutoPadding(false);
    const out = Buffer.concat([c.update(key), c.final()]);
    expect(out.toString('hex')).toBe('681edf34d206965e86b3e94f536e4246');
    expect(createHash('sm3').update('abc').digest('hex')).toBe(
      '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0',
    );
  });
});

describe('sealing', () => {
  const ring = new KeyRing(new Map([[3, randomBytes(32)]]), 'ephemeral');

  const COL = 'scene_observations.notes';

  it('seals text with a fresh IV under the current version and opens it', () => {
    const a = ring.sealText('会上表态积极', COL);
    const b = ring.sealText('会上表态积极', COL);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^sm4:v3:c:[A-Za-z0-9+/=]+$/);
    expect(sealedTextVersion(a)).toBe(3);
    expect(isBoundSealedText(a)).toBe(true);
    expect(a).not.toContain('表态');
    expect(ring.openText(a, COL)).toBe('会上表态积极');
    expect(ring.openText(ring.sealText('', COL), COL)).toBe('');
    expect(ring.openText('旧数据', COL)).toBe('旧数据');
  });

  it('binds a value to its column: another column, or none, fails the MAC', () => {
    const s = ring.sealText('考察发现', 'delivery_findings.description');
    for (const other of ['delivery_findings.explanation', 'delivery_findings.descriptio', 'x', '']) {
      expect(() => ring.openText(s, other)).toThrow(
        expect.objectContaining({ code: 'DATA_INTEGRITY_FAILED' }),
      );
    }
    expect(() => ring.openText(s, null)).toThrow(expect.objectContaining({ code: 'DATA_INTEGRITY_FAILED' }));
    // Stripping the binding marker does not turn it into a valid unbound value.
    expect(() => ring.openText(s.replace('sm4:v3:c:', 'sm4:v3:'), COL)).toThrow(
      expect.objectContaining({ code: 'DATA_INTEGRITY_FAILED' }),
    );
  });

  it('still opens the earlier unbound form, in any column', () => {
    const old = ring.sealText('旧格式密文', null);
    expect(old).toMatch(/^sm4:v3:[A-Za-z0-9+/=]+$/);
    expect(isBoundSealedText(old)).toBe(false);
    expect(sealedTextVersion(old)).toBe(3);
    expect(ring.openText(old, COL)).toBe('旧格式密文');
    expect(ring.openText(old, null)).toBe('旧格式密文');
    // Marking it bound does not pass the MAC either.
    expect(() => ring.openText(old.replace('sm4:v3:', 'sm4:v3:c:'), COL)).toThrow(
      expect.objectContaining({ code: 'DATA_INTEGRITY_FAILED' }),
    );
  });

  it('refuses a changed byte, a changed version, a truncated value and a wrong key', () => {
    const s = ring.sealText('考察发现', COL);
    const body = Buffer.from(s.slice('sm4:v3:c:'.length), 'base64');
    for (const i of [0, 17, body.length - 1]) {
      const bad = Buffer.from(body);
      bad[i] = bad[i]! ^ 0x80;
      expect(() => ring.openText(`sm4:v3:c:${bad.toString('base64')}`, COL)).toThrow(
        expect.objectContaining({ code: 'DATA_INTEGRITY_FAILED' }),
      );
    }
    expect(() => ring.openText('sm4:v3:c:AAAA', COL)).toThrow(
      expect.objectContaining({ code: 'DATA_INTEGRITY_FAILED' }),
    );
    const two = new KeyRing(
      new Map([
        [2, randomBytes(32)],
        [3, randomBytes(32)],
      ]),
      'ephemeral',
    );
    expect(() => two.openText(s.replace('sm4:v3:', 'sm4:v2:'), COL)).toThrow(
      expect.objectContaining({ code: 'DATA_INTEGRITY_FAILED' }),
    );
    expect(() => two.openText(s, COL)).toThrow(expect.objectContaining({ code: 'DATA_INTEGRITY_FAILED' }));
    const other = new KeyRing(new Map([[1, randomBytes(32)]]), 'ephemeral');
    expect(() => other.openText(s, COL)).toThrow(expect.objectContaining({ code: 'DATA_KEY_UNAVAILABLE' }));
  });

  it('seals files with a versioned header, a fixed overhead, and reads unsealed files as they are', () => {
    const plain = randomBytes(1000);
    const sealed = ring.sealFile(plain);
    expect(sealed.length).toBe(plain.length + FILE_OVERHEAD);
    expect(sealedFileVersion(sealed)).toBe(3);
    expect(ring.openFile(sealed).equals(plain)).toBe(true);
    expect(ring.openFile(plain).equals(plain)).toBe(true);
    const bad = Buffer.from(sealed);
    bad[FILE_OVERHEAD] = bad[FILE_OVERHEAD]! ^ 1;
    expect(() => ring.openFile(bad)).toThrow(expect.objectContaining({ code: 'DATA_INTEGRITY_FAILED' }));
    // Text and file keys differ: a sealed text body is no sealed file.
    expect(sealedFileVersion(Buffer.from(ring.sealText('x', COL)))).toBeNull();
  });
});
