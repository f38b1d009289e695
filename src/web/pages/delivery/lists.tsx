import { UploadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Input, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router';
import type { WireOf } from '../../../common/api.ts';
import { deliveryApi } from '../../../common/contracts/delivery.ts';
import { orgApi } from '../../../common/contracts/org.ts';
import { call } from '../../api/client.ts';
import { errorText } from '../../components/errors.ts';
import { ImportModal } from '../../components/import-modal.tsx';
import { Page } from '../../components/page.tsx';
import { RemoteSelect } from '../../components/remote-select.tsx';
import {
  LIST_STATUS_OPTIONS,
  LIST_STATUS_TAGS,
  type ListRowStatus,
  yearOptions,
} from './delivery-options.ts';

type ListRow = WireOf<typeof deliveryApi.lists>['items'][number];

const STATUSES: readonly string[] = ['none', 'draft', 'submitted', 'confirmed'];

function useListFilters() {
  const [params, setParams] = useSearchParams();
  const thisYear = dayjs().year();
  const y = Number(params.get('year'));
  const year = Number.isInteger(y) && y >= 2000 && y <= 2100 ? y : thisYear;
  const s = params.get('status') ?? '';
  const status = (STATUSES.includes(s) ? s : undefined) as ListRowStatus | undefined;
  const unitId = params.get('unitId') || undefined;
  const q = params.get('q') || undefined;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const pageSize = Math.min(200, Math.max(1, Number(params.get('pageSize')) || 20));
  const update = (patch: Record<string, string | number | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, String(v));
    }
    if (!('page' in patch)) next.delete('page');
    if (next.get('page') === '1') next.delete('page');
    if (next.get('pageSize') === '20') next.delete('pageSize');
    setParams(next);
  };
  return { year, status, unitId, q, page, pageSize, update, clear: () => setParams({ year: String(year) }) };
}

export default function DeliveryListsPage() {
  const qc = useQueryClient();
  const { year, status, unitId, q, page, pageSize, update, clear } = useListFilters();
  const [importing, setImporting] = useState(false);

  const list = useQuery({
    queryKey: ['delivery', 'lists', { year, status, unitId, q, page, pageSize }],
    queryFn: () => call(deliveryApi.lists, { query: { year, status, unitId, q, page, pageSize } }),
    placeholderData: keepPreviousData,
  });
  const answer = list.data;

  // A reader whose scope is one cadre (a cadre) has one list a year: theirs.
  if (answer?.ownCadreId) return <Navigate to={`/delivery/lists/${answer.ownCadreId}/${year}`} replace />;

  const canImport = !!answer?.can.import;
  const filtered = !!(status || unitId || q);

  return (
    <Page
      title="年度干事清单"
      subtitle="领导干部年度“干事清单”的制定、确认与月度履职交付。点击姓名查看清单、进度与差距。"
      permission="delivery.read"
      extra={
        canImport && (
          <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="lists-import">
            导入清单
          </Button>
        )
      }
    >
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <Select
            style={{ width: 130 }}
            value={year}
            options={yearOptions(year)}
            onChange={(y) => update({ year: y })}
            data-testid="lists-year"
          />
          <Input.Search
            key={q ?? ''}
            defaultValue={q}
            placeholder="姓名"
            allowClear
            onSearch={(v) => update({ q: v.trim() || undefined })}
            style={{ width: 200 }}
            data-testid="lists-search"
          />
          <RemoteSelect
            list={orgApi.listUnits}
            one={orgApi.getUnit}
            label={(u) => u.name}
            placeholder="单位"
            style={{ width: 220 }}
            value={unitId}
            onChange={(unitId) => update({ unitId })}
            data-testid="lists-unit"
          />
          <Select
            allowClear
            placeholder="状态"
            style={{ width: 120 }}
            value={status}
            options={LIST_STATUS_OPTIONS}
            onChange={(v) => update({ status: v })}
            data-testid="lists-status"
          />
          {filtered && (
            <Button type="link" onClick={clear}>
              清除筛选
            </Button>
          )}
        </Space>
        {list.error && (
          <Alert type="error" showIcon title={errorText(list.error)} style={{ marginBottom: 16 }} />
        )}
        <Table<ListRow>
          rowKey="cadreId"
          size="middle"
          scroll={{ x: 860 }}
          loading={list.isFetching}
          dataSource={answer?.items}
          data-testid="lists-table"
          locale={{
            emptyText: (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={filtered ? '没有符合条件的干部' : `${year} 年度暂无可查看的干部`}
              />
            ),
          }}
          pagination={{
            current: page,
            pageSize,
            total: answer?.total,
            showSizeChanger: true,
            showTotal: (t) => `共 ${t} 人`,
            onChange: (p, s) => update({ page: s !== pageSize ? 1 : p, pageSize: s }),
          }}
          columns={[
            {
              title: '姓名',
              dataIndex: 'name',
              width: 110,
              render: (name: string, r) => <Link to={`/delivery/lists/${r.cadreId}/${year}`}>{name}</Link>,
            },
            {
              title: '单位',
              dataIndex: 'unitName',
              width: 200,
              render: (v: string | null) => v ?? '—',
            },
            { title: '职务', dataIndex: 'post', width: 200, render: (v: string | null) => v ?? '—' },
            {
              title: '状态',
              dataIndex: 'status',
              width: 90,
              render: (s: ListRowStatus) => {
                const t = LIST_STATUS_TAGS[s] ?? { label: s, color: 'default' };
                return <Tag color={t.color}>{t.label}</Tag>;
              },
            },
            {
              title: '事项数',
              dataIndex: 'items',
              width: 80,
              align: 'right',
              render: (n: number, r) => (r.status === 'none' ? '—' : n),
            },
            {
              title: '不在分工范围',
              dataIndex: 'outOfScope',
              width: 120,
              align: 'right',
              render: (n: number) =>
                n > 0 ? (
                  <Typography.Text style={{ color: '#fa8c16', fontWeight: 500 }}>{n}</Typography.Text>
                ) : (
                  <Typography.Text type="secondary">0</Typography.Text>
                ),
            },
          ]}
        />
      </Card>
      <ImportModal
        open={importing}
        onClose={() => setImporting(false)}
        kind="delivery.items"
        title="导入年度干事清单"
        accept=".xlsx,.csv"
        counted={{ unit: '项' }}
        onDone={() => qc.invalidateQueries({ queryKey: ['delivery'] })}
      />
    </Page>
  );
}
