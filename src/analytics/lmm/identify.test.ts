import { describe, expect, it } from 'vitest';
import { makeProvince } from '../../../test/lmm-province.ts';
import { fitLmm } from './fit.ts';
import { identifyPersons } from './identify.ts';

describe('identification of person against platform', () => {
  it('splits the person–platform graph into connected sets through movers', () => {
    // p0 in u0; p1 moves u0 → u1; p2 in u1; p3 and p4 share u2 and never move.
    const person = Int32Array.from([0, 0, 1, 1, 2, 2, 3, 3, 4]);
    const platform = Int32Array.from([0, 0, 0, 1, 1, 1, 2, 2, 2]);
    const id = identifyPersons(person, 5, platform, 3);
    expect(id.sets).toEqual([
      { persons: 3, platforms: 2, observations: 6 },
      { persons: 2, platforms: 1, observations: 3 },
    ]);
    expect([...id.personSet]).toEqual([0, 0, 0, 1, 1]);
    expect([...id.platformSet]).toEqual([0, 0, 1]);
    expect([...id.personIdentified]).toEqual([1, 1, 1, 0, 0]);
    expect([...id.personObservations]).toEqual([2, 2, 2, 2, 1]);
    expect([...id.platformObservations]).toEqual([3, 3, 3]);
    expect(id.movers).toBe(1);
  });

  it('reports every person unidentified when nobody moves', () => {
    const pv = makeProvince({ counties: 1, unitsPerCounty: 20, cadresPerUnit: 4, moverShare: 0, seed: 3 });
    const fit = fitLmm(pv.table, 'y ~ quarter + (1|unit) + (1|cadre)', {
      identify: { person: 'cadre', platform: 'unit' },
    });
    expect(fit.unidentified.cadre).toHaveLength(pv.cadres);
    expect(fit.identification!.movers).toBe(0);
    // One set per unit that has anyone in it.
    expect(fit.identification!.sets).toHaveLength(fit.ngroups.unit!);
  });

  it('chooses the factor with more levels as the person by default', () => {
    const pv = makeProvince({ counties: 1, unitsPerCounty: 20, cadresPerUnit: 4, seed: 4 });
    const fit = fitLmm(pv.table, 'y ~ 1 + (1|unit) + (1|cadre)');
    expect(fit.identification).toMatchObject({ person: 'cadre', platform: 'unit' });
    // Whoever is unidentified sits in a unit that nobody entered or left.
    const unitsOf = new Map<number, Set<number>>();
    pv.table.cadre.forEach((c, i) => {
      if (!unitsOf.has(c)) unitsOf.set(c, new Set());
      unitsOf.get(c)!.add(pv.table.unit[i]!);
    });
    const moversUnits = new Set([...unitsOf.values()].filter((u) => u.size > 1).flatMap((u) => [...u]));
    for (const level of fit.unidentified.cadre!) {
      const units = [...unitsOf.get(Number(level))!];
      expect(units).toHaveLength(1);
      expect(moversUnits.has(units[0]!)).toBe(false);
    }
    expect(fit.unidentified.cadre!.length).toBeLessThan(pv.cadres / 2);
    expect(fitLmm(pv.table, 'y ~ 1 + (1|unit) + (1|cadre)', { identify: false }).unidentified).toEqual({});
  });
});
