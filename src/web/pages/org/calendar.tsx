import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Row,
  Select,
  Skeleton,
  Space,
  Statistic,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { type CSSProperties, useMemo, useState } from 'react';
import type { WireOf } from '../../../common/api.ts';
import { type CalendarKind, orgApi } from '../../../common/contracts/org.ts';
import { call } from '../../api/client.ts';
import { errorText } from '../../components/errors.ts';
import { Page } from '../../components/page.tsx';

type DayKind = CalendarKind;
type CalendarDayView = WireOf<typeof orgApi.calendarYear>['days'][number];

const KIND_LABELS: Record<DayKind, string> = { holiday: '节假日', workday: '调休上班' };
const KIND_COLORS: Record<DayKind, { tag: string; background: string; color: string }> = {
  holiday: { tag: 'red', background: '#fff1f0', color: '#cf1322' },
  workday: { tag: 'blue', background: '#e6f4ff', color: '#0958d9' },
};
const WEEKDAYS = '日一二三四五六';
// Weeks in China start on Monday.
const HEADER = ['一', '二', '三', '四', '五', '六', '日'];
const MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

/** The years offered: the published 2026 schedule onwards, up to next year. */
function yearOptions(): number[] {
  const now = dayjs().year();
  const last = Math.max(2027, now + 1);
  return Array.from({ length: last - 2026 + 1 }, (_, i) => 2026 + i);
}

