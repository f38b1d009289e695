import { amdOrder } from './amd.ts';
import { partialCholesky } from './dense.ts';
import { FrontHelper } from './parallel.ts';

/** Fronts at least this large are worth a second thread. */
const PARALLEL_FRONT = 384;

/**
 * Supernodal multifrontal Cholesky factorisation P A Pᵀ = L Lᵀ of a sparse symmetric positive
 * definite matrix whose pattern stays fixed while its values change (the θ-iterations of a mixed
 * model). Everything that depends on the pattern only — the AMD ordering, the elimination tree,
 * supernodes with relaxed amalgamation, the frontal index lists and the extend-add maps — is
 * computed once by `analyze`; `factor` then does dense work and precomputed scatters only.
 */
export class SparseCholesky {
  readonly n: number;
  /** perm[k] = the original index of the k-th pivot; iperm is its inverse. */
  readonly perm: Int32Array;
  readonly iperm: Int32Array;
  readonly nsuper: number;
  /** Supernode s holds the pivots [superStart[s], superStart[s+1]). */
  readonly superStart: Int32Array;
  /** Rows below the diagonal block of supernode s: rowIdx[rowPtr[s] .. rowPtr[s+1]), ascending. */
  readonly rowPtr: Int32Array;
  readonly rowIdx: Int32Array;
  readonly superParent: Int32Array;
  private readonly childPtr: Int32Array;
  private readonly childIdx: Int32Array;
  /** Position of each row of R_s in the parent's frontal index list (same layout as rowIdx). */
  private readonly relIdx: Int32Array;
  /** Panel of supernode s (m_s × k_s, column-major) at Lx[Lptr[s]]. */
  readonly Lptr: Int32Array;
  readonly Lx: Float64Array;
  private readonly asmPtr: Int32Array;
  private readonly asmDst: Int32Array;
  private readonly asmSrc: Int32Array;
  private readonly front: Float64Array;
  private readonly stack: Float64Array;
  /** Multiply-adds of one numeric factorisation (for the benchmark's notes). */
  readonly flops: number;

  private constructor(init: {
    n: number;
    perm: Int32Array;
    superStart: Int32Array;
    rowPtr: Int32Array;
    rowIdx: Int32Array;
    superParent: Int32Array;
    childPtr: Int32Array;
    childIdx: Int32Array;
    relIdx: Int32Array;
    Lptr: Int32Array;
    asmPtr: Int32Array;
    asmDst: Int32Array;
    asmSrc: Int32Array;
    maxFront: number;
    stackPeak: number;
    flops: number;
  }) {
    this.n = init.n;
    this.perm = init.perm;
    this.iperm = new Int32Array(init.n);
    for (let k = 0; k < init.n; k++) this.iperm[init.perm[k]!] = k;
    this.nsuper = init.superStart.length - 1;
    this.superStart = init.superStart;
    this.rowPtr = init.rowPtr;
    this.rowIdx = init.rowIdx;
    this.superParent = init.superParent;
    this.childPtr = init.childPtr;
    this.childIdx = init.childIdx;
    this.relIdx = init.relIdx;
    this.Lptr = init.Lptr;
    this.Lx = new Float64Array(init.Lptr[this.nsuper]!);
    this.asmPtr = init.asmPtr;
    this.asmDst = init.asmDst;
    this.asmSrc = init.asmSrc;
    const frontBytes = init.maxFront * init.maxFront * 8;
    this.front = new Float64Array(
      init.maxFront >= PARALLEL_FRONT ? new SharedArrayBuffer(frontBytes) : new ArrayBuffer(frontBytes),
    );
    this.stack = new Float64Array(Math.max(1, init.stackPeak));
    this.flops = init.flops;
  }

