import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../../../test/app.ts';
import { seedSmallCounty } from '../../../../test/factories.ts';
import { JobRunner } from '../system/jobs.service.ts';

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
async function travel(day: string) {
  t.deps.clock.set(at(day));
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
    expect(future.json().error.message).toContain('不能晚于今天');
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
    expect(
      (await coopAdmin.post(`/api/keywork/tasks/${task.lag}/reports`, { progress: 30, summary: 'x' }))
        .statusCode,
    ).toBe(403);
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
    expect(
      (await leadAdmin.post(`/api/keywork/requests/${req.id}/answer`, { answer: '已答复' })).statusCode,
    ).toBe(403);
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
    expect(lag.versions.map((v: { version: number; threshold: number }) => [v.version, v.threshold])).toEqual(
      [
        [2, 30],
        [1, 10],
      ],
    );
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
    const ms = (await officer.get(`/api/keywork/inspections/${inspectionId}`)).json().milestones[0];
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
    expect(
      (
        await officer.post(`/api/keywork/inspections/${inspectionId}/findings`, {
          cadreId: county.cadreId,
          effect: 'moved',
          tags: ['initiative'],
          cause: '补记',
        })
      ).statusCode,
    ).toBe(409);
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
    expect((await officer.post('/api/keywork/assessments', body)).json().error.code).toBe('ALREADY_EXISTS');
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
    expect((await coopAdmin.get('/api/keywork/assessments')).statusCode).toBe(403);
    const xlsx = await officer.get('/api/keywork/inspections/export');
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
  });
});
