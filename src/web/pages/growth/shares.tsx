import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, Input, Modal, Segmented, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import type { WireOf } from '../../../common/api.ts';
import { growthApi } from '../../../common/contracts/growth.ts';
import { call } from '../../api/client.ts';
import { errorText } from '../../components/errors.ts';
import { Page } from '../../components/page.tsx';
import { type Declaration, DeclarationTable } from './components/declaration-table.tsx';
import { DeclareDrawer } from './components/declare-drawer.tsx';
import { VerifyDrawer } from './components/verify-drawer.tsx';

export type SharedTask = WireOf<typeof growthApi.sharedTasks>['items'][number];
type Status = 'all' | 'undeclared' | 'declared' | 'objected' | 'verified';

/**
 * 贡献份额: key tasks with several responsible cadres. The lead unit declares each cadre's role and
 * share, each cadre may object to their own, the organization department verifies or corrects.
 */
export default function GrowthSharesPage() {
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') as Status) || 'all';
  const only = params.get('task');
  const q = useQuery({
    queryKey: ['growth', 'shares', status],
    queryFn: () => call(growthApi.sharedTasks, { query: { status } }),
  });
  const [declaring, setDeclaring] = useState<SharedTask | null>(null);
  const [verifying, setVerifying] = useState<Declaration | null>(null);
  const [objecting, setObjecting] = useState<{ id: string; task: string } | null>(null);
  const items = (q.data?.items ?? []).filter((t) => !only || t.task.id === only);
  return (
    <Page
      title="同一任务贡献份额"
      subtitle="多人负责的重点任务：牵头单位申报份额，本人可提出异议，考察组核定。干部在任务中的实绩按核定份额计算，不把单位的整体成绩算给个人。"
      permission="growth.shares"
    >
      <Space style={{ marginBottom: 16 }} wrap>
        <Segmented
          value={status}
          onChange={(v) => setParams({ status: String(v) })}
          options={[
            { value: 'all', label: '全部' },
            { value: 'undeclared', label: '未申报' },
            { value: 'declared', label: '待核定' },
            { value: 'objected', label: '有异议' },
            { value: 'verified', label: '已核定' },
          ]}
        />
        {only && (
          <Button type="link" onClick={() => setParams({ status })}>
            显示全部任务
          </Button>
        )}
      </Space>
      {q.isError && <Alert type="error" showIcon title={errorText(q.error)} />}
      {!q.isLoading && items.length === 0 && (
        <Card>
          <Empty description="没有符合条件的任务" />
        </Card>
      )}
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        {items.map((t) => (
          <Card
            key={t.task.id}
            size="small"
            data-testid="shared-task"
            title={
              <Space wrap>
                <span>{t.task.title}</span>
                <Typography.Text type="secondary">牵头：{t.task.leadUnitName ?? '—'}</Typography.Text>
                {!t.declaration && <Tag>未申报</Tag>}
                {t.objections > 0 && <Tag color="red">异议 {t.objections}</Tag>}
              </Space>
            }
            extra={
              <Space>
                {t.can.declare && (
                  <Button size="small" onClick={() => setDeclaring(t)} data-testid="shares-declare">
                    {t.declaration ? '重新申报' : '申报份额'}
                  </Button>
                )}
                {t.declaration?.can.verify && (
                  <Button
                    size="small"
                    type="primary"
                    onClick={() => setVerifying(t.declaration)}
                    data-testid="shares-verify"
                  >
                    核定
                  </Button>
                )}
              </Space>
            }
          >
            {t.declaration ? (
              <DeclarationTable
                declaration={t.declaration}
                actions={(s) =>
                  s.can.object ? (
                    <Button
                      size="small"
                      onClick={() => setObjecting({ id: s.id, task: t.task.title })}
                      data-testid="shares-object"
                    >
                      提出异议
                    </Button>
                  ) : null
                }
              />
            ) : (
              <Typography.Text type="secondary">
                责任干部：
                {t.cadres
                  .map((c) => `${c.name}（${c.unitName ?? ''}${c.part ? `，${c.part}` : ''}）`)
                  .join('、')}
              </Typography.Text>
            )}
          </Card>
        ))}
      </Space>
      {declaring && <DeclareDrawer task={declaring} onClose={() => setDeclaring(null)} />}
      {verifying && <VerifyDrawer declaration={verifying} onClose={() => setVerifying(null)} />}
      {objecting && <ObjectModal share={objecting} onClose={() => setObjecting(null)} />}
    </Page>
  );
}

function ObjectModal(props: { share: { id: string; task: string }; onClose(): void }) {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [reason, setReason] = useState('');
  const m = useMutation({
    mutationFn: () => call(growthApi.object, { params: { id: props.share.id }, body: { reason } }),
    onSuccess: async () => {
      message.success('异议已提交，考察组核定时将一并研究');
      await qc.invalidateQueries({ queryKey: ['growth'] });
      props.onClose();
    },
    onError: (e) => message.error(errorText(e)),
  });
  return (
    <Modal
      open
      title={`对本人份额提出异议：${props.share.task}`}
      okText="提交"
      okButtonProps={
        { disabled: reason.trim().length < 5, loading: m.isPending, 'data-testid': 'object-ok' } as never
      }
      onOk={() => m.mutate()}
      onCancel={props.onClose}
    >
      <Input.TextArea
        rows={4}
        maxLength={500}
        showCount
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        placeholder="请写明理由（至少 5 个字），如实际承担的工作、节点和证据"
        data-testid="object-reason"
      />
    </Modal>
  );
}
