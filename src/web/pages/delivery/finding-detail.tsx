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
  Timeline,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { type ReactNode, useState } from 'react';
import { Link, useParams } from 'react-router';
import { deliveryApi } from '../../../common/contracts/delivery.ts';
import { call } from '../../api/client.ts';
import { errorText } from '../../components/errors.ts';
import { fmtTime } from '../../components/format.ts';
import { BackLink, Page, RecordLoading, refusedRecord, retryUnlessRefused } from '../../components/page.tsx';
import { DAY } from '../org/org-options.ts';
import {
  FINDING_STATUS_COLORS,
  type FindingDetail,
  findingStatusLabel,
  fmtNum,
  RECTIFICATION_STATUS_COLORS,
  rectificationStatusLabel,
  VERDICT_COLORS,
  verdictLabel,
} from './delivery-options.ts';
import { EvidenceGallery } from './evidence-photos.tsx';

export default function FindingDetailPage() {
  const { id = '' } = useParams();
  const q = useQuery({
    queryKey: ['delivery', 'finding', id],
    queryFn: () => call(deliveryApi.finding, { params: { id } }),
    retry: retryUnlessRefused,
  });
  const refused = refusedRecord(q.error, {
    title: '考察发现不存在',
    text: '该考察发现不存在，或不在您的查看范围内。',
    back: '/delivery/findings',
    backLabel: '返回考察发现',
  });
  if (refused) return refused;
  const d = q.data;
  return (
    <Page
      title="考察发现"
      subtitle={<BackLink to="/delivery/findings">返回考察发现</BackLink>}
      permission="delivery.read"
    >
      {!d ? (
        <RecordLoading error={q.error} />
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={15}>
            <Space orientation="vertical" size={16} style={{ width: '100%' }}>
              <FindingCard d={d} />
              <CheckCard d={d} />
              <HistoryCard d={d} />
            </Space>
          </Col>
          <Col xs={24} xl={9}>
            <Actions d={d} />
          </Col>
        </Row>
      )}
    </Page>
  );
}

function FindingCard({ d }: { d: FindingDetail }) {
  const f = d.finding;
  return (
    <Card>
      <Space size={8} wrap style={{ marginBottom: 12 }}>
        <Tag color={VERDICT_COLORS[f.kind]} style={{ fontSize: 14, padding: '2px 10px' }}>
          {verdictLabel(f.kind)}
        </Tag>
        <Tag color={FINDING_STATUS_COLORS[f.status]} data-testid="finding-status">
          {findingStatusLabel(f.status)}
        </Tag>
        {f.explanationOverdue && <Tag color="red">说明期限已过</Tag>}
      </Space>
      <Typography.Paragraph style={{ fontSize: 16 }} data-testid="finding-description">
        {f.description}
      </Typography.Paragraph>
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2 }}
        items={[
          {
            key: 'cadre',
            label: '干部',
            // The cadre's record, whose 时间轴 shows the finding from 待说明 on.
            children: (
              <Link to={`/org/cadres/${f.cadreId}`} data-testid="finding-cadre">
                {d.cadreName}
              </Link>
            ),
          },
          { key: 'unit', label: '单位', children: d.unitName ?? '—' },
          { key: 'item', label: '清单事项', children: d.itemTitle, span: 'filled' },
          {
            key: 'plan',
            label: '考察计划',
            children: d.can.readPlan ? (
              <Link to={`/delivery/plans/${f.planId}`}>{d.planTitle}</Link>
            ) : (
              d.planTitle
            ),
          },
          { key: 'due', label: '说明期限', children: f.explanationDue },
          { key: 'created', label: '发现时间', children: fmtTime(f.createdAt) },
          {
            key: 'rect',
            label: '整改',
            children: d.rectification ? (
              <Space size={6} wrap>
                <Link
                  to={`/delivery/rectifications/${d.rectification.id}`}
                  data-testid="finding-rectification"
                >
                  查看整改单
                </Link>
                <Tag color={RECTIFICATION_STATUS_COLORS[d.rectification.status]}>
                  {rectificationStatusLabel(d.rectification.status)}
                </Tag>
                {d.rectification.overdue && <Tag color="red">逾期</Tag>}
              </Space>
            ) : (
              '—'
            ),
          },
        ]}
      />
    </Card>
  );
}

