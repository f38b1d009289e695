import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { WireOf } from '../../../common/api.ts';
import { quarterLabel } from '../../../common/contracts/growth.ts';
import { quadrantApi } from '../../../common/contracts/quadrant.ts';
import { call } from '../../api/client.ts';
import { errorText } from '../../components/errors.ts';
import { fmtTime } from '../../components/format.ts';
import { Page } from '../../components/page.tsx';
import { RecordLinks } from '../growth/components/record-links.tsx';
import { DismissDialog, type DismissSource } from './components/dismiss-dialog.tsx';
import { DraftDialog, type DraftSource } from './components/draft-dialog.tsx';

type Item = WireOf<typeof quadrantApi.recommendations>['items'][number];
const STATUS: Record<Item['status'], [string, string]> = {
  open: ['待研究', 'orange'],
  drafted: ['已拟定', 'blue'],
  dismissed: ['不予采纳', 'default'],
};

/** A candidate set aside: the tag, with its reason, who and when beneath and in the tooltip. */
function Dismissed(props: { r: Item }) {
  const { r } = props;
  const who = [r.dismissedByName, r.dismissedAt ? fmtTime(r.dismissedAt) : null].filter(Boolean).join(' ');
  return (
    <Tooltip title={`不予采纳理由：${r.dismissedReason ?? '—'}${who ? `（${who}）` : ''}`}>
      <Space direction="vertical" size={0} data-testid="quadrant-dismissed">
        <Tag color={STATUS.dismissed[1]}>{STATUS.dismissed[0]}</Tag>
        {r.dismissedReason && (
          <Typography.Text style={{ fontSize: 12 }} data-testid="quadrant-dismissed-reason">
            {r.dismissedReason}
          </Typography.Text>
        )}
        {who && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {who}
          </Typography.Text>
        )}
      </Space>
    </Tooltip>
  );
}

/**
 * 季度微调 candidates: each with its reasons, evidence and what is unsure; an officer drafts a
 * decision from one or sets it aside (不予采纳) with a reason.
 */
export default function QuadrantRecommendationsPage() {
  const [params, setParams] = useSearchParams();
  const [source, setSource] = useState<DraftSource | null>(null);
  const [dismissing, setDismissing] = useState<DismissSource | null>(null);
  const quarter = params.get('quarter') || undefined;
  const q = useQuery({
    queryKey: ['quadrant', 'recommendations', quarter],
    queryFn: () => call(quadrantApi.recommendations, { query: { quarter } }),
  });
  const quarters = useQuery({
    queryKey: ['quadrant', 'quarter-list'],
    queryFn: () => call(quadrantApi.quarter, { params: { quarter: q.data?.quarter ?? '2026Q1' }, query: {} }),
    enabled: !!q.data?.quarter,
  });
  const items = q.data?.items ?? [];
  const shown = q.data?.quarter ?? null;
  return (
    <Page
      title="季度微调人选建议"
      subtitle={
        shown
          ? `${quarterLabel(shown)}：拟提拔或优先使用 ${items.filter((i) => i.kind === 'promote').length} 人，拟调整 ${items.filter((i) => i.kind === 'adjust').length} 人。建议由平台按象限规则提出，组织部门研究拟定。`
          : '划定季度象限后，平台按规则提出人选。'
      }
      permission="quadrant.read"
      extra={
        <Space>
          <Select
            style={{ width: 170 }}
            value={shown ?? undefined}
            placeholder="季度"
            options={(quarters.data?.quarters ?? (shown ? [shown] : [])).map((x) => ({
              value: x,
              label: quarterLabel(x),
            }))}
            onChange={(v) => setParams({ quarter: v })}
          />
          <Link to="/quadrant/decisions">决定与程序</Link>
        </Space>
      }
    >
      {q.isError && <Alert type="error" showIcon title={errorText(q.error)} />}
      <Card>
        <Table
          rowKey="id"
          dataSource={items}
          loading={q.isLoading}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: '本季度没有人选建议' }}
          data-testid="quadrant-recommendations"
          columns={[
            {
              title: '干部',
              width: 200,
              render: (_: unknown, r: Item) => (
                <Space direction="vertical" size={0}>
                  <Link to={`/quadrant/cadres/${r.cadre.id}`}>{r.cadre.name}</Link>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {r.cadre.unitName} {r.cadre.post} {r.cadre.rankName ?? ''}
                  </Typography.Text>
                  {r.cadre.young && <Tag color="green">优秀年轻干部</Tag>}
                </Space>
              ),
            },
            {
              title: '建议',
              dataIndex: 'kind',
              width: 150,
              render: (k: Item['kind']) =>
                k === 'promote' ? (
                  <Tag color="red">提拔 / 晋升职级 / 优先使用</Tag>
                ) : (
                  <Tag>调整岗位 / 落实“下”</Tag>
                ),
            },
            {
              title: '理由与依据',
              render: (_: unknown, r: Item) => (
                <Space direction="vertical" size={2}>
                  {r.reasons.map((x) => (
                    <div key={x.text}>
                      <Typography.Text>{x.text}</Typography.Text>
                      {x.evidence.length > 0 && <RecordLinks records={x.evidence} />}
                    </div>
                  ))}
                  {r.unsure.map((u) => (
                    <Tag color="warning" key={u}>
                      不确定：{u}
                    </Tag>
                  ))}
                </Space>
              ),
            },
            {
              title: '状态',
              dataIndex: 'status',
              width: 160,
              render: (s: Item['status'], r: Item) =>
                s === 'dismissed' ? (
                  <Dismissed r={r} />
                ) : r.decisionId ? (
                  <Link to={`/quadrant/decisions/${r.decisionId}`}>
                    <Tag color={STATUS[s][1]}>{STATUS[s][0]}</Tag>
                  </Link>
                ) : (
                  <Tag color={STATUS[s][1]}>{STATUS[s][0]}</Tag>
                ),
            },
            {
              title: '',
              width: 110,
              render: (_: unknown, r: Item) => (
                <Space direction="vertical" size={4}>
                  {r.can.draft && (
                    <Button
                      size="small"
                      data-testid="quadrant-draft"
                      onClick={() =>
                        setSource({
                          cadreId: r.cadre.id,
                          cadreName: r.cadre.name,
                          quarter: r.quarter,
                          recommendationId: r.id,
                          kind: r.kind,
                          reasons: r.reasons.map((x) => x.text).join('；'),
                        })
                      }
                    >
                      拟定
                    </Button>
                  )}
                  {r.can.dismiss && (
                    <Button
                      size="small"
                      danger
                      data-testid="quadrant-dismiss"
                      onClick={() => setDismissing({ id: r.id, cadreName: r.cadre.name })}
                    >
                      不予采纳
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <DraftDialog source={source} onClose={() => setSource(null)} />
      <DismissDialog source={dismissing} onClose={() => setDismissing(null)} />
    </Page>
  );
}
