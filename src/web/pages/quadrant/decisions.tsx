import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Select, Space, Table, Tag, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router';
import type { WireOf } from '../../../common/api.ts';
import { quarterLabel } from '../../../common/contracts/growth.ts';
import {
  DECISION_KIND_LABELS,
  DECISION_STATUS,
  DECISION_STATUS_LABELS,
  quadrantApi,
} from '../../../common/contracts/quadrant.ts';
import { call } from '../../api/client.ts';
import { errorText } from '../../components/errors.ts';
import { fmtDate } from '../../components/format.ts';
import { Page } from '../../components/page.tsx';
import { StatisticsCard } from './components/statistics-card.tsx';

type Item = WireOf<typeof quadrantApi.decisions>['items'][number];
export const STATUS_COLORS: Record<Item['status'], string> = {
  draft: 'orange',
  adopted: 'blue',
  publicity: 'purple',
  effective: 'green',
  withdrawn: 'default',
  terminated: 'red',
};

/** 季度微调 decisions: each with its stage, its deciding body and 任免文号. */
export default function QuadrantDecisionsPage() {
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') || undefined) as Item['status'] | undefined;
  const q = useQuery({
    queryKey: ['quadrant', 'decisions', status],
    queryFn: () => call(quadrantApi.decisions, { query: { status } }),
  });
  const items = q.data?.items ?? [];
  return (
    <Page
      title="干部人事决定（季度微调）"
      subtitle="每项决定记录拟定、部务会、凡提四必或谈心谈话、任前公示、决定机关与任免文号；生效时同步更新干部名册。"
      permission="quadrant.read"
      extra={
        <Space>
          <Select
            allowClear
            style={{ width: 160 }}
            placeholder="状态"
            value={status}
            options={DECISION_STATUS.map((s) => ({ value: s, label: DECISION_STATUS_LABELS[s] }))}
            onChange={(v) => setParams(v ? { status: v } : {})}
          />
          <Link to="/quadrant/recommendations">人选建议</Link>
        </Space>
      }
    >
      {q.isError && <Alert type="error" showIcon title={errorText(q.error)} />}
      <StatisticsCard />
      <Card>
        <Table
          rowKey="id"
          dataSource={items}
          loading={q.isLoading}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: '暂无决定。从人选建议拟定。' }}
          data-testid="quadrant-decisions"
          columns={[
            {
              title: '干部',
              render: (_: unknown, r: Item) => (
                <Space direction="vertical" size={0}>
                  <Link to={`/quadrant/decisions/${r.id}`}>{r.cadre.name}</Link>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {r.cadre.unitName} {r.cadre.post}
                  </Typography.Text>
                </Space>
              ),
            },
            { title: '季度', dataIndex: 'quarter', render: (x: string) => quarterLabel(x) },
            { title: '类型', dataIndex: 'kind', render: (k: Item['kind']) => DECISION_KIND_LABELS[k] },
            {
              title: '决定后',
              render: (_: unknown, r: Item) =>
                [r.target.unitName, r.target.post, r.target.rankName].filter(Boolean).join(' ') || '—',
            },
            {
              title: '状态',
              dataIndex: 'status',
              render: (s: Item['status']) => <Tag color={STATUS_COLORS[s]}>{DECISION_STATUS_LABELS[s]}</Tag>,
            },
            { title: '决定机关', dataIndex: 'body', render: (v: string | null) => v ?? '—' },
            { title: '任免文号', dataIndex: 'docNo', render: (v: string | null) => v ?? '—' },
            { title: '生效日期', dataIndex: 'effectiveOn', render: (v: string | null) => fmtDate(v) },
          ]}
        />
      </Card>
    </Page>
  );
}
