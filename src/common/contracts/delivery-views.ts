import { z } from 'zod';
import { canFlags, DayString, Instant, pageOf } from '../api.ts';
import {
  FINDING_STATUSES,
  ITEM_KINDS,
  LIST_STATUSES,
  PLAN_STATUSES,
  RECTIFICATION_STATUSES,
  SELECTION_RULES,
  TARGET_KINDS,
  VERDICTS,
} from './delivery-terms.ts';

/** 走进一线看实绩: the response views of module `delivery`. */

// ——— views: what the web may see ———

export const Int = z.number().int();
const Milestone = z.object({ name: z.string(), month: Int });

/** The cadre a list belongs to. */
export const CadreHead = z.object({
  id: z.uuid(),
  name: z.string(),
  unitId: z.uuid().nullable(),
  unitName: z.string().nullable(),
  post: z.string().nullable(),
});

/** One cadre of GET /api/delivery/lists: the state of their list for the year (`none`: not drawn up). */
export const ListRowView = z.object({
  cadreId: z.uuid(),
  name: z.string(),
  post: z.string().nullable(),
  unitId: z.uuid().nullable(),
  unitName: z.string().nullable(),
  listId: z.uuid().nullable(),
  status: z.enum(['none', ...LIST_STATUSES]),
  items: Int,
  outOfScope: Int,
});

/** The cumulative progress reported for one month of an item. */
export const MonthReportView = z.object({
  month: Int,
  progress: z.number(),
  late: z.boolean(),
  submittedAt: Instant,
  account: z.string().nullable(),
});

/** An item of a list with its reports (12 entries, null where not reported) and the gap to the plan. */
export const ItemView = z.object({
  id: z.uuid(),
  seq: Int,
  kind: z.enum(ITEM_KINDS),
  title: z.string(),
  domainCode: z.string().nullable(),
  targetKind: z.enum(TARGET_KINDS),
  targetValue: z.number().nullable(),
  measureUnit: z.string().nullable(),
  milestones: z.array(Milestone).nullable(),
  weight: z.number(),
  monthlyPlan: z.array(z.number()),
  inScope: z.boolean(),
  withdrawnAt: Instant.nullable(),
  reports: z.array(MonthReportView.nullable()),
  /** Plan minus reported, for the latest reported month, as a share of the target. */
  gap: z.number().nullable(),
  /** The months that may be reported now: begun, not yet reported, outside closed periods. */
  reportMonths: z.array(Int),
  can: canFlags('edit', 'remove', 'report'),
});

/** An item as an amendment recorded it, before or after. */
export const ItemSnapshotView = z.object({
  seq: Int.nullable(),
  kind: z.enum(ITEM_KINDS),
  title: z.string(),
  domainCode: z.string().nullable(),
  targetKind: z.enum(TARGET_KINDS),
  targetValue: z.number().nullable(),
  measureUnit: z.string().nullable(),
  milestones: z.array(Milestone).nullable(),
  weight: z.number(),
  monthlyPlan: z.array(z.number()),
  withdrawn: z.boolean(),
});

export const AMENDMENT_KINDS = ['return', 'add', 'change', 'withdraw'] as const;
export const AMENDMENT_KIND_LABELS: Record<(typeof AMENDMENT_KINDS)[number], string> = {
  return: '退回',
  add: '新增',
  change: '修改',
  withdraw: '撤回',
};

/** A change to a confirmed list (or a return to draft): who, when, why, before and after. */
export const AmendmentView = z.object({
  id: z.uuid(),
  kind: z.enum(AMENDMENT_KINDS),
  itemId: z.uuid().nullable(),
  reason: z.string(),
  before: ItemSnapshotView.nullable(),
  after: ItemSnapshotView.nullable(),
  createdAt: Instant,
  createdByName: z.string().nullable(),
});

/** A list's state and who moved it there. */
export const ListStateView = z.object({
  id: z.uuid(),
  cadreId: z.uuid(),
  year: Int,
  status: z.enum(LIST_STATUSES),
  submittedAt: Instant.nullable(),
  submittedByName: z.string().nullable(),
  confirmedAt: Instant.nullable(),
  confirmedByName: z.string().nullable(),
});

