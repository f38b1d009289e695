import { FileExcelOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Segmented,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { WireOf } from '../../../common/api.ts';
import { CADENCE_LABELS, keyworkApi } from '../../../common/contracts/keywork.ts';
import { call, qs } from '../../api/client.ts';
import { EChart } from '../../components/echart.tsx';
import { errorText } from '../../components/errors.ts';
import { fieldErrors } from '../../components/form-errors.ts';
import { downloadFile } from '../../components/import-modal.tsx';
import { Page } from '../../components/page.tsx';
import { RemoteSelect } from '../../components/remote-select.tsx';
import { Gap } from './keywork-bits.tsx';
import { basicsBody, TaskBasicsFields, type TaskBasicsForm } from './task-fields.tsx';

export type TaskItem = WireOf<typeof keyworkApi.tasks>['items'][number];

export default function TasksPage() {
  const { message } = App.useApp();
  const nav = useNavigate();
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const status = params.get('status') ?? 'active';
  const q = params.get('q') ?? undefined;
  const lagging = params.get('lagging') === '1' ? ('1' as const) : undefined;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) v === undefined || v === '' ? next.delete(k) : next.set(k, v);
    if (!('page' in patch)) next.delete('page');
    setParams(next, { replace: true });
  };
  const filter = { status: status || undefined, q, lagging };
  const list = useQuery({
    queryKey: ['keywork', 'tasks', filter, page],
    queryFn: () =>
      call(keyworkApi.tasks, {
        query: { ...filter, status: filter.status as TaskItem['status'] | undefined, page, pageSize: 15 },
      }),
    placeholderData: keepPreviousData,
  });
  const items = list.data?.items ?? [];
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { data: ['计划进度', '实际进度', '落后超过 10 个百分点'], top: 0 },
      grid: { left: 40, right: 20, top: 36, bottom: 90 },
      xAxis: {
        type: 'category',
        data: items.map((t) => t.title),
        axisLabel: { interval: 0, rotate: 30, width: 120, overflow: 'truncate' },
      },
      yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      series: [
        { name: '计划进度', type: 'bar', data: items.map((t) => t.planned), itemStyle: { color: '#bfbfbf' } },
        // One bar per task in one of two colours: the two series share a stack, each holding the
        // tasks of its kind, so the legend names both colours.
        ...[
          { name: '实际进度', color: '#1677ff', lagging: false },
          { name: '落后超过 10 个百分点', color: '#cf1322', lagging: true },
        ].map((s) => ({
          name: s.name,
          type: 'bar',
          stack: 'actual',
          itemStyle: { color: s.color },
          data: items.map((t) => ((t.gap !== null && t.gap > 10) === s.lagging ? (t.latest ?? 0) : '-')),
        })),
      ],
    }),
    [items],
  );

  return (
    <Page
      title="重点任务看板"
      subtitle="与重点工作同步评估：市级会议部署的重点任务，按节点计划对照牵头单位报送的实际进度。"
      permission="keywork.read"
      extra={
        <Space>
          <Button
            icon={<FileExcelOutlined />}
            onClick={() =>
              downloadFile(`${keyworkApi.exportTasks.path}${qs(filter)}`, '重点任务.xlsx').catch((e) =>
                message.error(errorText(e)),
              )
            }
          >
            导出 Excel
          </Button>
          {list.data?.can.create && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              data-testid="task-create"
            >
              新建任务
            </Button>
          )}
        </Space>
      }
    >
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Card size="small">
          <Space wrap>
            <Segmented
              value={status}
              onChange={(v) => set({ status: String(v) })}
              options={[
                { value: 'active', label: '推进中' },
                { value: 'done', label: '已完成' },
                { value: '', label: '全部' },
              ]}
            />
            <Input.Search
              key={q ?? ''}
              defaultValue={q}
              placeholder="任务名称"
              allowClear
              onSearch={(v) => set({ q: v.trim() || undefined })}
              style={{ width: 220 }}
            />
            <Space>
              <Switch
                checked={!!lagging}
                onChange={(v) => set({ lagging: v ? '1' : undefined })}
                data-testid="tasks-lagging"
              />
              <Typography.Text>只看落后于计划的任务</Typography.Text>
            </Space>
            {list.data && (
              <Typography.Text type="secondary">
                共 {list.data.total} 项，其中落后于计划{' '}
                <Typography.Text type="danger">{list.data.lagging}</Typography.Text> 项
              </Typography.Text>
            )}
          </Space>
        </Card>
        {list.isError && <Alert type="error" showIcon title={errorText(list.error)} />}
        {items.length > 0 && (
          <Card size="small" title="本页任务：实际进度与计划进度（%）">
            <EChart option={option} height={300} testId="tasks-chart" />
          </Card>
        )}
        <Card>
          <Table<TaskItem>
            rowKey="id"
            loading={list.isFetching && !list.data}
            dataSource={items}
            data-testid="task-table"
            scroll={{ x: 1000 }}
            onRow={(t) => ({ onClick: () => nav(`/keywork/tasks/${t.id}`), style: { cursor: 'pointer' } })}
            pagination={{
              current: page,
              pageSize: 15,
              total: list.data?.total ?? 0,
              hideOnSinglePage: true,
              showSizeChanger: false,
              showTotal: (n) => `共 ${n} 项`,
              onChange: (p) => set({ page: String(p) }),
            }}
            locale={{
              emptyText: (
                <Empty
                  image={Empty.PRESENTED_IMAGE_SIMPLE}
                  description={q || lagging ? '没有符合条件的任务' : '尚无重点任务'}
                />
              ),
            }}
            columns={[
              {
                title: '任务',
                dataIndex: 'title',
                render: (v: string, t) => (
                  <Space orientation="vertical" size={0}>
                    <Link to={`/keywork/tasks/${t.id}`} onClick={(e) => e.stopPropagation()}>
                      {v}
                    </Link>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t.meetingTitle}
                    </Typography.Text>
                  </Space>
                ),
              },
              { title: '牵头单位', dataIndex: 'leadUnitName', width: 170 },
              {
                title: '报送',
                dataIndex: 'cadence',
                width: 80,
                render: (c: TaskItem['cadence']) => CADENCE_LABELS[c],
              },
              { title: '时限', dataIndex: 'dueOn', width: 110 },
              {
                title: '计划',
                dataIndex: 'planned',
                width: 80,
                align: 'right',
                render: (v: number) => `${v}%`,
              },
              {
                title: '实际',
                dataIndex: 'latest',
                width: 80,
                align: 'right',
                render: (v: number | null) => (v === null ? '—' : `${v}%`),
              },
              {
                title: '对照计划',
                dataIndex: 'gap',
                width: 150,
                render: (g: number | null) => <Gap gap={g} />,
              },
              {
                title: '定向考察',
                dataIndex: 'openInspections',
                width: 100,
                render: (n: number) => (n > 0 ? <Tag color="orange">{n} 项进行中</Tag> : '—'),
              },
            ]}
          />
        </Card>
      </Space>
      <TaskModal open={creating} onClose={() => setCreating(false)} />
    </Page>
  );
}

