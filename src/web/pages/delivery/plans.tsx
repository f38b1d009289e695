import { EyeOutlined, LockOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Drawer,
  Empty,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { WireOf } from '../../../common/api.ts';
import { deliveryApi, SELECTION_RULE_LABELS } from '../../../common/contracts/delivery.ts';
import { call } from '../../api/client.ts';
import { errorText } from '../../components/errors.ts';
import { fmtTime } from '../../components/format.ts';
import { Page } from '../../components/page.tsx';
import { DAY, useDict, useRegions } from '../org/org-options.ts';
import {
  fmtNum,
  PLAN_STATUS_COLORS,
  PLAN_STATUS_LABELS,
  type PlanStatus,
  percent,
  SELECTION_RULE_OPTIONS,
  type SelectionRule,
  useDomainName,
} from './delivery-options.ts';

type PlanRow = WireOf<typeof deliveryApi.plans>['items'][number];
type Preview = WireOf<typeof deliveryApi.previewPlan>;
type CandidateItem = Preview['chosen'][number]['items'][number];

export default function PlansPage() {
  const nav = useNavigate();
  const [open, setOpen] = useState(false);
  const q = useQuery({
    queryKey: ['delivery', 'plans'],
    queryFn: () => call(deliveryApi.plans),
    select: (d) => d.items,
  });
  return (
    <Page
      title="对账考察"
      subtitle={
        <span data-testid="plans-secret-note">
          <LockOutlined />{' '}
          四不两直：考察计划在出发前仅组织部门可见，被考察干部和单位看不到；出发（开始考察）后方可现场核验。
        </span>
      }
      permission="delivery.verify"
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="new-plan">
          新建考察计划
        </Button>
      }
    >
      <Card>
        {q.isError && <Alert type="error" showIcon title={errorText(q.error)} style={{ marginBottom: 12 }} />}
        <Table<PlanRow>
          rowKey="id"
          loading={q.isLoading}
          dataSource={q.data}
          data-testid="plan-table"
          scroll={{ x: 860 }}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
          locale={{
            emptyText: (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚无考察计划，点击右上角新建" />
            ),
          }}
          onRow={(p) => ({ onClick: () => nav(`/delivery/plans/${p.id}`), style: { cursor: 'pointer' } })}
          columns={[
            {
              title: '标题',
              dataIndex: 'title',
              render: (v: string, p) => (
                <Space orientation="vertical" size={0}>
                  <Link to={`/delivery/plans/${p.id}`} onClick={(e) => e.stopPropagation()}>
                    {v}
                  </Link>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {SELECTION_RULE_LABELS[p.selection.rule]}
                  </Typography.Text>
                </Space>
              ),
            },
            { title: '年月', width: 110, render: (_, p) => `${p.year}年${p.month}月` },
            {
              title: '状态',
              dataIndex: 'status',
              width: 90,
              render: (s: PlanStatus) => (
                <Tag color={PLAN_STATUS_COLORS[s]} icon={s === 'secret' ? <LockOutlined /> : undefined}>
                  {PLAN_STATUS_LABELS[s]}
                </Tag>
              ),
            },
            { title: '计划日期', dataIndex: 'plannedOn', width: 110, render: (v: string | null) => v ?? '—' },
            { title: '对象人数', dataIndex: 'cadres', width: 90, align: 'right' },
            { title: '事项数', dataIndex: 'items', width: 80, align: 'right' },
            {
              title: '已核验',
              dataIndex: 'checked',
              width: 90,
              align: 'right',
              render: (v: number, p) => (
                <Typography.Text type={v >= p.items && p.items > 0 ? 'success' : undefined}>
                  {v} / {p.items}
                </Typography.Text>
              ),
            },
            { title: '创建时间', dataIndex: 'createdAt', width: 170, render: (v: string) => fmtTime(v) },
          ]}
        />
      </Card>
      <NewPlanDrawer open={open} onClose={() => setOpen(false)} />
    </Page>
  );
}

interface PlanForm {
  title: string;
  plannedOn?: Dayjs | null;
  month: Dayjs;
  rule: SelectionRule;
  cadres: number;
  itemsPerCadre: number;
  domain?: string;
  regionId?: string;
  seed?: number | null;
}

/** The draw's query from the form (the API's CandidateQuery). */
function selectionOf(v: PlanForm) {
  return {
    rule: v.rule,
    year: v.month.year(),
    month: v.month.month() + 1,
    cadres: v.cadres,
    itemsPerCadre: v.itemsPerCadre,
    domain: v.domain || undefined,
    regionId: v.regionId || undefined,
    seed: v.rule === 'random' && v.seed !== null && v.seed !== undefined ? v.seed : undefined,
  };
}

