import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Row,
  Space,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { deliveryApi } from '../../../common/contracts/delivery.ts';
import { call } from '../../api/client.ts';
import { errorText } from '../../components/errors.ts';
import { fmtTime } from '../../components/format.ts';
import { BackLink, Page, RecordLoading, refusedRecord, retryUnlessRefused } from '../../components/page.tsx';
import { DAY } from '../org/org-options.ts';
import {
  FINDING_STATUS_COLORS,
  findingStatusLabel,
  RECTIFICATION_STATUS_COLORS,
  type RectificationDetail,
  rectificationStatusLabel,
  VERDICT_COLORS,
  verdictLabel,
} from './delivery-options.ts';
import { EvidenceGallery, EvidenceUpload, useEvidence } from './evidence-photos.tsx';

const OWNER = 'delivery_rectification';

export default function RectificationDetailPage() {
  const { id = '' } = useParams();
  const q = useQuery({
    queryKey: ['delivery', 'rectification', id],
    queryFn: () => call(deliveryApi.rectification, { params: { id } }),
    retry: retryUnlessRefused,
  });
  const refused = refusedRecord(q.error, {
    title: '整改单不存在',
    text: '该整改单不存在，或不在您的查看范围内。',
    back: '/delivery/rectifications',
    backLabel: '返回整改看板',
  });
  if (refused) return refused;
  const d = q.data;
  return (
    <Page
      title="整改单"
      subtitle={<BackLink to="/delivery/rectifications">返回整改看板</BackLink>}
      permission="delivery.read"
    >
      {!d ? (
        <RecordLoading error={q.error} />
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={15}>
            <Space orientation="vertical" size={16} style={{ width: '100%' }}>
              <OrderCard d={d} />
              <SourceCard d={d} />
            </Space>
          </Col>
          <Col xs={24} xl={9}>
            <Space orientation="vertical" size={16} style={{ width: '100%' }}>
              {d.order.can.reply && <ReplyForm d={d} />}
              {d.order.can.recheck && <RecheckForm d={d} />}
              {!d.order.can.reply && !d.order.can.recheck && (
                <Card size="small" title="办理">
                  <Typography.Text type="secondary">
                    {d.order.status === 'open'
                      ? '等待单位整改并回复。'
                      : d.order.status === 'replied'
                        ? '单位已回复，等待复核（回复人和被考察干部本人不能复核）。'
                        : d.order.status === 'closed'
                          ? '整改已完成，复核销号。'
                          : '整改单已撤销（申诉成立）。'}
                  </Typography.Text>
                </Card>
              )}
            </Space>
          </Col>
        </Row>
      )}
    </Page>
  );
}

function OrderCard({ d }: { d: RectificationDetail }) {
  const o = d.order;
  return (
    <Card
      title={
        <Space size={8}>
          <span>整改要求</span>
          <Tag color={RECTIFICATION_STATUS_COLORS[o.status]} data-testid="rectification-status">
            {rectificationStatusLabel(o.status)}
          </Tag>
          {o.overdue && <Tag color="red">逾期</Tag>}
        </Space>
      }
    >
      <Typography.Paragraph style={{ fontSize: 16, whiteSpace: 'pre-wrap' }}>
        {o.requirement}
      </Typography.Paragraph>
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2 }}
        items={[
          {
            key: 'deadline',
            label: '整改期限',
            children: <Typography.Text type={o.overdue ? 'danger' : undefined}>{o.deadline}</Typography.Text>,
          },
          { key: 'created', label: '下达时间', children: fmtTime(o.createdAt) },
          {
            key: 'cadre',
            label: '干部',
            children: <Link to={`/org/cadres/${o.cadreId}`}>{d.finding.cadreName}</Link>,
          },
          { key: 'unit', label: '单位', children: d.finding.unitName ?? '—' },
          ...(o.reopenCount > 0
            ? [{ key: 'reopen', label: '退回重改', children: `${o.reopenCount} 次` }]
            : []),
          ...(o.reply
            ? [
                {
                  key: 'reply',
                  label: '单位回复',
                  span: 'filled' as const,
                  children: (
                    <div>
                      <div style={{ whiteSpace: 'pre-wrap' }} data-testid="rectification-reply">
                        {o.reply}
                      </div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {fmtTime(o.repliedAt)}
                      </Typography.Text>
                    </div>
                  ),
                },
              ]
            : []),
          ...(o.recheckNote
            ? [
                {
                  key: 'recheck',
                  label: o.status === 'closed' ? '复核意见（销号）' : '复核意见（退回）',
                  span: 'filled' as const,
                  children: (
                    <div>
                      <div style={{ whiteSpace: 'pre-wrap' }}>{o.recheckNote}</div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {fmtTime(o.recheckedAt)}
                      </Typography.Text>
                    </div>
                  ),
                },
              ]
            : []),
          ...(o.closedAt ? [{ key: 'closed', label: '销号时间', children: fmtTime(o.closedAt) }] : []),
        ]}
      />
      <Typography.Text strong style={{ display: 'block', margin: '12px 0 8px' }}>
        佐证材料
      </Typography.Text>
      <EvidenceGallery ownerType={OWNER} ownerId={o.id} emptyText="暂无佐证材料" />
    </Card>
  );
}

