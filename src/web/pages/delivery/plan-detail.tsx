import {
  CheckCircleOutlined,
  LockOutlined,
  MobileOutlined,
  RetweetOutlined,
  SendOutlined,
} from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Empty, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { deliveryApi, ITEM_KIND_LABELS, SELECTION_RULE_LABELS } from '../../../common/contracts/delivery.ts';
import { call } from '../../api/client.ts';
import { errorText } from '../../components/errors.ts';
import { fmtTime } from '../../components/format.ts';
import { BackLink, Page, RecordLoading, refusedRecord, retryUnlessRefused } from '../../components/page.tsx';
import { useRegions } from '../org/org-options.ts';
import {
  fmtNum,
  PLAN_STATUS_COLORS,
  PLAN_STATUS_LABELS,
  type PlanTarget,
  targetsByCadre,
  useDomainName,
  VERDICT_COLORS,
  verdictLabel,
} from './delivery-options.ts';
import { EvidenceGallery } from './evidence-photos.tsx';

export default function PlanDetailPage() {
  const { id = '' } = useParams();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const domainName = useDomainName();
  const regions = useRegions();
  const [busy, setBusy] = useState<'start' | 'complete' | 'replay' | null>(null);
  const q = useQuery({
    queryKey: ['delivery', 'plan', id],
    queryFn: () => call(deliveryApi.plan, { params: { id } }),
    retry: retryUnlessRefused,
  });

  const refused = refusedRecord(q.error, {
    title: '考察计划不存在',
    back: '/delivery/plans',
    backLabel: '返回对账考察',
  });
  if (refused) return refused;

  const d = q.data;
  const plan = d?.plan;
  const s = plan?.selection;
  const groups = d ? targetsByCadre(d.targets) : [];
  const checked = d?.targets.filter((t) => t.check).length ?? 0;

  const refresh = async () => {
    await qc.invalidateQueries({ queryKey: ['delivery', 'plan', id] });
    await qc.invalidateQueries({ queryKey: ['delivery', 'plans'] });
  };

  const start = () =>
    modal.confirm({
      title: '出发，开始考察？',
      content:
        '开始后计划不再保密，可在现场逐项记录核验结果并拍照；不符合实际的事项将生成考察发现并通知干部说明。出发时间将记入审计日志。',
      okText: '出发',
      cancelText: '再等等',
      okButtonProps: { 'data-testid': 'plan-start-ok' } as never,
      onOk: async () => {
        setBusy('start');
        try {
          await call(deliveryApi.startPlan, { params: { id } });
          message.success('已开始考察，可在手机上进入“现场核验”');
          await refresh();
        } catch (e) {
          message.error(errorText(e));
        } finally {
          setBusy(null);
        }
      },
    });

  const complete = () =>
    modal.confirm({
      title: '结束考察？',
      content:
        checked < (d?.targets.length ?? 0)
          ? `还有 ${(d?.targets.length ?? 0) - checked} 项未核验。结束后不能再记录或修改核验结果。`
          : '结束后不能再记录或修改核验结果。',
      okText: '结束考察',
      cancelText: '取消',
      onOk: async () => {
        setBusy('complete');
        try {
          await call(deliveryApi.completePlan, { params: { id } });
          message.success('考察已结束');
          await refresh();
        } catch (e) {
          message.error(errorText(e));
        } finally {
          setBusy(null);
        }
      },
    });

  const replay = async () => {
    if (!d) return;
    setBusy('replay');
    try {
      const r = await call(deliveryApi.replayPlan, { params: { id } });
      const planned = new Set(groups.map((g) => g.cadreId));
      const same = r.cadreIds.length === planned.size && r.cadreIds.every((c) => planned.has(c));
      const name = (c: string) =>
        groups.find((g) => g.cadreId === c)?.cadreName ?? `（计划外）${c.slice(0, 8)}`;
      modal.info({
        title: '复现抽取',
        width: 520,
        content: (
          <Space orientation="vertical" style={{ width: '100%' }} data-testid="replay-result">
            <Typography.Text>
              用记录的随机种子 <Tag color="geekblue">{s?.seed}</Tag>和候选名单（{s?.poolSize ?? 0}{' '}
              人）重新抽取，结果：
            </Typography.Text>
            <Space size={[4, 4]} wrap>
              {r.cadreIds.map((c) => (
                <Tag key={c} color={planned.has(c) ? 'blue' : 'red'}>
                  {name(c)}
                </Tag>
              ))}
            </Space>
            {same ? (
              <Alert type="success" showIcon title="与本计划的考察对象完全一致，抽取过程可复现。" />
            ) : (
              <Alert type="error" showIcon title="与本计划的考察对象不一致，请核查。" />
            )}
          </Space>
        ),
      });
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(null);
    }
  };

  const regionName = (rid?: string) => regions.data?.find((r) => r.id === rid)?.name ?? rid;

  return (
    <Page
      title={plan ? plan.title : '考察计划'}
      subtitle={<BackLink to="/delivery/plans">返回对账考察</BackLink>}
      permission="delivery.verify"
      extra={
        plan && (
          <Space wrap>
            {plan.can.start && (
              <Button
                type="primary"
                icon={<SendOutlined />}
                onClick={start}
                loading={busy === 'start'}
                data-testid="plan-start"
              >
                出发（开始考察）
              </Button>
            )}
            {plan.can.check && (
              <Link to={`/delivery/plans/${id}/check`}>
                <Button type="primary" icon={<MobileOutlined />} data-testid="plan-check-link">
                  现场核验（手机）
                </Button>
              </Link>
            )}
            {plan.can.complete && (
              <Button
                icon={<CheckCircleOutlined />}
                onClick={complete}
                loading={busy === 'complete'}
                data-testid="plan-complete"
              >
                结束考察
              </Button>
            )}
          </Space>
        )
      }
    >
      {!d || !plan || !s ? (
        <RecordLoading error={q.error} />
      ) : (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          {plan.status === 'secret' && (
            <Alert
              type="warning"
              showIcon
              icon={<LockOutlined />}
              title="保密中：本计划仅组织部门可见。出发时点击“出发（开始考察）”，之后才能在现场记录核验结果。"
            />
          )}
          <Card>
            <Descriptions
              size="small"
              column={{ xs: 1, sm: 2, lg: 3 }}
              items={[
                {
                  key: 'status',
                  label: '状态',
                  children: (
                    <Tag color={PLAN_STATUS_COLORS[plan.status]} data-testid="plan-status">
                      {PLAN_STATUS_LABELS[plan.status]}
                    </Tag>
                  ),
                },
                { key: 'month', label: '核验月份', children: `${plan.year}年${plan.month}月` },
                { key: 'plannedOn', label: '计划日期', children: plan.plannedOn ?? '—' },
                { key: 'rule', label: '规则', children: SELECTION_RULE_LABELS[s.rule] },
                {
                  key: 'size',
                  label: '抽取数量',
                  children: `${s.cadres} 人，每人 ${s.itemsPerCadre} 项`,
                },
                {
                  key: 'filters',
                  label: '范围',
                  children:
                    [
                      s.domain ? `领域：${domainName(s.domain)}` : null,
                      s.regionId ? `乡镇：${regionName(s.regionId)}` : null,
                    ]
                      .filter(Boolean)
                      .join('；') || '不限',
                },
                {
                  key: 'seed',
                  label: '随机种子',
                  children: plan.can.replay ? (
                    <Space size={8} wrap>
                      <Tag color="geekblue" data-testid="plan-seed-value">
                        {s.seed}
                      </Tag>
                      <Button
                        size="small"
                        icon={<RetweetOutlined />}
                        onClick={replay}
                        loading={busy === 'replay'}
                        data-testid="plan-replay"
                      >
                        复现抽取
                      </Button>
                    </Space>
                  ) : (
                    '—（非随机规则）'
                  ),
                },
                {
                  key: 'pool',
                  label: '候选干部',
                  children: `${s.poolSize} 人`,
                },
                {
                  key: 'progress',
                  label: '核验进度',
                  children: `${groups.length} 人，${checked} / ${d.targets.length} 项`,
                },
                { key: 'createdAt', label: '创建时间', children: fmtTime(plan.createdAt) },
                { key: 'startedAt', label: '出发时间', children: fmtTime(plan.startedAt) },
                { key: 'completedAt', label: '结束时间', children: fmtTime(plan.completedAt) },
              ]}
            />
          </Card>
          {groups.length === 0 ? (
            <Card>
              <Empty description="本计划没有考察对象" />
            </Card>
          ) : (
            groups.map((g) => (
              <Card
                key={g.cadreId}
                size="small"
                data-testid="plan-cadre"
                title={
                  <Space size={8} wrap>
                    <span>{g.cadreName}</span>
                    <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 400 }}>
                      {[g.unitName, g.post].filter(Boolean).join(' · ')}
                    </Typography.Text>
                  </Space>
                }
                extra={
                  <Typography.Text type="secondary">
                    已核验 {g.items.filter((t) => t.check).length} / {g.items.length}
                  </Typography.Text>
                }
              >
                <Table<PlanTarget>
                  rowKey="itemId"
                  size="small"
                  pagination={false}
                  dataSource={g.items}
                  scroll={{ x: 980 }}
                  expandable={
                    g.items.some((t) => t.check)
                      ? {
                          rowExpandable: (t) => !!t.check,
                          expandedRowRender: (t) =>
                            t.check ? (
                              <Space orientation="vertical" size={8}>
                                {t.check.notes && <Typography.Text>备注：{t.check.notes}</Typography.Text>}
                                <EvidenceGallery
                                  ownerType="delivery_check"
                                  ownerId={t.check.id}
                                  emptyText="未上传现场照片"
                                  size={72}
                                />
                              </Space>
                            ) : null,
                        }
                      : undefined
                  }
                  columns={[
                    {
                      title: '事项',
                      dataIndex: 'title',
                      render: (v: string, t) => (
                        <Space orientation="vertical" size={0}>
                          <span>{v}</span>
                          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                            {ITEM_KIND_LABELS[t.kind]} · {domainName(t.domainCode)}
                          </Typography.Text>
                        </Space>
                      ),
                    },
                    {
                      title: '目标',
                      width: 110,
                      render: (_, t) =>
                        t.targetKind === 'value'
                          ? `${fmtNum(t.targetValue)}${t.measureUnit ?? ''}`
                          : '节点型',
                    },
                    {
                      title: `${plan.month}月计划`,
                      dataIndex: 'planned',
                      width: 90,
                      align: 'right',
                      render: fmtNum,
                    },
                    {
                      title: '申报',
                      dataIndex: 'reported',
                      width: 80,
                      align: 'right',
                      render: (v: number | null) =>
                        v === null ? <Typography.Text type="warning">未填报</Typography.Text> : fmtNum(v),
                    },
                    {
                      title: '现场核实',
                      width: 90,
                      align: 'right',
                      render: (_, t) => fmtNum(t.check?.verifiedValue),
                    },
                    {
                      title: '结论',
                      width: 100,
                      render: (_, t) =>
                        t.check ? (
                          <Tag color={VERDICT_COLORS[t.check.verdict]}>{verdictLabel(t.check.verdict)}</Tag>
                        ) : (
                          <Typography.Text type="secondary">未核验</Typography.Text>
                        ),
                    },
                    {
                      title: '考察发现',
                      width: 100,
                      render: (_, t) =>
                        t.finding ? <Link to={`/delivery/findings/${t.finding.id}`}>查看</Link> : '—',
                    },
                    {
                      title: '核验时间',
                      width: 160,
                      render: (_, t) => fmtTime(t.check?.checkedAt),
                    },
                  ]}
                />
              </Card>
            ))
          )}
        </Space>
      )}
    </Page>
  );
}
