import { Card, Table, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { quarterLabel } from '../../../../common/contracts/growth.ts';
import { type ChartOption, EChart } from '../../../components/echart.tsx';
import type { CadreGrowth } from '../cadre.tsx';
import { RecordLinks } from './record-links.tsx';

type Part = CadreGrowth['parts'][number];

/**
 * Each measure's result taken apart: the unit's average level (platform), the region's resources,
 * and the cadre's own contribution with its 95% interval — in a chart and in words, each value
 * one click from the records it came from.
 */
export function Decomposition(props: { parts: Part[]; sentences: string[]; identified: boolean }) {
  const option = useMemo(() => chart(props.parts), [props.parts]);
  return (
    <Card title="实绩分解：单位平台 + 区域资源 + 本人贡献" data-testid="growth-decomposition">
      <EChart
        option={option}
        height={Math.max(220, 60 + props.parts.length * 48)}
        testId="growth-decomposition-chart"
      />
      <ul style={{ margin: '8px 0 16px', paddingInlineStart: 20 }} data-testid="growth-sentences">
        {props.sentences.map((s) => (
          <li key={s}>
            <Typography.Text>{s}</Typography.Text>
          </li>
        ))}
      </ul>
      <Table
        size="small"
        rowKey="measure"
        pagination={false}
        dataSource={props.parts}
        expandable={{
          expandedRowRender: (p) => (
            <Table
              size="small"
              rowKey="quarter"
              pagination={false}
              dataSource={p.values}
              columns={[
                { title: '季度', dataIndex: 'quarter', width: 140, render: quarterLabel },
                {
                  title: '得分',
                  dataIndex: 'value',
                  width: 80,
                  align: 'right',
                  render: (v: number) => v.toFixed(1),
                },
                {
                  title: '来源',
                  dataIndex: 'source',
                  width: 90,
                  render: (s: string) =>
                    s === 'platform' ? <Tag color="blue">平台记录</Tag> : <Tag>历史导入</Tag>,
                },
                {
                  title: '依据',
                  dataIndex: 'records',
                  render: (r: Part['values'][number]['records']) => <RecordLinks records={r} />,
                },
              ]}
            />
          ),
        }}
        columns={[
          { title: '实绩项目', dataIndex: 'label' },
          { title: '季度数', dataIndex: 'n', align: 'right', width: 70 },
          { title: '实绩（T 分）', dataIndex: 'raw', align: 'right', render: (v: number) => v.toFixed(1) },
          { title: '单位平台', dataIndex: 'platform', align: 'right', render: signed },
          { title: '区域资源', dataIndex: 'resources', align: 'right', render: signed },
          {
            title: '本人贡献（95% 区间）',
            dataIndex: 'own',
            align: 'right',
            render: (v: number | null, p: Part) =>
              v === null ? <Tag>无法区分</Tag> : `${signed(v)} ± ${(1.96 * (p.ownSe ?? 0)).toFixed(1)}`,
          },
        ]}
      />
    </Card>
  );
}

const signed = (v: number) => `${v >= 0 ? '+' : ''}${v.toFixed(1)}`;

function chart(parts: Part[]): ChartOption {
  const labels = parts.map((p) => p.label);
  return {
    grid: { left: 110, right: 32, top: 32, bottom: 24 },
    legend: { top: 0 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', name: 'T 分（全县平均 = 0）' },
    yAxis: { type: 'category', data: labels, inverse: true },
    series: [
      {
        name: '单位平台',
        type: 'bar',
        stack: 'x',
        data: parts.map((p) => round(p.platform)),
        itemStyle: { color: '#a0aec0' },
      },
      {
        name: '区域资源',
        type: 'bar',
        stack: 'x',
        data: parts.map((p) => round(p.resources)),
        itemStyle: { color: '#f6c26b' },
      },
      {
        name: '本人贡献',
        type: 'bar',
        stack: 'x',
        data: parts.map((p) => (p.own === null ? null : round(p.own))),
        itemStyle: { color: '#b8322a' },
      },
      {
        name: '本人贡献区间',
        type: 'custom',
        renderItem: (_params: unknown, api: { value(i: number): number; coord(p: number[]): number[] }) => {
          const i = api.value(0);
          const lo = api.coord([api.value(1), i]);
          const hi = api.coord([api.value(2), i]);
          return {
            type: 'group',
            children: [
              {
                type: 'line',
                shape: { x1: lo[0], y1: lo[1], x2: hi[0], y2: hi[1] },
                style: { stroke: '#333', lineWidth: 1.5 },
              },
              {
                type: 'line',
                shape: { x1: lo[0], y1: lo[1]! - 5, x2: lo[0], y2: lo[1]! + 5 },
                style: { stroke: '#333' },
              },
              {
                type: 'line',
                shape: { x1: hi[0], y1: hi[1]! - 5, x2: hi[0], y2: hi[1]! + 5 },
                style: { stroke: '#333' },
              },
            ],
          };
        },
        encode: { x: [1, 2], y: 0 },
        data: parts
          .map((p, i) => {
            if (p.own === null || p.ownSe === null) return null;
            const base = p.platform + p.resources + p.own;
            return [i, round(base - 1.96 * p.ownSe), round(base + 1.96 * p.ownSe)];
          })
          .filter((x) => x !== null),
        z: 10,
      },
    ],
  };
}

const round = (x: number) => Math.round(x * 100) / 100;
