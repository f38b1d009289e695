import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv.ts';
import { buildDesign } from './design.ts';
import { fitLmm } from './fit.ts';
import { FormulaError, parseFormula } from './formula.ts';

describe('formula', () => {
  it('parses fixed terms, random intercepts and correlated slopes', () => {
    expect(parseFormula('y ~ x + f + (1|g) + (1 + x|h)')).toEqual({
      response: 'y',
      intercept: true,
      fixed: ['x', 'f'],
      random: [
        { intercept: true, slopes: [], group: ['g'] },
        { intercept: true, slopes: ['x'], group: ['h'] },
      ],
    });
    expect(parseFormula('y ~ 1 + (1|g)')).toMatchObject({ intercept: true, fixed: [] });
    expect(parseFormula('y ~ 0 + f + (0 + x | g)').random[0]).toEqual({
      intercept: false,
      slopes: ['x'],
      group: ['g'],
    });
    expect(parseFormula('得分 ~ `年 度` + (1|单位:干部)')).toMatchObject({
      response: '得分',
      fixed: ['年 度'],
      random: [{ group: ['单位', '干部'] }],
    });
  });

  it('refuses what it does not support with a Chinese message', () => {
    for (const bad of ['y', 'y ~', 'y ~ x * z', 'y ~ (1 g)', 'y ~ 2 + (1|g)', 'y ~ y + (1|g)', 'y ~ (0|g)']) {
      expect(() => parseFormula(bad)).toThrow(FormulaError);
    }
  });

  it('codes text columns as R does: sorted levels, the first the reference', () => {
    const data = parseCsv('y,rank,x,g\n1,B,0.5,a\n2,A,1,a\n3,C,2,b\n4,B,3,b\n');
    const d = buildDesign(data, parseFormula('y ~ x + rank + (1|g)'));
    expect(d.fixedNames).toEqual(['(Intercept)', 'x', 'rankB', 'rankC']);
    expect(Array.from(d.X.subarray(2 * 4, 3 * 4))).toEqual([1, 0, 0, 1]);
    const noIntercept = buildDesign(data, parseFormula('y ~ 0 + rank + (1|g)'));
    expect(noIntercept.fixedNames).toEqual(['rankA', 'rankB', 'rankC']);
  });

  it('treats grouping columns as factors and drops rows with missing values', () => {
    const data = parseCsv('y,x,g\n1,1,10\n2,,9\n3,3,10\nNA,4,9\n5,5,100\n');
    const d = buildDesign(data, parseFormula('y ~ x + (1|g)'));
    expect(d.n).toBe(3);
    expect(Array.from(d.rows)).toEqual([0, 2, 4]);
    expect(d.terms[0]!.levels).toEqual(['10', '100']);
  });

  it('reads quoted CSV fields and says which row is malformed', () => {
    const t = parseCsv('\ufeff"name","v"\r\n"a, b",1\r\n"say ""hi""",2\r\n');
    expect(t.name).toEqual(['a, b', 'say "hi"']);
    expect(Array.from(t.v as Float64Array)).toEqual([1, 2]);
    expect(() => parseCsv('a,b\n1\n')).toThrow('第 2 行');
  });

  it('refuses a grouping factor with as many levels as rows, as lme4 does', () => {
    const data = parseCsv('y,g\n1,a\n2,b\n3,c\n');
    expect(() => fitLmm(data, 'y ~ 1 + (1|g)')).toThrow('应少于观测数');
  });
});
