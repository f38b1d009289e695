import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Popconfirm, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { WireOf } from '../../common/api.ts';
import { authApi } from '../../common/contracts/auth.ts';
import { call } from '../api/client.ts';
import { errorText } from './errors.ts';
import { fmtTime } from './format.ts';

type ResetRequest = WireOf<typeof authApi.resets>['items'][number];
type ResetStatus = ResetRequest['status'];

const STATUS: Record<ResetStatus, { label: string; color: string }> = {
  pending: { label: '待审批', color: 'orange' },
  approved: { label: '已批准', color: 'green' },
  rejected: { label: '已驳回', color: 'default' },
};

/**
 * Password reset requests of accounts holding an assessment role. The system administrator
 * files them; a security administrator approves (and alone receives the new password, once)
 * or rejects them.
 */
export function PasswordResetsCard() {
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const [filter, setFilter] = useState<{ status?: ResetStatus; page: number; pageSize: number }>({
    status: 'pending',
    page: 1,
    pageSize: 10,
  });
  const list = useQuery({
    queryKey: ['password-resets', filter],
    queryFn: () => call(authApi.resets, { query: filter }),
  });
  const refresh = () => {
    qc.invalidateQueries({ queryKey: ['password-resets'] });
    qc.invalidateQueries({ queryKey: ['users'] });
  };
  const approve = async (r: ResetRequest) => {
    try {
      const out = await call(authApi.approveReset, { params: { id: r.id } });
      refresh();
      modal.success({
        title: '已批准密码重置',
        content: (
          <div>
            <p>
              账号 <b>{r.username}</b>（{r.displayName}
              ）的一次性密码只显示这一次，请当面交给本人；本人登录后须立即修改，并会看到重置后的登录记录：
            </p>
            <Typography.Paragraph copyable code style={{ fontSize: 18 }} data-testid="reset-password">
              {out.initialPassword}
            </Typography.Paragraph>
          </div>
        ),
      });
    } catch (e) {
      message.error(errorText(e));
    }
  };
  const reject = async (r: ResetRequest) => {
    try {
      await call(authApi.rejectReset, { params: { id: r.id } });
      message.success('已驳回');
      refresh();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <Card
      title="密码重置申请"
      style={{ marginTop: 16 }}
      extra={
        <Segmented
          value={filter.status ?? 'all'}
          onChange={(v) =>
            setFilter({ ...filter, page: 1, status: v === 'all' ? undefined : (v as ResetStatus) })
          }
          options={[
            { label: '待审批', value: 'pending' },
            { label: '全部', value: 'all' },
          ]}
        />
      }
    >
      <Typography.Paragraph type="secondary">
        持有考核角色的账号，系统管理员只能提交重置申请；安全管理员批准后，新密码只显示给批准人。
      </Typography.Paragraph>
      <Table
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={list.data?.items}
        locale={{ emptyText: filter.status === 'pending' ? '没有待审批的重置申请' : '没有重置申请' }}
        pagination={{
          current: filter.page,
          pageSize: filter.pageSize,
          total: list.data?.total ?? 0,
          onChange: (page, pageSize) => setFilter({ ...filter, page, pageSize }),
        }}
        columns={[
          { title: '账号', render: (_, r) => `${r.displayName}（${r.username}）` },
          { title: '申请人', dataIndex: 'requestedByName' },
          { title: '申请时间', dataIndex: 'requestedAt', render: fmtTime },
          {
            title: '状态',
            dataIndex: 'status',
            render: (s: ResetStatus) => <Tag color={STATUS[s].color}>{STATUS[s].label}</Tag>,
          },
          {
            title: '审批',
            render: (_, r) =>
              r.status === 'pending' ? (
                r.can.approve || r.can.reject ? (
                  <Space size={0}>
                    {r.can.approve && (
                      <Popconfirm
                        title="批准后原密码立即失效，新密码只显示给您一次。确定批准？"
                        onConfirm={() => approve(r)}
                      >
                        <Button type="link">批准</Button>
                      </Popconfirm>
                    )}
                    {r.can.reject && (
                      <Popconfirm title="确定驳回该重置申请？" onConfirm={() => reject(r)}>
                        <Button type="link" danger>
                          驳回
                        </Button>
                      </Popconfirm>
                    )}
                  </Space>
                ) : (
                  <Typography.Text type="secondary">等待安全管理员审批</Typography.Text>
                )
              ) : (
                `${r.decidedByName ?? ''} ${fmtTime(r.decidedAt)}`
              ),
          },
        ]}
      />
    </Card>
  );
}