export default function CalendarPage() {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const years = yearOptions();
  const [year, setYear] = useState(() => (years.includes(dayjs().year()) ? dayjs().year() : 2026));
  const [editing, setEditing] = useState<CalendarDayView | null>(null);

  const q = useQuery({
    queryKey: ['org-calendar', year],
    queryFn: () => call(orgApi.calendarYear, { query: { year } }),
  });
  const manage = !!q.data?.can.edit;
  const byDay = useMemo(() => new Map((q.data?.days ?? []).map((d) => [d.day, d])), [q.data]);

  const refresh = () => qc.invalidateQueries({ queryKey: ['org-calendar'] });
  const save = useMutation({
    mutationFn: (v: CalendarDayView) =>
      call(orgApi.setCalendarDay, {
        params: { day: v.day },
        body: { kind: v.kind, name: v.name, source: v.source },
      }),
    onSuccess: (d) => {
      message.success(`已保存 ${d.day}（${d.name}）`);
      setEditing(null);
      refresh();
    },
    onError: (e) => message.error(errorText(e)),
  });
  const remove = useMutation({
    mutationFn: (day: string) => call(orgApi.deleteCalendarDay, { params: { day } }),
    onSuccess: () => {
      message.success('已删除，该日恢复按周一至周五计算');
      refresh();
    },
    onError: (e) => message.error(errorText(e)),
  });

  const data = q.data;
  const holidays = data?.days.filter((d) => d.kind === 'holiday').length ?? 0;
  const makeUps = data?.days.filter((d) => d.kind === 'workday').length ?? 0;

  return (
    <Page
      title="工作日历"
      subtitle="法定节假日与调休安排。各项期限按工作日计算，外勤时长按每个工作日 8 小时计算。"
      extra={
        <Select
          value={year}
          onChange={setYear}
          style={{ width: 120 }}
          options={years.map((y) => ({ value: y, label: `${y} 年` }))}
          data-testid="calendar-year"
        />
      }
    >
      {!data ? (
        <Card>{q.isError ? <Alert type="error" title={errorText(q.error)} /> : <Skeleton active />}</Card>
      ) : (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          {data.provisional && (
            <Alert
              type="warning"
              showIcon
              data-testid="calendar-provisional"
              title={
                data.days.length
                  ? `${year} 年的调休安排尚未由国务院办公厅公布，目前只录入了法定节假日，工作日数为暂估。`
                  : `${year} 年尚未录入节假日，工作日暂按周一至周五计算。`
              }
              description="国务院办公厅公布当年节假日安排后，请组织部及时补录调休上班日并核对节假日。"
            />
          )}
          <Row gutter={16}>
            <Col xs={24} sm={8}>
              <Card size="small">
                <Statistic
                  title="全年工作日"
                  value={data.workingDays}
                  suffix="天"
                  data-testid="calendar-working-days"
                />
              </Card>
            </Col>
            <Col xs={12} sm={8}>
              <Card size="small">
                <Statistic title="节假日" value={holidays} suffix="天" />
              </Card>
            </Col>
            <Col xs={12} sm={8}>
              <Card size="small">
                <Statistic title="调休上班" value={makeUps} suffix="天" />
              </Card>
            </Col>
          </Row>
          <Card
            size="small"
            title={`${year} 年月历`}
            extra={
              <Space size={4}>
                <Tag color={KIND_COLORS.holiday.tag}>节假日</Tag>
                <Tag color={KIND_COLORS.workday.tag}>调休上班</Tag>
                <Typography.Text type="secondary">灰色为周末</Typography.Text>
              </Space>
            }
          >
            <Row gutter={[16, 16]}>
              {MONTHS.map((month) => (
                <Col key={month} xs={24} sm={12} md={8} xl={6}>
                  <MonthGrid year={year} month={month} byDay={byDay} />
                </Col>
              ))}
            </Row>
          </Card>
          {manage && (
            <Card size="small" title="登记节假日或调休上班日">
              <DayForm
                layout="inline"
                year={year}
                busy={save.isPending}
                onSubmit={(v) => save.mutateAsync(v)}
                submitText="登记"
              />
            </Card>
          )}
          <Card size="small" title="已登记的日期">
            <Table<CalendarDayView>
              rowKey="day"
              size="small"
              dataSource={data.days}
              pagination={false}
              locale={{
                emptyText: (
                  <Empty
                    image={Empty.PRESENTED_IMAGE_SIMPLE}
                    description={`${year} 年尚未登记任何节假日或调休`}
                  />
                ),
              }}
              columns={[
                {
                  title: '日期',
                  dataIndex: 'day',
                  render: (day: string) => `${day}（周${WEEKDAYS[dayjs(day).day()]}）`,
                },
                {
                  title: '类型',
                  dataIndex: 'kind',
                  render: (k: DayKind) => <Tag color={KIND_COLORS[k].tag}>{KIND_LABELS[k]}</Tag>,
                },
                { title: '名称', dataIndex: 'name' },
                {
                  title: '依据',
                  dataIndex: 'source',
                  render: (s: string | null) => s ?? <Typography.Text type="secondary">—</Typography.Text>,
                },
                ...(manage
                  ? [
                      {
                        title: '操作',
                        key: 'actions',
                        render: (_: unknown, d: CalendarDayView) => (
                          <Space size={0}>
                            <Button type="link" onClick={() => setEditing(d)}>
                              编辑
                            </Button>
                            <Popconfirm
                              title={`删除 ${d.day}（${d.name}）后，该日按周一至周五规则计算，确定删除？`}
                              okText="删除"
                              okButtonProps={{ danger: true }}
                              onConfirm={() => remove.mutateAsync(d.day)}
                            >
                              <Button type="link" danger>
                                删除
                              </Button>
                            </Popconfirm>
                          </Space>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
          </Card>
        </Space>
      )}
      <Modal
        title={`修改 ${editing?.day ?? ''}`}
        open={!!editing}
        onCancel={() => setEditing(null)}
        footer={null}
        destroyOnHidden
      >
        {editing && (
          <DayForm
            layout="vertical"
            year={year}
            initial={editing}
            busy={save.isPending}
            onSubmit={(v) => save.mutateAsync(v)}
            submitText="保存"
          />
        )}
      </Modal>
    </Page>
  );
}

/** One month (1–12) as a Monday-first grid; listed days are coloured and named in a tooltip. */
function MonthGrid(props: { year: number; month: number; byDay: Map<string, CalendarDayView> }) {
  const first = dayjs(new Date(props.year, props.month - 1, 1));
  const lead = (first.day() + 6) % 7;
  const days = Array.from({ length: first.daysInMonth() }, (_, i) => first.add(i, 'day'));
  const working = days.filter((d) => isWorking(d, props.byDay)).length;
  return (
    <div data-testid={`calendar-month-${props.month}`}>
      <div style={{ display: 'flex', justifyContent: 'space-between', marginBottom: 4 }}>
        <Typography.Text strong>{props.month} 月</Typography.Text>
        <Typography.Text type="secondary">{working} 个工作日</Typography.Text>
      </div>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(7, 1fr)', gap: 2, textAlign: 'center' }}>
        {HEADER.map((h) => (
          <Typography.Text key={h} type="secondary" style={{ fontSize: 12 }}>
            {h}
          </Typography.Text>
        ))}
        {lead > 0 && <span style={{ gridColumn: `span ${lead}` }} />}
        {days.map((d) => {
          const key = d.format('YYYY-MM-DD');
          const entry = props.byDay.get(key);
          const weekend = d.day() === 0 || d.day() === 6;
          const style: CSSProperties = {
            fontSize: 12,
            lineHeight: '22px',
            borderRadius: 4,
            color: entry ? KIND_COLORS[entry.kind].color : weekend ? '#bfbfbf' : undefined,
            background: entry ? KIND_COLORS[entry.kind].background : undefined,
            fontWeight: entry ? 600 : undefined,
          };
          const cell = (
            <span key={key} style={style} data-day={key} data-kind={entry?.kind}>
              {d.date()}
            </span>
          );
          return entry ? (
            <Tooltip key={key} title={`${key} ${entry.name}（${KIND_LABELS[entry.kind]}）`}>
              {cell}
            </Tooltip>
          ) : (
            cell
          );
        })}
      </div>
    </div>
  );
}

/** The page's own shading of a day; the server's count in the header is the authoritative one. */
function isWorking(d: Dayjs, byDay: Map<string, CalendarDayView>): boolean {
  const entry = byDay.get(d.format('YYYY-MM-DD'));
  if (entry) return entry.kind === 'workday';
  return d.day() >= 1 && d.day() <= 5;
}

interface DayFormValues {
  day: Dayjs;
  kind: DayKind;
  name: string;
  source?: string;
}

/** Adds a day (inline, any date) or edits one (vertical, the date fixed). */
function DayForm(props: {
  layout: 'inline' | 'vertical';
  year: number;
  initial?: CalendarDayView;
  busy: boolean;
  submitText: string;
  onSubmit(v: CalendarDayView): Promise<unknown>;
}) {
  const [form] = Form.useForm<DayFormValues>();
  const kind = Form.useWatch('kind', form);
  return (
    <Form<DayFormValues>
      form={form}
      layout={props.layout}
      initialValues={
        props.initial
          ? {
              day: dayjs(props.initial.day),
              kind: props.initial.kind,
              name: props.initial.name,
              source: props.initial.source ?? undefined,
            }
          : { kind: 'holiday' }
      }
      onFinish={async (v) => {
        try {
          await props.onSubmit({
            day: v.day.format('YYYY-MM-DD'),
            kind: v.kind,
            name: v.name,
            source: v.source?.trim() || null,
          });
          if (!props.initial) form.resetFields(['day', 'name']);
        } catch {
          // The mutation has already shown the server's message; keep the input for correction.
        }
      }}
      style={props.layout === 'inline' ? { rowGap: 8 } : undefined}
    >
      <Form.Item name="day" label="日期" rules={[{ required: true, message: '请选择日期' }]}>
        <DatePicker
          disabled={!!props.initial}
          defaultPickerValue={dayjs(new Date(props.year, 0, 1))}
          data-testid="calendar-day-input"
        />
      </Form.Item>
      <Form.Item name="kind" label="类型" rules={[{ required: true, message: '请选择类型' }]}>
        <Select
          style={{ width: 130 }}
          options={(Object.keys(KIND_LABELS) as DayKind[]).map((k) => ({ value: k, label: KIND_LABELS[k] }))}
        />
      </Form.Item>
      <Form.Item
        name="name"
        label="名称"
        rules={[
          { required: true, whitespace: true, message: '请填写名称' },
          { max: 30, message: '名称不能超过 30 个字' },
        ]}
      >
        <Input placeholder={kind === 'workday' ? '如：春节调休上班' : '如：春节'} style={{ width: 180 }} />
      </Form.Item>
      <Form.Item name="source" label="依据" rules={[{ max: 200, message: '依据不能超过 200 个字' }]}>
        <Input
          placeholder="如：国务院办公厅通知（选填）"
          style={{ width: props.layout === 'inline' ? 260 : '100%' }}
        />
      </Form.Item>
      <Form.Item>
        <Button
          type="primary"
          htmlType="submit"
          loading={props.busy}
          icon={props.initial ? undefined : <PlusOutlined />}
        >
          {props.submitText}
        </Button>
      </Form.Item>
    </Form>
  );
}
