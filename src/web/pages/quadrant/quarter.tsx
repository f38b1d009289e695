import { CalculatorOutlined, SendOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Empty,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { WireOf } from '../../../common/api.ts';
import { quarterLabel } from '../../../common/contracts/growth.ts';
import { orgApi } from '../../../common/contracts/org.ts';
import {
  AGE_BAND_NAMES,
  quadrantApi,
  ZONE_COLORS,
  ZONE_KEYS,
  ZONE_NAMES,
} from '../../../common/contracts/quadrant.ts';
import { call } from '../../api/client.ts';
import { type ChartOption, EChart } from '../../components/echart.tsx';
import { errorText } from '../../components/errors.ts';
import { fmtTime } from '../../components/format.ts';
import { Page } from '../../components/page.tsx';
import { RemoteSelect } from '../../components/remote-select.tsx';
import { currentQuarter } from '../growth/county.tsx';
import { useDict } from '../org/org-options.ts';
import { EvidenceDrawer } from './components/evidence-drawer.tsx';

type Quarter = WireOf<typeof quadrantApi.quarter>;
type Point = Quarter['points'][number];

/** The quarter before the current one: the last whose results can be in. */
function lastQuarter() {
  const q = currentQuarter();
  const n = Number(q.slice(5));
  return n === 1 ? `${Number(q.slice(0, 4)) - 1}Q4` : `${q.slice(0, 4)}Q${n - 1}`;
}

/**
 * 实绩象限 of a quarter: each cadre on 实绩贡献 × 政绩观 with both intervals, the unidentified
 * hollow; a click opens the evidence of both axes; the fairness check by sex and age band.
 */
export default function QuadrantQuarterPage() {
  const [params, setParams] = useSearchParams();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const [open, setOpen] = useState<string | null>(null);
  const quarter = params.get('quarter') || lastQuarter();
  const query = {
    unitId: params.get('unitId') || undefined,
    rankCode: params.get('rankCode') || undefined,
    ageBand: params.get('ageBand') || undefined,
    domain: params.get('domain') || undefined,
  };
  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };
  const q = useQuery({
    queryKey: ['quadrant', 'quarter', quarter, query],
    queryFn: () => call(quadrantApi.quarter, { params: { quarter }, query }),
  });
  const ranks = useDict('rank');
  const domains = useDict('domain');
  const d = q.data;
  const done = async (text: string) => {
    message.success(text);
    await qc.invalidateQueries({ queryKey: ['quadrant'] });
  };
  const compute = useMutation({
    mutationFn: () => call(quadrantApi.compute, { params: { quarter } }),
    onSuccess: (r) => done(`已划定 ${r.placements} 名干部的象限，提出人选 ${r.recommendations} 人`),
    onError: (e) => message.error(errorText(e)),
  });
  const release = useMutation({
    mutationFn: () => call(quadrantApi.release, { params: { quarter } }),
    onSuccess: () => done('已发布，干部本人可查看自己的象限历史'),
    onError: (e) => message.error(errorText(e)),
  });
  const option = useMemo(() => scatterOption(d?.points ?? [], d?.threshold ?? null), [d]);
  const quarters = [...new Set([quarter, ...(d?.quarters ?? [])])].sort().reverse();

  return (
    <Page
      title="实绩象限"
      subtitle="依据日常考察划定：实绩贡献（本人贡献，扣除平台与资源）× 政绩观（确认的记录），每人给出落入各区的概率。"
      permission="quadrant.read"
      extra={
        <Space wrap>
          {d?.can.compute && (
            <Button
              type="primary"
              icon={<CalculatorOutlined />}
              loading={compute.isPending}
              data-testid="quadrant-compute"
              onClick={() =>
                modal.confirm({
                  title: `划定${quarterLabel(quarter)}实绩象限？`,
                  content: '按本季度个体成长测算与各模块确认的记录重新计算；已拟定决定的人选建议保留。',
                  okText: '划定',
                  onOk: () => compute.mutateAsync(),
                })
              }
            >
              划定象限
            </Button>
          )}
          {d?.can.release && (
            <Button
              icon={<SendOutlined />}
              data-testid="quadrant-release"
              onClick={() =>
                modal.confirm({
                  title: `发布${quarterLabel(quarter)}实绩象限？`,
                  content: '发布后每名干部可查看本人的象限历史与依据，看不到他人的。此操作不可撤回。',
                  okText: '发布',
                  onOk: () => release.mutateAsync(),
                })
              }
            >
              发布
            </Button>
          )}
        </Space>
      }
    >
      <Card style={{ marginBottom: 16 }}>
        <Space wrap>
          <Select
            style={{ width: 170 }}
            value={quarter}
            options={quarters.map((x) => ({ value: x, label: quarterLabel(x) }))}
            onChange={(v) => set({ quarter: v })}
            data-testid="quadrant-quarter"
          />
          <RemoteSelect
            list={orgApi.listUnits}
            one={orgApi.getUnit}
            label={(u: { id: string; name: string }) => u.name}
            placeholder="单位"
            style={{ width: 220 }}
            value={query.unitId}
            onChange={(v) => set({ unitId: v })}
          />
          <Select
            allowClear
            style={{ width: 140 }}
            placeholder="领域"
            value={query.domain}
            options={domains}
            onChange={(v) => set({ domain: v })}
          />
          <Select
            allowClear
            style={{ width: 130 }}
            placeholder="职级"
            value={query.rankCode}
            options={ranks}
            onChange={(v) => set({ rankCode: v })}
          />
          <Select
            allowClear
            style={{ width: 140 }}
            placeholder="年龄段"
            value={query.ageBand}
            options={AGE_BAND_NAMES.map((b) => ({ value: b, label: b }))}
            onChange={(v) => set({ ageBand: v })}
          />
        </Space>
      </Card>
      {q.isError && <Alert type="error" showIcon title={errorText(q.error)} />}
      {d && !d.computed && (
        <Card>
          <Empty
            description={`${quarterLabel(quarter)}尚未划定象限。先完成本季度个体成长测算，再点击“划定象限”。`}
          />
        </Card>
      )}
      {d?.computed && (
        <>
          <Row gutter={16} style={{ marginBottom: 16 }}>
            {ZONE_KEYS.map((z) => (
              <Col xs={12} md={6} key={z}>
                <Card>
                  <Statistic
                    title={ZONE_NAMES[z]}
                    value={d.counts[z]}
                    suffix="人"
                    valueStyle={{ color: ZONE_COLORS[z] }}
                  />
                </Card>
              </Col>
            ))}
          </Row>
          <Card
            title={`${quarterLabel(quarter)}实绩象限（${d.points.length} 人）`}
            extra={
              <Typography.Text type="secondary">
                {fmtTime(d.computedAt)} ·{' '}
                <Link to="/quadrant/settings">
                  {d.settingsVersion ? `第 ${d.settingsVersion} 版门槛` : '默认门槛'}
                </Link>{' '}
                · {d.released ? '已发布' : '未发布'} ·{' '}
                <Link to={`/quadrant/recommendations?quarter=${quarter}`}>人选建议</Link>
              </Typography.Text>
            }
            style={{ marginBottom: 16 }}
          >
            {d.points.length ? (
              <EChart
                option={option}
                height={480}
                testId="quadrant-scatter"
                onPoint={(p) => {
                  const id = (p.data as { placementId?: string } | undefined)?.placementId;
                  if (id) setOpen(id);
                }}
              />
            ) : (
              <Empty description="没有符合筛选条件的干部" />
            )}
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
              横线、竖线为两轴的 95% 区间；空心点为本人贡献无法与平台区分的干部（按与本单位同事比较定位）。
              点击圆点查看两轴依据。
            </Typography.Paragraph>
          </Card>
          <Card title="公平性核查（四分之五规则）" data-testid="quadrant-fairness">
            <Row gutter={16}>
              {d.fairness.map((f) => (
                <Col xs={24} xl={12} key={`${f.by}-${f.what}`} style={{ marginBottom: 12 }}>
                  <Space style={{ marginBottom: 4 }}>
                    <Typography.Text strong>
                      {f.what === 'high' ? '高贡献区比例' : '人选建议比例'} ·{' '}
                      {f.by === 'sex' ? '按性别' : '按年龄段'}
                    </Typography.Text>
                    {f.ratio !== null && (
                      <Tag color={f.flagged ? 'red' : 'green'}>
                        最低/最高 {f.ratio.toFixed(2)}
                        {f.flagged ? '（低于 0.8，须复核）' : ''}
                      </Tag>
                    )}
                  </Space>
                  <Table
                    size="small"
                    rowKey="group"
                    pagination={false}
                    dataSource={f.rows}
                    columns={[
                      { title: '组别', dataIndex: 'group' },
                      { title: '人数', dataIndex: 'n', align: 'right' },
                      { title: '入选', dataIndex: 'selected', align: 'right' },
                      {
                        title: '比例',
                        dataIndex: 'rate',
                        align: 'right',
                        render: (v: number) => `${Math.round(v * 1000) / 10}%`,
                      },
                    ]}
                  />
                </Col>
              ))}
            </Row>
          </Card>
        </>
      )}
      <EvidenceDrawer placementId={open} onClose={() => setOpen(null)} />
    </Page>
  );
}

