import { CameraOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Col,
  Form,
  Input,
  Modal,
  Radio,
  Rate,
  Row,
  Space,
  Typography,
  Upload,
  type UploadFile,
} from 'antd';
import { useState } from 'react';
import { evidenceApi } from '../../../../common/contracts/evidence.ts';
import { orgApi } from '../../../../common/contracts/org.ts';
import { sceneApi } from '../../../../common/contracts/scene.ts';
import { call, upload } from '../../../api/client.ts';
import { errorText } from '../../../components/errors.ts';
import { RemoteSelect } from '../../../components/remote-select.tsx';
import { EvidenceGallery } from '../../delivery/evidence-photos.tsx';
import {
  type ActivityDetail,
  cadreLabel,
  FOLLOWED_RULES_OPTIONS,
  type FollowedRules,
  OBSERVATION_OWNER,
  type ObservationView,
  RATING_TEXTS,
} from '../scene-options.ts';

interface ObservationForm {
  cadreId?: string;
  ratings: Record<string, number>;
  stance?: string;
  followedRules?: FollowedRules | null;
  notes?: string;
}

/** 记录观察 or 更正: one cadre's ratings, stance, notes and photos (uploaded once the observation is saved). */
export function ObservationModal(props: {
  a: ActivityDetail;
  observation: ObservationView | 'new' | null;
  onClose(): void;
  onDone(): void;
}) {
  const o = props.observation && props.observation !== 'new' ? props.observation : null;
  return (
    <Modal
      title={o ? `更正观察记录：${o.cadreName}` : '记录观察'}
      open={!!props.observation}
      onCancel={props.onClose}
      footer={null}
      width={680}
      destroyOnHidden
      mask={{ closable: false }}
    >
      {props.observation && (
        <ObservationFormBody a={props.a} o={o} onClose={props.onClose} onDone={props.onDone} />
      )}
    </Modal>
  );
}

