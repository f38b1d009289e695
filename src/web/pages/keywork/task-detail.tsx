import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Drawer,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { WireOf } from '../../../common/api.ts';
import { CADENCE_LABELS, keyworkApi, MEETING_KIND_LABELS } from '../../../common/contracts/keywork.ts';
import { call } from '../../api/client.ts';
import { EChart } from '../../components/echart.tsx';
import { errorText } from '../../components/errors.ts';
import { fieldErrors } from '../../components/form-errors.ts';
import { fmtTime } from '../../components/format.ts';
import { BackLink, Page, refusedRecord, retryUnlessRefused } from '../../components/page.tsx';
import { ChainView, useSubmit } from './keywork-bits.tsx';
import { basicsBody, TaskBasicsFields, type TaskBasicsForm } from './task-fields.tsx';

type TaskDetail = WireOf<typeof keyworkApi.task>;
type Milestone = TaskDetail['milestones'][number];

const DAY = 'YYYY-MM-DD';

export default function TaskDetailPage() {
  const { id = '' } = useParams();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [reporting, setReporting] = useState(false);
  const [slipping, setSlipping] = useState<Milestone | null>(null);
  const [editing, setEditing] = useState(false);
  const [addingMilestone, setAddingMilestone] = useState(false);
  const q = useQuery({
    queryKey: ['keywork', 'task', id],
    queryFn: () => call(keyworkApi.task, { params: { id } }),
    retry: retryUnlessRefused,
  });
  const t = q.data;
  const refresh = () => qc.invalidateQueries({ queryKey: ['keywork'] });
  const option = useMemo(
    () =>
      t && {
        tooltip: { trigger: 'axis' },
        legend: { data: ['计划进度', '报送进度'], top: 0 },
        grid: { left: 44, right: 20, top: 36, bottom: 30 },
        xAxis: { type: 'time' },
        yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
        series: [
          {
            name: '计划进度',
            type: 'line',
            data: t.plan.map((p) => [p.on, p.progress]),
            lineStyle: { type: 'dashed' },
            itemStyle: { color: '#8c8c8c' },
          },
          {
            name: '报送进度',
            type: 'line',
            data: t.reports.map((r) => [r.periodEnd, r.progress]),
            itemStyle: { color: '#1677ff' },
          },
        ],
      },
    [t],
  );
  const refused = refusedRecord(q.error, {
    title: '重点任务不存在',
    back: '/keywork/tasks',
    backLabel: '返回任务看板',
  });
  if (refused) return refused;
  if (!t || !option) return <Card loading />;
  const latest = t.reports[t.reports.length - 1];
  // The period the lead unit is reminded of: the earliest one still to be reported.
  const due = t.status === 'active' ? t.periods.find((p) => p.status === 'open') : undefined;

  const act = async (fn: () => Promise<unknown>, ok: string) => {
    try {
      await fn();
      message.success(ok);
      refresh();
    } catch (e) {
      message.error(errorText(e));
    }
  };

  return (
    <Page
      title={t.title}
      subtitle={<BackLink to="/keywork/tasks">重点任务看板</BackLink>}
      permission="keywork.read"
      extra={
        <Space>
          {t.can.edit && (
            <Button onClick={() => setEditing(true)} data-testid="task-edit-open">
              更正任务信息
            </Button>
          )}
          {t.can.report && (
            <Button type="primary" onClick={() => setReporting(true)} data-testid="report-open">
              报送进度
            </Button>
          )}
        </Space>
      }
    >
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        {due && t.can.report && (
          <Alert
            type={due.periodEnd < dayjs().format(DAY) ? 'warning' : 'info'}
            showIcon
            data-testid="report-reminder"
            title={`第 ${due.n} 期进度（截至 ${due.periodEnd}）请于 ${due.dueOn} 前报送`}
            action={
              <Button size="small" type="primary" onClick={() => setReporting(true)}>
                报送
              </Button>
            }
          />
        )}
        <Card size="small">
          <Descriptions size="small" column={3}>
            <Descriptions.Item label="部署会议">
              {t.meeting
                ? `${t.meeting.heldOn} ${MEETING_KIND_LABELS[t.meeting.kind]}：${t.meeting.title}`
                : '—'}
            </Descriptions.Item>
            <Descriptions.Item label="牵头单位">{t.leadUnit?.name}</Descriptions.Item>
            <Descriptions.Item label="配合单位">
              {t.cooperating.map((u) => u.name).join('、') || '—'}
            </Descriptions.Item>
            <Descriptions.Item label="起止">{`${t.startsOn} 至 ${t.dueOn}`}</Descriptions.Item>
            <Descriptions.Item label="报送频次">
              <span data-testid="task-cadence">{CADENCE_LABELS[t.cadence]}</span>
            </Descriptions.Item>
            <Descriptions.Item label="进度">
              <span data-testid="task-progress">
                计划 {t.plannedToday}%，最近报送{' '}
                {latest ? `${latest.progress}%（截至 ${latest.periodEnd}）` : '无'}
              </span>
            </Descriptions.Item>
            {t.description && (
              <Descriptions.Item label="任务说明" span={3}>
                {t.description}
              </Descriptions.Item>
            )}
          </Descriptions>
        </Card>
        <Tabs
          items={[
            {
              key: 'progress',
              label: '节点与进度',
              children: (
                <Space orientation="vertical" size={16} style={{ width: '100%' }}>
                  <Card size="small" title="计划与报送进度">
                    <EChart option={option} height={260} testId="task-chart" />
                  </Card>
                  <Card
                    size="small"
                    title="节点"
                    extra={
                      t.can.addMilestone ? (
                        <Button
                          size="small"
                          icon={<PlusOutlined />}
                          onClick={() => setAddingMilestone(true)}
                          data-testid="milestone-add-open"
                        >
                          新增节点
                        </Button>
                      ) : null
                    }
                  >
                    <Table<Milestone>
                      rowKey="id"
                      size="small"
                      pagination={false}
                      dataSource={t.milestones}
                      columns={[
                        { title: '节点', dataIndex: 'title' },
                        { title: '责任人', dataIndex: 'responsibleName', width: 100 },
                        {
                          title: '计划进度',
                          dataIndex: 'plannedProgress',
                          width: 90,
                          render: (v: number) => `${v}%`,
                        },
                        { title: '原定日期', dataIndex: 'baselineOn', width: 110 },
                        {
                          title: '现计划',
                          dataIndex: 'plannedOn',
                          width: 170,
                          render: (v: string, m) => (
                            <Space size={4}>
                              {v}
                              {m.slips.length > 0 && (
                                <Tag
                                  color={m.slips.length > 1 ? 'red' : 'orange'}
                                  title={m.slips.map((s) => `${s.fromOn}→${s.toOn}：${s.reason}`).join('\n')}
                                >
                                  推迟 {m.slips.length} 次
                                </Tag>
                              )}
                            </Space>
                          ),
                        },
                        {
                          title: '完成',
                          dataIndex: 'doneOn',
                          width: 110,
                          render: (v: string | null, m) =>
                            v ? v : m.plannedOn < dayjs().format(DAY) ? <Tag color="red">逾期</Tag> : '—',
                        },
                        ...(t.milestones.some((m) => m.can.slip || m.can.complete)
                          ? [
                              {
                                title: '操作',
                                width: 160,
                                render: (_: unknown, m: Milestone) =>
                                  !m.can.slip ? null : (
                                    <Space>
                                      <Button size="small" onClick={() => setSlipping(m)}>
                                        调整日期
                                      </Button>
                                      <Popconfirm
                                        title="确认该节点今天已完成？"
                                        onConfirm={() =>
                                          act(
                                            () =>
                                              call(keyworkApi.completeMilestone, {
                                                params: { id: m.id },
                                                body: { doneOn: dayjs().format(DAY) },
                                              }),
                                            '节点已确认完成',
                                          )
                                        }
                                      >
                                        <Button size="small">完成</Button>
                                      </Popconfirm>
                                    </Space>
                                  ),
                              },
                            ]
                          : []),
                      ]}
                    />
                  </Card>
                  <Card size="small" title="进度报送">
                    <Table
                      rowKey="periodEnd"
                      size="small"
                      dataSource={[...t.periods].reverse()}
                      pagination={{ pageSize: 8, hideOnSinglePage: true }}
                      data-testid="report-table"
                      locale={{
                        emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚无报送期" />,
                      }}
                      columns={[
                        { title: '期次', dataIndex: 'n', width: 80, render: (n: number) => `第 ${n} 期` },
                        { title: '截至', dataIndex: 'periodEnd', width: 110 },
                        { title: '报送期限', dataIndex: 'dueOn', width: 110 },
                        {
                          title: '状态',
                          dataIndex: 'status',
                          width: 90,
                          render: (s: string) =>
                            s === 'reported' ? (
                              <Tag color="green">已报送</Tag>
                            ) : s === 'missed' ? (
                              <Tag color="red">漏报</Tag>
                            ) : s === 'waived' ? (
                              <Tag>首期不足一期，免报</Tag>
                            ) : (
                              <Tag>待报送</Tag>
                            ),
                        },
                        {
                          title: '进度（计划）',
                          width: 120,
                          render: (_, p) => {
                            const r = t.reports.find((x) => x.periodEnd === p.periodEnd);
                            return r ? `${r.progress}%（${r.plannedProgress}%）` : '—';
                          },
                        },
                        {
                          title: '进展与问题',
                          render: (_, p) => {
                            const r = t.reports.find((x) => x.periodEnd === p.periodEnd);
                            return r
                              ? [r.summary, r.problems && `问题：${r.problems}`].filter(Boolean).join('；')
                              : '';
                          },
                        },
                      ]}
                    />
                  </Card>
                  <Card size="small" title="协调事项">
                    <Table
                      rowKey="id"
                      size="small"
                      pagination={false}
                      dataSource={t.requests}
                      locale={{
                        emptyText: (
                          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有提请协调的事项" />
                        ),
                      }}
                      columns={[
                        { title: '配合单位', dataIndex: 'toUnitName', width: 160 },
                        { title: '事项', dataIndex: 'content' },
                        { title: '答复期限', dataIndex: 'dueOn', width: 110 },
                        {
                          title: '答复',
                          render: (_, r) =>
                            r.answeredAt ? (
                              `${r.answer}（${fmtTime(r.answeredAt)}）`
                            ) : r.can.answer ? (
                              <AnswerButton id={r.id} onDone={refresh} />
                            ) : (
                              <Tag color={r.dueOn < dayjs().format(DAY) ? 'red' : 'default'}>未答复</Tag>
                            ),
                        },
                      ]}
                    />
                  </Card>
                  <Card size="small" title="责任领导与专班">
                    <Space wrap>
                      {t.cadres.map((c) => (
                        <Tag key={c.cadreId} color={c.role === 'responsible' ? 'blue' : 'default'}>
                          {c.name}（{c.unitName}）{c.part ? `：${c.part}` : ''}
                        </Tag>
                      ))}
                    </Space>
                  </Card>
                </Space>
              ),
            },
            ...(t.can.chain
              ? [{ key: 'chain', label: '因果链', children: <ChainView taskId={t.id} /> }]
              : []),
          ]}
        />
      </Space>
      <ReportModal task={t} open={reporting} onClose={() => setReporting(false)} onDone={refresh} />
      <SlipModal milestone={slipping} onClose={() => setSlipping(null)} onDone={refresh} />
      <EditDrawer task={t} open={editing} onClose={() => setEditing(false)} onDone={refresh} />
      <MilestoneModal
        task={t}
        open={addingMilestone}
        onClose={() => setAddingMilestone(false)}
        onDone={refresh}
      />
    </Page>
  );
}

