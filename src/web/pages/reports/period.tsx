import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, DatePicker, Row, Space, Statistic, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link, useSearchParams } from 'react-router';
import { reportsApi } from '../../../common/contracts/reports.ts';
import { call } from '../../api/client.ts';
import { errorText } from '../../components/errors.ts';
import { Page } from '../../components/page.tsx';
import { DAY } from '../org/org-options.ts';
import { Downloads } from './components/downloads.tsx';

const GROUPS = [
  { key: 'walk', title: '一、“三走进”动态考察' },
  { key: 'sync', title: '二、“三同步”系统研判' },
  { key: 'use', title: '三、考评结果运用' },
] as const;

/** The period report of the method: each part's sentence and the figures in it, counted from the records. */
export default function PeriodReportPage() {
  const [params, setParams] = useSearchParams();
  const from = params.get('from') ?? dayjs().startOf('year').format(DAY);
  const to = params.get('to') ?? dayjs().format(DAY);
  const q = useQuery({
    queryKey: ['reports', 'period', from, to],
    queryFn: () => call(reportsApi.period, { query: { from, to } }),
    placeholderData: (prev) => prev,
  });
  const r = q.data;
  return (
    <Page
      title="阶段工作报告"
      subtitle="“三走进三同步”工作法的阶段情况，每个数字均由本期平台记录统计，点开可查看对应记录"
      permission="reports.period"
      extra={
        <Downloads
          url="/api/reports/period/download"
          query={{ from, to }}
          name={r?.title ?? '阶段工作报告'}
          formats={['docx', 'pdf', 'xlsx']}
          pdf={r?.pdf ?? false}
          testId="period-download"
        />
      }
    >
      <Card style={{ marginBottom: 16 }}>
        <Space wrap>
          <span>统计期：</span>
          <DatePicker.RangePicker
            allowClear={false}
            value={[dayjs(from), dayjs(to)]}
            onChange={(v) => v?.[0] && v[1] && setParams({ from: v[0].format(DAY), to: v[1].format(DAY) })}
          />
        </Space>
      </Card>
      {q.isError && <Alert type="error" showIcon title={errorText(q.error)} style={{ marginBottom: 16 }} />}
      {r && (
        <Card loading={q.isLoading}>
          <Typography.Title level={4} style={{ textAlign: 'center' }} data-testid="period-title">
            {r.title}
          </Typography.Title>
          {GROUPS.map((g) => (
            <div key={g.key} style={{ marginBottom: 24 }}>
              <Typography.Title level={5}>{g.title}</Typography.Title>
              {r.parts
                .filter((p) => p.group === g.key)
                .map((p) => (
                  <Card
                    key={p.key}
                    size="small"
                    style={{ marginBottom: 12 }}
                    data-testid={`period-part-${p.key}`}
                  >
                    <Typography.Paragraph>
                      <Typography.Text strong>{p.title}。</Typography.Text>
                      {p.sentence}
                    </Typography.Paragraph>
                    <Row gutter={[16, 8]}>
                      {p.figures.map((f) => (
                        <Col key={f.key} xs={12} md={8} xl={4}>
                          <Statistic
                            title={f.link ? <Link to={f.link}>{f.label}</Link> : f.label}
                            value={f.value}
                            suffix={f.unit}
                          />
                        </Col>
                      ))}
                    </Row>
                  </Card>
                ))}
            </div>
          ))}
          <Typography.Title level={5}>统计口径</Typography.Title>
          <Table
            size="small"
            pagination={false}
            rowKey={(f) => `${f.part}-${f.key}`}
            dataSource={r.parts.flatMap((p) => p.figures.map((f) => ({ ...f, part: p.title })))}
            columns={[
              { title: '工作', dataIndex: 'part', width: 160 },
              { title: '统计项', dataIndex: 'label', width: 200 },
              { title: '数值', render: (_, f) => `${f.value} ${f.unit}`, width: 100 },
              { title: '统计口径', dataIndex: 'basis' },
            ]}
          />
        </Card>
      )}
    </Page>
  );
}
