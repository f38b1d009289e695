import { Card, Input, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import type { WireOf } from '../../../../common/api.ts';
import type { growthApi } from '../../../../common/contracts/growth.ts';

type Point = WireOf<typeof growthApi.county>['points'][number];

const signed = (v: number | null, se?: number | null) =>
  v === null
    ? '—'
    : `${v >= 0 ? '+' : ''}${v.toFixed(1)}${se === null || se === undefined ? '' : ` ± ${(1.96 * se).toFixed(1)}`}`;

/**
 * The quarter's cadres in a table, ranked by own contribution (those whose split cannot be made
 * last, by their comparison within the unit), with a search by name or unit.
 */
export function CountyTable(props: { points: Point[]; quarter: string }) {
  const [search, setSearch] = useState('');
  const ranked = useMemo(() => {
    const sorted = [...props.points].sort(
      (a, b) =>
        Number(b.identified) - Number(a.identified) || (b.own ?? b.withinUnit) - (a.own ?? a.withinUnit),
    );
    return sorted.map((p, i) => ({ ...p, rank: p.identified ? i + 1 : null }));
  }, [props.points]);
  const shown = search.trim()
    ? ranked.filter((p) => p.name.includes(search.trim()) || (p.unitName ?? '').includes(search.trim()))
    : ranked;
  return (
    <Card
      title="干部本人贡献"
      style={{ marginBottom: 16 }}
      extra={
        <Input.Search
          allowClear
          placeholder="姓名或单位"
          style={{ width: 220 }}
          onSearch={setSearch}
          onChange={(e) => !e.target.value && setSearch('')}
          data-testid="growth-search"
        />
      }
    >
      <Table
        size="small"
        rowKey="cadreId"
        dataSource={shown}
        pagination={{ pageSize: 20, showSizeChanger: false, showTotal: (n) => `共 ${n} 人` }}
        locale={{ emptyText: '没有符合条件的干部' }}
        data-testid="growth-table"
        columns={[
          { title: '排名', dataIndex: 'rank', width: 64, render: (r: number | null) => r ?? '—' },
          {
            title: '干部',
            dataIndex: 'name',
            render: (n: string, p) => (
              <Link
                to={`/growth/cadres/${p.cadreId}?quarter=${props.quarter}`}
                data-testid="growth-cadre-link"
              >
                {n}
              </Link>
            ),
          },
          { title: '单位', dataIndex: 'unitName' },
          { title: '职级', dataIndex: 'rankName' },
          {
            title: '本人贡献（95% 区间）',
            dataIndex: 'own',
            align: 'right',
            render: (v: number | null, p) =>
              p.identified ? (
                signed(v, p.ownSe)
              ) : (
                <Typography.Text type="secondary">
                  无法区分（单位内比较 {signed(p.withinUnit)}）
                </Typography.Text>
              ),
          },
          { title: '平台效应', dataIndex: 'platform', align: 'right', render: (v: number) => signed(v) },
          {
            title: '',
            dataIndex: 'outstanding',
            width: 96,
            render: (o: boolean) => (o ? <Tag color="red">脱颖而出</Tag> : null),
          },
        ]}
      />
    </Card>
  );
}
