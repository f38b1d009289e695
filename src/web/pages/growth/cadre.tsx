import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Descriptions, Empty, Row, Select, Skeleton, Space, Tag, Typography } from 'antd';
import { Link, useParams, useSearchParams } from 'react-router';
import type { WireOf } from '../../../common/api.ts';
import { growthApi, quarterLabel } from '../../../common/contracts/growth.ts';
import { call } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { errorText } from '../../components/errors.ts';
import { Page } from '../../components/page.tsx';
import { Decomposition } from './components/decomposition.tsx';
import { RecordLinks } from './components/record-links.tsx';
import { ScopeLocks } from './components/scope-locks.tsx';
import { SharesOfCadre } from './components/shares-of-cadre.tsx';
import { Trajectory } from './components/trajectory.tsx';

export type CadreGrowth = WireOf<typeof growthApi.cadre>;

const pm = (v: number | null, se: number | null) =>
  v === null
    ? '—'
    : `${v >= 0 ? '+' : ''}${v.toFixed(1)}${se === null ? '' : ` ± ${(1.96 * se).toFixed(1)}`}`;

/**
 * 个体成长解析 of one cadre: scope locked in advance, shares, decomposition, growth, potential.
 * A cadre's own analysis (`/growth/me`) passes the id of the record their account is linked to.
 */
export default function GrowthCadrePage(props: { id?: string }) {
  const params0 = useParams();
  const id = props.id ?? params0.id ?? '';
  const [params, setParams] = useSearchParams();
  const quarter = params.get('quarter') || undefined;
  const { can } = useSession();
  const q = useQuery({
    queryKey: ['growth', 'cadre', id, quarter],
    queryFn: () => call(growthApi.cadre, { params: { id }, query: { quarter } }),
  });
  const runs = useQuery({
    queryKey: ['growth', 'runs'],
    enabled: can('growth.read'),
    queryFn: () => call(growthApi.runs),
  });
  const d = q.data;
  return (
    <Page
      title={d ? `个体成长解析：${d.cadre.name}` : '个体成长解析'}
      subtitle={
        d ? (
          <>
            {`${d.cadre.unitName ?? ''} ${d.cadre.post ?? ''}`}{' '}
            <Link to={`/profile/${d.cadre.id}`}>干部画像</Link>
          </>
        ) : undefined
      }
      permission="growth.self"
      extra={
        can('growth.read') && (
          <Select
            style={{ width: 180 }}
            placeholder="季度"
            value={d?.run?.quarter}
            options={[...new Set((runs.data?.items ?? []).map((r) => r.quarter))].map((x) => ({
              value: x,
              label: quarterLabel(x),
            }))}
            onChange={(v) => setParams({ quarter: v })}
          />
        )
      }
    >
      {q.isLoading && <Skeleton active />}
      {q.isError && (
        <Alert type="warning" showIcon title={errorText(q.error)} data-testid="growth-cadre-error" />
      )}
      {d && (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Card data-testid="growth-summary">
            <Descriptions
              column={{ xs: 1, md: 3 }}
              items={[
                { label: '职级', children: d.cadre.rankName ?? '—' },
                { label: '岗位类型', children: d.cadre.roleTypeName ?? '—' },
                {
                  label: '测算',
                  children: d.run ? (
                    <>
                      {quarterLabel(d.run.quarter)}
                      {can('growth.read') && (
                        <>
                          {' · '}
                          <Link to={`/growth/runs/${d.run.id}`}>模型与数据</Link>
                        </>
                      )}
                      {d.released ? (
                        <Tag style={{ marginLeft: 8 }}>已发布</Tag>
                      ) : (
                        <Tag color="orange" style={{ marginLeft: 8 }}>
                          未发布
                        </Tag>
                      )}
                    </>
                  ) : (
                    '尚未测算'
                  ),
                },
                {
                  label: '综合本人贡献',
                  children: d.identified ? (
                    <Typography.Text strong data-testid="growth-composite">
                      {pm(d.composite, d.compositeSe)}
                    </Typography.Text>
                  ) : (
                    <Tag color="default" data-testid="growth-unidentified-tag">
                      无法区分平台与个人
                    </Tag>
                  ),
                },
                { label: '与同单位同事相比', children: pm(d.withinUnit, null) },
                {
                  label: '脱颖而出',
                  children: d.outstanding ? (
                    <Tag color={d.outstanding.status === 'confirmed' ? 'red' : 'orange'}>
                      {d.outstanding.year}年 · {d.outstanding.status === 'confirmed' ? '已确认' : '待确认'}
                    </Tag>
                  ) : (
                    '—'
                  ),
                },
              ]}
            />
            {!d.identified && d.unidentifiedReason && (
              <Alert type="info" showIcon title={d.unidentifiedReason} style={{ marginTop: 12 }} />
            )}
          </Card>
          {d.parts.length ? (
            <Decomposition parts={d.parts} sentences={d.sentences} identified={d.identified} />
          ) : (
            <Card>
              <Empty description="该季度没有本人的实绩数据" />
            </Card>
          )}
          <Row gutter={16}>
            <Col xs={24} xl={14}>
              <Trajectory growth={d.growth} />
            </Col>
            <Col xs={24} xl={10}>
              <Card title="潜力证据" style={{ height: '100%' }} data-testid="growth-potential">
                <Descriptions
                  column={1}
                  size="small"
                  items={[
                    {
                      label: '四个季度后的本人贡献（预测）',
                      children: pm(d.potential.projected, d.potential.projectedSe),
                    },
                    {
                      label: '急难险重与挑战赛表现',
                      children:
                        d.potential.hardSettings.mean === null
                          ? '无记录'
                          : `${d.potential.hardSettings.mean.toFixed(1)} 分（${d.potential.hardSettings.n} 次）`,
                    },
                    {
                      label: '任职经历',
                      children: `${d.potential.posts} 个岗位，${d.potential.units} 个单位`,
                    },
                    {
                      label: '承担高于岗位层级的重点任务',
                      children: d.potential.tasksAboveLevel.length ? (
                        <RecordLinks records={d.potential.tasksAboveLevel} />
                      ) : (
                        '无'
                      ),
                    },
                  ]}
                />
                {d.potential.hardSettings.records.length > 0 && (
                  <div style={{ marginTop: 8 }}>
                    <Typography.Text type="secondary">现场考察：</Typography.Text>
                    <RecordLinks records={d.potential.hardSettings.records} />
                  </div>
                )}
                <Typography.Paragraph
                  type="secondary"
                  style={{ marginTop: 12, marginBottom: 0, fontSize: 12 }}
                >
                  潜力以证据呈现，不合成为一个分数；全县按性别、年龄段的公平性核查见“个体成长解析”首页。
                </Typography.Paragraph>
              </Card>
            </Col>
          </Row>
          {d.outstanding && (
            <Card title={`${d.outstanding.year}年度脱颖而出的理由`}>
              {d.outstanding.reasons.map((r) => (
                <div key={r.text} style={{ marginBottom: 8 }}>
                  <Typography.Text>{r.text}</Typography.Text>
                  {r.evidence.length > 0 && <RecordLinks records={r.evidence} />}
                </div>
              ))}
            </Card>
          )}
          <SharesOfCadre declarations={d.shares} cadreId={d.cadre.id} />
          <ScopeLocks scopes={d.scopes} />
        </Space>
      )}
    </Page>
  );
}
