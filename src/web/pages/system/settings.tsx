import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Select, Skeleton } from 'antd';
import { systemApi } from '../../../common/contracts/system.ts';
import type { Jurisdiction } from '../../../common/settings.ts';
import { call } from '../../api/client.ts';
import { errorText } from '../../components/errors.ts';
import { Page } from '../../components/page.tsx';

const LEVELS = ['县级市', '县', '市辖区', '地级市', '省'] as const;

export default function SettingsPage() {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const info = useQuery({
    queryKey: ['system-info'],
    queryFn: () => call(systemApi.info),
  });
  return (
    <Page
      title="系统设置"
      subtitle="平台服务的辖区；名称显示在登录页、页眉和报表中。"
      permission="system.settings.manage"
    >
      <Card title="辖区" style={{ maxWidth: 520 }}>
        {info.isLoading || !info.data ? (
          <Skeleton active />
        ) : (
          <Form<Jurisdiction>
            layout="vertical"
            initialValues={info.data.jurisdiction ?? undefined}
            onFinish={async (v) => {
              try {
                await call(systemApi.saveJurisdiction, { body: v });
                message.success('已保存');
                qc.invalidateQueries({ queryKey: ['system-info'] });
              } catch (e) {
                message.error(errorText(e));
              }
            }}
          >
            <Form.Item
              name="name"
              label="辖区名称"
              rules={[{ required: true, whitespace: true, message: '请填写辖区名称' }]}
            >
              <Input maxLength={50} placeholder="如：玉环市" />
            </Form.Item>
            <Form.Item name="level" label="行政层级" rules={[{ required: true, message: '请选择层级' }]}>
              <Select options={LEVELS.map((l) => ({ value: l, label: l }))} />
            </Form.Item>
            <Button type="primary" htmlType="submit">
              保存
            </Button>
          </Form>
        )}
      </Card>
    </Page>
  );
}
