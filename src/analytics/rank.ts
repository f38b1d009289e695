/**
 * Ranks and rank correlation. Pure: no I/O.
 */

/**
 * Standard competition ranks (1, 2, 2, 4) of `values`, the highest first. Values are compared as
 * shown, rounded to `decimals`, so two figures a reader sees as equal share a rank.
 */
export function competitionRanks(values: readonly number[], decimals = 2): number[] {
  const f = 10 ** decimals;
  const shown = values.map((v) => Math.round(v * f));
  const order = shown.map((_, i) => i).sort((a, b) => shown[b]! - shown[a]!);
  const rank = new Array<number>(values.length);
  order.forEach((i, k) => {
    const prev = order[k - 1];
    rank[i] = prev !== undefined && shown[prev] === shown[i] ? rank[prev]! : k + 1;
  });
  return rank;
}

/** Mid-ranks (ties share the mean of their positions), the lowest first, from 0. */
function midRanks(x: ArrayLike<number>): Float64Array {
  const idx = Array.from({ length: x.length }, (_, i) => i).sort((a, b) => x[a]! - x[b]!);
  const r = new Float64Array(x.length);
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && x[idx[j + 1]!] === x[idx[i]!]) j++;
    for (let k = i; k <= j; k++) r[idx[k]!] = (i + j) / 2;
    i = j + 1;
  }
  return r;
}

/** Spearman's rank correlation (Pearson's on mid-ranks), as R's cor(method = "spearman"). */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error('两组数据的个数不同');
  const ra = midRanks(a);
  const rb = midRanks(b);
  const n = ra.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += ra[i]!;
    mb += rb[i]!;
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (ra[i]! - ma) * (rb[i]! - mb);
    saa += (ra[i]! - ma) ** 2;
    sbb += (rb[i]! - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}
