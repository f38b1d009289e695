import { KeyOutlined, PlusOutlined, StopOutlined, UploadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { WireOf } from '../../../common/api.ts';
import { economyApi, FREQUENCY_LABELS } from '../../../common/contracts/economy.ts';
import { importsApi } from '../../../common/contracts/imports.ts';
import { call } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { errorText } from '../../components/errors.ts';
import { fmtTime } from '../../components/format.ts';
import {
  BATCH_STATUS_LABELS,
  type BatchStatus,
  type ImportBatchView,
  ImportModal,
} from '../../components/import-modal.tsx';
import { Page } from '../../components/page.tsx';
import { emptyText, FormError, guarded, ListError, useSubmit } from './economy-bits.tsx';
import { type ApiKeyView, type IndicatorView, useDepartments } from './economy-options.ts';

type NewApiKey = WireOf<typeof economyApi.createApiKey>;

const IMPORT_KIND = 'economy.values';
const BATCH_COLORS: Record<BatchStatus, string> = {
  queued: 'default',
  validating: 'processing',
  applying: 'processing',
  done: 'success',
  invalid: 'error',
  failed: 'error',
};

export default guarded('economy.feed', FeedsPage);

function FeedsPage() {
  const { can } = useSession();
  const qc = useQueryClient();
  const [importing, setImporting] = useState(false);
  const feed = can('economy.feed');
  const batches = useQuery({
    queryKey: ['imports', IMPORT_KIND, 'batches'],
    queryFn: () => call(importsApi.batches, { params: { kind: IMPORT_KIND } }),
    enabled: feed,
    refetchInterval: (q) =>
      q.state.data?.items.some((b) => !['done', 'invalid', 'failed'].includes(b.status)) ? 2000 : false,
  });
  const indicators = useQuery({
    queryKey: ['economy', 'indicators', 'feed'],
    queryFn: () => call(economyApi.indicators, { query: { pageSize: 200 } }),
    enabled: can('economy.catalog.read'),
  });

  return (
    <Page
      title="数据报送"
      subtitle="发改、统计、财政等部门报送本部门的指标数据：上传 Excel/CSV 文件，或通过接口推送。每次报送留痕，改动的数值记为修订。"
      permission="economy.feed"
      extra={
        <Button
          type="primary"
          icon={<UploadOutlined />}
          onClick={() => setImporting(true)}
          data-testid="feed-upload"
        >
          上传数据
        </Button>
      }
    >
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Card title="最近的导入" size="small">
          <Typography.Paragraph type="secondary">
            文件列：<Typography.Text code>指标编码</Typography.Text>
            <Typography.Text code>区域</Typography.Text>（或 <Typography.Text code>单位</Typography.Text>
            ，二者填一项）<Typography.Text code>期别</Typography.Text>（2026-03、2026-Q1 或 2026）
            <Typography.Text code>数值</Typography.Text>
            。整份文件校验无误才会写入；与已有数值相同的行不变，不同的记为一次修订。
          </Typography.Paragraph>
          <ListError error={batches.error} />
          <Table<ImportBatchView>
            rowKey="id"
            size="small"
            loading={batches.isLoading}
            dataSource={batches.data?.items}
            pagination={false}
            data-testid="feed-batches"
            locale={{ emptyText: emptyText(false, '尚无导入，点击右上角“上传数据”') }}
            columns={[
              { title: '文件', dataIndex: 'fileName', ellipsis: true },
              {
                title: '状态',
                dataIndex: 'status',
                width: 120,
                render: (s: BatchStatus) => (
                  <Tag color={BATCH_COLORS[s]} data-testid="feed-batch-status">
                    {BATCH_STATUS_LABELS[s]}
                  </Tag>
                ),
              },
              {
                title: '行数',
                dataIndex: 'totalRows',
                width: 80,
                align: 'right',
                render: (n: number | null) => n ?? '—',
              },
              {
                title: '结果',
                width: 240,
                render: (_, b) =>
                  b.result
                    ? `新增 ${b.result.inserted}，修订 ${b.result.updated}，无变化 ${b.result.unchanged}`
                    : b.errorCount
                      ? `${b.errorCount} 处错误，未导入`
                      : '—',
              },
              { title: '上传时间', dataIndex: 'createdAt', width: 170, render: (v: string) => fmtTime(v) },
            ]}
          />
        </Card>
        {can('economy.keys.manage') && <ApiKeys />}
        <CurlExample />
        {can('economy.catalog.read') && (
          <Card title="可报送的指标" size="small">
            <ListError error={indicators.error} />
            <Table<IndicatorView>
              rowKey="id"
              size="small"
              loading={indicators.isLoading}
              dataSource={indicators.data?.items}
              pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
              data-testid="feed-indicators"
              locale={{ emptyText: emptyText(false, '本部门尚无指标') }}
              columns={[
                {
                  title: '指标编码',
                  dataIndex: 'code',
                  width: 200,
                  render: (v: string) => <Typography.Text copyable>{v}</Typography.Text>,
                },
                { title: '指标名称', dataIndex: 'name' },
                { title: '单位', dataIndex: 'unit', width: 100 },
                {
                  title: '周期',
                  dataIndex: 'frequency',
                  width: 80,
                  render: (f: IndicatorView['frequency']) => FREQUENCY_LABELS[f],
                },
                { title: '提供部门', dataIndex: 'department', width: 100 },
                {
                  title: '最新期别',
                  dataIndex: 'latestPeriod',
                  width: 100,
                  render: (v: string | null) => v ?? '—',
                },
              ]}
            />
          </Card>
        )}
      </Space>
      <ImportModal
        open={importing}
        onClose={() => setImporting(false)}
        kind={IMPORT_KIND}
        title="导入指标数据"
        accept=".xlsx,.csv"
        counted={{ unit: '条', updated: '修订' }}
        onDone={() => {
          qc.invalidateQueries({ queryKey: ['imports', IMPORT_KIND] });
          qc.invalidateQueries({ queryKey: ['economy'] });
        }}
      />
    </Page>
  );
}

/** How a department's system pushes values: one curl line. */
function CurlExample() {
  const origin = window.location.origin;
  const example = [
    `curl -X POST ${origin}/api/economy/feed \\`,
    `  -H 'X-Api-Key: <部门接口密钥>' \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -d '{"values":[{"indicator":"<指标编码>","region":"<区域名称>","period":"2026-03","value":123.4}]}'`,
  ].join('\n');
  return (
    <Card title="接口推送" size="small" data-testid="feed-curl">
      <Typography.Paragraph type="secondary">
        部门系统以 JSON 推送数值，每条填写指标编码、区域或单位（名称或编码，二者填一项）、期别和数值，一次最多
        5000 条。密钥只能报送本部门的指标；应答为新增、修订和无变化的条数：
        <Typography.Text code>{'{"inserted":1,"revised":0,"unchanged":0}'}</Typography.Text>
      </Typography.Paragraph>
      <Typography.Paragraph
        copyable={{ text: example, tooltips: ['复制', '已复制'] }}
        style={{ marginBottom: 0 }}
      >
        <pre style={{ margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{example}</pre>
      </Typography.Paragraph>
    </Card>
  );
}

/** The departments' API keys: issued by the joint office, shown once, revoked for good. */
function ApiKeys() {
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [issued, setIssued] = useState<NewApiKey | null>(null);
  const keys = useQuery({
    queryKey: ['economy', 'api-keys'],
    queryFn: () => call(economyApi.apiKeys),
  });
  const revoke = (k: ApiKeyView) =>
    modal.confirm({
      title: `吊销“${k.department} · ${k.label}”的密钥？`,
      content: '吊销后，使用该密钥的推送立即被拒绝，且不能恢复；如需继续推送，请另行生成新密钥。',
      okText: '吊销',
      okButtonProps: { danger: true, 'data-testid': 'key-revoke-ok' } as never,
      cancelText: '取消',
      onOk: async () => {
        try {
          await call(economyApi.revokeApiKey, { params: { id: k.id } });
          message.success('密钥已吊销');
          qc.invalidateQueries({ queryKey: ['economy', 'api-keys'] });
        } catch (e) {
          message.error(errorText(e));
        }
      },
    });
  return (
    <Card
      title={
        <Space>
          <KeyOutlined />
          部门接口密钥
        </Space>
      }
      size="small"
      extra={
        <Button
          size="small"
          icon={<PlusOutlined />}
          onClick={() => setCreating(true)}
          data-testid="key-create"
        >
          生成密钥
        </Button>
      }
    >
      <ListError error={keys.error} />
      <Table<ApiKeyView>
        rowKey="id"
        size="small"
        loading={keys.isLoading}
        dataSource={keys.data?.items}
        pagination={false}
        data-testid="key-table"
        locale={{ emptyText: emptyText(false, '尚未生成密钥') }}
        columns={[
          { title: '部门', dataIndex: 'department', width: 110 },
          { title: '用途', dataIndex: 'label' },
          {
            title: '密钥前缀',
            dataIndex: 'prefix',
            width: 130,
            render: (v: string) => <Typography.Text code>{v}…</Typography.Text>,
          },
          {
            title: '生成',
            width: 180,
            render: (_, k) => (
              <Space orientation="vertical" size={0}>
                <span>{fmtTime(k.createdAt)}</span>
                {k.createdBy && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {k.createdBy}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          {
            title: '最近使用',
            dataIndex: 'lastUsedAt',
            width: 170,
            render: (v: string | null) => (v ? fmtTime(v) : '从未使用'),
          },
          {
            title: '状态',
            width: 150,
            render: (_, k) =>
              k.revokedAt ? (
                <Space orientation="vertical" size={0}>
                  <Tag>已吊销</Tag>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {fmtTime(k.revokedAt)}
                  </Typography.Text>
                </Space>
              ) : (
                <Space>
                  <Tag color="success">有效</Tag>
                  {k.can.revoke && (
                    <Button
                      type="link"
                      size="small"
                      danger
                      icon={<StopOutlined />}
                      onClick={() => revoke(k)}
                      data-testid="key-revoke"
                    >
                      吊销
                    </Button>
                  )}
                </Space>
              ),
          },
        ]}
      />
      <CreateKeyModal
        open={creating}
        onClose={() => setCreating(false)}
        onDone={(k) => {
          setCreating(false);
          setIssued(k);
          qc.invalidateQueries({ queryKey: ['economy', 'api-keys'] });
        }}
      />
      <Modal
        title="密钥已生成"
        open={!!issued}
        onCancel={() => setIssued(null)}
        footer={
          <Button type="primary" onClick={() => setIssued(null)} data-testid="key-issued-close">
            我已妥善保存
          </Button>
        }
        mask={{ closable: false }}
        destroyOnHidden
      >
        <Alert
          type="warning"
          showIcon
          title="密钥只显示这一次"
          description="平台只保存密钥的摘要，关闭后无法再次查看。请立即复制并交给部门系统管理员妥善保存；遗失后只能吊销并重新生成。"
          style={{ marginBottom: 16 }}
        />
        <Typography.Paragraph>
          {issued?.department} · {issued?.label}
        </Typography.Paragraph>
        <Typography.Paragraph
          copyable={{ text: issued?.key, tooltips: ['复制密钥', '已复制'] }}
          code
          style={{ fontSize: 15, wordBreak: 'break-all' }}
          data-testid="key-issued"
        >
          {issued?.key}
        </Typography.Paragraph>
      </Modal>
    </Card>
  );
}

function CreateKeyModal(props: { open: boolean; onClose(): void; onDone(k: NewApiKey): void }) {
  const departments = useDepartments(props.open);
  const [form] = Form.useForm<{ department: string; label: string }>();
  const { busy, error, run, clearError } = useSubmit();
  const save = (v: { department: string; label: string }) =>
    run(async () => {
      props.onDone(await call(economyApi.createApiKey, { body: v }));
    });
  return (
    <Modal
      title="生成部门接口密钥"
      open={props.open}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText="生成"
      confirmLoading={busy}
      destroyOnHidden
      afterClose={clearError}
      okButtonProps={{ 'data-testid': 'key-create-ok' } as never}
    >
      <FormError error={error} />
      <Form form={form} layout="vertical" preserve={false} onFinish={save}>
        <Form.Item name="department" label="数据部门" rules={[{ required: true, message: '请选择数据部门' }]}>
          <Select
            options={(departments.data ?? []).map((d) => ({ value: d.name, label: d.name }))}
            loading={departments.isLoading}
            data-testid="key-department"
          />
        </Form.Item>
        <Form.Item
          name="label"
          label="用途说明"
          rules={[{ required: true, whitespace: true, message: '请填写用途说明' }]}
        >
          <Input maxLength={40} placeholder="如：统计局数据中心每日推送" data-testid="key-label" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
