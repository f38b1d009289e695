import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Checkbox,
  Col,
  DatePicker,
  Drawer,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import {
  DEFAULT_GROUP_WEIGHTS,
  DEFAULT_QUESTIONNAIRE,
  opinionApi,
  RATER_GROUP_LABELS,
  RATER_GROUPS,
  type RaterGroup,
} from '../../../common/contracts/opinion.ts';
import { call } from '../../api/client.ts';
import { errorText } from '../../components/errors.ts';
import { DAY } from '../org/org-options.ts';
import { type CampaignView, labelFilter, type Questionnaire, useAllUnits } from './opinion-options.ts';

/** How each rater group's raters come about, shown next to its weight. */
const GROUP_SOURCES: Record<RaterGroup, string> = {
  superior: '按干部库规则产生：单位正职评班子成员，包联领导评正职',
  peer: '按干部库规则产生：同一班子成员互评',
  subordinate: '导入评价者名单（单位干部职工）',
  public: '为单位或乡镇生成公开链接和二维码',
  service: '导入评价者名单（服务对象）',
};

interface CampaignFormValues {
  title: string;
  year: number;
  round: number;
  dates: [Dayjs, Dayjs];
  scope: 'all' | 'units';
  unitIds?: string[];
  groups: Record<RaterGroup, { on: boolean; weight: number | null }>;
  weights: Record<string, number | null>;
  publicQuota: number;
}

/** The drawer that creates a campaign, or changes one still being prepared (`campaign`). */
export function CampaignDrawer(props: { open: boolean; onClose(): void; campaign?: CampaignView }) {
  return (
    <Drawer
      title={props.campaign ? '修改测评' : '新建测评'}
      open={props.open}
      onClose={props.onClose}
      size={760}
      destroyOnHidden
      mask={{ closable: false }}
    >
      <CampaignForm onClose={props.onClose} campaign={props.campaign} />
    </Drawer>
  );
}

function initialValues(c?: CampaignView): CampaignFormValues {
  const q = c?.questionnaire ?? DEFAULT_QUESTIONNAIRE;
  const weights = c?.groups ?? DEFAULT_GROUP_WEIGHTS;
  const year = dayjs().year();
  return {
    title: c?.title ?? `${year}年度领导干部口碑测评`,
    year: c?.year ?? year,
    round: c?.round ?? 1,
    dates: c
      ? [dayjs(c.startsOn), dayjs(c.endsOn)]
      : [dayjs().startOf('day'), dayjs().add(14, 'day').startOf('day')],
    scope: c ? 'units' : 'all',
    unitIds: c?.units.map((u) => u.id),
    groups: Object.fromEntries(
      RATER_GROUPS.map((g) => {
        const w = weights.find((x) => x.group === g);
        const d = DEFAULT_GROUP_WEIGHTS.find((x) => x.group === g);
        return [g, { on: !!w, weight: w?.weight ?? d?.weight ?? 10 }];
      }),
    ) as CampaignFormValues['groups'],
    weights: Object.fromEntries(q.dimensions.map((d) => [d.code, d.weight])),
    publicQuota: c?.publicQuota ?? 2000,
  };
}

