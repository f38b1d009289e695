import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Checkbox, Form, Input, Modal, Select } from 'antd';
import { useNavigate } from 'react-router';
import type { BodyOf } from '../../../../common/api.ts';
import { orgApi } from '../../../../common/contracts/org.ts';
import {
  DECISION_KIND_LABELS,
  DECISION_KINDS,
  DOWN_KINDS,
  quadrantApi,
  UP_KINDS,
} from '../../../../common/contracts/quadrant.ts';
import { ApiError, call } from '../../../api/client.ts';
import { errorText } from '../../../components/errors.ts';
import { RemoteSelect } from '../../../components/remote-select.tsx';
import { TEAM_PLACE_OPTIONS, useDict } from '../../org/org-options.ts';

type Draft = BodyOf<typeof quadrantApi.draft>;
export interface DraftSource {
  cadreId: string;
  cadreName: string;
  quarter: string;
  recommendationId: string | null;
  kind: 'promote' | 'adjust';
  reasons: string;
}

/** 拟定调整建议 from a candidate: the kind, the placement after it, the reasons. */
export function DraftDialog(props: { source: DraftSource | null; onClose(): void }) {
  const [form] = Form.useForm();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const nav = useNavigate();
  const ranks = useDict('rank');
  const kinds = DECISION_KINDS.filter((k) =>
    props.source?.kind === 'promote' ? UP_KINDS.includes(k) : !UP_KINDS.includes(k),
  );
  const save = useMutation({
    mutationFn: (body: Draft) => call(quadrantApi.draft, { body }),
    onSuccess: async (d) => {
      message.success('已拟定，提交部务会研究');
      await qc.invalidateQueries({ queryKey: ['quadrant'] });
      props.onClose();
      nav(`/quadrant/decisions/${d.id}`);
    },
    onError: (e) => {
      message.error(errorText(e));
      // body.target.post → the form's `post`
      if (e instanceof ApiError && e.details)
        form.setFields(
          e.details.map((d) => ({ name: (d.path ?? '').split('.').pop() ?? '', errors: [d.message] })),
        );
    },
  });
  const s = props.source;
  return (
    <Modal
      open={!!s}
      title={s ? `拟定调整建议：${s.cadreName}` : ''}
      okText="拟定"
      onCancel={props.onClose}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'quadrant-draft-ok' } as never}
    >
      {s && (
        <Form
          form={form}
          layout="vertical"
          preserve={false}
          initialValues={{ kind: kinds[0], reasons: s.reasons, petitionRaised: false }}
          onFinish={(v) =>
            save.mutate({
              cadreId: s.cadreId,
              recommendationId: s.recommendationId,
              quarter: s.quarter,
              kind: v.kind,
              reasons: v.reasons,
              petitionRaised: v.petitionRaised,
              target: { unitId: v.unitId, post: v.post, teamPlace: v.teamPlace, rankCode: v.rankCode },
            })
          }
        >
          <Form.Item name="kind" label="决定类型" rules={[{ required: true }]}>
            <Select
              options={kinds.map((k) => ({
                value: k,
                label: `${DECISION_KIND_LABELS[k]}${DOWN_KINDS.includes(k) ? '（落实“下”）' : ''}`,
              }))}
              data-testid="quadrant-draft-kind"
            />
          </Form.Item>
          <Form.Item name="unitId" label="调整后单位（不变则不填）">
            <RemoteSelect
              list={orgApi.listUnits}
              one={orgApi.getUnit}
              label={(u: { id: string; name: string }) => u.name}
              placeholder="单位"
            />
          </Form.Item>
          <Form.Item name="post" label="决定后职务" data-testid="quadrant-draft-post">
            <Input maxLength={80} placeholder="如：局长" />
          </Form.Item>
          <Form.Item name="teamPlace" label="班子位置">
            <Select allowClear options={TEAM_PLACE_OPTIONS} />
          </Form.Item>
          <Form.Item name="rankCode" label="决定后职级">
            <Select allowClear options={ranks} />
          </Form.Item>
          <Form.Item name="petitionRaised" valuePropName="checked">
            <Checkbox>有信访举报反映（须核查信访举报）</Checkbox>
          </Form.Item>
          <Form.Item name="reasons" label="理由" rules={[{ required: true, min: 5, message: '请写明理由' }]}>
            <Input.TextArea rows={4} maxLength={2000} />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
