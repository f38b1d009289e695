/**
 * Synthetic careers shaped like a province, for the mixed-model tests and benchmark: counties of
 * units, cadres observed every quarter, a share of them moving once (mostly within their county).
 * Unit and cadre effects are planted so that a fit can be checked against them.
 */

import { seededUniform } from '../src/analytics/reference.ts';

export interface ProvinceOptions {
  counties: number;
  unitsPerCounty?: number;
  /** Cadres per unit on average (100,000 cadres over 15,000 units in the full province). */
  cadresPerUnit?: number;
  quarters?: number;
  /** Share of cadres who move once. */
  moverShare?: number;
  /** Share of moves that stay within the county. */
  withinCounty?: number;
  sdUnit?: number;
  sdCadre?: number;
  sdNoise?: number;
  seed?: number;
}

export interface Province {
  /** Columns: y, quarter (`Q1`…), unit and cadre ids (numbers, grouping factors in the model). */
  table: { y: Float64Array; quarter: string[]; unit: Float64Array; cadre: Float64Array };
  unitEffect: Float64Array;
  cadreEffect: Float64Array;
  cadres: number;
  units: number;
  movers: number;
}

/** The seeded uniform generator the forensic references use (mulberry32). */
export const mulberry32 = seededUniform;

export function normal(rand: () => number): () => number {
  return () => {
    const u = 1 - rand();
    const v = rand();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}

export function makeProvince(o: ProvinceOptions): Province {
  const perCounty = o.unitsPerCounty ?? 150;
  const units = o.counties * perCounty;
  const cadres = Math.round(units * (o.cadresPerUnit ?? 100_000 / 15_000));
  const quarters = o.quarters ?? 8;
  const rand = mulberry32(o.seed ?? 1);
  const gauss = normal(rand);
  const unitEffect = Float64Array.from({ length: units }, () => (o.sdUnit ?? 1) * gauss());
  const cadreEffect = Float64Array.from({ length: cadres }, () => (o.sdCadre ?? 1) * gauss());
  const n = cadres * quarters;
  const y = new Float64Array(n);
  const quarter = new Array<string>(n);
  const unit = new Float64Array(n);
  const cadre = new Float64Array(n);
  const qLabels = Array.from({ length: quarters }, (_, q) => `Q${q + 1}`);
  let movers = 0;
  let r = 0;
  for (let c = 0; c < cadres; c++) {
    const home = Math.floor(rand() * units);
    let dest = home;
    let moveAt = quarters;
    if (rand() < (o.moverShare ?? 0.25) && quarters > 1) {
      movers++;
      moveAt = 1 + Math.floor(rand() * (quarters - 1));
      const county = Math.floor(home / perCounty);
      if (rand() < (o.withinCounty ?? 0.9) || o.counties === 1) {
        const other = (home - county * perCounty + 1 + Math.floor(rand() * (perCounty - 1))) % perCounty;
        dest = county * perCounty + other;
      } else {
        const otherCounty = (county + 1 + Math.floor(rand() * (o.counties - 1))) % o.counties;
        dest = otherCounty * perCounty + Math.floor(rand() * perCounty);
      }
    }
    for (let q = 0; q < quarters; q++) {
      const u = q < moveAt ? home : dest;
      unit[r] = u + 1;
      cadre[r] = c + 1;
      quarter[r] = qLabels[q]!;
      y[r] = 0.05 * q + unitEffect[u]! + cadreEffect[c]! + (o.sdNoise ?? 1) * gauss();
      r++;
    }
  }
  return { table: { y, quarter, unit, cadre }, unitEffect, cadreEffect, cadres, units, movers };
}
