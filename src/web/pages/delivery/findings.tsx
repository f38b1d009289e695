import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Empty, Segmented, Space, Table, Tag, Typography } from 'antd';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { WireOf } from '../../../common/api.ts';
import { deliveryApi, FINDING_STATUSES } from '../../../common/contracts/delivery.ts';
import { call } from '../../api/client.ts';
import { errorText } from '../../components/errors.ts';
import { fmtTime } from '../../components/format.ts';
import { Page } from '../../components/page.tsx';
import {
  FINDING_STATUS_COLORS,
  FINDING_STATUS_OPTIONS,
  type FindingStatus,
  findingStatusLabel,
  VERDICT_COLORS,
  verdictLabel,
} from './delivery-options.ts';

type FindingRow = WireOf<typeof deliveryApi.findings>['items'][number];

export default function FindingsPage() {
  const nav = useNavigate();
  const [params, setParams] = useSearchParams();
  const s = params.get('status') ?? '';
  const status = (FINDING_STATUSES as readonly string[]).includes(s) ? (s as FindingStatus) : undefined;
  const q = useQuery({
    queryKey: ['delivery', 'findings', status],
    queryFn: () => call(deliveryApi.findings, { query: { status } }),
    select: (d) => d.items,
  });
  return (
    <Page
      title="考察发现"
      subtitle="对账考察现场核验中结论不是“属实”的事项：干部在说明期限内作出说明，组织部门答复认定或撤销；认定的问题下达整改，干部可在规定期限内申诉一次。"
      permission="delivery.read"
    >
      <Card>
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <div style={{ overflowX: 'auto' }}>
            <Segmented
              value={status ?? ''}
              onChange={(v) => setParams(v ? { status: String(v) } : {}, { replace: true })}
              options={[{ value: '', label: '全部' }, ...FINDING_STATUS_OPTIONS]}
              data-testid="finding-status"
            />
          </div>
          {q.isError && <Alert type="error" showIcon title={errorText(q.error)} />}
          <Table<FindingRow>
            rowKey="id"
            loading={q.isLoading}
            dataSource={q.data}
            data-testid="finding-table"
            scroll={{ x: 960 }}
            pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
            onRow={(f) => ({
              onClick: () => nav(`/delivery/findings/${f.id}`),
              style: { cursor: 'pointer' },
            })}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无考察发现" /> }}
            columns={[
              { title: '干部', dataIndex: 'cadreName', width: 100 },
              { title: '单位', dataIndex: 'unitName', width: 180, render: (v: string | null) => v ?? '—' },
              {
                title: '类型',
                dataIndex: 'kind',
                width: 100,
                render: (v: FindingRow['kind']) => <Tag color={VERDICT_COLORS[v]}>{verdictLabel(v)}</Tag>,
              },
              {
                title: '描述',
                dataIndex: 'description',
                ellipsis: true,
                render: (v: string, f) => (
                  <Link to={`/delivery/findings/${f.id}`} onClick={(e) => e.stopPropagation()} title={v}>
                    {v}
                  </Link>
                ),
              },
              {
                title: '状态',
                dataIndex: 'status',
                width: 120,
                render: (v: FindingStatus) => (
                  <Tag color={FINDING_STATUS_COLORS[v]}>{findingStatusLabel(v)}</Tag>
                ),
              },
              {
                title: '说明期限',
                dataIndex: 'explanationDue',
                width: 130,
                render: (v: string, f) => (
                  <Space size={4}>
                    <span>{v}</span>
                    {f.explanationOverdue && (
                      <Tag color="red" style={{ marginInlineEnd: 0 }}>
                        已过期
                      </Tag>
                    )}
                  </Space>
                ),
              },
              {
                title: '发现时间',
                dataIndex: 'createdAt',
                width: 170,
                render: (v: string) => <Typography.Text type="secondary">{fmtTime(v)}</Typography.Text>,
              },
            ]}
          />
        </Space>
      </Card>
    </Page>
  );
}
