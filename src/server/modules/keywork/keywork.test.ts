import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../../../test/app.ts';
import { seedSmallCounty } from '../../../../test/factories.ts';
import { onePixelPng } from '../../../../test/multipart.ts';
import { enqueue, JobRunner } from '../system/jobs.service.ts';

let t: TestApp;
let county: Awaited<ReturnType<typeof seedSmallCounty>>;
let joint: Agent;
let officer: Agent;
let leader: Agent;
let leadAdmin: Agent;
let coopAdmin: Agent;
let coopSelf: Agent;
let leadUnit = '';
let coopUnit = '';
let coopCadre = '';
let meetingId = '';

/** Tasks by name: each carries the planted data of one rule. */
const task: Record<string, string> = {};

const at = (day: string, hour = 10) => `${day}T${String(hour - 8).padStart(2, '0')}:00:00Z`;

beforeAll(async () => {
  t = await createTestApp({ mode: 'production', start: at('2026-03-02') });
  county = await seedSmallCounty(t.deps);
  leadUnit = county.unitAdminUnitId;
  const units = (
    await t.superuser(
      "SELECT id FROM org_units WHERE id <> $1 AND kind = 'department' ORDER BY code LIMIT 1",
      [leadUnit],
    )
  ).rows;
  coopUnit = units[0]!.id as string;
  coopCadre = (
    await t.superuser(
      "SELECT id FROM org_cadres WHERE unit_id = $1 AND status = 'active' ORDER BY code LIMIT 1",
      [coopUnit],
    )
  ).rows[0]!.id as string;
  joint = await t.as('joint_office');
  officer = await t.as('assessment_officer');
  leader = await t.as('org_leader');
  leadAdmin = await t.as('unit_admin', { unitId: leadUnit });
  coopAdmin = await t.as('unit_admin', { unitId: coopUnit });
  coopSelf = await t.as('cadre', { cadreId: coopCadre });
});
afterAll(async () => t?.close());

function taskBody(title: string) {
  return {
    title,
    meetingId,
    domain: '项目投资',
    leadUnitId: leadUnit,
    cooperatingUnitIds: [coopUnit],
    cadres: [
      { cadreId: county.cadreId, role: 'responsible', part: '总牵头，负责要素保障' },
      { cadreId: coopCadre, role: 'taskforce', part: '政策处理' },
    ],
    cadence: 'weekly',
    startsOn: '2026-03-09',
    dueOn: '2026-06-30',
    milestones: [
      { title: '完成土地征迁', plannedOn: '2026-03-20', plannedProgress: 50, responsibleCadreId: coopCadre },
      {
        title: '开工建设',
        plannedOn: '2026-06-30',
        plannedProgress: 100,
        responsibleCadreId: county.cadreId,
      },
    ],
  };
}

/** Moves the clock to a day and logs everyone in again (sessions end after 12 hours). */
async function travel(day: string, hour = 10) {
  t.deps.clock.set(at(day, hour));
  [joint, officer, leader, leadAdmin, coopAdmin, coopSelf] = (await Promise.all(
    [joint, officer, leader, leadAdmin, coopAdmin, coopSelf].map((a) => t.login(a.user!)),
  )) as [Agent, Agent, Agent, Agent, Agent, Agent];
}

