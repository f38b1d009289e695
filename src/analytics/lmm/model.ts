import { cholesky, inverseFromCholesky, solveLower, solveUpper } from './dense.ts';
import type { Design } from './design.ts';
import { SparseCholesky } from './sparse-cholesky.ts';

/**
 * The profiled deviance of a Gaussian linear mixed model as a function of θ (Bates, Mächler,
 * Bolker & Walker 2015, §3): b = Λθ u, u ~ N(0, σ²I); for each θ the penalised least squares
 * problem is solved through the sparse Cholesky factor L of Λθᵀ Zᵀ Z Λθ + I, R_ZX = L⁻¹ΛθᵀZᵀX and
 * R_X (the Cholesky factor of XᵀX − R_ZXᵀR_ZX), and β, σ are profiled out.
 *
 * Everything that depends on the data but not on θ is computed once here: the cross-products of
 * the random-effect columns per pair of levels (so an evaluation costs nothing per observation
 * beyond one pass for the residuals), the pattern of A and its symbolic factorisation.
 */
export class ProfiledDeviance {
  readonly design: Design;
  readonly n: number;
  readonly p: number;
  /** Size of u: Σ levels × columns over the terms. */
  readonly q: number;
  /** Offset of each term in u (level-major: level a, column α at off + a·q_k + α). */
  readonly offsets: number[];
  /** Offset of each term in θ (lower triangle of T_k, column by column, as lme4). */
  readonly thetaOffsets: number[];
  readonly thetaLength: number;
  readonly lower: number[];
  readonly chol: SparseCholesky;
  private readonly diagC: Float64Array[];
  private readonly cross: { k: number; j: number; a: Int32Array; b: Int32Array; C: Float64Array }[];
  private readonly ZtXy: Float64Array;
  private readonly XtX: Float64Array;
  private readonly Xty: Float64Array;
  private readonly values: Float64Array;
  /** y less its mean when X has an intercept column (only the intercept moves). */
  private readonly yc: Float64Array;
  private readonly yShift: number;
  private readonly interceptColumn: number;
  private readonly yty: number;
  private readonly rhs: Float64Array;
  /** State of the last evaluation. */
  last: Evaluation | null = null;

  constructor(design: Design) {
    this.design = design;
    const { n, terms } = design;
    const p = design.fixedNames.length;
    this.n = n;
    this.p = p;
    this.offsets = [];
    this.thetaOffsets = [];
    let off = 0;
    let toff = 0;
    for (const t of terms) {
      this.offsets.push(off);
      this.thetaOffsets.push(toff);
      off += t.levels.length * t.q;
      toff += (t.q * (t.q + 1)) / 2;
    }
    this.q = off;
    this.thetaLength = toff;
    this.lower = [];
    for (const t of terms) {
      for (let c = 0; c < t.q; c++) for (let r = c; r < t.q; r++) this.lower.push(r === c ? 0 : -Infinity);
    }

    // Per-level cross-products of each term with itself, and per co-occurring level pair of two terms.
    this.diagC = terms.map((t) => {
      const C = new Float64Array(t.levels.length * t.q * t.q);
      const qq = t.q * t.q;
      for (let i = 0; i < n; i++) {
        const base = t.index[i]! * qq;
        const zi = i * t.q;
        for (let a = 0; a < t.q; a++) {
          const za = t.Z[zi + a]!;
          for (let b = 0; b < t.q; b++) C[base + a * t.q + b]! += za * t.Z[zi + b]!;
        }
      }
      return C;
    });
    this.cross = [];
    for (let k = 0; k < terms.length; k++) {
      for (let j = k + 1; j < terms.length; j++) this.cross.push(crossBlocks(design, k, j));
    }
    this.interceptColumn = design.fixedNames.indexOf('(Intercept)');
    let mean = 0;
    if (this.interceptColumn >= 0) {
      for (let i = 0; i < n; i++) mean += design.y[i]!;
      mean /= n;
    }
    this.yShift = mean;
    this.yc = design.y.map((v) => v - mean);
    let yty = 0;
    for (let i = 0; i < n; i++) yty += this.yc[i]! * this.yc[i]!;
    this.yty = yty;
    // Zᵀ[X y] per level, XᵀX, Xᵀy.
    const q = this.q;
    this.ZtXy = new Float64Array(q * (p + 1));
    terms.forEach((t, k) => {
      const o = this.offsets[k]!;
      for (let i = 0; i < n; i++) {
        const u = o + t.index[i]! * t.q;
        for (let a = 0; a < t.q; a++) {
          const z = t.Z[i * t.q + a]!;
          if (z === 0) continue;
          for (let c = 0; c < p; c++) this.ZtXy[u + a + c * q]! += z * design.X[i + c * n]!;
          this.ZtXy[u + a + p * q]! += z * this.yc[i]!;
        }
      }
    });
    this.XtX = new Float64Array(p * p);
    this.Xty = new Float64Array(p);
    for (let a = 0; a < p; a++) {
      for (let b = 0; b <= a; b++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += design.X[i + a * n]! * design.X[i + b * n]!;
        this.XtX[a + b * p] = s;
        this.XtX[b + a * p] = s;
      }
      let s = 0;
      for (let i = 0; i < n; i++) s += design.X[i + a * n]! * this.yc[i]!;
      this.Xty[a] = s;
    }

    // Pattern of A = ΛᵀZᵀZΛ + I, in the order `fillValues` writes it.
    const rows: number[] = [];
    const cols: number[] = [];
    terms.forEach((t, k) => {
      const o = this.offsets[k]!;
      for (let l = 0; l < t.levels.length; l++) {
        for (let a = 0; a < t.q; a++) {
          for (let b = 0; b <= a; b++) {
            rows.push(o + l * t.q + a);
            cols.push(o + l * t.q + b);
          }
        }
      }
    });
    for (const x of this.cross) {
      const tk = terms[x.k]!;
      const tj = terms[x.j]!;
      const ok = this.offsets[x.k]!;
      const oj = this.offsets[x.j]!;
      for (let e = 0; e < x.a.length; e++) {
        for (let a = 0; a < tk.q; a++) {
          for (let b = 0; b < tj.q; b++) {
            rows.push(oj + x.b[e]! * tj.q + b);
            cols.push(ok + x.a[e]! * tk.q + a);
          }
        }
      }
    }
    this.chol = SparseCholesky.analyze(q, Int32Array.from(rows), Int32Array.from(cols));
    this.values = new Float64Array(rows.length);
    this.rhs = new Float64Array(q * (p + 1));
  }

