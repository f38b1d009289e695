import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../../../test/app.ts';
import {
  at,
  confirmedList,
  draftList,
  explainingFinding,
  finalFinding,
  ok,
  valueItem,
} from '../../../../test/delivery-factories.ts';
import { buildMentorPair, createPlan, guidanceBody } from '../../../../test/development-factories.ts';
import { buildCadre, buildUnit } from '../../../../test/factories.ts';
import { buildGrowthCounty, buildSharedTask } from '../../../../test/growth-factories.ts';
import { buildDividedTeam } from '../../../../test/org-factories.ts';
import { buildQuadrantCounty, uploadDecisionFile } from '../../../../test/quadrant-factories.ts';
import { applicantUnit, openBatch, submitted } from '../../../../test/rewards-factories.ts';
import { createActivity, observe } from '../../../../test/scene-factories.ts';
import { MODULE_LABELS, moduleLabel } from '../../../common/module-labels.ts';
import { economyAlerts, economyRules, orgLiaisonGroups, orgUnits } from '../../db/schema/index.ts';
import { systemCtx } from '../../lib/context.ts';
import { dataChanged } from '../../lib/data-version.ts';
import { write } from '../../lib/tx.ts';
import { scheduleReportTodos } from '../delivery/reports.service.ts';
import { remindReviews } from '../development/reminders.service.ts';
import { storeHits } from '../economy/rules.service.ts';
import { remindUndeclared } from '../growth/shares.service.ts';
import { enqueue } from '../system/jobs.service.ts';
import { WAITING_STATES, type WaitingState, waitingStateOf } from './waiting-states.ts';

// Every waiting state of every workflow, walked through the API: the state is created, the to-do
// is on the list of whom it waits on (and of nobody else), the wait ends, the to-do is gone — and
// the home page's 我的待办 equals the list's total all along.

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ mode: 'production', start: '2026-07-01T02:00:00Z' });
});
afterAll(async () => t?.close());

interface TodoRow {
  id: string;
  state: string | null;
  closesItself: boolean;
  module: string;
  kind: string;
  title: string;
  link: string | null;
  recordId: string | null;
  recordType: string | null;
  status: string;
}

/** A waiting state created through the API: who it waits on, who not, and how the wait ends. */
interface Waiting {
  waiter: Agent;
  others: Agent[];
  recordId: string;
  /** Ends the wait (by whoever the workflow lets act). */
  end(): Promise<unknown>;
  /** Words the to-do's title must hold (the cadre's name where one person acts for several). */
  titleHas?: string[];
}

async function todos(a: Agent, status: 'open' | 'done') {
  return ok<{ items: TodoRow[]; total: number }>(
    await a.get(`/api/todo/items?status=${status}&pageSize=100`),
  );
}

async function homeCount(a: Agent) {
  const cards = ok<{ cards: { key: string; value: number }[] }>(await a.get('/api/system/overview')).cards;
  return cards.find((c) => c.key === 'todo.open')?.value;
}

const of = (s: WaitingState, recordId: string) => (i: TodoRow) =>
  waitingStateOf(i) === s && i.recordId === recordId;

/** Moves the clock and gives the walk fresh sessions. */
async function on(day: string) {
  await at(t, `${day}T02:00:00Z`);
}

/**
 * A unit in a liaison group led by a leader with an account, another leader outside it. The unit
 * is a new one, or the one given, which then joins the group.
 */
async function groupOfUnit(unitId?: string) {
  const leaderCadre = await buildCadre(t.deps.db, { post: '组织部副部长' });
  const [g] = await t.deps.db
    .insert(orgLiaisonGroups)
    .values({ name: `编组${leaderCadre.code}`, leaderCadreId: leaderCadre.id })
    .returning();
  const unit = unitId
    ? (
        await t.deps.db
          .update(orgUnits)
          .set({ liaisonGroupId: g!.id })
          .where(eq(orgUnits.id, unitId))
          .returning()
      )[0]!
    : await buildUnit(t.deps.db, { liaisonGroupId: g!.id });
  return {
    unit,
    groupLeader: await t.as('org_leader', { cadreId: leaderCadre.id }),
    otherLeader: await t.as('org_leader'),
  };
}

