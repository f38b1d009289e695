import { fitLmm, type LmmFit } from './lmm/index.ts';
import { normalCdf } from './special.ts';

/**
 * 与个体成长同步解析: from outcome measures per cadre and quarter to each cadre's own
 * contribution, told apart from the unit they served in (the platform, 平台光环) and the unit's
 * resources, with its uncertainty; growth speed and a projection. Pure: no I/O.
 *
 * Each measure is first standardised within quarter × role type to a T-score (mean 50, SD 10), so
 * that contributions read as points and cadres of different kinds of post are compared with
 * their peers. Then, per measure, over all quarters:
 *
 *   score ~ resources + quarter + (1 | unit) + (1 | cadre)
 *
 * the unit effect is the platform, the resource terms the external support, the cadre effect the
 * person's own contribution (a conditional mode with its conditional standard error). Movers —
 * cadres who served in more than one unit — identify the split; a cadre in a connected set of
 * one unit is "unidentified" and is compared only with colleagues in the same unit.
 */

export const RESOURCE_TERMS = ['staffing', 'budgetPerPost', 'investment', 'economicBase'] as const;
export type ResourceTerm = (typeof RESOURCE_TERMS)[number];

export interface MeasureObservation {
  cadreId: string;
  unitId: string;
  quarter: string;
  roleType: string;
  value: number;
  /** The unit's resources in that quarter's year, as model covariates (already scaled). */
  resources: Record<ResourceTerm, number>;
}

/** T-scores within each quarter and role type (pooled over role types where a group has < 5). */
export function standardise<T extends MeasureObservation>(obs: readonly T[]): (T & { score: number })[] {
  const key = (o: T, byRole: boolean) => `${o.quarter}|${byRole ? o.roleType : '*'}`;
  const stats = (byRole: boolean) => {
    const m = new Map<string, { n: number; s: number; ss: number }>();
    for (const o of obs) {
      const k = key(o, byRole);
      const x = m.get(k) ?? { n: 0, s: 0, ss: 0 };
      x.n++;
      x.s += o.value;
      x.ss += o.value * o.value;
      m.set(k, x);
    }
    return m;
  };
  const byRole = stats(true);
  const pooled = stats(false);
  return obs.map((o) => {
    const own = byRole.get(key(o, true))!;
    const g = own.n >= 5 ? own : pooled.get(key(o, false))!;
    const mean = g.s / g.n;
    const sd = Math.sqrt(Math.max(0, g.ss / g.n - mean * mean));
    return { ...o, score: sd > 1e-9 ? 50 + (10 * (o.value - mean)) / sd : 50 };
  });
}

export interface Decomposition {
  cadreId: string;
  /** The cadre's mean score over their quarters. */
  raw: number;
  /** The mean effect of the units they served in (weighted by quarters). */
  platform: number;
  /** The resources' part: fixed effects × the cadre's resources relative to the county mean. */
  resources: number;
  /** Own contribution (conditional mode) and its standard error; null when unidentified. */
  own: number | null;
  ownSe: number | null;
  /** Own effect relative to colleagues of the same unit (always estimable). */
  withinUnit: number;
  identified: boolean;
  n: number;
  /** Per quarter: the score less everything but the person (for the growth trajectory). */
  quarterly: { quarter: string; own: number }[];
}

export interface MeasureModel {
  formula: string;
  nobs: number;
  cadres: number;
  units: number;
  movers: number;
  sets: { persons: number; platforms: number; observations: number }[];
  sd: { cadre: number; unit: number; residual: number };
  fixef: Record<string, { estimate: number; se: number }>;
  converged: boolean;
  singular: boolean;
  fitMs: number;
}

