import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Card, Checkbox, Empty, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { ENTRY_TAGS, opinionApi, RATER_GROUPS } from '../../../common/contracts/opinion.ts';
import { call } from '../../api/client.ts';
import { errorText } from '../../components/errors.ts';
import { Page } from '../../components/page.tsx';
import { EntryTags } from './entry-tags.tsx';
import {
  ENTRY_TAG_OPTIONS,
  type EntryRow,
  groupLabel,
  labelFilter,
  RATER_GROUP_COLORS,
  RATER_GROUP_OPTIONS,
  type RaterGroup,
  useCampaignOptions,
} from './opinion-options.ts';

const UUID = /^[0-9a-f-]{36}$/i;

/** The filters kept in the address bar. */
function useEntryFilters() {
  const [params, setParams] = useSearchParams();
  const campaignId = UUID.test(params.get('campaignId') ?? '') ? params.get('campaignId')! : undefined;
  const group = (RATER_GROUPS as readonly string[]).includes(params.get('group') ?? '')
    ? (params.get('group') as RaterGroup)
    : undefined;
  const tag = (ENTRY_TAGS as readonly string[]).includes(params.get('tag') ?? '')
    ? params.get('tag')!
    : undefined;
  const untagged = params.get('untagged') === 'true' ? true : undefined;
  const q = params.get('q')?.trim() || undefined;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const pageSize = Math.min(100, Math.max(1, Number(params.get('pageSize')) || 20));
  const update = (patch: Record<string, string | number | boolean | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === '' || v === false) next.delete(k);
      else next.set(k, String(v));
    }
    if (!('page' in patch)) next.delete('page');
    if (next.get('page') === '1') next.delete('page');
    setParams(next);
  };
  return { filters: { campaignId, group, tag, untagged, q }, page, pageSize, update };
}

export default function EntriesPage() {
  const { filters, page, pageSize, update } = useEntryFilters();
  const campaigns = useCampaignOptions();
  const list = useQuery({
    queryKey: ['opinion', 'entries', filters, page, pageSize],
    queryFn: () => call(opinionApi.entries, { query: { ...filters, page, pageSize } }),
    placeholderData: keepPreviousData,
  });
  const counts = new Map((list.data?.tagCounts ?? []).map((t) => [t.tag, t.n]));

  return (
    <Page
      title="评价内容"
      subtitle="测评中收集的意见建议，按主题标注后可汇总分析。只列出单独满 5 份的评价者组的内容，不显示评价者。"
      permission="opinion.read"
    >
      <Card>
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <Space wrap>
            <Select
              allowClear
              placeholder="全部测评"
              showSearch={labelFilter}
              style={{ width: 260 }}
              loading={campaigns.isLoading}
              value={filters.campaignId}
              options={campaigns.data ?? []}
              onChange={(v) => update({ campaignId: v })}
              data-testid="entries-campaign"
            />
            <Select
              allowClear
              placeholder="评价者组"
              style={{ width: 170 }}
              value={filters.group}
              options={RATER_GROUP_OPTIONS}
              onChange={(v) => update({ group: v })}
              data-testid="entries-group"
            />
            <Select
              allowClear
              placeholder="主题"
              style={{ width: 130 }}
              value={filters.tag}
              disabled={filters.untagged}
              options={ENTRY_TAG_OPTIONS}
              onChange={(v) => update({ tag: v })}
              data-testid="entries-tag"
            />
            <Checkbox
              checked={!!filters.untagged}
              onChange={(e) => update({ untagged: e.target.checked || undefined, tag: undefined })}
              data-testid="entries-untagged"
            >
              只看未标注
            </Checkbox>
            <Input.Search
              key={filters.q ?? ''}
              defaultValue={filters.q}
              placeholder="内容关键字"
              allowClear
              style={{ width: 220 }}
              onSearch={(v) => update({ q: v.trim() || undefined })}
              data-testid="entries-search"
            />
          </Space>
          <Space size={[6, 6]} wrap data-testid="entries-tag-counts">
            <Typography.Text type="secondary">
              {filters.campaignId ? '本次测评' : '全部测评'}已标注主题：
            </Typography.Text>
            {ENTRY_TAGS.map((t) => {
              const n = counts.get(t) ?? 0;
              const on = filters.tag === t;
              return (
                <Tag.CheckableTag
                  key={t}
                  checked={on}
                  onChange={(checked) => update({ tag: checked ? t : undefined, untagged: undefined })}
                  style={{ border: '1px solid #d9d9d9' }}
                >
                  {t} <b>{n}</b>
                </Tag.CheckableTag>
              );
            })}
          </Space>
          {list.isError && <Alert type="error" showIcon title={errorText(list.error)} />}
          <Table<EntryRow>
            rowKey="id"
            size="small"
            loading={list.isFetching && !list.data}
            dataSource={list.data?.items}
            data-testid="entries-table"
            scroll={{ x: 980 }}
            pagination={{
              current: page,
              pageSize,
              total: list.data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [20, 50, 100],
              showTotal: (n) => `共 ${n} 条`,
              onChange: (p, ps) => update(ps !== pageSize ? { pageSize: ps, page: 1 } : { page: p }),
            }}
            locale={{
              emptyText: (
                <Empty
                  image={Empty.PRESENTED_IMAGE_SIMPLE}
                  description={
                    Object.values(filters).some((v) => v !== undefined)
                      ? '没有符合条件的评价内容'
                      : '尚无评价内容：测评中评价者填写的意见建议会出现在这里'
                  }
                />
              ),
            }}
            columns={[
              {
                title: '内容',
                dataIndex: 'text',
                render: (v: string) => <span style={{ whiteSpace: 'pre-wrap' }}>{v}</span>,
              },
              {
                title: '被评价干部',
                key: 'cadre',
                width: 200,
                render: (_, e) => (
                  <Space orientation="vertical" size={0}>
                    <Link to={`/opinion/campaigns/${e.campaignId}/cadres/${e.cadreId}`}>{e.cadreName}</Link>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {e.unitName ?? ''}
                    </Typography.Text>
                  </Space>
                ),
              },
              {
                title: '测评 · 评价者组',
                key: 'campaign',
                width: 220,
                render: (_, e) => (
                  <Space orientation="vertical" size={2}>
                    <Link to={`/opinion/campaigns/${e.campaignId}`} style={{ fontSize: 12 }}>
                      {e.campaignTitle}
                    </Link>
                    <Tag color={RATER_GROUP_COLORS[e.group]}>{groupLabel(e.group)}</Tag>
                  </Space>
                ),
              },
              {
                title: '主题',
                dataIndex: 'tags',
                width: 260,
                render: (tags: string[], e) => (
                  // Keyed by the tags too: a row shown from a stale cache takes the fresh tags when they come.
                  <EntryTags key={`${e.id}|${tags.join()}`} id={e.id} tags={tags} editable={e.can.tag} />
                ),
              },
            ]}
          />
        </Space>
      </Card>
    </Page>
  );
}
