import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Select,
  Skeleton,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { type ReactNode, useMemo, useState } from 'react';
import { Link } from 'react-router';
import type { WireOf } from '../../../../common/api.ts';
import { orgApi } from '../../../../common/contracts/org.ts';
import { call } from '../../../api/client.ts';
import { errorText } from '../../../components/errors.ts';
import { retryUnlessRefused } from '../../../components/page.tsx';
import { ScopeTags } from '../division/scope-tags.tsx';
import { periodText } from '../division/versions.ts';
import { appointmentKindLabel, DAY, moduleLabel, TIMELINE_MODULES } from '../org-options.ts';

type Appointment = WireOf<typeof orgApi.appointments>['items'][number];

export const dash = (v: ReactNode) => (v === null || v === undefined || v === '' ? '—' : v);

/** 职责范围 on a chosen day, by the division versions in force then. */
export function ResponsibilitiesTab({ id }: { id: string }) {
  const [date, setDate] = useState<Dayjs>(() => dayjs());
  const day = date.format(DAY);
  const q = useQuery({
    queryKey: ['org', 'cadre', id, 'responsibilities', day],
    queryFn: () => call(orgApi.responsibilities, { params: { id }, query: { date: day } }),
  });
  const list = q.data?.responsibilities ?? [];
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space wrap>
        <Typography.Text>查询日期</Typography.Text>
        <DatePicker
          value={date}
          allowClear={false}
          onChange={(d) => d && setDate(d)}
          data-testid="resp-date"
        />
        <Typography.Text type="secondary">按该日有效的班子分工，查看此人当时分管什么。</Typography.Text>
      </Space>
      {q.isError && <Alert type="error" showIcon title={errorText(q.error)} />}
      <div data-testid="resp-list">
        {q.isLoading ? (
          <Skeleton active />
        ) : list.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="该日无分工记录" />
        ) : (
          <Space orientation="vertical" size={12} style={{ width: '100%' }}>
            {list.map((r) => (
              <Card
                key={r.divisionId}
                size="small"
                data-testid="resp-item"
                title={<Link to={`/org/units/${r.unitId}`}>{r.unitName}</Link>}
                extra={<Tag color="geekblue">分工版本 第{r.version}版</Tag>}
              >
                <Descriptions
                  size="small"
                  column={{ xs: 1, md: 2 }}
                  items={[
                    { key: 'range', label: '生效', children: periodText(r) },
                    { key: 'doc', label: '文号', children: dash(r.docNo) },
                    {
                      key: 'duties',
                      label: '分工内容',
                      span: 'filled',
                      children: r.duties ? <span style={{ whiteSpace: 'pre-wrap' }}>{r.duties}</span> : '—',
                    },
                    {
                      key: 'scopes',
                      label: '分管范围',
                      span: 'filled',
                      children: <ScopeTags scopes={r.scopes} />,
                    },
                  ]}
                />
              </Card>
            ))}
          </Space>
        )}
      </div>
    </Space>
  );
}

/** 任免经历, newest first. */
export function AppointmentsTab({ id }: { id: string }) {
  const q = useQuery({
    queryKey: ['org', 'cadre', id, 'appointments'],
    queryFn: () => call(orgApi.appointments, { params: { id } }),
  });
  return (
    <>
      {q.isError && <Alert type="error" showIcon title={errorText(q.error)} style={{ marginBottom: 12 }} />}
      <Table<Appointment>
        rowKey="id"
        size="small"
        loading={q.isLoading}
        dataSource={q.data?.items}
        pagination={false}
        scroll={{ x: 900 }}
        data-testid="appointments"
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无任免记录" /> }}
        columns={[
          {
            title: '起止日期',
            width: 200,
            render: (_, a) => (a.endsOn === a.startsOn ? a.startsOn : `${a.startsOn} 至 ${a.endsOn ?? '今'}`),
          },
          {
            title: '类型',
            dataIndex: 'kindLabel',
            width: 130,
            render: (v: string, a) => (
              <Tag color={a.endsOn ? 'default' : 'green'}>{v || appointmentKindLabel(a.kind)}</Tag>
            ),
          },
          { title: '单位', dataIndex: 'unitName', width: 180, render: (v: string | null) => dash(v) },
          { title: '职务', dataIndex: 'post', width: 150, render: (v: string | null) => dash(v) },
          { title: '班子位置', dataIndex: 'teamPlace', width: 80, render: (v: string | null) => dash(v) },
          { title: '文号', dataIndex: 'docNo', width: 150, render: (v: string | null) => dash(v) },
          { title: '备注', dataIndex: 'note', render: (v: string | null) => dash(v) },
        ]}
      />
    </>
  );
}

/** 时间轴: what every module recorded about the cadre that the reader may see. */
export function TimelineTab({ id }: { id: string }) {
  const [module, setModule] = useState<string>('');
  const q = useQuery({
    queryKey: ['org', 'cadre', id, 'timeline'],
    queryFn: () => call(orgApi.timeline, { params: { id } }),
    retry: retryUnlessRefused,
  });
  const all = q.data?.items ?? [];
  // The modules offered: those known by name, and any other that has written to this timeline.
  const modules = useMemo(
    () => [...new Set<string>([...TIMELINE_MODULES, ...all.map((e) => e.module)])],
    [all],
  );
  const shown = (module ? all.filter((e) => e.module === module) : all)
    .slice()
    .sort((a, b) => (a.occurredOn < b.occurredOn ? 1 : a.occurredOn > b.occurredOn ? -1 : 0));
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space>
        <Typography.Text>模块</Typography.Text>
        <Select
          value={module}
          onChange={setModule}
          style={{ width: 160 }}
          options={[
            { value: '', label: '全部' },
            ...modules.map((m) => ({ value: m, label: moduleLabel(m) })),
          ]}
          data-testid="timeline-module"
        />
      </Space>
      {q.isError && <Alert type="error" showIcon title={errorText(q.error)} />}
      <div data-testid="timeline">
        {q.isLoading ? (
          <Skeleton active />
        ) : shown.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无记录" />
        ) : (
          <Timeline
            mode="start"
            titleSpan="120px"
            items={shown.map((e) => ({
              key: e.id,
              title: <Typography.Text type="secondary">{e.occurredOn}</Typography.Text>,
              content: (
                <Space size={8} wrap>
                  <span>{e.title}</span>
                  <Tag style={{ marginInlineEnd: 0 }}>{moduleLabel(e.module)}</Tag>
                </Space>
              ),
            }))}
          />
        )}
      </div>
    </Space>
  );
}
