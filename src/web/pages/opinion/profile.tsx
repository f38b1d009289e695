import { BarChartOutlined, UserOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Descriptions, Empty, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useMemo, useRef } from 'react';
import { Link, useParams } from 'react-router';
import { type GroupResult, opinionApi } from '../../../common/contracts/opinion.ts';
import { call } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { fmtDate } from '../../components/format.ts';
import { BackLink, Page, RecordLoading, refusedRecord, retryUnlessRefused } from '../../components/page.tsx';
import { CALIBRATION_HELP } from './calibration-card.tsx';
import {
  fmtScore,
  groupLabel,
  type ProfileView,
  RATER_GROUP_COLORS,
  type RaterGroup,
  scoreColor,
  WITHHELD_TEXT,
} from './opinion-options.ts';
import { Change } from './score-bits.tsx';

echarts.use([LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

type Round = ProfileView['rounds'][number];

export default function ProfilePage() {
  const { cadreId = '' } = useParams();
  const { can } = useSession();
  const q = useQuery({
    queryKey: ['opinion', 'profile', cadreId],
    queryFn: () => call(opinionApi.profile, { params: { id: cadreId } }),
    retry: retryUnlessRefused,
  });
  const refused = refusedRecord(q.error, {
    title: '干部不存在',
    back: '/opinion/campaigns',
    backLabel: '返回测评活动',
  });
  if (refused) return refused;
  const d = q.data;
  return (
    <Page
      title={d ? `${d.cadre.name} · 口碑档案` : '口碑档案'}
      subtitle={
        can('org.read') ? (
          <BackLink to={`/org/cadres/${cadreId}`}>返回干部详情</BackLink>
        ) : (
          <BackLink to="/opinion/campaigns">返回测评活动</BackLink>
        )
      }
      permission="opinion.read"
      extra={
        d &&
        can('org.read') && (
          <Link to={`/org/cadres/${d.cadre.id}`}>
            <Button icon={<UserOutlined />}>干部详情</Button>
          </Link>
        )
      }
    >
      {!d ? <RecordLoading error={q.error} /> : <ProfileBody d={d} />}
    </Page>
  );
}

function ProfileBody({ d }: { d: ProfileView }) {
  // The dimensions of every round, in first-seen order (questionnaires may differ between rounds).
  const dims = useMemo(() => {
    const m = new Map<string, string>();
    for (const r of d.rounds) for (const x of r.dimensions) if (!m.has(x.code)) m.set(x.code, x.name);
    return [...m.entries()].map(([code, name]) => ({ code, name }));
  }, [d.rounds]);
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 3 }}
          items={[
            { key: 'unit', label: '单位', children: d.cadre.unitName ?? '—' },
            { key: 'post', label: '职务', children: d.cadre.post ?? '—' },
            { key: 'rounds', label: '测评轮次', children: `${d.rounds.length} 轮` },
          ]}
        />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          口碑档案为每轮测评结束时冻结的结果，按轮次从早到晚排列；每个数字注明所依据的评价份数（口碑追溯只到份数和分布，不涉及评价者）。
        </Typography.Text>
      </Card>
      {d.rounds.length === 0 ? (
        <Card>
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description="尚无口碑档案：该干部参加的测评结束后，本轮结果会自动存入档案。"
            data-testid="profile-empty"
          />
        </Card>
      ) : (
        <>
          {d.rounds.length > 1 && (
            <Card size="small" title="历轮得分走势">
              <TrendChart rounds={d.rounds} dims={dims} />
            </Card>
          )}
          <Card size="small" title="各轮结果" data-testid="profile-rounds">
            <Table<Round>
              rowKey={(r) => r.campaign.id}
              size="small"
              dataSource={d.rounds}
              pagination={false}
              scroll={{ x: 550 + dims.length * 90 }}
              expandable={{
                expandedRowRender: (r) => <RoundDetail r={r} />,
                rowExpandable: () => true,
              }}
              columns={[
                {
                  title: '测评',
                  key: 'campaign',
                  width: 220,
                  render: (_, r) => (
                    <Space orientation="vertical" size={0}>
                      <Link to={`/opinion/campaigns/${r.campaign.id}/cadres/${d.cadre.id}`}>
                        {r.campaign.title}
                      </Link>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {r.campaign.year}年 第{r.campaign.round}轮 ·{' '}
                        {fmtDate(r.campaign.closedAt ?? r.frozenAt)} 冻结
                      </Typography.Text>
                    </Space>
                  ),
                },
                {
                  title: '综合得分',
                  key: 'overall',
                  width: 110,
                  render: (_, r) => (
                    <Space orientation="vertical" size={0}>
                      <Typography.Text strong style={{ color: scoreColor(r.result.overall) }}>
                        {fmtScore(r.result.overall)}
                      </Typography.Text>
                      <Change value={r.change?.overall} />
                    </Space>
                  ),
                },
                {
                  title: (
                    <Tooltip title={CALIBRATION_HELP}>
                      <span>校正得分</span>
                    </Tooltip>
                  ),
                  key: 'calibrated',
                  width: 130,
                  render: (_, r) =>
                    r.result.calibrated ? (
                      <Space orientation="vertical" size={0} data-testid="profile-calibrated">
                        <span>{fmtScore(r.result.calibrated.estimate)}</span>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {fmtScore(r.result.calibrated.low)} – {fmtScore(r.result.calibrated.high)}
                        </Typography.Text>
                      </Space>
                    ) : (
                      <Typography.Text type="secondary">—</Typography.Text>
                    ),
                },
                ...dims.map((x) => ({
                  title: x.name,
                  key: x.code,
                  width: 90,
                  render: (_: unknown, r: Round) =>
                    r.dimensions.some((y) => y.code === x.code) ? (
                      <Space orientation="vertical" size={0}>
                        <span>{fmtScore(r.result.byDimension[x.code])}</span>
                        <Change value={r.change?.byDimension[x.code]} />
                      </Space>
                    ) : (
                      <Typography.Text type="secondary">未测</Typography.Text>
                    ),
                })),
                {
                  title: (
                    <Tooltip title="本轮得分所依据的评价份数（不足 5 份的组不计入）">
                      <span>计分票数</span>
                    </Tooltip>
                  ),
                  key: 'ballots',
                  width: 90,
                  align: 'right',
                  render: (_, r) => r.result.ballotsShown,
                },
                {
                  title: '意见建议',
                  dataIndex: 'entryCount',
                  width: 80,
                  align: 'right',
                },
              ]}
            />
          </Card>
        </>
      )}
    </Space>
  );
}

