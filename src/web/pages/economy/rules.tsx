import { PlayCircleOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Switch,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import {
  economyApi,
  RULE_KIND_LABELS,
  type RuleBody,
  type RuleKind,
} from '../../../common/contracts/economy.ts';
import { call } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { errorText } from '../../components/errors.ts';
import { Page } from '../../components/page.tsx';
import {
  AddButton,
  byKey,
  FormFooter,
  guarded,
  ListError,
  RuleKindTag,
  useSubmit,
  VersionDrawer,
  VersionedTable,
} from './economy-bits.tsx';
import { RULE_KIND_OPTIONS, type RuleView, useAllIndicators, useDepartments } from './economy-options.ts';

/** What each kind of rule looks at, in a sentence for the form. */
const KIND_HINTS: Record<RuleKind, string> = {
  quantity_quality: '连续若干期，数量指标同比上升、质量指标同比下降：重数量轻质量。',
  growth_efficiency: '连续若干期，增速指标同比上升、效益指标同比下降：重增速轻效益。',
  crosscheck:
    '报送数据与独立来源数据的增速差距，近一年比上一年扩大超过阈值，且按本地区自身波动判断显著：交叉核验背离。',
  jump: '同比变化的修正 z 值超过阈值（通常 3.5）且按小样本参照分布校准后显著；满 24 个同比变化才判断：数据异常跳变。',
  benford:
    '部门按单位报送的绝对量，每家单位取年度合计（至少 50 家），首位数字与本福特定律比较（MAD，按单位数模拟校准）：首位数字分布异常。',
};
/** The two indicators' roles, per kind. */
const SERIES_LABELS: Partial<Record<RuleKind, [string, string | null]>> = {
  quantity_quality: ['数量指标（上升）', '质量指标（下降）'],
  growth_efficiency: ['增速指标（上升）', '效益指标（下降）'],
  crosscheck: ['报送数据', '独立来源数据'],
  jump: ['检验的指标', null],
};
const PAIRED = new Set<RuleKind>(['quantity_quality', 'growth_efficiency']);
const TESTED = new Set<RuleKind>(['jump', 'benford', 'crosscheck']);

/** The form's values: rises and falls in percentage points (the body takes fractions). */
type RuleForm = Omit<RuleBody, 'minRise' | 'minFall'> & { minRise: number; minFall: number };

export default guarded('economy.configure', RulesPage);

function RulesPage() {
  const { can } = useSession();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [editing, setEditing] = useState<RuleView | 'new' | null>(null);
  const [running, setRunning] = useState(false);
  const q = useQuery({
    queryKey: ['economy', 'rules'],
    queryFn: () => call(economyApi.rules, { query: { history: 'true' } }),
    enabled: can('economy.configure'),
  });
  const rows = byKey(q.data?.items ?? []);

  const run = async () => {
    setRunning(true);
    try {
      await call(economyApi.evaluate);
      message.success('已开始按现行规则研判，新预警将在片刻后出现在“预警研判”中');
      setTimeout(() => qc.invalidateQueries({ queryKey: ['economy'] }), 3000);
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setRunning(false);
    }
  };

  return (
    <Page
      title="预警规则"
      subtitle="从经济数据中发现“重数量轻质量”“重增速轻效益”等政绩观偏差的规则；每次修改生成新版本，预警记下触发它的版本。"
      permission="economy.configure"
      extra={
        <Space>
          <Button icon={<PlayCircleOutlined />} loading={running} onClick={run} data-testid="rules-run">
            立即运行
          </Button>
          <AddButton onClick={() => setEditing('new')} testId="rule-create">
            新增规则
          </AddButton>
        </Space>
      }
    >
      <Card>
        <Typography.Paragraph type="secondary">
          规则在每次数据报送后和每天自动运行；“立即运行”按现行版本马上研判一次。命中的结果进入
          <Link to="/economy/alerts">预警研判</Link>，由考察组排除或转约谈。
        </Typography.Paragraph>
        <ListError error={q.error} />
        <VersionedTable<RuleView>
          rows={rows}
          loading={q.isLoading}
          testId="rule-table"
          empty="尚无规则，点击右上角“新增规则”"
          olderColumns={[{ title: '预警', dataIndex: 'alertCount', width: 70, align: 'right' }]}
          columns={[
            {
              title: '类型',
              dataIndex: 'kind',
              width: 130,
              render: (k: RuleKind) => <RuleKindTag kind={k} />,
            },
            {
              title: '规则',
              dataIndex: 'name',
              render: (v: string, r) => (
                <Space orientation="vertical" size={0}>
                  <Space size={6}>
                    <Typography.Text strong>{v}</Typography.Text>
                    {!r.active && <Tag>已停用</Tag>}
                  </Space>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {r.description}
                  </Typography.Text>
                </Space>
              ),
            },
          ]}
          after={[
            {
              title: '预警',
              dataIndex: 'alertCount',
              width: 80,
              align: 'right',
              render: (n: number) => (n ? <Link to="/economy/alerts">{n} 条</Link> : '—'),
            },
          ]}
          onRevise={setEditing}
          reviseTestId="rule-edit"
        />
      </Card>
      <VersionDrawer editing={editing} noun="规则" onClose={() => setEditing(null)}>
        {(r) => <RuleFormBody rule={r} onClose={() => setEditing(null)} />}
      </VersionDrawer>
    </Page>
  );
}

function RuleFormBody(props: { rule: RuleView | null; onClose(): void }) {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const indicators = useAllIndicators();
  const departments = useDepartments();
  const [form] = Form.useForm<RuleForm>();
  const { busy, error, run } = useSubmit();
  const r = props.rule;
  const kind = (Form.useWatch('kind', form) ?? r?.kind ?? 'growth_efficiency') as RuleKind;
  const series = SERIES_LABELS[kind];
  const initial: Partial<RuleForm> = r
    ? {
        kind: r.kind,
        name: r.name,
        primary: r.primary?.id ?? null,
        secondary: r.secondary?.id ?? null,
        department: r.department,
        periods: r.periods,
        minRise: Math.round(r.minRise * 1000) / 10,
        minFall: Math.round(r.minFall * 1000) / 10,
        threshold: r.kind === 'crosscheck' ? Math.round(r.threshold * 1000) / 10 : r.threshold,
        fdr: r.fdr,
        active: r.active,
      }
    : {
        kind: 'growth_efficiency',
        periods: 3,
        minRise: 0,
        minFall: 0,
        threshold: 0,
        fdr: 0.02,
        active: true,
      };

  const save = (v: RuleForm) =>
    run(async () => {
      const body: RuleBody = {
        ...v,
        primary: series ? (v.primary ?? null) : null,
        secondary: series?.[1] ? (v.secondary ?? null) : null,
        department: kind === 'benford' ? (v.department ?? null) : null,
        minRise: (v.minRise ?? 0) / 100,
        minFall: (v.minFall ?? 0) / 100,
        threshold: kind === 'crosscheck' ? (v.threshold ?? 0) / 100 : (v.threshold ?? 0),
      };
      if (r) await call(economyApi.reviseRule, { params: { key: r.key }, body });
      else await call(economyApi.createRule, { body });
      message.success(r ? `已生成规则新版本 v${r.version + 1}` : '规则已新增');
      qc.invalidateQueries({ queryKey: ['economy', 'rules'] });
      props.onClose();
    });

  return (
    <Form<RuleForm> form={form} layout="vertical" onFinish={save} initialValues={initial}>
      {r && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={`保存后生成 v${r.version + 1}，原版本保留；已产生的预警仍记在原版本下。`}
        />
      )}
      <Form.Item name="kind" label="规则类型" rules={[{ required: true }]} extra={KIND_HINTS[kind]}>
        <Select options={RULE_KIND_OPTIONS} disabled={!!r} data-testid="rule-kind" />
      </Form.Item>
      <Form.Item
        name="name"
        label="规则名称"
        rules={[{ required: true, whitespace: true, message: '请填写规则名称' }]}
      >
        <Input maxLength={40} placeholder={RULE_KIND_LABELS[kind]} data-testid="rule-name" />
      </Form.Item>
      {series && (
        <Row gutter={16}>
          <Col span={series[1] ? 12 : 24}>
            <Form.Item
              name="primary"
              label={series[0]}
              rules={[{ required: true, message: `请选择${series[0]}` }]}
            >
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                options={indicators.options}
                loading={indicators.isLoading}
                data-testid="rule-primary"
              />
            </Form.Item>
          </Col>
          {series[1] && (
            <Col span={12}>
              <Form.Item
                name="secondary"
                label={series[1]}
                rules={[{ required: true, message: `请选择${series[1]}` }]}
              >
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  options={indicators.options}
                  loading={indicators.isLoading}
                  data-testid="rule-secondary"
                />
              </Form.Item>
            </Col>
          )}
        </Row>
      )}
      {kind === 'benford' && (
        <Form.Item name="department" label="检验的部门">
          <Select
            allowClear
            placeholder="全部部门（逐个部门检验）"
            options={(departments.data ?? []).map((d) => ({ value: d.name, label: d.name }))}
          />
        </Form.Item>
      )}
      <Row gutter={16}>
        {PAIRED.has(kind) && (
          <Col span={8}>
            <Form.Item name="periods" label="连续期数" rules={[{ required: true, message: '请填写期数' }]}>
              <InputNumber min={1} max={24} precision={0} style={{ width: '100%' }} suffix="期" />
            </Form.Item>
          </Col>
        )}
        {PAIRED.has(kind) && (
          <>
            <Col span={8}>
              <Form.Item name="minRise" label="同比上升至少" tooltip="0 表示只要上升">
                <InputNumber min={0} max={1000} step={0.5} style={{ width: '100%' }} suffix="个百分点" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="minFall" label="同比下降至少" tooltip="0 表示只要下降">
                <InputNumber min={0} max={1000} step={0.5} style={{ width: '100%' }} suffix="个百分点" />
              </Form.Item>
            </Col>
          </>
        )}
        {(kind === 'crosscheck' || kind === 'jump') && (
          <Col span={8}>
            <Form.Item
              name="threshold"
              label={kind === 'jump' ? '修正 z 阈值' : '扩大幅度至少'}
              tooltip={
                kind === 'jump' ? '通常取 3.5' : '近一年平均增速差比上一年扩大的最小幅度，推荐 2 个百分点'
              }
            >
              <InputNumber
                min={0}
                max={100}
                step={0.5}
                style={{ width: '100%' }}
                suffix={kind === 'crosscheck' ? '个百分点' : undefined}
              />
            </Form.Item>
          </Col>
        )}
        {TESTED.has(kind) && (
          <Col span={8}>
            <Form.Item
              name="fdr"
              label="错误发现率（FDR）"
              tooltip="本规则同一年的全部检验按 Benjamini–Hochberg 方法一并校正；推荐交叉核验、异常跳变 0.02，首位数字 0.01（合计使干净县一年内出现预警的概率不超过 5%）"
            >
              <InputNumber min={0.001} max={0.5} step={0.01} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        )}
      </Row>
      <Form.Item name="active" label="启用" valuePropName="checked">
        <Switch />
      </Form.Item>
      <FormFooter
        error={error}
        busy={busy}
        testId="rule-save"
        label={r ? '保存为新版本' : '保存'}
        onCancel={props.onClose}
      />
    </Form>
  );
}