function AnswerButton(props: { id: string; onDone: () => void }) {
  const { message } = App.useApp();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="small" type="primary" onClick={() => setOpen(true)}>
        答复
      </Button>
      <Modal
        title="答复协调事项"
        open={open}
        onCancel={() => setOpen(false)}
        okButtonProps={{ disabled: !text.trim() }}
        onOk={async () => {
          try {
            await call(keyworkApi.answerRequest, { params: { id: props.id }, body: { answer: text } });
            message.success('已答复');
            setOpen(false);
            props.onDone();
          } catch (e) {
            message.error(errorText(e));
          }
        }}
      >
        <Input.TextArea rows={4} maxLength={1000} value={text} onChange={(e) => setText(e.target.value)} />
      </Modal>
    </>
  );
}

function ReportModal(props: { task: TaskDetail; open: boolean; onClose: () => void; onDone: () => void }) {
  const [form] = Form.useForm<{
    progress: number;
    summary: string;
    problems?: string;
    requests?: { toUnitId: string; content: string; dueOn: Dayjs }[];
  }>();
  const { saving, send } = useSubmit();
  const submit = async () => {
    const v = await form.validateFields();
    const body = {
      progress: v.progress,
      summary: v.summary,
      problems: v.problems || null,
      requests: (v.requests ?? []).map((r) => ({ ...r, dueOn: r.dueOn.format(DAY) })),
    };
    const sent = await send(
      () => call(keyworkApi.submitReport, { params: { id: props.task.id }, body }),
      '进度已报送',
      (e) => form.setFields(fieldErrors(e, ['progress', 'summary', 'problems', 'requests'] as const)),
    );
    if (!sent) return;
    form.resetFields();
    props.onClose();
    props.onDone();
  };
  return (
    <Modal
      title="报送进度"
      open={props.open}
      onCancel={props.onClose}
      onOk={submit}
      okText="报送"
      confirmLoading={saving}
      width={720}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        <Form.Item name="progress" label="累计进度" rules={[{ required: true, message: '请填写累计进度' }]}>
          <InputNumber min={0} max={100} suffix="%" style={{ width: 160 }} data-testid="report-progress" />
        </Form.Item>
        <Form.Item name="summary" label="进展情况" rules={[{ required: true, message: '请填写进展情况' }]}>
          <Input.TextArea rows={3} maxLength={2000} data-testid="report-summary" />
        </Form.Item>
        <Form.Item name="problems" label="存在问题">
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Typography.Text strong>提请配合单位协调</Typography.Text>
        <Form.List name="requests">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="baseline" wrap>
                  <Form.Item
                    name={[f.name, 'toUnitId']}
                    rules={[{ required: true, message: '请选择配合单位' }]}
                  >
                    <Select
                      style={{ width: 180 }}
                      options={props.task.cooperating.map((u) => ({ value: u.id, label: u.name }))}
                    />
                  </Form.Item>
                  <Form.Item name={[f.name, 'content']} rules={[{ required: true, message: '请填写事项' }]}>
                    <Input placeholder="协调事项" maxLength={500} style={{ width: 260 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'dueOn']} rules={[{ required: true, message: '请选择期限' }]}>
                    <DatePicker placeholder="答复期限" />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(f.name)} />
                </Space>
              ))}
              {props.task.cooperating.length > 0 && (
                <div>
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()}>
                    添加协调事项
                  </Button>
                </div>
              )}
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

