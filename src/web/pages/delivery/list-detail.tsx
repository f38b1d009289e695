import {
  CheckOutlined,
  DeleteOutlined,
  DownloadOutlined,
  EditOutlined,
  FormOutlined,
  InboxOutlined,
  MinusCircleOutlined,
  PaperClipOutlined,
  PlusOutlined,
  RollbackOutlined,
  SendOutlined,
} from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Drawer,
  Empty,
  Form,
  type FormInstance,
  Input,
  InputNumber,
  List,
  Modal,
  Popconfirm,
  Radio,
  Result,
  Row,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
  Upload,
} from 'antd';
import dayjs from 'dayjs';
import * as echarts from 'echarts';
import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { CadreView } from '../../../common/contracts/org.ts';
import { ApiError, api } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { errorText, useErrorMessage } from '../../components/errors.ts';
import { fmtTime } from '../../components/format.ts';
import { downloadFile } from '../../components/import-modal.tsx';
import {
  BackLink,
  Forbidden,
  Page,
  RecordLoading,
  refusedRecord,
  retryUnlessRefused,
} from '../../components/page.tsx';
import { useDict } from '../org/org-options.ts';
import {
  type AmendmentView,
  fmtNum,
  ITEM_KIND_COLORS,
  ITEM_KIND_OPTIONS,
  type ItemKind,
  type ItemView,
  itemKindLabel,
  LIST_STATUS_TAGS,
  type ListDetailView,
  type ListView,
  targetText,
  targetTotal,
  yearOptions,
} from './delivery-options.ts';

const ORANGE = '#fa8c16';
const RED = '#ff4d4f';
const BLUE = '#1677ff';
const MONTH_NAMES = Array.from({ length: 12 }, (_, m) => `${m + 1}月`);
/** A gap above this share of the target shows in red. */
const GAP_ALERT = 0.1;

