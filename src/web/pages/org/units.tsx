import { ApartmentOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { type UseQueryResult, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Descriptions,
  Drawer,
  Empty,
  Form,
  Grid,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Skeleton,
  Space,
  Table,
  Tabs,
  Tag,
  Tree,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { Link, Navigate, useNavigate, useParams, useSearchParams } from 'react-router';
import type { Me } from '../../../common/contracts/auth.ts';
import {
  type CadreView,
  type DirectoryCadre,
  SCOPE_KIND_LABELS,
  UNIT_KIND_LABELS,
  UNIT_KINDS,
  type UnitView,
} from '../../../common/contracts/org.ts';
import type { Page as PageOf } from '../../../common/contracts/page.ts';
import { ApiError, api, qs } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { errorText } from '../../components/errors.ts';
import { fmtTime } from '../../components/format.ts';
import { Page } from '../../components/page.tsx';
import { type LiaisonGroupItem, type Option, useDict, useLiaisonGroups, useRegions } from './org-options.ts';

// ——— API shapes (see division.service.ts, registry.service.ts) ———

interface UnitTreeNode {
  key: string;
  title: string;
  kind: 'group' | 'unit';
  unit?: UnitView;
  children?: UnitTreeNode[];
}

interface DivisionVersion {
  id: string;
  version: number;
  effectiveFrom: string;
  effectiveTo: string | null;
  docNo: string | null;
  reason: string | null;
  createdAt: string;
  createdBy: string | null;
  members: number;
}

interface DivisionScopeView {
  kind: string;
  ref: string;
  lead: boolean;
  label: string;
}

interface DivisionMemberView {
  cadreId: string;
  name: string;
  post: string | null;
  teamPlace: string | null;
  duties: string | null;
  scopes: DivisionScopeView[];
}

interface DivisionDetail {
  id: string;
  unitId: string;
  version: number;
  effectiveFrom: string;
  docNo: string | null;
  reason: string | null;
  createdAt: string;
  members: DivisionMemberView[];
}

type ScopeInput = { kind: string; ref: string; lead: boolean };

const ORG_DEPT = ['org_leader', 'assessment_officer'];
const SEE_ALL = ['org_leader', 'assessment_officer', 'joint_office'];
const TEAM_PLACE_COLORS: Record<string, string> = { 正职: 'red', 副职: 'orange', 成员: 'default' };

/** May this user record a division version for the unit? (The server decides; this hides the button.) */
function canEditDivision(me: Me | null, can: (p: 'org.division.edit') => boolean, unitId: string) {
  if (!me || !can('org.division.edit')) return false;
  if (me.roles.some((r) => ORG_DEPT.includes(r.role))) return true;
  return me.roles.some((r) => r.role === 'unit_admin' && r.unitId === unitId);
}

/** Does the user see the assessment content (cadres, divisions) of the unit? */
function seesUnit(me: Me | null, unitId: string) {
  if (!me) return false;
  if (me.roles.some((r) => SEE_ALL.includes(r.role))) return true;
  return me.roles.some((r) => r.role === 'unit_admin' && r.unitId === unitId);
}

function versionState(v: { effectiveFrom: string; effectiveTo: string | null }) {
  const today = dayjs().format('YYYY-MM-DD');
  if (v.effectiveFrom > today) return 'pending' as const;
  if (v.effectiveTo && v.effectiveTo <= today) return 'past' as const;
  return 'current' as const;
}

/** 有效期 as people write it: both days inclusive (a version ends the day before the next starts). */
function periodText(v: { effectiveFrom: string; effectiveTo: string | null }) {
  if (!v.effectiveTo) return `${v.effectiveFrom} 至 现行`;
  if (v.effectiveTo <= v.effectiveFrom) return `${v.effectiveFrom}（当日即被替代）`;
  return `${v.effectiveFrom} 至 ${dayjs(v.effectiveTo).subtract(1, 'day').format('YYYY-MM-DD')}`;
}

function flattenUnits(nodes: UnitTreeNode[], out: UnitView[] = []): UnitView[] {
  for (const n of nodes) {
    if (n.unit) out.push(n.unit);
    if (n.children) flattenUnits(n.children, out);
  }
  return out;
}

function filterTree(nodes: UnitTreeNode[], q: string): UnitTreeNode[] {
  const needle = q.toLowerCase();
  const out: UnitTreeNode[] = [];
  for (const n of nodes) {
    const self =
      n.title.toLowerCase().includes(needle) ||
      !!n.unit?.code.toLowerCase().includes(needle) ||
      !!n.unit?.shortName?.toLowerCase().includes(needle);
    if (self) {
      out.push(n);
      continue;
    }
    const kids = n.children ? filterTree(n.children, q) : [];
    if (kids.length) out.push({ ...n, children: kids });
  }
  return out;
}

function branchKeys(nodes: UnitTreeNode[], out: string[] = []): string[] {
  for (const n of nodes) {
    if (n.children?.length) {
      out.push(n.key);
      branchKeys(n.children, out);
    }
  }
  return out;
}

function Highlight(props: { text: string; q: string }) {
  const i = props.q ? props.text.toLowerCase().indexOf(props.q.toLowerCase()) : -1;
  if (i < 0) return <>{props.text}</>;
  return (
    <>
      {props.text.slice(0, i)}
      <span style={{ color: '#b8322a', fontWeight: 600 }}>{props.text.slice(i, i + props.q.length)}</span>
      {props.text.slice(i + props.q.length)}
    </>
  );
}

// ——— the page ———

export default function UnitsPage() {
  const { id } = useParams();
  const { can, me } = useSession();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const manage = can('org.manage');
  const [q, setQ] = useState('');
  const [expanded, setExpanded] = useState<string[] | null>(null);
  const [unitModal, setUnitModal] = useState<{ unit: UnitView | null } | null>(null);
  const [groupsOpen, setGroupsOpen] = useState(false);
  const screens = Grid.useBreakpoint();

  const tree = useQuery({
    queryKey: ['org', 'units', 'tree'],
    queryFn: () => api.get<{ tree: UnitTreeNode[] }>('/api/org/units/tree'),
    select: (d) => d.tree,
  });
  const allUnits = useMemo(() => flattenUnits(tree.data ?? []), [tree.data]);
  const shown = useMemo(() => filterTree(tree.data ?? [], q.trim()), [tree.data, q]);

  // Bring the selected unit into view in the tree (opened from a link or as a unit administrator).
  const treeBox = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const box = treeBox.current;
    const el = id && tree.data ? box?.querySelector(`[data-unit-id="${id}"]`) : null;
    if (!box || !el) return;
    // Scroll only the tree's own box, never the page.
    const b = box.getBoundingClientRect();
    const e = el.getBoundingClientRect();
    if (e.top < b.top || e.bottom > b.bottom) box.scrollTop += e.top - b.top - b.height / 3;
  }, [id, tree.data]);

  // A unit administrator lands on their own unit.
  const ownUnit = me?.roles.find((r) => r.role === 'unit_admin' && r.unitId)?.unitId;
  if (!id && ownUnit && can('org.read')) {
    const query = params.toString();
    return <Navigate to={`/org/units/${ownUnit}${query ? `?${query}` : ''}`} replace />;
  }

  const groupKeys = (tree.data ?? []).map((n) => n.key);
  const expandedKeys = q.trim() ? branchKeys(shown) : (expanded ?? groupKeys);
  const select = (key: string) => {
    const tab = params.get('tab');
    navigate(`/org/units/${key}${tab ? qs({ tab }) : ''}`);
  };

  const treeData = (nodes: UnitTreeNode[]): object[] =>
    nodes.map((n) => ({
      key: n.key,
      selectable: n.kind === 'unit',
      title:
        n.kind === 'group' ? (
          <span style={{ whiteSpace: 'nowrap' }}>
            <Typography.Text strong>
              <Highlight text={n.title} q={q.trim()} />
            </Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 6 }}>
              {n.children?.length ?? 0} 个
            </Typography.Text>
          </span>
        ) : (
          <span data-unit-id={n.key}>
            <Highlight text={n.title} q={q.trim()} />
            <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 6 }}>
              {n.unit?.cadreCount ?? 0} 人
            </Typography.Text>
          </span>
        ),
      children: n.children ? treeData(n.children) : undefined,
    }));

  return (
    <Page
      title="单位与编组"
      subtitle="按包联编组查看各单位的领导班子和班子分工；分工按版本记录，历史版本保留不变。"
      permission="org.read"
      extra={
        manage && (
          <Space>
            <Button icon={<ApartmentOutlined />} onClick={() => setGroupsOpen(true)}>
              编组管理
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setUnitModal({ unit: null })}>
              新建单位
            </Button>
          </Space>
        )
      }
    >
      <Row gutter={16} wrap>
        <Col xs={24} lg={{ flex: '320px' }} xxl={{ flex: '360px' }} style={{ marginBottom: 16 }}>
          <Card size="small" title={`全部单位（${allUnits.length}）`}>
            <Input.Search
              placeholder="单位名称、代码或包联领导"
              allowClear
              value={q}
              onChange={(e) => setQ(e.target.value)}
              style={{ marginBottom: 8 }}
              data-testid="unit-search"
            />
            {tree.isLoading ? (
              <Skeleton active />
            ) : tree.isError ? (
              <Alert type="error" title={errorText(tree.error)} />
            ) : shown.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有匹配的单位" />
            ) : (
              <div
                ref={treeBox}
                style={{
                  maxHeight: screens.lg ? 'calc(100vh - 250px)' : 360,
                  minHeight: 240,
                  overflow: 'auto',
                }}
                data-testid="unit-tree"
              >
                <Tree
                  blockNode
                  showLine={{ showLeafIcon: false }}
                  treeData={treeData(shown) as never}
                  expandedKeys={expandedKeys}
                  onExpand={(keys) => {
                    if (!q.trim()) setExpanded(keys as string[]);
                  }}
                  selectedKeys={id ? [id] : []}
                  onSelect={(keys) => {
                    const key = keys[0] as string | undefined;
                    if (key) select(key);
                  }}
                />
              </div>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={{ flex: 'auto' }} style={{ minWidth: 0 }}>
          {id ? (
            <UnitDetail key={id} unitId={id} allUnits={allUnits} onEdit={(unit) => setUnitModal({ unit })} />
          ) : (
            <Card>
              <Empty description="请在左侧选择单位，查看其领导班子和班子分工" style={{ padding: '48px 0' }} />
            </Card>
          )}
        </Col>
      </Row>
      {unitModal && (
        <UnitModal
          unit={unitModal.unit}
          allUnits={allUnits}
          onClose={() => setUnitModal(null)}
          onSaved={(unitId) => {
            setUnitModal(null);
            navigate(`/org/units/${unitId}`);
          }}
        />
      )}
      <GroupsModal open={groupsOpen} onClose={() => setGroupsOpen(false)} />
    </Page>
  );
}

