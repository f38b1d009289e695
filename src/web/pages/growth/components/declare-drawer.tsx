import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Drawer, Input, InputNumber, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { growthApi } from '../../../../common/contracts/growth.ts';
import { ApiError, call } from '../../../api/client.ts';
import { errorText } from '../../../components/errors.ts';
import type { SharedTask } from '../shares.tsx';

/** The lead unit declares each responsible cadre's role and share (at most 100% in all). */
export function DeclareDrawer(props: { task: SharedTask; onClose(): void }) {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const prior = props.task.declaration?.shares ?? [];
  const [lines, setLines] = useState(
    props.task.cadres.map((c, i) => {
      const p = prior.find((s) => s.cadre.id === c.id);
      return {
        cadreId: c.id,
        name: c.name,
        unitName: c.unitName,
        role: p?.role ?? (i === 0 ? '牵头负责' : '配合推进'),
        pct: p?.declaredPct ?? Math.floor(100 / props.task.cadres.length),
      };
    }),
  );
  const [errors, setErrors] = useState<string[]>([]);
  const total = lines.reduce((s, l) => s + (Number(l.pct) || 0), 0);
  const m = useMutation({
    mutationFn: () =>
      call(growthApi.declare, {
        body: {
          taskId: props.task.task.id,
          shares: lines.map((l) => ({ cadreId: l.cadreId, role: l.role, pct: l.pct })),
        },
      }),
    onSuccess: async () => {
      message.success('已申报，待考察组核定');
      await qc.invalidateQueries({ queryKey: ['growth'] });
      props.onClose();
    },
    onError: (e) =>
      setErrors(
        e instanceof ApiError && e.details?.length ? e.details.map((d) => d.message) : [errorText(e)],
      ),
  });
  const update = (i: number, patch: Partial<(typeof lines)[number]>) =>
    setLines((ls) => ls.map((l, k) => (k === i ? { ...l, ...patch } : l)));
  return (
    <Drawer
      open
      size={640}
      title={`申报贡献份额：${props.task.task.title}`}
      onClose={props.onClose}
      extra={
        <Button
          type="primary"
          loading={m.isPending}
          disabled={total > 100}
          onClick={() => m.mutate()}
          data-testid="declare-save"
        >
          提交申报
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">
        写明每名责任干部在本任务中的角色和份额，合计不超过
        100%。申报后相关干部可以看到并提出异议，由组织部门考察组核定。
      </Typography.Paragraph>
      <Table
        size="small"
        rowKey="cadreId"
        pagination={false}
        dataSource={lines}
        columns={[
          { title: '干部', dataIndex: 'name', render: (n: string, l) => `${n}（${l.unitName ?? ''}）` },
          {
            title: '角色',
            dataIndex: 'role',
            render: (v: string, _l, i) => (
              <Input
                value={v}
                maxLength={40}
                onChange={(e) => update(i, { role: e.target.value })}
                data-testid="declare-role"
              />
            ),
          },
          {
            title: '份额',
            dataIndex: 'pct',
            width: 130,
            render: (v: number, _l, i) => (
              <Space.Compact>
                <InputNumber
                  min={0}
                  max={100}
                  value={v}
                  onChange={(x) => update(i, { pct: Number(x ?? 0) })}
                  data-testid="declare-pct"
                />
                <Button disabled>%</Button>
              </Space.Compact>
            ),
          },
        ]}
      />
      <Typography.Paragraph
        style={{ marginTop: 12 }}
        type={total > 100 ? 'danger' : 'secondary'}
        data-testid="declare-total"
      >
        合计 {total}%{total > 100 ? '，超过 100%' : ''}
      </Typography.Paragraph>
      {errors.length > 0 && (
        <Alert type="error" showIcon title={errors.join('；')} data-testid="declare-error" />
      )}
    </Drawer>
  );
}
