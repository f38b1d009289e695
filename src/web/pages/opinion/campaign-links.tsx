import {
  LinkOutlined,
  PrinterOutlined,
  QrcodeOutlined,
  TeamOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Empty,
  Form,
  Modal,
  Popconfirm,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { LIST_GROUPS, opinionApi, RULE_GROUPS } from '../../../common/contracts/opinion.ts';
import { call } from '../../api/client.ts';
import { errorText } from '../../components/errors.ts';
import { ImportModal } from '../../components/import-modal.tsx';
import { QrCode } from '../../components/qr-code.tsx';
import { useRegions } from '../org/org-options.ts';
import { IssueCard } from './campaign-slips.tsx';
import {
  type CampaignView,
  groupLabel,
  type LinkView,
  labelFilter,
  publicUrl,
  RATER_GROUP_COLORS,
  type RaterGroup,
} from './opinion-options.ts';
import { PrintSheet } from './print-sheet.tsx';
import { PublicCardsButton } from './public-cards.tsx';

/** 评价者与链接: raters by rule or by list, public links, issuing slips, and the links table. */
export function LinksTab({ c }: { c: CampaignView }) {
  const links = useQuery({
    queryKey: ['opinion', 'links', c.id],
    queryFn: () => call(opinionApi.links, { params: { id: c.id } }),
    select: (d) => d.items,
  });
  const enabled = new Set(c.groups.map((g) => g.group));
  const closed = c.status === 'closed';
  const items = links.data ?? [];
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="campaign-links">
      {closed && <Alert type="info" showIcon title="测评已结束，评价链接均已失效，不能再产生或发放。" />}
      {links.isError && <Alert type="error" showIcon title={errorText(links.error)} />}
      {!closed && <RatersCard c={c} links={items} enabled={enabled} />}
      {enabled.has('public') && <PublicLinksCard c={c} links={items} closed={closed} />}
      {!closed && <IssueCard c={c} links={items} enabled={enabled} />}
      <LinksTable c={c} links={items} loading={links.isLoading} closed={closed} />
    </Space>
  );
}

/** Counts of a set of links. */
function tally(links: LinkView[]) {
  let issued = 0;
  let used = 0;
  for (const l of links) {
    if (l.issued) issued++;
    if (l.used) used++;
  }
  return { total: links.length, issued, used };
}

// ——— raters ———

