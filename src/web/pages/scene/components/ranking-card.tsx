import { PlusOutlined, TrophyOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { type ActivityDetail, type EventRanking, f2, type RankRow } from '../scene-options.ts';
import { CalibratedFigure, CalibrationPanel } from './calibration-panel.tsx';
import { ScoreModal } from './score-modal.tsx';

const EMPTY: EventRanking = {
  method: 'uncalibrated',
  reason: '尚无评分',
  formula: null,
  sd: null,
  raters: [],
  warnings: [],
  participants: [],
};

/**
 * An event's score sheets and ranking: each participant's calibrated score with its interval, the
 * raw mean and the rank it alone would give beside it, and every judge's total; the judges'
 * leniency and the warnings above the table. All figures are the server's.
 */
export function RankingCard({ a, onChanged }: { a: ActivityDetail; onChanged(): void }) {
  const [entering, setEntering] = useState(false);
  const ranking = a.ranking ?? EMPTY;
  const rows = ranking.participants;
  const judges = ranking.raters.map((j) => j.key);
  return (
    <Card
      title={`评委评分与排名（${rows.length} 人参赛）`}
      extra={
        a.can.record && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEntering(true)}
            data-testid="score-create"
          >
            录入评分
          </Button>
        )
      }
    >
      {rows.length > 0 && <CalibrationPanel cal={ranking} who="judge" />}
      <Table<RankRow>
        rowKey="cadreId"
        size="small"
        dataSource={rows}
        pagination={false}
        scroll={{ x: 660 + judges.length * 96 }}
        data-testid="ranking-table"
        locale={{
          emptyText: (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚无评分，点击“录入评分”添加" />
          ),
        }}
        columns={[
          {
            title: '名次',
            dataIndex: 'rank',
            width: 64,
            fixed: 'left',
            align: 'center',
            render: (v: number) =>
              v <= 3 ? (
                <Tag
                  color={['gold', 'default', 'orange'][v - 1]}
                  icon={<TrophyOutlined />}
                  style={{ marginInlineEnd: 0 }}
                >
                  {v}
                </Tag>
              ) : (
                v
              ),
          },
          {
            title: '干部',
            dataIndex: 'name',
            width: 170,
            fixed: 'left',
            render: (v: string, r) => (
              <Space orientation="vertical" size={0}>
                <Link to={`/org/cadres/${r.cadreId}`}>{v}</Link>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {r.unitName ?? ''}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: <Tooltip title="扣除评委宽严后的得分，下方为 95% 区间">校正后得分</Tooltip>,
            key: 'calibrated',
            width: 130,
            align: 'right',
            render: (_: unknown, r) => (
              <Space size={4} align="start">
                {!r.identified && r.calibrated && (
                  <Tooltip title="为其评分的评委没有与其他评委共同评过同一参赛者，其水平与评委宽严无法区分">
                    <Tag color="warning" style={{ marginInlineEnd: 0 }} data-testid="not-identified">
                      无法区分
                    </Tag>
                  </Tooltip>
                )}
                <CalibratedFigure value={r.calibrated} strong />
              </Space>
            ),
          },
          {
            title: '原始平均分',
            dataIndex: 'raw',
            width: 100,
            align: 'right',
            render: (v: number) => <span data-testid="raw-mean">{f2(v)}</span>,
          },
          {
            title: '原始名次',
            dataIndex: 'rawRank',
            width: 90,
            align: 'center',
            render: (n: number, r) => {
              const moved = n - r.rank;
              return (
                <Space size={4}>
                  <span>{n}</span>
                  {moved > 0 && <Typography.Text type="success">↑{moved}</Typography.Text>}
                  {moved < 0 && <Typography.Text type="danger">↓{-moved}</Typography.Text>}
                </Space>
              );
            },
          },
          {
            title: '评委数',
            dataIndex: 'judges',
            width: 64,
            align: 'right',
          },
          ...judges.map((j) => ({
            title: (
              <Tooltip title={`${j}：加权总分`}>
                <span>{j.replace(/（.*）$/, '')}</span>
              </Tooltip>
            ),
            key: `judge-${j}`,
            width: 96,
            align: 'right' as const,
            render: (_: unknown, r: RankRow) => {
              const x = r.byJudge.find((b) => b.judge === j);
              return x ? f2(x.total) : <Typography.Text type="secondary">未评</Typography.Text>;
            },
          })),
        ]}
      />
      <ScoreModal
        a={a}
        open={entering}
        judges={judges}
        onClose={() => setEntering(false)}
        onDone={onChanged}
      />
    </Card>
  );
}
