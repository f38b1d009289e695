import dayjs from 'dayjs';
import { useMemo } from 'react';
import type { WireOf } from '../../../common/api.ts';
import {
  AMENDMENT_KIND_LABELS,
  type deliveryApi,
  FINDING_STATUS_LABELS,
  FINDING_STATUSES,
  type FindingStatus,
  ITEM_KIND_LABELS,
  ITEM_KINDS,
  type ItemKind,
  LIST_STATUS_LABELS,
  type ListStatus,
  PLAN_STATUS_LABELS,
  type PlanStatus,
  RECTIFICATION_STATUS_LABELS,
  type RectificationStatus,
  SELECTION_RULE_LABELS,
  SELECTION_RULES,
  TARGET_KIND_LABELS,
  TARGET_KINDS,
  VERDICT_LABELS,
  VERDICTS,
  type Verdict,
} from '../../../common/contracts/delivery.ts';
import { useDict } from '../org/org-options.ts';

// What the delivery pages show of the contract's records (colours, options, formats). The
// records' types come from the contract: WireOf<typeof deliveryApi.x>.

// ——— answers of the contract, by the names the pages use ———

export type { FindingStatus, ItemKind, PlanStatus, RectificationStatus, Verdict };

export type ListDetail = WireOf<typeof deliveryApi.list>;
export type ItemView = ListDetail['items'][number];
export type AmendmentView = ListDetail['amendments'][number];
export type ItemSnapshot = NonNullable<AmendmentView['before']>;
export type PlanDetail = WireOf<typeof deliveryApi.plan>;
export type PlanTarget = PlanDetail['targets'][number];
export type FindingDetail = WireOf<typeof deliveryApi.finding>;
export type RectificationDetail = WireOf<typeof deliveryApi.rectification>;

// ——— 年度干事清单 (lists, items, monthly reports) ———

/** A cadre's list state in GET /api/delivery/lists: `none` when no list has been drawn up yet. */
export type ListRowStatus = ListStatus | 'none';

export const ITEM_KIND_OPTIONS = ITEM_KINDS.map((k) => ({ value: k, label: ITEM_KIND_LABELS[k] }));
export const ITEM_KIND_COLORS: Record<ItemKind, string> = {
  indicator: 'blue',
  project: 'purple',
  reform: 'cyan',
};
export const TARGET_KIND_OPTIONS = TARGET_KINDS.map((k) => ({ value: k, label: TARGET_KIND_LABELS[k] }));

/** The tag of a list's state (with 未建 for a cadre without a list). */
export const LIST_STATUS_TAGS: Record<ListRowStatus, { label: string; color: string }> = {
  none: { label: '未建', color: 'default' },
  draft: { label: LIST_STATUS_LABELS.draft, color: 'gold' },
  submitted: { label: LIST_STATUS_LABELS.submitted, color: 'processing' },
  confirmed: { label: LIST_STATUS_LABELS.confirmed, color: 'success' },
};
export const LIST_STATUS_OPTIONS = (Object.keys(LIST_STATUS_TAGS) as ListRowStatus[]).map((s) => ({
  value: s,
  label: LIST_STATUS_TAGS[s].label,
}));

export const AMENDMENT_KIND_TAGS: Record<AmendmentView['kind'], { label: string; color: string }> = {
  return: { label: AMENDMENT_KIND_LABELS.return, color: 'red' },
  add: { label: AMENDMENT_KIND_LABELS.add, color: 'green' },
  change: { label: AMENDMENT_KIND_LABELS.change, color: 'blue' },
  withdraw: { label: AMENDMENT_KIND_LABELS.withdraw, color: 'default' },
};

export { latestReport, targetTotal } from '../../../analytics/delivery.ts';

/** A number without trailing zeros, at most 2 decimals. */
export const fmtNum = (v: number | string | null | undefined) =>
  v === null || v === undefined || v === '' ? '—' : String(Math.round(Number(v) * 100) / 100);

