import { EditOutlined, FileExcelOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Drawer,
  Empty,
  Input,
  Select,
  Space,
  Table,
  type TableColumnsType,
  type TablePaginationConfig,
  Tag,
  Typography,
} from 'antd';
import { BarChart, LineChart } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TooltipComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import {
  ALERT_STATUS_LABELS,
  type AlertStatus,
  economyApi,
  FEED_VIA_LABELS,
  INTERVIEW_STATUS_LABELS,
  type InterviewStatus,
  RULE_KIND_LABELS,
  type RuleKind,
} from '../../../common/contracts/economy.ts';
import type { Permission } from '../../../common/permissions.ts';
import { call } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { errorText } from '../../components/errors.ts';
import { fmtTime } from '../../components/format.ts';
import { downloadFile } from '../../components/import-modal.tsx';
import { Forbidden } from '../../components/page.tsx';
import {
  ALERT_STATUS_COLORS,
  fmtNum,
  INTERVIEW_STATUS_COLORS,
  PAGE_SIZE,
  type RevisionView,
  RULE_KIND_COLORS,
} from './economy-options.ts';

echarts.use([
  LineChart,
  BarChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  MarkLineComponent,
  MarkAreaComponent,
  CanvasRenderer,
]);

export type ChartOption = echarts.EChartsCoreOption;

/** A chart that follows its container's width; `onPoint` hears clicks on data points. */
export function EChart(props: {
  option: ChartOption;
  height?: number;
  testId?: string;
  onPoint?(p: { seriesIndex: number; dataIndex: number; data: unknown }): void;
}) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const onPoint = useRef(props.onPoint);
  onPoint.current = props.onPoint;
  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current);
    chart.current = c;
    c.on('click', (p) => onPoint.current?.(p as never));
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
  return <div ref={el} style={{ height: props.height ?? 260, width: '100%' }} data-testid={props.testId} />;
}

export function AlertStatusTag(props: { status: AlertStatus }) {
  return (
    <Tag color={ALERT_STATUS_COLORS[props.status]} style={{ marginInlineEnd: 0 }} data-testid="alert-status">
      {ALERT_STATUS_LABELS[props.status]}
    </Tag>
  );
}

export function InterviewStatusTag(props: { status: InterviewStatus }) {
  return (
    <Tag
      color={INTERVIEW_STATUS_COLORS[props.status]}
      style={{ marginInlineEnd: 0 }}
      data-testid="interview-status"
    >
      {INTERVIEW_STATUS_LABELS[props.status]}
    </Tag>
  );
}

export function RuleKindTag(props: { kind: RuleKind }) {
  return (
    <Tag color={RULE_KIND_COLORS[props.kind]} style={{ marginInlineEnd: 0 }}>
      {RULE_KIND_LABELS[props.kind]}
    </Tag>
  );
}

/** 导出 Excel: downloads `url` under the server's file name, or shows why it could not. */
export function ExportButton(props: { url: string; fallbackName: string; testId: string }) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      icon={<FileExcelOutlined />}
      loading={busy}
      data-testid={props.testId}
      onClick={async () => {
        setBusy(true);
        try {
          await downloadFile(props.url, props.fallbackName);
        } catch (e) {
          message.error(errorText(e));
        } finally {
          setBusy(false);
        }
      }}
    >
      导出 Excel
    </Button>
  );
}

/** A list's error, above its table. */
export function ListError(props: { error: unknown }) {
  if (!props.error) return null;
  return <Alert type="error" showIcon title={errorText(props.error)} style={{ marginBottom: 12 }} />;
}

/** An empty table's text: what the filters left out, or that there is nothing yet. */
export function emptyText(filtered: boolean, none: string, filteredText = '没有符合条件的记录') {
  return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={filtered ? filteredText : none} />;
}

/** The value whose revisions the drawer shows. */
export interface RevisionTarget {
  valueId: string;
  /** e.g. 规上工业增加值增速 · 玉环市 · 2026-03 */
  title: string;
  unit?: string;
}

