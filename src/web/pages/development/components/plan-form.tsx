import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Row,
  Select,
  Space,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useNavigate } from 'react-router';
import {
  developmentApi,
  type EvidenceRef,
  GUIDANCE_MONTHS,
  PLAN_KIND_HINTS,
  PLAN_KIND_LABELS,
  PLAN_KINDS,
  type PlanKind,
  POST_KIND_LABELS,
  POST_KINDS,
} from '../../../../common/contracts/development.ts';
import { keyworkApi } from '../../../../common/contracts/keywork.ts';
import { orgApi } from '../../../../common/contracts/org.ts';
import { call } from '../../../api/client.ts';
import { errorText } from '../../../components/errors.ts';
import { fieldErrors } from '../../../components/form-errors.ts';
import { RemoteSelect } from '../../../components/remote-select.tsx';
import { RecordLinks } from '../../growth/components/record-links.tsx';

/** What a suggestion hands to the form. */
export interface PlanSeed {
  cadre: { id: string; name: string };
  kind: PlanKind;
  reason: string;
  evidence: EvidenceRef[];
}

interface Values {
  cadreId: string;
  kind: PlanKind;
  title: string;
  reason: string;
  startsOn: Dayjs;
  months: number;
  mentorCadreId?: string;
  assignments?: string;
  studyTopic?: string;
  keyworkTaskId?: string;
  postKind?: (typeof POST_KINDS)[number];
  postName?: string;
  goals: { title: string; measure: string }[];
  milestones: { title: string; target: string; dueOn: Dayjs; goal?: number }[];
}

const FIELDS = [
  'cadreId',
  'kind',
  'title',
  'reason',
  'startsOn',
  'months',
  'mentorCadreId',
  'assignments',
  'studyTopic',
  'keyworkTaskId',
  'postKind',
  'postName',
  'goals',
  'milestones',
] as const;

