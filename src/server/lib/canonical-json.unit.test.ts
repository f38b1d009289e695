import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.ts';

describe('RFC 8785 canonical JSON', () => {
  it('sorts keys by UTF-16 code units and drops whitespace', () => {
    // The ordering example of RFC 8785 §3.2.3 (keys chosen to exercise code-unit order).
    const input = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    // (JSON.parse would reorder the integer-like key "1", so the text itself is checked.)
    const keys = [...canonicalJson(input).matchAll(/"((?:[^"\\]|\\.)*)":/g)].map((m) =>
      JSON.parse(`"${m[1]}"`),
    );
    expect(keys).toEqual(['\r', '1', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33']);
    expect(canonicalJson({ b: 1, a: [true, null] })).toBe('{"a":[true,null],"b":1}');
  });

  it('serialises numbers as ECMAScript does', () => {
    expect(canonicalJson([1e30, 4.5, 0.002, 1e-7, -0, 333333333.3333333])).toBe(
      '[1e+30,4.5,0.002,1e-7,0,333333333.3333333]',
    );
    expect(() => canonicalJson(Number.NaN)).toThrow();
  });

  it('escapes strings minimally', () => {
    expect(canonicalJson({ a: '\u000f\n"\\/中文' })).toBe('{"a":"\\u000f\\n\\"\\\\/中文"}');
  });

  it('is independent of key order and round-trips', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.boolean())),
        (obj) => {
          const reversed = Object.fromEntries(Object.entries(obj).reverse());
          expect(canonicalJson(reversed)).toBe(canonicalJson(obj));
          expect(JSON.parse(canonicalJson(obj))).toEqual(obj);
        },
      ),
    );
  });
});