async function hitsOf(taskId: string) {
  const res = await officer.get(`/api/keywork/hits?taskId=${taskId}&pageSize=100`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items as { ruleCode: string; version: number; inspectionId: string; message: string }[];
}
const codes = async (taskId: string) => (await hitsOf(taskId)).map((h) => h.ruleCode).sort();

async function evaluateAll() {
  expect((await officer.post('/api/keywork/rules/evaluate')).statusCode).toBe(202);
  await t.jobs.runDue();
}

describe('key tasks from a city meeting', () => {
  it('records the meeting and creates tasks with units, cadres and milestones; refuses bad input', async () => {
    const future = await joint.post('/api/keywork/meetings', {
      kind: 'dispatch',
      title: '重大项目专班攻坚调度会',
      heldOn: '2026-03-10',
    });
    expect(future.json().error.details).toEqual([expect.objectContaining({ path: 'body.heldOn' })]);
    const m = await joint.post('/api/keywork/meetings', {
      kind: 'dispatch',
      title: '重大项目专班攻坚调度会（第一次）',
      heldOn: '2026-02-27',
      host: '常务副市长',
    });
    expect(m.statusCode, m.body).toBe(201);
    meetingId = m.json().id;

    const bad = await joint.post('/api/keywork/tasks', {
      ...taskBody('坏任务'),
      cooperatingUnitIds: [leadUnit],
      cadres: [{ cadreId: coopCadre, role: 'taskforce' }],
      milestones: [{ title: '节点', plannedOn: '2026-08-01', plannedProgress: 50 }],
    });
    expect(bad.statusCode).toBe(400);
    const details = JSON.stringify(bad.json().error.details);
    expect(details).toContain('牵头单位不能同时是配合单位');
    expect(details).toContain('请至少指定一名责任领导');
    expect(details).toContain('不在任务期限内');
    expect((await officer.post('/api/keywork/tasks', taskBody('组织部不建任务'))).statusCode).toBe(403);

    for (const [key, title] of [
      ['lag', '湾区大道快速路工程'],
      ['onPlan', '城东片区成片拆改'],
      ['silent', '智能装备产业园招引'],
    ] as const) {
      const res = await joint.post('/api/keywork/tasks', taskBody(title));
      expect(res.statusCode, res.body).toBe(201);
      task[key] = res.json().id;
    }
    const detail = (await joint.get(`/api/keywork/tasks/${task.lag}`)).json();
    expect(detail.meeting.title).toBe('重大项目专班攻坚调度会（第一次）');
    expect(detail.cooperating.map((u: { id: string }) => u.id)).toEqual([coopUnit]);
    expect(detail.milestones.map((x: { title: string }) => x.title)).toEqual(['完成土地征迁', '开工建设']);
    // Queries inside the lists count the meeting's own tasks.
    const meetings = (await joint.get('/api/keywork/meetings')).json().items;
    expect(meetings.find((x: { id: string }) => x.id === meetingId).tasks).toBe(3);
    // A unit administrator sees the tasks its unit leads or cooperates in.
    expect((await coopAdmin.get('/api/keywork/tasks')).json().total).toBe(3);
  });
});

describe('trigger rules (中心工作定向考察触发机制)', () => {
  it('fires the lag rule once on a report behind plan, not on a task on plan, and opens an inspection on the officer’s list', async () => {
    await travel('2026-03-16');
    // The coordination request goes with the lagging report, due in two days.
    const behind = await leadAdmin.post(`/api/keywork/tasks/${task.lag}/reports`, {
      progress: 10,
      summary: '征迁协议签订 3 户',
      problems: '配合单位政策处理意见迟迟未出',
      requests: [{ toUnitId: coopUnit, content: '请出具征迁补偿政策处理意见', dueOn: '2026-03-18' }],
    });
    expect(behind.statusCode, behind.body).toBe(201);
    expect(behind.json()).toMatchObject({
      periodEnd: '2026-03-15',
      dueOn: '2026-03-17',
      plannedProgress: 27.3,
    });
    const onPlan = await leadAdmin.post(`/api/keywork/tasks/${task.onPlan}/reports`, {
      progress: 28,
      summary: '按计划推进',
    });
    expect(onPlan.statusCode, onPlan.body).toBe(201);
    // The same period twice, or a unit that does not lead the task: refused.
    // Reporting ahead for the current week is allowed once; a third report has no period left.
    const ahead = await leadAdmin.post(`/api/keywork/tasks/${task.onPlan}/reports`, {
      progress: 52,
      summary: '提前报送',
    });
    expect(ahead.json()).toMatchObject({ periodEnd: '2026-03-22', plannedProgress: 51 });
    const twice = await leadAdmin.post(`/api/keywork/tasks/${task.onPlan}/reports`, {
      progress: 53,
      summary: 'x',
    });
    expect(twice.json().error.code).toBe('KEYWORK_NO_OPEN_PERIOD');
    const lower = await leadAdmin.post(`/api/keywork/tasks/${task.silent}/reports`, {
      progress: -1,
      summary: 'x',
    });
    expect(lower.statusCode).toBe(400);
    const notLead = await coopAdmin.post(`/api/keywork/tasks/${task.lag}/reports`, {
      progress: 30,
      summary: 'x',
    });
    expect(notLead.json().error.code).toBe('KEYWORK_NOT_LEAD_UNIT');
    // The task's flags say the same: the lead unit reports, a cooperating unit does not.
    expect((await leadAdmin.get(`/api/keywork/tasks/${task.lag}`)).json().can).toMatchObject({
      report: true,
      edit: false,
    });
    expect((await coopAdmin.get(`/api/keywork/tasks/${task.lag}`)).json().can.report).toBe(false);
    expect((await joint.get(`/api/keywork/tasks/${task.lag}`)).json().can).toMatchObject({
      report: false,
      edit: true,
      addMilestone: true,
    });
    await t.jobs.runDue();

    const hits = await hitsOf(task.lag!);
    expect(hits.map((h) => h.ruleCode)).toEqual(['lag']);
    expect(hits[0]!.message).toContain('落后 17.3 个百分点');
    expect(hits[0]!.version).toBe(1);
    expect(await codes(task.onPlan!)).toEqual([]);
    const todos = (await officer.get('/api/todo/items')).json().items;
    const todo = todos.find((x: { recordId: string }) => x.recordId === hits[0]!.inspectionId);
    expect(todo.title).toBe('定向考察：湾区大道快速路工程');
    // Ten working days from Monday 16 March: Monday 30 March, end of the day.
    expect(todo.dueAt).toBe('2026-03-30T15:59:59.999Z');
    const coopTodos = (await coopAdmin.get('/api/todo/items')).json().items;
    expect(coopTodos.map((x: { title: string }) => x.title)).toContain(
      '答复重点任务协调事项：湾区大道快速路工程（2026-03-18 前）',
    );

    // A re-run and a restarted runner find nothing new.
    await evaluateAll();
    await evaluateAll();
    const restarted = new JobRunner(t.deps);
    await officer.post('/api/keywork/rules/evaluate');
    await restarted.runDue();
    expect(await codes(task.lag!)).toEqual(['lag']);
    expect(await codes(task.onPlan!)).toEqual([]);
  });

  it('records every slip of a milestone and fires “repeated slips” on the second', async () => {
    const ms = (await joint.get(`/api/keywork/tasks/${task.onPlan}`)).json().milestones[0];
    const first = await joint.post(`/api/keywork/milestones/${ms.id}/slip`, {
      plannedOn: '2026-04-10',
      reason: '征迁户诉求未协调一致',
    });
    expect(first.statusCode, first.body).toBe(200);
    await t.jobs.runDue();
    expect(await codes(task.onPlan!)).toEqual([]);
    await joint.post(`/api/keywork/milestones/${ms.id}/slip`, {
      plannedOn: '2026-04-20',
      reason: '再次推迟',
    });
    await t.jobs.runDue();
    expect(await codes(task.onPlan!)).toEqual(['repeated_slips']);
    const after = (await joint.get(`/api/keywork/tasks/${task.onPlan}`)).json().milestones[0];
    expect(after).toMatchObject({ baselineOn: '2026-03-20', plannedOn: '2026-04-20' });
    expect(after.slips.map((s: { fromOn: string; toOn: string }) => [s.fromOn, s.toOn])).toEqual([
      ['2026-03-20', '2026-04-10'],
      ['2026-04-10', '2026-04-20'],
    ]);
  });

  it('fires missed reports, an overdue milestone and an unanswered request once each as time passes', async () => {
    await travel('2026-03-25');
    await evaluateAll();
    // The silent task missed the reports of the weeks ending 15 and 22 March (due 17 and 24 March).
    expect(await codes(task.silent!)).toEqual(['milestone_overdue', 'missed_reports']);
    const silent = await hitsOf(task.silent!);
    expect(silent[0]!.inspectionId).toBe(silent[1]!.inspectionId);
    // The lag task: its milestone is overdue and the cooperating unit did not answer by 18 March.
    expect(await codes(task.lag!)).toEqual(['coordination_unanswered', 'lag', 'milestone_overdue']);
    const req = (await leadAdmin.get(`/api/keywork/tasks/${task.lag}`)).json().requests[0];
    expect(req.can.answer).toBe(false);
    expect((await coopAdmin.get(`/api/keywork/tasks/${task.lag}`)).json().requests[0].can.answer).toBe(true);
    expect(
      (await leadAdmin.post(`/api/keywork/requests/${req.id}/answer`, { answer: '已答复' })).json().error
        .code,
    ).toBe('KEYWORK_NOT_ADDRESSEE');
    expect(
      (await coopAdmin.post(`/api/keywork/requests/${req.id}/answer`, { answer: '补偿意见已出具' }))
        .statusCode,
    ).toBe(200);
    await evaluateAll();
    await new JobRunner(t.deps).runDue();
    expect(await codes(task.silent!)).toEqual(['milestone_overdue', 'missed_reports']);
    expect(await codes(task.lag!)).toEqual(['coordination_unanswered', 'lag', 'milestone_overdue']);
    // The database itself refuses a second row for the same rule version, task and key.
    await expect(
      t.superuser(
        'INSERT INTO keywork_hits (rule_version_id, rule_code, task_id, hit_key, detail, message, hit_on) SELECT rule_version_id, rule_code, task_id, hit_key, detail, message, hit_on FROM keywork_hits LIMIT 1',
      ),
    ).rejects.toThrow(/keywork_hits_uq|duplicate/);
  });

  it('versions a rule change; past hits keep their version and are not found again', async () => {
    const body = { threshold: 30, inspectionDays: 8, enabled: true, note: '聚焦严重滞后' };
    expect((await officer.post('/api/keywork/rules/lag/versions', body)).statusCode).toBe(403);
    const v2 = await leader.post('/api/keywork/rules/lag/versions', body);
    expect(v2.statusCode, v2.body).toBe(201);
    expect(v2.json()).toMatchObject({ version: 2, threshold: 30 });
    expect((await leader.post('/api/keywork/rules/lag/versions', body)).json().error.code).toBe(
      'KEYWORK_RULE_UNCHANGED',
    );
    const rules = (await officer.get('/api/keywork/rules')).json().items;
    const lag = rules.find((r: { code: string }) => r.code === 'lag');
    expect(
      lag.versions.map((v: { version: number; threshold: number; hits: number }) => [
        v.version,
        v.threshold,
        v.hits,
      ]),
    ).toEqual([
      [2, 30, 0],
      [1, 10, 1],
    ]);
    await evaluateAll();
    const hits = await hitsOf(task.lag!);
    expect(hits.filter((h) => h.ruleCode === 'lag').map((h) => h.version)).toEqual([1]);
    // 15 points behind is no longer a hit under version 2.
    await travel('2026-03-30');
    const r = await leadAdmin.post(`/api/keywork/tasks/${task.silent}/reports`, {
      progress: 30,
      summary: '推进',
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().plannedProgress - 30).toBeGreaterThan(10);
    await t.jobs.runDue();
    expect(await codes(task.silent!)).toEqual(['milestone_overdue', 'missed_reports']);
  });
});

describe('a targeted inspection (定向考察)', () => {
  let inspectionId = '';

  it('hides the open inspection from the units, records a 推诿扯皮 finding, and concludes onto the timeline', async () => {
    const list = (await officer.get(`/api/keywork/inspections?taskId=${task.lag}&mine=1`)).json();
    expect(list.total).toBe(1);
    inspectionId = list.items[0].id;
    expect(list.items[0].hits).toBe(3);

    // Before the conclusion the units know nothing of it.
    for (const admin of [leadAdmin, coopAdmin]) {
      expect((await admin.get('/api/keywork/inspections')).json().total).toBe(0);
      expect((await admin.get(`/api/keywork/inspections/${inspectionId}`)).statusCode).toBe(404);
      expect((await admin.get(`/api/keywork/tasks/${task.lag}/chain`)).json().taskFindings).toEqual([]);
    }
    expect((await coopAdmin.post(`/api/keywork/inspections/${inspectionId}/findings`, {})).statusCode).toBe(
      403,
    );
    expect((await coopAdmin.get('/api/keywork/hits')).statusCode).toBe(403);
    const sysadmin = await t.as('system_admin');
    expect((await sysadmin.get(`/api/keywork/inspections/${inspectionId}`)).statusCode).toBe(403);
    const joint403 = await joint.get(`/api/keywork/inspections/${inspectionId}`);
    expect(joint403.statusCode).toBe(403);

    const none = await officer.post(`/api/keywork/inspections/${inspectionId}/conclude`, {
      kind: 'ineffective',
      conclusion: '推进不力',
    });
    expect(none.json().error.code).toBe('KEYWORK_NO_FINDINGS');
    const outsider = (
      await t.superuser('SELECT id FROM org_cadres WHERE unit_id NOT IN ($1, $2) LIMIT 1', [
        leadUnit,
        coopUnit,
      ])
    ).rows[0]!.id;
    const wrong = await officer.post(`/api/keywork/inspections/${inspectionId}/findings`, {
      cadreId: outsider,
      effect: 'held_up',
      tags: ['inaction'],
      cause: '与本任务无关的干部',
    });
    expect(wrong.json().error.code).toBe('KEYWORK_CADRE_NOT_IN_TASK');
    const before = (await officer.get(`/api/keywork/inspections/${inspectionId}`)).json();
    expect(before.can).toEqual({ record: true, conclude: true });
    const ms = before.milestones[0];
    const f1 = await officer.post(`/api/keywork/inspections/${inspectionId}/findings`, {
      cadreId: coopCadre,
      milestoneId: ms.id,
      effect: 'held_up',
      tags: ['buck_passing', 'ignoring_whole'],
      cause: '政策处理意见拖延两周，协调会上相互推诿',
      evidence: '调度会纪要、协调函签收记录',
    });
    expect(f1.statusCode, f1.body).toBe(200);
    const f2 = await officer.post(`/api/keywork/inspections/${inspectionId}/findings`, {
      cadreId: county.cadreId,
      effect: 'moved',
      tags: ['initiative'],
      cause: '多次上门协调征迁户，主动担当',
    });
    expect(f2.statusCode).toBe(200);
    const done = await officer.post(`/api/keywork/inspections/${inspectionId}/conclude`, {
      kind: 'partly',
      conclusion: '配合单位推诿扯皮是节点逾期的主因',
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: 'concluded', concludedBy: officer.user!.id });
    const after = (await officer.get(`/api/keywork/inspections/${inspectionId}`)).json();
    expect(after.can).toEqual({ record: false, conclude: false });
    expect(after.findings.every((f: { can: { edit: boolean } }) => !f.can.edit)).toBe(true);
    expect(
      (
        await officer.post(`/api/keywork/inspections/${inspectionId}/findings`, {
          cadreId: county.cadreId,
          effect: 'moved',
          tags: ['initiative'],
          cause: '补记',
        })
      ).json().error.code,
    ).toBe('KEYWORK_INSPECTION_CONCLUDED');
    // The officer's to-do is done.
    const open = (await officer.get('/api/todo/items')).json().items;
    expect(open.some((x: { recordId: string }) => x.recordId === inspectionId)).toBe(false);

    // Now each unit sees the inspection with the findings about its own cadres only.
    const seen = (await coopAdmin.get(`/api/keywork/inspections/${inspectionId}`)).json();
    expect(seen.findings.map((f: { cadreId: string }) => f.cadreId)).toEqual([coopCadre]);
    expect(seen.hits).toEqual([]);
    const leadSeen = (await leadAdmin.get(`/api/keywork/inspections/${inspectionId}`)).json();
    expect(leadSeen.findings.map((f: { cadreId: string }) => f.cadreId)).toEqual([county.cadreId]);
    const timeline = JSON.stringify((await coopSelf.get(`/api/org/cadres/${coopCadre}/timeline`)).json());
    expect(timeline).toContain('重点任务定向考察：湾区大道快速路工程（推诿扯皮、不顾大局）');
  });

  it('shows the causal chain per task and per cadre', async () => {
    const chain = (await officer.get(`/api/keywork/tasks/${task.lag}/chain`)).json();
    const first = chain.milestones[0];
    expect(first).toMatchObject({
      title: '完成土地征迁',
      state: 'overdue',
      responsibleName: expect.any(String),
    });
    expect(first.findings.map((f: { cadreId: string; tags: string[] }) => [f.cadreId, f.tags])).toEqual([
      [coopCadre, ['buck_passing', 'ignoring_whole']],
    ]);
    expect(first.hits.map((h: { ruleCode: string }) => h.ruleCode)).toEqual(['milestone_overdue']);
    const people = Object.fromEntries(
      chain.people.map((p: { cadreId: string; heldUp: number; moved: number }) => [
        p.cadreId,
        [p.heldUp, p.moved],
      ]),
    );
    expect(people[coopCadre]).toEqual([1, 0]);
    expect(people[county.cadreId]).toEqual([0, 1]);
    const mine = (await officer.get(`/api/keywork/cadres/${coopCadre}/chain`)).json();
    expect(mine).toMatchObject({ heldUp: 1, moved: 0 });
    expect(mine.tasks.find((x: { id: string }) => x.id === task.lag).milestones[0].title).toBe(
      '完成土地征迁',
    );
    // A unit administrator reads the chain of its own cadres only.
    expect((await leadAdmin.get(`/api/keywork/cadres/${coopCadre}/chain`)).statusCode).toBe(403);
  });
});

describe('special assessment of a unit (专项研判)', () => {
  it('lists units whose cadres held tasks up; an officer drafts, only a leader concludes', async () => {
    const cand = (await officer.get('/api/keywork/assessments/candidates?year=2026')).json().items;
    expect(cand.map((c: { unitId: string }) => c.unitId)).toEqual([coopUnit]);
    const body = {
      unitId: coopUnit,
      year: 2026,
      taskIds: [task.lag],
      findings: '班子在快速路工程中配合不力，政策处理拖延',
      measures: '约谈班子主要负责人',
    };
    const other = (
      await t.superuser('SELECT id FROM org_units WHERE id NOT IN ($1, $2) LIMIT 1', [leadUnit, coopUnit])
    ).rows[0]!.id;
    expect((await officer.post('/api/keywork/assessments', { ...body, unitId: other })).statusCode).toBe(400);
    const a = await officer.post('/api/keywork/assessments', body);
    expect(a.statusCode, a.body).toBe(201);
    expect((await officer.post('/api/keywork/assessments', body)).json().error.code).toBe(
      'KEYWORK_ASSESSMENT_EXISTS',
    );
    expect((await officer.get(`/api/keywork/assessments/${a.json().id}`)).json().can).toEqual({
      edit: true,
      conclude: false,
    });
    expect((await leader.get(`/api/keywork/assessments/${a.json().id}`)).json().can.conclude).toBe(true);
    const decide = { kind: 'weak', conclusion: '班子推进重点任务不力', measures: '限期整改，年底复核' };
    expect((await officer.post(`/api/keywork/assessments/${a.json().id}/conclude`, decide)).statusCode).toBe(
      403,
    );
    const ok = await leader.post(`/api/keywork/assessments/${a.json().id}/conclude`, decide);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'concluded', concludedBy: leader.user!.id });
    const detail = (await officer.get(`/api/keywork/assessments/${a.json().id}`)).json();
    expect(detail.cadreFindings.map((f: { cadreId: string }) => f.cadreId)).toEqual([coopCadre]);
    expect(detail.findings).toBe(body.findings);
    expect(detail.can).toEqual({ edit: false, conclude: false });
    expect((await coopAdmin.get('/api/keywork/assessments')).statusCode).toBe(403);
    const xlsx = await officer.get('/api/keywork/inspections/export');
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const tasksXlsx = await joint.get('/api/keywork/tasks/export');
    expect(tasksXlsx.statusCode).toBe(200);
    expect(tasksXlsx.headers['content-type']).toContain('spreadsheetml');
  });
});

