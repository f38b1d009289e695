import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import type { WireOf } from '../../../common/api.ts';
import { authApi } from '../../../common/contracts/auth.ts';
import { orgApi } from '../../../common/contracts/org.ts';
import { ADMIN_ROLES, ROLE_LABELS, ROLE_SCOPE, ROLES, type Role } from '../../../common/roles.ts';
import { call } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { errorText } from '../../components/errors.ts';
import { fmtTime } from '../../components/format.ts';
import { Page } from '../../components/page.tsx';
import { PasswordResetsCard } from '../../components/password-resets.tsx';
import { RemoteSelect } from '../../components/remote-select.tsx';

type UserView = WireOf<typeof authApi.users>['items'][number];

export default function UsersPage() {
  const { can, me } = useSession();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const [filter, setFilter] = useState<{
    q?: string;
    role?: Role;
    status?: 'active' | 'disabled';
    page: number;
    pageSize: number;
  }>({
    page: 1,
    pageSize: 20,
  });
  const [creating, setCreating] = useState(false);
  const [granting, setGranting] = useState<UserView | null>(null);
  const list = useQuery({
    queryKey: ['users', filter],
    queryFn: () => call(authApi.users, { query: filter }),
  });
  const refresh = () => qc.invalidateQueries({ queryKey: ['users'] });
  const act = useMutation({
    mutationFn: (run: () => Promise<unknown>) => run(),
    onSuccess: () => {
      message.success('已完成');
      refresh();
    },
    onError: (e) => message.error(errorText(e)),
  });
  const manage = can('auth.users.manage');

  const showPassword = (title: string, username: string, password: string) =>
    modal.success({
      title,
      content: (
        <div>
          <p>
            账号 <b>{username}</b> 的初始密码（只显示这一次，请当面交给本人；首次登录须修改）：
          </p>
          <Typography.Paragraph copyable code style={{ fontSize: 18 }} data-testid="initial-password">
            {password}
          </Typography.Paragraph>
        </div>
      ),
    });

  return (
    <Page
      title="账号与角色"
      subtitle="三员分立：系统管理员创建和停用账号，安全管理员授予和撤销角色，审计管理员审查。"
      permission="auth.users.read"
      extra={
        manage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            新建账号
          </Button>
        )
      }
    >
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <Input.Search
            placeholder="用户名或姓名"
            allowClear
            onSearch={(q) => setFilter({ ...filter, q: q || undefined, page: 1 })}
            style={{ width: 220 }}
          />
          <Select
            allowClear
            placeholder="角色"
            style={{ width: 160 }}
            options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
            onChange={(role) => setFilter({ ...filter, role, page: 1 })}
          />
          <Select
            allowClear
            placeholder="状态"
            style={{ width: 120 }}
            options={[
              { value: 'active', label: '启用' },
              { value: 'disabled', label: '停用' },
            ]}
            onChange={(status) => setFilter({ ...filter, status, page: 1 })}
          />
        </Space>
        <Table<UserView>
          rowKey="id"
          loading={list.isLoading}
          dataSource={list.data?.items}
          locale={{ emptyText: '没有符合条件的账号' }}
          pagination={{
            current: filter.page,
            pageSize: filter.pageSize,
            total: list.data?.total,
            showTotal: (t) => `共 ${t} 个`,
            onChange: (page, pageSize) => setFilter({ ...filter, page, pageSize }),
          }}
          columns={[
            { title: '用户名', dataIndex: 'username' },
            { title: '姓名', dataIndex: 'displayName' },
            {
              title: '角色',
              render: (_, u) =>
                u.roles.length ? (
                  <Space size={4} wrap>
                    {u.roles.map((r) => (
                      <Tag
                        key={r.role}
                        color={ADMIN_ROLES.includes(r.role) ? 'red' : 'blue'}
                        closable={u.can.revokeRole}
                        onClose={(e) => {
                          e.preventDefault();
                          modal.confirm({
                            title: `撤销 ${u.displayName} 的“${ROLE_LABELS[r.role]}”角色？`,
                            okText: '撤销',
                            okButtonProps: { danger: true },
                            onOk: () =>
                              act.mutateAsync(() =>
                                call(authApi.revokeRole, { params: { id: u.id, role: r.role } }),
                              ),
                          });
                        }}
                      >
                        {ROLE_LABELS[r.role]}
                        {r.department ? `·${r.department}` : ''}
                      </Tag>
                    ))}
                  </Space>
                ) : (
                  <Typography.Text type="secondary">未授予</Typography.Text>
                ),
            },
            {
              title: '状态',
              render: (_, u) => (
                <Space size={4}>
                  {u.status === 'active' ? <Tag color="green">启用</Tag> : <Tag>停用</Tag>}
                  {u.lockedUntil && new Date(u.lockedUntil) > new Date() && <Tag color="orange">锁定中</Tag>}
                  {u.mustChangePassword && <Tag>待改密</Tag>}
                  {u.totpEnabled && <Tag color="purple">双因素</Tag>}
                  {u.isDemo && <Tag color="gold">演示</Tag>}
                </Space>
              ),
            },
            { title: '最近登录', dataIndex: 'lastLoginAt', render: fmtTime },
            {
              title: '操作',
              render: (_, u) =>
                u.id === me?.user.id ? (
                  <Typography.Text type="secondary">本人</Typography.Text>
                ) : (
                  <Space size={0} wrap>
                    {u.can.grantRole && (
                      <Button type="link" onClick={() => setGranting(u)}>
                        授予角色
                      </Button>
                    )}
                    {u.can.disable && (
                      <Popconfirm
                        title="停用后该账号的所有会话立即结束，确定停用？"
                        onConfirm={() =>
                          act.mutateAsync(() => call(authApi.disable, { params: { id: u.id } }))
                        }
                      >
                        <Button type="link" danger>
                          停用
                        </Button>
                      </Popconfirm>
                    )}
                    {u.can.enable && (
                      <Button
                        type="link"
                        onClick={() => act.mutate(() => call(authApi.enable, { params: { id: u.id } }))}
                      >
                        启用
                      </Button>
                    )}
                    {u.can.resetPassword && (
                      <Popconfirm
                        title={
                          u.roles.some((r) => !ADMIN_ROLES.includes(r.role))
                            ? '该账号持有考核角色：将提交重置申请，经安全管理员批准后新密码交给安全管理员。确定提交？'
                            : '重置后原密码失效，本人下次登录须修改。确定重置？'
                        }
                        onConfirm={async () => {
                          try {
                            const r = await call(authApi.resetPassword, { params: { id: u.id } });
                            if (r.status === 'reset')
                              showPassword('密码已重置', u.username, r.initialPassword);
                            else message.success('已提交重置申请，等待安全管理员审批');
                            refresh();
                            qc.invalidateQueries({ queryKey: ['password-resets'] });
                          } catch (e) {
                            message.error(errorText(e));
                          }
                        }}
                      >
                        <Button type="link">重置密码</Button>
                      </Popconfirm>
                    )}
                    {u.can.unlock && (
                      <Button
                        type="link"
                        onClick={() => act.mutate(() => call(authApi.unlock, { params: { id: u.id } }))}
                      >
                        解除锁定
                      </Button>
                    )}
                    {u.can.resetTotp && (
                      <Popconfirm
                        title="重置后该用户下次登录须重新绑定，确定？"
                        onConfirm={() =>
                          act.mutateAsync(() => call(authApi.resetTotp, { params: { id: u.id } }))
                        }
                      >
                        <Button type="link">重置动态码</Button>
                      </Popconfirm>
                    )}
                  </Space>
                ),
            },
          ]}
        />
      </Card>
      <PasswordResetsCard />
      <CreateUserModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(username, password) => {
          setCreating(false);
          refresh();
          showPassword('账号已创建', username, password);
        }}
      />
      <GrantRoleModal
        user={granting}
        onClose={() => setGranting(null)}
        onDone={() => {
          setGranting(null);
          refresh();
          message.success('角色已授予');
        }}
      />
    </Page>
  );
}

