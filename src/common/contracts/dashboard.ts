import { z } from 'zod';
import { endpoint, Instant } from '../api.ts';

/**
 * 综合看板 and the city-brain big screen (module dashboard): aggregates, indicators and tasks only —
 * never an individual's assessment content. Every figure carries `asOf`, the time of the latest
 * record it rests on (null while there is none).
 */

const AsOf = Instant.nullable();
const Num = z.number();

export const CurveView = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  unit: z.string(),
  direction: z.enum(['up', 'down']),
  points: z.array(z.object({ period: z.string(), value: Num })),
  /** The 年度目标 of the latest point's year, if set. */
  target: z.object({ year: Num, value: Num }).nullable(),
  asOf: AsOf,
});

export const DomainCurvesView = z.object({
  code: z.string().nullable(),
  name: z.string(),
  indicators: z.array(CurveView),
});

/** A key task on the wall: the task and its lead unit, never a cadre. */
export const ScreenTaskView = z.object({
  id: z.uuid(),
  title: z.string(),
  leadUnitName: z.string(),
  dueOn: z.string(),
  progress: Num.nullable(),
  planned: Num,
  gap: Num.nullable(),
  lagging: z.boolean(),
  lastReport: z.string().nullable(),
});

export const CampaignRateView = z.object({
  id: z.uuid(),
  title: z.string(),
  status: z.string(),
  issued: Num,
  used: Num,
  /** used / issued, 0–100 (null before any link is issued). */
  rate: Num.nullable(),
});

export const ScreenView = z.object({
  generatedAt: Instant,
  regionName: z.string().nullable(),
  curves: z.object({ domains: z.array(DomainCurvesView), asOf: AsOf }),
  tasks: z.object({
    total: Num,
    lagging: Num,
    threshold: Num,
    items: z.array(ScreenTaskView),
    asOf: AsOf,
  }),
  visits: z.object({ plans: Num, completed: Num, cadres: Num, checks: Num, asOf: AsOf }),
  findings: z.object({
    findings: Num,
    inProgress: Num,
    final: Num,
    rectifying: Num,
    rectified: Num,
    asOf: AsOf,
  }),
  scene: z.object({ activities: Num, observations: Num, asOf: AsOf }),
  campaigns: z.object({ items: z.array(CampaignRateView), asOf: AsOf }),
  economy: z.object({
    alertsOpen: Num,
    alertsEscalated: Num,
    interviews: Num,
    followUpsOverdue: Num,
    asOf: AsOf,
  }),
  growth: z.object({ outstandingProposed: Num, outstandingConfirmed: Num, asOf: AsOf }),
  /** 一事一奖: applications on their way (审核, 审批, 兑现) and rewards awarded. */
  rewards: z.object({ inProgress: Num, awarded: Num, asOf: AsOf }),
});

export const dashboardApi = {
  screen: endpoint({
    method: 'GET',
    path: '/api/dashboard/screen',
    shared: true,
    access: 'dashboard.screen',
    summary: '大屏与综合看板：各领域核心指标曲线、重点任务督办、各项工作计数（仅汇总）',
    response: ScreenView,
  }),
};
