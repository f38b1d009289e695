import { CommentOutlined, LogoutOutlined, SwapOutlined, UserSwitchOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  type ButtonProps,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Radio,
  Row,
  Select,
  Skeleton,
  Space,
  Table,
  Tabs,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { type ReactNode, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { CadreView } from '../../../common/contracts/org.ts';
import { api, qs } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { errorText } from '../../components/errors.ts';
import {
  BackLink,
  Forbidden,
  Page,
  RecordLoading,
  refusedRecord,
  retryUnlessRefused,
} from '../../components/page.tsx';
import { RemoteSelect } from '../../components/remote-select.tsx';
import {
  appointmentKindLabel,
  birthText,
  CADRE_STATUS_LABELS,
  DAY,
  moduleLabel,
  scopeKindLabel,
  TEAM_PLACE_COLORS,
  TEAM_PLACE_OPTIONS,
  TIMELINE_MODULE_LABELS,
  unitLabel,
  useDict,
} from './org-options.ts';

type CadreDetail = CadreView & { resume: string | null };

/** GET /api/org/cadres/:id/responsibilities */
interface ResponsibilityView {
  unitId: string;
  unitName: string;
  divisionId: string;
  version: number;
  effectiveFrom: string;
  effectiveTo: string | null;
  docNo: string | null;
  duties: string | null;
  scopes: { kind: string; ref: string; lead: boolean; label: string }[];
}

/** GET /api/org/cadres/:id/appointments */
interface AppointmentView {
  id: string;
  kind: string;
  kindLabel: string;
  unitId: string | null;
  unitName: string | null;
  post: string | null;
  teamPlace: string | null;
  rankCode: string | null;
  startsOn: string;
  endsOn: string | null;
  docNo: string | null;
  note: string | null;
}

/** GET /api/org/cadres/:id/timeline */
interface TimelineEventView {
  id: string;
  occurredOn: string;
  module: string;
  kind: string;
  title: string;
}

export default function CadreDetailPage() {
  const { id = '' } = useParams();
  const { can } = useSession();
  const [action, setAction] = useState<null | 'transfer' | 'post' | 'retire'>(null);
  const q = useQuery({
    queryKey: ['org', 'cadre', id],
    queryFn: () => api.get<CadreDetail>(`/api/org/cadres/${id}`),
    retry: retryUnlessRefused,
  });

  if (!can('org.read')) return <Forbidden />;
  const refused = refusedRecord(q.error, {
    title: '干部不存在',
    text: '该干部档案不存在，或链接有误。',
    back: '/org/cadres',
    backLabel: '返回干部名册',
  });
  if (refused) return refused;
  const c = q.data;
  const manage = can('org.manage') && c?.status === 'active';

  return (
    <Page
      title="干部详情"
      subtitle={<BackLink to="/org/cadres">返回干部名册</BackLink>}
      extra={
        (manage || can('opinion.read')) && (
          <Space wrap>
            {can('opinion.read') && (
              <Link to={`/opinion/profiles/${id}`}>
                <Button icon={<CommentOutlined />} data-testid="opinion-profile-link">
                  口碑档案
                </Button>
              </Link>
            )}
            {manage && (
              <>
                <Button
                  type="primary"
                  icon={<SwapOutlined />}
                  onClick={() => setAction('transfer')}
                  data-testid="transfer-button"
                >
                  调动
                </Button>
                <Button
                  icon={<UserSwitchOutlined />}
                  onClick={() => setAction('post')}
                  data-testid="post-button"
                >
                  职务变动
                </Button>
                <Button
                  danger
                  icon={<LogoutOutlined />}
                  onClick={() => setAction('retire')}
                  data-testid="retire-button"
                >
                  退休/离任
                </Button>
              </>
            )}
          </Space>
        )
      }
    >
      {!c ? (
        <RecordLoading error={q.error} />
      ) : (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <CadreHeader c={c} />
          <Card styles={{ body: { paddingTop: 4 } }}>
            <Tabs
              items={[
                {
                  key: 'resp',
                  label: '职责范围',
                  children: <ResponsibilitiesTab id={c.id} />,
                },
                { key: 'appointments', label: '任免经历', children: <AppointmentsTab id={c.id} /> },
                ...(can('org.timeline.read')
                  ? [{ key: 'timeline', label: '时间轴', children: <TimelineTab id={c.id} /> }]
                  : []),
                {
                  key: 'resume',
                  label: '简历',
                  children: c.resume?.trim() ? (
                    <Typography.Paragraph
                      style={{ whiteSpace: 'pre-wrap', marginBottom: 0, lineHeight: 1.9 }}
                      data-testid="cadre-resume"
                    >
                      {c.resume}
                    </Typography.Paragraph>
                  ) : (
                    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无" />
                  ),
                },
              ]}
            />
          </Card>
        </Space>
      )}
      {c && manage && (
        <>
          <TransferModal c={c} open={action === 'transfer'} onClose={() => setAction(null)} />
          <ChangePostModal c={c} open={action === 'post'} onClose={() => setAction(null)} />
          <RetireModal c={c} open={action === 'retire'} onClose={() => setAction(null)} />
        </>
      )}
    </Page>
  );
}

const dash = (v: ReactNode) => (v === null || v === undefined || v === '' ? '—' : v);

function CadreHeader({ c }: { c: CadreDetail }) {
  return (
    <Card>
      <Space align="center" wrap style={{ marginBottom: 16 }}>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="cadre-name">
          {c.name}
        </Typography.Title>
        {c.teamPlace && <Tag color={TEAM_PLACE_COLORS[c.teamPlace]}>{c.teamPlace}</Tag>}
        {c.young && <Tag color="green">年轻干部</Tag>}
        {c.status !== 'active' && <Tag color="default">{CADRE_STATUS_LABELS[c.status] ?? c.status}</Tag>}
        {c.tags.map((t) => (
          <Tag key={t} color="purple">
            {t}
          </Tag>
        ))}
      </Space>
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, lg: 3, xxl: 4 }}
        items={[
          { key: 'sex', label: '性别', children: c.sex },
          { key: 'birth', label: '出生年月', children: `${birthText(c)}（${c.age} 岁）` },
          { key: 'ethnicity', label: '民族', children: dash(c.ethnicity) },
          {
            key: 'unit',
            label: '单位',
            children: c.unitId ? <Link to={`/org/units/${c.unitId}`}>{c.unitName}</Link> : '—',
          },
          { key: 'post', label: '职务', children: dash(c.post) },
          { key: 'teamPlace', label: '班子位置', children: dash(c.teamPlace) },
          { key: 'rank', label: '职级', children: dash(c.rankName) },
          { key: 'roleType', label: '角色类型', children: dash(c.roleTypeName) },
          { key: 'education', label: '学历', children: dash(c.education) },
          { key: 'code', label: '人员编号', children: c.code },
          {
            key: 'domains',
            label: '分管领域',
            children: c.domains.length ? (
              <Space size={[4, 4]} wrap>
                {c.domains.map((d) => (
                  <Tag key={d} color="blue">
                    {d}
                  </Tag>
                ))}
              </Space>
            ) : (
              '—'
            ),
          },
        ]}
      />
    </Card>
  );
}

