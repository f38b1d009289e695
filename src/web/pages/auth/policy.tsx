import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Form, InputNumber, Skeleton } from 'antd';
import { authApi } from '../../../common/contracts/auth.ts';
import type { SecurityPolicy } from '../../../common/settings.ts';
import { call } from '../../api/client.ts';
import { errorText } from '../../components/errors.ts';
import { Page } from '../../components/page.tsx';

const FIELDS: { name: keyof SecurityPolicy; label: string; min: number; max: number; unit: string }[] = [
  { name: 'minPasswordLength', label: '密码最短长度', min: 8, max: 64, unit: '位' },
  { name: 'lockoutThreshold', label: '连续登录失败锁定次数', min: 3, max: 20, unit: '次' },
  { name: 'lockoutMinutes', label: '锁定时长', min: 1, max: 1440, unit: '分钟' },
  { name: 'idleMinutes', label: '会话空闲超时', min: 5, max: 240, unit: '分钟' },
  { name: 'absoluteHours', label: '会话最长时长', min: 1, max: 24, unit: '小时' },
  { name: 'passwordHistory', label: '不得重复使用最近密码数', min: 1, max: 24, unit: '个' },
  { name: 'addressFailureLimit', label: '同一地址锁定时长内失败上限', min: 10, max: 1000, unit: '次' },
];

export default function PolicyPage() {
  const { message } = App.useApp();
  const q = useQuery({ queryKey: ['policy'], queryFn: () => call(authApi.policy) });
  return (
    <Page
      title="密码与锁定策略"
      subtitle="由安全管理员维护，修改立即生效并记入审计日志。"
      permission="auth.policy.manage"
    >
      <Card style={{ maxWidth: 520 }}>
        {q.isLoading || !q.data ? (
          <Skeleton active />
        ) : (
          <Form
            layout="horizontal"
            labelCol={{ span: 10 }}
            initialValues={q.data}
            onFinish={async (v: SecurityPolicy) => {
              try {
                await call(authApi.savePolicy, { body: v });
                message.success('策略已保存');
                q.refetch();
              } catch (e) {
                message.error(errorText(e));
              }
            }}
          >
            {FIELDS.map((f) => (
              <Form.Item
                key={f.name}
                name={f.name}
                label={f.label}
                rules={[{ required: true, message: '必填' }]}
              >
                <InputNumber min={f.min} max={f.max} precision={0} suffix={f.unit} style={{ width: 160 }} />
              </Form.Item>
            ))}
            <Form.Item wrapperCol={{ offset: 10 }}>
              <Button type="primary" htmlType="submit">
                保存
              </Button>
            </Form.Item>
          </Form>
        )}
      </Card>
    </Page>
  );
}
