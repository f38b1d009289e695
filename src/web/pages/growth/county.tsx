import { ExperimentOutlined, LockOutlined, SendOutlined } from '@ant-design/icons';
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
import { useMemo } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { WireOf } from '../../../common/api.ts';
import { growthApi, quarterLabel } from '../../../common/contracts/growth.ts';
import { orgApi } from '../../../common/contracts/org.ts';
import { call } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { type ChartOption, EChart } from '../../components/echart.tsx';
import { errorText } from '../../components/errors.ts';
import { fmtTime } from '../../components/format.ts';
import { Page } from '../../components/page.tsx';
import { RemoteSelect } from '../../components/remote-select.tsx';
import { useDict } from '../org/org-options.ts';
import { CountyTable } from './components/county-table.tsx';

type County = WireOf<typeof growthApi.county>;
type Point = County['points'][number];

/** The current quarter, as the module writes it. */
export const currentQuarter = () => {
  const d = new Date();
  return `${d.getFullYear()}Q${Math.floor(d.getMonth() / 3) + 1}`;
};

/**
 * 个体成长解析 for the county: each cadre's own contribution against the effect of the unit they
 * served in (平台), with intervals; the cadres whose split cannot be made; the fairness check.
 */
export default function GrowthCountyPage() {
  const [params, setParams] = useSearchParams();
  const { can } = useSession();
  const nav = useNavigate();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const query = {
    quarter: params.get('quarter') || undefined,
    unitId: params.get('unitId') || undefined,
    rankCode: params.get('rankCode') || undefined,
    roleType: params.get('roleType') || undefined,
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
  const county = useQuery({
    queryKey: ['growth', 'county', query],
    queryFn: () => call(growthApi.county, { query }),
  });
  const ranks = useDict('rank');
  const roleTypes = useDict('role_type');
  const domains = useDict('domain');
  const d = county.data;
  const quarter = d?.run?.quarter ?? query.quarter ?? currentQuarter();

  const run = useMutation({
    mutationFn: (q: string) => call(growthApi.startRun, { body: { quarter: q } }),
    onSuccess: async (r) => {
      message.success(`已完成 ${quarterLabel(r.quarter)} 测算`);
      await qc.invalidateQueries({ queryKey: ['growth'] });
      set({ quarter: r.quarter });
    },
    onError: (e) => message.error(errorText(e)),
  });
  const lock = useMutation({
    mutationFn: (q: string) => call(growthApi.lock, { body: { quarter: q } }),
    onSuccess: (r) =>
      message.success(
        `已锁定 ${quarterLabel(r.quarter)} 职责范围：新锁定 ${r.locked} 人，此前已锁定 ${r.already} 人`,
      ),
    onError: (e) => message.error(errorText(e)),
  });
  const release = useMutation({
    mutationFn: (q: string) => call(growthApi.release, { params: { quarter: q } }),
    onSuccess: async () => {
      message.success('已发布，干部本人可查看自己的个体成长解析');
      await qc.invalidateQueries({ queryKey: ['growth'] });
    },
    onError: (e) => message.error(errorText(e)),
  });

  const option = useMemo(() => scatterOption(d?.points ?? []), [d?.points]);
  const identified = d?.points.filter((p) => p.identified) ?? [];

  return (
    <Page
      title="个体成长解析"
      subtitle="既不把单位的好成绩算成个人的政绩，也不把集体的功劳归为单个的能力：本人贡献与单位平台效应分开测算，各带区间。"
      permission="growth.read"
      extra={
        <Space wrap>
          {can('growth.manage') && (
            <Button
              icon={<LockOutlined />}
              loading={lock.isPending}
              onClick={() => lock.mutate(currentQuarter())}
              data-testid="growth-lock"
            >
              锁定本季度职责
            </Button>
          )}
          {can('growth.manage') && (
            <Button
              type="primary"
              icon={<ExperimentOutlined />}
              loading={run.isPending}
              onClick={() =>
                modal.confirm({
                  title: `测算 ${quarterLabel(quarter)}？`,
                  content:
                    '先按平台记录计算各项实绩，再对近三年的季度数据拟合模型。结果冻结为一次测算，可追溯。',
                  okText: '开始测算',
                  okButtonProps: { 'data-testid': 'growth-run-ok' } as never,
                  onOk: () => run.mutateAsync(quarter),
                })
              }
              data-testid="growth-run"
            >
              测算
            </Button>
          )}
          {can('growth.decide') && d?.run && !d.released && (
            <Button
              icon={<SendOutlined />}
              onClick={() =>
                modal.confirm({
                  title: `发布 ${quarterLabel(d.run!.quarter)} 结果？`,
                  content:
                    '发布后，每名干部可以查看本人的分解、成长和潜力证据，看不到他人的。此操作不可撤回。',
                  okText: '发布',
                  onOk: () => release.mutateAsync(d.run!.quarter),
                })
              }
              data-testid="growth-release"
            >
              发布本季度结果
            </Button>
          )}
        </Space>
      }
    >
      <Card style={{ marginBottom: 16 }}>
        <Space wrap>
          <Select
            style={{ width: 160 }}
            placeholder="季度"
            value={d?.run?.quarter}
            options={(d?.quarters ?? []).map((q) => ({ value: q, label: quarterLabel(q) }))}
            onChange={(v) => set({ quarter: v })}
            data-testid="growth-quarter"
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
            style={{ width: 150 }}
            placeholder="领域"
            value={query.domain}
            options={domains}
            onChange={(v) => set({ domain: v })}
          />
          <Select
            allowClear
            style={{ width: 150 }}
            placeholder="职级"
            value={query.rankCode}
            options={ranks}
            onChange={(v) => set({ rankCode: v })}
          />
          <Select
            allowClear
            style={{ width: 150 }}
            placeholder="岗位类型"
            value={query.roleType}
            options={roleTypes}
            onChange={(v) => set({ roleType: v })}
          />
        </Space>
      </Card>
      {county.isError && <Alert type="error" showIcon title={errorText(county.error)} />}
      {d && !d.run && (
        <Card>
          <Empty description="尚未测算。导入历史考核结果和单位资源后，点击“测算”。" />
        </Card>
      )}
      {d?.run && (
        <>
          <Row gutter={16} style={{ marginBottom: 16 }}>
            <Col xs={12} md={6}>
              <Card>
                <Statistic title="测算季度" value={quarterLabel(d.run.quarter)} />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {fmtTime(d.run.createdAt)} ·{' '}
                  <Link to={`/growth/runs/${d.run.id}`} data-testid="growth-model-link">
                    模型与数据
                  </Link>
                  {d.released ? ' · 已发布' : ' · 未发布'}
                </Typography.Text>
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card>
                <Statistic title="干部" value={d.points.length} suffix="人" />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card>
                <Statistic title="可区分平台与个人" value={identified.length} suffix="人" />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card>
                <Statistic
                  title="脱颖而出（本年度）"
                  value={d.points.filter((p) => p.outstanding).length}
                  suffix={<Link to="/growth/outstanding">人</Link>}
                />
              </Card>
            </Col>
          </Row>
          <Card
            title="本人贡献与单位平台效应"
            extra={
              <Typography.Text type="secondary">
                点击圆点进入个人解析；竖线为本人贡献 95% 区间
              </Typography.Text>
            }
            style={{ marginBottom: 16 }}
          >
            {identified.length ? (
              <EChart
                option={option}
                height={460}
                testId="growth-scatter"
                onPoint={(p) => {
                  const id = (p.data as { id?: string } | undefined)?.id;
                  if (id) nav(`/growth/cadres/${id}?quarter=${d.run!.quarter}`);
                }}
              />
            ) : (
              <Empty description="没有可区分平台与个人的干部" />
            )}
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
              横轴：所在单位（平台）对实绩的平均影响；纵轴：扣除平台和区域资源后的本人贡献（T 分，全县平均为
              0）。 右上是“好平台上的强干部”，左上是“差平台上干出成绩的干部”。
            </Typography.Paragraph>
          </Card>
          <CountyTable points={d.points} quarter={d.run.quarter} />
          <Row gutter={16}>
            <Col xs={24} xl={14}>
              <Card title={`无法区分平台与个人（${d.unidentified.length} 人）`} style={{ marginBottom: 16 }}>
                <Table
                  size="small"
                  rowKey="cadreId"
                  dataSource={d.unidentified}
                  pagination={{ pageSize: 10, hideOnSinglePage: true }}
                  locale={{ emptyText: '所有干部都可区分' }}
                  data-testid="growth-unidentified"
                  columns={[
                    {
                      title: '干部',
                      dataIndex: 'name',
                      render: (n: string, r) => (
                        <Link to={`/growth/cadres/${r.cadreId}?quarter=${d.run!.quarter}`}>{n}</Link>
                      ),
                    },
                    { title: '单位', dataIndex: 'unitName' },
                    { title: '原因', dataIndex: 'reason' },
                  ]}
                />
              </Card>
            </Col>
            <Col xs={24} xl={10}>
              <Card
                title="公平性核查：潜力（预测本人贡献）"
                style={{ marginBottom: 16 }}
                data-testid="growth-fairness"
              >
                {d.fairness.map((f) => (
                  <div key={f.by} style={{ marginBottom: 12 }}>
                    <Space style={{ marginBottom: 4 }}>
                      <Typography.Text strong>{f.by === 'sex' ? '按性别' : '按年龄段'}</Typography.Text>
                      {f.ratio !== null && (
                        <Tag color={f.flagged ? 'red' : 'green'}>
                          前 25% 占比之比 {f.ratio}
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
                        { title: '平均', dataIndex: 'mean', align: 'right' },
                        {
                          title: '居前 25% 比例',
                          dataIndex: 'topShare',
                          align: 'right',
                          render: (v: number) => `${Math.round(v * 1000) / 10}%`,
                        },
                      ]}
                    />
                  </div>
                ))}
              </Card>
            </Col>
          </Row>
        </>
      )}
    </Page>
  );
}

function scatterOption(points: Point[]): ChartOption {
  const shown = points.filter((p) => p.identified && p.own !== null);
  const data = (pts: Point[]) =>
    pts.map((p) => ({
      id: p.cadreId,
      name: p.name,
      unit: p.unitName,
      value: [p.platform, p.own!, p.ownSe!],
    }));
  const whiskers = shown.map((p) => [
    { coord: [p.platform, p.own! - 1.96 * p.ownSe!] },
    { coord: [p.platform, p.own! + 1.96 * p.ownSe!] },
  ]);
  return {
    grid: { left: 56, right: 24, top: 36, bottom: 48 },
    legend: { top: 0 },
    tooltip: {
      trigger: 'item',
      formatter: (p: { data: { name: string; unit: string; value: number[] } }) =>
        `${p.data.name}（${p.data.unit ?? ''}）<br/>本人贡献 ${p.data.value[1]!.toFixed(1)} ± ${(1.96 * p.data.value[2]!).toFixed(1)}<br/>平台效应 ${p.data.value[0]!.toFixed(1)}`,
    },
    xAxis: { name: '平台效应', nameLocation: 'middle', nameGap: 28, scale: true },
    yAxis: { name: '本人贡献', nameLocation: 'middle', nameGap: 40, scale: true },
    series: [
      {
        name: '干部',
        type: 'scatter',
        symbolSize: 7,
        itemStyle: { color: '#5b8ff9', opacity: 0.75 },
        data: data(shown.filter((p) => !p.outstanding)),
        markLine: {
          silent: true,
          symbol: 'none',
          lineStyle: { color: '#bbb', type: 'dashed' },
          data: [{ yAxis: 0 }, { xAxis: 0 }],
        },
      },
      {
        name: '脱颖而出',
        type: 'scatter',
        symbolSize: 10,
        itemStyle: { color: '#b8322a' },
        data: data(shown.filter((p) => p.outstanding)),
      },
      {
        name: '95% 区间',
        type: 'scatter',
        data: [],
        markLine: {
          silent: true,
          symbol: 'none',
          lineStyle: { color: 'rgba(91,143,249,0.25)', width: 1, type: 'solid' },
          data: whiskers as never,
        },
      },
    ],
  };
}