/** [from, to) of a division version as people read it: from 至 the day before the next, or 至今. */
function versionRange(r: { effectiveFrom: string; effectiveTo: string | null }) {
  if (!r.effectiveTo) return `${r.effectiveFrom} 起至今`;
  return `${r.effectiveFrom} 至 ${dayjs(r.effectiveTo).subtract(1, 'day').format(DAY)}`;
}

function ResponsibilitiesTab({ id }: { id: string }) {
  const [date, setDate] = useState<Dayjs>(() => dayjs());
  const day = date.format(DAY);
  const q = useQuery({
    queryKey: ['org', 'cadre', id, 'responsibilities', day],
    queryFn: () =>
      api.get<{ date: string; responsibilities: ResponsibilityView[] }>(
        `/api/org/cadres/${id}/responsibilities${qs({ date: day })}`,
      ),
  });
  const list = q.data?.responsibilities ?? [];
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space wrap>
        <Typography.Text>查询日期</Typography.Text>
        <DatePicker
          value={date}
          allowClear={false}
          onChange={(d) => d && setDate(d)}
          data-testid="resp-date"
        />
        <Typography.Text type="secondary">按该日有效的班子分工，查看此人当时分管什么。</Typography.Text>
      </Space>
      {q.isError && <Alert type="error" showIcon title={errorText(q.error)} />}
      <div data-testid="resp-list">
        {q.isLoading ? (
          <Skeleton active />
        ) : list.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="该日无分工记录" />
        ) : (
          <Space orientation="vertical" size={12} style={{ width: '100%' }}>
            {list.map((r) => (
              <Card
                key={r.divisionId}
                size="small"
                data-testid="resp-item"
                title={<Link to={`/org/units/${r.unitId}`}>{r.unitName}</Link>}
                extra={<Tag color="geekblue">分工版本 第{r.version}版</Tag>}
              >
                <Descriptions
                  size="small"
                  column={{ xs: 1, md: 2 }}
                  items={[
                    { key: 'range', label: '生效', children: versionRange(r) },
                    { key: 'doc', label: '文号', children: dash(r.docNo) },
                    {
                      key: 'duties',
                      label: '分工内容',
                      span: 'filled',
                      children: r.duties ? <span style={{ whiteSpace: 'pre-wrap' }}>{r.duties}</span> : '—',
                    },
                    {
                      key: 'scopes',
                      label: '分管范围',
                      span: 'filled',
                      children: r.scopes.length ? (
                        <Space size={[4, 4]} wrap>
                          {r.scopes.map((s) => (
                            <Tag
                              key={`${s.kind}:${s.ref}`}
                              color={s.lead ? 'blue' : 'default'}
                              title={scopeKindLabel(s.kind)}
                            >
                              {s.kind === 'domain' ? '' : `${scopeKindLabel(s.kind)}：`}
                              {s.label}
                              {s.lead ? '' : '（协助）'}
                            </Tag>
                          ))}
                        </Space>
                      ) : (
                        '—'
                      ),
                    },
                  ]}
                />
              </Card>
            ))}
          </Space>
        )}
      </div>
    </Space>
  );
}

