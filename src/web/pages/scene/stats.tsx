import { FileExcelOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Row,
  Skeleton,
  Space,
  Statistic,
  Table,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { pathOf } from '../../../common/api.ts';
import { SCENE_KINDS, sceneApi } from '../../../common/contracts/scene.ts';
import { call, qs } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { type ChartOption, EChart } from '../../components/echart.tsx';
import { errorText } from '../../components/errors.ts';
import { downloadFile } from '../../components/import-modal.tsx';
import { Page } from '../../components/page.tsx';
import { DAY } from '../org/org-options.ts';
import { KindTag } from './scene-bits.tsx';
import { SCENE_KIND_CHART_COLORS, SCENE_KIND_SHORT, type SceneStats, subtypeLabel } from './scene-options.ts';

type Outstanding = SceneStats['outstanding'][number];

/** The months of a period, as YYYY-MM. */
function monthsOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = dayjs(from).startOf('month'); !m.isAfter(dayjs(to), 'month'); m = m.add(1, 'month'))
    out.push(m.format('YYYY-MM'));
  return out;
}

export default function SceneStatsPage() {
  const { message } = App.useApp();
  const { can } = useSession();
  const today = dayjs().startOf('day');
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [today.startOf('year'), today]);
  const [exporting, setExporting] = useState(false);
  const from = range[0].format(DAY);
  const to = range[1].format(DAY);
  const q = useQuery({
    queryKey: ['scene', 'stats', from, to],
    queryFn: () => call(sceneApi.stats, { query: { from, to } }),
    placeholderData: (prev) => prev,
    enabled: can('scene.stats'),
  });
  const s = q.data;

  const exportXlsx = async () => {
    setExporting(true);
    try {
      await downloadFile(
        `${pathOf(sceneApi.statsExport.path)}${qs({ from, to })}`,
        `现场考察统计-${from}-${to}.xlsx`,
      );
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setExporting(false);
    }
  };

  return (
    <Page
      title="现场考察统计"
      subtitle="走进现场察担当的开展情况：活动场次、考察干部和认定的担当作为突出干部。"
      permission="scene.stats"
      extra={
        <Button
          icon={<FileExcelOutlined />}
          loading={exporting}
          onClick={exportXlsx}
          data-testid="scene-stats-export"
        >
          导出 Excel
        </Button>
      }
    >
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Card size="small">
          <Space wrap>
            <Typography.Text>统计期间</Typography.Text>
            <DatePicker.RangePicker
              value={range}
              allowClear={false}
              onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
              presets={[
                { label: '本年', value: [today.startOf('year'), today] },
                {
                  label: '上年',
                  value: [
                    today.subtract(1, 'year').startOf('year'),
                    today.subtract(1, 'year').endOf('year').startOf('day'),
                  ],
                },
                { label: '近 12 个月', value: [today.subtract(12, 'month').add(1, 'day'), today] },
              ]}
              data-testid="scene-stats-range"
            />
          </Space>
        </Card>
        {q.isError && <Alert type="error" showIcon title={errorText(q.error)} />}
        {!s ? (
          q.isError ? null : (
            <Card>
              <Skeleton active />
            </Card>
          )
        ) : (
          <>
            <Card
              style={{ background: '#fff8f6', borderColor: '#f3d3cf' }}
              styles={{ body: { padding: '20px 24px' } }}
            >
              <Typography.Paragraph
                style={{ fontSize: 18, lineHeight: 1.9, margin: 0, fontFamily: 'serif' }}
                data-testid="scene-stats-sentence"
              >
                {s.from} 至 {s.to}，开展现场考察活动 {s.activities} 场次，现场观察干部 {s.cadresObserved} 人
                {s.cadresScored > 0 ? `、参加破难挑战活动 ${s.cadresScored} 人` : ''}，发现担当作为突出干部{' '}
                {s.outstandingCount} 名。
              </Typography.Paragraph>
            </Card>
            <Row gutter={[16, 16]}>
              {[
                { key: 'activities', title: '活动场次', value: s.activities, suffix: '场' },
                {
                  key: 'observed',
                  title: '考察干部',
                  value: s.cadresObserved + s.cadresScored,
                  suffix: '人次',
                  note: `现场观察 ${s.cadresObserved} 人 · 参赛 ${s.cadresScored} 人`,
                },
                {
                  key: 'outstanding',
                  title: '担当作为突出',
                  value: s.outstandingCount,
                  suffix: '人',
                  color: '#389e0d',
                },
                {
                  key: 'pending',
                  title: '待确认推荐',
                  value: s.pendingNominations,
                  suffix: '条',
                  color: s.pendingNominations ? '#d48806' : undefined,
                  link: '/scene/nominations?status=pending',
                },
              ].map((c) => (
                <Col key={c.key} xs={12} xl={6}>
                  <Card size="small" style={{ height: '100%' }} data-testid={`scene-stats-${c.key}`}>
                    <Statistic
                      title={c.title}
                      value={c.value}
                      suffix={c.suffix}
                      styles={{ content: c.color ? { color: c.color } : undefined }}
                    />
                    {c.note && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {c.note}
                      </Typography.Text>
                    )}
                    {c.link && c.value > 0 && s.can.openActivities && (
                      <Link to={c.link} style={{ fontSize: 12 }}>
                        {s.can.decide ? '去确认' : '查看'}
                      </Link>
                    )}
                  </Card>
                </Col>
              ))}
            </Row>
            <Row gutter={[16, 16]}>
              <Col xs={24} xl={10}>
                <Card title="按类型" size="small">
                  {s.byKind.length ? (
                    <EChart option={kindOption(s)} height={280} testId="scene-chart-kind" />
                  ) : (
                    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="该期间没有活动" />
                  )}
                </Card>
              </Col>
              <Col xs={24} xl={14}>
                <Card title="按月份" size="small">
                  {s.byMonth.length ? (
                    <EChart option={monthOption(s)} height={280} testId="scene-chart-month" />
                  ) : (
                    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="该期间没有活动" />
                  )}
                </Card>
              </Col>
            </Row>
            <Card title={`担当作为突出干部（${s.outstandingCount} 人）`} size="small">
              <Table<Outstanding>
                rowKey="cadreId"
                size="small"
                dataSource={s.outstanding}
                pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
                scroll={{ x: 900 }}
                data-testid="scene-outstanding"
                locale={{
                  emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="该期间尚无认定" />,
                }}
                columns={[
                  {
                    title: '姓名',
                    dataIndex: 'name',
                    width: 90,
                    render: (v: string, o) =>
                      s.can.openCadres ? <Link to={`/org/cadres/${o.cadreId}`}>{v}</Link> : v,
                  },
                  {
                    title: '单位职务',
                    width: 240,
                    render: (_, o) => [o.unitName, o.post].filter(Boolean).join(' '),
                  },
                  {
                    title: '活动',
                    dataIndex: 'activityTitle',
                    width: 260,
                    render: (v: string, o) => (
                      <Space orientation="vertical" size={2}>
                        {s.can.openActivities ? <Link to={`/scene/activities/${o.activityId}`}>{v}</Link> : v}
                        <KindTag kind={o.kind} />
                      </Space>
                    ),
                  },
                  { title: '推荐理由', dataIndex: 'reason' },
                ]}
              />
            </Card>
          </>
        )}
      </Space>
    </Page>
  );
}

