import { PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import type { WireOf } from '../../../common/api.ts';
import { type ApplicationStatus, rewardsApi, STATUS_LABELS } from '../../../common/contracts/rewards.ts';
import { call } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { type ChartOption, EChart } from '../../components/echart.tsx';
import { errorText } from '../../components/errors.ts';
import { fieldErrors } from '../../components/form-errors.ts';
import { Page } from '../../components/page.tsx';
import { useBatches } from './rewards-bits.tsx';

type Stats = WireOf<typeof rewardsApi.stats>;

function kindOption(s: Stats): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { data: ['申报', '已兑现'], top: 0 },
    grid: { left: 40, right: 16, top: 40, bottom: 30 },
    xAxis: { type: 'category', data: s.byKind.map((k) => k.name), axisLabel: { interval: 0, fontSize: 11 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: '申报', type: 'bar', data: s.byKind.map((k) => k.applications) },
      { name: '已兑现', type: 'bar', data: s.byKind.map((k) => k.awarded) },
    ],
  };
}

/** A batch's statistics: "N 批次 N 家单位申报 N 项", by status and kind; opening a batch. */
export default function StatsPage() {
  const { can } = useSession();
  const [creating, setCreating] = useState(false);
  const stats = useQuery({
    queryKey: ['rewards', 'stats'],
    queryFn: () => call(rewardsApi.stats),
    enabled: can('rewards.board'),
  });
  const batches = useBatches();
  const s = stats.data;
  return (
    <Page
      title="批次统计"
      permission="rewards.board"
      extra={
        batches.data?.can.create && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            开启申报批次
          </Button>
        )
      }
    >
      {stats.isError && <Alert type="error" showIcon title={errorText(stats.error)} />}
      {s && (
        <>
          <Card style={{ marginBottom: 16 }}>
            <Typography.Title level={4} style={{ marginTop: 0 }} data-testid="rewards-headline">
              {s.batches} 批次 {s.units} 家单位申报 {s.applications} 项
            </Typography.Title>
            <Row gutter={16}>
              <Col span={4}>
                <Statistic title="获奖集体" value={s.awardedCollectives} suffix="个" />
              </Col>
              <Col span={4}>
                <Statistic title="获奖干部" value={s.awardedCadres} suffix="名" />
              </Col>
              <Col span={5}>
                <Statistic
                  title="提交至兑现平均"
                  value={s.meanDaysToAward ?? '—'}
                  suffix={s.meanDaysToAward == null ? '' : '天'}
                />
              </Col>
              <Col span={5}>
                <Statistic
                  title="最长"
                  value={s.maxDaysToAward ?? '—'}
                  suffix={s.maxDaysToAward == null ? '' : '天'}
                />
              </Col>
              <Col span={6}>
                <Statistic
                  title="当前超期环节"
                  value={s.overdueSteps}
                  valueStyle={s.overdueSteps ? { color: '#cf1322' } : undefined}
                />
              </Col>
            </Row>
          </Card>
          <Row gutter={16}>
            <Col xs={24} lg={14}>
              <Card title="各批次" style={{ marginBottom: 16 }}>
                <Table
                  rowKey="id"
                  size="small"
                  pagination={false}
                  dataSource={s.byBatch}
                  locale={{ emptyText: '尚未开启申报批次' }}
                  columns={[
                    { title: '批次', dataIndex: 'title' },
                    { title: '截止', dataIndex: 'closesOn', width: 110 },
                    { title: '单位', dataIndex: 'units', width: 70 },
                    { title: '申报', dataIndex: 'applications', width: 70 },
                    {
                      title: '进度',
                      render: (_, b) => (
                        <Space size={2} wrap>
                          {Object.entries(b.byStatus).map(([k, n]) => (
                            <Tag key={k}>
                              {STATUS_LABELS[k as ApplicationStatus] ?? k} {n}
                            </Tag>
                          ))}
                        </Space>
                      ),
                    },
                  ]}
                />
              </Card>
            </Col>
            <Col xs={24} lg={10}>
              <Card title="按奖励类别">
                <EChart option={kindOption(s)} height={280} testId="rewards-chart-kind" />
              </Card>
            </Col>
          </Row>
        </>
      )}
      <BatchModal open={creating} onClose={() => setCreating(false)} />
    </Page>
  );
}

function BatchModal(props: { open: boolean; onClose: () => void }) {
  type V = { title: string; range: [Dayjs, Dayjs]; flowMonths: number };
  const [form] = Form.useForm<V>();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function save(v: V) {
    setBusy(true);
    setError(null);
    try {
      await call(rewardsApi.createBatch, {
        body: {
          title: v.title,
          opensOn: v.range[0].format('YYYY-MM-DD'),
          closesOn: v.range[1].format('YYYY-MM-DD'),
          rules: {
            flowMonths: v.flowMonths,
            stepDays: { review: 8, approve: 5, award: 5 },
            opinionDays: 5,
            escalateAfterDays: 2,
          },
        },
      });
      message.success('申报批次已开启');
      await qc.invalidateQueries({ queryKey: ['rewards'] });
      props.onClose();
    } catch (e) {
      form.setFields(fieldErrors(e, ['title'] as const));
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal
      title="开启申报批次"
      open={props.open}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: busy }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={save} initialValues={{ flowMonths: 1 }}>
        <Form.Item name="title" label="批次名称" rules={[{ required: true, message: '请填写批次名称' }]}>
          <Input placeholder="如：2026 年第三批及时奖励申报" />
        </Form.Item>
        <Form.Item name="range" label="申报期" rules={[{ required: true, message: '请选择申报期' }]}>
          <DatePicker.RangePicker />
        </Form.Item>
        <Form.Item
          name="flowMonths"
          label="全流程时限（月）"
          extra="审核 8、审批 5、兑现 5 个工作日；会签 5 个工作日；超期 2 个工作日报领导督办"
        >
          <InputNumber min={1} max={6} />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}
