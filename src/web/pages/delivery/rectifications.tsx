import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Empty, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { WireOf } from '../../../common/api.ts';
import { deliveryApi, RECTIFICATION_STATUSES } from '../../../common/contracts/delivery.ts';
import { call } from '../../api/client.ts';
import { errorText } from '../../components/errors.ts';
import { Page } from '../../components/page.tsx';
import {
  RECTIFICATION_STATUS_COLORS,
  type RectificationStatus,
  rectificationStatusLabel,
  VERDICT_COLORS,
  verdictLabel,
} from './delivery-options.ts';

type BoardFilter = RectificationStatus | 'overdue';
type BoardRow = WireOf<typeof deliveryApi.rectifications>['items'][number];
const FILTERS: readonly string[] = [...RECTIFICATION_STATUSES, 'overdue'];

const CARDS: { key: BoardFilter; title: string; color?: string }[] = [
  { key: 'open', title: '整改中' },
  { key: 'replied', title: '已回复待复核' },
  { key: 'closed', title: '已销号', color: '#389e0d' },
  { key: 'overdue', title: '逾期', color: '#cf1322' },
];

export default function RectificationsPage() {
  const nav = useNavigate();
  const [params, setParams] = useSearchParams();
  const s = params.get('status') ?? '';
  const status = FILTERS.includes(s) ? (s as BoardFilter) : undefined;
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const q = useQuery({
    queryKey: ['delivery', 'rectifications', status, page],
    queryFn: () => call(deliveryApi.rectifications, { query: { status, ...page } }),
    placeholderData: (prev) => prev,
  });
  const counts = q.data?.counts;
  const pick = (s: BoardFilter) => {
    setPage((p) => ({ ...p, page: 1 }));
    setParams(status === s ? {} : { status: s }, { replace: true });
  };
  return (
    <Page
      title="整改看板"
      subtitle="对账考察认定的问题逐项整改：单位回复整改情况并附佐证材料，组织部门复核后销号。点击数字筛选。"
      permission="delivery.read"
    >
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Row gutter={[16, 16]}>
          {CARDS.map((c) => (
            <Col key={c.key} xs={12} md={6}>
              <Card
                hoverable
                onClick={() => pick(c.key)}
                data-testid={`board-${c.key}`}
                style={
                  status === c.key
                    ? { borderColor: c.color ?? '#b8322a', boxShadow: '0 0 0 1px inset' }
                    : undefined
                }
              >
                <Statistic
                  title={c.title}
                  value={counts?.[c.key] ?? 0}
                  suffix="个"
                  styles={{ content: c.color && (counts?.[c.key] ?? 0) > 0 ? { color: c.color } : undefined }}
                />
              </Card>
            </Col>
          ))}
        </Row>
        <Card
          title={
            status
              ? (CARDS.find((c) => c.key === status)?.title ??
                rectificationStatusLabel(status === 'overdue' ? null : status))
              : '全部整改单'
          }
          extra={
            status && (
              <Typography.Link onClick={() => setParams({}, { replace: true })} data-testid="board-all">
                查看全部
              </Typography.Link>
            )
          }
        >
          {q.isError && (
            <Alert type="error" showIcon title={errorText(q.error)} style={{ marginBottom: 12 }} />
          )}
          <Table<BoardRow>
            rowKey="id"
            loading={q.isFetching}
            dataSource={q.data?.items}
            data-testid="board-table"
            scroll={{ x: 900 }}
            onRow={(o) => ({
              onClick: () => nav(`/delivery/rectifications/${o.id}`),
              style: { cursor: 'pointer' },
            })}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无整改单" /> }}
            pagination={{
              current: page.page,
              pageSize: page.pageSize,
              total: q.data?.total ?? 0,
              showTotal: (n) => `共 ${n} 个`,
              hideOnSinglePage: true,
              onChange: (p, ps) => setPage({ page: p, pageSize: ps }),
            }}
            columns={[
              {
                title: '问题',
                dataIndex: 'description',
                render: (v: string, o) => (
                  <div style={{ display: 'flex', alignItems: 'center', gap: 6, minWidth: 0 }}>
                    <Tag color={VERDICT_COLORS[o.kind]} style={{ marginInlineEnd: 0, flex: 'none' }}>
                      {verdictLabel(o.kind)}
                    </Tag>
                    <Link
                      to={`/delivery/rectifications/${o.id}`}
                      onClick={(e) => e.stopPropagation()}
                      title={v}
                      style={{
                        minWidth: 0,
                        overflow: 'hidden',
                        textOverflow: 'ellipsis',
                        whiteSpace: 'nowrap',
                      }}
                    >
                      {v}
                    </Link>
                  </div>
                ),
              },
              { title: '干部', dataIndex: 'cadreName', width: 100 },
              { title: '单位', dataIndex: 'unitName', width: 180, render: (v: string | null) => v ?? '—' },
              {
                title: '期限',
                dataIndex: 'deadline',
                width: 160,
                render: (v: string, o) => (
                  <Space size={4}>
                    <span>{v}</span>
                    {o.overdue && (
                      <Tag color="red" style={{ marginInlineEnd: 0 }} data-testid="overdue-tag">
                        逾期
                      </Tag>
                    )}
                  </Space>
                ),
              },
              {
                title: '状态',
                dataIndex: 'status',
                width: 130,
                render: (v: RectificationStatus, o) => (
                  <Space size={4}>
                    <Tag color={RECTIFICATION_STATUS_COLORS[v]}>{rectificationStatusLabel(v)}</Tag>
                    {o.reopenCount > 0 && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        退回{o.reopenCount}次
                      </Typography.Text>
                    )}
                  </Space>
                ),
              },
            ]}
          />
        </Card>
      </Space>
    </Page>
  );
}
