import { FileExcelOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { App, Button, Card, Empty, Segmented, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { WireOf } from '../../../common/api.ts';
import {
  CONCLUSION_LABELS,
  INSPECTION_STATUS_LABELS,
  keyworkApi,
} from '../../../common/contracts/keywork.ts';
import { call, qs } from '../../api/client.ts';
import { errorText } from '../../components/errors.ts';
import { fmtDate } from '../../components/format.ts';
import { downloadFile } from '../../components/import-modal.tsx';
import { Page } from '../../components/page.tsx';
import { ProblemTags } from './keywork-bits.tsx';

type Inspections = WireOf<typeof keyworkApi.inspections>;
type InspectionItem = Inspections['items'][number];

export function InspectionTable(props: {
  mine?: boolean;
  status?: 'open' | 'concluded';
  testId?: string;
  /** Told what the reader may do with the list (its `can` flags) once it is loaded. */
  onCan?: (can: Inspections['can']) => void;
}) {
  const nav = useNavigate();
  const [page, setPage] = useState(1);
  const q = useQuery({
    queryKey: ['keywork', 'inspections', props, page],
    queryFn: () =>
      call(keyworkApi.inspections, {
        query: { mine: props.mine ? '1' : undefined, status: props.status, page, pageSize: 15 },
      }),
    placeholderData: keepPreviousData,
  });
  const { onCan } = props;
  useEffect(() => {
    if (q.data) onCan?.(q.data.can);
  }, [q.data, onCan]);
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
  const { message } = App.useApp();
  const [status, setStatus] = useState<'' | 'open' | 'concluded'>('');
  const [can, setCan] = useState<Inspections['can']>();
  return (
    <Page
      title="定向考察记录"
      subtitle="针对进度异常深入项目一线开展的定向考察：原因、责任单位和干部、问题标签与结论。"
      permission="keywork.inspections.read"
      extra={
        can?.export && (
          <Button
            icon={<FileExcelOutlined />}
            onClick={() =>
              downloadFile(
                `${keyworkApi.exportInspections.path}${qs({ status: status || undefined })}`,
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
        <InspectionTable status={status || undefined} onCan={setCan} />
      </Card>
    </Page>
  );
}
