import { z } from 'zod';
import { canFlags, endpoint, listOf, pageOf } from '../api.ts';
import type { ErrorTable } from '../errors.ts';
import { Day } from './org.ts';
import { IdParams, PageQuery, Uuid } from './page.ts';

export * from './delivery-terms.ts';
export * from './delivery-views.ts';

import {
  FINDING_STATUSES,
  ITEM_KINDS,
  Plan,
  SELECTION_RULES,
  TARGET_KINDS,
  VERDICTS,
} from './delivery-terms.ts';
import {
  AmendmentView,
  BoardView,
  CheckView,
  FindingDetailView,
  FindingRowView,
  FindingView,
  Int,
  ItemSavedView,
  ListDetailView,
  ListRowView,
  ListStateView,
  PlanDetailView,
  PlanRowView,
  PlanView,
  PreviewView,
  RectificationDetailView,
  RectificationView,
  ReportView,
  StatsCheckView,
  StatsView,
} from './delivery-views.ts';

/** 走进一线看实绩: the contract of module `delivery`. */

export const ItemBody = z
  .object({
    kind: z.enum(ITEM_KINDS, { message: '事项类型应为 指标争先 / 项目攻坚 / 改革突破' }),
    title: z.string().trim().min(2, '请填写事项名称').max(200),
    domainCode: z.string().trim().max(30).nullish(),
    targetKind: z.enum(TARGET_KINDS).default('value'),
    targetValue: z.number().positive('目标值应大于 0').max(1e12).nullish(),
    measureUnit: z.string().trim().max(20).nullish(),
    milestones: z
      .array(z.object({ name: z.string().trim().min(1).max(100), month: z.number().int().min(1).max(12) }))
      .max(24)
      .nullish(),
    weight: z.number().min(0.1, '权重至少 0.1').max(100).default(1),
    monthlyPlan: Plan,
  })
  .superRefine((v, ctx) => {
    if (v.targetKind === 'value' && !v.targetValue) {
      ctx.addIssue({ code: 'custom', path: ['targetValue'], message: '数值型目标须填写目标值' });
    }
    if (v.targetKind === 'milestones' && !v.milestones?.length) {
      ctx.addIssue({ code: 'custom', path: ['milestones'], message: '节点型目标须至少有一个节点' });
    }
    for (let i = 1; i < 12; i++) {
      if (v.monthlyPlan[i]! < v.monthlyPlan[i - 1]!) {
        ctx.addIssue({
          code: 'custom',
          path: ['monthlyPlan', i],
          message: `累计计划进度不能倒退（${i + 1} 月少于 ${i} 月）`,
        });
        break;
      }
    }
  });

export const ListQuery = PageQuery.extend({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  unitId: Uuid.optional(),
  /** none = no list yet for the year. */
  status: z.enum(['none', 'draft', 'submitted', 'confirmed']).optional(),
  q: z.string().trim().max(50).optional(),
});
export const CadreYearParams = z.object({ cadreId: Uuid, year: z.coerce.number().int().min(2000).max(2100) });
export const AmendBody = z
  .object({
    reason: z.string().trim().min(4, '请写明变更原因（至少 4 个字）').max(500),
    /** Absent to add an item. */
    itemId: Uuid.optional(),
    /** Absent to withdraw the item. */
    item: ItemBody.optional(),
  })
  .refine((v) => !!v.itemId || !!v.item, {
    path: ['itemId'],
    message: '请说明要新增、修改还是撤回哪一项',
  });

export const ReportBody = z.object({
  month: z.number().int().min(1).max(12),
  progress: z.number().min(0, '进度不能为负').max(1e12),
  account: z.string().trim().max(2000).nullish(),
});

export const CandidateQuery = z.object({
  rule: z.enum(SELECTION_RULES),
  year: z.coerce.number().int().min(2000).max(2100),
  month: z.coerce.number().int().min(1).max(12),
  cadres: z.coerce.number().int().min(1).max(200).default(10),
  itemsPerCadre: z.coerce.number().int().min(1).max(20).default(6),
  domain: z.string().max(30).optional(),
  regionId: Uuid.optional(),
  seed: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .optional(),
});
export const PlanBody = z.object({
  title: z.string().trim().min(2, '请填写计划名称').max(100),
  plannedOn: Day.nullish(),
  selection: CandidateQuery,
});

export const CheckBody = z.object({
  itemId: Uuid,
  verifiedValue: z.number().min(0).max(1e12).nullish(),
  verdict: z.enum(VERDICTS, { message: '核验结论应为 属实 / 进度滞后 / 成效不实 / 虚报' }),
  notes: z.string().trim().max(2000).nullish(),
  description: z.string().trim().max(2000).nullish(),
});