const WALKS: Record<string, () => Promise<Waiting>> = {
  'delivery/list.confirm': async () => {
    await on('2026-07-02');
    const g = await groupOfUnit();
    const cadre = await buildCadre(t.deps.db, { unitId: g.unit.id, name: '周清单' });
    const admin = await t.as('unit_admin', { unitId: g.unit.id });
    const officer = await t.as('assessment_officer');
    const l = await draftList(admin, cadre.id);
    ok(await admin.post(`/api/delivery/lists/${cadre.id}/2026/submit`));
    return {
      waiter: g.groupLeader,
      others: [g.otherLeader, officer, admin],
      recordId: l.listId,
      titleHas: ['周清单'],
      end: async () => ok(await g.groupLeader.post(`/api/delivery/lists/${l.listId}/confirm`)),
    };
  },
  'delivery/report.*': async () => {
    await on('2026-07-04');
    const leader = await t.as('org_leader');
    const unit = await buildUnit(t.deps.db);
    const cadre = await buildCadre(t.deps.db, { unitId: unit.id, name: '孙月报' });
    const self = await t.as('cadre', { cadreId: cadre.id });
    const admin = await t.as('unit_admin', { unitId: unit.id });
    const l = await confirmedList(self, leader, cadre.id, [valueItem('新签约项目'), valueItem('新开工项目')]);
    await at(t, '2026-12-01T02:00:00Z', self, admin, leader);
    // The monthly job's step: the month just ended goes on the cadre's list.
    const ctx = systemCtx(t.deps);
    await write(ctx, (tx) => scheduleReportTodos(ctx, tx, 2026, 11));
    const report = async (i: number) =>
      ok(await self.post(`/api/delivery/items/${l.items[i]!.id}/reports`, { month: 11, progress: 11 }));
    return {
      waiter: self,
      others: [admin, leader],
      recordId: l.listId,
      titleHas: ['孙月报', '11 月'],
      end: async () => {
        // One item reported: the month still waits on the other.
        await report(0);
        const still = (await todos(self, 'open')).items.filter((i) => i.kind === 'report.2026-11');
        expect(still.map((i) => i.recordId)).toEqual([l.listId]);
        await report(1);
      },
    };
  },
  'delivery/finding.explain': async () => {
    const w = await explainingFinding(t, { account: false });
    return {
      waiter: w.unitAdmin,
      others: [w.officer, w.leader],
      recordId: w.findingId,
      titleHas: [w.cadre.name],
      end: async () =>
        ok(await w.unitAdmin.post(`/api/delivery/findings/${w.findingId}/explain`, { text: '另有框架协议' })),
    };
  },
  'delivery/finding.respond': async () => {
    const w = await explainingFinding(t);
    ok(await w.self!.post(`/api/delivery/findings/${w.findingId}/explain`, { text: '另有框架协议' }));
    return {
      waiter: w.officer,
      others: [w.self!, w.unitAdmin, w.leader],
      recordId: w.findingId,
      titleHas: [w.cadre.name],
      end: async () =>
        ok(
          await w.officer.post(`/api/delivery/findings/${w.findingId}/finalize`, {
            decision: 'withdraw',
            response: '说明属实，撤销',
          }),
        ),
    };
  },
  'delivery/finding.final': async () => {
    const w = await finalFinding(t);
    return {
      waiter: w.self!,
      others: [w.officer, w.leader],
      recordId: w.findingId,
      end: async () =>
        ok(
          await w.self!.post(`/api/delivery/findings/${w.findingId}/appeal`, { text: '签约以框架协议为准' }),
        ),
    };
  },
  'delivery/finding.decide': async () => {
    const w = await finalFinding(t);
    ok(await w.self!.post(`/api/delivery/findings/${w.findingId}/appeal`, { text: '签约以框架协议为准' }));
    const other = await t.as('org_leader');
    return {
      // No liaison group for the unit: every leader has it, and the first to decide ends it.
      waiter: w.leader,
      others: [w.officer, w.self!],
      recordId: w.findingId,
      titleHas: [w.cadre.name],
      end: async () =>
        ok(
          await other.post(`/api/delivery/findings/${w.findingId}/decide`, {
            decision: 'upheld',
            reason: '维持认定',
          }),
        ),
    };
  },
  'delivery/rectification.reply': async () => {
    const w = await finalFinding(t);
    return {
      waiter: w.unitAdmin,
      others: [w.officer, w.leader],
      recordId: w.orderId,
      titleHas: [w.cadre.name],
      end: async () =>
        ok(await w.unitAdmin.post(`/api/delivery/rectifications/${w.orderId}/reply`, { text: '已更正数据' })),
    };
  },
  'delivery/rectification.recheck': async () => {
    const w = await finalFinding(t);
    ok(await w.unitAdmin.post(`/api/delivery/rectifications/${w.orderId}/reply`, { text: '已更正数据' }));
    return {
      waiter: w.officer,
      others: [w.unitAdmin, w.leader, w.self!],
      recordId: w.orderId,
      titleHas: [w.cadre.name],
      end: async () =>
        ok(
          await w.officer.post(`/api/delivery/rectifications/${w.orderId}/recheck`, {
            result: 'close',
            note: '台账已建立',
          }),
        ),
    };
  },
  'scene/nomination.decide': async () => {
    await on('2026-09-15');
    const g = await groupOfUnit();
    const cadre = await buildCadre(t.deps.db, { unitId: g.unit.id, name: '郑担当' });
    const officer = await t.as('assessment_officer');
    const a = await createActivity(officer, { kind: 'meeting', unitId: g.unit.id, startsOn: '2026-09-10' });
    await observe(officer, a, cadre.id, 5);
    const n = ok(
      await officer.post(`/api/scene/activities/${a.id}/nominations`, {
        cadreId: cadre.id,
        reason: '会上主动认领难题，表态担当',
      }),
    );
    return {
      waiter: g.groupLeader,
      others: [g.otherLeader, officer],
      recordId: n.id,
      titleHas: ['郑担当'],
      end: async () =>
        ok(await g.groupLeader.post(`/api/scene/nominations/${n.id}/decide`, { decision: 'confirmed' })),
    };
  },
  'keywork/request': async () => {
    const w = await keyworkTask();
    const report = ok(
      await w.leadAdmin.post(`/api/keywork/tasks/${w.taskId}/reports`, {
        progress: 10,
        summary: '征迁协议签订 3 户',
        requests: [{ toUnitId: w.coopUnit, content: '请出具征迁补偿政策处理意见', dueOn: '2026-03-18' }],
      }),
    );
    const detail = ok(await w.leadAdmin.get(`/api/keywork/tasks/${w.taskId}`));
    const req = detail.requests[0] as { id: string };
    expect(report.id).toBeTruthy();
    return {
      waiter: w.coopAdmin,
      others: [w.leadAdmin, w.officer],
      recordId: req.id,
      end: async () =>
        ok(await w.coopAdmin.post(`/api/keywork/requests/${req.id}/answer`, { answer: '已出具' })),
    };
  },
  'org/division.review': async () => {
    await on('2026-11-20');
    const team = await buildDividedTeam(t.deps);
    const admin = await t.as('unit_admin', { unitId: team.unit.id });
    const officer = await t.as('assessment_officer');
    const [version] = ok(await admin.get(`/api/org/units/${team.unit.id}/divisions`)).items;
    const current = ok(await admin.get(`/api/org/divisions/${version.id}`));
    const recorded = ok(
      await admin.post(`/api/org/units/${team.unit.id}/divisions`, {
        effectiveFrom: '2026-11-15',
        docNo: '分工〔2026〕9号',
        reason: '分工微调',
        members: current.members.map((m: { cadreId: string; duties: string; scopes: unknown[] }) => ({
          cadreId: m.cadreId,
          duties: `${m.duties}；协助抓好乡村振兴`,
          scopes: m.scopes,
        })),
      }),
    );
    return {
      waiter: officer,
      others: [admin, await t.as('org_leader')],
      recordId: recorded.id,
      titleHas: [team.unit.name, '班子分工调整'],
      // Nothing else ends this wait: the officer marks it done once read.
      end: async () => {
        const item = (await todos(officer, 'open')).items.find((i) => i.recordId === recorded.id)!;
        ok(await officer.post(`/api/todo/items/${item.id}/done`));
      },
    };
  },
  'growth/growth_declare': async () => {
    const w = await sharedTask();
    // The daily reminder: a task two cadres answer for, not yet declared, is on the lead unit's list.
    await t.deps.db.transaction((tx) => remindUndeclared(systemCtx(t.deps), tx));
    return {
      waiter: w.leadAdmin,
      others: [w.otherAdmin, w.officer],
      recordId: w.task.id,
      titleHas: [w.task.title],
      end: () => w.declare(),
    };
  },
  'growth/growth_verify': async () => {
    const w = await sharedTask();
    const declared = await w.declare();
    return {
      waiter: w.officer,
      others: [w.leadAdmin, await t.as('org_leader'), await t.as('cadre', { cadreId: w.a.id })],
      recordId: declared.id,
      titleHas: [w.task.title],
      end: async () =>
        ok(
          await w.officer.post(`/api/growth/declarations/${declared.id}/verify`, {
            shares: [
              { cadreId: w.a.id, pct: 60 },
              { cadreId: w.b.id, pct: 40 },
            ],
            note: '与调度会纪要一致',
          }),
        ),
    };
  },
  'growth/growth_outstanding': async () => {
    // A run of the analysis proposes the year's outstanding cadres; every leader may decide them.
    await on('2026-07-06');
    await buildGrowthCounty(t.deps.db, {
      units: 5,
      perUnit: 6,
      seed: 5,
      quarters: ['2024Q4', '2025Q1', '2025Q2', '2025Q3'],
    });
    const officer = await t.as('assessment_officer');
    const leader = await t.as('org_leader');
    const run = ok<{ id: string }>(await officer.post('/api/growth/runs', { quarter: '2025Q3' }));
    const proposed = ok<{ items: { id: string; status: string }[] }>(
      await leader.get('/api/growth/outstanding?year=2025'),
    ).items.filter((o) => o.status === 'proposed');
    expect(proposed.length).toBeGreaterThan(0);
    return {
      waiter: leader,
      others: [officer],
      recordId: run.id,
      titleHas: ['2025', `提出 ${proposed.length} 人`],
      // Each proposal decided, one way or the other, by another leader: the run waits until the
      // last one is.
      end: async () => {
        const other = await t.as('org_leader');
        for (const [i, o] of proposed.entries()) {
          ok(
            i === 0
              ? await other.post(`/api/growth/outstanding/${o.id}/confirm`, { note: '实绩突出' })
              : await other.post(`/api/growth/outstanding/${o.id}/decline`, { note: '再观察一年' }),
          );
          if (i < proposed.length - 1)
            expect((await todos(leader, 'open')).items.filter((x) => x.recordId === run.id)).toHaveLength(1);
        }
      },
    };
  },
  'keywork/inspection': async () => {
    const w = await keyworkTask();
    const opened = ok(
      await w.officer.post('/api/keywork/inspections', {
        taskId: w.taskId,
        reason: '调度会反映征迁进度滞后',
      }),
    );
    return {
      waiter: w.officer,
      others: [w.leadAdmin, await t.as('assessment_officer'), await t.as('org_leader')],
      recordId: opened.id,
      end: async () => {
        ok(
          await w.officer.post(`/api/keywork/inspections/${opened.id}/findings`, {
            cadreId: w.leadCadreId,
            effect: 'held_up',
            tags: ['buck_passing'],
            cause: '协调会上相互推诿，政策处理意见拖延两周',
          }),
        );
        ok(
          await w.officer.post(`/api/keywork/inspections/${opened.id}/conclude`, {
            kind: 'partly',
            conclusion: '推诿扯皮是进度滞后的主因',
          }),
        );
      },
    };
  },
  'keywork/report': async () => {
    const w = await keyworkTask();
    // The recurring job as the server runs it puts the period just ended on the lead unit's list.
    await enqueue(t.deps.db, {
      kind: 'keywork.report-todos',
      uniqueKey: 'recurring:keywork.report-todos',
      runAt: t.deps.clock.now(),
      maxAttempts: 1000,
    });
    await t.jobs.runDue();
    return {
      waiter: w.leadAdmin,
      others: [w.coopAdmin, w.officer],
      recordId: `${w.taskId}:2026-03-15`,
      end: async () =>
        ok(
          await w.leadAdmin.post(`/api/keywork/tasks/${w.taskId}/reports`, {
            progress: 10,
            summary: '征迁协议签订 3 户',
          }),
        ),
    };
  },
  'keywork/assessment.conclude': async () => {
    const w = await keyworkTask();
    // The assessed unit is in a liaison group: its leader has the to-do.
    const g = await groupOfUnit(w.coopUnit);
    const a = ok(
      await w.officer.post('/api/keywork/assessments', {
        unitId: w.coopUnit,
        year: 2026,
        taskIds: [w.taskId],
        findings: '班子在快速路工程中配合不力，政策处理拖延',
      }),
    );
    return {
      waiter: g.groupLeader,
      others: [g.otherLeader, w.officer, w.coopAdmin],
      recordId: a.id,
      end: async () =>
        ok(
          await g.groupLeader.post(`/api/keywork/assessments/${a.id}/conclude`, {
            kind: 'weak',
            conclusion: '班子推进重点任务不力',
            measures: '限期整改，年底复核',
          }),
        ),
    };
  },
  'economy/alert': async () => {
    await on('2026-11-20');
    const officer = await t.as('assessment_officer');
    const leader = await t.as('org_leader');
    const alertId = await raiseAlert();
    return {
      waiter: officer,
      others: [leader],
      recordId: alertId,
      // Decided outside the to-do's own route (an import, a correction, the demo's seeding):
      // the to-do still closes, since it reads the alert. A change made beside the application
      // reaches the cached home cards when the data version moves (as every write and job does).
      end: async () => {
        await t.deps.db
          .update(economyAlerts)
          .set({ status: 'dismissed' })
          .where(eq(economyAlerts.id, alertId));
        dataChanged();
      },
    };
  },
  'economy/interview_check': async () => {
    await on('2026-11-20');
    const recorder = await t.as('assessment_officer');
    const colleague = await t.as('assessment_officer');
    const cadre = await buildCadre(t.deps.db);
    const i = ok(
      await recorder.post('/api/economy/interviews', {
        cadreId: cadre.id,
        interviewedOn: '2026-11-19',
        interviewers: '组织部副部长',
        issue: '产值冲高利润下滑',
        followUp: '一个月内报送整改方案',
        followUpDue: '2026-12-20',
      }),
    );
    return {
      waiter: recorder,
      others: [colleague],
      recordId: i.id,
      // A colleague checks it: the recorder's to-do closes all the same.
      end: async () =>
        ok(
          await colleague.post(`/api/economy/interviews/${i.id}/check`, {
            result: 'done',
            note: '已报送方案',
          }),
        ),
    };
  },
  'auth/reset.approve': async () => {
    await on('2026-09-22');
    const sys = await t.as('system_admin');
    const sec = await t.as('security_admin');
    const officer = await t.as('assessment_officer');
    const r = ok<{ status: string; requestId: string }>(
      await sys.post(`/api/auth/users/${officer.user!.id}/reset-password`),
    );
    expect(r.status).toBe('pending_approval');
    return {
      waiter: sec,
      others: [officer],
      recordId: r.requestId,
      titleHas: [officer.user!.username],
      end: async () => ok(await sec.post(`/api/auth/password-resets/${r.requestId}/approve`)),
    };
  },
  'rewards/returned': async () => {
    const w = await rewardsApplication();
    ok(
      await w.officer.post(`/api/rewards/applications/${w.id}/review`, {
        decision: 'return',
        note: '事迹不够具体',
      }),
    );
    return {
      waiter: w.admin,
      others: [w.officer, w.leader],
      recordId: await openStepId(w.id),
      end: async () => ok(await w.admin.post(`/api/rewards/applications/${w.id}/submit`)),
    };
  },
  'rewards/opinion': async () => {
    const w = await rewardsOpinion();
    return {
      waiter: w.jiwei,
      others: [w.admin, w.officer],
      recordId: w.opinionId,
      end: () => w.answer(),
    };
  },
  // An overdue step: a reminder on the list of whom the step waits on, once past its last day —
  // for 审批, the leader of the unit's liaison group, as the step's own to-do.
  'rewards/overdue/rewards_step': async () => {
    const w = await rewardsApplication();
    const g = await groupOfUnit(w.unitId);
    const approve = await w.review();
    await pastDeadline(approve.stepDueOn, 1, w.officer, w.admin, g.groupLeader, g.otherLeader);
    return {
      waiter: g.groupLeader,
      others: [g.otherLeader, w.officer, w.admin],
      recordId: await openStepId(w.id),
      titleHas: ['【已超期】审批', approve.stepDueOn],
      end: async () =>
        ok(await g.groupLeader.post(`/api/rewards/applications/${w.id}/approve`, { decision: 'approve' })),
    };
  },
  // Still open days later: an escalation on the leaders' list, until the step is done.
  'rewards/escalation/rewards_step': async () => {
    const w = await rewardsApplication();
    await pastDeadline(w.stepDueOn, 14, w.officer, w.admin, w.leader);
    return {
      waiter: w.leader,
      others: [w.officer, w.admin],
      recordId: w.stepId,
      titleHas: ['【超期督办】', w.stepDueOn],
      end: () => w.review(),
    };
  },
  'rewards/overdue/rewards_opinion': async () => {
    const w = await rewardsOpinion();
    await pastDeadline(w.dueOn, 1, w.jiwei, w.officer, w.admin, w.leader);
    return {
      waiter: w.jiwei,
      others: [w.officer, w.admin, w.leader],
      recordId: w.opinionId,
      titleHas: ['【已超期】', '廉政意见'],
      end: () => w.answer(),
    };
  },
  'rewards/escalation/rewards_opinion': async () => {
    const w = await rewardsOpinion();
    await pastDeadline(w.dueOn, 14, w.jiwei, w.officer, w.admin, w.leader);
    return {
      waiter: w.leader,
      others: [w.jiwei, w.officer, w.admin],
      recordId: w.opinionId,
      titleHas: ['【超期督办】', '廉政意见'],
      end: () => w.answer(),
    };
  },
  'rewards/award': async () => {
    const w = await rewardsApplication();
    await w.review();
    ok(await w.leader.post(`/api/rewards/applications/${w.id}/approve`, { decision: 'approve' }));
    return {
      waiter: w.officer,
      others: [w.admin, w.leader],
      recordId: await openStepId(w.id),
      end: async () =>
        ok(
          await w.officer.post(`/api/rewards/applications/${w.id}/award`, { documentNo: '玉组〔2026〕9号' }),
        ),
    };
  },
  'development/development.review.monthly': async () => {
    await on('2026-04-10');
    const w = await buildMentorPair(t);
    const plan = await createPlan(w.officer, guidanceBody(w.cadre.id, w.mentorCadre.id));
    return {
      waiter: w.mentor,
      others: [w.self, w.officer],
      recordId: plan.id,
      titleHas: [w.cadre.name, '2026-04'],
      end: async () =>
        ok(
          await w.mentor.post(`/api/development/plans/${plan.id}/reviews`, {
            kind: 'monthly',
            month: '2026-04',
            progress: 'good',
            summary: '主动接手一件信访积案',
          }),
        ),
    };
  },
  ...Object.fromEntries(
    (
      [
        ['mid', '2026-05-25', '中期评估'],
        ['end', '2026-08-25', '期末评估'],
      ] as const
    ).map(([kind, day, word]) => [
      `development/development.review.${kind}`,
      async () => {
        // A six-month plan from March: the review is on the officers' list two weeks before it is due.
        await on('2026-04-10');
        const w = await buildMentorPair(t);
        const plan = await createPlan(w.officer, guidanceBody(w.cadre.id, w.mentorCadre.id));
        await at(t, `${day}T02:00:00Z`, w.officer, w.mentor, w.self);
        await t.deps.db.transaction((tx) => remindReviews(systemCtx(t.deps), tx, day));
        return {
          waiter: w.officer,
          others: [w.mentor, w.self],
          recordId: plan.id,
          titleHas: [w.cadre.name, word],
          end: async () =>
            ok(
              await w.officer.post(`/api/development/plans/${plan.id}/reviews`, {
                kind,
                progress: 'good',
                summary: '积案化解进度符合计划',
                ...(kind === 'end'
                  ? { milestoneIds: plan.milestoneList.map((m: { id: string }) => m.id) }
                  : {}),
              }),
            ),
        };
      },
    ]),
  ),
  'quadrant/quadrant_candidates': async () => {
    // The quarters computed in turn: the last one's candidates wait on the officers until each is
    // drafted into a decision.
    await on('2026-07-15');
    const c = await buildQuadrantCounty(t.deps.db);
    const officer = await t.as('assessment_officer');
    for (const q of c.quarters) ok(await officer.post(`/api/quadrant/quarters/${q}/compute`));
    const recs = ok<{ items: { id: string; kind: string; status: string; cadre: { id: string } }[] }>(
      await officer.get('/api/quadrant/recommendations?quarter=2026Q2'),
    ).items.filter((r) => r.status === 'open');
    const kinds = recs.map((r) => [r.cadre.id, r.kind]);
    expect(kinds).toContainEqual([c.strong.id, 'promote']);
    expect(kinds).toContainEqual([c.weak.id, 'adjust']);
    // A cadre managed above the county is no candidate: no decision could take them up.
    expect(kinds.filter(([id]) => id === c.city.id)).toEqual([]);
    return {
      waiter: officer,
      others: [await t.as('org_leader'), await t.as('unit_admin', { unitId: c.unit.id })],
      recordId: c.runs['2026Q2']!,
      titleHas: ['2026', `${recs.length} 人`],
      // Another officer drafts them: one drafted, the quarter still waits on the other.
      end: async () => {
        const colleague = await t.as('assessment_officer');
        for (const [i, r] of recs.entries()) {
          ok(
            await colleague.post('/api/quadrant/decisions', {
              cadreId: r.cadre.id,
              recommendationId: r.id,
              quarter: '2026Q2',
              ...(r.kind === 'promote'
                ? { kind: 'promote', target: { post: '局长', teamPlace: '正职', rankCode: 'zhengke' } }
                : { kind: 'transfer', target: { unitId: c.other.id, post: '副局长', teamPlace: '副职' } }),
              reasons: r.kind === 'promote' ? '连续三个季度处于高贡献区' : '本季度处于低效区，有约谈记录',
            }),
          );
          if (i < recs.length - 1)
            expect(
              (await todos(officer, 'open')).items.filter((x) => x.recordId === c.runs['2026Q2']),
            ).toHaveLength(1);
        }
      },
    };
  },
  'quadrant/decision.adopt': async () => {
    const w = await quadrantDecision('prioritize');
    return {
      waiter: w.groupLeader,
      others: [w.otherLeader, w.officer],
      recordId: w.id,
      titleHas: [w.name],
      end: () => w.adopt(),
    };
  },
  'quadrant/decision.publicity': async () => {
    const w = await quadrantDecision('promote');
    for (const kind of ['archive', 'personal_report', 'integrity']) {
      const fileId = await uploadDecisionFile(w.officer, w.id, `${kind}.png`);
      ok(
        await w.officer.post(`/api/quadrant/decisions/${w.id}/checks`, {
          kind,
          result: 'pass',
          fileIds: [fileId],
        }),
      );
    }
    await w.adopt();
    return {
      waiter: w.officer,
      others: [w.groupLeader, w.otherLeader],
      recordId: w.id,
      titleHas: [w.name],
      end: async () =>
        ok(await w.officer.post(`/api/quadrant/decisions/${w.id}/publicity`, { from: '2026-07-07' })),
    };
  },
  'quadrant/decision.effect': async () => {
    const w = await quadrantDecision('prioritize');
    await w.adopt();
    return {
      waiter: w.groupLeader,
      others: [w.otherLeader, w.officer],
      recordId: w.id,
      titleHas: [w.name],
      end: async () =>
        ok(
          await w.groupLeader.post(`/api/quadrant/decisions/${w.id}/effect`, {
            body: '县委常委会',
            docNo: '玉委干〔2026〕7号',
            effectiveOn: '2026-07-06',
          }),
        ),
    };
  },
  'rewards/review': async () => {
    const w = await rewardsApplication();
    return {
      waiter: w.officer,
      others: [w.admin, w.leader],
      recordId: w.stepId,
      end: () => w.review(),
    };
  },
  'rewards/approve': async () => {
    const w = await rewardsApplication();
    await w.review();
    const stepId = await openStepId(w.id);
    return {
      waiter: w.leader,
      others: [w.officer, w.admin],
      recordId: stepId,
      end: async () =>
        ok(await w.leader.post(`/api/rewards/applications/${w.id}/approve`, { decision: 'approve' })),
    };
  },
};

