/**
 * Dense kernels on column-major Float64Arrays: the frontal matrices of the sparse factorisation
 * and the small fixed-effect and variance blocks.
 */

const PANEL = 48;

/**
 * Partial Cholesky of the leading k columns of the symmetric m×m matrix F (lower triangle, leading
 * dimension m), in place: F11 = L11 L11ᵀ, L21 = F21 L11⁻ᵀ, and the trailing block becomes
 * F22 − L21 L21ᵀ. Returns false when a pivot is not positive.
 */
export function partialCholesky(F: Float64Array, m: number, k: number, helper?: PanelHelper | null): boolean {
  for (let jb = 0; jb < k; jb += PANEL) {
    const je = Math.min(jb + PANEL, k);
    // Left-looking inside the panel: the panel is small enough to stay in cache.
    for (let j = jb; j < je; j++) {
      const cj = j * m;
      for (let p = jb; p < j; p++) {
        const cp = p * m;
        const a = F[j + cp]!;
        if (a === 0) continue;
        for (let i = j; i < m; i++) F[i + cj]! -= a * F[i + cp]!;
      }
      const d = F[j + cj]!;
      if (!(d > 0)) return false;
      const s = Math.sqrt(d);
      F[j + cj] = s;
      const inv = 1 / s;
      for (let i = j + 1; i < m; i++) F[i + cj]! *= inv;
    }
    if (je >= m) continue;
    if (helper && m - je >= PARALLEL_MIN) {
      // Split the trailing columns into two halves of equal work (column c costs m − c).
      const r = m - je;
      // An even offset keeps the column pairs of syrkUpdate as on one thread: identical results.
      const split = je + 2 * Math.round((r - r / Math.SQRT2) / 2);
      if (helper.post(m, jb, je, je, split)) {
        syrkUpdate(F, m, jb, je, split, m);
        // On failure the caller (who can see that the helper broke) factorises again alone.
        helper.wait();
        continue;
      }
    }
    syrkUpdate(F, m, jb, je, je, m);
  }
  return true;
}

/** A second thread that can take part of a trailing update (see parallel.ts). */
export interface PanelHelper {
  /** Starts syrkUpdate(F, m, p0, p1, c0, c1) on the other thread; false if it cannot. */
  post(m: number, p0: number, p1: number, c0: number, c1: number): boolean;
  /** Waits for the posted update; false if it failed (the front is then unusable). */
  wait(): boolean;
  readonly broken: boolean;
}

/** Trailing updates smaller than this stay on one thread (the hand-off costs more). */
const PARALLEL_MIN = 192;

/**
 * F[i, c] −= Σ_{p∈[p0,p1)} F[i, p] F[c, p] for c0 ≤ c < c1, c ≤ i < m: the trailing update by a panel.
 * Two target columns and four panel columns at a time, so that each load serves several
 * multiply-adds (V8 does not vectorise; this is what keeps the big fronts fast).
 */
export function syrkUpdate(F: Float64Array, m: number, p0: number, p1: number, c0: number, c1: number): void {
  let c = c0;
  for (; c + 1 < c1; c += 2) {
    const cc0 = c * m;
    const cc1 = cc0 + m;
    let p = p0;
    for (; p + 3 < p1; p += 4) {
      const q0 = p * m;
      const q1 = q0 + m;
      const q2 = q1 + m;
      const q3 = q2 + m;
      const a0 = F[c + q0]!;
      const a1 = F[c + q1]!;
      const a2 = F[c + q2]!;
      const a3 = F[c + q3]!;
      const b0 = F[c + 1 + q0]!;
      const b1 = F[c + 1 + q1]!;
      const b2 = F[c + 1 + q2]!;
      const b3 = F[c + 1 + q3]!;
      F[c + cc0]! -= a0 * a0 + a1 * a1 + a2 * a2 + a3 * a3;
      for (let i = c + 1; i < m; i++) {
        const x0 = F[i + q0]!;
        const x1 = F[i + q1]!;
        const x2 = F[i + q2]!;
        const x3 = F[i + q3]!;
        F[i + cc0]! -= a0 * x0 + a1 * x1 + a2 * x2 + a3 * x3;
        F[i + cc1]! -= b0 * x0 + b1 * x1 + b2 * x2 + b3 * x3;
      }
    }
    for (; p < p1; p++) {
      const q = p * m;
      const a = F[c + q]!;
      const b = F[c + 1 + q]!;
      F[c + cc0]! -= a * a;
      for (let i = c + 1; i < m; i++) {
        const x = F[i + q]!;
        F[i + cc0]! -= a * x;
        F[i + cc1]! -= b * x;
      }
    }
  }
  if (c < c1) {
    const cc = c * m;
    for (let p = p0; p < p1; p++) {
      const q = p * m;
      const a = F[c + q]!;
      for (let i = c; i < m; i++) F[i + cc]! -= a * F[i + q]!;
    }
  }
}

/** Full Cholesky of an n×n matrix (lower, in place). Returns false if not positive definite. */
export function cholesky(A: Float64Array, n: number): boolean {
  return partialCholesky(A, n, n);
}

/** Solves L x = b in place (L lower, column-major n×n). */
export function solveLower(L: Float64Array, n: number, b: Float64Array, off = 0): void {
  for (let j = 0; j < n; j++) {
    const x = b[off + j]! / L[j + j * n]!;
    b[off + j] = x;
    if (x === 0) continue;
    for (let i = j + 1; i < n; i++) b[off + i]! -= L[i + j * n]! * x;
  }
}

/** Solves Lᵀ x = b in place. */
export function solveUpper(L: Float64Array, n: number, b: Float64Array, off = 0): void {
  for (let j = n - 1; j >= 0; j--) {
    let s = b[off + j]!;
    for (let i = j + 1; i < n; i++) s -= L[i + j * n]! * b[off + i]!;
    b[off + j] = s / L[j + j * n]!;
  }
}

/** (L Lᵀ)⁻¹ from the Cholesky factor L (n×n), as a full symmetric matrix. */
export function inverseFromCholesky(L: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  const e = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    e.fill(0);
    e[c] = 1;
    solveLower(L, n, e);
    solveUpper(L, n, e);
    for (let r = 0; r < n; r++) out[r + c * n] = e[r]!;
  }
  return out;
}
