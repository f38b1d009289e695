import {
  Alert,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Drawer,
  Empty,
  Form,
  Input,
  Row,
  Select,
  Skeleton,
  Space,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import type { WireOf } from '../../../../common/api.ts';
import { orgApi, type ScopeKind } from '../../../../common/contracts/org.ts';
import { call } from '../../../api/client.ts';
import { errorText } from '../../../components/errors.ts';
import {
  type CadreItem,
  DAY,
  type Option,
  TEAM_PLACE_COLORS,
  type UnitItem,
  useDict,
  useRegions,
} from '../org-options.ts';
import type { DivisionVersion } from './division-tab.tsx';
import { useDivision } from './division-view.tsx';
import { ScopeTags } from './scope-tags.tsx';

interface MemberValues {
  skip?: boolean;
  duties?: string;
  lead?: string[];
  assist?: string[];
  regions?: string[];
}
interface EditorValues {
  effectiveFrom: Dayjs;
  docNo?: string;
  reason?: string;
  members: Record<string, MemberValues>;
}

type Recorded = WireOf<typeof orgApi.createDivision>;
type ScopeInput = { kind: ScopeKind; ref: string; lead: boolean };

/**
 * A new version of a unit's division of labour, filled in from the version in force: duties and
 * domains per member, regions for a town or street; other scopes are carried over unchanged.
 */
export function DivisionEditor(props: {
  unit: UnitItem;
  cadres: CadreItem[];
  base: DivisionVersion | null;
  /** The version goes to the organization department for review (the server says so). */
  sentForReview: boolean;
  onClose(): void;
  onCreated(d: Recorded): void;
}) {
  const [form] = Form.useForm<EditorValues>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const domains = useDict('domain');
  const regions = useRegions();
  const base = useDivision(props.base?.id);
  const watched = Form.useWatch('members', form) as Record<string, MemberValues> | undefined;
  const territorial = props.unit.kind === 'town' || props.unit.kind === 'street';
  const ready = !props.base || !!base.data;

  const baseMembers = useMemo(
    () => new Map((base.data?.members ?? []).map((m) => [m.cadreId, m])),
    [base.data],
  );
  // Scopes the editor does not edit (indicators, tasks; regions outside towns) are carried over.
  const kept = (cadreId: string): ScopeInput[] =>
    (baseMembers.get(cadreId)?.scopes ?? [])
      .filter((s) => !(s.kind === 'domain' || (territorial && s.kind === 'region')))
      .map((s) => ({ kind: s.kind, ref: s.ref, lead: s.lead }));

  // Options, with any inactive items of the previous version kept so they show by name.
  const domainOptions = useMemo(() => {
    const opts: Option[] = [...domains];
    for (const m of baseMembers.values())
      for (const s of m.scopes)
        if (s.kind === 'domain' && !opts.some((o) => o.value === s.ref))
          opts.push({ value: s.ref, label: `${s.label}（已停用）` });
    return opts;
  }, [domains, baseMembers]);
  const regionOptions = (regions.data ?? []).map((r) => ({ value: r.id, label: r.name }));

  const initialValues = useMemo<EditorValues>(() => {
    const members: Record<string, MemberValues> = {};
    for (const c of props.cadres) {
      const m = baseMembers.get(c.id);
      members[c.id] = {
        skip: false,
        duties: m?.duties ?? '',
        lead: m?.scopes.filter((s) => s.kind === 'domain' && s.lead).map((s) => s.ref) ?? [],
        assist: m?.scopes.filter((s) => s.kind === 'domain' && !s.lead).map((s) => s.ref) ?? [],
        regions: territorial ? (m?.scopes.filter((s) => s.kind === 'region').map((s) => s.ref) ?? []) : [],
      };
    }
    return { effectiveFrom: dayjs(), docNo: '', reason: '', members };
  }, [props.cadres, baseMembers, territorial]);

  const submit = async (v: EditorValues) => {
    const members = props.cadres
      .filter((c) => !v.members?.[c.id]?.skip)
      .map((c) => {
        const m = v.members?.[c.id] ?? {};
        const lead = m.lead ?? [];
        const assist = (m.assist ?? []).filter((x) => !lead.includes(x));
        return {
          cadreId: c.id,
          duties: m.duties?.trim() || null,
          scopes: [
            ...lead.map((ref) => ({ kind: 'domain' as const, ref, lead: true })),
            ...assist.map((ref) => ({ kind: 'domain' as const, ref, lead: false })),
            ...(territorial
              ? (m.regions ?? []).map((ref) => ({ kind: 'region' as const, ref, lead: true }))
              : []),
            ...kept(c.id),
          ],
        };
      });
    if (!members.length) {
      setError('请至少列入一名干部');
      return;
    }
    setBusy(true);
    try {
      const d = await call(orgApi.createDivision, {
        params: { id: props.unit.id },
        body: {
          effectiveFrom: v.effectiveFrom.format(DAY),
          docNo: v.docNo?.trim() || null,
          reason: v.reason?.trim() || null,
          members,
        },
      });
      setError(null);
      props.onCreated(d);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer
      open
      size={880}
      title={`新增分工版本 · ${props.unit.name}`}
      onClose={props.onClose}
      destroyOnHidden
      footer={
        <div>
          {error && (
            <Alert
              type="error"
              showIcon
              title={error}
              style={{ marginBottom: 12 }}
              data-testid="division-error"
            />
          )}
          <div style={{ display: 'flex', justifyContent: 'flex-end', gap: 8 }}>
            <Button onClick={props.onClose}>取消</Button>
            <Button
              type="primary"
              loading={busy}
              disabled={!ready || props.cadres.length === 0}
              onClick={() => form.submit()}
              data-testid="division-submit"
            >
              提交新版本
            </Button>
          </div>
        </div>
      }
    >
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title="分工调整会生成新版本，历史版本保留不变"
        description={
          <>
            {props.base
              ? `已按现行的第${props.base.version}版分工预先填写，请按调整后的分工修改。`
              : '本单位尚未记录分工，请逐人填写。'}
            生效日期所在的考核期已关闭时不能提交。
            {props.sentForReview && '提交后，组织部将收到查阅提醒。'}
          </>
        }
      />
      {!ready ? (
        <Skeleton active />
      ) : (
        <Form<EditorValues>
          form={form}
          layout="vertical"
          initialValues={initialValues}
          onFinish={submit}
          onValuesChange={() => error && setError(null)}
        >
          <Row gutter={16}>
            <Col xs={24} sm={8}>
              <Form.Item
                name="effectiveFrom"
                label="生效日期"
                rules={[{ required: true, message: '请选择生效日期' }]}
              >
                <DatePicker style={{ width: '100%' }} allowClear={false} data-testid="division-date" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={16}>
              <Form.Item name="docNo" label="文号" rules={[{ max: 60, message: '文号不能超过 60 个字' }]}>
                <Input placeholder="如：投促〔2026〕12号（选填）" data-testid="division-docno" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="reason" label="调整原因" rules={[{ max: 500, message: '不能超过 500 个字' }]}>
            <Input.TextArea
              autoSize={{ minRows: 1, maxRows: 4 }}
              placeholder="如：班子成员调整（选填）"
              data-testid="division-reason"
            />
          </Form.Item>
          <Typography.Title level={5} style={{ marginTop: 4 }}>
            班子成员分工（{props.cadres.length} 人）
          </Typography.Title>
          {props.cadres.length === 0 && (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="本单位暂无在职领导干部" />
          )}
          <Space orientation="vertical" size={12} style={{ width: '100%' }}>
            {props.cadres.map((c) => {
              const skip = !!watched?.[c.id]?.skip;
              const lead = watched?.[c.id]?.lead ?? [];
              const carried = kept(c.id);
              return (
                <Card
                  key={c.id}
                  size="small"
                  data-testid={`division-member-${c.id}`}
                  style={skip ? { background: '#fafafa' } : undefined}
                  title={
                    <Space size={8} wrap>
                      <Typography.Text strong delete={skip}>
                        {c.name}
                      </Typography.Text>
                      <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
                        {c.post}
                      </Typography.Text>
                      {c.teamPlace && <Tag color={TEAM_PLACE_COLORS[c.teamPlace]}>{c.teamPlace}</Tag>}
                      {props.base && !baseMembers.has(c.id) && <Tag color="gold">上版未列入</Tag>}
                    </Space>
                  }
                  extra={
                    <Form.Item name={['members', c.id, 'skip']} valuePropName="checked" noStyle>
                      <Checkbox>本版不列入</Checkbox>
                    </Form.Item>
                  }
                >
                  {skip ? (
                    <Typography.Text type="secondary">本版分工不列入此人。</Typography.Text>
                  ) : (
                    <>
                      <Form.Item
                        name={['members', c.id, 'duties']}
                        label="分工内容"
                        rules={[{ max: 1000, message: '不能超过 1000 个字' }]}
                        style={{ marginBottom: 8 }}
                      >
                        <Input.TextArea
                          autoSize={{ minRows: 1, maxRows: 5 }}
                          placeholder="如：分管招商引资工作"
                        />
                      </Form.Item>
                      <Row gutter={12}>
                        <Col xs={24} md={territorial ? 8 : 12}>
                          <Form.Item
                            name={['members', c.id, 'lead']}
                            label="负责领域"
                            style={{ marginBottom: 0 }}
                          >
                            <Select
                              mode="multiple"
                              allowClear
                              placeholder="选择领域"
                              options={domainOptions}
                              optionFilterProp="label"
                            />
                          </Form.Item>
                        </Col>
                        <Col xs={24} md={territorial ? 8 : 12}>
                          <Form.Item
                            name={['members', c.id, 'assist']}
                            label="协助领域"
                            style={{ marginBottom: 0 }}
                          >
                            <Select
                              mode="multiple"
                              allowClear
                              placeholder="选择领域"
                              options={domainOptions.map((o) => ({ ...o, disabled: lead.includes(o.value) }))}
                              optionFilterProp="label"
                            />
                          </Form.Item>
                        </Col>
                        {territorial && (
                          <Col xs={24} md={8}>
                            <Form.Item
                              name={['members', c.id, 'regions']}
                              label="负责区域"
                              style={{ marginBottom: 0 }}
                            >
                              <Select
                                mode="multiple"
                                allowClear
                                placeholder="选择区域"
                                options={regionOptions}
                                optionFilterProp="label"
                                loading={regions.isLoading}
                              />
                            </Form.Item>
                          </Col>
                        )}
                      </Row>
                      {carried.length > 0 && (
                        <div style={{ marginTop: 8 }}>
                          <Typography.Text type="secondary" style={{ marginRight: 8 }}>
                            沿用上版的其他职责：
                          </Typography.Text>
                          <ScopeTags
                            scopes={(baseMembers.get(c.id)?.scopes ?? []).filter((s) =>
                              carried.some((k) => k.kind === s.kind && k.ref === s.ref),
                            )}
                          />
                        </div>
                      )}
                    </>
                  )}
                </Card>
              );
            })}
          </Space>
        </Form>
      )}
    </Drawer>
  );
}
