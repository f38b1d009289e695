import {
  CheckCircleFilled,
  CheckOutlined,
  DownOutlined,
  EyeInvisibleOutlined,
  RightOutlined,
  UndoOutlined,
} from '@ant-design/icons';
import { Button, Card, Input, Tag, Typography } from 'antd';
import type { WireOf } from '../../../common/api.ts';
import type { opinionApi } from '../../../common/contracts/opinion.ts';

/** One cadre's card on the ballot: the scale of each item, a comment, or skipping the cadre. */

/** What a ballot page shows (a personal or a public link). */
export type BallotView = WireOf<typeof opinionApi.openBallot>;

export interface CadreAnswer {
  answers: Record<string, number>;
  text: string;
  skipped: boolean;
}

const TEXT_MAX = 500;
export const PRIMARY = '#b8322a';

export function CadreCard(props: {
  index: number;
  cadre: BallotView['cadres'][number];
  view: BallotView;
  value: CadreAnswer;
  answered: number;
  total: number;
  scale: { value: number; label: string }[];
  open: boolean;
  last: boolean;
  onToggle(): void;
  onChange(patch: Partial<CadreAnswer>): void;
  onSkip(): void;
  onNext(): void;
}) {
  const { cadre: c, value: a, view: v } = props;
  const skipped = v.mayskip && a.skipped;
  const complete = props.answered === props.total;
  const status = skipped ? (
    <Tag icon={<EyeInvisibleOutlined />} style={{ marginInlineEnd: 0 }}>
      已跳过
    </Tag>
  ) : complete ? (
    <Tag color="success" icon={<CheckCircleFilled />} style={{ marginInlineEnd: 0 }}>
      已完成
    </Tag>
  ) : props.answered > 0 ? (
    <Tag color="orange" style={{ marginInlineEnd: 0 }}>
      {props.answered}/{props.total} 题
    </Tag>
  ) : (
    <Tag style={{ marginInlineEnd: 0 }}>未评价</Tag>
  );
  let n = 0;
  return (
    <Card
      size="small"
      style={{
        marginBottom: 12,
        borderColor: props.open ? PRIMARY : undefined,
        boxShadow: props.open ? '0 2px 10px rgba(184,50,42,.12)' : undefined,
      }}
      styles={{ body: { padding: 0 } }}
      data-testid="ballot-cadre"
      data-state={skipped ? 'skipped' : complete ? 'done' : 'todo'}
    >
      <button
        type="button"
        onClick={props.onToggle}
        aria-expanded={props.open}
        style={{
          all: 'unset',
          boxSizing: 'border-box',
          width: '100%',
          display: 'flex',
          alignItems: 'center',
          gap: 10,
          padding: '14px 12px',
          minHeight: 64,
          cursor: 'pointer',
        }}
        data-testid="ballot-cadre-head"
      >
        <span
          style={{
            flex: 'none',
            width: 28,
            height: 28,
            borderRadius: 14,
            background: complete || skipped ? (skipped ? '#bfbfbf' : '#52c41a') : '#f0e6e4',
            color: complete || skipped ? '#fff' : PRIMARY,
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'center',
            fontWeight: 600,
          }}
        >
          {complete && !skipped ? <CheckOutlined /> : props.index}
        </span>
        <span style={{ flex: 1, minWidth: 0 }}>
          <span style={{ display: 'block', fontSize: 17, fontWeight: 600 }}>{c.name}</span>
          <span style={{ display: 'block', fontSize: 13, color: 'rgba(0,0,0,.5)', lineHeight: 1.4 }}>
            {[c.unitName, c.post].filter(Boolean).join(' · ') || '—'}
          </span>
        </span>
        {status}
        {props.open ? (
          <DownOutlined style={{ color: 'rgba(0,0,0,.35)' }} />
        ) : (
          <RightOutlined style={{ color: 'rgba(0,0,0,.35)' }} />
        )}
      </button>
      {props.open && (
        <div style={{ padding: '0 12px 14px', borderTop: '1px solid #f0f0f0' }}>
          {skipped ? (
            <div style={{ padding: '16px 0 4px', textAlign: 'center' }}>
              <Typography.Paragraph type="secondary">您选择了“不了解”，不评价这位干部。</Typography.Paragraph>
              <Button
                size="large"
                icon={<UndoOutlined />}
                onClick={() => props.onChange({ skipped: false })}
                data-testid="ballot-unskip"
              >
                撤销跳过，继续评价
              </Button>
            </div>
          ) : (
            <>
              {v.mayskip && (
                <div
                  style={{
                    display: 'flex',
                    alignItems: 'center',
                    justifyContent: 'space-between',
                    gap: 8,
                    padding: '10px 0 2px',
                  }}
                >
                  <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                    不了解这位干部？
                  </Typography.Text>
                  <Button
                    icon={<EyeInvisibleOutlined />}
                    onClick={props.onSkip}
                    style={{ height: 40 }}
                    data-testid="ballot-skip"
                  >
                    不了解，跳过
                  </Button>
                </div>
              )}
              {v.questionnaire.dimensions.map((d) => (
                <div key={d.code}>
                  <div
                    style={{
                      margin: '14px 0 4px',
                      fontSize: 13,
                      fontWeight: 600,
                      color: PRIMARY,
                      borderLeft: `3px solid ${PRIMARY}`,
                      paddingLeft: 8,
                    }}
                  >
                    {d.name}
                  </div>
                  {d.items.map((i) => {
                    n += 1;
                    const picked = a.answers[i.code];
                    return (
                      <div key={i.code} style={{ padding: '8px 0' }}>
                        <div style={{ fontSize: 15, lineHeight: 1.5, marginBottom: 8 }}>
                          <span style={{ color: 'rgba(0,0,0,.45)' }}>{n}. </span>
                          {i.text}
                        </div>
                        <ScaleButtons
                          name={`${c.id}:${i.code}`}
                          label={i.text}
                          scale={props.scale}
                          value={picked}
                          onChange={(s) => props.onChange({ answers: { ...a.answers, [i.code]: s } })}
                          testid={`ballot-item-${i.code}`}
                        />
                      </div>
                    );
                  })}
                </div>
              ))}
              {v.questionnaire.freeText && (
                <div style={{ paddingTop: 10 }}>
                  <div style={{ fontSize: 15, marginBottom: 6 }}>
                    意见建议
                    <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                      （选填）
                    </Typography.Text>
                  </div>
                  <Input.TextArea
                    value={a.text}
                    onChange={(e) => props.onChange({ text: e.target.value })}
                    maxLength={TEXT_MAX}
                    showCount
                    autoSize={{ minRows: 3, maxRows: 8 }}
                    placeholder="对这位干部的评价、意见或建议（请勿填写您的姓名等个人信息）"
                    style={{ fontSize: 16 }}
                    data-testid="ballot-text"
                  />
                </div>
              )}
              <Button
                type={complete ? 'primary' : 'default'}
                size="large"
                block
                disabled={!complete}
                onClick={props.onNext}
                style={{ height: 48, marginTop: 22, fontSize: 16 }}
                data-testid="ballot-next"
              >
                {complete
                  ? props.last
                    ? '完成，去提交'
                    : '完成，评价下一位'
                  : `还有 ${props.total - props.answered} 题未作答`}
              </Button>
            </>
          )}
        </div>
      )}
    </Card>
  );
}