/** Fits one measure's model and decomposes every cadre's result. */
export function decompose(obs: readonly (MeasureObservation & { score: number })[]): {
  model: MeasureModel;
  cadres: Decomposition[];
} {
  const resourceTerms = RESOURCE_TERMS.filter((t) => variance(obs.map((o) => o.resources[t])) > 1e-9);
  const quarters = [...new Set(obs.map((o) => o.quarter))].sort();
  const table: Record<string, (string | number)[]> = { y: [], unit: [], cadre: [], quarter: [] };
  for (const t of resourceTerms) table[t] = [];
  for (const o of obs) {
    table.y!.push(o.score);
    table.unit!.push(o.unitId);
    table.cadre!.push(o.cadreId);
    table.quarter!.push(o.quarter);
    for (const t of resourceTerms) table[t]!.push(o.resources[t]);
  }
  const fixed = [...resourceTerms, ...(quarters.length > 1 ? ['quarter'] : [])];
  const formula = `y ~ ${fixed.length ? fixed.join(' + ') : '1'} + (1 | unit) + (1 | cadre)`;
  const fit = fitLmm(table, formula, { identify: { person: 'cadre', platform: 'unit' } });
  return { model: modelOf(fit, obs), cadres: decompositions(fit, obs, resourceTerms) };
}

function modelOf(fit: LmmFit, obs: readonly MeasureObservation[]): MeasureModel {
  return {
    formula: fit.formula,
    nobs: fit.nobs,
    cadres: fit.ngroups.cadre ?? 0,
    units: fit.ngroups.unit ?? 0,
    movers: fit.identification?.movers ?? 0,
    sets: fit.identification?.sets ?? [],
    sd: {
      cadre: fit.sd.cadre?.['(Intercept)'] ?? 0,
      unit: fit.sd.unit?.['(Intercept)'] ?? 0,
      residual: fit.sigma,
    },
    fixef: fit.fixef,
    converged: fit.converged,
    singular: fit.singular,
    fitMs: Math.round(fit.fitMs * 10) / 10 || (obs.length ? 0.1 : 0),
  };
}

function decompositions(
  fit: LmmFit,
  obs: readonly (MeasureObservation & { score: number })[],
  resourceTerms: readonly ResourceTerm[],
): Decomposition[] {
  const unitEffect = new Map((fit.ranef.unit ?? []).map((r) => [r.level, r.mode]));
  const cadreEffect = new Map((fit.ranef.cadre ?? []).map((r) => [r.level, r]));
  const unidentified = new Set(fit.unidentified.cadre ?? []);
  const meanRes = Object.fromEntries(
    resourceTerms.map((t) => [t, obs.reduce((s, o) => s + o.resources[t], 0) / obs.length]),
  ) as Record<ResourceTerm, number>;
  const fixedOf = (o: MeasureObservation) => {
    let f = fit.fixef['(Intercept)']?.estimate ?? 0;
    for (const t of resourceTerms) f += (fit.fixef[t]?.estimate ?? 0) * o.resources[t];
    f += fit.fixef[`quarter${o.quarter}`]?.estimate ?? 0;
    return f;
  };
  const byCadre = new Map<string, (MeasureObservation & { score: number })[]>();
  for (const o of obs) byCadre.set(o.cadreId, [...(byCadre.get(o.cadreId) ?? []), o]);
  // Within-unit comparison: own effect relative to the mean own effect of the unit's cadres.
  const unitMembers = new Map<string, string[]>();
  for (const o of obs) {
    const list = unitMembers.get(o.unitId) ?? [];
    if (!list.includes(o.cadreId)) list.push(o.cadreId);
    unitMembers.set(o.unitId, list);
  }
  const out: Decomposition[] = [];
  for (const [cadreId, list] of byCadre) {
    const c = cadreEffect.get(cadreId);
    const n = list.length;
    const raw = list.reduce((s, o) => s + o.score, 0) / n;
    const platform = list.reduce((s, o) => s + (unitEffect.get(o.unitId) ?? 0), 0) / n;
    let resources = 0;
    for (const t of resourceTerms)
      resources +=
        (fit.fixef[t]?.estimate ?? 0) * (list.reduce((s, o) => s + o.resources[t], 0) / n - meanRes[t]);
    const lastUnit = list[list.length - 1]!.unitId;
    const peers = (unitMembers.get(lastUnit) ?? []).map((p) => cadreEffect.get(p)?.mode ?? 0);
    const withinUnit = (c?.mode ?? 0) - peers.reduce((s, x) => s + x, 0) / Math.max(1, peers.length);
    const identified = !unidentified.has(cadreId);
    out.push({
      cadreId,
      raw,
      platform,
      resources,
      own: identified ? (c?.mode ?? 0) : null,
      ownSe: identified ? (c?.se ?? null) : null,
      withinUnit,
      identified,
      n,
      quarterly: list
        .map((o) => ({ quarter: o.quarter, own: o.score - fixedOf(o) - (unitEffect.get(o.unitId) ?? 0) }))
        .sort((a, b) => (a.quarter < b.quarter ? -1 : 1)),
    });
  }
  return out;
}

