import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  type ButtonProps,
  Col,
  DatePicker,
  Form,
  Input,
  Modal,
  Radio,
  Row,
  Select,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { type ReactNode, useState } from 'react';
import { orgApi } from '../../../../common/contracts/org.ts';
import { call } from '../../../api/client.ts';
import { errorText } from '../../../components/errors.ts';
import { fieldErrors } from '../../../components/form-errors.ts';
import { RemoteSelect } from '../../../components/remote-select.tsx';
import {
  type CadreDetail,
  DAY,
  TEAM_PLACE_OPTIONS,
  type TeamPlace,
  unitLabel,
  useDict,
} from '../org-options.ts';

/**
 * A form in a modal that sends one appointment to its endpoint, shows the server's message (and
 * field errors next to their fields), and refreshes the page.
 */
function ActionModal<V extends object>(props: {
  open: boolean;
  onClose(): void;
  title: string;
  okText: string;
  danger?: boolean;
  initialValues: Partial<V>;
  send(v: V): Promise<unknown>;
  /** The form's fields that the endpoint's body names alike (for field errors). */
  fields: readonly (keyof V & string)[];
  success: string;
  intro?: ReactNode;
  children: ReactNode;
}) {
  const [form] = Form.useForm<V>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const qc = useQueryClient();
  const { message } = App.useApp();
  return (
    <Modal
      title={props.title}
      open={props.open}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={props.okText}
      okButtonProps={{ danger: props.danger, 'data-testid': 'action-submit' } as ButtonProps}
      confirmLoading={busy}
      width={640}
      destroyOnHidden
      afterClose={() => setError(null)}
    >
      {props.intro}
      {error && (
        <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="action-error" />
      )}
      <Form<V>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={props.initialValues as never}
        onFinish={async (v) => {
          setBusy(true);
          try {
            await props.send(v);
            setError(null);
            message.success(props.success);
            props.onClose();
            await qc.invalidateQueries({ queryKey: ['org'] });
          } catch (e) {
            setError(errorText(e));
            // The names are the form's own fields; antd cannot see that through the generic V.
            form.setFields(fieldErrors(e, props.fields) as Parameters<typeof form.setFields>[0]);
          } finally {
            setBusy(false);
          }
        }}
      >
        {props.children}
      </Form>
    </Modal>
  );
}

const blank = (s?: string | null) => s?.trim() || null;

interface TransferValues {
  unitId: string;
  post: string;
  teamPlace: TeamPlace;
  rankCode?: string;
  roleTypeCode?: string;
  date: Dayjs;
  docNo?: string;
  note?: string;
}

/** 调动 to another unit. */
export function TransferModal({ c, open, onClose }: { c: CadreDetail; open: boolean; onClose(): void }) {
  const ranks = useDict('rank');
  const roleTypes = useDict('role_type');
  return (
    <ActionModal<TransferValues>
      open={open}
      onClose={onClose}
      title={`调动：${c.name}`}
      okText="确认调动"
      success={`${c.name} 已调动`}
      fields={['unitId', 'post', 'teamPlace', 'rankCode', 'roleTypeCode', 'date', 'docNo', 'note']}
      initialValues={{
        teamPlace: c.teamPlace ?? undefined,
        rankCode: c.rankCode ?? undefined,
        roleTypeCode: c.roleTypeCode ?? undefined,
        date: dayjs(),
      }}
      send={(v) =>
        call(orgApi.transfer, {
          params: { id: c.id },
          body: {
            unitId: v.unitId,
            post: v.post.trim(),
            teamPlace: v.teamPlace,
            rankCode: v.rankCode ?? null,
            roleTypeCode: v.roleTypeCode ?? null,
            date: v.date.format(DAY),
            docNo: blank(v.docNo),
            note: blank(v.note),
          },
        })
      }
      intro={
        <Typography.Paragraph type="secondary">
          现任 {c.unitName ?? '—'} {c.post ?? ''}。调动后原任职于调动日前一天结束，并从原单位班子分工中移出；
          {''}
          在调入单位的分工记为“分工待定”，请调入单位补充分工。
        </Typography.Paragraph>
      }
    >
      <Row gutter={16}>
        <Col span={14}>
          <Form.Item name="unitId" label="调入单位" rules={[{ required: true, message: '请选择调入单位' }]}>
            <RemoteSelect
              list={orgApi.listUnits}
              one={orgApi.getUnit}
              label={unitLabel}
              data-testid="transfer-unit"
            />
          </Form.Item>
        </Col>
        <Col span={10}>
          <Form.Item
            name="post"
            label="职务"
            rules={[{ required: true, whitespace: true, message: '请填写职务' }]}
          >
            <Input placeholder="如 副局长" data-testid="transfer-post" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item
            name="teamPlace"
            label="班子位置"
            rules={[{ required: true, message: '请选择班子位置' }]}
          >
            <Select options={TEAM_PLACE_OPTIONS} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="rankCode" label="职级">
            <Select allowClear options={ranks} placeholder="不变" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="roleTypeCode" label="角色类型">
            <Select allowClear options={roleTypes} placeholder="不变" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="date" label="调动日期" rules={[{ required: true, message: '请选择调动日期' }]}>
            <DatePicker style={{ width: '100%' }} data-testid="transfer-date" />
          </Form.Item>
        </Col>
        <Col span={16}>
          <Form.Item name="docNo" label="文号" rules={[{ max: 60 }]}>
            <Input placeholder="选填" />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name="note" label="备注" rules={[{ max: 500 }]}>
            <Input.TextArea rows={2} placeholder="选填" />
          </Form.Item>
        </Col>
      </Row>
    </ActionModal>
  );
}

