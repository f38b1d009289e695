import { useMutation } from '@tanstack/react-query';
import { Alert, DatePicker, Form, Modal } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useNavigate } from 'react-router';
import { orgApi } from '../../../../common/contracts/org.ts';
import { reportsApi } from '../../../../common/contracts/reports.ts';
import { call } from '../../../api/client.ts';
import { errorText } from '../../../components/errors.ts';
import { RemoteSelect } from '../../../components/remote-select.tsx';
import { DAY } from '../../org/org-options.ts';

/** Drafting a cadre's 考察材料: the cadre and the period; the server drafts it from the records. */
export function DraftModal(props: { open: boolean; onClose: () => void; cadreId?: string }) {
  const [form] = Form.useForm<{ cadreId: string; period: [Dayjs, Dayjs] }>();
  const navigate = useNavigate();
  const draft = useMutation({
    mutationFn: (v: { cadreId: string; period: [Dayjs, Dayjs] }) =>
      call(reportsApi.draft, {
        body: { cadreId: v.cadreId, from: v.period[0].format(DAY), to: v.period[1].format(DAY) },
      }),
    onSuccess: (r) => navigate(`/reports/cadre-reports/${r.id}`),
  });
  return (
    <Modal
      open={props.open}
      title="起草干部考察材料"
      okText="根据平台记录起草"
      onCancel={props.onClose}
      onOk={() => form.submit()}
      confirmLoading={draft.isPending}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'draft-submit' } as never}
    >
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title="按德、能、勤、绩、廉和主要不足六个部分起草，每条表述注明依据的平台记录；起草后由考察组修改、组织部领导定稿。"
      />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ cadreId: props.cadreId, period: [dayjs().startOf('year'), dayjs()] }}
        onFinish={(v) => draft.mutate(v)}
      >
        <Form.Item name="cadreId" label="干部" rules={[{ required: true, message: '请选择干部' }]}>
          <RemoteSelect
            list={orgApi.listCadres}
            one={orgApi.getCadre}
            label={(c: { id: string; name: string; unitName?: string | null }) =>
              `${c.name}${c.unitName ? `（${c.unitName}）` : ''}`
            }
            placeholder="输入姓名搜索"
            data-testid="draft-cadre"
          />
        </Form.Item>
        <Form.Item name="period" label="考察期" rules={[{ required: true, message: '请选择考察期' }]}>
          <DatePicker.RangePicker style={{ width: '100%' }} allowClear={false} />
        </Form.Item>
        {draft.isError && <Alert type="error" showIcon title={errorText(draft.error)} />}
      </Form>
    </Modal>
  );
}