function variance(xs: number[]): number {
  if (xs.length < 2) return 0;
  const m = xs.reduce((s, x) => s + x, 0) / xs.length;
  return xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1);
}

/** The weighted own contribution across measures, with its standard error (parts taken as independent). */
export function composite(
  parts: { measure: string; own: number | null; ownSe: number | null }[],
  weights: Record<string, number>,
): { value: number; se: number } | null {
  let w = 0;
  let v = 0;
  let var2 = 0;
  for (const p of parts) {
    const wi = weights[p.measure] ?? 0;
    if (wi <= 0 || p.own === null || p.ownSe === null) continue;
    w += wi;
    v += wi * p.own;
    var2 += wi * wi * p.ownSe * p.ownSe;
  }
  if (w === 0) return null;
  return { value: v / w, se: Math.sqrt(var2) / w };
}

/** Quarter labels `2026Q3` as consecutive integers (2024Q1 = 0). */
export function quarterIndex(q: string, origin = '2024Q1'): number {
  const [y, n] = [Number(q.slice(0, 4)), Number(q.slice(5))];
  const [y0, n0] = [Number(origin.slice(0, 4)), Number(origin.slice(5))];
  return (y - y0) * 4 + (n - n0);
}

export interface Growth {
  slope: number;
  slopeSe: number;
  /** Own contribution projected four quarters after the last, with its standard error. */
  projected: number;
  projectedSe: number;
}

/**
 * Growth speed: per cadre, the trajectory of the quarterly own results fitted as
 * `own ~ t + (1 + t | cadre)` — the cadre's slope (fixed slope + their random slope) with its
 * conditional standard error, and the level projected four quarters ahead.
 */
export function growthSpeeds(
  trajectories: { cadreId: string; quarterly: { quarter: string; own: number }[] }[],
): Map<string, Growth> {
  const table: Record<string, (string | number)[]> = { own: [], t: [], cadre: [] };
  const lastT = new Map<string, number>();
  for (const c of trajectories)
    for (const q of c.quarterly) {
      const t = quarterIndex(q.quarter);
      table.own!.push(q.own);
      table.t!.push(t);
      table.cadre!.push(c.cadreId);
      lastT.set(c.cadreId, Math.max(lastT.get(c.cadreId) ?? -1, t));
    }
  const out = new Map<string, Growth>();
  if (table.own!.length < 10) return out;
  // Centre time so that the intercept and slope are nearly uncorrelated.
  const ts = table.t as number[];
  const tMean = ts.reduce((s, x) => s + x, 0) / ts.length;
  table.t = ts.map((x) => x - tMean);
  const fit = fitLmm(table, 'own ~ t + (1 + t | cadre)', { identify: false });
  const b0 = fit.fixef['(Intercept)']!;
  const b1 = fit.fixef.t!;
  const byCadre = new Map<string, { i?: { mode: number; se: number }; s?: { mode: number; se: number } }>();
  for (const r of fit.ranef.cadre ?? []) {
    const e = byCadre.get(r.level) ?? {};
    if (r.term === '(Intercept)') e.i = r;
    else e.s = r;
    byCadre.set(r.level, e);
  }
  for (const [cadreId, e] of byCadre) {
    const slope = b1.estimate + (e.s?.mode ?? 0);
    const slopeSe = Math.sqrt(b1.se ** 2 + (e.s?.se ?? 0) ** 2);
    const h = (lastT.get(cadreId) ?? 0) + 4 - tMean;
    const level = b0.estimate + (e.i?.mode ?? 0);
    const levelSe = Math.sqrt(b0.se ** 2 + (e.i?.se ?? 0) ** 2);
    out.set(cadreId, {
      slope,
      slopeSe,
      projected: level + slope * h,
      projectedSe: Math.sqrt(levelSe ** 2 + h * h * slopeSe ** 2),
    });
  }
  return out;
}

