import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Card,
  Col,
  Descriptions,
  Empty,
  InputNumber,
  Row,
  Select,
  Skeleton,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useMemo } from 'react';
import type { ForensicsView } from '../../../common/contracts/economy.ts';
import { api, qs } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { errorText } from '../../components/errors.ts';
import { Page } from '../../components/page.tsx';
import { useRegions } from '../org/org-options.ts';
import { type ChartOption, EChart, emptyText, guarded } from './economy-bits.tsx';
import { CHART, fmtChange, fmtNum, fmtP, useDepartments, useListParams } from './economy-options.ts';

type Benford = ForensicsView['benford'][number];
type Jump = ForensicsView['jumps'][number];
type Crosscheck = ForensicsView['crosschecks'][number];

export default guarded('economy.read', ForensicsPage);

function ForensicsPage() {
  const { can } = useSession();
  const lp = useListParams();
  const regions = useRegions();
  const departments = useDepartments(can('economy.catalog.read'));
  const department = lp.get('department');
  const regionId = lp.get('regionId');
  const fdrParam = Number(lp.get('fdr'));
  const fdr = fdrParam > 0 && fdrParam <= 0.5 ? fdrParam : 0.05;
  const q = useQuery({
    queryKey: ['economy', 'forensics', { department, regionId, fdr }],
    queryFn: () =>
      api.get<ForensicsView>(
        `/api/economy/forensics${qs({ department, regionId, fdr: fdr === 0.05 ? undefined : fdr })}`,
      ),
    placeholderData: (prev) => prev,
    enabled: can('economy.read'),
  });
  const f = q.data;

  return (
    <Page
      title="数据体检"
      subtitle="用统计方法检查各部门报送数据的可信度：首位数字分布、异常跳变和交叉核验。"
      permission="economy.read"
    >
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Alert
          type="warning"
          showIcon
          data-testid="forensics-note"
          title="以下结果是线索（待核实），不是结论。"
          description={
            <>
              数据偏离统计规律可能有正当原因（口径调整、大项目投产、统计范围变化）。多项检验同时进行时，按
              Benjamini–Hochberg 方法控制错误发现率（FDR）为 <b>{fdr}</b>
              ：被标记的结果中，预期误报的比例不超过 {Math.round(fdr * 100)}%。请向报送部门核实后再下判断。
            </>
          }
        />
        <Card size="small">
          <Space wrap>
            <Typography.Text>部门</Typography.Text>
            <Select
              allowClear
              placeholder="全部部门"
              style={{ width: 160 }}
              value={department}
              onChange={(v) => lp.set({ department: v })}
              options={(departments.data ?? []).map((d) => ({ value: d.name, label: d.name }))}
              data-testid="forensics-department"
            />
            <Typography.Text>区域</Typography.Text>
            <Select
              allowClear
              placeholder="全部区域"
              style={{ width: 160 }}
              value={regionId}
              onChange={(v) => lp.set({ regionId: v })}
              options={(regions.data ?? []).map((r) => ({ value: r.id, label: r.name }))}
              data-testid="forensics-region"
            />
            <Typography.Text>错误发现率</Typography.Text>
            <InputNumber
              min={0.01}
              max={0.5}
              step={0.01}
              value={fdr}
              onChange={(v) => lp.set({ fdr: v && v !== 0.05 ? v : undefined })}
              style={{ width: 100 }}
              data-testid="forensics-fdr"
            />
            {f && (
              <Typography.Text type="secondary" data-testid="forensics-summary">
                共做 {f.tests} 项检验，校正后 {f.discoveries} 项达到显著
              </Typography.Text>
            )}
          </Space>
        </Card>
        {q.isError && <Alert type="error" showIcon title={errorText(q.error)} />}
        {!f ? (
          !q.isError && (
            <Card>
              <Skeleton active />
            </Card>
          )
        ) : (
          <>
            <Card title="首位数字检验（本福特定律）" size="small">
              <Typography.Paragraph type="secondary">
                自然形成的绝对量数据，首位数字为 1 的约占 30.1%，为 9 的约占 4.6%。MAD
                为观察比例与期望比例的平均绝对偏差，按 Nigrini 的临界值判断符合程度；
                数值跨度不足两个数量级的数据不宜检验。
              </Typography.Paragraph>
              {f.benford.length === 0 ? (
                emptyText(false, '没有可检验的部门数据')
              ) : (
                <Row gutter={[16, 16]}>
                  {f.benford.map((b) => (
                    <Col key={b.department} xs={24} lg={12} xxl={8}>
                      <BenfordCard b={b} />
                    </Col>
                  ))}
                </Row>
              )}
            </Card>
            <Card title="异常跳变（修正 z 值）" size="small">
              <Typography.Paragraph type="secondary">
                对每个指标的同比变化计算稳健的修正 z 值（以中位数和中位数绝对偏差代替均值和标准差），|z| &gt;
                3.5 视为异常；p 值按 BH 方法校正为 q 值。
              </Typography.Paragraph>
              <JumpTable jumps={f.jumps} />
            </Card>
            <Card title="交叉核验" size="small">
              <Typography.Paragraph type="secondary">
                报送数据的增速与独立来源数据（如用电量、税收）的增速之差；差距逐期扩大并超过阈值，说明报送数据可能虚高。
              </Typography.Paragraph>
              {f.crosschecks.length === 0 ? (
                emptyText(false, '没有配置交叉核验的指标对')
              ) : (
                <Row gutter={[16, 16]}>
                  {f.crosschecks.map((c) => (
                    <Col key={`${c.reported}|${c.independent}|${c.region}`} xs={24} xl={12}>
                      <CrosscheckCard c={c} />
                    </Col>
                  ))}
                </Row>
              )}
            </Card>
          </>
        )}
      </Space>
    </Page>
  );
}

