import dayjs from 'dayjs';
import type { WireOf } from '../../../common/api.ts';
import { dashboardApi } from '../../../common/contracts/dashboard.ts';
import { call } from '../../api/client.ts';
import type { ChartOption } from '../../components/echart.tsx';

/** The one aggregate both the wall and the desk page show. */
export type Screen = WireOf<typeof dashboardApi.screen>;
export type DomainCurves = Screen['curves']['domains'][number];

export const fetchScreen = () => call(dashboardApi.screen, {});

/** "截至 …" of a figure: the time of its latest record. */
export const asOfText = (v: string | null) => (v ? `截至 ${dayjs(v).format('MM-DD HH:mm')}` : '暂无记录');

/** The count figures, each with its label, its as-of time and the page that holds its records. */
export function figures(s: Screen) {
  const rate = (n: number, d: number) => (d ? `${Math.round((n / d) * 100)}%` : '—');
  return [
    {
      key: 'visits',
      label: '对账考察（已启动）',
      value: s.visits.plans,
      sub: `核验 ${s.visits.checks} 项 · 干部 ${s.visits.cadres} 名`,
      asOf: s.visits.asOf,
      link: '/delivery/stats',
    },
    {
      key: 'findings',
      label: '考察发现问题',
      value: s.findings.findings,
      sub: `已认定 ${s.findings.final} · 处理中 ${s.findings.inProgress}`,
      asOf: s.findings.asOf,
      link: '/delivery/findings',
    },
    {
      key: 'rectify',
      label: '整改销号',
      value: s.findings.rectified,
      sub: `整改中 ${s.findings.rectifying} · 销号率 ${rate(s.findings.rectified, s.findings.rectified + s.findings.rectifying)}`,
      asOf: s.findings.asOf,
      link: '/delivery/rectifications',
    },
    {
      key: 'scene',
      label: '现场考察活动',
      value: s.scene.activities,
      sub: `现场记录 ${s.scene.observations} 条`,
      asOf: s.scene.asOf,
      link: '/scene/activities',
    },
    {
      key: 'alerts',
      label: '经济运行预警',
      value: s.economy.alertsOpen,
      sub: `已研判 ${s.economy.alertsEscalated} · 约谈 ${s.economy.interviews}`,
      asOf: s.economy.asOf,
      link: '/economy/alerts',
    },
    {
      key: 'tasks',
      label: '重点任务滞后',
      value: s.tasks.lagging,
      sub: `在督 ${s.tasks.total} 项`,
      asOf: s.tasks.asOf,
      link: '/keywork/tasks',
    },
    {
      key: 'growth',
      label: '脱颖而出（待确认）',
      value: s.growth.outstandingProposed,
      sub: `已确认 ${s.growth.outstandingConfirmed} 名`,
      asOf: s.growth.asOf,
      link: '/growth/outstanding',
    },
    {
      key: 'rewards',
      label: '一事一奖（办理中）',
      value: s.rewards.inProgress,
      sub: `已兑现 ${s.rewards.awarded} 项`,
      asOf: s.rewards.asOf,
      link: '/rewards/board',
    },
  ];
}

const AXIS = { dark: '#8fb3d9', light: '#666' };

/** One domain's core indicators: a line per indicator, its target dashed. */
export function curveOption(d: DomainCurves, dark: boolean): ChartOption {
  const periods = [...new Set(d.indicators.flatMap((i) => i.points.map((p) => p.period)))].sort();
  const color = dark ? AXIS.dark : AXIS.light;
  return {
    backgroundColor: 'transparent',
    tooltip: { trigger: 'axis' },
    legend: { top: 0, textStyle: { color, fontSize: dark ? 16 : 12 } },
    grid: { left: 56, right: 24, top: 40, bottom: 30 },
    xAxis: { type: 'category', data: periods, axisLabel: { color } },
    yAxis: {
      type: 'value',
      axisLabel: { color },
      splitLine: { lineStyle: { color: dark ? '#1d3559' : '#eee' } },
    },
    series: d.indicators.map((i) => ({
      type: 'line',
      name: `${i.name}（${i.unit}）`,
      smooth: true,
      symbolSize: 8,
      data: periods.map((p) => i.points.find((x) => x.period === p)?.value ?? null),
      markLine: i.target
        ? {
            symbol: 'none',
            lineStyle: { type: 'dashed' },
            label: { formatter: `目标 ${i.target.value}`, color, position: 'insideEndTop' },
            data: [{ yAxis: i.target.value }],
          }
        : undefined,
    })),
  };
}

/** Response rates of evaluation rounds. */
export function rateOption(s: Screen, dark: boolean): ChartOption {
  const color = dark ? AXIS.dark : AXIS.light;
  const items = s.campaigns.items;
  return {
    backgroundColor: 'transparent',
    tooltip: {},
    grid: { left: 150, right: 40, top: 10, bottom: 24 },
    xAxis: { type: 'value', max: 100, axisLabel: { color, formatter: '{value}%' } },
    yAxis: {
      type: 'category',
      data: items.map((c) => c.title),
      axisLabel: { color, width: 140, overflow: 'truncate' },
    },
    series: [
      {
        type: 'bar',
        data: items.map((c) => c.rate ?? 0),
        label: { show: true, position: 'right', color, formatter: '{c}%' },
        itemStyle: { color: '#3ba0ff' },
      },
    ],
  };
}
