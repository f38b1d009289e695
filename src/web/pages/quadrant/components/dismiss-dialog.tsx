import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Modal, Typography } from 'antd';
import { quadrantApi } from '../../../../common/contracts/quadrant.ts';
import { ApiError, call } from '../../../api/client.ts';
import { errorText } from '../../../components/errors.ts';

export interface DismissSource {
  id: string;
  cadreName: string;
}

/**
 * 不予采纳 of a candidate: a reason is required, and the officer confirms once more before it is
 * sent, since the candidate then no longer waits to be studied.
 */
export function DismissDialog(props: { source: DismissSource | null; onClose(): void }) {
  const [form] = Form.useForm<{ reason: string }>();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const s = props.source;
  const send = useMutation({
    mutationFn: (v: { id: string; reason: string }) =>
      call(quadrantApi.dismiss, { params: { id: v.id }, body: { reason: v.reason } }),
    onSuccess: async () => {
      message.success('已不予采纳');
      await qc.invalidateQueries({ queryKey: ['quadrant'] });
      await qc.invalidateQueries({ queryKey: ['todo'] });
      props.onClose();
    },
    onError: (e) => {
      message.error(errorText(e));
      const reason = e instanceof ApiError ? e.details?.find((d) => d.path === 'body.reason') : undefined;
      if (reason) form.setFields([{ name: 'reason', errors: [reason.message] }]);
    },
  });
  const confirm = (v: { reason: string }) => {
    if (!s) return;
    modal.confirm({
      title: `确定对${s.cadreName}不予采纳？`,
      content: '不予采纳后，该人选不再待研究，也不能据此拟定决定。',
      okText: '确定不予采纳',
      cancelText: '再想想',
      okButtonProps: { danger: true, 'data-testid': 'quadrant-dismiss-confirm' } as never,
      onOk: () => send.mutateAsync({ id: s.id, reason: v.reason.trim() }).catch(() => undefined),
    });
  };
  return (
    <Modal
      open={!!s}
      title={s ? `不予采纳：${s.cadreName}` : ''}
      okText="不予采纳"
      okButtonProps={{ danger: true, 'data-testid': 'quadrant-dismiss-ok' } as never}
      onCancel={props.onClose}
      confirmLoading={send.isPending}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      {s && (
        <Form form={form} layout="vertical" preserve={false} onFinish={confirm}>
          <Typography.Paragraph type="secondary">
            请写明不予采纳的理由，理由连同操作人、时间一并记录，并记入审计日志。
          </Typography.Paragraph>
          <Form.Item
            name="reason"
            label="不予采纳的理由"
            rules={[
              { required: true, whitespace: true, message: '请写明不予采纳的理由' },
              {
                validator: (_, v: string | undefined) =>
                  !v || v.trim().length >= 2
                    ? Promise.resolve()
                    : Promise.reject(new Error('请写明不予采纳的理由（至少 2 个字）')),
              },
            ]}
          >
            <Input.TextArea
              rows={4}
              maxLength={500}
              showCount
              data-testid="quadrant-dismiss-reason"
              placeholder="如：经研究，该同志近期已作调整，本季度暂不予考虑"
            />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
