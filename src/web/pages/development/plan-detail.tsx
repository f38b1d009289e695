import { LockOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  List,
  Row,
  Skeleton,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import {
  developmentApi,
  MILESTONE_STATUS_LABELS,
  OUTCOME_LABELS,
  POST_KIND_LABELS,
  REVIEW_KIND_LABELS,
} from '../../../common/contracts/development.ts';
import { call } from '../../api/client.ts';
import { EChart } from '../../components/echart.tsx';
import { errorText } from '../../components/errors.ts';
import { fmtTime } from '../../components/format.ts';
import { BackLink, Page, retryUnlessRefused } from '../../components/page.tsx';
import { RecordLinks } from '../growth/components/record-links.tsx';
import { KindTag, MilestoneSummary, ProgressTag, StatusTag } from './components/bits.tsx';
import { type Action, type Plan, PlanActionModal } from './components/plan-actions.tsx';

const BACK = {
  department: ['/development/plans', '培养计划'],
  mentor: ['/development/mentoring', '我帮带的计划'],
  self: ['/development/mine', '我的培养计划'],
} as const;

/** A plan: goals, milestones, reviews, mentor notes, the outcome; as the department, the mentor or the cadre sees it. */
export default function DevelopmentPlanPage() {
  const { id } = useParams();
  const [action, setAction] = useState<Action | null>(null);
  const q = useQuery({
    queryKey: ['development', 'plan', id],
    queryFn: () => call(developmentApi.plan, { params: { id: id! } }),
    retry: retryUnlessRefused,
  });
  const p = q.data;
  if (q.isError)
    return (
      <Page title="培养计划" permission="development.read">
        <Alert type="error" showIcon title={errorText(q.error)} />
      </Page>
    );
  if (!p)
    return (
      <Page title="培养计划" permission="development.read">
        <Card>
          <Skeleton active />
        </Card>
      </Page>
    );
  const back = BACK[p.viewer];
  return (
    <Page
      title={p.title}
      subtitle={<BackLink to={back[0]}>{back[1]}</BackLink>}
      permission="development.read"
      extra={
        <Space wrap>
          {p.can.note && (
            <Button onClick={() => setAction({ kind: 'note' })} data-testid="plan-note">
              写帮带记录
            </Button>
          )}
          {p.can.monthly && (
            <Button
              onClick={() => setAction({ kind: 'review', review: 'monthly' })}
              data-testid="plan-monthly"
            >
              月度评议
            </Button>
          )}
          {p.can.midEnd && (
            <>
              <Button onClick={() => setAction({ kind: 'review', review: 'mid' })} data-testid="plan-mid">
                中期评估
              </Button>
              <Button onClick={() => setAction({ kind: 'review', review: 'end' })} data-testid="plan-end">
                期末评估
              </Button>
            </>
          )}
          {p.can.outcome && (
            <Button type="primary" onClick={() => setAction({ kind: 'outcome' })} data-testid="plan-outcome">
              确定培养结果
            </Button>
          )}
        </Space>
      }
    >
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Overview p={p} />
        <Row gutter={16}>
          <Col xs={24} xl={14}>
            <Space orientation="vertical" size={16} style={{ width: '100%' }}>
              <Goals p={p} onDecide={(m) => setAction({ kind: 'milestone', ...m })} />
              <Reviews p={p} />
            </Space>
          </Col>
          <Col xs={24} xl={10}>
            <Space orientation="vertical" size={16} style={{ width: '100%' }}>
              {p.figures && <Figures f={p.figures} cadreId={p.cadre.id} />}
              <Notes p={p} />
            </Space>
          </Col>
        </Row>
      </Space>
      <PlanActionModal plan={p} action={action} onClose={() => setAction(null)} />
    </Page>
  );
}

function Overview({ p }: { p: Plan }) {
  return (
    <Card size="small">
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2, xl: 3 }}
        items={[
          {
            key: 'cadre',
            label: '干部',
            children: (
              <span>
                {p.viewer === 'department' ? (
                  <Link to={`/org/cadres/${p.cadre.id}`}>{p.cadre.name}</Link>
                ) : (
                  p.cadre.name
                )}
                （{p.cadre.unitName ?? '—'} {p.cadre.post ?? ''}）
              </span>
            ),
          },
          { key: 'kind', label: '培养方式', children: <KindTag kind={p.kind} /> },
          { key: 'status', label: '状态', children: <StatusTag status={p.status} outcome={p.outcome} /> },
          { key: 'dates', label: '期限', children: `${p.startsOn} 至 ${p.endsOn}` },
          ...(p.mentor
            ? [
                {
                  key: 'mentor',
                  label: '结对帮带导师',
                  children: `${p.mentor.name}（${p.mentor.unitName ?? ''} ${p.mentor.post ?? ''}）`,
                },
              ]
            : []),
          ...(p.studyTopic ? [{ key: 'topic', label: '研修专题', children: p.studyTopic }] : []),
          ...(p.keyworkTask ? [{ key: 'task', label: '对口重点工程', children: p.keyworkTask.title }] : []),
          ...(p.postKind
            ? [
                {
                  key: 'post',
                  label: '压力岗',
                  children: `${POST_KIND_LABELS[p.postKind]}：${p.postName ?? ''}`,
                },
              ]
            : []),
          { key: 'created', label: '制定', children: `${p.created.byName ?? '—'} ${fmtTime(p.created.at)}` },
          { key: 'reason', label: '短板与理由', span: 'filled', children: p.reason },
          ...(p.assignments.length
            ? [
                {
                  key: 'assign',
                  label: '压担历练',
                  span: 'filled' as const,
                  children: p.assignments.join('；'),
                },
              ]
            : []),
          ...(p.evidence.length
            ? [
                {
                  key: 'evidence',
                  label: '依据的记录',
                  span: 'filled' as const,
                  children: <RecordLinks records={p.evidence} />,
                },
              ]
            : []),
          ...(p.outcome && p.outcomeDecided
            ? [
                {
                  key: 'outcome',
                  label: '培养结果',
                  span: 'filled' as const,
                  children: (
                    <span data-testid="plan-outcome-text">
                      {OUTCOME_LABELS[p.outcome]}：{p.outcomeNote}（{p.outcomeDecided.byName ?? '—'}{' '}
                      {fmtTime(p.outcomeDecided.at)}）
                    </span>
                  ),
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}

function Goals({ p, onDecide }: { p: Plan; onDecide(m: { id: string; title: string }): void }) {
  const goalTitle = new Map(p.goals.map((g, i) => [g.id, `目标 ${i + 1}`]));
  return (
    <Card size="small" title="目标与可衡量的节点" extra={<MilestoneSummary m={p.milestones} />}>
      <List
        size="small"
        dataSource={p.goals}
        renderItem={(g, i) => (
          <List.Item>
            <Typography.Text strong>目标 {i + 1}：</Typography.Text>
            {g.title}
            <Typography.Text type="secondary">（衡量：{g.measure}）</Typography.Text>
          </List.Item>
        )}
      />
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={p.milestoneList}
        data-testid="plan-milestones"
        columns={[
          { title: '节点', dataIndex: 'title' },
          { title: '标准', dataIndex: 'target' },
          { title: '对应', dataIndex: 'goalId', render: (g: string | null) => (g ? goalTitle.get(g) : '—') },
          { title: '完成日期', dataIndex: 'dueOn' },
          {
            title: '情况',
            key: 'status',
            render: (_: unknown, m: Plan['milestoneList'][number]) => (
              <div>
                <Tag
                  color={
                    m.status === 'met'
                      ? 'green'
                      : m.status === 'missed'
                        ? 'red'
                        : m.overdue
                          ? 'orange'
                          : 'default'
                  }
                >
                  {m.overdue ? '已逾期' : MILESTONE_STATUS_LABELS[m.status]}
                </Tag>
                {m.result && <div style={{ fontSize: 12 }}>{m.result}</div>}
                {m.decided && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {m.decided.byName} {fmtTime(m.decided.at)}
                  </Typography.Text>
                )}
              </div>
            ),
          },
          ...(p.can.milestone
            ? [
                {
                  title: '',
                  key: 'op',
                  render: (_: unknown, m: Plan['milestoneList'][number]) =>
                    m.status === 'open' ? (
                      <Button size="small" onClick={() => onDecide({ id: m.id, title: m.title })}>
                        认定
                      </Button>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}

function Reviews({ p }: { p: Plan }) {
  return (
    <Card size="small" title="评议记录">
      {!p.reviewList.length ? (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description="尚无评议。月度评议由导师或组织部作出，中期、期末评估由组织部作出。"
        />
      ) : (
        <Timeline
          data-testid="plan-reviews"
          items={p.reviewList.map((r) => ({
            key: r.id,
            color: r.kind === 'monthly' ? 'blue' : 'green',
            content: (
              <div data-testid="plan-review">
                <Space wrap>
                  <Typography.Text strong>
                    {REVIEW_KIND_LABELS[r.kind]}
                    {r.kind === 'monthly' ? `（${r.period}）` : ''}
                  </Typography.Text>
                  <ProgressTag progress={r.progress} />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {r.authorRole === 'mentor' ? '导师' : '组织部'} {r.byName ?? ''} {fmtTime(r.at)}
                  </Typography.Text>
                </Space>
                <Typography.Paragraph style={{ margin: '4px 0', whiteSpace: 'pre-wrap' }}>
                  {r.summary}
                </Typography.Paragraph>
                {r.evidence.length > 0 && <RecordLinks records={r.evidence} />}
              </div>
            ),
          }))}
        />
      )}
    </Card>
  );
}

function Notes({ p }: { p: Plan }) {
  return (
    <Card
      size="small"
      title="帮带记录"
      extra={
        p.viewer === 'self' ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            内部记录不向本人显示
          </Typography.Text>
        ) : null
      }
    >
      <List
        size="small"
        dataSource={p.notes}
        locale={{ emptyText: '尚无帮带记录' }}
        data-testid="plan-notes"
        renderItem={(n) => (
          <List.Item>
            <div>
              <Space>
                {n.internal && (
                  <Tag icon={<LockOutlined />} color="gold">
                    内部
                  </Tag>
                )}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {n.authorRole === 'mentor' ? '导师' : '组织部'} {n.byName ?? ''} {fmtTime(n.at)}
                </Typography.Text>
              </Space>
              <div style={{ whiteSpace: 'pre-wrap' }}>{n.text}</div>
            </div>
          </List.Item>
        )}
      />
    </Card>
  );
}

function Figures({ f, cadreId }: { f: NonNullable<Plan['figures']>; cadreId: string }) {
  const option = useMemo(
    () => ({
      grid: { left: 40, right: 16, top: 16, bottom: 28 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: f.series.map((s) => s.quarter) },
      yAxis: { type: 'value', name: '' },
      series: [
        { type: 'line', data: f.series.map((s) => s.own), name: '本人贡献', color: '#1677ff' },
        {
          name: '95% 区间',
          type: 'custom',
          renderItem: (_p: unknown, api: { value(i: number): number; coord(p: number[]): number[] }) => {
            const lo = api.coord([api.value(0), api.value(1)]);
            const hi = api.coord([api.value(0), api.value(2)]);
            const tick = (y: number) => ({
              type: 'line',
              shape: { x1: lo[0]! - 5, y1: y, x2: lo[0]! + 5, y2: y },
              style: { stroke: '#1677ff' },
            });
            return {
              type: 'group',
              children: [
                {
                  type: 'line',
                  shape: { x1: lo[0], y1: lo[1], x2: hi[0], y2: hi[1] },
                  style: { stroke: '#1677ff', lineWidth: 1.5 },
                },
                tick(lo[1]!),
                tick(hi[1]!),
              ],
            };
          },
          encode: { x: 0, y: [1, 2] },
          data: f.series.map((s, i) => [i, s.low, s.high]),
          z: 10,
        },
      ],
    }),
    [f],
  );
  const pt = (x: { quarter: string; own: number; low: number; high: number } | null) =>
    x ? (
      <Link to={`/growth/cadres/${cadreId}?quarter=${x.quarter}`}>
        {x.quarter}：{x.own}（{x.low} 至 {x.high}）
      </Link>
    ) : (
      '暂无'
    );
  return (
    <Card size="small" title="本人贡献前后对比" data-testid="plan-figures">
      {f.series.length ? <EChart option={option} height={180} /> : null}
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'b', label: '计划前', children: pt(f.before) },
          { key: 'a', label: '计划后', children: pt(f.after) },
          {
            key: 'c',
            label: '变化',
            children: f.change
              ? `${f.change.value}（95% 区间 ${f.change.low} 至 ${f.change.high}）`
              : '暂无可比数据',
          },
        ]}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {f.note}
      </Typography.Text>
    </Card>
  );
}
