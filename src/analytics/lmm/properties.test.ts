import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../test/lmm-province.ts';
import { parseCsv } from './csv.ts';
import type { Table } from './design.ts';
import { fitLmm, type LmmFit } from './fit.ts';

const dir = path.resolve(import.meta.dirname, '../../../test/fixtures/lmm');
const data = (name: string) => parseCsv(fs.readFileSync(path.join(dir, `${name}.csv`), 'utf8'));

const models: { data: Table; formula: string }[] = [
  { data: data('penicillin'), formula: 'diameter ~ 1 + (1|plate) + (1|sample)' },
  { data: data('sleepstudy'), formula: 'Reaction ~ Days + (Days | Subject)' },
  { data: data('shrout-fleiss'), formula: 'score ~ judge + (1|target)' },
];

function mapRows(t: Table, order: number[]): Table {
  const out: Table = {};
  for (const [k, c] of Object.entries(t)) out[k] = order.map((i) => c[i] as number | string);
  return out;
}
function withY(t: Table, y: string, f: (v: number) => number): Table {
  const c = t[y]!;
  return { ...t, [y]: Float64Array.from({ length: c.length }, (_, i) => f(c[i] as number)) };
}
const near = (a: number, b: number, tol = 1e-5) =>
  expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));
function sameVariances(a: LmmFit, b: LmmFit, scale = 1) {
  for (const [g, terms] of Object.entries(b.sd)) {
    for (const [t, v] of Object.entries(terms)) near(a.sd[g]![t]!, v * scale, 1e-4);
  }
}

describe('lmm properties', () => {
  it('permuting the rows changes nothing', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: models.length - 1 }), fc.integer(), (m, seed) => {
        const { data, formula } = models[m]!;
        const n = Object.values(data)[0]!.length;
        const rand = mulberry32(seed);
        const order = Array.from({ length: n }, (_, i) => i);
        for (let i = n - 1; i > 0; i--) {
          const j = Math.floor(rand() * (i + 1));
          [order[i], order[j]] = [order[j]!, order[i]!];
        }
        const base = fitLmm(data, formula);
        const perm = fitLmm(mapRows(data, order), formula);
        near(perm.remlCriterion!, base.remlCriterion!, 1e-9);
        sameVariances(perm, base);
        for (const [t, f] of Object.entries(base.fixef)) near(perm.fixef[t]!.estimate, f.estimate, 1e-6);
        for (const [g, list] of Object.entries(base.ranef)) {
          // A flat optimum moves the modes within the optimizer's tolerance on the scale of their
          // spread, so they are compared relative to their term's standard deviation.
          list.forEach((r, i) => {
            const spread = Math.max(1, base.sd[g]![r.term]!);
            expect(Math.abs(perm.ranef[g]![i]!.mode - r.mode)).toBeLessThanOrEqual(1e-4 * spread);
          });
        }
      }),
      { numRuns: 12 },
    );
  });

  it('adding a constant to y shifts only the intercept', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: models.length - 1 }),
        fc.double({ min: -1e4, max: 1e4, noNaN: true }),
        (m, c) => {
          const { data, formula } = models[m]!;
          const y = formula.split('~')[0]!.trim();
          const base = fitLmm(data, formula);
          const shifted = fitLmm(
            withY(data, y, (v) => v + c),
            formula,
          );
          near(shifted.fixef['(Intercept)']!.estimate, base.fixef['(Intercept)']!.estimate + c, 1e-6);
          for (const [t, f] of Object.entries(base.fixef)) {
            if (t !== '(Intercept)') near(shifted.fixef[t]!.estimate, f.estimate, 1e-5);
            near(shifted.fixef[t]!.se, f.se, 1e-4);
          }
          sameVariances(shifted, base);
          near(shifted.remlCriterion!, base.remlCriterion!, 1e-8);
        },
      ),
      { numRuns: 12 },
    );
  });

  it('scaling y scales the standard deviations and the effects', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: models.length - 1 }),
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        (m, s) => {
          const { data, formula } = models[m]!;
          const y = formula.split('~')[0]!.trim();
          const base = fitLmm(data, formula);
          const scaled = fitLmm(
            withY(data, y, (v) => v * s),
            formula,
          );
          sameVariances(scaled, base, s);
          near(scaled.sigma, base.sigma * s, 1e-4);
          for (const [t, f] of Object.entries(base.fixef))
            near(scaled.fixef[t]!.estimate, f.estimate * s, 1e-5);
          // The criterion moves by the log of the scale, once per residual degree of freedom.
          const df = base.nobs - Object.keys(base.fixef).length;
          near(scaled.remlCriterion!, base.remlCriterion! + 2 * df * Math.log(s), 1e-8);
        },
      ),
      { numRuns: 12 },
    );
  });
});
