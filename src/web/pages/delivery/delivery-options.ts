import dayjs from 'dayjs';
import { useMemo } from 'react';
import {
  FINDING_STATUS_LABELS,
  ITEM_KIND_LABELS,
  ITEM_KINDS,
  LIST_STATUS_LABELS,
  RECTIFICATION_STATUS_LABELS,
  SELECTION_RULE_LABELS,
  SELECTION_RULES,
  VERDICT_LABELS,
  VERDICTS,
  type Verdict,
} from '../../../common/contracts/delivery.ts';
import { useDict } from '../org/org-options.ts';

// ——— 年度干事清单 (lists, items, monthly reports) ———

export type ItemKind = (typeof ITEM_KINDS)[number];
export type ListStatus = keyof typeof LIST_STATUS_LABELS;
/** A cadre's list state in GET /api/delivery/lists: `none` when no list has been drawn up yet. */
export type ListRowStatus = ListStatus | 'none';

export const ITEM_KIND_OPTIONS = ITEM_KINDS.map((k) => ({ value: k, label: ITEM_KIND_LABELS[k] }));
export const ITEM_KIND_COLORS: Record<string, string> = {
  indicator: 'blue',
  project: 'purple',
  reform: 'cyan',
};
export const itemKindLabel = (k: string) => ITEM_KIND_LABELS[k as ItemKind] ?? k;

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

export const TARGET_KIND_LABELS: Record<string, string> = { value: '数值', milestones: '节点' };

/** One row of GET /api/delivery/lists. */
export interface ListRowView {
  cadreId: string;
  name: string;
  post: string | null;
  unitId: string | null;
  unitName: string | null;
  listId: string | null;
  status: ListRowStatus;
  items: number;
  outOfScope: number;
}

export interface Milestone {
  name: string;
  month: number;
}

/** A monthly report as GET /api/delivery/lists/:cadreId/:year gives it (no id). */
export interface ReportView {
  month: number;
  progress: number;
  late: boolean;
  submittedAt: string;
  account: string | null;
}

/** An item of GET /api/delivery/lists/:cadreId/:year. */
export interface ItemView {
  id: string;
  listId: string;
  seq: number;
  kind: ItemKind;
  title: string;
  domainCode: string | null;
  targetKind: 'value' | 'milestones';
  /** numeric columns arrive as strings */
  targetValue: string | null;
  measureUnit: string | null;
  milestones: Milestone[] | null;
  weight: string;
  monthlyPlan: number[];
  inScope: boolean;
  withdrawnAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** 12 entries, null where the month has no report */
  reports: (ReportView | null)[];
  /** (plan − reported) of the latest reported month as a share of the target */
  gap: number | null;
}

export interface ListView {
  id: string;
  cadreId: string;
  year: number;
  unitId: string | null;
  status: ListStatus;
  submittedAt: string | null;
  submittedBy: string | null;
  confirmedAt: string | null;
  confirmedBy: string | null;
  createdAt: string;
  createdBy: string | null;
  updatedAt: string;
}

/** An amendment (or a return to draft, whose reason starts with 退回修改：). */
export interface AmendmentView {
  id: string;
  listId: string;
  itemId: string | null;
  reason: string;
  before: Partial<ItemView> | null;
  after: Partial<ItemView> | null;
  createdAt: string;
  createdBy: string | null;
}

/** GET /api/delivery/lists/:cadreId/:year */
export interface ListDetailView {
  cadre: { id: string; name: string; unitId: string | null; post: string | null };
  list: ListView | null;
  items: ItemView[];
  amendments: AmendmentView[];
}

/** The total a target counts to: the target value, or the number of milestones. */
export function targetTotal(i: Pick<ItemView, 'targetKind' | 'targetValue' | 'milestones'>): number {
  return i.targetKind === 'value' ? Number(i.targetValue ?? 0) : (i.milestones?.length ?? 0);
}

/** A number without trailing zeros, at most 2 decimals. */
export const fmtNum = (v: number | string | null | undefined) =>
  v === null || v === undefined || v === '' ? '—' : String(Math.round(Number(v) * 100) / 100);

