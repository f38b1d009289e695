import { Alert, App, Button, Card, Form, Input, Result, Space, Steps, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { WireOf } from '../../../common/api.ts';
import { authApi } from '../../../common/contracts/auth.ts';
import { call } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { errorText } from '../../components/errors.ts';
import { Page } from '../../components/page.tsx';

export default function TotpPage() {
  const { me, refresh } = useSession();
  const { message } = App.useApp();
  const nav = useNavigate();
  const [enrol, setEnrol] = useState<WireOf<typeof authApi.totpEnrol> | null>(null);
  const forced = me?.pending === 'totp_enrolment';
  if (me?.user.totpEnabled) {
    return (
      <Page title="动态验证码">
        <Card>
          <Result
            status="success"
            title="已绑定动态验证码"
            subTitle="登录时须输入手机身份验证器上的 6 位动态码。如手机丢失，请联系安全管理员重置。"
          />
        </Card>
      </Page>
    );
  }
  return (
    <Page title="绑定动态验证码">
      <Card style={{ maxWidth: 640 }}>
        {forced && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            title="按等级保护要求，管理员和组织部门用户须绑定动态验证码（双因素认证）后才能使用系统。"
          />
        )}
        <Steps
          current={enrol ? 1 : 0}
          style={{ marginBottom: 24 }}
          items={[{ title: '生成二维码' }, { title: '扫码并输入验证码' }]}
        />
        {!enrol ? (
          <Button
            type="primary"
            onClick={async () => {
              try {
                setEnrol(await call(authApi.totpEnrol));
              } catch (e) {
                message.error(errorText(e));
              }
            }}
          >
            开始绑定
          </Button>
        ) : (
          <Space align="start" size={32} wrap>
            <img src={enrol.qr} alt="动态验证码二维码" width={200} height={200} />
            <div style={{ maxWidth: 340 }}>
              <Typography.Paragraph>
                用手机上的身份验证器（如微信小程序“腾讯身份验证器”、Google
                Authenticator）扫描二维码，或手动输入密钥：
              </Typography.Paragraph>
              <Typography.Paragraph copyable code data-testid="totp-secret">
                {enrol.secret}
              </Typography.Paragraph>
              <Form
                layout="vertical"
                onFinish={async (v: { code: string }) => {
                  try {
                    await call(authApi.totpConfirm, { body: { code: v.code } });
                    message.success('动态验证码已绑定');
                    await refresh();
                    nav('/');
                  } catch (e) {
                    message.error(errorText(e));
                  }
                }}
              >
                <Form.Item
                  name="code"
                  label="验证器上显示的 6 位数字"
                  rules={[{ required: true, pattern: /^\d{6}$/, message: '请输入 6 位数字' }]}
                >
                  <Input inputMode="numeric" maxLength={6} />
                </Form.Item>
                <Button type="primary" htmlType="submit">
                  确认绑定
                </Button>
              </Form>
            </div>
          </Space>
        )}
      </Card>
    </Page>
  );
}
