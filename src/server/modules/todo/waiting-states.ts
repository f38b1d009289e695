import { type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import {
  authPasswordResets,
  deliveryFindings,
  deliveryItems,
  deliveryLists,
  deliveryRectifications,
  deliveryReports,
  developmentReviews,
  economyAlerts,
  economyInterviews,
  growthOutstanding,
  growthRuns,
  growthShareDeclarations,
  keyworkAssessments,
  keyworkInspections,
  keyworkReports,
  keyworkRequests,
  quadrantDecisions,
  quadrantRecommendations,
  rewardsOpinions,
  rewardsSteps,
  sceneNominations,
  todoItems,
} from '../../db/schema/index.ts';

/**
 * 等待状态登记表: every state of every workflow that waits on someone, one entry each. A to-do
 * (`todo_items`) is open while its status is open AND the record it points at is still in the
 * waiting state its entry describes — so it closes when the thing is done, by whoever does it,
 * through the page, another route, a job or an import. A new workflow joins by adding an entry;
 * `addTodo` refuses a to-do whose state is not registered.
 */
export interface WaitingState {
  module: string;
  /** The to-do's kind; a trailing `*` matches a family (`report.*`: one per month). */
  kind: string;
  recordType: string;
  /** The state, in Chinese (待研判, 待领导确认, …). */
  label: string;
  /** Who it waits on, in Chinese. */
  waitsOn: string;
  /**
   * SQL, true while the record of the to-do row still waits. Absent: the action that ends the
   * wait closes the to-do in its own transaction (`completeTodosOf`), or the holder marks it done.
   */
  waiting?: (now: Date) => SQL;
}

/** `record_id` as a uuid where it is one (some records have composite keys). */
const recordUuid = sql`(case when ${todoItems.recordId} ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then ${todoItems.recordId}::uuid end)`;

/** The record of the to-do exists in `table` and meets `cond`. */
function recordWhere(table: PgTable & { id: unknown }, cond: SQL): () => SQL {
  return () =>
    sql`exists (select 1 from ${table} where ${(table as unknown as { id: SQL }).id} = ${recordUuid} and ${cond})`;
}

const LEADER_OF_GROUP = '单位所在编组的包联领导（无编组时为全体部领导）';

export const WAITING_STATES: readonly WaitingState[] = [
  // ——— 走进一线看实绩 ———
  {
    module: 'delivery',
    kind: 'list.confirm',
    recordType: 'delivery_list',
    label: '年度干事清单待确认',
    waitsOn: LEADER_OF_GROUP,
    waiting: recordWhere(deliveryLists, sql`${deliveryLists.status} = 'submitted'`),
  },
  {
    module: 'delivery',
    kind: 'report.*',
    recordType: 'delivery_list',
    label: '月度履职交付待填报',
    waitsOn: '干部本人（无账号时为本单位管理员）',
    // kind `report.2026-11`: an item of the list (not withdrawn) lacks that month's report.
    waiting: recordWhere(
      deliveryLists,
      sql`exists (select 1 from ${deliveryItems}
        where ${deliveryItems.listId} = ${deliveryLists.id} and ${deliveryItems.withdrawnAt} is null
          and not exists (select 1 from ${deliveryReports} where ${deliveryReports.itemId} = ${deliveryItems.id}
            and (${deliveryReports.year}::text || '-' || ${deliveryReports.month}::text) = substring(${todoItems.kind} from 8)))`,
    ),
  },
  {
    module: 'delivery',
    kind: 'finding.explain',
    recordType: 'delivery_finding',
    label: '考察发现待说明',
    waitsOn: '干部本人（无账号时为本单位管理员）',
    waiting: recordWhere(deliveryFindings, sql`${deliveryFindings.status} = 'explaining'`),
  },
  {
    module: 'delivery',
    kind: 'finding.respond',
    recordType: 'delivery_finding',
    label: '干部说明待答复',
    waitsOn: '对账考察的发起人（否则考察组干部）',
    waiting: recordWhere(deliveryFindings, sql`${deliveryFindings.status} = 'explained'`),
  },
  {
    module: 'delivery',
    kind: 'finding.final',
    recordType: 'delivery_finding',
    label: '已认定，申诉期内',
    waitsOn: '干部本人（无账号时为本单位管理员）',
    waiting: (now) =>
      recordWhere(
        deliveryFindings,
        sql`${deliveryFindings.status} = 'final' and (${todoItems.dueAt} is null or ${todoItems.dueAt} > ${now.toISOString()}::timestamptz)`,
      )(),
  },
  {
    module: 'delivery',
    kind: 'finding.decide',
    recordType: 'delivery_finding',
    label: '申诉待决定',
    waitsOn: LEADER_OF_GROUP,
    waiting: recordWhere(deliveryFindings, sql`${deliveryFindings.status} = 'appealed'`),
  },
  {
    module: 'delivery',
    kind: 'rectification.reply',
    recordType: 'delivery_rectification',
    label: '整改待回复',
    waitsOn: '干部所在单位管理员',
    waiting: recordWhere(deliveryRectifications, sql`${deliveryRectifications.status} = 'open'`),
  },
  {
    module: 'delivery',
    kind: 'rectification.recheck',
    recordType: 'delivery_rectification',
    label: '整改回复待复核',
    waitsOn: '对账考察的发起人（否则考察组干部）',
    waiting: recordWhere(deliveryRectifications, sql`${deliveryRectifications.status} = 'replied'`),
  },
  // ——— 账号与安全 ———
  {
    module: 'auth',
    kind: 'reset.approve',
    recordType: 'auth_password_reset',
    label: '密码重置待审批',
    waitsOn: '安全管理员',
    waiting: recordWhere(authPasswordResets, sql`${authPasswordResets.status} = 'pending'`),
  },
  // ——— 组织机构 ———
  {
    module: 'org',
    kind: 'division.review',
    recordType: 'division',
    label: '班子分工调整待查阅',
    waitsOn: '考察组干部（查阅后标记已处理）',
  },
  // ——— 走进现场察担当 ———
  {
    module: 'scene',
    kind: 'nomination.decide',
    recordType: 'scene_nomination',
    label: '担当作为推荐待确认',
    waitsOn: LEADER_OF_GROUP,
    waiting: recordWhere(sceneNominations, sql`${sceneNominations.status} = 'pending'`),
  },
  // ——— 与重点工作同步评估 ———
  {
    module: 'keywork',
    kind: 'report',
    recordType: 'keywork_period',
    label: '任务进度待报送',
    waitsOn: '牵头单位管理员',
    // record `taskId:periodEnd`: no report of the task for that period yet (a missed period is
    // withdrawn by the reminders job).
    waiting: () =>
      sql`not exists (select 1 from ${keyworkReports} where ${keyworkReports.taskId}::text = split_part(${todoItems.recordId}, ':', 1)
        and ${keyworkReports.periodEnd}::text = split_part(${todoItems.recordId}, ':', 2))`,
  },
  {
    module: 'keywork',
    kind: 'request',
    recordType: 'keywork_request',
    label: '协调事项待答复',
    waitsOn: '被请求配合的单位管理员',
    waiting: recordWhere(keyworkRequests, sql`${keyworkRequests.answer} is null`),
  },
  {
    module: 'keywork',
    kind: 'inspection',
    recordType: 'keywork_inspection',
    label: '定向考察待结论',
    waitsOn: '指派的考察组干部',
    waiting: recordWhere(keyworkInspections, sql`${keyworkInspections.status} = 'open'`),
  },
  {
    module: 'keywork',
    kind: 'assessment.conclude',
    recordType: 'keywork_assessment',
    label: '专项研判待领导结论',
    waitsOn: LEADER_OF_GROUP,
    waiting: recordWhere(keyworkAssessments, sql`${keyworkAssessments.status} = 'draft'`),
  },
  // ——— 经济运行 ———
  {
    module: 'economy',
    kind: 'alert',
    recordType: 'economy_alert',
    label: '经济运行预警待研判',
    waitsOn: '考察组干部',
    waiting: recordWhere(economyAlerts, sql`${economyAlerts.status} = 'open'`),
  },
  {
    module: 'economy',
    kind: 'interview_check',
    recordType: 'economy_interview',
    label: '约谈整改待核查',
    waitsOn: '记录约谈的人',
    waiting: recordWhere(economyInterviews, sql`${economyInterviews.checkResult} is null`),
  },
  // ——— 一事一奖 ———
  ...(['review', 'approve', 'award', 'returned', 'overdue', 'escalation'] as const).map(
    (kind): WaitingState => ({
      module: 'rewards',
      kind,
      recordType: 'rewards_step',
      label: {
        review: '奖励申报待审核',
        approve: '奖励申报待审批',
        award: '奖励待兑现',
        returned: '退回的申报待重新提交',
        overdue: '环节已超期',
        escalation: '超期督办',
      }[kind],
      waitsOn: {
        review: '考察组干部',
        approve: LEADER_OF_GROUP,
        award: '考察组干部',
        returned: '申报单位管理员',
        overdue: '环节的办理人（审批环节为单位所在编组的包联领导）',
        escalation: '全体部领导',
      }[kind],
      waiting: recordWhere(rewardsSteps, sql`${rewardsSteps.endedAt} is null`),
    }),
  ),
  ...(['opinion', 'overdue', 'escalation'] as const).map(
    (kind): WaitingState => ({
      module: 'rewards',
      kind,
      recordType: 'rewards_opinion',
      label: { opinion: '会签意见待答复', overdue: '会签已超期', escalation: '会签超期督办' }[kind],
      waitsOn: kind === 'escalation' ? '全体部领导' : '被征求意见的单位管理员',
      waiting: recordWhere(rewardsOpinions, sql`${rewardsOpinions.status} = 'pending'`),
    }),
  ),
  // ——— 个体成长解析 / 季度微调 ———
  {
    module: 'growth',
    kind: 'growth_outstanding',
    recordType: 'growth_run',
    label: '脱颖而出人选待确认',
    waitsOn: '全体部领导',
    waiting: () =>
      sql`exists (select 1 from ${growthOutstanding} where ${growthOutstanding.runId} = ${recordUuid} and ${growthOutstanding.status} = 'proposed')`,
  },
  {
    module: 'growth',
    kind: 'growth_declare',
    recordType: 'keywork_task',
    label: '贡献份额待申报',
    waitsOn: '牵头单位管理员',
  },
  {
    module: 'growth',
    kind: 'growth_verify',
    recordType: 'growth_declaration',
    label: '贡献份额待核定',
    waitsOn: '考察组干部',
    waiting: recordWhere(growthShareDeclarations, sql`${growthShareDeclarations.status} = 'declared'`),
  },
  {
    module: 'quadrant',
    kind: 'quadrant_candidates',
    recordType: 'growth_run',
    label: '季度微调人选待研究',
    waitsOn: '考察组干部',
    waiting: recordWhere(
      growthRuns,
      sql`exists (select 1 from ${quadrantRecommendations} where ${quadrantRecommendations.quarter} = ${growthRuns.quarter} and ${quadrantRecommendations.status} = 'open')`,
    ),
  },
  {
    module: 'quadrant',
    kind: 'decision.adopt',
    recordType: 'quadrant_decision',
    label: '调整决定待部务会研究',
    waitsOn: LEADER_OF_GROUP,
    waiting: recordWhere(quadrantDecisions, sql`${quadrantDecisions.status} = 'draft'`),
  },
  {
    module: 'quadrant',
    kind: 'decision.publicity',
    recordType: 'quadrant_decision',
    label: '待任前公示',
    waitsOn: '考察组干部',
    waiting: recordWhere(quadrantDecisions, sql`${quadrantDecisions.status} = 'adopted'`),
  },
  {
    module: 'quadrant',
    kind: 'decision.effect',
    recordType: 'quadrant_decision',
    label: '调整决定待生效',
    waitsOn: LEADER_OF_GROUP,
    waiting: recordWhere(quadrantDecisions, sql`${quadrantDecisions.status} in ('adopted', 'publicity')`),
  },
  // ——— 一人一策 ———
  ...(['monthly', 'mid', 'end'] as const).map(
    (stage): WaitingState => ({
      module: 'development',
      kind: `development.review.${stage}`,
      recordType: 'development_plan',
      label: { monthly: '培养计划月度评议', mid: '培养计划中期评估', end: '培养计划期末评估' }[stage],
      waitsOn: stage === 'monthly' ? '帮带导师（无导师时为考察组干部）' : '考察组干部',
      waiting: () =>
        sql`not exists (select 1 from ${developmentReviews} where ${developmentReviews.planId} = ${recordUuid} and ${developmentReviews.kind} = ${stage}${
          stage === 'monthly'
            ? sql` and ${developmentReviews.period} = to_char(${todoItems.dueAt} at time zone 'Asia/Shanghai', 'YYYY-MM')`
            : sql``
        })`,
    }),
  ),
];

const matches = (s: WaitingState, kind: string) =>
  s.kind.endsWith('*') ? kind.startsWith(s.kind.slice(0, -1)) : s.kind === kind;

/** The entry of a to-do, or undefined when its state is not registered. */
export function waitingStateOf(t: {
  module: string;
  kind: string;
  recordType?: string | null;
}): WaitingState | undefined {
  return WAITING_STATES.find(
    (s) => s.module === t.module && s.recordType === (t.recordType ?? null) && matches(s, t.kind),
  );
}

/** SQL over `todo_items`: the row's record still waits (rows of unregistered states count as waiting). */
export function stillWaiting(now: Date): SQL {
  const conds = WAITING_STATES.filter((s) => s.waiting).map((s) => {
    const kind = s.kind.endsWith('*')
      ? sql`${todoItems.kind} like ${`${s.kind.slice(0, -1)}%`}`
      : sql`${todoItems.kind} = ${s.kind}`;
    return sql`(${todoItems.module} = ${s.module} and ${kind} and ${todoItems.recordType} = ${s.recordType} and not (${s.waiting!(now)}))`;
  });
  return sql`not (${sql.join(conds, sql` or `)})`;
}
