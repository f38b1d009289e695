import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Skeleton, Table, Typography } from 'antd';
import { Link } from 'react-router';
import type { WireOf } from '../../../../common/api.ts';
import { orgApi } from '../../../../common/contracts/org.ts';
import { call } from '../../../api/client.ts';
import { errorText } from '../../../components/errors.ts';
import { fmtTime } from '../../../components/format.ts';
import { ScopeTags } from './scope-tags.tsx';

export type DivisionDetail = WireOf<typeof orgApi.getDivision>;
type Member = DivisionDetail['members'][number];

/** One version of a unit's division: the members, their duties and what each is responsible for. */
export function useDivision(id: string | null | undefined) {
  return useQuery({
    queryKey: ['org', 'division', id],
    queryFn: () => call(orgApi.getDivision, { params: { id: id! } }),
    enabled: !!id,
  });
}

export function DivisionView(props: { id: string }) {
  const d = useDivision(props.id);
  if (d.isError) return <Alert type="error" title={errorText(d.error)} />;
  if (!d.data)
    return (
      <Card size="small">
        <Skeleton active />
      </Card>
    );
  const v = d.data;
  return (
    <Card
      size="small"
      data-testid="division-detail"
      title={`第${v.version}版班子分工`}
      extra={
        <Typography.Text type="secondary">
          {v.effectiveFrom} 起生效{v.docNo ? ` · ${v.docNo}` : ''} · 记录于 {fmtTime(v.createdAt)}
        </Typography.Text>
      }
    >
      {v.reason && (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
          调整原因：{v.reason}
        </Typography.Paragraph>
      )}
      <Table<Member>
        rowKey="cadreId"
        size="small"
        pagination={false}
        dataSource={v.members}
        scroll={{ x: 720 }}
        locale={{ emptyText: '本版分工未列入任何干部' }}
        columns={[
          {
            title: '姓名',
            dataIndex: 'name',
            width: 90,
            render: (name: string, m) => <Link to={`/org/cadres/${m.cadreId}`}>{name}</Link>,
          },
          { title: '职务', dataIndex: 'post', width: 190, render: (x: string | null) => x ?? '—' },
          {
            title: '分工内容',
            dataIndex: 'duties',
            render: (x: string | null) =>
              x ? (
                <span style={{ whiteSpace: 'pre-wrap' }}>{x}</span>
              ) : (
                <Typography.Text type="secondary">—</Typography.Text>
              ),
          },
          {
            title: '职责范围',
            dataIndex: 'scopes',
            width: 280,
            render: (s: Member['scopes']) => <ScopeTags scopes={s} />,
          },
        ]}
      />
    </Card>
  );
}
