import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import {
  APPLICATION_STATUSES,
  type ApplicationStatus,
  rewardsApi,
  STATUS_LABELS,
} from '../../../common/contracts/rewards.ts';
import { call } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { errorText } from '../../components/errors.ts';
import { fmtDate } from '../../components/format.ts';
import { NameList } from '../../components/name-list.tsx';
import { Page } from '../../components/page.tsx';
import { ApplyModal } from './components/apply-modal.tsx';
import { type ApplicationItem, ClockTag, OverdueTag, StatusTag, useBatches } from './rewards-bits.tsx';

/** 奖励申报: a unit's own applications (the department sees every submitted one). */
export default function ApplicationsPage() {
  const { can } = useSession();
  const nav = useNavigate();
  const [params, setParams] = useSearchParams();
  const [applying, setApplying] = useState(false);
  const batchId = params.get('batch') ?? undefined;
  const status = (APPLICATION_STATUSES as readonly string[]).includes(params.get('status') ?? '')
    ? (params.get('status') as ApplicationStatus)
    : undefined;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const pageSize = 20;
  const set = (patch: Record<string, string | number | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, String(v));
    }
    if (!('page' in patch)) next.delete('page');
    setParams(next, { replace: true });
  };
  const batches = useBatches();
  const list = useQuery({
    queryKey: ['rewards', 'list', { batchId, status, page }],
    queryFn: () => call(rewardsApi.list, { query: { batchId, status, page, pageSize } }),
    placeholderData: keepPreviousData,
    enabled: can('rewards.read'),
  });
  const canApply = list.data?.can.apply ?? false;
  return (
    <Page
      title="奖励申报"
      subtitle="一事一奖：干成一件事、及时受表彰。申报—审核—审批—兑现全流程自单位提交起 1 个月内完成。"
      permission="rewards.read"
      extra={
        canApply && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setApplying(true)}
            data-testid="apply-new"
          >
            新建申报
          </Button>
        )
      }
    >
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <Select
            allowClear
            placeholder="全部批次"
            style={{ width: 260 }}
            value={batchId}
            onChange={(v) => set({ batch: v })}
            options={(batches.data?.items ?? []).map((b) => ({ value: b.id, label: b.title }))}
          />
          <Select
            allowClear
            placeholder="全部状态"
            style={{ width: 140 }}
            value={status}
            onChange={(v) => set({ status: v })}
            options={APPLICATION_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))}
          />
        </Space>
        {list.isError && (
          <Alert type="error" showIcon title={errorText(list.error)} style={{ marginBottom: 12 }} />
        )}
        <Table<ApplicationItem>
          rowKey="id"
          data-testid="applications-table"
          loading={list.isFetching && !list.data}
          dataSource={list.data?.items}
          scroll={{ x: 1100 }}
          pagination={{
            current: page,
            pageSize,
            total: list.data?.total ?? 0,
            hideOnSinglePage: true,
            showSizeChanger: false,
            showTotal: (n) => `共 ${n} 项申报`,
            onChange: (p) => set({ page: p }),
          }}
          locale={{
            emptyText: (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={
                  batchId || status
                    ? '没有符合条件的申报'
                    : canApply
                      ? '本单位尚无申报，点击“新建申报”'
                      : '尚无申报'
                }
              />
            ),
          }}
          columns={[
            {
              title: '事迹',
              dataIndex: 'deed',
              render: (v: string, a) => (
                <Space orientation="vertical" size={0}>
                  <Link to={`/rewards/applications/${a.id}`}>
                    <Typography.Text style={{ maxWidth: 360 }} ellipsis={{ tooltip: v }}>
                      {v}
                    </Typography.Text>
                  </Link>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {a.batchTitle} · {a.unitName}
                  </Typography.Text>
                </Space>
              ),
            },
            {
              title: '类别',
              dataIndex: 'kindName',
              width: 110,
            },
            {
              title: '干部 / 集体',
              width: 200,
              render: (_, a) =>
                a.collective ? (
                  `${a.collectiveName}（${a.cadres.length} 人）`
                ) : (
                  <NameList names={a.cadres.map((c) => c.name)} />
                ),
            },
            {
              title: '状态',
              dataIndex: 'status',
              width: 110,
              render: (s: ApplicationStatus) => <StatusTag status={s} />,
            },
            {
              title: '本环节期限',
              width: 170,
              render: (_, a) =>
                a.stepDueOn ? (
                  <Space size={4}>
                    {a.stepDueOn}
                    <OverdueTag days={a.overdueDays} />
                  </Space>
                ) : (
                  '—'
                ),
            },
            { title: '一个月计时', width: 170, render: (_, a) => <ClockTag clock={a.clock} /> },
            {
              title: '提交时间',
              dataIndex: 'submittedAt',
              width: 110,
              render: (v: string | null) => fmtDate(v),
            },
          ]}
        />
      </Card>
      <ApplyModal
        open={applying}
        onClose={() => setApplying(false)}
        onSaved={(id) => {
          setApplying(false);
          nav(`/rewards/applications/${id}`);
        }}
      />
    </Page>
  );
}