/** The 修订 cell of a table of figures: opens the value's revision history (第 N 次 once revised). */
export function RevisionLink(props: {
  revision: number | null;
  target: RevisionTarget | null;
  onOpen(t: RevisionTarget): void;
  testId?: string;
}) {
  const t = props.target;
  if (!t) return <>—</>;
  return (
    <Button
      type="link"
      size="small"
      style={{ padding: 0 }}
      data-testid={props.testId}
      onClick={() => props.onOpen(t)}
    >
      {props.revision && props.revision > 1 ? `第 ${props.revision} 次` : '记录'}
    </Button>
  );
}

/** Every delivery of one value, newest first: revision, value, previous value, source, sender, time. */
export function RevisionDrawer(props: { target: RevisionTarget | null; onClose(): void }) {
  const t = props.target;
  const q = useQuery({
    queryKey: ['economy', 'revisions', t?.valueId],
    enabled: !!t,
    queryFn: () => call(economyApi.revisions, { params: { id: t?.valueId ?? '' } }),
  });
  const items = [...(q.data?.items ?? [])].sort((a, b) => b.revision - a.revision);
  return (
    <Drawer title="修订记录" open={!!t} onClose={props.onClose} size={720} destroyOnHidden>
      {t && (
        <Typography.Paragraph strong data-testid="revision-title">
          {t.title}
        </Typography.Paragraph>
      )}
      <Typography.Paragraph type="secondary">
        同一指标、区域和期别的数值每报送一次记一次修订，原值保留，可追溯到报送人和报送方式。
      </Typography.Paragraph>
      <ListError error={q.error} />
      <Table<RevisionView>
        rowKey="revision"
        size="small"
        loading={q.isLoading}
        dataSource={items}
        pagination={false}
        data-testid="revision-table"
        locale={{ emptyText: emptyText(false, '暂无修订记录') }}
        columns={[
          { title: '修订次数', dataIndex: 'revision', width: 80, render: (r: number) => `第 ${r} 次` },
          {
            title: '数值',
            dataIndex: 'value',
            align: 'right',
            render: (v: number) => (
              <b>
                {fmtNum(v, 4)}
                {t?.unit ? ` ${t.unit}` : ''}
              </b>
            ),
          },
          {
            title: '原值',
            dataIndex: 'previousValue',
            align: 'right',
            render: (v: number | null) => fmtNum(v, 4),
          },
          {
            title: '来源',
            dataIndex: 'via',
            width: 90,
            render: (v: RevisionView['via']) => <Tag>{FEED_VIA_LABELS[v] ?? v}</Tag>,
          },
          {
            title: '报送人',
            dataIndex: 'sentBy',
            render: (v: string, r) =>
              r.department && !v.includes(r.department) ? `${v}（${r.department}）` : v,
          },
          { title: '时间', dataIndex: 'sentAt', width: 160, render: (v: string) => fmtTime(v) },
        ]}
      />
    </Drawer>
  );
}

/** One row of a versioned definition list: the version in force, with the ones it replaced. */
export interface Versioned {
  id: string;
  key: string;
  version: number;
  supersededAt: string | null;
}

/** Groups a history list by key: the current version of each, with the older ones newest first. */
export function byKey<T extends Versioned>(items: T[]): (T & { older: T[] })[] {
  const groups = new Map<string, T[]>();
  for (const i of items) groups.set(i.key, [...(groups.get(i.key) ?? []), i]);
  return [...groups.values()].map((vs) => {
    const sorted = [...vs].sort((a, b) => b.version - a.version);
    const current = sorted.find((v) => !v.supersededAt) ?? sorted[0]!;
    return { ...current, older: sorted.filter((v) => v.id !== current.id) };
  });
}

/** The version as a tag: v3. */
export function VersionTag(props: { version: number; current?: boolean }) {
  return (
    <Tag color={props.current === false ? 'default' : 'blue'} style={{ marginInlineEnd: 0 }}>
      v{props.version}
    </Tag>
  );
}

