import { LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import type { WireOf } from '../../../common/api.ts';
import { authApi } from '../../../common/contracts/auth.ts';
import { systemApi } from '../../../common/contracts/system.ts';
import { ROLE_LABELS } from '../../../common/roles.ts';
import { call } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { errorText } from '../../components/errors.ts';

type LoginResponse = WireOf<typeof authApi.login>;

export default function LoginPage() {
  const { me, setMe } = useSession();
  const nav = useNavigate();
  const [params] = useSearchParams();
  const [challenge, setChallenge] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ username: string; password: string }>();
  const info = useQuery({
    queryKey: ['system-info'],
    queryFn: () => call(systemApi.info),
  });
  if (me) return <Navigate to={params.get('next') || '/'} replace />;

  const done = (res: LoginResponse) => {
    if (res.status === 'totp') {
      setChallenge(res.challenge);
      return;
    }
    setMe(res.me);
    const next = params.get('next');
    nav(next?.startsWith('/') ? next : '/', { replace: true });
  };

  const submit = async (fn: () => Promise<LoginResponse>) => {
    setBusy(true);
    setError(null);
    try {
      done(await fn());
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        background: 'linear-gradient(135deg, #8b1a1a 0%, #b8322a 45%, #f3e3c3 100%)',
      }}
    >
      <Card style={{ width: 400, boxShadow: '0 8px 30px rgba(0,0,0,.2)' }}>
        <div style={{ textAlign: 'center', marginBottom: 24 }}>
          <Typography.Title level={2} style={{ marginBottom: 4, letterSpacing: 4 }}>
            玉智督
          </Typography.Title>
          <Typography.Text type="secondary">
            {info.data?.jurisdiction?.name ?? ''}领导干部政绩观考察与重点任务监督平台
          </Typography.Text>
        </div>
        {info.data?.mode === 'demo' && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            title="演示模式：数据均为虚构。点击下方演示账号即可填入。"
          />
        )}
        {error && (
          <Alert type="error" showIcon style={{ marginBottom: 16 }} title={error} data-testid="login-error" />
        )}
        {!challenge ? (
          <Form
            form={form}
            layout="vertical"
            onFinish={(v: { username: string; password: string }) =>
              submit(() => call(authApi.login, { body: v }))
            }
          >
            <Form.Item name="username" label="用户名" rules={[{ required: true, message: '请输入用户名' }]}>
              <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
            </Form.Item>
            <Form.Item name="password" label="密码" rules={[{ required: true, message: '请输入密码' }]}>
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy}>
              登录
            </Button>
            {info.data?.demo && info.data.demo.accounts.length > 0 && (
              <div style={{ marginTop: 16 }} data-testid="demo-accounts">
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  演示账号（密码均为 {info.data.demo.password}）：
                </Typography.Text>
                <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6, marginTop: 6 }}>
                  {info.data.demo.accounts.map((a) => (
                    <Button
                      key={a.username}
                      size="small"
                      title={`${ROLE_LABELS[a.role] ?? a.role} · ${a.username}`}
                      data-testid={`demo-account-${a.username}`}
                      onClick={() =>
                        form.setFieldsValue({ username: a.username, password: info.data!.demo!.password })
                      }
                    >
                      {a.displayName.replace(/（演示）$/, '')}
                    </Button>
                  ))}
                </div>
              </div>
            )}
          </Form>
        ) : (
          <Form
            layout="vertical"
            onFinish={(v: { code: string }) =>
              submit(() => call(authApi.loginTotp, { body: { challenge, code: v.code } }))
            }
          >
            <Typography.Paragraph>
              请打开手机上的身份验证器，输入“玉智督”的 6 位动态验证码。
            </Typography.Paragraph>
            <Form.Item
              name="code"
              label="动态验证码"
              rules={[{ required: true, pattern: /^\d{6}$/, message: '请输入 6 位数字' }]}
            >
              <Input
                prefix={<SafetyOutlined />}
                inputMode="numeric"
                maxLength={6}
                autoFocus
                autoComplete="one-time-code"
              />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy}>
              验证并登录
            </Button>
            <Button type="link" block onClick={() => setChallenge(null)}>
              返回
            </Button>
          </Form>
        )}
      </Card>
    </div>
  );
}