function AppointmentsTab({ id }: { id: string }) {
  const q = useQuery({
    queryKey: ['org', 'cadre', id, 'appointments'],
    queryFn: () => api.get<{ items: AppointmentView[] }>(`/api/org/cadres/${id}/appointments`),
  });
  return (
    <>
      {q.isError && <Alert type="error" showIcon title={errorText(q.error)} style={{ marginBottom: 12 }} />}
      <Table<AppointmentView>
        rowKey="id"
        size="small"
        loading={q.isLoading}
        dataSource={q.data?.items}
        pagination={false}
        scroll={{ x: 900 }}
        data-testid="appointments"
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无任免记录" /> }}
        columns={[
          {
            title: '起止日期',
            width: 200,
            render: (_, a) => (a.endsOn === a.startsOn ? a.startsOn : `${a.startsOn} 至 ${a.endsOn ?? '今'}`),
          },
          {
            title: '类型',
            dataIndex: 'kindLabel',
            width: 130,
            render: (v: string, a) => (
              <Tag color={a.endsOn ? 'default' : 'green'}>{v || appointmentKindLabel(a.kind)}</Tag>
            ),
          },
          { title: '单位', dataIndex: 'unitName', width: 180, render: (v: string | null) => dash(v) },
          { title: '职务', dataIndex: 'post', width: 150, render: (v: string | null) => dash(v) },
          { title: '班子位置', dataIndex: 'teamPlace', width: 80, render: (v: string | null) => dash(v) },
          { title: '文号', dataIndex: 'docNo', width: 150, render: (v: string | null) => dash(v) },
          { title: '备注', dataIndex: 'note', render: (v: string | null) => dash(v) },
        ]}
      />
    </>
  );
}

function TimelineTab({ id }: { id: string }) {
  const [module, setModule] = useState<string>('');
  const q = useQuery({
    queryKey: ['org', 'cadre', id, 'timeline'],
    queryFn: () => api.get<{ items: TimelineEventView[] }>(`/api/org/cadres/${id}/timeline`),
    retry: retryUnlessRefused,
  });
  const all = q.data?.items ?? [];
  // The modules offered: those known by name, and any other that has written to this timeline.
  const modules = useMemo(
    () => [...new Set([...Object.keys(TIMELINE_MODULE_LABELS), ...all.map((e) => e.module)])],
    [all],
  );
  const shown = (module ? all.filter((e) => e.module === module) : all)
    .slice()
    .sort((a, b) => (a.occurredOn < b.occurredOn ? 1 : a.occurredOn > b.occurredOn ? -1 : 0));
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space>
        <Typography.Text>模块</Typography.Text>
        <Select
          value={module}
          onChange={setModule}
          style={{ width: 160 }}
          options={[
            { value: '', label: '全部' },
            ...modules.map((m) => ({ value: m, label: moduleLabel(m) })),
          ]}
          data-testid="timeline-module"
        />
      </Space>
      {q.isError && <Alert type="error" showIcon title={errorText(q.error)} />}
      <div data-testid="timeline">
        {q.isLoading ? (
          <Skeleton active />
        ) : shown.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无记录" />
        ) : (
          <Timeline
            mode="start"
            titleSpan="120px"
            items={shown.map((e) => ({
              key: e.id,
              title: <Typography.Text type="secondary">{e.occurredOn}</Typography.Text>,
              content: (
                <Space size={8} wrap>
                  <span>{e.title}</span>
                  <Tag style={{ marginInlineEnd: 0 }}>{moduleLabel(e.module)}</Tag>
                </Space>
              ),
            }))}
          />
        )}
      </div>
    </Space>
  );
}

