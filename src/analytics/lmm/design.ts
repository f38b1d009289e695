import { type Formula, groupName, type RandomTerm } from './formula.ts';

/**
 * A data table by column. Numeric columns are covariates; text columns are factors (treatment
 * coding, levels in sorted order, the first the reference, as R). Missing values (null,
 * undefined, NaN, '' or 'NA') drop the row when the column is used, as R's na.omit.
 */
export type Column = ArrayLike<number> | readonly (string | number | null | undefined)[];
export type Table = Record<string, Column>;

export class DesignError extends Error {}

export interface RandomDesign {
  /** The grouping factor's name as R writes it: `Subject`, `a:b`. */
  group: string;
  levels: string[];
  /** Level of each observation. */
  index: Int32Array;
  /** Columns of the term's model matrix: `(Intercept)`, `Days`. */
  names: string[];
  q: number;
  /** n × q, row-major. */
  Z: Float64Array;
}

export interface Design {
  n: number;
  /** Row of the table behind each observation (rows with missing values are left out). */
  rows: Int32Array;
  y: Float64Array;
  /** n × p, column-major. */
  X: Float64Array;
  fixedNames: string[];
  terms: RandomDesign[];
}

const isMissing = (v: unknown) =>
  v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v)) || v === '' || v === 'NA';

function columnOf(data: Table, name: string): Column {
  const c = data[name];
  if (!c) throw new DesignError(`数据中没有列“${name}”`);
  return c;
}

function isNumeric(c: Column): boolean {
  for (let i = 0; i < c.length; i++) {
    const v = c[i];
    if (isMissing(v)) continue;
    if (typeof v !== 'number' || !Number.isFinite(v)) return false;
  }
  return true;
}

/** Sorted distinct values as R's factor(): numbers numerically, text by code point. */
function factorLevels(c: Column, rows: Int32Array): { levels: string[]; index: Int32Array } {
  const numeric = isNumeric(c);
  const key = (v: unknown) => (typeof v === 'number' ? String(v) : String(v));
  const seen = new Map<string, number | string>();
  for (let r = 0; r < rows.length; r++) {
    const v = c[rows[r]!]!;
    const k = key(v);
    if (!seen.has(k)) seen.set(k, v as number | string);
  }
  const levels = [...seen.keys()];
  if (numeric) levels.sort((a, b) => Number(a) - Number(b));
  else levels.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const pos = new Map(levels.map((l, i) => [l, i]));
  const index = new Int32Array(rows.length);
  for (let r = 0; r < rows.length; r++) index[r] = pos.get(key(c[rows[r]!]))!;
  return { levels, index };
}

/** Model-matrix columns of a list of variables, with or without an intercept (R's coding). */
function modelColumns(
  data: Table,
  rows: Int32Array,
  intercept: boolean,
  vars: string[],
): { names: string[]; cols: Float64Array[] } {
  const n = rows.length;
  const names: string[] = [];
  const cols: Float64Array[] = [];
  if (intercept) {
    names.push('(Intercept)');
    cols.push(new Float64Array(n).fill(1));
  }
  let fullCoding = !intercept;
  for (const v of vars) {
    const c = columnOf(data, v);
    if (isNumeric(c)) {
      const x = new Float64Array(n);
      for (let r = 0; r < n; r++) x[r] = c[rows[r]!] as number;
      names.push(v);
      cols.push(x);
    } else {
      const { levels, index } = factorLevels(c, rows);
      for (let l = fullCoding ? 0 : 1; l < levels.length; l++) {
        const x = new Float64Array(n);
        for (let r = 0; r < n; r++) x[r] = index[r] === l ? 1 : 0;
        names.push(`${v}${levels[l]}`);
        cols.push(x);
      }
      fullCoding = false;
    }
  }
  return { names, cols };
}

/** Builds y, X and the random-effect terms of a parsed formula from a table. */
export function buildDesign(data: Table, formula: Formula): Design {
  const response = columnOf(data, formula.response);
  const used = new Set<string>([formula.response, ...formula.fixed]);
  for (const t of formula.random) for (const v of [...t.slopes, ...t.group]) used.add(v);
  for (const v of used) columnOf(data, v);
  if (!isNumeric(response)) throw new DesignError(`因变量“${formula.response}”不是数值列`);
  const total = response.length;
  for (const v of used) {
    if (columnOf(data, v).length !== total) throw new DesignError(`列“${v}”的行数与因变量不同`);
  }
  const keep: number[] = [];
  for (let r = 0; r < total; r++) {
    let ok = true;
    for (const v of used) {
      if (isMissing(data[v]![r])) {
        ok = false;
        break;
      }
    }
    if (ok) keep.push(r);
  }
  const rows = Int32Array.from(keep);
  const n = rows.length;
  if (n === 0) throw new DesignError('没有完整的观测行（所用列均无缺失的行数为 0）');
  const y = new Float64Array(n);
  for (let r = 0; r < n; r++) y[r] = response[rows[r]!] as number;

  const fixed = modelColumns(data, rows, formula.intercept, formula.fixed);
  const p = fixed.cols.length;
  const X = new Float64Array(n * p);
  fixed.cols.forEach((c, j) => {
    X.set(c, j * n);
  });

  const terms = formula.random.map((t) => randomDesign(data, rows, t));
  return { n, rows, y, X, fixedNames: fixed.names, terms };
}

function randomDesign(data: Table, rows: Int32Array, t: RandomTerm): RandomDesign {
  const n = rows.length;
  let levels: string[];
  let index: Int32Array;
  if (t.group.length === 1) {
    ({ levels, index } = factorLevels(columnOf(data, t.group[0]!), rows));
  } else {
    // Interaction a:b — levels are the combinations present, ordered by a, then b.
    const parts = t.group.map((g) => factorLevels(columnOf(data, g), rows));
    const codes = new Map<string, number[]>();
    const keyOf = new Array<string>(n);
    for (let r = 0; r < n; r++) {
      const idx = parts.map((p) => p.index[r]!);
      const k = idx.join(',');
      keyOf[r] = k;
      if (!codes.has(k)) codes.set(k, idx);
    }
    const combos = [...codes.entries()].sort((a, b) => {
      for (let i = 0; i < a[1].length; i++) if (a[1][i] !== b[1][i]) return a[1][i]! - b[1][i]!;
      return 0;
    });
    const pos = new Map(combos.map(([k], i) => [k, i]));
    levels = combos.map(([, idx]) => idx.map((l, i) => parts[i]!.levels[l]).join(':'));
    index = new Int32Array(n);
    for (let r = 0; r < n; r++) index[r] = pos.get(keyOf[r]!)!;
  }
  const cols = modelColumns(data, rows, t.intercept, t.slopes);
  const q = cols.cols.length;
  const Z = new Float64Array(n * q);
  for (let r = 0; r < n; r++) for (let a = 0; a < q; a++) Z[r * q + a] = cols.cols[a]![r]!;
  return { group: groupName(t), levels, index, names: cols.names, q, Z };
}
