import { Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { type ChartOption, EChart } from '../../../components/echart.tsx';
import type { ListDetail } from '../delivery-options.ts';
import { BLUE, MONTH_NAMES } from './items-table.tsx';

/** The list's weighted completion by month, planned and reported, as the server computed it. */
export function CompletionChart({
  completion,
  year,
}: {
  completion: ListDetail['completion'];
  year: number;
}) {
  const option = useMemo<ChartOption>(() => {
    const now = dayjs();
    const current = year === now.year() ? MONTH_NAMES[now.month()] : null;
    return {
      grid: { left: 48, right: 24, top: 36, bottom: 28 },
      legend: { top: 0, data: ['计划完成度', '填报完成度'] },
      tooltip: {
        trigger: 'axis',
        valueFormatter: (v: unknown) => (v === null || v === undefined || v === '-' ? '未填报' : `${v}%`),
      },
      xAxis: { type: 'category', data: MONTH_NAMES, boundaryGap: false },
      yAxis: { type: 'value', min: 0, axisLabel: { formatter: '{value}%' } },
      series: [
        {
          name: '计划完成度',
          type: 'line',
          data: completion.planned,
          lineStyle: { type: 'dashed', color: '#8c8c8c' },
          itemStyle: { color: '#8c8c8c' },
          symbolSize: 4,
          markLine: current
            ? {
                silent: true,
                symbol: 'none',
                lineStyle: { color: '#d9d9d9' },
                label: { formatter: '本月' },
                data: [{ xAxis: current }],
              }
            : undefined,
        },
        {
          name: '填报完成度',
          type: 'line',
          data: completion.reported,
          itemStyle: { color: BLUE },
          lineStyle: { width: 2.5 },
          areaStyle: { opacity: 0.08 },
          symbolSize: 7,
        },
      ],
    };
  }, [completion, year]);
  return (
    <div>
      <EChart option={option} height={260} testId="completion-chart" />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        完成度 = Σ（权重 × 累计进度 ÷ 目标）÷ Σ
        权重；节点型事项以已完成节点数计。某月未填报的事项按此前最近一次填报计。
      </Typography.Text>
    </div>
  );
}
