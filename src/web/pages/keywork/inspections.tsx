import { FileExcelOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { App, Button, Card, Empty, Segmented, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { CONCLUSION_LABELS, INSPECTION_STATUS_LABELS } from '../../../common/contracts/keywork.ts';
import type { Page as PageOf } from '../../../common/contracts/page.ts';
import { api, qs } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { errorText } from '../../components/errors.ts';
import { fmtDate } from '../../components/format.ts';
import { downloadFile } from '../../components/import-modal.tsx';
import { Page } from '../../components/page.tsx';
import { ProblemTags } from './keywork-bits.tsx';

interface InspectionItem {
  id: string;
  taskId: string;
  taskTitle: string;
  leadUnitName: string;
  origin: string;
  reason: string;
  status: 'open' | 'concluded';
  assigneeName: string | null;
  deadline: string;
  openedAt: string;
  conclusionKind: keyof typeof CONCLUSION_LABELS | null;
  hits: number | null;
  findings: number;
  tags: string[];
}

export function InspectionTable(props: { mine?: boolean; status?: 'open' | 'concluded'; testId?: string }) {
  const nav = useNavigate();
  const [page, setPage] = useState(1);
  const q = useQuery({
    queryKey: ['keywork', 'inspections', props, page],
    queryFn: () =>
      api.get<PageOf<InspectionItem>>(
        `/api/keywork/inspections${qs({ mine: props.mine ? '1' : undefined, status: props.status, page, pageSize: 15 })}`,
      ),
    placeholderData: keepPreviousData,
  });
  const today = dayjs();
  return (
    <Table<InspectionItem>
      rowKey="id"
      dataSource={q.data?.items}
      loading={q.isLoading}
      data-testid={props.testId ?? 'inspection-table'}
      onRow={(i) => ({ onClick: () => nav(`/keywork/inspections/${i.id}`), style: { cursor: 'pointer' } })}
      pagination={{
        current: page,
        pageSize: 15,
        total: q.data?.total ?? 0,
        onChange: setPage,
        showSizeChanger: false,
        hideOnSinglePage: true,
      }}
      locale={{
        emptyText: (
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={props.mine ? '没有待办的定向考察' : '尚无定向考察记录'}
          />
        ),
      }}
      columns={[
        {
          title: '任务',
          dataIndex: 'taskTitle',
          render: (v: string, i) => (
            <Space orientation="vertical" size={0}>
              <Link to={`/keywork/inspections/${i.id}`} onClick={(e) => e.stopPropagation()}>
                {v}
              </Link>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {i.leadUnitName}
              </Typography.Text>
            </Space>
          ),
        },
        { title: '缘由', dataIndex: 'reason', ellipsis: true },
        {
          title: '状态',
          dataIndex: 'status',
          width: 140,
          render: (s: InspectionItem['status'], i) =>
            s === 'open' ? (
              <Tag color={dayjs(i.deadline).isBefore(today) ? 'red' : 'orange'}>
                考察中 · {fmtDate(i.deadline)} 前
              </Tag>
            ) : (
              <Tag color="blue">
                {i.conclusionKind ? CONCLUSION_LABELS[i.conclusionKind] : INSPECTION_STATUS_LABELS[s]}
              </Tag>
            ),
        },
        { title: '考察人', dataIndex: 'assigneeName', width: 140 },
        {
          title: '问题标签',
          dataIndex: 'tags',
          width: 220,
          render: (t: string[]) => (t.length ? <ProblemTags tags={t} /> : '—'),
        },
      ]}
    />
  );
}

export default function InspectionsPage() {
  const { can } = useSession();
  const { message } = App.useApp();
  const [status, setStatus] = useState<'' | 'open' | 'concluded'>('');
  return (
    <Page
      title="定向考察记录"
      subtitle="针对进度异常深入项目一线开展的定向考察：原因、责任单位和干部、问题标签与结论。"
      permission="keywork.inspections.read"
      extra={
        can('keywork.inspect') && (
          <Button
            icon={<FileExcelOutlined />}
            onClick={() =>
              downloadFile(
                `/api/keywork/inspections/export${qs({ status: status || undefined })}`,
                '定向考察.xlsx',
              ).catch((e) => message.error(errorText(e)))
            }
          >
            导出 Excel
          </Button>
        )
      }
    >
      <Card>
        <Segmented
          style={{ marginBottom: 16 }}
          value={status}
          onChange={(v) => setStatus(v as typeof status)}
          options={[
            { value: '', label: '全部' },
            { value: 'open', label: '考察中' },
            { value: 'concluded', label: '已结论' },
          ]}
        />
        <InspectionTable status={status || undefined} />
      </Card>
    </Page>
  );
}
