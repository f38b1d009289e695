import { buildDesign, type Design, type Table } from './design.ts';
import { type Formula, parseFormula } from './formula.ts';
import { identifyPersons } from './identify.ts';
import { ProfiledDeviance } from './model.ts';
import { minimizeBounded } from './optimizer.ts';

export interface LmmOptions {
  /** REML (default, as lmer) or maximum likelihood. */
  reml?: boolean;
  /**
   * Which two grouping factors to check for identification: the person (whose own effect is
   * wanted, e.g. `cadre`) and the platform it must be told apart from (e.g. `unit`). `'auto'`
   * (the default) takes them when the model has exactly two grouping factors: the one with more
   * levels as the person. `false` skips the check.
   */
  identify?: { person: string; platform: string } | 'auto' | false;
  /** Conditional variances of the random effects (ranef[].se); default true. */
  condVar?: boolean;
  /** Cap on deviance evaluations (default 2000). */
  maxEvaluations?: number;
}

export interface FixedEffect {
  estimate: number;
  se: number;
}

export interface RanefEntry {
  level: string;
  term: string;
  /** Conditional mode (BLUP). */
  mode: number;
  /** Conditional standard deviation, as lme4's ranef(condVar = TRUE). */
  se: number;
}

export interface LmmFit {
  formula: string;
  method: 'REML' | 'ML';
  nobs: number;
  /** Levels of each grouping factor. */
  ngroups: Record<string, number>;
  fixef: Record<string, FixedEffect>;
  /** Covariance of the fixed effects, in the order of `fixef`. */
  vcov: number[][];
  /**
   * Standard deviations of the random effects by group and term; the residual standard deviation
   * is the group `Residual` with the empty term name, as R prints VarCorr.
   */
  sd: Record<string, Record<string, number>>;
  /** Correlations of the random effects of one group, keyed `term1:term2` (only where q > 1). */
  corr: Record<string, Record<string, number>>;
  sigma: number;
  /** REML criterion (REML fits) or deviance (ML fits), i.e. −2 log-likelihood. */
  remlCriterion?: number;
  deviance?: number;
  logLik: number;
  ranef: Record<string, RanefEntry[]>;
  /**
   * Person levels whose effect cannot be told apart from their platform's (see `identify`):
   * callers show “无法区分” for them instead of a split.
   */
  unidentified: Record<string, string[]>;
  /** Connected sets of the person–platform graph, when identification was checked. */
  identification?: {
    person: string;
    platform: string;
    sets: { persons: number; platforms: number; observations: number }[];
    movers: number;
  };
  converged: boolean;
  /** Some variance parameter ended on its bound (a variance of 0): a singular fit. */
  singular: boolean;
  theta: number[];
  evaluations: number;
  /** Time of the fit alone (model set-up, optimisation, results), in milliseconds. */
  fitMs: number;
}

/** Fits a Gaussian linear mixed model to a table (lme4's lmer for this formula subset). */
export function fitLmm(data: Table, formula: string | Formula, options: LmmOptions = {}): LmmFit {
  const started = performance.now();
  const parsed = typeof formula === 'string' ? parseFormula(formula) : formula;
  const design = buildDesign(data, parsed);
  return fitDesign(design, typeof formula === 'string' ? formula : formatFormula(parsed), options, started);
}

export function formatFormula(f: Formula): string {
  const parts: string[] = [f.intercept ? '1' : '0', ...f.fixed];
  for (const t of f.random) {
    const inner = [t.intercept ? '1' : '0', ...t.slopes].join(' + ');
    parts.push(`(${inner} | ${t.group.join(':')})`);
  }
  return `${f.response} ~ ${parts.join(' + ')}`;
}

