import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fitLmm, type LmmFit } from '../src/analytics/lmm/index.ts';
import { makeProvince } from '../test/lmm-province.ts';
import type { BenchResult } from './run.ts';

const FORMULA = 'y ~ quarter + (1|unit) + (1|cadre)';

// Times lmer alone (the CSV is read before the clock starts) and prints its estimates as JSON.
const R_SCRIPT = `
suppressMessages({ library(lme4); library(jsonlite) })
args <- commandArgs(TRUE)
d <- read.csv(args[1], stringsAsFactors = TRUE)
d$unit <- factor(d$unit); d$cadre <- factor(d$cadre)
t <- system.time(m <- lmer(${FORMULA}, d, REML = TRUE))[["elapsed"]]
vc <- as.data.frame(VarCorr(m))
cat(toJSON(list(seconds = t, fixef = as.list(fixef(m)), sd = setNames(as.list(vc$sdcor), vc$grp),
  remlCriterion = REMLcrit(m), feval = m@optinfo$feval,
  messages = m@optinfo$conv$lme4$messages, lme4 = as.character(packageVersion("lme4"))),
  auto_unbox = TRUE, digits = NA))
`;

interface LmerResult {
  seconds: number;
  fixef: Record<string, number>;
  sd: Record<string, number>;
  remlCriterion: number;
  feval: number;
  messages?: string[] | string;
  lme4: string;
}

function hasRscript(): boolean {
  return spawnSync('Rscript', ['-e', 'library(lme4); library(jsonlite)'], { stdio: 'ignore' }).status === 0;
}

function writeCsv(file: string, t: ReturnType<typeof makeProvince>['table']) {
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, 'y,quarter,unit,cadre\n');
  const chunk: string[] = [];
  for (let i = 0; i < t.y.length; i++) {
    // 17 significant digits: R reads back the same doubles.
    chunk.push(`${t.y[i]!.toPrecision(17)},${t.quarter[i]},${t.unit[i]},${t.cadre[i]}`);
    if (chunk.length === 50_000) {
      fs.writeSync(fd, `${chunk.join('\n')}\n`);
      chunk.length = 0;
    }
  }
  if (chunk.length) fs.writeSync(fd, `${chunk.join('\n')}\n`);
  fs.closeSync(fd);
}

/** Largest relative difference over fixed effects, standard deviations and σ. */
function largestDifference(fit: LmmFit, r: LmerResult): number {
  let worst = 0;
  const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);
  for (const [term, est] of Object.entries(r.fixef))
    worst = Math.max(worst, rel(fit.fixef[term]!.estimate, est));
  worst = Math.max(worst, rel(fit.sd.unit!['(Intercept)']!, r.sd.unit!));
  worst = Math.max(worst, rel(fit.sd.cadre!['(Intercept)']!, r.sd.cadre!));
  worst = Math.max(worst, rel(fit.sigma, r.sd.Residual!));
  return worst;
}

/**
 * Mixed model on synthetic careers shaped like the province (100 counties of 150 units, 100,000
 * cadres over 8 quarters, a quarter of them moving once, 90% within their county) at 1/10, 1/3
 * and full size; where R with lme4 is installed, lmer on the same data in the same run.
 */
export async function benchLmm(countiesList = [10, 33, 100]): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  const withR = hasRscript();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yzd-lmm-'));
  const rFile = path.join(dir, 'fit.R');
  fs.writeFileSync(rFile, R_SCRIPT);
  try {
    // A server fits in a warm process: compile the code paths once before timing.
    fitLmm(makeProvince({ counties: 1, seed: 1 }).table, FORMULA);
    for (const counties of countiesList) {
      const pv = makeProvince({ counties, seed: 2026 });
      const rows = pv.table.y.length;
      const label =
        `${counties} 县 ${pv.units.toLocaleString('en')} 单位 ${pv.cadres.toLocaleString('en')} 干部，` +
        `${rows.toLocaleString('en')} 行`;
      const fit = fitLmm(pv.table, FORMULA, { condVar: false });
      const withCondVar = fitLmm(pv.table, FORMULA);
      const ours = fit.fitMs / 1000;
      let value = `本系统 ${ours.toFixed(2)} s`;
      let note =
        `求值 ${fit.evaluations} 次；含全部随机效应条件方差 ${(withCondVar.fitMs / 1000).toFixed(2)} s；` +
        `σ_unit ${fit.sd.unit!['(Intercept)']!.toFixed(4)}，σ_cadre ${fit.sd.cadre!['(Intercept)']!.toFixed(4)}`;
      if (withR) {
        const csv = path.join(dir, `province-${counties}.csv`);
        writeCsv(csv, pv.table);
        const r = JSON.parse(
          execFileSync('Rscript', [rFile, csv], { encoding: 'utf8', maxBuffer: 1 << 24 }),
        ) as LmerResult;
        fs.rmSync(csv);
        const diff = largestDifference(fit, r);
        value += `，lme4 ${r.seconds.toFixed(2)} s（lme4 用时为本系统的 ${(r.seconds / ours).toFixed(1)} 倍）`;
        const messages = [r.messages].flat().filter((m): m is string => typeof m === 'string');
        const warn = messages.length ? `；lme4 提示：${messages.join('；')}` : '';
        note += `；lme4 ${r.lme4} 求值 ${r.feval} 次；估计值最大相对差 ${diff.toExponential(1)}${warn}`;
      } else {
        note += '；本机没有 R/lme4，未对比';
      }
      out.push({ name: `线性混合模型 ${FORMULA}（${label}）`, value, note });
      console.log(`${out.at(-1)!.name}: ${value}; ${note}`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return out;
}
