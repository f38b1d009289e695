import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Card, Empty, Segmented, Select, Space, Table, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { sceneApi } from '../../../common/contracts/scene.ts';
import { call } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { errorText } from '../../components/errors.ts';
import { fmtDate } from '../../components/format.ts';
import { Page } from '../../components/page.tsx';
import { DecideButtons, KindTag, NominationStatusTag } from './scene-bits.tsx';
import {
  NOMINATION_STATUS_OPTIONS,
  type NominationListItem,
  type NominationStatus,
  yearOptions,
} from './scene-options.ts';

export default function NominationsPage() {
  const { can } = useSession();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const status = NOMINATION_STATUS_OPTIONS.some((o) => o.value === params.get('status'))
    ? (params.get('status') as NominationStatus)
    : undefined;
  const year = /^\d{4}$/.test(params.get('year') ?? '') ? Number(params.get('year')) : undefined;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const pageSize = 20;
  const set = (patch: Record<string, string | number | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, String(v));
    }
    if (!('page' in patch) || patch.page === 1) next.delete('page');
    setParams(next, { replace: true });
  };
  const list = useQuery({
    queryKey: ['scene', 'nominations', { status, year, page }],
    queryFn: () => call(sceneApi.nominations, { query: { status, year, page, pageSize } }),
    placeholderData: keepPreviousData,
    enabled: can('scene.read'),
  });
  const decider = list.data?.can.decide ?? false;

  return (
    <Page
      title="担当作为推荐"
      subtitle={
        decider
          ? '考察组从现场考察中推荐担当作为突出的干部，由您确认或不予采纳；确认的记入干部时间轴。'
          : '从现场考察中推荐担当作为突出的干部，经组织部领导确认后记入干部时间轴。'
      }
      permission="scene.read"
    >
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <Segmented
            value={status ?? ''}
            onChange={(v) => set({ status: v ? String(v) : undefined })}
            options={[{ value: '', label: '全部' }, ...NOMINATION_STATUS_OPTIONS]}
            data-testid="nominations-status"
          />
          <Select
            allowClear
            placeholder="全部年份"
            style={{ width: 120 }}
            value={year}
            options={yearOptions()}
            onChange={(v) => set({ year: v })}
            data-testid="nominations-year"
          />
        </Space>
        {list.isError && (
          <Alert type="error" showIcon title={errorText(list.error)} style={{ marginBottom: 12 }} />
        )}
        <Table<NominationListItem>
          rowKey="id"
          loading={list.isFetching && !list.data}
          dataSource={list.data?.items}
          data-testid="nominations-table"
          scroll={{ x: 1100 }}
          pagination={{
            current: page,
            pageSize,
            total: list.data?.total ?? 0,
            hideOnSinglePage: true,
            showSizeChanger: false,
            showTotal: (n) => `共 ${n} 条推荐`,
            onChange: (p) => set({ page: p }),
          }}
          locale={{
            emptyText: (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={status || year ? '没有符合条件的推荐' : '尚无推荐'}
              />
            ),
          }}
          columns={[
            {
              title: '干部',
              dataIndex: 'cadreName',
              width: 170,
              render: (v: string, n) => (
                <Space orientation="vertical" size={0}>
                  <Link to={`/org/cadres/${n.cadreId}`}>{v}</Link>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {n.unitName ?? ''}
                  </Typography.Text>
                </Space>
              ),
            },
            {
              title: '活动',
              dataIndex: 'activityTitle',
              width: 260,
              render: (v: string, n) => (
                <Space orientation="vertical" size={2}>
                  <Link to={`/scene/activities/${n.activityId}`}>{v}</Link>
                  <Space size={6}>
                    <KindTag kind={n.kind} />
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {n.startsOn}
                    </Typography.Text>
                  </Space>
                </Space>
              ),
            },
            {
              title: '推荐理由',
              dataIndex: 'reason',
              render: (v: string) => (
                <Typography.Paragraph
                  style={{ margin: 0, minWidth: 220 }}
                  ellipsis={{
                    rows: 3,
                    expandable: 'collapsible',
                    symbol: (open) => (open ? '收起' : '展开'),
                  }}
                >
                  {v}
                </Typography.Paragraph>
              ),
            },
            {
              title: '推荐时间',
              dataIndex: 'createdAt',
              width: 110,
              render: (v: string) => fmtDate(v),
            },
            {
              title: '结论',
              dataIndex: 'status',
              width: 220,
              render: (s: NominationStatus, n) =>
                n.can.decide ? (
                  <Space orientation="vertical" size={4}>
                    <NominationStatusTag status={s} />
                    <DecideButtons n={n} onDone={() => qc.invalidateQueries({ queryKey: ['scene'] })} />
                  </Space>
                ) : (
                  <Space orientation="vertical" size={2}>
                    <NominationStatusTag status={s} />
                    {n.decidedAt && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {fmtDate(n.decidedAt)}
                        {n.decisionNote ? `：${n.decisionNote}` : ''}
                      </Typography.Text>
                    )}
                  </Space>
                ),
            },
          ]}
        />
      </Card>
    </Page>
  );
}