// ——— the selected unit ———

function UnitDetail(props: { unitId: string; allUnits: UnitView[]; onEdit(u: UnitView): void }) {
  const { can, me } = useSession();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'division' ? 'division' : 'team';
  const unit = useQuery({
    queryKey: ['org', 'unit', props.unitId],
    queryFn: () => api.get<UnitView>(`/api/org/units/${props.unitId}`),
  });
  const groups = useLiaisonGroups();
  const visible = seesUnit(me, props.unitId);
  const cadres = useQuery({
    queryKey: ['org', 'cadres', { unitId: props.unitId, pageSize: 100 }],
    queryFn: () =>
      api.get<PageOf<CadreView>>(`/api/org/cadres${qs({ unitId: props.unitId, pageSize: 100 })}`),
    enabled: visible,
  });

  if (unit.isLoading)
    return (
      <Card>
        <Skeleton active />
      </Card>
    );
  if (unit.isError || !unit.data)
    return (
      <Card>
        <Alert type="error" title={errorText(unit.error)} />
      </Card>
    );
  const u = unit.data;
  const group = groups.data?.find((g) => g.id === u.liaisonGroupId);
  const parent = u.parentId ? props.allUnits.find((x) => x.id === u.parentId) : null;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            <span data-testid="unit-title">{u.name}</span>
            {u.status !== 'active' && <Tag>已撤销</Tag>}
          </Space>
        }
        extra={
          can('org.manage') && (
            <Button icon={<EditOutlined />} onClick={() => props.onEdit(u)} data-testid="edit-unit">
              编辑单位
            </Button>
          )
        }
      >
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, xl: 3 }}
          items={[
            {
              key: 'name',
              label: '名称',
              children: u.shortName ? `${u.name}（简称：${u.shortName}）` : u.name,
            },
            { key: 'code', label: '代码', children: u.code },
            { key: 'kind', label: '类型', children: UNIT_KIND_LABELS[u.kind] ?? u.kind },
            { key: 'region', label: '所属区域', children: u.regionName ?? '—' },
            {
              key: 'group',
              label: '所属编组',
              children: u.liaisonGroupName
                ? `${u.liaisonGroupName}${group?.leaderName ? `（包联：${group.leaderName}）` : ''}`
                : '未编组',
            },
            {
              key: 'count',
              label: '在职领导干部',
              children: <span data-testid="unit-cadre-count">{u.cadreCount} 人</span>,
            },
            ...(parent ? [{ key: 'parent', label: '上级单位', children: parent.name }] : []),
          ]}
        />
      </Card>
      {!visible ? (
        <Card>
          <Alert
            type="info"
            showIcon
            title="领导班子和班子分工仅对组织部和本单位的单位管理员开放"
            description="您可以在此查看单位的基本信息；如需了解该单位的班子情况，请联系组织部。"
            data-testid="unit-restricted"
          />
        </Card>
      ) : (
        <Card styles={{ body: { paddingTop: 4 } }}>
          <Tabs
            activeKey={tab}
            onChange={(k) =>
              setParams(
                (p) => {
                  if (k === 'team') p.delete('tab');
                  else p.set('tab', k);
                  p.delete('version');
                  return p;
                },
                { replace: true },
              )
            }
            items={[
              {
                key: 'team',
                label: '领导班子',
                children: <TeamTable cadres={cadres} />,
              },
              {
                key: 'division',
                label: '班子分工',
                children: (
                  <DivisionTab
                    unit={u}
                    cadres={cadres.data?.items ?? []}
                    cadresLoading={cadres.isLoading}
                    editable={canEditDivision(me, can, u.id)}
                  />
                ),
              },
            ]}
          />
        </Card>
      )}
    </Space>
  );
}

