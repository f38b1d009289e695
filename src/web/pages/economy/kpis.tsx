import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Descriptions,
  Drawer,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Skeleton,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import {
  DIRECTION_LABELS,
  economyApi,
  KPI_FORMULA_LABELS,
  type KpiBody,
  type KpiFormula,
} from '../../../common/contracts/economy.ts';
import { orgApi } from '../../../common/contracts/org.ts';
import { call, qs } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { Page } from '../../components/page.tsx';
import { RemoteSelect } from '../../components/remote-select.tsx';
import { unitLabel, useDict } from '../org/org-options.ts';
import {
  AddButton,
  byKey,
  ExportButton,
  emptyText,
  FilterSelect,
  FormFooter,
  guarded,
  ListError,
  listPagination,
  RevisionDrawer,
  RevisionLink,
  type RevisionTarget,
  SearchBox,
  useSubmit,
  VersionDrawer,
  VersionedTable,
  VersionTag,
} from './economy-bits.tsx';
import {
  DIRECTION_OPTIONS,
  fmtNum,
  KPI_FORMULA_OPTIONS,
  type KpiValueRow,
  type KpiView,
  PAGE_SIZE,
  useAllIndicators,
  useEconomyStats,
  useListParams,
} from './economy-options.ts';

export default guarded('economy.assess', KpisPage);

function KpisPage() {
  const lp = useListParams();
  const tab = lp.get('tab') === 'defs' ? 'defs' : 'values';
  return (
    <Page
      title="差异化评价"
      subtitle="按干部角色类型设置相关性、差异化的评价标准（如招商干部看项目转化达产率、工业干部看亩均效益提升值），不搞“一刀切”。"
      permission="economy.assess"
    >
      <Tabs
        activeKey={tab}
        onChange={(k) => lp.set({ tab: k === 'values' ? undefined : k })}
        items={[
          { key: 'values', label: '干部评价值', children: <KpiValues /> },
          { key: 'defs', label: '评价标准', children: <KpiDefinitions /> },
        ]}
      />
    </Page>
  );
}

// ——— the cadres' values for a period ———

