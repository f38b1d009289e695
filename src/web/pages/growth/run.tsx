import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { useParams } from 'react-router';
import type { WireOf } from '../../../common/api.ts';
import { pathOf } from '../../../common/api.ts';
import { growthApi, type Measure, quarterLabel } from '../../../common/contracts/growth.ts';
import { call } from '../../api/client.ts';
import { errorText } from '../../components/errors.ts';
import { fmtTime } from '../../components/format.ts';
import { downloadFile } from '../../components/import-modal.tsx';
import { Page } from '../../components/page.tsx';

type Model = WireOf<typeof growthApi.run>['models'][number];

/**
 * The model page, for auditors: each measure's formula, data counts, variance components, fixed
 * effects and diagnostics, with the data and the command that refits it.
 */
export default function GrowthRunPage() {
  const { id = '' } = useParams();
  const { message } = App.useApp();
  const q = useQuery({
    queryKey: ['growth', 'run', id],
    queryFn: () => call(growthApi.run, { params: { id } }),
  });
  const r = q.data;
  const download = async (m: Measure) => {
    try {
      await downloadFile(
        `${pathOf(growthApi.runData.path, { id })}?measure=${m}`,
        `测算数据-${m}-${r?.quarter ?? ''}.csv`,
      );
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <Page title={r ? `测算模型：${quarterLabel(r.quarter)}` : '测算模型'} permission="growth.read">
      {q.isLoading && <Skeleton active />}
      {q.isError && <Alert type="error" showIcon title={errorText(q.error)} />}
      {r && (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Card>
            <Descriptions
              column={{ xs: 1, md: 3 }}
              items={[
                { label: '测算时间', children: fmtTime(r.createdAt) },
                { label: '测算人', children: r.createdByName ?? '系统' },
                { label: '状态', children: r.released ? <Tag color="green">已发布</Tag> : <Tag>未发布</Tag> },
                {
                  label: '实绩记录',
                  children: `${r.counts.measures} 条（平台记录 ${r.counts.platform}，历史导入 ${r.counts.imported}）`,
                },
                { label: '干部', children: `${r.counts.cadres} 人，可区分 ${r.counts.identified} 人` },
                {
                  label: '版本',
                  children: `综合权重第 ${r.versions.weights} 版 · 脱颖而出规则第 ${r.versions.rule} 版`,
                },
              ]}
            />
            <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 4 }}>
              每项实绩先在“季度 × 岗位类型”内标准化为 T 分（均值 50、标准差
              10），再以线性混合模型（限制极大似然，与 R 的 lme4
              一致）拟合：单位随机效应为平台，资源项为外部资源加持，干部随机效应为本人贡献。任何人可以导出数据，用下面的命令复算：
            </Typography.Paragraph>
            <Typography.Text code copyable data-testid="growth-command">
              {r.command}
            </Typography.Text>
          </Card>
          <Card title="各项实绩的模型" data-testid="growth-models">
            <Table
              size="small"
              rowKey="measure"
              pagination={false}
              dataSource={r.models}
              expandable={{ expandedRowRender: (m) => <ModelDetail m={m} /> }}
              columns={[
                { title: '实绩项目', dataIndex: 'label' },
                {
                  title: '公式',
                  dataIndex: 'formula',
                  render: (f: string) => <Typography.Text code>{f}</Typography.Text>,
                },
                { title: '观测', dataIndex: 'nobs', align: 'right' },
                { title: '干部', dataIndex: 'cadres', align: 'right' },
                { title: '单位', dataIndex: 'units', align: 'right' },
                { title: '跨单位任职', dataIndex: 'movers', align: 'right' },
                {
                  title: '本人 SD',
                  dataIndex: ['sd', 'cadre'],
                  align: 'right',
                  render: (v: number) => v.toFixed(2),
                },
                {
                  title: '平台 SD',
                  dataIndex: ['sd', 'unit'],
                  align: 'right',
                  render: (v: number) => v.toFixed(2),
                },
                {
                  title: '残差 SD',
                  dataIndex: ['sd', 'residual'],
                  align: 'right',
                  render: (v: number) => v.toFixed(2),
                },
                {
                  title: '诊断',
                  key: 'diag',
                  render: (_: unknown, m: Model) => (
                    <Space size={4}>
                      {m.converged ? <Tag color="green">收敛</Tag> : <Tag color="red">未收敛</Tag>}
                      {m.singular && <Tag color="orange">方差分量为 0</Tag>}
                    </Space>
                  ),
                },
                {
                  title: '数据',
                  key: 'csv',
                  render: (_: unknown, m: Model) => (
                    <Button size="small" icon={<DownloadOutlined />} onClick={() => download(m.measure)}>
                      CSV
                    </Button>
                  ),
                },
              ]}
            />
          </Card>
        </Space>
      )}
    </Page>
  );
}

function ModelDetail({ m }: { m: Model }) {
  return (
    <div style={{ display: 'flex', gap: 24, flexWrap: 'wrap' }}>
      <Table
        size="small"
        title={() => '固定效应'}
        rowKey="term"
        pagination={false}
        dataSource={Object.entries(m.fixef).map(([term, v]) => ({ term, ...v }))}
        columns={[
          { title: '项', dataIndex: 'term' },
          { title: '估计', dataIndex: 'estimate', align: 'right', render: (v: number) => v.toFixed(3) },
          { title: '标准误', dataIndex: 'se', align: 'right', render: (v: number) => v.toFixed(3) },
        ]}
      />
      <Table
        size="small"
        title={() => `关联范围（${m.sets.length} 个）`}
        rowKey={(_, i) => String(i)}
        pagination={{ pageSize: 8, hideOnSinglePage: true }}
        dataSource={m.sets}
        columns={[
          { title: '干部', dataIndex: 'persons', align: 'right' },
          { title: '单位', dataIndex: 'platforms', align: 'right' },
          { title: '观测', dataIndex: 'observations', align: 'right' },
          {
            title: '',
            key: 'id',
            render: (_: unknown, s: Model['sets'][number]) =>
              s.platforms < 2 ? <Tag>无法区分平台与个人</Tag> : <Tag color="green">可区分</Tag>,
          },
        ]}
      />
      <Typography.Text type="secondary">拟合用时 {m.fitMs} 毫秒</Typography.Text>
    </div>
  );
}
