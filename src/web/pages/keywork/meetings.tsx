import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  DatePicker,
  Drawer,
  Empty,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import type { WireOf } from '../../../common/api.ts';
import {
  keyworkApi,
  MEETING_KIND_LABELS,
  MEETING_KINDS,
  type MeetingKind,
} from '../../../common/contracts/keywork.ts';
import { call } from '../../api/client.ts';
import { errorText } from '../../components/errors.ts';
import { fieldErrors } from '../../components/form-errors.ts';
import { Page } from '../../components/page.tsx';

type Meeting = WireOf<typeof keyworkApi.meetings>['items'][number];

/** 市级专题研究会、专班攻坚调度会 and the organization department's attendance of them. */
export default function MeetingsPage() {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [page, setPage] = useState(1);
  const [q, setQ] = useState<string>();
  const [creating, setCreating] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);
  const [form] = Form.useForm<{
    kind: MeetingKind;
    title: string;
    heldOn: Dayjs;
    host?: string;
    summary?: string;
  }>();
  const list = useQuery({
    queryKey: ['keywork', 'meetings', page, q],
    queryFn: () => call(keyworkApi.meetings, { query: { page, q, pageSize: 15 } }),
    placeholderData: keepPreviousData,
  });
  return (
    <Page
      title="任务会议与列席"
      subtitle="市级专题研究会、专班攻坚调度会：部署重点任务；组织部门常态化列席，及时掌握任务进度异常。"
      permission="keywork.read"
      extra={
        list.data?.can.create && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            登记会议
          </Button>
        )
      }
    >
      <Card>
        <Input.Search
          placeholder="会议名称"
          allowClear
          onSearch={(v) => {
            setQ(v.trim() || undefined);
            setPage(1);
          }}
          style={{ width: 240, marginBottom: 16 }}
        />
        <Table<Meeting>
          rowKey="id"
          dataSource={list.data?.items}
          loading={list.isLoading}
          onRow={(m) => ({ onClick: () => setOpenId(m.id), style: { cursor: 'pointer' } })}
          pagination={{
            current: page,
            pageSize: 15,
            total: list.data?.total ?? 0,
            onChange: setPage,
            showSizeChanger: false,
            hideOnSinglePage: true,
          }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚无会议" /> }}
          columns={[
            { title: '日期', dataIndex: 'heldOn', width: 110 },
            {
              title: '类型',
              dataIndex: 'kind',
              width: 140,
              render: (k: MeetingKind) => (
                <Tag color={k === 'dispatch' ? 'volcano' : 'geekblue'}>{MEETING_KIND_LABELS[k]}</Tag>
              ),
            },
            { title: '会议', dataIndex: 'title' },
            { title: '主持', dataIndex: 'host', width: 140 },
            { title: '部署任务', dataIndex: 'tasks', width: 90, render: (n: number) => `${n} 项` },
            ...(list.data?.can.attend
              ? [
                  {
                    title: '组织部门列席',
                    dataIndex: 'attended',
                    width: 120,
                    render: (a: boolean) => (a ? <Tag color="green">已列席</Tag> : '—'),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <Modal
        title="登记会议"
        open={creating}
        onCancel={() => setCreating(false)}
        destroyOnHidden
        onOk={async () => {
          const v = await form.validateFields();
          try {
            await call(keyworkApi.createMeeting, { body: { ...v, heldOn: v.heldOn.format('YYYY-MM-DD') } });
            message.success('会议已登记');
            setCreating(false);
            qc.invalidateQueries({ queryKey: ['keywork', 'meetings'] });
          } catch (e) {
            form.setFields(fieldErrors(e, ['kind', 'title', 'heldOn', 'host', 'summary'] as const));
            message.error(errorText(e));
          }
        }}
      >
        <Form form={form} layout="vertical" initialValues={{ kind: 'dispatch' }}>
          <Form.Item name="kind" label="类型" rules={[{ required: true }]}>
            <Select options={MEETING_KINDS.map((k) => ({ value: k, label: MEETING_KIND_LABELS[k] }))} />
          </Form.Item>
          <Form.Item name="title" label="会议名称" rules={[{ required: true, message: '请填写会议名称' }]}>
            <Input maxLength={80} />
          </Form.Item>
          <Form.Item name="heldOn" label="日期" rules={[{ required: true, message: '请选择日期' }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="host" label="主持">
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item name="summary" label="会议纪要">
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
      <MeetingDrawer id={openId} onClose={() => setOpenId(null)} />
    </Page>
  );
}

function MeetingDrawer(props: { id: string | null; onClose: () => void }) {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ attendees: string; anomalies: string; taskIds: string[] }>();
  const m = useQuery({
    queryKey: ['keywork', 'meeting', props.id],
    queryFn: () => call(keyworkApi.meeting, { params: { id: props.id! } }),
    enabled: !!props.id,
  });
  const d = m.data;
  return (
    <Drawer title={d?.title ?? '会议'} open={!!props.id} onClose={props.onClose} size="large" destroyOnHidden>
      {d && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Text type="secondary">
            {d.heldOn} · {MEETING_KIND_LABELS[d.kind]} {d.host ? `· 主持：${d.host}` : ''}
          </Typography.Text>
          {d.summary && <Typography.Paragraph>{d.summary}</Typography.Paragraph>}
          <Typography.Text strong>部署的重点任务</Typography.Text>
          {d.tasks.length ? (
            d.tasks.map((t) => (
              <Link key={t.id} to={`/keywork/tasks/${t.id}`}>
                {t.title}（{t.leadUnitName}）
              </Link>
            ))
          ) : (
            <Typography.Text type="secondary">无</Typography.Text>
          )}
          {d.can.attend && (
            <Card size="small" title="组织部门列席记录">
              <Form
                form={form}
                layout="vertical"
                key={d.id}
                initialValues={d.attendance ?? { taskIds: d.tasks.map((t) => t.id) }}
              >
                <Form.Item
                  name="attendees"
                  label="列席人员"
                  rules={[{ required: true, message: '请填写列席人员' }]}
                >
                  <Input maxLength={200} />
                </Form.Item>
                <Form.Item
                  name="anomalies"
                  label="了解到的进度异常情况"
                  rules={[{ required: true, message: '请填写' }]}
                >
                  <Input.TextArea rows={4} maxLength={2000} />
                </Form.Item>
                <Form.Item name="taskIds" label="涉及的重点任务">
                  <Select mode="multiple" options={d.tasks.map((t) => ({ value: t.id, label: t.title }))} />
                </Form.Item>
                <Button
                  type="primary"
                  onClick={async () => {
                    const v = await form.validateFields();
                    try {
                      await call(keyworkApi.saveAttendance, { params: { id: d.id }, body: v });
                      message.success('列席记录已保存');
                      qc.invalidateQueries({ queryKey: ['keywork'] });
                    } catch (e) {
                      message.error(errorText(e));
                    }
                  }}
                >
                  保存列席记录
                </Button>
              </Form>
            </Card>
          )}
        </Space>
      )}
    </Drawer>
  );
}