interface PostValues {
  kind: 'appoint' | 'promote' | 'demote';
  post: string;
  teamPlace: TeamPlace;
  rankCode?: string;
  date: Dayjs;
  docNo?: string;
}

/** 任职 / 晋升 / 降职 within the unit. */
export function ChangePostModal({ c, open, onClose }: { c: CadreDetail; open: boolean; onClose(): void }) {
  const ranks = useDict('rank');
  return (
    <ActionModal<PostValues>
      open={open}
      onClose={onClose}
      title={`职务变动：${c.name}`}
      okText="确认变动"
      success={`${c.name} 的职务已变动`}
      fields={['kind', 'post', 'teamPlace', 'rankCode', 'date', 'docNo']}
      initialValues={{
        kind: 'appoint',
        post: c.post ?? undefined,
        teamPlace: c.teamPlace ?? undefined,
        rankCode: c.rankCode ?? undefined,
        date: dayjs(),
      }}
      send={(v) =>
        call(orgApi.changePost, {
          params: { id: c.id },
          body: {
            kind: v.kind,
            post: v.post.trim(),
            teamPlace: v.teamPlace,
            rankCode: v.rankCode ?? null,
            date: v.date.format(DAY),
            docNo: blank(v.docNo),
          },
        })
      }
      intro={
        <Typography.Paragraph type="secondary">
          在 {c.unitName ?? '本单位'} 内变动职务；调往其他单位请用“调动”。
        </Typography.Paragraph>
      }
    >
      <Row gutter={16}>
        <Col span={24}>
          <Form.Item name="kind" label="类型" rules={[{ required: true }]}>
            <Radio.Group
              optionType="button"
              options={[
                { value: 'appoint', label: '任职' },
                { value: 'promote', label: '晋升' },
                { value: 'demote', label: '降职' },
              ]}
            />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item
            name="post"
            label="职务"
            rules={[{ required: true, whitespace: true, message: '请填写职务' }]}
          >
            <Input />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item
            name="teamPlace"
            label="班子位置"
            rules={[{ required: true, message: '请选择班子位置' }]}
          >
            <Select options={TEAM_PLACE_OPTIONS} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="rankCode" label="职级">
            <Select allowClear options={ranks} placeholder="不变" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="date" label="日期" rules={[{ required: true, message: '请选择日期' }]}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name="docNo" label="文号" rules={[{ max: 60 }]}>
            <Input placeholder="选填" />
          </Form.Item>
        </Col>
      </Row>
    </ActionModal>
  );
}

interface RetireValues {
  kind: 'retire' | 'leave';
  date: Dayjs;
  docNo?: string;
}

/** 退休 / 离任. */
export function RetireModal({ c, open, onClose }: { c: CadreDetail; open: boolean; onClose(): void }) {
  return (
    <ActionModal<RetireValues>
      open={open}
      onClose={onClose}
      title={`退休/离任：${c.name}`}
      okText="确认办理"
      danger
      success={`已办理 ${c.name} 的退休/离任`}
      fields={['kind', 'date', 'docNo']}
      initialValues={{ kind: 'retire', date: dayjs() }}
      send={(v) =>
        call(orgApi.retire, {
          params: { id: c.id },
          body: { kind: v.kind, date: v.date.format(DAY), docNo: blank(v.docNo) },
        })
      }
      intro={
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={`确定为 ${c.name}（${c.unitName ?? ''} ${c.post ?? ''}）办理退休或离任？`}
          description="办理后现任职务在前一天结束，并从本单位班子分工中移出；以往的任免、分工和考核记录全部保留。此操作不能撤销，名册默认不再显示此人（可按“已退休/已离任”筛选查看）。"
        />
      }
    >
      <Row gutter={16}>
        <Col span={24}>
          <Form.Item name="kind" label="类型" rules={[{ required: true }]}>
            <Radio.Group
              optionType="button"
              options={[
                { value: 'retire', label: '退休' },
                { value: 'leave', label: '离任' },
              ]}
            />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="date" label="日期" rules={[{ required: true, message: '请选择日期' }]}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="docNo" label="文号" rules={[{ max: 60 }]}>
            <Input placeholder="选填" />
          </Form.Item>
        </Col>
      </Row>
    </ActionModal>
  );
}