function ObservationFormBody(props: {
  a: ActivityDetail;
  o: ObservationView | null;
  onClose(): void;
  onDone(): void;
}) {
  const { message } = App.useApp();
  const { a, o } = props;
  const meeting = a.kind === 'meeting';
  const [form] = Form.useForm<ObservationForm>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [files, setFiles] = useState<UploadFile[]>([]);
  const recorded = new Set(a.observations.map((x) => x.cadreId));

  const save = async (f: ObservationForm) => {
    const cadreId = o?.cadreId ?? f.cadreId!;
    if (!o && recorded.has(cadreId)) {
      setError('该干部在本次活动中已有观察记录，请在列表中点“更正”修改');
      return;
    }
    setBusy(true);
    setError(null);
    let saved: { id: string };
    try {
      saved = await call(sceneApi.observe, {
        params: { id: a.id },
        body: {
          cadreId,
          ratings: f.ratings,
          stance: meeting ? f.stance?.trim() || null : null,
          followedRules: meeting ? (f.followedRules ?? null) : null,
          notes: f.notes?.trim() ?? '',
        },
      });
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
      return;
    }
    // The photos go to the evidence store once the observation exists.
    const failed: string[] = [];
    for (const file of files) {
      const form = new FormData();
      form.append('ownerType', OBSERVATION_OWNER);
      form.append('ownerId', saved.id);
      form.append('file', file.originFileObj as File, file.name);
      try {
        await upload(evidenceApi.upload, form);
      } catch (e) {
        failed.push(`${file.name}：${errorText(e)}`);
      }
    }
    setBusy(false);
    if (failed.length) {
      message.warning(`观察记录已保存，${failed.length} 张照片上传失败：${failed.join('；')}`, 8);
    } else {
      message.success(
        files.length
          ? `观察记录已保存，上传照片 ${files.length} 张`
          : o
            ? '观察记录已更正'
            : '观察记录已保存',
      );
    }
    props.onDone();
  };

  return (
    <Form<ObservationForm>
      form={form}
      layout="vertical"
      onFinish={save}
      initialValues={{
        cadreId: o?.cadreId,
        ratings: o?.ratings ?? {},
        stance: o?.stance ?? '',
        followedRules: o?.followedRules ?? (meeting ? 'yes' : null),
        notes: o?.notes ?? '',
      }}
    >
      {error && (
        <Alert
          type="error"
          showIcon
          title={error}
          style={{ marginBottom: 16 }}
          data-testid="observation-error"
        />
      )}
      {o ? (
        <Typography.Paragraph>
          <Typography.Text strong>{o.cadreName}</Typography.Text>
          <Typography.Text type="secondary">
            （{[o.unitName, o.post].filter(Boolean).join(' ')}）
          </Typography.Text>
        </Typography.Paragraph>
      ) : (
        <Form.Item name="cadreId" label="干部" rules={[{ required: true, message: '请选择干部' }]}>
          <RemoteSelect
            list={orgApi.listCadres}
            one={orgApi.getCadre}
            label={cadreLabel}
            placeholder="输入姓名搜索"
            data-testid="observation-cadre"
          />
        </Form.Item>
      )}
      <Row gutter={16}>
        {a.dimensions.map((d) => (
          <Col key={d.code} xs={24} sm={8}>
            <Form.Item
              name={['ratings', d.code]}
              label={d.name}
              rules={[{ required: true, message: `请为${d.name}评分` }]}
            >
              <Rate tooltips={RATING_TEXTS} allowClear={false} data-testid={`observation-rating-${d.code}`} />
            </Form.Item>
          </Col>
        ))}
      </Row>
      {meeting && (
        <Row gutter={16}>
          <Col xs={24} sm={14}>
            <Form.Item name="stance" label="表态" rules={[{ max: 500, message: '不能超过 500 个字' }]}>
              <Input
                maxLength={500}
                placeholder="如：同意，并建议分两批实施"
                data-testid="observation-stance"
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={10}>
            <Form.Item
              name="followedRules"
              label="是否符合决策规则"
              tooltip="“三重一大”事项是否集体研究、依规决策"
            >
              <Radio.Group options={FOLLOWED_RULES_OPTIONS} data-testid="observation-rules" />
            </Form.Item>
          </Col>
        </Row>
      )}
      <Form.Item
        name="notes"
        label="观察记录"
        rules={[
          { required: true, whitespace: true, message: '请填写观察记录' },
          { max: 2000, message: '观察记录不能超过 2000 字' },
        ]}
      >
        <Input.TextArea
          autoSize={{ minRows: 4, maxRows: 10 }}
          maxLength={2000}
          showCount
          placeholder={
            meeting
              ? '发言和表态、对“三重一大”事项的意见、决策是否依规等'
              : '是否冲锋在前、现场指挥协调、群众工作等具体表现'
          }
          data-testid="observation-notes"
        />
      </Form.Item>
      <Form.Item
        label="现场照片"
        extra={o ? '新选的照片在保存后上传；已上传的照片见下方' : '照片在观察记录保存后上传到证据库'}
      >
        <Upload
          accept="image/*"
          multiple
          listType="picture"
          fileList={files}
          beforeUpload={(file) => {
            setFiles((prev) => [
              ...prev,
              { uid: file.uid, name: file.name, originFileObj: file, status: 'done' },
            ]);
            return false;
          }}
          onRemove={(file) => setFiles((prev) => prev.filter((f) => f.uid !== file.uid))}
          data-testid="observation-photos"
        >
          <Button icon={<CameraOutlined />}>选择照片</Button>
        </Upload>
        {o && (
          <div style={{ marginTop: 8 }}>
            <EvidenceGallery ownerType={OBSERVATION_OWNER} ownerId={o.id} size={56} emptyText="尚无照片" />
          </div>
        )}
      </Form.Item>
      <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
        <Button onClick={props.onClose}>取消</Button>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="observation-save">
          {o ? '保存更正' : '保存'}
        </Button>
      </Space>
    </Form>
  );
}
