import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, Modal, Rate, Space, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { sceneApi } from '../../../common/contracts/scene.ts';
import { call } from '../../api/client.ts';
import { errorText } from '../../components/errors.ts';
import {
  type Dimension,
  kindLabel,
  NOMINATION_STATUS_COLORS,
  type NominationStatus,
  nominationStatusLabel,
  RATING_TEXTS,
  SCENE_KIND_COLORS,
  type SceneKind,
  subtypeLabel,
} from './scene-options.ts';

/** The kind of an activity as a tag, with its subtype when given (列席会议 · 防汛抗台). */
export function KindTag(props: { kind: SceneKind; subtype?: string; short?: boolean }) {
  return (
    <Tag color={SCENE_KIND_COLORS[props.kind]} style={{ marginInlineEnd: 0 }}>
      {props.subtype && props.kind !== 'meeting'
        ? subtypeLabel(props.kind, props.subtype)
        : kindLabel(props.kind)}
    </Tag>
  );
}

export function NominationStatusTag(props: { status: NominationStatus }) {
  return (
    <Tag
      color={NOMINATION_STATUS_COLORS[props.status]}
      style={{ marginInlineEnd: 0 }}
      data-testid="nomination-status"
    >
      {nominationStatusLabel(props.status)}
    </Tag>
  );
}

/** One rating (1–5) as a figure: 5 in green, 1–2 in red, with its meaning on hover. */
export function RatingValue(props: { value: number | undefined }) {
  const v = props.value;
  if (v === undefined) return <Typography.Text type="secondary">—</Typography.Text>;
  const color = v >= 5 ? '#389e0d' : v <= 2 ? '#cf1322' : undefined;
  return (
    <Tooltip title={RATING_TEXTS[v - 1]}>
      <span style={{ whiteSpace: 'nowrap' }}>
        <Typography.Text strong style={{ color, fontSize: 16 }}>
          {v}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {' '}
          / 5
        </Typography.Text>
      </span>
    </Tooltip>
  );
}

/** The ratings of an observation, one line per dimension with stars (1–5). */
export function RatingLines(props: { dims: Dimension[]; ratings: Record<string, number> }) {
  return (
    <Space orientation="vertical" size={0}>
      {props.dims.map((d) => (
        <span key={d.code} style={{ whiteSpace: 'nowrap' }}>
          <Typography.Text type="secondary" style={{ display: 'inline-block', minWidth: 84 }}>
            {d.name}
          </Typography.Text>
          <Rate
            disabled
            value={props.ratings[d.code] ?? 0}
            tooltips={RATING_TEXTS}
            style={{ fontSize: 13 }}
          />
        </span>
      ))}
    </Space>
  );
}

interface Decidable {
  id: string;
  cadreName: string;
  reason: string;
  activityTitle?: string;
}

/**
 * A leader's two buttons on a pending nomination: 确认 (担当作为突出) or 不采纳, each asking for
 * confirmation with an optional note (a note is expected when declining).
 */
export function DecideButtons(props: { n: Decidable; onDone(): void }) {
  const [decision, setDecision] = useState<'confirmed' | 'declined' | null>(null);
  return (
    <>
      <Space size={4} wrap>
        <Button
          size="small"
          type="primary"
          icon={<CheckOutlined />}
          onClick={() => setDecision('confirmed')}
          data-testid="nomination-confirm"
        >
          确认
        </Button>
        <Button
          size="small"
          icon={<CloseOutlined />}
          onClick={() => setDecision('declined')}
          data-testid="nomination-decline"
        >
          不采纳
        </Button>
      </Space>
      <DecideModal
        n={props.n}
        decision={decision}
        onClose={() => setDecision(null)}
        onDone={() => {
          setDecision(null);
          props.onDone();
        }}
      />
    </>
  );
}

function DecideModal(props: {
  n: Decidable;
  decision: 'confirmed' | 'declined' | null;
  onClose(): void;
  onDone(): void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ note?: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirm = props.decision === 'confirmed';
  const submit = async ({ note }: { note?: string }) => {
    setBusy(true);
    setError(null);
    try {
      await call(sceneApi.decide, {
        params: { id: props.n.id },
        // The modal is open only with a decision chosen.
        body: { decision: props.decision!, note: note?.trim() || null },
      });
      message.success(confirm ? `已认定${props.n.cadreName}担当作为突出` : '已不予采纳');
      props.onDone();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      title={confirm ? '确认担当作为突出？' : '不予采纳该推荐？'}
      open={!!props.decision}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={confirm ? '确认认定' : '不予采纳'}
      okButtonProps={{ danger: !confirm, 'data-testid': 'decide-ok' } as never}
      confirmLoading={busy}
      destroyOnHidden
      afterClose={() => setError(null)}
    >
      <Typography.Paragraph>
        <Typography.Text strong>{props.n.cadreName}</Typography.Text>
        {props.n.activityTitle ? `（${props.n.activityTitle}）` : ''}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary" style={{ whiteSpace: 'pre-wrap' }}>
        推荐理由：{props.n.reason}
      </Typography.Paragraph>
      {confirm && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title="确认后记入该干部的时间轴（本人可见），结论不能再改。"
        />
      )}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" preserve={false} onFinish={submit}>
        <Form.Item
          name="note"
          label={confirm ? '认定意见（选填）' : '不予采纳的理由'}
          rules={[
            ...(confirm ? [] : [{ required: true, whitespace: true, message: '请填写不予采纳的理由' }]),
            { max: 500, message: '不能超过 500 个字' },
          ]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount data-testid="decide-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
