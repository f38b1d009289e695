import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { WireOf } from '../../../common/api.ts';
import { keyworkApi, RULE_THRESHOLD_LABELS } from '../../../common/contracts/keywork.ts';
import { call } from '../../api/client.ts';
import { errorText } from '../../components/errors.ts';
import { fieldErrors } from '../../components/form-errors.ts';
import { fmtDate, fmtTime } from '../../components/format.ts';
import { Page } from '../../components/page.tsx';
import { InspectionTable } from './inspections.tsx';
import { RuleTag } from './keywork-bits.tsx';

type Hit = WireOf<typeof keyworkApi.hits>['items'][number];
type Rule = WireOf<typeof keyworkApi.rules>['items'][number];

/** The trigger inbox: the officer's inspections, the rule hits and the rules with their versions. */
export default function InboxPage() {
  const [page, setPage] = useState(1);
  const hits = useQuery({
    queryKey: ['keywork', 'hits', page],
    queryFn: () => call(keyworkApi.hits, { query: { page, pageSize: 15 } }),
  });
  return (
    <Page
      title="触发收件箱"
      subtitle="中心工作定向考察触发机制：任务进度异常按规则自动触发定向考察，派给考察组并列入待办。"
      permission="keywork.inspect"
    >
      <Tabs
        items={[
          {
            key: 'mine',
            label: '我的定向考察',
            children: (
              <Card>
                <InspectionTable mine status="open" testId="inbox-mine" />
              </Card>
            ),
          },
          {
            key: 'hits',
            label: '触发记录',
            children: (
              <Card>
                <Table<Hit>
                  rowKey="id"
                  dataSource={hits.data?.items}
                  loading={hits.isLoading}
                  data-testid="hit-table"
                  pagination={{
                    current: page,
                    pageSize: 15,
                    total: hits.data?.total ?? 0,
                    onChange: setPage,
                    showSizeChanger: false,
                    hideOnSinglePage: true,
                  }}
                  locale={{
                    emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚无触发记录" />,
                  }}
                  columns={[
                    { title: '日期', dataIndex: 'hitOn', width: 110 },
                    {
                      title: '规则',
                      dataIndex: 'ruleCode',
                      width: 210,
                      render: (c: string, h) => <RuleTag code={c} version={h.version} />,
                    },
                    {
                      title: '任务',
                      dataIndex: 'taskTitle',
                      width: 220,
                      render: (v: string, h) => <Link to={`/keywork/tasks/${h.taskId}`}>{v}</Link>,
                    },
                    { title: '情况', dataIndex: 'message' },
                    {
                      title: '定向考察',
                      width: 150,
                      render: (_, h) =>
                        h.inspectionId ? (
                          <Link to={`/keywork/inspections/${h.inspectionId}`}>
                            {h.inspectionStatus === 'open' ? '考察中' : '已结论'} ·{' '}
                            {h.assigneeName ?? '考察组'}
                          </Link>
                        ) : (
                          '—'
                        ),
                    },
                  ]}
                />
              </Card>
            ),
          },
          { key: 'rules', label: '触发规则', children: <Rules /> },
        ]}
      />
    </Page>
  );
}

function Rules() {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const nav = useNavigate();
  const [editing, setEditing] = useState<Rule | null>(null);
  const [form] = Form.useForm<{
    threshold: number;
    inspectionDays: number;
    enabled: boolean;
    note: string;
  }>();
  const rules = useQuery({
    queryKey: ['keywork', 'rules'],
    queryFn: () => call(keyworkApi.rules),
  });
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card size="small">
        <Space>
          <Typography.Text type="secondary">
            规则每小时检查一次，报送进度、调整节点后立即检查。调整规则会新增版本，既往触发保留原版本。
          </Typography.Text>
          {rules.data?.can.evaluate && (
            <Button
              onClick={async () => {
                try {
                  await call(keyworkApi.evaluate);
                  message.success('已开始检查，稍后刷新触发记录');
                  setTimeout(() => qc.invalidateQueries({ queryKey: ['keywork'] }), 1500);
                } catch (e) {
                  message.error(errorText(e));
                }
              }}
            >
              立即检查
            </Button>
          )}
          <Button type="link" onClick={() => nav('/keywork/inspections')}>
            全部定向考察
          </Button>
        </Space>
      </Card>
      {(rules.data?.items ?? []).map((r) => (
        <Card
          key={r.code}
          size="small"
          title={
            <Space>
              {r.label}
              <Tag color={r.current.enabled ? 'green' : 'default'}>{r.current.enabled ? '启用' : '停用'}</Tag>
              <Tag>v{r.current.version}</Tag>
            </Space>
          }
          extra={
            rules.data?.can.change && (
              <Button
                size="small"
                onClick={() => {
                  form.setFieldsValue({ ...r.current, note: '' });
                  setEditing(r);
                }}
              >
                调整
              </Button>
            )
          }
        >
          <Typography.Text>
            {RULE_THRESHOLD_LABELS[r.code]}：{r.current.threshold}；考察期限 {r.current.inspectionDays}{' '}
            个工作日
          </Typography.Text>
          {r.versions.length > 0 && (
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              style={{ marginTop: 8 }}
              dataSource={r.versions}
              columns={[
                { title: '版本', dataIndex: 'version', width: 60, render: (v: number) => `v${v}` },
                { title: '阈值', dataIndex: 'threshold', width: 80 },
                {
                  title: '考察期限',
                  dataIndex: 'inspectionDays',
                  width: 90,
                  render: (v: number) => `${v} 个工作日`,
                },
                {
                  title: '状态',
                  dataIndex: 'enabled',
                  width: 70,
                  render: (v: boolean) => (v ? '启用' : '停用'),
                },
                { title: '说明', dataIndex: 'note' },
                { title: '生效时间', dataIndex: 'createdAt', width: 160, render: fmtTime },
                { title: '触发', dataIndex: 'hits', width: 70 },
              ]}
            />
          )}
        </Card>
      ))}
      <Modal
        title={editing ? `调整规则：${editing.label}` : ''}
        open={!!editing}
        onCancel={() => setEditing(null)}
        okText="保存为新版本"
        destroyOnHidden
        onOk={async () => {
          const v = await form.validateFields();
          try {
            await call(keyworkApi.changeRule, { params: { code: editing!.code }, body: v });
            message.success(`已生效（${fmtDate(new Date())}），既往触发不受影响`);
            setEditing(null);
            qc.invalidateQueries({ queryKey: ['keywork', 'rules'] });
          } catch (e) {
            form.setFields(fieldErrors(e, ['threshold', 'inspectionDays', 'enabled', 'note'] as const));
            message.error(errorText(e));
          }
        }}
      >
        <Form form={form} layout="vertical">
          <Form.Item
            name="threshold"
            label={editing ? RULE_THRESHOLD_LABELS[editing.code] : '阈值'}
            rules={[{ required: true }]}
          >
            <InputNumber min={0} max={100} />
          </Form.Item>
          <Form.Item name="inspectionDays" label="考察期限（工作日）" rules={[{ required: true }]}>
            <InputNumber min={1} max={60} />
          </Form.Item>
          <Form.Item name="enabled" label="启用" valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="note" label="调整说明" rules={[{ required: true, message: '请说明调整原因' }]}>
            <Input maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
