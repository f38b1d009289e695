import { BulbOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Input, Select, Space } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import {
  developmentApi,
  PLAN_KIND_LABELS,
  PLAN_KINDS,
  PLAN_STATUS_LABELS,
  type PlanKind,
} from '../../../common/contracts/development.ts';
import { call } from '../../api/client.ts';
import { errorText } from '../../components/errors.ts';
import { Page } from '../../components/page.tsx';
import { PlanFormModal } from './components/plan-form.tsx';
import { PlanTable } from './components/plan-table.tsx';

/** 一人一策培养计划: every plan, filtered by status, kind and name. */
export default function DevelopmentPlansPage() {
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const status = (params.get('status') as 'active' | 'ended' | null) ?? undefined;
  const kind = (params.get('kind') as PlanKind | null) ?? undefined;
  const q = params.get('q') ?? undefined;
  const page = Number(params.get('page')) || 1;
  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries({ ...patch, page: patch.page })) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next);
  };
  const list = useQuery({
    queryKey: ['development', 'plans', status, kind, q, page],
    queryFn: () => call(developmentApi.plans, { query: { status, kind, q, page, pageSize: 20 } }),
  });
  const filtered = !!(status || kind || q);
  return (
    <Page
      title="一人一策培养计划"
      subtitle="针对干部在政绩观、能力上的短板量身定制：履职辅导期（结对帮带 + 压担历练）、专题研修、压力岗攻坚"
      permission="development.manage"
      extra={
        <Space>
          <Link to="/development/suggestions">
            <Button icon={<BulbOutlined />}>按证据提出的建议</Button>
          </Link>
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="plan-new"
          >
            制定培养计划
          </Button>
        </Space>
      }
    >
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <Select
            allowClear
            placeholder="状态"
            style={{ width: 120 }}
            value={status}
            options={(['active', 'ended'] as const).map((s) => ({ value: s, label: PLAN_STATUS_LABELS[s] }))}
            onChange={(v) => set({ status: v })}
            data-testid="plans-status"
          />
          <Select
            allowClear
            placeholder="培养方式"
            style={{ width: 140 }}
            value={kind}
            options={PLAN_KINDS.map((k) => ({ value: k, label: PLAN_KIND_LABELS[k] }))}
            onChange={(v) => set({ kind: v })}
          />
          <Input.Search
            allowClear
            placeholder="干部姓名或计划名称"
            defaultValue={q}
            style={{ width: 240 }}
            onSearch={(v) => set({ q: v || undefined })}
          />
        </Space>
        {list.isError && (
          <Alert type="error" showIcon title={errorText(list.error)} style={{ marginBottom: 12 }} />
        )}
        <PlanTable
          rows={list.data?.items ?? []}
          loading={list.isLoading}
          empty={
            filtered ? '没有符合条件的培养计划' : '尚未制定培养计划。可从“按证据提出的建议”中据实绩记录制定。'
          }
          pagination={{
            current: page,
            pageSize: 20,
            total: list.data?.total ?? 0,
            hideOnSinglePage: true,
            onChange: (p) => set({ page: String(p) }),
          }}
        />
      </Card>
      <PlanFormModal open={creating} onClose={() => setCreating(false)} />
    </Page>
  );
}
