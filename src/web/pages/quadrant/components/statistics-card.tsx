import { useQuery } from '@tanstack/react-query';
import { Card, Col, Row, Statistic, Table, Typography } from 'antd';
import { quadrantApi } from '../../../../common/contracts/quadrant.ts';
import { call } from '../../../api/client.ts';

/** The year's figures from the effective decisions, with the overlap of young and block-force promotions. */
export function StatisticsCard(props: { year?: number }) {
  const q = useQuery({
    queryKey: ['quadrant', 'statistics', props.year],
    queryFn: () => call(quadrantApi.statistics, { query: { year: props.year } }),
  });
  const s = q.data;
  if (!s) return null;
  return (
    <Card
      title={`${s.year}年季度微调统计（已生效的决定）`}
      style={{ marginBottom: 16 }}
      data-testid="quadrant-statistics"
    >
      <Row gutter={16}>
        <Col xs={12} md={4}>
          <Statistic title="提拔" value={s.promotions} suffix="人" />
        </Col>
        <Col xs={12} md={4}>
          <Statistic
            title={`其中优秀年轻干部（${s.youngAge}岁及以下）`}
            value={s.youngPromotions}
            suffix="人"
          />
        </Col>
        <Col xs={12} md={4}>
          <Statistic title="晋升职级" value={s.rankUps} suffix="人" />
        </Col>
        <Col xs={12} md={4}>
          <Statistic title="落实“下”" value={s.down.total} suffix="人" />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            免职 {s.down.dismiss} · 降职 {s.down.demote} · 改任非领导职务 {s.down.non_leading}
          </Typography.Text>
        </Col>
        <Col xs={24} md={8}>
          <Statistic
            title="城市更新区块攻坚组成员获提拔或晋升职级"
            value={s.blockForce.upMoves}
            suffix="人"
          />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            其中 {s.blockForce.youngAmongThem} 人同时计入优秀年轻干部提拔（两项统计有重叠）
          </Typography.Text>
        </Col>
      </Row>
      {s.byDomain.length > 0 && (
        <Table
          style={{ marginTop: 16 }}
          size="small"
          rowKey="domain"
          pagination={{ pageSize: 6, hideOnSinglePage: true }}
          dataSource={s.byDomain}
          columns={[
            { title: '领域', dataIndex: 'name' },
            { title: '提拔或晋升', dataIndex: 'up', align: 'right' },
            { title: '落实“下”', dataIndex: 'down', align: 'right' },
          ]}
        />
      )}
    </Card>
  );
}
