import type { TablePaginationConfig } from 'antd';
import { Table, Typography } from 'antd';
import { Link } from 'react-router';
import type { WireOf } from '../../../../common/api.ts';
import type { developmentApi } from '../../../../common/contracts/development.ts';
import { fmtDate } from '../../../components/format.ts';
import { KindTag, MilestoneSummary, StatusTag } from './bits.tsx';

export type PlanRow = WireOf<typeof developmentApi.mine>['items'][number];

/** Plans as a table: the department's list, the cadre's own and the mentor's. */
export function PlanTable(props: {
  rows: PlanRow[];
  loading: boolean;
  empty: string;
  pagination?: TablePaginationConfig | false;
  showCadre?: boolean;
}) {
  return (
    <Table
      rowKey="id"
      loading={props.loading}
      dataSource={props.rows}
      pagination={props.pagination ?? { pageSize: 20, hideOnSinglePage: true }}
      locale={{ emptyText: props.empty }}
      data-testid="development-plans"
      columns={[
        ...(props.showCadre === false
          ? []
          : [
              {
                title: '干部',
                key: 'cadre',
                render: (_: unknown, p: PlanRow) => (
                  <div>
                    <Typography.Text strong>{p.cadre.name}</Typography.Text>
                    <div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {p.cadre.unitName ?? '—'} {p.cadre.post ?? ''}
                      </Typography.Text>
                    </div>
                  </div>
                ),
              },
            ]),
        {
          title: '培养计划',
          dataIndex: 'title',
          render: (t: string, p: PlanRow) => <Link to={`/development/plans/${p.id}`}>{t}</Link>,
        },
        { title: '方式', dataIndex: 'kind', render: (k: PlanRow['kind']) => <KindTag kind={k} /> },
        { title: '期限', key: 'dates', render: (_: unknown, p: PlanRow) => `${p.startsOn} 至 ${p.endsOn}` },
        { title: '帮带导师', dataIndex: 'mentorName', render: (n: string | null) => n ?? '—' },
        {
          title: '节点',
          key: 'ms',
          render: (_: unknown, p: PlanRow) => <MilestoneSummary m={p.milestones} />,
        },
        {
          title: '评议',
          key: 'reviews',
          render: (_: unknown, p: PlanRow) =>
            p.reviews ? `${p.reviews} 次（最近 ${fmtDate(p.lastReviewAt)}）` : '尚无评议',
        },
        {
          title: '状态',
          key: 'status',
          render: (_: unknown, p: PlanRow) => <StatusTag status={p.status} outcome={p.outcome} />,
        },
      ]}
    />
  );
}
