import { EditOutlined, PlusOutlined, RollbackOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { WireOf } from '../../../common/api.ts';
import { opinionApi } from '../../../common/contracts/opinion.ts';
import { orgApi } from '../../../common/contracts/org.ts';
import { call } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { errorText } from '../../components/errors.ts';
import { fmtTime } from '../../components/format.ts';
import { Page } from '../../components/page.tsx';
import { RemoteSelect } from '../../components/remote-select.tsx';
import { DAY } from '../org/org-options.ts';

export type LeaderOption = WireOf<typeof opinionApi.leaders>['items'][number];
type VisitRow = WireOf<typeof opinionApi.visits>['items'][number];

export function useLeaders() {
  return useQuery({
    queryKey: ['opinion', 'leaders'],
    queryFn: () => call(opinionApi.leaders),
    staleTime: 60_000,
    select: (d) => d.items,
  });
}

const FILTER_KEYS = ['leaderCadreId', 'unitId', 'year', 'q'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];

/** The filters kept in the address bar (the field-time page links here with a leader and year). */
function useVisitFilters() {
  const [params, setParams] = useSearchParams();
  const filters: Partial<Record<FilterKey, string>> = {};
  for (const k of FILTER_KEYS) {
    const v = params.get(k)?.trim();
    if (v) filters[k] = v;
  }
  if (filters.year && !/^\d{4}$/.test(filters.year)) delete filters.year;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const pageSize = Math.min(200, Math.max(1, Number(params.get('pageSize')) || 20));
  const update = (patch: Partial<Record<FilterKey | 'page' | 'pageSize', string | number | undefined>>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === '' || v === null) next.delete(k);
      else next.set(k, String(v));
    }
    if (!('page' in patch)) next.delete('page');
    if (next.get('page') === '1') next.delete('page');
    if (next.get('pageSize') === '20') next.delete('pageSize');
    setParams(next);
  };
  const active = FILTER_KEYS.some((k) => filters[k]);
  return { filters, page, pageSize, update, active, clear: () => setParams(new URLSearchParams()) };
}

