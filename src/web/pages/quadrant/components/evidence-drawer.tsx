import { useQuery } from '@tanstack/react-query';
import { Alert, Descriptions, Drawer, Progress, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import type { WireOf } from '../../../../common/api.ts';
import { quarterLabel } from '../../../../common/contracts/growth.ts';
import { quadrantApi, ZONE_COLORS, ZONE_KEYS, ZONE_NAMES } from '../../../../common/contracts/quadrant.ts';
import { call } from '../../../api/client.ts';
import { errorText } from '../../../components/errors.ts';
import { RecordLinks } from '../../growth/components/record-links.tsx';

type Part = WireOf<typeof quadrantApi.placement>['viewParts'][number];
const f1 = (v: number | null) => (v === null ? '—' : v.toFixed(1));

/** Zone probabilities as four bars. */
export function ZoneBars(props: { probabilities: Record<(typeof ZONE_KEYS)[number], number> }) {
  return (
    <div data-testid="zone-bars">
      {ZONE_KEYS.map((z) => (
        <div key={z} style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
          <span style={{ width: 150, fontSize: 12 }}>{ZONE_NAMES[z]}</span>
          <Progress
            percent={Math.round(props.probabilities[z] * 100)}
            size="small"
            strokeColor={ZONE_COLORS[z]}
            style={{ flex: 1, margin: 0 }}
          />
        </div>
      ))}
    </div>
  );
}

function PartsTable(props: { parts: Part[]; testId: string }) {
  return (
    <Table
      size="small"
      rowKey="key"
      pagination={false}
      dataSource={props.parts}
      data-testid={props.testId}
      columns={[
        { title: '组成', dataIndex: 'label', width: 180 },
        {
          title: '值（± 95% 区间）',
          render: (_: unknown, p: Part) =>
            p.se === null ? f1(p.value) : `${f1(p.value)} ± ${(1.96 * p.se).toFixed(1)}`,
        },
        { title: '权重', dataIndex: 'weight', align: 'right', width: 60 },
        {
          title: '依据的记录',
          render: (_: unknown, p: Part) =>
            p.records.length ? (
              <RecordLinks records={p.records} />
            ) : (
              <Typography.Text type="secondary">无</Typography.Text>
            ),
        },
      ]}
    />
  );
}

/** From a point to the evidence behind each axis. */
export function EvidenceDrawer(props: { placementId: string | null; onClose(): void }) {
  const q = useQuery({
    queryKey: ['quadrant', 'placement', props.placementId],
    queryFn: () => call(quadrantApi.placement, { params: { id: props.placementId! } }),
    enabled: !!props.placementId,
  });
  const p = q.data;
  return (
    <Drawer
      open={!!props.placementId}
      onClose={props.onClose}
      size="large"
      title={p ? `${p.cadre.name} · ${quarterLabel(p.quarter)}实绩象限依据` : '实绩象限依据'}
      data-testid="quadrant-evidence"
    >
      {q.isLoading && <Skeleton active />}
      {q.isError && <Alert type="error" showIcon title={errorText(q.error)} />}
      {p && (
        <Space direction="vertical" style={{ width: '100%' }} size="large">
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label="单位职务">
              {p.cadre.unitName ?? '—'} {p.cadre.post ?? ''}
            </Descriptions.Item>
            <Descriptions.Item label="最可能的区域">
              <Tag color={ZONE_COLORS[p.zone]}>{ZONE_NAMES[p.zone]}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label="实绩贡献">
              {f1(p.contribution)} ± {(1.96 * p.contributionSe).toFixed(1)}（门槛{' '}
              {f1(p.threshold.contribution)}）
            </Descriptions.Item>
            <Descriptions.Item label="政绩观">
              {f1(p.view)} ± {(1.96 * p.viewSe).toFixed(1)}（确认的偏差 {p.deviations} 条）
            </Descriptions.Item>
          </Descriptions>
          {!p.identified && (
            <Alert
              type="warning"
              showIcon
              title="本人贡献无法与单位平台区分：位置仅按与本单位同事的比较确定（图中空心），不据此单独提出提拔或调整。"
            />
          )}
          <ZoneBars probabilities={p.probabilities} />
          <div>
            <Typography.Title level={5}>
              实绩贡献轴 <Link to={p.growthLink}>个体成长解析</Link>
            </Typography.Title>
            <PartsTable parts={p.contributionParts} testId="quadrant-contribution-parts" />
          </div>
          <div>
            <Typography.Title level={5}>政绩观轴</Typography.Title>
            <PartsTable parts={p.viewParts} testId="quadrant-view-parts" />
            <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
              仅在至少有一条确认的偏差记录时，干部才可能处于政绩观待校正一侧；排名靠后本身不构成偏差。
            </Typography.Paragraph>
          </div>
        </Space>
      )}
    </Drawer>
  );
}
