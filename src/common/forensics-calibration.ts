// Written by `npm run bench` (bench/forensics.bench.ts): the forensic rules' false-alarm and
// detection rates measured on simulated county data, at the recommended settings below.
import type { ForensicsCalibration } from './contracts/economy.ts';

export const FORENSICS_CALIBRATION: ForensicsCalibration = {
  settings: {
    jump: {
      threshold: 3.5,
      fdr: 0.02,
    },
    crosscheck: {
      fdr: 0.02,
      minWidening: 0.02,
    },
    benford: {
      fdr: 0.01,
    },
  },
  levels: [
    {
      gapSd: 0.018,
      counties: 200,
      countiesWithAlert: 0.025,
      falseAlarm: {
        jump: 0.001,
        crosscheck: 0.001,
        benford: 0,
      },
      detection: {
        jump: {
          label: '单月 ×1.25',
          rate: 0.905,
          auc: 0.999,
        },
        crosscheck: {
          label: '每月虚增 1%',
          rate: 0.965,
          auc: 1,
        },
      },
    },
    {
      gapSd: 0.035,
      counties: 200,
      countiesWithAlert: 0.03,
      falseAlarm: {
        jump: 0.001,
        crosscheck: 0.002,
        benford: 0,
      },
      detection: {
        jump: {
          label: '单月 ×1.25',
          rate: 0.765,
          auc: 0.996,
        },
        crosscheck: {
          label: '每月虚增 1%',
          rate: 0.425,
          auc: 0.987,
        },
      },
    },
    {
      gapSd: 0.053,
      counties: 200,
      countiesWithAlert: 0.03,
      falseAlarm: {
        jump: 0.001,
        crosscheck: 0.002,
        benford: 0,
      },
      detection: {
        jump: {
          label: '单月 ×1.25',
          rate: 0.395,
          auc: 0.982,
        },
        crosscheck: {
          label: '每月虚增 1%',
          rate: 0.155,
          auc: 0.943,
        },
      },
    },
  ],
};
