import { Alert, Card, Empty, Table, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { Link, useNavigate } from 'react-router';
import type { WireOf } from '../../../../common/api.ts';
import type { profileApi } from '../../../../common/contracts/profile.ts';
import { type ChartOption, EChart } from '../../../components/echart.tsx';

export type Section = WireOf<typeof profileApi.cadre>['sections'][number];
type Row = Section['rows'][number];

const TONE_COLORS = { good: 'green', warn: 'orange', bad: 'red' } as const;

/** One section of the profile: its sentence of figures, a curve where there is one, and its records, each linked. */
export function SectionCard(props: { section: Section }) {
  const s = props.section;
  const nav = useNavigate();
  const option = useMemo(() => chart(s.series), [s.series]);
  return (
    <Card
      className="profile-section"
      title={s.title}
      size="small"
      style={{ marginBottom: 16 }}
      extra={
        s.link && (
          <Link to={s.link} className="profile-no-print">
            查看全部
          </Link>
        )
      }
      data-testid={`profile-section-${s.key}`}
    >
      {s.summary && (
        <Typography.Paragraph style={{ marginBottom: 8 }} data-testid={`profile-summary-${s.key}`}>
          {s.summary}
        </Typography.Paragraph>
      )}
      {s.withheld && <Alert type="info" showIcon title={s.withheld} style={{ marginBottom: 8 }} />}
      {s.series.some((x) => x.points.filter((p) => p.y !== null).length > 1) && (
        <EChart
          option={option}
          height={220}
          testId={`profile-chart-${s.key}`}
          onPoint={(p) => {
            const link = s.series[p.seriesIndex]?.points[p.dataIndex]?.link;
            if (link) nav(link);
          }}
        />
      )}
      {s.rows.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无记录" />
      ) : (
        <Table<Row>
          size="small"
          rowKey={(r, i) => `${r.title}-${i}`}
          dataSource={s.rows}
          pagination={false}
          columns={[
            {
              title: '记录',
              render: (_, r) => (
                <div className="profile-row">
                  <div>{r.title}</div>
                  {r.detail && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {r.detail}
                    </Typography.Text>
                  )}
                </div>
              ),
            },
            {
              title: '数据',
              width: 280,
              render: (_, r) => <Figure row={r} />,
            },
            { title: '时间', width: 190, render: (_, r) => r.date ?? '—' },
          ]}
        />
      )}
    </Card>
  );
}

/** A figure is a link to the record it comes from. */
function Figure({ row }: { row: Row }) {
  if (!row.figure) return row.link ? <Link to={row.link}>查看记录</Link> : '—';
  const text = row.tone ? <Tag color={TONE_COLORS[row.tone]}>{row.figure}</Tag> : row.figure;
  return row.link ? (
    <Link to={row.link} data-testid="profile-figure">
      {text}
    </Link>
  ) : (
    text
  );
}

function chart(series: Section['series']): ChartOption {
  const labels = series[0]?.points.map((p) => p.x) ?? [];
  return {
    grid: { left: 48, right: 16, top: 32, bottom: 40 },
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    xAxis: { type: 'category', data: labels, axisLabel: { fontSize: 10 } },
    yAxis: { type: 'value' },
    series: series.map((s) => ({
      name: s.name,
      type: 'line',
      data: s.points.map((p) => p.y),
      symbolSize: 7,
      connectNulls: false,
    })),
  };
}
