import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Col, Form, Input, InputNumber, Radio, Row, Select, Typography } from 'antd';
import { useState } from 'react';
import type { WireOf } from '../../../../common/api.ts';
import { quadrantApi } from '../../../../common/contracts/quadrant.ts';
import { ApiError, call } from '../../../api/client.ts';
import { errorText } from '../../../components/errors.ts';
import { useDict } from '../../org/org-options.ts';

type Settings = WireOf<typeof quadrantApi.settings>;
type Params = Settings['params'];
interface Values extends Omit<Params, 'contributionThreshold'> {
  contributionMode: 'average' | 'fixed';
  contributionThreshold: number | null;
  reason: string;
}

const num = (name: string | string[], label: string, min: number, max: number, step = 1, extra?: string) => (
  <Form.Item name={name} label={label} extra={extra} rules={[{ required: true, message: `请填写${label}` }]}>
    <InputNumber
      min={min}
      max={max}
      step={step}
      style={{ width: '100%' }}
      data-testid={`settings-${[name].flat().join('-')}`}
    />
  </Form.Item>
);

/** The settings as a form; saving makes a new version (a leader of the department only). */
export function SettingsForm(props: { settings: Settings }) {
  const s = props.settings;
  const [form] = Form.useForm<Values>();
  const ranks = useDict('rank');
  const mode = Form.useWatch('contributionMode', form);
  const [error, setError] = useState<string | null>(null);
  const { message } = App.useApp();
  const qc = useQueryClient();
  const save = useMutation({
    mutationFn: (v: Values) => {
      const { contributionMode, reason, ...params } = v;
      return call(quadrantApi.saveSettings, {
        body: {
          reason,
          params: {
            ...params,
            contributionThreshold: contributionMode === 'average' ? null : (v.contributionThreshold ?? 0),
          },
        },
      });
    },
    onSuccess: async (r) => {
      message.success(`已保存为第 ${r.version} 版`);
      await qc.invalidateQueries({ queryKey: ['quadrant', 'settings'] });
    },
    onError: (e) => {
      setError(errorText(e));
      if (e instanceof ApiError && e.details)
        form.setFields(
          e.details.map((x) => ({
            name: (x.path ?? '')
              .replace(/^body\./, '')
              .replace(/^params\./, '')
              .split('.') as never,
            errors: [x.message],
          })),
        );
    },
  });
  return (
    <Form<Values>
      form={form}
      layout="vertical"
      disabled={!s.can.save}
      initialValues={{
        ...s.params,
        contributionMode: s.params.contributionThreshold === null ? 'average' : 'fixed',
        contributionThreshold: s.params.contributionThreshold ?? 0,
        reason: '',
      }}
      onFinish={(v) => {
        setError(null);
        save.mutate(v);
      }}
      data-testid="quadrant-settings-form"
    >
      <Typography.Title level={5}>象限门槛</Typography.Title>
      <Row gutter={16}>
        <Col span={8}>
          <Form.Item name="contributionMode" label="实绩贡献门槛">
            <Radio.Group
              options={[
                { value: 'average', label: '全县平均' },
                { value: 'fixed', label: '固定值' },
              ]}
            />
          </Form.Item>
        </Col>
        <Col span={8}>
          {mode === 'fixed' && num('contributionThreshold', '实绩贡献门槛（分）', -50, 50, 0.5)}
        </Col>
        <Col span={8}>{num('viewThreshold', '政绩观门槛', -50, 50, 0.5, '高于门槛为政绩观正')}</Col>
      </Row>
      <Typography.Title level={5}>政绩观综合分权重</Typography.Title>
      <Row gutter={16}>
        <Col span={6}>{num(['viewWeights', 'conduct'], '现场考察表现权重', 0, 100)}</Col>
        <Col span={6}>{num(['viewWeights', 'opinion'], '360 与群众评价权重', 0, 100)}</Col>
        <Col span={6}>{num(['viewWeights', 'deviation'], '每条偏差记录扣分', 0, 50)}</Col>
        <Col span={6}>{num(['viewWeights', 'outstanding'], '每条担当作为突出加分', 0, 50)}</Col>
      </Row>
      <Typography.Title level={5}>“长期处于”与程序</Typography.Title>
      <Row gutter={16}>
        <Col span={6}>{num('quarters', '连续季度数', 1, 8)}</Col>
        <Col span={6}>{num('minProbability', '区内概率不低于', 0.5, 0.99, 0.05)}</Col>
        <Col span={6}>{num('maxHalfWidth', '区间半宽上限', 0.5, 50, 0.5)}</Col>
        <Col span={6}>{num('publicityDays', '任前公示工作日', 5, 15)}</Col>
      </Row>
      <Row gutter={16}>
        <Col span={6}>{num('youngAge', '优秀年轻干部年龄上限', 25, 50)}</Col>
        <Col span={6}>
          <Form.Item
            name="decidingBody"
            label="决定机关"
            rules={[{ required: true, message: '请填写决定机关' }]}
          >
            <Input maxLength={60} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="outsideRanks" label="上级管理的职级（不在本部门权限内）">
            <Select mode="multiple" options={ranks} optionFilterProp="label" placeholder="选择职级" />
          </Form.Item>
        </Col>
      </Row>
      {s.can.save && (
        <>
          <Form.Item
            name="reason"
            label="调整理由"
            rules={[{ required: true, min: 2, message: '请写明调整理由' }]}
          >
            <Input.TextArea rows={2} maxLength={300} placeholder="如：2026年第9次部务会研究确定" />
          </Form.Item>
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
          <Button
            type="primary"
            htmlType="submit"
            loading={save.isPending}
            data-testid="quadrant-settings-save"
          >
            保存为新版本
          </Button>
        </>
      )}
    </Form>
  );
}
