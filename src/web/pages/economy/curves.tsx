import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Col,
  Empty,
  Row,
  Segmented,
  Select,
  Skeleton,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { economyApi, FREQUENCY_LABELS } from '../../../common/contracts/economy.ts';
import { call } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { errorText } from '../../components/errors.ts';
import { fmtTime } from '../../components/format.ts';
import { Page } from '../../components/page.tsx';
import { useDict, useRegions } from '../org/org-options.ts';
import { type ChartOption, EChart, guarded, RevisionDrawer, type RevisionTarget } from './economy-bits.tsx';
import { CHART, type CurvesView, fmtNum, useListParams } from './economy-options.ts';

type SeriesView = CurvesView['series'][number];
type SeriesPointView = SeriesView['points'][number];

/** How many of the latest periods each chart shows. */
const SPANS = [
  { value: '12', label: '近 12 期' },
  { value: '24', label: '近 24 期' },
  { value: 'all', label: '全部' },
];

export default guarded('economy.read', CurvesPage);

function CurvesPage() {
  const { can } = useSession();
  const lp = useListParams();
  const regions = useRegions();
  const domains = useDict('domain');
  const regionId = lp.get('regionId');
  const domain = lp.get('domain');
  const span = lp.get('span') ?? '24';
  const [revision, setRevision] = useState<RevisionTarget | null>(null);
  const q = useQuery({
    queryKey: ['economy', 'curves', { regionId, domain }],
    queryFn: () => call(economyApi.curves, { query: { regionId, domain } }),
    placeholderData: (prev) => prev,
    enabled: can('economy.read'),
  });
  const data = q.data;

  return (
    <Page
      title="指标曲线"
      subtitle="与经济运行同步诊断：按区域和领域查看经济指标的走势、年度目标和每一次修订。"
      permission="economy.read"
      extra={
        can('economy.catalog.read') && (
          <Link to="/economy/catalog">
            <Button>指标目录</Button>
          </Link>
        )
      }
    >
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Card size="small">
          <Space wrap>
            <Typography.Text>区域</Typography.Text>
            <Select
              style={{ width: 180 }}
              loading={regions.isLoading}
              value={regionId ?? regions.data?.find((r) => r.kind === 'jurisdiction')?.id}
              onChange={(v) =>
                lp.set({
                  regionId: regions.data?.find((r) => r.id === v)?.kind === 'jurisdiction' ? undefined : v,
                })
              }
              options={(regions.data ?? []).map((r) => ({ value: r.id, label: r.name }))}
              data-testid="curves-region"
            />
            <Typography.Text>领域</Typography.Text>
            <Select
              style={{ width: 180 }}
              value={domain ?? ''}
              onChange={(v) => lp.set({ domain: v || undefined })}
              options={[{ value: '', label: '核心指标' }, ...domains]}
              data-testid="curves-domain"
            />
            <Segmented
              value={span}
              onChange={(v) => lp.set({ span: v === '24' ? undefined : String(v) })}
              options={SPANS}
              data-testid="curves-span"
            />
          </Space>
        </Card>
        {q.isError && <Alert type="error" showIcon title={errorText(q.error)} />}
        {!data ? (
          !q.isError && (
            <Card>
              <Skeleton active />
            </Card>
          )
        ) : data.series.every((s) => s.points.length === 0) ? (
          <Card>
            <Empty
              description={
                data.series.length === 0
                  ? `${data.region.name}${data.domain ? `在“${data.domain.name}”领域` : ''}没有指标`
                  : `${data.region.name}${data.domain ? `“${data.domain.name}”领域` : '核心指标'}尚无数据，待各部门报送`
              }
              data-testid="curves-empty"
            />
          </Card>
        ) : (
          <>
            <Typography.Text type="secondary">
              {data.region.name} · {data.domain ? data.domain.name : '核心指标'}，共 {data.series.length}{' '}
              项指标。虚线为年度目标；
              <span style={{ color: CHART.revised }}>◆</span> 为修订过的数值，点击数据点查看修订记录。
            </Typography.Text>
            <Row gutter={[16, 16]}>
              {data.series.map((s) => (
                <Col key={s.indicator.id} xs={24} xl={12}>
                  <SeriesCard series={s} span={span} onRevisions={setRevision} />
                </Col>
              ))}
            </Row>
          </>
        )}
      </Space>
      <RevisionDrawer target={revision} onClose={() => setRevision(null)} />
    </Page>
  );
}