export const TextBody = z.object({ text: z.string().trim().min(2, '请填写内容').max(4000) });
export const FinalizeBody = z
  .object({
    decision: z.enum(['maintain', 'withdraw']),
    response: z.string().trim().min(2, '请填写答复意见').max(4000),
    requirement: z.string().trim().max(2000).nullish(),
    deadline: Day.nullish(),
  })
  .refine((v) => v.decision === 'withdraw' || !!v.requirement?.trim(), {
    path: ['requirement'],
    message: '认定问题须写明整改要求',
  });
export const DecideBody = z.object({
  decision: z.enum(['upheld', 'overturned']),
  reason: z.string().trim().min(2, '请填写决定理由').max(4000),
});
export const RecheckBody = z.object({
  result: z.enum(['close', 'reopen']),
  note: z.string().trim().min(2, '请填写复核意见').max(4000),
  deadline: Day.nullish(),
});
const StatsRange = z.object({ from: Day, to: Day });
/** A period that runs forwards (refined after extending: Zod refuses to extend a refined object). */
const forwards = <T extends z.ZodType<{ from: string; to: string }>>(s: T) =>
  s.refine((v) => v.from <= v.to, { path: ['from'], message: '开始日期不能晚于结束日期' });
export const StatsQuery = forwards(StatsRange);
export const StatsChecksQuery = forwards(
  StatsRange.extend({ domain: z.string().max(30).optional(), regionId: Uuid.optional() }),
);
export const StatsReportQuery = forwards(
  StatsRange.extend({ format: z.enum(['docx', 'xlsx']).default('docx') }),
);
export const FindingsQuery = z.object({
  cadreId: Uuid.optional(),
  status: z.enum(FINDING_STATUSES).optional(),
});
export const BoardQuery = PageQuery.extend({
  status: z.enum(['open', 'replied', 'closed', 'cancelled', 'overdue']).optional(),
  unitId: Uuid.optional(),
  cadreId: Uuid.optional(),
});

// ——— endpoints ———