/**
 * A state's walk: `module/kind`, and `module/kind/recordType` where several states share a kind
 * (an overdue step and an overdue 会签 opinion are two waits, on different people).
 */
function keyOf(s: WaitingState): string {
  const shared = WAITING_STATES.filter((x) => x.module === s.module && x.kind === s.kind).length > 1;
  return shared ? `${s.module}/${s.kind}/${s.recordType}` : `${s.module}/${s.kind}`;
}

async function keyworkTask() {
  await on('2026-03-16');
  const joint = await t.as('joint_office');
  const officer = await t.as('assessment_officer');
  const leadUnit = await buildUnit(t.deps.db);
  const coopUnit = await buildUnit(t.deps.db);
  const lead = await buildCadre(t.deps.db, { unitId: leadUnit.id });
  const meeting = ok(
    await joint.post('/api/keywork/meetings', {
      kind: 'dispatch',
      title: '专班攻坚调度会',
      heldOn: '2026-02-27',
    }),
  );
  const task = ok(
    await joint.post('/api/keywork/tasks', {
      title: `快速路工程${leadUnit.code}`,
      meetingId: meeting.id,
      domain: '项目投资',
      leadUnitId: leadUnit.id,
      cooperatingUnitIds: [coopUnit.id],
      cadres: [{ cadreId: lead.id, role: 'responsible', part: '总牵头' }],
      cadence: 'weekly',
      startsOn: '2026-03-09',
      dueOn: '2026-06-30',
      milestones: [
        { title: '开工建设', plannedOn: '2026-06-30', plannedProgress: 100, responsibleCadreId: lead.id },
      ],
    }),
  );
  return {
    taskId: task.id as string,
    leadCadreId: lead.id,
    coopUnit: coopUnit.id,
    officer,
    leadAdmin: await t.as('unit_admin', { unitId: leadUnit.id }),
    coopAdmin: await t.as('unit_admin', { unitId: coopUnit.id }),
  };
}