  /** T_k, the q_k×q_k lower-triangular template of Λθ for term k (column-major). */
  template(theta: readonly number[], k: number): Float64Array {
    const qk = this.design.terms[k]!.q;
    const T = new Float64Array(qk * qk);
    let t = this.thetaOffsets[k]!;
    for (let c = 0; c < qk; c++) for (let r = c; r < qk; r++) T[r + c * qk] = theta[t++]!;
    return T;
  }

  private fillValues(theta: readonly number[]): void {
    const { terms } = this.design;
    const v = this.values;
    const T = terms.map((_, k) => this.template(theta, k));
    let e = 0;
    terms.forEach((t, k) => {
      const qk = t.q;
      const C = this.diagC[k]!;
      const Tk = T[k]!;
      if (qk === 1) {
        const s = Tk[0]! * Tk[0]!;
        for (let l = 0; l < t.levels.length; l++) v[e++] = s * C[l]! + 1;
        return;
      }
      const M = new Float64Array(qk * qk);
      for (let l = 0; l < t.levels.length; l++) {
        tct(Tk, C, l * qk * qk, Tk, qk, qk, M);
        for (let a = 0; a < qk; a++) for (let b = 0; b <= a; b++) v[e++] = M[a + b * qk]! + (a === b ? 1 : 0);
      }
    });
    for (const x of this.cross) {
      const qk = terms[x.k]!.q;
      const qj = terms[x.j]!.q;
      const Tk = T[x.k]!;
      const Tj = T[x.j]!;
      if (qk === 1 && qj === 1) {
        const s = Tk[0]! * Tj[0]!;
        for (let p = 0; p < x.a.length; p++) v[e++] = s * x.C[p]!;
        continue;
      }
      const M = new Float64Array(qk * qj);
      for (let p = 0; p < x.a.length; p++) {
        tct(Tk, x.C, p * qk * qj, Tj, qk, qj, M);
        for (let a = 0; a < qk; a++) for (let b = 0; b < qj; b++) v[e++] = M[a + b * qk]!;
      }
    }
  }