export default function ListDetailPage() {
  const { cadreId = '', year: yearParam = '' } = useParams();
  const year = Number(yearParam);
  const validYear = Number.isInteger(year) && year >= 2000 && year <= 2100;
  const { me, can } = useSession();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message, modal } = App.useApp();
  const showError = useErrorMessage();
  const domains = useDict('domain');
  const domainName = useMemo(() => new Map(domains.map((d) => [d.value, d.label])), [domains]);
  const closedMonths = useClosedMonths(year);

  const q = useQuery({
    queryKey: ['delivery', 'list', cadreId, year],
    enabled: validYear && can('delivery.read'),
    queryFn: () => api.get<ListDetailView>(`/api/delivery/lists/${cadreId}/${year}`),
    retry: retryUnlessRefused,
  });
  // The unit's name (the list gives its id only).
  const cadreInfo = useQuery({
    queryKey: ['delivery', 'cadre', cadreId],
    enabled: !!q.data && can('org.read'),
    queryFn: () => api.get<CadreView>(`/api/org/cadres/${cadreId}`),
    retry: false,
    staleTime: 60_000,
  });

  const [editing, setEditing] = useState<null | { item?: ItemView }>(null);
  const [returning, setReturning] = useState(false);
  const [amending, setAmending] = useState(false);
  const [reporting, setReporting] = useState<ItemView | null>(null);
  /** Each opening of the report dialog starts afresh, even while the last one is still closing. */
  const [reportRound, setReportRound] = useState(0);
  const [busy, setBusy] = useState<null | 'submit' | 'confirm' | 'export'>(null);

  const refresh = () => qc.invalidateQueries({ queryKey: ['delivery'] });

  if (!can('delivery.read')) return <Forbidden />;
  const refused = refusedRecord(
    q.error,
    {
      title: '清单不存在',
      text: '该干部不存在，或链接有误。',
      back: '/delivery/lists',
      backLabel: '返回年度干事清单',
    },
    !validYear,
  );
  if (refused) return refused;

  const d = q.data;
  const grants = me?.roles ?? [];
  const cadreOnly = grants.length > 0 && grants.every((g) => g.role === 'cadre');
  const orgDept = grants.some((g) => g.role === 'org_leader' || g.role === 'assessment_officer');
  const actFor =
    !!d &&
    (orgDept ||
      grants.some(
        (g) =>
          (g.role === 'cadre' && g.cadreId === d.cadre.id) ||
          (g.role === 'unit_admin' && !!d.cadre.unitId && g.unitId === d.cadre.unitId),
      ));
  const self = !!d && grants.some((g) => g.cadreId === d.cadre.id);
  const list = d?.list ?? null;
  const status = list?.status ?? 'none';
  const activeItems = (d?.items ?? []).filter((i) => !i.withdrawnAt);

  const canDraft = can('delivery.draft') && actFor && (status === 'none' || status === 'draft');
  const canConfirm = can('delivery.confirm') && status === 'submitted';
  const canAmend = can('delivery.amend') && status === 'confirmed';
  const canReport = can('delivery.report') && actFor && status === 'confirmed';
  /** Who did it: the names of other users are not in the answer; their role is known. */
  const who = (userId: string | null, role: string) =>
    userId && userId === me?.user.id ? me.user.displayName : role;

  const submit = async () => {
    setBusy('submit');
    try {
      await api.post(`/api/delivery/lists/${cadreId}/${year}/submit`);
      message.success('已提交，等待组织部领导确认');
      await refresh();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(null);
    }
  };
  const confirm = (l: ListView) =>
    modal.confirm({
      title: '确认这份干事清单？',
      content: '确认后清单锁定，此后只能由组织部门登记变更；干部按月填报进度。',
      okText: '确认',
      cancelText: '取消',
      onOk: async () => {
        setBusy('confirm');
        try {
          await api.post(`/api/delivery/lists/${l.id}/confirm`);
          message.success('清单已确认');
          await refresh();
        } catch (e) {
          showError(e);
        } finally {
          setBusy(null);
        }
      },
    });
  const exportXlsx = async () => {
    if (!d) return;
    setBusy('export');
    try {
      await downloadFile(
        `/api/delivery/lists/${cadreId}/${year}/export`,
        `干事清单-${d.cadre.name}-${year}.xlsx`,
      );
    } catch (e) {
      showError(e);
    } finally {
      setBusy(null);
    }
  };
  const removeItem = async (i: ItemView) => {
    try {
      await api.del(`/api/delivery/items/${i.id}`);
      message.success('已删除');
      await refresh();
    } catch (e) {
      showError(e);
    }
  };

  const addButton = canDraft && (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})} data-testid="add-item">
      新增事项
    </Button>
  );

  return (
    <Page
      title="年度干事清单"
      subtitle={
        cadreOnly ? (
          '本人年度干事清单、月度填报与完成情况'
        ) : (
          <BackLink to={`/delivery/lists?year=${year}`}>返回清单一览</BackLink>
        )
      }
      permission="delivery.read"
      extra={
        d && (
          <Space wrap>
            <Select
              style={{ width: 120 }}
              value={year}
              options={yearOptions(year)}
              onChange={(y) => navigate(`/delivery/lists/${cadreId}/${y}`)}
              data-testid="detail-year"
            />
            {list && (
              <Button
                icon={<DownloadOutlined />}
                loading={busy === 'export'}
                onClick={exportXlsx}
                data-testid="export-list"
              >
                导出 Excel
              </Button>
            )}
            {list && activeItems.length > 0 && addButton}
            {canDraft && status === 'draft' && activeItems.length > 0 && (
              <Button
                icon={<SendOutlined />}
                loading={busy === 'submit'}
                onClick={submit}
                data-testid="submit-list"
              >
                提交确认
              </Button>
            )}
            {canConfirm && list && !self && (
              <>
                <Button
                  type="primary"
                  icon={<CheckOutlined />}
                  loading={busy === 'confirm'}
                  onClick={() => confirm(list)}
                  data-testid="confirm-list"
                >
                  确认
                </Button>
                <Button
                  danger
                  icon={<RollbackOutlined />}
                  onClick={() => setReturning(true)}
                  data-testid="return-list"
                >
                  退回
                </Button>
              </>
            )}
            {canAmend && (
              <Button icon={<FormOutlined />} onClick={() => setAmending(true)} data-testid="amend-list">
                登记变更
              </Button>
            )}
          </Space>
        )
      }
    >
      {!d ? (
        <RecordLoading error={q.error} />
      ) : (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Card>
            <Space align="center" wrap style={{ marginBottom: 12 }}>
              <Typography.Title level={3} style={{ margin: 0 }} data-testid="list-cadre">
                {can('org.read') ? (
                  <Link to={`/org/cadres/${d.cadre.id}`}>{d.cadre.name}</Link>
                ) : (
                  d.cadre.name
                )}
              </Typography.Title>
              <Typography.Text style={{ fontSize: 18 }}>{year} 年度干事清单</Typography.Text>
              <Tag color={LIST_STATUS_TAGS[status].color} data-testid="list-status">
                {LIST_STATUS_TAGS[status].label}
              </Tag>
            </Space>
            <Descriptions
              size="small"
              column={{ xs: 1, sm: 2, lg: 3 }}
              items={[
                { key: 'unit', label: '单位', children: cadreInfo.data?.unitName ?? '—' },
                { key: 'post', label: '职务', children: d.cadre.post ?? '—' },
                {
                  key: 'items',
                  label: '事项',
                  children: list ? `${activeItems.length} 项` : '—',
                },
                ...(list?.submittedAt
                  ? [{ key: 'submitted', label: '提交时间', children: fmtTime(list.submittedAt) }]
                  : []),
                ...(list?.status === 'confirmed'
                  ? [
                      {
                        key: 'confirmed',
                        label: '确认',
                        children: (
                          <span data-testid="list-confirmed">
                            {who(list.confirmedBy, '组织部领导')}，{fmtTime(list.confirmedAt)}
                          </span>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
            <StateNotes
              status={status}
              self={self}
              canConfirm={can('delivery.confirm')}
              actFor={actFor && can('delivery.draft')}
              outOfScope={activeItems.filter((i) => !i.inScope).length}
              returned={
                status === 'draft' && d.amendments[0] && !d.amendments[0].before && !d.amendments[0].after
                  ? d.amendments[0]
                  : null
              }
            />
          </Card>
          {!list || d.items.length === 0 ? (
            <Card>
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={`尚未制定 ${year} 年度干事清单`}
                data-testid="list-empty"
              >
                {addButton}
              </Empty>
            </Card>
          ) : (
            <>
              <Card title="加权完成度" size="small">
                <CompletionChart items={activeItems} year={year} />
              </Card>
              <Card title="清单事项" size="small">
                <ItemsTable
                  items={d.items}
                  year={year}
                  domainName={domainName}
                  editable={canDraft}
                  reportable={canReport}
                  progress={status === 'confirmed'}
                  closed={closedMonths}
                  onEdit={(item) => setEditing({ item })}
                  onRemove={removeItem}
                  onReport={(i) => {
                    setReportRound((n) => n + 1);
                    setReporting(i);
                  }}
                />
              </Card>
              {d.amendments.length > 0 && (
                <Card title="变更记录" size="small">
                  <AmendmentsTable amendments={d.amendments} who={who} domainName={domainName} />
                </Card>
              )}
            </>
          )}
        </Space>
      )}
      {d && (
        <ItemDrawer
          open={!!editing}
          item={editing?.item}
          cadreId={cadreId}
          year={year}
          onClose={() => setEditing(null)}
          onSaved={async (created) => {
            setEditing(null);
            message.success(created ? '已新增事项' : '已保存');
            await refresh();
          }}
        />
      )}
      {list && (
        <>
          <ReturnModal
            open={returning}
            listId={list.id}
            onClose={() => setReturning(false)}
            onDone={async () => {
              setReturning(false);
              message.success('已退回修改');
              await refresh();
            }}
          />
          <AmendModal
            open={amending}
            listId={list.id}
            items={activeItems}
            onClose={() => setAmending(false)}
            onDone={async () => {
              setAmending(false);
              message.success('已登记变更');
              await refresh();
            }}
          />
        </>
      )}
      <ReportModal
        item={reporting}
        round={reportRound}
        year={year}
        closed={closedMonths}
        onClose={() => setReporting(null)}
        onReported={refresh}
      />
    </Page>
  );
}

function StateNotes(props: {
  status: ListView['status'] | 'none';
  self: boolean;
  canConfirm: boolean;
  actFor: boolean;
  outOfScope: number;
  /** The return that sent the list back to draft, if it was the last thing to happen. */
  returned: AmendmentView | null;
}) {
  const notes: ReactNode[] = [];
  if (props.returned)
    notes.push(
      <Alert
        key="returned"
        type="warning"
        showIcon
        title={`组织部领导于 ${fmtTime(props.returned.createdAt)} 退回修改`}
        description={props.returned.reason.replace(/^退回修改：/, '')}
        data-testid="returned-note"
      />,
    );
  if (props.status === 'submitted' && props.canConfirm && props.self)
    notes.push(
      <Alert
        key="self"
        type="info"
        showIcon
        title="这是您本人的干事清单，不能由本人确认，须由其他组织部领导确认。"
        data-testid="self-confirm-note"
      />,
    );
  else if (props.status === 'submitted' && props.actFor && !props.canConfirm)
    notes.push(<Alert key="wait" type="info" showIcon title="清单已提交，等待组织部领导确认。" />);
  if (props.status === 'draft' && props.actFor)
    notes.push(
      <Alert
        key="draft"
        type="info"
        showIcon
        title="清单为草稿：事项可以修改、删除；填写完毕后点击「提交确认」，由组织部领导确认后锁定。"
      />,
    );
  if (props.outOfScope > 0)
    notes.push(
      <Alert
        key="scope"
        type="warning"
        showIcon
        title={`有 ${props.outOfScope} 项不在本人班子分工的分管领域内，请核实事项的领域或分工。`}
      />,
    );
  if (!notes.length) return null;
  return (
    <Space orientation="vertical" style={{ width: '100%', marginTop: 12 }}>
      {notes}
    </Space>
  );
}

// ——— the items table ———

function latestReport(i: ItemView) {
  return [...i.reports].reverse().find((r) => r !== null) ?? null;
}

/**
 * Months a report may be given for: up to the current month of the year, without a report yet,
 * outside closed assessment periods.
 */
function openMonths(i: ItemView, year: number, closed: ReadonlySet<number>): number[] {
  const now = dayjs();
  const last = year < now.year() ? 12 : year === now.year() ? now.month() + 1 : 0;
  const out: number[] = [];
  for (let m = 1; m <= last; m++) if (!i.reports[m - 1] && !closed.has(m)) out.push(m);
  return out;
}

interface PeriodItem {
  kind: 'year' | 'quarter';
  startsOn: string;
  endsOn: string;
  status: 'open' | 'closed';
}

/** The months of a year whose month end lies in a closed assessment period (no reports then). */
function useClosedMonths(year: number): ReadonlySet<number> {
  const q = useQuery({
    queryKey: ['delivery', 'periods'],
    queryFn: () => api.get<{ items: PeriodItem[] }>('/api/org/periods'),
    staleTime: 60_000,
  });
  return useMemo(() => {
    const closed = new Set<number>();
    const periods = (q.data?.items ?? []).filter((p) => p.status === 'closed');
    for (let m = 1; m <= 12; m++) {
      const end = dayjs(`${year}-${String(m).padStart(2, '0')}-01`)
        .endOf('month')
        .format('YYYY-MM-DD');
      if (periods.some((p) => p.startsOn <= end && end <= p.endsOn)) closed.add(m);
    }
    return closed;
  }, [q.data, year]);
}

function ItemsTable(props: {
  items: ItemView[];
  year: number;
  domainName: Map<string, string>;
  editable: boolean;
  reportable: boolean;
  /** Reported progress and the gap: only a confirmed list has reports. */
  progress: boolean;
  closed: ReadonlySet<number>;
  onEdit(i: ItemView): void;
  onRemove(i: ItemView): void;
  onReport(i: ItemView): void;
}) {
  const actions = props.editable || props.reportable;
  return (
    <Table<ItemView>
      rowKey="id"
      size="middle"
      pagination={false}
      scroll={{ x: 830 + (props.progress ? 210 : 0) + (props.editable ? 156 : props.reportable ? 80 : 0) }}
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
          render: (k: ItemKind) => <Tag color={ITEM_KIND_COLORS[k]}>{itemKindLabel(k)}</Tag>,
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
                  const r = latestReport(i);
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
                width: props.editable ? 156 : 80,
                fixed: 'right' as const,
                render: (_: unknown, i: ItemView) => {
                  if (i.withdrawnAt) return null;
                  if (props.editable)
                    return (
                      <Space size={0}>
                        <Button
                          type="link"
                          size="small"
                          icon={<EditOutlined />}
                          onClick={() => props.onEdit(i)}
                          data-testid="edit-item"
                        >
                          修改
                        </Button>
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
                      </Space>
                    );
                  const open = openMonths(i, props.year, props.closed);
                  return (
                    <Tooltip
                      title={
                        open.length ? undefined : '没有可填报的月份：截至本月均已填报，或所在考核期已关闭'
                      }
                    >
                      <Button
                        size="small"
                        type="primary"
                        ghost
                        disabled={!open.length}
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
  const option = useMemo<echarts.EChartsCoreOption>(
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
            item.targetKind === 'value' && Number(item.targetValue) > 0
              ? {
                  silent: true,
                  symbol: 'none',
                  lineStyle: { color: '#52c41a' },
                  label: { formatter: '目标' },
                  data: [{ yAxis: Number(item.targetValue) }],
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

// ——— the chart ———

/** An ECharts chart that follows its container's width. */
function EChart(props: { option: echarts.EChartsCoreOption; height: number; testId?: string }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current);
    chart.current = c;
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(props.option, true);
  }, [props.option]);
  return <div ref={el} style={{ width: '100%', height: props.height }} data-testid={props.testId} />;
}

/**
 * Weighted completion by month: Σ weight·progress/target over Σ weight, planned and reported.
 * A month without a report counts the item's latest earlier report (progress is cumulative).
 */
function completionSeries(items: ItemView[]) {
  const counted = items.filter((i) => !i.withdrawnAt && targetTotal(i) > 0);
  const weights = counted.reduce((s, i) => s + Number(i.weight), 0);
  const months = counted.flatMap((i) => i.reports.filter((r) => r !== null).map((r) => r.month));
  // The reported line runs from the first reported month to the last one.
  const firstReported = months.length ? Math.min(...months) : 13;
  const lastReported = months.length ? Math.max(...months) : 0;
  const pct = (v: number) => Math.round(v * 1000) / 10;
  const planned = MONTH_NAMES.map((_, m) =>
    weights
      ? pct(
          counted.reduce((s, i) => s + (Number(i.weight) * (i.monthlyPlan[m] ?? 0)) / targetTotal(i), 0) /
            weights,
        )
      : 0,
  );
  const reported = MONTH_NAMES.map((_, m) => {
    if (!weights || m + 1 < firstReported || m + 1 > lastReported) return null;
    const sum = counted.reduce((s, i) => {
      const r = i.reports
        .slice(0, m + 1)
        .reverse()
        .find((x) => x !== null);
      return s + (Number(i.weight) * (r?.progress ?? 0)) / targetTotal(i);
    }, 0);
    return pct(sum / weights);
  });
  return { planned, reported };
}

function CompletionChart({ items, year }: { items: ItemView[]; year: number }) {
  const option = useMemo<echarts.EChartsCoreOption>(() => {
    const { planned, reported } = completionSeries(items);
    const now = dayjs();
    const current = year === now.year() ? MONTH_NAMES[now.month()] : null;
    return {
      grid: { left: 48, right: 24, top: 36, bottom: 28 },
      legend: { top: 0, data: ['计划完成度', '填报完成度'] },
      tooltip: {
        trigger: 'axis',
        valueFormatter: (v: unknown) => (v === null || v === undefined || v === '-' ? '未填报' : `${v}%`),
      },
      xAxis: { type: 'category', data: MONTH_NAMES, boundaryGap: false },
      yAxis: { type: 'value', min: 0, axisLabel: { formatter: '{value}%' } },
      series: [
        {
          name: '计划完成度',
          type: 'line',
          data: planned,
          lineStyle: { type: 'dashed', color: '#8c8c8c' },
          itemStyle: { color: '#8c8c8c' },
          symbolSize: 4,
          markLine: current
            ? {
                silent: true,
                symbol: 'none',
                lineStyle: { color: '#d9d9d9' },
                label: { formatter: '本月' },
                data: [{ xAxis: current }],
              }
            : undefined,
        },
        {
          name: '填报完成度',
          type: 'line',
          data: reported,
          itemStyle: { color: BLUE },
          lineStyle: { width: 2.5 },
          areaStyle: { opacity: 0.08 },
          symbolSize: 7,
        },
      ],
    };
  }, [items, year]);
  return (
    <div>
      <EChart option={option} height={260} testId="completion-chart" />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        完成度 = Σ（权重 × 累计进度 ÷ 目标）÷ Σ
        权重；节点型事项以已完成节点数计。某月未填报的事项按此前最近一次填报计。
      </Typography.Text>
    </div>
  );
}

// ——— the item form (add, edit, amend) ———

interface ItemFormValues {
  kind: ItemKind;
  title: string;
  domainCode?: string | null;
  targetKind: 'value' | 'milestones';
  targetValue?: number | null;
  measureUnit?: string | null;
  milestones?: { name?: string; month?: number }[];
  weight: number;
  monthlyPlan: (number | null)[];
}

const EMPTY_ITEM: Partial<ItemFormValues> = {
  kind: 'indicator',
  targetKind: 'value',
  weight: 1,
  milestones: [{}],
  monthlyPlan: Array.from({ length: 12 }, () => null),
};

function fromItem(i: ItemView): ItemFormValues {
  return {
    kind: i.kind,
    title: i.title,
    domainCode: i.domainCode,
    targetKind: i.targetKind,
    targetValue: i.targetValue === null ? null : Number(i.targetValue),
    measureUnit: i.measureUnit,
    milestones: i.milestones?.length ? i.milestones : [{}],
    weight: Number(i.weight),
    monthlyPlan: i.monthlyPlan.slice(0, 12),
  };
}

function toBody(v: ItemFormValues) {
  const value = v.targetKind === 'value';
  return {
    kind: v.kind,
    title: v.title.trim(),
    domainCode: v.domainCode || null,
    targetKind: v.targetKind,
    targetValue: value ? (v.targetValue ?? null) : null,
    measureUnit: value ? v.measureUnit?.trim() || null : null,
    milestones: value
      ? null
      : (v.milestones ?? []).map((m) => ({ name: (m.name ?? '').trim(), month: m.month ?? 1 })),
    weight: v.weight,
    monthlyPlan: v.monthlyPlan.map((n) => n ?? 0),
  };
}

/** Puts the server's field messages (path `body.monthlyPlan.3`) next to the fields. */
function showFieldErrors(form: FormInstance, e: unknown, prefix = 'body.') {
  if (!(e instanceof ApiError) || !e.details?.length) return;
  const fields = e.details
    .filter((d) => d.path?.startsWith(prefix))
    .map((d) => ({
      name: (d.path ?? '')
        .slice(prefix.length)
        .split('.')
        .map((p) => (/^\d+$/.test(p) ? Number(p) : p)),
      errors: [d.message],
    }))
    .filter((f) => f.name.length && f.name[0] !== '');
  if (fields.length) form.setFields(fields as never);
}

const round2 = (n: number) => Math.round(n * 100) / 100;

function ItemForm(props: { form: FormInstance<ItemFormValues>; initial: Partial<ItemFormValues> }) {
  const { message } = App.useApp();
  const { form } = props;
  const domains = useDict('domain');
  const targetKind = Form.useWatch('targetKind', form) ?? props.initial.targetKind ?? 'value';
  const measureUnit = Form.useWatch('measureUnit', form);
  const milestoneCount = (Form.useWatch('milestones', form) ?? []).length;

  const fill = () => {
    let plan: number[];
    if (targetKind === 'value') {
      const target = form.getFieldValue('targetValue') as number | null;
      if (!target) {
        message.warning('请先填写目标值');
        return;
      }
      plan = MONTH_NAMES.map((_, m) => round2((target * (m + 1)) / 12));
    } else {
      const ms = ((form.getFieldValue('milestones') ?? []) as { month?: number }[]).filter((x) => x?.month);
      if (!ms.length) {
        message.warning('请先填写节点及其计划月份');
        return;
      }
      plan = MONTH_NAMES.map((_, m) => ms.filter((x) => (x.month ?? 13) <= m + 1).length);
    }
    form.setFieldsValue({ monthlyPlan: plan });
    form.validateFields(MONTH_NAMES.map((_, m) => ['monthlyPlan', m]));
  };

  return (
    <Form<ItemFormValues> form={form} layout="vertical" initialValues={props.initial} preserve={false}>
      <Row gutter={16}>
        <Col span={8}>
          <Form.Item name="kind" label="类型" rules={[{ required: true, message: '请选择类型' }]}>
            <Select options={ITEM_KIND_OPTIONS} data-testid="item-kind" />
          </Form.Item>
        </Col>
        <Col span={16}>
          <Form.Item
            name="domainCode"
            label="领域"
            tooltip="与本人班子分工的分管领域比对；不在分工范围的事项会被标出"
          >
            <Select allowClear options={domains} placeholder="选择领域" data-testid="item-domain" />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item
            name="title"
            label="事项"
            rules={[
              { required: true, whitespace: true, message: '请填写事项名称' },
              { min: 2, message: '请填写事项名称' },
              { max: 200 },
            ]}
          >
            <Input.TextArea autoSize={{ minRows: 1, maxRows: 3 }} placeholder="如 完成某产业园一期主体工程" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="targetKind" label="目标类型">
            <Radio.Group
              optionType="button"
              options={[
                { value: 'value', label: '数值' },
                { value: 'milestones', label: '节点' },
              ]}
            />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item
            name="weight"
            label="权重"
            rules={[{ required: true, message: '请填写权重' }]}
            tooltip="计算加权完成度时的权重，0.1–100"
          >
            <InputNumber min={0.1} max={100} step={1} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      {targetKind === 'value' ? (
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item
              name="targetValue"
              label="目标值"
              rules={[{ required: true, message: '数值型目标须填写目标值' }]}
            >
              <InputNumber min={0.0001} max={1e12} style={{ width: '100%' }} data-testid="item-target" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="measureUnit" label="计量单位" rules={[{ max: 20 }]}>
              <Input placeholder="如 亿元、个、%" />
            </Form.Item>
          </Col>
        </Row>
      ) : (
        <Form.Item label="节点" required>
          <Form.List
            name="milestones"
            rules={[
              {
                validator: async (_, v: unknown[]) => {
                  if (!v?.length) throw new Error('节点型目标须至少有一个节点');
                },
              },
            ]}
          >
            {(fields, { add, remove }, { errors }) => (
              <>
                {fields.map((f, n) => (
                  <Space key={f.key} align="baseline" style={{ display: 'flex' }}>
                    <Typography.Text type="secondary" style={{ width: 20 }}>
                      {n + 1}.
                    </Typography.Text>
                    <Form.Item
                      name={[f.name, 'name']}
                      rules={[{ required: true, whitespace: true, message: '请填写节点名称' }, { max: 100 }]}
                      style={{ marginBottom: 8 }}
                    >
                      <Input placeholder="节点名称，如 开工" style={{ width: 300 }} />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'month']}
                      rules={[{ required: true, message: '请选择月份' }]}
                      style={{ marginBottom: 8 }}
                    >
                      <Select
                        placeholder="计划月份"
                        style={{ width: 120 }}
                        options={MONTH_NAMES.map((label, m) => ({ value: m + 1, label }))}
                      />
                    </Form.Item>
                    {fields.length > 1 && (
                      <MinusCircleOutlined onClick={() => remove(f.name)} aria-label="删除节点" />
                    )}
                  </Space>
                ))}
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  onClick={() => add({})}
                  disabled={fields.length >= 24}
                >
                  添加节点
                </Button>
                <Form.ErrorList errors={errors} />
              </>
            )}
          </Form.List>
        </Form.Item>
      )}
      <div
        style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 8 }}
      >
        <Typography.Text strong>
          月度累计计划
          <Typography.Text type="secondary" style={{ fontWeight: 'normal', marginLeft: 8 }}>
            {targetKind === 'value'
              ? `截至各月末的累计进度${measureUnit ? `（${measureUnit}）` : ''}`
              : `截至各月末累计完成的节点数（共 ${milestoneCount} 个）`}
          </Typography.Text>
        </Typography.Text>
        <Button size="small" onClick={fill} data-testid="fill-plan">
          按月平均填充
        </Button>
      </div>
      <Row gutter={[12, 0]}>
        {MONTH_NAMES.map((label, m) => (
          <Col span={4} key={label}>
            <Form.Item
              name={['monthlyPlan', m]}
              label={label}
              dependencies={m > 0 ? [['monthlyPlan', m - 1]] : []}
              rules={[
                { required: true, message: '必填' },
                ({ getFieldValue }) => ({
                  validator: async (_, v: number | null) => {
                    const prev = m > 0 ? (getFieldValue(['monthlyPlan', m - 1]) as number | null) : null;
                    if (v !== null && v !== undefined && prev !== null && prev !== undefined && v < prev)
                      throw new Error(`不能少于 ${m} 月`);
                  },
                }),
              ]}
              style={{ marginBottom: 12 }}
            >
              <InputNumber
                min={0}
                max={1e12}
                style={{ width: '100%' }}
                precision={targetKind === 'milestones' ? 0 : undefined}
                data-testid={`plan-${m + 1}`}
              />
            </Form.Item>
          </Col>
        ))}
      </Row>
    </Form>
  );
}

function ItemDrawer(props: {
  open: boolean;
  item?: ItemView;
  cadreId: string;
  year: number;
  onClose(): void;
  onSaved(created: boolean): void;
}) {
  const [form] = Form.useForm<ItemFormValues>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    let v: ItemFormValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      if (props.item) await api.put(`/api/delivery/items/${props.item.id}`, toBody(v));
      else await api.post(`/api/delivery/lists/${props.cadreId}/${props.year}/items`, toBody(v));
      props.onSaved(!props.item);
    } catch (e) {
      setError(errorText(e));
      showFieldErrors(form, e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Drawer
      title={props.item ? `修改事项 #${props.item.seq}` : `新增 ${props.year} 年度事项`}
      open={props.open}
      onClose={props.onClose}
      size={760}
      destroyOnHidden
      afterOpenChange={(open) => {
        if (!open) setError(null);
      }}
      footer={
        <div style={{ display: 'flex', justifyContent: 'flex-end', gap: 8 }}>
          <Button onClick={props.onClose}>取消</Button>
          <Button type="primary" loading={busy} onClick={save} data-testid="item-form-submit">
            保存
          </Button>
        </div>
      }
    >
      {error && (
        <Alert
          type="error"
          showIcon
          title={error}
          style={{ marginBottom: 12 }}
          data-testid="item-form-error"
        />
      )}
      <ItemForm form={form} initial={props.item ? fromItem(props.item) : EMPTY_ITEM} />
    </Drawer>
  );
}

// ——— return, amend ———

function ReturnModal(props: { open: boolean; listId: string; onClose(): void; onDone(): void }) {
  const [form] = Form.useForm<{ text: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async ({ text }: { text: string }) => {
    setBusy(true);
    try {
      await api.post(`/api/delivery/lists/${props.listId}/return`, { text: text.trim() });
      setError(null);
      props.onDone();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      title="退回修改"
      open={props.open}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText="退回"
      okButtonProps={{ danger: true, 'data-testid': 'return-submit' } as never}
      confirmLoading={busy}
      destroyOnHidden
      afterClose={() => setError(null)}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" preserve={false} onFinish={submit}>
        <Form.Item
          name="text"
          label="退回原因"
          rules={[
            { required: true, whitespace: true, message: '请填写退回原因' },
            { min: 2, message: '请填写退回原因' },
            { max: 4000 },
          ]}
        >
          <Input.TextArea rows={4} placeholder="请写明需要修改的内容，干部将看到这段说明" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

type AmendMode = 'change' | 'withdraw' | 'add';
interface AmendFormValues {
  reason: string;
  mode: AmendMode;
  itemId?: string;
}

function AmendModal(props: {
  open: boolean;
  listId: string;
  items: ItemView[];
  onClose(): void;
  onDone(): void;
}) {
  const [form] = Form.useForm<AmendFormValues>();
  const [itemForm] = Form.useForm<ItemFormValues>();
  const mode = Form.useWatch('mode', form) ?? 'change';
  const itemId = Form.useWatch('itemId', form);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const chosen = props.items.find((i) => i.id === itemId);

  const submit = async () => {
    let v: AmendFormValues;
    let item: ItemFormValues | undefined;
    try {
      v = await form.validateFields();
      if (v.mode !== 'withdraw') item = await itemForm.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.post(`/api/delivery/lists/${props.listId}/amend`, {
        reason: v.reason.trim(),
        ...(v.mode !== 'add' ? { itemId: v.itemId } : {}),
        ...(item ? { item: toBody(item) } : {}),
      });
      props.onDone();
    } catch (e) {
      setError(errorText(e));
      showFieldErrors(form, e);
      showFieldErrors(itemForm, e, 'body.item.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      title="登记变更"
      open={props.open}
      onCancel={props.onClose}
      onOk={submit}
      okText="登记变更"
      confirmLoading={busy}
      width={820}
      destroyOnHidden
      afterClose={() => setError(null)}
      okButtonProps={{ 'data-testid': 'amend-submit' } as never}
    >
      <Typography.Paragraph type="secondary">
        清单已确认锁定。变更将记录原因、登记人、时间以及事项变更前后的内容。
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form<AmendFormValues>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ mode: 'change' }}
      >
        <Form.Item
          name="reason"
          label="变更原因"
          rules={[
            { required: true, whitespace: true, message: '请写明变更原因（至少 4 个字）' },
            { min: 4, message: '请写明变更原因（至少 4 个字）' },
            { max: 500 },
          ]}
        >
          <Input.TextArea rows={2} placeholder="如 上级调整年度目标任务" data-testid="amend-reason" />
        </Form.Item>
        <Row gutter={16}>
          <Col span={10}>
            <Form.Item name="mode" label="变更方式">
              <Radio.Group
                optionType="button"
                options={[
                  { value: 'change', label: '修改事项' },
                  { value: 'withdraw', label: '撤回事项' },
                  { value: 'add', label: '新增事项' },
                ]}
              />
            </Form.Item>
          </Col>
          {mode !== 'add' && (
            <Col span={14}>
              <Form.Item name="itemId" label="事项" rules={[{ required: true, message: '请选择事项' }]}>
                <Select
                  placeholder="选择要变更的事项"
                  options={props.items.map((i) => ({ value: i.id, label: `${i.seq}. ${i.title}` }))}
                  data-testid="amend-item"
                />
              </Form.Item>
            </Col>
          )}
        </Row>
      </Form>
      {mode === 'withdraw' && chosen && (
        <Alert
          type="warning"
          showIcon
          title={`撤回后「${chosen.title}」不再计入清单和完成度，已填报的进度保留。`}
        />
      )}
      {(mode === 'add' || (mode === 'change' && chosen)) && (
        <Card size="small" title={mode === 'add' ? '新增的事项' : '变更后的事项'}>
          <ItemForm
            key={`${mode}:${chosen?.id ?? ''}`}
            form={itemForm}
            initial={mode === 'change' && chosen ? fromItem(chosen) : EMPTY_ITEM}
          />
        </Card>
      )}
    </Modal>
  );
}

function amendmentKind(a: AmendmentView): { label: string; color: string } {
  if (!a.before && !a.after) return { label: '退回', color: 'red' };
  if (!a.before) return { label: '新增', color: 'green' };
  if (a.after?.withdrawnAt) return { label: '撤回', color: 'default' };
  return { label: '修改', color: 'blue' };
}

function itemSummary(i: Partial<ItemView>, domainName: Map<string, string>): string {
  const parts = [
    `${i.seq ? `${i.seq}. ` : ''}${i.title ?? ''}`,
    i.kind ? itemKindLabel(i.kind) : null,
    i.domainCode ? (domainName.get(i.domainCode) ?? i.domainCode) : null,
    i.targetKind ? `目标 ${targetText(i as ItemView)}` : null,
    i.weight !== undefined ? `权重 ${fmtNum(i.weight)}` : null,
  ];
  return parts.filter(Boolean).join('｜');
}

/** What changed between two snapshots of an item, in words. */
function changedFields(a: Partial<ItemView>, b: Partial<ItemView>): string[] {
  const out: string[] = [];
  if (a.kind !== b.kind) out.push('类型');
  if (a.title !== b.title) out.push('事项');
  if ((a.domainCode ?? null) !== (b.domainCode ?? null)) out.push('领域');
  if (
    targetText(a as ItemView) !== targetText(b as ItemView) ||
    JSON.stringify(a.milestones) !== JSON.stringify(b.milestones)
  )
    out.push('目标');
  if (Number(a.weight) !== Number(b.weight)) out.push('权重');
  if (JSON.stringify(a.monthlyPlan) !== JSON.stringify(b.monthlyPlan)) out.push('月度计划');
  return out;
}

function AmendmentsTable(props: {
  amendments: AmendmentView[];
  who(userId: string | null, role: string): string;
  domainName: Map<string, string>;
}) {
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
          dataIndex: 'createdBy',
          width: 120,
          render: (u: string | null, a) => props.who(u, a.before || a.after ? '组织部门' : '组织部领导'),
        },
        {
          title: '类型',
          key: 'kind',
          width: 70,
          render: (_: unknown, a) => {
            const k = amendmentKind(a);
            return <Tag color={k.color}>{k.label}</Tag>;
          },
        },
        {
          title: '原因',
          dataIndex: 'reason',
          width: 220,
          render: (r: string) => r.replace(/^退回修改：/, ''),
        },
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
            if (a.after.withdrawnAt) return <Typography.Text type="secondary">已撤回</Typography.Text>;
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

// ——— monthly report and its evidence ———

interface ReportRow {
  id: string;
  month: number;
  progress: string;
  late: boolean;
  deadline: string;
}

interface EvidenceMeta {
  id: string;
  originalName: string;
  size: number;
  uploadedAt: string;
  location: { latitude: string; longitude: string; accuracyM: number | null } | null;
}

interface ReportFormValues {
  month: number;
  progress: number;
  account?: string;
}

function ReportModal(props: {
  item: ItemView | null;
  round: number;
  year: number;
  closed: ReadonlySet<number>;
  onClose(): void;
  onReported(): void;
}) {
  const i = props.item;
  return (
    <Modal
      title={i ? `填报月度进度：${i.title}` : ''}
      open={!!i}
      onCancel={props.onClose}
      footer={null}
      width={640}
      destroyOnHidden
      mask={{ closable: false }}
    >
      {i && (
        <ReportBody
          key={`${i.id}:${props.round}`}
          item={i}
          year={props.year}
          closed={props.closed}
          onClose={props.onClose}
          onReported={props.onReported}
        />
      )}
    </Modal>
  );
}

function ReportBody(props: {
  item: ItemView;
  year: number;
  closed: ReadonlySet<number>;
  onClose(): void;
  onReported(): void;
}) {
  const { item, year } = props;
  const [form] = Form.useForm<ReportFormValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [report, setReport] = useState<ReportRow | null>(null);
  const months = useMemo(() => openMonths(item, year, props.closed), [item, year, props.closed]);
  const missedClosed = [...props.closed].filter(
    (m) => !item.reports[m - 1] && openMonths(item, year, new Set()).includes(m),
  );
  const month = Form.useWatch('month', form);
  const milestones = item.targetKind === 'milestones';
  const total = targetTotal(item);
  const before = month
    ? item.reports
        .slice(0, month - 1)
        .reverse()
        .find((r) => r !== null)
    : null;
  const after = month ? item.reports.slice(month).find((r) => r !== null) : null;

  const thisMonth = year === dayjs().year() ? dayjs().month() + 1 : 12;
  const earlier = months.filter((m) => m < thisMonth);
  const initialMonth = earlier.length ? earlier[earlier.length - 1] : months[months.length - 1];

  const submit = async (v: ReportFormValues) => {
    setBusy(true);
    setError(null);
    try {
      const row = await api.post<ReportRow>(`/api/delivery/items/${item.id}/reports`, {
        month: v.month,
        progress: v.progress,
        account: v.account?.trim() || null,
      });
      setReport(row);
      props.onReported();
    } catch (e) {
      const text = errorText(e);
      setError(text);
      showFieldErrors(form, e);
      if (e instanceof ApiError) {
        if (e.code === 'ALREADY_EXISTS' || e.code === 'PERIOD_CLOSED' || /尚未开始/.test(text))
          form.setFields([{ name: 'month', errors: [text] }]);
        else if (/累计进度/.test(text)) form.setFields([{ name: 'progress', errors: [text] }]);
      }
    } finally {
      setBusy(false);
    }
  };

  if (report) return <ReportEvidence report={report} item={item} onClose={props.onClose} />;

  return (
    <Form<ReportFormValues>
      form={form}
      layout="vertical"
      initialValues={{ month: initialMonth }}
      onFinish={submit}
      onValuesChange={() => error && setError(null)}
    >
      {error && (
        <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="report-error" />
      )}
      <Descriptions
        size="small"
        column={2}
        style={{ marginBottom: 12 }}
        items={[
          { key: 'target', label: '年度目标', children: targetText(item) },
          {
            key: 'plan',
            label: month ? `${month} 月累计计划` : '累计计划',
            children: month ? fmtNum(item.monthlyPlan[month - 1]) : '—',
          },
          {
            key: 'before',
            label: '此前填报',
            children: before ? `${fmtNum(before.progress)}（${before.month} 月）` : '—',
          },
        ]}
      />
      <Row gutter={16}>
        <Col span={10}>
          <Form.Item
            name="month"
            label="月份"
            rules={[{ required: true, message: '请选择月份' }]}
            extra={
              missedClosed.length ? `${missedClosed.join('、')} 月所在考核期已关闭，不能补报` : undefined
            }
          >
            <Select
              options={months.map((m) => ({ value: m, label: `${year} 年 ${m} 月` }))}
              notFoundContent="没有可填报的月份"
              data-testid="report-month"
            />
          </Form.Item>
        </Col>
        <Col span={14}>
          <Form.Item
            name="progress"
            label={
              milestones
                ? `累计完成节点数（共 ${total} 个）`
                : `累计进度${item.measureUnit ? `（${item.measureUnit}）` : ''}`
            }
            rules={[
              { required: true, message: '请填写累计进度' },
              {
                validator: async (_, v: number | null) => {
                  if (v === null || v === undefined) return;
                  if (before && v < before.progress)
                    throw new Error(`累计进度不能少于 ${before.month} 月已填报的 ${fmtNum(before.progress)}`);
                  if (after && v > after.progress)
                    throw new Error(`累计进度不能多于 ${after.month} 月已填报的 ${fmtNum(after.progress)}`);
                },
              },
            ]}
            extra="填写截至该月末的累计数，而不是当月增量"
          >
            <InputNumber
              min={0}
              max={milestones ? total : 1e12}
              precision={milestones ? 0 : undefined}
              style={{ width: '100%' }}
              data-testid="report-progress"
            />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="account" label="情况说明" rules={[{ max: 2000 }]}>
        <Input.TextArea
          rows={4}
          showCount
          maxLength={2000}
          placeholder="本月推进情况、取得的实绩、存在的困难"
          data-testid="report-account"
        />
      </Form.Item>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        进度报送后不能修改；次月第 5 个工作日后报送的记为逾期。报送后可上传佐证材料。
      </Typography.Paragraph>
      <div style={{ display: 'flex', justifyContent: 'flex-end', gap: 8 }}>
        <Button onClick={props.onClose}>取消</Button>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="report-submit">
          报送
        </Button>
      </div>
    </Form>
  );
}

type Place = { latitude: number; longitude: number; accuracy: number } | 'pending' | 'none';

/** The browser's position, asked for once (null when refused or unavailable). */
function usePlace(): Place {
  const [place, setPlace] = useState<Place>('pending');
  useEffect(() => {
    if (!('geolocation' in navigator)) {
      setPlace('none');
      return;
    }
    let live = true;
    navigator.geolocation.getCurrentPosition(
      (p) =>
        live &&
        setPlace({ latitude: p.coords.latitude, longitude: p.coords.longitude, accuracy: p.coords.accuracy }),
      () => live && setPlace('none'),
      { enableHighAccuracy: true, timeout: 10_000, maximumAge: 60_000 },
    );
    return () => {
      live = false;
    };
  }, []);
  return place;
}

function ReportEvidence(props: { report: ReportRow; item: ItemView; onClose(): void }) {
  const { report } = props;
  const { message } = App.useApp();
  const qc = useQueryClient();
  const place = usePlace();
  const key = ['delivery', 'evidence', 'delivery_report', report.id];
  const files = useQuery({
    queryKey: key,
    queryFn: () =>
      api.get<{ items: EvidenceMeta[] }>(
        `/api/evidence/files?ownerType=delivery_report&ownerId=${encodeURIComponent(report.id)}`,
      ),
  });
  const [uploading, setUploading] = useState(0);
  const [uploadError, setUploadError] = useState<string | null>(null);

  const upload = async (file: File) => {
    const form = new FormData();
    form.append('ownerType', 'delivery_report');
    form.append('ownerId', report.id);
    if (typeof place === 'object') {
      form.append('latitude', place.latitude.toFixed(6));
      form.append('longitude', place.longitude.toFixed(6));
      form.append('accuracy', String(Math.min(100_000, Math.max(0, Math.round(place.accuracy)))));
    }
    form.append('file', file, file.name);
    setUploading((n) => n + 1);
    setUploadError(null);
    try {
      await api.upload<EvidenceMeta>('/api/evidence/files', form);
      message.success(`已上传 ${file.name}`);
      await qc.invalidateQueries({ queryKey: key });
    } catch (e) {
      setUploadError(`${file.name}：${errorText(e)}`);
    } finally {
      setUploading((n) => n - 1);
    }
  };

  return (
    <div data-testid="report-evidence">
      <Result
        status="success"
        title={`已报送 ${report.month} 月进度`}
        subTitle={
          <Space size={4}>
            累计 {fmtNum(report.progress)}
            {props.item.targetKind === 'milestones' ? ' 个节点' : (props.item.measureUnit ?? '')}
            {report.late && <Tag color="orange">逾期（截止 {report.deadline}）</Tag>}
          </Space>
        }
        style={{ padding: '8px 0 16px' }}
      />
      <Typography.Text strong>佐证材料</Typography.Text>
      <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
        {place === 'pending'
          ? '正在获取位置…'
          : place === 'none'
            ? '未获取到位置，材料将不带定位上传'
            : `将附带当前位置（精度约 ${Math.round(place.accuracy)} 米）`}
      </Typography.Text>
      <Upload.Dragger
        multiple
        showUploadList={false}
        accept=".jpg,.jpeg,.png,.heic,.pdf,.doc,.docx,.xls,.xlsx,.ofd"
        beforeUpload={(file) => {
          void upload(file);
          return false;
        }}
        disabled={place === 'pending'}
        style={{ marginTop: 8 }}
        data-testid="evidence-upload"
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">点击或将照片、文件拖到此处上传</p>
        <p className="ant-upload-hint">现场照片、会议纪要、批复文件等，单个文件不超过 20 MB</p>
      </Upload.Dragger>
      {uploadError && <Alert type="error" showIcon title={uploadError} style={{ marginTop: 12 }} />}
      <List
        size="small"
        style={{ marginTop: 12 }}
        loading={files.isLoading || uploading > 0}
        dataSource={files.data?.items ?? []}
        locale={{ emptyText: '尚未上传材料' }}
        data-testid="evidence-list"
        renderItem={(f) => (
          <List.Item
            actions={[
              <Button
                key="dl"
                type="link"
                size="small"
                icon={<DownloadOutlined />}
                onClick={() =>
                  downloadFile(`/api/evidence/files/${f.id}/content`, f.originalName).catch((e) =>
                    message.error(errorText(e)),
                  )
                }
              >
                下载
              </Button>,
            ]}
          >
            <Space size={6}>
              <PaperClipOutlined />
              {f.originalName}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {(f.size / 1024).toFixed(0)} KB{f.location ? ' · 含定位' : ''}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
      <div style={{ display: 'flex', justifyContent: 'flex-end', marginTop: 12 }}>
        <Button type="primary" onClick={props.onClose} data-testid="report-done">
          完成
        </Button>
      </div>
    </div>
  );
}
