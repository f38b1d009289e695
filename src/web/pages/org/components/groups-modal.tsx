import { PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, InputNumber, Modal, Select, Space, Table, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { orgApi } from '../../../../common/contracts/org.ts';
import { call } from '../../../api/client.ts';
import { errorText } from '../../../components/errors.ts';
import { type LiaisonGroupItem, type Option, useLiaisonGroups } from '../org-options.ts';

/** A searchable pick of a cadre from the directory that also shows the current choice by name. */
function CadrePicker(props: {
  value?: string | null;
  onChange?: (v: string | null) => void;
  current?: Option | null;
}) {
  const [q, setQ] = useState('');
  // Labels of choices that may not be among the current search results (the saved one, the picked one).
  const [known, setKnown] = useState<Map<string, string>>(
    () => new Map(props.current ? [[props.current.value, props.current.label]] : []),
  );
  const res = useQuery({
    queryKey: ['org', 'directory', 'cadres', q],
    queryFn: () => call(orgApi.directory, { query: { q, pageSize: 30 } }),
  });
  const options: Option[] = (res.data?.items ?? []).map((c) => ({
    value: c.id,
    label: `${c.name}（${c.unitName ?? ''} ${c.post ?? ''}）`,
  }));
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setQ }}
      allowClear
      value={props.value ?? undefined}
      onChange={(v: string | undefined, opt) => {
        if (v && opt && !Array.isArray(opt)) setKnown((m) => new Map(m).set(v, String(opt.label)));
        props.onChange?.(v ?? null);
      }}
      labelRender={(p) => p.label ?? known.get(String(p.value)) ?? String(p.value)}
      placeholder="输入姓名或职务搜索"
      loading={res.isLoading}
      options={options}
      notFoundContent={res.isLoading ? '加载中…' : '无匹配结果'}
      data-testid="group-leader"
    />
  );
}

/** The liaison groups and their leaders (包联), for the organization department to maintain. */
export function GroupsModal(props: { open: boolean; onClose(): void }) {
  const groups = useLiaisonGroups();
  const [editing, setEditing] = useState<{ group: LiaisonGroupItem | null } | null>(null);
  return (
    <Modal
      open={props.open}
      title="编组管理"
      onCancel={props.onClose}
      footer={
        <div style={{ display: 'flex', justifyContent: 'space-between' }}>
          <Button icon={<PlusOutlined />} onClick={() => setEditing({ group: null })}>
            新建编组
          </Button>
          <Button onClick={props.onClose}>关闭</Button>
        </div>
      }
      width={760}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        每个编组由一名部务会成员包联；单位归属哪个编组，在“编辑单位”中调整。
      </Typography.Paragraph>
      <Table<LiaisonGroupItem>
        rowKey="id"
        size="small"
        loading={groups.isLoading}
        dataSource={groups.data}
        pagination={false}
        data-testid="group-table"
        columns={[
          { title: '名称', dataIndex: 'name' },
          {
            title: '包联领导',
            render: (_, g) =>
              g.leaderName ? (
                <Space size={4} wrap>
                  <span>{g.leaderName}</span>
                  {g.leaderPost && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {g.leaderPost}
                    </Typography.Text>
                  )}
                </Space>
              ) : (
                <Typography.Text type="secondary">未指定</Typography.Text>
              ),
          },
          { title: '单位数', dataIndex: 'unitCount', width: 80 },
          {
            title: '操作',
            width: 80,
            render: (_, g) =>
              g.can.edit && (
                <Button type="link" onClick={() => setEditing({ group: g })} style={{ padding: 0 }}>
                  编辑
                </Button>
              ),
          },
        ]}
      />
      {editing && (
        <GroupEditModal
          group={editing.group}
          nextSort={(groups.data ?? []).reduce((m, g) => Math.max(m, g.sort), -1) + 1}
          onClose={() => setEditing(null)}
        />
      )}
    </Modal>
  );
}

function GroupEditModal(props: { group: LiaisonGroupItem | null; nextSort: number; onClose(): void }) {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ name: string; leaderCadreId?: string | null; sort?: number | null }>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const g = props.group;
  const current: Option | null =
    g?.leaderCadreId && g.leaderName
      ? { value: g.leaderCadreId, label: `${g.leaderName}${g.leaderPost ? `（${g.leaderPost}）` : ''}` }
      : null;
  const footerNote: ReactNode = (
    <Typography.Text type="secondary">包联领导从干部通讯录中选择。</Typography.Text>
  );
  return (
    <Modal
      open
      title={g ? `编辑编组：${g.name}` : '新建编组'}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText="保存"
      confirmLoading={busy}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          name: g?.name,
          leaderCadreId: g?.leaderCadreId ?? null,
          sort: g?.sort ?? props.nextSort,
        }}
        onFinish={async (v) => {
          setBusy(true);
          try {
            const body = { name: v.name, leaderCadreId: v.leaderCadreId ?? null, sort: v.sort ?? 0 };
            if (g) await call(orgApi.updateGroup, { params: { id: g.id }, body });
            else await call(orgApi.createGroup, { body });
            setError(null);
            message.success('编组已保存');
            qc.invalidateQueries({ queryKey: ['org', 'liaison-groups'] });
            qc.invalidateQueries({ queryKey: ['org', 'units'] });
            qc.invalidateQueries({ queryKey: ['org', 'unit'] });
            props.onClose();
          } catch (e) {
            setError(errorText(e));
          } finally {
            setBusy(false);
          }
        }}
      >
        <Form.Item
          name="name"
          label="名称"
          rules={[
            { required: true, whitespace: true, message: '请填写编组名称' },
            { max: 60, message: '不能超过 60 个字' },
          ]}
        >
          <Input placeholder="如：第一编组" />
        </Form.Item>
        <Form.Item name="leaderCadreId" label="包联领导" extra={footerNote}>
          <CadrePicker current={current} />
        </Form.Item>
        <Form.Item name="sort" label="排序">
          <InputNumber min={0} max={1000} precision={0} style={{ width: 160 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
