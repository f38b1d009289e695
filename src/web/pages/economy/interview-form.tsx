import { useQueryClient } from '@tanstack/react-query';
import { App, Col, DatePicker, Drawer, Form, Input, Row, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { economyApi } from '../../../common/contracts/economy.ts';
import { orgApi } from '../../../common/contracts/org.ts';
import { call } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { RemoteSelect } from '../../components/remote-select.tsx';
import { DAY } from '../org/org-options.ts';
import { FormFooter, useSubmit } from './economy-bits.tsx';
import type { AlertView, InterviewView } from './economy-options.ts';

interface CadreOption {
  id: string;
  name: string;
  unitName?: string | null;
  post?: string | null;
}
const cadreLabel = (c: CadreOption) => `${c.name}（${[c.unitName, c.post].filter(Boolean).join(' ')}）`;

/** What the drawer starts from: an alert and one of its cadres, or nothing. */
export interface InterviewStart {
  alert?: Pick<AlertView, 'id' | 'title' | 'summary'> | null;
  cadreId?: string;
}

interface InterviewFormValues {
  alertId?: string;
  cadreId: string;
  interviewedOn: Dayjs;
  interviewers: string;
  issue: string;
  cadreAccount?: string;
  followUp: string;
  followUpDue: Dayjs;
}

/** 记录约谈: the record of an interview with a cadre, from an alert or on its own. */
export function InterviewDrawer(props: {
  start: InterviewStart | null;
  onClose(): void;
  onDone?(i: InterviewView): void;
}) {
  return (
    <Drawer
      title="记录约谈"
      open={!!props.start}
      onClose={props.onClose}
      size={680}
      destroyOnHidden
      mask={{ closable: false }}
    >
      {props.start && <InterviewForm start={props.start} onClose={props.onClose} onDone={props.onDone} />}
    </Drawer>
  );
}

function InterviewForm(props: { start: InterviewStart; onClose(): void; onDone?(i: InterviewView): void }) {
  const { message } = App.useApp();
  const { me } = useSession();
  const qc = useQueryClient();
  const [form] = Form.useForm<InterviewFormValues>();
  const { busy, error, run } = useSubmit();
  const alert = props.start.alert ?? null;
  const save = (v: InterviewFormValues) =>
    run(async () => {
      const created = await call(economyApi.createInterview, {
        body: {
          alertId: alert?.id ?? v.alertId ?? null,
          cadreId: v.cadreId,
          interviewedOn: v.interviewedOn.format(DAY),
          interviewers: v.interviewers,
          issue: v.issue,
          cadreAccount: v.cadreAccount ?? '',
          followUp: v.followUp,
          followUpDue: v.followUpDue.format(DAY),
        },
      });
      message.success(`已记录对${created.cadre.name}的约谈`);
      qc.invalidateQueries({ queryKey: ['economy'] });
      props.onDone?.(created);
      props.onClose();
    });
  const today = dayjs().startOf('day');
  return (
    <Form<InterviewFormValues>
      form={form}
      layout="vertical"
      onFinish={save}
      initialValues={{
        cadreId: props.start.cadreId,
        interviewedOn: today,
        followUpDue: today.add(1, 'month'),
        interviewers: me?.user.displayName ?? '',
        issue: alert?.summary ?? '',
      }}
    >
      {alert ? (
        <Typography.Paragraph>
          <Typography.Text type="secondary">预警：</Typography.Text>
          {alert.title}
        </Typography.Paragraph>
      ) : (
        <Form.Item name="alertId" label="关联预警（选填）">
          <RemoteSelect
            list={economyApi.alerts}
            one={economyApi.alert}
            label={(a) => `${a.title}（${a.scope?.name ?? ''}）`}
            placeholder="输入关键字搜索预警"
            data-testid="interview-alert"
          />
        </Form.Item>
      )}
      <Form.Item name="cadreId" label="约谈干部" rules={[{ required: true, message: '请选择干部' }]}>
        <RemoteSelect
          list={orgApi.listCadres}
          one={orgApi.getCadre}
          label={cadreLabel}
          placeholder="输入姓名搜索"
          data-testid="interview-cadre"
        />
      </Form.Item>
      <Row gutter={16}>
        <Col span={10}>
          <Form.Item
            name="interviewedOn"
            label="约谈日期"
            rules={[{ required: true, message: '请选择日期' }]}
          >
            <DatePicker
              style={{ width: '100%' }}
              disabledDate={(d) => d.isAfter(today, 'day')}
              data-testid="interview-date"
            />
          </Form.Item>
        </Col>
        <Col span={14}>
          <Form.Item
            name="interviewers"
            label="约谈人"
            rules={[{ required: true, whitespace: true, message: '请填写约谈人' }]}
          >
            <Input maxLength={100} placeholder="多人以顿号分隔" data-testid="interview-interviewers" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        name="issue"
        label="约谈事由"
        rules={[{ required: true, whitespace: true, min: 2, message: '请填写约谈事由' }]}
      >
        <Input.TextArea rows={3} maxLength={1000} showCount data-testid="interview-issue" />
      </Form.Item>
      <Form.Item name="cadreAccount" label="本人说明">
        <Input.TextArea rows={3} maxLength={2000} showCount data-testid="interview-account" />
      </Form.Item>
      <Form.Item
        name="followUp"
        label="跟进事项"
        rules={[{ required: true, whitespace: true, min: 2, message: '请填写整改跟进事项' }]}
      >
        <Input.TextArea rows={3} maxLength={1000} showCount data-testid="interview-followup" />
      </Form.Item>
      <Form.Item name="followUpDue" label="跟进期限" rules={[{ required: true, message: '请选择跟进期限' }]}>
        <DatePicker style={{ width: 200 }} data-testid="interview-due" />
      </Form.Item>
      <FormFooter error={error} busy={busy} testId="interview-save" onCancel={props.onClose} />
    </Form>
  );
}