function SourceCard({ d }: { d: RectificationDetail }) {
  const f = d.finding.finding;
  const k = d.finding.check;
  return (
    <Card
      size="small"
      title="来源问题"
      extra={
        <Link to={`/delivery/findings/${f.id}`} data-testid="rectification-finding">
          查看考察发现
        </Link>
      }
    >
      <Space size={8} wrap style={{ marginBottom: 8 }}>
        <Tag color={VERDICT_COLORS[f.kind]}>{verdictLabel(f.kind)}</Tag>
        <Tag color={FINDING_STATUS_COLORS[f.status]}>{findingStatusLabel(f.status)}</Tag>
      </Space>
      <Typography.Paragraph>{f.description}</Typography.Paragraph>
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2 }}
        items={[
          { key: 'item', label: '清单事项', span: 'filled', children: d.finding.itemTitle },
          { key: 'checked', label: '核验时间', children: fmtTime(k.checkedAt) },
          { key: 'plan', label: '考察计划', children: d.finding.planTitle },
        ]}
      />
    </Card>
  );
}

function ReplyForm({ d }: { d: RectificationDetail }) {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ text: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const files = useEvidence(OWNER, d.order.id);
  const o = d.order;
  return (
    <Card size="small" title="回复整改" data-testid="reply-card">
      <Typography.Paragraph type="secondary">
        请在 {o.deadline}{' '}
        前写明整改情况，并先上传佐证材料（照片、文件等）再提交；提交后等待组织部门复核，期间不能补充材料。
      </Typography.Paragraph>
      {o.recheckNote && (
        <Alert
          type="warning"
          showIcon
          title="上次复核未通过"
          description={<span style={{ whiteSpace: 'pre-wrap' }}>{o.recheckNote}</span>}
          style={{ marginBottom: 12 }}
        />
      )}
      <Form
        form={form}
        layout="vertical"
        onFinish={async (v) => {
          setBusy(true);
          setError(null);
          try {
            await call(deliveryApi.reply, { params: { id: o.id }, body: v });
            message.success('整改情况已回复，等待复核');
            await qc.invalidateQueries({ queryKey: ['delivery'] });
          } catch (e) {
            setError(errorText(e));
          } finally {
            setBusy(false);
          }
        }}
      >
        <Form.Item
          name="text"
          label="整改情况"
          rules={[
            { required: true, whitespace: true, message: '请填写整改情况' },
            { min: 2, message: '至少 2 个字' },
            { max: 4000, message: '不能超过 4000 个字' },
          ]}
        >
          <Input.TextArea rows={5} maxLength={4000} showCount data-testid="reply-text" />
        </Form.Item>
        <Form.Item label="佐证材料" extra="可多次上传，支持图片、PDF、Office 文档，单个文件不超过 20 MB。">
          <Space orientation="vertical" size={8} style={{ width: '100%' }}>
            <EvidenceUpload ownerType={OWNER} ownerId={o.id} data-testid="reply-evidence" />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              已上传 {files.data?.length ?? 0} 个文件，见整改要求下方的“佐证材料”
            </Typography.Text>
          </Space>
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Button type="primary" htmlType="submit" loading={busy} data-testid="reply-submit">
          提交回复
        </Button>
      </Form>
    </Card>
  );
}

function RecheckForm({ d }: { d: RectificationDetail }) {
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ note: string; deadline?: Dayjs | null }>();
  const [busy, setBusy] = useState<'close' | 'reopen' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const o = d.order;
  const submit = async (result: 'close' | 'reopen') => {
    let v: { note: string; deadline?: Dayjs | null };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const send = async () => {
      setBusy(result);
      setError(null);
      try {
        await call(deliveryApi.recheck, {
          params: { id: o.id },
          body: {
            result,
            note: v.note,
            deadline: result === 'reopen' && v.deadline ? v.deadline.format(DAY) : null,
          },
        });
        message.success(result === 'close' ? '复核通过，已销号' : '已退回重改');
        await qc.invalidateQueries({ queryKey: ['delivery'] });
      } catch (e) {
        setError(errorText(e));
      } finally {
        setBusy(null);
      }
    };
    if (result === 'reopen')
      modal.confirm({
        title: '退回重改？',
        content: `单位将须在${v.deadline ? ` ${v.deadline.format(DAY)} ` : '新的期限（默认 10 个工作日）'}前再次整改并回复。`,
        okText: '退回',
        onOk: send,
      });
    else await send();
  };
  return (
    <Card size="small" title="复核" data-testid="recheck-card">
      <Typography.Paragraph type="secondary">
        对照整改要求和佐证材料复核（必要时到现场查看）。通过则销号；未通过则退回重改并给出新的期限。
      </Typography.Paragraph>
      <Form form={form} layout="vertical">
        <Form.Item
          name="note"
          label="复核意见"
          rules={[
            { required: true, whitespace: true, message: '请填写复核意见' },
            { min: 2, message: '至少 2 个字' },
            { max: 4000, message: '不能超过 4000 个字' },
          ]}
        >
          <Input.TextArea rows={4} maxLength={4000} data-testid="recheck-note" />
        </Form.Item>
        <Form.Item name="deadline" label="新的整改期限（仅退回时）" extra="留空则为 10 个工作日后。">
          <DatePicker
            style={{ width: '100%' }}
            disabledDate={(day) => !day.isAfter(dayjs(), 'day')}
            placeholder="默认 10 个工作日"
            data-testid="recheck-deadline"
          />
        </Form.Item>
        {error && (
          <Alert
            type="error"
            showIcon
            title={error}
            style={{ marginBottom: 12 }}
            data-testid="recheck-error"
          />
        )}
        <Space wrap>
          <Button
            type="primary"
            loading={busy === 'close'}
            onClick={() => submit('close')}
            data-testid="recheck-close"
          >
            销号
          </Button>
          <Button loading={busy === 'reopen'} onClick={() => submit('reopen')} data-testid="recheck-reopen">
            退回重改
          </Button>
        </Space>
      </Form>
    </Card>
  );
}