function SlipModal(props: { milestone: Milestone | null; onClose: () => void; onDone: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ plannedOn: Dayjs; reason: string }>();
  const m = props.milestone;
  return (
    <Modal
      title={m ? `调整节点日期：${m.title}` : ''}
      open={!!m}
      onCancel={props.onClose}
      okText="确认调整"
      destroyOnHidden
      onOk={async () => {
        const v = await form.validateFields();
        try {
          await call(keyworkApi.slipMilestone, {
            params: { id: m!.id },
            body: { plannedOn: v.plannedOn.format(DAY), reason: v.reason },
          });
          message.success('节点日期已调整，调整记录留存');
          props.onClose();
          props.onDone();
        } catch (e) {
          form.setFields(fieldErrors(e, ['plannedOn', 'reason'] as const));
          message.error(errorText(e));
        }
      }}
    >
      {m && (
        <Typography.Paragraph type="secondary">
          原定 {m.baselineOn}，现计划 {m.plannedOn}，已推迟 {m.slips.length}{' '}
          次。每次调整都会留痕，多次推迟将触发定向考察。
          {m.slips.length > 0 && (
            <>
              {' '}
              <Link to="#">{m.slips.map((s) => `${s.fromOn}→${s.toOn}`).join('，')}</Link>
            </>
          )}
        </Typography.Paragraph>
      )}
      <Form form={form} layout="vertical">
        <Form.Item name="plannedOn" label="新的计划日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="reason" label="调整原因" rules={[{ required: true, message: '请填写调整原因' }]}>
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 更正任务信息: the joint office corrects the basics; the change is recorded in the audit log. */
function EditDrawer(props: { task: TaskDetail; open: boolean; onClose: () => void; onDone: () => void }) {
  const [form] = Form.useForm<TaskBasicsForm>();
  const { saving, send } = useSubmit();
  const t = props.task;
  const save = async () => {
    const v = await form.validateFields();
    if (
      !(await send(
        () => call(keyworkApi.updateTask, { params: { id: t.id }, body: basicsBody(v) }),
        '任务信息已更正，更正记录已留存',
        (e) =>
          form.setFields(
            fieldErrors(e, [
              'title',
              'domain',
              'description',
              'leadUnitId',
              'cooperatingUnitIds',
              'cadence',
              'cadres',
            ] as const),
          ),
      ))
    )
      return;
    props.onClose();
    props.onDone();
  };
  return (
    <Drawer
      title={`更正任务信息：${t.title}`}
      open={props.open}
      onClose={props.onClose}
      size={840}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={props.onClose}>取消</Button>
          <Popconfirm
            title="确认更正任务信息？"
            description="更正将记入审计日志；更换牵头单位或报送频次后，报送待办随之调整。"
            okText="确认更正"
            onConfirm={save}
          >
            <Button type="primary" loading={saving} data-testid="task-edit-save">
              保存更正
            </Button>
          </Popconfirm>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">
        部署会议、起止日期和节点计划不在此更正：节点日期请用“调整日期”留痕调整，新增节点请用“新增节点”。
      </Typography.Paragraph>
      <Form<TaskBasicsForm>
        form={form}
        layout="vertical"
        data-testid="task-edit-form"
        initialValues={{
          title: t.title,
          domain: t.domain ?? undefined,
          description: t.description ?? undefined,
          leadUnitId: t.leadUnit?.id,
          cooperatingUnitIds: t.cooperating.map((u) => u.id),
          cadence: t.cadence,
          cadres: t.cadres.map((c) => ({
            cadreId: c.cadreId,
            role: c.role as 'responsible' | 'taskforce',
            part: c.part ?? undefined,
          })),
        }}
      >
        <TaskBasicsFields open={props.open} reportingLocked={t.reports.length > 0} />
      </Form>
    </Drawer>
  );
}

/** A milestone added to the plan: dated from today to the task's due date, its plan between its neighbours. */
function MilestoneModal(props: { task: TaskDetail; open: boolean; onClose: () => void; onDone: () => void }) {
  const { saving, send } = useSubmit();
  const [form] = Form.useForm<{
    title: string;
    plannedOn: Dayjs;
    plannedProgress: number;
    responsibleCadreId?: string;
  }>();
  const t = props.task;
  const earliest = [dayjs().format(DAY), t.startsOn].sort()[1]!;
  return (
    <Modal
      title="新增节点"
      open={props.open}
      onCancel={props.onClose}
      okText="保存节点"
      okButtonProps={{ id: 'milestone-add-ok' }}
      confirmLoading={saving}
      destroyOnHidden
      onOk={async () => {
        const v = await form.validateFields();
        const body = {
          ...v,
          plannedOn: v.plannedOn.format(DAY),
          responsibleCadreId: v.responsibleCadreId ?? null,
        };
        if (
          !(await send(
            () => call(keyworkApi.addMilestone, { params: { id: t.id }, body }),
            '节点已新增，计划进度按新节点计算',
            (e) =>
              form.setFields(
                fieldErrors(e, ['title', 'plannedOn', 'plannedProgress', 'responsibleCadreId'] as const),
              ),
          ))
        )
          return;
        props.onClose();
        props.onDone();
      }}
    >
      <Typography.Paragraph type="secondary">
        新节点的计划日期即其原定日期，此后调整须留痕；计划进度须介于前后节点之间，已报送的进度不受影响。
      </Typography.Paragraph>
      <Form form={form} layout="vertical">
        <Form.Item name="title" label="节点名称" rules={[{ required: true, message: '请填写节点名称' }]}>
          <Input maxLength={80} data-testid="milestone-title" />
        </Form.Item>
        <Space wrap>
          <Form.Item name="plannedOn" label="计划日期" rules={[{ required: true, message: '请选择日期' }]}>
            <DatePicker
              disabledDate={(d) => d.format(DAY) < earliest || d.format(DAY) > t.dueOn}
              data-testid="milestone-date"
            />
          </Form.Item>
          <Form.Item
            name="plannedProgress"
            label="计划进度（累计）"
            rules={[{ required: true, message: '请填写计划进度' }]}
          >
            <InputNumber
              min={0}
              max={100}
              suffix="%"
              style={{ width: 140 }}
              data-testid="milestone-progress"
            />
          </Form.Item>
          <Form.Item name="responsibleCadreId" label="责任人">
            <Select
              allowClear
              style={{ width: 200 }}
              options={t.cadres.map((c) => ({ value: c.cadreId, label: `${c.name}（${c.unitName ?? ''}）` }))}
            />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}
