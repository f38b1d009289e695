import { useQuery } from '@tanstack/react-query';
import { Card, Descriptions, Table, Tag, Typography } from 'antd';
import type { WireOf } from '../../../common/api.ts';
import { quadrantApi } from '../../../common/contracts/quadrant.ts';
import { call } from '../../api/client.ts';
import { fmtTime } from '../../components/format.ts';
import { Page, RecordLoading } from '../../components/page.tsx';
import { SettingsForm } from './components/settings-form.tsx';

type Version = WireOf<typeof quadrantApi.settingsVersions>['items'][number];

/**
 * 象限设置: the zone thresholds, the 政绩观 weights, the rule of 长期处于, 任前公示, 优秀年轻干部 and
 * the deciding body. Each change is a new version (who, when, why, the values before); each
 * quarter's placements name the version they were computed with.
 */
export default function QuadrantSettingsPage() {
  const current = useQuery({ queryKey: ['quadrant', 'settings'], queryFn: () => call(quadrantApi.settings) });
  const versions = useQuery({
    queryKey: ['quadrant', 'settings', 'versions'],
    queryFn: () => call(quadrantApi.settingsVersions),
  });
  const s = current.data;
  return (
    <Page
      title="象限设置"
      subtitle="象限门槛、政绩观权重与“长期处于”的规则；每次调整形成新版本，各季度象限记录所用版本。"
      permission="quadrant.read"
    >
      {!s ? (
        <RecordLoading error={current.error} />
      ) : (
        <Card
          title={
            <>
              现行设置{' '}
              <Tag color="blue" data-testid="quadrant-settings-version">
                第 {s.version} 版
              </Tag>
            </>
          }
          extra={
            <Typography.Text type="secondary">
              {s.version === 0
                ? '尚未调整，使用默认值'
                : `${s.createdByName ?? ''} ${fmtTime(s.createdAt)} 调整：${s.reason ?? ''}`}
            </Typography.Text>
          }
          style={{ marginBottom: 16 }}
        >
          <SettingsForm key={s.version} settings={s} />
        </Card>
      )}
      <Card title="调整记录">
        <Table<Version>
          rowKey="version"
          size="small"
          loading={versions.isLoading}
          dataSource={versions.data?.items ?? []}
          pagination={false}
          data-testid="quadrant-settings-versions"
          locale={{ emptyText: '尚无调整' }}
          columns={[
            { title: '版本', dataIndex: 'version', width: 70, render: (v: number) => `第 ${v} 版` },
            {
              title: '调整人 / 时间',
              width: 180,
              render: (_, v) => `${v.createdByName ?? '—'} ${fmtTime(v.createdAt)}`,
            },
            { title: '理由', dataIndex: 'reason', width: 200 },
            {
              title: '调整内容（调整前 → 调整后）',
              render: (_, v) =>
                v.changes.length ? (
                  <Descriptions size="small" column={1}>
                    {v.changes.map((c) => (
                      <Descriptions.Item key={c.key} label={c.label}>
                        {c.before} → <Typography.Text strong>{c.after}</Typography.Text>
                      </Descriptions.Item>
                    ))}
                  </Descriptions>
                ) : (
                  <Typography.Text type="secondary">未改变数值</Typography.Text>
                ),
            },
            {
              title: '按此版本划定的季度',
              dataIndex: 'quarters',
              width: 160,
              render: (q: string[]) => (q.length ? q.join('、') : '—'),
            },
          ]}
        />
      </Card>
    </Page>
  );
}
