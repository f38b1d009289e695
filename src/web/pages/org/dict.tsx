import { PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Row,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { DICT_KIND_LABELS, DICT_KINDS, orgApi } from '../../../common/contracts/org.ts';
import { ApiError, call } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { errorText } from '../../components/errors.ts';
import { fieldErrors } from '../../components/form-errors.ts';
import { Page } from '../../components/page.tsx';
import type { DictItemView as DictItem, DictKind } from './org-options.ts';

const KIND_HINTS: Record<DictKind, string> = {
  rank: '干部的职级，如正科级、副科级；用于干部名册的筛选和统计。',
  role_type: '干部的角色类型，决定适用的考核指标体系。',
  domain: '班子分工中的分管领域，也是按领域检索干部、汇总考核的依据。',
  tag: '干部标签，如女干部、少数民族干部，用于名册筛选。',
  department: '提供考核数据的部门，对应“数据提供部门”账号。',
};

export default function DictPage() {
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const kindParam = params.get('kind') as DictKind | null;
  const kind: DictKind = kindParam && DICT_KINDS.includes(kindParam) ? kindParam : 'rank';
  const [editing, setEditing] = useState<{ item: DictItem | null } | null>(null);
  const qc = useQueryClient();
  const manage = can('org.manage');

  return (
    <Page
      title="字典管理"
      subtitle="编码被各类记录引用，创建后不能修改；不再使用的项请停用，停用后历史记录仍按原名称显示。"
      permission="org.manage"
      extra={
        manage && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing({ item: null })}
            data-testid="dict-create"
          >
            新增{DICT_KIND_LABELS[kind]}
          </Button>
        )
      }
    >
      <Card styles={{ body: { paddingTop: 4 } }}>
        <Tabs
          activeKey={kind}
          onChange={(k) => setParams({ kind: k }, { replace: true })}
          items={DICT_KINDS.map((k) => ({
            key: k,
            label: DICT_KIND_LABELS[k],
            children: <DictTable kind={k} onEdit={(item) => setEditing({ item })} />,
          }))}
        />
      </Card>
      {editing && (
        <DictModal
          kind={editing.item?.kind ?? kind}
          item={editing.item}
          existing={
            qc.getQueryData<{ items: DictItem[] }>(['org', 'dict', editing.item?.kind ?? kind, 'all'])?.items
          }
          onClose={() => setEditing(null)}
        />
      )}
    </Page>
  );
}

function DictTable(props: { kind: DictKind; onEdit(item: DictItem): void }) {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const list = useQuery({
    queryKey: ['org', 'dict', props.kind, 'all'],
    queryFn: () => call(orgApi.listDict, { query: { kind: props.kind, includeInactive: true } }),
    select: (d) => d.items,
  });
  const toggle = async (item: DictItem) => {
    try {
      await call(orgApi.updateDictItem, {
        params: { id: item.id },
        body: {
          kind: item.kind,
          code: item.code,
          name: item.name,
          description: item.description ?? undefined,
          sort: item.sort,
          active: !item.active,
        },
      });
      message.success(item.active ? `已停用“${item.name}”` : `已启用“${item.name}”`);
      qc.invalidateQueries({ queryKey: ['org', 'dict'] });
    } catch (e) {
      message.error(errorText(e));
    }
  };
  const items = list.data ?? [];
  const active = items.filter((i) => i.active).length;
  return (
    <>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
        {KIND_HINTS[props.kind]}
        {list.data && ` 共 ${items.length} 项，启用 ${active} 项。`}
      </Typography.Paragraph>
      {list.isError && <Alert type="error" title={errorText(list.error)} style={{ marginBottom: 12 }} />}
      <Table<DictItem>
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={items}
        pagination={items.length > 50 ? { pageSize: 50, showTotal: (t) => `共 ${t} 项` } : false}
        scroll={{ x: 720 }}
        data-testid={`dict-table-${props.kind}`}
        locale={{ emptyText: `尚无${DICT_KIND_LABELS[props.kind]}` }}
        columns={[
          {
            title: '编码',
            dataIndex: 'code',
            width: 200,
            render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
          },
          {
            title: '名称',
            dataIndex: 'name',
            width: 180,
            render: (v: string, i) =>
              i.active ? v : <Typography.Text type="secondary">{v}</Typography.Text>,
          },
          {
            title: '说明',
            dataIndex: 'description',
            render: (v: string | null) => v || <Typography.Text type="secondary">—</Typography.Text>,
          },
          { title: '排序', dataIndex: 'sort', width: 70 },
          {
            title: '状态',
            dataIndex: 'active',
            width: 80,
            render: (v: boolean) => (v ? <Tag color="green">启用</Tag> : <Tag>停用</Tag>),
          },
          {
            title: '操作',
            width: 130,
            render: (_, i) =>
              i.can.edit && (
                <Space size={0}>
                  <Button type="link" onClick={() => props.onEdit(i)}>
                    编辑
                  </Button>
                  <Popconfirm
                    title={i.active ? `停用“${i.name}”？` : `启用“${i.name}”？`}
                    description={
                      i.active
                        ? '停用后新记录不能再选择此项，已有记录不受影响。'
                        : '启用后此项重新出现在各处的选择列表中。'
                    }
                    okText={i.active ? '停用' : '启用'}
                    okButtonProps={i.active ? { danger: true } : undefined}
                    onConfirm={() => toggle(i)}
                  >
                    <Button type="link" danger={i.active} data-testid={`dict-toggle-${i.code}`}>
                      {i.active ? '停用' : '启用'}
                    </Button>
                  </Popconfirm>
                </Space>
              ),
          },
        ]}
      />
    </>
  );
}

