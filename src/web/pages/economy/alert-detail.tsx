import { CloseCircleOutlined, CommentOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Input,
  Modal,
  Row,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useParams } from 'react-router';
import { economyApi } from '../../../common/contracts/economy.ts';
import { call } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { fmtTime } from '../../components/format.ts';
import { BackLink, Page, RecordLoading, refusedRecord, retryUnlessRefused } from '../../components/page.tsx';
import {
  AlertStatusTag,
  type ChartOption,
  EChart,
  emptyText,
  FormError,
  guarded,
  InterviewStatusTag,
  RevisionDrawer,
  RevisionLink,
  type RevisionTarget,
  RuleKindTag,
  useSubmit,
  VersionTag,
} from './economy-bits.tsx';
import {
  type AlertDetail,
  type AlertFigure,
  CHART,
  fmtChange,
  fmtNum,
  fmtP,
  type InterviewView,
} from './economy-options.ts';
import { InterviewDrawer, type InterviewStart } from './interview-form.tsx';
import { InterviewDetailDrawer } from './interviews.tsx';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SERIES_COLORS = [CHART.value, CHART.revised, CHART.target, CHART.second];

export default guarded('economy.review', AlertDetailPage);

function AlertDetailPage() {
  const { id = '' } = useParams();
  const { can } = useSession();
  const badAddress = !UUID.test(id);
  const q = useQuery({
    queryKey: ['economy', 'alert', id],
    queryFn: () => call(economyApi.alert, { params: { id } }),
    enabled: !badAddress && can('economy.review'),
    retry: retryUnlessRefused,
  });
  const refused = refusedRecord(
    q.error,
    { title: '预警不存在', back: '/economy/alerts', backLabel: '返回预警研判' },
    badAddress,
  );
  return (
    <Page
      title="预警详情"
      subtitle={<BackLink to="/economy/alerts">预警研判</BackLink>}
      permission="economy.review"
    >
      {refused ?? (q.data ? <AlertBody a={q.data} /> : <RecordLoading error={q.error} />)}
    </Page>
  );
}