function CampaignForm(props: { onClose(): void; campaign?: CampaignView }) {
  const { message } = App.useApp();
  const nav = useNavigate();
  const qc = useQueryClient();
  const [form] = Form.useForm<CampaignFormValues>();
  const units = useAllUnits();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const scope = Form.useWatch('scope', form);
  const groups = Form.useWatch('groups', form) as CampaignFormValues['groups'] | undefined;
  const weights = Form.useWatch('weights', form) as CampaignFormValues['weights'] | undefined;
  const questionnaire: Questionnaire = props.campaign?.questionnaire ?? DEFAULT_QUESTIONNAIRE;
  const year = Form.useWatch('year', form) as number | null | undefined;
  // A new campaign takes the next round of its year, unless the round was typed in.
  const rounds = useQuery({
    queryKey: ['opinion', 'campaigns', 'year', year],
    enabled: !props.campaign && !!year && year >= 2000 && year <= 2100,
    queryFn: () => call(opinionApi.campaigns, { query: { year: year ?? undefined, pageSize: 200 } }),
  });
  useEffect(() => {
    if (props.campaign || !rounds.data || form.isFieldTouched('round')) return;
    form.setFieldValue('round', Math.min(12, Math.max(0, ...rounds.data.items.map((c) => c.round)) + 1));
  }, [rounds.data, form, props.campaign]);

  const groupTotal = RATER_GROUPS.reduce(
    (s, g) => s + (groups?.[g]?.on ? Number(groups[g].weight) || 0 : 0),
    0,
  );
  const dimTotal = questionnaire.dimensions.reduce((s, d) => s + (Number(weights?.[d.code]) || 0), 0);
  const share = (w: number | null | undefined, total: number) =>
    total > 0 && w ? `${Math.round((Number(w) / total) * 1000) / 10}%` : '—';

  const save = async (v: CampaignFormValues) => {
    const chosen = RATER_GROUPS.filter((g) => v.groups[g]?.on);
    if (chosen.length === 0) {
      setError('请至少选择一个评价者组');
      return;
    }
    const body = {
      title: v.title.trim(),
      year: v.year,
      round: v.round,
      startsOn: v.dates[0].format(DAY),
      endsOn: v.dates[1].format(DAY),
      questionnaire: {
        ...questionnaire,
        dimensions: questionnaire.dimensions.map((d) => ({ ...d, weight: Number(v.weights[d.code]) })),
      },
      groups: chosen.map((g) => ({ group: g, weight: Number(v.groups[g].weight) })),
      publicQuota: v.publicQuota,
      ...(v.scope === 'units' ? { unitIds: v.unitIds ?? [] } : {}),
    };
    setBusy(true);
    setError(null);
    try {
      if (props.campaign) {
        await call(opinionApi.updateCampaign, { params: { id: props.campaign.id }, body });
        message.success('测评已修改');
      } else {
        const c = await call(opinionApi.createCampaign, { body });
        message.success('测评已创建，请产生评价者并发放链接');
        nav(`/opinion/campaigns/${c.id}`);
      }
      await qc.invalidateQueries({ queryKey: ['opinion'] });
      props.onClose();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form<CampaignFormValues>
      form={form}
      layout="vertical"
      initialValues={initialValues(props.campaign)}
      onFinish={save}
      data-testid="campaign-form"
    >
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item
            name="title"
            label="测评名称"
            rules={[
              { required: true, whitespace: true, message: '请填写测评名称' },
              { max: 60, message: '不能超过 60 个字' },
            ]}
          >
            <Input data-testid="campaign-title" />
          </Form.Item>
        </Col>
        <Col xs={12} md={5}>
          <Form.Item name="year" label="年度" rules={[{ required: true, message: '请填写年度' }]}>
            <InputNumber
              min={2000}
              max={2100}
              precision={0}
              style={{ width: '100%' }}
              data-testid="campaign-year"
            />
          </Form.Item>
        </Col>
        <Col xs={12} md={7}>
          <Form.Item
            name="round"
            label="轮次"
            tooltip="同一年度内的第几轮测评；年度和轮次不能重复"
            rules={[{ required: true, message: '请填写轮次' }]}
          >
            <InputNumber
              min={1}
              max={12}
              precision={0}
              style={{ width: '100%' }}
              prefix="第"
              suffix="轮"
              data-testid="campaign-round"
            />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="dates" label="测评日期" rules={[{ required: true, message: '请选择起止日期' }]}>
        <DatePicker.RangePicker style={{ width: 320 }} allowClear={false} data-testid="campaign-dates" />
      </Form.Item>
      <Form.Item name="scope" label="测评对象">
        <Radio.Group
          options={[
            { value: 'all', label: '全部在职干部' },
            { value: 'units', label: '按单位选择' },
          ]}
          data-testid="campaign-scope"
        />
      </Form.Item>
      {scope === 'units' && (
        <Form.Item
          name="unitIds"
          label="参评单位"
          extra="所选单位的在职干部参加本次测评"
          rules={[{ required: true, type: 'array', min: 1, message: '请至少选择一个单位' }]}
        >
          <Select
            mode="multiple"
            allowClear
            showSearch={labelFilter}
            placeholder="输入单位名称搜索"
            loading={units.isLoading}
            options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
            maxTagCount="responsive"
            data-testid="campaign-units"
          />
        </Form.Item>
      )}
      <Typography.Title level={5}>评价者组与权重</Typography.Title>
      <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
        权重为相对值，综合得分按各组权重加权；某组对某干部不足 5 份时不单独显示，也不单独计分。
      </Typography.Paragraph>
      <Table
        size="small"
        rowKey="group"
        pagination={false}
        style={{ marginBottom: 24 }}
        dataSource={RATER_GROUPS.map((g) => ({ group: g }))}
        data-testid="campaign-groups"
        columns={[
          {
            title: '评价者组',
            dataIndex: 'group',
            width: 170,
            render: (g: RaterGroup) => (
              <Form.Item name={['groups', g, 'on']} valuePropName="checked" noStyle>
                <Checkbox data-testid={`campaign-group-${g}`}>{RATER_GROUP_LABELS[g]}</Checkbox>
              </Form.Item>
            ),
          },
          {
            title: '评价者来源',
            dataIndex: 'group',
            render: (g: RaterGroup) => (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {GROUP_SOURCES[g]}
              </Typography.Text>
            ),
          },
          {
            title: '权重',
            dataIndex: 'group',
            width: 110,
            render: (g: RaterGroup) => (
              <Form.Item
                name={['groups', g, 'weight']}
                noStyle
                rules={[{ required: !!groups?.[g]?.on, message: '请填写权重' }]}
              >
                <InputNumber
                  min={1}
                  max={100}
                  precision={0}
                  size="small"
                  disabled={!groups?.[g]?.on}
                  style={{ width: 80 }}
                />
              </Form.Item>
            ),
          },
          {
            title: '占比',
            dataIndex: 'group',
            width: 70,
            align: 'right',
            render: (g: RaterGroup) => (groups?.[g]?.on ? share(groups[g].weight, groupTotal) : '—'),
          },
        ]}
      />
      {groups?.public?.on && (
        <Form.Item
          name="publicQuota"
          label="群众测评评价卡上限"
          rules={[{ required: true, message: '请填写上限' }]}
          extra="群众测评凭现场发放的评价卡（每张一个一次性评价码）提交；本轮最多生成这么多张。"
        >
          <InputNumber min={0} max={100000} precision={0} style={{ width: 160 }} addonAfter="张" />
        </Form.Item>
      )}
      <Typography.Title level={5}>问卷</Typography.Title>
      <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
        {questionnaire.scale.max - questionnaire.scale.min + 1} 档量表（
        {(questionnaire.scale.labels ?? []).join(' / ') ||
          `${questionnaire.scale.min}–${questionnaire.scale.max}`}
        ）；{questionnaire.freeText ? '每名干部可填写意见建议；' : ''}
        群众测评可跳过不了解的干部。题目为统一问卷，可调整各维度权重。
      </Typography.Paragraph>
      <Table
        size="small"
        rowKey="code"
        pagination={false}
        style={{ marginBottom: 24 }}
        dataSource={questionnaire.dimensions}
        data-testid="campaign-dimensions"
        columns={[
          { title: '维度', dataIndex: 'name', width: 90, render: (v: string) => <Tag color="blue">{v}</Tag> },
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
          {
            title: '权重',
            dataIndex: 'code',
            width: 110,
            render: (code: string) => (
              <Form.Item name={['weights', code]} noStyle rules={[{ required: true, message: '请填写权重' }]}>
                <InputNumber
                  min={1}
                  max={100}
                  precision={0}
                  size="small"
                  style={{ width: 80 }}
                  data-testid={`campaign-weight-${code}`}
                />
              </Form.Item>
            ),
          },
          {
            title: '占比',
            dataIndex: 'code',
            width: 70,
            align: 'right',
            render: (code: string) => share(weights?.[code], dimTotal),
          },
        ]}
      />
      {error && (
        <Alert
          type="error"
          showIcon
          title={error}
          style={{ marginBottom: 16 }}
          data-testid="campaign-error"
        />
      )}
      <Space>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="campaign-save">
          {props.campaign ? '保存修改' : '创建测评'}
        </Button>
        <Button onClick={props.onClose}>取消</Button>
      </Space>
    </Form>
  );
}
