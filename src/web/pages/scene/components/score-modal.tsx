import {
  Alert,
  App,
  AutoComplete,
  Button,
  Col,
  Form,
  InputNumber,
  Modal,
  Row,
  Space,
  Typography,
} from 'antd';
import { useState } from 'react';
import { sheetTotal } from '../../../../analytics/score-sheet.ts';
import { orgApi } from '../../../../common/contracts/org.ts';
import { sceneApi } from '../../../../common/contracts/scene.ts';
import { call } from '../../../api/client.ts';
import { errorText } from '../../../components/errors.ts';
import { RemoteSelect } from '../../../components/remote-select.tsx';
import { type ActivityDetail, cadreLabel, criteriaText, f2 } from '../scene-options.ts';

interface ScoreForm {
  judge?: string;
  cadreId?: string;
  scores: Record<string, number | null>;
}

/** One score sheet: a judge's marks of one participant on each criterion (the modal stays open for the next). */
export function ScoreModal(props: {
  a: ActivityDetail;
  open: boolean;
  judges: string[];
  onClose(): void;
  onDone(): void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<ScoreForm>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const dims = props.a.dimensions;
  const scores = Form.useWatch('scores', form);
  // The same total the ranking is built on, while the sheet is typed in.
  const total = sheetTotal(dims, scores ?? {});
  const save = async (f: ScoreForm) => {
    setBusy(true);
    setError(null);
    try {
      await call(sceneApi.score, {
        params: { id: props.a.id },
        // The form requires every mark and the participant before it submits.
        body: {
          judge: f.judge?.trim() ?? '',
          cadreId: f.cadreId!,
          scores: f.scores as Record<string, number>,
        },
      });
      message.success('评分已保存，可继续录入下一份');
      // keep the judge for the next sheet of the same judge
      form.setFieldsValue({ cadreId: undefined, scores: {} });
      props.onDone();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      title="录入评分"
      open={props.open}
      onCancel={props.onClose}
      footer={null}
      width={600}
      destroyOnHidden
      mask={{ closable: false }}
      afterClose={() => setError(null)}
    >
      <Form<ScoreForm>
        form={form}
        layout="vertical"
        onFinish={save}
        initialValues={{ scores: {} }}
        preserve={false}
      >
        {error && (
          <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="score-error" />
        )}
        <Typography.Paragraph type="secondary">
          同一评委对同一干部再次录入即为更正。评分标准：{criteriaText(dims)}。
        </Typography.Paragraph>
        <Row gutter={16}>
          <Col xs={24} sm={10}>
            <Form.Item
              name="judge"
              label="评委"
              rules={[
                { required: true, whitespace: true, message: '请填写评委' },
                { max: 30, message: '不能超过 30 个字' },
              ]}
            >
              <AutoComplete
                options={props.judges.map((j) => ({ value: j }))}
                placeholder="评委姓名（单位）"
                filterOption={(input, o) => String(o?.value ?? '').includes(input)}
                data-testid="score-judge"
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={14}>
            <Form.Item
              name="cadreId"
              label="参赛干部"
              rules={[{ required: true, message: '请选择参赛干部' }]}
            >
              <RemoteSelect
                list={orgApi.listCadres}
                one={orgApi.getCadre}
                label={cadreLabel}
                placeholder="输入姓名搜索"
                data-testid="score-cadre"
              />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          {dims.map((d) => (
            <Col key={d.code} xs={24} sm={8}>
              <Form.Item
                name={['scores', d.code]}
                label={`${d.name}${d.weight ? `（权重 ${d.weight}）` : ''}`}
                rules={[{ required: true, message: `请填写${d.name}得分` }]}
              >
                <InputNumber
                  min={0}
                  max={100}
                  precision={1}
                  style={{ width: '100%' }}
                  placeholder="0–100"
                  data-testid={`score-${d.code}`}
                />
              </Form.Item>
            </Col>
          ))}
        </Row>
        <Space style={{ width: '100%', justifyContent: 'space-between' }}>
          <Typography.Text type="secondary" data-testid="score-total">
            加权总分：{total === null ? '—' : f2(total)}
          </Typography.Text>
          <Space>
            <Button onClick={props.onClose}>关闭</Button>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="score-save">
              保存评分
            </Button>
          </Space>
        </Space>
      </Form>
    </Modal>
  );
}
