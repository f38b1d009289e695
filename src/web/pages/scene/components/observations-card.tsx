import { EditOutlined, EyeOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { sceneApi } from '../../../../common/contracts/scene.ts';
import { call } from '../../../api/client.ts';
import { errorText } from '../../../components/errors.ts';
import { fmtTime } from '../../../components/format.ts';
import { EvidenceGallery, EvidenceUpload } from '../../delivery/evidence-photos.tsx';
import { RatingValue } from '../scene-bits.tsx';
import {
  type ActivityDetail,
  FOLLOWED_RULES_COLORS,
  type FollowedRules,
  f2,
  followedRulesLabel,
  OBSERVATION_OWNER,
  type ObservationView,
} from '../scene-options.ts';
import { CalibrationPanel } from './calibration-panel.tsx';
import { ObservationModal } from './observation-form.tsx';

/**
 * The observations of a meeting or an inspection: each cadre's ratings, their mean beside the mean
 * calibrated for the observer's leniency, notes and photos; releasing one to the cadre.
 */
export function ObservationsCard({ a, onChanged }: { a: ActivityDetail; onChanged(): void }) {
  const { modal, message } = App.useApp();
  const [editing, setEditing] = useState<ObservationView | 'new' | null>(null);
  const meeting = a.kind === 'meeting';
  const release = (o: ObservationView) =>
    modal.confirm({
      title: `向${o.cadreName}本人公开这条观察记录？`,
      content: '公开后，本人可在“我的现场考察”中看到评分、观察记录和现场照片。公开不能撤回。',
      okText: '公开',
      cancelText: '取消',
      okButtonProps: { 'data-testid': 'release-ok' } as never,
      onOk: async () => {
        try {
          await call(sceneApi.release, { params: { id: o.id } });
          message.success(`已向${o.cadreName}公开`);
          onChanged();
        } catch (e) {
          message.error(errorText(e));
        }
      },
    });
  return (
    <Card
      title={`观察记录（${a.observations.length} 人）`}
      extra={
        a.can.record && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing('new')}
            data-testid="observation-create"
          >
            记录观察
          </Button>
        )
      }
    >
      {a.observationCalibration && (
        <CalibrationPanel
          cal={a.observationCalibration}
          who="observer"
          scope={a.observationCalibration.scope}
        />
      )}
      <Table<ObservationView>
        rowKey="id"
        size="small"
        dataSource={a.observations}
        pagination={false}
        scroll={{ x: meeting ? 1150 : 970 }}
        data-testid="observation-table"
        locale={{
          emptyText: (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚无观察记录，点击“记录观察”添加" />
          ),
        }}
        columns={[
          {
            title: '干部',
            dataIndex: 'cadreName',
            width: 150,
            fixed: 'left',
            render: (v: string, o) => (
              <Space orientation="vertical" size={0}>
                <Link to={`/org/cadres/${o.cadreId}`}>{v}</Link>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {[o.unitName, o.post].filter(Boolean).join(' ')}
                </Typography.Text>
              </Space>
            ),
          },
          ...a.dimensions.map((d) => ({
            title: d.name,
            key: `dim-${d.code}`,
            width: Math.max(76, d.name.length * 14 + 20),
            align: 'center' as const,
            render: (_: unknown, o: ObservationView) => <RatingValue value={o.ratings[d.code]} />,
          })),
          {
            title: (
              <Tooltip title="本条各维度的均分；下方为扣除观察人宽严后的均分及其 95% 区间">均分</Tooltip>
            ),
            key: 'mean',
            width: 110,
            align: 'right' as const,
            render: (_: unknown, o: ObservationView) => (
              <Space
                orientation="vertical"
                size={0}
                style={{ alignItems: 'flex-end' }}
                data-testid="observation-mean"
              >
                <Typography.Text strong>{f2(o.mean)}</Typography.Text>
                {o.calibrated && (
                  <Tooltip title={`观察人：${o.observer ?? '—'}`}>
                    <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
                      校正 {f2(o.calibrated.estimate)}（{f2(o.calibrated.low)}–{f2(o.calibrated.high)}）
                    </Typography.Text>
                  </Tooltip>
                )}
              </Space>
            ),
          },
          ...(meeting
            ? [
                {
                  title: '表态',
                  dataIndex: 'stance',
                  width: 140,
                  render: (v: string | null) => v || <Typography.Text type="secondary">—</Typography.Text>,
                },
                {
                  title: '决策规则',
                  dataIndex: 'followedRules',
                  width: 100,
                  render: (v: FollowedRules | null) =>
                    v ? (
                      <Tag color={FOLLOWED_RULES_COLORS[v]} style={{ marginInlineEnd: 0 }}>
                        {followedRulesLabel(v)}
                      </Tag>
                    ) : (
                      '—'
                    ),
                },
              ]
            : []),
          {
            title: '观察记录与照片',
            key: 'notes',
            render: (_: unknown, o: ObservationView) => (
              <div style={{ minWidth: 280 }}>
                <Typography.Paragraph
                  style={{ margin: 0, whiteSpace: 'pre-wrap' }}
                  ellipsis={{
                    rows: 3,
                    expandable: 'collapsible',
                    symbol: (open) => (open ? '收起' : '展开'),
                  }}
                >
                  {o.notes}
                </Typography.Paragraph>
                <Space size={8} align="start" style={{ marginTop: 6 }} wrap>
                  <EvidenceGallery ownerType={OBSERVATION_OWNER} ownerId={o.id} size={48} />
                  {o.can.attach && (
                    <EvidenceUpload
                      ownerType={OBSERVATION_OWNER}
                      ownerId={o.id}
                      accept="image/*"
                      label="添加照片"
                      data-testid="observation-photo-upload"
                    />
                  )}
                </Space>
              </div>
            ),
          },
          {
            title: '向本人公开',
            key: 'release',
            width: 132,
            fixed: 'right' as const,
            render: (_: unknown, o: ObservationView) => (
              <Space orientation="vertical" size={4} align="start">
                {o.releasedAt ? (
                  <Tooltip title={`公开于 ${fmtTime(o.releasedAt)}`}>
                    <Tag color="success" style={{ marginInlineEnd: 0 }} data-testid="observation-released">
                      已公开
                    </Tag>
                  </Tooltip>
                ) : o.can.release ? (
                  <Button
                    size="small"
                    icon={<EyeOutlined />}
                    onClick={() => release(o)}
                    data-testid="observation-release"
                  >
                    向本人公开
                  </Button>
                ) : (
                  <Tag style={{ marginInlineEnd: 0 }}>未公开</Tag>
                )}
                {o.can.correct && (
                  <Button
                    type="link"
                    size="small"
                    icon={<EditOutlined />}
                    style={{ padding: 0 }}
                    onClick={() => setEditing(o)}
                    data-testid="observation-edit"
                  >
                    更正
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <ObservationModal
        a={a}
        observation={editing}
        onClose={() => setEditing(null)}
        onDone={() => {
          setEditing(null);
          onChanged();
        }}
      />
    </Card>
  );
}
