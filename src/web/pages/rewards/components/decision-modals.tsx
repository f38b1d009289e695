import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Space,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { orgApi } from '../../../../common/contracts/org.ts';
import { rewardsApi } from '../../../../common/contracts/rewards.ts';
import { call } from '../../../api/client.ts';
import { errorText } from '../../../components/errors.ts';
import { fieldErrors } from '../../../components/form-errors.ts';
import { EvidenceUpload } from '../../delivery/evidence-photos.tsx';
import type { ApplicationDetail } from '../rewards-bits.tsx';

type Opinion = ApplicationDetail['opinions'][number];

/** A modal form that sends one request, shows its field errors and refreshes the module's data. */
function useSend<V>(onDone: () => void) {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return {
    busy,
    error,
    reset: () => setError(null),
    async send(
      form: ReturnType<typeof Form.useForm<V>>[0],
      fields: readonly string[],
      run: () => Promise<unknown>,
      done: string,
    ) {
      setBusy(true);
      setError(null);
      try {
        await run();
        message.success(done);
        await qc.invalidateQueries({ queryKey: ['rewards'] });
        onDone();
      } catch (e) {
        form.setFields(fieldErrors(e, fields) as never);
        setError(errorText(e));
      } finally {
        setBusy(false);
      }
    },
  };
}

const DECISIONS = {
  review: [
    { value: 'pass', label: '审核通过，报送审批' },
    { value: 'return', label: '退回单位修改' },
  ],
  approve: [
    { value: 'approve', label: '批准' },
    { value: 'return', label: '退回单位修改' },
    { value: 'reject', label: '不予批准' },
  ],
} as const;

/** 审核 or 审批: a decision and, when not passing, the reasons (which go back to the unit). */
export function DecisionModal(props: {
  step: 'review' | 'approve';
  app: ApplicationDetail;
  open: boolean;
  onClose: () => void;
}) {
  const [form] = Form.useForm<{ decision: string; note?: string }>();
  const s = useSend<{ decision: string; note?: string }>(props.onClose);
  const decision = Form.useWatch('decision', form);
  const passing = decision === 'pass' || decision === 'approve';
  return (
    <Modal
      title={props.step === 'review' ? '审核奖励申报' : '审批奖励申报'}
      open={props.open}
      onCancel={props.onClose}
      destroyOnHidden
      okText="确定"
      okButtonProps={{ loading: s.busy, 'data-testid': 'decision-ok' } as never}
      onOk={() => form.submit()}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ decision: DECISIONS[props.step][0].value }}
        onFinish={(v) =>
          s.send(
            form,
            ['note'],
            () =>
              props.step === 'review'
                ? call(rewardsApi.review, { params: { id: props.app.id }, body: v as never })
                : call(rewardsApi.approve, { params: { id: props.app.id }, body: v as never }),
            '已办理',
          )
        }
      >
        <Form.Item name="decision" label="意见">
          <Radio.Group options={[...DECISIONS[props.step]]} data-testid="decision" />
        </Form.Item>
        <Form.Item
          name="note"
          label={passing ? '备注' : '理由（退回单位时一并告知）'}
          rules={passing ? [] : [{ required: true, min: 2, message: '请写明理由' }]}
        >
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
        {!passing && props.step === 'approve' && decision === 'reject' && (
          <Alert type="warning" showIcon title="不予批准后申报即告终结，不能再提交。" />
        )}
      </Form>
      {s.error && <Alert type="error" showIcon title={s.error} />}
    </Modal>
  );
}

/** 兑现: the reward's document number, the bonus and the day it was paid. */
export function AwardModal(props: { app: ApplicationDetail; open: boolean; onClose: () => void }) {
  type V = { documentNo: string; bonus?: number; paidOn?: Dayjs };
  const [form] = Form.useForm<V>();
  const s = useSend<V>(props.onClose);
  return (
    <Modal
      title="登记兑现"
      open={props.open}
      onCancel={props.onClose}
      destroyOnHidden
      okText="确认兑现"
      okButtonProps={{ loading: s.busy, 'data-testid': 'award-ok' } as never}
      onOk={() => form.submit()}
    >
      <Typography.Paragraph type="secondary">
        兑现后奖励记入{props.app.collective ? '集体每位成员' : '干部'}的时间轴，不可撤回。
      </Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          s.send(
            form,
            ['documentNo', 'bonus', 'paidOn'],
            () =>
              call(rewardsApi.award, {
                params: { id: props.app.id },
                body: {
                  documentNo: v.documentNo,
                  bonus: v.bonus ?? null,
                  paidOn: v.paidOn?.format('YYYY-MM-DD') ?? null,
                },
              }),
            '已兑现',
          )
        }
      >
        <Form.Item name="documentNo" label="奖励文件文号" rules={[{ required: true, message: '请填写文号' }]}>
          <Input placeholder="如：玉组〔2026〕45号" data-testid="award-doc" />
        </Form.Item>
        <Space>
          <Form.Item name="bonus" label="奖金（元）">
            <InputNumber min={0} max={1_000_000} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="paidOn" label="发放日期">
            <DatePicker />
          </Form.Item>
        </Space>
      </Form>
      {s.error && <Alert type="error" showIcon title={s.error} />}
    </Modal>
  );
}

