import { useQuery } from '@tanstack/react-query';
import { Tag, Tooltip } from 'antd';
import type { WireOf } from '../../../common/api.ts';
import { type ApplicationStatus, rewardsApi, STATUS_LABELS } from '../../../common/contracts/rewards.ts';
import { call } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';

export type ApplicationItem = WireOf<typeof rewardsApi.list>['items'][number];
export type ApplicationDetail = WireOf<typeof rewardsApi.get>;
export type Clock = NonNullable<ApplicationItem['clock']>;
export type Batch = WireOf<typeof rewardsApi.batches>['items'][number];

const STATUS_COLORS: Record<ApplicationStatus, string> = {
  draft: 'default',
  review: 'processing',
  approve: 'purple',
  award: 'gold',
  awarded: 'success',
  returned: 'warning',
  rejected: 'error',
};

export function StatusTag({ status }: { status: ApplicationStatus }) {
  return <Tag color={STATUS_COLORS[status]}>{STATUS_LABELS[status]}</Tag>;
}

/** The month's clock: days since submission and days left (red once past). */
export function ClockTag({ clock }: { clock: Clock | null }) {
  if (!clock) return <span>—</span>;
  const text = clock.overdue
    ? `已超出 ${-clock.remainingDays} 天`
    : `第 ${clock.elapsedDays} 天 · 剩 ${clock.remainingDays} 天`;
  return (
    <Tooltip
      title={`${clock.submittedOn} 提交，全流程应于 ${clock.dueOn} 前完成${clock.withUnitWorkingDays ? `；其中退回单位 ${clock.withUnitWorkingDays} 个工作日` : ''}`}
    >
      <Tag
        color={clock.overdue ? 'red' : clock.remainingDays <= 5 ? 'orange' : 'blue'}
        data-testid="month-clock"
      >
        {text}
      </Tag>
    </Tooltip>
  );
}

export function OverdueTag({ days }: { days: number }) {
  return days > 0 ? <Tag color="red">超期 {days} 个工作日</Tag> : null;
}

export function useRewardOptions() {
  const { can } = useSession();
  return useQuery({
    queryKey: ['rewards', 'options'],
    queryFn: () => call(rewardsApi.options),
    enabled: can('rewards.read'),
    staleTime: 300_000,
  });
}

export function useBatches() {
  const { can } = useSession();
  return useQuery({
    queryKey: ['rewards', 'batches'],
    queryFn: () => call(rewardsApi.batches),
    enabled: can('rewards.read'),
  });
}
