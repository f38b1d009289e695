import { DeleteOutlined, EditOutlined } from '@ant-design/icons';
import {
  Button,
  Col,
  Empty,
  Popconfirm,
  Row,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useMemo } from 'react';
import { ITEM_KIND_LABELS } from '../../../../common/contracts/delivery.ts';
import { type ChartOption, EChart } from '../../../components/echart.tsx';
import { fmtTime } from '../../../components/format.ts';
import {
  fmtNum,
  ITEM_KIND_COLORS,
  type ItemKind,
  type ItemView,
  latestReport,
  targetText,
  targetTotal,
} from '../delivery-options.ts';

export const ORANGE = '#fa8c16';
export const RED = '#ff4d4f';
export const BLUE = '#1677ff';
export const MONTH_NAMES = Array.from({ length: 12 }, (_, m) => `${m + 1}月`);
/** A gap above this share of the target shows in red. */
const GAP_ALERT = 0.1;

/**
 * The items of a list: plan and reports month by month, the latest progress and the gap, and the
 * actions each item's `can` flags allow (edit and delete in a draft, report in a confirmed list).
 */
export function ItemsTable(props: {
  items: ItemView[];
  domainName: Map<string, string>;
  /** Reported progress and the gap: only a confirmed list has reports. */
  progress: boolean;
  onEdit(i: ItemView): void;
  onRemove(i: ItemView): void;
  onReport(i: ItemView): void;
}) {
  const editable = props.items.some((i) => i.can.edit || i.can.remove);
  const reportable = props.items.some((i) => i.can.report);
  const actions = editable || reportable;
  return (
    <Table<ItemView>
      rowKey="id"
      size="middle"
      pagination={false}
      scroll={{ x: 830 + (props.progress ? 210 : 0) + (editable ? 156 : reportable ? 80 : 0) }}
      dataSource={props.items}
      data-testid="items-table"
      onRow={(i) => (i.withdrawnAt ? { style: { opacity: 0.55 } } : {})}
      expandable={{
        expandedRowRender: (i) => <ItemDetail item={i} />,
        rowExpandable: () => true,
      }}
      columns={[
        { title: '序号', dataIndex: 'seq', width: 52, align: 'center' },
        {
          title: '类型',
          dataIndex: 'kind',
          width: 88,
          render: (k: ItemKind) => <Tag color={ITEM_KIND_COLORS[k]}>{ITEM_KIND_LABELS[k]}</Tag>,
        },
        {
          title: '事项',
          dataIndex: 'title',
          minWidth: 220,
          render: (t: string, i) => (
            <Space size={4} wrap>
              <Typography.Text delete={!!i.withdrawnAt} type={i.withdrawnAt ? 'secondary' : undefined}>
                {t}
              </Typography.Text>
              {!i.inScope && !i.withdrawnAt && (
                <Tooltip title="事项的领域不在本人当前班子分工的分管领域内">
                  <Tag color="orange" style={{ marginInlineEnd: 0 }} data-testid="out-of-scope">
                    不在分工范围
                  </Tag>
                </Tooltip>
              )}
              {i.withdrawnAt && <Tag style={{ marginInlineEnd: 0 }}>已撤回</Tag>}
            </Space>
          ),
        },
        {
          title: '领域',
          dataIndex: 'domainCode',
          width: 84,
          render: (c: string | null) => (c ? (props.domainName.get(c) ?? c) : '—'),
        },
        {
          title: '目标',
          key: 'target',
          width: 96,
          render: (_: unknown, i) =>
            i.targetKind === 'milestones' ? (
              <Tooltip
                title={(i.milestones ?? []).map((m) => (
                  <div key={`${m.month}-${m.name}`}>
                    {m.month} 月：{m.name}
                  </div>
                ))}
              >
                <Typography.Text underline style={{ textDecorationStyle: 'dotted' }}>
                  {targetText(i)}
                </Typography.Text>
              </Tooltip>
            ) : (
              targetText(i)
            ),
        },
        { title: '权重', dataIndex: 'weight', width: 56, align: 'right', render: fmtNum },
        {
          title: (
            <Tooltip title="每格一个月：灰色为累计计划，蓝色为填报进度（落后计划超过目标的 10% 为红色），橙点为逾期填报">
              <span>1–12 月计划/填报</span>
            </Tooltip>
          ),
          key: 'strip',
          width: 184,
          render: (_: unknown, i) => <MonthStrip item={i} />,
        },
        ...(props.progress
          ? ([
              {
                title: '最新进度',
                key: 'latest',
                width: 124,
                render: (_: unknown, i: ItemView) => {
                  const r = latestReport(i.reports);
                  if (!r) return <Typography.Text type="secondary">未填报</Typography.Text>;
                  const unit =
                    i.targetKind === 'milestones' ? ` / ${targetTotal(i)} 个节点` : (i.measureUnit ?? '');
                  return (
                    <Space size={[4, 0]} wrap>
                      <span>
                        {fmtNum(r.progress)}
                        {unit}
                      </span>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {r.month} 月
                      </Typography.Text>
                      {r.late && (
                        <Tag color="orange" style={{ marginInlineEnd: 0 }}>
                          逾期
                        </Tag>
                      )}
                    </Space>
                  );
                },
              },
              {
                title: (
                  <Tooltip title="最新填报月份的累计计划减去填报进度，占目标的百分比；负数为超前">
                    <span>差距</span>
                  </Tooltip>
                ),
                dataIndex: 'gap',
                width: 84,
                align: 'right',
                render: (g: number | null, i: ItemView) => <GapText gap={i.withdrawnAt ? null : g} />,
              },
            ] satisfies TableColumnsType<ItemView>)
          : []),
        ...(actions
          ? [
              {
                title: '操作',
                key: 'actions',
                width: editable ? 156 : 80,
                fixed: 'right' as const,
                render: (_: unknown, i: ItemView) => {
                  if (i.can.edit || i.can.remove)
                    return (
                      <Space size={0}>
                        {i.can.edit && (
                          <Button
                            type="link"
                            size="small"
                            icon={<EditOutlined />}
                            onClick={() => props.onEdit(i)}
                            data-testid="edit-item"
                          >
                            修改
                          </Button>
                        )}
                        {i.can.remove && (
                          <Popconfirm
                            title="删除这个事项？"
                            okText="删除"
                            cancelText="取消"
                            okButtonProps={{ danger: true }}
                            onConfirm={() => props.onRemove(i)}
                          >
                            <Button
                              type="link"
                              size="small"
                              danger
                              icon={<DeleteOutlined />}
                              data-testid="delete-item"
                            >
                              删除
                            </Button>
                          </Popconfirm>
                        )}
                      </Space>
                    );
                  if (!i.can.report) return null;
                  const open = i.reportMonths.length > 0;
                  return (
                    <Tooltip
                      title={open ? undefined : '没有可填报的月份：截至本月均已填报，或所在考核期已关闭'}
                    >
                      <Button
                        size="small"
                        type="primary"
                        ghost
                        disabled={!open}
                        onClick={() => props.onReport(i)}
                        data-testid="report-button"
                      >
                        填报
                      </Button>
                    </Tooltip>
                  );
                },
              },
            ]
          : []),
      ]}
    />
  );
}