interface TaskForm extends TaskBasicsForm {
  meetingId: string;
  period: [Dayjs, Dayjs];
  milestones: { title: string; plannedOn: Dayjs; plannedProgress: number }[];
}

/** The joint office creates a task decided at a meeting. */
function TaskModal(props: { open: boolean; onClose: () => void }) {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const nav = useNavigate();
  const [form] = Form.useForm<TaskForm>();
  const [saving, setSaving] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      const t = await call(keyworkApi.createTask, {
        body: {
          ...basicsBody(v),
          meetingId: v.meetingId,
          startsOn: v.period[0].format('YYYY-MM-DD'),
          dueOn: v.period[1].format('YYYY-MM-DD'),
          milestones: (v.milestones ?? []).map((m) => ({
            ...m,
            plannedOn: m.plannedOn.format('YYYY-MM-DD'),
          })),
        },
      });
      message.success('重点任务已建立');
      qc.invalidateQueries({ queryKey: ['keywork'] });
      props.onClose();
      form.resetFields();
      nav(`/keywork/tasks/${t.id}`);
    } catch (e) {
      form.setFields(
        fieldErrors(e, [
          'title',
          'meetingId',
          'leadUnitId',
          'cooperatingUnitIds',
          'cadres',
          'cadence',
          'milestones',
        ] as const),
      );
      message.error(errorText(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      title="新建重点任务"
      open={props.open}
      onCancel={props.onClose}
      onOk={submit}
      okText="保存"
      confirmLoading={saving}
      width={820}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ cadence: 'weekly', cadres: [{ role: 'responsible' }], milestones: [{}] }}
      >
        <Form.Item
          name="meetingId"
          label="部署会议"
          rules={[{ required: true, message: '请选择部署该任务的会议' }]}
        >
          <RemoteSelect
            list={keyworkApi.meetings}
            one={keyworkApi.meeting}
            label={(m) => `${m.heldOn} ${m.title}`}
          />
        </Form.Item>
        <TaskBasicsFields
          open={props.open}
          dates={
            <Form.Item name="period" label="起止日期" rules={[{ required: true, message: '请选择起止日期' }]}>
              <DatePicker.RangePicker />
            </Form.Item>
          }
        />
        <div>
          <Typography.Text strong>节点计划（计划进度为累计百分比）</Typography.Text>
        </div>
        <Form.List name="milestones">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="baseline" wrap>
                  <Form.Item name={[f.name, 'title']} rules={[{ required: true, message: '请填写节点' }]}>
                    <Input placeholder="节点名称" maxLength={80} style={{ width: 280 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'plannedOn']} rules={[{ required: true, message: '请选择日期' }]}>
                    <DatePicker placeholder="计划完成日期" />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'plannedProgress']}
                    rules={[{ required: true, message: '请填写进度' }]}
                  >
                    <InputNumber min={0} max={100} suffix="%" placeholder="计划进度" style={{ width: 130 }} />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(f.name)} />
                </Space>
              ))}
              <Button type="dashed" onClick={() => add()} icon={<PlusOutlined />}>
                添加节点
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