function kindOption(s: SceneStats): ChartOption {
  const rows = [...s.byKind].sort(
    (a, b) => SCENE_KINDS.indexOf(a.kind) - SCENE_KINDS.indexOf(b.kind) || b.n - a.n,
  );
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 16, right: 16, top: 24, bottom: 8, containLabel: true },
    xAxis: {
      type: 'category',
      data: rows.map((r) =>
        r.kind === 'meeting' ? SCENE_KIND_SHORT.meeting : subtypeLabel(r.kind, r.subtype),
      ),
      axisLabel: { interval: 0, rotate: rows.length > 4 ? 20 : 0 },
    },
    yAxis: { type: 'value', name: '场次', minInterval: 1 },
    series: [
      {
        name: '活动场次',
        type: 'bar',
        barMaxWidth: 36,
        label: { show: true, position: 'top' },
        data: rows.map((r) => ({ value: r.n, itemStyle: { color: SCENE_KIND_CHART_COLORS[r.kind] } })),
      },
    ],
  };
}

function monthOption(s: SceneStats): ChartOption {
  const months = monthsOf(s.from, s.to);
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { data: SCENE_KINDS.map((k) => SCENE_KIND_SHORT[k]), top: 0 },
    grid: { left: 16, right: 16, top: 40, bottom: 8, containLabel: true },
    xAxis: {
      type: 'category',
      data: months.map((m) => `${Number(m.slice(5))}月`),
      axisLabel: { interval: 0 },
    },
    yAxis: { type: 'value', name: '场次', minInterval: 1 },
    series: SCENE_KINDS.map((k) => ({
      name: SCENE_KIND_SHORT[k],
      type: 'bar',
      stack: 'kind',
      barMaxWidth: 32,
      itemStyle: { color: SCENE_KIND_CHART_COLORS[k] },
      data: months.map((m) => s.byMonth.find((x) => x.month === m && x.kind === k)?.n ?? 0),
    })),
  };
}
