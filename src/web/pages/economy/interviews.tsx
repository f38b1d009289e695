import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Divider,
  Drawer,
  Form,
  Input,
  Radio,
  Segmented,
  Skeleton,
  Space,
  Table,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { economyApi, INTERVIEW_STATUSES, type InterviewStatus } from '../../../common/contracts/economy.ts';
import { call, qs } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { fmtTime } from '../../components/format.ts';
import { Page } from '../../components/page.tsx';
import {
  ExportButton,
  emptyText,
  FilterBar,
  FormError,
  guarded,
  InterviewStatusTag,
  ListError,
  listPagination,
  SearchBox,
  useSubmit,
} from './economy-bits.tsx';
import { INTERVIEW_STATUS_OPTIONS, type InterviewView, PAGE_SIZE, useListParams } from './economy-options.ts';
import { InterviewDrawer } from './interview-form.tsx';

export default guarded('economy.review', InterviewsPage);

function InterviewsPage() {
  const { can } = useSession();
  const lp = useListParams();
  const [creating, setCreating] = useState(false);
  const status = lp.oneOf('status', INTERVIEW_STATUSES);
  const q = lp.get('q');
  const open = lp.get('open');
  const page = lp.page;
  const list = useQuery({
    queryKey: ['economy', 'interviews', { status, q, page }],
    queryFn: () => call(economyApi.interviews, { query: { status, q, page, pageSize: PAGE_SIZE } }),
    placeholderData: keepPreviousData,
    enabled: can('economy.review'),
  });
  const filtered = !!(status || q);

  return (
    <Page
      title="约谈记录"
      subtitle="对经济运行中发现问题的干部开展约谈，记录事由、本人说明和跟进事项，到期核查是否落实。"
      permission="economy.review"
      extra={
        <Space>
          <ExportButton
            url={`${economyApi.interviewsXlsx.path}${qs({ status, q })}`}
            fallbackName="约谈记录.xlsx"
            testId="interviews-export"
          />
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="interview-create"
          >
            记录约谈
          </Button>
        </Space>
      }
    >
      <Card>
        <FilterBar filtered={filtered} onClear={lp.clear}>
          <Segmented
            value={status ?? ''}
            onChange={(v) => lp.set({ status: v ? String(v) : undefined })}
            options={[{ value: '', label: '全部' }, ...INTERVIEW_STATUS_OPTIONS]}
            data-testid="interviews-status"
          />
          <SearchBox
            value={q}
            onSearch={(v) => lp.set({ q: v })}
            placeholder="干部姓名、事由"
            testId="interviews-search"
          />
        </FilterBar>
        <ListError error={list.error} />
        <Table<InterviewView>
          rowKey="id"
          loading={list.isFetching && !list.data}
          dataSource={list.data?.items}
          data-testid="interview-table"
          scroll={{ x: 1100 }}
          pagination={listPagination(lp, list.data?.total, '次约谈')}
          locale={{
            emptyText: emptyText(filtered, '尚无约谈记录', '没有符合条件的约谈'),
          }}
          onRow={(i) => ({ onClick: () => lp.set({ open: i.id, page }), style: { cursor: 'pointer' } })}
          columns={[
            { title: '约谈日期', dataIndex: 'interviewedOn', width: 110 },
            {
              title: '干部',
              width: 200,
              render: (_, i) => (
                <Space orientation="vertical" size={0}>
                  <Typography.Text strong>{i.cadre.name}</Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {i.cadre.unitName} {i.cadre.post}
                  </Typography.Text>
                </Space>
              ),
            },
            {
              title: '事由',
              dataIndex: 'issue',
              render: (v: string, i) => (
                <Space orientation="vertical" size={0}>
                  <Typography.Paragraph style={{ margin: 0 }} ellipsis={{ rows: 2, tooltip: v }}>
                    {v}
                  </Typography.Paragraph>
                  {i.alertId && (
                    <Link
                      to={`/economy/alerts/${i.alertId}`}
                      onClick={(e) => e.stopPropagation()}
                      style={{ fontSize: 12 }}
                    >
                      预警：{i.alertTitle}
                    </Link>
                  )}
                </Space>
              ),
            },
            { title: '约谈人', dataIndex: 'interviewers', width: 140, ellipsis: true },
            { title: '跟进期限', dataIndex: 'followUpDue', width: 110 },
            {
              title: '跟进',
              dataIndex: 'status',
              width: 100,
              render: (s: InterviewStatus) => <InterviewStatusTag status={s} />,
            },
          ]}
        />
      </Card>
      <InterviewDetailDrawer id={open ?? null} onClose={() => lp.set({ open: undefined, page })} />
      <InterviewDrawer
        start={creating ? {} : null}
        onClose={() => setCreating(false)}
        onDone={(i) => lp.set({ open: i.id })}
      />
    </Page>
  );
}

