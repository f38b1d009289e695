import { CheckCircleFilled, ExclamationCircleFilled } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  Alert,
  Card,
  Col,
  DatePicker,
  Empty,
  Row,
  Space,
  Statistic,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { WireOf } from '../../../common/api.ts';
import { opinionApi } from '../../../common/contracts/opinion.ts';
import { call, qs } from '../../api/client.ts';
import { errorText } from '../../components/errors.ts';
import { Page } from '../../components/page.tsx';

type FieldTime = WireOf<typeof opinionApi.fieldTime>;
type FieldTimeLeader = FieldTime['leaders'][number];

/** The rule: at least one third of working time at the front line. */
const THIRD = 100 / 3;
const MET = '#52c41a';
const SHORT = '#fa8c16';

const fmtH = (h: number) => (Number.isInteger(h) ? String(h) : h.toFixed(1));

export default function FieldTimePage() {
  const nav = useNavigate();
  const [params, setParams] = useSearchParams();
  const thisYear = dayjs().year();
  const asked = Number(params.get('year'));
  const year = Number.isInteger(asked) && asked >= 2000 && asked <= thisYear ? asked : thisYear;
  const q = useQuery({
    queryKey: ['opinion', 'field-time', year],
    queryFn: () => call(opinionApi.fieldTime, { query: { year } }),
    placeholderData: keepPreviousData,
  });
  const d = q.data;
  const metCount = d?.leaders.filter((l) => l.met).length ?? 0;
  const started = !!d && d.workingHoursSoFar > 0;

  return (
    <Page
      title="一线时间"
      subtitle="包联领导每年至少三分之一的工作时间在一线走访。工作时间按工作日历（含节假日、调休）每个工作日 8 小时计；撤销的走访不计入。"
      permission="opinion.visits.read"
      extra={
        <DatePicker
          picker="year"
          allowClear={false}
          value={dayjs(`${year}-01-01`)}
          disabledDate={(v) => v.year() > thisYear}
          onChange={(v) => v && setParams(v.year() === thisYear ? {} : { year: String(v.year()) })}
          format="YYYY年"
          style={{ width: 120 }}
          data-testid="field-time-year"
        />
      }
    >
      {q.isError && <Alert type="error" showIcon title={errorText(q.error)} style={{ marginBottom: 16 }} />}
      <Card style={{ marginBottom: 16 }} loading={q.isLoading} data-testid="field-time-summary">
        {d && (
          <>
            <Row gutter={[16, 16]}>
              <Col xs={12} md={6}>
                <Statistic title={`截至 ${d.asOf} 的工作时间`} value={d.workingHoursSoFar} suffix="小时" />
              </Col>
              <Col xs={12} md={6}>
                <Statistic
                  title="应在一线（三分之一）"
                  value={fmtH(d.requiredSoFar)}
                  suffix="小时"
                  styles={{ content: { color: '#b8322a' } }}
                />
              </Col>
              <Col xs={12} md={6}>
                <Statistic title={`${d.year} 年全年工作时间`} value={d.workingHoursYear} suffix="小时" />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  全年应在一线 {fmtH(d.requiredYear)} 小时
                </Typography.Text>
              </Col>
              <Col xs={12} md={6}>
                <Statistic
                  title="已达标"
                  value={metCount}
                  suffix={`/ ${d.leaders.length} 人`}
                  styles={{ content: { color: metCount === d.leaders.length ? MET : SHORT } }}
                />
              </Col>
            </Row>
            {!started && (
              <Alert
                type="info"
                showIcon
                style={{ marginTop: 16 }}
                title={`${d.year} 年尚无已过去的工作日，暂不计算占比。`}
              />
            )}
          </>
        )}
      </Card>
      <Card
        title={d ? `各包联领导 · 截至 ${d.asOf}` : '各包联领导'}
        extra={
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            点击领导查看其走访记录
          </Typography.Text>
        }
      >
        <Table<FieldTimeLeader>
          rowKey="leaderCadreId"
          loading={q.isFetching}
          dataSource={d?.leaders}
          pagination={false}
          scroll={{ x: 960 }}
          data-testid="field-time-table"
          onRow={(l) => ({
            onClick: () => nav(`/opinion/visits${qs({ leaderCadreId: l.leaderCadreId, year })}`),
            style: { cursor: 'pointer' },
          })}
          locale={{
            emptyText: (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description="没有包联领导：请先在“单位与编组”中为编组指定负责领导"
              />
            ),
          }}
          columns={[
            {
              title: '包联领导',
              dataIndex: 'leaderName',
              width: 170,
              render: (v: string, l) => (
                <Space orientation="vertical" size={0}>
                  <Link
                    to={`/opinion/visits${qs({ leaderCadreId: l.leaderCadreId, year })}`}
                    onClick={(e) => e.stopPropagation()}
                    data-testid="field-time-leader"
                  >
                    {v}
                  </Link>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {l.leaderPost ?? ''}
                  </Typography.Text>
                </Space>
              ),
            },
            {
              title: '包联编组',
              dataIndex: 'groupName',
              width: 180,
              render: (v: string, l) => (
                <Space orientation="vertical" size={0}>
                  <span>{v}</span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    走访 {l.unitsVisited}/{l.groupUnits} 个单位 · {l.visits} 次
                  </Typography.Text>
                </Space>
              ),
            },
            {
              title: '一线时长',
              dataIndex: 'hours',
              width: 160,
              align: 'right',
              render: (v: number) => (
                <span style={{ whiteSpace: 'nowrap' }}>
                  <b style={{ fontSize: 16 }}>{fmtH(v)}</b>
                  <Typography.Text type="secondary">
                    {' '}
                    / {d ? fmtH(d.requiredSoFar) : '—'} 小时
                  </Typography.Text>
                </span>
              ),
            },
            {
              title: '占工作时间',
              dataIndex: 'share',
              render: (v: number | null, l) => <ShareBar share={v} met={l.met} />,
            },
            {
              title: '尚差',
              dataIndex: 'shortfall',
              width: 100,
              align: 'right',
              render: (v: number) =>
                v > 0 ? (
                  <Typography.Text type="warning">{fmtH(v)} 小时</Typography.Text>
                ) : (
                  <Typography.Text type="secondary">—</Typography.Text>
                ),
            },
            {
              title: '是否达标',
              dataIndex: 'met',
              width: 100,
              render: (v: boolean) =>
                !started ? (
                  <Tag style={{ marginInlineEnd: 0 }}>未开始</Tag>
                ) : v ? (
                  <Tag color="success" icon={<CheckCircleFilled />} style={{ marginInlineEnd: 0 }}>
                    达标
                  </Tag>
                ) : (
                  <Tag color="warning" icon={<ExclamationCircleFilled />} style={{ marginInlineEnd: 0 }}>
                    未达标
                  </Tag>
                ),
            },
          ]}
        />
      </Card>
    </Page>
  );
}

