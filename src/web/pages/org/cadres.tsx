import { DownloadOutlined, FileTextOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
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
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { ArgsOf } from '../../../common/api.ts';
import { AGE_BANDS, orgApi, TEAM_PLACES } from '../../../common/contracts/org.ts';
import { call, qs } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { errorText } from '../../components/errors.ts';
import { downloadFile, ImportModal } from '../../components/import-modal.tsx';
import { Page } from '../../components/page.tsx';
import { RemoteSelect } from '../../components/remote-select.tsx';
import { CreateCadreModal } from './components/create-cadre-modal.tsx';
import {
  AGE_BAND_OPTIONS,
  CADRE_STATUS_LABELS,
  CADRE_STATUS_OPTIONS,
  type CadreItem,
  DAY,
  TEAM_PLACE_COLORS,
  TEAM_PLACE_OPTIONS,
  unitLabel,
  useDict,
  YOUNG_OPTIONS,
} from './org-options.ts';

/** The filters kept in the address bar, so that back, reload and a shared link keep them. */
const FILTER_KEYS = [
  'q',
  'unitId',
  'rankCode',
  'roleTypeCode',
  'domain',
  'ageBand',
  'teamPlace',
  'young',
  'status',
] as const;
type FilterKey = (typeof FILTER_KEYS)[number];
type Filters = Partial<Record<FilterKey, string>>;
type CadreFilters = Omit<NonNullable<ArgsOf<typeof orgApi.listCadres>['query']>, 'page' | 'pageSize'>;

const ENUMS: Partial<Record<FilterKey, readonly string[]>> = {
  ageBand: AGE_BANDS,
  teamPlace: TEAM_PLACES,
  young: ['true', 'false'],
  status: ['active', 'retired', 'left', 'all'],
};

function useCadreFilters() {
  const [params, setParams] = useSearchParams();
  const filters: Filters = {};
  for (const k of FILTER_KEYS) {
    const v = params.get(k);
    // A hand-edited link with an unknown value is ignored rather than sent to the server.
    if (v && (!ENUMS[k] || ENUMS[k].includes(v))) filters[k] = v;
  }
  const page = Math.max(1, Number(params.get('page')) || 1);
  const pageSize = Math.min(200, Math.max(1, Number(params.get('pageSize')) || 20));
  /** Changes filters; any change but paging goes back to page 1. */
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
  const active = FILTER_KEYS.some((k) => k !== 'status' && filters[k]);
  return { filters, page, pageSize, update, active, clear: () => setParams(new URLSearchParams()) };
}

export default function CadresPage() {
  const { can } = useSession();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const { filters, page, pageSize, update, active, clear } = useCadreFilters();
  const ranks = useDict('rank');
  const roleTypes = useDict('role_type');
  const domains = useDict('domain');
  const [importing, setImporting] = useState<null | 'table' | 'lrmx'>(null);
  const [creating, setCreating] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [lrmxForm] = Form.useForm<LrmxOptionValues>();

  const list = useQuery({
    queryKey: ['org', 'cadres', filters, page, pageSize],
    // The filters come from the address bar, checked against the contract's values above.
    queryFn: () => call(orgApi.listCadres, { query: { ...(filters as CadreFilters), page, pageSize } }),
    placeholderData: keepPreviousData,
  });
  const refresh = () => qc.invalidateQueries({ queryKey: ['org'] });

  const exportXlsx = async () => {
    setExporting(true);
    try {
      await downloadFile(`${orgApi.exportCadres.path}${qs(filters)}`, `干部名册-${dayjs().format(DAY)}.xlsx`);
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setExporting(false);
    }
  };

  const canImport = can('org.import');
  return (
    <Page
      title="干部名册"
      subtitle="领导干部的基本信息、任职与分管领域。点击姓名查看职责范围、任免经历和时间轴。"
      permission="org.read"
      extra={
        <Space wrap>
          {can('org.export') && (
            <Button
              icon={<DownloadOutlined />}
              loading={exporting}
              onClick={exportXlsx}
              data-testid="cadres-export"
            >
              导出 Excel
            </Button>
          )}
          {canImport && (
            <Button
              icon={<UploadOutlined />}
              onClick={() => setImporting('table')}
              data-testid="cadres-import"
            >
              导入名册
            </Button>
          )}
          {canImport && (
            <Button
              icon={<FileTextOutlined />}
              onClick={() => setImporting('lrmx')}
              data-testid="cadres-import-lrmx"
            >
              导入任免审批表
            </Button>
          )}
          {can('org.manage') && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              data-testid="cadres-create"
            >
              新建干部
            </Button>
          )}
        </Space>
      }
    >
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <Input.Search
            key={filters.q ?? ''}
            defaultValue={filters.q}
            placeholder="姓名、职务或人员编号"
            allowClear
            onSearch={(q) => update({ q: q.trim() || undefined })}
            style={{ width: 240 }}
            data-testid="cadres-search"
          />
          <RemoteSelect
            list={orgApi.listUnits}
            one={orgApi.getUnit}
            label={(u) => u.name}
            placeholder="单位"
            style={{ width: 220 }}
            value={filters.unitId}
            onChange={(unitId) => update({ unitId })}
            data-testid="cadres-unit"
          />
          <Select
            allowClear
            placeholder="职级"
            style={{ width: 130 }}
            value={filters.rankCode}
            options={ranks}
            onChange={(rankCode) => update({ rankCode })}
          />
          <Select
            allowClear
            placeholder="角色类型"
            style={{ width: 130 }}
            value={filters.roleTypeCode}
            options={roleTypes}
            onChange={(roleTypeCode) => update({ roleTypeCode })}
          />
          <Select
            allowClear
            placeholder="分管领域"
            style={{ width: 140 }}
            value={filters.domain}
            options={domains}
            onChange={(domain) => update({ domain })}
          />
          <Select
            allowClear
            placeholder="年龄段"
            style={{ width: 130 }}
            value={filters.ageBand}
            options={AGE_BAND_OPTIONS}
            onChange={(ageBand) => update({ ageBand })}
          />
          <Select
            allowClear
            placeholder="班子位置"
            style={{ width: 110 }}
            value={filters.teamPlace}
            options={TEAM_PLACE_OPTIONS}
            onChange={(teamPlace) => update({ teamPlace })}
            data-testid="cadres-team-place"
          />
          <Select
            allowClear
            placeholder="年轻干部"
            style={{ width: 110 }}
            value={filters.young}
            options={YOUNG_OPTIONS.map((o) => ({ ...o, label: `年轻干部：${o.label}` }))}
            onChange={(young) => update({ young })}
          />
          <Select
            style={{ width: 110 }}
            value={filters.status ?? 'active'}
            options={CADRE_STATUS_OPTIONS}
            onChange={(status) => update({ status: status === 'active' ? undefined : status })}
          />
          {(active || filters.status) && (
            <Button type="link" onClick={clear}>
              清除筛选
            </Button>
          )}
        </Space>
        {list.isError && (
          <Alert type="error" showIcon title={errorText(list.error)} style={{ marginBottom: 16 }} />
        )}
        <Table<CadreItem>
          rowKey="id"
          size="middle"
          scroll={{ x: 1040 }}
          loading={list.isFetching}
          dataSource={list.data?.items}
          data-testid="cadres-table"
          locale={{
            emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有符合条件的干部" />,
          }}
          pagination={{
            current: page,
            pageSize,
            total: list.data?.total,
            showSizeChanger: true,
            showTotal: (t) => `共 ${t} 人`,
            onChange: (p, s) => update({ page: s !== pageSize ? 1 : p, pageSize: s }),
          }}
          columns={[
            {
              title: '姓名',
              dataIndex: 'name',
              width: 120,
              render: (name: string, c) => (
                <Space size={4} wrap>
                  <Link to={`/org/cadres/${c.id}`}>{name}</Link>
                  {c.young && (
                    <Tag color="green" style={{ marginInlineEnd: 0 }}>
                      年轻
                    </Tag>
                  )}
                  {c.status !== 'active' && <Tag>{CADRE_STATUS_LABELS[c.status] ?? c.status}</Tag>}
                </Space>
              ),
            },
            { title: '性别', dataIndex: 'sex', width: 56 },
            { title: '年龄', dataIndex: 'age', width: 56 },
            {
              title: '单位',
              dataIndex: 'unitName',
              width: 170,
              render: (v: string | null, c) =>
                v && c.unitId ? <Link to={`/org/units/${c.unitId}`}>{v}</Link> : '—',
            },
            { title: '职务', dataIndex: 'post', width: 170, render: (v: string | null) => v ?? '—' },
            {
              title: '班子位置',
              dataIndex: 'teamPlace',
              width: 84,
              render: (v: string | null) => (v ? <Tag color={TEAM_PLACE_COLORS[v]}>{v}</Tag> : '—'),
            },
            { title: '职级', dataIndex: 'rankName', width: 100, render: (v: string | null) => v ?? '—' },
            {
              title: '角色类型',
              dataIndex: 'roleTypeName',
              width: 90,
              render: (v: string | null) => v ?? '—',
            },
            {
              title: '分管领域',
              dataIndex: 'domains',
              render: (v: string[]) =>
                v.length ? (
                  <Space size={[4, 4]} wrap>
                    {v.map((d) => (
                      <Tag key={d} color="blue">
                        {d}
                      </Tag>
                    ))}
                  </Space>
                ) : (
                  <Typography.Text type="secondary">—</Typography.Text>
                ),
            },
          ]}
        />
      </Card>
      <ImportModal
        open={importing === 'table'}
        onClose={() => setImporting(null)}
        kind="org.cadres"
        title="导入干部名册"
        accept=".xlsx,.csv"
        onDone={refresh}
      />
      <ImportModal
        open={importing === 'lrmx'}
        onClose={() => setImporting(null)}
        kind="org.cadres.lrmx"
        title="导入干部任免审批表"
        accept=".lrmx"
        multiple
        options={<LrmxOptionsForm form={lrmxForm} />}
        getOptions={async () => {
          const v = await lrmxForm.validateFields();
          return {
            unitId: v.unitId,
            ...(v.teamPlace ? { teamPlace: v.teamPlace } : {}),
            ...(v.startsOn ? { startsOn: v.startsOn.format(DAY) } : {}),
          };
        }}
        onDone={refresh}
      />
      <CreateCadreModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(name) => {
          setCreating(false);
          message.success(`已新建干部 ${name}`);
          refresh();
        }}
      />
    </Page>
  );
}

