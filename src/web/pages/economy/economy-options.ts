import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { WireOf } from '../../../common/api.ts';
import {
  ALERT_STATUS_LABELS,
  ALERT_STATUSES,
  type AlertStatus,
  DIRECTION_LABELS,
  DIRECTIONS,
  economyApi,
  FREQUENCIES,
  FREQUENCY_LABELS,
  INDICATOR_KIND_LABELS,
  INDICATOR_KINDS,
  INTERVIEW_STATUS_LABELS,
  INTERVIEW_STATUSES,
  type InterviewStatus,
  KPI_FORMULA_LABELS,
  KPI_FORMULAS,
  RULE_KIND_LABELS,
  RULE_KINDS,
  type RuleKind,
} from '../../../common/contracts/economy.ts';
import { call } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';

// ——— answers of the API, as the contract declares them ———

export type IndicatorView = WireOf<typeof economyApi.indicator>;
export type RevisionView = WireOf<typeof economyApi.revisions>['items'][number];
export type CurvesView = WireOf<typeof economyApi.curves>;
export type ApiKeyView = WireOf<typeof economyApi.apiKeys>['items'][number];
export type KpiView = WireOf<typeof economyApi.reviseKpi>;
export type KpiValueRow = WireOf<typeof economyApi.kpiValues>['items'][number];
export type KpiTrace = WireOf<typeof economyApi.kpiTrace>;
export type RuleView = WireOf<typeof economyApi.reviseRule>;
export type AlertView = WireOf<typeof economyApi.alerts>['items'][number];
export type AlertDetail = WireOf<typeof economyApi.alert>;
export type AlertFigure = AlertDetail['figures'][number];
export type InterviewView = WireOf<typeof economyApi.interview>;
export type ForensicsView = WireOf<typeof economyApi.forensics>;

// ——— options and colours ———

const optionsOf = <K extends string>(keys: readonly K[], labels: Record<K, string>) =>
  keys.map((k) => ({ value: k, label: labels[k] }));

export const FREQUENCY_OPTIONS = optionsOf(FREQUENCIES, FREQUENCY_LABELS);
export const DIRECTION_OPTIONS = optionsOf(DIRECTIONS, DIRECTION_LABELS);
export const INDICATOR_KIND_OPTIONS = optionsOf(INDICATOR_KINDS, INDICATOR_KIND_LABELS);
export const KPI_FORMULA_OPTIONS = optionsOf(KPI_FORMULAS, KPI_FORMULA_LABELS);
export const RULE_KIND_OPTIONS = optionsOf(RULE_KINDS, RULE_KIND_LABELS);
export const ALERT_STATUS_OPTIONS = optionsOf(ALERT_STATUSES, ALERT_STATUS_LABELS);
export const INTERVIEW_STATUS_OPTIONS = optionsOf(INTERVIEW_STATUSES, INTERVIEW_STATUS_LABELS);

export const ALERT_STATUS_COLORS: Record<AlertStatus, string> = {
  open: 'gold',
  dismissed: 'default',
  escalated: 'red',
};
export const INTERVIEW_STATUS_COLORS: Record<InterviewStatus, string> = {
  pending: 'processing',
  done: 'success',
  not_done: 'error',
  overdue: 'warning',
};
export const RULE_KIND_COLORS: Record<RuleKind, string> = {
  quantity_quality: 'volcano',
  growth_efficiency: 'orange',
  crosscheck: 'purple',
  jump: 'magenta',
  benford: 'geekblue',
};

/** Chart colours shared by every economy chart. */
export const CHART = {
  value: '#1677ff',
  target: '#52c41a',
  revised: '#fa541c',
  expected: '#8c8c8c',
  second: '#fa8c16',
};

// ——— figures ———

/** A figure with at most `digits` decimals and thousands separators; — for none. */
export function fmtNum(v: number | null | undefined, digits = 2): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return v.toLocaleString('zh-CN', { maximumFractionDigits: digits });
}

/** A fraction as signed percentage points: 0.052 → +5.2%. */
export function fmtChange(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  const p = Math.round(v * 1000) / 10;
  return `${p > 0 ? '+' : ''}${p}%`;
}

/** A p-value or q-value: small ones in scientific notation. */
export function fmtP(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  if (v === 0) return '0';
  return v < 0.001 ? v.toExponential(1) : v.toFixed(3);
}

/** The indicator as it is named everywhere: 规上工业增加值增速（IND_GROWTH）. */
export const indicatorLabel = (i: { code: string; name: string }) => `${i.name}（${i.code}）`;

// ——— shared queries ———

/** GET /api/economy/departments: the data departments with their indicator counts. */
export function useDepartments(enabled = true) {
  return useQuery({
    queryKey: ['economy', 'departments'],
    queryFn: () => call(economyApi.departments),
    staleTime: 60_000,
    enabled,
    select: (d) => d.items,
  });
}

/** Every indicator of the catalog (for selects), in catalog order. */
export function useAllIndicators(enabled = true) {
  const q = useQuery({
    queryKey: ['economy', 'indicators', 'all'],
    queryFn: () => call(economyApi.indicators, { query: { pageSize: 200 } }),
    staleTime: 60_000,
    enabled,
  });
  const options = useMemo(
    () => (q.data?.items ?? []).map((i) => ({ value: i.id, label: indicatorLabel(i) })),
    [q.data],
  );
  return { ...q, options };
}

/** GET /api/economy/stats, for those who assess. */
export function useEconomyStats() {
  const { can } = useSession();
  return useQuery({
    queryKey: ['economy', 'stats'],
    queryFn: () => call(economyApi.stats),
    enabled: can('economy.assess'),
    staleTime: 10_000,
  });
}

// ——— list pages: filters in the address ———

/**
 * A list page's filters, kept in the address so that a link or a reload shows the same list.
 * `set` drops empty values and goes back to page 1 unless the page itself changes.
 */
export function useListParams() {
  const [params, setParams] = useSearchParams();
  const get = (k: string) => params.get(k)?.trim() || undefined;
  const set = (patch: Record<string, string | number | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, String(v));
    }
    if (!('page' in patch) || patch.page === 1) next.delete('page');
    setParams(next, { replace: true });
  };
  const clear = () => setParams(new URLSearchParams(), { replace: true });
  const page = Math.max(1, Number(params.get('page')) || 1);
  /** A value of `allowed`, or undefined. */
  const oneOf = <T extends string>(k: string, allowed: readonly T[]) => {
    const v = params.get(k);
    return allowed.includes(v as T) ? (v as T) : undefined;
  };
  return { get, set, clear, page, oneOf };
}

export const PAGE_SIZE = 20;
