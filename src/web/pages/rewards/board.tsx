import { useQuery } from '@tanstack/react-query';
import { Alert, Badge, Card, Col, Empty, Row, Select, Space, Tag, Tooltip, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router';
import type { WireOf } from '../../../common/api.ts';
import { REWARD_STEPS, rewardsApi, STEP_LABELS } from '../../../common/contracts/rewards.ts';
import { call } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { errorText } from '../../components/errors.ts';
import { fmtDate } from '../../components/format.ts';
import { Page } from '../../components/page.tsx';
import { ClockTag, OverdueTag, useBatches } from './rewards-bits.tsx';

type BoardItem = WireOf<typeof rewardsApi.board>['columns'][number]['items'][number];

/** The department's board: applications by step, the working days each step took and the month's clock. */
export default function BoardPage() {
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const batchId = params.get('batch') ?? undefined;
  const batches = useBatches();
  const board = useQuery({
    queryKey: ['rewards', 'board', batchId],
    queryFn: () => call(rewardsApi.board, { query: { batchId } }),
    enabled: can('rewards.board'),
  });
  return (
    <Page
      title="环节看板"
      subtitle="审核（含会签）—审批—兑现各环节按工作日计期限；全流程自单位提交起 1 个月，退回单位期间照常计时并单列。"
      permission="rewards.board"
      extra={
        <Select
          allowClear
          placeholder="全部批次"
          style={{ width: 260 }}
          value={batchId}
          onChange={(v) => setParams(v ? { batch: v } : {}, { replace: true })}
          options={(batches.data?.items ?? []).map((b) => ({ value: b.id, label: b.title }))}
        />
      }
    >
      {board.isError && <Alert type="error" showIcon title={errorText(board.error)} />}
      {board.data && board.data.overdue > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={`${board.data.overdue} 项申报的当前环节已超期：已向承办人催办，超期 2 个工作日以上的已报组织部领导督办。`}
        />
      )}
      <Row gutter={12} wrap={false} style={{ overflowX: 'auto' }} data-testid="rewards-board">
        {(board.data?.columns ?? []).map((col) => (
          <Col key={col.status} flex="1 0 280px">
            <Card
              size="small"
              title={
                <Space>
                  {col.label}
                  <Badge count={col.items.length} showZero color="#1677ff" />
                </Space>
              }
              styles={{ body: { background: '#fafafa', minHeight: 300 } }}
              data-testid={`board-col-${col.status}`}
            >
              {col.items.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无" />
              ) : (
                <Space orientation="vertical" style={{ width: '100%' }}>
                  {col.items.map((c) => (
                    <BoardCard key={c.id} c={c} />
                  ))}
                </Space>
              )}
            </Card>
          </Col>
        ))}
      </Row>
    </Page>
  );
}

function BoardCard({ c }: { c: BoardItem }) {
  return (
    <Card
      size="small"
      data-testid="board-card"
      style={c.overdueDays > 0 ? { borderColor: '#ff4d4f' } : undefined}
    >
      <Space orientation="vertical" size={4} style={{ width: '100%' }}>
        <Link to={`/rewards/applications/${c.id}`}>
          <Typography.Text strong ellipsis={{ tooltip: c.deed }} style={{ maxWidth: 240 }}>
            {c.deed}
          </Typography.Text>
        </Link>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {c.unitName} · {c.kindName} · {c.collectiveName ?? c.cadreNames.join('、')}
        </Typography.Text>
        <Space size={4} wrap>
          <ClockTag clock={c.clock} />
          <OverdueTag days={c.overdueDays} />
          {c.pendingOpinions > 0 && <Tag color="cyan">待会签 {c.pendingOpinions}</Tag>}
        </Space>
        <Typography.Text style={{ fontSize: 12 }}>
          {c.stepDueOn
            ? `本环节 ${fmtDate(c.stepStartedAt)} 起，${c.stepDueOn} 前`
            : `${fmtDate(c.stepStartedAt)} 退回单位`}
        </Typography.Text>
        <Space size={4} wrap data-testid="days-by-step">
          {REWARD_STEPS.map((s) => (
            <Tooltip
              key={s}
              title={s === 'apply' ? '退回单位后在单位的工作日' : `${STEP_LABELS[s]}环节已用工作日`}
            >
              <Tag bordered={false}>
                {s === 'apply' ? '退回' : STEP_LABELS[s]} {c.daysByStep[s]}
              </Tag>
            </Tooltip>
          ))}
        </Space>
      </Space>
    </Card>
  );
}