function TeamTable(props: { cadres: UseQueryResult<PageOf<CadreView>> }) {
  const { cadres } = props;
  if (cadres.isError) return <Alert type="error" title={errorText(cadres.error)} />;
  return (
    <Table<CadreView>
      rowKey="id"
      size="small"
      loading={cadres.isLoading}
      dataSource={cadres.data?.items}
      pagination={false}
      scroll={{ x: 760 }}
      data-testid="unit-team"
      locale={{ emptyText: '本单位暂无在职领导干部' }}
      columns={[
        {
          title: '姓名',
          dataIndex: 'name',
          width: 100,
          render: (name: string, c) => <Link to={`/org/cadres/${c.id}`}>{name}</Link>,
        },
        { title: '职务', dataIndex: 'post', render: (v: string | null) => v ?? '—' },
        {
          title: '班子位置',
          dataIndex: 'teamPlace',
          width: 90,
          render: (v: string | null) => (v ? <Tag color={TEAM_PLACE_COLORS[v]}>{v}</Tag> : '—'),
        },
        { title: '职级', dataIndex: 'rankName', width: 130, render: (v: string | null) => v ?? '—' },
        {
          title: '分管领域',
          dataIndex: 'domains',
          render: (d: string[]) =>
            d.length ? (
              <Space size={[4, 4]} wrap>
                {d.map((x) => (
                  <Tag key={x} color="blue">
                    {x}
                  </Tag>
                ))}
              </Space>
            ) : (
              <Typography.Text type="secondary">—</Typography.Text>
            ),
        },
      ]}
    />
  );
}

// ——— division of labour ———