function NewPlanDrawer(props: { open: boolean; onClose(): void }) {
  return (
    <Drawer
      title="新建考察计划"
      open={props.open}
      onClose={props.onClose}
      size={760}
      destroyOnHidden
      mask={{ closable: false }}
    >
      <NewPlanForm onClose={props.onClose} />
    </Drawer>
  );
}

function NewPlanForm(props: { onClose(): void }) {
  const { message } = App.useApp();
  const nav = useNavigate();
  const qc = useQueryClient();
  const [form] = Form.useForm<PlanForm>();
  const rule = Form.useWatch('rule', form);
  const domains = useDict('domain');
  const regions = useRegions();
  const [preview, setPreview] = useState<{ key: string; answer: Preview } | null>(null);
  const [busy, setBusy] = useState<'preview' | 'save' | null>(null);
  const [error, setError] = useState<string | null>(null);

  const runPreview = async () => {
    let v: PlanForm;
    try {
      v = await form.validateFields([
        'month',
        'rule',
        'cadres',
        'itemsPerCadre',
        'domain',
        'regionId',
        'seed',
      ]);
    } catch {
      return;
    }
    v = { ...form.getFieldsValue(true), ...v };
    setBusy('preview');
    setError(null);
    try {
      const s = selectionOf(v);
      const answer = await call(deliveryApi.previewPlan, { query: s });
      // A random draw without a seed gets one: keep it so that the saved plan is the one previewed.
      if (s.rule === 'random' && answer.seed !== null && s.seed === undefined)
        form.setFieldValue('seed', answer.seed);
      setPreview({ key: JSON.stringify(selectionOf(form.getFieldsValue(true))), answer });
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(null);
    }
  };

  const save = async (v: PlanForm) => {
    setBusy('save');
    setError(null);
    try {
      const plan = await call(deliveryApi.createPlan, {
        body: {
          title: v.title,
          plannedOn: v.plannedOn ? v.plannedOn.format(DAY) : null,
          selection: selectionOf(v),
        },
      });
      message.success('考察计划已保存（保密）');
      await qc.invalidateQueries({ queryKey: ['delivery', 'plans'] });
      props.onClose();
      nav(`/delivery/plans/${plan.id}`);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(null);
    }
  };

  const values = Form.useWatch([], form) as PlanForm | undefined;
  const stale = !!preview && !!values?.month && preview.key !== JSON.stringify(selectionOf(values));
  const towns = (regions.data ?? []).filter((r) => r.kind !== 'jurisdiction');

  return (
    <Form<PlanForm>
      form={form}
      layout="vertical"
      initialValues={{
        rule: 'largest_gap',
        month: dayjs().subtract(1, 'month').startOf('month'),
        cadres: 5,
        itemsPerCadre: 3,
      }}
      onFinish={save}
    >
      <Alert
        type="warning"
        showIcon
        icon={<LockOutlined />}
        title="计划保存后处于“保密中”：仅组织部门可见，不通知被考察干部和单位；出发时再开始考察。"
        style={{ marginBottom: 16 }}
      />
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item
            name="title"
            label="标题"
            rules={[
              { required: true, whitespace: true, message: '请填写计划名称' },
              { min: 2, message: '至少 2 个字' },
              { max: 100, message: '不能超过 100 个字' },
            ]}
          >
            <Input placeholder="如：11 月招商引资领域对账考察" data-testid="plan-title" />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="plannedOn" label="计划日期">
            <DatePicker style={{ width: '100%' }} placeholder="选填" data-testid="plan-date" />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item
            name="month"
            label="核验月份"
            tooltip="核对干部该月（含）以前最近一次填报的累计进度"
            rules={[{ required: true, message: '请选择核验月份' }]}
          >
            <DatePicker
              picker="month"
              style={{ width: '100%' }}
              allowClear={false}
              format="YYYY年M月"
              data-testid="plan-month"
            />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="rule" label="规则" rules={[{ required: true, message: '请选择抽取规则' }]}>
        <Radio.Group style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
          {SELECTION_RULE_OPTIONS.map((o) => (
            <Radio key={o.value} value={o.value} data-testid={`plan-rule-${o.value}`}>
              {o.label}
            </Radio>
          ))}
        </Radio.Group>
      </Form.Item>
      <Row gutter={16}>
        <Col xs={12} md={6}>
          <Form.Item name="cadres" label="人数" rules={[{ required: true, message: '请填写人数' }]}>
            <InputNumber min={1} max={200} precision={0} style={{ width: '100%' }} suffix="人" />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item
            name="itemsPerCadre"
            label="每人事项数"
            rules={[{ required: true, message: '请填写事项数' }]}
          >
            <InputNumber min={1} max={20} precision={0} style={{ width: '100%' }} suffix="项" />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="domain" label="领域">
            <Select allowClear placeholder="全部领域" options={domains} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="regionId" label="乡镇（街道）">
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder="全部"
              loading={regions.isLoading}
              options={towns.map((r) => ({ value: r.id, label: r.name }))}
            />
          </Form.Item>
        </Col>
      </Row>
      {rule === 'random' && (
        <Form.Item name="seed" label="随机种子" extra="留空则自动生成；种子随计划保存，可据此复现抽取过程。">
          <InputNumber
            min={0}
            max={2 ** 31 - 1}
            precision={0}
            style={{ width: 240 }}
            placeholder="留空则自动生成"
            data-testid="plan-seed"
          />
        </Form.Item>
      )}
      {error && (
        <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="plan-error" />
      )}
      <Space wrap style={{ marginBottom: 16 }}>
        <Button
          icon={<EyeOutlined />}
          onClick={runPreview}
          loading={busy === 'preview'}
          data-testid="plan-preview"
        >
          预览
        </Button>
        <Button
          type="primary"
          htmlType="submit"
          icon={<LockOutlined />}
          loading={busy === 'save'}
          data-testid="plan-save"
        >
          保存计划（保密）
        </Button>
        <Button onClick={props.onClose}>取消</Button>
      </Space>
      {preview && <PreviewResult answer={preview.answer} stale={stale} />}
    </Form>
  );
}

