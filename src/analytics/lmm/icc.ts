import type { LmmFit } from './fit.ts';

/**
 * Intraclass correlation of a grouping factor from a random-intercept fit: its variance over the
 * total of the random-intercept variances and the residual. With raters as a random factor
 * (`score ~ 1 + (1|target) + (1|judge)`) this is Shrout & Fleiss's ICC(2,1); with raters as
 * fixed effects (`score ~ judge + (1|target)`) it is ICC(3,1).
 */
export function icc(fit: LmmFit, group: string): number {
  let total = fit.sigma * fit.sigma;
  let own: number | null = null;
  for (const [g, terms] of Object.entries(fit.sd)) {
    if (g === 'Residual') continue;
    const names = Object.keys(terms);
    if (names.length !== 1 || names[0] !== '(Intercept)') {
      throw new Error(`组内相关系数只适用于随机截距模型，“${g}”含随机斜率`);
    }
    const v = terms['(Intercept)']! ** 2;
    total += v;
    if (g === group) own = v;
  }
  if (own === null) throw new Error(`模型中没有分组因子“${group}”`);
  return own / total;
}
