import { Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import type { WireOf } from '../../../../common/api.ts';
import type { growthApi } from '../../../../common/contracts/growth.ts';
import { PROBLEM_TAG_LABELS, type ProblemTag } from '../../../../common/contracts/keywork.ts';
import { fmtTime } from '../../../components/format.ts';

export type Declaration = WireOf<typeof growthApi.declare>;
type Share = Declaration['shares'][number];

/**
 * One task's declared and verified shares, beside what the causal chain shows of each cadre:
 * milestones they answer for (on time, late, overdue) and the inspection findings about them.
 */
export function DeclarationTable(props: {
  declaration: Declaration;
  highlight?: string;
  actions?: (s: Share) => React.ReactNode;
}) {
  const d = props.declaration;
  return (
    <div style={{ marginBottom: 16 }} data-testid="declaration">
      <Space wrap style={{ marginBottom: 6 }}>
        <Link to={`/keywork/tasks/${d.task.id}`}>
          <Typography.Text strong>{d.task.title}</Typography.Text>
        </Link>
        <Typography.Text type="secondary">牵头单位：{d.task.leadUnitName ?? '—'}</Typography.Text>
        {d.status === 'verified' ? (
          <Tag color="green" data-testid="declaration-status">
            已核定（{d.verifiedByName ?? ''} {fmtTime(d.verifiedAt)}）
          </Tag>
        ) : (
          <Tag color="orange" data-testid="declaration-status">
            待核定（{d.declaredByName ?? '牵头单位'} 申报于 {fmtTime(d.declaredAt)}）
          </Tag>
        )}
      </Space>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={d.shares}
        rowClassName={(s) => (s.cadre.id === props.highlight ? 'ant-table-row-selected' : '')}
        columns={[
          {
            title: '干部',
            dataIndex: ['cadre', 'name'],
            render: (n: string, s: Share) => (
              <Link to={`/growth/cadres/${s.cadre.id}`}>
                {n}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {' '}
                  {s.cadre.unitName}
                </Typography.Text>
              </Link>
            ),
          },
          { title: '角色', dataIndex: 'role' },
          { title: '申报份额', dataIndex: 'declaredPct', align: 'right', render: (v: number) => `${v}%` },
          {
            title: '核定份额',
            dataIndex: 'verifiedPct',
            align: 'right',
            render: (v: number | null, s: Share) =>
              v === null ? (
                '—'
              ) : (
                <span title={s.correction ?? undefined}>
                  {v}%
                  {s.correction ? (
                    <Tag color="blue" style={{ marginLeft: 4 }}>
                      已更正
                    </Tag>
                  ) : null}
                </span>
              ),
          },
          {
            title: '负责节点',
            key: 'ms',
            render: (_: unknown, s: Share) =>
              s.milestones.total === 0
                ? '—'
                : `${s.milestones.total} 个：按期 ${s.milestones.doneOnTime}，延期完成 ${s.milestones.late}，逾期未完成 ${s.milestones.overdue}`,
          },
          {
            title: '考察发现',
            key: 'findings',
            render: (_: unknown, s: Share) =>
              s.findings.length === 0 ? (
                '—'
              ) : (
                <Space size={[4, 4]} wrap>
                  {s.findings.flatMap((f) =>
                    f.tags.map((t) => (
                      <Tag
                        key={`${f.id}${t}`}
                        color={t === 'buck_passing' || t === 'ignoring_whole' ? 'red' : 'default'}
                      >
                        {PROBLEM_TAG_LABELS[t as ProblemTag] ?? t}
                      </Tag>
                    )),
                  )}
                </Space>
              ),
          },
          {
            title: '异议',
            dataIndex: 'objection',
            render: (v: string | null) => (v ? <Typography.Text type="danger">{v}</Typography.Text> : '—'),
          },
          ...(props.actions
            ? [{ title: '', key: 'a', render: (_: unknown, s: Share) => props.actions!(s) }]
            : []),
        ]}
      />
      {d.verifyNote && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          核定说明：{d.verifyNote}
        </Typography.Text>
      )}
    </div>
  );
}