/** Percentile (0–100) of each value within its peer group (same rank and role type). */
export function peerPercentiles(items: { id: string; group: string; value: number }[]): Map<string, number> {
  const groups = new Map<string, number[]>();
  for (const i of items) groups.set(i.group, [...(groups.get(i.group) ?? []), i.value]);
  const out = new Map<string, number>();
  for (const i of items) {
    const g = groups.get(i.group)!;
    if (g.length < 2) {
      out.set(i.id, 50);
      continue;
    }
    const below = g.filter((v) => v < i.value).length;
    const equal = g.filter((v) => v === i.value).length;
    out.set(i.id, Math.round(((below + (equal - 1) / 2) / (g.length - 1)) * 1000) / 10);
  }
  return out;
}

/** Probability that a true value exceeds `threshold`, given an estimate and its standard error. */
export function probabilityAbove(estimate: number, se: number, threshold: number): number {
  if (se <= 0) return estimate > threshold ? 1 : 0;
  return 1 - normalCdf((threshold - estimate) / se);
}

/** The value at the given quantile (0–1) of a list, by linear interpolation (R type 7). */
export function quantile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  return s[lo]! + (h - lo) * ((s[Math.min(lo + 1, s.length - 1)] ?? s[lo]!) - s[lo]!);
}

export interface OutstandingRule {
  /** The top band: cadres whose composite is above this quantile of all identified composites. */
  topQuantile: number;
  /** The probability required that a cadre truly is in the top band. */
  minProbability: number;
  /** The last this many quarters: their mean quarterly own result above the peers' average (0). */
  quarters: number;
}

export const DEFAULT_OUTSTANDING_RULE: OutstandingRule = {
  topQuantile: 0.9,
  minProbability: 0.9,
  quarters: 3,
};

/**
 * 脱颖而出 by a stated rule: own contribution in the top band with probability at least
 * `minProbability`, the mean of the last `quarters` quarterly own results above average (one
 * quarter alone proves little either way), and no record of a
 * deviation in the view of achievement (the caller passes those cadres in `deviating`).
 */
export function outstanding(
  cadres: { cadreId: string; composite: number | null; compositeSe: number | null; recent: number[] }[],
  deviating: ReadonlySet<string>,
  rule: OutstandingRule,
): { cadreId: string; probability: number; threshold: number }[] {
  const values = cadres.filter((c) => c.composite !== null).map((c) => c.composite!);
  const threshold = quantile(values, rule.topQuantile);
  const out: { cadreId: string; probability: number; threshold: number }[] = [];
  for (const c of cadres) {
    if (c.composite === null || c.compositeSe === null || deviating.has(c.cadreId)) continue;
    const p = probabilityAbove(c.composite, c.compositeSe, threshold);
    const recent = c.recent.slice(-rule.quarters);
    const recentMean = recent.reduce((a, b) => a + b, 0) / Math.max(1, recent.length);
    if (p >= rule.minProbability && recent.length === rule.quarters && recentMean > 0)
      out.push({ cadreId: c.cadreId, probability: p, threshold });
  }
  return out.sort((a, b) => b.probability - a.probability);
}

/**
 * Fairness of a rating between groups (by sex, by age band): each group's mean and the share of
 * its members in the top quartile, with the ratio of the lowest share to the highest (a ratio
 * below 0.8 is flagged: the four-fifths rule).
 */
export function fairness(items: { group: string; value: number }[]) {
  const top = quantile(
    items.map((i) => i.value),
    0.75,
  );
  const groups = new Map<string, number[]>();
  for (const i of items) groups.set(i.group, [...(groups.get(i.group) ?? []), i.value]);
  const rows = [...groups].map(([group, vs]) => ({
    group,
    n: vs.length,
    mean: vs.reduce((s, x) => s + x, 0) / vs.length,
    topShare: vs.filter((v) => v > top).length / vs.length,
  }));
  const shares = rows.filter((r) => r.n >= 5).map((r) => r.topShare);
  const ratio =
    shares.length > 1 && Math.max(...shares) > 0 ? Math.min(...shares) / Math.max(...shares) : null;
  return { rows, ratio, flagged: ratio !== null && ratio < 0.8 };
}
