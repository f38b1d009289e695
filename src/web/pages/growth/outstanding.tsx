import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { WireOf } from '../../../common/api.ts';
import { growthApi } from '../../../common/contracts/growth.ts';
import { call } from '../../api/client.ts';
import { errorText } from '../../components/errors.ts';
import { fmtTime } from '../../components/format.ts';
import { Page } from '../../components/page.tsx';
import { RecordLinks } from './components/record-links.tsx';

type Item = WireOf<typeof growthApi.outstanding>['items'][number];
const STATUS: Record<Item['status'], [string, string]> = {
  proposed: ['待确认', 'orange'],
  confirmed: ['已确认', 'red'],
  declined: ['不予确认', 'default'],
};

/** 脱颖而出: the cadres the year's rule finds, each with reasons and evidence, confirmed by a leader. */
export default function GrowthOutstandingPage() {
  const [params, setParams] = useSearchParams();
  const year = Number(params.get('year')) || new Date().getFullYear();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [declining, setDeclining] = useState<Item | null>(null);
  const [note, setNote] = useState('');
  const q = useQuery({
    queryKey: ['growth', 'outstanding', year],
    queryFn: () => call(growthApi.outstanding, { query: { year } }),
  });
  const decide = useMutation({
    mutationFn: (v: { id: string; confirm: boolean; note?: string }) =>
      v.confirm
        ? call(growthApi.confirmOutstanding, { params: { id: v.id }, body: {} })
        : call(growthApi.declineOutstanding, { params: { id: v.id }, body: { note: v.note ?? '' } }),
    onSuccess: async (_r, v) => {
      message.success(v.confirm ? '已确认，记入干部时间轴' : '已记录不予确认的理由');
      setDeclining(null);
      setNote('');
      await qc.invalidateQueries({ queryKey: ['growth'] });
    },
    onError: (e) => message.error(errorText(e)),
  });
  const items = q.data?.items ?? [];
  return (
    <Page
      title="脱颖而出的优秀干部"
      subtitle={`按第 ${q.data?.ruleVersion ?? '—'} 版规则测算提出，组织部门确认。已确认 ${items.filter((i) => i.status === 'confirmed').length} 人，待确认 ${items.filter((i) => i.status === 'proposed').length} 人。`}
      permission="growth.read"
      extra={
        <Select
          style={{ width: 120 }}
          value={year}
          options={[0, 1, 2].map((k) => ({
            value: new Date().getFullYear() - k,
            label: `${new Date().getFullYear() - k}年`,
          }))}
          onChange={(v) => setParams({ year: String(v) })}
        />
      }
    >
      <Card>
        <Table
          rowKey="id"
          loading={q.isLoading}
          dataSource={items}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: '本年度尚无测算提出的人选' }}
          data-testid="outstanding-table"
          expandable={{
            expandedRowRender: (i) => (
              <div>
                {i.reasons.map((r) => (
                  <div key={r.text} style={{ marginBottom: 6 }}>
                    <Typography.Text>· {r.text}</Typography.Text>
                    {r.evidence.length > 0 && (
                      <div style={{ paddingLeft: 12 }}>
                        <RecordLinks records={r.evidence} />
                      </div>
                    )}
                  </div>
                ))}
                {i.decisionNote && (
                  <Typography.Text type="secondary">决定说明：{i.decisionNote}</Typography.Text>
                )}
              </div>
            ),
          }}
          columns={[
            {
              title: '干部',
              dataIndex: ['cadre', 'name'],
              render: (n: string, i: Item) => <Link to={`/growth/cadres/${i.cadre.id}`}>{n}</Link>,
            },
            { title: '单位', dataIndex: ['cadre', 'unitName'] },
            { title: '职务', dataIndex: ['cadre', 'post'], ellipsis: true },
            {
              title: '综合本人贡献',
              dataIndex: 'composite',
              align: 'right',
              render: (v: number | null, i: Item) =>
                v === null ? '—' : `${v.toFixed(1)} ± ${(1.96 * (i.compositeSe ?? 0)).toFixed(1)}`,
            },
            {
              title: '居前概率',
              dataIndex: 'probability',
              align: 'right',
              render: (p: number) => `${Math.round(p * 100)}%`,
            },
            {
              title: '状态',
              dataIndex: 'status',
              render: (s: Item['status'], i: Item) => (
                <Space orientation="vertical" size={0}>
                  <Tag color={STATUS[s][1]}>{STATUS[s][0]}</Tag>
                  {i.decidedAt && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {i.decidedByName} {fmtTime(i.decidedAt)}
                    </Typography.Text>
                  )}
                </Space>
              ),
            },
            {
              title: '操作',
              key: 'op',
              render: (_: unknown, i: Item) =>
                i.can.decide ? (
                  <Space>
                    <Button
                      size="small"
                      type="primary"
                      loading={decide.isPending}
                      onClick={() => decide.mutate({ id: i.id, confirm: true })}
                      data-testid="outstanding-confirm"
                    >
                      确认
                    </Button>
                    <Button size="small" onClick={() => setDeclining(i)}>
                      不予确认
                    </Button>
                  </Space>
                ) : null,
            },
          ]}
        />
      </Card>
      <Modal
        open={!!declining}
        title={`不予确认：${declining?.cadre.name ?? ''}`}
        okText="确定"
        okButtonProps={{ disabled: note.trim().length < 2, loading: decide.isPending }}
        onOk={() => declining && decide.mutate({ id: declining.id, confirm: false, note })}
        onCancel={() => setDeclining(null)}
        destroyOnHidden
      >
        <Input.TextArea
          rows={3}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder="请写明理由"
          maxLength={500}
        />
      </Modal>
    </Page>
  );
}
