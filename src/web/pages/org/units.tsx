import { ApartmentOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Empty, Grid, Input, Row, Skeleton, Space, Tree, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Navigate, useNavigate, useParams, useSearchParams } from 'react-router';
import { orgApi } from '../../../common/contracts/org.ts';
import { call, qs } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { errorText } from '../../components/errors.ts';
import { Page } from '../../components/page.tsx';
import { GroupsModal } from './components/groups-modal.tsx';
import { UnitDetail } from './components/unit-detail.tsx';
import { UnitModal } from './components/unit-modal.tsx';
import type { UnitItem, UnitTreeNode } from './org-options.ts';

function flattenUnits(nodes: UnitTreeNode[], out: UnitItem[] = []): UnitItem[] {
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

/** 单位与编组: the unit tree by liaison group, and the selected unit. */
export default function UnitsPage() {
  const { id } = useParams();
  const { can } = useSession();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const manage = can('org.manage');
  const [q, setQ] = useState('');
  const [expanded, setExpanded] = useState<string[] | null>(null);
  const [unitModal, setUnitModal] = useState<{ unit: UnitItem | null } | null>(null);
  const [groupsOpen, setGroupsOpen] = useState(false);
  const screens = Grid.useBreakpoint();

  const answer = useQuery({
    queryKey: ['org', 'units', 'tree'],
    queryFn: () => call(orgApi.unitTree),
  });
  const tree = answer.data?.tree;
  const allUnits = useMemo(() => flattenUnits(tree ?? []), [tree]);
  const shown = useMemo(() => filterTree(tree ?? [], q.trim()), [tree, q]);

  // Bring the selected unit into view in the tree (opened from a link or as a unit administrator).
  const treeBox = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const box = treeBox.current;
    const el = id && tree ? box?.querySelector(`[data-unit-id="${id}"]`) : null;
    if (!box || !el) return;
    // Scroll only the tree's own box, never the page.
    const b = box.getBoundingClientRect();
    const e = el.getBoundingClientRect();
    if (e.top < b.top || e.bottom > b.bottom) box.scrollTop += e.top - b.top - b.height / 3;
  }, [id, tree]);

  // The page opens on the unit the server names (a unit administrator's own).
  const home = answer.data?.home;
  if (!id && home) {
    const query = params.toString();
    return <Navigate to={`/org/units/${home}${query ? `?${query}` : ''}`} replace />;
  }

  const groupKeys = (tree ?? []).map((n) => n.key);
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
            {answer.isLoading ? (
              <Skeleton active />
            ) : answer.isError ? (
              <Alert type="error" title={errorText(answer.error)} />
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
