import {
  CADENCE_LABELS,
  type Cadence,
  INSPECTION_STATUS_LABELS,
  keyworkApi,
  TASK_STATUS_LABELS,
} from '../../../common/contracts/keywork.ts';
import { attachmentDisposition } from '../../http/download.ts';
import { routes } from '../../http/route.ts';
import type { App } from '../../http/types.ts';
import { localDay } from '../../lib/time.ts';
import { exportXlsx } from '../../lib/xlsx.ts';
import * as assessments from './assessments.service.ts';
import * as ins from './inspections.service.ts';
import * as meetings from './meetings.service.ts';
import * as taskReports from './task-reports.service.ts';
import * as tasks from './tasks.service.ts';
import * as triggers from './triggers.service.ts';

const tags = ['keywork 与重点工作同步评估'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function lagThreshold(ex: Parameters<typeof triggers.readRules>[0]) {
  return (await triggers.readRules(ex)).find((r) => r.code === 'lag')?.threshold ?? 10;
}

export async function keyworkRoutes(app: App) {
  routes(app, tags, keyworkApi, {
    // ——— meetings ———
    meetings: ({ ctx, query }) => meetings.listMeetings(ctx, query),
    createMeeting: ({ ctx, body }) => meetings.createMeeting(ctx, body),
    meeting: ({ ctx, params }) => meetings.getMeeting(ctx, params.id),
    saveAttendance: ({ ctx, params, body }) => meetings.saveAttendance(ctx, params.id, body),

    // ——— tasks ———
    tasks: async ({ ctx, query }) => tasks.listTasks(ctx, query, await lagThreshold(ctx.db)),
    exportTasks: async ({ ctx, query, reply }) => {
      const list = await tasks.listTasks(
        ctx,
        { ...query, page: 1, pageSize: 10_000 },
        await lagThreshold(ctx.db),
      );
      const today = localDay(ctx.clock.now());
      const bytes = await exportXlsx(ctx, {
        action: 'keywork.tasks.export',
        sheetName: '重点任务',
        title: `重点任务推进情况（截至 ${today}）：共 ${list.total} 项，落后于计划 ${list.lagging} 项`,
        columns: [
          { title: '任务', width: 36 },
          { title: '牵头单位', width: 22 },
          { title: '部署会议', width: 30 },
          { title: '报送频次', width: 10 },
          { title: '完成时限', width: 12 },
          { title: '状态', width: 10 },
          { title: '计划进度%', width: 10 },
          { title: '实际进度%', width: 10 },
          { title: '落后（百分点）', width: 12 },
        ],
        rows: list.items.map((t) => [
          t.title,
          t.leadUnitName,
          t.meetingTitle,
          CADENCE_LABELS[t.cadence as Cadence],
          t.dueOn,
          TASK_STATUS_LABELS[t.status as keyof typeof TASK_STATUS_LABELS],
          t.planned,
          t.latest,
          t.gap,
        ]),
      });
      reply
        .header('content-type', XLSX)
        .header('content-disposition', attachmentDisposition(`重点任务-${today}.xlsx`));
      return reply.send(bytes);
    },
    createTask: ({ ctx, body }) => tasks.createTask(ctx, body),
    task: ({ ctx, params }) => tasks.getTask(ctx, params.id),
    updateTask: ({ ctx, params, body }) => tasks.updateTask(ctx, params.id, body),
    addMilestone: ({ ctx, params, body }) => tasks.addMilestone(ctx, params.id, body),
    submitReport: ({ ctx, params, body }) => taskReports.submitReport(ctx, params.id, body),
    slipMilestone: ({ ctx, params, body }) => taskReports.slipMilestone(ctx, params.id, body),
    completeMilestone: ({ ctx, params, body }) => taskReports.completeMilestone(ctx, params.id, body),
    answerRequest: ({ ctx, params, body }) => taskReports.answerRequest(ctx, params.id, body),

    // ——— trigger rules and hits ———
    rules: ({ ctx }) => triggers.listRules(ctx),
    changeRule: ({ ctx, params, body }) => triggers.changeRule(ctx, params.code, body),
    evaluate: ({ ctx }) => triggers.evaluateNow(ctx),
    hits: ({ ctx, query }) => triggers.listHits(ctx, query),

    // ——— inspections ———
    inspections: ({ ctx, query }) => ins.listInspections(ctx, query),
    exportInspections: async ({ ctx, query, reply }) => {
      const list = await ins.listInspections(ctx, { ...query, page: 1, pageSize: 10_000 });
      const bytes = await exportXlsx(ctx, {
        action: 'keywork.inspections.export',
        sheetName: '定向考察',
        title: `重点任务定向考察：共 ${list.total} 项`,
        columns: [
          { title: '任务', width: 36 },
          { title: '牵头单位', width: 22 },
          { title: '缘由', width: 50 },
          { title: '状态', width: 10 },
          { title: '考察人', width: 14 },
          { title: '期限', width: 12 },
          { title: '发现', width: 8 },
          { title: '问题标签', width: 30 },
        ],
        rows: list.items.map((i) => [
          i.taskTitle,
          i.leadUnitName,
          i.reason,
          INSPECTION_STATUS_LABELS[i.status as keyof typeof INSPECTION_STATUS_LABELS],
          i.assigneeName,
          localDay(i.deadline),
          i.findings,
          ins.tagText(i.tags),
        ]),
      });
      reply
        .header('content-type', XLSX)
        .header('content-disposition', attachmentDisposition('定向考察.xlsx'));
      return reply.send(bytes);
    },
    openInspection: ({ ctx, body }) => ins.openManual(ctx, body),
    inspection: ({ ctx, params }) => ins.getInspection(ctx, params.id),
    saveFinding: ({ ctx, params, body }) => ins.saveFinding(ctx, params.id, body),
    deleteFinding: ({ ctx, params }) => ins.deleteFinding(ctx, params.id),
    concludeInspection: ({ ctx, params, body }) => ins.concludeInspection(ctx, params.id, body),

    // ——— the causal chain ———
    taskChain: ({ ctx, params }) => ins.taskChain(ctx, params.id),
    cadreChain: ({ ctx, params }) => ins.cadreChain(ctx, params.id),

    // ——— 专项研判 ———
    assessments: ({ ctx, query }) => assessments.listAssessments(ctx, query),
    candidates: ({ ctx, query }) => assessments.assessmentCandidates(ctx, query.year),
    createAssessment: ({ ctx, body }) => assessments.createAssessment(ctx, body),
    assessment: ({ ctx, params }) => assessments.getAssessment(ctx, params.id),
    updateAssessment: ({ ctx, params, body }) => assessments.updateAssessment(ctx, params.id, body),
    concludeAssessment: ({ ctx, params, body }) => assessments.concludeAssessment(ctx, params.id, body),
  });
}
