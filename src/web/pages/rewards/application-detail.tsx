import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Popconfirm,
  Skeleton,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import {
  LINK_TYPE_LABELS,
  OPINION_STATUS_LABELS,
  rewardsApi,
  STEP_LABELS,
} from '../../../common/contracts/rewards.ts';
import { ROLE_LABELS, type Role } from '../../../common/roles.ts';
import { call } from '../../api/client.ts';
import { errorText } from '../../components/errors.ts';
import { fmtDate, fmtTime } from '../../components/format.ts';
import { Page } from '../../components/page.tsx';
import { EvidenceGallery, EvidenceUpload } from '../delivery/evidence-photos.tsx';
import { ApplyModal } from './components/apply-modal.tsx';
import {
  AwardModal,
  DecisionModal,
  OpinionAnswerModal,
  OpinionRequestModal,
} from './components/decision-modals.tsx';
import { type ApplicationDetail, ClockTag, OverdueTag, StatusTag } from './rewards-bits.tsx';

type Step = ApplicationDetail['steps'][number];
type Opinion = ApplicationDetail['opinions'][number];
const OUTCOME = { passed: '办结', returned: '退回', rejected: '不予批准' } as const;

export default function ApplicationDetailPage() {
  const { id } = useParams();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: ['rewards', 'application', id],
    queryFn: () => call(rewardsApi.get, { params: { id: id! } }),
  });
  const [modal, setModal] = useState<null | 'edit' | 'review' | 'approve' | 'award' | 'opinions'>(null);
  const [answering, setAnswering] = useState<{ o: Opinion; paper: boolean } | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const a = q.data;
  if (q.isError)
    return (
      <Page title="奖励申报">
        <Alert type="error" showIcon title={errorText(q.error)} />
      </Page>
    );
  if (!a)
    return (
      <Page title="奖励申报">
        <Skeleton active />
      </Page>
    );
  const submit = async () => {
    setSubmitting(true);
    try {
      await call(rewardsApi.submit, { params: { id: a.id } });
      message.success('已提交，进入审核');
      await qc.invalidateQueries({ queryKey: ['rewards'] });
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setSubmitting(false);
    }
  };
  const close = () => setModal(null);
  return (
    <Page
      title={`${a.kindName} · ${a.collective ? a.collectiveName : a.cadres.map((c) => c.name).join('、')}`}
      subtitle={`${a.unitName} · ${a.batchTitle}`}
      permission="rewards.read"
      extra={
        <Space wrap>
          {a.can.edit && <Button onClick={() => setModal('edit')}>修改</Button>}
          {a.can.submit && (
            <Popconfirm
              title={
                a.status === 'returned'
                  ? '修改完毕，重新提交？'
                  : '提交后进入审核，一个月计时开始。确认提交？'
              }
              onConfirm={submit}
            >
              <Button type="primary" loading={submitting} data-testid="submit">
                {a.status === 'returned' ? '重新提交' : '提交申报'}
              </Button>
            </Popconfirm>
          )}
          {a.can.requestOpinions && (
            <Button onClick={() => setModal('opinions')} data-testid="request-opinions">
              发起会签
            </Button>
          )}
          {a.can.review && (
            <Button type="primary" onClick={() => setModal('review')} data-testid="review">
              审核
            </Button>
          )}
          {a.can.approve && (
            <Button type="primary" onClick={() => setModal('approve')} data-testid="approve">
              审批
            </Button>
          )}
          {a.can.award && (
            <Button type="primary" onClick={() => setModal('award')} data-testid="award">
              登记兑现
            </Button>
          )}
        </Space>
      }
    >
      {a.returnReason && (a.status === 'returned' || a.status === 'rejected') && (
        <Alert
          type={a.status === 'rejected' ? 'error' : 'warning'}
          showIcon
          style={{ marginBottom: 16 }}
          title={a.status === 'rejected' ? `不予批准：${a.returnReason}` : `已退回单位：${a.returnReason}`}
          description={
            a.status === 'returned'
              ? '修改后重新提交；一个月计时不重置，退回期间计入“退回单位”用时。'
              : undefined
          }
        />
      )}
      <Card style={{ marginBottom: 16 }}>
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label="状态">
            <Space>
              <StatusTag status={a.status} />
              {a.stepDueOn && <span>本环节 {a.stepDueOn} 前办结</span>}
              <OverdueTag days={a.overdueDays} />
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label="一个月计时">
            <ClockTag clock={a.clock} />
            {a.clock && a.clock.withUnitWorkingDays > 0 && (
              <Tag>退回单位 {a.clock.withUnitWorkingDays} 个工作日</Tag>
            )}
          </Descriptions.Item>
          <Descriptions.Item label={a.collective ? '集体成员' : '干部'} span={2}>
            <Space wrap>
              {a.cadres.map((c) => (
                <Link key={c.id} to={`/org/cadres/${c.id}`}>
                  {c.name}
                </Link>
              ))}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label="事迹" span={2}>
            <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>
              {a.deed}
            </Typography.Paragraph>
          </Descriptions.Item>
          <Descriptions.Item label="关联记录" span={2}>
            {a.links.length ? (
              <Space orientation="vertical" size={2}>
                {a.links.map((l) => (
                  <span key={l.recordId}>
                    <Tag>{LINK_TYPE_LABELS[l.recordType]}</Tag>
                    {l.label}
                  </span>
                ))}
              </Space>
            ) : (
              <Typography.Text type="secondary">未关联平台记录</Typography.Text>
            )}
          </Descriptions.Item>
          <Descriptions.Item label="证明材料" span={2}>
            <Space orientation="vertical">
              <EvidenceGallery ownerType="rewards_application" ownerId={a.id} emptyText="暂无材料" />
              {a.can.attach && (
                <EvidenceUpload ownerType="rewards_application" ownerId={a.id} label="上传材料" />
              )}
            </Space>
          </Descriptions.Item>
          {a.status === 'awarded' && (
            <Descriptions.Item label="兑现" span={2}>
              {a.documentNo}
              {a.bonus != null && ` · 奖金 ${a.bonus} 元`}
              {a.paidOn && ` · ${a.paidOn} 发放`} · {fmtDate(a.awardedAt)} 兑现
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      <Card title="办理环节" style={{ marginBottom: 16 }}>
        <Table<Step>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={a.steps}
          data-testid="steps-table"
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚未提交" /> }}
          columns={[
            { title: '环节', dataIndex: 'step', width: 80, render: (s: Step['step']) => STEP_LABELS[s] },
            {
              title: '承办',
              width: 160,
              render: (_, s) => s.ownerUnitName ?? ROLE_LABELS[s.ownerRole as Role] ?? s.ownerRole,
            },
            { title: '开始', dataIndex: 'startedAt', width: 150, render: (v: string) => fmtTime(v) },
            { title: '期限', dataIndex: 'dueOn', width: 110, render: (v: string | null) => v ?? '—' },
            {
              title: '用时（工作日）',
              width: 170,
              render: (_, s) => (
                <Space size={4}>
                  {s.workingDays}
                  <OverdueTag days={s.overdueDays} />
                  {s.reminded && <Tag color="orange">已催办</Tag>}
                  {s.escalated && <Tag color="red">已报领导</Tag>}
                </Space>
              ),
            },
            {
              title: '结果',
              render: (_, s) =>
                s.outcome ? (
                  <span>
                    {OUTCOME[s.outcome]}
                    {s.actedByName && ` · ${s.actedByName}`}
                    {s.endedAt && ` · ${fmtTime(s.endedAt)}`}
                    {s.note && <Typography.Text type="secondary">（{s.note}）</Typography.Text>}
                  </span>
                ) : (
                  <Tag color="processing">办理中</Tag>
                ),
            },
          ]}
        />
      </Card>
      <Card title="会签意见">
        <Table<Opinion>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={a.opinions}
          data-testid="opinions-table"
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="未发起会签" /> }}
          columns={[
            { title: '部门', dataIndex: 'unitName', width: 180 },
            { title: '事项', dataIndex: 'topic', width: 120 },
            {
              title: '期限',
              width: 190,
              render: (_, o) => (
                <Space size={4}>
                  {o.dueOn}
                  <OverdueTag days={o.overdueDays} />
                </Space>
              ),
            },
            {
              title: '意见',
              render: (_, o) =>
                o.status === 'pending' ? (
                  <Tag>待回复</Tag>
                ) : (
                  <Space orientation="vertical" size={0}>
                    <span>
                      <Tag color={o.status === 'agree' ? 'green' : 'red'}>
                        {OPINION_STATUS_LABELS[o.status]}
                      </Tag>
                      {o.opinion}
                    </span>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {o.onPaper ? '纸质回复，由考察组登记' : '在线回复'} · {o.answeredByName} ·{' '}
                      {fmtTime(o.answeredAt)}
                    </Typography.Text>
                    {o.onPaper && <EvidenceGallery ownerType="rewards_opinion" ownerId={o.id} size={48} />}
                  </Space>
                ),
            },
            {
              title: '操作',
              width: 170,
              render: (_, o) => (
                <Space>
                  {o.can.answer && (
                    <Button
                      size="small"
                      type="primary"
                      onClick={() => setAnswering({ o, paper: false })}
                      data-testid="opinion-answer"
                    >
                      回复
                    </Button>
                  )}
                  {o.can.record && (
                    <Button size="small" onClick={() => setAnswering({ o, paper: true })}>
                      登记纸质回复
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <ApplyModal open={modal === 'edit'} editing={a} onClose={close} onSaved={close} />
      {(modal === 'review' || modal === 'approve') && (
        <DecisionModal step={modal} app={a} open onClose={close} />
      )}
      <AwardModal app={a} open={modal === 'award'} onClose={close} />
      <OpinionRequestModal app={a} open={modal === 'opinions'} onClose={close} />
      <OpinionAnswerModal
        opinion={answering?.o ?? null}
        paper={answering?.paper ?? false}
        onClose={() => setAnswering(null)}
      />
    </Page>
  );
}