/** The share of working time as a bar from 0 to 100 %, with a mark at one third. */
function ShareBar(props: { share: number | null; met: boolean }) {
  const s = props.share;
  const width = s === null ? 0 : Math.min(100, Math.max(0, s));
  return (
    <div
      style={{ display: 'flex', alignItems: 'center', gap: 10, minWidth: 240 }}
      data-testid="field-time-bar"
    >
      <Tooltip title="竖线为三分之一（33.3%）">
        <div
          style={{
            position: 'relative',
            flex: 1,
            height: 14,
            background: '#f0f0f0',
            borderRadius: 7,
            margin: '12px 0 4px',
          }}
        >
          <div
            style={{
              width: `${width}%`,
              height: '100%',
              borderRadius: 7,
              background: props.met ? MET : SHORT,
              transition: 'width .3s',
            }}
          />
          <div
            style={{
              position: 'absolute',
              left: `${THIRD}%`,
              top: -5,
              bottom: -5,
              width: 2,
              background: '#b8322a',
            }}
          />
          <span
            style={{
              position: 'absolute',
              left: `${THIRD}%`,
              top: -19,
              transform: 'translateX(-50%)',
              fontSize: 11,
              lineHeight: 1,
              color: '#b8322a',
              whiteSpace: 'nowrap',
            }}
          >
            1/3
          </span>
        </div>
      </Tooltip>
      <span style={{ width: 52, textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>
        {s === null ? '—' : `${s.toFixed(1)}%`}
      </span>
    </div>
  );
}