/** Fits a model to a prepared design (see buildDesign). */
export function fitDesign(
  design: Design,
  formulaText: string,
  options: LmmOptions = {},
  started = performance.now(),
): LmmFit {
  const reml = options.reml ?? true;
  if (design.terms.length === 0) throw new Error('公式中没有随机效应项，例如 (1 | 单位)');
  const p = design.fixedNames.length;
  if (design.n <= p) throw new Error(`观测数（${design.n}）不多于固定效应个数（${p}）`);
  // As lme4's checks: a grouping factor with a level per observation is the residual again.
  for (const t of design.terms) {
    if (t.levels.length >= design.n || t.levels.length * t.q >= design.n) {
      throw new Error(
        `分组因子“${t.group}”的随机效应个数（${t.levels.length * t.q}）应少于观测数（${design.n}），否则与残差无法区分`,
      );
    }
  }
  const model = new ProfiledDeviance(design);
  const theta0: number[] = [];
  for (const t of design.terms) {
    for (let c = 0; c < t.q; c++) for (let r = c; r < t.q; r++) theta0.push(r === c ? 1 : 0);
  }
  const upper = theta0.map(() => Number.POSITIVE_INFINITY);
  let opt: ReturnType<typeof minimizeBounded>;
  let dev: number;
  try {
    opt = minimizeBounded((th) => model.evaluate(th, reml), theta0, model.lower, upper, {
      rhoBeg: 0.2,
      rhoEnd: 1e-8,
      maxEvaluations: options.maxEvaluations ?? 2000,
    });
    dev = model.evaluate(opt.x, reml, true);
  } finally {
    model.dispose();
  }
  const theta = opt.x;
  if (!Number.isFinite(dev)) throw new Error('模型无法拟合：固定效应设计矩阵秩亏或数据不足');
  const last = model.last!;
  const n = design.n;
  const sigma2 = last.pwrss / (reml ? n - p : n);
  const sigma = Math.sqrt(sigma2);

  const cov = model.fixefCovarianceUnscaled();
  const fixef: Record<string, FixedEffect> = {};
  const vcov: number[][] = [];
  design.fixedNames.forEach((name, a) => {
    fixef[name] = { estimate: last.beta[a]!, se: Math.sqrt(sigma2 * cov[a + a * p]!) };
    vcov.push(design.fixedNames.map((_, b) => sigma2 * cov[a + b * p]!));
  });

  const sd: Record<string, Record<string, number>> = {};
  const corr: Record<string, Record<string, number>> = {};
  const ngroups: Record<string, number> = {};
  design.terms.forEach((t, k) => {
    const T = model.template(theta, k);
    const qk = t.q;
    // Σ_k = σ² T Tᵀ.
    const S = new Float64Array(qk * qk);
    for (let a = 0; a < qk; a++) {
      for (let b = 0; b < qk; b++) {
        let s = 0;
        for (let c = 0; c <= Math.min(a, b); c++) s += T[a + c * qk]! * T[b + c * qk]!;
        S[a + b * qk] = sigma2 * s;
      }
    }
    const group = uniqueName(sd, t.group);
    ngroups[group] = t.levels.length;
    sd[group] = {};
    t.names.forEach((name, a) => {
      sd[group]![name] = Math.sqrt(S[a + a * qk]!);
    });
    if (qk > 1) {
      corr[group] = {};
      for (let a = 0; a < qk; a++) {
        for (let b = a + 1; b < qk; b++) {
          const den = Math.sqrt(S[a + a * qk]! * S[b + b * qk]!);
          corr[group]![`${t.names[a]}:${t.names[b]}`] = den > 0 ? S[a + b * qk]! / den : Number.NaN;
        }
      }
    }
  });
  sd.Residual = { '': sigma };

  // Conditional variances: σ² T_k [A⁻¹]_level T_kᵀ, from the selected inverse of A.
  const condVar = options.condVar ?? true;
  let inv: Float64Array | null = null;
  if (condVar) {
    const rr: number[] = [];
    const cc: number[] = [];
    design.terms.forEach((t, k) => {
      const o = model.offsets[k]!;
      for (let l = 0; l < t.levels.length; l++) {
        for (let a = 0; a < t.q; a++) {
          for (let b = 0; b <= a; b++) {
            rr.push(o + l * t.q + a);
            cc.push(o + l * t.q + b);
          }
        }
      }
    });
    inv = model.chol.selectedInverse(Int32Array.from(rr), Int32Array.from(cc));
  }
  const ranef: Record<string, RanefEntry[]> = {};
  let e = 0;
  const groupNames = Object.keys(ngroups);
  design.terms.forEach((t, k) => {
    const o = model.offsets[k]!;
    const qk = t.q;
    const T = model.template(theta, k);
    const list: RanefEntry[] = [];
    const Ai = new Float64Array(qk * qk);
    for (let l = 0; l < t.levels.length; l++) {
      if (inv) {
        for (let a = 0; a < qk; a++) {
          for (let b = 0; b <= a; b++) {
            Ai[a + b * qk] = inv[e]!;
            Ai[b + a * qk] = inv[e]!;
            e++;
          }
        }
      }
      for (let a = 0; a < qk; a++) {
        let v = Number.NaN;
        if (inv) {
          // (T Ai Tᵀ)_aa
          v = 0;
          for (let c = 0; c <= a; c++) {
            for (let d = 0; d <= a; d++) v += T[a + c * qk]! * Ai[c + d * qk]! * T[a + d * qk]!;
          }
          v *= sigma2;
        }
        list.push({
          level: t.levels[l]!,
          term: t.names[a]!,
          mode: last.b![o + l * qk + a]!,
          se: Math.sqrt(Math.max(0, v)),
        });
      }
    }
    ranef[groupNames[k]!] = list;
  });

  const unidentified: Record<string, string[]> = {};
  let identification: LmmFit['identification'];
  const pair = choosePair(design, options.identify ?? 'auto', groupNames);
  if (pair) {
    const person = design.terms[pair[0]]!;
    const platform = design.terms[pair[1]]!;
    const id = identifyPersons(person.index, person.levels.length, platform.index, platform.levels.length);
    const name = groupNames[pair[0]]!;
    unidentified[name] = person.levels.filter((_, l) => id.personIdentified[l] === 0);
    identification = { person: name, platform: groupNames[pair[1]]!, sets: id.sets, movers: id.movers };
  }

  let singular = false;
  model.lower.forEach((lo, i) => {
    if (lo === 0 && theta[i] === 0) singular = true;
  });
  const criterion = last.deviance;
  return {
    formula: formulaText,
    method: reml ? 'REML' : 'ML',
    nobs: n,
    ngroups,
    fixef,
    vcov,
    sd,
    corr,
    sigma,
    ...(reml ? { remlCriterion: criterion } : { deviance: criterion }),
    logLik: -criterion / 2,
    ranef,
    unidentified,
    ...(identification ? { identification } : {}),
    converged: opt.converged,
    singular,
    theta,
    evaluations: opt.evaluations + 1,
    fitMs: performance.now() - started,
  };
}

/** A second term on the same grouping factor is named `g.1`, as lme4 does in VarCorr. */
function uniqueName(taken: Record<string, unknown>, name: string): string {
  if (!(name in taken)) return name;
  let i = 1;
  while (`${name}.${i}` in taken) i++;
  return `${name}.${i}`;
}

function choosePair(
  design: Design,
  identify: LmmOptions['identify'],
  groupNames: string[],
): [number, number] | null {
  if (identify === false) return null;
  if (identify === 'auto' || identify === undefined) {
    if (design.terms.length !== 2) return null;
    const [a, b] = design.terms;
    if (a!.group === b!.group) return null;
    return a!.levels.length >= b!.levels.length ? [0, 1] : [1, 0];
  }
  const person = groupNames.indexOf(identify.person);
  const platform = groupNames.indexOf(identify.platform);
  if (person < 0) throw new Error(`识别检查：模型中没有分组因子“${identify.person}”`);
  if (platform < 0) throw new Error(`识别检查：模型中没有分组因子“${identify.platform}”`);
  return [person, platform];
}