/** One cadre's list for a year (GET /api/delivery/lists/:cadreId/:year). */
export const ListDetailView = z.object({
  cadre: CadreHead,
  year: Int,
  /** The reader is this cadre (a leader may also be a cadre). */
  own: z.boolean(),
  list: ListStateView.nullable(),
  items: z.array(ItemView),
  amendments: z.array(AmendmentView),
  /** Months of the year whose month end lies in a closed assessment period. */
  closedMonths: z.array(Int),
  /** Weighted completion by month in percent (src/analytics/delivery.ts: completionSeries). */
  completion: z.object({ planned: z.array(z.number()), reported: z.array(z.number().nullable()) }),
  /** draft: add, change, delete items; return: send a submitted list back. */
  can: canFlags('draft', 'submit', 'confirm', 'return', 'amend', 'report'),
});

export const ItemSavedView = z.object({ id: z.uuid(), listId: z.uuid(), seq: Int, inScope: z.boolean() });

export const ReportView = z.object({
  id: z.uuid(),
  itemId: z.uuid(),
  year: Int,
  month: Int,
  progress: z.number(),
  account: z.string().nullable(),
  deadline: DayString,
  late: z.boolean(),
  submittedAt: Instant,
});

/** The query a plan was drawn with, its seed and the size and fingerprint of the pool. */
export const PlanSelectionView = z.object({
  rule: z.enum(SELECTION_RULES),
  cadres: Int,
  itemsPerCadre: Int,
  domain: z.string().nullable(),
  regionId: z.uuid().nullable(),
  seed: Int.nullable(),
  poolSize: Int,
  poolHash: z.string().nullable(),
});

export const PlanView = z.object({
  id: z.uuid(),
  title: z.string(),
  year: Int,
  month: Int,
  status: z.enum(PLAN_STATUSES),
  selection: PlanSelectionView,
  plannedOn: DayString.nullable(),
  startedAt: Instant.nullable(),
  completedAt: Instant.nullable(),
  createdAt: Instant,
  can: canFlags('start', 'complete', 'check', 'replay'),
});

export const PlanRowView = PlanView.omit({ can: true }).extend({ cadres: Int, items: Int, checked: Int });

export const CandidateItemView = z.object({
  itemId: z.uuid(),
  title: z.string(),
  domainCode: z.string().nullable(),
  planned: z.number(),
  reported: z.number().nullable(),
  /** Plan minus reported, as a share of the target. */
  gap: z.number(),
  checks: Int,
});

export const CandidateView = z.object({
  cadreId: z.uuid(),
  name: z.string(),
  post: z.string().nullable(),
  unitId: z.uuid().nullable(),
  unitName: z.string().nullable(),
  regionId: z.uuid().nullable(),
  regionName: z.string().nullable(),
  townKind: z.boolean(),
  score: z.number(),
  items: z.array(CandidateItemView),
});

export const PreviewView = z.object({
  seed: Int.nullable(),
  /** The cadres with a confirmed list the draw chose from. */
  pool: z.array(z.uuid()),
  chosen: z.array(CandidateView),
});

/** A recorded on-site check. */
export const CheckView = z.object({
  id: z.uuid(),
  planId: z.uuid(),
  itemId: z.uuid(),
  cadreId: z.uuid(),
  reportedValue: z.number().nullable(),
  verifiedValue: z.number().nullable(),
  verdict: z.enum(VERDICTS),
  notes: z.string().nullable(),
  checkedAt: Instant,
});

/** One item of a plan with its check and the finding it raised. */
export const PlanTargetView = z.object({
  itemId: z.uuid(),
  cadreId: z.uuid(),
  cadreName: z.string(),
  post: z.string().nullable(),
  unitName: z.string().nullable(),
  title: z.string(),
  kind: z.enum(ITEM_KINDS),
  domainCode: z.string().nullable(),
  targetKind: z.enum(TARGET_KINDS),
  targetValue: z.number().nullable(),
  measureUnit: z.string().nullable(),
  planned: z.number(),
  reported: z.number().nullable(),
  check: CheckView.nullable(),
  finding: z.object({ id: z.uuid(), status: z.enum(FINDING_STATUSES) }).nullable(),
});

export const PlanDetailView = z.object({ plan: PlanView, targets: z.array(PlanTargetView) });

