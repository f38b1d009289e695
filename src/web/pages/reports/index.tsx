import { FileAddOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Input, Select, Space, Table } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import {
  REPORT_STATUS_LABELS,
  REPORT_STATUSES,
  type ReportStatus,
  reportsApi,
} from '../../../common/contracts/reports.ts';
import { call } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { errorText } from '../../components/errors.ts';
import { fmtTime } from '../../components/format.ts';
import { Page } from '../../components/page.tsx';
import { DraftModal } from './components/draft-modal.tsx';
import { StatusTag } from './components/status-tag.tsx';

/** 干部考察材料: the department's list (a cadre sees their own released ones). */
export default function ReportsPage() {
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const [drafting, setDrafting] = useState(false);
  const status = (params.get('status') as ReportStatus | null) ?? undefined;
  const q = params.get('q') ?? undefined;
  /** From a promotion proposal: that cadre's reports, and a draft for them. */
  const cadreId = params.get('cadreId') ?? undefined;
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
    queryKey: ['reports', 'list', status, q, cadreId, page],
    queryFn: () => call(reportsApi.list, { query: { status, q, cadreId, page, pageSize: 20 } }),
  });
  const dept = can('reports.draft');
  return (
    <Page
      title={dept ? '干部考察材料' : '我的考察材料'}
      subtitle="按德、能、勤、绩、廉和主要不足撰写，每条表述可追溯到平台记录；考察组起草修改，组织部领导定稿"
      permission="reports.read"
      extra={
        dept && (
          <Button
            type="primary"
            icon={<FileAddOutlined />}
            onClick={() => setDrafting(true)}
            data-testid="report-new"
          >
            起草考察材料
          </Button>
        )
      }
    >
      <Card>
        {dept && (
          <Space wrap style={{ marginBottom: 16 }}>
            <Select
              allowClear
              placeholder="状态"
              style={{ width: 120 }}
              value={status}
              options={REPORT_STATUSES.map((s) => ({ value: s, label: REPORT_STATUS_LABELS[s] }))}
              onChange={(v) => set({ status: v })}
            />
            <Input.Search
              allowClear
              placeholder="干部姓名或单位"
              defaultValue={q}
              style={{ width: 240 }}
              onSearch={(v) => set({ q: v || undefined })}
            />
          </Space>
        )}
        {list.isError && (
          <Alert type="error" showIcon title={errorText(list.error)} style={{ marginBottom: 12 }} />
        )}
        <Table
          rowKey="id"
          data-testid="reports-table"
          loading={list.isLoading}
          dataSource={list.data?.items ?? []}
          locale={{
            emptyText: dept ? '尚无考察材料，点击“起草考察材料”根据平台记录起草' : '暂无已发布的考察材料',
          }}
          pagination={{
            current: page,
            pageSize: 20,
            total: list.data?.total ?? 0,
            hideOnSinglePage: true,
            onChange: (p) => set({ page: String(p) }),
          }}
          columns={[
            {
              title: '干部',
              width: 110,
              render: (_, r) => (
                <Link to={`/reports/cadre-reports/${r.id}`} data-testid="report-link">
                  {r.cadre.name}
                </Link>
              ),
            },
            {
              title: '单位职务',
              render: (_, r) => [r.cadre.unitName, r.cadre.post].filter(Boolean).join(' ') || '—',
            },
            { title: '考察期', width: 220, render: (_, r) => `${r.from} 至 ${r.to}` },
            { title: '状态', render: (_, r) => <StatusTag status={r.status} released={r.released} /> },
            { title: '版本', dataIndex: 'version', width: 80, render: (v: number) => `第 ${v} 版` },
            { title: '最后修改', render: (_, r) => `${r.updated.byName ?? '—'} ${fmtTime(r.updated.at)}` },
          ]}
        />
      </Card>
      <DraftModal open={drafting} onClose={() => setDrafting(false)} cadreId={cadreId} />
    </Page>
  );
}