function ScopeTags(props: { scopes: DivisionScopeView[] }) {
  if (!props.scopes.length) return <Typography.Text type="secondary">—</Typography.Text>;
  const sorted = [...props.scopes].sort((a, b) => Number(b.lead) - Number(a.lead));
  return (
    <Space size={[4, 4]} wrap>
      {sorted.map((s) => {
        const kind = SCOPE_KIND_LABELS[s.kind as keyof typeof SCOPE_KIND_LABELS] ?? s.kind;
        const color = !s.lead
          ? 'default'
          : s.kind === 'domain'
            ? 'blue'
            : s.kind === 'region'
              ? 'green'
              : 'purple';
        return (
          <Tag
            key={`${s.kind}:${s.ref}:${s.lead}`}
            color={color}
            title={`${kind}${s.lead ? '（负责）' : '（协助）'}`}
          >
            {s.kind === 'domain' ? '' : `${kind}：`}
            {s.label}
            {s.lead ? '' : '（协助）'}
          </Tag>
        );
      })}
    </Space>
  );
}

function DivisionTab(props: {
  unit: UnitView;
  cadres: CadreView[];
  cadresLoading: boolean;
  editable: boolean;
}) {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const [editing, setEditing] = useState(false);
  const history = useQuery({
    queryKey: ['org', 'divisions', props.unit.id],
    queryFn: () => api.get<{ items: DivisionVersion[] }>(`/api/org/units/${props.unit.id}/divisions`),
    select: (d) => d.items,
    retry: false,
  });
  const versions = history.data ?? [];
  const current = versions.find((v) => versionState(v) === 'current') ?? versions[0];
  const chosen = params.get('version');
  const selectedId = versions.some((v) => v.id === chosen) ? chosen! : current?.id;
  const choose = (id: string) =>
    setParams(
      (p) => {
        p.set('tab', 'division');
        p.set('version', id);
        return p;
      },
      { replace: true },
    );

  if (history.isError) return <Alert type="warning" showIcon title={errorText(history.error)} />;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 12 }}>
        <Typography.Text type="secondary">
          每次调整分工都生成一个新版本；考核时按当日有效的版本确定干部的职责范围。
        </Typography.Text>
        {props.editable && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing(true)}
            disabled={history.isLoading || props.cadresLoading}
            data-testid="new-division"
          >
            新增分工版本
          </Button>
        )}
      </div>
      <Table<DivisionVersion>
        rowKey="id"
        size="small"
        loading={history.isLoading}
        dataSource={versions}
        pagination={versions.length > 10 ? { pageSize: 10, showTotal: (t) => `共 ${t} 版` } : false}
        data-testid="division-history"
        scroll={{ x: 720 }}
        locale={{ emptyText: '尚未记录班子分工' }}
        rowSelection={{
          type: 'radio',
          selectedRowKeys: selectedId ? [selectedId] : [],
          onChange: (keys) => keys[0] && choose(String(keys[0])),
          columnWidth: 36,
        }}
        onRow={(v) => ({ onClick: () => choose(v.id), style: { cursor: 'pointer' } })}
        columns={[
          {
            title: '版本',
            dataIndex: 'version',
            width: 120,
            render: (n: number, v) => {
              const st = versionState(v);
              return (
                <Space size={4}>
                  <span>第{n}版</span>
                  {st === 'current' && <Tag color="green">现行</Tag>}
                  {st === 'pending' && <Tag color="blue">待生效</Tag>}
                </Space>
              );
            },
          },
          {
            title: '有效期',
            width: 200,
            render: (_, v) => <span style={{ whiteSpace: 'nowrap' }}>{periodText(v)}</span>,
          },
          {
            title: '文号',
            dataIndex: 'docNo',
            width: 180,
            ellipsis: { showTitle: true },
            render: (x: string | null) => x || '—',
          },
          {
            title: '调整原因',
            dataIndex: 'reason',
            ellipsis: { showTitle: true },
            render: (x: string | null) => x || '—',
          },
          { title: '人数', dataIndex: 'members', width: 64, render: (n: number) => `${n} 人` },
        ]}
      />
      {selectedId && <DivisionView id={selectedId} />}
      {editing && (
        <DivisionEditor
          unit={props.unit}
          cadres={props.cadres}
          base={current ?? null}
          onClose={() => setEditing(false)}
          onCreated={(d, unitAdmin) => {
            setEditing(false);
            message.success(`已记录第${d.version}版班子分工${unitAdmin ? '，组织部将收到查阅提醒' : ''}`);
            qc.invalidateQueries({ queryKey: ['org', 'divisions', props.unit.id] });
            qc.invalidateQueries({ queryKey: ['org', 'cadres'] });
            choose(d.id);
          }}
        />
      )}
    </Space>
  );
}

