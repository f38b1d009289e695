import { Alert, Card, Col, Form, Input, Modal, Radio, Row, Select, Typography } from 'antd';
import { useState } from 'react';
import { deliveryApi } from '../../../../common/contracts/delivery.ts';
import { call } from '../../../api/client.ts';
import { errorText } from '../../../components/errors.ts';
import type { ItemView } from '../delivery-options.ts';
import { showFieldErrors } from './field-errors.ts';
import { EMPTY_ITEM, fromItem, ItemForm, type ItemFormValues, toBody } from './item-form.tsx';

// ——— the organization department's steps on a list: return a submitted one, amend a confirmed one ———

/** Sends a submitted list back to draft with the reason. */
export function ReturnModal(props: { open: boolean; listId: string; onClose(): void; onDone(): void }) {
  const [form] = Form.useForm<{ text: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async ({ text }: { text: string }) => {
    setBusy(true);
    try {
      await call(deliveryApi.returnList, { params: { id: props.listId }, body: { text: text.trim() } });
      setError(null);
      props.onDone();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      title="退回修改"
      open={props.open}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText="退回"
      okButtonProps={{ danger: true, 'data-testid': 'return-submit' } as never}
      confirmLoading={busy}
      destroyOnHidden
      afterClose={() => setError(null)}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" preserve={false} onFinish={submit}>
        <Form.Item
          name="text"
          label="退回原因"
          rules={[
            { required: true, whitespace: true, message: '请填写退回原因' },
            { min: 2, message: '请填写退回原因' },
            { max: 4000 },
          ]}
        >
          <Input.TextArea rows={4} placeholder="请写明需要修改的内容，干部将看到这段说明" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

type AmendMode = 'change' | 'withdraw' | 'add';
interface AmendFormValues {
  reason: string;
  mode: AmendMode;
  itemId?: string;
}

/** Records a change to a confirmed list: change, withdraw or add an item, with the reason. */
export function AmendModal(props: {
  open: boolean;
  listId: string;
  items: ItemView[];
  onClose(): void;
  onDone(): void;
}) {
  const [form] = Form.useForm<AmendFormValues>();
  const [itemForm] = Form.useForm<ItemFormValues>();
  const mode = Form.useWatch('mode', form) ?? 'change';
  const itemId = Form.useWatch('itemId', form);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const chosen = props.items.find((i) => i.id === itemId);

  const submit = async () => {
    let v: AmendFormValues;
    let item: ItemFormValues | undefined;
    try {
      v = await form.validateFields();
      if (v.mode !== 'withdraw') item = await itemForm.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await call(deliveryApi.amendList, {
        params: { id: props.listId },
        body: {
          reason: v.reason.trim(),
          ...(v.mode !== 'add' ? { itemId: v.itemId } : {}),
          ...(item ? { item: toBody(item) } : {}),
        },
      });
      props.onDone();
    } catch (e) {
      setError(errorText(e));
      showFieldErrors(form, e);
      showFieldErrors(itemForm, e, 'body.item.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      title="登记变更"
      open={props.open}
      onCancel={props.onClose}
      onOk={submit}
      okText="登记变更"
      confirmLoading={busy}
      width={820}
      destroyOnHidden
      afterClose={() => setError(null)}
      okButtonProps={{ 'data-testid': 'amend-submit' } as never}
    >
      <Typography.Paragraph type="secondary">
        清单已确认锁定。变更将记录原因、登记人、时间以及事项变更前后的内容。
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form<AmendFormValues>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ mode: 'change' }}
      >
        <Form.Item
          name="reason"
          label="变更原因"
          rules={[
            { required: true, whitespace: true, message: '请写明变更原因（至少 4 个字）' },
            { min: 4, message: '请写明变更原因（至少 4 个字）' },
            { max: 500 },
          ]}
        >
          <Input.TextArea rows={2} placeholder="如 上级调整年度目标任务" data-testid="amend-reason" />
        </Form.Item>
        <Row gutter={16}>
          <Col span={10}>
            <Form.Item name="mode" label="变更方式">
              <Radio.Group
                optionType="button"
                options={[
                  { value: 'change', label: '修改事项' },
                  { value: 'withdraw', label: '撤回事项' },
                  { value: 'add', label: '新增事项' },
                ]}
              />
            </Form.Item>
          </Col>
          {mode !== 'add' && (
            <Col span={14}>
              <Form.Item name="itemId" label="事项" rules={[{ required: true, message: '请选择事项' }]}>
                <Select
                  placeholder="选择要变更的事项"
                  options={props.items.map((i) => ({ value: i.id, label: `${i.seq}. ${i.title}` }))}
                  data-testid="amend-item"
                />
              </Form.Item>
            </Col>
          )}
        </Row>
      </Form>
      {mode === 'withdraw' && chosen && (
        <Alert
          type="warning"
          showIcon
          title={`撤回后「${chosen.title}」不再计入清单和完成度，已填报的进度保留。`}
        />
      )}
      {(mode === 'add' || (mode === 'change' && chosen)) && (
        <Card size="small" title={mode === 'add' ? '新增的事项' : '变更后的事项'}>
          <ItemForm
            key={`${mode}:${chosen?.id ?? ''}`}
            form={itemForm}
            initial={mode === 'change' && chosen ? fromItem(chosen) : EMPTY_ITEM}
          />
        </Card>
      )}
    </Modal>
  );
}