function scatterOption(
  points: Point[],
  threshold: { contribution: number; view: number } | null,
): ChartOption {
  const datum = (p: Point) => ({
    placementId: p.placementId,
    name: p.name,
    unit: p.unitName,
    zone: p.zone,
    value: [p.contribution, p.view],
    probs: p.probabilities,
    identified: p.identified,
  });
  const series = ZONE_KEYS.map((z) => ({
    name: ZONE_NAMES[z],
    type: 'scatter',
    symbolSize: 9,
    itemStyle: { color: ZONE_COLORS[z], opacity: 0.8 },
    data: points
      .filter((p) => p.zone === z)
      .map((p) => ({
        ...datum(p),
        itemStyle: p.identified ? undefined : { color: '#fff', borderColor: ZONE_COLORS[z], borderWidth: 2 },
      })),
  }));
  const whiskers = points.flatMap((p) => [
    [
      { coord: [p.contribution - 1.96 * p.contributionSe, p.view] },
      { coord: [p.contribution + 1.96 * p.contributionSe, p.view] },
    ],
    ...(p.viewSe > 0
      ? [
          [
            { coord: [p.contribution, p.view - 1.96 * p.viewSe] },
            { coord: [p.contribution, p.view + 1.96 * p.viewSe] },
          ],
        ]
      : []),
  ]);
  return {
    grid: { left: 56, right: 24, top: 40, bottom: 48 },
    legend: { top: 0 },
    tooltip: {
      trigger: 'item',
      formatter: (p: { data: ReturnType<typeof datum> }) =>
        p.data?.name
          ? `${p.data.name}（${p.data.unit ?? ''}）${p.data.identified ? '' : '〔无法区分〕'}<br/>` +
            ZONE_KEYS.map((z) => `${ZONE_NAMES[z]} ${Math.round(p.data.probs[z] * 100)}%`).join('<br/>')
          : '',
    },
    xAxis: { name: '实绩贡献', nameLocation: 'middle', nameGap: 28, scale: true },
    yAxis: { name: '政绩观', nameLocation: 'middle', nameGap: 40, scale: true },
    series: [
      ...series,
      {
        name: '门槛与区间',
        type: 'scatter',
        data: [],
        markLine: {
          silent: true,
          symbol: 'none',
          lineStyle: { color: 'rgba(0,0,0,0.18)', width: 1, type: 'solid' },
          data: [
            ...(threshold
              ? [
                  { xAxis: threshold.contribution, lineStyle: { color: '#999', type: 'dashed', width: 1.5 } },
                  { yAxis: threshold.view, lineStyle: { color: '#999', type: 'dashed', width: 1.5 } },
                ]
              : []),
            ...whiskers,
          ] as never,
        },
      },
    ],
  };
}
