import { describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app.ts';
import { at, codeOf, finalFinding, ok } from '../../../../test/delivery-factories.ts';
import {
  buildMentorPair,
  createPlan,
  guidanceBody,
  plantGrowth,
} from '../../../../test/development-factories.ts';
import { buildCadre } from '../../../../test/factories.ts';
import { createActivity, observe } from '../../../../test/scene-factories.ts';
import { growthRuns, quadrantPlacements } from '../../db/schema/index.ts';
import { systemCtx } from '../../lib/context.ts';
import { remindReviews } from './reminders.service.ts';

async function app(start = '2026-04-10T02:00:00Z'): Promise<TestApp> {
  return createTestApp({ mode: 'production', start });
}

type Todo = { title: string; kind: string; link: string | null; status: string };
const openTodos = async (a: { get(u: string): Promise<{ statusCode: number; body: string }> }) =>
  ok(await a.get('/api/todo/items?status=open')).items as Todo[];

describe('a plan and who may see it', () => {
  it('refuses incomplete plans, grants the mentor this plan alone, and hides internal notes from the cadre', async () => {
    const t = await app();
    try {
      const w = await buildMentorPair(t);
      const body = guidanceBody(w.cadre.id, w.mentorCadre.id);

      // Refused: a guidance period without a mentor, a mentor without an account, oneself as mentor.
      const noMentor = await w.officer.post('/api/development/plans', { ...body, mentorCadreId: undefined });
      expect(codeOf(noMentor, 400)).toBe('VALIDATION_FAILED');
      expect(noMentor.json().error.details.map((d: { path: string }) => d.path)).toContain(
        'body.mentorCadreId',
      );
      const stranger = await buildCadre(t.deps.db);
      expect(
        codeOf(await w.officer.post('/api/development/plans', { ...body, mentorCadreId: stranger.id }), 409),
      ).toBe('DEVELOPMENT_MENTOR_NO_ACCOUNT');
      expect(
        codeOf(await w.officer.post('/api/development/plans', { ...body, mentorCadreId: w.cadre.id }), 409),
      ).toBe('DEVELOPMENT_MENTOR_SELF');
      const late = { ...body, milestones: [{ title: '迟到的节点', target: '一件', dueOn: '2027-01-01' }] };
      expect(codeOf(await w.officer.post('/api/development/plans', late), 400)).toBe('VALIDATION_FAILED');

      const plan = await createPlan(w.officer, body);
      expect(plan.endsOn).toBe('2026-09-01');
      expect(plan.mentor.id).toBe(w.mentorCadre.id);
      expect(plan.created.byName).toBe(w.officer.user!.displayName);
      expect(codeOf(await w.officer.post('/api/development/plans', body), 409)).toBe(
        'DEVELOPMENT_ACTIVE_PLAN',
      );

      // The month's review is on the mentor's list.
      const mentorTodos = await openTodos(w.mentor);
      expect(mentorTodos.map((x) => x.kind)).toContain('development.review.monthly');
      expect(mentorTodos.find((x) => x.kind === 'development.review.monthly')!.link).toBe(
        `/development/plans/${plan.id}`,
      );

      // The mentor reads the plan, writes an internal note, an open note and the month's review.
      const seen = ok(await w.mentor.get(`/api/development/plans/${plan.id}`));
      expect(seen.viewer).toBe('mentor');
      expect(seen.can).toMatchObject({ note: true, monthly: true, midEnd: false, outcome: false });
      ok(
        await w.mentor.post(`/api/development/plans/${plan.id}/notes`, {
          text: '内部：性格偏急，需多沟通',
          internal: true,
        }),
      );
      ok(
        await w.mentor.post(`/api/development/plans/${plan.id}/notes`, { text: '本月跟班学习信访接待两次' }),
      );
      const reviewed = ok(
        await w.mentor.post(`/api/development/plans/${plan.id}/reviews`, {
          kind: 'monthly',
          month: '2026-04',
          progress: 'good',
          summary: '主动接手一件信访积案，思路清楚',
          milestoneIds: [plan.milestoneList[0].id],
        }),
      );
      expect(reviewed.reviewList[0]).toMatchObject({
        kind: 'monthly',
        period: '2026-04',
        authorRole: 'mentor',
      });
      expect(reviewed.reviewList[0].evidence[0].id).toBe(plan.milestoneList[0].id);
      expect(reviewed.reviewList[0].byName).toBe(w.mentor.user!.displayName);
      expect((await openTodos(w.mentor)).map((x) => x.kind)).not.toContain('development.review.monthly');
      expect(
        codeOf(
          await w.mentor.post(`/api/development/plans/${plan.id}/reviews`, {
            kind: 'monthly',
            month: '2026-04',
            progress: 'fair',
            summary: '重复的月度评议',
          }),
          409,
        ),
      ).toBe('DEVELOPMENT_REVIEW_EXISTS');
      expect(
        codeOf(
          await w.mentor.post(`/api/development/plans/${plan.id}/reviews`, {
            kind: 'mid',
            progress: 'fair',
            summary: '导师不能作中期评估',
          }),
          403,
        ),
      ).toBe('DEVELOPMENT_OFFICER_ONLY');
      expect(
        ok(await w.mentor.get('/api/development/mentoring')).items.map((p: { id: string }) => p.id),
      ).toEqual([plan.id]);

      // The cadre sees the plan and its reviews, not the internal note, and writes nothing.
      const mine = ok(await w.self.get(`/api/development/plans/${plan.id}`));
      expect(mine.viewer).toBe('self');
      expect(mine.reviewList).toHaveLength(1);
      expect(mine.notes.map((n: { text: string }) => n.text)).toEqual(['本月跟班学习信访接待两次']);
      expect(mine.figures).toBeNull();
      expect(mine.can.note).toBe(false);
      expect(
        codeOf(await w.self.post(`/api/development/plans/${plan.id}/notes`, { text: '自己写的记录' }), 403),
      ).toBe('FORBIDDEN');
      expect(ok(await w.self.get('/api/development/mine')).items).toHaveLength(1);
      const officerView = ok(await w.officer.get(`/api/development/plans/${plan.id}`));
      expect(officerView.notes).toHaveLength(2);

      // The mentor cannot read another plan, nor the cadre another's; a unit administrator none.
      const other = await buildMentorPair(t);
      const otherPlan = await createPlan(other.officer, guidanceBody(other.cadre.id, other.mentorCadre.id));
      expect(codeOf(await w.mentor.get(`/api/development/plans/${otherPlan.id}`), 403)).toBe(
        'DEVELOPMENT_NOT_YOUR_PLAN',
      );
      expect(
        codeOf(
          await w.mentor.post(`/api/development/plans/${otherPlan.id}/notes`, { text: '越权写记录' }),
          403,
        ),
      ).toBe('DEVELOPMENT_NOT_YOUR_PLAN');
      expect(codeOf(await w.self.get(`/api/development/plans/${otherPlan.id}`), 403)).toBe(
        'DEVELOPMENT_NOT_YOUR_PLAN',
      );
      const unitAdmin = await t.as('unit_admin', { unitId: w.unit.id });
      expect(codeOf(await unitAdmin.get(`/api/development/plans/${plan.id}`), 403)).toBe('FORBIDDEN');
      expect(codeOf(await w.mentor.get('/api/development/plans'), 403)).toBe('FORBIDDEN');
    } finally {
      await t.close();
    }
  });
});

describe('reviews and the outcome', () => {
  it('takes a plan through the mid-term and end reviews to a leader’s outcome, which withdraws the mentor', async () => {
    const t = await app();
    try {
      const w = await buildMentorPair(t);
      const plan = await createPlan(w.officer, guidanceBody(w.cadre.id, w.mentorCadre.id));
      ok(
        await w.officer.post(`/api/development/plans/${plan.id}/milestones/${plan.milestoneList[0].id}`, {
          status: 'met',
          result: '化解积案 1 件，当事人签字息诉',
        }),
      );
      expect(
        codeOf(
          await w.officer.post(`/api/development/plans/${plan.id}/milestones/${plan.milestoneList[0].id}`, {
            status: 'missed',
            result: '再次认定',
          }),
          409,
        ),
      ).toBe('DEVELOPMENT_MILESTONE_DECIDED');

      // Two weeks before the middle the mid-term review is on the officers' list (the daily job).
      await at(t, '2026-05-25T02:00:00Z', w.officer, w.leader, w.mentor, w.self);
      await t.deps.db.transaction((tx) => remindReviews(systemCtx(t.deps), tx, '2026-05-25'));
      expect((await openTodos(w.officer)).map((x) => x.kind)).toContain('development.review.mid');
      ok(
        await w.officer.post(`/api/development/plans/${plan.id}/reviews`, {
          kind: 'mid',
          progress: 'fair',
          summary: '积案化解进度基本符合，现场协调仍需加强',
        }),
      );
      expect((await openTodos(w.officer)).map((x) => x.kind)).not.toContain('development.review.mid');

      await at(t, '2026-08-25T02:00:00Z', w.officer, w.leader, w.mentor, w.self);
      expect(
        codeOf(
          await w.leader.post(`/api/development/plans/${plan.id}/outcome`, {
            outcome: 'met',
            note: '达到预期目标',
          }),
          409,
        ),
      ).toBe('DEVELOPMENT_END_REVIEW_REQUIRED');
      ok(
        await w.officer.post(`/api/development/plans/${plan.id}/reviews`, {
          kind: 'end',
          progress: 'good',
          summary: '化解积案 3 件，现场考察评分提升',
          milestoneIds: plan.milestoneList.map((m: { id: string }) => m.id),
        }),
      );
      expect(
        codeOf(
          await w.officer.post(`/api/development/plans/${plan.id}/outcome`, {
            outcome: 'met',
            note: '达到预期目标',
          }),
          403,
        ),
      ).toBe('FORBIDDEN');
      const ended = ok(
        await w.leader.post(`/api/development/plans/${plan.id}/outcome`, {
          outcome: 'met',
          note: '辅导期目标全部达成，达到预期',
        }),
      );
      expect(ended).toMatchObject({ status: 'ended', outcome: 'met' });
      expect(ended.outcomeDecided.byName).toBe(w.leader.user!.displayName);

      // Ending the plan withdrew the mentor's scope; the cadre keeps reading their plan.
      expect(codeOf(await w.mentor.get(`/api/development/plans/${plan.id}`), 403)).toBe(
        'DEVELOPMENT_NOT_YOUR_PLAN',
      );
      expect(ok(await w.mentor.get('/api/development/mentoring')).items).toEqual([]);
      expect(ok(await w.self.get(`/api/development/plans/${plan.id}`)).outcome).toBe('met');
      expect(
        codeOf(
          await w.officer.post(`/api/development/plans/${plan.id}/notes`, { text: '结束后的记录' }),
          409,
        ),
      ).toBe('DEVELOPMENT_PLAN_ENDED');

      // The cadre's timeline shows the start, the reviews and the end.
      const tl = ok(await w.self.get(`/api/org/cadres/${w.cadre.id}/timeline`));
      const titles = (tl.items as { title: string }[]).map((e) => e.title);
      expect(titles).toContain('纳入一人一策：履职辅导期');
      expect(titles).toContain('一人一策中期评估：基本符合');
      expect(titles).toContain('一人一策结束：达到预期');
    } finally {
      await t.close();
    }
  });

  it('extends a plan by its outcome and asks for a new end review', async () => {
    const t = await app('2026-08-25T02:00:00Z');
    try {
      const w = await buildMentorPair(t);
      const plan = await createPlan(w.officer, guidanceBody(w.cadre.id, w.mentorCadre.id));
      ok(
        await w.officer.post(`/api/development/plans/${plan.id}/reviews`, {
          kind: 'end',
          progress: 'behind',
          summary: '积案化解未达标，需延长辅导',
        }),
      );
      const extended = ok(
        await w.leader.post(`/api/development/plans/${plan.id}/outcome`, {
          outcome: 'extended',
          note: '延期两个月继续辅导',
          extendMonths: 2,
        }),
      );
      expect(extended).toMatchObject({ status: 'active', outcome: 'extended', endsOn: '2026-11-01' });
      expect(extended.can.outcome).toBe(false);
      expect(ok(await w.mentor.get(`/api/development/plans/${plan.id}`)).viewer).toBe('mentor');
    } finally {
      await t.close();
    }
  });
});

describe('suggestions from the evidence and the figures', () => {
  it('names the records that triggered each suggestion, and shows the own contribution before and after', async () => {
    const t = await app('2026-07-01T02:00:00Z');
    try {
      const f = await finalFinding(t);
      // Weak conduct in an emergency.
      const weak = await buildCadre(t.deps.db);
      const flood = await createActivity(f.officer, { kind: 'emergency', startsOn: '2026-09-01' });
      const obs = await observe(f.officer, { id: flood.id, kind: 'emergency' }, weak.id, 2);
      // Own contribution clearly below average.
      const slow = await buildCadre(t.deps.db);
      const planted = await plantGrowth(t.deps.db, slow.id, slow.unitId!, [
        ['2026Q1', -1.1],
        ['2026Q3', -0.2],
      ]);

      const s = ok(await f.officer.get('/api/development/suggestions'));
      expect(s.sources).toEqual(expect.arrayContaining(['实绩象限', '个体成长解析', '考察发现', '现场考察']));
      const of = (cadreId: string) =>
        s.items.filter((i: { cadre: { id: string } }) => i.cadre.id === cadreId);
      const finding = of(f.cadre.id)[0];
      expect(finding.kind).toBe('study');
      expect(finding.reasons[0].evidence[0]).toMatchObject({
        type: 'delivery_finding',
        id: f.findingId,
        link: `/delivery/findings/${f.findingId}`,
      });
      const scene = of(weak.id)[0];
      expect(scene.kind).toBe('guidance');
      expect(scene.reasons[0].evidence[0]).toMatchObject({ type: 'scene_observation', id: obs.id });
      // The latest quarter (2026Q3, −0.2 ± 0.39) is not clearly below average: no suggestion.
      expect(of(slow.id)).toEqual([]);

      // A pressure post on the finding's evidence: the plan keeps the records it was made from.
      const plan = await createPlan(f.officer, {
        cadreId: slow.id,
        kind: 'pressure',
        title: '压力岗：扶工助企专班',
        reason: '干事动力不足，本人贡献偏低',
        startsOn: '2026-04-15',
        months: 6,
        postKind: 'enterprise',
        postName: '扶工助企专班副组长',
        goals: [{ title: '帮扶企业解决难题', measure: '解决问题件数' }],
        milestones: [{ title: '走访企业', target: '≥20 家', dueOn: '2026-07-31' }],
        evidence: [
          {
            type: 'growth_result',
            id: planted[0]!.resultId,
            label: '2026年第一季度个体成长解析',
            link: null,
          },
        ],
      });
      expect(plan.evidence[0].id).toBe(planted[0]!.resultId);
      expect(plan.figures.before).toMatchObject({
        quarter: '2026Q1',
        own: -1.1,
        resultId: planted[0]!.resultId,
      });
      expect(plan.figures.after).toMatchObject({
        quarter: '2026Q3',
        own: -0.2,
        resultId: planted[1]!.resultId,
      });
      expect(plan.figures.before.low).toBeLessThan(-1.1);
      expect(plan.figures.change.value).toBeCloseTo(0.9, 5);
      expect(plan.figures.change.low).toBeLessThan(plan.figures.change.value);
      expect(plan.figures.note).toContain('不说明变化由培养计划引起');

      // A study plan needs a key project.
      const study = await f.officer.post('/api/development/plans', {
        cadreId: f.cadre.id,
        kind: 'study',
        title: '专题研修',
        reason: '成效不实，专业能力不足',
        startsOn: '2026-09-15',
        months: 3,
        studyTopic: '招商引资政策',
        goals: [{ title: '掌握政策', measure: '结业考试' }],
        milestones: [{ title: '结业', target: '考试合格', dueOn: '2026-11-30' }],
      });
      expect(study.json().error.details.map((d: { path: string }) => d.path)).toContain('body.keyworkTaskId');
      const listed = ok(await f.officer.get('/api/development/plans?kind=pressure'));
      expect(listed.items.map((p: { id: string }) => p.id)).toEqual([plan.id]);
      expect(ok(await f.officer.get('/api/development/plans?kind=guidance')).total).toBe(0);
    } finally {
      await t.close();
    }
  });
});

describe('the quadrant as a source', () => {
  it('suggests a plan from a cadre’s latest placement in 低效区 or with a deviation, naming the placement', async () => {
    const t = await app();
    try {
      const officer = await t.as('assessment_officer');
      const low = await buildCadre(t.deps.db);
      const [run] = await t.deps.db
        .insert(growthRuns)
        .values({ quarter: '2026Q2', versions: { weights: 0, rule: 0 }, models: [] })
        .returning();
      const [placement] = await t.deps.db
        .insert(quadrantPlacements)
        .values({
          quarter: '2026Q2',
          cadreId: low.id,
          unitId: low.unitId,
          runId: run!.id,
          settingsVersion: 1,
          identified: true,
          contribution: '-8',
          contributionSe: '2',
          view: '-5',
          viewSe: '2',
          deviations: 1,
          probabilities: { high: 0, mixedView: 0, mixedContribution: 0.05, low: 0.95 },
          zone: 'low',
          evidence: { contribution: [], view: [] },
        })
        .returning();
      const s = ok(await officer.get('/api/development/suggestions'));
      expect(s.sources).toContain('实绩象限');
      const mine = s.items.filter((i: { cadre: { id: string } }) => i.cadre.id === low.id);
      expect(mine.map((i: { kind: string }) => i.kind).sort()).toEqual(['pressure', 'study']);
      expect(mine[0].reasons[0].evidence[0]).toMatchObject({ type: 'quadrant_placement', id: placement!.id });
      expect(mine[0].reasons[0].evidence[0].label).toContain('低效区');
    } finally {
      await t.close();
    }
  });
});