/** A key task two cadres of two units answer for, led by one of the units, its shares not declared. */
async function sharedTask() {
  await on('2026-11-20');
  const lead = await buildUnit(t.deps.db);
  const other = await buildUnit(t.deps.db);
  const a = await buildCadre(t.deps.db, { unitId: lead.id });
  const b = await buildCadre(t.deps.db, { unitId: other.id });
  const task = await buildSharedTask(t.deps.db, lead.id, [
    { id: a.id, unitId: lead.id },
    { id: b.id, unitId: other.id },
  ]);
  const leadAdmin = await t.as('unit_admin', { unitId: lead.id });
  return {
    task,
    a,
    b,
    leadAdmin,
    otherAdmin: await t.as('unit_admin', { unitId: other.id }),
    officer: await t.as('assessment_officer'),
    /** The lead unit declares the shares. */
    declare: async () =>
      ok<{ id: string }>(
        await leadAdmin.post('/api/growth/shares', {
          taskId: task.id,
          shares: [
            { cadreId: a.id, role: '牵头负责', pct: 60 },
            { cadreId: b.id, role: '配合推进', pct: 40 },
          ],
        }),
      ),
  };
}

/** An alert stored the way the evaluation job stores a hit. */
async function raiseAlert(): Promise<string> {
  const [rule] = await t.deps.db
    .insert(economyRules)
    .values({ key: `rule_todo_${Date.now()}`, version: 1, kind: 'jump', name: '异常跳变', periods: 1 })
    .returning();
  const ctx = systemCtx(t.deps);
  await write(ctx, (tx, audit) =>
    storeHits(ctx, tx, audit, [
      {
        rule: rule!,
        hitKey: `todo-walk:${rule!.id}`,
        title: '某镇规上工业产值异常跳变',
        summary: '环比跳变',
        regionId: null,
        department: '统计局',
        periodFrom: '2026-10',
        periodTo: '2026-10',
        figures: [],
        pValue: null,
        qValue: null,
        basis: null,
        domains: [],
      },
    ]),
  );
  const [a] = await t.deps.db
    .select()
    .from(economyAlerts)
    .where(eq(economyAlerts.hitKey, `todo-walk:${rule!.id}`));
  return a!.id;
}

