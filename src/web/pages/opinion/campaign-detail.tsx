import {
  DownloadOutlined,
  EditOutlined,
  PlayCircleOutlined,
  StopOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Input,
  Progress,
  Row,
  Select,
  Space,
  Statistic,
  Steps,
  Table,
  Tabs,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { pathOf } from '../../../common/api.ts';
import {
  CALIBRATION_METHOD_LABELS,
  opinionApi,
  RATER_GROUP_LABELS,
} from '../../../common/contracts/opinion.ts';
import { call, qs } from '../../api/client.ts';
import { errorText } from '../../components/errors.ts';
import { fmtTime } from '../../components/format.ts';
import { downloadFile } from '../../components/import-modal.tsx';
import { BackLink, Page, RecordLoading, refusedRecord, retryUnlessRefused } from '../../components/page.tsx';
import { CampaignDrawer } from './campaign-form.tsx';
import { LinksTab } from './campaign-links.tsx';
import {
  CAMPAIGN_STATUS_COLORS,
  type CampaignView,
  campaignStatusLabel,
  fmtScore,
  groupLabel,
  labelFilter,
  type ProgressView,
  RATER_GROUP_COLORS,
  type ResultRow,
  scoreColor,
  WITHHELD_TEXT,
} from './opinion-options.ts';

const TABS = ['overview', 'links', 'progress', 'results'] as const;
type TabKey = (typeof TABS)[number];

export default function CampaignDetailPage() {
  const { id = '' } = useParams();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState<'open' | 'close' | null>(null);
  const asked = params.get('tab') as TabKey | null;

  const q = useQuery({
    queryKey: ['opinion', 'campaign', id],
    queryFn: () => call(opinionApi.campaign, { params: { id } }),
    retry: retryUnlessRefused,
  });

  const refused = refusedRecord(q.error, {
    title: '测评不存在',
    back: '/opinion/campaigns',
    backLabel: '返回测评活动',
  });
  if (refused) return refused;
  const c = q.data;
  const manage = !!c?.can.links;
  const tab: TabKey = asked && TABS.includes(asked) && (asked !== 'links' || manage) ? asked : 'overview';

  const refresh = () => qc.invalidateQueries({ queryKey: ['opinion'] });

  const open = () =>
    modal.confirm({
      title: '开始测评？',
      content: '开始后评价者即可通过链接和二维码作答；问卷、评价者组和测评范围不能再修改。',
      okText: '开始测评',
      cancelText: '取消',
      okButtonProps: { 'data-testid': 'campaign-open-ok' } as never,
      onOk: async () => {
        setBusy('open');
        try {
          await call(opinionApi.openCampaign, { params: { id } });
          message.success('测评已开始');
          await refresh();
        } catch (e) {
          message.error(errorText(e));
        } finally {
          setBusy(null);
        }
      },
    });

  const close = () =>
    modal.confirm({
      title: '结束测评？',
      icon: <WarningOutlined style={{ color: '#faad14' }} />,
      content: (
        <div>
          <p>结束后不再接受任何评价，未使用的链接全部失效。</p>
          <p style={{ marginBottom: 0 }}>
            每名参评干部本轮的结果将<b>冻结为口碑档案</b>
            （永久保存，不能修改），并记入干部时间轴。此操作不可撤销。
          </p>
        </div>
      ),
      okText: '结束测评并冻结档案',
      okButtonProps: { danger: true, 'data-testid': 'campaign-close-ok' } as never,
      cancelText: '取消',
      onOk: async () => {
        setBusy('close');
        try {
          const r = await call(opinionApi.closeCampaign, { params: { id } });
          message.success(`测评已结束，已生成 ${r.profiles} 份口碑档案`);
          await refresh();
        } catch (e) {
          message.error(errorText(e));
        } finally {
          setBusy(null);
        }
      },
    });

  return (
    <Page
      title={c?.title ?? '测评'}
      subtitle={<BackLink to="/opinion/campaigns">返回测评活动</BackLink>}
      permission="opinion.read"
      extra={
        c && (
          <Space wrap>
            {c.can.edit && (
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="campaign-edit">
                修改
              </Button>
            )}
            {c.can.open && (
              <Button
                type="primary"
                icon={<PlayCircleOutlined />}
                loading={busy === 'open'}
                onClick={open}
                data-testid="campaign-open"
              >
                开始测评
              </Button>
            )}
            {c.can.close && (
              <Button
                danger
                icon={<StopOutlined />}
                loading={busy === 'close'}
                onClick={close}
                data-testid="campaign-close"
              >
                结束测评
              </Button>
            )}
          </Space>
        )
      }
    >
      {!c ? (
        <RecordLoading error={q.error} />
      ) : (
        <Card styles={{ body: { paddingTop: 4 } }}>
          <Tabs
            activeKey={tab}
            onChange={(k) => {
              const next = new URLSearchParams(params);
              if (k === 'overview') next.delete('tab');
              else next.set('tab', k);
              setParams(next, { replace: true });
            }}
            destroyOnHidden
            items={[
              { key: 'overview', label: '概况', children: <OverviewTab c={c} /> },
              ...(manage ? [{ key: 'links', label: '评价者与链接', children: <LinksTab c={c} /> }] : []),
              { key: 'progress', label: '进度', children: <ProgressTab c={c} /> },
              { key: 'results', label: '结果', children: <ResultsTab c={c} /> },
            ]}
          />
        </Card>
      )}
      {c?.can.edit && <CampaignDrawer open={editing} onClose={() => setEditing(false)} campaign={c} />}
    </Page>
  );
}

// ——— 概况 ———

function OverviewTab({ c }: { c: CampaignView }) {
  const [allUnits, setAllUnits] = useState(false);
  const groupTotal = c.groups.reduce((s, g) => s + g.weight, 0);
  const dimTotal = c.questionnaire.dimensions.reduce((s, d) => s + d.weight, 0);
  const pct = (w: number, t: number) => (t > 0 ? `${Math.round((w / t) * 1000) / 10}%` : '—');
  const step = c.status === 'draft' ? 1 : c.status === 'open' ? 2 : 4;
  const shownUnits = allUnits ? c.units : c.units.slice(0, 24);
  return (
    <Space orientation="vertical" size={20} style={{ width: '100%' }} data-testid="campaign-overview">
      <Steps
        size="small"
        current={step}
        items={[
          { title: '创建测评' },
          { title: '产生评价者、发放链接', content: '评价者与链接' },
          { title: '开始测评', content: '评价者匿名作答' },
          { title: '结束测评', content: '冻结口碑档案' },
        ]}
      />
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, sm: 2, lg: 3 }}
        items={[
          {
            key: 'status',
            label: '状态',
            children: (
              <Tag color={CAMPAIGN_STATUS_COLORS[c.status]} data-testid="campaign-status">
                {campaignStatusLabel(c.status)}
              </Tag>
            ),
          },
          { key: 'round', label: '年度轮次', children: `${c.year}年 第${c.round}轮` },
          { key: 'dates', label: '测评日期', children: `${c.startsOn} 至 ${c.endsOn}` },
          { key: 'cadres', label: '参评干部', children: `${c.cadreCount} 人` },
          { key: 'units', label: '参评单位', children: `${c.units.length} 个` },
          {
            key: 'time',
            label: c.closedAt ? '结束时间' : '开始时间',
            children: fmtTime(c.closedAt ?? c.openedAt),
          },
        ]}
      />
      {c.status === 'closed' && (
        <Alert
          type="info"
          showIcon
          title="本轮测评已结束，各干部的结果已冻结为口碑档案，不再变化。"
          data-testid="campaign-frozen"
        />
      )}
      <Row gutter={[24, 16]}>
        <Col xs={24} lg={10}>
          <Typography.Title level={5}>评价者组与权重</Typography.Title>
          <Table
            size="small"
            rowKey="group"
            pagination={false}
            dataSource={c.groups}
            data-testid="campaign-groups-view"
            columns={[
              {
                title: '评价者组',
                dataIndex: 'group',
                render: (g: keyof typeof RATER_GROUP_LABELS) => (
                  <Tag color={RATER_GROUP_COLORS[g]}>{RATER_GROUP_LABELS[g]}</Tag>
                ),
              },
              { title: '权重', dataIndex: 'weight', width: 70, align: 'right' },
              {
                title: '占比',
                dataIndex: 'weight',
                width: 80,
                align: 'right',
                render: (w: number) => pct(w, groupTotal),
              },
            ]}
          />
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8 }}>
            某组对某干部不足 5 份评价时不单独显示；几个小组合计满 5
            份时合并为“其他评价者”一并计分，否则不计分。
          </Typography.Paragraph>
        </Col>
        <Col xs={24} lg={14}>
          <Typography.Title level={5}>
            问卷
            <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 400, marginLeft: 8 }}>
              {c.questionnaire.scale.max - c.questionnaire.scale.min + 1} 档量表：
              {(c.questionnaire.scale.labels ?? []).join(' / ')}
              {c.questionnaire.freeText ? '；含意见建议' : ''}
            </Typography.Text>
          </Typography.Title>
          <Table
            size="small"
            rowKey="code"
            pagination={false}
            dataSource={c.questionnaire.dimensions}
            data-testid="campaign-questionnaire"
            columns={[
              {
                title: '维度',
                dataIndex: 'name',
                width: 120,
                render: (v: string, d) => (
                  <Space orientation="vertical" size={0}>
                    <Tag color="blue">{v}</Tag>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      权重 {d.weight}（{pct(d.weight, dimTotal)}）
                    </Typography.Text>
                  </Space>
                ),
              },
              {
                title: '题目',
                dataIndex: 'items',
                render: (items: { code: string; text: string }[]) => (
                  <ol style={{ margin: 0, paddingLeft: 18 }}>
                    {items.map((i) => (
                      <li key={i.code}>{i.text}</li>
                    ))}
                  </ol>
                ),
              },
            ]}
          />
        </Col>
      </Row>
      <div>
        <Typography.Title level={5}>参评单位（{c.units.length}）</Typography.Title>
        {c.units.length === 0 ? (
          <Typography.Text type="secondary">无</Typography.Text>
        ) : (
          <Space size={[4, 6]} wrap data-testid="campaign-units-view">
            {shownUnits.map((u) => (
              <Tag key={u.id}>{u.name}</Tag>
            ))}
            {c.units.length > shownUnits.length && (
              <Button type="link" size="small" onClick={() => setAllUnits(true)}>
                展开全部 {c.units.length} 个
              </Button>
            )}
          </Space>
        )}
      </div>
    </Space>
  );
}