function KpiValues() {
  const { can } = useSession();
  const lp = useListParams();
  const stats = useEconomyStats();
  const roleTypes = useDict('role_type');
  const [trace, setTrace] = useState<KpiValueRow | null>(null);
  const latest = stats.data?.latestPeriod ?? null;
  // The latest month with data unless one was chosen (a quarter or year label falls back to its month).
  const period = lp.get('period') ?? (latest ? latestMonth(latest) : undefined);
  const roleType = lp.get('roleType');
  const unitId = lp.get('unitId');
  const q = lp.get('q');
  const page = lp.page;
  const filters = { period, roleType, unitId, q };
  const list = useQuery({
    queryKey: ['economy', 'kpi-values', filters, page],
    queryFn: () =>
      call(economyApi.kpiValues, { query: { ...filters, period: period ?? '', page, pageSize: PAGE_SIZE } }),
    placeholderData: keepPreviousData,
    enabled: !!period && can('economy.assess'),
  });
  const filtered = !!(roleType || unitId || q);
  if (!period) {
    return stats.isLoading ? (
      <Skeleton active />
    ) : (
      <Card>{emptyText(false, '尚无经济数据，待各部门报送后计算干部评价值')}</Card>
    );
  }
  return (
    <Card>
      <Space wrap style={{ marginBottom: 16, width: '100%', justifyContent: 'space-between' }}>
        <Space wrap>
          <Typography.Text>期别</Typography.Text>
          <DatePicker
            picker="month"
            allowClear={false}
            value={dayjs(`${period}-01`)}
            onChange={(d) => d && lp.set({ period: d.format('YYYY-MM') })}
            data-testid="kpi-period"
          />
          <FilterSelect
            lp={lp}
            name="roleType"
            placeholder="全部角色类型"
            width={160}
            options={roleTypes}
            testId="kpi-role-type"
          />
          <RemoteSelect
            list={orgApi.listUnits}
            one={orgApi.getUnit}
            label={unitLabel}
            value={unitId}
            onChange={(v) => lp.set({ unitId: v })}
            placeholder="全部单位"
            style={{ width: 200 }}
          />
          <SearchBox
            value={q}
            onSearch={(v) => lp.set({ q: v })}
            placeholder="干部姓名"
            testId="kpi-search"
            width={180}
          />
        </Space>
        <ExportButton
          url={`${economyApi.kpiValuesXlsx.path}${qs(filters)}`}
          fallbackName={`干部差异化评价-${period}.xlsx`}
          testId="kpi-export"
        />
      </Space>
      <ListError error={list.error} />
      <Table<KpiValueRow>
        rowKey={(r) => `${r.cadreId}|${r.kpiKey}`}
        loading={list.isFetching && !list.data}
        dataSource={list.data?.items}
        data-testid="kpi-value-table"
        scroll={{ x: 1100 }}
        pagination={listPagination(lp, list.data?.total, '条')}
        locale={{ emptyText: emptyText(filtered, `${period} 尚无干部评价值`) }}
        columns={[
          {
            title: '干部',
            dataIndex: 'cadreName',
            width: 200,
            render: (v: string, r) => (
              <Space orientation="vertical" size={0}>
                <Typography.Text strong>{v}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {r.unitName} {r.post}
                </Typography.Text>
              </Space>
            ),
          },
          { title: '角色类型', dataIndex: 'roleTypeName', width: 100 },
          {
            title: '评价标准',
            dataIndex: 'kpiName',
            render: (v: string, r) => (
              <Space orientation="vertical" size={0}>
                <span>
                  {v} <VersionTag version={r.kpiVersion} />
                </span>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {r.scopeName}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: '评价值',
            dataIndex: 'value',
            width: 140,
            align: 'right',
            render: (v: number | null, r) =>
              v === null ? (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {r.missing ?? '缺数据'}
                </Typography.Text>
              ) : (
                <>
                  <b>{fmtNum(v)}</b> {r.unit}
                </>
              ),
          },
          {
            title: '目标',
            dataIndex: 'target',
            width: 110,
            align: 'right',
            render: (v: number, r) => `${fmtNum(v)} ${r.unit}`,
          },
          {
            title: '达成',
            width: 110,
            render: (_, r) =>
              r.met === null ? (
                '—'
              ) : (
                <Tag color={r.met ? 'success' : 'error'}>
                  {r.met ? '达标' : '未达标'}
                  {r.attainment !== null ? ` ${Math.round(r.attainment * 100)}%` : ''}
                </Tag>
              ),
          },
          { title: '权重', dataIndex: 'weight', width: 70, align: 'right' },
          {
            title: '',
            width: 80,
            render: (_, r) => (
              <Button type="link" size="small" onClick={() => setTrace(r)} data-testid="kpi-trace">
                溯源
              </Button>
            ),
          },
        ]}
      />
      <TraceDrawer row={trace} period={period} onClose={() => setTrace(null)} />
    </Card>
  );
}

/** A period label's month: 2026-03 stays, 2026-Q1 → 2026-03, 2026 → 2026-12. */
function latestMonth(p: string): string {
  const quarter = p.match(/^(\d{4})-Q([1-4])$/);
  if (quarter) return `${quarter[1]}-${String(Number(quarter[2]) * 3).padStart(2, '0')}`;
  return /^\d{4}$/.test(p) ? `${p}-12` : p;
}

/** Where one cadre's value comes from: the responsibility, the formula and every input value. */
function TraceDrawer(props: { row: KpiValueRow | null; period: string; onClose(): void }) {
  const r = props.row;
  const q = useQuery({
    queryKey: ['economy', 'kpi-trace', r?.cadreId, r?.kpiKey, props.period],
    enabled: !!r,
    queryFn: () =>
      call(economyApi.kpiTrace, {
        query: { cadreId: r?.cadreId ?? '', kpiKey: r?.kpiKey ?? '', period: props.period },
      }),
  });
  const t = q.data;
  const [revision, setRevision] = useState<RevisionTarget | null>(null);
  return (
    <Drawer
      title={r ? `评价值溯源：${r.cadreName} · ${r.kpiName}` : ''}
      open={!!r}
      onClose={props.onClose}
      size={720}
      destroyOnHidden
    >
      <ListError error={q.error} />
      {!t ? (
        !q.isError && <Skeleton active />
      ) : (
        <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="kpi-trace-drawer">
          <Descriptions column={1} size="small" bordered styles={{ label: { width: 110 } }}>
            <Descriptions.Item label="干部">
              {t.cadre.name}（{t.cadre.unitName} {t.cadre.post}）
            </Descriptions.Item>
            <Descriptions.Item label="评价标准">
              {t.kpi.name} <VersionTag version={t.kpi.version} />
            </Descriptions.Item>
            <Descriptions.Item label="计算方式">
              {KPI_FORMULA_LABELS[t.kpi.formula]}：{t.kpi.description}
            </Descriptions.Item>
            <Descriptions.Item label="责任依据">{t.basis}</Descriptions.Item>
            <Descriptions.Item label="区域">{t.scope.name}</Descriptions.Item>
            {t.numeratorSum !== null && (
              <Descriptions.Item label={t.kpi.formula === 'ratio' ? '分子合计' : '计算值'}>
                {fmtNum(t.numeratorSum, 4)} {t.kpi.numerator.unit}
              </Descriptions.Item>
            )}
            {t.denominatorSum !== null && (
              <Descriptions.Item label="分母合计">
                {fmtNum(t.denominatorSum, 4)} {t.kpi.denominator?.unit}
              </Descriptions.Item>
            )}
            <Descriptions.Item label={`${props.period} 评价值`}>
              <b>{t.value === null ? '缺数据，无法计算' : fmtNum(t.value, 4)}</b>
              {t.value !== null && t.kpi.percent ? ' %' : ''}
            </Descriptions.Item>
          </Descriptions>
          <Table
            rowKey={(i) => `${i.role}|${i.indicator}|${i.period}`}
            size="small"
            pagination={false}
            dataSource={t.inputs}
            data-testid="kpi-trace-inputs"
            locale={{ emptyText: emptyText(false, '没有输入数据') }}
            columns={[
              {
                title: '作为',
                dataIndex: 'role',
                width: 70,
                render: (v: string) => (v === 'numerator' ? '分子' : '分母'),
              },
              { title: '指标', dataIndex: 'indicator' },
              { title: '期别', dataIndex: 'period', width: 90 },
              {
                title: '数值',
                dataIndex: 'value',
                width: 120,
                align: 'right',
                render: (v: number | null) =>
                  v === null ? <Typography.Text type="danger">缺</Typography.Text> : fmtNum(v, 4),
              },
              {
                title: '修订',
                dataIndex: 'revision',
                width: 70,
                align: 'right',
                render: (v: number | null, i) => (
                  <RevisionLink
                    revision={v}
                    onOpen={setRevision}
                    testId="kpi-trace-revisions"
                    target={
                      i.valueId
                        ? { valueId: i.valueId, title: `${i.indicator} · ${t.scope.name} · ${i.period}` }
                        : null
                    }
                  />
                ),
              },
            ]}
          />
        </Space>
      )}
      <RevisionDrawer target={revision} onClose={() => setRevision(null)} />
    </Drawer>
  );
}

// ——— the definitions, per role type, with their versions ———

function KpiDefinitions() {
  const { can } = useSession();
  const [editing, setEditing] = useState<KpiView | 'new' | null>(null);
  const q = useQuery({
    queryKey: ['economy', 'kpis'],
    queryFn: () => call(economyApi.kpis, { query: { history: 'true' } }),
  });
  const rows = byKey(q.data?.items ?? []).sort((a, b) => a.roleTypeName.localeCompare(b.roleTypeName, 'zh'));
  const manage = can('economy.configure');
  return (
    <Card
      extra={
        manage && (
          <AddButton onClick={() => setEditing('new')} testId="kpi-create">
            新增评价标准
          </AddButton>
        )
      }
      title="各角色类型的评价标准"
    >
      <ListError error={q.error} />
      <VersionedTable<KpiView>
        rows={rows}
        loading={q.isLoading}
        testId="kpi-table"
        empty="尚无评价标准"
        olderColumns={[
          {
            title: '目标',
            dataIndex: 'target',
            width: 80,
            align: 'right',
            render: (v: number) => fmtNum(v),
          },
          { title: '权重', dataIndex: 'weight', width: 60, align: 'right' },
        ]}
        columns={[
          { title: '角色类型', dataIndex: 'roleTypeName', width: 100, render: (v: string) => <Tag>{v}</Tag> },
          {
            title: '评价标准',
            dataIndex: 'name',
            render: (v: string, k) => (
              <Space orientation="vertical" size={0}>
                <Typography.Text strong>{v}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {KPI_FORMULA_LABELS[k.formula]}：{k.description}
                </Typography.Text>
                {k.note && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    说明：{k.note}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          {
            title: '目标',
            width: 150,
            render: (_, k) =>
              `${fmtNum(k.target)}${k.percent ? '%' : ''}（${DIRECTION_LABELS[k.direction]}）`,
          },
          { title: '权重', dataIndex: 'weight', width: 70, align: 'right' },
        ]}
        onRevise={manage ? setEditing : undefined}
        reviseTestId="kpi-edit"
      />
      <VersionDrawer editing={editing} noun="评价标准" onClose={() => setEditing(null)}>
        {(k) => <KpiForm kpi={k} onClose={() => setEditing(null)} />}
      </VersionDrawer>
    </Card>
  );
}

function KpiForm(props: { kpi: KpiView | null; onClose(): void }) {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const roleTypes = useDict('role_type');
  const indicators = useAllIndicators();
  const [form] = Form.useForm<KpiBody>();
  const { busy, error, run } = useSubmit();
  const k = props.kpi;
  const formula = (Form.useWatch('formula', form) ?? k?.formula ?? 'ratio') as KpiFormula;
  const save = (v: KpiBody) =>
    run(async () => {
      const body = { ...v, denominator: formula === 'ratio' ? v.denominator : null, note: v.note ?? '' };
      if (k) await call(economyApi.reviseKpi, { params: { key: k.key }, body });
      else await call(economyApi.createKpi, { body });
      message.success(k ? `已生成新版本 v${k.version + 1}` : '评价标准已新增');
      qc.invalidateQueries({ queryKey: ['economy'] });
      props.onClose();
    });
  return (
    <Form<KpiBody>
      form={form}
      layout="vertical"
      onFinish={save}
      initialValues={
        k
          ? { ...k, numerator: k.numerator.id, denominator: k.denominator?.id ?? null }
          : { formula: 'ratio', window: 12, lag: 12, percent: true, direction: 'up', weight: 100 }
      }
    >
      {k && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={`保存后生成 v${k.version + 1}，此前的评价值仍按 v${k.version} 追溯。`}
        />
      )}
      <Row gutter={16}>
        <Col span={10}>
          <Form.Item name="roleType" label="角色类型" rules={[{ required: true, message: '请选择角色类型' }]}>
            <Select options={roleTypes} disabled={!!k} data-testid="kpi-role" />
          </Form.Item>
        </Col>
        <Col span={14}>
          <Form.Item
            name="name"
            label="名称"
            rules={[{ required: true, whitespace: true, message: '请填写名称' }]}
          >
            <Input maxLength={40} placeholder="项目转化达产率" data-testid="kpi-name" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="formula" label="计算方式" rules={[{ required: true }]}>
        <Radio.Group options={KPI_FORMULA_OPTIONS} />
      </Form.Item>
      <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
        {FORMULA_HINTS[formula]}
      </Typography.Paragraph>
      <Row gutter={16}>
        <Col span={formula === 'ratio' ? 12 : 24}>
          <Form.Item
            name="numerator"
            label={formula === 'ratio' ? '分子指标' : '指标'}
            rules={[{ required: true, message: '请选择指标' }]}
          >
            <Select showSearch={{ optionFilterProp: 'label' }} options={indicators.options} />
          </Form.Item>
        </Col>
        {formula === 'ratio' && (
          <Col span={12}>
            <Form.Item
              name="denominator"
              label="分母指标"
              rules={[{ required: true, message: '比值须选择分母指标' }]}
            >
              <Select showSearch={{ optionFilterProp: 'label' }} options={indicators.options} />
            </Form.Item>
          </Col>
        )}
      </Row>
      <Row gutter={16}>
        <Col span={8}>
          <Form.Item name="window" label="累计期数" tooltip="分子（和分母）按几期累计">
            <InputNumber min={1} max={36} precision={0} style={{ width: '100%' }} suffix="期" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item
            name="lag"
            label="滞后期数"
            tooltip="比值：分母提前几期；提升值：与几期前比较"
            rules={formula === 'change' ? [{ type: 'number', min: 1, message: '提升值须设置滞后期数' }] : []}
          >
            <InputNumber min={0} max={36} precision={0} style={{ width: '100%' }} suffix="期" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="percent" label=" " valuePropName="checked">
            <Checkbox disabled={formula !== 'ratio'}>按百分比（×100）</Checkbox>
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="direction" label="方向" rules={[{ required: true }]}>
        <Radio.Group options={DIRECTION_OPTIONS} />
      </Form.Item>
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item name="target" label="目标值" rules={[{ required: true, message: '请填写目标值' }]}>
            <InputNumber style={{ width: '100%' }} data-testid="kpi-target" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="weight" label="权重" rules={[{ required: true, message: '请填写权重' }]}>
            <InputNumber min={0} max={100} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="note" label="说明">
        <Input.TextArea rows={2} maxLength={200} showCount />
      </Form.Item>
      <FormFooter
        error={error}
        busy={busy}
        testId="kpi-save"
        label={k ? '保存为新版本' : '保存'}
        onCancel={props.onClose}
      />
    </Form>
  );
}

const FORMULA_HINTS: Record<KpiFormula, string> = {
  ratio:
    '分子按累计期数求和，除以滞后若干期后同样累计的分母；如：近 12 个月达产项目数 ÷ 12 个月前的 12 个月签约项目数 × 100%。',
  change: '本期数值减去滞后若干期的数值；如：亩均效益本年比上年的提升值。',
  level: '本期的数值（计数和绝对量按累计期数求和）。',
};
