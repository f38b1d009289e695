import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  InputNumber,
  List,
  Row,
  Select,
  Skeleton,
  Space,
  Tag,
  Typography,
} from 'antd';
import { type ReactNode, useMemo, useState } from 'react';
import { economyApi } from '../../../common/contracts/economy.ts';
import { call } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { errorText } from '../../components/errors.ts';
import { Page } from '../../components/page.tsx';
import { useRegions } from '../org/org-options.ts';
import { type ChartOption, EChart, emptyText, guarded } from './economy-bits.tsx';
import { CHART, type ForensicsView, useDepartments, useListParams } from './economy-options.ts';

type Benford = ForensicsView['benford'][number];
type Jump = ForensicsView['jumps'][number];
type Crosscheck = ForensicsView['crosschecks'][number];
type Finding = Pick<Benford, 'sentence' | 'verdict' | 'statistics'>;
type Calibration = ForensicsView['calibration'];

export default guarded('economy.read', ForensicsPage);

function ForensicsPage() {
  const { can } = useSession();
  const lp = useListParams();
  const regions = useRegions();
  const departments = useDepartments(can('economy.catalog.read'));
  const department = lp.get('department');
  const regionId = lp.get('regionId');
  const fdrParam = Number(lp.get('fdr'));
  const fdr = fdrParam > 0 && fdrParam <= 0.5 ? fdrParam : undefined;
  const q = useQuery({
    queryKey: ['economy', 'forensics', { department, regionId, fdr }],
    queryFn: () => call(economyApi.forensics, { query: { department, regionId, fdr } }),
    placeholderData: (prev) => prev,
    enabled: can('economy.read'),
  });
  const f = q.data;
  const leads = f
    ? [...f.crosschecks, ...f.jumps, ...f.benford].filter((x) => x.verdict === 'lead').length
    : 0;

  return (
    <Page
      title="数据体检"
      subtitle="检查各部门报送数据是否可信：产值与用电等独立数据是否同步、是否有异常跳变、首位数字是否自然。"
      permission="economy.read"
    >
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Alert
          type="warning"
          showIcon
          data-testid="forensics-note"
          title="以下结果是线索（待核实），不是结论。"
          description="数据偏离规律可能有正当原因（口径调整、大项目投产、统计范围变化）。每条发现先用一句话说明看到了什么，点击“统计依据”可查看具体数字；每条规则旁列出它在模拟数据上测得的误报率和检出率。请向报送部门核实后再下判断。"
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
              placeholder="按规则"
              value={fdr ?? null}
              onChange={(v) => lp.set({ fdr: v ?? undefined })}
              style={{ width: 100 }}
              data-testid="forensics-fdr"
            />
            {f && (
              <Typography.Text type="secondary" data-testid="forensics-summary">
                {leads > 0 ? `发现 ${leads} 条需要核实的线索` : '没有发现需要核实的线索'}（共做 {f.tests}{' '}
                项检验）
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
            <Card
              title="交叉核验：报送数据与独立数据是否同步"
              size="small"
              data-testid="forensics-crosschecks"
            >
              <Typography.Paragraph type="secondary">
                比较报送数据（如工业产值）与独立来源数据（如工业用电量）的增速：近一年两者的差距比上一年明显扩大，说明报送数据可能虚高。
                <br />
                <RateNote kind="crosscheck" c={f.calibration} fdr={f.fdr.crosscheck} />
              </Typography.Paragraph>
              {f.crosschecks.length === 0 ? (
                emptyText(false, '没有配置交叉核验的指标对')
              ) : (
                <Row gutter={[16, 16]}>
                  {[...f.crosschecks]
                    .sort((a, b) => rank(a) - rank(b))
                    .map((c) => (
                      <Col key={`${c.reported}|${c.independent}|${c.region}`} xs={24} xl={12}>
                        <CrosscheckCard c={c} />
                      </Col>
                    ))}
                </Row>
              )}
            </Card>
            <Card title="异常跳变：同比变化是否突然偏离以往" size="small" data-testid="forensics-jumps">
              <Typography.Paragraph type="secondary">
                某月的同比变化远远超出该指标以往的变化幅度时列出；满两年（24
                个同比变化）的数据才判断。一年后因基数造成的反向变化并入原来那个月，不另算一条。
                <br />
                <RateNote kind="jump" c={f.calibration} fdr={f.fdr.jump} />
              </Typography.Paragraph>
              <List
                size="small"
                data-testid="jump-list"
                dataSource={f.jumps}
                locale={{ emptyText: emptyText(false, '没有发现异常跳变') }}
                pagination={f.jumps.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
                renderItem={(j: Jump) => (
                  <List.Item data-testid="jump-item">
                    <FindingText f={j} />
                  </List.Item>
                )}
              />
            </Card>
            <Card title="首位数字：各单位报送的金额是否自然" size="small">
              <Typography.Paragraph type="secondary">
                自然形成的金额，首位数字是 1 的约占三成、是 9 的不到
                5%；编造的数字往往各个数字用得差不多。每家单位只取一个年度合计，单位不足 50 家不做判断。
                <br />
                <RateNote kind="benford" c={f.calibration} fdr={f.fdr.benford} />
              </Typography.Paragraph>
              {f.benford.length === 0 ? (
                emptyText(false, '没有可检验的部门数据')
              ) : (
                <Row gutter={[16, 16]}>
                  {f.benford.map((b) => (
                    <Col key={`${b.department}|${b.indicator}`} xs={24} lg={12} xxl={8}>
                      <BenfordCard b={b} />
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

const rank = (x: Finding) => (x.verdict === 'lead' ? 0 : x.verdict === 'clear' ? 1 : 2);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

const VERDICT: Record<Finding['verdict'], ReactNode> = {
  lead: <Tag color="error">需核实</Tag>,
  clear: <Tag color="success">未见异常</Tag>,
  unjudged: <Tag>暂不判断</Tag>,
};

/** The rule's rates measured on simulated county data, beside its section. */
function RateNote({
  kind,
  c,
  fdr,
}: {
  kind: 'jump' | 'crosscheck' | 'benford';
  c: Calibration;
  fdr: number;
}) {
  const levels = c.levels.map((l) => `${(l.gapSd * 100).toFixed(1)}`).join(' / ');
  const falseAlarm = c.levels.map((l) => pct(l.falseAlarm[kind])).join(' / ');
  const unit = kind === 'benford' ? '每个部门·年' : '每个区域·年';
  const detection =
    kind === 'benford'
      ? null
      : `${c.levels[0]!.detection[kind].label}检出 ${c.levels.map((l) => pct(l.detection[kind].rate)).join(' / ')}（AUC ${c.levels.map((l) => l.detection[kind].auc.toFixed(2)).join(' / ')}）`;
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid={`rate-${kind}`}>
      模拟校准（增速差波动 {levels} 个百分点）：误报 {falseAlarm}（{unit}）{detection ? `；${detection}` : ''}
      ；错误发现率 {pct(fdr)}
    </Typography.Text>
  );
}

/** The plain sentence, its verdict, and the statistics one click away. */
function FindingText({ f, children }: { f: Finding; children?: ReactNode }) {
  const [open, setOpen] = useState(false);
  const hasDetail = f.statistics.length > 0 || children;
  return (
    <div style={{ width: '100%' }}>
      <Space align="start" style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Text data-testid="finding-sentence" strong={f.verdict === 'lead'}>
          {f.sentence}
        </Typography.Text>
        <Space size={4}>
          {VERDICT[f.verdict]}
          {hasDetail && (
            <Button size="small" type="link" onClick={() => setOpen((o) => !o)} data-testid="finding-toggle">
              {open ? '收起' : '统计依据'}
            </Button>
          )}
        </Space>
      </Space>
      {open && (
        <div data-testid="finding-statistics" style={{ marginTop: 8 }}>
          {children}
          {f.statistics.length > 0 && (
            <Descriptions size="small" column={1} bordered>
              {f.statistics.map((s) => (
                <Descriptions.Item key={s.label} label={s.label}>
                  {s.value}
                </Descriptions.Item>
              ))}
            </Descriptions>
          )}
        </div>
      )}
    </div>
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
          color: b.verdict === 'lead' ? CHART.revised : CHART.value,
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
      title={
        b.indicator ? `${b.department} · ${b.indicator}${b.year ? `（${b.year} 年）` : ''}` : b.department
      }
    >
      <FindingText f={b}>{b.digits.length > 0 && <EChart option={option} height={200} />}</FindingText>
    </Card>
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
      title={`${c.region}：${c.reported} ↔ ${c.independent}`}
    >
      <FindingText f={c}>
        {c.gaps.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="数据不足" />
        ) : (
          <EChart option={option} height={200} />
        )}
      </FindingText>
    </Card>
  );
}