  /**
   * The profiled deviance (ML) or REML criterion at θ; Infinity when the system is singular.
   * Keeps β in `last`, and with `full` also u, b = Λu (the conditional modes).
   */
  evaluate(theta: readonly number[], reml: boolean, full = false): number {
    const { n, p, q, design, chol } = this;
    this.fillValues(theta);
    if (!chol.factor(this.values)) return Number.POSITIVE_INFINITY;
    const logDetL = chol.logDet();
    // Right-hand sides Λᵀ Zᵀ [X y], permuted to pivot order, then L⁻¹.
    const T = design.terms.map((_, k) => this.template(theta, k));
    const rhs = this.rhs;
    const perm = chol.perm;
    const nat = new Float64Array(q);
    for (let c = 0; c <= p; c++) {
      design.terms.forEach((t, k) => {
        const o = this.offsets[k]!;
        const Tk = T[k]!;
        const qk = t.q;
        if (qk === 1) {
          const th = Tk[0]!;
          const src = o + c * q;
          for (let l = 0; l < t.levels.length; l++) nat[o + l] = th * this.ZtXy[src + l]!;
          return;
        }
        for (let l = 0; l < t.levels.length; l++) {
          const u = o + l * qk;
          for (let a = 0; a < qk; a++) {
            let s = 0;
            for (let b = a; b < qk; b++) s += Tk[b + a * qk]! * this.ZtXy[u + b + c * q]!;
            nat[u + a] = s;
          }
        }
      });
      for (let k = 0; k < q; k++) rhs[k + c * q] = nat[perm[k]!]!;
    }
    chol.solveL(rhs, p + 1);
    // R_XᵀR_X = XᵀX − R_ZXᵀR_ZX; c_β = Xᵀy − R_ZXᵀ c_u.
    const RX = new Float64Array(p * p);
    const cb = new Float64Array(p);
    for (let a = 0; a < p; a++) {
      for (let b = 0; b <= a; b++) {
        let s = this.XtX[a + b * p]!;
        for (let k = 0; k < q; k++) s -= rhs[k + a * q]! * rhs[k + b * q]!;
        RX[a + b * p] = s;
        RX[b + a * p] = s;
      }
      let s = this.Xty[a]!;
      for (let k = 0; k < q; k++) s -= rhs[k + a * q]! * rhs[k + p * q]!;
      cb[a] = s;
    }
    if (!cholesky(RX, p)) return Number.POSITIVE_INFINITY;
    let logDetRX = 0;
    for (let a = 0; a < p; a++) logDetRX += 2 * Math.log(RX[a + a * p]!);
    const cbw = cb.slice();
    solveLower(RX, p, cbw);
    const beta = cbw.slice();
    solveUpper(RX, p, beta);
    // Penalised RSS = yᵀy − ‖c_u‖² − ‖R_X⁻ᵀ c_β‖², with y centred when there is an intercept,
    // so that no O(n) pass is needed per evaluation and no precision is lost to a large mean.
    let pwrss = this.yty;
    for (let k = 0; k < q; k++) pwrss -= rhs[k + p * q]! * rhs[k + p * q]!;
    for (let a = 0; a < p; a++) pwrss -= cbw[a]! * cbw[a]!;
    let u: Float64Array | null = null;
    let b: Float64Array | null = null;
    if (full || !(pwrss > 1e-10 * this.yty)) {
      // u = Pᵀ L⁻ᵀ (c_u − R_ZX β), b = Λ u, and the residuals themselves.
      const up = new Float64Array(q);
      for (let k = 0; k < q; k++) {
        let s = rhs[k + p * q]!;
        for (let a = 0; a < p; a++) s -= rhs[k + a * q]! * beta[a]!;
        up[k] = s;
      }
      chol.solveLt(up);
      u = new Float64Array(q);
      for (let k = 0; k < q; k++) u[perm[k]!] = up[k]!;
      b = new Float64Array(q);
      let usq = 0;
      design.terms.forEach((t, k) => {
        const o = this.offsets[k]!;
        const Tk = T[k]!;
        const qk = t.q;
        for (let l = 0; l < t.levels.length; l++) {
          const s0 = o + l * qk;
          for (let a = 0; a < qk; a++) {
            let s = 0;
            for (let c = 0; c <= a; c++) s += Tk[a + c * qk]! * u![s0 + c]!;
            b![s0 + a] = s;
            usq += u![s0 + a]! * u![s0 + a]!;
          }
        }
      });
      const { X } = design;
      const fitted = new Float64Array(n);
      for (let a = 0; a < p; a++) {
        const ba = beta[a]!;
        for (let i = 0; i < n; i++) fitted[i]! += X[i + a * n]! * ba;
      }
      design.terms.forEach((t, k) => {
        const o = this.offsets[k]!;
        const qk = t.q;
        for (let i = 0; i < n; i++) {
          const s0 = o + t.index[i]! * qk;
          for (let a = 0; a < qk; a++) fitted[i]! += t.Z[i * qk + a]! * b![s0 + a]!;
        }
      });
      let rss = 0;
      for (let i = 0; i < n; i++) {
        const r = this.yc[i]! - fitted[i]!;
        rss += r * r;
      }
      pwrss = rss + usq;
    }
    const df = reml ? n - p : n;
    const dev = logDetL + (reml ? logDetRX : 0) + df * (1 + Math.log((2 * Math.PI * pwrss) / df));
    if (this.interceptColumn >= 0) beta[this.interceptColumn]! += this.yShift;
    this.last = { theta: [...theta], reml, logDetL, logDetRX, beta, RX, u, b, pwrss, deviance: dev };
    return dev;
  }

