import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Badge, Card, Space, Table, Tabs, Typography } from 'antd';
import { useNavigate } from 'react-router';
import {
  ALERT_STATUS_LABELS,
  ALERT_STATUSES,
  type AlertStatus,
  economyApi,
  RULE_KINDS,
  type RuleKind,
} from '../../../common/contracts/economy.ts';
import { call, qs } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { fmtDate } from '../../components/format.ts';
import { NameList } from '../../components/name-list.tsx';
import { Page } from '../../components/page.tsx';
import {
  AlertStatusTag,
  ExportButton,
  emptyText,
  FilterSelect,
  guarded,
  ListError,
  listPagination,
  RuleKindTag,
  SearchBox,
} from './economy-bits.tsx';
import {
  type AlertView,
  PAGE_SIZE,
  RULE_KIND_OPTIONS,
  useEconomyStats,
  useListParams,
} from './economy-options.ts';

/** The inbox tabs: the open alerts first, then the decided ones. */
const TABS: (AlertStatus | 'all')[] = [...ALERT_STATUSES, 'all'];

export default guarded('economy.review', AlertsPage);

function AlertsPage() {
  const { can } = useSession();
  const nav = useNavigate();
  const lp = useListParams();
  const stats = useEconomyStats();
  const tab = lp.oneOf('status', TABS) ?? 'open';
  const status = tab === 'all' ? undefined : tab;
  const kind = lp.oneOf('kind', RULE_KINDS);
  const q = lp.get('q');
  const page = lp.page;
  const list = useQuery({
    queryKey: ['economy', 'alerts', { status, kind, q, page }],
    queryFn: () => call(economyApi.alerts, { query: { status, kind, q, page, pageSize: PAGE_SIZE } }),
    placeholderData: keepPreviousData,
    enabled: can('economy.review'),
    refetchInterval: 30_000,
  });
  const counts = stats.data?.alerts;
  const filtered = !!(kind || q);

  return (
    <Page
      title="预警研判"
      subtitle="规则从经济数据中发现的问题线索：逐条研判，排除误报，或转为约谈。"
      permission="economy.review"
      extra={
        <ExportButton
          url={`${economyApi.alertsXlsx.path}${qs({ status, kind, q })}`}
          fallbackName="经济运行预警.xlsx"
          testId="alerts-export"
        />
      }
    >
      {stats.data && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="economy-summary"
          title={`经研判，发现“重数量轻质量”“重增速轻效益”等问题 ${stats.data.problems} 个，约谈干部 ${stats.data.cadresInterviewed} 人（约谈 ${stats.data.interviews} 次）${
            stats.data.followUpsOverdue ? `；跟进核查逾期 ${stats.data.followUpsOverdue} 次` : ''
          }。`}
        />
      )}
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(k) => lp.set({ status: k === 'open' ? undefined : k })}
          data-testid="alerts-tabs"
          items={TABS.map((t) => ({
            key: t,
            label:
              t === 'all' ? (
                '全部'
              ) : (
                <Space size={6}>
                  {ALERT_STATUS_LABELS[t]}
                  {counts && (
                    <Badge
                      count={counts[t]}
                      showZero
                      overflowCount={999}
                      color={t === 'open' ? '#faad14' : '#bfbfbf'}
                    />
                  )}
                </Space>
              ),
          }))}
        />
        <Space wrap style={{ marginBottom: 16 }}>
          <FilterSelect
            lp={lp}
            name="kind"
            placeholder="全部类型"
            width={180}
            options={RULE_KIND_OPTIONS}
            testId="alerts-kind"
          />
          <SearchBox
            value={q}
            onSearch={(v) => lp.set({ q: v })}
            placeholder="标题、区域或干部"
            testId="alerts-search"
          />
        </Space>
        <ListError error={list.error} />
        <Table<AlertView>
          rowKey="id"
          loading={list.isFetching && !list.data}
          dataSource={list.data?.items}
          data-testid="alert-table"
          scroll={{ x: 1000 }}
          pagination={listPagination(lp, list.data?.total, '条预警')}
          locale={{
            emptyText: emptyText(
              filtered,
              tab === 'open' ? '没有待研判的预警' : '没有预警',
              '没有符合条件的预警',
            ),
          }}
          onRow={(a) => ({ onClick: () => nav(`/economy/alerts/${a.id}`), style: { cursor: 'pointer' } })}
          columns={[
            {
              title: '类型',
              dataIndex: 'kind',
              width: 140,
              render: (k: RuleKind) => <RuleKindTag kind={k} />,
            },
            {
              title: '预警',
              dataIndex: 'title',
              render: (v: string, a) => (
                <Space orientation="vertical" size={0}>
                  <Typography.Text strong>{v}</Typography.Text>
                  <Typography.Paragraph
                    type="secondary"
                    style={{ margin: 0, fontSize: 12 }}
                    ellipsis={{ rows: 2, tooltip: a.summary }}
                  >
                    {a.summary}
                  </Typography.Paragraph>
                </Space>
              ),
            },
            { title: '范围', width: 110, render: (_, a) => a.scope.name },
            {
              title: '期间',
              width: 160,
              render: (_, a) =>
                a.periodFrom === a.periodTo ? a.periodFrom : `${a.periodFrom} 至 ${a.periodTo}`,
            },
            {
              title: '相关干部',
              width: 160,
              render: (_, a) => <NameList names={a.cadres.map((c) => c.name)} />,
            },
            { title: '发现', dataIndex: 'createdAt', width: 110, render: (v: string) => fmtDate(v) },
            {
              title: '状态',
              dataIndex: 'status',
              width: 100,
              render: (s: AlertStatus, a) => (
                <Space orientation="vertical" size={0}>
                  <AlertStatusTag status={s} />
                  {a.interviewCount > 0 && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      约谈 {a.interviewCount} 人次
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
