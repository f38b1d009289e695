import { z } from 'zod';

/** 走进一线看实绩: the terms of module `delivery` — kinds, verdicts, statuses, their labels and the monthly plan. */

export const ITEM_KINDS = ['indicator', 'project', 'reform'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];
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
export const TARGET_KINDS = ['value', 'milestones'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];
export const TARGET_KIND_LABELS: Record<(typeof TARGET_KINDS)[number], string> = {
  value: '数值',
  milestones: '节点',
};
export const LIST_STATUSES = ['draft', 'submitted', 'confirmed'] as const;
export type ListStatus = (typeof LIST_STATUSES)[number];
export const LIST_STATUS_LABELS = { draft: '草稿', submitted: '待确认', confirmed: '已确认' } as const;
export const FINDING_STATUSES = ['explaining', 'explained', 'final', 'appealed', 'withdrawn'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];
export const FINDING_STATUS_LABELS = {
  explaining: '待说明',
  explained: '已说明待答复',
  final: '已认定',
  appealed: '申诉中',
  withdrawn: '已撤销',
} as const;
export const RECTIFICATION_STATUSES = ['open', 'replied', 'closed', 'cancelled'] as const;
export type RectificationStatus = (typeof RECTIFICATION_STATUSES)[number];
export const RECTIFICATION_STATUS_LABELS = {
  open: '整改中',
  replied: '已回复待复核',
  closed: '已销号',
  cancelled: '已撤销',
} as const;
/** A plan is secret until the officer sets off. */
export const PLAN_STATUSES = ['secret', 'started', 'completed'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];
export const PLAN_STATUS_LABELS: Record<PlanStatus, string> = {
  secret: '保密中',
  started: '进行中',
  completed: '已完成',
};
export const SELECTION_RULES = ['largest_gap', 'never_verified', 'unvisited_area', 'random'] as const;
export const SELECTION_RULE_LABELS: Record<(typeof SELECTION_RULES)[number], string> = {
  largest_gap: '申报与计划差距最大',
  never_verified: '从未核验的清单事项',
  unvisited_area: '本年度尚未走到的领域或乡镇',
  random: '随机抽取（记录随机种子，可复现）',
};

export const Plan = z
  .array(z.number().min(0, '计划进度不能为负').max(1e12))
  .length(12, '月度计划应有 12 个月');