/** One round traced: the figure of each group with the ballots behind it, and what was withheld. */
function RoundDetail({ r }: { r: Round }) {
  return (
    <div style={{ padding: '4px 0' }} data-testid="profile-round-detail">
      {r.result.groups.length === 0 ? (
        <Typography.Text type="secondary">本轮没有可显示的评价者组（各组均不足 5 份）。</Typography.Text>
      ) : (
        <Table<GroupResult>
          rowKey="group"
          size="small"
          pagination={false}
          dataSource={r.result.groups}
          style={{ maxWidth: 200 + r.dimensions.length * 80 + 200 }}
          columns={[
            {
              title: '评价者组',
              dataIndex: 'label',
              render: (v: string, g) => (
                <Tag color={g.group === 'merged' ? undefined : RATER_GROUP_COLORS[g.group as RaterGroup]}>
                  {v}
                </Tag>
              ),
            },
            {
              title: '依据份数',
              dataIndex: 'ballots',
              width: 80,
              align: 'right',
            },
            {
              title: '得分',
              dataIndex: 'score',
              width: 70,
              align: 'right',
              render: (v: number | null) => <b style={{ color: scoreColor(v) }}>{fmtScore(v)}</b>,
            },
            ...r.dimensions.map((x) => ({
              title: x.name,
              key: x.code,
              width: 70,
              align: 'right' as const,
              render: (_: unknown, g: GroupResult) => fmtScore(g.byDimension[x.code]),
            })),
          ]}
        />
      )}
      <Space size={[4, 4]} wrap style={{ marginTop: 8 }}>
        {r.result.withheld.map((g) => (
          <Tag key={g}>
            {groupLabel(g)} {WITHHELD_TEXT}
          </Tag>
        ))}
        <Link to={`/opinion/campaigns/${r.campaign.id}/cadres/${r.result.cadreId}`}>
          <Button type="link" size="small" icon={<BarChartOutlined />}>
            查看本轮评分分布和意见建议
          </Button>
        </Link>
      </Space>
    </div>
  );
}

function TrendChart(props: { rounds: Round[]; dims: { code: string; name: string }[] }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current);
    chart.current = c;
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    const names = props.rounds.map((r) => `${r.campaign.year}年第${r.campaign.round}轮`);
    chart.current?.setOption(
      {
        tooltip: { trigger: 'axis' },
        legend: { top: 0 },
        grid: { left: 16, right: 24, top: 40, bottom: 8, containLabel: true },
        xAxis: { type: 'category', data: names },
        yAxis: {
          type: 'value',
          min: (v: { min: number }) => Math.max(0, Math.floor(v.min / 10) * 10 - 10),
          max: 100,
        },
        series: [
          {
            name: '综合得分',
            type: 'line',
            data: props.rounds.map((r) => r.result.overall),
            lineStyle: { width: 3 },
            symbolSize: 8,
            connectNulls: false,
          },
          ...props.dims.map((x) => ({
            name: x.name,
            type: 'line',
            data: props.rounds.map((r) => r.result.byDimension[x.code] ?? null),
            lineStyle: { width: 1, type: 'dashed' },
            connectNulls: false,
          })),
        ],
      },
      true,
    );
  }, [props.rounds, props.dims]);
  return <div ref={el} style={{ height: 260 }} data-testid="profile-trend" />;
}
