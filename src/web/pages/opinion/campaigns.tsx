import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Empty,
  InputNumber,
  Progress,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { opinionApi } from '../../../common/contracts/opinion.ts';
import { call } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { errorText } from '../../components/errors.ts';
import { Page } from '../../components/page.tsx';
import { CampaignDrawer } from './campaign-form.tsx';
import {
  CAMPAIGN_STATUS_COLORS,
  CAMPAIGN_STATUS_OPTIONS,
  type CampaignListItem,
  type CampaignStatus,
  campaignStatusLabel,
} from './opinion-options.ts';

export default function CampaignsPage() {
  const { can } = useSession();
  const nav = useNavigate();
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const status = CAMPAIGN_STATUS_OPTIONS.some((o) => o.value === params.get('status'))
    ? (params.get('status') as CampaignStatus)
    : undefined;
  const year = Number(params.get('year')) || undefined;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const pageSize = 20;
  const set = (patch: Record<string, string | number | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, String(v));
    }
    if (!('page' in patch) || patch.page === 1) next.delete('page');
    setParams(next);
  };

  const q = useQuery({
    queryKey: ['opinion', 'campaigns', { status, year, page }],
    queryFn: () => call(opinionApi.campaigns, { query: { status, year, page, pageSize } }),
    placeholderData: keepPreviousData,
  });

  return (
    <Page
      title="测评活动"
      subtitle="走进群众听民意：上级评价、同级互评、下级评议、群众测评和服务对象反向评价，匿名作答，结果按组统计。"
      permission="opinion.read"
      extra={
        can('opinion.manage') && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="campaign-new"
          >
            新建测评
          </Button>
        )
      }
    >
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <Select
            allowClear
            placeholder="状态"
            style={{ width: 120 }}
            value={status}
            options={CAMPAIGN_STATUS_OPTIONS}
            onChange={(v) => set({ status: v })}
            data-testid="campaigns-status"
          />
          <InputNumber
            placeholder="年度"
            min={2000}
            max={2100}
            precision={0}
            style={{ width: 120 }}
            value={year ?? null}
            onChange={(v) => set({ year: v ?? undefined })}
            data-testid="campaigns-year"
          />
        </Space>
        {q.isError && <Alert type="error" showIcon title={errorText(q.error)} style={{ marginBottom: 12 }} />}
        <Table<CampaignListItem>
          rowKey="id"
          loading={q.isFetching && !q.data}
          dataSource={q.data?.items}
          data-testid="campaign-table"
          scroll={{ x: 980 }}
          pagination={{
            current: page,
            pageSize,
            total: q.data?.total ?? 0,
            hideOnSinglePage: true,
            showSizeChanger: false,
            showTotal: (n) => `共 ${n} 次测评`,
            onChange: (p) => set({ page: p }),
          }}
          locale={{
            emptyText: (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={
                  status || year
                    ? '没有符合条件的测评'
                    : can('opinion.manage')
                      ? '尚无测评，点击右上角“新建测评”开始'
                      : '尚无测评'
                }
              />
            ),
          }}
          onRow={(c) => ({ onClick: () => nav(`/opinion/campaigns/${c.id}`), style: { cursor: 'pointer' } })}
          columns={[
            {
              title: '测评',
              dataIndex: 'title',
              render: (v: string, c) => (
                <Space orientation="vertical" size={0}>
                  <Link to={`/opinion/campaigns/${c.id}`} onClick={(e) => e.stopPropagation()}>
                    {v}
                  </Link>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {c.year}年 第{c.round}轮
                  </Typography.Text>
                </Space>
              ),
            },
            {
              title: '状态',
              dataIndex: 'status',
              width: 90,
              render: (s: CampaignStatus) => (
                <Tag color={CAMPAIGN_STATUS_COLORS[s]} data-testid="campaign-status">
                  {campaignStatusLabel(s)}
                </Tag>
              ),
            },
            {
              title: '测评日期',
              width: 200,
              render: (_, c) => `${c.startsOn} 至 ${c.endsOn}`,
            },
            { title: '参评干部', dataIndex: 'cadres', width: 90, align: 'right' },
            {
              title: '个人链接（已用/已产生）',
              width: 210,
              render: (_, c) =>
                c.links > 0 ? (
                  <Space size={8} style={{ width: '100%' }}>
                    <span style={{ whiteSpace: 'nowrap' }}>
                      {c.used} / {c.links}
                    </span>
                    <Progress
                      percent={Math.round((c.used / c.links) * 100)}
                      size="small"
                      style={{ width: 90, margin: 0 }}
                    />
                  </Space>
                ) : (
                  <Typography.Text type="secondary">未产生</Typography.Text>
                ),
            },
            {
              title: '评价人次',
              dataIndex: 'ballots',
              width: 90,
              align: 'right',
            },
          ]}
        />
      </Card>
      <CampaignDrawer open={creating} onClose={() => setCreating(false)} />
    </Page>
  );
}
