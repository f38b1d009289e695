import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, List, Modal, Radio, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { WireOf } from '../../../../common/api.ts';
import {
  OBJECTION_RESULT_LABELS,
  OBJECTION_RESULTS,
  type ObjectionResult,
  quadrantApi,
} from '../../../../common/contracts/quadrant.ts';
import { call } from '../../../api/client.ts';
import { errorText } from '../../../components/errors.ts';
import { fieldErrors } from '../../../components/form-errors.ts';
import { fmtTime } from '../../../components/format.ts';

type Decision = WireOf<typeof quadrantApi.decision>;
type Objection = Decision['objections'][number];

const RESULT_COLORS: Record<ObjectionResult, string> = {
  unfounded: 'green',
  minor: 'gold',
  substantiated: 'red',
};

/** The objections raised during 任前公示, each with its 处理结果 or a button to record it. */
export function ObjectionList(props: { decision: Decision }) {
  const [handling, setHandling] = useState<Objection | null>(null);
  const d = props.decision;
  if (!d.objections.length)
    return <Typography.Text type="secondary">{d.publicityFrom ? '公示期间未收到反映' : '—'}</Typography.Text>;
  return (
    <>
      <List
        size="small"
        data-testid="quadrant-objections"
        dataSource={d.objections}
        renderItem={(o) => (
          <List.Item>
            <Space orientation="vertical" size={0}>
              <Typography.Text>
                {o.text}
                {o.source ? `（${o.source}）` : ''}
              </Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {o.recordedByName ?? ''} {fmtTime(o.recordedAt)} 记录
              </Typography.Text>
              {o.result ? (
                <Space size={4} wrap>
                  <Tag color={RESULT_COLORS[o.result]}>{OBJECTION_RESULT_LABELS[o.result]}</Tag>
                  <Typography.Text>{o.handling}</Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {o.handledByName ?? ''} {fmtTime(o.handledAt)}
                  </Typography.Text>
                </Space>
              ) : (
                <Space size={8}>
                  <Tag color="orange">待核查处理（处理前决定不能生效）</Tag>
                  {o.can.handle && (
                    <Button
                      size="small"
                      type="primary"
                      ghost
                      onClick={() => setHandling(o)}
                      data-testid="quadrant-objection-handle"
                    >
                      核查处理
                    </Button>
                  )}
                </Space>
              )}
            </Space>
          </List.Item>
        )}
      />
      {handling && <HandleModal decisionId={d.id} objection={handling} onClose={() => setHandling(null)} />}
    </>
  );
}

function HandleModal(props: { decisionId: string; objection: Objection; onClose: () => void }) {
  const [form] = Form.useForm<{ result: ObjectionResult; handling: string }>();
  const result = Form.useWatch('result', form);
  const { message } = App.useApp();
  const qc = useQueryClient();
  const send = useMutation({
    mutationFn: (v: { result: ObjectionResult; handling: string }) =>
      call(quadrantApi.handleObjection, {
        params: { id: props.decisionId, objectionId: props.objection.id },
        body: v,
      }),
    onSuccess: async (d) => {
      message.success(d.status === 'terminated' ? '已记录，该项提拔已终止' : '已记录处理结果');
      await qc.invalidateQueries({ queryKey: ['quadrant'] });
      props.onClose();
    },
    onError: (e) => {
      message.error(errorText(e));
      form.setFields(fieldErrors(e, ['result', 'handling']) as never);
    },
  });
  return (
    <Modal
      open
      title="核查处理公示期间反映的问题"
      onCancel={props.onClose}
      onOk={() => form.submit()}
      confirmLoading={send.isPending}
      okButtonProps={{ danger: result === 'substantiated', 'data-testid': 'quadrant-handle-ok' } as never}
      okText={result === 'substantiated' ? '记录并终止提拔' : '记录'}
      destroyOnHidden
    >
      <Typography.Paragraph>{props.objection.text}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => send.mutate(v)}>
        <Form.Item name="result" label="处理结果" rules={[{ required: true, message: '请选择处理结果' }]}>
          <Radio.Group
            options={OBJECTION_RESULTS.map((r) => ({ value: r, label: OBJECTION_RESULT_LABELS[r] }))}
          />
        </Form.Item>
        <Form.Item
          name="handling"
          label="核查与处理情况"
          rules={[{ required: true, min: 2, message: '请填写核查与处理情况' }]}
        >
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
        {result === 'substantiated' && (
          <Typography.Text type="danger">
            反映问题属实且影响任用：该项提拔将终止，理由记入决定。
          </Typography.Text>
        )}
      </Form>
    </Modal>
  );
}
