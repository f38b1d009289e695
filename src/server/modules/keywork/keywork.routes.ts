import { z } from 'zod';
import {
  AnswerBody,
  AssessmentBody,
  AssessmentConcludeBody,
  AssessmentQuery,
  AttendanceBody,
  CADENCE_LABELS,
  type Cadence,
  ConcludeBody,
  FindingBody,
  HitQuery,
  INSPECTION_STATUS_LABELS,
  InspectionOpenBody,
  InspectionQuery,
  MeetingBody,
  MeetingQuery,
  MilestoneDoneBody,
  MilestoneInput,
  ReportBody,
  RULE_CODES,
  RuleBody,
  SlipBody,
  TASK_STATUS_LABELS,
  TaskBody,
  TaskQuery,
  TaskUpdateBody,
} from '../../../common/contracts/keywork.ts';
import { IdParams } from '../../../common/contracts/page.ts';
import { attachmentDisposition } from '../../http/download.ts';
import type { App } from '../../http/types.ts';
import { localDay } from '../../lib/time.ts';
import { exportXlsx } from '../../lib/xlsx.ts';
import * as ins from './inspections.service.ts';
import * as tasks from './tasks.service.ts';
import * as triggers from './triggers.service.ts';

const tags = ['keywork 与重点工作同步评估'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const RuleParams = z.object({ code: z.enum(RULE_CODES, { message: '触发规则不存在' }) });
const YearQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100) });

async function lagThreshold(ex: Parameters<typeof triggers.readRules>[0]) {
  return (await triggers.readRules(ex)).find((r) => r.code === 'lag')?.threshold ?? 10;
}