/** One interview: what was said, what is to follow, and the check of whether it did. */
export function InterviewDetailDrawer(props: { id: string | null; onClose(): void }) {
  const q = useQuery({
    queryKey: ['economy', 'interview', props.id],
    enabled: !!props.id,
    queryFn: () => call(economyApi.interview, { params: { id: props.id ?? '' } }),
  });
  const i = q.data;
  return (
    <Drawer title="约谈详情" open={!!props.id} onClose={props.onClose} size={680} destroyOnHidden>
      <ListError error={q.error} />
      {!i ? (
        !q.isError && <Skeleton active />
      ) : (
        <div data-testid="interview-detail">
          <Descriptions column={1} size="small" bordered styles={{ label: { width: 100 } }}>
            <Descriptions.Item label="干部">
              {i.cadre.name}（{i.cadre.unitName} {i.cadre.post}）
            </Descriptions.Item>
            {i.alertId && (
              <Descriptions.Item label="预警">
                <Link to={`/economy/alerts/${i.alertId}`}>{i.alertTitle}</Link>
              </Descriptions.Item>
            )}
            <Descriptions.Item label="约谈日期">{i.interviewedOn}</Descriptions.Item>
            <Descriptions.Item label="约谈人">{i.interviewers}</Descriptions.Item>
            <Descriptions.Item label="约谈事由">
              <span style={{ whiteSpace: 'pre-wrap' }}>{i.issue}</span>
            </Descriptions.Item>
            <Descriptions.Item label="本人说明">
              <span style={{ whiteSpace: 'pre-wrap' }}>{i.cadreAccount || '—'}</span>
            </Descriptions.Item>
            <Descriptions.Item label="跟进事项">
              <span style={{ whiteSpace: 'pre-wrap' }}>{i.followUp}</span>
            </Descriptions.Item>
            <Descriptions.Item label="跟进期限">{i.followUpDue}</Descriptions.Item>
            <Descriptions.Item label="跟进情况">
              <InterviewStatusTag status={i.status} />
            </Descriptions.Item>
            <Descriptions.Item label="记录">
              {fmtTime(i.createdAt)} {i.createdBy ?? ''}
            </Descriptions.Item>
          </Descriptions>
          <Divider titlePlacement="start">跟进核查</Divider>
          {i.checkedAt ? (
            <Alert
              type={i.status === 'done' ? 'success' : 'error'}
              showIcon
              title={`${i.status === 'done' ? '已落实' : '未落实'}（${fmtTime(i.checkedAt)} ${i.checkedBy ?? ''}）`}
              description={<span style={{ whiteSpace: 'pre-wrap' }}>{i.checkNote}</span>}
              data-testid="interview-checked"
            />
          ) : i.can.check ? (
            <FollowUpForm interview={i} />
          ) : (
            <Typography.Text type="secondary">尚未核查</Typography.Text>
          )}
        </div>
      )}
    </Drawer>
  );
}

function FollowUpForm(props: { interview: InterviewView }) {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ result: 'done' | 'not_done'; note: string }>();
  const { busy, error, run } = useSubmit();
  const i = props.interview;
  const save = (v: { result: 'done' | 'not_done'; note: string }) =>
    run(async () => {
      await call(economyApi.checkInterview, { params: { id: i.id }, body: v });
      message.success(v.result === 'done' ? '已记为落实' : '已记为未落实');
      qc.invalidateQueries({ queryKey: ['economy'] });
    });
  return (
    <Form form={form} layout="vertical" onFinish={save}>
      {i.status === 'overdue' && (
        <Alert type="warning" showIcon title="已过跟进期限，请尽快核查" style={{ marginBottom: 12 }} />
      )}
      <Form.Item name="result" label="跟进结果" rules={[{ required: true, message: '请选择跟进结果' }]}>
        <Radio.Group
          options={[
            { value: 'done', label: '落实' },
            { value: 'not_done', label: '未落实' },
          ]}
          data-testid="followup-result"
        />
      </Form.Item>
      <Form.Item
        name="note"
        label="核查情况"
        rules={[{ required: true, whitespace: true, min: 2, message: '请填写核查情况' }]}
      >
        <Input.TextArea rows={3} maxLength={1000} showCount data-testid="followup-note" />
      </Form.Item>
      <FormError error={error} />
      <Button type="primary" htmlType="submit" loading={busy} data-testid="followup-save">
        记录核查结果
      </Button>
    </Form>
  );
}
