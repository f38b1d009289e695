import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app.ts';
import { buildClosedRound } from '../../../../test/opinion-factories.ts';
import { buildQuadrantCounty, uploadDecisionFile } from '../../../../test/quadrant-factories.ts';
import {
  auditEntries,
  growthMeasures,
  orgAppointments,
  orgCadres,
  orgTimelineEvents,
} from '../../db/schema/index.ts';
import { opinionMeasure } from '../growth/measures.service.ts';

async function app(start = '2026-07-15T02:00:00Z'): Promise<TestApp> {
  return createTestApp({ mode: 'production', start });
}

async function computeAll(t: TestApp, quarters: string[]) {
  const officer = await t.as('assessment_officer');
  for (const q of quarters) {
    const r = await officer.post(`/api/quadrant/quarters/${q}/compute`);
    expect(r.statusCode, r.body).toBe(200);
  }
  return officer;
}

describe("the quarter's quadrant", () => {
  it('places each cadre with zone probabilities, draws the unidentified hollow, and lists candidates with reasons', async () => {
    const t = await app();
    try {
      const c = await buildQuadrantCounty(t.deps.db);
      const officer = await t.as('assessment_officer');
      const none = await officer.post('/api/quadrant/quarters/2024Q1/compute');
      expect(none.json().error.code).toBe('QUADRANT_NO_RUN');
      await computeAll(t, c.quarters);
      const view = (await officer.get('/api/quadrant/quarters/2026Q2')).json();
      expect(view.computed).toBe(true);
      const by = new Map(view.points.map((p: { cadreId: string }) => [p.cadreId, p]));
      const strong = by.get(c.strong.id) as { zone: string; probabilities: { high: number }; run: number };
      expect(strong.zone).toBe('high');
      expect(strong.probabilities.high).toBeGreaterThan(0.99);
      expect(strong.run).toBe(3);
      const weak = by.get(c.weak.id) as { zone: string; deviations: number };
      expect(weak.zone).toBe('low');
      expect(weak.deviations).toBe(1);
      const island = by.get(c.island.id) as { identified: boolean; zone: string };
      expect(island.identified).toBe(false);
      // Without a confirmed deviation nobody is on the deviating side, however low.
      for (const o of c.others)
        expect(['high', 'mixedContribution']).toContain((by.get(o.id) as { zone: string }).zone);
      const filtered = (await officer.get(`/api/quadrant/quarters/2026Q2?unitId=${c.other.id}`)).json();
      expect(filtered.points).toHaveLength(0);
      expect(view.fairness.length).toBe(4);

      const recs = (await officer.get('/api/quadrant/recommendations?quarter=2026Q2')).json();
      const kinds = recs.items.map((r: { cadre: { id: string }; kind: string }) => [r.cadre.id, r.kind]);
      expect(kinds).toContainEqual([c.strong.id, 'promote']);
      expect(kinds).toContainEqual([c.weak.id, 'adjust']);
      expect(kinds.some(([id]: string[]) => id === c.island.id)).toBe(false);
      // Nor a cadre of a rank managed above the county (placed all the same).
      expect(kinds.some(([id]: string[]) => id === c.city.id)).toBe(false);
      expect(view.points.some((p: { cadreId: string }) => p.cadreId === c.city.id)).toBe(true);
      const adjust = recs.items.find((r: { kind: string }) => r.kind === 'adjust');
      expect(adjust.reasons[1].evidence[0].type).toBe('economy_interview');

      // One click from the point to the evidence behind each axis.
      const point = view.points.find((p: { cadreId: string }) => p.cadreId === c.weak.id);
      const ev = (await officer.get(`/api/quadrant/placements/${point.placementId}`)).json();
      expect(ev.viewParts.find((p: { key: string }) => p.key === 'deviation').records).toHaveLength(1);
      expect(ev.contributionParts[0].records[0].link).toContain('/growth/cadres/');
    } finally {
      await t.close();
    }
  });

  it('reads the 360 part of the 政绩观 axis from the calibrated scores, with their standard errors', async () => {
    const t = await app();
    try {
      const c = await buildQuadrantCounty(t.deps.db);
      const db = t.deps.db;
      // The strong cadre's round: a raw 91 that calibration brings down to 82.4 (± 1.96 × 2.1).
      await buildClosedRound(db, '2026-05-20T02:00:00Z', [
        { cadreId: c.strong.id, overall: 91, calibrated: { estimate: 82.4, se: 2.1 } },
      ]);
      const [m] = await opinionMeasure(db, '2026Q2');
      await db.insert(growthMeasures).values({
        cadreId: c.strong.id,
        unitId: c.unit.id,
        quarter: '2026Q2',
        measure: 'opinion',
        value: String(m!.value),
        source: 'platform',
        trace: m!.trace,
      });
      const officer = await computeAll(t, c.quarters);
      const view = (await officer.get('/api/quadrant/quarters/2026Q2')).json();
      const point = view.points.find((p: { cadreId: string }) => p.cadreId === c.strong.id);
      const ev = (await officer.get(`/api/quadrant/placements/${point.placementId}`)).json();
      const opinion = ev.viewParts.find((p: { key: string }) => p.key === 'opinion');
      expect(opinion.records).toHaveLength(1);
      expect(opinion.records[0]).toMatchObject({ type: 'opinion_profile', se: 2.1, method: 'crossed' });
      expect(opinion.records[0].label).toContain('校正得分 82.4');
      expect(opinion.records[0].label).not.toContain('91');
    } finally {
      await t.close();
    }
  });

  it('ends 长期处于 at a quarter without a placement', async () => {
    const t = await app();
    try {
      const c = await buildQuadrantCounty(t.deps.db, {
        quarters: ['2025Q3', '2025Q4', '2026Q1', '2026Q2'],
        gap: '2025Q4',
      });
      const officer = await computeAll(t, c.quarters);
      const view = (await officer.get('/api/quadrant/quarters/2026Q2')).json();
      expect(view.points.find((p: { cadreId: string }) => p.cadreId === c.strong.id).run).toBe(2);
      const recs = (await officer.get('/api/quadrant/recommendations?quarter=2026Q2')).json();
      expect(recs.items.some((r: { cadre: { id: string } }) => r.cadre.id === c.strong.id)).toBe(false);
    } finally {
      await t.close();
    }
  });

  it('shows a cadre only their own history once released, and a unit administrator nothing', async () => {
    const t = await app();
    try {
      const c = await buildQuadrantCounty(t.deps.db);
      const officer = await computeAll(t, c.quarters);
      const self = await t.as('cadre', { cadreId: c.strong.id });
      expect((await self.get(`/api/quadrant/cadres/${c.strong.id}`)).json().quarters).toHaveLength(0);
      expect((await officer.post('/api/quadrant/quarters/2026Q2/release')).statusCode).toBe(403);
      const leader = await t.as('org_leader');
      expect((await leader.post('/api/quadrant/quarters/2026Q2/release')).statusCode).toBe(200);
      const mine = (await self.get(`/api/quadrant/cadres/${c.strong.id}`)).json();
      expect(mine.quarters.map((q: { quarter: string }) => q.quarter)).toEqual(['2026Q2']);
      const evidence = await self.get(`/api/quadrant/placements/${mine.quarters[0].placementId}`);
      expect(evidence.statusCode).toBe(200);
      expect((await self.get(`/api/quadrant/cadres/${c.weak.id}`)).statusCode).toBe(403);
      expect((await self.get('/api/quadrant/quarters/2026Q2')).statusCode).toBe(403);
      const unit = await t.as('unit_admin', { unitId: c.unit.id });
      expect((await unit.get(`/api/quadrant/cadres/${c.strong.id}`)).statusCode).toBe(403);
      expect((await unit.get('/api/quadrant/quarters/2026Q2')).statusCode).toBe(403);
    } finally {
      await t.close();
    }
  });
});

