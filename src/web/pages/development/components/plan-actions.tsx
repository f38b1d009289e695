import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Checkbox, Form, Input, InputNumber, Modal, Radio, Select } from 'antd';
import dayjs from 'dayjs';
import type { WireOf } from '../../../../common/api.ts';
import {
  developmentApi,
  OUTCOME_LABELS,
  OUTCOMES,
  PROGRESS,
  PROGRESS_LABELS,
  REVIEW_KIND_LABELS,
  type ReviewKind,
} from '../../../../common/contracts/development.ts';
import { call } from '../../../api/client.ts';
import { errorText } from '../../../components/errors.ts';

export type Plan = WireOf<typeof developmentApi.plan>;
export type Action =
  | { kind: 'note' }
  | { kind: 'review'; review: ReviewKind }
  | { kind: 'milestone'; id: string; title: string }
  | { kind: 'outcome' };

const TITLES = {
  note: '写帮带记录',
  milestone: '认定节点达成情况',
  outcome: '确定培养结果',
} as const;

/** One dialog for the plan's writes: a note, a review, a milestone, the outcome. */
export function PlanActionModal(props: { plan: Plan; action: Action | null; onClose: () => void }) {
  const { plan, action } = props;
  const [form] = Form.useForm();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const outcome = Form.useWatch('outcome', form) as (typeof OUTCOMES)[number] | undefined;
  const params = { id: plan.id };
  const run = useMutation({
    // biome-ignore lint/suspicious/noExplicitAny: the form's values follow the dialog's kind
    mutationFn: (v: any) => {
      if (!action) throw new Error('no action');
      if (action.kind === 'note') return call(developmentApi.note, { params, body: v });
      if (action.kind === 'milestone')
        return call(developmentApi.milestone, { params: { id: plan.id, milestoneId: action.id }, body: v });
      if (action.kind === 'outcome') return call(developmentApi.outcome, { params, body: v });
      return call(developmentApi.review, { params, body: { ...v, kind: action.review } });
    },
    onSuccess: async (p) => {
      qc.setQueryData(['development', 'plan', plan.id], p);
      await qc.invalidateQueries({ queryKey: ['development'] });
      message.success('已保存');
      props.onClose();
    },
  });
  if (!action) return null;
  const title =
    action.kind === 'review'
      ? REVIEW_KIND_LABELS[action.review]
      : action.kind === 'milestone'
        ? `${TITLES.milestone}：${action.title}`
        : TITLES[action.kind];
  const submit = () => {
    if (action.kind !== 'outcome') return form.submit();
    modal.confirm({
      title: '确定培养结果？',
      content: '结果记入干部时间轴；达到预期或调整岗位将结束计划并收回导师的查看权限，不能撤回。',
      okText: '确定',
      onOk: () => form.submit(),
    });
  };
  return (
    <Modal
      open
      title={title}
      okText="保存"
      onOk={submit}
      okButtonProps={{ loading: run.isPending, 'data-testid': 'plan-action-ok' } as never}
      onCancel={props.onClose}
      destroyOnHidden
    >
      {run.isError && (
        <Alert type="error" showIcon title={errorText(run.error)} style={{ marginBottom: 12 }} />
      )}
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        onFinish={(v) => run.mutate(v)}
        initialValues={{
          month: dayjs().format('YYYY-MM'),
          progress: 'good',
          status: 'met',
          outcome: 'met',
          internal: false,
          extendMonths: 2,
          milestoneIds: [],
        }}
      >
        {action.kind === 'note' && (
          <>
            <Form.Item
              name="text"
              label="帮带记录"
              rules={[{ required: true, min: 2, message: '请填写帮带记录' }]}
            >
              <Input.TextArea rows={4} maxLength={2000} data-testid="note-text" />
            </Form.Item>
            <Form.Item name="internal" valuePropName="checked">
              <Checkbox data-testid="note-internal">内部记录（干部本人不可见）</Checkbox>
            </Form.Item>
          </>
        )}
        {action.kind === 'review' && (
          <>
            {action.review === 'monthly' && (
              <Form.Item name="month" label="评议月份" rules={[{ required: true, message: '请填写月份' }]}>
                <Input placeholder="2026-08" style={{ width: 160 }} data-testid="review-month" />
              </Form.Item>
            )}
            <Form.Item name="progress" label="进展情况">
              <Radio.Group
                optionType="button"
                options={PROGRESS.map((p) => ({ value: p, label: PROGRESS_LABELS[p] }))}
              />
            </Form.Item>
            <Form.Item
              name="summary"
              label="评议意见"
              rules={[{ required: true, min: 5, message: '请写评议意见（至少 5 个字）' }]}
            >
              <Input.TextArea rows={4} maxLength={2000} data-testid="review-summary" />
            </Form.Item>
            <Form.Item name="milestoneIds" label="依据的节点">
              <Select
                mode="multiple"
                allowClear
                options={plan.milestoneList.map((m) => ({ value: m.id, label: m.title }))}
              />
            </Form.Item>
          </>
        )}
        {action.kind === 'milestone' && (
          <>
            <Form.Item name="status" label="认定">
              <Radio.Group
                optionType="button"
                options={[
                  { value: 'met', label: '已达成' },
                  { value: 'missed', label: '未达成' },
                ]}
              />
            </Form.Item>
            <Form.Item
              name="result"
              label="完成情况"
              rules={[{ required: true, min: 2, message: '请写明完成情况' }]}
            >
              <Input.TextArea rows={3} maxLength={500} />
            </Form.Item>
          </>
        )}
        {action.kind === 'outcome' && (
          <>
            <Form.Item name="outcome" label="培养结果">
              <Radio.Group
                optionType="button"
                options={OUTCOMES.map((o) => ({ value: o, label: OUTCOME_LABELS[o] }))}
                data-testid="outcome-choice"
              />
            </Form.Item>
            {outcome === 'extended' && (
              <Form.Item name="extendMonths" label="延长（月）">
                <InputNumber min={1} max={6} />
              </Form.Item>
            )}
            <Form.Item
              name="note"
              label="结论说明"
              rules={[{ required: true, min: 5, message: '请写明结论（至少 5 个字）' }]}
            >
              <Input.TextArea rows={3} maxLength={1000} data-testid="outcome-note" />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}
