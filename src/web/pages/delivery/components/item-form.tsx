import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Col,
  Drawer,
  Form,
  type FormInstance,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Space,
  Typography,
} from 'antd';
import { useState } from 'react';
import { deliveryApi } from '../../../../common/contracts/delivery.ts';
import { call } from '../../../api/client.ts';
import { errorText } from '../../../components/errors.ts';
import { useDict } from '../../org/org-options.ts';
import { ITEM_KIND_OPTIONS, type ItemKind, type ItemView, TARGET_KIND_OPTIONS } from '../delivery-options.ts';
import { showFieldErrors } from './field-errors.ts';
import { MONTH_NAMES } from './items-table.tsx';

// ——— the item form (add, edit, amend) ———

export interface ItemFormValues {
  kind: ItemKind;
  title: string;
  domainCode?: string | null;
  targetKind: 'value' | 'milestones';
  targetValue?: number | null;
  measureUnit?: string | null;
  milestones?: { name?: string; month?: number }[];
  weight: number;
  monthlyPlan: (number | null)[];
}

export const EMPTY_ITEM: Partial<ItemFormValues> = {
  kind: 'indicator',
  targetKind: 'value',
  weight: 1,
  milestones: [{}],
  monthlyPlan: Array.from({ length: 12 }, () => null),
};

export function fromItem(i: ItemView): ItemFormValues {
  return {
    kind: i.kind,
    title: i.title,
    domainCode: i.domainCode,
    targetKind: i.targetKind,
    targetValue: i.targetValue,
    measureUnit: i.measureUnit,
    milestones: i.milestones?.length ? i.milestones : [{}],
    weight: i.weight,
    monthlyPlan: i.monthlyPlan.slice(0, 12),
  };
}