/** A form in a modal that posts to the API, shows the server's message, and refreshes the page. */
function ActionModal<V extends object>(props: {
  open: boolean;
  onClose(): void;
  title: string;
  okText: string;
  danger?: boolean;
  url: string;
  initialValues: Partial<V>;
  toBody(v: V): object;
  success: string;
  intro?: ReactNode;
  children: ReactNode;
}) {
  const [form] = Form.useForm<V>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const qc = useQueryClient();
  const { message } = App.useApp();
  return (
    <Modal
      title={props.title}
      open={props.open}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={props.okText}
      okButtonProps={{ danger: props.danger, 'data-testid': 'action-submit' } as ButtonProps}
      confirmLoading={busy}
      width={640}
      destroyOnHidden
      afterClose={() => setError(null)}
    >
      {props.intro}
      {error && (
        <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="action-error" />
      )}
      <Form<V>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={props.initialValues as never}
        onFinish={async (v) => {
          setBusy(true);
          try {
            await api.post(props.url, props.toBody(v));
            setError(null);
            message.success(props.success);
            props.onClose();
            await qc.invalidateQueries({ queryKey: ['org'] });
          } catch (e) {
            setError(errorText(e));
          } finally {
            setBusy(false);
          }
        }}
      >
        {props.children}
      </Form>
    </Modal>
  );
}

const blank = (s?: string | null) => s?.trim() || null;

interface TransferValues {
  unitId: string;
  post: string;
  teamPlace: string;
  rankCode?: string;
  roleTypeCode?: string;
  date: Dayjs;
  docNo?: string;
  note?: string;
}

function TransferModal({ c, open, onClose }: { c: CadreDetail; open: boolean; onClose(): void }) {
  const ranks = useDict('rank');
  const roleTypes = useDict('role_type');
  return (
    <ActionModal<TransferValues>
      open={open}
      onClose={onClose}
      title={`调动：${c.name}`}
      okText="确认调动"
      url={`/api/org/cadres/${c.id}/transfer`}
      success={`${c.name} 已调动`}
      initialValues={{
        teamPlace: c.teamPlace ?? undefined,
        rankCode: c.rankCode ?? undefined,
        roleTypeCode: c.roleTypeCode ?? undefined,
        date: dayjs(),
      }}
      toBody={(v) => ({
        unitId: v.unitId,
        post: v.post.trim(),
        teamPlace: v.teamPlace,
        rankCode: v.rankCode ?? null,
        roleTypeCode: v.roleTypeCode ?? null,
        date: v.date.format(DAY),
        docNo: blank(v.docNo),
        note: blank(v.note),
      })}
      intro={
        <Typography.Paragraph type="secondary">
          现任 {c.unitName ?? '—'} {c.post ?? ''}。调动后原任职于调动日前一天结束，并从原单位班子分工中移出；
          {''}
          在调入单位的分工记为“分工待定”，请调入单位补充分工。
        </Typography.Paragraph>
      }
    >
      <Row gutter={16}>
        <Col span={14}>
          <Form.Item name="unitId" label="调入单位" rules={[{ required: true, message: '请选择调入单位' }]}>
            <RemoteSelect url="/api/org/units" label={unitLabel} data-testid="transfer-unit" />
          </Form.Item>
        </Col>
        <Col span={10}>
          <Form.Item
            name="post"
            label="职务"
            rules={[{ required: true, whitespace: true, message: '请填写职务' }]}
          >
            <Input placeholder="如 副局长" data-testid="transfer-post" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item
            name="teamPlace"
            label="班子位置"
            rules={[{ required: true, message: '请选择班子位置' }]}
          >
            <Select options={TEAM_PLACE_OPTIONS} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="rankCode" label="职级">
            <Select allowClear options={ranks} placeholder="不变" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="roleTypeCode" label="角色类型">
            <Select allowClear options={roleTypes} placeholder="不变" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="date" label="调动日期" rules={[{ required: true, message: '请选择调动日期' }]}>
            <DatePicker style={{ width: '100%' }} data-testid="transfer-date" />
          </Form.Item>
        </Col>
        <Col span={16}>
          <Form.Item name="docNo" label="文号" rules={[{ max: 60 }]}>
            <Input placeholder="选填" />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name="note" label="备注" rules={[{ max: 500 }]}>
            <Input.TextArea rows={2} placeholder="选填" />
          </Form.Item>
        </Col>
      </Row>
    </ActionModal>
  );
}

