import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, List, Space, Steps, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { quarterLabel } from '../../../common/contracts/growth.ts';
import {
  CHECK_LABELS,
  DECISION_KIND_LABELS,
  DECISION_STATUS_LABELS,
  quadrantApi,
} from '../../../common/contracts/quadrant.ts';
import { call } from '../../api/client.ts';
import { errorText } from '../../components/errors.ts';
import { fmtDate, fmtTime } from '../../components/format.ts';
import { downloadFile } from '../../components/import-modal.tsx';
import { BackLink, Page, RecordLoading } from '../../components/page.tsx';
import { RecordLinks } from '../growth/components/record-links.tsx';
import { FinalReportCard } from '../reports/components/final-report-card.tsx';
import { DecisionActions } from './components/decision-actions.tsx';
import { DecisionFilesField, FileLinks } from './components/decision-files.tsx';
import { ObjectionList } from './components/objection-list.tsx';
import { STATUS_COLORS } from './decisions.tsx';

const STAGES = ['draft', 'adopted', 'publicity', 'effective'] as const;

/** One decision and its procedure: 拟定 → 部务会 → (任前公示) → 决定生效, with every record. */
export default function QuadrantDecisionPage() {
  const { id } = useParams();
  const { message } = App.useApp();
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
      : d.status === 'terminated'
        ? // Only a substantiated objection during 任前公示 ends a promotion.
          stages.indexOf('publicity')
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
      {d.terminatedReason && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title="该项提拔已终止"
          description={d.terminatedReason}
          data-testid="quadrant-terminated"
        />
      )}
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
          status={d.status === 'withdrawn' || d.status === 'terminated' ? 'error' : undefined}
          items={stages.map((s) => ({ title: DECISION_STATUS_LABELS[s] }))}
        />
      </Card>
      <Card
        title="决定内容"
        style={{ marginBottom: 16 }}
        extra={
          d.can.export && (
            <Space>
              <Button
                icon={<DownloadOutlined />}
                data-testid="quadrant-download-lrmx"
                onClick={() =>
                  downloadFile(
                    `/api/quadrant/decisions/${d.id}/lrmx`,
                    `干部任免审批表-${d.cadre.name}.lrmx`,
                  ).catch((e) => message.error(errorText(e)))
                }
              >
                任免审批表（.lrmx）
              </Button>
              <Button
                icon={<DownloadOutlined />}
                data-testid="quadrant-download-material"
                onClick={() =>
                  downloadFile(`/api/quadrant/decisions/${d.id}/material`, '部务会研究材料.docx').catch((e) =>
                    message.error(errorText(e)),
                  )
                }
              >
                部务会研究材料（Word）
              </Button>
            </Space>
          )
        }
      >
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
        <div style={{ marginBottom: 16 }}>
          <FinalReportCard cadreId={d.cadre.id} />
        </div>
      )}
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
                        <FileLinks files={c.files} empty="（无上传材料）" />
                        <Typography.Text type="secondary">
                          {c.note ? `${c.note} · ` : ''}
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
            <Descriptions.Item label="反映问题">
              <ObjectionList decision={d} />
            </Descriptions.Item>
          </Descriptions>
        </Card>
      )}
      {(d.talkOn || d.can.talk) && (
        <Card title="谈心谈话与本人说明">
          <Descriptions column={1} size="small">
            <Descriptions.Item label="谈话">
              {d.talkOn ? `${d.talkOn} ${d.talkBy}：${d.talkNote}` : '尚未谈话'}
            </Descriptions.Item>
            <Descriptions.Item label="本人书面说明">
              <Space orientation="vertical" size={0}>
                {d.statement ?? '—'}
                <FileLinks files={d.statementFiles} />
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label="决定的回应">{d.answer ?? '—'}</Descriptions.Item>
          </Descriptions>
        </Card>
      )}
      {d.can.upload && (
        <Card title="已上传、尚未关联的材料" style={{ marginTop: 16 }} size="small">
          <Typography.Paragraph type="secondary">
            核查材料与书面说明上传后存入证据库（SM3 校验）；记录核查或谈话时勾选关联。
          </Typography.Paragraph>
          <UnusedFiles decision={d} />
        </Card>
      )}
    </Page>
  );
}

/** Files uploaded to the decision that no check or statement uses yet (and a place to upload more). */
function UnusedFiles(props: {
  decision: { id: string; files: { id: string; name: string; sm3: string }[] };
}) {
  return (
    <Space orientation="vertical">
      <FileLinks files={props.decision.files} empty="无" />
      <DecisionFilesField decisionId={props.decision.id} offered={[]} label="上传材料" uploadOnly />
    </Space>
  );
}
