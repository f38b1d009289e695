import { PaperClipOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
  Upload,
  type UploadFile,
} from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { WireOf } from '../../../common/api.ts';
import { evidenceApi } from '../../../common/contracts/evidence.ts';
import {
  CONCLUSION_KINDS,
  CONCLUSION_LABELS,
  EFFECT_LABELS,
  EFFECTS,
  FINDING_EVIDENCE_OWNER,
  keyworkApi,
  PROBLEM_TAG_LABELS,
  PROBLEM_TAGS,
} from '../../../common/contracts/keywork.ts';
import { orgApi } from '../../../common/contracts/org.ts';
import { call, upload } from '../../api/client.ts';
import { errorText } from '../../components/errors.ts';
import { fieldErrors } from '../../components/form-errors.ts';
import { fmtTime } from '../../components/format.ts';
import { BackLink, Page, refusedRecord, retryUnlessRefused } from '../../components/page.tsx';
import { RemoteSelect } from '../../components/remote-select.tsx';
import { EvidenceGallery, EvidenceUpload } from '../delivery/evidence-photos.tsx';
import { EffectTag, ProblemTags, RuleTag } from './keywork-bits.tsx';

type Finding = WireOf<typeof keyworkApi.inspection>['findings'][number];

export default function InspectionDetailPage() {
  const { id = '' } = useParams();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [unitId, setUnitId] = useState<string>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [saving, setSaving] = useState(false);
  const [concluding, setConcluding] = useState(false);
  const [form] = Form.useForm();
  const [conclusion] = Form.useForm();
  const q = useQuery({
    queryKey: ['keywork', 'inspection', id],
    queryFn: () => call(keyworkApi.inspection, { params: { id } }),
    retry: retryUnlessRefused,
  });
  const refused = refusedRecord(q.error, {
    title: '定向考察不存在或尚未作出结论',
    back: '/keywork/inspections',
    backLabel: '返回定向考察',
  });
  if (refused) return refused;
  const i = q.data;
  if (!i) return <Card loading />;
  const editable = i.can.record;
  const refresh = () => qc.invalidateQueries({ queryKey: ['keywork'] });

  const saveFinding = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      const saved = await call(keyworkApi.saveFinding, { params: { id }, body: { ...v, unitId: undefined } });
      // The files go to the evidence store once the finding exists.
      const failed = await uploadAll(saved.id, files);
      if (failed.length)
        message.warning(`考察发现已记录，${failed.length} 份材料上传失败：${failed.join('；')}`, 8);
      else message.success(files.length ? `考察发现已记录，上传材料 ${files.length} 份` : '考察发现已记录');
      form.resetFields();
      setUnitId(undefined);
      setFiles([]);
      refresh();
    } catch (e) {
      form.setFields(
        fieldErrors(e, ['cadreId', 'milestoneId', 'effect', 'tags', 'cause', 'evidence'] as const),
      );
      message.error(errorText(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Page
      title={`定向考察：${i.task.title}`}
      subtitle={<BackLink to="/keywork/inspections">定向考察记录</BackLink>}
      permission="keywork.inspections.read"
    >
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Card size="small">
          <Descriptions size="small" column={3}>
            <Descriptions.Item label="任务">
              <Link to={`/keywork/tasks/${i.task.id}`}>{i.task.title}</Link>（{i.task.leadUnitName} 牵头）
            </Descriptions.Item>
            <Descriptions.Item label="状态">
              <Tag color={i.status === 'open' ? 'orange' : 'blue'} data-testid="inspection-status">
                {i.status === 'open'
                  ? '考察中'
                  : `已结论：${i.conclusionKind ? CONCLUSION_LABELS[i.conclusionKind] : ''}`}
              </Tag>
            </Descriptions.Item>
            <Descriptions.Item label="考察人">{i.assigneeName ?? '考察组'}</Descriptions.Item>
            <Descriptions.Item label="发起">{`${fmtTime(i.openedAt)}（${i.origin === 'trigger' ? '规则触发' : '人工发起'}）`}</Descriptions.Item>
            <Descriptions.Item label="期限">{fmtTime(i.deadline)}</Descriptions.Item>
            <Descriptions.Item label="缘由">{i.reason}</Descriptions.Item>
            {i.concludedAt && (
              <Descriptions.Item label="结论" span={3}>
                {i.conclusion}（{i.concludedByName}，{fmtTime(i.concludedAt)}）
              </Descriptions.Item>
            )}
          </Descriptions>
        </Card>
        {i.hits.length > 0 && (
          <Card size="small" title="触发情况">
            {i.hits.map((h) => (
              <div key={h.id}>
                <Typography.Text type="secondary">{h.hitOn}</Typography.Text>{' '}
                <RuleTag code={h.ruleCode} version={h.version} /> {h.message}
              </div>
            ))}
          </Card>
        )}
        <Card size="small" title="考察发现：原因、责任干部与问题标签">
          <Table<Finding>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={i.findings}
            data-testid="finding-table"
            locale={{
              emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚未记录考察发现" />,
            }}
            columns={[
              {
                title: '干部',
                dataIndex: 'cadreName',
                width: 100,
                render: (v: string, f) => <Link to={`/keywork/cadres/${f.cadreId}`}>{v}</Link>,
              },
              { title: '单位', dataIndex: 'unitName', width: 120 },
              {
                title: '影响',
                dataIndex: 'effect',
                width: 100,
                render: (e: string) => <EffectTag effect={e} />,
              },
              {
                title: '标签',
                dataIndex: 'tags',
                width: 150,
                render: (t: string[]) => <ProblemTags tags={t} />,
              },
              {
                title: '原因分析',
                dataIndex: 'cause',
                minWidth: 220,
                render: (c: string, f) =>
                  [c, f.milestoneTitle && `（节点：${f.milestoneTitle}）`].filter(Boolean).join(''),
              },
              {
                title: '证据与材料',
                dataIndex: 'evidence',
                width: 180,
                render: (text: string | null, f) => (
                  <Space orientation="vertical" size={4} data-testid="finding-evidence">
                    {text}
                    <EvidenceGallery
                      ownerType={FINDING_EVIDENCE_OWNER}
                      ownerId={f.id}
                      size={48}
                      emptyText={editable ? '尚无材料' : undefined}
                    />
                    {f.can.attach && (
                      <EvidenceUpload
                        ownerType={FINDING_EVIDENCE_OWNER}
                        ownerId={f.id}
                        label="添加材料"
                        onUploaded={refresh}
                        data-testid="finding-file-upload"
                      />
                    )}
                  </Space>
                ),
              },
              {
                title: '记录',
                width: 130,
                render: (_, f) => `${f.recordedBy ?? ''} ${fmtTime(f.createdAt)}`,
              },
              ...(editable
                ? [
                    {
                      title: '',
                      width: 60,
                      render: (_: unknown, f: Finding) =>
                        !f.can.remove ? (
                          <Tooltip title="已附证据材料的发现不能删除，如需更正请重新记录该干部的发现">
                            <Button size="small" type="link" disabled>
                              删除
                            </Button>
                          </Tooltip>
                        ) : (
                          <Popconfirm
                            title="删除这条考察发现？"
                            onConfirm={async () => {
                              await call(keyworkApi.deleteFinding, { params: { id: f.id } }).catch((e) =>
                                message.error(errorText(e)),
                              );
                              refresh();
                            }}
                          >
                            <Button size="small" type="link" danger>
                              删除
                            </Button>
                          </Popconfirm>
                        ),
                    },
                  ]
                : []),
            ]}
          />
        </Card>
        {editable && (
          <Card size="small" title="记录考察发现" data-testid="finding-form">
            <Form form={form} layout="vertical">
              <Space wrap align="start">
                <Form.Item label="责任单位">
                  <Select
                    style={{ width: 220 }}
                    value={unitId}
                    onChange={(v) => {
                      setUnitId(v);
                      form.setFieldValue('cadreId', undefined);
                    }}
                    options={i.units.map((u) => ({
                      value: u.id,
                      label: `${u.name}（${u.role === 'lead' ? '牵头' : '配合'}）`,
                    }))}
                    data-testid="finding-unit"
                  />
                </Form.Item>
                <Form.Item
                  name="cadreId"
                  label="责任干部"
                  rules={[{ required: true, message: '请选择干部' }]}
                >
                  <RemoteSelect
                    key={unitId ?? 'all'}
                    list={orgApi.listCadres}
                    one={orgApi.getCadre}
                    params={{ unitId }}
                    label={(c) => `${c.name}（${c.post}）`}
                    style={{ width: 240 }}
                    data-testid="finding-cadre"
                  />
                </Form.Item>
                <Form.Item name="milestoneId" label="相关节点">
                  <Select
                    allowClear
                    style={{ width: 200 }}
                    options={i.milestones.map((m) => ({ value: m.id, label: m.title }))}
                  />
                </Form.Item>
                <Form.Item
                  name="effect"
                  label="对任务推进的影响"
                  rules={[{ required: true, message: '请选择' }]}
                >
                  <Select
                    style={{ width: 150 }}
                    options={EFFECTS.map((e) => ({ value: e, label: EFFECT_LABELS[e] }))}
                    data-testid="finding-effect"
                  />
                </Form.Item>
                <Form.Item
                  name="tags"
                  label="问题标签"
                  rules={[{ required: true, message: '请至少选择一个标签' }]}
                >
                  <Select
                    mode="multiple"
                    style={{ width: 280 }}
                    options={PROBLEM_TAGS.map((t) => ({ value: t, label: PROBLEM_TAG_LABELS[t] }))}
                    data-testid="finding-tags"
                  />
                </Form.Item>
              </Space>
              <Form.Item
                name="cause"
                label="原因分析"
                rules={[{ required: true, message: '请填写原因分析' }]}
              >
                <Input.TextArea rows={3} maxLength={2000} data-testid="finding-cause" />
              </Form.Item>
              <Form.Item name="evidence" label="证据说明（材料、纪要、访谈）">
                <Input maxLength={1000} />
              </Form.Item>
              <Form.Item
                label="证据材料"
                extra="照片、PDF、Office 文档，单个不超过 20 MB；保存发现后上传到证据库，结论作出后该干部本人及所在单位可查看"
              >
                <Upload
                  multiple
                  fileList={files}
                  // Kept in the form until the finding is saved (it needs the finding's id).
                  beforeUpload={() => false}
                  onChange={({ fileList }) => setFiles(fileList)}
                  data-testid="finding-files"
                >
                  <Button icon={<PaperClipOutlined />}>选择文件</Button>
                </Upload>
              </Form.Item>
              <Space>
                <Button type="primary" onClick={saveFinding} loading={saving} data-testid="finding-save">
                  保存发现
                </Button>
                <Button
                  onClick={() => setConcluding(true)}
                  disabled={!i.can.conclude || i.findings.length === 0}
                  data-testid="conclude-open"
                >
                  作出结论
                </Button>
              </Space>
            </Form>
          </Card>
        )}
      </Space>
      <Modal
        title="作出考察结论"
        open={concluding}
        onCancel={() => setConcluding(false)}
        okText="确认结论"
        destroyOnHidden
        okButtonProps={{ id: 'conclude-ok' }}
        onOk={async () => {
          const v = await conclusion.validateFields();
          try {
            await call(keyworkApi.concludeInspection, { params: { id }, body: v });
            message.success('结论已作出，已记入相关干部时间轴');
            setConcluding(false);
            refresh();
          } catch (e) {
            conclusion.setFields(fieldErrors(e, ['kind', 'conclusion'] as const));
            message.error(errorText(e));
          }
        }}
      >
        <Typography.Paragraph type="warning">
          结论作出后考察记录不可修改，结论将记入相关干部的时间轴，本人和所在单位可见。
        </Typography.Paragraph>
        <Form form={conclusion} layout="vertical">
          <Form.Item name="kind" label="结论" rules={[{ required: true, message: '请选择结论' }]}>
            <Select
              options={CONCLUSION_KINDS.map((k) => ({ value: k, label: CONCLUSION_LABELS[k] }))}
              data-testid="conclude-kind"
            />
          </Form.Item>
          <Form.Item
            name="conclusion"
            label="结论说明"
            rules={[{ required: true, message: '请填写结论说明' }]}
          >
            <Input.TextArea rows={3} maxLength={2000} data-testid="conclude-text" />
          </Form.Item>
        </Form>
      </Modal>
    </Page>
  );
}

/** Uploads chosen files to a finding one by one; returns what failed, with the reason. */
async function uploadAll(findingId: string, files: UploadFile[]): Promise<string[]> {
  const failed: string[] = [];
  for (const file of files) {
    const form = new FormData();
    form.append('ownerType', FINDING_EVIDENCE_OWNER);
    form.append('ownerId', findingId);
    form.append('file', file.originFileObj as File, file.name);
    try {
      await upload(evidenceApi.upload, form);
    } catch (e) {
      failed.push(`${file.name}：${errorText(e)}`);
    }
  }
  return failed;
}
