import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, DatePicker, Form, Input, Modal, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { type ReactNode, useState } from 'react';
import type { WireOf } from '../../../../common/api.ts';
import { CHECK_LABELS, quadrantApi } from '../../../../common/contracts/quadrant.ts';
import { ApiError, call } from '../../../api/client.ts';
import { errorText } from '../../../components/errors.ts';
import { DecisionFilesField } from './decision-files.tsx';

type Decision = WireOf<typeof quadrantApi.decision>;
type Action = 'check' | 'talk' | 'adopt' | 'publicity' | 'object' | 'effect' | 'withdraw';
type Values = Record<string, string | string[] | Dayjs | undefined>;

const day = (v: unknown) =>
  v && typeof v === 'object' && 'format' in v ? (v as Dayjs).format('YYYY-MM-DD') : '';
const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
const ids = (v: unknown) => (Array.isArray(v) ? (v as string[]) : []);
const filesRule = (message: string) => [{ required: true, type: 'array' as const, min: 1, message }];

const ACTIONS: Record<
  Action,
  {
    label: string;
    title: string;
    primary?: boolean;
    fields(d: Decision): ReactNode;
    send(id: string, v: Values): Promise<unknown>;
  }
> = {
  check: {
    label: '记录核查',
    title: '凡提四必：记录一项核查',
    fields: (d) => (
      <>
        <Form.Item name="kind" label="核查事项" rules={[{ required: true, message: '请选择核查事项' }]}>
          <Select
            data-testid="quadrant-check-kind"
            options={d.checksNeeded.map((k) => ({ value: k, label: CHECK_LABELS[k] }))}
          />
        </Form.Item>
        <Form.Item name="result" label="结论" rules={[{ required: true, message: '请选择结论' }]}>
          <Select
            data-testid="quadrant-check-result"
            options={[
              { value: 'pass', label: '无问题' },
              { value: 'issue', label: '发现问题' },
            ]}
          />
        </Form.Item>
        <Form.Item name="note" label="说明">
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        <Form.Item name="fileIds" label="核查材料（须上传）" rules={filesRule('请上传核查材料')}>
          <DecisionFilesField decisionId={d.id} offered={d.files} label="上传核查材料" />
        </Form.Item>
      </>
    ),
    send: (id, v) =>
      call(quadrantApi.check, {
        params: { id },
        body: {
          kind: v.kind as never,
          result: v.result as never,
          note: text(v.note),
          fileIds: ids(v.fileIds),
        },
      }),
  },
  talk: {
    label: '谈心谈话',
    title: '记录谈心谈话与干部本人的书面说明',
    fields: (d) => (
      <>
        <Form.Item name="talkOn" label="谈话日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="talkBy" label="谈话人" rules={[{ required: true, message: '请填写谈话人' }]}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="note" label="谈话要点" rules={[{ required: true, message: '请记录谈话要点' }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Form.Item
          name="statement"
          label="干部本人书面说明"
          rules={[{ required: true, message: '请录入说明' }]}
        >
          <Input.TextArea rows={4} maxLength={4000} />
        </Form.Item>
        <Form.Item
          name="statementFileIds"
          label="书面说明原件（本人签字的扫描件或文档）"
          rules={filesRule('请上传干部本人签字的书面说明')}
        >
          <DecisionFilesField decisionId={d.id} offered={d.files} label="上传书面说明" />
        </Form.Item>
      </>
    ),
    send: (id, v) =>
      call(quadrantApi.talk, {
        params: { id },
        body: {
          talkOn: day(v.talkOn),
          talkBy: text(v.talkBy) ?? '',
          note: text(v.note) ?? '',
          statement: text(v.statement) ?? '',
          statementFileIds: ids(v.statementFileIds),
        },
      }),
  },
  adopt: {
    label: '部务会通过',
    title: '记录部务会研究通过',
    primary: true,
    fields: () => (
      <Form.Item name="meeting" label="部务会" rules={[{ required: true, message: '请填写部务会' }]}>
        <Input maxLength={120} placeholder="如：2026年第7次部务会" />
      </Form.Item>
    ),
    send: (id, v) => call(quadrantApi.adopt, { params: { id }, body: { meeting: text(v.meeting) ?? '' } }),
  },
  publicity: {
    label: '开始任前公示',
    title: '任前公示（5 个工作日）',
    fields: () => (
      <Form.Item name="from" label="公示开始日期" rules={[{ required: true, message: '请选择日期' }]}>
        <DatePicker />
      </Form.Item>
    ),
    send: (id, v) => call(quadrantApi.publicity, { params: { id }, body: { from: day(v.from) } }),
  },
  object: {
    label: '记录反映问题',
    title: '记录公示期间反映的问题（核查处理前决定不能生效）',
    fields: () => (
      <>
        <Form.Item name="text" label="反映的问题" rules={[{ required: true, message: '请填写' }]}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
        <Form.Item name="source" label="反映方式">
          <Input maxLength={120} placeholder="来信、来电、来访、网络等" />
        </Form.Item>
      </>
    ),
    send: (id, v) =>
      call(quadrantApi.objection, {
        params: { id },
        body: { text: text(v.text) ?? '', source: text(v.source) },
      }),
  },
  effect: {
    label: '决定生效',
    title: '记录决定机关与任免文号（生效后更新干部名册，不可撤回）',
    primary: true,
    fields: (d) => (
      <>
        <Form.Item name="body" label="决定机关" rules={[{ required: true, message: '请填写决定机关' }]}>
          <Input maxLength={60} placeholder="县委常委会" />
        </Form.Item>
        <Form.Item name="docNo" label="任免文号" rules={[{ required: true, message: '请填写任免文号' }]}>
          <Input maxLength={60} placeholder="县委〔2026〕31号" />
        </Form.Item>
        <Form.Item name="effectiveOn" label="生效日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker />
        </Form.Item>
        {d.statement && (
          <Form.Item
            name="answer"
            label="对干部本人说明的回应"
            rules={[{ required: true, message: '请回应干部本人的说明' }]}
          >
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        )}
      </>
    ),
    send: (id, v) =>
      call(quadrantApi.effect, {
        params: { id },
        body: {
          body: text(v.body) ?? '',
          docNo: text(v.docNo) ?? '',
          effectiveOn: day(v.effectiveOn),
          answer: text(v.answer),
        },
      }),
  },
  withdraw: {
    label: '撤回',
    title: '撤回尚未生效的决定',
    fields: () => (
      <Form.Item name="reason" label="撤回理由" rules={[{ required: true, message: '请写明理由' }]}>
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
    ),
    send: (id, v) => call(quadrantApi.withdraw, { params: { id }, body: { reason: text(v.reason) ?? '' } }),
  },
};

