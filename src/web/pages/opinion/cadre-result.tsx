import { HistoryOutlined, UserOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Result,
  Row,
  Space,
  Statistic,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { Link, useParams } from 'react-router';
import { type GroupResult, opinionApi } from '../../../common/contracts/opinion.ts';
import { ApiError, call } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { BackLink, Page, RecordLoading, refusedRecord, retryUnlessRefused } from '../../components/page.tsx';
import { CalibrationCard } from './calibration-card.tsx';
import { EntryTags } from './entry-tags.tsx';
import {
  CAMPAIGN_STATUS_COLORS,
  type CadreInCampaignView,
  campaignStatusLabel,
  fmtScore,
  groupLabel,
  RATER_GROUP_COLORS,
  type RaterGroup,
  scoreColor,
  WITHHELD_TEXT,
} from './opinion-options.ts';
import { Distribution, ScoreBar } from './score-bits.tsx';

export default function CadreResultPage() {
  const { id = '', cadreId = '' } = useParams();
  const { can } = useSession();
  const q = useQuery({
    queryKey: ['opinion', 'cadre-result', id, cadreId],
    queryFn: () => call(opinionApi.cadreResult, { params: { id, cadreId } }),
    retry: retryUnlessRefused,
  });
  const back = `/opinion/campaigns/${id}?tab=results`;
  const refused = refusedRecord(q.error, {
    title: '测评结果不存在',
    text: '该干部不在本次测评范围内，或链接有误。',
    back,
    backLabel: '返回测评结果',
  });
  if (refused) return refused;
  const d = q.data;
  // A round still running has no figures yet (the API answers 409 CONFLICT).
  const notYet = q.error instanceof ApiError && q.error.code === 'OPINION_RESULTS_NOT_READY';

  return (
    <Page
      title={d ? `${d.cadre.name} · 测评结果` : '测评结果'}
      subtitle={<BackLink to={back}>返回{d ? `“${d.campaign.title}”` : '测评'}结果</BackLink>}
      permission="opinion.read"
      extra={
        d && (
          <Space wrap>
            <Link to={`/opinion/profiles/${d.cadre.id}`}>
              <Button icon={<HistoryOutlined />} data-testid="cadre-profile-link">
                口碑档案
              </Button>
            </Link>
            {can('org.read') && (
              <Link to={`/org/cadres/${d.cadre.id}`}>
                <Button icon={<UserOutlined />}>干部详情</Button>
              </Link>
            )}
          </Space>
        )
      }
    >
      {notYet ? (
        <Card>
          <Result
            status="info"
            title="测评结束后才能查看结果"
            subTitle="测评进行中只显示参评进度；结束测评后，各干部本轮结果冻结为口碑档案，可在此查看。"
            extra={
              <Link to={`/opinion/campaigns/${id}?tab=progress`}>
                <Button type="primary">查看参评进度</Button>
              </Link>
            }
            data-testid="cadre-result-not-yet"
          />
        </Card>
      ) : !d ? (
        <RecordLoading error={q.error} />
      ) : (
        <ResultBody d={d} />
      )}
    </Page>
  );
}

function ResultBody({ d }: { d: CadreInCampaignView }) {
  const r = d.result;
  const q = d.questionnaire;
  const labels =
    q.scale.labels ??
    Array.from({ length: q.scale.max - q.scale.min + 1 }, (_, i) => String(q.scale.min + i));
  const nothing = r.ballotsShown === 0;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Row gutter={[24, 16]} align="middle">
          <Col xs={24} lg={12}>
            <Descriptions
              size="small"
              column={1}
              items={[
                { key: 'unit', label: '单位', children: d.cadre.unitName ?? '—' },
                { key: 'post', label: '职务', children: d.cadre.post ?? '—' },
                {
                  key: 'campaign',
                  label: '测评',
                  children: (
                    <Space size={8} wrap>
                      <Link to={`/opinion/campaigns/${d.campaign.id}`}>{d.campaign.title}</Link>
                      <Tag color={CAMPAIGN_STATUS_COLORS[d.campaign.status]}>
                        {campaignStatusLabel(d.campaign.status)}
                      </Tag>
                    </Space>
                  ),
                },
              ]}
            />
          </Col>
          <Col xs={12} lg={6}>
            <Statistic
              title="综合得分"
              value={fmtScore(r.overall)}
              styles={{ content: { color: scoreColor(r.overall), fontWeight: 600 } }}
              data-testid="cadre-overall"
            />
          </Col>
          <Col xs={12} lg={6}>
            <Statistic title="计分票数" value={r.ballotsShown} suffix="份" data-testid="cadre-ballots" />
          </Col>
        </Row>
        {r.withheld.length > 0 && (
          <Alert
            type="warning"
            showIcon
            style={{ marginTop: 12 }}
            data-testid="cadre-withheld"
            title={
              <Space size={[4, 4]} wrap>
                <span>以下评价者组评价不足 5 份，未单独显示，也不计入得分：</span>
                {r.withheld.map((g) => (
                  <Tag key={g}>
                    {groupLabel(g)} {WITHHELD_TEXT}
                  </Tag>
                ))}
              </Space>
            }
          />
        )}
      </Card>
      {nothing ? (
        <Card>
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description="暂无可显示的结果：各评价者组的评价均不足 5 份"
          />
        </Card>
      ) : (
        <>
          <CalibrationCard r={r} />
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={10}>
              <Card title="各维度得分" size="small" style={{ height: '100%' }} data-testid="cadre-dimensions">
                <Space orientation="vertical" size={10} style={{ width: '100%' }}>
                  {q.dimensions.map((dim) => (
                    <div key={dim.code} style={{ display: 'flex', alignItems: 'center', gap: 12 }}>
                      <div style={{ width: 64, flex: 'none' }}>
                        <Tag color="blue">{dim.name}</Tag>
                      </div>
                      <div style={{ flex: 1 }}>
                        <ScoreBar value={r.byDimension[dim.code]} />
                      </div>
                    </div>
                  ))}
                </Space>
              </Card>
            </Col>
            <Col xs={24} lg={14}>
              <Card title="各评价者组" size="small" style={{ height: '100%' }}>
                <Table<GroupResult>
                  rowKey="group"
                  size="small"
                  pagination={false}
                  dataSource={r.groups}
                  data-testid="cadre-groups"
                  scroll={{ x: 260 + q.dimensions.length * 64 }}
                  columns={[
                    {
                      title: '评价者组',
                      dataIndex: 'label',
                      render: (v: string, g) =>
                        g.group === 'merged' ? (
                          <Tooltip title="几个评价者组各不足 5 份、合计满 5 份，合并计分，不单独显示">
                            <Tag>{v}</Tag>
                          </Tooltip>
                        ) : (
                          <Tag color={RATER_GROUP_COLORS[g.group as RaterGroup]}>{v}</Tag>
                        ),
                    },
                    { title: '份数', dataIndex: 'ballots', width: 60, align: 'right' },
                    {
                      title: '得分',
                      dataIndex: 'score',
                      width: 70,
                      align: 'right',
                      render: (v: number | null) => (
                        <Typography.Text strong style={{ color: scoreColor(v) }}>
                          {fmtScore(v)}
                        </Typography.Text>
                      ),
                    },
                    ...q.dimensions.map((dim) => ({
                      title: dim.name,
                      key: dim.code,
                      width: 64,
                      align: 'right' as const,
                      render: (_: unknown, g: GroupResult) => fmtScore(g.byDimension[dim.code]),
                    })),
                  ]}
                />
              </Card>
            </Col>
          </Row>
          <Card
            title="评分分布"
            size="small"
            extra={
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                每题各档的份数（只含计分的评价）
              </Typography.Text>
            }
            data-testid="cadre-distribution"
          >
            <Row gutter={[24, 16]}>
              {q.dimensions.flatMap((dim) =>
                dim.items.map((it) => {
                  const counts = r.distribution[it.code] ?? labels.map(() => 0);
                  const n = counts.reduce((s, x) => s + x, 0);
                  const mean = n
                    ? counts.reduce((s, x, i) => s + x * (i / (q.scale.max - q.scale.min)) * 100, 0) / n
                    : null;
                  return (
                    <Col key={it.code} xs={24} md={12} xl={8}>
                      <div style={{ marginBottom: 6 }}>
                        <Tag color="blue" style={{ marginRight: 6 }}>
                          {dim.name}
                        </Tag>
                        <Typography.Text>{it.text}</Typography.Text>
                      </div>
                      <Space align="end" size={16}>
                        <Distribution counts={counts} labels={labels} />
                        <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)', lineHeight: 1.8 }}>
                          <div>{n} 份作答</div>
                          <div>
                            均分{' '}
                            <b style={{ color: scoreColor(mean) }}>{mean === null ? '—' : fmtScore(mean)}</b>
                          </div>
                        </div>
                      </Space>
                    </Col>
                  );
                }),
              )}
            </Row>
          </Card>
        </>
      )}
      <Card
        title={`评价内容（${d.entries.length}）`}
        size="small"
        extra={
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            只显示单独满 5 份的评价者组的意见建议，不显示评价者
          </Typography.Text>
        }
        data-testid="cadre-entries"
      >
        <Table
          rowKey="id"
          size="small"
          dataSource={d.entries}
          pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
          scroll={{ x: 640 }}
          locale={{
            emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有可显示的意见建议" />,
          }}
          columns={[
            {
              title: '评价者组',
              dataIndex: 'group',
              width: 140,
              render: (g: RaterGroup) => <Tag color={RATER_GROUP_COLORS[g]}>{groupLabel(g)}</Tag>,
            },
            {
              title: '内容',
              dataIndex: 'text',
              render: (v: string) => <span style={{ whiteSpace: 'pre-wrap' }}>{v}</span>,
            },
            {
              title: '主题',
              dataIndex: 'tags',
              width: 260,
              render: (tags: string[], e) => <EntryTags id={e.id} tags={tags} editable={e.can.tag} />,
            },
          ]}
        />
      </Card>
    </Space>
  );
}