/** 会签: the departments asked for an opinion, each with what is asked. */
export function OpinionRequestModal(props: { app: ApplicationDetail; open: boolean; onClose: () => void }) {
  type V = { requests: { unitId?: string; topic: string }[] };
  const [form] = Form.useForm<V>();
  const s = useSend<V>(props.onClose);
  const units = useQuery({
    queryKey: ['rewards', 'units'],
    enabled: props.open,
    queryFn: () => call(orgApi.listUnits, { query: { page: 1, pageSize: 200 } }),
  });
  const options = (units.data?.items ?? [])
    .filter((u) => u.id !== props.app.unitId)
    .map((u) => ({ value: u.id, label: u.name }));
  return (
    <Modal
      title="发起会签"
      open={props.open}
      onCancel={props.onClose}
      destroyOnHidden
      width={640}
      okText="发送"
      okButtonProps={{ loading: s.busy, 'data-testid': 'opinion-request-ok' } as never}
      onOk={() => form.submit()}
    >
      <Typography.Paragraph type="secondary">
        各部门并行回复，各有期限；回复进入其单位管理员的待办。申报单位不能会签自己的申报。
      </Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ requests: [{ topic: '廉政意见' }] }}
        onFinish={(v) =>
          s.send(
            form,
            ['requests'],
            () =>
              call(rewardsApi.requestOpinions, {
                params: { id: props.app.id },
                body: { requests: v.requests.filter((r) => r.unitId) as { unitId: string; topic: string }[] },
              }),
            '已发起会签',
          )
        }
      >
        <Form.List name="requests">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="baseline">
                  <Form.Item name={[f.name, 'unitId']} rules={[{ required: true, message: '请选择部门' }]}>
                    <Select
                      showSearch={{ optionFilterProp: 'label' }}
                      style={{ width: 260 }}
                      placeholder="会签部门"
                      options={options}
                      data-testid="opinion-unit"
                    />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'topic']}
                    rules={[{ required: true, message: '请写明征求何种意见' }]}
                  >
                    <Input style={{ width: 180 }} placeholder="如：廉政意见" />
                  </Form.Item>
                  {fields.length > 1 && <Button onClick={() => remove(f.name)}>移除</Button>}
                </Space>
              ))}
              <Button onClick={() => add({ topic: '主管部门意见' })}>增加会签部门</Button>
            </>
          )}
        </Form.List>
      </Form>
      {s.error && <Alert type="error" showIcon title={s.error} style={{ marginTop: 12 }} />}
    </Modal>
  );
}

/** A department's answer: given by its administrator, or recorded from paper with the scan. */
export function OpinionAnswerModal(props: { opinion: Opinion | null; paper: boolean; onClose: () => void }) {
  type V = { status: 'agree' | 'disagree'; opinion: string };
  const [form] = Form.useForm<V>();
  const s = useSend<V>(props.onClose);
  const [scan, setScan] = useState<string | null>(null);
  const o = props.opinion;
  return (
    <Modal
      title={props.paper ? '登记纸质会签意见' : '回复会签意见'}
      open={!!o}
      onCancel={props.onClose}
      destroyOnHidden
      okText="提交"
      okButtonProps={
        { loading: s.busy, disabled: props.paper && !scan, 'data-testid': 'opinion-answer-ok' } as never
      }
      onOk={() => form.submit()}
    >
      {o && (
        <Typography.Paragraph>
          {o.unitName} · {o.topic}（{o.dueOn} 前）
        </Typography.Paragraph>
      )}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ status: 'agree' }}
        onFinish={(v) =>
          o &&
          s.send(
            form,
            ['status', 'opinion'],
            () =>
              props.paper
                ? call(rewardsApi.recordOpinion, { params: { id: o.id }, body: { ...v, evidenceId: scan! } })
                : call(rewardsApi.answerOpinion, { params: { id: o.id }, body: v }),
            '会签意见已登记',
          )
        }
      >
        <Form.Item name="status" label="结论">
          <Radio.Group
            options={[
              { value: 'agree', label: '同意' },
              { value: 'disagree', label: '不同意' },
            ]}
          />
        </Form.Item>
        <Form.Item name="opinion" label="意见" rules={[{ required: true, min: 2, message: '请填写意见' }]}>
          <Input.TextArea rows={3} maxLength={1000} data-testid="opinion-text" />
        </Form.Item>
        {props.paper && o && (
          <Form.Item label="纸质回复扫描件" required>
            <EvidenceUpload
              ownerType="rewards_opinion"
              ownerId={o.id}
              label="上传扫描件"
              onUploaded={(m) => setScan(m.id)}
            />
            {scan && <Typography.Text type="success">已上传</Typography.Text>}
          </Form.Item>
        )}
      </Form>
      {s.error && <Alert type="error" showIcon title={s.error} />}
    </Modal>
  );
}
