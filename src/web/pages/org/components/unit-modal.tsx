import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Col, Form, Input, InputNumber, Modal, Row, Select } from 'antd';
import { useState } from 'react';
import { orgApi, UNIT_KIND_LABELS, UNIT_KINDS } from '../../../../common/contracts/org.ts';
import { ApiError, call } from '../../../api/client.ts';
import { errorText } from '../../../components/errors.ts';
import { fieldErrors } from '../../../components/form-errors.ts';
import { type UnitItem, useLiaisonGroups, useRegions } from '../org-options.ts';

interface UnitFormValues {
  code: string;
  name: string;
  shortName?: string;
  kind: UnitItem['kind'];
  parentId?: string | null;
  regionId: string;
  liaisonGroupId?: string | null;
  sort?: number | null;
}

function descendants(units: UnitItem[], id: string): Set<string> {
  const out = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const u of units)
      if (u.parentId && out.has(u.parentId) && !out.has(u.id)) {
        out.add(u.id);
        grew = true;
      }
  }
  return out;
}

/** Creates or edits a unit (organization department). */
export function UnitModal(props: {
  unit: UnitItem | null;
  allUnits: UnitItem[];
  onClose(): void;
  onSaved(id: string): void;
}) {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<UnitFormValues>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const regions = useRegions();
  const groups = useLiaisonGroups();
  const u = props.unit;
  const excluded = u ? descendants(props.allUnits, u.id) : new Set<string>();
  return (
    <Modal
      open
      title={u ? `编辑单位：${u.name}` : '新建单位'}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={u ? '保存' : '创建'}
      confirmLoading={busy}
      destroyOnHidden
      width={640}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form<UnitFormValues>
        form={form}
        layout="vertical"
        initialValues={
          u
            ? {
                code: u.code,
                name: u.name,
                shortName: u.shortName ?? undefined,
                kind: u.kind,
                parentId: u.parentId,
                regionId: u.regionId,
                liaisonGroupId: u.liaisonGroupId,
                sort: u.sort,
              }
            : { kind: 'department', sort: (props.allUnits.length ?? 0) + 1 }
        }
        onFinish={async (v) => {
          const code = v.code.trim();
          const name = v.name.trim();
          const clash = props.allUnits.find((x) => x.id !== u?.id && (x.code === code || x.name === name));
          if (clash) {
            setError(
              clash.code === code ? `单位代码 ${code} 已被“${clash.name}”使用` : `已有名为“${name}”的单位`,
            );
            return;
          }
          setBusy(true);
          try {
            const body = {
              code: v.code,
              name: v.name,
              shortName: v.shortName?.trim() || undefined,
              kind: v.kind,
              parentId: v.parentId ?? null,
              regionId: v.regionId,
              liaisonGroupId: v.liaisonGroupId ?? null,
              sort: v.sort ?? 0,
            };
            const row = u
              ? await call(orgApi.updateUnit, { params: { id: u.id }, body })
              : await call(orgApi.createUnit, { body });
            setError(null);
            message.success(u ? '单位已保存' : '单位已创建');
            qc.invalidateQueries({ queryKey: ['org', 'units'] });
            qc.invalidateQueries({ queryKey: ['org', 'unit'] });
            qc.invalidateQueries({ queryKey: ['org', 'liaison-groups'] });
            props.onSaved(row.id);
          } catch (e) {
            setError(
              e instanceof ApiError && e.code === 'ALREADY_EXISTS'
                ? '单位代码或名称与已有单位（含已撤销的单位）重复'
                : errorText(e),
            );
            form.setFields(
              fieldErrors(e, ['code', 'name', 'regionId', 'parentId', 'liaisonGroupId'] as const),
            );
          } finally {
            setBusy(false);
          }
        }}
      >
        <Row gutter={16}>
          <Col span={16}>
            <Form.Item
              name="name"
              label="名称"
              rules={[
                { required: true, whitespace: true, message: '请填写名称' },
                { max: 60, message: '不能超过 60 个字' },
              ]}
            >
              <Input placeholder="如：市投资促进中心" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="shortName" label="简称" rules={[{ max: 20, message: '不能超过 20 个字' }]}>
              <Input placeholder="选填" />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item
              name="code"
              label="代码"
              rules={[
                { required: true, whitespace: true, message: '请填写单位代码' },
                { max: 30, message: '不能超过 30 个字符' },
              ]}
            >
              <Input placeholder="如：B101" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="kind" label="类型" rules={[{ required: true, message: '请选择类型' }]}>
              <Select options={UNIT_KINDS.map((k) => ({ value: k, label: UNIT_KIND_LABELS[k] }))} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="sort" label="排序" tooltip="数字小的排在前面">
              <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item
              name="regionId"
              label="所属区域"
              rules={[{ required: true, message: '请选择所属区域' }]}
            >
              <Select
                loading={regions.isLoading}
                options={(regions.data ?? []).map((r) => ({ value: r.id, label: r.name }))}
              />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item name="liaisonGroupId" label="所属编组">
              <Select
                allowClear
                placeholder="未编组"
                loading={groups.isLoading}
                options={(groups.data ?? []).map((g) => ({
                  value: g.id,
                  label: g.leaderName ? `${g.name}（包联：${g.leaderName}）` : g.name,
                }))}
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="parentId" label="上级单位" extra="内设或下属单位选择其上级；一级单位留空。">
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="无（一级单位）"
            options={props.allUnits
              .filter((x) => !excluded.has(x.id))
              .map((x) => ({ value: x.id, label: x.name }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
