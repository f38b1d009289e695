import { DownloadOutlined, SafetyCertificateOutlined, UploadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Input,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import type { WireOf } from '../../../common/api.ts';
import { auditActionLabel, auditObjectLabel } from '../../../common/audit-actions.ts';
import { auditApi } from '../../../common/contracts/audit.ts';
import { ROLE_LABELS, type Role } from '../../../common/roles.ts';
import { call } from '../../api/client.ts';
import { errorText } from '../../components/errors.ts';
import { fmtTime } from '../../components/format.ts';
import { Page } from '../../components/page.tsx';

type AuditEntryView = WireOf<typeof auditApi.entries>['items'][number];
type Checkpoint = WireOf<typeof auditApi.createCheckpoint>;
type VerifyResult = WireOf<typeof auditApi.verify>;
type Result = 'ok' | 'denied' | 'failed';
interface Filter {
  page: number;
  pageSize: number;
  result?: Result;
  actionPrefix?: string;
  objectId?: string;
  from?: string;
  to?: string;
}

const RESULT_TAG: Record<string, React.ReactElement> = {
  ok: <Tag color="green">成功</Tag>,
  denied: <Tag color="red">拒绝</Tag>,
  failed: <Tag color="orange">失败</Tag>,
};

function download(name: string, data: unknown) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

export default function AuditPage() {
  const [params] = useSearchParams();
  const { message } = App.useApp();
  const [filter, setFilter] = useState<Filter>({
    page: 1,
    pageSize: 20,
    result: (params.get('result') as Result | null) ?? undefined,
  });
  const [verify, setVerify] = useState<VerifyResult | null>(null);
  const [verifying, setVerifying] = useState(false);
  const entries = useQuery({
    queryKey: ['audit', filter],
    queryFn: () => call(auditApi.entries, { query: filter }),
  });
  const checkpoints = useQuery({
    queryKey: ['checkpoints'],
    queryFn: () => call(auditApi.checkpoints),
  });

  const runVerify = async (checkpoint?: Checkpoint) => {
    setVerifying(true);
    try {
      setVerify(await call(auditApi.verify, { body: checkpoint ? { checkpoint } : {} }));
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setVerifying(false);
    }
  };

  return (
    <Page
      title="审计日志"
      subtitle="每条记录以国密 SM3 哈希与前一条相连，任何改动、删除都会在校验时被发现。"
      permission="audit.read"
      extra={
        <Space>
          <Button
            type="primary"
            icon={<SafetyCertificateOutlined />}
            loading={verifying}
            onClick={() => runVerify()}
            data-testid="verify-chain"
          >
            校验审计链
          </Button>
        </Space>
      }
    >
      {verify && (
        <Alert
          style={{ marginBottom: 16 }}
          showIcon
          type={verify.ok ? 'success' : 'error'}
          data-testid="verify-result"
          title={
            verify.ok
              ? `审计链完整：共 ${verify.count} 条记录，最新序号 ${verify.head?.seq ?? 0}`
              : `审计链校验失败：${verify.failure?.message}`
          }
          description={
            verify.ok ? `最新哈希 ${verify.head?.hash ?? '—'}` : `首个不符的序号：${verify.failure?.seq}`
          }
        />
      )}
      <Tabs
        items={[
          {
            key: 'entries',
            label: '日志',
            children: (
              <Card>
                <Space wrap style={{ marginBottom: 16 }}>
                  <Input.Search
                    placeholder="操作（前缀，如 auth.）"
                    allowClear
                    style={{ width: 220 }}
                    onSearch={(v) => setFilter({ ...filter, actionPrefix: v || undefined, page: 1 })}
                  />
                  <Input.Search
                    placeholder="对象编号"
                    allowClear
                    style={{ width: 260 }}
                    onSearch={(v) => setFilter({ ...filter, objectId: v || undefined, page: 1 })}
                  />
                  <Select
                    allowClear
                    placeholder="结果"
                    style={{ width: 110 }}
                    value={filter.result}
                    options={[
                      { value: 'ok', label: '成功' },
                      { value: 'denied', label: '拒绝' },
                      { value: 'failed', label: '失败' },
                    ]}
                    onChange={(result) => setFilter({ ...filter, result, page: 1 })}
                  />
                  <DatePicker.RangePicker
                    showTime
                    onChange={(r) =>
                      setFilter({
                        ...filter,
                        from: r?.[0]?.toISOString(),
                        to: r?.[1]?.toISOString(),
                        page: 1,
                      })
                    }
                  />
                </Space>
                <Table<AuditEntryView>
                  rowKey="seq"
                  size="small"
                  scroll={{ x: 1200 }}
                  loading={entries.isLoading}
                  dataSource={entries.data?.items}
                  locale={{ emptyText: '没有符合条件的记录' }}
                  pagination={{
                    current: filter.page,
                    pageSize: filter.pageSize,
                    total: entries.data?.total,
                    showTotal: (t) => `共 ${t} 条`,
                    onChange: (page, pageSize) => setFilter({ ...filter, page, pageSize }),
                  }}
                  columns={[
                    { title: '序号', dataIndex: 'seq', width: 70 },
                    { title: '时间', dataIndex: 'at', render: fmtTime, width: 170 },
                    { title: '用户', dataIndex: 'username', render: (v) => v ?? '—', width: 110 },
                    {
                      title: '角色',
                      dataIndex: 'role',
                      width: 110,
                      render: (v: Role | null) => (v ? (ROLE_LABELS[v] ?? v) : '—'),
                    },
                    {
                      title: '操作',
                      dataIndex: 'action',
                      render: (v: string) => <span title={v}>{auditActionLabel(v)}</span>,
                    },
                    {
                      title: '对象',
                      render: (_, e) =>
                        e.objectType ? (
                          <span title={`${e.objectType} ${e.objectId ?? ''}`}>
                            {auditObjectLabel(e.objectType)}
                            {e.objectId ? ` ${e.objectId.slice(0, 8)}` : ''}
                          </span>
                        ) : (
                          '—'
                        ),
                    },
                    {
                      title: '结果',
                      render: (_, e) => (
                        <Space size={4}>
                          {RESULT_TAG[e.result] ?? e.result}
                          {e.code && (
                            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                              {e.code}
                            </Typography.Text>
                          )}
                        </Space>
                      ),
                    },
                    { title: '来源地址', dataIndex: 'clientIp', render: (v) => v ?? '—' },
                    {
                      title: '哈希',
                      dataIndex: 'hash',
                      width: 130,
                      render: (v: string) => (
                        <Typography.Text code title={v} style={{ whiteSpace: 'nowrap' }}>
                          {v.slice(0, 10)}…
                        </Typography.Text>
                      ),
                    },
                  ]}
                />
              </Card>
            ),
          },
          {
            key: 'checkpoints',
            label: '检查点',
            children: (
              <Card>
                <Typography.Paragraph type="secondary">
                  检查点记录某一时刻审计链的最新序号与哈希。请导出后异地保存（如刻盘、交纪检部门留存）；
                  日后用它校验，可以发现最新记录被整体删除或改写。系统每天自动生成一个检查点。
                </Typography.Paragraph>
                <Space style={{ marginBottom: 16 }}>
                  <Button
                    icon={<SafetyCertificateOutlined />}
                    onClick={async () => {
                      try {
                        const cp = await call(auditApi.createCheckpoint);
                        download(`审计检查点-${cp.seq}.json`, cp);
                        checkpoints.refetch();
                      } catch (e) {
                        message.error(errorText(e));
                      }
                    }}
                  >
                    生成并导出检查点
                  </Button>
                  <Upload
                    accept=".json,application/json"
                    showUploadList={false}
                    beforeUpload={async (file) => {
                      try {
                        const cp = JSON.parse(await file.text()) as Checkpoint;
                        await runVerify(cp);
                      } catch {
                        message.error('检查点文件格式不正确');
                      }
                      return false;
                    }}
                  >
                    <Button icon={<UploadOutlined />}>用检查点文件校验</Button>
                  </Upload>
                </Space>
                <Table<Checkpoint>
                  rowKey="seq"
                  size="small"
                  dataSource={checkpoints.data?.items}
                  locale={{ emptyText: '尚无检查点' }}
                  pagination={false}
                  columns={[
                    { title: '序号', dataIndex: 'seq' },
                    { title: '记录数', dataIndex: 'count' },
                    { title: '时间', dataIndex: 'at', render: fmtTime },
                    {
                      title: '哈希',
                      dataIndex: 'headHash',
                      render: (v) => <Typography.Text code>{v}</Typography.Text>,
                    },
                    {
                      title: '操作',
                      render: (_, cp) => (
                        <Space>
                          <Button
                            type="link"
                            icon={<DownloadOutlined />}
                            onClick={() => download(`审计检查点-${cp.seq}.json`, cp)}
                          >
                            导出
                          </Button>
                          <Button type="link" onClick={() => runVerify(cp)}>
                            校验
                          </Button>
                        </Space>
                      ),
                    },
                  ]}
                />
              </Card>
            ),
          },
        ]}
      />
    </Page>
  );
}
