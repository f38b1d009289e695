import { FileExcelOutlined, FileWordOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Drawer,
  Empty,
  Row,
  Segmented,
  Skeleton,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import type { WireOf } from '../../../common/api.ts';
import { deliveryApi } from '../../../common/contracts/delivery.ts';
import { call, qs } from '../../api/client.ts';
import { type ChartOption, EChart } from '../../components/echart.tsx';
import { errorText } from '../../components/errors.ts';
import { downloadFile } from '../../components/import-modal.tsx';
import { Page } from '../../components/page.tsx';
import { DAY } from '../org/org-options.ts';
import {
  FINDING_STATUS_COLORS,
  findingStatusLabel,
  RECTIFICATION_STATUS_COLORS,
  rectificationStatusLabel,
  VERDICT_COLORS,
  type Verdict,
  verdictLabel,
} from './delivery-options.ts';

type StatsView = WireOf<typeof deliveryApi.stats>;
type StatsFigures = StatsView['overall'];
type StatsCheckRow = WireOf<typeof deliveryApi.statsChecks>['items'][number];

/** Which records a clicked figure stands for. */
type Figure = 'cadres' | 'items' | 'findings' | 'rectified' | 'open' | 'avg';
const FIGURE_LABELS: Record<Figure, string> = {
  cadres: '考察干部',
  items: '核验事项',
  findings: '发现问题',
  rectified: '已整改',
  open: '整改中',
  avg: '平均整改天数',
};

interface Drill {
  scope: string;
  domain?: string;
  regionId?: string;
  figure: Figure;
}

const stands = (r: StatsCheckRow) => r.findingStatus === 'final' || r.findingStatus === 'appealed';
const FILTERS: Record<Figure, (r: StatsCheckRow) => boolean> = {
  cadres: () => true,
  items: () => true,
  findings: stands,
  rectified: (r) => stands(r) && r.orderStatus === 'closed',
  open: (r) => stands(r) && (r.orderStatus === 'open' || r.orderStatus === 'replied'),
  avg: (r) => stands(r) && r.orderStatus === 'closed',
};

function quarterStart(d: Dayjs) {
  return d.month(Math.floor(d.month() / 3) * 3).startOf('month');
}

export default function StatsPage() {
  const { message } = App.useApp();
  const today = dayjs().startOf('day');
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [today.startOf('year'), today]);
  const [drill, setDrill] = useState<Drill | null>(null);
  const [exporting, setExporting] = useState<'docx' | 'xlsx' | null>(null);
  const from = range[0].format(DAY);
  const to = range[1].format(DAY);
  const q = useQuery({
    queryKey: ['delivery', 'stats', from, to],
    queryFn: () => call(deliveryApi.stats, { query: { from, to } }),
    placeholderData: (prev) => prev,
  });
  const s = q.data;

  const exportAs = async (format: 'docx' | 'xlsx') => {
    setExporting(format);
    try {
      await downloadFile(
        `/api/delivery/stats/report${qs({ from, to, format })}`,
        `走进一线看实绩对账考察情况（${from} 至 ${to}）.${format}`,
      );
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setExporting(null);
    }
  };

  const lastQuarterEnd = quarterStart(today).subtract(1, 'day');
  return (
    <Page
      title="统计与报告"
      subtitle="对账考察的开展情况：考察了多少干部、核验了多少事项、发现和整改了多少问题。点击数字查看背后的核验记录。"
      permission="delivery.stats"
      extra={
        <Space wrap>
          <Button
            icon={<FileWordOutlined />}
            loading={exporting === 'docx'}
            onClick={() => exportAs('docx')}
            data-testid="stats-export-docx"
          >
            导出 Word
          </Button>
          <Button
            icon={<FileExcelOutlined />}
            loading={exporting === 'xlsx'}
            onClick={() => exportAs('xlsx')}
            data-testid="stats-export-xlsx"
          >
            导出 Excel
          </Button>
        </Space>
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
                { label: '本季度', value: [quarterStart(today), today] },
                { label: '本年', value: [today.startOf('year'), today] },
                { label: '上季度', value: [quarterStart(lastQuarterEnd), lastQuarterEnd] },
                {
                  label: '上年',
                  value: [
                    today.subtract(1, 'year').startOf('year'),
                    today.subtract(1, 'year').endOf('year').startOf('day'),
                  ],
                },
              ]}
              data-testid="stats-range"
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
                data-testid="stats-sentence"
              >
                {s.sentence}
              </Typography.Paragraph>
              {s.overall.findings > 0 && (
                <Space size={[6, 6]} wrap style={{ marginTop: 8 }}>
                  {(Object.entries(s.overall.findingsByKind) as [Verdict, number][]).map(([k, n]) => (
                    <Tag key={k} color={VERDICT_COLORS[k]}>
                      {verdictLabel(k)} {n} 个
                    </Tag>
                  ))}
                </Space>
              )}
            </Card>
            <FigureCards f={s.overall} onPick={(figure) => setDrill({ scope: '全部', figure })} />
            <Card title="分领域核验事项与发现问题" size="small">
              {s.byDomain.length ? (
                <DomainChart
                  rows={s.byDomain}
                  onPick={(code) => {
                    const d = s.byDomain.find((x) => x.code === code);
                    if (d) setDrill({ scope: d.name, domain: d.code, figure: 'items' });
                  }}
                />
              ) : (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="该期间没有核验记录" />
              )}
            </Card>
            <Row gutter={[16, 16]}>
              <Col xs={24} xxl={12}>
                <Card title="分领域" size="small">
                  <FiguresTable
                    rows={s.byDomain.map((d) => ({ ...d, key: d.code }))}
                    nameTitle="领域"
                    testId="stats-by-domain"
                    onPick={(r, figure) => setDrill({ scope: r.name, domain: r.key, figure })}
                  />
                </Card>
              </Col>
              <Col xs={24} xxl={12}>
                <Card title="分乡镇（街道）" size="small">
                  <FiguresTable
                    rows={s.byTown.map((t) => ({ ...t, key: t.regionId }))}
                    nameTitle="乡镇（街道）"
                    testId="stats-by-town"
                    onPick={(r, figure) => setDrill({ scope: r.name, regionId: r.key, figure })}
                  />
                </Card>
              </Col>
            </Row>
          </>
        )}
      </Space>
      <ChecksDrawer drill={drill} from={from} to={to} onClose={() => setDrill(null)} />
    </Page>
  );
}