function BenfordCard({ b }: { b: Benford }) {
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: {
        trigger: 'axis',
        valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v.toFixed(1)}%` : '—'),
      },
      legend: { top: 0, data: ['观察', '期望'] },
      grid: { left: 8, right: 8, top: 28, bottom: 4, containLabel: true },
      xAxis: { type: 'category', data: b.digits.map((d) => String(d.digit)) },
      yAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
      series: [
        {
          name: '观察',
          type: 'bar',
          color: b.flagged ? CHART.revised : CHART.value,
          barMaxWidth: 22,
          data: b.digits.map((d) => Math.round(d.observed * 1000) / 10),
        },
        {
          name: '期望',
          type: 'line',
          color: CHART.expected,
          symbol: 'circle',
          symbolSize: 5,
          lineStyle: { type: 'dashed' },
          data: b.digits.map((d) => Math.round(d.expected * 1000) / 10),
        },
      ],
    }),
    [b],
  );
  return (
    <Card
      size="small"
      type="inner"
      data-testid="benford-card"
      title={b.department}
      extra={
        !b.eligible ? (
          <Tag>不适用</Tag>
        ) : b.flagged ? (
          <Tag color="error">需核实</Tag>
        ) : (
          <Tag color="success">未见异常</Tag>
        )
      }
    >
      {!b.eligible ? (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={`${b.reason ?? '数据不足以检验'}（${b.n} 个数）`}
        />
      ) : (
        <>
          <EChart option={option} height={200} />
          <Descriptions size="small" column={2} style={{ marginTop: 8 }}>
            <Descriptions.Item label="样本">{b.n} 个数</Descriptions.Item>
            <Descriptions.Item label="MAD">
              {fmtNum(b.mad, 4)}
              {b.conformity ? `（${b.conformity}）` : ''}
            </Descriptions.Item>
            <Descriptions.Item label="卡方">{fmtNum(b.chiSquare, 2)}</Descriptions.Item>
            <Descriptions.Item label="p 值">{fmtP(b.pValue)}</Descriptions.Item>
            <Descriptions.Item label="q 值（BH）">{fmtP(b.qValue)}</Descriptions.Item>
          </Descriptions>
        </>
      )}
    </Card>
  );
}

function JumpTable(props: { jumps: Jump[] }) {
  const rows = [...props.jumps].sort(
    (a, b) => Number(b.flagged) - Number(a.flagged) || Math.abs(b.z) - Math.abs(a.z),
  );
  return (
    <Table<Jump>
      rowKey={(j) => `${j.indicator}|${j.region}|${j.period}`}
      size="small"
      dataSource={rows}
      data-testid="jump-table"
      pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
      locale={{ emptyText: emptyText(false, '没有异常跳变') }}
      columns={[
        { title: '指标', dataIndex: 'indicator' },
        { title: '区域', dataIndex: 'region', width: 110 },
        { title: '期别', dataIndex: 'period', width: 90 },
        {
          title: '同比变化',
          dataIndex: 'change',
          width: 100,
          align: 'right',
          render: (v: number) => fmtChange(v),
        },
        {
          title: '修正 z',
          dataIndex: 'z',
          width: 90,
          align: 'right',
          render: (v: number) => (
            <b style={{ color: Math.abs(v) > 3.5 ? '#cf1322' : undefined }}>{v.toFixed(2)}</b>
          ),
        },
        { title: 'p 值', dataIndex: 'pValue', width: 90, align: 'right', render: (v: number) => fmtP(v) },
        { title: 'q 值', dataIndex: 'qValue', width: 90, align: 'right', render: (v: number) => fmtP(v) },
        {
          title: '结果',
          dataIndex: 'flagged',
          width: 90,
          render: (v: boolean) => (v ? <Tag color="error">需核实</Tag> : <Tag>未达显著</Tag>),
        },
      ]}
    />
  );
}

function CrosscheckCard({ c }: { c: Crosscheck }) {
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: {
        trigger: 'axis',
        valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v.toFixed(1)} 个百分点` : '—'),
      },
      grid: { left: 8, right: 16, top: 24, bottom: 4, containLabel: true },
      xAxis: { type: 'category', data: c.gaps.map((g) => g.period) },
      yAxis: { type: 'value', name: '增速差（百分点）' },
      series: [
        {
          name: '增速差',
          type: 'bar',
          barMaxWidth: 18,
          data: c.gaps.map((g) => ({
            value: Math.round(g.gap * 1000) / 10,
            itemStyle: { color: g.widening ? CHART.revised : CHART.value },
          })),
        },
      ],
    }),
    [c],
  );
  return (
    <Card
      size="small"
      type="inner"
      data-testid="crosscheck-card"
      title={`${c.reported} ↔ ${c.independent}`}
      extra={
        <Space size={4}>
          <Typography.Text type="secondary">{c.region}</Typography.Text>
          {c.widening ? <Tag color="error">背离扩大</Tag> : <Tag color="success">基本一致</Tag>}
        </Space>
      }
    >
      {c.gaps.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="数据不足" />
      ) : (
        <EChart option={option} height={200} />
      )}
      {c.description && (
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 12 }}>
          {c.description}
        </Typography.Paragraph>
      )}
    </Card>
  );
}
