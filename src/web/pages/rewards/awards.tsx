import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Card, Empty, Space, Table, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router';
import type { WireOf } from '../../../common/api.ts';
import { rewardsApi } from '../../../common/contracts/rewards.ts';
import { call } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { errorText } from '../../components/errors.ts';
import { fmtDate } from '../../components/format.ts';
import { NameList, nameListText } from '../../components/name-list.tsx';
import { Page } from '../../components/page.tsx';
import { EvidenceGallery } from '../delivery/evidence-photos.tsx';

type Award = WireOf<typeof rewardsApi.awards>['items'][number];

/** 已兑现奖励: each with its document, bonus, days from submission and the application's files. */
export default function AwardsPage() {
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const pageSize = 20;
  const q = useQuery({
    queryKey: ['rewards', 'awards', page],
    queryFn: () => call(rewardsApi.awards, { query: { page, pageSize } }),
    placeholderData: keepPreviousData,
    enabled: can('rewards.read'),
  });
  return (
    <Page
      title="已兑现奖励"
      subtitle="兑现的奖励已记入干部（集体每位成员）的时间轴。"
      permission="rewards.read"
    >
      <Card>
        {q.isError && <Alert type="error" showIcon title={errorText(q.error)} />}
        <Table<Award>
          rowKey="id"
          data-testid="awards-table"
          loading={q.isFetching && !q.data}
          dataSource={q.data?.items}
          scroll={{ x: 1000 }}
          expandable={{
            expandedRowRender: (a) => (
              <Space orientation="vertical">
                <Typography.Paragraph style={{ margin: 0 }}>{a.deed}</Typography.Paragraph>
                <EvidenceGallery
                  ownerType="rewards_application"
                  ownerId={a.id}
                  emptyText="无附件材料"
                  size={64}
                />
              </Space>
            ),
          }}
          pagination={{
            current: page,
            pageSize,
            total: q.data?.total ?? 0,
            hideOnSinglePage: true,
            showSizeChanger: false,
            showTotal: (n) => `共 ${n} 项`,
            onChange: (p) => setParams({ page: String(p) }, { replace: true }),
          }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚无兑现的奖励" /> }}
          columns={[
            {
              title: '获奖',
              render: (_, a) => (
                <Space orientation="vertical" size={0}>
                  <Link to={`/rewards/applications/${a.id}`}>
                    {a.collective ? a.collectiveName : nameListText(a.cadres.map((c) => c.name))}
                  </Link>
                  {a.collective && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      <NameList names={a.cadres.map((c) => c.name)} />
                    </Typography.Text>
                  )}
                </Space>
              ),
            },
            { title: '单位', dataIndex: 'unitName', width: 180 },
            { title: '类别', dataIndex: 'kindName', width: 100 },
            { title: '文号', dataIndex: 'documentNo', width: 160 },
            { title: '奖金（元）', dataIndex: 'bonus', width: 100, render: (v: number | null) => v ?? '—' },
            { title: '兑现日期', dataIndex: 'awardedAt', width: 110, render: (v: string) => fmtDate(v) },
            { title: '提交至兑现', dataIndex: 'days', width: 100, render: (v: number) => `${v} 天` },
          ]}
        />
      </Card>
    </Page>
  );
}
