import { PlusOutlined, StarOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tooltip,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { sceneApi } from '../../../../common/contracts/scene.ts';
import { call } from '../../../api/client.ts';
import { errorText } from '../../../components/errors.ts';
import { fmtTime } from '../../../components/format.ts';
import { DecideButtons, NominationStatusTag } from '../scene-bits.tsx';
import { type ActivityDetail, f2, type NominationView } from '../scene-options.ts';

/** The nominations of 担当作为突出 from this activity, and a leader's decision on each. */
export function NominationsCard({ a, onChanged }: { a: ActivityDetail; onChanged(): void }) {
  const [nominating, setNominating] = useState(false);
  const nominated = new Set(a.nominations.map((n) => n.cadreId));
  // A nomination rests on a record of this activity: an observation or a score.
  const onRecord =
    a.kind === 'event'
      ? (a.ranking?.participants ?? []).map((r) => ({
          id: r.cadreId,
          label: `${r.name}（第 ${r.rank} 名，${r.calibrated ? `校正后 ${f2(r.calibrated.estimate)}` : `平均 ${f2(r.raw)}`}）`,
        }))
      : a.observations.map((o) => ({
          id: o.cadreId,
          label: `${o.cadreName}（${o.unitName ?? ''} ${o.post ?? ''}）`,
        }));
  const candidates = onRecord.filter((c) => !nominated.has(c.id));
  return (
    <Card
      title={
        <Space>
          <StarOutlined />
          担当作为突出推荐
        </Space>
      }
      extra={
        a.can.nominate && (
          <Tooltip
            title={candidates.length ? undefined : '本次活动中有观察记录或评分、且尚未推荐的干部才能推荐'}
          >
            <Button
              icon={<PlusOutlined />}
              onClick={() => setNominating(true)}
              disabled={candidates.length === 0}
              data-testid="nomination-create"
            >
              推荐担当作为突出
            </Button>
          </Tooltip>
        )
      }
    >
      <Table<NominationView>
        rowKey="id"
        size="small"
        dataSource={a.nominations}
        pagination={false}
        scroll={{ x: 860 }}
        data-testid="nomination-table"
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚无推荐" /> }}
        columns={[
          {
            title: '干部',
            dataIndex: 'cadreName',
            width: 100,
            render: (v: string, n) => <Link to={`/org/cadres/${n.cadreId}`}>{v}</Link>,
          },
          {
            title: '推荐理由',
            dataIndex: 'reason',
            render: (v: string) => <span style={{ whiteSpace: 'pre-wrap' }}>{v}</span>,
          },
          {
            title: '推荐时间',
            dataIndex: 'createdAt',
            width: 110,
            render: (v: string) => (
              <Typography.Text type="secondary">{fmtTime(v).slice(0, 10)}</Typography.Text>
            ),
          },
          {
            title: '状态',
            dataIndex: 'status',
            width: 200,
            render: (_: unknown, n) =>
              n.can.decide ? (
                <Space orientation="vertical" size={4}>
                  <NominationStatusTag status={n.status} />
                  <DecideButtons n={n} onDone={onChanged} />
                </Space>
              ) : (
                <Space orientation="vertical" size={2}>
                  <NominationStatusTag status={n.status} />
                  {n.decidedAt && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {fmtTime(n.decidedAt).slice(0, 10)}
                      {n.decisionNote ? `：${n.decisionNote}` : ''}
                    </Typography.Text>
                  )}
                </Space>
              ),
          },
        ]}
      />
      <NominateModal
        a={a}
        open={nominating}
        candidates={candidates}
        onClose={() => setNominating(false)}
        onDone={() => {
          setNominating(false);
          onChanged();
        }}
      />
    </Card>
  );
}

function NominateModal(props: {
  a: ActivityDetail;
  open: boolean;
  candidates: { id: string; label: string }[];
  onClose(): void;
  onDone(): void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ cadreId?: string; reason?: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (f: { cadreId?: string; reason?: string }) => {
    setBusy(true);
    setError(null);
    try {
      await call(sceneApi.nominate, {
        params: { id: props.a.id },
        // The form requires both before it submits.
        body: { cadreId: f.cadreId!, reason: f.reason?.trim() ?? '' },
      });
      message.success('已推荐，待组织部领导确认');
      props.onDone();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      title="推荐担当作为突出"
      open={props.open}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText="推荐"
      okButtonProps={{ 'data-testid': 'nomination-save' } as never}
      confirmLoading={busy}
      destroyOnHidden
      afterClose={() => setError(null)}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" preserve={false} onFinish={submit}>
        <Form.Item
          name="cadreId"
          label="干部"
          extra="限本次活动中有观察记录或评分的干部"
          rules={[{ required: true, message: '请选择干部' }]}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="选择干部"
            options={props.candidates.map((c) => ({ value: c.id, label: c.label }))}
            data-testid="nomination-cadre"
          />
        </Form.Item>
        <Form.Item
          name="reason"
          label="推荐理由"
          rules={[
            { required: true, whitespace: true, message: '请填写推荐理由' },
            { min: 5, message: '推荐理由至少 5 个字' },
            { max: 1000, message: '不能超过 1000 个字' },
          ]}
        >
          <Input.TextArea
            rows={4}
            maxLength={1000}
            showCount
            placeholder="在本次活动中担当作为的具体表现"
            data-testid="nomination-reason"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
