/**
 * Derivative-free minimisation of a smooth function of a few variables inside a box, in the
 * manner of Powell's BOBYQA (which lme4 uses for θ): a quadratic model interpolating (n+1)(n+2)/2
 * points, minimised inside a trust region intersected with the bounds; the resolution ρ shrinks
 * from `rhoBeg` to `rhoEnd`; a point replaced is chosen by the size of its Lagrange polynomial at
 * the new point, so that the interpolation set stays well poised. Steps are cut at the bounds, so
 * a minimum on a bound (a variance of 0) is returned exactly on it.
 */

export interface BoundedOptions {
  rhoBeg?: number;
  rhoEnd?: number;
  maxEvaluations?: number;
  /** Relative size (to 0.1 + |x|) below which a model step counts as converged. */
  xTol?: number;
  /** Resolution at which a tiny model step is trusted. */
  rhoFine?: number;
  /** Relative reduction of f (to max(1, |f|)) below which the model's promise is noise. */
  fTol?: number;
}

export interface BoundedResult {
  x: number[];
  value: number;
  evaluations: number;
  converged: boolean;
}

export function minimizeBounded(
  f: (x: number[]) => number,
  x0: readonly number[],
  lower: readonly number[],
  upper: readonly number[],
  options: BoundedOptions = {},
): BoundedResult {
  const n = x0.length;
  const rhoBeg = options.rhoBeg ?? 0.2;
  const rhoEnd = options.rhoEnd ?? 1e-7;
  const maxEval = options.maxEvaluations ?? 2000;
  const xTol = options.xTol ?? 1e-7;
  const rhoFine = options.rhoFine ?? 1e-4;
  const fTol = options.fTol ?? 1e-12;
  let evaluations = 0;
  const evaluate = (x: number[]): number => {
    evaluations++;
    const v = f(x);
    return Number.isFinite(v) ? v : Number.MAX_VALUE;
  };
  if (n === 0) return { x: [], value: evaluate([]), evaluations, converged: true };

  const clamp = (x: number[]) => x.map((v, i) => Math.min(upper[i]!, Math.max(lower[i]!, v)));
  const npt = ((n + 1) * (n + 2)) / 2;
  let rho = rhoBeg;
  let delta = rhoBeg;

  // Initial interpolation set around x0, stepping away from a bound that is too close.
  const base = clamp([...x0]);
  const dir = base.map((v, i) => (v + rho <= upper[i]! ? 1 : -1));
  const pts: number[][] = [base];
  for (let i = 0; i < n; i++) {
    const p = [...base];
    p[i] = p[i]! + dir[i]! * rho;
    pts.push(clamp(p));
    const q = [...base];
    const back = q[i]! - dir[i]! * rho;
    q[i] = back >= lower[i]! && back <= upper[i]! ? back : q[i]! + 2 * dir[i]! * rho;
    pts.push(clamp(q));
  }
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const p = [...base];
      p[i] = p[i]! + dir[i]! * rho;
      p[j] = p[j]! + dir[j]! * rho;
      pts.push(clamp(p));
    }
  }
  const vals = pts.map(evaluate);
  let best = argmin(vals);

  const basis = (s: number[]): number[] => {
    const out = [1, ...s];
    for (let i = 0; i < n; i++) {
      out.push(0.5 * s[i]! * s[i]!);
      for (let j = i + 1; j < n; j++) out.push(s[i]! * s[j]!);
    }
    return out;
  };

  let converged = false;
  while (evaluations < maxEval) {
    const xb = pts[best]!;
    const fb = vals[best]!;
    let scale = 0;
    for (const p of pts) for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(p[i]! - xb[i]!));
    scale = Math.max(scale, rho);
    const M = pts.map((p) => basis(p.map((v, i) => (v - xb[i]!) / scale)));
    const lu = luFactor(M, npt);
    if (!lu) {
      // Degenerate set: rebuild it around the best point at the current resolution.
      rebuild(xb, fb);
      continue;
    }
    const coef = luSolve(
      lu,
      vals.map((v) => v - fb),
    );
    // Model in unscaled step d: m(d) = gᵀd + ½ dᵀHd.
    const g = new Array<number>(n);
    const H = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    for (let i = 0; i < n; i++) g[i] = coef[1 + i]! / scale;
    let t = 1 + n;
    for (let i = 0; i < n; i++) {
      H[i]![i] = coef[t++]! / (scale * scale);
      for (let j = i + 1; j < n; j++) {
        H[i]![j] = coef[t]! / (scale * scale);
        H[j]![i] = H[i]![j]!;
        t++;
      }
    }
    const lo = xb.map((v, i) => Math.max(lower[i]! - v, -delta));
    const hi = xb.map((v, i) => Math.min(upper[i]! - v, delta));
    const d = boxQp(g, H, lo, hi);
    const pred = -(dot(g, d) + 0.5 * quad(H, d));
    const dnorm = Math.max(...d.map(Math.abs));

    // Converged when, at a fine resolution, the model's own minimum (inside the trust region)
    // promises less than the rounding noise of f: further evaluations could not tell better
    // from worse.
    if (rho <= rhoFine && dnorm < 0.99 * delta && pred <= fTol * Math.max(1, Math.abs(fb))) {
      converged = true;
      break;
    }
    if (dnorm < 0.5 * rho || !(pred > 0)) {
      // The model says the minimum is within ρ: improve the geometry if a point is far,
      // else refine the resolution.
      if (improveGeometry(xb, lu, scale)) continue;
      // Converged: resolution at its end, or a well-poised model at a fine resolution whose
      // minimum is closer than xTol (the model's own error there is of order ρ²).
      const tiny = d.every((v, i) => Math.abs(v) <= xTol * (1e-1 + Math.abs(xb[i]!)));
      if (rho <= rhoEnd || (rho <= rhoFine && tiny)) {
        converged = true;
        break;
      }
      reduceRho(dnorm);
      continue;
    }
    const xn = clamp(xb.map((v, i) => v + d[i]!));
    const fn = evaluate(xn);
    const ratio = (fb - fn) / pred;
    // Powell's trust-region update.
    if (ratio <= 0.1) delta = 0.5 * delta;
    else if (ratio <= 0.7) delta = Math.max(0.5 * delta, dnorm);
    else delta = Math.max(0.5 * delta, 2 * dnorm);
    if (delta <= 1.5 * rho) delta = rho;
    // Replace the point whose Lagrange polynomial is largest at xn, weighted by its distance.
    const center = fn < fb ? xn : xb;
    const lag = luSolveT(lu, basis(xn.map((v, i) => (v - xb[i]!) / scale)));
    let out = -1;
    let score = -1;
    for (let j = 0; j < npt; j++) {
      if (j === best && fn >= fb) continue;
      const dist = Math.max(...pts[j]!.map((v, i) => Math.abs(v - center[i]!)));
      const w = Math.max(1, (dist / Math.max(delta, rho)) ** 3);
      const s = Math.abs(lag[j]!) * w;
      if (s > score) {
        score = s;
        out = j;
      }
    }
    pts[out] = xn;
    vals[out] = fn;
    best = argmin(vals);
    if (ratio < 0.1 && fn >= fb) {
      if (improveGeometry(xb, lu, scale)) continue;
      if (dnorm <= rho) {
        if (rho <= rhoEnd) {
          converged = true;
          break;
        }
        reduceRho(dnorm);
      }
    }
  }
  return { x: pts[best]!, value: vals[best]!, evaluations, converged };

  function reduceRho(step: number) {
    const target = rho / 10;
    // A model that asks for a step far below ρ is already resolving finer: follow it down.
    const next = Math.max(rhoEnd, Math.min(target, Math.max(10 * step, rho / 100)));
    rho = next;
    delta = Math.max(rho, 0.5 * delta);
    delta = Math.min(delta, 10 * rho);
  }

  function rebuild(xb: number[], fb: number) {
    pts.length = 0;
    vals.length = 0;
    pts.push(xb);
    vals.push(fb);
    const sgn = xb.map((v, i) => (v + rho <= upper[i]! ? 1 : -1));
    for (let i = 0; i < n; i++) {
      const p = [...xb];
      p[i] = p[i]! + sgn[i]! * rho;
      pts.push(clamp(p));
      const q = [...xb];
      const back = q[i]! - sgn[i]! * rho;
      q[i] = back >= lower[i]! && back <= upper[i]! ? back : q[i]! + 2 * sgn[i]! * rho;
      pts.push(clamp(q));
    }
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const p = [...xb];
        p[i] = p[i]! + sgn[i]! * rho;
        p[j] = p[j]! + sgn[j]! * rho;
        pts.push(clamp(p));
      }
    }
    for (let j = 1; j < pts.length; j++) vals.push(evaluate(pts[j]!));
    best = argmin(vals);
  }

  /** Replaces the farthest point (beyond 2Δ) by one that keeps the set well poised. */
  function improveGeometry(xb: number[], lu: Lu, scale: number): boolean {
    const radius = Math.max(2 * delta, 2 * rho);
    let far = -1;
    let farDist = radius;
    for (let j = 0; j < npt; j++) {
      const dist = Math.max(...pts[j]!.map((v, i) => Math.abs(v - xb[i]!)));
      if (dist > farDist) {
        farDist = dist;
        far = j;
      }
    }
    if (far < 0 || evaluations >= maxEval) return false;
    const step = Math.max(rho, Math.min(delta, farDist / 10));
    // Lagrange polynomial of the far point; candidates along the axes and its gradient.
    const e = new Array<number>(npt).fill(0);
    e[far] = 1;
    const lc = luSolve(lu, e);
    const lval = (x: number[]) => dot(lc, basis(x.map((v, i) => (v - xb[i]!) / scale)));
    let bestX: number[] | null = null;
    let bestV = -1;
    const consider = (x: number[]) => {
      const c = clamp(x);
      if (Math.max(...c.map((v, i) => Math.abs(v - xb[i]!))) < 0.5 * rho) return;
      if (pts.some((p) => p.every((v, i) => Math.abs(v - c[i]!) < 1e-14 * Math.max(1, Math.abs(v))))) return;
      const v = Math.abs(lval(c));
      if (v > bestV) {
        bestV = v;
        bestX = c;
      }
    };
    for (let i = 0; i < n; i++) {
      for (const s of [1, -1]) {
        const x = [...xb];
        x[i] = x[i]! + s * step;
        consider(x);
      }
    }
    const gl = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      const x1 = [...xb];
      x1[i] = x1[i]! + 1e-3 * step;
      const x2 = [...xb];
      x2[i] = x2[i]! - 1e-3 * step;
      gl[i] = lval(x1) - lval(x2);
    }
    const gn = Math.max(...gl.map(Math.abs));
    if (gn > 0) {
      for (const s of [1, -1]) consider(xb.map((v, i) => v + (s * step * gl[i]!) / gn));
    }
    if (!bestX) return false;
    pts[far] = bestX;
    vals[far] = evaluate(bestX);
    best = argmin(vals);
    return true;
  }
}