  /**
   * Symbolic analysis of the n×n pattern given as its distinct entries (row[t], col[t]) — one of
   * each symmetric pair, every diagonal entry included. The values passed to `factor` follow the
   * same entry order.
   */
  static analyze(n: number, row: Int32Array, col: Int32Array): SparseCholesky {
    const nnz = row.length;
    // 1. Fill-reducing order of the pattern.
    const deg = new Int32Array(n + 1);
    for (let t = 0; t < nnz; t++) {
      if (row[t] !== col[t]) {
        deg[row[t]!]!++;
        deg[col[t]!]!++;
      }
    }
    const adjPtr = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) adjPtr[i + 1] = adjPtr[i]! + deg[i]!;
    const adjIdx = new Int32Array(adjPtr[n]!);
    const fill = adjPtr.slice(0, n);
    for (let t = 0; t < nnz; t++) {
      const i = row[t]!;
      const j = col[t]!;
      if (i !== j) {
        adjIdx[fill[i]!++] = j;
        adjIdx[fill[j]!++] = i;
      }
    }
    const amdPerm = n > 0 ? amdOrder(n, adjPtr, adjIdx) : new Int32Array(0);
    const amdInv = new Int32Array(n);
    for (let k = 0; k < n; k++) amdInv[amdPerm[k]!] = k;

    // 2. Elimination tree in the AMD order, then a postorder of it as the final order.
    const upper = patternByColumn(n, row, col, amdInv, true);
    const parent0 = etree(n, upper.ptr, upper.idx);
    const post = postorderTree(n, parent0);
    const perm = new Int32Array(n);
    const inv = new Int32Array(n);
    for (let k = 0; k < n; k++) {
      perm[k] = amdPerm[post[k]!]!;
      inv[perm[k]!] = k;
    }
    const parent = new Int32Array(n);
    for (let k = 0; k < n; k++) {
      const p = parent0[post[k]!]!;
      parent[k] = p < 0 ? -1 : 0;
    }
    const ipost = new Int32Array(n);
    for (let k = 0; k < n; k++) ipost[post[k]!] = k;
    for (let k = 0; k < n; k++) {
      const p = parent0[post[k]!]!;
      parent[k] = p < 0 ? -1 : ipost[p]!;
    }

    // 3. Column structures of L, children merged into parents (postorder: children come first).
    const lower = patternByColumn(n, row, col, inv, false);
    const childCount = new Int32Array(n);
    for (let k = 0; k < n; k++) if (parent[k]! >= 0) childCount[parent[k]!]!++;
    const cPtr = new Int32Array(n + 1);
    for (let k = 0; k < n; k++) cPtr[k + 1] = cPtr[k]! + childCount[k]!;
    const cIdx = new Int32Array(Math.max(1, cPtr[n]!));
    {
      const f = cPtr.slice(0, n);
      for (let k = 0; k < n; k++) if (parent[k]! >= 0) cIdx[f[parent[k]!]!++] = k;
    }
    let sBuf = new Int32Array(Math.max(16, lower.ptr[n]! * 2));
    const sPtr = new Int32Array(n + 1);
    const mark = new Int32Array(n).fill(-1);
    let sLen = 0;
    for (let j = 0; j < n; j++) {
      sPtr[j] = sLen;
      const need = sLen + n;
      if (need > sBuf.length) {
        let size = sBuf.length * 2;
        while (size < need) size *= 2;
        const grown = new Int32Array(size);
        grown.set(sBuf.subarray(0, sLen));
        sBuf = grown;
      }
      mark[j] = j;
      for (let p = lower.ptr[j]!; p < lower.ptr[j + 1]!; p++) {
        const i = lower.idx[p]!;
        if (mark[i] !== j) {
          mark[i] = j;
          sBuf[sLen++] = i;
        }
      }
      for (let q = cPtr[j]!; q < cPtr[j + 1]!; q++) {
        const c = cIdx[q]!;
        for (let p = sPtr[c]!; p < sPtr[c + 1]!; p++) {
          const i = sBuf[p]!;
          if (mark[i] !== j) {
            mark[i] = j;
            sBuf[sLen++] = i;
          }
        }
      }
      sBuf.subarray(sPtr[j]!, sLen).sort();
      sPtr[j + 1] = sLen;
    }
    const colCount = (j: number) => sPtr[j + 1]! - sPtr[j]!;