/** A 季度微调 decision drafted by an officer for a cadre of a unit in a liaison group. */
async function quadrantDecision(kind: 'prioritize' | 'promote') {
  await on('2026-07-06');
  const g = await groupOfUnit();
  const officer = await t.as('assessment_officer');
  const cadre = await buildCadre(t.deps.db, { unitId: g.unit.id });
  const d = ok<{ id: string }>(
    await officer.post('/api/quadrant/decisions', {
      cadreId: cadre.id,
      quarter: '2026Q2',
      kind,
      target: kind === 'promote' ? { post: '局长', teamPlace: '正职' } : {},
      reasons: '连续三个季度处于高贡献区',
    }),
  );
  return {
    ...g,
    officer,
    id: d.id,
    name: cadre.name,
    adopt: async () =>
      ok(await g.groupLeader.post(`/api/quadrant/decisions/${d.id}/adopt`, { meeting: '部务会' })),
  };
}

/** An application submitted by a unit: its 审核 step open on the officers' list. */
async function rewardsApplication() {
  await on('2026-09-21');
  const officer = await t.as('assessment_officer');
  const leader = await t.as('org_leader');
  const u = await applicantUnit(t, 1);
  const batch = await openBatch(officer, { opensOn: '2026-09-01', closesOn: '2026-12-31' });
  const a = await submitted(u.admin, batch.id, [u.cadres[0]!.id]);
  return {
    id: a.id as string,
    officer,
    leader,
    admin: u.admin,
    unitId: u.unit.id,
    stepId: await openStepId(a.id),
    stepDueOn: a.stepDueOn as string,
    /** The officer passes the 审核. */
    review: async () =>
      ok<{ stepDueOn: string }>(
        await officer.post(`/api/rewards/applications/${a.id}/review`, { decision: 'pass' }),
      ),
  };
}

