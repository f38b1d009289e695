import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Input,
  Segmented,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { sceneApi } from '../../../common/contracts/scene.ts';
import { call } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { errorText } from '../../components/errors.ts';
import { Page } from '../../components/page.tsx';
import { ActivityModal } from './activity-form.tsx';
import { KindTag } from './scene-bits.tsx';
import { type ActivityListItem, SCENE_KIND_OPTIONS, type SceneKind, yearOptions } from './scene-options.ts';

export default function ActivitiesPage() {
  const { can } = useSession();
  const { message } = App.useApp();
  const nav = useNavigate();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const kind = SCENE_KIND_OPTIONS.some((o) => o.value === params.get('kind'))
    ? (params.get('kind') as SceneKind)
    : undefined;
  const year = /^\d{4}$/.test(params.get('year') ?? '') ? Number(params.get('year')) : undefined;
  const q = params.get('q')?.trim() || undefined;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const pageSize = 20;
  const set = (patch: Record<string, string | number | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, String(v));
    }
    if (!('page' in patch) || patch.page === 1) next.delete('page');
    setParams(next, { replace: true });
  };
  const list = useQuery({
    queryKey: ['scene', 'activities', { kind, year, q, page }],
    queryFn: () => call(sceneApi.list, { query: { kind, year, q, page, pageSize } }),
    placeholderData: keepPreviousData,
    enabled: can('scene.read'),
  });
  const filtered = !!(kind || year || q);
  const mayCreate = list.data?.can.create ?? false;

  return (
    <Page
      title="现场考察活动"
      subtitle="走进现场察担当：列席党委（党组）会议、急难险重专项考察和破难挑战活动，记录干部在关键时刻的表现。"
      permission="scene.read"
      extra={
        mayCreate && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="activity-create"
          >
            登记活动
          </Button>
        )
      }
    >
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <Segmented
            value={kind ?? ''}
            onChange={(v) => set({ kind: v ? String(v) : undefined })}
            options={[{ value: '', label: '全部' }, ...SCENE_KIND_OPTIONS]}
            data-testid="activities-kind"
          />
          <Select
            allowClear
            placeholder="全部年份"
            style={{ width: 120 }}
            value={year}
            options={yearOptions()}
            onChange={(v) => set({ year: v })}
            data-testid="activities-year"
          />
          <Input.Search
            key={q ?? ''}
            defaultValue={q}
            placeholder="活动名称"
            allowClear
            maxLength={30}
            onSearch={(v) => set({ q: v.trim() || undefined })}
            style={{ width: 220 }}
            data-testid="activities-search"
          />
          {filtered && (
            <Button type="link" onClick={() => setParams(new URLSearchParams(), { replace: true })}>
              清除筛选
            </Button>
          )}
        </Space>
        {list.isError && (
          <Alert type="error" showIcon title={errorText(list.error)} style={{ marginBottom: 12 }} />
        )}
        <Table<ActivityListItem>
          rowKey="id"
          loading={list.isFetching && !list.data}
          dataSource={list.data?.items}
          data-testid="activity-table"
          scroll={{ x: 980 }}
          pagination={{
            current: page,
            pageSize,
            total: list.data?.total ?? 0,
            hideOnSinglePage: true,
            showSizeChanger: false,
            showTotal: (n) => `共 ${n} 场次`,
            onChange: (p) => set({ page: p }),
          }}
          locale={{
            emptyText: (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={
                  filtered
                    ? '没有符合条件的活动'
                    : mayCreate
                      ? '尚无活动，点击右上角“登记活动”开始'
                      : '尚无活动'
                }
              />
            ),
          }}
          onRow={(a) => ({ onClick: () => nav(`/scene/activities/${a.id}`), style: { cursor: 'pointer' } })}
          columns={[
            {
              title: '日期',
              dataIndex: 'startsOn',
              width: 190,
              render: (v: string, a) => (a.endsOn === v ? v : `${v} 至 ${a.endsOn.slice(5)}`),
            },
            {
              title: '类型',
              dataIndex: 'kind',
              width: 150,
              render: (k: SceneKind, a) => <KindTag kind={k} subtype={a.subtype} />,
            },
            {
              title: '活动',
              dataIndex: 'title',
              render: (v: string, a) => (
                <Space orientation="vertical" size={0}>
                  <Link to={`/scene/activities/${a.id}`} onClick={(e) => e.stopPropagation()}>
                    {v}
                  </Link>
                  {(a.unitName || a.place) && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {[a.unitName, a.place].filter(Boolean).join(' · ')}
                    </Typography.Text>
                  )}
                </Space>
              ),
            },
            {
              title: '考察干部',
              width: 100,
              align: 'right',
              render: (_, a) => (a.kind === 'event' ? `${a.scored} 人参赛` : `${a.observed} 人`),
            },
            {
              title: '担当作为突出',
              dataIndex: 'outstanding',
              width: 120,
              align: 'right',
              render: (n: number) =>
                n > 0 ? (
                  <Tag color="success" style={{ marginInlineEnd: 0 }}>
                    {n} 人
                  </Tag>
                ) : (
                  <Typography.Text type="secondary">—</Typography.Text>
                ),
            },
          ]}
        />
      </Card>
      <ActivityModal
        open={creating}
        onClose={() => setCreating(false)}
        onDone={(id) => {
          setCreating(false);
          message.success('活动已登记');
          qc.invalidateQueries({ queryKey: ['scene'] });
          nav(`/scene/activities/${id}`);
        }}
      />
    </Page>
  );
}
