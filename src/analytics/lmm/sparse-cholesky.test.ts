import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../test/lmm-province.ts';
import { cholesky, inverseFromCholesky, partialCholesky } from './dense.ts';
import { FrontHelper } from './parallel.ts';
import { SparseCholesky } from './sparse-cholesky.ts';

/** A random sparse SPD matrix (dense copy and its lower-triangle entries). */
function randomSpd(n: number, density: number, seed: number) {
  const rand = mulberry32(seed);
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) A[i + i * n] = 1 + density * n;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      if (rand() < density) {
        const v = rand() - 0.5;
        A[i + j * n] = v;
        A[j + i * n] = v;
      }
    }
  }
  const rows: number[] = [];
  const cols: number[] = [];
  for (let j = 0; j < n; j++) {
    for (let i = j; i < n; i++) {
      if (A[i + j * n] !== 0) {
        rows.push(i);
        cols.push(j);
      }
    }
  }
  const values = Float64Array.from(rows, (r, t) => A[r + cols[t]! * n]!);
  return { A, row: Int32Array.from(rows), col: Int32Array.from(cols), values };
}

describe('sparse Cholesky', () => {
  for (const [n, density] of [
    [1, 0],
    [7, 0.5],
    [150, 0.02],
    [400, 0.01],
  ] as const) {
    it(`matches the dense factorisation (n = ${n})`, () => {
      const { A, row, col, values } = randomSpd(n, density, n);
      const sc = SparseCholesky.analyze(n, row, col);
      expect(sc.factor(values)).toBe(true);
      const D = A.slice();
      expect(cholesky(D, n)).toBe(true);
      let logDet = 0;
      for (let i = 0; i < n; i++) logDet += 2 * Math.log(D[i + i * n]!);
      expect(sc.logDet()).toBeCloseTo(logDet, 9);
      // A x = b through P, L, Lᵀ.
      const b = Float64Array.from({ length: n }, (_, i) => Math.sin(i + 1));
      const x = new Float64Array(n);
      for (let k = 0; k < n; k++) x[k] = b[sc.perm[k]!]!;
      sc.solveL(x);
      sc.solveLt(x);
      const sol = new Float64Array(n);
      for (let k = 0; k < n; k++) sol[sc.perm[k]!] = x[k]!;
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += A[i + j * n]! * sol[j]!;
        expect(s).toBeCloseTo(b[i]!, 10);
      }
      // Selected inverse on the pattern of A.
      const inv = inverseFromCholesky(D, n);
      const sel = sc.selectedInverse(row, col);
      row.forEach((r, t) => {
        expect(sel[t]).toBeCloseTo(inv[r + col[t]! * n]!, 12);
      });
      sc.dispose();
    });
  }

  it('gives the same front factorisation with a helper thread', () => {
    const m = 700;
    const { A } = randomSpd(m, 0.3, 5);
    const shared = new Float64Array(new SharedArrayBuffer(m * m * 8));
    shared.set(A);
    const helper = FrontHelper.start(shared);
    expect(helper).not.toBeNull();
    expect(partialCholesky(shared, m, 500, helper)).toBe(true);
    expect(helper!.broken).toBe(false);
    helper!.dispose();
    const alone = A.slice();
    expect(partialCholesky(alone, m, 500)).toBe(true);
    for (let j = 0; j < m; j++) for (let i = j; i < m; i++) expect(shared[i + j * m]).toBe(alone[i + j * m]);
  });
});