function FigureCards(props: { f: StatsFigures; onPick(f: Figure): void }) {
  const f = props.f;
  const cards: { key: Figure; value: number | string; suffix: string; color?: string }[] = [
    { key: 'cadres', value: f.cadres, suffix: '人' },
    { key: 'items', value: f.items, suffix: '项' },
    { key: 'findings', value: f.findings, suffix: '个', color: f.findings ? '#cf1322' : undefined },
    { key: 'rectified', value: f.rectified, suffix: '个', color: '#389e0d' },
    { key: 'open', value: f.open, suffix: '个', color: f.open ? '#d48806' : undefined },
    { key: 'avg', value: f.avgDaysToRectify ?? '—', suffix: f.avgDaysToRectify === null ? '' : '天' },
  ];
  return (
    <Row gutter={[16, 16]}>
      {cards.map((c) => (
        <Col key={c.key} xs={12} md={8} xl={4}>
          <Card hoverable onClick={() => props.onPick(c.key)} data-testid={`stats-${c.key}`} size="small">
            <Statistic
              title={FIGURE_LABELS[c.key]}
              value={c.value}
              suffix={c.suffix}
              styles={{ content: c.color ? { color: c.color } : undefined }}
            />
          </Card>
        </Col>
      ))}
    </Row>
  );
}

type FigureRow = StatsFigures & { key: string; name: string };

function FiguresTable(props: {
  rows: FigureRow[];
  nameTitle: string;
  testId: string;
  onPick(r: FigureRow, f: Figure): void;
}) {
  const num = (figure: Figure, get: (r: FigureRow) => number | null) => ({
    title: FIGURE_LABELS[figure],
    width: 90,
    align: 'right' as const,
    render: (_: unknown, r: FigureRow) => {
      const v = get(r);
      if (v === null) return '—';
      return (
        <Typography.Link onClick={() => props.onPick(r, figure)} data-testid={`${props.testId}-${figure}`}>
          {v}
        </Typography.Link>
      );
    },
  });
  return (
    <Table<FigureRow>
      rowKey="key"
      size="small"
      dataSource={props.rows}
      pagination={false}
      data-testid={props.testId}
      scroll={{ x: 640 }}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无数据" /> }}
      columns={[
        { title: props.nameTitle, dataIndex: 'name', fixed: 'left', width: 110 },
        num('cadres', (r) => r.cadres),
        num('items', (r) => r.items),
        num('findings', (r) => r.findings),
        num('rectified', (r) => r.rectified),
        num('open', (r) => r.open),
        num('avg', (r) => r.avgDaysToRectify),
      ]}
    />
  );
}

