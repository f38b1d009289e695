import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Form, Input, Select, Space, Tooltip, Typography } from 'antd';
import type { ReactNode } from 'react';
import { CADENCE_LABELS, CADENCES, type Cadence } from '../../../common/contracts/keywork.ts';
import { orgApi } from '../../../common/contracts/org.ts';
import { call } from '../../api/client.ts';
import { RemoteSelect } from '../../components/remote-select.tsx';

/** The fields a task is created with and later corrected by (TaskUpdateBody). */
export interface TaskBasicsForm {
  title: string;
  domain?: string;
  description?: string;
  leadUnitId: string;
  cooperatingUnitIds?: string[];
  cadence: Cadence;
  cadres: { cadreId: string; role: 'responsible' | 'taskforce'; part?: string }[];
}

/** The form's values as the API takes them. */
export function basicsBody(v: TaskBasicsForm) {
  return {
    title: v.title,
    domain: v.domain || null,
    description: v.description || null,
    leadUnitId: v.leadUnitId,
    cooperatingUnitIds: v.cooperatingUnitIds ?? [],
    cadence: v.cadence,
    cadres: (v.cadres ?? []).map((c) => ({ ...c, part: c.part || null })),
  };
}

function useUnitOptions(enabled: boolean) {
  const units = useQuery({
    queryKey: ['org', 'units', 'all'],
    queryFn: () => call(orgApi.listUnits, { query: { pageSize: 200 } }),
    enabled,
  });
  return (units.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }));
}

/**
 * Name, units, cadence, description, responsible cadres and task force. `reportingLocked` (the
 * task has reports) keeps the lead unit and the cadence as they are, with the reason.
 */
export function TaskBasicsFields(props: { open: boolean; reportingLocked?: boolean; dates?: ReactNode }) {
  const unitOptions = useUnitOptions(props.open);
  const locked = props.reportingLocked
    ? '已有进度报送，牵头单位和报送频次不能更改（已报送的进度属于原牵头单位、按原频次分期）'
    : undefined;
  return (
    <>
      <Form.Item name="title" label="任务名称" rules={[{ required: true, message: '请填写任务名称' }]}>
        <Input maxLength={80} data-testid="task-title" />
      </Form.Item>
      <Space wrap style={{ width: '100%' }}>
        <Form.Item name="leadUnitId" label="牵头单位" rules={[{ required: true, message: '请选择牵头单位' }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={unitOptions}
            style={{ width: 240 }}
            disabled={!!locked}
            title={locked}
          />
        </Form.Item>
        <Form.Item name="cooperatingUnitIds" label="配合单位">
          <Select
            mode="multiple"
            showSearch={{ optionFilterProp: 'label' }}
            options={unitOptions}
            style={{ width: 460 }}
          />
        </Form.Item>
      </Space>
      <Space wrap>
        <Form.Item name="cadence" label="报送频次" rules={[{ required: true }]}>
          <Select
            style={{ width: 120 }}
            options={CADENCES.map((c) => ({ value: c, label: CADENCE_LABELS[c] }))}
            disabled={!!locked}
          />
        </Form.Item>
        {props.dates}
        <Form.Item name="domain" label="领域">
          <Input maxLength={30} style={{ width: 160 }} />
        </Form.Item>
      </Space>
      {locked && (
        <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
          {locked}
        </Typography.Paragraph>
      )}
      <Form.Item name="description" label="任务说明">
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
      <Typography.Text strong>责任领导与专班成员</Typography.Text>
      <Form.List name="cadres">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f) => (
              <Space key={f.key} align="baseline" wrap>
                <Form.Item name={[f.name, 'cadreId']} rules={[{ required: true, message: '请选择干部' }]}>
                  <RemoteSelect
                    list={orgApi.listCadres}
                    one={orgApi.getCadre}
                    label={(c) => `${c.name}${c.unitName ? `（${c.unitName}）` : ''}`}
                    style={{ width: 260 }}
                  />
                </Form.Item>
                <Form.Item name={[f.name, 'role']} rules={[{ required: true }]}>
                  <Select
                    style={{ width: 120 }}
                    options={[
                      { value: 'responsible', label: '责任领导' },
                      { value: 'taskforce', label: '专班成员' },
                    ]}
                  />
                </Form.Item>
                <Form.Item name={[f.name, 'part']}>
                  <Input placeholder="分工" maxLength={200} style={{ width: 220 }} />
                </Form.Item>
                <Tooltip title="移出任务">
                  <MinusCircleOutlined onClick={() => remove(f.name)} />
                </Tooltip>
              </Space>
            ))}
            <Button
              type="dashed"
              onClick={() => add({ role: 'taskforce' })}
              icon={<PlusOutlined />}
              style={{ marginBottom: 16 }}
            >
              添加人员
            </Button>
          </>
        )}
      </Form.List>
    </>
  );
}
