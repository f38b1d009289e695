import { EditOutlined } from '@ant-design/icons';
import { type UseQueryResult, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Skeleton, Space, Table, Tabs, Tag, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { orgApi, UNIT_KIND_LABELS } from '../../../../common/contracts/org.ts';
import { call } from '../../../api/client.ts';
import { errorText } from '../../../components/errors.ts';
import { DivisionTab } from '../division/division-tab.tsx';
import { type CadreItem, TEAM_PLACE_COLORS, type UnitItem, useLiaisonGroups } from '../org-options.ts';

/** The selected unit: its data, and (where the reader may see them) its team and division. */
export function UnitDetail(props: { unitId: string; allUnits: UnitItem[]; onEdit(u: UnitItem): void }) {
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'division' ? 'division' : 'team';
  const unit = useQuery({
    queryKey: ['org', 'unit', props.unitId],
    queryFn: () => call(orgApi.getUnit, { params: { id: props.unitId } }),
  });
  const groups = useLiaisonGroups();
  const visible = !!unit.data?.can.team;
  const cadres = useQuery({
    queryKey: ['org', 'cadres', { unitId: props.unitId, pageSize: 100 }],
    queryFn: () => call(orgApi.listCadres, { query: { unitId: props.unitId, pageSize: 100 } }),
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
          u.can.edit && (
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
                  <DivisionTab unit={u} cadres={cadres.data?.items ?? []} cadresLoading={cadres.isLoading} />
                ),
              },
            ]}
          />
        </Card>
      )}
    </Space>
  );
}

function TeamTable(props: { cadres: UseQueryResult<{ items: CadreItem[] }> }) {
  const { cadres } = props;
  if (cadres.isError) return <Alert type="error" title={errorText(cadres.error)} />;
  return (
    <Table<CadreItem>
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