export async function keyworkRoutes(app: App) {
  // ——— meetings ———
  app.get(
    '/api/keywork/meetings',
    {
      config: { access: 'keywork.read' },
      schema: { tags, summary: '市级专题研究会、专班攻坚调度会', querystring: MeetingQuery },
    },
    async (req) => tasks.listMeetings(req.ctx, req.query),
  );
  app.post(
    '/api/keywork/meetings',
    {
      config: { access: 'keywork.meetings.write' },
      schema: { tags, summary: '登记会议', body: MeetingBody },
    },
    async (req, reply) => reply.code(201).send(await tasks.createMeeting(req.ctx, req.body)),
  );
  app.get(
    '/api/keywork/meetings/:id',
    {
      config: { access: 'keywork.read' },
      schema: { tags, summary: '会议详情：部署的任务、组织部门列席记录', params: IdParams },
    },
    async (req) => tasks.getMeeting(req.ctx, req.params.id),
  );
  app.put(
    '/api/keywork/meetings/:id/attendance',
    {
      config: { access: 'keywork.attend' },
      schema: { tags, summary: '记录（或更正）组织部门列席情况', params: IdParams, body: AttendanceBody },
    },
    async (req) => tasks.saveAttendance(req.ctx, req.params.id, req.body),
  );

  // ——— tasks ———
  app.get(
    '/api/keywork/tasks',
    {
      config: { access: 'keywork.read' },
      schema: { tags, summary: '重点任务看板：实际进度与计划', querystring: TaskQuery },
    },
    async (req) => tasks.listTasks(req.ctx, req.query, await lagThreshold(req.ctx.db)),
  );
  app.get(
    '/api/keywork/tasks/export',
    {
      config: { access: 'keywork.read' },
      schema: { tags, summary: '导出重点任务（xlsx）', querystring: TaskQuery },
    },
    async (req, reply) => {
      const list = await tasks.listTasks(
        req.ctx,
        { ...req.query, page: 1, pageSize: 10_000 },
        await lagThreshold(req.ctx.db),
      );
      const today = localDay(req.ctx.clock.now());
      const bytes = await exportXlsx(req.ctx, {
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
  );
  app.post(
    '/api/keywork/tasks',
    {
      config: { access: 'keywork.manage' },
      schema: { tags, summary: '按会议部署新建重点任务', body: TaskBody },
    },
    async (req, reply) => reply.code(201).send(await tasks.createTask(req.ctx, req.body)),
  );
  app.get(
    '/api/keywork/tasks/:id',
    {
      config: { access: 'keywork.read' },
      schema: { tags, summary: '任务详情：节点、报送、协调事项', params: IdParams },
    },
    async (req) => tasks.getTask(req.ctx, req.params.id),
  );
  app.put(
    '/api/keywork/tasks/:id',
    {
      config: { access: 'keywork.manage' },
      schema: {
        tags,
        summary: '更正任务信息（名称、说明、频次、牵头/配合单位、责任领导与专班；留痕）',
        params: IdParams,
        body: TaskUpdateBody,
      },
    },
    async (req) => tasks.updateTask(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/keywork/tasks/:id/milestones',
    {
      config: { access: 'keywork.manage' },
      schema: { tags, summary: '为任务新增节点', params: IdParams, body: MilestoneInput },
    },
    async (req, reply) => reply.code(201).send(await tasks.addMilestone(req.ctx, req.params.id, req.body)),
  );
  app.post(
    '/api/keywork/tasks/:id/reports',
    {
      config: { access: 'keywork.report' },
      schema: { tags, summary: '牵头单位报送进度', params: IdParams, body: ReportBody },
    },
    async (req, reply) => reply.code(201).send(await tasks.submitReport(req.ctx, req.params.id, req.body)),
  );
  app.post(
    '/api/keywork/milestones/:id/slip',
    {
      config: { access: 'keywork.manage' },
      schema: { tags, summary: '调整节点计划日期（留痕）', params: IdParams, body: SlipBody },
    },
    async (req) => tasks.slipMilestone(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/keywork/milestones/:id/done',
    {
      config: { access: 'keywork.manage' },
      schema: { tags, summary: '确认节点完成', params: IdParams, body: MilestoneDoneBody },
    },
    async (req) => tasks.completeMilestone(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/keywork/requests/:id/answer',
    {
      config: { access: 'keywork.report' },
      schema: { tags, summary: '配合单位答复协调事项', params: IdParams, body: AnswerBody },
    },
    async (req) => tasks.answerRequest(req.ctx, req.params.id, req.body),
  );

  // ——— trigger rules and hits ———
  app.get(
    '/api/keywork/rules',
    { config: { access: 'keywork.rules.read' }, schema: { tags, summary: '触发规则及其版本' } },
    async (req) => triggers.listRules(req.ctx),
  );
  app.post(
    '/api/keywork/rules/:code/versions',
    {
      config: { access: 'keywork.rules.manage' },
      schema: { tags, summary: '调整触发规则（新增版本，既往触发不变）', params: RuleParams, body: RuleBody },
    },
    async (req, reply) => reply.code(201).send(await triggers.changeRule(req.ctx, req.params.code, req.body)),
  );
  app.post(
    '/api/keywork/rules/evaluate',
    { config: { access: 'keywork.inspect' }, schema: { tags, summary: '立即按规则检查全部推进中的任务' } },
    async (req, reply) => reply.code(202).send(await triggers.evaluateNow(req.ctx)),
  );
  app.get(
    '/api/keywork/hits',
    { config: { access: 'keywork.inspect' }, schema: { tags, summary: '触发收件箱', querystring: HitQuery } },
    async (req) => triggers.listHits(req.ctx, req.query),
  );

  // ——— inspections ———
  app.get(
    '/api/keywork/inspections',
    {
      config: { access: 'keywork.inspections.read' },
      schema: { tags, summary: '定向考察', querystring: InspectionQuery },
    },
    async (req) => ins.listInspections(req.ctx, req.query),
  );
  app.get(
    '/api/keywork/inspections/export',
    {
      config: { access: 'keywork.inspect' },
      schema: { tags, summary: '导出定向考察（xlsx）', querystring: InspectionQuery },
    },
    async (req, reply) => {
      const list = await ins.listInspections(req.ctx, { ...req.query, page: 1, pageSize: 10_000 });
      const bytes = await exportXlsx(req.ctx, {
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
  );
  app.post(
    '/api/keywork/inspections',
    {
      config: { access: 'keywork.inspect' },
      schema: { tags, summary: '发起定向考察', body: InspectionOpenBody },
    },
    async (req, reply) => reply.code(201).send(await ins.openManual(req.ctx, req.body)),
  );
  app.get(
    '/api/keywork/inspections/:id',
    {
      config: { access: 'keywork.inspections.read' },
      schema: { tags, summary: '定向考察详情', params: IdParams },
    },
    async (req) => ins.getInspection(req.ctx, req.params.id),
  );
  app.post(
    '/api/keywork/inspections/:id/findings',
    {
      config: { access: 'keywork.inspect' },
      schema: { tags, summary: '记录（或更正）对某干部的考察发现', params: IdParams, body: FindingBody },
    },
    async (req) => ins.saveFinding(req.ctx, req.params.id, req.body),
  );
  app.delete(
    '/api/keywork/findings/:id',
    {
      config: { access: 'keywork.inspect' },
      schema: { tags, summary: '删除考察发现（结论前）', params: IdParams },
    },
    async (req) => ins.deleteFinding(req.ctx, req.params.id),
  );
  app.post(
    '/api/keywork/inspections/:id/conclude',
    {
      config: { access: 'keywork.inspect' },
      schema: { tags, summary: '作出考察结论（进入干部时间轴）', params: IdParams, body: ConcludeBody },
    },
    async (req) => ins.concludeInspection(req.ctx, req.params.id, req.body),
  );

  // ——— the causal chain ———
  app.get(
    '/api/keywork/tasks/:id/chain',
    {
      config: { access: 'keywork.chain' },
      schema: { tags, summary: '任务推进—干部担当因果链', params: IdParams },
    },
    async (req) => ins.taskChain(req.ctx, req.params.id),
  );
  app.get(
    '/api/keywork/cadres/:id/chain',
    {
      config: { access: 'keywork.chain' },
      schema: { tags, summary: '干部在重点任务中的担当表现', params: IdParams },
    },
    async (req) => ins.cadreChain(req.ctx, req.params.id),
  );

  // ——— 专项研判 ———
  app.get(
    '/api/keywork/assessments',
    {
      config: { access: 'keywork.assess' },
      schema: { tags, summary: '专项研判', querystring: AssessmentQuery },
    },
    async (req) => ins.listAssessments(req.ctx, req.query),
  );
  app.get(
    '/api/keywork/assessments/candidates',
    {
      config: { access: 'keywork.assess' },
      schema: { tags, summary: '重点任务推进不力的单位', querystring: YearQuery },
    },
    async (req) => ins.assessmentCandidates(req.ctx, req.query.year),
  );
  app.post(
    '/api/keywork/assessments',
    {
      config: { access: 'keywork.assess' },
      schema: { tags, summary: '新建单位班子专项研判', body: AssessmentBody },
    },
    async (req, reply) => reply.code(201).send(await ins.createAssessment(req.ctx, req.body)),
  );
  app.get(
    '/api/keywork/assessments/:id',
    { config: { access: 'keywork.assess' }, schema: { tags, summary: '专项研判详情', params: IdParams } },
    async (req) => ins.getAssessment(req.ctx, req.params.id),
  );
  app.put(
    '/api/keywork/assessments/:id',
    {
      config: { access: 'keywork.assess' },
      schema: { tags, summary: '修改专项研判（结论前）', params: IdParams, body: AssessmentBody },
    },
    async (req) => ins.updateAssessment(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/keywork/assessments/:id/conclude',
    {
      config: { access: 'keywork.decide' },
      schema: { tags, summary: '作出专项研判结论', params: IdParams, body: AssessmentConcludeBody },
    },
    async (req) => ins.concludeAssessment(req.ctx, req.params.id, req.body),
  );
}