    // 4. Fundamental (maximal) supernodes: j joins j−1 when struct(j−1) = {j} ∪ struct(j).
    const fundOf = new Int32Array(n);
    const fFirst: number[] = [];
    for (let j = 0; j < n; j++) {
      if (j > 0 && parent[j - 1] === j && colCount(j - 1) === colCount(j) + 1) {
        fundOf[j] = fFirst.length - 1;
      } else {
        fundOf[j] = fFirst.length;
        fFirst.push(j);
      }
    }
    const nf = fFirst.length;
    // 5. Relaxed amalgamation (CHOLMOD's default rule): merge a supernode with the child that ends
    // just before it when the merged block gains few explicit zeros; fewer, larger fronts.
    const first = Int32Array.from(fFirst);
    const ncol = new Int32Array(nf);
    const nrow = new Int32Array(nf);
    const zeros = new Float64Array(nf);
    const fParent = new Int32Array(nf);
    for (let s = 0; s < nf; s++) {
      const last = (s + 1 < nf ? first[s + 1]! : n) - 1;
      ncol[s] = last - first[s]! + 1;
      nrow[s] = colCount(last);
      fParent[s] = parent[last]! >= 0 ? fundOf[parent[last]!]! : -1;
    }
    const rep = new Int32Array(nf);
    for (let s = 0; s < nf; s++) rep[s] = s;
    const find = (s: number): number => {
      let r = s;
      while (rep[r] !== r) r = rep[r]!;
      while (rep[s] !== r) {
        const nx = rep[s]!;
        rep[s] = r;
        s = nx;
      }
      return r;
    };
    const dense = (k: number, r: number) => (k * (k + 1)) / 2 + k * r;
    for (let s = 0; s < nf; s++) {
      for (;;) {
        if (first[s] === 0) break;
        const c = find(fundOf[first[s]! - 1]!);
        if (fParent[c]! < 0 || find(fParent[c]!) !== s) break;
        const ns = ncol[c]! + ncol[s]!;
        const total = dense(ns, nrow[s]!);
        const z = total - (dense(ncol[c]!, nrow[c]!) - zeros[c]!) - (dense(ncol[s]!, nrow[s]!) - zeros[s]!);
        const frac = z / total;
        const merge = ns <= 4 || (ns <= 16 && frac < 0.8) || (ns <= 48 && frac < 0.1) || frac < 0.05;
        if (!merge) break;
        rep[c] = s;
        first[s] = first[c]!;
        ncol[s] = ns;
        zeros[s] = z;
      }
    }
    // 6. Final supernodes in column order (a postorder of the supernodal tree).
    const superOfCol = new Int32Array(n);
    const starts: number[] = [];
    for (let j = 0; j < n; j++) {
      const r = find(fundOf[j]!);
      if (j === 0 || find(fundOf[j - 1]!) !== r) starts.push(j);
      superOfCol[j] = starts.length - 1;
    }
    const ns = starts.length;
    const superStart = new Int32Array(ns + 1);
    for (let s = 0; s < ns; s++) superStart[s] = starts[s]!;
    superStart[ns] = n;
    const rowPtr = new Int32Array(ns + 1);
    for (let s = 0; s < ns; s++) rowPtr[s + 1] = rowPtr[s]! + colCount(superStart[s + 1]! - 1);
    const rowIdx = new Int32Array(rowPtr[ns]!);
    for (let s = 0; s < ns; s++) {
      const last = superStart[s + 1]! - 1;
      rowIdx.set(sBuf.subarray(sPtr[last]!, sPtr[last + 1]!), rowPtr[s]!);
    }
    const superParent = new Int32Array(ns);
    const nChild = new Int32Array(ns + 1);
    for (let s = 0; s < ns; s++) {
      const p = parent[superStart[s + 1]! - 1]!;
      superParent[s] = p >= 0 ? superOfCol[p]! : -1;
      if (p >= 0) nChild[superParent[s]!]!++;
    }
    const childPtr = new Int32Array(ns + 1);
    for (let s = 0; s < ns; s++) childPtr[s + 1] = childPtr[s]! + nChild[s]!;
    const childIdx = new Int32Array(Math.max(1, childPtr[ns]!));
    {
      const f = childPtr.slice(0, ns);
      for (let s = 0; s < ns; s++) if (superParent[s]! >= 0) childIdx[f[superParent[s]!]!++] = s;
    }
    // 7. Extend-add maps, front sizes, the update stack's peak, storage of L, flop count.
    const relIdx = new Int32Array(rowPtr[ns]!);
    const pos = new Int32Array(n);
    const Lptr = new Int32Array(ns + 1);
    let maxFront = 1;
    let stackSize = 0;
    let stackPeak = 0;
    let flops = 0;
    for (let s = 0; s < ns; s++) {
      const f = superStart[s]!;
      const k = superStart[s + 1]! - f;
      const r = rowPtr[s + 1]! - rowPtr[s]!;
      const m = k + r;
      maxFront = Math.max(maxFront, m);
      Lptr[s + 1] = Lptr[s]! + m * k;
      for (let q = 0; q < r; q++) pos[rowIdx[rowPtr[s]! + q]!] = k + q;
      for (let c = childPtr[s]!; c < childPtr[s + 1]!; c++) {
        const ch = childIdx[c]!;
        for (let q = rowPtr[ch]!; q < rowPtr[ch + 1]!; q++) {
          const i = rowIdx[q]!;
          relIdx[q] = i < f + k ? i - f : pos[i]!;
        }
        const rc = rowPtr[ch + 1]! - rowPtr[ch]!;
        stackSize -= rc * rc;
      }
      stackSize += r * r;
      stackPeak = Math.max(stackPeak, stackSize + r * r);
      flops += (k * k * k) / 3 + k * k * r + k * r * r;
    }
    // 8. Where each entry of A lands in its supernode's front.
    const entSuper = new Int32Array(nnz);
    const asmPtr = new Int32Array(ns + 1);
    for (let t = 0; t < nnz; t++) {
      const a = inv[row[t]!]!;
      const b = inv[col[t]!]!;
      const s = superOfCol[Math.min(a, b)]!;
      entSuper[t] = s;
      asmPtr[s + 1]!++;
    }
    for (let s = 0; s < ns; s++) asmPtr[s + 1] = asmPtr[s + 1]! + asmPtr[s]!;
    const asmSrc = new Int32Array(nnz);
    {
      const f = asmPtr.slice(0, ns);
      for (let t = 0; t < nnz; t++) asmSrc[f[entSuper[t]!]!++] = t;
    }
    const asmDst = new Int32Array(nnz);
    for (let s = 0; s < ns; s++) {
      const f = superStart[s]!;
      const k = superStart[s + 1]! - f;
      const m = k + rowPtr[s + 1]! - rowPtr[s]!;
      for (let q = rowPtr[s]!; q < rowPtr[s + 1]!; q++) pos[rowIdx[q]!] = k + q - rowPtr[s]!;
      for (let e = asmPtr[s]!; e < asmPtr[s + 1]!; e++) {
        const t = asmSrc[e]!;
        const a = inv[row[t]!]!;
        const b = inv[col[t]!]!;
        const lo = Math.min(a, b);
        const hi = Math.max(a, b);
        const rp = hi < f + k ? hi - f : pos[hi]!;
        asmDst[e] = rp + (lo - f) * m;
      }
    }
    return new SparseCholesky({
      n,
      perm,
      superStart,
      rowPtr,
      rowIdx,
      superParent,
      childPtr,
      childIdx,
      relIdx,
      Lptr,
      asmPtr,
      asmDst,
      asmSrc,
      maxFront,
      stackPeak,
      flops,
    });
  }

  private helper: FrontHelper | null | undefined;

  /** Stops the helper thread, if one was started. */
  dispose(): void {
    this.helper?.dispose();
    this.helper = null;
  }

  /** Numeric factorisation for the values of the analysed pattern. False if not positive definite. */
  factor(values: Float64Array): boolean {
    if (this.helper === undefined) {
      this.helper = this.front.buffer instanceof SharedArrayBuffer ? FrontHelper.start(this.front) : null;
    }
    const ok = this.factorWith(values, this.helper);
    if (this.helper?.broken) {
      this.dispose();
      return this.factorWith(values, null);
    }
    return ok;
  }

  private factorWith(values: Float64Array, helper: FrontHelper | null): boolean {
    const { front: F, stack, Lx } = this;
    let sp = 0;
    for (let s = 0; s < this.nsuper; s++) {
      const f = this.superStart[s]!;
      const k = this.superStart[s + 1]! - f;
      const r0 = this.rowPtr[s]!;
      const r = this.rowPtr[s + 1]! - r0;
      const m = k + r;
      F.fill(0, 0, m * m);
      for (let e = this.asmPtr[s]!; e < this.asmPtr[s + 1]!; e++) {
        F[this.asmDst[e]!]! += values[this.asmSrc[e]!]!;
      }
      for (let c = this.childPtr[s + 1]! - 1; c >= this.childPtr[s]!; c--) {
        const ch = this.childIdx[c]!;
        const q0 = this.rowPtr[ch]!;
        const rc = this.rowPtr[ch + 1]! - q0;
        sp -= rc * rc;
        const rel = this.relIdx;
        for (let b = 0; b < rc; b++) {
          const dst = rel[q0 + b]! * m;
          const src = sp + b * rc;
          for (let a = b; a < rc; a++) F[rel[q0 + a]! + dst]! += stack[src + a]!;
        }
      }
      if (!partialCholesky(F, m, k, m >= PARALLEL_FRONT ? helper : null)) return false;
      const lp = this.Lptr[s]!;
      Lx.set(F.subarray(0, m * k), lp);
      if (r > 0) {
        for (let b = 0; b < r; b++) {
          const src = (k + b) * m + k;
          const dst = sp + b * r;
          for (let a = b; a < r; a++) stack[dst + a] = F[src + a]!;
        }
        sp += r * r;
      }
    }
    return true;
  }

  /** log det(A) = 2 Σ log L_jj. */
  logDet(): number {
    let s2 = 0;
    for (let s = 0; s < this.nsuper; s++) {
      const k = this.superStart[s + 1]! - this.superStart[s]!;
      const m = k + this.rowPtr[s + 1]! - this.rowPtr[s]!;
      const lp = this.Lptr[s]!;
      for (let j = 0; j < k; j++) s2 += Math.log(this.Lx[lp + j + j * m]!);
    }
    return 2 * s2;
  }

  /** x ← L⁻¹ x for nrhs columns of length n (pivot order), column-major. */
  solveL(x: Float64Array, nrhs = 1): void {
    const { Lx, rowIdx, n } = this;
    for (let s = 0; s < this.nsuper; s++) {
      const f = this.superStart[s]!;
      const k = this.superStart[s + 1]! - f;
      const r0 = this.rowPtr[s]!;
      const m = k + this.rowPtr[s + 1]! - r0;
      const lp = this.Lptr[s]!;
      for (let c = 0; c < nrhs; c++) {
        const o = c * n;
        for (let j = 0; j < k; j++) {
          const cj = lp + j * m;
          const v = x[o + f + j]! / Lx[cj + j]!;
          x[o + f + j] = v;
          if (v === 0) continue;
          for (let i = j + 1; i < k; i++) x[o + f + i]! -= Lx[cj + i]! * v;
          for (let i = k; i < m; i++) x[o + rowIdx[r0 + i - k]!]! -= Lx[cj + i]! * v;
        }
      }
    }
  }

  /** x ← L⁻ᵀ x for nrhs columns (pivot order). */
  solveLt(x: Float64Array, nrhs = 1): void {
    const { Lx, rowIdx, n } = this;
    for (let s = this.nsuper - 1; s >= 0; s--) {
      const f = this.superStart[s]!;
      const k = this.superStart[s + 1]! - f;
      const r0 = this.rowPtr[s]!;
      const m = k + this.rowPtr[s + 1]! - r0;
      const lp = this.Lptr[s]!;
      for (let c = 0; c < nrhs; c++) {
        const o = c * n;
        for (let j = k - 1; j >= 0; j--) {
          const cj = lp + j * m;
          let v = x[o + f + j]!;
          for (let i = j + 1; i < k; i++) v -= Lx[cj + i]! * x[o + f + i]!;
          for (let i = k; i < m; i++) v -= Lx[cj + i]! * x[o + rowIdx[r0 + i - k]!]!;
          x[o + f + j] = v / Lx[cj + j]!;
        }
      }
    }
  }

  /**
   * Entries of A⁻¹ (in the original numbering) at the requested positions, each of which must lie
   * in the pattern of L (e.g. inside a diagonal block of A). Selected inversion (Takahashi's
   * equations) from the root down: each front's inverse is gathered from its parent's through the
   * extend-add map, so no dense inverse of A is ever formed.
   */
  selectedInverse(reqRow: Int32Array, reqCol: Int32Array): Float64Array {
    const out = new Float64Array(reqRow.length);
    const ns = this.nsuper;
    // Requests grouped by the supernode of their column (pivot order).
    const sOf = new Int32Array(this.n);
    for (let s = 0; s < ns; s++)
      for (let j = this.superStart[s]!; j < this.superStart[s + 1]!; j++) sOf[j] = s;
    const reqPtr = new Int32Array(ns + 1);
    const a = new Int32Array(reqRow.length);
    const b = new Int32Array(reqRow.length);
    for (let t = 0; t < reqRow.length; t++) {
      const i = this.iperm[reqRow[t]!]!;
      const j = this.iperm[reqCol[t]!]!;
      a[t] = Math.max(i, j);
      b[t] = Math.min(i, j);
      reqPtr[sOf[b[t]!]! + 1]!++;
    }
    for (let s = 0; s < ns; s++) reqPtr[s + 1] = reqPtr[s + 1]! + reqPtr[s]!;
    const reqIdx = new Int32Array(reqRow.length);
    {
      const f = reqPtr.slice(0, ns);
      for (let t = 0; t < reqRow.length; t++) reqIdx[f[sOf[b[t]!]!]!++] = t;
    }
    const pending = new Int32Array(ns);
    for (let s = 0; s < ns; s++) pending[s] = this.childPtr[s + 1]! - this.childPtr[s]!;
    const fronts: (Float64Array | undefined)[] = new Array(ns);
    const pos = new Int32Array(this.n);
    for (let s = ns - 1; s >= 0; s--) {
      const f = this.superStart[s]!;
      const k = this.superStart[s + 1]! - f;
      const r0 = this.rowPtr[s]!;
      const r = this.rowPtr[s + 1]! - r0;
      const m = k + r;
      const lp = this.Lptr[s]!;
      const Z = new Float64Array(m * m);
      const p = this.superParent[s]!;
      if (p >= 0) {
        // Z_RR from the parent's front.
        const P = fronts[p]!;
        const mp = this.superStart[p + 1]! - this.superStart[p]! + this.rowPtr[p + 1]! - this.rowPtr[p]!;
        for (let c = 0; c < r; c++) {
          const pc = this.relIdx[r0 + c]!;
          for (let q = c; q < r; q++) {
            const pq = this.relIdx[r0 + q]!;
            const v = pq >= pc ? P[pq + pc * mp]! : P[pc + pq * mp]!;
            Z[k + q + (k + c) * m] = v;
            Z[k + c + (k + q) * m] = v;
          }
        }
        pending[p] = pending[p]! - 1;
        if (pending[p] === 0) fronts[p] = undefined;
      }
      const Lx = this.Lx;
      const Linv = triangularInverse(Lx, lp, m, k);
      // W = L_RJ L_JJ⁻¹ (r×k): column j is Σ_{c≥j} Linv[c, j] · L_RJ[:, c].
      const Wm = new Float64Array(r * k);
      for (let j = 0; j < k; j++) {
        const wj = j * r;
        for (let c = j; c < k; c++) {
          const v = Linv[c + j * k]!;
          if (v === 0) continue;
          const lc = lp + k + c * m;
          for (let q = 0; q < r; q++) Wm[wj + q]! += Lx[lc + q]! * v;
        }
      }
      // Z_RJ = −Z_RR W, four columns of W at a time (each column of Z_RR is read once per four).
      {
        let j = 0;
        for (; j + 3 < k; j += 4) {
          const d0 = k + j * m;
          const d1 = d0 + m;
          const d2 = d1 + m;
          const d3 = d2 + m;
          for (let c = 0; c < r; c++) {
            const w0 = Wm[c + j * r]!;
            const w1 = Wm[c + (j + 1) * r]!;
            const w2 = Wm[c + (j + 2) * r]!;
            const w3 = Wm[c + (j + 3) * r]!;
            const zc = k + (k + c) * m;
            for (let q = 0; q < r; q++) {
              const z = Z[zc + q]!;
              Z[d0 + q]! -= z * w0;
              Z[d1 + q]! -= z * w1;
              Z[d2 + q]! -= z * w2;
              Z[d3 + q]! -= z * w3;
            }
          }
        }
        for (; j < k; j++) {
          const dst = k + j * m;
          for (let c = 0; c < r; c++) {
            const w = Wm[c + j * r]!;
            if (w === 0) continue;
            const zc = k + (k + c) * m;
            for (let q = 0; q < r; q++) Z[dst + q]! -= Z[zc + q]! * w;
          }
        }
      }
      // Z_JJ = Linvᵀ Linv − Wᵀ Z_RJ.
      for (let b = 0; b < k; b++) {
        for (let a = b; a < k; a++) {
          const v = dot(Linv, a * k + a, Linv, b * k + a, k - a) - dot(Wm, a * r, Z, k + b * m, r);
          Z[a + b * m] = v;
          Z[b + a * m] = v;
        }
      }
      for (let j = 0; j < k; j++) for (let q = 0; q < r; q++) Z[j + (k + q) * m] = Z[k + q + j * m]!;
      for (let q = 0; q < r; q++) pos[this.rowIdx[r0 + q]!] = k + q;
      for (let t = reqPtr[s]!; t < reqPtr[s + 1]!; t++) {
        const id = reqIdx[t]!;
        const ai = a[id]!;
        const row = ai < f + k ? ai - f : pos[ai]!;
        out[id] = Z[row + (b[id]! - f) * m]!;
      }
      if (pending[s]! > 0) fronts[s] = Z;
    }
    return out;
  }
}