/** Keyboard focus on a scale point (inline styles cannot say :focus-visible). */
export const SCALE_CSS =
  '.yzd-scale input:focus-visible + span { outline: 2px solid #b8322a; outline-offset: 2px; }';

/** One item's scale as a row of large buttons: real radio inputs, visually hidden, under labels. */
function ScaleButtons(props: {
  name: string;
  label: string;
  scale: { value: number; label: string }[];
  value: number | undefined;
  onChange(v: number): void;
  testid: string;
}) {
  const n = props.scale.length;
  const cols = n <= 6 ? n : Math.ceil(n / 2);
  return (
    <div
      role="radiogroup"
      aria-label={props.label}
      className="yzd-scale"
      style={{ display: 'grid', gridTemplateColumns: `repeat(${cols}, 1fr)`, gap: 6 }}
      data-testid={props.testid}
    >
      {props.scale.map((s) => {
        const on = props.value === s.value;
        return (
          <label
            key={s.value}
            style={{ position: 'relative', display: 'block', minWidth: 0, cursor: 'pointer' }}
          >
            <input
              type="radio"
              name={props.name}
              value={s.value}
              checked={on}
              onChange={() => props.onChange(s.value)}
              style={{ position: 'absolute', opacity: 0, width: 1, height: 1, margin: 0 }}
            />
            <span
              style={{
                display: 'flex',
                alignItems: 'center',
                justifyContent: 'center',
                height: 46,
                padding: '0 2px',
                fontSize: 15,
                fontWeight: on ? 600 : 400,
                borderRadius: 6,
                border: `1px solid ${on ? PRIMARY : '#d9d9d9'}`,
                background: on ? PRIMARY : '#fff',
                color: on ? '#fff' : 'rgba(0,0,0,.85)',
                transition: 'background .15s, color .15s',
                WebkitTapHighlightColor: 'transparent',
                whiteSpace: 'nowrap',
                overflow: 'hidden',
                textOverflow: 'ellipsis',
                userSelect: 'none',
              }}
              data-value={s.value}
            >
              {s.label}
            </span>
          </label>
        );
      })}
    </div>
  );
}