export function toBody(v: ItemFormValues) {
  const value = v.targetKind === 'value';
  return {
    kind: v.kind,
    title: v.title.trim(),
    domainCode: v.domainCode || null,
    targetKind: v.targetKind,
    targetValue: value ? (v.targetValue ?? null) : null,
    measureUnit: value ? v.measureUnit?.trim() || null : null,
    milestones: value
      ? null
      : (v.milestones ?? []).map((m) => ({ name: (m.name ?? '').trim(), month: m.month ?? 1 })),
    weight: v.weight,
    monthlyPlan: v.monthlyPlan.map((n) => n ?? 0),
  };
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export function ItemForm(props: { form: FormInstance<ItemFormValues>; initial: Partial<ItemFormValues> }) {
  const { message } = App.useApp();
  const { form } = props;
  const domains = useDict('domain');
  const targetKind = Form.useWatch('targetKind', form) ?? props.initial.targetKind ?? 'value';
  const measureUnit = Form.useWatch('measureUnit', form);
  const milestoneCount = (Form.useWatch('milestones', form) ?? []).length;

  const fill = () => {
    let plan: number[];
    if (targetKind === 'value') {
      const target = form.getFieldValue('targetValue') as number | null;
      if (!target) {
        message.warning('请先填写目标值');
        return;
      }
      plan = MONTH_NAMES.map((_, m) => round2((target * (m + 1)) / 12));
    } else {
      const ms = ((form.getFieldValue('milestones') ?? []) as { month?: number }[]).filter((x) => x?.month);
      if (!ms.length) {
        message.warning('请先填写节点及其计划月份');
        return;
      }
      plan = MONTH_NAMES.map((_, m) => ms.filter((x) => (x.month ?? 13) <= m + 1).length);
    }
    form.setFieldsValue({ monthlyPlan: plan });
    form.validateFields(MONTH_NAMES.map((_, m) => ['monthlyPlan', m]));
  };

  return (
    <Form<ItemFormValues> form={form} layout="vertical" initialValues={props.initial} preserve={false}>
      <Row gutter={16}>
        <Col span={8}>
          <Form.Item name="kind" label="类型" rules={[{ required: true, message: '请选择类型' }]}>
            <Select options={ITEM_KIND_OPTIONS} data-testid="item-kind" />
          </Form.Item>
        </Col>
        <Col span={16}>
          <Form.Item
            name="domainCode"
            label="领域"
            tooltip="与本人班子分工的分管领域比对；不在分工范围的事项会被标出"
          >
            <Select allowClear options={domains} placeholder="选择领域" data-testid="item-domain" />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item
            name="title"
            label="事项"
            rules={[
              { required: true, whitespace: true, message: '请填写事项名称' },
              { min: 2, message: '请填写事项名称' },
              { max: 200 },
            ]}
          >
            <Input.TextArea autoSize={{ minRows: 1, maxRows: 3 }} placeholder="如 完成某产业园一期主体工程" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="targetKind" label="目标类型">
            <Radio.Group optionType="button" options={TARGET_KIND_OPTIONS} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item
            name="weight"
            label="权重"
            rules={[{ required: true, message: '请填写权重' }]}
            tooltip="计算加权完成度时的权重，0.1–100"
          >
            <InputNumber min={0.1} max={100} step={1} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      {targetKind === 'value' ? (
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item
              name="targetValue"
              label="目标值"
              rules={[{ required: true, message: '数值型目标须填写目标值' }]}
            >
              <InputNumber min={0.0001} max={1e12} style={{ width: '100%' }} data-testid="item-target" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="measureUnit" label="计量单位" rules={[{ max: 20 }]}>
              <Input placeholder="如 亿元、个、%" />
            </Form.Item>
          </Col>
        </Row>
      ) : (
        <Form.Item label="节点" required>
          <Form.List
            name="milestones"
            rules={[
              {
                validator: async (_, v: unknown[]) => {
                  if (!v?.length) throw new Error('节点型目标须至少有一个节点');
                },
              },
            ]}
          >
            {(fields, { add, remove }, { errors }) => (
              <>
                {fields.map((f, n) => (
                  <Space key={f.key} align="baseline" style={{ display: 'flex' }}>
                    <Typography.Text type="secondary" style={{ width: 20 }}>
                      {n + 1}.
                    </Typography.Text>
                    <Form.Item
                      name={[f.name, 'name']}
                      rules={[{ required: true, whitespace: true, message: '请填写节点名称' }, { max: 100 }]}
                      style={{ marginBottom: 8 }}
                    >
                      <Input placeholder="节点名称，如 开工" style={{ width: 300 }} />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'month']}
                      rules={[{ required: true, message: '请选择月份' }]}
                      style={{ marginBottom: 8 }}
                    >
                      <Select
                        placeholder="计划月份"
                        style={{ width: 120 }}
                        options={MONTH_NAMES.map((label, m) => ({ value: m + 1, label }))}
                      />
                    </Form.Item>
                    {fields.length > 1 && (
                      <MinusCircleOutlined onClick={() => remove(f.name)} aria-label="删除节点" />
                    )}
                  </Space>
                ))}
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  onClick={() => add({})}
                  disabled={fields.length >= 24}
                >
                  添加节点
                </Button>
                <Form.ErrorList errors={errors} />
              </>
            )}
          </Form.List>
        </Form.Item>
      )}
      <div
        style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 8 }}
      >
        <Typography.Text strong>
          月度累计计划
          <Typography.Text type="secondary" style={{ fontWeight: 'normal', marginLeft: 8 }}>
            {targetKind === 'value'
              ? `截至各月末的累计进度${measureUnit ? `（${measureUnit}）` : ''}`
              : `截至各月末累计完成的节点数（共 ${milestoneCount} 个）`}
          </Typography.Text>
        </Typography.Text>
        <Button size="small" onClick={fill} data-testid="fill-plan">
          按月平均填充
        </Button>
      </div>
      <Row gutter={[12, 0]}>
        {MONTH_NAMES.map((label, m) => (
          <Col span={4} key={label}>
            <Form.Item
              name={['monthlyPlan', m]}
              label={label}
              dependencies={m > 0 ? [['monthlyPlan', m - 1]] : []}
              rules={[
                { required: true, message: '必填' },
                ({ getFieldValue }) => ({
                  validator: async (_, v: number | null) => {
                    const prev = m > 0 ? (getFieldValue(['monthlyPlan', m - 1]) as number | null) : null;
                    if (v !== null && v !== undefined && prev !== null && prev !== undefined && v < prev)
                      throw new Error(`不能少于 ${m} 月`);
                  },
                }),
              ]}
              style={{ marginBottom: 12 }}
            >
              <InputNumber
                min={0}
                max={1e12}
                style={{ width: '100%' }}
                precision={targetKind === 'milestones' ? 0 : undefined}
                data-testid={`plan-${m + 1}`}
              />
            </Form.Item>
          </Col>
        ))}
      </Row>
    </Form>
  );
}

/** Adds an item to a draft list, or changes one. */
export function ItemDrawer(props: {
  open: boolean;
  item?: ItemView;
  cadreId: string;
  year: number;
  onClose(): void;
  onSaved(created: boolean): void;
}) {
  const [form] = Form.useForm<ItemFormValues>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    let v: ItemFormValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      if (props.item) await call(deliveryApi.updateItem, { params: { id: props.item.id }, body: toBody(v) });
      else
        await call(deliveryApi.addItem, {
          params: { cadreId: props.cadreId, year: props.year },
          body: toBody(v),
        });
      props.onSaved(!props.item);
    } catch (e) {
      setError(errorText(e));
      showFieldErrors(form, e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Drawer
      title={props.item ? `修改事项 #${props.item.seq}` : `新增 ${props.year} 年度事项`}
      open={props.open}
      onClose={props.onClose}
      size={760}
      destroyOnHidden
      afterOpenChange={(open) => {
        if (!open) setError(null);
      }}
      footer={
        <div style={{ display: 'flex', justifyContent: 'flex-end', gap: 8 }}>
          <Button onClick={props.onClose}>取消</Button>
          <Button type="primary" loading={busy} onClick={save} data-testid="item-form-submit">
            保存
          </Button>
        </div>
      }
    >
      {error && (
        <Alert
          type="error"
          showIcon
          title={error}
          style={{ marginBottom: 12 }}
          data-testid="item-form-error"
        />
      )}
      <ItemForm form={form} initial={props.item ? fromItem(props.item) : EMPTY_ITEM} />
    </Drawer>
  );
}