function DivisionView(props: { id: string }) {
  const d = useQuery({
    queryKey: ['org', 'division', props.id],
    queryFn: () => api.get<DivisionDetail>(`/api/org/divisions/${props.id}`),
  });
  if (d.isError) return <Alert type="error" title={errorText(d.error)} />;
  if (!d.data)
    return (
      <Card size="small">
        <Skeleton active />
      </Card>
    );
  const v = d.data;
  return (
    <Card
      size="small"
      data-testid="division-detail"
      title={`第${v.version}版班子分工`}
      extra={
        <Typography.Text type="secondary">
          {v.effectiveFrom} 起生效{v.docNo ? ` · ${v.docNo}` : ''} · 记录于 {fmtTime(v.createdAt)}
        </Typography.Text>
      }
    >
      {v.reason && (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
          调整原因：{v.reason}
        </Typography.Paragraph>
      )}
      <Table<DivisionMemberView>
        rowKey="cadreId"
        size="small"
        pagination={false}
        dataSource={v.members}
        scroll={{ x: 720 }}
        locale={{ emptyText: '本版分工未列入任何干部' }}
        columns={[
          {
            title: '姓名',
            dataIndex: 'name',
            width: 90,
            render: (name: string, m) => <Link to={`/org/cadres/${m.cadreId}`}>{name}</Link>,
          },
          { title: '职务', dataIndex: 'post', width: 190, render: (x: string | null) => x ?? '—' },
          {
            title: '分工内容',
            dataIndex: 'duties',
            render: (x: string | null) =>
              x ? (
                <span style={{ whiteSpace: 'pre-wrap' }}>{x}</span>
              ) : (
                <Typography.Text type="secondary">—</Typography.Text>
              ),
          },
          {
            title: '职责范围',
            dataIndex: 'scopes',
            width: 280,
            render: (s: DivisionScopeView[]) => <ScopeTags scopes={s} />,
          },
        ]}
      />
    </Card>
  );
}

interface MemberValues {
  skip?: boolean;
  duties?: string;
  lead?: string[];
  assist?: string[];
  regions?: string[];
}
interface EditorValues {
  effectiveFrom: Dayjs;
  docNo?: string;
  reason?: string;
  members: Record<string, MemberValues>;
}