function RatersCard(props: { c: CampaignView; links: LinkView[]; enabled: Set<RaterGroup> }) {
  const { c, links, enabled } = props;
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [assigning, setAssigning] = useState(false);
  const [importing, setImporting] = useState(false);
  const [chosen, setChosen] = useState<RaterGroup[]>([]);
  const [busy, setBusy] = useState(false);
  const active = links.filter((l) => !l.revoked && l.kind === 'personal');
  const done = new Set(active.map((l) => l.group));
  const ruleGroups = RULE_GROUPS.filter((g) => enabled.has(g));
  const listGroups = LIST_GROUPS.filter((g) => enabled.has(g));
  const personalGroups = [...enabled].filter((g) => g !== 'public');

  const assign = async () => {
    setBusy(true);
    try {
      const r = await call(opinionApi.assignRaters, {
        params: { id: c.id },
        body: {
          groups: chosen.filter((g): g is (typeof RULE_GROUPS)[number] => ruleGroups.includes(g as never)),
        },
      });
      message.success(
        `已产生评价者：${Object.entries(r.created)
          .map(([g, n]) => `${groupLabel(g)} ${n} 人`)
          .join('，')}`,
      );
      setAssigning(false);
      await qc.invalidateQueries({ queryKey: ['opinion'] });
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      size="small"
      title={
        <Space>
          <TeamOutlined />
          评价者
        </Space>
      }
      extra={
        <Space wrap>
          {ruleGroups.length > 0 && (
            <Button
              disabled={ruleGroups.every((g) => done.has(g))}
              title={ruleGroups.every((g) => done.has(g)) ? '上级评价、同级互评的评价者均已产生' : undefined}
              onClick={() => {
                setChosen(ruleGroups.filter((g) => !done.has(g)));
                setAssigning(true);
              }}
              data-testid="raters-assign"
            >
              按规则产生上级/同级评价者
            </Button>
          )}
          {listGroups.length > 0 && (
            <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="raters-import">
              导入评价者名单
            </Button>
          )}
        </Space>
      }
    >
      {personalGroups.length === 0 ? (
        <Typography.Text type="secondary">本次测评只有群众测评，评价者通过公开链接参加。</Typography.Text>
      ) : (
        <Row gutter={[12, 12]}>
          {personalGroups.map((g) => {
            const t = tally(active.filter((l) => l.group === g));
            return (
              <Col key={g} xs={24} sm={12} lg={6}>
                <div
                  style={{ border: '1px solid #f0f0f0', borderRadius: 6, padding: '8px 12px' }}
                  data-testid={`raters-${g}`}
                >
                  <Tag color={RATER_GROUP_COLORS[g]}>{groupLabel(g)}</Tag>
                  {t.total === 0 ? (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {(RULE_GROUPS as readonly string[]).includes(g) ? '尚未按规则产生' : '尚未导入名单'}
                    </Typography.Text>
                  ) : (
                    <div style={{ marginTop: 4, fontSize: 13 }}>
                      <b>{t.total}</b> 个链接 · 已发放 {t.issued} · 已用 {t.used}
                    </div>
                  )}
                </div>
              </Col>
            );
          })}
        </Row>
      )}
      <Modal
        title="按规则产生评价者"
        open={assigning}
        onCancel={() => setAssigning(false)}
        okText="产生评价者"
        cancelText="取消"
        okButtonProps={
          { disabled: chosen.length === 0, loading: busy, 'data-testid': 'raters-assign-ok' } as never
        }
        onOk={assign}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">
          从干部库按现任职务产生，每位评价者一个链接，覆盖其应评价的全部干部：
        </Typography.Paragraph>
        <ul style={{ paddingLeft: 18, color: 'rgba(0,0,0,0.65)' }}>
          <li>上级评价：单位正职评价本单位班子其他成员；所在编组的包联领导评价各单位正职。</li>
          <li>同级互评：同一领导班子的成员相互评价（不评价本人）。</li>
        </ul>
        <Checkbox.Group
          value={chosen}
          onChange={(v) => setChosen(v as RaterGroup[])}
          options={ruleGroups.map((g) => ({
            value: g,
            label: done.has(g) ? `${groupLabel(g)}（已产生）` : groupLabel(g),
            disabled: done.has(g),
          }))}
          data-testid="raters-assign-groups"
        />
      </Modal>
      <ImportModal
        open={importing}
        onClose={() => setImporting(false)}
        kind="opinion.raters"
        title="导入评价者名单（下级评议、服务对象反向评价）"
        accept=".xlsx,.csv"
        counted={{ unit: '份' }}
        getOptions={async () => ({ campaignId: c.id })}
        onDone={() => qc.invalidateQueries({ queryKey: ['opinion'] })}
      />
    </Card>
  );
}

// ——— public links ———

function PublicLinksCard(props: { c: CampaignView; links: LinkView[]; closed: boolean }) {
  const { c, closed } = props;
  const { message } = App.useApp();
  const qc = useQueryClient();
  const regions = useRegions();
  const [form] = Form.useForm<{ unitIds?: string[]; regionIds?: string[] }>();
  const [busy, setBusy] = useState(false);
  const [printing, setPrinting] = useState(false);
  const publics = props.links.filter((l) => l.kind === 'public' && !l.revoked && l.publicCode);
  const donePrinting = useCallback(() => setPrinting(false), []);

  const create = async (v: { unitIds?: string[]; regionIds?: string[] }) => {
    const body = { unitIds: v.unitIds ?? [], regionIds: v.regionIds ?? [] };
    if (body.unitIds.length + body.regionIds.length === 0) {
      message.warning('请选择单位或乡镇（街道）');
      return;
    }
    setBusy(true);
    try {
      const r = await call(opinionApi.createPublicLinks, { params: { id: c.id }, body });
      message.success(r.created > 0 ? `已生成 ${r.created} 个公开链接` : '所选单位或区域已有公开链接');
      form.resetFields();
      await qc.invalidateQueries({ queryKey: ['opinion'] });
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      size="small"
      title={
        <Space>
          <QrcodeOutlined />
          群众测评公开链接
        </Space>
      }
      extra={
        publics.length > 0 &&
        !closed && (
          <Button icon={<PrinterOutlined />} onClick={() => setPrinting(true)} data-testid="public-print">
            打印二维码
          </Button>
        )
      }
      data-testid="public-links"
    >
      {!closed && (
        <Form form={form} layout="inline" onFinish={create} style={{ marginBottom: 16, rowGap: 8 }}>
          <Form.Item name="unitIds" label="单位">
            <Select
              mode="multiple"
              allowClear
              showSearch={labelFilter}
              placeholder="参评单位"
              style={{ width: 300 }}
              maxTagCount="responsive"
              options={c.units.map((u) => ({ value: u.id, label: u.name }))}
              data-testid="public-units"
            />
          </Form.Item>
          <Form.Item name="regionIds" label="乡镇（街道）">
            <Select
              mode="multiple"
              allowClear
              showSearch={labelFilter}
              placeholder="区域"
              style={{ width: 240 }}
              maxTagCount="responsive"
              loading={regions.isLoading}
              options={(regions.data ?? [])
                .filter((r) => r.kind !== 'jurisdiction')
                .map((r) => ({ value: r.id, label: r.name }))}
              data-testid="public-regions"
            />
          </Form.Item>
          <Form.Item>
            <Button
              type="primary"
              htmlType="submit"
              icon={<LinkOutlined />}
              loading={busy}
              data-testid="public-create"
            >
              生成公开链接
            </Button>
          </Form.Item>
        </Form>
      )}
      {publics.length === 0 ? (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description="尚无公开链接。选择单位或乡镇生成后，为现场测评生成评价卡：每人一张，扫码即可评价，每张限用一次。"
        />
      ) : (
        <Row gutter={[12, 12]}>
          {publics.map((l) => (
            <Col key={l.id} xs={24} md={12} xl={8}>
              <div
                style={{
                  display: 'flex',
                  gap: 12,
                  border: '1px solid #f0f0f0',
                  borderRadius: 6,
                  padding: 12,
                  alignItems: 'center',
                }}
                data-testid="public-link"
              >
                <QrCode value={publicUrl(l.publicCode!)} size={112} />
                <div style={{ minWidth: 0, flex: 1 }}>
                  <Typography.Text strong>{l.raterLabel}</Typography.Text>
                  <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)', margin: '2px 0 6px' }}>
                    评价 {l.cadres} 名干部
                  </div>
                  <Typography.Text
                    copyable={{ text: publicUrl(l.publicCode!), tooltips: ['复制地址', '已复制'] }}
                    style={{ fontSize: 12, wordBreak: 'break-all' }}
                    data-testid="public-url"
                  >
                    {publicUrl(l.publicCode!)}
                  </Typography.Text>
                  <div
                    style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)', margin: '4px 0' }}
                    data-testid="public-cards"
                  >
                    现场评价卡 {l.cards} 张，已用 {l.cardsUsed} 张
                  </div>
                  {l.can.cards && <PublicCardsButton c={c} link={l} />}
                </div>
              </div>
            </Col>
          ))}
        </Row>
      )}
      {printing && (
        <PrintSheet onDone={donePrinting}>
          <div className="opinion-posters">
            {publics.map((l) => (
              <div key={l.id} className="opinion-poster" style={{ textAlign: 'center', paddingTop: '20mm' }}>
                <div style={{ fontSize: '22pt', fontWeight: 700 }}>{c.title}</div>
                <div style={{ fontSize: '16pt', margin: '6mm 0 10mm' }}>{l.raterLabel}</div>
                <QrCode value={publicUrl(l.publicCode!)} size={300} style={{ margin: '0 auto' }} />
                <div style={{ fontSize: '11pt', marginTop: '6mm' }}>{publicUrl(l.publicCode!)}</div>
                <div style={{ fontSize: '12pt', marginTop: '10mm', lineHeight: 1.8 }}>
                  请用手机扫描二维码，输入现场发放的评价卡上的评价码，对本单位（本地）领导干部作出评价。
                  <br />
                  评价匿名进行，结果只按评价者组汇总；测评截止日期：{c.endsOn}。
                </div>
              </div>
            ))}
          </div>
        </PrintSheet>
      )}
    </Card>
  );
}