function CreateUserModal(props: { open: boolean; onClose(): void; onCreated(u: string, p: string): void }) {
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal
      title="新建账号"
      open={props.open}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText="创建"
      destroyOnHidden
    >
      {error && <Alert type="error" title={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        onFinish={async (v: { username: string; displayName: string }) => {
          try {
            const r = await call(authApi.createUser, { body: v });
            setError(null);
            props.onCreated(r.user.username, r.initialPassword);
          } catch (e) {
            setError(errorText(e));
          }
        }}
      >
        <Form.Item
          name="username"
          label="用户名"
          rules={[
            { required: true, pattern: /^[A-Za-z0-9_.-]{3,32}$/, message: '3–32 位字母、数字或 _ . -' },
          ]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="displayName" label="姓名" rules={[{ required: true, message: '请输入姓名' }]}>
          <Input />
        </Form.Item>
        <Typography.Text type="secondary">创建后由安全管理员授予角色。</Typography.Text>
      </Form>
    </Modal>
  );
}

function GrantRoleModal(props: { user: UserView | null; onClose(): void; onDone(): void }) {
  const [form] = Form.useForm();
  const role = Form.useWatch('role', form) as Role | undefined;
  const [error, setError] = useState<string | null>(null);
  const scope = role ? ROLE_SCOPE[role] : 'none';
  const departments = useQuery({
    queryKey: ['org', 'dict', 'department'],
    queryFn: () => call(orgApi.listDict, { query: { kind: 'department' } }),
    enabled: scope === 'department',
  });
  return (
    <Modal
      title={`授予角色：${props.user?.displayName ?? ''}`}
      open={!!props.user}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText="授予"
      destroyOnHidden
    >
      {error && <Alert type="error" title={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        onFinish={async (v: { role: Role; unitId?: string; cadreId?: string; department?: string }) => {
          try {
            await call(authApi.grantRole, { params: { id: props.user!.id }, body: v });
            setError(null);
            props.onDone();
          } catch (e) {
            setError(errorText(e));
          }
        }}
      >
        <Form.Item name="role" label="角色" rules={[{ required: true, message: '请选择角色' }]}>
          <Select options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))} />
        </Form.Item>
        {scope === 'unit' && (
          <Form.Item name="unitId" label="管理的单位" rules={[{ required: true, message: '请选择单位' }]}>
            <RemoteSelect list={orgApi.listUnits} one={orgApi.getUnit} label={(u) => u.name} />
          </Form.Item>
        )}
        {scope === 'cadre' && (
          <Form.Item
            name="cadreId"
            label="对应的干部档案"
            rules={[{ required: true, message: '请选择干部' }]}
          >
            <RemoteSelect
              list={orgApi.listCadres}
              one={orgApi.getCadre}
              label={(c) => `${c.name}（${c.unitName ?? ''} ${c.post ?? ''}）`}
            />
          </Form.Item>
        )}
        {scope === 'department' && (
          <Form.Item name="department" label="数据部门" rules={[{ required: true, message: '请选择部门' }]}>
            <Select
              options={(departments.data?.items ?? []).map((d) => ({ value: d.name, label: d.name }))}
              notFoundContent="请先在“字典管理”中维护数据部门"
            />
          </Form.Item>
        )}
        <Alert
          type="info"
          title="三员分立：系统管理员、安全管理员、审计管理员互不兼任，也不兼任其他任何角色。"
        />
      </Form>
    </Modal>
  );
}