function CheckCard({ d }: { d: FindingDetail }) {
  const k = d.check;
  return (
    <Card title="现场核验" size="small">
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 3 }}
        items={[
          { key: 'reported', label: '申报', children: fmtNum(k.reportedValue) },
          {
            key: 'verified',
            label: '现场核实',
            children: <Typography.Text strong>{fmtNum(k.verifiedValue)}</Typography.Text>,
          },
          {
            key: 'verdict',
            label: '结论',
            children: <Tag color={VERDICT_COLORS[k.verdict]}>{verdictLabel(k.verdict)}</Tag>,
          },
          { key: 'notes', label: '备注', span: 'filled', children: k.notes || '—' },
          { key: 'at', label: '核验时间', span: 'filled', children: fmtTime(k.checkedAt) },
        ]}
      />
      <Typography.Text strong style={{ display: 'block', margin: '8px 0' }}>
        现场照片
      </Typography.Text>
      <EvidenceGallery
        ownerType="delivery_check"
        ownerId={k.id}
        enabled={d.can.readPhotos}
        hiddenText="问题认定后可查看现场照片。"
        emptyText="未上传现场照片"
      />
    </Card>
  );
}

function HistoryCard({ d }: { d: FindingDetail }) {
  const f = d.finding;
  const o = d.rectification;
  const items: {
    key: string;
    at: string | null;
    /** Where the step sorts when its own time would put it before its cause. */
    after?: string | null;
    color: string;
    title: string;
    text?: ReactNode;
  }[] = [];
  // The finding arises from the check (whichever of the two was written first).
  const raisedAt = d.check.checkedAt && d.check.checkedAt < f.createdAt ? d.check.checkedAt : f.createdAt;
  items.push({
    key: 'created',
    at: raisedAt,
    color: 'red',
    title: `现场核验发现问题（${verdictLabel(f.kind)}），请于 ${f.explanationDue} 前说明`,
  });
  if (f.explainedAt)
    items.push({
      key: 'explained',
      at: f.explainedAt,
      color: 'blue',
      title: '作出说明',
      text: f.explanation,
    });
  if (f.finalAt)
    items.push({
      key: 'final',
      at: f.finalAt,
      color: 'red',
      title: '组织部门答复并认定问题',
      text: f.response,
    });
  else if (f.response && f.status === 'withdrawn' && !f.decidedAt)
    items.push({ key: 'withdrawn', at: null, color: 'gray', title: '组织部门答复并撤销', text: f.response });
  if (f.appealedAt)
    items.push({ key: 'appeal', at: f.appealedAt, color: 'purple', title: '干部申诉', text: f.appeal });
  if (f.decidedAt)
    items.push({
      key: 'decided',
      at: f.decidedAt,
      color: f.appealDecision === 'overturned' ? 'green' : 'red',
      title: f.appealDecision === 'overturned' ? '领导决定：申诉成立，撤销问题' : '领导决定：维持认定',
      text: f.appealReason,
    });
  if (f.status === 'withdrawn' && !f.response && !f.decidedAt)
    items.push({ key: 'withdrawn-check', at: null, color: 'gray', title: '核验结论改为“属实”，问题撤销' });
  if (o) {
    items.push({
      key: 'order',
      at: o.createdAt,
      after: f.finalAt,
      color: 'orange',
      title: `下达整改，期限 ${o.deadline}`,
      text: o.requirement,
    });
    if (o.repliedAt)
      items.push({ key: 'reply', at: o.repliedAt, color: 'blue', title: '单位回复整改', text: o.reply });
    if (o.recheckedAt)
      items.push({
        key: 'recheck',
        at: o.recheckedAt,
        color: o.status === 'closed' ? 'green' : 'orange',
        title: o.status === 'closed' ? '复核通过，销号' : `复核未通过，退回重改（第 ${o.reopenCount} 次）`,
        text: o.recheckNote,
      });
    if (o.status === 'cancelled')
      items.push({ key: 'cancelled', at: null, color: 'gray', title: '整改单撤销' });
  }
  // In time order; a step without its own time (a withdrawal) stays after the step before it.
  let last = '';
  const ordered = items
    .map((e, i) => {
      last = e.at ?? last;
      const sortAt = e.after && e.after > last ? e.after : last;
      return { ...e, sortAt, i };
    })
    .sort((a, b) => (a.sortAt < b.sortAt ? -1 : a.sortAt > b.sortAt ? 1 : a.i - b.i));
  return (
    <Card title="办理经过" size="small">
      <Timeline
        data-testid="finding-history"
        mode="start"
        titleSpan="150px"
        items={ordered.map((e) => ({
          key: e.key,
          color: e.color,
          title: e.at ? <Typography.Text type="secondary">{fmtTime(e.at)}</Typography.Text> : undefined,
          content: (
            <div>
              <Typography.Text strong>{e.title}</Typography.Text>
              {e.text && (
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: '4px 0 0' }}>
                  {e.text}
                </Typography.Paragraph>
              )}
            </div>
          ),
        }))}
      />
    </Card>
  );
}

