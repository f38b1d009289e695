import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Empty, Row, Statistic, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { EChart } from '../../components/echart.tsx';
import { fmtTime } from '../../components/format.ts';
import { Page } from '../../components/page.tsx';
import { asOfText, curveOption, fetchScreen, figures, rateOption, type Screen } from './figures.ts';

type Task = Screen['tasks']['items'][number];

/** 综合看板: the wall's aggregates on a desk, each figure linked to the module page that holds its records. */
export default function DashboardPage() {
  const q = useQuery({ queryKey: ['dashboard', 'screen'], queryFn: fetchScreen, refetchInterval: 30_000 });
  const s = q.data;
  return (
    <Page
      title="综合看板"
      permission="dashboard.screen"
      subtitle={s ? `数据生成于 ${fmtTime(s.generatedAt)}，每 30 秒自动刷新；仅汇总数据` : undefined}
      extra={
        <Button href="/screen" target="_blank">
          打开大屏
        </Button>
      }
    >
      {!s ? (
        <Card loading={q.isLoading}>{q.error ? '加载失败' : null}</Card>
      ) : (
        <>
          <Row gutter={[12, 12]}>
            {figures(s).map((f) => (
              <Col key={f.key} xs={12} md={8} xl={6} xxl={3}>
                <Card size="small">
                  <Link to={f.link}>
                    <Statistic title={f.label} value={f.value} />
                  </Link>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {f.sub}
                    <br />
                    {asOfText(f.asOf)}
                  </Typography.Text>
                </Card>
              </Col>
            ))}
          </Row>
          <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
            {s.curves.domains.length === 0 && (
              <Col span={24}>
                <Card title="核心指标">
                  <Empty description="暂无核心指标数据" />
                </Card>
              </Col>
            )}
            {s.curves.domains.map((d) => (
              <Col key={d.name} xs={24} xl={12}>
                <Card
                  size="small"
                  title={`${d.name}领域 · 核心指标`}
                  extra={<Link to={d.code ? `/economy?domain=${d.code}` : '/economy'}>查看曲线</Link>}
                >
                  <EChart option={curveOption(d, false)} height={260} />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {asOfText(
                      d.indicators
                        .map((i) => i.asOf)
                        .sort()
                        .at(-1) ?? null,
                    )}
                  </Typography.Text>
                </Card>
              </Col>
            ))}
          </Row>
          <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
            <Col xs={24} xl={14}>
              <Card
                size="small"
                title={`重点任务督办（共 ${s.tasks.total} 项，滞后 ${s.tasks.lagging} 项）`}
                extra={<Typography.Text type="secondary">{asOfText(s.tasks.asOf)}</Typography.Text>}
              >
                <Table<Task>
                  rowKey="id"
                  size="small"
                  dataSource={s.tasks.items}
                  pagination={{ pageSize: 10, hideOnSinglePage: true }}
                  locale={{ emptyText: '暂无在督重点任务' }}
                  columns={[
                    {
                      title: '任务',
                      dataIndex: 'title',
                      render: (v: string, r) => (
                        <Link to={`/keywork/tasks/${r.id}`}>
                          {v} {r.lagging && <Tag color="red">滞后</Tag>}
                        </Link>
                      ),
                    },
                    { title: '牵头单位', dataIndex: 'leadUnitName' },
                    {
                      title: '实际进度',
                      dataIndex: 'progress',
                      render: (v: number | null) => (v === null ? '未报' : `${v}%`),
                    },
                    { title: '计划进度', dataIndex: 'planned', render: (v: number) => `${v}%` },
                    { title: '截止', dataIndex: 'dueOn' },
                  ]}
                />
              </Card>
            </Col>
            <Col xs={24} xl={10}>
              <Card
                size="small"
                title="民意测评参评率"
                extra={<Typography.Text type="secondary">{asOfText(s.campaigns.asOf)}</Typography.Text>}
              >
                {s.campaigns.items.length ? (
                  <EChart option={rateOption(s, false)} height={260} />
                ) : (
                  <Empty description="暂无进行中的测评" />
                )}
              </Card>
            </Col>
          </Row>
        </>
      )}
    </Page>
  );
}