function DivisionEditor(props: {
  unit: UnitView;
  cadres: CadreView[];
  base: DivisionVersion | null;
  onClose(): void;
  onCreated(d: { id: string; version: number }, unitAdmin: boolean): void;
}) {
  const { me } = useSession();
  const [form] = Form.useForm<EditorValues>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const domains = useDict('domain');
  const regions = useRegions();
  const base = useQuery({
    queryKey: ['org', 'division', props.base?.id],
    queryFn: () => api.get<DivisionDetail>(`/api/org/divisions/${props.base!.id}`),
    enabled: !!props.base,
  });
  const watched = Form.useWatch('members', form) as Record<string, MemberValues> | undefined;
  const territorial = props.unit.kind === 'town' || props.unit.kind === 'street';
  const unitAdmin = !me?.roles.some((r) => ORG_DEPT.includes(r.role));
  const ready = !props.base || !!base.data;

  const baseMembers = useMemo(
    () => new Map((base.data?.members ?? []).map((m) => [m.cadreId, m])),
    [base.data],
  );
  // Scopes the editor does not edit (indicators, tasks; regions outside towns) are carried over.
  const kept = (cadreId: string): ScopeInput[] =>
    (baseMembers.get(cadreId)?.scopes ?? [])
      .filter((s) => !(s.kind === 'domain' || (territorial && s.kind === 'region')))
      .map((s) => ({ kind: s.kind, ref: s.ref, lead: s.lead }));

  // Options, with any inactive items of the previous version kept so they show by name.
  const domainOptions = useMemo(() => {
    const opts: Option[] = [...domains];
    for (const m of baseMembers.values())
      for (const s of m.scopes)
        if (s.kind === 'domain' && !opts.some((o) => o.value === s.ref))
          opts.push({ value: s.ref, label: `${s.label}（已停用）` });
    return opts;
  }, [domains, baseMembers]);
  const regionOptions = (regions.data ?? []).map((r) => ({ value: r.id, label: r.name }));

  const initialValues = useMemo<EditorValues>(() => {
    const members: Record<string, MemberValues> = {};
    for (const c of props.cadres) {
      const m = baseMembers.get(c.id);
      members[c.id] = {
        skip: false,
        duties: m?.duties ?? '',
        lead: m?.scopes.filter((s) => s.kind === 'domain' && s.lead).map((s) => s.ref) ?? [],
        assist: m?.scopes.filter((s) => s.kind === 'domain' && !s.lead).map((s) => s.ref) ?? [],
        regions: territorial ? (m?.scopes.filter((s) => s.kind === 'region').map((s) => s.ref) ?? []) : [],
      };
    }
    return { effectiveFrom: dayjs(), docNo: '', reason: '', members };
  }, [props.cadres, baseMembers, territorial]);

  const submit = async (v: EditorValues) => {
    const members = props.cadres
      .filter((c) => !v.members?.[c.id]?.skip)
      .map((c) => {
        const m = v.members?.[c.id] ?? {};
        const lead = m.lead ?? [];
        const assist = (m.assist ?? []).filter((x) => !lead.includes(x));
        return {
          cadreId: c.id,
          duties: m.duties?.trim() || null,
          scopes: [
            ...lead.map((ref) => ({ kind: 'domain', ref, lead: true })),
            ...assist.map((ref) => ({ kind: 'domain', ref, lead: false })),
            ...(territorial ? (m.regions ?? []).map((ref) => ({ kind: 'region', ref, lead: true })) : []),
            ...kept(c.id),
          ],
        };
      });
    if (!members.length) {
      setError('请至少列入一名干部');
      return;
    }
    setBusy(true);
    try {
      const d = await api.post<{ id: string; version: number }>(`/api/org/units/${props.unit.id}/divisions`, {
        effectiveFrom: v.effectiveFrom.format('YYYY-MM-DD'),
        docNo: v.docNo?.trim() || null,
        reason: v.reason?.trim() || null,
        members,
      });
      setError(null);
      props.onCreated(d, unitAdmin);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer
      open
      size={880}
      title={`新增分工版本 · ${props.unit.name}`}
      onClose={props.onClose}
      destroyOnHidden
      footer={
        <div>
          {error && (
            <Alert
              type="error"
              showIcon
              title={error}
              style={{ marginBottom: 12 }}
              data-testid="division-error"
            />
          )}
          <div style={{ display: 'flex', justifyContent: 'flex-end', gap: 8 }}>
            <Button onClick={props.onClose}>取消</Button>
            <Button
              type="primary"
              loading={busy}
              disabled={!ready || props.cadres.length === 0}
              onClick={() => form.submit()}
              data-testid="division-submit"
            >
              提交新版本
            </Button>
          </div>
        </div>
      }
    >
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title="分工调整会生成新版本，历史版本保留不变"
        description={
          <>
            {props.base
              ? `已按现行的第${props.base.version}版分工预先填写，请按调整后的分工修改。`
              : '本单位尚未记录分工，请逐人填写。'}
            生效日期所在的考核期已关闭时不能提交。
            {unitAdmin && '提交后，组织部将收到查阅提醒。'}
          </>
        }
      />
      {!ready ? (
        <Skeleton active />
      ) : (
        <Form<EditorValues>
          form={form}
          layout="vertical"
          initialValues={initialValues}
          onFinish={submit}
          onValuesChange={() => error && setError(null)}
        >
          <Row gutter={16}>
            <Col xs={24} sm={8}>
              <Form.Item
                name="effectiveFrom"
                label="生效日期"
                rules={[{ required: true, message: '请选择生效日期' }]}
              >
                <DatePicker style={{ width: '100%' }} allowClear={false} data-testid="division-date" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={16}>
              <Form.Item name="docNo" label="文号" rules={[{ max: 60, message: '文号不能超过 60 个字' }]}>
                <Input placeholder="如：投促〔2026〕12号（选填）" data-testid="division-docno" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="reason" label="调整原因" rules={[{ max: 500, message: '不能超过 500 个字' }]}>
            <Input.TextArea
              autoSize={{ minRows: 1, maxRows: 4 }}
              placeholder="如：班子成员调整（选填）"
              data-testid="division-reason"
            />
          </Form.Item>
          <Typography.Title level={5} style={{ marginTop: 4 }}>
            班子成员分工（{props.cadres.length} 人）
          </Typography.Title>
          {props.cadres.length === 0 && (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="本单位暂无在职领导干部" />
          )}
          <Space orientation="vertical" size={12} style={{ width: '100%' }}>
            {props.cadres.map((c) => {
              const skip = !!watched?.[c.id]?.skip;
              const lead = watched?.[c.id]?.lead ?? [];
              const carried = kept(c.id);
              return (
                <Card
                  key={c.id}
                  size="small"
                  data-testid={`division-member-${c.id}`}
                  style={skip ? { background: '#fafafa' } : undefined}
                  title={
                    <Space size={8} wrap>
                      <Typography.Text strong delete={skip}>
                        {c.name}
                      </Typography.Text>
                      <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
                        {c.post}
                      </Typography.Text>
                      {c.teamPlace && <Tag color={TEAM_PLACE_COLORS[c.teamPlace]}>{c.teamPlace}</Tag>}
                      {props.base && !baseMembers.has(c.id) && <Tag color="gold">上版未列入</Tag>}
                    </Space>
                  }
                  extra={
                    <Form.Item name={['members', c.id, 'skip']} valuePropName="checked" noStyle>
                      <Checkbox>本版不列入</Checkbox>
                    </Form.Item>
                  }
                >
                  {skip ? (
                    <Typography.Text type="secondary">本版分工不列入此人。</Typography.Text>
                  ) : (
                    <>
                      <Form.Item
                        name={['members', c.id, 'duties']}
                        label="分工内容"
                        rules={[{ max: 1000, message: '不能超过 1000 个字' }]}
                        style={{ marginBottom: 8 }}
                      >
                        <Input.TextArea
                          autoSize={{ minRows: 1, maxRows: 5 }}
                          placeholder="如：分管招商引资工作"
                        />
                      </Form.Item>
                      <Row gutter={12}>
                        <Col xs={24} md={territorial ? 8 : 12}>
                          <Form.Item
                            name={['members', c.id, 'lead']}
                            label="负责领域"
                            style={{ marginBottom: 0 }}
                          >
                            <Select
                              mode="multiple"
                              allowClear
                              placeholder="选择领域"
                              options={domainOptions}
                              optionFilterProp="label"
                            />
                          </Form.Item>
                        </Col>
                        <Col xs={24} md={territorial ? 8 : 12}>
                          <Form.Item
                            name={['members', c.id, 'assist']}
                            label="协助领域"
                            style={{ marginBottom: 0 }}
                          >
                            <Select
                              mode="multiple"
                              allowClear
                              placeholder="选择领域"
                              options={domainOptions.map((o) => ({ ...o, disabled: lead.includes(o.value) }))}
                              optionFilterProp="label"
                            />
                          </Form.Item>
                        </Col>
                        {territorial && (
                          <Col xs={24} md={8}>
                            <Form.Item
                              name={['members', c.id, 'regions']}
                              label="负责区域"
                              style={{ marginBottom: 0 }}
                            >
                              <Select
                                mode="multiple"
                                allowClear
                                placeholder="选择区域"
                                options={regionOptions}
                                optionFilterProp="label"
                                loading={regions.isLoading}
                              />
                            </Form.Item>
                          </Col>
                        )}
                      </Row>
                      {carried.length > 0 && (
                        <div style={{ marginTop: 8 }}>
                          <Typography.Text type="secondary" style={{ marginRight: 8 }}>
                            沿用上版的其他职责：
                          </Typography.Text>
                          <ScopeTags
                            scopes={(baseMembers.get(c.id)?.scopes ?? []).filter((s) =>
                              carried.some((k) => k.kind === s.kind && k.ref === s.ref),
                            )}
                          />
                        </div>
                      )}
                    </>
                  )}
                </Card>
              );
            })}
          </Space>
        </Form>
      )}
    </Drawer>
  );
}

// ——— unit and liaison group maintenance (organization department) ———

interface UnitFormValues {
  code: string;
  name: string;
  shortName?: string;
  kind: UnitView['kind'];
  parentId?: string | null;
  regionId: string;
  liaisonGroupId?: string | null;
  sort?: number | null;
}

function descendants(units: UnitView[], id: string): Set<string> {
  const out = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const u of units)
      if (u.parentId && out.has(u.parentId) && !out.has(u.id)) {
        out.add(u.id);
        grew = true;
      }
  }
  return out;
}