/** 制定培养计划: a blank plan, or one made from a suggestion (its cadre, kind and evidence). */
export function PlanFormModal(props: { open: boolean; seed?: PlanSeed | null; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const kind = Form.useWatch('kind', form) as PlanKind | undefined;
  const goals = (Form.useWatch('goals', form) as Values['goals'] | undefined) ?? [];
  const seed = props.seed;
  const save = useMutation({
    mutationFn: (v: Values) =>
      call(developmentApi.create, {
        body: {
          cadreId: v.cadreId,
          kind: v.kind,
          title: v.title,
          reason: v.reason,
          startsOn: v.startsOn.format('YYYY-MM-DD'),
          months: v.kind === 'guidance' ? GUIDANCE_MONTHS : v.months,
          mentorCadreId: v.kind === 'guidance' ? v.mentorCadreId : undefined,
          assignments:
            v.kind === 'guidance'
              ? (v.assignments ?? '')
                  .split('\n')
                  .map((s) => s.trim())
                  .filter(Boolean)
              : [],
          studyTopic: v.kind === 'study' ? v.studyTopic : undefined,
          keyworkTaskId: v.kind === 'study' ? v.keyworkTaskId : undefined,
          postKind: v.kind === 'pressure' ? v.postKind : undefined,
          postName: v.kind === 'pressure' ? v.postName : undefined,
          goals: v.goals,
          milestones: v.milestones.map((m) => ({
            title: m.title,
            target: m.target,
            dueOn: m.dueOn.format('YYYY-MM-DD'),
            goal: m.goal,
          })),
          evidence: seed?.evidence ?? [],
        },
      }),
    onSuccess: async (p) => {
      message.success('培养计划已制定，已通知导师并列入评议待办');
      await qc.invalidateQueries({ queryKey: ['development'] });
      props.onClose();
      navigate(`/development/plans/${p.id}`);
    },
    onError: (e) => form.setFields(fieldErrors(e, FIELDS)),
  });
  return (
    <Modal
      open={props.open}
      title={seed ? `据建议制定培养计划：${seed.cadre.name}` : '制定培养计划'}
      width={860}
      okText="制定计划"
      onOk={() => form.submit()}
      okButtonProps={{ loading: save.isPending, 'data-testid': 'plan-form-ok' } as never}
      onCancel={props.onClose}
      destroyOnHidden
    >
      {save.isError && (
        <Alert type="error" showIcon title={errorText(save.error)} style={{ marginBottom: 12 }} />
      )}
      {seed && seed.evidence.length > 0 && (
        <Alert
          type="info"
          style={{ marginBottom: 12 }}
          title="依据的实绩记录（随计划保存）"
          description={<RecordLinks records={seed.evidence} max={12} />}
        />
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        preserve={false}
        onFinish={(v) => save.mutate(v)}
        initialValues={{
          cadreId: seed?.cadre.id,
          kind: seed?.kind ?? 'guidance',
          title: seed ? `${PLAN_KIND_LABELS[seed.kind]}：${seed.cadre.name}` : undefined,
          reason: seed?.reason,
          startsOn: dayjs(),
          months: GUIDANCE_MONTHS,
          goals: [{ title: '', measure: '' }],
          milestones: [{ title: '', target: '', dueOn: dayjs().add(2, 'month'), goal: 0 }],
        }}
      >
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="cadreId" label="干部" rules={[{ required: true, message: '请选择干部' }]}>
              <RemoteSelect
                list={orgApi.listCadres}
                one={orgApi.getCadre}
                label={(c: { id: string; name: string; unitName?: string | null }) =>
                  `${c.name}${c.unitName ? `（${c.unitName}）` : ''}`
                }
                placeholder="输入姓名搜索"
                data-testid="plan-cadre"
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="title" label="计划名称" rules={[{ required: true, message: '请填写计划名称' }]}>
              <Input maxLength={100} data-testid="plan-title" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="kind" label="培养方式" extra={kind ? PLAN_KIND_HINTS[kind] : undefined}>
          <Radio.Group
            optionType="button"
            options={PLAN_KINDS.map((k) => ({ value: k, label: PLAN_KIND_LABELS[k] }))}
          />
        </Form.Item>
        <Form.Item name="reason" label="短板与制定理由" rules={[{ required: true, message: '请写明短板' }]}>
          <Input.TextArea rows={2} maxLength={1000} data-testid="plan-reason" />
        </Form.Item>
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item
              name="startsOn"
              label="开始日期"
              rules={[{ required: true, message: '请选择开始日期' }]}
            >
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              name="months"
              label="期限（月）"
              extra={kind === 'guidance' ? '履职辅导期固定 6 个月' : undefined}
            >
              <InputNumber min={1} max={24} disabled={kind === 'guidance'} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        {kind === 'guidance' && (
          <Row gutter={16}>
            <Col span={10}>
              <Form.Item
                name="mentorCadreId"
                label="结对帮带导师"
                extra="须为有本人账号的干部；只能查看本计划，计划结束即收回"
                rules={[{ required: true, message: '请选择帮带导师' }]}
              >
                <RemoteSelect
                  list={developmentApi.mentors}
                  label={(c: { id: string; name: string; unitName: string | null; post: string | null }) =>
                    `${c.name}（${c.unitName ?? ''}${c.post ?? ''}）`
                  }
                  data-testid="plan-mentor"
                />
              </Form.Item>
            </Col>
            <Col span={14}>
              <Form.Item
                name="assignments"
                label="压担历练任务（每行一项）"
                rules={[{ required: true, message: '请列出压担历练的任务' }]}
              >
                <Input.TextArea rows={3} data-testid="plan-assignments" />
              </Form.Item>
            </Col>
          </Row>
        )}
        {kind === 'study' && (
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item
                name="studyTopic"
                label="研修专题"
                rules={[{ required: true, message: '请写明研修专题' }]}
              >
                <Input maxLength={200} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item
                name="keyworkTaskId"
                label="选派的对口重点工程"
                rules={[{ required: true, message: '请选择重点工程' }]}
              >
                <RemoteSelect
                  list={keyworkApi.tasks}
                  one={keyworkApi.task}
                  label={(t: { id: string; title: string }) => t.title}
                />
              </Form.Item>
            </Col>
          </Row>
        )}
        {kind === 'pressure' && (
          <Row gutter={16}>
            <Col span={8}>
              <Form.Item
                name="postKind"
                label="压力岗类型"
                rules={[{ required: true, message: '请选择岗位类型' }]}
              >
                <Select options={POST_KINDS.map((k) => ({ value: k, label: POST_KIND_LABELS[k] }))} />
              </Form.Item>
            </Col>
            <Col span={16}>
              <Form.Item name="postName" label="具体岗位" rules={[{ required: true, message: '请写明岗位' }]}>
                <Input maxLength={100} placeholder="如：城东片区成片拆改指挥部副指挥长" />
              </Form.Item>
            </Col>
          </Row>
        )}
        <Typography.Title level={5}>目标</Typography.Title>
        <Form.List name="goals">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => (
                <Space key={f.key} align="baseline" style={{ display: 'flex' }}>
                  <Form.Item name={[f.name, 'title']} rules={[{ required: true, message: '请填写目标' }]}>
                    <Input
                      placeholder={`目标 ${i + 1}`}
                      style={{ width: 300 }}
                      data-testid="plan-goal-title"
                    />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'measure']}
                    rules={[{ required: true, message: '请填写衡量方式' }]}
                  >
                    <Input placeholder="衡量方式" style={{ width: 380 }} data-testid="plan-goal-measure" />
                  </Form.Item>
                  {fields.length > 1 && <MinusCircleOutlined onClick={() => remove(f.name)} />}
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ title: '', measure: '' })}>
                添加目标
              </Button>
            </>
          )}
        </Form.List>
        <Typography.Title level={5} style={{ marginTop: 16 }}>
          可衡量的节点
        </Typography.Title>
        <Form.List name="milestones">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => (
                <Space key={f.key} align="baseline" style={{ display: 'flex' }} wrap>
                  <Form.Item name={[f.name, 'title']} rules={[{ required: true, message: '请填写节点' }]}>
                    <Input placeholder={`节点 ${i + 1}`} style={{ width: 200 }} data-testid="plan-ms-title" />
                  </Form.Item>
                  <Form.Item name={[f.name, 'target']} rules={[{ required: true, message: '请填写标准' }]}>
                    <Input placeholder="可衡量的标准" style={{ width: 220 }} data-testid="plan-ms-target" />
                  </Form.Item>
                  <Form.Item name={[f.name, 'dueOn']} rules={[{ required: true, message: '请选择日期' }]}>
                    <DatePicker placeholder="完成日期" />
                  </Form.Item>
                  <Form.Item name={[f.name, 'goal']}>
                    <Select
                      allowClear
                      placeholder="对应目标"
                      style={{ width: 140 }}
                      options={goals.map((g, k) => ({ value: k, label: g?.title || `目标 ${k + 1}` }))}
                    />
                  </Form.Item>
                  {fields.length > 1 && <MinusCircleOutlined onClick={() => remove(f.name)} />}
                </Space>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ title: '', target: '', dueOn: dayjs().add(3, 'month') })}
              >
                添加节点
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