export const FindingView = z.object({
  id: z.uuid(),
  checkId: z.uuid(),
  planId: z.uuid(),
  cadreId: z.uuid(),
  unitId: z.uuid().nullable(),
  kind: z.enum(VERDICTS),
  description: z.string(),
  status: z.enum(FINDING_STATUSES),
  explanationDue: DayString,
  /** Still to be explained and the time is up. */
  explanationOverdue: z.boolean(),
  explanation: z.string().nullable(),
  explainedAt: Instant.nullable(),
  response: z.string().nullable(),
  finalAt: Instant.nullable(),
  appeal: z.string().nullable(),
  appealedAt: Instant.nullable(),
  appealDecision: z.enum(['upheld', 'overturned']).nullable(),
  appealReason: z.string().nullable(),
  decidedAt: Instant.nullable(),
  createdAt: Instant,
});

export const FindingRowView = FindingView.pick({
  id: true,
  checkId: true,
  planId: true,
  cadreId: true,
  kind: true,
  description: true,
  status: true,
  explanationDue: true,
  explanationOverdue: true,
  createdAt: true,
}).extend({ cadreName: z.string(), unitName: z.string().nullable() });

/** A rectification order. */
export const RectificationView = z.object({
  id: z.uuid(),
  findingId: z.uuid(),
  unitId: z.uuid().nullable(),
  cadreId: z.uuid(),
  requirement: z.string(),
  deadline: DayString,
  status: z.enum(RECTIFICATION_STATUSES),
  reply: z.string().nullable(),
  repliedAt: Instant.nullable(),
  recheckNote: z.string().nullable(),
  recheckedAt: Instant.nullable(),
  closedAt: Instant.nullable(),
  reopenCount: Int,
  createdAt: Instant,
  /** Open past its deadline (a closed order is never overdue). */
  overdue: z.boolean(),
  can: canFlags('reply', 'recheck'),
});

/**
 * A finding with its check, item and plan. `finalize`: the reader answers it (once explained or
 * the time is up); `readPlan`: may open the plan; `readPhotos`: may see the photos of the check.
 */
export const FindingDetailView = z.object({
  finding: FindingView,
  check: CheckView,
  itemTitle: z.string(),
  planTitle: z.string(),
  cadreName: z.string(),
  unitName: z.string().nullable(),
  rectification: RectificationView.nullable(),
  can: canFlags('explain', 'finalize', 'appeal', 'decide', 'readPlan', 'readPhotos'),
});

export const BoardRowView = RectificationView.omit({ can: true }).extend({
  description: z.string(),
  kind: z.enum(VERDICTS),
  cadreName: z.string(),
  unitName: z.string().nullable(),
});

export const BoardView = pageOf(BoardRowView).extend({
  counts: z.object({ open: Int, replied: Int, closed: Int, cancelled: Int, overdue: Int }),
});

export const RectificationDetailView = z.object({ order: RectificationView, finding: FindingDetailView });

/** The figures of a period, a domain or a town. */
export const StatsFiguresView = z.object({
  cadres: Int,
  items: Int,
  domains: Int,
  towns: Int,
  findings: Int,
  findingsByKind: z.partialRecord(z.enum(VERDICTS), Int),
  rectified: Int,
  open: Int,
  avgDaysToRectify: z.number().nullable(),
});

export const StatsView = z.object({
  from: DayString,
  to: DayString,
  overall: StatsFiguresView,
  byDomain: z.array(StatsFiguresView.extend({ code: z.string(), name: z.string() })),
  byTown: z.array(StatsFiguresView.extend({ regionId: z.uuid(), name: z.string() })),
  sentence: z.string(),
});

/** One check behind a figure of the statistics. */
export const StatsCheckView = z.object({
  checkId: z.uuid(),
  planId: z.uuid(),
  planTitle: z.string(),
  checkedOn: DayString,
  verdict: z.enum(VERDICTS),
  cadreId: z.uuid(),
  cadreName: z.string(),
  unitName: z.string().nullable(),
  itemTitle: z.string(),
  findingId: z.uuid().nullable(),
  findingStatus: z.enum(FINDING_STATUSES).nullable(),
  orderStatus: z.enum(RECTIFICATION_STATUSES).nullable(),
});