  /** Releases the factorisation's helper thread. */
  dispose(): void {
    this.chol.dispose();
  }

  /** Cov(β̂) / σ² = (R_XᵀR_X)⁻¹ at the last evaluation. */
  fixefCovarianceUnscaled(): Float64Array {
    return inverseFromCholesky(this.last!.RX, this.p);
  }
}

export interface Evaluation {
  theta: number[];
  reml: boolean;
  logDetL: number;
  logDetRX: number;
  beta: Float64Array;
  RX: Float64Array;
  u: Float64Array | null;
  b: Float64Array | null;
  pwrss: number;
  deviance: number;
}

/** M = Taᵀ C Tb for C (qa×qb, row-major at offset) and lower-triangular T's (column-major). */
function tct(
  Ta: Float64Array,
  C: Float64Array,
  off: number,
  Tb: Float64Array,
  qa: number,
  qb: number,
  M: Float64Array,
): void {
  for (let a = 0; a < qa; a++) {
    for (let b = 0; b < qb; b++) {
      let s = 0;
      for (let r = a; r < qa; r++) {
        const ta = Ta[r + a * qa]!;
        if (ta === 0) continue;
        for (let c = b; c < qb; c++) s += ta * C[off + r * qb + c]! * Tb[c + b * qb]!;
      }
      M[a + b * qa] = s;
    }
  }
}

/** Cross-products Σ z_k z_jᵀ for every pair of levels (a of term k, b of term j) sharing rows. */
function crossBlocks(design: Design, k: number, j: number) {
  const { n } = design;
  const tk = design.terms[k]!;
  const tj = design.terms[j]!;
  const lk = tk.levels.length;
  const ptr = new Int32Array(lk + 1);
  for (let i = 0; i < n; i++) ptr[tk.index[i]! + 1]!++;
  for (let a = 0; a < lk; a++) ptr[a + 1] = ptr[a + 1]! + ptr[a]!;
  const obs = new Int32Array(n);
  const fill = ptr.slice(0, lk);
  for (let i = 0; i < n; i++) obs[fill[tk.index[i]!]!++] = i;
  const mark = new Int32Array(tj.levels.length).fill(-1);
  const slot = new Int32Array(tj.levels.length);
  const pa: number[] = [];
  const pb: number[] = [];
  const qq = tk.q * tj.q;
  let C = new Float64Array(Math.max(16, Math.min(n, 1024) * qq));
  for (let a = 0; a < lk; a++) {
    for (let e = ptr[a]!; e < ptr[a + 1]!; e++) {
      const i = obs[e]!;
      const b = tj.index[i]!;
      if (mark[b] !== a) {
        mark[b] = a;
        slot[b] = pa.length;
        pa.push(a);
        pb.push(b);
        if (pa.length * qq > C.length) {
          const grown = new Float64Array(C.length * 2);
          grown.set(C);
          C = grown;
        }
      }
      const base = slot[b]! * qq;
      for (let r = 0; r < tk.q; r++) {
        const zr = tk.Z[i * tk.q + r]!;
        for (let c = 0; c < tj.q; c++) C[base + r * tj.q + c]! += zr * tj.Z[i * tj.q + c]!;
      }
    }
  }
  return { k, j, a: Int32Array.from(pa), b: Int32Array.from(pb), C: C.slice(0, pa.length * qq) };
}