function argmin(v: number[]): number {
  let b = 0;
  for (let i = 1; i < v.length; i++) if (v[i]! < v[b]!) b = i;
  return b;
}

function dot(a: number[], b: number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function quad(H: number[][], d: number[]): number {
  let s = 0;
  for (let i = 0; i < d.length; i++) for (let j = 0; j < d.length; j++) s += d[i]! * H[i]![j]! * d[j]!;
  return s;
}

/**
 * Minimises gᵀd + ½dᵀHd over the box lo ≤ d ≤ hi (H may be indefinite): exact coordinate descent
 * from several starts (the origin, the projected Newton point, the projected steepest-descent
 * corner); the best local minimum wins.
 */
function boxQp(g: number[], H: number[][], lo: number[], hi: number[]): number[] {
  const n = g.length;
  const value = (d: number[]) => dot(g, d) + 0.5 * quad(H, d);
  const starts: number[][] = [new Array<number>(n).fill(0)];
  const newton = solveSmall(
    H,
    g.map((v) => -v),
  );
  if (newton) starts.push(newton.map((v, i) => Math.min(hi[i]!, Math.max(lo[i]!, v))));
  starts.push(g.map((v, i) => (v > 0 ? lo[i]! : v < 0 ? hi[i]! : 0)));
  let best: number[] = starts[0]!;
  let bestV = 0;
  for (const s of starts) {
    const d = [...s];
    for (let sweep = 0; sweep < 200; sweep++) {
      let moved = 0;
      for (let i = 0; i < n; i++) {
        // 1-D quadratic in d_i: a/2 t² + b t.
        let b = g[i]!;
        for (let j = 0; j < n; j++) if (j !== i) b += H[i]![j]! * d[j]!;
        const a = H[i]![i]!;
        let t: number;
        if (a > 0) t = Math.min(hi[i]!, Math.max(lo[i]!, -b / a));
        else {
          const vl = 0.5 * a * lo[i]! * lo[i]! + b * lo[i]!;
          const vh = 0.5 * a * hi[i]! * hi[i]! + b * hi[i]!;
          t = vl <= vh ? lo[i]! : hi[i]!;
        }
        moved = Math.max(moved, Math.abs(t - d[i]!));
        d[i] = t;
      }
      if (moved <= 1e-15 * (1 + Math.max(...d.map(Math.abs)))) break;
    }
    const v = value(d);
    if (v < bestV) {
      bestV = v;
      best = d;
    }
  }
  return best;
}

function solveSmall(A: number[][], b: number[]): number[] | null {
  const n = b.length;
  const lu = luFactor(
    A.map((r) => [...r]),
    n,
  );
  return lu ? luSolve(lu, b) : null;
}

interface Lu {
  a: number[][];
  piv: number[];
  n: number;
}

function luFactor(M: number[][], n: number): Lu | null {
  const a = M.map((r) => [...r]);
  const piv = Array.from({ length: n }, (_, i) => i);
  let maxAbs = 0;
  for (const r of a) for (const v of r) maxAbs = Math.max(maxAbs, Math.abs(v));
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(a[i]![k]!) > Math.abs(a[p]![k]!)) p = i;
    if (!(Math.abs(a[p]![k]!) > 1e-13 * maxAbs)) return null;
    if (p !== k) {
      [a[p], a[k]] = [a[k]!, a[p]!];
      [piv[p], piv[k]] = [piv[k]!, piv[p]!];
    }
    const rk = a[k]!;
    for (let i = k + 1; i < n; i++) {
      const ri = a[i]!;
      const l = ri[k]! / rk[k]!;
      ri[k] = l;
      if (l === 0) continue;
      for (let j = k + 1; j < n; j++) ri[j]! -= l * rk[j]!;
    }
  }
  return { a, piv, n };
}

/** Solves M x = b. */
function luSolve(lu: Lu, b: number[]): number[] {
  const { a, piv, n } = lu;
  const x = piv.map((p) => b[p]!);
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) x[i]! -= a[i]![j]! * x[j]!;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = i + 1; j < n; j++) x[i]! -= a[i]![j]! * x[j]!;
    x[i] = x[i]! / a[i]![i]!;
  }
  return x;
}

/** Solves Mᵀ x = b: the values at a point of the Lagrange polynomials of the set. */
function luSolveT(lu: Lu, b: number[]): number[] {
  const { a, piv, n } = lu;
  const y = [...b];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) y[i]! -= a[j]![i]! * y[j]!;
    y[i] = y[i]! / a[i]![i]!;
  }
  for (let i = n - 1; i >= 0; i--) for (let j = i + 1; j < n; j++) y[i]! -= a[j]![i]! * y[j]!;
  const x = new Array<number>(n);
  for (let i = 0; i < n; i++) x[piv[i]!] = y[i]!;
  return x;
}