describe('evidence files on a finding', () => {
  it('lets the officer attach files to a finding while open; a unit reads its own cadre’s only after the conclusion', async () => {
    const open = (await officer.get(`/api/keywork/inspections?taskId=${task.onPlan}&status=open`)).json();
    expect(open.total).toBe(1);
    const inspectionId = open.items[0].id as string;
    const f = await officer.post(`/api/keywork/inspections/${inspectionId}/findings`, {
      cadreId: coopCadre,
      effect: 'neutral',
      tags: ['objective'],
      cause: '征迁户诉求分歧大，节点推迟有客观原因',
      evidence: '现场照片、协调会纪要',
    });
    expect(f.statusCode, f.body).toBe(200);
    const findingId = f.json().id as string;
    const attach = (a: Agent, name: string) =>
      a.upload('/api/evidence/files', [{ name, bytes: onePixelPng() }], {
        ownerType: 'keywork_finding',
        ownerId: findingId,
      });
    const filesOf = (a: Agent) => a.get(`/api/evidence/files?ownerType=keywork_finding&ownerId=${findingId}`);

    const photo = await attach(officer, '征迁现场.png');
    expect(photo.statusCode, photo.body).toBe(201);
    const fileId = photo.json().id as string;
    // Only the organization department gathers evidence.
    const byJoint = await attach(joint, 'x.png');
    expect(byJoint.statusCode).toBe(403);
    const listed = await filesOf(officer);
    expect(listed.json().items.map((x: { originalName: string }) => x.originalName)).toEqual([
      '征迁现场.png',
    ]);
    const detail = (await officer.get(`/api/keywork/inspections/${inspectionId}`)).json();
    expect(detail.findings.find((x: { id: string }) => x.id === findingId).files).toBe(1);
    // A finding with evidence is corrected, never deleted.
    expect((await officer.del(`/api/keywork/findings/${findingId}`)).json().error.code).toBe(
      'KEYWORK_FINDING_HAS_FILES',
    );

    // Before the conclusion the cadre's unit can neither list nor download the files.
    const unitList = await filesOf(coopAdmin);
    expect(unitList.statusCode).toBe(404);
    expect((await coopAdmin.get(`/api/evidence/files/${fileId}/content`)).statusCode).toBe(404);

    const done = await officer.post(`/api/keywork/inspections/${inspectionId}/conclude`, {
      kind: 'objective',
      conclusion: '节点推迟系客观原因',
    });
    expect(done.statusCode, done.body).toBe(200);
    const late = await attach(officer, '补充.png');
    expect(late.statusCode).toBe(403);

    const after = await filesOf(coopAdmin);
    expect(after.statusCode, after.body).toBe(200);
    expect(after.json().items).toHaveLength(1);
    const download = await coopAdmin.get(`/api/evidence/files/${fileId}/content`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('image/png');
    // The lead unit's administrator: not its cadre, not its file.
    expect((await leadAdmin.get(`/api/evidence/files/${fileId}/content`)).statusCode).toBe(404);
  });
});

describe('report reminders (报送提醒)', () => {
  const TITLE = '滨海新区污水管网改造';
  let reminded = '';

  /** The lead unit's open to-dos for this task's reports. */
  const reminders = async (admin: Agent) =>
    ((await admin.get('/api/todo/items')).json().items as { title: string; dueAt: string }[]).filter((x) =>
      x.title.includes(`《${TITLE}》`),
    );

  /** The recurring job as the server runs it: one row that moves forward after each run. */
  async function runReminderJob() {
    await enqueue(t.deps.db, {
      kind: 'keywork.report-todos',
      uniqueKey: 'recurring:keywork.report-todos',
      runAt: t.deps.clock.now(),
      maxAttempts: 1000,
    });
    await t.jobs.runDue();
  }

  it('puts each period on the lead unit’s list once, closes it with the report, and withdraws a missed one', async () => {
    const res = await joint.post('/api/keywork/tasks', {
      ...taskBody(TITLE),
      startsOn: '2026-04-06',
      milestones: [{ title: '管网完工', plannedOn: '2026-06-30', plannedProgress: 100 }],
    });
    expect(res.statusCode, res.body).toBe(201);
    reminded = res.json().id;
    await runReminderJob();
    expect(await reminders(leadAdmin)).toEqual([]);

    await travel('2026-04-06');
    await runReminderJob();
    const first = await reminders(leadAdmin);
    expect(first.map((x) => x.title)).toEqual([`报送《${TITLE}》第 1 期进度`]);
    // The week ends on Sunday 12 April; the report is due two working days later.
    expect(first[0]!.dueAt).toBe('2026-04-14T15:59:59.999Z');
    expect(await reminders(coopAdmin)).toEqual([]);

    // A second run (and a restarted runner) adds nothing.
    await travel('2026-04-06', 11);
    await runReminderJob();
    await new JobRunner(t.deps).runDue();
    expect((await reminders(leadAdmin)).map((x) => x.title)).toEqual([`报送《${TITLE}》第 1 期进度`]);

    const report = await leadAdmin.post(`/api/keywork/tasks/${reminded}/reports`, {
      progress: 5,
      summary: '管网勘察完成',
    });
    expect(report.statusCode, report.body).toBe(201);
    expect(await reminders(leadAdmin)).toEqual([]);
    await runReminderJob();
    expect(await reminders(leadAdmin)).toEqual([]);

    // The second week goes unreported: once its deadline has passed it comes off the list.
    await travel('2026-04-13');
    await runReminderJob();
    expect((await reminders(leadAdmin)).map((x) => x.title)).toEqual([`报送《${TITLE}》第 2 期进度`]);
    await travel('2026-04-22');
    await runReminderJob();
    expect((await reminders(leadAdmin)).map((x) => x.title)).toEqual([`报送《${TITLE}》第 3 期进度`]);
  });
});

describe('correcting a task (更正任务信息)', () => {
  const basics = async (id: string) => {
    const d = (await joint.get(`/api/keywork/tasks/${id}`)).json();
    return {
      title: d.title as string,
      domain: d.domain as string | null,
      description: d.description as string | null,
      leadUnitId: d.leadUnit.id as string,
      cooperatingUnitIds: d.cooperating.map((u: { id: string }) => u.id) as string[],
      cadence: d.cadence as string,
      cadres: d.cadres.map((c: { cadreId: string; role: string; part: string | null }) => ({
        cadreId: c.cadreId,
        role: c.role,
        part: c.part,
      })) as { cadreId: string; role: string; part: string | null }[],
    };
  };

  it('lets the joint office correct the basics, moves the report to-dos to a new lead unit, and records it', async () => {
    const created = await joint.post('/api/keywork/tasks', {
      ...taskBody('老旧小区改造'),
      startsOn: '2026-04-20',
      milestones: [{ title: '完成改造', plannedOn: '2026-06-30', plannedProgress: 100 }],
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    // A task that has begun has its first period on the lead unit's list at once.
    const leadTodos = (await leadAdmin.get('/api/todo/items'))
      .json()
      .items.map((x: { title: string }) => x.title);
    expect(leadTodos).toContain('报送《老旧小区改造》第 1 期进度');

    const before = await basics(id);
    const body = {
      ...before,
      title: '老旧小区综合改造提升',
      description: '涉及 12 个小区，含管线入地',
      leadUnitId: coopUnit,
      cooperatingUnitIds: [leadUnit],
      cadence: 'monthly',
      cadres: [
        { cadreId: county.cadreId, role: 'responsible', part: '总牵头，负责资金统筹' },
        { cadreId: coopCadre, role: 'responsible', part: '改造实施' },
      ],
    };
    expect((await officer.put(`/api/keywork/tasks/${id}`, body)).statusCode).toBe(403);
    expect((await leadAdmin.put(`/api/keywork/tasks/${id}`, body)).statusCode).toBe(403);
    const bad = await joint.put(`/api/keywork/tasks/${id}`, { ...body, cooperatingUnitIds: [coopUnit] });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json().error.details)).toContain('牵头单位不能同时是配合单位');

    const ok = await joint.put(`/api/keywork/tasks/${id}`, body);
    expect(ok.statusCode, ok.body).toBe(200);
    const after = await basics(id);
    expect(after).toMatchObject({
      title: '老旧小区综合改造提升',
      description: '涉及 12 个小区，含管线入地',
      leadUnitId: coopUnit,
      cooperatingUnitIds: [leadUnit],
      cadence: 'monthly',
    });
    expect(after.cadres.find((c) => c.cadreId === coopCadre)).toEqual({
      cadreId: coopCadre,
      role: 'responsible',
      part: '改造实施',
    });
    expect((await joint.put(`/api/keywork/tasks/${id}`, body)).json().error.code).toBe(
      'KEYWORK_TASK_UNCHANGED',
    );
    const audit = await t.superuser(
      "SELECT count(*)::int AS n FROM audit_entries WHERE action = 'keywork.task.update' AND object_id = $1",
      [id],
    );
    expect(audit.rows[0]!.n).toBe(1);
    // The report now belongs to the new lead unit, per month.
    const titles = async (a: Agent) =>
      (await a.get('/api/todo/items')).json().items.map((x: { title: string }) => x.title) as string[];
    expect((await titles(leadAdmin)).filter((x) => x.includes('老旧小区'))).toEqual([]);
    expect((await titles(coopAdmin)).filter((x) => x.includes('老旧小区'))).toEqual([
      '报送《老旧小区综合改造提升》第 1 期进度',
    ]);
  });

  it('refuses changes that would orphan reports, requests or milestones, and changes nothing', async () => {
    const before = await basics(task.lag!);
    const refused = async (patch: Partial<typeof before>, code: string, text: string) => {
      const res = await joint.put(`/api/keywork/tasks/${task.lag}`, { ...before, ...patch });
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json().error).toMatchObject({ code, message: expect.stringContaining(text) });
    };
    const other = (
      await t.superuser('SELECT id FROM org_units WHERE id NOT IN ($1, $2) ORDER BY code LIMIT 1', [
        leadUnit,
        coopUnit,
      ])
    ).rows[0]!.id as string;
    await refused({ leadUnitId: other }, 'KEYWORK_TASK_REPORTED', '不能更换牵头单位');
    await refused({ cadence: 'monthly' }, 'KEYWORK_TASK_REPORTED', '不能更改报送频次');
    await refused({ cooperatingUnitIds: [] }, 'KEYWORK_TASK_IN_USE', '有本任务的协调事项');
    await refused(
      { cadres: before.cadres.filter((c) => c.cadreId !== coopCadre) },
      'KEYWORK_TASK_IN_USE',
      '是节点“完成土地征迁”的责任人',
    );
    expect(await basics(task.lag!)).toEqual(before);
    // The title, though, may be corrected after reports.
    const ok = await joint.put(`/api/keywork/tasks/${task.lag}`, {
      ...before,
      title: '湾区大道快速路工程（一期）',
    });
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('adds a milestone between the others; refuses one that breaks the plan', async () => {
    const add = (body: object, a = joint) => a.post(`/api/keywork/tasks/${task.lag}/milestones`, body);
    const m = {
      title: '主线桥梁合龙',
      plannedOn: '2026-05-29',
      plannedProgress: 75,
      responsibleCadreId: coopCadre,
    };
    expect((await add(m, officer)).statusCode).toBe(403);
    const pathOf = async (body: object) => (await add(body)).json().error.details[0].path;
    expect(await pathOf({ ...m, plannedProgress: 40 })).toBe('body.plannedProgress');
    expect(await pathOf({ ...m, plannedOn: '2026-04-01' })).toBe('body.plannedOn');
    expect(await pathOf({ ...m, plannedOn: '2026-08-01' })).toBe('body.plannedOn');
    expect((await add({ ...m, title: '' })).statusCode).toBe(400);
    const ok = await add(m);
    expect(ok.statusCode, ok.body).toBe(201);
    const ms = (await joint.get(`/api/keywork/tasks/${task.lag}`)).json().milestones;
    expect(ms.map((x: { title: string }) => x.title)).toEqual(['完成土地征迁', '主线桥梁合龙', '开工建设']);
    expect(ms[1]).toMatchObject({ baselineOn: '2026-05-29', plannedProgress: 75 });
  });
});