/** An application under 审核 whose officer asked 纪委监委 for its 廉政意见 (会签). */
async function rewardsOpinion() {
  const w = await rewardsApplication();
  const jiwei = await applicantUnit(t, 0, `纪委监委${w.id.slice(0, 4)}`);
  const a = ok<{ opinions: { id: string; dueOn: string }[] }>(
    await w.officer.post(`/api/rewards/applications/${w.id}/opinions`, {
      requests: [{ unitId: jiwei.unit.id, topic: '廉政意见' }],
    }),
  );
  const { id: opinionId, dueOn } = a.opinions[0]!;
  return {
    ...w,
    jiwei: jiwei.admin,
    opinionId,
    dueOn,
    /** 纪委监委's administrator answers. */
    answer: async () =>
      ok(
        await jiwei.admin.post(`/api/rewards/opinions/${opinionId}/answer`, {
          status: 'agree',
          opinion: '无廉政问题',
        }),
      ),
  };
}

/** `days` after a last day (fresh sessions for `agents`), with the deadline jobs run as the server runs them. */
async function pastDeadline(dueOn: string, days: number, ...agents: Agent[]) {
  const d = new Date(`${dueOn}T02:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  await at(t, d.toISOString(), ...agents);
  await t.jobs.runDue();
}

async function openStepId(applicationId: string): Promise<string> {
  const r = await t.superuser('SELECT id FROM rewards_steps WHERE application_id = $1 AND ended_at IS NULL', [
    applicationId,
  ]);
  return r.rows[0]!.id as string;
}

describe('the registry of waiting states', () => {
  it('names each state once, in Chinese, and each is walked below (and every walk is of a state)', () => {
    const keys = WAITING_STATES.map(keyOf);
    expect(new Set(keys).size).toBe(keys.length);
    for (const s of WAITING_STATES) {
      expect(s.label).toMatch(/[\u4e00-\u9fff]/);
      expect(s.waitsOn).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(
      keys.filter((k) => !WALKS[k]),
      'states not walked',
    ).toEqual([]);
    expect(
      Object.keys(WALKS).filter((k) => !keys.includes(k)),
      'walks of no state',
    ).toEqual([]);
  });
});

describe('every waiting state puts a to-do on whom it waits on, and takes it off when done', () => {
  it.each(WAITING_STATES.map((s) => [keyOf(s), s] as const))(
    '%s',
    { timeout: 120_000 },
    async (key, state) => {
      const w = await WALKS[key]!();
      const open = await todos(w.waiter, 'open');
      const mine = open.items.filter(of(state, w.recordId));
      expect(mine, `${key}: ${JSON.stringify(open.items.map((i) => i.title))}`).toHaveLength(1);
      expect(mine[0]!.link).toBeTruthy();
      expect(mine[0]).toMatchObject({ state: state.label, closesItself: !!state.waiting });
      for (const word of w.titleHas ?? []) expect(mine[0]!.title).toContain(word);
      expect(await homeCount(w.waiter)).toBe(open.total);
      for (const other of w.others)
        expect(
          (await todos(other, 'open')).items.filter(of(state, w.recordId)),
          `${key}: not for others`,
        ).toEqual([]);

      await w.end();
      const after = await todos(w.waiter, 'open');
      expect(after.items.filter(of(state, w.recordId))).toEqual([]);
      expect(await homeCount(w.waiter)).toBe(after.total);
      const done = (await todos(w.waiter, 'done')).items.filter(of(state, w.recordId));
      expect(done.map((d) => d.status)).toEqual(['done']);
    },
  );
});

describe('to-dos of records that no longer wait', () => {
  it('are not counted, cannot be marked done again, and notify nobody', async () => {
    await on('2026-11-21');
    const officer = await t.as('assessment_officer');
    const alertId = await raiseAlert();
    const before = await todos(officer, 'open');
    const item = before.items.find((i) => i.recordId === alertId)!;
    expect(item.title).toContain('经济运行预警待研判');
    // While the alert waits its to-do cannot be hidden by hand.
    expect((await officer.post(`/api/todo/items/${item.id}/done`)).statusCode).toBe(409);
    await t.deps.db.update(economyAlerts).set({ status: 'escalated' }).where(eq(economyAlerts.id, alertId));
    expect((await todos(officer, 'open')).total).toBe(before.total - 1);
    expect(await homeCount(officer)).toBe(before.total - 1);
    const again = await officer.post(`/api/todo/items/${item.id}/done`);
    expect(again.statusCode).toBe(409);
    await t.jobs.runDue();
    const notes = ok<{ items: { title: string }[] }>(await officer.get('/api/todo/notifications')).items;
    expect(notes.map((n) => n.title).filter((x) => x.includes('某镇规上工业产值'))).toEqual([]);
  });

  it('refuses a to-do of a state nobody registered', async () => {
    const { addTodo } = await import('./todo.service.ts');
    const ctx = systemCtx(t.deps);
    await expect(
      write(ctx, (tx) =>
        addTodo(ctx, tx, { module: 'x', kind: 'y', title: '未登记', assigneeRole: 'assessment_officer' }),
      ),
    ).rejects.toThrow(/unregistered/);
  });
});

describe('module names', () => {
  it('every module that writes to-dos or timeline events has a Chinese name', () => {
    const src = path.resolve('src/server');
    const files = fs
      .readdirSync(src, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    const modules = new Set(WAITING_STATES.map((s) => s.module));
    for (const f of files)
      for (const m of fs.readFileSync(path.join(src, f), 'utf8').matchAll(/\bmodule: '([a-z]+)'/g))
        modules.add(m[1]!);
    expect(modules.size).toBeGreaterThan(8);
    for (const m of modules) expect(MODULE_LABELS[m], m).toMatch(/^[\u4e00-\u9fff]+$/);
    expect(moduleLabel('economy')).toBe('经济运行');
  });
});

describe('a unit administrator acting for several cadres', () => {
  it('sees each cadre named on their to-dos', async () => {
    await on('2026-07-03');
    const leader = await t.as('org_leader');
    const unit = await buildUnit(t.deps.db);
    const admin = await t.as('unit_admin', { unitId: unit.id });
    const names = ['甲干部', '乙干部'];
    for (const name of names) {
      const c = await buildCadre(t.deps.db, { unitId: unit.id, name });
      await confirmedList(admin, leader, c.id);
    }
    await at(t, '2026-12-01T02:00:00Z', admin);
    const ctx = systemCtx(t.deps);
    await write(ctx, (tx) => scheduleReportTodos(ctx, tx, 2026, 11));
    const titles = (await todos(admin, 'open')).items
      .filter((i) => i.kind === 'report.2026-11')
      .map((i) => i.title);
    expect(titles).toHaveLength(2);
    for (const name of names) expect(titles.filter((x) => x.includes(name))).toHaveLength(1);
  });
});
