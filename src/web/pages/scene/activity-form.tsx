import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Col,
  DatePicker,
  Form,
  Input,
  Modal,
  Radio,
  Row,
  Select,
  Space,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { orgApi } from '../../../common/contracts/org.ts';
import { sceneApi } from '../../../common/contracts/scene.ts';
import { call } from '../../api/client.ts';
import { errorText } from '../../components/errors.ts';
import { RemoteSelect } from '../../components/remote-select.tsx';
import { DAY, unitLabel } from '../org/org-options.ts';
import {
  type ActivityDetail,
  AGENDA_TAG_OPTIONS,
  type AgendaItem,
  criteriaText,
  DEFAULT_DIMENSIONS,
  SCENE_KIND_OPTIONS,
  type SceneKind,
  subtypeOptions,
} from './scene-options.ts';

interface ActivityForm {
  kind: SceneKind;
  subtype?: string;
  title?: string;
  unitId?: string;
  place?: string;
  dates?: [Dayjs, Dayjs];
  agenda?: Partial<AgendaItem>[];
  summary?: string;
}

const UNIT_LABELS: Record<SceneKind, string> = {
  meeting: '召开会议的单位',
  emergency: '牵头单位',
  event: '承办单位',
};
const TITLE_HINTS: Record<SceneKind, string> = {
  meeting: '如：列席市发展和改革局党组会议',
  emergency: '如：第4号台风防御一线考察',
  event: '如：第一期实践破难挑战赛：招商引资破难题',
};

/** 登记活动 (no `activity`) or 修改活动: one modal for both. */
export function ActivityModal(props: {
  open: boolean;
  activity?: ActivityDetail | null;
  onClose(): void;
  onDone(id: string, created: boolean): void;
}) {
  return (
    <Modal
      title={props.activity ? '修改活动' : '登记活动'}
      open={props.open}
      onCancel={props.onClose}
      footer={null}
      width={720}
      destroyOnHidden
      mask={{ closable: false }}
    >
      {props.open && <ActivityFormBody {...props} />}
    </Modal>
  );
}

