import { describe, expect, it } from 'vitest';
import {
  BENFORD_CONFORMITY_LABELS,
  BENFORD_FIRST_DIGIT,
  BENFORD_MIN_UNITS,
  benfordEligible,
  benfordExpected,
  benfordMadPValue,
  benfordTest,
  benfordUnitsTest,
  firstDigit,
  firstDigitConformity,
} from './benford.ts';
import { seededNormal, seededUniform } from './reference.ts';

/** Marsaglia's xorshift32: a deterministic uniform generator on [0, 1) for the tests. */
function xorshift32(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
}

/** 10^(k/73), k = 0 … 364: five decades with the mantissas log10 spread evenly (a Benford lattice). */
const geometric = Array.from({ length: 365 }, (_, k) => 10 ** (k / 73));

/** 2,000 amounts in yuan (to the fen) log-uniform over four decades, 100 to 1,000,000. */
function logUniformAmounts(seed: number, n = 2000): number[] {
  const next = xorshift32(seed);
  return Array.from({ length: n }, () => Math.round(100 * 10 ** (2 + 4 * next())) / 100);
}

describe('Benford proportions', () => {
  it('are log10(1 + 1/d) to 5 decimals and sum to 1', () => {
    const table = [0.30103, 0.17609, 0.12494, 0.09691, 0.07918, 0.06695, 0.05799, 0.05115, 0.04576];
    expect(BENFORD_FIRST_DIGIT).toHaveLength(9);
    table.forEach((p, i) => {
      expect(BENFORD_FIRST_DIGIT[i]).toBeCloseTo(p, 5);
      expect(benfordExpected(i + 1)).toBe(BENFORD_FIRST_DIGIT[i]);
    });
    expect(BENFORD_FIRST_DIGIT.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
    expect(Object.isFrozen(BENFORD_FIRST_DIGIT)).toBe(true);
  });

  it('exist only for the digits 1 to 9', () => {
    for (const d of [0, 10, 1.5, -1, Number.NaN]) expect(() => benfordExpected(d)).toThrow(RangeError);
  });
});

describe('firstDigit', () => {
  it('reads the first significant digit at any magnitude', () => {
    const cases: [number, number][] = [
      [0.00345, 3],
      [12345, 1],
      [1, 1],
      [9.999, 9],
      [10, 1],
      [1000, 1],
      [0.1, 1],
      [0.3, 3],
      [0.30000000000000004, 3],
      [999_999_999, 9],
      [7e-300, 7],
      [5e-324, 5], // the smallest subnormal double
      [2.5e300, 2],
      [Number.MAX_VALUE, 1],
      [6.02214076e23, 6],
      [0.0000999, 9],
    ];
    for (const [x, d] of cases) expect(firstDigit(x), String(x)).toBe(d);
  });

  it('takes the magnitude of negatives and gives null for 0 and non-finite values', () => {
    expect(firstDigit(-7.2)).toBe(7);
    expect(firstDigit(-0.0042)).toBe(4);
    expect(firstDigit(0)).toBeNull();
    expect(firstDigit(-0)).toBeNull();
    expect(firstDigit(Number.NaN)).toBeNull();
    expect(firstDigit(Number.POSITIVE_INFINITY)).toBeNull();
    expect(firstDigit(Number.NEGATIVE_INFINITY)).toBeNull();
  });

  it('agrees with floor(x / 10^floor(log10 x)) away from powers of ten', () => {
    const next = xorshift32(7);
    for (let i = 0; i < 2000; i++) {
      const x = 10 ** (40 * next() - 20);
      const scaled = x / 10 ** Math.floor(Math.log10(x));
      if (Math.abs(scaled - Math.round(scaled)) < 1e-9) continue; // too close to a digit boundary to trust log10
      expect(firstDigit(x)).toBe(Math.floor(scaled));
    }
  });
});

describe('benfordEligible', () => {
  it('needs 50 usable values by default, configurable', () => {
    const values = Array.from({ length: 49 }, (_, k) => 10 ** (k / 10));
    const r = benfordEligible(values);
    expect(r).toMatchObject({ eligible: false, n: 49 });
    expect(r.reason).toContain('49');
    expect(r.reason).toContain('50');
    expect(benfordEligible(values, { minCount: 40 }).eligible).toBe(true);
    expect(benfordEligible([...values, 3]).eligible).toBe(true);
  });

  it('needs at least two orders of magnitude (max/min ≥ 100), configurable', () => {
    const narrow = Array.from({ length: 99 }, (_, k) => k + 1); // 1 … 99: ratio 99
    const r = benfordEligible(narrow);
    expect(r.eligible).toBe(false);
    expect(r.ratio).toBe(99);
    expect(r.reason).toContain('数量级');
    expect(benfordEligible([...narrow, 100])).toMatchObject({ eligible: true, ratio: 100 }); // exactly 100
    expect(benfordEligible(narrow, { minRatio: 50 }).eligible).toBe(true);
    expect(benfordEligible([...narrow, 100], { minRatio: 1000 }).eligible).toBe(false);
  });

  it('ignores zeros and non-finite values and reads negatives by magnitude', () => {
    const values = [
      ...Array.from({ length: 60 }, (_, k) => -(10 ** (k / 20))),
      0,
      0,
      Number.NaN,
      Number.POSITIVE_INFINITY,
    ];
    const r = benfordEligible(values);
    expect(r.n).toBe(60);
    expect(r.eligible).toBe(true);
    expect(r.reason).toBe('有效数值 60 个，跨越约 3 个数量级，适合进行首位数字检验');
    expect(benfordEligible([])).toMatchObject({ eligible: false, n: 0, ratio: null });
  });
});

describe('firstDigitConformity (Nigrini)', () => {
  it('classifies the MAD at the published bounds, inclusive', () => {
    expect(firstDigitConformity(0)).toBe('close');
    expect(firstDigitConformity(0.006)).toBe('close');
    expect(firstDigitConformity(0.0061)).toBe('acceptable');
    expect(firstDigitConformity(0.012)).toBe('acceptable');
    expect(firstDigitConformity(0.0121)).toBe('marginal');
    expect(firstDigitConformity(0.015)).toBe('marginal');
    expect(firstDigitConformity(0.0151)).toBe('nonconformity');
    expect(BENFORD_CONFORMITY_LABELS).toEqual({
      close: '近似符合',
      acceptable: '可接受',
      marginal: '边缘',
      nonconformity: '不符合',
    });
  });
});

describe('benfordTest', () => {
  it('computes MAD, χ² and z by hand on a collection of 100 values that all start with 1', () => {
    const r = benfordTest(Array.from({ length: 100 }, (_, k) => 1 + k / 100)); // 1.00 … 1.99
    const e1 = Math.log10(2);
    expect(r.n).toBe(100);
    expect(r.digits[0]).toMatchObject({ digit: 1, count: 100, observed: 1 });
    expect(r.digits.slice(1).every((d) => d.count === 0)).toBe(true);
    // |1 − e₁| + Σ_{d≥2} e_d = 2 (1 − e₁) = 1.39794; over nine digits: 0.155327
    expect(r.mad).toBeCloseTo((2 * (1 - e1)) / 9, 12);
    expect(r.mad).toBeCloseTo(0.155327, 6);
    // χ² = n[(1 − e₁)²/e₁ + Σ_{d≥2} e_d] = n(1 − e₁)/e₁ = 100 · 0.69897 / 0.30103 = 232.193
    expect(r.chiSquare).toBeCloseTo((100 * (1 - e1)) / e1, 9);
    expect(r.chiSquare).toBeCloseTo(232.193, 3);
    // z₁ = (0.69897 − 1/200) / √(0.30103 · 0.69897 / 100) = 0.69397 / 0.0458707 = 15.129
    expect(r.digits[0]!.z).toBeCloseTo((1 - e1 - 0.005) / Math.sqrt((e1 * (1 - e1)) / 100), 10);
    expect(r.digits[0]!.z).toBeCloseTo(15.129, 3);
    // digit 9: |0 − 0.04576| > 1/200, so corrected: (0.04576 − 0.005) / √(0.04576 · 0.95424 / 100)
    const e9 = Math.log10(10 / 9);
    expect(r.digits[8]!.z).toBeCloseTo((e9 - 0.005) / Math.sqrt((e9 * (1 - e9)) / 100), 10);
    expect(r.digits[8]!.deviation).toBeCloseTo(-e9, 15);
    expect(r.conformity).toBe('nonconformity');
    expect(r.conformityLabel).toBe('不符合');
    expect(r.pValue).toBeLessThan(1e-40);
    expect(r.df).toBe(8);
    expect(r.eligibility.eligible).toBe(false); // 1 … 1.99 spans less than one order of magnitude
  });

  it('drops the continuity correction when it exceeds the deviation', () => {
    // counts exactly proportional to Benford except rounding: deviations below 1/(2n)
    const n = 100_000;
    const values: number[] = [];
    for (let d = 1; d <= 9; d++) for (let i = 0; i < Math.round(n * benfordExpected(d)); i++) values.push(d);
    const r = benfordTest(values);
    for (const d of r.digits) {
      expect(Math.abs(d.deviation)).toBeLessThan(1 / (2 * r.n));
      expect(d.z).toBeCloseTo(Math.abs(d.deviation) / Math.sqrt((d.expected * (1 - d.expected)) / r.n), 12);
    }
    expect(r.conformity).toBe('close');
    expect(r.pValue).toBeGreaterThan(0.999);
  });

  it('finds a geometric sequence over five decades close to the law and does not flag it', () => {
    const r = benfordTest(geometric);
    expect(r.n).toBe(365);
    expect(r.eligibility.eligible).toBe(true);
    expect(r.conformity).toBe('close');
    expect(r.mad).toBeLessThan(0.006);
    expect(r.pValue).toBeGreaterThan(0.05);
    expect(r.digits.reduce((s, d) => s + d.count, 0)).toBe(365);
  });

  it('does not flag log-uniform amounts from a seeded generator', () => {
    const r = benfordTest(logUniformAmounts(1));
    expect(r.eligibility.eligible).toBe(true);
    expect(['close', 'acceptable']).toContain(r.conformity);
    expect(r.pValue).toBeGreaterThan(0.05);
  });

  it('flags fabricated round figures starting with 5 or 6', () => {
    const genuine = Array.from({ length: 1000 }, (_, k) => 10 ** (2 + k / 200)); // 100 to 10^7, five decades
    expect(benfordTest(genuine).conformity).toBe('close');
    const rounded = [5000, 5500, 6000, 6500, 58000];
    const fabricated = Array.from({ length: 250 }, (_, i) => rounded[i % rounded.length]!);
    const r = benfordTest([...genuine, ...fabricated]);
    expect(r.n).toBe(1250);
    expect(r.conformity).toBe('nonconformity');
    expect(r.conformityLabel).toBe('不符合');
    expect(r.mad).toBeGreaterThan(0.015);
    expect(r.pValue).toBeLessThan(0.001);
    // the digit that stands out most is 5, then 6, both over-represented
    const byZ = [...r.digits].sort((a, b) => b.z - a.z);
    expect(byZ.slice(0, 2).map((d) => d.digit)).toEqual([5, 6]);
    expect(r.digits[4]!.deviation).toBeGreaterThan(0);
    expect(r.digits[5]!.deviation).toBeGreaterThan(0);
  });

  it('flags amounts clustered just under an approval threshold of 50,000', () => {
    const genuine = Array.from({ length: 1000 }, (_, k) => 10 ** (2 + k / 250)); // 100 to 10^6
    const underThreshold = Array.from({ length: 150 }, (_, i) => 49_000 + ((i * 37) % 1000) * 0.999);
    const r = benfordTest([...genuine, ...underThreshold]);
    expect(r.conformity).toBe('nonconformity');
    expect(r.pValue).toBeLessThan(0.001);
    const worst = r.digits.reduce((a, b) => (b.z > a.z ? b : a));
    expect(worst.digit).toBe(4);
    expect(worst.z).toBeGreaterThan(10);
  });

  it('flags figures spread evenly over the digits (uniform 1 … 9,999)', () => {
    const r = benfordTest(Array.from({ length: 9999 }, (_, k) => k + 1));
    expect(r.conformity).toBe('nonconformity');
    expect(r.pValue).toBeLessThan(1e-100);
  });

  it('counts ignored values and refuses a collection without any usable value', () => {
    const r = benfordTest([...geometric, 0, Number.NaN, -0]);
    expect(r.n).toBe(365);
    expect(r.ignored).toBe(3);
    expect(() => benfordTest([])).toThrow(RangeError);
    expect(() => benfordTest([0, Number.NaN])).toThrow(RangeError);
  });

  it('passes eligibility options through', () => {
    expect(benfordTest(geometric, { minCount: 1000 }).eligibility.eligible).toBe(false);
  });
});

describe('benfordUnitsTest', () => {
  it('judges one value per unit by a calibrated MAD, not by Nigrini’s large-sample classes', () => {
    const normal = seededNormal(seededUniform(5));
    let flagged = 0;
    let nonconforming = 0;
    for (let k = 0; k < 200; k++) {
      // 80 genuine units: log-normal sizes over three orders of magnitude
      const units = Array.from({ length: 80 }, () => 10 ** (3 + 0.8 * normal()));
      const r = benfordUnitsTest(units);
      expect(r.judged).toBe(true);
      if (r.madPValue! <= 0.05) flagged++;
      if (r.conformity === 'nonconformity') nonconforming++;
    }
    expect(flagged / 200).toBeLessThan(0.1);
    expect(nonconforming / 200).toBeGreaterThan(0.5);
  });

  it('flags invented figures with evenly used digits, and leaves too few units unjudged', () => {
    const uniform = seededUniform(9);
    const invented = Array.from(
      { length: 120 },
      () => (1 + Math.floor(9 * uniform()) + 0.37) * 10 ** (2 + Math.floor(3 * uniform())),
    );
    const r = benfordUnitsTest(invented);
    expect(r.judged).toBe(true);
    expect(r.madPValue).toBeLessThan(0.001);
    const few = benfordUnitsTest(invented.slice(0, BENFORD_MIN_UNITS - 1));
    expect(few.judged).toBe(false);
    expect(few.madPValue).toBeNull();
    expect(benfordMadPValue(0, 80)).toBeCloseTo(1, 6);
  });
});