/** What the reader may do now, by the finding's `can` flags and its dates (the server checks again). */
function Actions({ d }: { d: FindingDetail }) {
  const f = d.finding;
  const cards: ReactNode[] = [];
  if (d.can.explain) {
    if (!f.explanationOverdue) cards.push(<ExplainForm key="explain" d={d} />);
    else
      cards.push(
        <Card key="late" size="small" title="作出说明">
          <Alert type="warning" showIcon title={`说明期限（${f.explanationDue}）已过，等待组织部门答复。`} />
        </Card>,
      );
  }
  if (d.can.appeal) cards.push(<AppealForm key="appeal" d={d} />);
  if (d.can.finalize) {
    if (f.status === 'explained' || f.explanationOverdue) cards.push(<FinalizeForm key="finalize" d={d} />);
    else
      cards.push(
        <Card key="wait" size="small" title="答复并认定">
          <Alert
            type="info"
            showIcon
            title={`干部说明期限为 ${f.explanationDue}，收到说明或期满后才能答复认定。`}
          />
        </Card>,
      );
  }
  if (d.can.decide) cards.push(<DecideForm key="decide" d={d} />);
  if (cards.length === 0)
    cards.push(
      <Card key="none" size="small" title="办理">
        <Typography.Text type="secondary">
          {f.status === 'withdrawn'
            ? '该问题已撤销，无需办理。'
            : f.status === 'appealed'
              ? '申诉待领导决定。'
              : f.status === 'final'
                ? d.rectification
                  ? '问题已认定，按整改单整改。'
                  : '问题已认定。'
                : '当前无需您办理。'}
        </Typography.Text>
        {d.rectification?.can.reply && (
          <div style={{ marginTop: 12 }}>
            <Link to={`/delivery/rectifications/${d.rectification.id}`}>
              <Button type="primary">回复整改（期限 {d.rectification.deadline}）</Button>
            </Link>
          </div>
        )}
      </Card>,
    );
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {cards}
    </Space>
  );
}

/** Runs one step on the finding: busy while it goes, its error shown, the page refreshed after. */
function useAct() {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async (key: string, step: () => Promise<unknown>, done: string) => {
    setBusy(key);
    setError(null);
    try {
      await step();
      message.success(done);
      await qc.invalidateQueries({ queryKey: ['delivery'] });
      return true;
    } catch (e) {
      setError(errorText(e));
      return false;
    } finally {
      setBusy(null);
    }
  };
  return { busy, error, run };
}

const textRules = (what: string) => [
  { required: true, whitespace: true, message: `请填写${what}` },
  { min: 2, message: '至少 2 个字' },
  { max: 4000, message: '不能超过 4000 个字' },
];

function ExplainForm({ d }: { d: FindingDetail }) {
  const act = useAct();
  const params = { id: d.finding.id };
  const [form] = Form.useForm<{ text: string }>();
  return (
    <Card size="small" title="作出说明" data-testid="explain-card">
      <Typography.Paragraph type="secondary">
        请在 {d.finding.explanationDue}{' '}
        前说明情况（如进度数据的口径、未计入的原因等），组织部门将据此答复认定或撤销。
      </Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        onFinish={(body) =>
          act.run('explain', () => call(deliveryApi.explain, { params, body }), '说明已提交')
        }
      >
        <Form.Item name="text" rules={textRules('说明')}>
          <Input.TextArea
            rows={5}
            maxLength={4000}
            showCount
            placeholder="说明情况"
            data-testid="explain-text"
          />
        </Form.Item>
        {act.error && <Alert type="error" showIcon title={act.error} style={{ marginBottom: 12 }} />}
        <Button
          type="primary"
          htmlType="submit"
          loading={act.busy === 'explain'}
          data-testid="explain-submit"
        >
          提交说明
        </Button>
      </Form>
    </Card>
  );
}

function AppealForm({ d }: { d: FindingDetail }) {
  const act = useAct();
  const params = { id: d.finding.id };
  const [form] = Form.useForm<{ text: string }>();
  return (
    <Card size="small" title="申诉" data-testid="appeal-card">
      <Typography.Paragraph type="secondary">
        对认定的问题有异议的，可在认定后 5 个工作日内向部领导申诉一次，并写明理由。
      </Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        onFinish={(body) => act.run('appeal', () => call(deliveryApi.appeal, { params, body }), '申诉已提交')}
      >
        <Form.Item name="text" rules={textRules('申诉理由')}>
          <Input.TextArea
            rows={4}
            maxLength={4000}
            showCount
            placeholder="申诉理由"
            data-testid="appeal-text"
          />
        </Form.Item>
        {act.error && <Alert type="error" showIcon title={act.error} style={{ marginBottom: 12 }} />}
        <Button htmlType="submit" loading={act.busy === 'appeal'} data-testid="appeal-submit">
          申诉
        </Button>
      </Form>
    </Card>
  );
}

interface FinalizeFields {
  response: string;
  requirement?: string;
  deadline?: Dayjs | null;
}

