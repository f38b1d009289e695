import { describe, expect, it } from 'vitest';
import { makeProvince } from '../../../test/lmm-province.ts';
import { spearman } from '../rank.ts';
import { fitLmm } from './fit.ts';

describe('recovery of planted effects', () => {
  // 3 counties of 40 units, ~7 cadres a unit over 8 quarters; strong unit effects.
  const pv = makeProvince({ counties: 3, unitsPerCounty: 40, sdUnit: 1.5, sdCadre: 1, sdNoise: 1, seed: 11 });
  const fit = fitLmm(pv.table, 'y ~ quarter + (1|unit) + (1|cadre)');
  const cadreMode = new Float64Array(pv.cadres);
  for (const r of fit.ranef.cadre!) cadreMode[Number(r.level) - 1] = r.mode;
  // Each cadre's first unit, and the raw mean of their scores.
  const home = new Float64Array(pv.cadres);
  const sum = new Float64Array(pv.cadres);
  const cnt = new Float64Array(pv.cadres);
  for (let i = pv.table.y.length - 1; i >= 0; i--) {
    const c = pv.table.cadre[i]! - 1;
    home[c] = pv.unitEffect[pv.table.unit[i]! - 1]!;
    sum[c]! += pv.table.y[i]!;
    cnt[c]!++;
  }
  const rawMean = sum.map((s, c) => s / cnt[c]!);

  it('ranks cadres as their planted effects (Spearman ≥ 0.85)', () => {
    expect(fit.converged).toBe(true);
    expect(spearman(cadreMode, pv.cadreEffect)).toBeGreaterThanOrEqual(0.85);
  });

  it('does not credit the unit effect to the cadres', () => {
    // The raw mean carries the unit's effect; the fitted cadre effect does not.
    expect(spearman(rawMean, home)).toBeGreaterThan(0.6);
    expect(Math.abs(spearman(cadreMode, home))).toBeLessThan(0.1);
    const unitMode = new Float64Array(pv.units);
    for (const r of fit.ranef.unit!) unitMode[Number(r.level) - 1] = r.mode;
    expect(spearman(unitMode, pv.unitEffect)).toBeGreaterThanOrEqual(0.85);
  });

  it('recovers the variance components', () => {
    expect(fit.sd.unit!['(Intercept)']).toBeGreaterThan(1.2);
    expect(fit.sd.unit!['(Intercept)']).toBeLessThan(1.8);
    expect(fit.sd.cadre!['(Intercept)']).toBeGreaterThan(0.85);
    expect(fit.sd.cadre!['(Intercept)']).toBeLessThan(1.15);
    expect(fit.sigma).toBeGreaterThan(0.95);
    expect(fit.sigma).toBeLessThan(1.05);
  });

  it('links almost every cadre into one connected set through the movers', () => {
    const main = fit.identification!.sets[0]!;
    expect(main.persons).toBeGreaterThan(0.95 * pv.cadres);
    expect(fit.unidentified.cadre!.length).toBeLessThan(0.05 * pv.cadres);
  });
});
