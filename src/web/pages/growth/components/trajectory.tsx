import { Card, Descriptions, Empty } from 'antd';
import { useMemo } from 'react';
import { quarterLabel } from '../../../../common/contracts/growth.ts';
import { type ChartOption, EChart } from '../../../components/echart.tsx';
import type { CadreGrowth } from '../cadre.tsx';

/** 成长速度: the quarterly own results, the fitted trend, and the projection four quarters ahead. */
export function Trajectory(props: { growth: CadreGrowth['growth'] }) {
  const g = props.growth;
  const option = useMemo(() => chart(g), [g]);
  return (
    <Card title="成长轨迹" data-testid="growth-trajectory">
      {g.quarters.length < 2 ? (
        <Empty description="季度数据不足，暂不能测算成长速度" />
      ) : (
        <>
          <EChart option={option} height={260} testId="growth-trajectory-chart" />
          <Descriptions
            size="small"
            column={1}
            items={[
              {
                label: '成长速度（每季度）',
                children:
                  g.slope === null
                    ? '—'
                    : `${g.slope >= 0 ? '+' : ''}${g.slope.toFixed(2)} ± ${(1.96 * (g.slopeSe ?? 0)).toFixed(2)}`,
              },
              {
                label: '同职级同类岗位中的位次',
                children: g.percentile === null ? '—' : `高于 ${g.percentile}% 的同类干部`,
              },
              {
                label: '四个季度后（预测）',
                children:
                  g.projected === null
                    ? '—'
                    : `${g.projected.toFixed(1)} ± ${(1.96 * (g.projectedSe ?? 0)).toFixed(1)}`,
              },
            ]}
          />
        </>
      )}
    </Card>
  );
}

function chart(g: CadreGrowth['growth']): ChartOption {
  const labels = g.quarters.map((q) => quarterLabel(q.quarter));
  return {
    grid: { left: 48, right: 16, top: 24, bottom: 48 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: labels, axisLabel: { rotate: 30, fontSize: 10 } },
    yAxis: { type: 'value', name: '本人季度表现' },
    series: [
      {
        name: '本人季度表现',
        type: 'line',
        data: g.quarters.map((q) => q.own),
        symbolSize: 6,
        itemStyle: { color: '#b8322a' },
        markLine: {
          silent: true,
          symbol: 'none',
          lineStyle: { color: '#bbb', type: 'dashed' },
          data: [{ yAxis: 0 }],
        },
      },
    ],
  };
}