interface LrmxOptionValues {
  unitId: string;
  teamPlace: '' | (typeof TEAM_PLACES)[number];
  startsOn?: Dayjs;
}

function LrmxOptionsForm(props: { form: ReturnType<typeof Form.useForm<LrmxOptionValues>>[0] }) {
  return (
    <Form<LrmxOptionValues>
      form={props.form}
      layout="vertical"
      initialValues={{ teamPlace: '', startsOn: dayjs() }}
      style={{ marginBottom: -8 }}
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
        每个 .lrmx 文件是一名干部的任免审批表。表中干部调入所选单位，职务取自“现任职务”；{''}
        已在册的干部（姓名与出生年月相同）只更新基本信息和简历。
      </Typography.Paragraph>
      <Row gutter={16}>
        <Col span={10}>
          <Form.Item name="unitId" label="调入单位" rules={[{ required: true, message: '请选择调入单位' }]}>
            <RemoteSelect
              list={orgApi.listUnits}
              one={orgApi.getUnit}
              label={unitLabel}
              data-testid="lrmx-unit"
            />
          </Form.Item>
        </Col>
        <Col span={7}>
          <Form.Item name="teamPlace" label="班子位置">
            <Select options={[{ value: '', label: '按职务自动判断' }, ...TEAM_PLACE_OPTIONS]} />
          </Form.Item>
        </Col>
        <Col span={7}>
          <Form.Item name="startsOn" label="任职日期">
            <DatePicker style={{ width: '100%' }} allowClear={false} />
          </Form.Item>
        </Col>
      </Row>
    </Form>
  );
}
