import { BellOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Dropdown, Empty, List, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { todoApi } from '../../common/contracts/todo.ts';
import { call } from '../api/client.ts';
import { fmtTime } from '../components/format.ts';

/** The bell in the header: in-app notifications from the outbox, unread first. */
export function NotificationBell() {
  const nav = useNavigate();
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: ['notifications'],
    queryFn: () => call(todoApi.notifications),
    refetchInterval: 30_000,
  });
  const markRead = async (ids?: string[]) => {
    await call(todoApi.markRead, { body: ids ? { ids } : {} });
    qc.invalidateQueries({ queryKey: ['notifications'] });
  };
  const items = q.data?.items ?? [];
  return (
    <Dropdown
      trigger={['click']}
      popupRender={() => (
        <div
          style={{ width: 360, background: '#fff', borderRadius: 8, boxShadow: '0 6px 16px rgba(0,0,0,.12)' }}
        >
          <div
            style={{
              display: 'flex',
              justifyContent: 'space-between',
              padding: '10px 16px',
              borderBottom: '1px solid #f0f0f0',
            }}
          >
            <Typography.Text strong>通知</Typography.Text>
            <Button type="link" size="small" disabled={!q.data?.unread} onClick={() => markRead()}>
              全部已读
            </Button>
          </div>
          {items.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无通知" style={{ padding: 16 }} />
          ) : (
            <List
              style={{ maxHeight: 360, overflowY: 'auto' }}
              dataSource={items.slice(0, 20)}
              renderItem={(n) => (
                <List.Item
                  style={{
                    padding: '8px 16px',
                    cursor: 'pointer',
                    background: n.readAt ? undefined : '#fff7e6',
                  }}
                  onClick={async () => {
                    if (!n.readAt) await markRead([n.id]);
                    if (n.link) nav(n.link);
                  }}
                >
                  <List.Item.Meta title={n.title} description={fmtTime(n.createdAt)} />
                </List.Item>
              )}
            />
          )}
        </div>
      )}
    >
      <Badge count={q.data?.unread ?? 0} size="small" data-testid="notification-bell">
        <BellOutlined style={{ fontSize: 18, cursor: 'pointer' }} />
      </Badge>
    </Dropdown>
  );
}