// ——— 进度 ———

function ProgressTab({ c }: { c: CampaignView }) {
  const q = useQuery({
    queryKey: ['opinion', 'progress', c.id],
    queryFn: () => call(opinionApi.progress, { params: { id: c.id } }),
    refetchInterval: c.status === 'open' ? 30_000 : false,
  });
  if (!q.data) return <RecordLoading error={q.error} />;
  const p = q.data;
  const personal = p.groups.filter((g) => g.group !== 'public');
  const unitGroups = personal.map((g) => g.group);
  return (
    <Space orientation="vertical" size={20} style={{ width: '100%' }} data-testid="campaign-progress">
      {c.status === 'open' && (
        <Typography.Text type="secondary">
          测评进行中，每 30 秒自动刷新。只统计份数，不涉及任何选票内容。
        </Typography.Text>
      )}
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(190px, 1fr))', gap: 16 }}>
        {p.groups.map((g) => (
          <div key={g.group}>
            <Card size="small" style={{ height: '100%' }} data-testid={`progress-group-${g.group}`}>
              <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                <Tag color={RATER_GROUP_COLORS[g.group]}>{g.label}</Tag>
                {g.group === 'public' ? (
                  <>
                    <Statistic title="群众提交份数" value={g.submissions} suffix="份" />
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      公开链接不限人数，无回收率 · {g.ballots} 人次评价
                    </Typography.Text>
                  </>
                ) : (
                  <>
                    <Statistic
                      title="回收率"
                      value={g.rate ?? '—'}
                      suffix={g.rate === null ? undefined : '%'}
                    />
                    <Progress
                      percent={g.issued ? Math.round((g.used / g.issued) * 100) : 0}
                      size="small"
                      showInfo={false}
                    />
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      已用 {g.used} / 已发放 {g.issued}（共 {g.links} 个链接）· {g.ballots} 人次评价
                    </Typography.Text>
                  </>
                )}
              </Space>
            </Card>
          </div>
        ))}
      </div>
      <div>
        <Typography.Title level={5}>各单位个人链接使用情况</Typography.Title>
        <Table<ProgressView['units'][number]>
          rowKey="unitId"
          size="small"
          dataSource={p.units}
          data-testid="progress-units"
          scroll={{ x: 300 + unitGroups.length * 150 }}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
          locale={{
            emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚未产生个人评价链接" />,
          }}
          columns={[
            { title: '单位', dataIndex: 'unitName', fixed: 'left', width: 220 },
            ...unitGroups.map((g) => ({
              title: groupLabel(g),
              key: g,
              width: 150,
              render: (_: unknown, u: ProgressView['units'][number]) => {
                const x = u.groups[g];
                if (!x) return <Typography.Text type="secondary">—</Typography.Text>;
                return (
                  <Tooltip title={`已用 ${x.used} / 共 ${x.links}`}>
                    <Progress
                      percent={x.links ? Math.round((x.used / x.links) * 100) : 0}
                      size="small"
                      format={() => `${x.used}/${x.links}`}
                      style={{ margin: 0 }}
                    />
                  </Tooltip>
                );
              },
            })),
          ]}
        />
      </div>
    </Space>
  );
}