export const deliveryApi = {
  // annual task lists
  lists: endpoint({
    method: 'GET',
    path: '/api/delivery/lists',
    access: 'delivery.read',
    summary: '年度干事清单一览',
    query: ListQuery,
    response: pageOf(ListRowView).extend({
      year: Int,
      /** Set when the reader's scope is one cadre's list: their own (the page opens it). */
      ownCadreId: z.uuid().nullable(),
      can: canFlags('import'),
    }),
  }),
  list: endpoint({
    method: 'GET',
    path: '/api/delivery/lists/:cadreId/:year',
    access: 'delivery.read',
    summary: '某干部某年度的干事清单、月度交付与差距',
    params: CadreYearParams,
    response: ListDetailView,
  }),
  exportList: endpoint({
    method: 'GET',
    path: '/api/delivery/lists/:cadreId/:year/export',
    access: 'delivery.read',
    summary: '导出干事清单（xlsx）',
    params: CadreYearParams,
    response: 'file',
  }),
  addItem: endpoint({
    method: 'POST',
    path: '/api/delivery/lists/:cadreId/:year/items',
    access: 'delivery.draft',
    summary: '在草稿清单中新增事项',
    params: CadreYearParams,
    body: ItemBody,
    response: ItemSavedView,
    status: 201,
  }),
  updateItem: endpoint({
    method: 'PUT',
    path: '/api/delivery/items/:id',
    access: 'delivery.draft',
    summary: '修改草稿清单中的事项',
    params: IdParams,
    body: ItemBody,
    response: ItemSavedView,
  }),
  removeItem: endpoint({
    method: 'DELETE',
    path: '/api/delivery/items/:id',
    access: 'delivery.draft',
    summary: '删除草稿清单中的事项',
    params: IdParams,
    response: null,
  }),
  submitList: endpoint({
    method: 'POST',
    path: '/api/delivery/lists/:cadreId/:year/submit',
    access: 'delivery.draft',
    summary: '提交清单待组织部门确认',
    params: CadreYearParams,
    response: ListStateView,
  }),
  confirmList: endpoint({
    method: 'POST',
    path: '/api/delivery/lists/:id/confirm',
    access: 'delivery.confirm',
    summary: '确认清单（确认后锁定）',
    params: IdParams,
    response: ListStateView,
  }),
  returnList: endpoint({
    method: 'POST',
    path: '/api/delivery/lists/:id/return',
    access: 'delivery.confirm',
    summary: '退回清单修改',
    params: IdParams,
    body: TextBody,
    response: ListStateView,
  }),
  amendList: endpoint({
    method: 'POST',
    path: '/api/delivery/lists/:id/amend',
    access: 'delivery.amend',
    summary: '登记已确认清单的变更',
    params: IdParams,
    body: AmendBody,
    response: AmendmentView,
    status: 201,
  }),

  // monthly delivery
  report: endpoint({
    method: 'POST',
    path: '/api/delivery/items/:id/reports',
    access: 'delivery.report',
    summary: '填报月度履职交付',
    params: IdParams,
    body: ReportBody,
    response: ReportView,
    status: 201,
  }),

  // verification visits (the organization department only; secret until started)
  previewPlan: endpoint({
    method: 'GET',
    path: '/api/delivery/plans/preview',
    access: 'delivery.verify',
    summary: '按规则预览考察对象',
    query: CandidateQuery,
    response: PreviewView,
  }),
  plans: endpoint({
    method: 'GET',
    path: '/api/delivery/plans',
    access: 'delivery.verify',
    summary: '对账考察计划',
    response: listOf(PlanRowView),
  }),
  createPlan: endpoint({
    method: 'POST',
    path: '/api/delivery/plans',
    access: 'delivery.verify',
    summary: '制定考察计划（保密）',
    body: PlanBody,
    response: PlanView,
    status: 201,
  }),
  plan: endpoint({
    method: 'GET',
    path: '/api/delivery/plans/:id',
    access: 'delivery.verify',
    summary: '考察计划、对象与核验记录',
    params: IdParams,
    response: PlanDetailView,
  }),
  replayPlan: endpoint({
    method: 'GET',
    path: '/api/delivery/plans/:id/replay',
    access: 'delivery.verify',
    summary: '按记录的随机种子复现抽取',
    params: IdParams,
    response: z.object({ cadreIds: z.array(z.uuid()) }),
  }),
  startPlan: endpoint({
    method: 'POST',
    path: '/api/delivery/plans/:id/start',
    access: 'delivery.verify',
    summary: '出发：开始考察',
    params: IdParams,
    response: PlanView,
  }),
  completePlan: endpoint({
    method: 'POST',
    path: '/api/delivery/plans/:id/complete',
    access: 'delivery.verify',
    summary: '结束考察',
    params: IdParams,
    response: PlanView,
  }),
  recordCheck: endpoint({
    method: 'POST',
    path: '/api/delivery/plans/:id/checks',
    access: 'delivery.verify',
    summary: '记录一项现场核验',
    params: IdParams,
    body: CheckBody,
    response: z.object({ check: CheckView, finding: FindingView.nullable() }),
  }),

  // findings and rectification
  findings: endpoint({
    method: 'GET',
    path: '/api/delivery/findings',
    access: 'delivery.read',
    summary: '考察发现',
    query: FindingsQuery,
    response: listOf(FindingRowView),
  }),
  finding: endpoint({
    method: 'GET',
    path: '/api/delivery/findings/:id',
    access: 'delivery.read',
    summary: '考察发现详情',
    params: IdParams,
    response: FindingDetailView,
  }),
  explain: endpoint({
    method: 'POST',
    path: '/api/delivery/findings/:id/explain',
    access: 'delivery.respond',
    summary: '干部作出说明',
    params: IdParams,
    body: TextBody,
    response: FindingView,
  }),
  finalize: endpoint({
    method: 'POST',
    path: '/api/delivery/findings/:id/finalize',
    access: 'delivery.verify',
    summary: '答复说明并认定或撤销',
    params: IdParams,
    body: FinalizeBody,
    response: z.object({ finding: FindingView, rectification: RectificationView.nullable() }),
  }),
  appeal: endpoint({
    method: 'POST',
    path: '/api/delivery/findings/:id/appeal',
    access: 'delivery.respond',
    summary: '对认定的问题申诉',
    params: IdParams,
    body: TextBody,
    response: FindingView,
  }),
  decide: endpoint({
    method: 'POST',
    path: '/api/delivery/findings/:id/decide',
    access: 'delivery.decide',
    summary: '领导决定申诉',
    params: IdParams,
    body: DecideBody,
    response: FindingView,
  }),
  rectifications: endpoint({
    method: 'GET',
    path: '/api/delivery/rectifications',
    access: 'delivery.read',
    summary: '整改看板',
    query: BoardQuery,
    response: BoardView,
  }),
  rectification: endpoint({
    method: 'GET',
    path: '/api/delivery/rectifications/:id',
    access: 'delivery.read',
    summary: '整改单',
    params: IdParams,
    response: RectificationDetailView,
  }),
  reply: endpoint({
    method: 'POST',
    path: '/api/delivery/rectifications/:id/reply',
    access: 'delivery.respond',
    summary: '单位回复整改',
    params: IdParams,
    body: TextBody,
    response: RectificationView,
  }),
  recheck: endpoint({
    method: 'POST',
    path: '/api/delivery/rectifications/:id/recheck',
    access: 'delivery.verify',
    summary: '复核整改：销号或退回',
    params: IdParams,
    body: RecheckBody,
    response: RectificationView,
  }),

  // statistics and report
  stats: endpoint({
    method: 'GET',
    path: '/api/delivery/stats',
    shared: true,
    access: 'delivery.stats',
    summary: '对账考察统计（按领域、乡镇）',
    query: StatsQuery,
    response: StatsView,
  }),
  statsChecks: endpoint({
    method: 'GET',
    path: '/api/delivery/stats/checks',
    shared: true,
    access: 'delivery.stats',
    summary: '统计数字背后的核验记录',
    query: StatsChecksQuery,
    /** readFinding, readPlan: whether the reader may open the findings and plans behind the rows. */
    response: listOf(StatsCheckView).extend({ can: canFlags('readFinding', 'readPlan') }),
  }),
  statsReport: endpoint({
    method: 'GET',
    path: '/api/delivery/stats/report',
    access: 'delivery.stats',
    summary: '一键生成报告（Word 或 Excel）',
    query: StatsReportQuery,
    response: 'file',
  }),
};