/**
 * Inverse of the k×k lower-triangular block at L[lp] (leading dimension m), column-major k×k.
 * Four right-hand sides at a time, so that each column of L is read once per four.
 */
function triangularInverse(L: Float64Array, lp: number, m: number, k: number): Float64Array {
  const X = new Float64Array(k * k);
  for (let j0 = 0; j0 < k; j0 += 4) {
    const nb = Math.min(4, k - j0);
    for (let t = 0; t < nb; t++) X[j0 + t + (j0 + t) * k] = 1;
    // Forward substitution L X[:, j0..j0+nb) = I[:, j0..]: rows above j0 stay 0.
    for (let c = j0; c < k; c++) {
      const d = L[lp + c + c * m]!;
      const lc = lp + c * m;
      for (let t = 0; t < nb; t++) {
        const col = (j0 + t) * k;
        const v = X[col + c]! / d;
        X[col + c] = v;
        if (v === 0) continue;
        for (let i = c + 1; i < k; i++) X[col + i]! -= L[lc + i]! * v;
      }
    }
  }
  return X;
}

/** Σ x[xo+i]·y[yo+i] for i < len, with four accumulators (a single one is latency-bound). */
function dot(x: Float64Array, xo: number, y: Float64Array, yo: number, len: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < len; i += 4) {
    s0 += x[xo + i]! * y[yo + i]!;
    s1 += x[xo + i + 1]! * y[yo + i + 1]!;
    s2 += x[xo + i + 2]! * y[yo + i + 2]!;
    s3 += x[xo + i + 3]! * y[yo + i + 3]!;
  }
  for (; i < len; i++) s0 += x[xo + i]! * y[yo + i]!;
  return s0 + s1 + (s2 + s3);
}

