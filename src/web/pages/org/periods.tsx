import { LockOutlined, PlusOutlined, UnlockOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Form,
  InputNumber,
  Modal,
  Popconfirm,
  Skeleton,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import type { WireOf } from '../../../common/api.ts';
import { orgApi } from '../../../common/contracts/org.ts';
import { call } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { errorText } from '../../components/errors.ts';
import { fmtTime } from '../../components/format.ts';
import { Page } from '../../components/page.tsx';

type PeriodView = WireOf<typeof orgApi.listPeriods>['items'][number];

export default function PeriodsPage() {
  const { can } = useSession();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const manage = can('org.periods.manage');
  const [creating, setCreating] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const list = useQuery({
    queryKey: ['org', 'periods'],
    queryFn: () => call(orgApi.listPeriods),
    select: (d) => d.items,
  });
  const today = dayjs().format('YYYY-MM-DD');
  const years = [...new Set((list.data ?? []).map((p) => p.year))].sort((a, b) => b - a);

  const act = async (p: PeriodView, verb: 'close' | 'reopen') => {
    setBusy(p.id);
    try {
      await call(verb === 'close' ? orgApi.closePeriod : orgApi.reopenPeriod, { params: { id: p.id } });
      message.success(verb === 'close' ? `${p.label}已关闭` : `${p.label}已重新开放`);
      await qc.invalidateQueries({ queryKey: ['org', 'periods'] });
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Page
      title="考核期"
      subtitle="考核期按年度和季度划分。考核期关闭后，日期落在其中的记录（班子分工、任免、考核材料等）只读，不能新增或修改。"
      permission="org.manage"
      extra={
        manage && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="period-create"
          >
            开设考核年度
          </Button>
        )
      }
    >
      {list.isLoading ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : list.isError ? (
        <Card>
          <Alert type="error" title={errorText(list.error)} />
        </Card>
      ) : years.length === 0 ? (
        <Card>
          <Empty description="尚未开设考核年度" />
        </Card>
      ) : (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          {!manage && (
            <Alert type="info" showIcon title="关闭和重新开放考核期、开设考核年度由组织部领导操作。" />
          )}
          {years.map((year) => {
            const rows = (list.data ?? [])
              .filter((p) => p.year === year)
              .sort((a, b) => (a.quarter ?? 0) - (b.quarter ?? 0));
            const closed = rows.filter((p) => p.status === 'closed').length;
            return (
              <Card
                key={year}
                size="small"
                title={`${year} 年度`}
                data-testid={`period-year-${year}`}
                extra={
                  <Typography.Text type="secondary">
                    {closed === 0 ? '全部开放' : closed === rows.length ? '全部关闭' : `已关闭 ${closed} 个`}
                  </Typography.Text>
                }
              >
                <Table<PeriodView>
                  rowKey="id"
                  size="small"
                  pagination={false}
                  dataSource={rows}
                  tableLayout="fixed"
                  scroll={{ x: 720 }}
                  columns={[
                    {
                      title: '名称',
                      dataIndex: 'label',
                      render: (label: string, p) => (
                        <Space size={6}>
                          {p.kind === 'year' ? <Typography.Text strong>{label}</Typography.Text> : label}
                          {p.kind === 'quarter' && p.startsOn <= today && today <= p.endsOn && (
                            <Tag color="processing">当前</Tag>
                          )}
                        </Space>
                      ),
                    },
                    {
                      title: '起止日期',
                      width: 240,
                      render: (_, p) => `${p.startsOn} 至 ${p.endsOn}`,
                    },
                    {
                      title: '状态',
                      dataIndex: 'status',
                      width: 100,
                      render: (s: string) =>
                        s === 'closed' ? (
                          <Tag color="default" icon={<LockOutlined />}>
                            已关闭
                          </Tag>
                        ) : (
                          <Tag color="green">开放</Tag>
                        ),
                    },
                    {
                      title: '关闭时间',
                      dataIndex: 'closedAt',
                      width: 180,
                      render: (v: string | null) => (v ? fmtTime(v) : '—'),
                    },
                    ...(rows.some((p) => p.can.close || p.can.reopen)
                      ? [
                          {
                            title: '操作',
                            key: 'actions',
                            width: 120,
                            render: (_: unknown, p: PeriodView) =>
                              p.can.close ? (
                                <Popconfirm
                                  title={`关闭${p.label}？`}
                                  description={
                                    <div style={{ maxWidth: 320 }}>
                                      关闭后，日期在 {p.startsOn} 至 {p.endsOn}{' '}
                                      的记录（班子分工、任免、考核材料等）变为只读，不能再新增或修改；如需更正，须重新开放。
                                    </div>
                                  }
                                  okText="关闭"
                                  okButtonProps={{ danger: true }}
                                  onConfirm={() => act(p, 'close')}
                                >
                                  <Button
                                    type="link"
                                    danger
                                    icon={<LockOutlined />}
                                    loading={busy === p.id}
                                    data-testid={`period-close-${p.year}-${p.quarter ?? 0}`}
                                  >
                                    关闭
                                  </Button>
                                </Popconfirm>
                              ) : p.can.reopen ? (
                                <Popconfirm
                                  title={`重新开放${p.label}？`}
                                  description={
                                    <div style={{ maxWidth: 320 }}>
                                      重新开放后，该考核期内的记录可以再次新增和修改；操作记入审计日志。更正完成后请及时关闭。
                                    </div>
                                  }
                                  okText="重新开放"
                                  onConfirm={() => act(p, 'reopen')}
                                >
                                  <Button
                                    type="link"
                                    icon={<UnlockOutlined />}
                                    loading={busy === p.id}
                                    data-testid={`period-reopen-${p.year}-${p.quarter ?? 0}`}
                                  >
                                    重新开放
                                  </Button>
                                </Popconfirm>
                              ) : null,
                          },
                        ]
                      : []),
                  ]}
                />
              </Card>
            );
          })}
        </Space>
      )}
      {creating && (
        <CreateYearModal
          suggested={years.length ? Math.max(...years) + 1 : dayjs().year()}
          existing={years}
          onClose={() => setCreating(false)}
        />
      )}
    </Page>
  );
}

function CreateYearModal(props: { suggested: number; existing: number[]; onClose(): void }) {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ year: number }>();
  const [busy, setBusy] = useState(false);
  return (
    <Modal
      open
      title="开设考核年度"
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText="开设"
      confirmLoading={busy}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ year: props.suggested }}
        onFinish={async (v) => {
          setBusy(true);
          try {
            await call(orgApi.createYear, { body: { year: v.year } });
            message.success(`已开设 ${v.year} 年度考核期（含四个季度）`);
            await qc.invalidateQueries({ queryKey: ['org', 'periods'] });
            props.onClose();
          } catch (e) {
            message.error(errorText(e));
          } finally {
            setBusy(false);
          }
        }}
      >
        <Form.Item
          name="year"
          label="年度"
          extra="将同时开设该年度和四个季度，均为开放状态。"
          rules={[
            { required: true, message: '请填写年度' },
            {
              validator: (_, y: number | null) =>
                y && props.existing.includes(y)
                  ? Promise.reject(new Error(`${y}年度已开设`))
                  : Promise.resolve(),
            },
          ]}
        >
          <InputNumber
            min={2000}
            max={2100}
            precision={0}
            style={{ width: 160 }}
            suffix="年"
            data-testid="period-year"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