/** The target as a short text: "120亿元" or "3 个节点". */
export function targetText(i: Pick<ItemView, 'targetKind' | 'targetValue' | 'measureUnit' | 'milestones'>) {
  return i.targetKind === 'value'
    ? `${fmtNum(i.targetValue)}${i.measureUnit ?? ''}`
    : `${i.milestones?.length ?? 0} 个节点`;
}

/** Years offered by the year selectors: four back and the next one (and the one shown). */
export function yearOptions(shown: number) {
  const now = dayjs().year();
  const years = new Set([now + 1, now, now - 1, now - 2, now - 3, now - 4, shown]);
  return [...years].sort((a, b) => b - a).map((y) => ({ value: y, label: `${y} 年度` }));
}

// ——— verification visits, findings, rectification, statistics ———

export { PLAN_STATUS_LABELS };
export const PLAN_STATUS_COLORS: Record<PlanStatus, string> = {
  secret: 'purple',
  started: 'processing',
  completed: 'success',
};

export const VERDICT_COLORS: Record<Verdict, string> = {
  true: 'success',
  lagging: 'warning',
  ineffective: 'orange',
  false_report: 'error',
};
/** Solid colours of the four verdict buttons on the phone screen. */
export const VERDICT_BUTTON_COLORS: Record<Verdict, string> = {
  true: '#389e0d',
  lagging: '#d48806',
  ineffective: '#d4380d',
  false_report: '#a8071a',
};
export const VERDICT_OPTIONS = VERDICTS.map((v) => ({ value: v, label: VERDICT_LABELS[v] }));
export const verdictLabel = (v: Verdict | null | undefined) => (v ? VERDICT_LABELS[v] : '—');

export const FINDING_STATUS_COLORS: Record<FindingStatus, string> = {
  explaining: 'gold',
  explained: 'blue',
  final: 'red',
  appealed: 'purple',
  withdrawn: 'default',
};
export const FINDING_STATUS_OPTIONS = FINDING_STATUSES.map((s) => ({
  value: s,
  label: FINDING_STATUS_LABELS[s],
}));
export const findingStatusLabel = (s: FindingStatus | null | undefined) =>
  s ? FINDING_STATUS_LABELS[s] : '—';

export const RECTIFICATION_STATUS_COLORS: Record<RectificationStatus, string> = {
  open: 'processing',
  replied: 'gold',
  closed: 'success',
  cancelled: 'default',
};
export const rectificationStatusLabel = (s: RectificationStatus | null | undefined) =>
  s ? RECTIFICATION_STATUS_LABELS[s] : '—';

export type SelectionRule = (typeof SELECTION_RULES)[number];
export const SELECTION_RULE_OPTIONS = SELECTION_RULES.map((r) => ({
  value: r,
  label: SELECTION_RULE_LABELS[r],
}));

/** A share (0.125) as a percentage (12.5%). */
export const percent = (v: number | null | undefined) =>
  v === null || v === undefined ? '—' : `${Math.round(v * 1000) / 10}%`;

/** The name of a domain code from the dictionary (the code itself while loading or unknown). */
export function useDomainName(): (code: string | null | undefined) => string {
  const domains = useDict('domain');
  return useMemo(() => {
    const names = new Map(domains.map((d) => [d.value, d.label]));
    return (code) => (code ? (names.get(code) ?? code) : '—');
  }, [domains]);
}

/** The targets of a plan, cadre by cadre, in the plan's order. */
export function targetsByCadre(targets: PlanTarget[]) {
  const out: {
    cadreId: string;
    cadreName: string;
    post: string | null;
    unitName: string | null;
    items: PlanTarget[];
  }[] = [];
  for (const t of targets) {
    let g = out.find((x) => x.cadreId === t.cadreId);
    if (!g) {
      g = { cadreId: t.cadreId, cadreName: t.cadreName, post: t.post, unitName: t.unitName, items: [] };
      out.push(g);
    }
    g.items.push(t);
  }
  return out;
}