interface Described extends Versioned {
  name: string;
  description: string;
  createdAt: string;
}

/** The versions a definition replaced, under its row: what each said and when it was in force. */
export function OlderVersions<T extends Described>(props: { items: T[]; columns?: TableColumnsType<T> }) {
  return (
    <Table<T>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={props.items}
      columns={[
        {
          title: '版本',
          dataIndex: 'version',
          width: 70,
          render: (v: number) => <VersionTag version={v} current={false} />,
        },
        { title: '名称', dataIndex: 'name', width: 180 },
        { title: '内容', dataIndex: 'description' },
        ...(props.columns ?? []),
        { title: '生效', dataIndex: 'createdAt', width: 170, render: (v: string) => fmtTime(v) },
        { title: '停用', dataIndex: 'supersededAt', width: 170, render: (v: string | null) => fmtTime(v) },
      ]}
    />
  );
}

/** The drawer that creates a definition (`editing` = 'new') or saves the next version of one. */
export function VersionDrawer<T extends Versioned>(props: {
  editing: T | 'new' | null;
  /** e.g. 规则 */
  noun: string;
  onClose(): void;
  children(current: T | null): ReactNode;
}) {
  const e = props.editing;
  return (
    <Drawer
      title={e === 'new' ? `新增${props.noun}` : `修改${props.noun}（生成 v${(e?.version ?? 0) + 1}）`}
      open={!!e}
      onClose={props.onClose}
      size={640}
      destroyOnHidden
      mask={{ closable: false }}
    >
      {e && props.children(e === 'new' ? null : e)}
    </Drawer>
  );
}

/** The version of a definition in a table cell, with when and by whom it was made. */
export function VersionCell(props: { version: number; createdAt: string; createdBy?: string | null }) {
  return (
    <Space orientation="vertical" size={0}>
      <VersionTag version={props.version} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {fmtTime(props.createdAt)}
        {props.createdBy ? ` ${props.createdBy}` : ''}
      </Typography.Text>
    </Space>
  );
}

interface Revisable extends Described {
  createdBy: string | null;
  can: { revise: boolean };
}

/**
 * A versioned definition list (role KPIs, anomaly rules): one row per key with the version in
 * force, the versions it replaced folded under it, the version cell, and “新版本” on the rows the
 * user may revise (no action column without `onRevise`).
 */
export function VersionedTable<T extends Revisable>(props: {
  rows: (T & { older: T[] })[];
  loading: boolean;
  testId: string;
  empty: string;
  /** What a definition says, before its version. */
  columns: TableColumnsType<T & { older: T[] }>;
  /** After the version (e.g. how many alerts it raised). */
  after?: TableColumnsType<T & { older: T[] }>;
  /** Shown for the older versions, beside what they said. */
  olderColumns?: TableColumnsType<T>;
  onRevise?(row: T): void;
  reviseTestId: string;
}) {
  type Row = T & { older: T[] };
  const { onRevise } = props;
  const action: TableColumnsType<Row> = onRevise
    ? [
        {
          title: '操作',
          width: 110,
          render: (_: unknown, r: Row) =>
            r.can.revise && (
              <Button
                type="link"
                size="small"
                icon={<EditOutlined />}
                onClick={() => onRevise(r)}
                data-testid={props.reviseTestId}
              >
                新版本
              </Button>
            ),
        },
      ]
    : [];
  return (
    <Table<Row>
      rowKey="key"
      loading={props.loading}
      dataSource={props.rows}
      pagination={false}
      data-testid={props.testId}
      scroll={{ x: 1000 }}
      locale={{ emptyText: emptyText(false, props.empty) }}
      expandable={{
        rowExpandable: (r) => r.older.length > 0,
        expandedRowRender: (r) => <OlderVersions<T> items={r.older} columns={props.olderColumns} />,
      }}
      columns={[
        ...props.columns,
        {
          title: '版本',
          dataIndex: 'version',
          width: 160,
          render: (v: number, r: Row) => (
            <VersionCell version={v} createdAt={r.createdAt} createdBy={r.createdBy} />
          ),
        },
        ...(props.after ?? []),
        ...action,
      ]}
    />
  );
}

