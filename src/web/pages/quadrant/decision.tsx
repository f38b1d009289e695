import { useQuery } from '@tanstack/react-query';
import { Card, Descriptions, List, Space, Steps, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { quarterLabel } from '../../../common/contracts/growth.ts';
import {
  CHECK_LABELS,
  DECISION_KIND_LABELS,
  DECISION_STATUS_LABELS,
  quadrantApi,
} from '../../../common/contracts/quadrant.ts';
import { call } from '../../api/client.ts';
import { fmtDate, fmtTime } from '../../components/format.ts';
import { BackLink, Page, RecordLoading } from '../../components/page.tsx';
import { RecordLinks } from '../growth/components/record-links.tsx';
import { DecisionActions } from './components/decision-actions.tsx';
import { STATUS_COLORS } from './decisions.tsx';

const STAGES = ['draft', 'adopted', 'publicity', 'effective'] as const;

/** One decision and its procedure: 拟定 → 部务会 → (任前公示) → 决定生效, with every record. */
export default function QuadrantDecisionPage() {
  const { id } = useParams();
  const q = useQuery({
    queryKey: ['quadrant', 'decision', id],
    queryFn: () => call(quadrantApi.decision, { params: { id: id! } }),
  });
  const d = q.data;
  if (!d) return <RecordLoading error={q.error} />;
  const stages = STAGES.filter((s) => s !== 'publicity' || d.checksNeeded.length > 0);
  const current =
    d.status === 'withdrawn'
      ? 0
      : d.status === 'effective'
        ? stages.length
        : stages.indexOf(d.status as (typeof STAGES)[number]);
  return (
    <Page
      title={`${DECISION_KIND_LABELS[d.kind]}：${d.cadre.name}`}
      subtitle={`${d.cadre.unitName ?? ''} ${d.cadre.post ?? ''} ${d.cadre.rankName ?? ''} · ${quarterLabel(d.quarter)} · 季度微调`}
      permission="quadrant.read"
      extra={<DecisionActions decision={d} />}
    >
      <BackLink to="/quadrant/decisions">决定列表</BackLink>
      <Card style={{ marginBottom: 16 }}>
        <Space style={{ marginBottom: 16 }}>
          <Tag color={STATUS_COLORS[d.status]} data-testid="quadrant-decision-status">
            {DECISION_STATUS_LABELS[d.status]}
          </Tag>
          {d.withdrawnReason && (
            <Typography.Text type="secondary">撤回理由：{d.withdrawnReason}</Typography.Text>
          )}
        </Space>
        <Steps
          size="small"
          current={current}
          status={d.status === 'withdrawn' ? 'error' : undefined}
          items={stages.map((s) => ({ title: DECISION_STATUS_LABELS[s] }))}
        />
      </Card>
      <Card title="决定内容" style={{ marginBottom: 16 }}>
        <Descriptions column={2} size="small" bordered>
          <Descriptions.Item label="决定后">
            {[d.target.unitName, d.target.post, d.target.teamPlace, d.target.rankName]
              .filter(Boolean)
              .join(' ') || '—'}
          </Descriptions.Item>
          <Descriptions.Item label="拟定">
            {d.draftedByName ?? '—'} {fmtTime(d.draftedAt)}
          </Descriptions.Item>
          <Descriptions.Item label="理由" span={2}>
            {d.reasons}
          </Descriptions.Item>
          <Descriptions.Item label="依据" span={2}>
            <RecordLinks records={d.evidence} max={12} />
          </Descriptions.Item>
          <Descriptions.Item label="部务会">
            {d.meeting ? `${d.meeting}（${d.adoptedByName ?? ''} ${fmtTime(d.adoptedAt)} 记录）` : '—'}
          </Descriptions.Item>
          <Descriptions.Item label="决定机关 / 任免文号">
            {d.body ? `${d.body} ${d.docNo}` : '—'}
          </Descriptions.Item>
          <Descriptions.Item label="生效日期">{fmtDate(d.effectiveOn)}</Descriptions.Item>
          <Descriptions.Item label="名册">
            {d.appointmentId ? <Link to={`/org/cadres/${d.cadre.id}`}>已更新任免经历</Link> : '未变更'}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      {d.checksNeeded.length > 0 && (
        <Card title="凡提四必与任前公示" style={{ marginBottom: 16 }}>
          <List
            size="small"
            dataSource={d.checksNeeded}
            renderItem={(k) => {
              const c = d.checks.find((x) => x.kind === k);
              return (
                <List.Item>
                  <Space>
                    <Typography.Text strong>{CHECK_LABELS[k]}</Typography.Text>
                    {c ? (
                      <>
                        <Tag color={c.result === 'pass' ? 'green' : 'red'}>
                          {c.result === 'pass' ? '无问题' : '发现问题'}
                        </Tag>
                        <Typography.Text type="secondary">
                          {c.note ?? ''} {c.attachment ? `附件：${c.attachment}` : ''} ·{' '}
                          {c.recordedByName ?? ''} {fmtTime(c.recordedAt)}
                        </Typography.Text>
                      </>
                    ) : (
                      <Tag>未核查</Tag>
                    )}
                  </Space>
                </List.Item>
              );
            }}
          />
          <Descriptions column={1} size="small" style={{ marginTop: 12 }}>
            <Descriptions.Item label="任前公示">
              {d.publicityFrom ? `${d.publicityFrom} 至 ${d.publicityUntil}` : '尚未公示'}
            </Descriptions.Item>
            {d.objections.map((o) => (
              <Descriptions.Item key={String(o.recordedAt)} label="反映问题">
                {o.text} —— 处理：{o.handling}
              </Descriptions.Item>
            ))}
          </Descriptions>
        </Card>
      )}
      {(d.talkOn || d.can.talk) && (
        <Card title="谈心谈话与本人说明">
          <Descriptions column={1} size="small">
            <Descriptions.Item label="谈话">
              {d.talkOn ? `${d.talkOn} ${d.talkBy}：${d.talkNote}` : '尚未谈话'}
            </Descriptions.Item>
            <Descriptions.Item label="本人书面说明">{d.statement ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="决定的回应">{d.answer ?? '—'}</Descriptions.Item>
          </Descriptions>
        </Card>
      )}
    </Page>
  );
}