// ——— 结果 ———

function ResultsTab({ c }: { c: CampaignView }) {
  // Figures exist only once a round is over: watching them move ballot by ballot would tell what
  // each new ballot said. While it runs, the progress tab shows the counts.
  if (!c.can.results)
    return (
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        style={{ padding: '32px 0' }}
        data-testid="results-not-yet"
        description={
          c.status === 'draft'
            ? '测评尚未开始。测评结束后才能查看结果。'
            : '测评进行中：结束测评后才能查看结果（防止按选票先后推断个人评价），现在可在“进度”中查看参评情况。'
        }
      />
    );
  return <ClosedResults c={c} />;
}

function ClosedResults({ c }: { c: CampaignView }) {
  const { message } = App.useApp();
  const [unitId, setUnitId] = useState<string | undefined>();
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<'overall' | 'name'>('overall');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [exporting, setExporting] = useState(false);
  const filters = { unitId, q: search || undefined, sort };
  const q = useQuery({
    queryKey: ['opinion', 'results', c.id, filters, page, pageSize],
    queryFn: () => call(opinionApi.results, { params: { id: c.id }, query: { ...filters, page, pageSize } }),
    placeholderData: keepPreviousData,
  });
  const dims = c.questionnaire.dimensions;

  const exportXlsx = async () => {
    setExporting(true);
    try {
      await downloadFile(
        `${pathOf(opinionApi.exportResults.path, { id: c.id })}${qs(filters)}`,
        `测评结果-${c.title}.xlsx`,
      );
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setExporting(false);
    }
  };

  const s = q.data?.summary;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="campaign-results">
      <Typography.Text type="secondary">
        本轮结果已冻结为口碑档案。某评价者组对某干部不足 5 份时不单独显示、不单独计分。
      </Typography.Text>
      <Row gutter={[16, 16]}>
        <Col xs={12} md={6}>
          <Statistic title="参评干部" value={s?.cadres ?? '—'} suffix="人" />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title="有得分的干部" value={s?.withFigures ?? '—'} suffix="人" />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title="平均综合得分" value={s?.mean ?? '—'} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title="评价人次" value={s?.ballotsCast ?? '—'} />
        </Col>
      </Row>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Space wrap>
          <Input.Search
            placeholder="干部姓名"
            allowClear
            style={{ width: 200 }}
            onSearch={(v) => {
              setSearch(v.trim());
              setPage(1);
            }}
            data-testid="results-search"
          />
          <Select
            allowClear
            placeholder="全部单位"
            showSearch={labelFilter}
            style={{ width: 240 }}
            value={unitId}
            options={c.units.map((u) => ({ value: u.id, label: u.name }))}
            onChange={(v) => {
              setUnitId(v);
              setPage(1);
            }}
            data-testid="results-unit"
          />
          <Select
            style={{ width: 150 }}
            value={sort}
            options={[
              { value: 'overall', label: '按综合得分排序' },
              { value: 'name', label: '按单位、姓名排序' },
            ]}
            onChange={(v) => {
              setSort(v);
              setPage(1);
            }}
            data-testid="results-sort"
          />
        </Space>
        <Button
          icon={<DownloadOutlined />}
          loading={exporting}
          onClick={exportXlsx}
          data-testid="results-export"
        >
          导出 Excel
        </Button>
      </Space>
      {q.isError && <Alert type="error" showIcon title={errorText(q.error)} />}
      <Table<ResultRow>
        rowKey="cadreId"
        size="small"
        loading={q.isFetching && !q.data}
        dataSource={q.data?.items}
        data-testid="results-table"
        scroll={{ x: 730 + dims.length * 80 }}
        pagination={{
          current: page,
          pageSize,
          total: q.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100],
          showTotal: (n) => `共 ${n} 人`,
          onChange: (p, ps) => {
            setPage(ps === pageSize ? p : 1);
            setPageSize(ps);
          },
        }}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有符合条件的干部" />,
        }}
        columns={[
          {
            title: '姓名',
            dataIndex: 'name',
            fixed: 'left',
            width: 100,
            render: (v: string, r) => (
              <Link to={`/opinion/campaigns/${c.id}/cadres/${r.cadreId}`} data-testid="result-cadre">
                {v}
              </Link>
            ),
          },
          {
            title: '单位 · 职务',
            key: 'unit',
            width: 200,
            render: (_, r) => (
              <Space orientation="vertical" size={0}>
                <span>{r.unitName ?? '—'}</span>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {r.post ?? ''}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: '综合得分',
            dataIndex: 'overall',
            width: 90,
            align: 'right',
            render: (v: number | null) => (
              <Typography.Text strong style={{ color: scoreColor(v) }}>
                {fmtScore(v)}
              </Typography.Text>
            ),
          },
          {
            title: '校正得分',
            dataIndex: 'calibrated',
            width: 90,
            align: 'right',
            render: (c: ResultRow['calibrated']) =>
              c ? (
                <Tooltip
                  title={`95% 区间 ${fmtScore(c.low)} – ${fmtScore(c.high)}；${CALIBRATION_METHOD_LABELS[c.method]}`}
                >
                  <span data-testid="result-calibrated">{fmtScore(c.estimate)}</span>
                </Tooltip>
              ) : (
                <Typography.Text type="secondary">—</Typography.Text>
              ),
          },
          ...dims.map((d) => ({
            title: d.name,
            key: d.code,
            width: 80,
            align: 'right' as const,
            render: (_: unknown, r: ResultRow) => fmtScore(r.byDimension[d.code]),
          })),
          {
            title: (
              <Tooltip title="得分所依据的评价份数（不足 5 份的组不计入）">
                <span>计分票数</span>
              </Tooltip>
            ),
            dataIndex: 'ballotsShown',
            width: 90,
            align: 'right',
          },
          {
            title: '未单独显示的组',
            dataIndex: 'withheld',
            width: 170,
            render: (w: ResultRow['withheld']) =>
              w.length === 0 ? (
                <Typography.Text type="secondary">—</Typography.Text>
              ) : (
                <Tooltip title={`${w.map(groupLabel).join('、')}：评价不足 5 份，未单独显示，也不计分`}>
                  <Space orientation="vertical" size={0} data-testid="result-withheld">
                    <Tag style={{ marginInlineEnd: 0 }}>{WITHHELD_TEXT}</Tag>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {w.map(groupLabel).join('、')}
                    </Typography.Text>
                  </Space>
                </Tooltip>
              ),
          },
        ]}
      />
    </Space>
  );
}