/** A form's submission: busy while it runs, the server's message when it fails. */
export function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run, clearError: () => setError(null) };
}

/** A form's error above its buttons. */
export function FormError(props: { error: string | null }) {
  return props.error ? (
    <Alert type="error" showIcon title={props.error} style={{ marginBottom: 16 }} />
  ) : null;
}

/** The pagination of a list page whose page is kept in the address. */
export function listPagination(
  lp: { page: number; set(patch: Record<string, number>): void },
  total: number | undefined,
  unit: string,
): TablePaginationConfig {
  return {
    current: lp.page,
    pageSize: PAGE_SIZE,
    total: total ?? 0,
    hideOnSinglePage: true,
    showSizeChanger: false,
    showTotal: (n) => `共 ${n} ${unit}`,
    onChange: (p) => lp.set({ page: p }),
  };
}

/** The search box of a list page: searches on Enter, kept in the address as `q`. */
export function SearchBox(props: {
  value: string | undefined;
  onSearch(q: string | undefined): void;
  placeholder: string;
  testId: string;
  width?: number;
}) {
  return (
    <Input.Search
      key={props.value ?? ''}
      defaultValue={props.value}
      placeholder={props.placeholder}
      allowClear
      maxLength={40}
      onSearch={(v) => props.onSearch(v.trim() || undefined)}
      style={{ width: props.width ?? 220 }}
      data-testid={props.testId}
    />
  );
}

/** A form's error and its two buttons: save and cancel. */
export function FormFooter(props: {
  error: string | null;
  busy: boolean;
  testId: string;
  label?: string;
  onCancel(): void;
}) {
  return (
    <>
      <FormError error={props.error} />
      <Space>
        <Button type="primary" htmlType="submit" loading={props.busy} data-testid={props.testId}>
          {props.label ?? '保存'}
        </Button>
        <Button onClick={props.onCancel}>取消</Button>
      </Space>
    </>
  );
}

/** A list's filter bar, with 清除筛选 once anything is filtered. */
export function FilterBar(props: { filtered: boolean; onClear(): void; children: ReactNode }) {
  return (
    <Space wrap style={{ marginBottom: 16 }}>
      {props.children}
      {props.filtered && (
        <Button type="link" onClick={props.onClear}>
          清除筛选
        </Button>
      )}
    </Space>
  );
}

/** A filter select whose choice is kept in the address under `name`. */
export function FilterSelect(props: {
  lp: { get(k: string): string | undefined; set(patch: Record<string, string | undefined>): void };
  name: string;
  placeholder: string;
  options: { value: string; label: string }[];
  width?: number;
  testId: string;
  loading?: boolean;
}) {
  return (
    <Select
      allowClear
      placeholder={props.placeholder}
      style={{ width: props.width ?? 160 }}
      value={props.lp.get(props.name)}
      onChange={(v) => props.lp.set({ [props.name]: v })}
      options={props.options}
      loading={props.loading}
      data-testid={props.testId}
    />
  );
}

/** The page's primary 新增 button. */
export function AddButton(props: { onClick(): void; testId: string; children: ReactNode }) {
  return (
    <Button type="primary" icon={<PlusOutlined />} onClick={props.onClick} data-testid={props.testId}>
      {props.children}
    </Button>
  );
}

/**
 * A page shown only to holders of `permission`: others see 无权访问, and the page's own queries
 * (regions, dictionaries) are never asked for on their behalf.
 */
export function guarded(permission: Permission, Page: () => ReactNode) {
  return function Guarded() {
    const { can } = useSession();
    return can(permission) ? <Page /> : <Forbidden />;
  };
}
