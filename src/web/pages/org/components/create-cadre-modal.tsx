import { Alert, Col, DatePicker, Form, Input, InputNumber, Modal, Row, Select, Switch } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { orgApi, type TEAM_PLACES } from '../../../../common/contracts/org.ts';
import { ApiError, call } from '../../../api/client.ts';
import { errorText } from '../../../components/errors.ts';
import { fieldErrors } from '../../../components/form-errors.ts';
import { RemoteSelect } from '../../../components/remote-select.tsx';
import { DAY, SEX_OPTIONS, TEAM_PLACE_OPTIONS, unitLabel, useDict } from '../org-options.ts';

interface CadreFormValues {
  code: string;
  name: string;
  sex: '男' | '女';
  birthYear: number;
  birthMonth?: number | null;
  ethnicity?: string;
  education?: string;
  unitId: string;
  post: string;
  teamPlace: (typeof TEAM_PLACES)[number];
  rankCode?: string;
  roleTypeCode?: string;
  young?: boolean;
  startsOn: Dayjs;
  docNo?: string;
}

/** The form's fields, named as in the endpoint's body. */
const CADRE_FIELDS = [
  'code',
  'name',
  'sex',
  'birthYear',
  'birthMonth',
  'ethnicity',
  'education',
  'unitId',
  'post',
  'teamPlace',
  'rankCode',
  'roleTypeCode',
  'startsOn',
  'docNo',
] as const satisfies readonly (keyof CadreFormValues)[];

const MONTHS = Array.from({ length: 12 }, (_, i) => ({ value: i + 1, label: `${i + 1} 月` }));

/** 新建干部 with the first appointment that places them. */
export function CreateCadreModal(props: { open: boolean; onClose(): void; onCreated(name: string): void }) {
  const [form] = Form.useForm<CadreFormValues>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ranks = useDict('rank');
  const roleTypes = useDict('role_type');
  const submit = async (v: CadreFormValues) => {
    setBusy(true);
    try {
      const body = {
        ...v,
        birthMonth: v.birthMonth ?? null,
        ethnicity: v.ethnicity?.trim() || null,
        education: v.education?.trim() || null,
        rankCode: v.rankCode ?? null,
        roleTypeCode: v.roleTypeCode ?? null,
        young: !!v.young,
        startsOn: v.startsOn.format(DAY),
        docNo: v.docNo?.trim() || null,
      };
      await call(orgApi.createCadre, { body });
      setError(null);
      props.onCreated(v.name);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'ALREADY_EXISTS') {
        // The only unique field of a cadre is the 人员编号; the server's message does not name it.
        const msg = `人员编号“${v.code}”已被使用，请核对此人是否已在名册中`;
        setError(msg);
        form.setFields([{ name: 'code', errors: ['人员编号已被使用'] }]);
        return;
      }
      setError(errorText(e));
      form.setFields(fieldErrors(e, CADRE_FIELDS));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      title="新建干部"
      open={props.open}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText="创建"
      confirmLoading={busy}
      width={760}
      destroyOnHidden
      afterClose={() => setError(null)}
    >
      {error && (
        <Alert
          type="error"
          showIcon
          title={error}
          style={{ marginBottom: 12 }}
          data-testid="cadre-create-error"
        />
      )}
      <Form<CadreFormValues>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ sex: '男', ethnicity: '汉族', young: false, startsOn: dayjs() }}
        onFinish={submit}
      >
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item
              name="code"
              label="人员编号"
              rules={[{ required: true, whitespace: true, message: '请填写人员编号' }, { max: 30 }]}
            >
              <Input />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              name="name"
              label="姓名"
              rules={[{ required: true, whitespace: true, message: '请填写姓名' }, { max: 30 }]}
            >
              <Input />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="sex" label="性别" rules={[{ required: true, message: '请选择性别' }]}>
              <Select options={SEX_OPTIONS} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="birthYear" label="出生年" rules={[{ required: true, message: '请填写出生年' }]}>
              <InputNumber
                min={1940}
                max={2010}
                precision={0}
                style={{ width: '100%' }}
                placeholder="如 1982"
              />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="birthMonth" label="出生月">
              <Select allowClear options={MONTHS} placeholder="选填" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="ethnicity" label="民族" rules={[{ max: 20 }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="education" label="学历" rules={[{ max: 60 }]}>
              <Input placeholder="如 大学（管理学学士）" />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item name="unitId" label="单位" rules={[{ required: true, message: '请选择单位' }]}>
              <RemoteSelect
                list={orgApi.listUnits}
                one={orgApi.getUnit}
                label={unitLabel}
                data-testid="cadre-unit"
              />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              name="post"
              label="职务"
              rules={[{ required: true, whitespace: true, message: '请填写职务' }, { max: 80 }]}
            >
              <Input placeholder="如 副局长" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              name="teamPlace"
              label="班子位置"
              rules={[{ required: true, message: '请选择班子位置' }]}
            >
              <Select options={TEAM_PLACE_OPTIONS} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="rankCode" label="职级">
              <Select allowClear options={ranks} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="roleTypeCode" label="角色类型">
              <Select allowClear options={roleTypes} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              name="startsOn"
              label="任职日期"
              rules={[{ required: true, message: '请选择任职日期' }]}
            >
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="docNo" label="任免文号" rules={[{ max: 60 }]}>
              <Input placeholder="选填" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="young" label="年轻干部" valuePropName="checked">
              <Switch checkedChildren="是" unCheckedChildren="否" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
