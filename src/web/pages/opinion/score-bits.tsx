import { ArrowDownOutlined, ArrowUpOutlined, MinusOutlined } from '@ant-design/icons';
import { Progress, Tooltip, Typography } from 'antd';
import { fmtScore, scoreColor } from './opinion-options.ts';

/** A 0–100 figure as a bar with its value. */
export function ScoreBar(props: { value: number | null | undefined; width?: number | string }) {
  if (props.value === null || props.value === undefined)
    return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Progress
      percent={props.value}
      strokeColor={scoreColor(props.value)}
      format={() => fmtScore(props.value)}
      size="small"
      style={{ margin: 0, width: props.width ?? '100%' }}
    />
  );
}

/** The change from the round before: an arrow and the difference, or nothing comparable. */
export function Change(props: { value: number | null | undefined }) {
  const v = props.value;
  if (v === null || v === undefined)
    return (
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        —
      </Typography.Text>
    );
  if (v === 0)
    return (
      <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="change">
        <MinusOutlined /> 持平
      </Typography.Text>
    );
  const up = v > 0;
  return (
    <Tooltip title="与上一轮相比">
      <span
        style={{ color: up ? '#389e0d' : '#cf1322', fontSize: 12, whiteSpace: 'nowrap' }}
        data-testid="change"
      >
        {up ? <ArrowUpOutlined /> : <ArrowDownOutlined />} {Math.abs(Math.round(v * 100) / 100)}
      </span>
    </Tooltip>
  );
}

const BAR_COLORS = ['#ff7875', '#ffa940', '#ffd666', '#95de64', '#52c41a', '#389e0d', '#237804'];

/**
 * How many ballots gave each point of the scale for one item, as a small column chart: the
 * counts only, never who.
 */
export function Distribution(props: { counts: number[]; labels: string[]; height?: number }) {
  const max = Math.max(1, ...props.counts);
  const total = props.counts.reduce((s, n) => s + n, 0);
  const h = props.height ?? 56;
  const colors = props.counts.length <= 5 ? BAR_COLORS.slice(0, 5) : BAR_COLORS;
  return (
    <div style={{ display: 'flex', gap: 6, alignItems: 'flex-end' }} data-testid="distribution">
      {props.counts.map((n, i) => (
        <Tooltip
          // biome-ignore lint/suspicious/noArrayIndexKey: the scale points are fixed positions
          key={i}
          title={`${props.labels[i] ?? i + 1}：${n} 份${total ? `（${Math.round((n / total) * 100)}%）` : ''}`}
        >
          <div style={{ width: 34, textAlign: 'center' }}>
            <div style={{ fontSize: 11, color: 'rgba(0,0,0,0.65)' }}>{n}</div>
            <div style={{ height: h, display: 'flex', alignItems: 'flex-end' }}>
              <div
                style={{
                  width: '100%',
                  height: n ? Math.max(2, Math.round((n / max) * h)) : 1,
                  background: n ? colors[Math.min(i, colors.length - 1)] : '#f0f0f0',
                  borderRadius: '2px 2px 0 0',
                }}
              />
            </div>
            <div
              style={{
                fontSize: 11,
                color: 'rgba(0,0,0,0.45)',
                borderTop: '1px solid #d9d9d9',
                whiteSpace: 'nowrap',
              }}
            >
              {props.labels[i] ?? i + 1}
            </div>
          </div>
        </Tooltip>
      ))}
    </div>
  );
}