/** Columns of the permuted pattern: rows above (upper) or below (lower) the diagonal. */
function patternByColumn(
  n: number,
  row: Int32Array,
  col: Int32Array,
  inv: Int32Array,
  upper: boolean,
): { ptr: Int32Array; idx: Int32Array } {
  const ptr = new Int32Array(n + 1);
  for (let t = 0; t < row.length; t++) {
    const a = inv[row[t]!]!;
    const b = inv[col[t]!]!;
    if (a === b) continue;
    const c = upper ? Math.max(a, b) : Math.min(a, b);
    ptr[c + 1]!++;
  }
  for (let i = 0; i < n; i++) ptr[i + 1] = ptr[i + 1]! + ptr[i]!;
  const idx = new Int32Array(ptr[n]!);
  const f = ptr.slice(0, n);
  for (let t = 0; t < row.length; t++) {
    const a = inv[row[t]!]!;
    const b = inv[col[t]!]!;
    if (a === b) continue;
    const hi = Math.max(a, b);
    const lo = Math.min(a, b);
    if (upper) idx[f[hi]!++] = lo;
    else idx[f[lo]!++] = hi;
  }
  return { ptr, idx };
}

/** Elimination tree (Liu's algorithm with path compression) from the pattern above the diagonal. */
function etree(n: number, ptr: Int32Array, idx: Int32Array): Int32Array {
  const parent = new Int32Array(n).fill(-1);
  const ancestor = new Int32Array(n).fill(-1);
  for (let k = 0; k < n; k++) {
    for (let p = ptr[k]!; p < ptr[k + 1]!; p++) {
      let i = idx[p]!;
      while (i !== -1 && i < k) {
        const next = ancestor[i]!;
        ancestor[i] = k;
        if (next === -1) parent[i] = k;
        i = next;
      }
    }
  }
  return parent;
}

/** Depth-first postorder of a forest: post[k] = the k-th node visited. */
function postorderTree(n: number, parent: Int32Array): Int32Array {
  const head = new Int32Array(n).fill(-1);
  const next = new Int32Array(n).fill(-1);
  for (let j = n - 1; j >= 0; j--) {
    const p = parent[j]!;
    if (p >= 0) {
      next[j] = head[p]!;
      head[p] = j;
    }
  }
  const post = new Int32Array(n);
  const stack = new Int32Array(n);
  let k = 0;
  for (let root = 0; root < n; root++) {
    if (parent[root]! >= 0) continue;
    let top = 0;
    stack[0] = root;
    while (top >= 0) {
      const p = stack[top]!;
      const c = head[p]!;
      if (c === -1) {
        top--;
        post[k++] = p;
      } else {
        head[p] = next[c]!;
        stack[++top] = c;
      }
    }
  }
  return post;
}
