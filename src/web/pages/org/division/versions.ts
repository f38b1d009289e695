import dayjs from 'dayjs';
import { DAY } from '../org-options.ts';

/** A division version's dates: it starts on `effectiveFrom` and stops where the next starts. */
interface Span {
  effectiveFrom: string;
  effectiveTo: string | null;
}

export function versionState(v: Span) {
  const today = dayjs().format(DAY);
  if (v.effectiveFrom > today) return 'pending' as const;
  if (v.effectiveTo && v.effectiveTo <= today) return 'past' as const;
  return 'current' as const;
}

/** 有效期 as people write it: both days inclusive (a version ends the day before the next starts). */
export function periodText(v: Span) {
  if (!v.effectiveTo) return `${v.effectiveFrom} 至 现行`;
  if (v.effectiveTo <= v.effectiveFrom) return `${v.effectiveFrom}（当日即被替代）`;
  return `${v.effectiveFrom} 至 ${dayjs(v.effectiveTo).subtract(1, 'day').format(DAY)}`;
}