interface DictFormValues {
  kind: DictKind;
  code: string;
  name: string;
  description?: string;
  sort?: number | null;
}

function DictModal(props: { kind: DictKind; item: DictItem | null; existing?: DictItem[]; onClose(): void }) {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<DictFormValues>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const item = props.item;
  return (
    <Modal
      open
      title={
        item ? `编辑${DICT_KIND_LABELS[item.kind]}：${item.name}` : `新增${DICT_KIND_LABELS[props.kind]}`
      }
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={item ? '保存' : '新增'}
      confirmLoading={busy}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form<DictFormValues>
        form={form}
        layout="vertical"
        initialValues={
          item
            ? {
                kind: item.kind,
                code: item.code,
                name: item.name,
                description: item.description ?? '',
                sort: item.sort,
              }
            : { kind: props.kind, sort: 0 }
        }
        onFinish={async (v) => {
          const same = (props.existing ?? []).filter((i) => i.kind === v.kind && i.id !== item?.id);
          const code = v.code.trim();
          const name = v.name.trim();
          const byCode = same.find((i) => i.code === code);
          const byName = same.find((i) => i.name === name);
          if (byCode || byName) {
            setError(
              byCode
                ? `编码 ${code} 已存在（${byCode.name}${byCode.active ? '' : '，已停用'}）`
                : `名称“${name}”已被编码 ${byName!.code} 使用${byName!.active ? '' : '（已停用，可重新启用）'}`,
            );
            return;
          }
          setBusy(true);
          try {
            const body = {
              kind: v.kind,
              code: v.code.trim(),
              name: v.name,
              description: v.description?.trim() ?? '',
              sort: v.sort ?? 0,
              active: item ? item.active : true,
            };
            if (item) await call(orgApi.updateDictItem, { params: { id: item.id }, body });
            else await call(orgApi.createDictItem, { body });
            setError(null);
            message.success(item ? '已保存' : '已新增');
            qc.invalidateQueries({ queryKey: ['org', 'dict'] });
            props.onClose();
          } catch (e) {
            setError(
              e instanceof ApiError && e.code === 'ALREADY_EXISTS'
                ? `同一类字典中已有相同的编码或名称`
                : errorText(e),
            );
            form.setFields(fieldErrors(e, ['kind', 'code', 'name', 'description', 'sort'] as const));
          } finally {
            setBusy(false);
          }
        }}
      >
        <Row gutter={16}>
          <Col span={10}>
            <Form.Item
              name="kind"
              label="类型"
              rules={[{ required: true, message: '请选择类型' }]}
              extra={item ? '类型创建后不能修改' : undefined}
            >
              <Select
                disabled={!!item}
                options={DICT_KINDS.map((k) => ({ value: k, label: DICT_KIND_LABELS[k] }))}
              />
            </Form.Item>
          </Col>
          <Col span={14}>
            <Form.Item
              name="code"
              label="编码"
              extra={item ? '编码被记录引用，创建后不能修改' : '字母、数字和 _ . -，创建后不能修改'}
              rules={[
                { required: true, whitespace: true, message: '请填写编码' },
                { max: 30, message: '不能超过 30 个字符' },
                { pattern: /^[A-Za-z0-9_.-]+$/, message: '编码只能包含字母、数字和 _ . -' },
              ]}
            >
              <Input disabled={!!item} placeholder="如：investment_attraction" data-testid="dict-code" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="name"
          label="名称"
          rules={[
            { required: true, whitespace: true, message: '请填写名称' },
            { max: 60, message: '不能超过 60 个字' },
          ]}
        >
          <Input data-testid="dict-name" />
        </Form.Item>
        <Form.Item name="description" label="说明" rules={[{ max: 200, message: '不能超过 200 个字' }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} placeholder="选填" />
        </Form.Item>
        <Form.Item name="sort" label="排序" extra="数字小的排在前面">
          <InputNumber min={0} max={10000} precision={0} style={{ width: 160 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