function AlertBody({ a }: { a: AlertDetail }) {
  const [deciding, setDeciding] = useState<'dismiss' | 'escalate' | null>(null);
  const [interview, setInterview] = useState<InterviewStart | null>(null);
  const [openInterview, setOpenInterview] = useState<string | null>(null);
  const [revision, setRevision] = useState<RevisionTarget | null>(null);
  const chart = useMemo(() => changeOption(a), [a]);
  const hasChange = a.series.some((s) => s.points.some((p) => p.change !== null));
  const start = (cadreId?: string) => setInterview({ alert: a, cadreId });

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            <RuleKindTag kind={a.kind} />
            <span data-testid="alert-title">{a.title}</span>
            <AlertStatusTag status={a.status} />
          </Space>
        }
        extra={
          (a.can.dismiss || a.can.escalate) && (
            <Space>
              <Button
                icon={<CloseCircleOutlined />}
                disabled={!a.can.dismiss}
                onClick={() => setDeciding('dismiss')}
                data-testid="alert-dismiss"
              >
                排除
              </Button>
              <Button
                type="primary"
                danger
                icon={<CommentOutlined />}
                disabled={!a.can.escalate}
                onClick={() => setDeciding('escalate')}
                data-testid="alert-escalate"
              >
                转约谈
              </Button>
            </Space>
          )
        }
      >
        <Typography.Paragraph style={{ fontSize: 15 }} data-testid="alert-summary">
          {a.summary}
        </Typography.Paragraph>
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label="范围">{a.scope.name}</Descriptions.Item>
          <Descriptions.Item label="期间">
            {a.periodFrom === a.periodTo ? a.periodFrom : `${a.periodFrom} 至 ${a.periodTo}`}
          </Descriptions.Item>
          <Descriptions.Item label="规则">
            {a.ruleName} <VersionTag version={a.ruleVersion} />
          </Descriptions.Item>
          {a.pValue !== null && <Descriptions.Item label="p 值">{fmtP(a.pValue)}</Descriptions.Item>}
          {a.qValue !== null && (
            <Descriptions.Item label="q 值（BH 校正）">{fmtP(a.qValue)}</Descriptions.Item>
          )}
          <Descriptions.Item label="发现时间">{fmtTime(a.createdAt)}</Descriptions.Item>
        </Descriptions>
        <Alert
          type="info"
          showIcon
          style={{ marginTop: 8 }}
          title="预警是数据中的线索（待核实），不是结论：请结合干部职责和实地情况研判后再作处理。"
        />
        {a.basis && (
          <Descriptions
            size="small"
            bordered
            column={1}
            style={{ marginTop: 12 }}
            data-testid="alert-basis"
            title={`统计依据（预警时冻结）：${a.basis.method}`}
          >
            {a.basis.statistics.map((s) => (
              <Descriptions.Item key={s.label} label={s.label}>
                {s.value}
              </Descriptions.Item>
            ))}
            <Descriptions.Item label="同族检验">
              {a.basis.family.year} 年本规则共 {a.basis.family.size} 项检验，错误发现率{' '}
              {Math.round(a.basis.family.fdr * 1000) / 10}%
            </Descriptions.Item>
          </Descriptions>
        )}
        {a.notes.length > 0 && (
          <Alert
            type="info"
            style={{ marginTop: 12 }}
            data-testid="alert-notes"
            title="后续研判补充说明"
            description={
              <ul style={{ margin: 0, paddingLeft: 18 }}>
                {a.notes.map((n) => (
                  <li key={`${n.at}|${n.text}`}>
                    {fmtTime(n.at)}：{n.text}
                  </li>
                ))}
              </ul>
            }
          />
        )}
        {a.status !== 'open' && (
          <Alert
            style={{ marginTop: 12 }}
            type={a.status === 'dismissed' ? 'success' : 'warning'}
            showIcon
            data-testid="alert-decision"
            title={`${a.status === 'dismissed' ? '已排除' : '已转约谈'}（${fmtTime(a.decidedAt)} ${a.decidedBy ?? ''}）`}
            description={<span style={{ whiteSpace: 'pre-wrap' }}>{a.decisionNote}</span>}
          />
        )}
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card title="同比变化" size="small" style={{ height: '100%' }}>
            {hasChange ? (
              <EChart option={chart} height={300} testId="alert-chart" />
            ) : (
              emptyText(false, '没有可画出的同比变化')
            )}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title="预警依据的数值" size="small" style={{ height: '100%' }}>
            <Table<AlertFigure>
              rowKey={(f) => `${f.indicatorId}|${f.period}`}
              size="small"
              dataSource={a.figures}
              pagination={{ pageSize: 8, hideOnSinglePage: true, showSizeChanger: false, size: 'small' }}
              data-testid="alert-figures"
              locale={{ emptyText: emptyText(false, '没有数值') }}
              columns={[
                { title: '指标', dataIndex: 'indicator' },
                { title: '期别', dataIndex: 'period', width: 85 },
                {
                  title: '数值',
                  dataIndex: 'value',
                  align: 'right',
                  render: (v: number | null, f) => `${fmtNum(v, 4)} ${v === null ? '' : f.unit}`,
                },
                {
                  title: a.kind === 'crosscheck' ? '差距' : '同比',
                  dataIndex: 'change',
                  width: 80,
                  align: 'right',
                  render: (v: number | null) => (
                    <span style={{ color: v === null ? undefined : v >= 0 ? '#cf1322' : '#389e0d' }}>
                      {fmtChange(v)}
                    </span>
                  ),
                },
                {
                  title: '修订',
                  dataIndex: 'revision',
                  width: 80,
                  render: (r: number | null, f) => (
                    <RevisionLink
                      revision={r}
                      onOpen={setRevision}
                      target={
                        f.valueId
                          ? {
                              valueId: f.valueId,
                              title: `${f.indicator} · ${a.scope.name} · ${f.period}`,
                              unit: f.unit,
                            }
                          : null
                      }
                    />
                  ),
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <Card
        title="相关干部"
        size="small"
        extra={<Typography.Text type="secondary">按班子分工，负责该区域和领域的干部</Typography.Text>}
      >
        <Table
          rowKey="id"
          size="small"
          dataSource={a.cadres}
          pagination={false}
          data-testid="alert-cadres"
          locale={{ emptyText: emptyText(false, '没有关联到干部') }}
          columns={[
            { title: '姓名', dataIndex: 'name', width: 120 },
            { title: '单位', dataIndex: 'unitName' },
            { title: '职务', dataIndex: 'post' },
            {
              title: '约谈',
              width: 200,
              render: (_, c) => {
                const done = a.interviews.filter((i) => i.cadre.id === c.id).length;
                return (
                  <Space>
                    {done > 0 && <Tag color="red">已约谈 {done} 次</Tag>}
                    {a.can.interview && (
                      <Button
                        size="small"
                        icon={<PlusOutlined />}
                        onClick={() => start(c.id)}
                        data-testid="alert-interview"
                      >
                        记录约谈
                      </Button>
                    )}
                  </Space>
                );
              },
            },
          ]}
        />
      </Card>
      <Card
        title={`约谈记录（${a.interviews.length}）`}
        size="small"
        extra={
          a.can.interview && (
            <Button size="small" icon={<PlusOutlined />} onClick={() => start()}>
              约谈其他干部
            </Button>
          )
        }
      >
        <Table<InterviewView>
          rowKey="id"
          size="small"
          dataSource={a.interviews}
          pagination={false}
          data-testid="alert-interviews"
          locale={{
            emptyText: emptyText(false, a.status === 'escalated' ? '已转约谈，尚未记录约谈' : '尚无约谈'),
          }}
          onRow={(i) => ({ onClick: () => setOpenInterview(i.id), style: { cursor: 'pointer' } })}
          columns={[
            { title: '约谈日期', dataIndex: 'interviewedOn', width: 110 },
            { title: '干部', render: (_, i) => i.cadre.name, width: 100 },
            { title: '约谈人', dataIndex: 'interviewers', width: 140 },
            { title: '跟进事项', dataIndex: 'followUp', ellipsis: true },
            { title: '期限', dataIndex: 'followUpDue', width: 110 },
            {
              title: '跟进',
              dataIndex: 'status',
              width: 100,
              render: (s: InterviewView['status']) => <InterviewStatusTag status={s} />,
            },
          ]}
        />
      </Card>
      <DecisionModal alert={a} decision={deciding} onClose={() => setDeciding(null)} />
      <InterviewDrawer start={interview} onClose={() => setInterview(null)} />
      <InterviewDetailDrawer id={openInterview} onClose={() => setOpenInterview(null)} />
      <RevisionDrawer target={revision} onClose={() => setRevision(null)} />
    </Space>
  );
}

/** The year-on-year change of each series of the rule, in percent, with the alert's periods shaded. */
function changeOption(a: AlertDetail): ChartOption {
  const periods = [...new Set(a.series.flatMap((s) => s.points.map((p) => p.period)))].sort();
  return {
    tooltip: {
      trigger: 'axis',
      valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v.toFixed(1)}%` : '—'),
    },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 36, bottom: 4, containLabel: true },
    xAxis: { type: 'category', data: periods, boundaryGap: false },
    yAxis: { type: 'value', name: '同比（%）', axisLabel: { formatter: '{value}%' } },
    series: a.series.map((s, n) => {
      const by = new Map(s.points.map((p) => [p.period, p.change]));
      return {
        name: s.indicator,
        type: 'line',
        color: SERIES_COLORS[n % SERIES_COLORS.length],
        connectNulls: false,
        data: periods.map((p) => {
          const c = by.get(p);
          return c === null || c === undefined ? null : Math.round(c * 1000) / 10;
        }),
        ...(n === 0
          ? {
              markArea: {
                silent: true,
                itemStyle: { color: 'rgba(250, 84, 28, 0.08)' },
                data: [[{ xAxis: a.periodFrom }, { xAxis: a.periodTo }]],
              },
              markLine: {
                silent: true,
                symbol: 'none',
                lineStyle: { color: '#bfbfbf', type: 'solid' },
                data: [{ yAxis: 0 }],
                label: { show: false },
              },
            }
          : {}),
      };
    }),
  };
}

/** 排除 (with the reason) or 转约谈 (with the assessment), confirmed in a dialog; neither is undone. */
function DecisionModal(props: {
  alert: AlertDetail;
  decision: 'dismiss' | 'escalate' | null;
  onClose(): void;
}) {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ text: string }>();
  const { busy, error, run, clearError } = useSubmit();
  const dismiss = props.decision === 'dismiss';
  const save = ({ text }: { text: string }) =>
    run(async () => {
      const params = { id: props.alert.id };
      if (dismiss) await call(economyApi.dismissAlert, { params, body: { reason: text } });
      else await call(economyApi.escalateAlert, { params, body: { note: text } });
      message.success(dismiss ? '预警已排除' : '已转约谈，请记录约谈情况');
      qc.invalidateQueries({ queryKey: ['economy'] });
      props.onClose();
    });
  return (
    <Modal
      title={dismiss ? '排除这条预警？' : '转为约谈？'}
      open={!!props.decision}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={dismiss ? '确认排除' : '确认转约谈'}
      okButtonProps={{ danger: !dismiss, 'data-testid': 'decision-ok' } as never}
      confirmLoading={busy}
      destroyOnHidden
      afterClose={clearError}
    >
      <Typography.Paragraph strong>{props.alert.title}</Typography.Paragraph>
      <Alert
        type={dismiss ? 'warning' : 'info'}
        showIcon
        style={{ marginBottom: 12 }}
        title={
          dismiss
            ? '排除后该预警不再出现在待研判中，结论不能撤回；同一规律再次出现时会重新预警。'
            : '转约谈后，请对相关干部逐一记录约谈情况和跟进事项。结论不能撤回。'
        }
      />
      <FormError error={error} />
      <Form form={form} layout="vertical" preserve={false} onFinish={save}>
        <Form.Item
          name="text"
          label={dismiss ? '排除理由' : '研判意见'}
          rules={[
            { required: true, whitespace: true, message: dismiss ? '请填写排除理由' : '请填写研判意见' },
            { min: 2, message: '至少 2 个字' },
          ]}
        >
          <Input.TextArea rows={4} maxLength={500} showCount data-testid="decision-text" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
