import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const fixtures = path.join(root, 'test/fixtures/lmm');
const oracles = JSON.parse(fs.readFileSync(path.join(fixtures, 'oracles.json'), 'utf8'));
const run = promisify(execFile);

async function cli(...args: string[]) {
  try {
    const r = await run(process.execPath, [path.join(root, 'bin/yuzhidu.js'), 'model', 'fit', ...args], {
      cwd: root,
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('yuzhidu model fit', () => {
  it('reproduces lme4 on sleepstudy as JSON', async () => {
    const o = oracles.models.find((m: { name: string }) => m.name === 'sleepstudy-slopes');
    const r = await cli('--data', path.join(fixtures, 'sleepstudy.csv'), '--formula', o.formula, '--json');
    expect(r.code).toBe(0);
    const fit = JSON.parse(r.stdout);
    const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
    expect(rel(fit.fixef.Days.estimate, o.fixef.Days.estimate)).toBeLessThan(1e-4);
    expect(rel(fit.fixef['(Intercept)'].se, o.fixef['(Intercept)'].se)).toBeLessThan(1e-4);
    expect(rel(fit.sd.Subject.Days, o.sd.Subject.Days)).toBeLessThan(1e-4);
    expect(rel(fit.sd.Residual[''], o.sigma)).toBeLessThan(1e-4);
    expect(rel(fit.corr.Subject['(Intercept):Days'], o.corr.Subject['(Intercept):Days'])).toBeLessThan(1e-4);
    expect(rel(fit.remlCriterion, o.remlCriterion)).toBeLessThan(1e-6);
    expect(rel(fit.ranef.Subject[1].mode, o.ranef.Subject[1].mode)).toBeLessThan(1e-4);
    expect(fit.converged).toBe(true);
    expect(fit.unidentified).toEqual({});
    expect(typeof fit.fitMs).toBe('number');
  });

  it('fits by ML with --ml and prints a summary without --json', async () => {
    const o = oracles.models.find((m: { name: string }) => m.name === 'dyestuff2-ml');
    const json = await cli(
      '--data',
      path.join(fixtures, 'dyestuff2.csv'),
      '--formula',
      o.formula,
      '--ml',
      '--json',
    );
    const fit = JSON.parse(json.stdout);
    expect(fit.sd.Batch['(Intercept)']).toBe(0);
    expect(Math.abs(fit.deviance - o.deviance) / o.deviance).toBeLessThan(1e-6);
    const text = await cli('--data', path.join(fixtures, 'dyestuff2.csv'), '--formula', o.formula, '--ml');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('随机效应');
    expect(text.stdout).toContain('固定效应');
  });

  it('answers bad input with a Chinese message and exit code 2', async () => {
    const data = path.join(fixtures, 'dyestuff.csv');
    for (const [args, message] of [
      [['--data', 'missing.csv', '--formula', 'y ~ 1 + (1|g)'], '找不到数据文件'],
      [['--data', data, '--formula', 'Yield ~ 1 + (1|Plant)'], '没有列“Plant”'],
      [['--data', data, '--formula', 'Yield ~ ~'], '公式'],
      [['--data', data, '--formula', 'Batch ~ 1 + (1|Batch)'], '不是数值列'],
    ] as const) {
      const r = await cli(...args);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
