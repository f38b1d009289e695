import fs from 'node:fs';
import {
  CALIBRATED_RULES,
  type Calibration,
  calibrate,
  PLANT_LABELS,
  type Plant,
} from '../test/forensics-sim.ts';
import type { BenchResult } from './run.ts';

/** The gap-noise levels simulated: the standard deviation of the monthly gap between the two growth rates. */
export const GAP_NOISE = [0.018, 0.035, 0.053] as const;

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const pts = (x: number) => `${(x * 100).toFixed(1)} 个百分点`;

/**
 * 数据体检的校准：在模拟的干净县和造假县上测各规则的误报率与检出率（每个增速差噪声水平单独报告），
 * 并把结果写入 src/common/forensics-calibration.ts，数据体检页在每条规则旁展示。
 */
export async function benchForensics(counties = 200): Promise<BenchResult[]> {
  const runs: Calibration[] = GAP_NOISE.map((sd) => calibrate(sd, counties));
  const out: BenchResult[] = [];
  for (const c of runs) {
    const noise = `增速差标准差 ${pts(c.gapSd)}`;
    out.push(
      {
        name: `${noise}：有任何预警的干净县（一年）`,
        value: pct(c.countiesWithAlert),
        note: `目标 ≤ 5%；校准前的规则 ${pct(c.countiesWithAlertBefore)}；${c.counties} 个县 × 13 个区域`,
      },
      {
        name: `${noise}：异常跳变误报率（每个干净区域·年）`,
        value: pct(c.falseAlarm.jump),
        note: `校准前（正态 p 值、6 个变化即判断）${pct(c.falseAlarmBefore.jump)}`,
      },
      {
        name: `${noise}：交叉核验误报率（每个干净区域·年）`,
        value: pct(c.falseAlarm.crosscheck),
        note: `校准前（连续 3 期扩大且差距超过 5 个百分点）${pct(c.falseAlarmBefore.crosscheck)}`,
      },
      {
        name: `${noise}：首位数字误报率（每个干净部门·年）`,
        value: pct(c.falseAlarm.benford),
        note: `校准前（单位×月份合并、卡方 p 值）${pct(c.falseAlarmBefore.benford)}`,
      },
    );
    for (const plant of Object.keys(PLANT_LABELS) as Plant[]) {
      const d = c.detection[plant];
      out.push({
        name: `${noise}：${PLANT_LABELS[plant]}`,
        value: `检出 ${pct(d.any)}`,
        note: `异常跳变 ${pct(d.jump)}（AUC ${d.aucJump.toFixed(2)}），交叉核验 ${pct(d.crosscheck)}（AUC ${d.aucCrosscheck.toFixed(2)}）`,
      });
    }
  }
  writeCalibration(runs);
  return out;
}

/** The measured rates, for the forensics page. */
function writeCalibration(runs: Calibration[]) {
  const round = (x: number) => Math.round(x * 1000) / 1000;
  const data = runs.map((c) => ({
    gapSd: c.gapSd,
    counties: c.counties,
    countiesWithAlert: round(c.countiesWithAlert),
    falseAlarm: {
      jump: round(c.falseAlarm.jump),
      crosscheck: round(c.falseAlarm.crosscheck),
      benford: round(c.falseAlarm.benford),
    },
    detection: {
      jump: {
        label: PLANT_LABELS.spike,
        rate: round(c.detection.spike.jump),
        auc: round(c.detection.spike.aucJump),
      },
      crosscheck: {
        label: PLANT_LABELS.inflate1,
        rate: round(c.detection.inflate1.crosscheck),
        auc: round(c.detection.inflate1.aucCrosscheck),
      },
    },
  }));
  const source = `// Written by \`npm run bench\` (bench/forensics.bench.ts): the forensic rules' false-alarm and
// detection rates measured on simulated county data, at the recommended settings below.
import type { ForensicsCalibration } from './contracts/economy.ts';

export const FORENSICS_CALIBRATION: ForensicsCalibration = ${JSON.stringify({ settings: CALIBRATED_RULES, levels: data }, null, 2)};
`;
  fs.writeFileSync('src/common/forensics-calibration.ts', source);
}