function ActivityFormBody(props: {
  activity?: ActivityDetail | null;
  onClose(): void;
  onDone(id: string, created: boolean): void;
}) {
  const a = props.activity ?? null;
  const [form] = Form.useForm<ActivityForm>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const kind = Form.useWatch('kind', form) ?? a?.kind ?? 'meeting';
  const dims = a?.dimensions ?? DEFAULT_DIMENSIONS[kind];

  const save = async (f: ActivityForm) => {
    setBusy(true);
    setError(null);
    // The form requires subtype, title and dates before it submits.
    const body = {
      kind: f.kind,
      subtype: f.subtype ?? '',
      title: f.title?.trim() ?? '',
      unitId: f.unitId ?? null,
      place: f.place?.trim() || null,
      startsOn: f.dates![0].format(DAY),
      endsOn: f.dates![1].format(DAY),
      agenda:
        f.kind === 'meeting'
          ? (f.agenda ?? []).map((x) => ({ title: x.title?.trim() ?? '', tag: x.tag ?? 'other' }))
          : [],
      summary: f.summary?.trim() || null,
    };
    try {
      const row = a
        ? await call(sceneApi.update, { params: { id: a.id }, body })
        : await call(sceneApi.create, { body });
      props.onDone(row.id, !a);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form<ActivityForm>
      form={form}
      layout="vertical"
      onFinish={save}
      initialValues={{
        kind: a?.kind ?? 'meeting',
        subtype: a?.subtype ?? 'party_committee',
        title: a?.title ?? '',
        unitId: a?.unitId ?? undefined,
        place: a?.place ?? '',
        dates: a ? [dayjs(a.startsOn), dayjs(a.endsOn)] : [dayjs(), dayjs()],
        agenda: a?.agenda.length ? a.agenda : [{ title: '', tag: 'policy' }],
        summary: a?.summary ?? '',
      }}
      onValuesChange={(changed: Partial<ActivityForm>) => {
        if (changed.kind) form.setFieldsValue({ subtype: subtypeOptions(changed.kind)[0]?.value });
      }}
    >
      {error && (
        <Alert
          type="error"
          showIcon
          title={error}
          style={{ marginBottom: 16 }}
          data-testid="activity-error"
        />
      )}
      <Form.Item name="kind" label="活动类型" rules={[{ required: true, message: '请选择活动类型' }]}>
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          options={SCENE_KIND_OPTIONS}
          disabled={!!a}
          data-testid="activity-kind"
        />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} sm={10}>
          <Form.Item name="subtype" label="细类" rules={[{ required: true, message: '请选择细类' }]}>
            <Select options={subtypeOptions(kind)} data-testid="activity-subtype" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={14}>
          <Form.Item
            name="dates"
            label="活动日期"
            rules={[{ required: true, message: '请选择活动日期' }]}
            extra="先有活动，后有记录：开始日期不能晚于今天"
          >
            <DatePicker.RangePicker
              style={{ width: '100%' }}
              allowClear={false}
              disabledDate={(d) => d.isAfter(dayjs(), 'day')}
              data-testid="activity-dates"
            />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        name="title"
        label="活动名称"
        rules={[
          { required: true, whitespace: true, message: '请填写活动名称' },
          { max: 80, message: '名称不能超过 80 个字' },
        ]}
      >
        <Input maxLength={80} placeholder={TITLE_HINTS[kind]} data-testid="activity-title" />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item
            name="unitId"
            label={UNIT_LABELS[kind]}
            rules={kind === 'meeting' ? [{ required: true, message: '列席会议须选择召开会议的单位' }] : []}
          >
            <RemoteSelect
              list={orgApi.listUnits}
              one={orgApi.getUnit}
              label={unitLabel}
              placeholder="输入单位名称搜索"
              data-testid="activity-unit"
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="place" label="地点" rules={[{ max: 100, message: '不能超过 100 个字' }]}>
            <Input maxLength={100} placeholder="如：沙岙镇沿海村居、渔港" data-testid="activity-place" />
          </Form.Item>
        </Col>
      </Row>
      {kind === 'meeting' && (
        <Form.Item
          label="议题"
          required
          tooltip="“三重一大”：重大事项决策、重要干部任免、重大项目安排、大额资金使用"
        >
          <Form.List
            name="agenda"
            rules={[
              {
                validator: (_, v: unknown[] | undefined) =>
                  v && v.length > 0 ? Promise.resolve() : Promise.reject(new Error('请至少填写一项议题')),
              },
            ]}
          >
            {(fields, { add, remove }, { errors }) => (
              <Space orientation="vertical" size={8} style={{ width: '100%' }} data-testid="activity-agenda">
                {fields.map((f, i) => (
                  <div key={f.key} style={{ display: 'flex', gap: 8, alignItems: 'flex-start' }}>
                    <Typography.Text type="secondary" style={{ lineHeight: '32px', width: 20 }}>
                      {i + 1}.
                    </Typography.Text>
                    <Form.Item
                      name={[f.name, 'title']}
                      style={{ flex: 1, marginBottom: 0 }}
                      rules={[
                        { required: true, whitespace: true, message: '议题不能为空' },
                        { max: 200, message: '不能超过 200 个字' },
                      ]}
                    >
                      <Input maxLength={200} placeholder="议题名称" data-testid="agenda-title" />
                    </Form.Item>
                    <Form.Item name={[f.name, 'tag']} style={{ width: 150, marginBottom: 0 }}>
                      <Select options={AGENDA_TAG_OPTIONS} data-testid="agenda-tag" />
                    </Form.Item>
                    <Button
                      type="text"
                      icon={<DeleteOutlined />}
                      aria-label="删除议题"
                      disabled={fields.length <= 1}
                      onClick={() => remove(f.name)}
                    />
                  </div>
                ))}
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  onClick={() => add({ title: '', tag: 'sanzhong_yida' })}
                  disabled={fields.length >= 30}
                  data-testid="agenda-add"
                >
                  添加议题
                </Button>
                <Form.ErrorList errors={errors} />
              </Space>
            )}
          </Form.List>
        </Form.Item>
      )}
      <Form.Item name="summary" label="概况" rules={[{ max: 2000, message: '不能超过 2000 个字' }]}>
        <Input.TextArea
          autoSize={{ minRows: 3, maxRows: 8 }}
          maxLength={2000}
          showCount
          placeholder="活动的总体情况、考察方式等（选填）"
          data-testid="activity-summary"
        />
      </Form.Item>
      <Alert
        type="info"
        style={{ marginBottom: 16 }}
        title={
          kind === 'event'
            ? `评委按 ${criteriaText(dims)} 对参赛干部打分（0–100 分）`
            : `观察记录按 ${dims.map((d) => d.name).join('、')} 评分（1–5 分）`
        }
      />
      <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
        <Button onClick={props.onClose}>取消</Button>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="activity-save">
          {a ? '保存修改' : '登记'}
        </Button>
      </Space>
    </Form>
  );
}