/** The target as a short text: "120亿元" or "3 个节点". */
export function targetText(i: Pick<ItemView, 'targetKind' | 'targetValue' | 'measureUnit' | 'milestones'>) {
  return i.targetKind === 'value'
    ? `${fmtNum(i.targetValue)}${i.measureUnit ?? ''}`
    : `${i.milestones?.length ?? 0} 个节点`;
}

// ——— verification visits, findings, rectification, statistics (plans/findings/rectifications/stats pages) ———

/** A plan's state: secret until the officer sets off. */
export type PlanStatus = 'secret' | 'started' | 'completed';
export const PLAN_STATUS_LABELS: Record<PlanStatus, string> = {
  secret: '保密中',
  started: '进行中',
  completed: '已完成',
};
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
export const verdictLabel = (v: string | null | undefined) => (v ? (VERDICT_LABELS[v as Verdict] ?? v) : '—');

export type FindingStatus = keyof typeof FINDING_STATUS_LABELS;
export const FINDING_STATUS_COLORS: Record<FindingStatus, string> = {
  explaining: 'gold',
  explained: 'blue',
  final: 'red',
  appealed: 'purple',
  withdrawn: 'default',
};
export const FINDING_STATUS_OPTIONS = (Object.keys(FINDING_STATUS_LABELS) as FindingStatus[]).map((s) => ({
  value: s,
  label: FINDING_STATUS_LABELS[s],
}));
export const findingStatusLabel = (s: string | null | undefined) =>
  s ? (FINDING_STATUS_LABELS[s as FindingStatus] ?? s) : '—';

export type RectificationStatus = keyof typeof RECTIFICATION_STATUS_LABELS;
export const RECTIFICATION_STATUS_COLORS: Record<RectificationStatus, string> = {
  open: 'processing',
  replied: 'gold',
  closed: 'success',
  cancelled: 'default',
};
export const rectificationStatusLabel = (s: string | null | undefined) =>
  s ? (RECTIFICATION_STATUS_LABELS[s as RectificationStatus] ?? s) : '—';

export type SelectionRule = (typeof SELECTION_RULES)[number];
export const SELECTION_RULE_OPTIONS = SELECTION_RULES.map((r) => ({
  value: r,
  label: SELECTION_RULE_LABELS[r],
}));
export const selectionRuleLabel = (r: string | null | undefined) =>
  r ? (SELECTION_RULE_LABELS[r as SelectionRule] ?? r) : '—';

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

/** The plan's recorded selection (the query it was drawn with, the seed and the pool). */
export interface PlanSelection {
  rule: SelectionRule;
  year: number;
  month: number;
  cadres: number;
  itemsPerCadre: number;
  domain?: string;
  regionId?: string;
  seed: number | null;
  pool?: string[];
  poolHash?: string;
}

/** A plan as GET /api/delivery/plans/:id and the list give it. */
export interface PlanView {
  id: string;
  title: string;
  year: number;
  month: number;
  status: PlanStatus;
  selection: PlanSelection;
  plannedOn: string | null;
  startedAt: string | null;
  completedAt: string | null;
  createdAt: string;
  createdBy: string | null;
}

/** One row of GET /api/delivery/plans. */
export interface PlanListItem extends PlanView {
  cadres: number;
  items: number;
  checked: number;
}

/** One item of a preview (GET /api/delivery/plans/preview). */
export interface CandidateItemView {
  itemId: string;
  title: string;
  domainCode: string | null;
  planned: number;
  reported: number | null;
  /** Plan minus reported, as a share of the target. */
  gap: number;
  checks: number;
}

export interface CandidateView {
  cadreId: string;
  name: string;
  post: string | null;
  unitId: string | null;
  unitName: string | null;
  regionId: string | null;
  regionName: string | null;
  townKind: boolean;
  score: number;
  items: CandidateItemView[];
}

export interface PreviewAnswer {
  seed: number | null;
  pool: string[];
  chosen: CandidateView[];
}

