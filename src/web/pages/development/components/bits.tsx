import { Tag } from 'antd';
import {
  OUTCOME_LABELS,
  type Outcome,
  PLAN_KIND_LABELS,
  PLAN_STATUS_LABELS,
  type PlanKind,
  PROGRESS_LABELS,
  type Progress,
} from '../../../../common/contracts/development.ts';

const KIND_COLORS: Record<PlanKind, string> = { guidance: 'blue', study: 'purple', pressure: 'volcano' };
const OUTCOME_COLORS: Record<Outcome, string> = { met: 'green', extended: 'orange', reassigned: 'red' };
const PROGRESS_COLORS: Record<Progress, string> = { good: 'green', fair: 'blue', behind: 'red' };

export const KindTag = ({ kind }: { kind: PlanKind }) => (
  <Tag color={KIND_COLORS[kind]}>{PLAN_KIND_LABELS[kind]}</Tag>
);

export function StatusTag(props: { status: 'active' | 'ended'; outcome: Outcome | null }) {
  return (
    <>
      <Tag color={props.status === 'active' ? 'processing' : 'default'}>
        {PLAN_STATUS_LABELS[props.status]}
      </Tag>
      {props.outcome && <Tag color={OUTCOME_COLORS[props.outcome]}>{OUTCOME_LABELS[props.outcome]}</Tag>}
    </>
  );
}

export const ProgressTag = ({ progress }: { progress: Progress }) => (
  <Tag color={PROGRESS_COLORS[progress]}>{PROGRESS_LABELS[progress]}</Tag>
);

/** 已达成 2 / 3，逾期 1 */
export function MilestoneSummary(props: {
  m: { total: number; met: number; missed: number; overdue: number };
}) {
  const { m } = props;
  return (
    <span>
      已达成 {m.met} / {m.total}
      {m.missed > 0 && <span style={{ color: '#cf1322' }}>，未达成 {m.missed}</span>}
      {m.overdue > 0 && <span style={{ color: '#d46b08' }}>，逾期 {m.overdue}</span>}
    </span>
  );
}