function UnitModal(props: {
  unit: UnitView | null;
  allUnits: UnitView[];
  onClose(): void;
  onSaved(id: string): void;
}) {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<UnitFormValues>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const regions = useRegions();
  const groups = useLiaisonGroups();
  const u = props.unit;
  const excluded = u ? descendants(props.allUnits, u.id) : new Set<string>();
  return (
    <Modal
      open
      title={u ? `编辑单位：${u.name}` : '新建单位'}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={u ? '保存' : '创建'}
      confirmLoading={busy}
      destroyOnHidden
      width={640}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form<UnitFormValues>
        form={form}
        layout="vertical"
        initialValues={
          u
            ? {
                code: u.code,
                name: u.name,
                shortName: u.shortName ?? undefined,
                kind: u.kind,
                parentId: u.parentId,
                regionId: u.regionId,
                liaisonGroupId: u.liaisonGroupId,
                sort: u.sort,
              }
            : { kind: 'department', sort: (props.allUnits.length ?? 0) + 1 }
        }
        onFinish={async (v) => {
          const code = v.code.trim();
          const name = v.name.trim();
          const clash = props.allUnits.find((x) => x.id !== u?.id && (x.code === code || x.name === name));
          if (clash) {
            setError(
              clash.code === code ? `单位代码 ${code} 已被“${clash.name}”使用` : `已有名为“${name}”的单位`,
            );
            return;
          }
          setBusy(true);
          try {
            const body = {
              code: v.code,
              name: v.name,
              shortName: v.shortName?.trim() || undefined,
              kind: v.kind,
              parentId: v.parentId ?? null,
              regionId: v.regionId,
              liaisonGroupId: v.liaisonGroupId ?? null,
              sort: v.sort ?? 0,
            };
            const row = u
              ? await api.put<{ id: string }>(`/api/org/units/${u.id}`, body)
              : await api.post<{ id: string }>('/api/org/units', body);
            setError(null);
            message.success(u ? '单位已保存' : '单位已创建');
            qc.invalidateQueries({ queryKey: ['org', 'units'] });
            qc.invalidateQueries({ queryKey: ['org', 'unit'] });
            qc.invalidateQueries({ queryKey: ['org', 'liaison-groups'] });
            props.onSaved(row.id);
          } catch (e) {
            setError(
              e instanceof ApiError && e.code === 'ALREADY_EXISTS'
                ? '单位代码或名称与已有单位（含已撤销的单位）重复'
                : errorText(e),
            );
          } finally {
            setBusy(false);
          }
        }}
      >
        <Row gutter={16}>
          <Col span={16}>
            <Form.Item
              name="name"
              label="名称"
              rules={[
                { required: true, whitespace: true, message: '请填写名称' },
                { max: 60, message: '不能超过 60 个字' },
              ]}
            >
              <Input placeholder="如：市投资促进中心" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="shortName" label="简称" rules={[{ max: 20, message: '不能超过 20 个字' }]}>
              <Input placeholder="选填" />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item
              name="code"
              label="代码"
              rules={[
                { required: true, whitespace: true, message: '请填写单位代码' },
                { max: 30, message: '不能超过 30 个字符' },
              ]}
            >
              <Input placeholder="如：B101" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="kind" label="类型" rules={[{ required: true, message: '请选择类型' }]}>
              <Select options={UNIT_KINDS.map((k) => ({ value: k, label: UNIT_KIND_LABELS[k] }))} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="sort" label="排序" tooltip="数字小的排在前面">
              <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item
              name="regionId"
              label="所属区域"
              rules={[{ required: true, message: '请选择所属区域' }]}
            >
              <Select
                loading={regions.isLoading}
                options={(regions.data ?? []).map((r) => ({ value: r.id, label: r.name }))}
              />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item name="liaisonGroupId" label="所属编组">
              <Select
                allowClear
                placeholder="未编组"
                loading={groups.isLoading}
                options={(groups.data ?? []).map((g) => ({
                  value: g.id,
                  label: g.leaderName ? `${g.name}（包联：${g.leaderName}）` : g.name,
                }))}
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="parentId" label="上级单位" extra="内设或下属单位选择其上级；一级单位留空。">
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="无（一级单位）"
            options={props.allUnits
              .filter((x) => !excluded.has(x.id))
              .map((x) => ({ value: x.id, label: x.name }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** A searchable pick of a cadre from the directory that also shows the current choice by name. */
function CadrePicker(props: {
  value?: string | null;
  onChange?: (v: string | null) => void;
  current?: Option | null;
}) {
  const [q, setQ] = useState('');
  // Labels of choices that may not be among the current search results (the saved one, the picked one).
  const [known, setKnown] = useState<Map<string, string>>(
    () => new Map(props.current ? [[props.current.value, props.current.label]] : []),
  );
  const res = useQuery({
    queryKey: ['org', 'directory', 'cadres', q],
    queryFn: () =>
      api.get<{ items: DirectoryCadre[] }>(`/api/org/directory/cadres${qs({ q, pageSize: 30 })}`),
  });
  const options: Option[] = (res.data?.items ?? []).map((c) => ({
    value: c.id,
    label: `${c.name}（${c.unitName ?? ''} ${c.post ?? ''}）`,
  }));
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setQ }}
      allowClear
      value={props.value ?? undefined}
      onChange={(v: string | undefined, opt) => {
        if (v && opt && !Array.isArray(opt)) setKnown((m) => new Map(m).set(v, String(opt.label)));
        props.onChange?.(v ?? null);
      }}
      labelRender={(p) => p.label ?? known.get(String(p.value)) ?? String(p.value)}
      placeholder="输入姓名或职务搜索"
      loading={res.isLoading}
      options={options}
      notFoundContent={res.isLoading ? '加载中…' : '无匹配结果'}
      data-testid="group-leader"
    />
  );
}

function GroupsModal(props: { open: boolean; onClose(): void }) {
  const groups = useLiaisonGroups();
  const [editing, setEditing] = useState<{ group: LiaisonGroupItem | null } | null>(null);
  return (
    <Modal
      open={props.open}
      title="编组管理"
      onCancel={props.onClose}
      footer={
        <div style={{ display: 'flex', justifyContent: 'space-between' }}>
          <Button icon={<PlusOutlined />} onClick={() => setEditing({ group: null })}>
            新建编组
          </Button>
          <Button onClick={props.onClose}>关闭</Button>
        </div>
      }
      width={760}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        每个编组由一名部务会成员包联；单位归属哪个编组，在“编辑单位”中调整。
      </Typography.Paragraph>
      <Table<LiaisonGroupItem>
        rowKey="id"
        size="small"
        loading={groups.isLoading}
        dataSource={groups.data}
        pagination={false}
        data-testid="group-table"
        columns={[
          { title: '名称', dataIndex: 'name' },
          {
            title: '包联领导',
            render: (_, g) =>
              g.leaderName ? (
                <Space size={4} wrap>
                  <span>{g.leaderName}</span>
                  {g.leaderPost && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {g.leaderPost}
                    </Typography.Text>
                  )}
                </Space>
              ) : (
                <Typography.Text type="secondary">未指定</Typography.Text>
              ),
          },
          { title: '单位数', dataIndex: 'unitCount', width: 80 },
          {
            title: '操作',
            width: 80,
            render: (_, g) => (
              <Button type="link" onClick={() => setEditing({ group: g })} style={{ padding: 0 }}>
                编辑
              </Button>
            ),
          },
        ]}
      />
      {editing && (
        <GroupEditModal
          group={editing.group}
          nextSort={(groups.data ?? []).reduce((m, g) => Math.max(m, g.sort), -1) + 1}
          onClose={() => setEditing(null)}
        />
      )}
    </Modal>
  );
}

function GroupEditModal(props: { group: LiaisonGroupItem | null; nextSort: number; onClose(): void }) {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ name: string; leaderCadreId?: string | null; sort?: number | null }>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const g = props.group;
  const current: Option | null =
    g?.leaderCadreId && g.leaderName
      ? { value: g.leaderCadreId, label: `${g.leaderName}${g.leaderPost ? `（${g.leaderPost}）` : ''}` }
      : null;
  const footerNote: ReactNode = (
    <Typography.Text type="secondary">包联领导从干部通讯录中选择。</Typography.Text>
  );
  return (
    <Modal
      open
      title={g ? `编辑编组：${g.name}` : '新建编组'}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText="保存"
      confirmLoading={busy}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          name: g?.name,
          leaderCadreId: g?.leaderCadreId ?? null,
          sort: g?.sort ?? props.nextSort,
        }}
        onFinish={async (v) => {
          setBusy(true);
          try {
            const body = { name: v.name, leaderCadreId: v.leaderCadreId ?? null, sort: v.sort ?? 0 };
            if (g) await api.put(`/api/org/liaison-groups/${g.id}`, body);
            else await api.post('/api/org/liaison-groups', body);
            setError(null);
            message.success('编组已保存');
            qc.invalidateQueries({ queryKey: ['org', 'liaison-groups'] });
            qc.invalidateQueries({ queryKey: ['org', 'units'] });
            qc.invalidateQueries({ queryKey: ['org', 'unit'] });
            props.onClose();
          } catch (e) {
            setError(errorText(e));
          } finally {
            setBusy(false);
          }
        }}
      >
        <Form.Item
          name="name"
          label="名称"
          rules={[
            { required: true, whitespace: true, message: '请填写编组名称' },
            { max: 60, message: '不能超过 60 个字' },
          ]}
        >
          <Input placeholder="如：第一编组" />
        </Form.Item>
        <Form.Item name="leaderCadreId" label="包联领导" extra={footerNote}>
          <CadrePicker current={current} />
        </Form.Item>
        <Form.Item name="sort" label="排序">
          <InputNumber min={0} max={1000} precision={0} style={{ width: 160 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