function GapText({ gap }: { gap: number | null }) {
  if (gap === null) return <Typography.Text type="secondary">—</Typography.Text>;
  const pct = Math.round(gap * 1000) / 10;
  if (pct <= 0)
    return (
      <Typography.Text style={{ color: '#389e0d' }}>
        {pct === 0 ? '0%' : `超前 ${Math.abs(pct)}%`}
      </Typography.Text>
    );
  return (
    <Typography.Text style={gap > GAP_ALERT ? { color: RED, fontWeight: 600 } : undefined} data-testid="gap">
      {pct}%
    </Typography.Text>
  );
}

/** Twelve small bars: the cumulative plan (grey) and the reported progress (blue, red when behind). */
function MonthStrip({ item }: { item: ItemView }) {
  const total = targetTotal(item);
  const share = (v: number) => (total > 0 ? Math.max(0, Math.min(1, v / total)) : 0);
  return (
    <div style={{ display: 'flex', gap: 3, alignItems: 'flex-end' }} data-testid="month-strip">
      {MONTH_NAMES.map((name, m) => {
        const plan = item.monthlyPlan[m] ?? 0;
        const r = item.reports[m];
        const behind = !!r && total > 0 && (plan - r.progress) / total > GAP_ALERT;
        return (
          <Tooltip
            key={name}
            title={`${name}：计划 ${fmtNum(plan)}，${r ? `填报 ${fmtNum(r.progress)}${r.late ? '（逾期）' : ''}` : '未填报'}`}
          >
            <div
              style={{
                position: 'relative',
                width: 11,
                height: 28,
                background: '#f5f5f5',
                borderRadius: 2,
                overflow: 'visible',
              }}
            >
              <div
                style={{
                  position: 'absolute',
                  bottom: 0,
                  left: 0,
                  right: 0,
                  height: `${share(plan) * 100}%`,
                  background: '#d9d9d9',
                  borderRadius: 2,
                }}
              />
              {r && (
                <div
                  style={{
                    position: 'absolute',
                    bottom: 0,
                    left: 2,
                    right: 2,
                    height: `${Math.max(share(r.progress) * 100, 4)}%`,
                    background: behind ? RED : BLUE,
                    borderRadius: 1,
                  }}
                />
              )}
              {r?.late && (
                <div
                  style={{
                    position: 'absolute',
                    top: -5,
                    left: 3,
                    width: 5,
                    height: 5,
                    borderRadius: '50%',
                    background: ORANGE,
                  }}
                />
              )}
            </div>
          </Tooltip>
        );
      })}
    </div>
  );
}

