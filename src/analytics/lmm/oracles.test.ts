import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv.ts';
import { fitLmm } from './fit.ts';
import { icc } from './icc.ts';

// lme4's results at full precision, written by test/fixtures/lmm/make-oracles.R.
const dir = path.resolve(import.meta.dirname, '../../../test/fixtures/lmm');
interface Oracle {
  name: string;
  data: string;
  formula: string;
  reml: boolean;
  fixef: Record<string, { estimate: number; se: number }>;
  sd: Record<string, Record<string, number>>;
  corr?: Record<string, Record<string, number>>;
  sigma: number;
  logLik: number;
  remlCriterion?: number;
  deviance?: number;
  ranef: Record<string, { level: string; term: string; mode: number; se: number }[]>;
}
const oracles = JSON.parse(fs.readFileSync(path.join(dir, 'oracles.json'), 'utf8')) as {
  lme4: string;
  models: Oracle[];
  icc: { icc21: number; icc31: number };
};
const data = (name: string) => parseCsv(fs.readFileSync(path.join(dir, `${name}.csv`), 'utf8'));

/** |ours − lme4| ≤ 1e-4 · scale, the scale being the value itself unless it is (nearly) 0. */
function close(ours: number, lme4: number, scale = Math.abs(lme4)) {
  expect(Math.abs(ours - lme4)).toBeLessThanOrEqual(1e-4 * scale + 1e-12);
}

describe(`lmm against lme4 ${oracles.lme4}`, () => {
  for (const o of oracles.models) {
    it(`${o.name}: ${o.formula} (${o.reml ? 'REML' : 'ML'})`, () => {
      const fit = fitLmm(data(o.data), o.formula, { reml: o.reml });
      expect(fit.converged).toBe(true);
      expect(Object.keys(fit.fixef)).toEqual(Object.keys(o.fixef));
      for (const [term, f] of Object.entries(o.fixef)) {
        close(fit.fixef[term]!.estimate, f.estimate);
        close(fit.fixef[term]!.se, f.se);
      }
      expect(Object.keys(fit.sd)).toEqual(Object.keys(o.sd));
      for (const [group, terms] of Object.entries(o.sd)) {
        expect(Object.keys(fit.sd[group]!)).toEqual(Object.keys(terms));
        for (const [term, v] of Object.entries(terms)) {
          // A standard deviation on the boundary is 0 exactly, in lme4 and here.
          if (v === 0) expect(fit.sd[group]![term]).toBe(0);
          else close(fit.sd[group]![term]!, v);
        }
      }
      for (const [group, pairs] of Object.entries(o.corr ?? {})) {
        for (const [pair, v] of Object.entries(pairs)) close(fit.corr[group]![pair]!, v);
      }
      close(fit.sigma, o.sigma);
      close(fit.logLik, o.logLik);
      if (o.reml) close(fit.remlCriterion!, o.remlCriterion!);
      else close(fit.deviance!, o.deviance!);
      for (const [group, list] of Object.entries(o.ranef)) {
        const ours = fit.ranef[group]!;
        expect(ours.map((r) => `${r.level}/${r.term}`)).toEqual(list.map((r) => `${r.level}/${r.term}`));
        // Modes near 0 are compared on the scale of the group's largest mode.
        const scale = Math.max(...list.map((r) => Math.abs(r.mode)));
        list.forEach((r, i) => {
          close(ours[i]!.mode, r.mode, Math.max(Math.abs(r.mode), scale * 1e-2));
          close(ours[i]!.se, r.se);
        });
      }
    });
  }

  it('reproduces the figures quoted in the issue', () => {
    const ss = fitLmm(data('sleepstudy'), 'Reaction ~ Days + (Days | Subject)');
    close(ss.fixef['(Intercept)']!.estimate, 251.4051);
    close(ss.fixef.Days!.se, 1.54579);
    close(ss.sd.Subject!.Days!, 5.92214);
    close(ss.corr.Subject!['(Intercept):Days']!, 0.065551);
    close(ss.remlCriterion!, 1743.628);
    const dy = fitLmm(data('dyestuff'), 'Yield ~ 1 + (1|Batch)', { reml: false });
    close(dy.ranef.Batch![0]!.mode, -16.628222);
    close(dy.ranef.Batch![5]!.mode, -42.494344);
    const dy2 = fitLmm(data('dyestuff2'), 'Yield ~ 1 + (1|Batch)', { reml: false });
    expect(dy2.sd.Batch!['(Intercept)']).toBe(0);
    expect(dy2.singular).toBe(true);
    close(dy2.sigma, 3.65323);
  });

  it('gives Shrout & Fleiss ICC(2,1) and ICC(3,1)', () => {
    const sf = data('shrout-fleiss');
    const icc21 = icc(fitLmm(sf, 'score ~ 1 + (1|target) + (1|judge)'), 'target');
    const icc31 = icc(fitLmm(sf, 'score ~ judge + (1|target)'), 'target');
    close(icc21, oracles.icc.icc21);
    close(icc31, oracles.icc.icc31);
    close(icc21, 0.2897642);
    close(icc31, 0.7148407);
  });
});
