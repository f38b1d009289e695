import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Drawer, Input, InputNumber, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { growthApi } from '../../../../common/contracts/growth.ts';
import { ApiError, call } from '../../../api/client.ts';
import { errorText } from '../../../components/errors.ts';
import type { Declaration } from './declaration-table.tsx';

/** The officer verifies the declared shares, correcting any with a reason. */
export function VerifyDrawer(props: { declaration: Declaration; onClose(): void }) {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const d = props.declaration;
  const [lines, setLines] = useState(
    d.shares.map((s) => ({
      cadreId: s.cadre.id,
      name: s.cadre.name,
      declared: s.declaredPct,
      pct: s.declaredPct,
      correction: '',
      objection: s.objection,
    })),
  );
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<string[]>([]);
  const total = lines.reduce((s, l) => s + (Number(l.pct) || 0), 0);
  const m = useMutation({
    mutationFn: () =>
      call(growthApi.verify, {
        params: { id: d.id },
        body: {
          shares: lines.map((l) => ({
            cadreId: l.cadreId,
            pct: l.pct,
            ...(l.correction.trim() ? { correction: l.correction.trim() } : {}),
          })),
          ...(note.trim() ? { note: note.trim() } : {}),
        },
      }),
    onSuccess: async () => {
      message.success('份额已核定');
      await qc.invalidateQueries({ queryKey: ['growth'] });
      props.onClose();
    },
    onError: (e) =>
      setErrors(
        e instanceof ApiError && e.details?.length ? e.details.map((x) => x.message) : [errorText(e)],
      ),
  });
  const update = (i: number, patch: Partial<(typeof lines)[number]>) =>
    setLines((ls) => ls.map((l, k) => (k === i ? { ...l, ...patch } : l)));
  return (
    <Drawer
      open
      size={760}
      title={`核定贡献份额：${d.task.title}`}
      onClose={props.onClose}
      extra={
        <Button
          type="primary"
          loading={m.isPending}
          disabled={total > 100}
          onClick={() => m.mutate()}
          data-testid="verify-save"
        >
          确认核定
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">
        对照节点责任分工、调度会纪要和考察发现核定每名干部的份额；与申报不同的须写明更正理由。核定后不能再修改。
      </Typography.Paragraph>
      <Table
        size="small"
        rowKey="cadreId"
        pagination={false}
        dataSource={lines}
        columns={[
          { title: '干部', dataIndex: 'name' },
          { title: '申报', dataIndex: 'declared', width: 70, align: 'right', render: (v: number) => `${v}%` },
          {
            title: '核定',
            dataIndex: 'pct',
            width: 130,
            render: (v: number, _l, i) => (
              <Space.Compact>
                <InputNumber
                  min={0}
                  max={100}
                  value={v}
                  onChange={(x) => update(i, { pct: Number(x ?? 0) })}
                  data-testid="verify-pct"
                />
                <Button disabled>%</Button>
              </Space.Compact>
            ),
          },
          {
            title: '更正理由',
            dataIndex: 'correction',
            render: (v: string, l, i) => (
              <Input
                value={v}
                disabled={l.pct === l.declared}
                placeholder={l.pct === l.declared ? '与申报一致' : '必填'}
                onChange={(e) => update(i, { correction: e.target.value })}
                data-testid="verify-correction"
              />
            ),
          },
          {
            title: '本人异议',
            dataIndex: 'objection',
            render: (v: string | null) => (v ? <Typography.Text type="danger">{v}</Typography.Text> : '—'),
          },
        ]}
      />
      <Input.TextArea
        style={{ marginTop: 12 }}
        rows={2}
        maxLength={500}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        placeholder="核定说明（可选）"
      />
      <Typography.Paragraph style={{ marginTop: 8 }} type={total > 100 ? 'danger' : 'secondary'}>
        合计 {total}%
      </Typography.Paragraph>
      {errors.length > 0 && (
        <Alert type="error" showIcon title={errors.join('；')} data-testid="verify-error" />
      )}
    </Drawer>
  );
}