interface PostValues {
  kind: 'appoint' | 'promote' | 'demote';
  post: string;
  teamPlace: string;
  rankCode?: string;
  date: Dayjs;
  docNo?: string;
}

function ChangePostModal({ c, open, onClose }: { c: CadreDetail; open: boolean; onClose(): void }) {
  const ranks = useDict('rank');
  return (
    <ActionModal<PostValues>
      open={open}
      onClose={onClose}
      title={`职务变动：${c.name}`}
      okText="确认变动"
      url={`/api/org/cadres/${c.id}/post`}
      success={`${c.name} 的职务已变动`}
      initialValues={{
        kind: 'appoint',
        post: c.post ?? undefined,
        teamPlace: c.teamPlace ?? undefined,
        rankCode: c.rankCode ?? undefined,
        date: dayjs(),
      }}
      toBody={(v) => ({
        kind: v.kind,
        post: v.post.trim(),
        teamPlace: v.teamPlace,
        rankCode: v.rankCode ?? null,
        date: v.date.format(DAY),
        docNo: blank(v.docNo),
      })}
      intro={
        <Typography.Paragraph type="secondary">
          在 {c.unitName ?? '本单位'} 内变动职务；调往其他单位请用“调动”。
        </Typography.Paragraph>
      }
    >
      <Row gutter={16}>
        <Col span={24}>
          <Form.Item name="kind" label="类型" rules={[{ required: true }]}>
            <Radio.Group
              optionType="button"
              options={[
                { value: 'appoint', label: '任职' },
                { value: 'promote', label: '晋升' },
                { value: 'demote', label: '降职' },
              ]}
            />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item
            name="post"
            label="职务"
            rules={[{ required: true, whitespace: true, message: '请填写职务' }]}
          >
            <Input />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item
            name="teamPlace"
            label="班子位置"
            rules={[{ required: true, message: '请选择班子位置' }]}
          >
            <Select options={TEAM_PLACE_OPTIONS} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="rankCode" label="职级">
            <Select allowClear options={ranks} placeholder="不变" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="date" label="日期" rules={[{ required: true, message: '请选择日期' }]}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name="docNo" label="文号" rules={[{ max: 60 }]}>
            <Input placeholder="选填" />
          </Form.Item>
        </Col>
      </Row>
    </ActionModal>
  );
}

interface RetireValues {
  kind: 'retire' | 'leave';
  date: Dayjs;
  docNo?: string;
}

function RetireModal({ c, open, onClose }: { c: CadreDetail; open: boolean; onClose(): void }) {
  return (
    <ActionModal<RetireValues>
      open={open}
      onClose={onClose}
      title={`退休/离任：${c.name}`}
      okText="确认办理"
      danger
      url={`/api/org/cadres/${c.id}/retire`}
      success={`已办理 ${c.name} 的退休/离任`}
      initialValues={{ kind: 'retire', date: dayjs() }}
      toBody={(v) => ({ kind: v.kind, date: v.date.format(DAY), docNo: blank(v.docNo) })}
      intro={
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={`确定为 ${c.name}（${c.unitName ?? ''} ${c.post ?? ''}）办理退休或离任？`}
          description="办理后现任职务在前一天结束，并从本单位班子分工中移出；以往的任免、分工和考核记录全部保留。此操作不能撤销，名册默认不再显示此人（可按“已退休/已离任”筛选查看）。"
        />
      }
    >
      <Row gutter={16}>
        <Col span={24}>
          <Form.Item name="kind" label="类型" rules={[{ required: true }]}>
            <Radio.Group
              optionType="button"
              options={[
                { value: 'retire', label: '退休' },
                { value: 'leave', label: '离任' },
              ]}
            />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="date" label="日期" rules={[{ required: true, message: '请选择日期' }]}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="docNo" label="文号" rules={[{ max: 60 }]}>
            <Input placeholder="选填" />
          </Form.Item>
        </Col>
      </Row>
    </ActionModal>
  );
}
