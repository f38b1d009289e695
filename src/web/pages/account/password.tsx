import { Alert, App, Button, Card, Form, Input } from 'antd';
import { useNavigate } from 'react-router';
import { authApi } from '../../../common/contracts/auth.ts';
import { call } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { errorText } from '../../components/errors.ts';
import { fmtTime } from '../../components/format.ts';
import { Page } from '../../components/page.tsx';

export default function PasswordPage() {
  const { me, refresh } = useSession();
  const { message } = App.useApp();
  const nav = useNavigate();
  const [form] = Form.useForm();
  const forced = me?.pending === 'password_change';
  return (
    <Page title="修改密码">
      <Card style={{ maxWidth: 520 }}>
        {me?.passwordReset && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="reset-notice"
            title={`您的密码已于 ${fmtTime(me.passwordReset.resetAt)} 被管理员重置，须立即修改。`}
            description={
              <div>
                <div>重置后本账号的登录记录（含本次）：</div>
                <ul style={{ margin: '4px 0 0', paddingLeft: 20 }}>
                  {me.passwordReset.loginsSince.map((l) => (
                    <li key={l.at + (l.clientIp ?? '')}>
                      {fmtTime(l.at)}　{l.clientIp ?? '地址未知'}
                    </li>
                  ))}
                </ul>
                <div>如有不是您本人的登录，请立即报告安全管理员。</div>
              </div>
            }
          />
        )}
        {forced && !me?.passwordReset && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            title="首次登录须修改初始密码后才能使用系统。"
          />
        )}
        <Alert
          type="info"
          style={{ marginBottom: 16 }}
          title="密码至少 8 位，须包含大写字母、小写字母、数字、符号中的至少三类，且不能是常见密码。"
        />
        <Form
          form={form}
          layout="vertical"
          onFinish={async (v: { currentPassword: string; newPassword: string }) => {
            try {
              await call(authApi.changePassword, {
                body: { currentPassword: v.currentPassword, newPassword: v.newPassword },
              });
              message.success('密码已修改');
              form.resetFields();
              await refresh();
              nav('/');
            } catch (e) {
              message.error(errorText(e));
            }
          }}
        >
          <Form.Item
            name="currentPassword"
            label="当前密码"
            rules={[{ required: true, message: '请输入当前密码' }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item name="newPassword" label="新密码" rules={[{ required: true, message: '请输入新密码' }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            name="confirm"
            label="确认新密码"
            dependencies={['newPassword']}
            rules={[
              { required: true, message: '请再次输入新密码' },
              ({ getFieldValue }) => ({
                validator: (_, v) =>
                  !v || v === getFieldValue('newPassword')
                    ? Promise.resolve()
                    : Promise.reject(new Error('两次输入不一致')),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            保存
          </Button>
        </Form>
      </Card>
    </Page>
  );
}
