import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Modal, Select, Upload, type UploadFile } from 'antd';
import { useState } from 'react';
import { evidenceApi } from '../../../../common/contracts/evidence.ts';
import { orgApi } from '../../../../common/contracts/org.ts';
import { rewardsApi } from '../../../../common/contracts/rewards.ts';
import { call, upload } from '../../../api/client.ts';
import { useSession } from '../../../auth/session.tsx';
import { errorText } from '../../../components/errors.ts';
import { fieldErrors } from '../../../components/form-errors.ts';
import { type ApplicationDetail, useBatches, useRewardOptions } from '../rewards-bits.tsx';

const FIELDS = ['batchId', 'kindCode', 'collectiveName', 'cadreIds', 'deed', 'links'] as const;
interface Values {
  batchId: string;
  kindCode: string;
  collectiveName?: string;
  cadreIds: string[];
  deed: string;
  links?: string[];
}

/** 申报 (or 修改): the kind, the cadres or the collective, the deed, its records and its files. */
export function ApplyModal(props: {
  open: boolean;
  onClose: () => void;
  onSaved: (id: string) => void;
  editing?: ApplicationDetail | null;
}) {
  const { me } = useSession();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const unitId = me?.roles.find((r) => r.role === 'unit_admin')?.unitId ?? undefined;
  const options = useRewardOptions();
  const batches = useBatches();
  const cadres = useQuery({
    queryKey: ['rewards', 'unit-cadres', unitId],
    enabled: !!unitId && props.open,
    queryFn: () => call(orgApi.listCadres, { query: { unitId, pageSize: 200, page: 1 } }),
  });
  const kindCode = Form.useWatch('kindCode', form);
  const chosen = Form.useWatch('cadreIds', form) ?? [];
  const collective = options.data?.kinds.find((k) => k.code === kindCode)?.collective ?? false;
  const candidates = useQuery({
    queryKey: ['rewards', 'candidates', chosen],
    enabled: chosen.length > 0 && props.open,
    queryFn: () => call(rewardsApi.candidates, { query: { cadreIds: chosen } }),
  });
  const e = props.editing;

  async function save(v: Values) {
    setBusy(true);
    setError(null);
    const body = {
      batchId: v.batchId,
      kindCode: v.kindCode,
      collectiveName: collective ? (v.collectiveName ?? null) : null,
      cadreIds: v.cadreIds,
      deed: v.deed,
      links: (v.links ?? []).map((k) => {
        const [recordType, recordId] = k.split(':') as [never, string];
        return { recordType, recordId };
      }),
    };
    let saved: ApplicationDetail;
    try {
      saved = e
        ? await call(rewardsApi.update, { params: { id: e.id }, body })
        : await call(rewardsApi.create, { body });
    } catch (err) {
      form.setFields(fieldErrors(err, FIELDS));
      setError(errorText(err));
      setBusy(false);
      return;
    }
    const failed: string[] = [];
    for (const f of files) {
      const data = new FormData();
      data.append('ownerType', 'rewards_application');
      data.append('ownerId', saved.id);
      data.append('file', f.originFileObj as File, f.name);
      try {
        await upload(evidenceApi.upload, data);
      } catch (err) {
        failed.push(`${f.name}：${errorText(err)}`);
      }
    }
    setBusy(false);
    if (failed.length)
      message.warning(`申报已保存，${failed.length} 个材料上传失败：${failed.join('；')}`, 8);
    else message.success(e ? '申报已修改' : '申报已保存为草稿，核对后请提交');
    await qc.invalidateQueries({ queryKey: ['rewards'] });
    setFiles([]);
    form.resetFields();
    props.onSaved(saved.id);
  }

  return (
    <Modal
      title={e ? '修改奖励申报' : '新建奖励申报'}
      open={props.open}
      onCancel={props.onClose}
      width={720}
      destroyOnHidden
      footer={[
        <Button key="c" onClick={props.onClose}>
          取消
        </Button>,
        <Button key="s" type="primary" loading={busy} onClick={() => form.submit()} data-testid="apply-save">
          保存
        </Button>,
      ]}
    >
      {!unitId && <Alert type="warning" showIcon title="只有单位管理员可以为本单位干部申报" />}
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={save}
        initialValues={
          e
            ? {
                batchId: e.batchId,
                kindCode: e.kindCode,
                collectiveName: e.collectiveName ?? undefined,
                cadreIds: e.cadres.map((c) => c.id),
                deed: e.deed,
                links: e.links.map((l) => `${l.recordType}:${l.recordId}`),
              }
            : { batchId: batches.data?.items.find((b) => b.open)?.id }
        }
      >
        <Form.Item name="batchId" label="申报批次" rules={[{ required: true, message: '请选择申报批次' }]}>
          <Select
            disabled={!!e}
            data-testid="apply-batch"
            options={(batches.data?.items ?? [])
              .filter((b) => b.open || b.id === e?.batchId)
              .map((b) => ({ value: b.id, label: `${b.title}（截止 ${b.closesOn}）` }))}
            notFoundContent="当前没有开放的申报批次"
          />
        </Form.Item>
        <Form.Item name="kindCode" label="奖励类别" rules={[{ required: true, message: '请选择奖励类别' }]}>
          <Select
            data-testid="apply-kind"
            options={(options.data?.kinds ?? []).map((k) => ({
              value: k.code,
              label: `${k.name}${k.collective ? '（集体）' : ''}`,
            }))}
          />
        </Form.Item>
        {collective && (
          <Form.Item
            name="collectiveName"
            label="集体名称"
            rules={[{ required: true, message: '请填写集体名称' }]}
          >
            <Input placeholder="如：环东区块征迁攻坚组" maxLength={60} />
          </Form.Item>
        )}
        <Form.Item
          name="cadreIds"
          label={collective ? '集体成员' : '申报干部'}
          rules={[{ required: true, message: '请选择干部' }]}
          extra={collective ? '集体奖励记入每位成员的时间轴' : '个人奖励一次申报一名干部'}
        >
          <Select
            mode="multiple"
            maxCount={collective ? 50 : 1}
            showSearch={{ optionFilterProp: 'label' }}
            loading={cadres.isLoading}
            data-testid="apply-cadres"
            options={(cadres.data?.items ?? []).map((c) => ({
              value: c.id,
              label: `${c.name}（${c.post ?? ''}）`,
            }))}
          />
        </Form.Item>
        <Form.Item
          name="deed"
          label="事迹"
          rules={[{ required: true, min: 10, message: '请具体写明事迹，至少 10 个字' }]}
        >
          <Input.TextArea rows={4} maxLength={2000} showCount data-testid="apply-deed" />
        </Form.Item>
        <Form.Item
          name="links"
          label="关联平台记录"
          extra="所选干部在平台上能证明该事迹的记录：核验属实的履职事项、现场考察、重点任务节点、担当作为确认等"
        >
          <Select
            mode="multiple"
            allowClear
            disabled={!chosen.length}
            loading={candidates.isFetching}
            placeholder={chosen.length ? '选择记录' : '请先选择干部'}
            notFoundContent="所选干部暂无可关联的记录"
            data-testid="apply-links"
            options={(candidates.data?.items ?? []).map((c) => ({
              value: `${c.recordType}:${c.recordId}`,
              label: `${c.cadreName}：${c.label}（${c.on}）`,
            }))}
          />
        </Form.Item>
        <Form.Item label="证明材料" extra="保存后上传；也可在申报详情中补充">
          <Upload
            multiple
            beforeUpload={() => false}
            fileList={files}
            onChange={({ fileList }) => setFiles(fileList)}
          >
            <Button>选择文件</Button>
          </Upload>
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}