/** A recorded on-site check. */
export interface CheckView {
  id: string;
  planId: string;
  itemId: string;
  cadreId: string;
  reportedValue: string | null;
  verifiedValue: string | null;
  verdict: Verdict;
  notes: string | null;
  checkedAt: string;
  checkedBy: string | null;
}

/** One item of a plan with the check recorded so far. */
export interface PlanTarget {
  itemId: string;
  cadreId: string;
  cadreName: string;
  post: string | null;
  unitName: string | null;
  title: string;
  kind: ItemKind;
  domainCode: string | null;
  targetKind: 'value' | 'milestones';
  targetValue: number | null;
  measureUnit: string | null;
  planned: number;
  reported: number | null;
  check: CheckView | null;
}

export interface PlanDetailAnswer {
  plan: PlanView;
  targets: PlanTarget[];
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

/** A finding row. */
export interface FindingView {
  id: string;
  checkId: string;
  planId: string;
  cadreId: string;
  unitId: string | null;
  kind: Verdict;
  description: string;
  status: FindingStatus;
  explanationDue: string;
  explanation: string | null;
  explainedAt: string | null;
  response: string | null;
  finalAt: string | null;
  appeal: string | null;
  appealedAt: string | null;
  appealDecision: 'upheld' | 'overturned' | null;
  appealReason: string | null;
  decidedAt: string | null;
  createdAt: string;
}

/** One row of GET /api/delivery/findings. */
export interface FindingListItem extends FindingView {
  cadreName: string;
  unitName: string | null;
}

/** A rectification order. */
export interface RectificationView {
  id: string;
  findingId: string;
  unitId: string | null;
  cadreId: string;
  requirement: string;
  deadline: string;
  status: RectificationStatus;
  reply: string | null;
  repliedAt: string | null;
  repliedBy: string | null;
  recheckNote: string | null;
  recheckedAt: string | null;
  closedAt: string | null;
  reopenCount: number;
  createdAt: string;
  overdue: boolean;
}

/** GET /api/delivery/findings/:id */
export interface FindingDetailAnswer {
  finding: FindingView;
  check: CheckView;
  itemTitle: string;
  planTitle: string;
  planStatus: PlanStatus;
  cadreName: string;
  unitName: string | null;
  rectification: RectificationView | null;
}

/** One row of the rectification board. */
export interface BoardItem extends RectificationView {
  description: string;
  kind: Verdict;
  cadreName: string;
  unitName: string | null;
}

export interface BoardAnswer {
  items: BoardItem[];
  total: number;
  counts: Partial<Record<RectificationStatus | 'overdue', number>>;
  page: number;
  pageSize: number;
}

/** GET /api/delivery/rectifications/:id */
export interface RectificationAnswer {
  order: RectificationView;
  finding: FindingDetailAnswer;
}

/** The figures of a period, a domain or a town. */
export interface StatsFigures {
  cadres: number;
  items: number;
  domains: number;
  towns: number;
  findings: number;
  findingsByKind: Partial<Record<Verdict, number>>;
  rectified: number;
  open: number;
  avgDaysToRectify: number | null;
}

/** GET /api/delivery/stats */
export interface StatsAnswer {
  from: string;
  to: string;
  overall: StatsFigures;
  byDomain: (StatsFigures & { code: string; name: string })[];
  byTown: (StatsFigures & { regionId: string; name: string })[];
  sentence: string;
}

/** One row of GET /api/delivery/stats/checks. */
export interface StatsCheckRow {
  checkId: string;
  planId: string;
  planTitle: string;
  checkedOn: string;
  verdict: Verdict;
  cadreId: string;
  cadreName: string;
  unitName: string | null;
  itemTitle: string;
  findingId: string | null;
  findingStatus: string | null;
  orderStatus: string | null;
}

/** Years offered by the year selectors: four back and the next one (and the one shown). */
export function yearOptions(shown: number) {
  const now = dayjs().year();
  const years = new Set([now + 1, now, now - 1, now - 2, now - 3, now - 4, shown]);
  return [...years].sort((a, b) => b - a).map((y) => ({ value: y, label: `${y} 年度` }));
}