/** One item opened: its plan against what was reported, the milestones and every report. */
function ItemDetail({ item }: { item: ItemView }) {
  const unit = item.targetKind === 'milestones' ? '个节点' : (item.measureUnit ?? '');
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 56, right: 44, top: 36, bottom: 28 },
      legend: { top: 0, data: ['累计计划', '填报进度'] },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: MONTH_NAMES, boundaryGap: false },
      yAxis: {
        type: 'value',
        name: unit,
        min: 0,
        max: item.targetKind === 'milestones' ? targetTotal(item) : undefined,
        minInterval: item.targetKind === 'milestones' ? 1 : undefined,
      },
      series: [
        {
          name: '累计计划',
          type: 'line',
          data: item.monthlyPlan,
          lineStyle: { type: 'dashed', color: '#8c8c8c' },
          itemStyle: { color: '#8c8c8c' },
          symbolSize: 4,
        },
        {
          name: '填报进度',
          type: 'line',
          data: item.reports.map((r) => (r ? r.progress : null)),
          connectNulls: true,
          itemStyle: { color: BLUE },
          lineStyle: { width: 2.5 },
          symbolSize: 7,
          markLine:
            item.targetKind === 'value' && (item.targetValue ?? 0) > 0
              ? {
                  silent: true,
                  symbol: 'none',
                  lineStyle: { color: '#52c41a' },
                  label: { formatter: '目标' },
                  data: [{ yAxis: item.targetValue }],
                }
              : undefined,
        },
      ],
    }),
    [item, unit],
  );
  const reports = item.reports.filter((r) => r !== null);
  return (
    <Row gutter={24} style={{ padding: '4px 8px' }}>
      <Col xs={24} xl={11}>
        <EChart option={option} height={240} testId="item-chart" />
        {item.targetKind === 'milestones' && (
          <Space size={[4, 4]} wrap style={{ marginTop: 8 }}>
            <Typography.Text type="secondary">节点：</Typography.Text>
            {(item.milestones ?? []).map((m) => (
              <Tag key={`${m.month}-${m.name}`}>
                {m.month} 月 · {m.name}
              </Tag>
            ))}
          </Space>
        )}
      </Col>
      <Col xs={24} xl={13}>
        <Table
          size="small"
          rowKey="month"
          pagination={false}
          dataSource={reports}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚未填报" /> }}
          columns={[
            { title: '月份', dataIndex: 'month', width: 60, render: (m: number) => `${m} 月` },
            {
              title: '计划',
              key: 'plan',
              width: 70,
              render: (_: unknown, r) => fmtNum(item.monthlyPlan[r.month - 1]),
            },
            {
              title: '累计进度',
              dataIndex: 'progress',
              width: 90,
              render: (p: number, r) => (
                <Space size={4}>
                  {fmtNum(p)}
                  {r.late && (
                    <Tag color="orange" style={{ marginInlineEnd: 0 }}>
                      逾期
                    </Tag>
                  )}
                </Space>
              ),
            },
            {
              title: '情况说明',
              dataIndex: 'account',
              render: (a: string | null) =>
                a ? (
                  <Typography.Paragraph ellipsis={{ rows: 2, expandable: true }} style={{ marginBottom: 0 }}>
                    {a}
                  </Typography.Paragraph>
                ) : (
                  '—'
                ),
            },
            {
              title: '填报时间',
              dataIndex: 'submittedAt',
              width: 150,
              render: (t: string) => fmtTime(t),
            },
          ]}
        />
      </Col>
    </Row>
  );
}
