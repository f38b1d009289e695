import { QuestionCircleOutlined } from '@ant-design/icons';
import { Alert, Card, Col, Descriptions, Row, Space, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import {
  CALIBRATION_METHOD_LABELS,
  type CadreResult,
  type EffectiveWeight,
} from '../../../common/contracts/opinion.ts';
import { fmtTime } from '../../components/format.ts';
import { fmtScore, groupLabel, RATER_GROUP_COLORS, scoreColor, WITHHELD_TEXT } from './opinion-options.ts';

/** How the calibrated score is computed, as the page's help says it. */
export const CALIBRATION_HELP =
  '校正得分把干部本人的水平与评价人的宽严、各类评价者整体的高低区分开：对所有计分选票拟合“得分 ~ 评价者类别 + (1 | 干部) + (1 | 评价人)”的混合模型，评价者类别为固定效应。' +
  '同一评价人的几张选票只在本轮至少 5 份提交评价了同一批干部时保留共同的提交标识，这时逐人估计宽严（评价人宽严交叉校正，通常是下级评议、群众或服务对象测评）；' +
  '其余选票无法归于某一评价人，只按评价者类别和所在单位校正。校正得分按各类评价者的有效权重折算到原始加权得分的尺度，并给出 95% 区间；区间越宽，依据越少。';

/** The calibrated score beside the raw weighted one, the method, and each group's effective weight. */
export function CalibrationCard({ r }: { r: CadreResult }) {
  const c = r.calibrated ?? null;
  const weights = r.effectiveWeights ?? [];
  return (
    <Card
      title={
        <Space size={6}>
          校正得分与有效权重
          <Tooltip title={CALIBRATION_HELP}>
            <QuestionCircleOutlined style={{ color: 'rgba(0,0,0,0.45)' }} />
          </Tooltip>
        </Space>
      }
      size="small"
      data-testid="cadre-calibration"
    >
      <Row gutter={[24, 16]}>
        <Col xs={24} lg={10}>
          <Row gutter={[16, 12]}>
            <Col span={12}>
              <Statistic
                title="原始加权得分"
                value={fmtScore(r.overall)}
                styles={{ content: { color: scoreColor(r.overall) } }}
                data-testid="calibration-raw"
              />
            </Col>
            <Col span={12}>
              <Statistic
                title="校正得分"
                value={c ? fmtScore(c.estimate) : '—'}
                styles={{ content: { color: scoreColor(c?.estimate), fontWeight: 600 } }}
                data-testid="calibration-score"
              />
              {c && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="calibration-interval">
                  95% 区间 {fmtScore(c.low)} – {fmtScore(c.high)}（标准误 {fmtScore(c.se)}）
                </Typography.Text>
              )}
            </Col>
          </Row>
          {c ? (
            <Descriptions
              size="small"
              column={1}
              style={{ marginTop: 12 }}
              items={[
                {
                  key: 'method',
                  label: '校正方法',
                  children: (
                    <span data-testid="calibration-method">
                      <Tag color={c.method === 'crossed' ? 'green' : 'gold'}>
                        {CALIBRATION_METHOD_LABELS[c.method]}
                      </Tag>
                      {c.method === 'crossed' && (
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          逐人校正：{c.keyedGroups.map(groupLabel).join('、')}
                          {weights.some((w) => !c.keyedGroups.includes(w.group)) && '；其余按类别和单位'}
                        </Typography.Text>
                      )}
                    </span>
                  ),
                },
                {
                  key: 'formula',
                  label: '模型',
                  children: <Typography.Text code>{c.formula}</Typography.Text>,
                },
                {
                  key: 'stamp',
                  label: '计算',
                  children: `${fmtTime(c.computedAt)}（测评结束时）`,
                },
              ]}
            />
          ) : (
            <Alert
              type="info"
              showIcon
              style={{ marginTop: 12 }}
              data-testid="calibration-none"
              title={r.calibrationNote ?? '本轮结果在校正得分上线前冻结，只有原始加权得分'}
            />
          )}
        </Col>
        <Col xs={24} lg={14}>
          <Table<EffectiveWeight>
            rowKey="group"
            size="small"
            pagination={false}
            dataSource={weights}
            data-testid="calibration-weights"
            locale={{ emptyText: '没有计分的评价者组' }}
            columns={[
              {
                title: '评价者组',
                dataIndex: 'group',
                render: (g: EffectiveWeight['group']) => (
                  <Tag color={RATER_GROUP_COLORS[g]}>{groupLabel(g)}</Tag>
                ),
              },
              { title: '规定权重', dataIndex: 'weight', width: 90, align: 'right' },
              {
                title: '有效权重',
                dataIndex: 'share',
                width: 90,
                align: 'right',
                render: (v: number) => `${(v * 100).toFixed(1)}%`,
              },
            ]}
          />
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
            合并计分的评价者组仍按各自规定的权重计入，不按合并后的份数摊分。
          </Typography.Paragraph>
          {r.withheld.length > 0 && (
            <Alert
              type="warning"
              showIcon
              style={{ marginTop: 8 }}
              data-testid="calibration-without"
              title={`本结果未含${r.withheld.map((g) => `“${groupLabel(g)}”（${WITHHELD_TEXT}）`).join('、')}，有效权重按其余评价者组折算`}
            />
          )}
        </Col>
      </Row>
    </Card>
  );
}
