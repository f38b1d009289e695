import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Popconfirm, Space, Table, Tabs, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import type { WireOf } from '../../../common/api.ts';
import { todoApi } from '../../../common/contracts/todo.ts';
import { moduleLabel } from '../../../common/module-labels.ts';
import { call } from '../../api/client.ts';
import { errorText } from '../../components/errors.ts';
import { fmtTime } from '../../components/format.ts';
import { Page } from '../../components/page.tsx';

type TodoItem = WireOf<typeof todoApi.list>['items'][number];

export default function TodoPage() {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [status, setStatus] = useState<'open' | 'done'>('open');
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const list = useQuery({
    queryKey: ['todo', status, page],
    queryFn: () => call(todoApi.list, { query: { status, ...page } }),
  });
  const done = useMutation({
    mutationFn: (id: string) => call(todoApi.done, { params: { id } }),
    onSuccess: () => {
      message.success('已标记为已处理');
      qc.invalidateQueries({ queryKey: ['todo'] });
      qc.invalidateQueries({ queryKey: ['overview'] });
    },
    onError: (e) => message.error(errorText(e)),
  });
  return (
    <Page
      title="我的待办"
      subtitle="需要您确认、答复、审核或审批的事项；事项办结后自动移入已处理，无论由谁办结。"
      permission="todo.read"
    >
      <Card>
        <Tabs
          activeKey={status}
          onChange={(k) => {
            setStatus(k as 'open' | 'done');
            setPage({ ...page, page: 1 });
          }}
          items={[
            { key: 'open', label: '待处理' },
            { key: 'done', label: '已处理' },
          ]}
        />
        <Table<TodoItem>
          rowKey="id"
          loading={list.isLoading}
          dataSource={list.data?.items}
          data-testid="todo-table"
          locale={{ emptyText: status === 'open' ? '没有待处理的事项' : '还没有处理过的事项' }}
          pagination={{
            current: page.page,
            pageSize: page.pageSize,
            total: list.data?.total,
            showTotal: (t) => `共 ${t} 项`,
            onChange: (p, s) => setPage({ page: p, pageSize: s }),
          }}
          columns={[
            {
              title: '事项',
              dataIndex: 'title',
              render: (v: string, r) => (r.link ? <Link to={r.link}>{v}</Link> : v),
            },
            {
              title: '状态',
              dataIndex: 'state',
              width: 170,
              render: (v: string | null) => (v ? <Tag color="blue">{v}</Tag> : '—'),
            },
            {
              title: '模块',
              dataIndex: 'module',
              width: 110,
              render: (m: string) => <Tag>{moduleLabel(m)}</Tag>,
            },
            {
              title: '截止时间',
              dataIndex: 'dueAt',
              width: 180,
              render: (v: string | null, r) =>
                v ? (
                  <Typography.Text
                    type={r.status === 'open' && dayjs(v).isBefore(dayjs()) ? 'danger' : undefined}
                  >
                    {fmtTime(v)}
                    {r.status === 'open' && dayjs(v).isBefore(dayjs()) ? '（已逾期）' : ''}
                  </Typography.Text>
                ) : (
                  '—'
                ),
            },
            {
              title: status === 'open' ? '创建时间' : '处理时间',
              width: 180,
              render: (_, r) =>
                status === 'open' ? fmtTime(r.createdAt) : r.doneAt ? fmtTime(r.doneAt) : '事项已办结',
            },
            {
              title: '操作',
              width: 200,
              render: (_, r) =>
                r.status === 'open' ? (
                  <Space>
                    {r.link && <Link to={r.link}>去处理</Link>}
                    {/* A to-do that closes with its record cannot be hidden by hand. */}
                    {!r.closesItself && (
                      <Popconfirm title="确认已处理完毕？" onConfirm={() => done.mutateAsync(r.id)}>
                        <Button type="link">标记已处理</Button>
                      </Popconfirm>
                    )}
                  </Space>
                ) : (
                  <Tag color="green">已处理</Tag>
                ),
            },
          ]}
        />
      </Card>
    </Page>
  );
}
