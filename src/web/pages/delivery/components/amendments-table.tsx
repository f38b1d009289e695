import { Space, Table, Tag, Typography } from 'antd';
import { ITEM_KIND_LABELS } from '../../../../common/contracts/delivery.ts';
import { fmtTime } from '../../../components/format.ts';
import {
  AMENDMENT_KIND_TAGS,
  type AmendmentView,
  fmtNum,
  type ItemSnapshot,
  targetText,
} from '../delivery-options.ts';

function itemSummary(i: ItemSnapshot, domainName: Map<string, string>): string {
  const parts = [
    `${i.seq ? `${i.seq}. ` : ''}${i.title}`,
    ITEM_KIND_LABELS[i.kind],
    i.domainCode ? (domainName.get(i.domainCode) ?? i.domainCode) : null,
    `目标 ${targetText(i)}`,
    `权重 ${fmtNum(i.weight)}`,
  ];
  return parts.filter(Boolean).join('｜');
}

/** What changed between two snapshots of an item, in words. */
function changedFields(a: ItemSnapshot, b: ItemSnapshot): string[] {
  const out: string[] = [];
  if (a.kind !== b.kind) out.push('类型');
  if (a.title !== b.title) out.push('事项');
  if ((a.domainCode ?? null) !== (b.domainCode ?? null)) out.push('领域');
  if (targetText(a) !== targetText(b) || JSON.stringify(a.milestones) !== JSON.stringify(b.milestones))
    out.push('目标');
  if (Number(a.weight) !== Number(b.weight)) out.push('权重');
  if (JSON.stringify(a.monthlyPlan) !== JSON.stringify(b.monthlyPlan)) out.push('月度计划');
  return out;
}

/** A list's amendments and returns: when, who (by name), what kind, why, before and after. */
export function AmendmentsTable(props: { amendments: AmendmentView[]; domainName: Map<string, string> }) {
  return (
    <Table<AmendmentView>
      rowKey="id"
      size="small"
      pagination={props.amendments.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
      dataSource={props.amendments}
      data-testid="amendments-table"
      scroll={{ x: 900 }}
      columns={[
        { title: '时间', dataIndex: 'createdAt', width: 160, render: (t: string) => fmtTime(t) },
        {
          title: '人',
          dataIndex: 'createdByName',
          width: 120,
          render: (name: string | null) => name ?? '—',
        },
        {
          title: '类型',
          key: 'kind',
          width: 70,
          render: (_: unknown, a) => (
            <Tag color={AMENDMENT_KIND_TAGS[a.kind].color}>{AMENDMENT_KIND_TAGS[a.kind].label}</Tag>
          ),
        },
        { title: '原因', dataIndex: 'reason', width: 220 },
        {
          title: '变更前',
          key: 'before',
          render: (_: unknown, a) =>
            a.before ? (
              <Typography.Text type={a.after ? 'secondary' : undefined}>
                {itemSummary(a.before, props.domainName)}
              </Typography.Text>
            ) : (
              '—'
            ),
        },
        {
          title: '变更后',
          key: 'after',
          render: (_: unknown, a) => {
            if (!a.after) return '—';
            if (a.after.withdrawn) return <Typography.Text type="secondary">已撤回</Typography.Text>;
            const changed = a.before ? changedFields(a.before, a.after) : [];
            return (
              <Space orientation="vertical" size={2}>
                <span>{itemSummary(a.after, props.domainName)}</span>
                {changed.length > 0 && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    调整了：{changed.join('、')}
                  </Typography.Text>
                )}
              </Space>
            );
          },
        },
      ]}
    />
  );
}