/** The steps the decision allows now, each a dialog. */
export function DecisionActions(props: { decision: Decision }) {
  const d = props.decision;
  const [open, setOpen] = useState<Action | null>(null);
  const [form] = Form.useForm();
  const { message } = App.useApp();
  const qc = useQueryClient();
  // The deciding body the department has set, filled in for the decision to take effect.
  const settings = useQuery({
    queryKey: ['quadrant', 'settings'],
    queryFn: () => call(quadrantApi.settings),
    enabled: d.can.effect,
  });
  const act = useMutation({
    mutationFn: (v: Values) => ACTIONS[open!].send(d.id, v),
    onSuccess: async () => {
      message.success(`已${ACTIONS[open!].label}`);
      setOpen(null);
      await qc.invalidateQueries({ queryKey: ['quadrant'] });
    },
    onError: (e) => {
      message.error(errorText(e));
      if (e instanceof ApiError && e.details)
        form.setFields(
          e.details.map((x) => ({ name: (x.path ?? '').split('.').pop() ?? '', errors: [x.message] })),
        );
    },
  });
  const allowed = (Object.keys(ACTIONS) as Action[]).filter((a) => d.can[a]);
  if (!allowed.length) return null;
  return (
    <>
      <Space wrap>
        {allowed.map((a) => (
          <Button
            key={a}
            type={ACTIONS[a].primary ? 'primary' : 'default'}
            danger={a === 'withdraw'}
            onClick={() => setOpen(a)}
            data-testid={`quadrant-action-${a}`}
          >
            {ACTIONS[a].label}
          </Button>
        ))}
      </Space>
      <Modal
        open={!!open}
        title={open ? ACTIONS[open].title : ''}
        onCancel={() => setOpen(null)}
        onOk={() => form.submit()}
        confirmLoading={act.isPending}
        destroyOnHidden
        okButtonProps={{ 'data-testid': 'quadrant-action-ok' } as never}
      >
        {open && (
          <Form
            form={form}
            layout="vertical"
            preserve={false}
            initialValues={open === 'effect' ? { body: settings.data?.params.decidingBody } : undefined}
            onFinish={(v) => act.mutate(v)}
          >
            {ACTIONS[open].fields(d)}
          </Form>
        )}
      </Modal>
    </>
  );
}