// ——— errors ———

/** The refusals of module delivery: what the state of a list, plan, finding or order does not allow. */
export const DELIVERY_ERRORS = {
  DELIVERY_LIST_LOCKED: {
    status: 409,
    message: '清单已经组织部门确认并锁定；如需调整，请由组织部门登记变更',
  },
  DELIVERY_LIST_EMPTY: { status: 409, message: '清单中还没有事项，不能提交' },
  DELIVERY_LIST_NOT_SUBMITTED: { status: 409, message: '清单尚未提交' },
  DELIVERY_LIST_CONFIRMED: { status: 409, message: '清单已确认' },
  DELIVERY_LIST_NOT_CONFIRMED: { status: 409, message: '清单尚未经组织部门确认' },
  DELIVERY_ITEM_WITHDRAWN: { status: 409, message: '该事项已撤回' },
  DELIVERY_UNKNOWN_DOMAIN: { status: 400, message: '领域不在领域字典中' },
  DELIVERY_MONTH_NOT_STARTED: { status: 400, message: '该月尚未开始，不能填报' },
  DELIVERY_REPORT_EXISTS: { status: 409, message: '该月的进度已填报；如需更正，请联系组织部门登记' },
  DELIVERY_PROGRESS_DECREASING: { status: 400, message: '累计进度不能少于此前已填报的进度' },
  DELIVERY_NO_CANDIDATES: { status: 409, message: '按所选规则没有可核验的清单事项' },
  DELIVERY_PLAN_NOT_RANDOM: { status: 409, message: '只有随机抽取的计划可以复现抽取过程' },
  DELIVERY_PLAN_STARTED: { status: 409, message: '考察已经开始' },
  DELIVERY_PLAN_NOT_STARTED: { status: 409, message: '考察尚未开始' },
  DELIVERY_PLAN_COMPLETED: { status: 409, message: '考察已经结束' },
  DELIVERY_ITEM_NOT_IN_PLAN: { status: 400, message: '该事项不在本次考察计划中' },
  DELIVERY_FINDING_NOT_EXPLAINING: { status: 409, message: '该发现已不在说明阶段' },
  DELIVERY_EXPLANATION_OVERDUE: { status: 409, message: '说明期限已过' },
  DELIVERY_EXPLANATION_PENDING: {
    status: 409,
    message: '干部说明期限未满，期满或收到说明后才能答复认定',
  },
  DELIVERY_FINDING_ANSWERED: { status: 409, message: '该发现已经答复' },
  DELIVERY_DEADLINE_PAST: { status: 400, message: '整改期限应晚于今天' },
  DELIVERY_FINDING_NOT_FINAL: { status: 409, message: '只有已认定的问题可以申诉' },
  DELIVERY_ALREADY_APPEALED: { status: 409, message: '该问题已申诉过一次' },
  DELIVERY_APPEAL_OVERDUE: { status: 409, message: '申诉期限已过' },
  DELIVERY_NO_APPEAL: { status: 409, message: '该问题没有待决定的申诉' },
  DELIVERY_RECTIFICATION_REPLIED: { status: 409, message: '已回复，等待复核' },
  DELIVERY_RECTIFICATION_ENDED: { status: 409, message: '整改单已结束' },
  DELIVERY_RECTIFICATION_NOT_REPLIED: { status: 409, message: '整改单尚未回复，不能复核' },
} as const satisfies ErrorTable;