function SeriesCard(props: { series: SeriesView; span: string; onRevisions(t: RevisionTarget): void }) {
  const s = props.series;
  const [table, setTable] = useState(false);
  const points = useMemo(
    () => (props.span === 'all' ? s.points : s.points.slice(-Number(props.span))),
    [s.points, props.span],
  );
  const last = s.points.at(-1);
  const revisedCount = points.filter((p) => p.revision > 1).length;
  const open = (p: SeriesPointView) =>
    props.onRevisions({
      valueId: p.valueId,
      title: `${s.indicator.name} · ${s.scope.name} · ${p.period}`,
      unit: s.indicator.unit,
    });
  const option = useMemo(() => seriesOption(s, points), [s, points]);
  return (
    <Card
      size="small"
      data-testid={`curve-${s.indicator.code}`}
      title={
        <Space size={6} wrap>
          <span>{s.indicator.name}</span>
          <Typography.Text type="secondary" style={{ fontWeight: 'normal', fontSize: 12 }}>
            {s.indicator.unit} · {FREQUENCY_LABELS[s.indicator.frequency]} · {s.indicator.department}
          </Typography.Text>
          {s.indicator.core && <Tag color="red">核心</Tag>}
        </Space>
      }
      extra={
        last && (
          <Typography.Text data-testid="curve-latest">
            {last.period}：<b>{fmtNum(last.value)}</b>
          </Typography.Text>
        )
      }
    >
      {points.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚无数据" style={{ height: 240 }} />
      ) : (
        <EChart
          option={option}
          height={240}
          testId={`curve-chart-${s.indicator.code}`}
          onPoint={(p) => {
            const point = p.seriesIndex === 0 ? points[p.dataIndex] : undefined;
            if (point) open(point);
          }}
        />
      )}
      <Space style={{ marginTop: 4 }} size={12}>
        <Button
          type="link"
          size="small"
          style={{ padding: 0 }}
          onClick={() => setTable((v) => !v)}
          disabled={points.length === 0}
          data-testid={`curve-toggle-${s.indicator.code}`}
        >
          {table ? '收起数据' : '查看数据和修订记录'}
        </Button>
        {revisedCount > 0 && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            其中 {revisedCount} 期数值有修订
          </Typography.Text>
        )}
      </Space>
      {table && (
        <Table<SeriesPointView>
          rowKey="valueId"
          size="small"
          dataSource={[...points].reverse()}
          pagination={{ pageSize: 12, hideOnSinglePage: true, showSizeChanger: false, size: 'small' }}
          data-testid={`curve-table-${s.indicator.code}`}
          columns={[
            { title: '期别', dataIndex: 'period', width: 90 },
            {
              title: `数值（${s.indicator.unit}）`,
              dataIndex: 'value',
              width: 150,
              align: 'right',
              render: (v: number) => fmtNum(v, 4),
            },
            {
              title: '修订',
              dataIndex: 'revision',
              width: 70,
              align: 'right',
              render: (r: number) => (r > 1 ? <Tag color="volcano">{r} 次</Tag> : '—'),
            },
            { title: '更新时间', dataIndex: 'updatedAt', width: 160, render: (v: string) => fmtTime(v) },
            {
              title: '',
              width: 80,
              render: (_, p) => (
                <Button type="link" size="small" onClick={() => open(p)} data-testid="curve-revisions">
                  修订记录
                </Button>
              ),
            },
          ]}
        />
      )}
    </Card>
  );
}

/** The value line (revised points as diamonds) and the year's target as a dashed step line. */
function seriesOption(s: SeriesView, points: SeriesPointView[]): ChartOption {
  const target = new Map(s.targets.map((t) => [t.year, t.value]));
  const targetData = points.map((p) => target.get(Number(p.period.slice(0, 4))) ?? null);
  const unit = s.indicator.unit;
  return {
    tooltip: {
      trigger: 'axis',
      valueFormatter: (v: unknown) => (typeof v === 'number' ? `${fmtNum(v, 4)} ${unit}` : '—'),
    },
    legend: { top: 0, data: ['数值', ...(s.targets.length ? ['年度目标'] : [])] },
    grid: { left: 8, right: 16, top: 32, bottom: 4, containLabel: true },
    xAxis: { type: 'category', data: points.map((p) => p.period), boundaryGap: false },
    yAxis: { type: 'value', scale: true, name: unit, nameTextStyle: { align: 'left' } },
    series: [
      {
        name: '数值',
        type: 'line',
        color: CHART.value,
        symbolSize: 6,
        data: points.map((p) =>
          p.revision > 1
            ? {
                value: p.value,
                symbol: 'diamond',
                symbolSize: 12,
                itemStyle: { color: CHART.revised },
              }
            : p.value,
        ),
      },
      ...(s.targets.length
        ? [
            {
              name: '年度目标',
              type: 'line',
              color: CHART.target,
              step: 'middle',
              symbol: 'none',
              lineStyle: { type: 'dashed', width: 1.5 },
              data: targetData,
              silent: true,
            },
          ]
        : []),
    ],
  };
}
