import { z } from 'zod';
import { Day } from './org.ts';
import { PageQuery, Uuid } from './page.ts';

export const ITEM_KINDS = ['indicator', 'project', 'reform'] as const;
export const ITEM_KIND_LABELS: Record<(typeof ITEM_KINDS)[number], string> = {
  indicator: '指标争先',
  project: '项目攻坚',
  reform: '改革突破',
};
export const VERDICTS = ['true', 'lagging', 'ineffective', 'false_report'] as const;
export type Verdict = (typeof VERDICTS)[number];
export const VERDICT_LABELS: Record<Verdict, string> = {
  true: '属实',
  lagging: '进度滞后',
  ineffective: '成效不实',
  false_report: '虚报',
};
export const LIST_STATUS_LABELS = { draft: '草稿', submitted: '待确认', confirmed: '已确认' } as const;
export const FINDING_STATUS_LABELS = {
  explaining: '待说明',
  explained: '已说明待答复',
  final: '已认定',
  appealed: '申诉中',
  withdrawn: '已撤销',
} as const;
export const RECTIFICATION_STATUS_LABELS = {
  open: '整改中',
  replied: '已回复待复核',
  closed: '已销号',
  cancelled: '已撤销',
} as const;
export const SELECTION_RULES = ['largest_gap', 'never_verified', 'unvisited_area', 'random'] as const;
export const SELECTION_RULE_LABELS: Record<(typeof SELECTION_RULES)[number], string> = {
  largest_gap: '申报与计划差距最大',
  never_verified: '从未核验的清单事项',
  unvisited_area: '本年度尚未走到的领域或乡镇',
  random: '随机抽取（记录随机种子，可复现）',
};

const Plan = z.array(z.number().min(0, '计划进度不能为负').max(1e12)).length(12, '月度计划应有 12 个月');

export const ItemBody = z
  .object({
    kind: z.enum(ITEM_KINDS, { message: '事项类型应为 指标争先 / 项目攻坚 / 改革突破' }),
    title: z.string().trim().min(2, '请填写事项名称').max(200),
    domainCode: z.string().trim().max(30).nullish(),
    targetKind: z.enum(['value', 'milestones']).default('value'),
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
export const AmendBody = z.object({
  reason: z.string().trim().min(4, '请写明变更原因（至少 4 个字）').max(500),
  /** Absent to add an item. */
  itemId: Uuid.optional(),
  /** Absent to withdraw the item. */
  item: ItemBody.optional(),
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
export const FinalizeBody = z.object({
  decision: z.enum(['maintain', 'withdraw']),
  response: z.string().trim().min(2, '请填写答复意见').max(4000),
  requirement: z.string().trim().max(2000).nullish(),
  deadline: Day.nullish(),
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
export const StatsQuery = z.object({ from: Day, to: Day });
export const BoardQuery = PageQuery.extend({
  status: z.enum(['open', 'replied', 'closed', 'cancelled', 'overdue']).optional(),
  unitId: Uuid.optional(),
});
