import { useQuery } from '@tanstack/react-query';
import { Card, Col, Row, Statistic, Table, Tag } from 'antd';
import { systemApi } from '../../../common/contracts/system.ts';
import { call } from '../../api/client.ts';
import { fmtTime } from '../../components/format.ts';
import { Page } from '../../components/page.tsx';

const STATUS = [
  { key: 'pending', label: '待执行' },
  { key: 'done', label: '已完成' },
  { key: 'failed', label: '已失败' },
];

export default function JobsPage() {
  const q = useQuery({
    queryKey: ['jobs'],
    queryFn: () => call(systemApi.jobs),
    refetchInterval: 10_000,
  });
  return (
    <Page
      title="后台任务"
      subtitle="提醒、期限、触发规则和分批导入都作为后台任务运行；重启后继续。"
      permission="system.jobs.read"
    >
      <Row gutter={16} style={{ marginBottom: 16 }}>
        {STATUS.map((s) => (
          <Col span={8} key={s.key}>
            <Card>
              <Statistic title={s.label} value={q.data?.byStatus[s.key] ?? 0} />
            </Card>
          </Col>
        ))}
      </Row>
      <Card title="最近出错的任务">
        <Table
          rowKey="id"
          size="small"
          loading={q.isLoading}
          dataSource={q.data?.recentFailures}
          locale={{ emptyText: '没有出错的任务' }}
          pagination={false}
          columns={[
            { title: '编号', dataIndex: 'id' },
            { title: '类型', dataIndex: 'kind' },
            {
              title: '状态',
              dataIndex: 'status',
              render: (s) => (
                <Tag color={s === 'failed' ? 'red' : 'orange'}>{s === 'failed' ? '已失败' : '重试中'}</Tag>
              ),
            },
            { title: '已尝试', dataIndex: 'attempts' },
            { title: '错误代码', dataIndex: 'errorCode' },
            { title: '参考号（日志中可查详情）', dataIndex: 'errorRef' },
            { title: '时间', dataIndex: 'updatedAt', render: fmtTime },
          ]}
        />
      </Card>
    </Page>
  );
}
