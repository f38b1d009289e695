import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Empty, Skeleton, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import type { WireOf } from '../../../common/api.ts';
import { quarterLabel } from '../../../common/contracts/growth.ts';
import {
  DECISION_KIND_LABELS,
  DECISION_STATUS_LABELS,
  quadrantApi,
  ZONE_COLORS,
  ZONE_NAMES,
} from '../../../common/contracts/quadrant.ts';
import { call } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { errorText } from '../../components/errors.ts';
import { fmtDate } from '../../components/format.ts';
import { Page } from '../../components/page.tsx';
import { EvidenceDrawer, ZoneBars } from './components/evidence-drawer.tsx';

type Row = WireOf<typeof quadrantApi.history>['quarters'][number];
const pm = (v: number, se: number) => `${v.toFixed(1)} ± ${(1.96 * se).toFixed(1)}`;

/** A cadre's 实绩象限 by quarter, each with its evidence, and the decisions about them. */
export default function QuadrantCadrePage() {
  const { id } = useParams();
  const [params] = useSearchParams();
  const { can } = useSession();
  const [open, setOpen] = useState<string | null>(params.get('placement'));
  const q = useQuery({
    queryKey: ['quadrant', 'history', id],
    queryFn: () => call(quadrantApi.history, { params: { id: id! } }),
  });
  const d = q.data;
  return (
    <Page
      title={d ? `${d.cadre.name}的实绩象限` : '实绩象限'}
      subtitle={
        d ? (
          <>
            {`${d.cadre.unitName ?? ''} ${d.cadre.post ?? ''}`}{' '}
            <Link to={`/profile/${d.cadre.id}`}>干部画像</Link>
          </>
        ) : undefined
      }
      permission="quadrant.self"
    >
      {q.isLoading && <Skeleton active />}
      {q.isError && <Alert type="error" showIcon title={errorText(q.error)} />}
      {d && (
        <>
          <Card title="各季度位置" style={{ marginBottom: 16 }}>
            <Table
              size="small"
              rowKey="placementId"
              dataSource={[...d.quarters].reverse()}
              pagination={{ pageSize: 12, hideOnSinglePage: true }}
              locale={{ emptyText: <Empty description="暂无已发布的季度象限" /> }}
              data-testid="quadrant-history"
              columns={[
                { title: '季度', dataIndex: 'quarter', render: (x: string) => quarterLabel(x) },
                {
                  title: '最可能的区域',
                  dataIndex: 'zone',
                  render: (z: Row['zone'], r: Row) => (
                    <>
                      <Tag color={ZONE_COLORS[z]}>{ZONE_NAMES[z]}</Tag>
                      {!r.identified && <Tag>本人贡献无法区分</Tag>}
                    </>
                  ),
                },
                {
                  title: '各区概率',
                  width: 320,
                  render: (_: unknown, r: Row) => <ZoneBars probabilities={r.probabilities} />,
                },
                { title: '实绩贡献', render: (_: unknown, r: Row) => pm(r.contribution, r.contributionSe) },
                { title: '政绩观', render: (_: unknown, r: Row) => pm(r.view, r.viewSe) },
                {
                  title: '',
                  render: (_: unknown, r: Row) => (
                    <Typography.Link
                      onClick={() => setOpen(r.placementId)}
                      data-testid="quadrant-open-evidence"
                    >
                      依据
                    </Typography.Link>
                  ),
                },
              ]}
            />
          </Card>
          <Card title="季度微调决定">
            <Table
              size="small"
              rowKey="id"
              dataSource={d.decisions}
              pagination={false}
              locale={{ emptyText: '暂无' }}
              columns={[
                { title: '季度', dataIndex: 'quarter', render: (x: string) => quarterLabel(x) },
                {
                  title: '类型',
                  dataIndex: 'kind',
                  render: (k: keyof typeof DECISION_KIND_LABELS, r) =>
                    can('quadrant.read') ? (
                      <Link to={`/quadrant/decisions/${r.id}`}>{DECISION_KIND_LABELS[k]}</Link>
                    ) : (
                      DECISION_KIND_LABELS[k]
                    ),
                },
                {
                  title: '状态',
                  dataIndex: 'status',
                  render: (s: keyof typeof DECISION_STATUS_LABELS) => DECISION_STATUS_LABELS[s],
                },
                { title: '任免文号', dataIndex: 'docNo', render: (v: string | null) => v ?? '—' },
                { title: '生效日期', dataIndex: 'effectiveOn', render: (v: string | null) => fmtDate(v) },
              ]}
            />
          </Card>
        </>
      )}
      <EvidenceDrawer placementId={open} onClose={() => setOpen(null)} />
    </Page>
  );
}