export default function VisitsPage() {
  const { can } = useSession();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const { filters, page, pageSize, update, active, clear } = useVisitFilters();
  const leaders = useLeaders();
  const [editing, setEditing] = useState<VisitRow | 'new' | null>(null);
  const [withdrawing, setWithdrawing] = useState<VisitRow | null>(null);
  const list = useQuery({
    queryKey: ['opinion', 'visits', filters, page, pageSize],
    queryFn: () => call(opinionApi.visits, { query: { ...filters, page, pageSize } }),
    placeholderData: keepPreviousData,
  });
  const refresh = () => {
    qc.invalidateQueries({ queryKey: ['opinion', 'visits'] });
    qc.invalidateQueries({ queryKey: ['opinion', 'field-time'] });
  };
  const canWrite = can('opinion.visits.write');
  const anyActions = (list.data?.items ?? []).some((r) => r.can.edit || r.can.withdraw);
  const leader = leaders.data?.find((l) => l.leaderCadreId === filters.leaderCadreId);
  const thisYear = dayjs().year();
  const years = Array.from({ length: 6 }, (_, i) => thisYear - i);

  return (
    <Page
      title="包联走访"
      subtitle={
        <>
          组织部领导到包联编组单位走访的记录。撤销的记录保留原因，不计入一线时间。
          <Link to={`/opinion/field-time${filters.year ? `?year=${filters.year}` : ''}`}>查看一线时间</Link>
        </>
      }
      permission="opinion.visits.read"
      extra={
        canWrite && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing('new')}
            data-testid="visit-create"
          >
            登记走访
          </Button>
        )
      }
    >
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="包联领导"
            style={{ width: 220 }}
            loading={leaders.isLoading}
            value={filters.leaderCadreId}
            options={(leaders.data ?? []).map((l) => ({
              value: l.leaderCadreId,
              label: `${l.leaderName}（${l.groupName}）`,
            }))}
            onChange={(leaderCadreId) => update({ leaderCadreId, unitId: undefined })}
            data-testid="visits-leader"
          />
          <RemoteSelect
            list={orgApi.listUnits}
            one={orgApi.getUnit}
            label={(u) => u.name}
            placeholder="走访单位"
            style={{ width: 220 }}
            params={leader ? { liaisonGroupId: leader.groupId } : undefined}
            value={filters.unitId}
            onChange={(unitId) => update({ unitId })}
            data-testid="visits-unit"
          />
          <Select
            allowClear
            placeholder="全部年份"
            style={{ width: 120 }}
            value={filters.year ? Number(filters.year) : undefined}
            options={years.map((y) => ({ value: y, label: `${y}年` }))}
            onChange={(year) => update({ year })}
            data-testid="visits-year"
          />
          <Input.Search
            key={filters.q ?? ''}
            defaultValue={filters.q}
            placeholder="见了谁、了解到的情况"
            allowClear
            maxLength={30}
            onSearch={(q) => update({ q: q.trim() || undefined })}
            style={{ width: 240 }}
            data-testid="visits-search"
          />
          {active && (
            <Button type="link" onClick={clear}>
              清除筛选
            </Button>
          )}
        </Space>
        {list.isError && (
          <Alert type="error" showIcon title={errorText(list.error)} style={{ marginBottom: 16 }} />
        )}
        <Table<VisitRow>
          rowKey="id"
          size="middle"
          scroll={{ x: 1040 }}
          loading={list.isFetching}
          dataSource={list.data?.items}
          data-testid="visits-table"
          onRow={(v) => ({ style: v.withdrawnAt ? { color: 'rgba(0,0,0,.45)' } : undefined })}
          locale={{
            emptyText: (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={active ? '没有符合条件的走访记录' : '尚无走访记录'}
              />
            ),
          }}
          pagination={{
            current: page,
            pageSize,
            total: list.data?.total,
            showSizeChanger: true,
            showTotal: (t) => `共 ${t} 条`,
            onChange: (p, s) => update({ page: s !== pageSize ? 1 : p, pageSize: s }),
          }}
          columns={[
            { title: '走访日期', dataIndex: 'visitDate', width: 100 },
            {
              title: '包联领导',
              dataIndex: 'leaderName',
              width: 80,
              render: (v: string, r) => <Link to={`/org/cadres/${r.leaderCadreId}`}>{v}</Link>,
            },
            { title: '走访单位', dataIndex: 'unitName', width: 140 },
            {
              title: '时长',
              dataIndex: 'hours',
              width: 76,
              align: 'right',
              render: (v: number, r) => (
                <span style={r.withdrawnAt ? { textDecoration: 'line-through' } : undefined}>{v} 小时</span>
              ),
            },
            {
              title: '走访情况',
              key: 'content',
              render: (_: unknown, r) => (
                <div style={{ minWidth: 260 }}>
                  <div style={{ marginBottom: 2 }}>
                    <Typography.Text type="secondary">见了：</Typography.Text>
                    {r.met}
                  </div>
                  <Typography.Paragraph
                    style={{ margin: 0, whiteSpace: 'pre-wrap', color: 'inherit' }}
                    ellipsis={{
                      rows: 2,
                      expandable: 'collapsible',
                      symbol: (open) => (open ? '收起' : '展开'),
                    }}
                  >
                    <Typography.Text type="secondary">了解到：</Typography.Text>
                    {r.learned}
                  </Typography.Paragraph>
                </div>
              ),
            },
            {
              title: '关联干部',
              dataIndex: 'cadres',
              width: 130,
              render: (v: VisitRow['cadres']) =>
                v.length ? (
                  <Space size={[4, 4]} wrap>
                    {v.map((c) => (
                      <Link key={c.id} to={`/org/cadres/${c.id}`}>
                        <Tag style={{ marginInlineEnd: 0, cursor: 'pointer' }}>{c.name || '—'}</Tag>
                      </Link>
                    ))}
                  </Space>
                ) : (
                  <Typography.Text type="secondary">—</Typography.Text>
                ),
            },
            {
              title: '状态',
              dataIndex: 'withdrawnAt',
              width: 110,
              render: (v: string | null, r) =>
                v ? (
                  <Space orientation="vertical" size={2} data-testid="visit-withdrawn">
                    <Tooltip title={`撤销于 ${fmtTime(v)}`}>
                      <Tag color="default" style={{ marginInlineEnd: 0 }}>
                        已撤销
                      </Tag>
                    </Tooltip>
                    <Typography.Text style={{ fontSize: 12, color: 'inherit' }}>
                      原因：{r.withdrawReason}
                    </Typography.Text>
                  </Space>
                ) : (
                  <Tag color="success" style={{ marginInlineEnd: 0 }}>
                    有效
                  </Tag>
                ),
            },
            ...(anyActions
              ? [
                  {
                    title: '操作',
                    key: 'actions',
                    width: 90,
                    fixed: 'right' as const,
                    render: (_: unknown, r: VisitRow) => (
                      <Space orientation="vertical" size={0} align="start">
                        {r.can.edit && (
                          <Button
                            type="link"
                            size="small"
                            icon={<EditOutlined />}
                            onClick={() => setEditing(r)}
                            data-testid="visit-edit"
                          >
                            修改
                          </Button>
                        )}
                        {r.can.withdraw && (
                          <Button
                            type="link"
                            size="small"
                            danger
                            icon={<RollbackOutlined />}
                            onClick={() => setWithdrawing(r)}
                            data-testid="visit-withdraw"
                          >
                            撤销
                          </Button>
                        )}
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <VisitModal
        visit={editing}
        leaders={leaders.data ?? []}
        defaultLeader={filters.leaderCadreId}
        onClose={() => setEditing(null)}
        onDone={(created) => {
          message.success(created ? '走访已登记' : '走访记录已修改');
          setEditing(null);
          refresh();
        }}
      />
      <WithdrawModal
        visit={withdrawing}
        onClose={() => setWithdrawing(null)}
        onDone={() => {
          message.success('走访记录已撤销，不再计入一线时间');
          setWithdrawing(null);
          refresh();
        }}
      />
    </Page>
  );
}

interface VisitForm {
  leaderCadreId?: string;
  visitDate?: Dayjs;
  unitId?: string;
  hours?: number | null;
  met?: string;
  learned?: string;
  cadreIds?: string[];
}

function VisitModal(props: {
  visit: VisitRow | 'new' | null;
  leaders: LeaderOption[];
  defaultLeader?: string;
  onClose(): void;
  onDone(created: boolean): void;
}) {
  const editing = props.visit && props.visit !== 'new' ? props.visit : null;
  return (
    <Modal
      title={editing ? '修改走访记录' : '登记走访'}
      open={!!props.visit}
      onCancel={props.onClose}
      footer={null}
      width={640}
      destroyOnHidden
      mask={{ closable: false }}
    >
      {props.visit && (
        <VisitFormBody
          visit={editing}
          leaders={props.leaders}
          defaultLeader={props.defaultLeader}
          onClose={props.onClose}
          onDone={props.onDone}
        />
      )}
    </Modal>
  );
}

function VisitFormBody(props: {
  visit: VisitRow | null;
  leaders: LeaderOption[];
  defaultLeader?: string;
  onClose(): void;
  onDone(created: boolean): void;
}) {
  const [form] = Form.useForm<VisitForm>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const v = props.visit;
  const leaderId = Form.useWatch('leaderCadreId', form);
  const unitId = Form.useWatch('unitId', form);
  const leader = props.leaders.find((l) => l.leaderCadreId === leaderId);
  const units = useQuery({
    queryKey: ['org', 'units', 'liaison', leader?.groupId],
    enabled: !!leader,
    queryFn: () => call(orgApi.listUnits, { query: { liaisonGroupId: leader!.groupId, pageSize: 200 } }),
    select: (d) => d.items,
    staleTime: 60_000,
  });
  const cadres = useQuery({
    queryKey: ['org', 'cadres', 'of-unit', unitId],
    enabled: !!unitId,
    queryFn: () => call(orgApi.listCadres, { query: { unitId, pageSize: 200 } }),
    select: (d) => d.items,
    staleTime: 60_000,
  });
  // Linked cadres already on the record keep their names even if they have since left the unit.
  const cadreOptions = [
    ...(cadres.data ?? []).map((c) => ({
      value: c.id,
      label: c.post ? `${c.name}（${c.post}）` : c.name,
    })),
    ...(v?.cadres ?? [])
      .filter((c) => !(cadres.data ?? []).some((x) => x.id === c.id))
      .map((c) => ({ value: c.id, label: c.name })),
  ];
  const initialLeader =
    v?.leaderCadreId ??
    (props.defaultLeader && props.leaders.some((l) => l.leaderCadreId === props.defaultLeader)
      ? props.defaultLeader
      : props.leaders.length === 1
        ? props.leaders[0]!.leaderCadreId
        : undefined);

  const save = async (f: VisitForm) => {
    setBusy(true);
    setError(null);
    // The form's rules ask for every field but the linked cadres.
    const body = {
      leaderCadreId: f.leaderCadreId ?? '',
      visitDate: f.visitDate!.format(DAY),
      unitId: f.unitId ?? '',
      hours: f.hours ?? 0,
      met: f.met?.trim() ?? '',
      learned: f.learned?.trim() ?? '',
      cadreIds: f.cadreIds ?? [],
    };
    try {
      if (v) await call(opinionApi.updateVisit, { params: { id: v.id }, body });
      else await call(opinionApi.createVisit, { body });
      props.onDone(!v);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form<VisitForm>
      form={form}
      layout="vertical"
      onFinish={save}
      initialValues={{
        leaderCadreId: initialLeader,
        visitDate: v ? dayjs(v.visitDate) : dayjs(),
        unitId: v?.unitId,
        hours: v?.hours ?? null,
        met: v?.met ?? '',
        learned: v?.learned ?? '',
        cadreIds: v?.cadreIds ?? [],
      }}
      onValuesChange={(changed: Partial<VisitForm>) => {
        if ('leaderCadreId' in changed) form.setFieldsValue({ unitId: undefined, cadreIds: [] });
        if ('unitId' in changed) form.setFieldsValue({ cadreIds: [] });
      }}
    >
      {error && (
        <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="visit-error" />
      )}
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item
            name="leaderCadreId"
            label="包联领导"
            rules={[{ required: true, message: '请选择包联领导' }]}
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              placeholder="选择包联领导"
              options={props.leaders.map((l) => ({
                value: l.leaderCadreId,
                label: `${l.leaderName}（${l.groupName}）`,
              }))}
              data-testid="visit-leader"
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item
            name="visitDate"
            label="走访日期"
            rules={[{ required: true, message: '请选择走访日期' }]}
          >
            <DatePicker
              style={{ width: '100%' }}
              allowClear={false}
              disabledDate={(d) => d.isAfter(dayjs(), 'day')}
              data-testid="visit-date"
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={16}>
          <Form.Item
            name="unitId"
            label="走访单位"
            extra={leader ? `${leader.groupName}的单位` : '先选择包联领导，单位限于其包联编组'}
            rules={[{ required: true, message: '请选择走访单位' }]}
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={leader ? '选择单位' : '请先选择包联领导'}
              disabled={!leader}
              loading={units.isLoading && !!leader}
              options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
              notFoundContent={units.isLoading ? '加载中…' : '该编组没有单位'}
              data-testid="visit-unit"
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item
            name="hours"
            label="时长"
            tooltip="以半小时计，计入一线时间"
            rules={[
              { required: true, message: '请填写时长' },
              {
                validator: (_, h: number | null) =>
                  h === null || h === undefined || (h > 0 && h <= 24 && Number.isInteger(h * 2))
                    ? Promise.resolve()
                    : Promise.reject(new Error('以半小时计，0.5–24 小时')),
              },
            ]}
          >
            <InputNumber
              min={0.5}
              max={24}
              step={0.5}
              precision={1}
              suffix="小时"
              style={{ width: '100%' }}
              data-testid="visit-hours"
            />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        name="met"
        label="见了谁"
        rules={[
          { required: true, whitespace: true, message: '请填写见了谁' },
          { max: 200, message: '不能超过 200 个字' },
        ]}
      >
        <Input
          maxLength={200}
          placeholder="如：村党支部书记、驻村工作队、群众代表 6 人"
          data-testid="visit-met"
        />
      </Form.Item>
      <Form.Item
        name="learned"
        label="了解到的情况"
        rules={[
          { required: true, whitespace: true, message: '请填写了解到的情况' },
          { max: 2000, message: '不能超过 2000 个字' },
        ]}
      >
        <Input.TextArea
          autoSize={{ minRows: 4, maxRows: 10 }}
          maxLength={2000}
          showCount
          placeholder="群众反映、干部表现、发现的问题等"
          data-testid="visit-learned"
        />
      </Form.Item>
      <Form.Item
        name="cadreIds"
        label="关联干部"
        extra="了解到情况的干部（选填）；将记入其干部时间轴"
        rules={[{ type: 'array', max: 30, message: '最多 30 人' }]}
      >
        <Select
          mode="multiple"
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={unitId ? '选择该单位的干部' : '请先选择走访单位'}
          disabled={!unitId}
          loading={cadres.isLoading && !!unitId}
          options={cadreOptions}
          maxCount={30}
          data-testid="visit-cadres"
        />
      </Form.Item>
      <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
        <Button onClick={props.onClose}>取消</Button>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="visit-save">
          {v ? '保存修改' : '登记'}
        </Button>
      </Space>
    </Form>
  );
}

function WithdrawModal(props: { visit: VisitRow | null; onClose(): void; onDone(): void }) {
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const v = props.visit;
  const submit = async ({ reason }: { reason: string }) => {
    if (!v) return;
    setBusy(true);
    try {
      await call(opinionApi.withdrawVisit, { params: { id: v.id }, body: { reason: reason.trim() } });
      setError(null);
      props.onDone();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      title="撤销走访记录"
      open={!!v}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText="撤销"
      okButtonProps={{ danger: true, 'data-testid': 'withdraw-submit' } as never}
      confirmLoading={busy}
      destroyOnHidden
      afterClose={() => setError(null)}
    >
      {v && (
        <Typography.Paragraph type="secondary">
          {v.visitDate} {v.leaderName} 走访 {v.unitName}（{v.hours}{' '}
          小时）。撤销后记录保留并注明原因，不再计入一线时间，也不能再修改。
        </Typography.Paragraph>
      )}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" preserve={false} onFinish={submit}>
        <Form.Item
          name="reason"
          label="撤销原因"
          rules={[
            { required: true, whitespace: true, message: '请填写撤销原因' },
            { max: 200, message: '不能超过 200 个字' },
          ]}
        >
          <Input.TextArea
            rows={3}
            maxLength={200}
            showCount
            placeholder="如：重复登记、日期填错"
            data-testid="withdraw-reason"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
