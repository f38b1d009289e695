import { AimOutlined, EditOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Col,
  Drawer,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Row,
  Segmented,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import {
  DIRECTION_LABELS,
  economyApi,
  FREQUENCY_LABELS,
  INDICATOR_KIND_LABELS,
  type IndicatorBody,
} from '../../../common/contracts/economy.ts';
import { call } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { Page } from '../../components/page.tsx';
import { useDict, useRegions } from '../org/org-options.ts';
import {
  AddButton,
  emptyText,
  FilterBar,
  FilterSelect,
  FormError,
  FormFooter,
  guarded,
  ListError,
  listPagination,
  SearchBox,
  useSubmit,
} from './economy-bits.tsx';
import {
  DIRECTION_OPTIONS,
  FREQUENCY_OPTIONS,
  INDICATOR_KIND_OPTIONS,
  type IndicatorView,
  PAGE_SIZE,
  useAllIndicators,
  useDepartments,
  useListParams,
} from './economy-options.ts';

export default guarded('economy.catalog.read', CatalogPage);

function CatalogPage() {
  const { can } = useSession();
  const lp = useListParams();
  const departments = useDepartments();
  const all = useAllIndicators();
  // The domains the catalog uses (a data provider does not read the organisation's dictionaries).
  const domains = [
    ...new Map(
      (all.data?.items ?? []).flatMap((i) =>
        i.domain ? [[i.domain, i.domainName ?? i.domain] as const] : [],
      ),
    ),
  ].map(([value, label]) => ({ value, label }));
  const [editing, setEditing] = useState<IndicatorView | 'new' | null>(null);
  const [targeting, setTargeting] = useState<IndicatorView | null>(null);
  const q = lp.get('q');
  const department = lp.get('department');
  const domain = lp.get('domain');
  const core = lp.oneOf('core', ['true', 'false'] as const);
  const page = lp.page;
  const list = useQuery({
    queryKey: ['economy', 'indicators', { q, department, domain, core, page }],
    queryFn: () =>
      call(economyApi.indicators, { query: { q, department, domain, core, page, pageSize: PAGE_SIZE } }),
    placeholderData: keepPreviousData,
    enabled: can('economy.catalog.read'),
  });
  const manage = can('economy.catalog.manage');
  const filtered = !!(q || department || domain || core);

  return (
    <Page
      title="指标目录"
      subtitle="纳入政绩观考察的经济指标：定义、计量单位、统计周期、提供部门和所属领域；核心指标共 12 项。"
      permission="economy.catalog.read"
      extra={
        manage && (
          <AddButton onClick={() => setEditing('new')} testId="indicator-create">
            新增指标
          </AddButton>
        )
      }
    >
      <Card>
        <FilterBar filtered={filtered} onClear={lp.clear}>
          <Segmented
            value={core ?? ''}
            onChange={(v) => lp.set({ core: v ? String(v) : undefined })}
            options={[
              { value: '', label: '全部' },
              { value: 'true', label: '核心指标' },
              { value: 'false', label: '其他指标' },
            ]}
            data-testid="indicators-core"
          />
          <Select
            allowClear
            placeholder="全部部门"
            style={{ width: 180 }}
            value={department}
            onChange={(v) => lp.set({ department: v })}
            options={(departments.data ?? []).map((d) => ({
              value: d.name,
              label: `${d.name}（${d.indicatorCount}）`,
            }))}
            data-testid="indicators-department"
          />
          <FilterSelect
            lp={lp}
            name="domain"
            placeholder="全部领域"
            width={160}
            options={domains}
            testId="indicators-domain"
          />
          <SearchBox
            value={q}
            onSearch={(v) => lp.set({ q: v })}
            placeholder="指标名称或编码"
            testId="indicators-search"
          />
        </FilterBar>
        <ListError error={list.error} />
        <Table<IndicatorView>
          rowKey="id"
          loading={list.isFetching && !list.data}
          dataSource={list.data?.items}
          data-testid="indicator-table"
          scroll={{ x: 1100 }}
          pagination={listPagination(lp, list.data?.total, '项指标')}
          locale={{
            emptyText: emptyText(
              filtered,
              manage ? '尚无指标，点击右上角“新增指标”开始' : '尚无指标',
              '没有符合条件的指标',
            ),
          }}
          columns={[
            {
              title: '指标',
              dataIndex: 'name',
              width: 230,
              render: (v: string, i) => (
                <Space orientation="vertical" size={0}>
                  <Space size={6}>
                    <Typography.Text strong>{v}</Typography.Text>
                    {i.core && <Tag color="red">核心</Tag>}
                    {!i.active && <Tag>已停用</Tag>}
                  </Space>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }} copyable={{ text: i.code }}>
                    {i.code}
                  </Typography.Text>
                </Space>
              ),
            },
            {
              title: '定义',
              dataIndex: 'definition',
              render: (v: string) => (
                <Typography.Paragraph
                  type="secondary"
                  style={{ margin: 0, fontSize: 12, minWidth: 200 }}
                  ellipsis={{ rows: 2, tooltip: v }}
                >
                  {v || '—'}
                </Typography.Paragraph>
              ),
            },
            {
              title: '单位 / 周期',
              width: 120,
              render: (_, i) => `${i.unit} · ${FREQUENCY_LABELS[i.frequency]}`,
            },
            {
              title: '类型 / 方向',
              width: 130,
              render: (_, i) => `${INDICATOR_KIND_LABELS[i.kind]} · ${DIRECTION_LABELS[i.direction]}`,
            },
            { title: '部门', dataIndex: 'department', width: 90 },
            { title: '领域', dataIndex: 'domainName', width: 110, render: (v: string | null) => v ?? '—' },
            {
              title: '数据',
              width: 130,
              render: (_, i) =>
                i.valueCount ? (
                  <Space orientation="vertical" size={0}>
                    <span>{i.valueCount} 条</span>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      最新 {i.latestPeriod}
                    </Typography.Text>
                  </Space>
                ) : (
                  <Typography.Text type="secondary">尚无数据</Typography.Text>
                ),
            },
            ...(manage
              ? [
                  {
                    title: '操作',
                    width: 180,
                    fixed: 'right' as const,
                    render: (_: unknown, i: IndicatorView) =>
                      i.can.edit && (
                        <Space size={0}>
                          <Button
                            type="link"
                            size="small"
                            icon={<EditOutlined />}
                            onClick={() => setEditing(i)}
                            data-testid="indicator-edit"
                          >
                            修改
                          </Button>
                          <Button
                            type="link"
                            size="small"
                            icon={<AimOutlined />}
                            onClick={() => setTargeting(i)}
                            data-testid="indicator-target"
                          >
                            年度目标
                          </Button>
                        </Space>
                      ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <IndicatorDrawer value={editing} onClose={() => setEditing(null)} />
      <TargetModal indicator={targeting} onClose={() => setTargeting(null)} />
    </Page>
  );
}

/** Creates an indicator, or changes one (`value` is the indicator). */
function IndicatorDrawer(props: { value: IndicatorView | 'new' | null; onClose(): void }) {
  const i = props.value === 'new' ? null : props.value;
  return (
    <Drawer
      title={i ? `修改指标：${i.name}` : '新增指标'}
      open={!!props.value}
      onClose={props.onClose}
      size={640}
      destroyOnHidden
      mask={{ closable: false }}
    >
      <IndicatorForm indicator={i} onClose={props.onClose} />
    </Drawer>
  );
}

function IndicatorForm(props: { indicator: IndicatorView | null; onClose(): void }) {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const departments = useDepartments();
  const domains = useDict('domain');
  const [form] = Form.useForm<IndicatorBody>();
  const { busy, error, run } = useSubmit();
  const i = props.indicator;
  const save = (v: IndicatorBody) =>
    run(async () => {
      const body = { ...v, domain: v.domain || null, definition: v.definition ?? '' };
      if (i) await call(economyApi.updateIndicator, { params: { id: i.id }, body });
      else await call(economyApi.createIndicator, { body });
      message.success(i ? '指标已修改' : '指标已新增');
      qc.invalidateQueries({ queryKey: ['economy'] });
      props.onClose();
    });
  return (
    <Form<IndicatorBody>
      form={form}
      layout="vertical"
      onFinish={save}
      initialValues={
        i
          ? { ...i, domain: i.domain ?? undefined }
          : { frequency: 'month', direction: 'up', kind: 'amount', core: false, active: true }
      }
    >
      <Row gutter={16}>
        <Col span={10}>
          <Form.Item
            name="code"
            label="指标编码"
            rules={[
              { required: true, message: '请填写指标编码' },
              { pattern: /^[A-Za-z][A-Za-z0-9_]{1,39}$/, message: '以字母开头，只含字母、数字和下划线' },
            ]}
            extra="部门报送和接口推送时使用，保存后不宜再改"
          >
            <Input maxLength={40} data-testid="indicator-code" />
          </Form.Item>
        </Col>
        <Col span={14}>
          <Form.Item name="name" label="指标名称" rules={[{ required: true, message: '请填写指标名称' }]}>
            <Input maxLength={40} data-testid="indicator-name" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="definition" label="定义与口径">
        <Input.TextArea rows={3} maxLength={500} showCount />
      </Form.Item>
      <Row gutter={16}>
        <Col span={8}>
          <Form.Item name="unit" label="计量单位" rules={[{ required: true, message: '请填写计量单位' }]}>
            <Input maxLength={20} placeholder="亿元、%、万元/亩" data-testid="indicator-unit" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="frequency" label="统计周期" rules={[{ required: true }]}>
            <Select options={FREQUENCY_OPTIONS} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="kind" label="指标类型" rules={[{ required: true }]}>
            <Select options={INDICATOR_KIND_OPTIONS} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="direction" label="方向" rules={[{ required: true }]}>
        <Radio.Group options={DIRECTION_OPTIONS} />
      </Form.Item>
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item
            name="department"
            label="提供部门"
            rules={[{ required: true, message: '请选择提供部门' }]}
          >
            <Select
              options={(departments.data ?? []).map((d) => ({ value: d.name, label: d.name }))}
              notFoundContent="请先在“字典管理”中维护数据部门"
              data-testid="indicator-department"
            />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="domain" label="所属领域" extra="通过班子分工中的领域关联到干部">
            <Select allowClear options={domains} placeholder="不关联领域" />
          </Form.Item>
        </Col>
      </Row>
      <Space size={32}>
        <Form.Item name="core" label="核心指标" valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="active" label="启用" valuePropName="checked">
          <Switch />
        </Form.Item>
      </Space>
      <FormFooter error={error} busy={busy} testId="indicator-save" onCancel={props.onClose} />
    </Form>
  );
}

/** 年度目标: one value per indicator, region and year. */
function TargetModal(props: { indicator: IndicatorView | null; onClose(): void }) {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const regions = useRegions();
  const [form] = Form.useForm<{ regionId: string; year: number; value: number }>();
  const { busy, error, run, clearError } = useSubmit();
  const i = props.indicator;
  const jurisdiction = regions.data?.find((r) => r.kind === 'jurisdiction');
  const save = (v: { regionId: string; year: number; value: number }) => {
    if (!i) return;
    return run(async () => {
      await call(economyApi.setTarget, { body: { indicatorId: i.id, ...v } });
      message.success(`已设定${v.year}年目标`);
      qc.invalidateQueries({ queryKey: ['economy'] });
      props.onClose();
    });
  };
  return (
    <Modal
      title={`设定年度目标：${i?.name ?? ''}`}
      open={!!i}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText="保存"
      confirmLoading={busy}
      destroyOnHidden
      afterClose={clearError}
      okButtonProps={{ 'data-testid': 'target-save' } as never}
    >
      <Typography.Paragraph type="secondary">
        目标在指标曲线中画作虚线；同一区域同一年份再次设定会覆盖原目标。
      </Typography.Paragraph>
      <FormError error={error} />
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        onFinish={save}
        initialValues={{ year: dayjs().year(), regionId: jurisdiction?.id }}
      >
        <Form.Item name="regionId" label="区域" rules={[{ required: true, message: '请选择区域' }]}>
          <Select
            options={(regions.data ?? []).map((r) => ({ value: r.id, label: r.name }))}
            loading={regions.isLoading}
          />
        </Form.Item>
        <Row gutter={16}>
          <Col span={10}>
            <Form.Item name="year" label="年份" rules={[{ required: true, message: '请填写年份' }]}>
              <InputNumber min={2000} max={2100} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={14}>
            <Form.Item name="value" label="目标值" rules={[{ required: true, message: '请填写目标值' }]}>
              <InputNumber style={{ width: '100%' }} suffix={i?.unit} data-testid="target-value" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
