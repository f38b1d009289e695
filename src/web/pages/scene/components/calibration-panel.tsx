import { Alert, Space, Tag, Tooltip, Typography } from 'antd';
import {
  type CalibrationView,
  type Estimate,
  f2,
  JUDGE_CALIBRATION_TEXT,
  OBSERVER_CALIBRATION_TEXT,
  signed,
} from '../scene-options.ts';

const WHO = { judge: '评委', observer: '观察人' } as const;

/**
 * How the ratings on this page were calibrated for their raters' leniency (as the server fitted
 * it): the method in a sentence, each judge's or observer's leniency with its interval, and the
 * warnings of a thin or split design — or, where nothing could be calibrated, why.
 */
export function CalibrationPanel(props: { cal: CalibrationView; who: 'judge' | 'observer'; scope?: string }) {
  const { cal, who } = props;
  const noun = WHO[who];
  const crossed = cal.method === 'crossed';
  return (
    <Alert
      type={crossed && cal.warnings.length === 0 ? 'info' : 'warning'}
      showIcon
      style={{ marginBottom: 12 }}
      title={crossed ? `${noun}宽严校正` : '评分未经校准'}
      data-testid="calibration-panel"
      description={
        <Space orientation="vertical" size={6}>
          {crossed ? (
            <span data-testid="leniency-text">
              {who === 'judge' ? JUDGE_CALIBRATION_TEXT : OBSERVER_CALIBRATION_TEXT}
            </span>
          ) : (
            <span data-testid="calibration-reason">{cal.reason}。下列分数为原始分。</span>
          )}
          {props.scope && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              依据：{props.scope}
            </Typography.Text>
          )}
          {cal.raters.length > 0 && (
            <Space size={[6, 6]} wrap data-testid="judge-means">
              <Typography.Text type="secondary">各{noun}平均分与宽严：</Typography.Text>
              {cal.raters.map((r) => (
                <RaterTag
                  key={r.key}
                  name={r.name}
                  mean={r.mean}
                  leniency={r.leniency}
                  calibrated={r.calibrated}
                />
              ))}
            </Space>
          )}
          {crossed && cal.sd && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              标准差：{who === 'judge' ? '参赛者之间' : '干部之间'} {f2(cal.sd.target)}，{noun}之间{' '}
              {f2(cal.sd.rater)}，其余（同一对象各次评分之间）{f2(cal.sd.residual)}
            </Typography.Text>
          )}
          {cal.warnings.map((w) => (
            <Typography.Text
              key={`${w.code}-${w.rater ?? ''}`}
              type="warning"
              data-testid="calibration-warning"
            >
              {w.message}
            </Typography.Text>
          ))}
        </Space>
      }
    />
  );
}

/** A rater's mean, and their leniency where the interval lies wholly above (宽) or below (严) zero. */
function RaterTag(props: { name: string; mean: number; leniency: Estimate | null; calibrated: boolean }) {
  const l = props.leniency;
  const lenient = props.calibrated && !!l && l.low > 0;
  const strict = props.calibrated && !!l && l.high < 0;
  const title = !props.calibrated
    ? '未与其他评分人评过同一对象，宽严无法比较'
    : l
      ? `宽严 ${signed(l.estimate)} 分（95% 区间 ${signed(l.low)} 至 ${signed(l.high)}）`
      : undefined;
  return (
    <Tooltip title={title}>
      <Tag color={lenient ? 'orange' : strict ? 'blue' : 'default'} style={{ marginInlineEnd: 0 }}>
        {props.name} {f2(props.mean)}
        {props.calibrated && l ? `（${signed(l.estimate)}${lenient ? ' 偏宽' : strict ? ' 偏严' : ''}）` : ''}
        {!props.calibrated ? '（无法比较）' : ''}
      </Tag>
    </Tooltip>
  );
}

/** A calibrated figure with its interval beneath; “未校准” where there is none. */
export function CalibratedFigure(props: { value: Estimate | null; strong?: boolean }) {
  const v = props.value;
  if (!v) return <Typography.Text type="secondary">未校准</Typography.Text>;
  return (
    <Space orientation="vertical" size={0} style={{ alignItems: 'flex-end' }}>
      <Typography.Text strong={props.strong} data-testid="calibrated-score">
        {f2(v.estimate)}
      </Typography.Text>
      <Typography.Text
        type="secondary"
        style={{ fontSize: 12, whiteSpace: 'nowrap' }}
        data-testid="calibrated-interval"
      >
        {f2(v.low)}–{f2(v.high)}
      </Typography.Text>
    </Space>
  );
}