describe('季度微调: from a recommendation to an effective decision', () => {
  it('promotes through 凡提四必, 部务会 and 任前公示, and changes the registry only when effective', async () => {
    const t = await app('2026-07-06T02:00:00Z');
    try {
      const c = await buildQuadrantCounty(t.deps.db);
      const officer = await computeAll(t, c.quarters);
      const leader = await t.as('org_leader');
      const recs = (await officer.get('/api/quadrant/recommendations?quarter=2026Q2')).json();
      const rec = recs.items.find((r: { kind: string }) => r.kind === 'promote');
      const missing = await officer.post('/api/quadrant/decisions', {
        cadreId: c.strong.id,
        quarter: '2026Q2',
        kind: 'promote',
        reasons: '长期处于高贡献区，拟提拔',
      });
      expect(missing.json().error.code).toBe('QUADRANT_TARGET_REQUIRED');
      expect(missing.json().error.details[0].path).toBe('body.target.post');
      const drafted = await officer.post('/api/quadrant/decisions', {
        cadreId: c.strong.id,
        recommendationId: rec.id,
        quarter: '2026Q2',
        kind: 'promote',
        target: { post: '局长', teamPlace: '正职', rankCode: 'zhengke' },
        reasons: '连续三个季度处于高贡献区，拟提拔为局长',
      });
      expect(drafted.statusCode, drafted.body).toBe(201);
      const d = drafted.json();
      expect(d.evidence.some((e: { type: string }) => e.type === 'quadrant_placement')).toBe(true);
      expect(d.checksNeeded).toEqual(['archive', 'personal_report', 'integrity']);
      const again = await officer.post('/api/quadrant/decisions', {
        cadreId: c.strong.id,
        recommendationId: rec.id,
        quarter: '2026Q2',
        kind: 'prioritize',
        reasons: '再次拟定同一建议',
      });
      expect(again.json().error.code).toBe('QUADRANT_RECOMMENDATION_USED');

      // An officer cannot adopt; the 部务会 cannot adopt before the checks pass.
      expect(
        (await officer.post(`/api/quadrant/decisions/${d.id}/adopt`, { meeting: '部务会' })).statusCode,
      ).toBe(403);
      const early = await leader.post(`/api/quadrant/decisions/${d.id}/adopt`, {
        meeting: '2026年第7次部务会',
      });
      expect(early.json().error.code).toBe('QUADRANT_CHECKS_INCOMPLETE');
      for (const kind of ['archive', 'personal_report', 'integrity'])
        expect(
          (
            await officer.post(`/api/quadrant/decisions/${d.id}/checks`, {
              kind,
              result: 'pass',
              note: '无问题',
              fileIds: [await uploadDecisionFile(officer, d.id, `${kind}.png`)],
            })
          ).statusCode,
        ).toBe(200);
      const adopted = await leader.post(`/api/quadrant/decisions/${d.id}/adopt`, {
        meeting: '2026年第7次部务会',
      });
      expect(adopted.statusCode, adopted.body).toBe(200);
      const direct = await leader.post(`/api/quadrant/decisions/${d.id}/effect`, {
        body: '县委常委会',
        docNo: '县委〔2026〕31号',
        effectiveOn: '2026-07-20',
      });
      expect(direct.json().error.code).toBe('QUADRANT_PUBLICITY_REQUIRED');
      // 任前公示: 5 working days from Monday 2026-07-06 end on Friday 2026-07-10.
      const pub = (
        await officer.post(`/api/quadrant/decisions/${d.id}/publicity`, { from: '2026-07-06' })
      ).json();
      expect(pub.publicityUntil).toBe('2026-07-10');
      const raised = (
        await officer.post(`/api/quadrant/decisions/${d.id}/objections`, { text: '反映其工作作风问题' })
      ).json();
      await officer.post(`/api/quadrant/decisions/${d.id}/objections/${raised.objections[0].id}/handle`, {
        result: 'unfounded',
        handling: '经核查不属实',
      });
      const tooEarly = await leader.post(`/api/quadrant/decisions/${d.id}/effect`, {
        body: '县委常委会',
        docNo: '县委〔2026〕31号',
        effectiveOn: '2026-07-13',
      });
      expect(tooEarly.json().error.code).toBe('QUADRANT_PUBLICITY_NOT_OVER');
      const [before] = await t.deps.db.select().from(orgCadres).where(eq(orgCadres.id, c.strong.id));
      expect(before!.post).toBe('副局长');

      t.deps.clock.set('2026-07-13T02:00:00Z');
      const later = await t.as('org_leader');
      const done = await later.post(`/api/quadrant/decisions/${d.id}/effect`, {
        body: '县委常委会',
        docNo: '县委〔2026〕31号',
        effectiveOn: '2026-07-13',
      });
      expect(done.statusCode, done.body).toBe(200);
      expect(done.json().status).toBe('effective');
      const [after] = await t.deps.db.select().from(orgCadres).where(eq(orgCadres.id, c.strong.id));
      expect(after!.post).toBe('局长');
      expect(after!.rankCode).toBe('zhengke');
      const [a] = await t.deps.db
        .select()
        .from(orgAppointments)
        .where(eq(orgAppointments.id, done.json().appointmentId));
      expect(a!.docNo).toBe('县委〔2026〕31号');
      const events = await t.deps.db
        .select()
        .from(orgTimelineEvents)
        .where(eq(orgTimelineEvents.cadreId, c.strong.id));
      expect(events.some((e) => e.module === 'quadrant' && e.title.includes('县委〔2026〕31号'))).toBe(true);
      const audits = await t.deps.db.select().from(auditEntries);
      const effectEntry = audits.find((e) => e.action === 'quadrant.decision.effect');
      const promoteEntry = audits.find((e) => e.action === 'org.cadre.promote');
      expect(effectEntry && promoteEntry).toBeTruthy();
      // The year's statistics count it from the decision (the cadre, born 1980, is not young).
      const stats = (await later.get('/api/quadrant/statistics?year=2026')).json();
      expect(stats.promotions).toBe(1);
      expect(stats.youngPromotions).toBe(0);
      // The cadre sees the decision about them.
      const self = await t.as('cadre', { cadreId: c.strong.id });
      const mine = (await self.get(`/api/quadrant/cadres/${c.strong.id}`)).json();
      expect(mine.decisions.map((x: { docNo: string }) => x.docNo)).toEqual(['县委〔2026〕31号']);
    } finally {
      await t.close();
    }
  });

  it("moves a cadre down only after 谈心谈话 and the cadre's 说明, answered by the decision; refuses cadres outside the jurisdiction", async () => {
    const t = await app();
    try {
      const c = await buildQuadrantCounty(t.deps.db);
      const officer = await computeAll(t, c.quarters);
      const leader = await t.as('org_leader');
      const outside = await officer.post('/api/quadrant/decisions', {
        cadreId: c.city.id,
        quarter: '2026Q2',
        kind: 'demote',
        target: { post: '一级主任科员' },
        reasons: '测试管理权限之外的干部',
      });
      expect(outside.json().error.code).toBe('QUADRANT_OUTSIDE_JURISDICTION');
      const d = (
        await officer.post('/api/quadrant/decisions', {
          cadreId: c.weak.id,
          quarter: '2026Q2',
          kind: 'transfer',
          target: { unitId: c.other.id, post: '副主任', teamPlace: '副职' },
          reasons: '处于低效区且有约谈记录，调整岗位',
        })
      ).json();
      const noTalk = await leader.post(`/api/quadrant/decisions/${d.id}/adopt`, { meeting: '部务会' });
      expect(noTalk.json().error.code).toBe('QUADRANT_TALK_REQUIRED');
      await officer.post(`/api/quadrant/decisions/${d.id}/talk`, {
        talkOn: '2026-07-10',
        talkBy: '县委组织部副部长',
        note: '指出问题，听取本人意见',
        statement: '本人对指标上报不实负有责任，愿意接受组织安排',
        statementFileIds: [await uploadDecisionFile(officer, d.id, '书面说明.png')],
      });
      expect(
        (await leader.post(`/api/quadrant/decisions/${d.id}/adopt`, { meeting: '部务会' })).statusCode,
      ).toBe(200);
      const [before] = await t.deps.db.select().from(orgCadres).where(eq(orgCadres.id, c.weak.id));
      expect(before!.unitId).toBe(c.unit.id);
      const noAnswer = await leader.post(`/api/quadrant/decisions/${d.id}/effect`, {
        body: '县委常委会',
        docNo: '县委〔2026〕40号',
        effectiveOn: '2026-07-15',
      });
      expect(noAnswer.json().error.code).toBe('QUADRANT_ANSWER_REQUIRED');
      const done = await leader.post(`/api/quadrant/decisions/${d.id}/effect`, {
        body: '县委常委会',
        docNo: '县委〔2026〕40号',
        effectiveOn: '2026-07-15',
        answer: '本人说明已研究，调整岗位后加强跟踪',
      });
      expect(done.statusCode, done.body).toBe(200);
      const [after] = await t.deps.db.select().from(orgCadres).where(eq(orgCadres.id, c.weak.id));
      expect(after!.unitId).toBe(c.other.id);
      expect(after!.post).toBe('副主任');
    } finally {
      await t.close();
    }
  });

  it('writes nothing when the registry refuses the change', async () => {
    const t = await app();
    try {
      const c = await buildQuadrantCounty(t.deps.db);
      const officer = await computeAll(t, c.quarters);
      const leader = await t.as('org_leader');
      const d = (
        await officer.post('/api/quadrant/decisions', {
          cadreId: c.weak.id,
          quarter: '2026Q2',
          kind: 'demote',
          target: { post: '一级主任科员', rankCode: 'no-such-rank' },
          reasons: '处于低效区，降职',
        })
      ).json();
      await officer.post(`/api/quadrant/decisions/${d.id}/talk`, {
        talkOn: '2026-07-10',
        talkBy: '副部长',
        note: '谈话要点',
        statement: '本人说明',
        statementFileIds: [await uploadDecisionFile(officer, d.id, '书面说明.png')],
      });
      await leader.post(`/api/quadrant/decisions/${d.id}/adopt`, { meeting: '部务会' });
      const r = await leader.post(`/api/quadrant/decisions/${d.id}/effect`, {
        body: '县委常委会',
        docNo: '县委〔2026〕41号',
        effectiveOn: '2026-07-15',
        answer: '已回应',
      });
      expect(r.statusCode).toBeGreaterThanOrEqual(400);
      expect(r.statusCode).toBeLessThan(500);
      const after = (await officer.get(`/api/quadrant/decisions/${d.id}`)).json();
      expect(after.status).toBe('adopted');
      const audits = await t.deps.db.select().from(auditEntries);
      expect(audits.some((e) => e.action === 'quadrant.decision.effect')).toBe(false);
    } finally {
      await t.close();
    }
  });
});