function PreviewResult(props: { answer: Preview; stale: boolean }) {
  const domainName = useDomainName();
  const a = props.answer;
  const items = a.chosen.reduce((n, c) => n + c.items.length, 0);
  return (
    <div data-testid="plan-preview-result">
      {props.stale && (
        <Alert
          type="info"
          showIcon
          title="条件已修改，以下为修改前的预览；请重新预览"
          style={{ marginBottom: 12 }}
        />
      )}
      {a.chosen.length === 0 ? (
        <Alert
          type="warning"
          showIcon
          title="按所选规则没有可核验的清单事项"
          description="只有已确认的年度干事清单中的事项可以核验；可放宽领域、乡镇条件或更换规则。"
        />
      ) : (
        <>
          <Typography.Paragraph>
            从 <b>{a.pool.length}</b> 名有已确认清单的干部中选出 <b>{a.chosen.length}</b> 人、<b>{items}</b>{' '}
            项事项
            {a.seed !== null && (
              <>
                ，随机种子 <Tag color="geekblue">{a.seed}</Tag>
              </>
            )}
            。
          </Typography.Paragraph>
          <Space orientation="vertical" size={12} style={{ width: '100%' }}>
            {a.chosen.map((c) => (
              <Card
                key={c.cadreId}
                size="small"
                data-testid="preview-cadre"
                title={
                  <Space size={8} wrap>
                    <span>{c.name}</span>
                    <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 400 }}>
                      {[c.unitName, c.post].filter(Boolean).join(' · ')}
                    </Typography.Text>
                  </Space>
                }
                extra={c.townKind && c.regionName ? <Tag>{c.regionName}</Tag> : undefined}
              >
                <Table<CandidateItem>
                  rowKey="itemId"
                  size="small"
                  pagination={false}
                  dataSource={c.items}
                  scroll={{ x: 600 }}
                  columns={[
                    { title: '事项', dataIndex: 'title' },
                    {
                      title: '领域',
                      dataIndex: 'domainCode',
                      width: 90,
                      render: (v: string | null) => domainName(v),
                    },
                    { title: '计划', dataIndex: 'planned', width: 70, align: 'right', render: fmtNum },
                    {
                      title: '申报',
                      dataIndex: 'reported',
                      width: 70,
                      align: 'right',
                      render: (v: number | null) =>
                        v === null ? <Typography.Text type="warning">未填报</Typography.Text> : fmtNum(v),
                    },
                    {
                      title: '差距',
                      dataIndex: 'gap',
                      width: 90,
                      align: 'right',
                      render: (v: number) => (
                        <Typography.Text type={v > 0 ? 'danger' : undefined} title="计划减申报，占目标的比例">
                          {percent(v)}
                        </Typography.Text>
                      ),
                    },
                    {
                      title: '核验次数',
                      dataIndex: 'checks',
                      width: 80,
                      align: 'right',
                    },
                  ]}
                />
              </Card>
            ))}
          </Space>
        </>
      )}
    </div>
  );
}