// ——— the links table ———

type YesNo = 'yes' | 'no';

function LinksTable(props: { c: CampaignView; links: LinkView[]; loading: boolean; closed: boolean }) {
  const { c, links, closed } = props;
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [group, setGroup] = useState<RaterGroup | undefined>();
  const [unitId, setUnitId] = useState<string | undefined>();
  const [used, setUsed] = useState<YesNo | undefined>();
  const [issued, setIssued] = useState<YesNo | undefined>();
  const [showRevoked, setShowRevoked] = useState(false);

  const rows = useMemo(
    () =>
      links.filter(
        (l) =>
          (showRevoked || !l.revoked) &&
          (!group || l.group === group) &&
          (!unitId || l.unitId === unitId) &&
          (!used || l.used === (used === 'yes')) &&
          (!issued || l.issued === (issued === 'yes')),
      ),
    [links, group, unitId, used, issued, showRevoked],
  );
  const unitOptions = useMemo(() => {
    const m = new Map<string, string>();
    for (const l of links) if (l.unitId) m.set(l.unitId, l.unitName ?? l.unitId);
    return [...m.entries()].map(([value, label]) => ({ value, label }));
  }, [links]);

  const revoke = async (l: LinkView) => {
    try {
      await call(opinionApi.revokeLink, { params: { id: c.id, linkId: l.id } });
      message.success('链接已撤销');
      await qc.invalidateQueries({ queryKey: ['opinion'] });
    } catch (e) {
      message.error(errorText(e));
    }
  };

  const yesNo = [
    { value: 'yes', label: '是' },
    { value: 'no', label: '否' },
  ];
  return (
    <Card
      size="small"
      title={
        <Space>
          <LinkOutlined />
          链接一览
          <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 400 }}>
            只显示是否发放、是否使用，不涉及任何评价内容
          </Typography.Text>
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder="评价者组"
          style={{ width: 160 }}
          value={group}
          onChange={setGroup}
          options={c.groups.map((g) => ({ value: g.group, label: groupLabel(g.group) }))}
          data-testid="links-group"
        />
        <Select
          allowClear
          placeholder="单位"
          showSearch={labelFilter}
          style={{ width: 220 }}
          value={unitId}
          onChange={setUnitId}
          options={unitOptions}
          data-testid="links-unit"
        />
        <Select
          allowClear
          placeholder="已发放"
          style={{ width: 110 }}
          value={issued}
          onChange={setIssued}
          options={yesNo.map((o) => ({ ...o, label: `已发放：${o.label}` }))}
          data-testid="links-issued"
        />
        <Select
          allowClear
          placeholder="已使用"
          style={{ width: 110 }}
          value={used}
          onChange={setUsed}
          options={yesNo.map((o) => ({ ...o, label: `已使用：${o.label}` }))}
          data-testid="links-used"
        />
        <Checkbox checked={showRevoked} onChange={(e) => setShowRevoked(e.target.checked)}>
          含已撤销
        </Checkbox>
      </Space>
      <Table<LinkView>
        rowKey="id"
        size="small"
        loading={props.loading}
        dataSource={rows}
        data-testid="links-table"
        scroll={{ x: 820 }}
        pagination={{
          pageSize: 20,
          hideOnSinglePage: true,
          showSizeChanger: false,
          showTotal: (n) => `共 ${n} 个链接`,
        }}
        locale={{
          emptyText: (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={links.length === 0 ? '尚未产生评价者或公开链接' : '没有符合条件的链接'}
            />
          ),
        }}
        columns={[
          {
            title: '评价者',
            dataIndex: 'raterLabel',
            render: (v: string | null, l) => (
              <Space size={4}>
                <span>{v ?? '—'}</span>
                {l.kind === 'public' && <Tag>公开</Tag>}
              </Space>
            ),
          },
          {
            title: '评价者组',
            dataIndex: 'group',
            width: 140,
            render: (g: RaterGroup) => <Tag color={RATER_GROUP_COLORS[g]}>{groupLabel(g)}</Tag>,
          },
          {
            title: '单位 / 区域',
            key: 'where',
            width: 200,
            render: (_, l) =>
              l.unitName ?? l.regionName ?? <Typography.Text type="secondary">—</Typography.Text>,
          },
          {
            title: '评价对象',
            dataIndex: 'cadres',
            width: 80,
            align: 'right',
            render: (n: number) => `${n} 人`,
          },
          {
            title: '发放',
            key: 'issued',
            width: 150,
            render: (_, l) =>
              l.kind === 'public' ? (
                <Typography.Text type="secondary">公开</Typography.Text>
              ) : l.issued ? (
                <span>已发放{l.issueCount > 1 ? `（补发 ${l.issueCount - 1} 次）` : ''}</span>
              ) : (
                <Typography.Text type="secondary">未发放</Typography.Text>
              ),
          },
          {
            title: '状态',
            key: 'state',
            width: 90,
            render: (_, l) =>
              l.revoked ? (
                <Tag>已撤销</Tag>
              ) : l.kind === 'public' ? (
                <Tag color="green">开放</Tag>
              ) : l.used ? (
                <Tag color="success">已使用</Tag>
              ) : (
                <Tag color="default">未使用</Tag>
              ),
          },
          ...(closed
            ? []
            : [
                {
                  title: '操作',
                  key: 'op',
                  width: 80,
                  render: (_: unknown, l: LinkView) =>
                    l.can.revoke ? (
                      <Popconfirm
                        title="撤销该链接？"
                        description="撤销后该链接立即失效，不能恢复。"
                        okText="撤销"
                        okButtonProps={{ danger: true }}
                        cancelText="取消"
                        onConfirm={() => revoke(l)}
                      >
                        <Button type="link" size="small" danger data-testid="link-revoke">
                          撤销
                        </Button>
                      </Popconfirm>
                    ) : null,
                },
              ]),
        ]}
      />
    </Card>
  );
}