/** Items verified and findings per domain, as bars; clicking a domain lists its checks. */
function DomainChart(props: { rows: StatsView['byDomain']; onPick(code: string): void }) {
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { data: ['核验事项', '发现问题'], top: 0 },
      grid: { left: 16, right: 16, top: 56, bottom: 8, containLabel: true },
      xAxis: {
        type: 'category',
        data: props.rows.map((r) => r.name),
        axisLabel: { interval: 0, rotate: props.rows.length > 6 ? 30 : 0 },
      },
      yAxis: [
        { type: 'value', name: '核验事项（项）', minInterval: 1 },
        { type: 'value', name: '发现问题（个）', minInterval: 1, splitLine: { show: false } },
      ],
      series: [
        {
          name: '核验事项',
          type: 'bar',
          barMaxWidth: 32,
          itemStyle: { color: '#1677ff' },
          label: { show: true, position: 'top' },
          data: props.rows.map((r) => ({ value: r.items, code: r.code })),
        },
        {
          name: '发现问题',
          type: 'bar',
          yAxisIndex: 1,
          barMaxWidth: 32,
          itemStyle: { color: '#cf1322' },
          label: { show: true, position: 'top' },
          data: props.rows.map((r) => ({ value: r.findings, code: r.code })),
        },
      ],
    }),
    [props.rows],
  );
  return (
    <div style={{ cursor: 'pointer' }}>
      <EChart
        option={option}
        height={300}
        testId="stats-chart"
        onPoint={(p) => {
          const code = (p.data as { code?: string } | undefined)?.code;
          if (code) props.onPick(code);
        }}
      />
    </div>
  );
}

function ChecksDrawer(props: { drill: Drill | null; from: string; to: string; onClose(): void }) {
  const d = props.drill;
  const [figure, setFigure] = useState<Figure>('items');
  useEffect(() => {
    if (d) setFigure(d.figure === 'cadres' || d.figure === 'avg' ? 'items' : d.figure);
  }, [d]);
  const q = useQuery({
    queryKey: ['delivery', 'stats', 'checks', props.from, props.to, d?.domain ?? '', d?.regionId ?? ''],
    enabled: !!d,
    queryFn: () =>
      call(deliveryApi.statsChecks, {
        query: { from: props.from, to: props.to, domain: d?.domain, regionId: d?.regionId },
      }),
  });
  const all = q.data?.items ?? [];
  const can = q.data?.can;
  const shown = all.filter(FILTERS[figure]);
  const count = (f: Figure) => all.filter(FILTERS[f]).length;
  return (
    <Drawer
      open={!!d}
      onClose={props.onClose}
      size={980}
      destroyOnHidden
      title={d ? `核验记录 · ${d.scope}（${props.from} 至 ${props.to}）` : ''}
    >
      <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="stats-drawer">
        <Segmented
          value={figure}
          onChange={(v) => setFigure(v as Figure)}
          options={(['items', 'findings', 'rectified', 'open'] as Figure[]).map((f) => ({
            value: f,
            label: `${f === 'items' ? '全部核验事项' : FIGURE_LABELS[f]}（${q.data ? count(f) : '…'}）`,
          }))}
        />
        {d?.figure === 'cadres' && q.data && (
          <Typography.Text type="secondary">
            涉及干部 {new Set(all.map((r) => r.cadreId)).size} 人：
            {[...new Set(all.map((r) => r.cadreName))].join('、')}
          </Typography.Text>
        )}
        {d?.figure === 'avg' && (
          <Typography.Text type="secondary">
            平均整改天数按已销号问题从认定到销号的天数计算，下表为“已整改”的问题可切换查看。
          </Typography.Text>
        )}
        {q.isError && <Alert type="error" showIcon title={errorText(q.error)} />}
        <Table<StatsCheckRow>
          rowKey="checkId"
          size="small"
          loading={q.isLoading}
          dataSource={shown}
          scroll={{ x: 900 }}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有记录" /> }}
          columns={[
            { title: '核验日期', dataIndex: 'checkedOn', width: 100 },
            { title: '干部', dataIndex: 'cadreName', width: 80 },
            { title: '单位', dataIndex: 'unitName', width: 150, render: (v: string | null) => v ?? '—' },
            { title: '事项', dataIndex: 'itemTitle' },
            {
              title: '结论',
              dataIndex: 'verdict',
              width: 90,
              render: (v: StatsCheckRow['verdict']) => <Tag color={VERDICT_COLORS[v]}>{verdictLabel(v)}</Tag>,
            },
            {
              title: '考察发现',
              width: 120,
              render: (_, r) => {
                if (!r.findingId || !r.findingStatus) return '—';
                const tag = (
                  <Tag color={FINDING_STATUS_COLORS[r.findingStatus]} style={{ cursor: 'pointer' }}>
                    {findingStatusLabel(r.findingStatus)}
                  </Tag>
                );
                return can?.readFinding ? <Link to={`/delivery/findings/${r.findingId}`}>{tag}</Link> : tag;
              },
            },
            {
              title: '整改',
              width: 110,
              render: (_, r) =>
                r.orderStatus ? (
                  <Tag color={RECTIFICATION_STATUS_COLORS[r.orderStatus]}>
                    {rectificationStatusLabel(r.orderStatus)}
                  </Tag>
                ) : (
                  '—'
                ),
            },
            {
              title: '考察计划',
              dataIndex: 'planTitle',
              width: 150,
              ellipsis: true,
              render: (v: string, r) =>
                can?.readPlan ? <Link to={`/delivery/plans/${r.planId}`}>{v}</Link> : v,
            },
          ]}
        />
      </Space>
    </Drawer>
  );
}
