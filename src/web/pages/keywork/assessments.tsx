import { PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Drawer,
  Empty,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import type { WireOf } from '../../../common/api.ts';
import {
  ASSESSMENT_CONCLUSION_LABELS,
  ASSESSMENT_CONCLUSIONS,
  keyworkApi,
} from '../../../common/contracts/keywork.ts';
import { call } from '../../api/client.ts';
import { errorText } from '../../components/errors.ts';
import { fieldErrors } from '../../components/form-errors.ts';
import { fmtTime } from '../../components/format.ts';
import { Page } from '../../components/page.tsx';
import { EffectTag, ProblemTags } from './keywork-bits.tsx';

type Item = WireOf<typeof keyworkApi.assessments>['items'][number];
type Candidate = WireOf<typeof keyworkApi.candidates>['items'][number];

/** 专项研判 of the leadership teams of units whose key tasks were judged 推进不力. */
export default function AssessmentsPage() {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const year = dayjs().year();
  const [page, setPage] = useState(1);
  const [draft, setDraft] = useState<Candidate | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const [form] = Form.useForm<{ taskIds: string[]; findings: string; measures?: string }>();
  const list = useQuery({
    queryKey: ['keywork', 'assessments', page],
    queryFn: () => call(keyworkApi.assessments, { query: { page, pageSize: 15 } }),
  });
  const cand = useQuery({
    queryKey: ['keywork', 'candidates', year],
    queryFn: () => call(keyworkApi.candidates, { query: { year } }),
  });
  const unitTasks = useQuery({
    queryKey: ['keywork', 'tasks', 'unit', draft?.unitId],
    queryFn: () => call(keyworkApi.tasks, { query: { unitId: draft!.unitId, pageSize: 100 } }),
    enabled: !!draft,
  });
  return (
    <Page
      title="单位班子专项研判"
      subtitle="对重点任务推进不力的单位班子开展专项研判：涉及任务、考察发现、研判结论和整改措施。"
      permission="keywork.assess"
    >
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Card size="small" title={`${year} 年重点任务推进不力的单位（定向考察认定干部拖延任务）`}>
          <Table<Candidate>
            rowKey="unitId"
            size="small"
            pagination={false}
            dataSource={cand.data?.items}
            locale={{
              emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无推进不力的单位" />,
            }}
            columns={[
              { title: '单位', dataIndex: 'unitName' },
              {
                title: '被认定拖延的任务',
                dataIndex: 'tasks',
                width: 140,
                render: (n: number) => `${n} 项`,
              },
              { title: '拖延认定', dataIndex: 'findings', width: 100, render: (n: number) => `${n} 人次` },
              {
                title: '',
                width: 140,
                render: (_, c) =>
                  c.assessed ? (
                    <Tag color="blue">已开展研判</Tag>
                  ) : (
                    <Button
                      size="small"
                      type="primary"
                      icon={<PlusOutlined />}
                      onClick={() => {
                        form.setFieldsValue({ taskIds: c.taskIds });
                        setDraft(c);
                      }}
                    >
                      开展研判
                    </Button>
                  ),
              },
            ]}
          />
        </Card>
        <Card title="专项研判">
          <Table<Item>
            rowKey="id"
            dataSource={list.data?.items}
            loading={list.isLoading}
            data-testid="assessment-table"
            onRow={(a) => ({ onClick: () => setOpenId(a.id), style: { cursor: 'pointer' } })}
            pagination={{
              current: page,
              pageSize: 15,
              total: list.data?.total ?? 0,
              onChange: setPage,
              hideOnSinglePage: true,
              showTotal: (n) => `共 ${n} 家单位`,
            }}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚无专项研判" /> }}
            columns={[
              { title: '年度', dataIndex: 'year', width: 80 },
              { title: '单位', dataIndex: 'unitName' },
              {
                title: '纳入研判的任务',
                dataIndex: 'tasks',
                width: 130,
                render: (n: number) => `${n} 项`,
              },
              {
                title: '状态',
                dataIndex: 'status',
                width: 220,
                render: (s: Item['status'], a) =>
                  s === 'draft' ? (
                    <Tag color="orange">研判中（待领导结论）</Tag>
                  ) : (
                    <Tag color="blue">
                      {a.conclusionKind ? ASSESSMENT_CONCLUSION_LABELS[a.conclusionKind] : '已结论'}
                    </Tag>
                  ),
              },
            ]}
          />
        </Card>
      </Space>
      <Modal
        title={draft ? `专项研判：${draft.unitName}` : ''}
        open={!!draft}
        onCancel={() => setDraft(null)}
        destroyOnHidden
        width={720}
        onOk={async () => {
          const v = await form.validateFields();
          try {
            await call(keyworkApi.createAssessment, { body: { ...v, unitId: draft!.unitId, year } });
            message.success('专项研判已建立，待领导作出结论');
            setDraft(null);
            qc.invalidateQueries({ queryKey: ['keywork'] });
          } catch (e) {
            form.setFields(fieldErrors(e, ['taskIds', 'findings', 'measures'] as const));
            message.error(errorText(e));
          }
        }}
      >
        <Form form={form} layout="vertical">
          <Form.Item
            name="taskIds"
            label="纳入研判的任务"
            extra="默认为被认定拖延的任务；可增减，列表中的“纳入研判的任务”按此计数"
            rules={[{ required: true, message: '请选择任务' }]}
          >
            <Select
              mode="multiple"
              options={(unitTasks.data?.items ?? []).map((t) => ({ value: t.id, label: t.title }))}
            />
          </Form.Item>
          <Form.Item name="findings" label="研判发现" rules={[{ required: true, message: '请填写研判发现' }]}>
            <Input.TextArea rows={4} maxLength={4000} />
          </Form.Item>
          <Form.Item name="measures" label="拟采取措施">
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
      <AssessmentDrawer id={openId} onClose={() => setOpenId(null)} />
    </Page>
  );
}

function AssessmentDrawer(props: { id: string | null; onClose: () => void }) {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const [deciding, setDeciding] = useState(false);
  const q = useQuery({
    queryKey: ['keywork', 'assessment', props.id],
    queryFn: () => call(keyworkApi.assessment, { params: { id: props.id! } }),
    enabled: !!props.id,
  });
  const a = q.data;
  return (
    <Drawer
      title={a ? `${a.year} 年专项研判：${a.unitName}` : '专项研判'}
      open={!!props.id}
      onClose={props.onClose}
      size="large"
      destroyOnHidden
    >
      {a && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Text strong>纳入研判的任务</Typography.Text>
          {a.tasks.map((t) => (
            <Link key={t.id} to={`/keywork/tasks/${t.id}`}>
              {t.title}（{t.lead ? '牵头' : '配合'}）
            </Link>
          ))}
          <Typography.Text strong>研判发现</Typography.Text>
          <Typography.Paragraph>{a.findings}</Typography.Paragraph>
          {a.measures && <Typography.Paragraph>拟采取措施：{a.measures}</Typography.Paragraph>}
          <Typography.Text strong>定向考察中对本单位干部的认定</Typography.Text>
          {a.cadreFindings.length === 0 && <Typography.Text type="secondary">无</Typography.Text>}
          {a.cadreFindings.map((f) => (
            <div key={f.id}>
              <Space wrap>
                <Link to={`/keywork/cadres/${f.cadreId}`}>{f.cadreName}</Link>
                <EffectTag effect={f.effect} />
                <ProblemTags tags={f.tags} />
              </Space>
              <div>
                <Typography.Text type="secondary">{f.cause}</Typography.Text>
              </div>
            </div>
          ))}
          <Typography.Text type="secondary">
            {a.createdByName} 建立于 {fmtTime(a.createdAt)}
          </Typography.Text>
          {a.status === 'concluded' ? (
            <Card size="small" title="研判结论">
              <Tag color="blue">{a.conclusionKind && ASSESSMENT_CONCLUSION_LABELS[a.conclusionKind]}</Tag>
              <Typography.Paragraph>{a.conclusion}</Typography.Paragraph>
              <Typography.Paragraph>整改措施：{a.measures}</Typography.Paragraph>
              <Typography.Text type="secondary">
                {a.concludedByName}，{fmtTime(a.concludedAt)}
              </Typography.Text>
            </Card>
          ) : (
            a.can.conclude && (
              <Button type="primary" onClick={() => setDeciding(true)}>
                作出研判结论
              </Button>
            )
          )}
        </Space>
      )}
      <Modal
        title="作出研判结论"
        open={deciding}
        onCancel={() => setDeciding(false)}
        destroyOnHidden
        onOk={async () => {
          const v = await form.validateFields();
          try {
            await call(keyworkApi.concludeAssessment, { params: { id: props.id! }, body: v });
            message.success('研判结论已作出');
            setDeciding(false);
            qc.invalidateQueries({ queryKey: ['keywork'] });
          } catch (e) {
            message.error(errorText(e));
          }
        }}
      >
        <Form form={form} layout="vertical">
          <Form.Item name="kind" label="结论" rules={[{ required: true, message: '请选择' }]}>
            <Select
              options={ASSESSMENT_CONCLUSIONS.map((k) => ({
                value: k,
                label: ASSESSMENT_CONCLUSION_LABELS[k],
              }))}
            />
          </Form.Item>
          <Form.Item name="conclusion" label="结论说明" rules={[{ required: true, message: '请填写' }]}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
          <Form.Item name="measures" label="整改措施" rules={[{ required: true, message: '请填写' }]}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
    </Drawer>
  );
}