function FinalizeForm({ d }: { d: FindingDetail }) {
  const { modal } = App.useApp();
  const act = useAct();
  const [form] = Form.useForm<FinalizeFields>();
  const f = d.finding;
  const submit = async (decision: 'maintain' | 'withdraw') => {
    let v: FinalizeFields;
    try {
      v = await form.validateFields(decision === 'maintain' ? undefined : ['response']);
    } catch {
      return;
    }
    const send = () =>
      act.run(
        decision,
        () =>
          call(deliveryApi.finalize, {
            params: { id: f.id },
            body: {
              decision,
              response: v.response,
              requirement: decision === 'maintain' ? v.requirement : null,
              deadline: decision === 'maintain' && v.deadline ? v.deadline.format(DAY) : null,
            },
          }),
        decision === 'maintain' ? '已认定问题，整改单已下达' : '已撤销该问题',
      );
    if (decision === 'withdraw')
      modal.confirm({
        title: '撤销该问题？',
        content: '撤销后不再认定，也不下达整改。',
        okText: '撤销',
        okButtonProps: { danger: true },
        onOk: send,
      });
    else await send();
  };
  return (
    <Card size="small" title="答复并认定" data-testid="finalize-card">
      {f.status === 'explained' ? (
        <Alert
          type="info"
          showIcon
          title="干部的说明"
          description={<span style={{ whiteSpace: 'pre-wrap' }}>{f.explanation}</span>}
          style={{ marginBottom: 12 }}
        />
      ) : (
        <Alert
          type="warning"
          showIcon
          title={`说明期限（${f.explanationDue}）已过，干部未作说明。`}
          style={{ marginBottom: 12 }}
        />
      )}
      <Form form={form} layout="vertical">
        <Form.Item name="response" label="答复意见" rules={textRules('答复意见')}>
          <Input.TextArea
            rows={3}
            maxLength={4000}
            placeholder="对干部说明的答复"
            data-testid="finalize-response"
          />
        </Form.Item>
        <Form.Item
          name="requirement"
          label="整改要求"
          rules={[
            { required: true, whitespace: true, message: '认定问题须写明整改要求' },
            { max: 2000, message: '不能超过 2000 个字' },
          ]}
        >
          <Input.TextArea
            rows={3}
            maxLength={2000}
            placeholder="认定时必填"
            data-testid="finalize-requirement"
          />
        </Form.Item>
        <Form.Item name="deadline" label="整改期限" extra="留空则为 20 个工作日后（按工作日历计算）。">
          <DatePicker
            style={{ width: '100%' }}
            disabledDate={(day) => !day.isAfter(dayjs(), 'day')}
            placeholder="默认 20 个工作日"
            data-testid="finalize-deadline"
          />
        </Form.Item>
        {act.error && (
          <Alert
            type="error"
            showIcon
            title={act.error}
            style={{ marginBottom: 12 }}
            data-testid="finalize-error"
          />
        )}
        <Space wrap>
          <Button
            type="primary"
            loading={act.busy === 'maintain'}
            onClick={() => submit('maintain')}
            data-testid="finalize-maintain"
          >
            答复并认定
          </Button>
          <Button
            danger
            loading={act.busy === 'withdraw'}
            onClick={() => submit('withdraw')}
            data-testid="finalize-withdraw"
          >
            撤销
          </Button>
        </Space>
      </Form>
    </Card>
  );
}

function DecideForm({ d }: { d: FindingDetail }) {
  const act = useAct();
  const [form] = Form.useForm<{ reason: string }>();
  const submit = async (decision: 'upheld' | 'overturned') => {
    let v: { reason: string };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    await act.run(
      decision,
      () => call(deliveryApi.decide, { params: { id: d.finding.id }, body: { decision, reason: v.reason } }),
      decision === 'upheld' ? '已维持认定' : '申诉成立，问题已撤销',
    );
  };
  return (
    <Card size="small" title="决定申诉" data-testid="decide-card">
      <Alert
        type="info"
        showIcon
        title="干部的申诉"
        description={<span style={{ whiteSpace: 'pre-wrap' }}>{d.finding.appeal}</span>}
        style={{ marginBottom: 12 }}
      />
      <Form form={form} layout="vertical">
        <Form.Item name="reason" label="决定理由" rules={textRules('决定理由')}>
          <Input.TextArea rows={3} maxLength={4000} data-testid="decide-reason" />
        </Form.Item>
        {act.error && <Alert type="error" showIcon title={act.error} style={{ marginBottom: 12 }} />}
        <Space wrap>
          <Button
            type="primary"
            loading={act.busy === 'upheld'}
            onClick={() => submit('upheld')}
            data-testid="decide-upheld"
          >
            维持
          </Button>
          <Button
            danger
            loading={act.busy === 'overturned'}
            onClick={() => submit('overturned')}
            data-testid="decide-overturned"
          >
            撤销
          </Button>
        </Space>
      </Form>
    </Card>
  );
}
