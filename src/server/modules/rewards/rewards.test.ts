import { and, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../../../test/app.ts';
import { onePixelPng } from '../../../../test/multipart.ts';
import {
  applicantUnit,
  codeOf,
  draft,
  ok,
  openBatch,
  submitted,
} from '../../../../test/rewards-factories.ts';
import { createActivity, observe } from '../../../../test/scene-factories.ts';
import { rewardsAlerts, todoItems } from '../../db/schema/index.ts';
import * as authRepo from '../auth/auth.repository.ts';
import { seedCalendar } from '../org/calendar.data.ts';
import { JobRunner } from '../system/jobs.service.ts';

// Monday 21 September 2026: the flow runs across 中秋节 (25th) and the National Day week.
let t: TestApp;
let officer: Agent;
let leader: Agent;
let batch: { id: string };

beforeAll(async () => {
  t = await createTestApp({ mode: 'demo', start: '2026-09-21T02:00:00Z' });
  await seedCalendar(t.deps.db);
  const as = t.as;
  t.as = async (...args) => {
    const a = await as(...args);
    agents.push(a);
    return a;
  };
  officer = await t.as('assessment_officer');
  leader = await t.as('org_leader');
  batch = await openBatch(officer, { opensOn: '2026-09-01', closesOn: '2026-12-31' });
});
afterAll(async () => t?.close());

const DAY = 86_400_000;
const agents: Agent[] = [];
/** Moves the clock (to a time, or on by ms) and logs everyone in again, sessions having expired. */
async function later(to: number | string) {
  if (typeof to === 'number') t.deps.clock.advance(to);
  else t.deps.clock.set(to);
  for (const a of agents) {
    const fresh = await t.login(a.user!);
    a.cookie = fresh.cookie;
    a.csrf = fresh.csrf;
  }
}
const todosOf = async (a: Agent) =>
  ok(await a.get('/api/todo/items')).items as { title: string; recordId: string; kind: string }[];

describe('one application through 申报 → 审核 (会签) → 审批 → 兑现', () => {
  it('keeps each step with its owner and deadline, and puts the award on the cadre’s timeline', async () => {
    const { unit, cadres, admin } = await applicantUnit(t, 1, '环东区块攻坚指挥部');
    const jiwei = await applicantUnit(t, 0, '市纪委监委');
    // The deed is shown by an observation in a scene activity.
    const act = await createActivity(officer, {
      kind: 'emergency',
      startsOn: '2026-09-10',
      title: '台风“桦加沙”防御',
    });
    const obs = await observe(officer, act, cadres[0]!.id, 5, '连续三昼夜坚守转移群众');
    const cands = ok(await admin.get(`/api/rewards/candidates?cadreIds=${cadres[0]!.id}`)).items;
    expect(cands.map((c: { recordId: string }) => c.recordId)).toContain(obs.id);

    const a = await draft(admin, batch.id, [cadres[0]!.id], {
      deed: '台风防御期间连续三昼夜坚守一线，组织转移群众 1200 余人，无一伤亡',
      links: [{ recordType: 'scene_observation', recordId: obs.id }],
    });
    expect(a.status).toBe('draft');
    expect(a.links[0].label).toContain('台风');
    const s = ok(await admin.post(`/api/rewards/applications/${a.id}/submit`));
    expect(s.status).toBe('review');
    // 8 working days from Monday 09-21, skipping 中秋节 (09-25) and National Day (10-01..07).
    expect(s.stepDueOn).toBe('2026-10-09');
    expect(s.clock).toMatchObject({ submittedOn: '2026-09-21', dueOn: '2026-10-21', withUnitWorkingDays: 0 });
    expect((await todosOf(officer)).some((x) => x.title.includes('审核奖励申报：环东区块攻坚指挥部'))).toBe(
      true,
    );

    // 会签: the officer asks 纪委监委 for its 廉政意见; its administrator answers through the to-do.
    const asked = ok(
      await officer.post(`/api/rewards/applications/${a.id}/opinions`, {
        requests: [{ unitId: jiwei.unit.id, topic: '廉政意见' }],
      }),
    );
    const op = asked.opinions[0];
    expect(op).toMatchObject({ unitName: '市纪委监委', status: 'pending', dueOn: '2026-09-29' });
    const pending = await officer.post(`/api/rewards/applications/${a.id}/review`, { decision: 'pass' });
    expect(codeOf(pending)).toBe('REWARDS_OPINIONS_PENDING');
    expect((await todosOf(jiwei.admin)).map((x) => x.recordId)).toContain(op.id);
    // The unit asked sees the application; another unit does not.
    ok(await jiwei.admin.get(`/api/rewards/applications/${a.id}`));
    const stranger = await applicantUnit(t, 0);
    expect((await stranger.admin.get(`/api/rewards/applications/${a.id}`)).statusCode).toBe(404);
    expect(ok(await stranger.admin.get('/api/rewards/applications')).total).toBe(0);
    expect(ok(await stranger.admin.get('/api/rewards/awards')).total).toBe(0);
    expect(
      (
        await stranger.admin.post(`/api/rewards/opinions/${op.id}/answer`, {
          status: 'agree',
          opinion: '同意',
        })
      ).statusCode,
    ).toBe(403);
    const answered = ok(
      await jiwei.admin.post(`/api/rewards/opinions/${op.id}/answer`, {
        status: 'agree',
        opinion: '未发现廉政问题，同意',
      }),
    );
    expect(answered).toMatchObject({ status: 'agree', onPaper: false });
    expect((await todosOf(jiwei.admin)).map((x) => x.recordId)).not.toContain(op.id);

    await later(DAY);
    const reviewed = ok(await officer.post(`/api/rewards/applications/${a.id}/review`, { decision: 'pass' }));
    expect(reviewed.status).toBe('approve');
    expect(
      (await todosOf(leader)).some((x) => x.kind === 'approve' && x.title.includes('环东区块攻坚指挥部')),
    ).toBe(true);
    // The unit cannot judge its own application.
    expect(
      (await admin.post(`/api/rewards/applications/${a.id}/approve`, { decision: 'approve' })).statusCode,
    ).toBe(403);
    const approved = ok(
      await leader.post(`/api/rewards/applications/${a.id}/approve`, { decision: 'approve' }),
    );
    expect(approved.status).toBe('award');
    const awarded = ok(
      await officer.post(`/api/rewards/applications/${a.id}/award`, {
        documentNo: '玉组〔2026〕45号',
        bonus: 2000,
        paidOn: '2026-09-23',
      }),
    );
    expect(awarded).toMatchObject({ status: 'awarded', documentNo: '玉组〔2026〕45号', bonus: 2000 });
    expect(awarded.steps.map((x: { step: string; outcome: string }) => `${x.step}:${x.outcome}`)).toEqual([
      'apply:passed',
      'review:passed',
      'approve:passed',
      'award:passed',
    ]);
    expect(awarded.clock.overdue).toBe(false);
    expect(awarded.clock.elapsedDays).toBe(1);

    const timeline = ok(await officer.get(`/api/org/cadres/${cadres[0]!.id}/timeline`));
    const events = (timeline.items ?? timeline.events) as { module: string; title: string }[];
    expect(events.find((e) => e.module === 'rewards')?.title).toContain('获嘉奖（一事一奖）');
    const awards = ok(await admin.get('/api/rewards/awards')).items;
    expect(awards.map((x: { id: string }) => x.id)).toEqual([a.id]);
    expect(unit.id).toBe(a.unitId);
  });

  it('records a 会签 answer received on paper with its scan, and a collective award reaches every member', async () => {
    const { cadres, admin } = await applicantUnit(t, 3);
    const supervisor = await applicantUnit(t, 0, '市住建局');
    const a = await submitted(
      admin,
      batch.id,
      cadres.map((c) => c.id),
      {
        kindCode: 'collective_merit',
        collectiveName: '城中村改造攻坚组',
        deed: '三个月完成城中村 312 户签约腾空，创全市最快纪录',
      },
    );
    const asked = ok(
      await officer.post(`/api/rewards/applications/${a.id}/opinions`, {
        requests: [{ unitId: supervisor.unit.id, topic: '主管部门意见' }],
      }),
    );
    const op = asked.opinions[0];
    const noScan = await officer.post(`/api/rewards/opinions/${op.id}/record`, {
      status: 'agree',
      opinion: '同意申报',
      evidenceId: '00000000-0000-4000-8000-000000000000',
    });
    expect(codeOf(noScan)).toBe('REFERENCE_INVALID');
    const scan = ok(
      await officer.upload('/api/evidence/files', [{ name: '回函.png', bytes: onePixelPng() }], {
        ownerType: 'rewards_opinion',
        ownerId: op.id,
      }),
    );
    const rec = ok(
      await officer.post(`/api/rewards/opinions/${op.id}/record`, {
        status: 'agree',
        opinion: '同意申报',
        evidenceId: scan.id,
      }),
    );
    expect(rec).toMatchObject({ onPaper: true, status: 'agree' });
    ok(await officer.post(`/api/rewards/applications/${a.id}/review`, { decision: 'pass' }));
    ok(await leader.post(`/api/rewards/applications/${a.id}/approve`, { decision: 'approve' }));
    ok(await officer.post(`/api/rewards/applications/${a.id}/award`, { documentNo: '玉组〔2026〕46号' }));
    for (const c of cadres) {
      const tl = ok(await officer.get(`/api/org/cadres/${c.id}/timeline`));
      const events = (tl.items ?? tl.events) as { title: string }[];
      expect(events.some((e) => e.title.startsWith('城中村改造攻坚组获集体记功'))).toBe(true);
    }
    const stats = ok(await officer.get('/api/rewards/stats'));
    expect(stats.awardedCollectives).toBeGreaterThanOrEqual(1);
  });
});

describe('a returned application', () => {
  it('goes back to the unit with the reasons and keeps its month’s clock', async () => {
    const { cadres, admin } = await applicantUnit(t, 1);
    const a = await submitted(admin, batch.id, [cadres[0]!.id]);
    const noReason = await officer.post(`/api/rewards/applications/${a.id}/review`, { decision: 'return' });
    expect(noReason.statusCode).toBe(400);
    const back = ok(
      await officer.post(`/api/rewards/applications/${a.id}/review`, {
        decision: 'return',
        note: '请补充交地确认书',
      }),
    );
    expect(back).toMatchObject({ status: 'returned', returnReason: '请补充交地确认书' });
    expect(
      (await todosOf(admin)).some((x) => x.kind === 'returned' && x.title.includes('请补充交地确认书')),
    ).toBe(true);
    await later(2 * DAY);
    const again = ok(await admin.post(`/api/rewards/applications/${a.id}/submit`));
    expect(again.status).toBe('review');
    expect(again.clock.submittedOn).toBe(a.clock.submittedOn);
    expect(again.clock.withUnitWorkingDays).toBeGreaterThan(0);
    const board = ok(await officer.get(`/api/rewards/board?batchId=${batch.id}`));
    const card = board.columns
      .flatMap((c: { items: { id: string }[] }) => c.items)
      .find((c: { id: string }) => c.id === a.id);
    expect(card.daysByStep.apply).toBe(again.clock.withUnitWorkingDays);
    expect(card.clock.submittedOn).toBe(a.clock.submittedOn);
  });
});

describe('refused', () => {
  it('a unit judging its own application: asked for an opinion, or its administrator leading the approval', async () => {
    const { unit, cadres, admin } = await applicantUnit(t, 1);
    const a = await submitted(admin, batch.id, [cadres[0]!.id]);
    const self = await officer.post(`/api/rewards/applications/${a.id}/opinions`, {
      requests: [{ unitId: unit.id, topic: '主管部门意见' }],
    });
    expect(codeOf(self)).toBe('REWARDS_OWN_APPLICATION');
    // A leader who also administers the applying unit.
    const both = await t.as('org_leader');
    await authRepo.insertGrant(t.deps.db, { userId: both.user!.id, role: 'unit_admin', unitId: unit.id });
    const review = await both.post(`/api/rewards/applications/${a.id}/review`, { decision: 'pass' });
    expect(codeOf(review)).toBe('REWARDS_OWN_APPLICATION');
    ok(await officer.post(`/api/rewards/applications/${a.id}/review`, { decision: 'pass' }));
    const approve = await both.post(`/api/rewards/applications/${a.id}/approve`, { decision: 'approve' });
    expect(codeOf(approve)).toBe('REWARDS_OWN_APPLICATION');
    const detail = ok(await both.get(`/api/rewards/applications/${a.id}`));
    expect(detail.can.approve).toBe(false);
  });

  it('a cadre outside the unit, and a second application for the same deed and cadre', async () => {
    const { cadres, admin } = await applicantUnit(t, 2);
    const other = await applicantUnit(t, 1);
    const outside = await admin.post('/api/rewards/applications', {
      batchId: batch.id,
      kindCode: 'commendation',
      deed: '牵头完成园区标准地出让，助企投产提速三个月',
      cadreIds: [other.cadres[0]!.id],
    });
    expect(codeOf(outside)).toBe('REWARDS_CADRE_OUTSIDE_UNIT');
    const deed = '牵头完成园区标准地出让，助企投产提速三个月';
    await submitted(admin, batch.id, [cadres[0]!.id], { deed });
    const again = await admin.post('/api/rewards/applications', {
      batchId: batch.id,
      kindCode: 'merit_third',
      deed: '牵头完成园区标准地出让 助企投产提速三个月。',
      cadreIds: [cadres[0]!.id],
    });
    expect(codeOf(again)).toBe('REWARDS_DUPLICATE_DEED');
    // The same deed for another cadre of the unit is a different application.
    ok(
      await admin.post('/api/rewards/applications', {
        batchId: batch.id,
        kindCode: 'commendation',
        deed,
        cadreIds: [cadres[1]!.id],
      }),
    );
    const individualTwo = await admin.post('/api/rewards/applications', {
      batchId: batch.id,
      kindCode: 'commendation',
      deed: '另一件事迹另一件事迹另一件事迹',
      cadreIds: cadres.map((c) => c.id),
    });
    expect(codeOf(individualTwo)).toBe('REWARDS_KIND_MISMATCH');
  });
});

describe('an overdue step', () => {
  it('is reminded once and escalated once to the leader, also after a restart', async () => {
    const { cadres, admin } = await applicantUnit(t, 1, '坎门街道');
    const a = await submitted(admin, batch.id, [cadres[0]!.id]);
    const stepId = a.steps.find((s: { step: string }) => s.step === 'review').id as string;
    const alerts = async () =>
      (await t.deps.db.select().from(rewardsAlerts).where(eq(rewardsAlerts.targetId, stepId)))
        .map((r) => r.kind)
        .sort();
    const todos = async (kind: string) =>
      t.deps.db
        .select()
        .from(todoItems)
        .where(
          and(
            eq(todoItems.recordId, stepId),
            eq(todoItems.kind, kind),
            like(todoItems.sourceKey, 'rewards.%'),
          ),
        );
    await t.jobs.runDue();
    expect(await alerts()).toEqual([]);
    // Past the last day (a.stepDueOn), but within the days before escalation.
    await later(`${a.stepDueOn}T16:30:00Z`);
    await t.jobs.runDue();
    expect(await alerts()).toEqual(['remind']);
    expect(await todos('overdue')).toHaveLength(1);
    const detail = ok(await officer.get(`/api/rewards/applications/${a.id}`));
    expect(detail.overdueDays).toBeGreaterThanOrEqual(0);
    expect(detail.steps.find((s: { id: string }) => s.id === stepId).reminded).toBe(true);
    // A restarted server: a new runner, the hourly sweep enqueued again; a week later.
    const restarted = new JobRunner(t.deps);
    await restarted.start();
    await restarted.stop();
    await later(7 * DAY);
    await new JobRunner(t.deps).runDue();
    await new JobRunner(t.deps).runDue();
    expect(await alerts()).toEqual(['escalate', 'remind']);
    expect(await todos('overdue')).toHaveLength(1);
    expect(await todos('escalation')).toHaveLength(1);
    const leaderTodo = (await todosOf(leader)).find((x) => x.kind === 'escalation' && x.recordId === stepId);
    expect(leaderTodo?.title).toContain('【超期督办】审核：坎门街道');
    const board = ok(await officer.get('/api/rewards/board'));
    expect(board.overdue).toBeGreaterThanOrEqual(1);
  });
});
