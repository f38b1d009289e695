import { type Frequency, parsePeriod, periodAt } from './period.ts';

/**
 * Role KPIs (差异化评价标准) from indicator series:
 * - ratio: Σ numerator over `window` periods ending at P ÷ Σ denominator over `window` periods
 *   ending `lag` periods earlier (项目转化达产率: projects reaching production in the last 12
 *   months over projects signed in the 12 months a year before), ×100 when `percent`;
 * - change: numerator at P − numerator `lag` periods earlier (亩均效益提升值);
 * - level: the numerator at P, or its sum over `window` periods.
 */
export interface KpiFormulaDef {
  formula: 'ratio' | 'change' | 'level';
  window: number;
  lag: number;
  percent: boolean;
}

export interface KpiInput {
  role: 'numerator' | 'denominator';
  period: string;
  value: number | null;
}

export interface KpiResult {
  value: number | null;
  numeratorSum: number | null;
  denominatorSum: number | null;
  /** Every value the formula reads, found or not. */
  inputs: KpiInput[];
  /** Why there is no value, in Chinese. */
  missing: string | null;
}

function take(
  role: KpiInput['role'],
  series: ReadonlyMap<string, number>,
  frequency: Frequency,
  end: number,
  count: number,
): { inputs: KpiInput[]; sum: number | null } {
  const inputs: KpiInput[] = [];
  let sum = 0;
  let complete = true;
  for (let i = end - count + 1; i <= end; i++) {
    const period = periodAt(frequency, i);
    const value = series.get(period);
    inputs.push({ role, period, value: value ?? null });
    if (value === undefined) complete = false;
    else sum += value;
  }
  return { inputs, sum: complete ? sum : null };
}

/**
 * Computes a KPI for the period `period` (a label of the series' frequency) from the numerator
 * and denominator series (period label → value). A missing input gives no value and says which.
 */
export function computeKpi(
  def: KpiFormulaDef,
  period: string,
  numerator: ReadonlyMap<string, number>,
  denominator: ReadonlyMap<string, number> | null,
): KpiResult {
  const p = parsePeriod(period);
  const f = p.frequency;
  let result: KpiResult;
  if (def.formula === 'change') {
    const now = take('numerator', numerator, f, p.index, 1);
    const before = take('numerator', numerator, f, p.index - def.lag, 1);
    const value = now.sum !== null && before.sum !== null ? now.sum - before.sum : null;
    result = {
      value,
      numeratorSum: now.sum,
      denominatorSum: before.sum,
      inputs: [...before.inputs, ...now.inputs],
      missing: null,
    };
  } else if (def.formula === 'level') {
    const now = take('numerator', numerator, f, p.index, def.window);
    result = {
      value: now.sum,
      numeratorSum: now.sum,
      denominatorSum: null,
      inputs: now.inputs,
      missing: null,
    };
  } else {
    const num = take('numerator', numerator, f, p.index, def.window);
    const den = take('denominator', denominator ?? new Map(), f, p.index - def.lag, def.window);
    const value =
      num.sum !== null && den.sum !== null && den.sum !== 0
        ? (num.sum / den.sum) * (def.percent ? 100 : 1)
        : null;
    result = {
      value,
      numeratorSum: num.sum,
      denominatorSum: den.sum,
      inputs: [...num.inputs, ...den.inputs],
      missing: null,
    };
    if (den.sum === 0) result.missing = '分母为 0';
  }
  if (result.value === null && !result.missing) {
    const gaps = result.inputs.filter((i) => i.value === null).map((i) => i.period);
    result.missing = `缺少 ${gaps.slice(0, 3).join('、')}${gaps.length > 3 ? ` 等 ${gaps.length} 期` : ''} 的数据`;
  }
  if (result.value !== null) result.value = Number(result.value.toFixed(6));
  return result;
}

/** How far a value reaches its target: value ÷ target when higher is better, target ÷ value when lower is. */
export function attainment(
  value: number | null,
  target: number,
  direction: 'up' | 'down',
): { attainment: number | null; met: boolean | null } {
  if (value === null) return { attainment: null, met: null };
  const met = direction === 'up' ? value >= target : value <= target;
  let a: number | null = null;
  if (direction === 'up' && target > 0) a = value / target;
  else if (direction === 'down' && value > 0) a = target / value;
  return { attainment: a === null ? null : Number(a.toFixed(4)), met };
}
