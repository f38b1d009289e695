import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app.ts';
import { buildCadre, buildUnit } from '../../../../test/factories.ts';
import { buildGrowthCounty, buildSharedTask } from '../../../../test/growth-factories.ts';
import { spearman } from '../../../analytics/rank.ts';
import { growthScopeLocks, orgDictItems, orgTimelineEvents } from '../../db/schema/index.ts';
import { systemCtx } from '../../lib/context.ts';
import { write } from '../../lib/tx.ts';
import { recordDivision } from '../org/division.service.ts';
import { recordAmendments } from './scope.service.ts';

/** Each test builds its own county on its own app, so any one runs alone. */
async function app(start = '2026-07-15T02:00:00Z'): Promise<TestApp> {
  return createTestApp({ mode: 'production', start });
}

describe('the analysis: the person told apart from the platform', () => {
  it('recovers the planted own effects, does not credit a strong unit to its cadres, and says where it cannot split', async () => {
    const t = await app();
    try {
      const county = await buildGrowthCounty(t.deps.db, { units: 8, perUnit: 7, seed: 3 });
      const officer = await t.as('assessment_officer');
      const bad = await officer.post('/api/growth/runs', { quarter: '2026Q5' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.details[0].path).toBe('body.quarter');
      const future = await officer.post('/api/growth/runs', { quarter: '2027Q1' });
      expect(future.json().error.code).toBe('GROWTH_QUARTER_NOT_OVER');

      const run = await officer.post('/api/growth/runs', { quarter: '2026Q2' });
      expect(run.statusCode, run.body).toBe(201);
      const models = run.json().models as {
        measure: string;
        nobs: number;
        movers: number;
        converged: boolean;
      }[];
      expect(models.map((m) => m.measure).sort()).toEqual(['delivery', 'keywork']);
      expect(models.every((m) => m.converged && m.movers > 0)).toBe(true);

      const c = (await officer.get('/api/growth/county?quarter=2026Q2')).json();
      const planted = new Map(county.cadres.map((x) => [x.id, x]));
      const identified = c.points.filter((p: { identified: boolean }) => p.identified);
      // Own contribution recovers the planted own effect.
      const rho = spearman(
        identified.map((p: { own: number }) => p.own),
        identified.map((p: { cadreId: string }) => planted.get(p.cadreId)!.own),
      );
      expect(rho).toBeGreaterThanOrEqual(0.85);
      // The strongest unit (planted +2 SD) does not lift its cadres' own contribution.
      const strong = county.units[0]!.unit.id;
      const inStrong = identified.filter(
        (p: { cadreId: string }) => planted.get(p.cadreId)!.unitId === strong,
      );
      const ownMean = inStrong.reduce((s: number, p: { own: number }) => s + p.own, 0) / inStrong.length;
      const plantedMean =
        inStrong.reduce((s: number, p: { cadreId: string }) => s + planted.get(p.cadreId)!.own, 0) /
        inStrong.length;
      expect(Math.abs(ownMean - 8 * plantedMean)).toBeLessThan(4);
      // …its effect is the platform's: cadres who always served there carry the highest platform effect.
      const stayers = c.points.filter((p: { cadreId: string }) => !planted.get(p.cadreId)!.earlier);
      const platformOf = (unitId: string) =>
        stayers.find((p: { cadreId: string }) => planted.get(p.cadreId)!.unitId === unitId)?.platform ??
        -Infinity;
      const others = county.units.slice(1).map((u) => platformOf(u.unit.id));
      expect(platformOf(strong)).toBeGreaterThan(Math.max(...others));
      // The island's cadres: no split, named with the reason.
      const islanders = county.cadres.filter((x) => x.unitId === county.island.unit.id).map((x) => x.id);
      const unidentified = c.unidentified.map((u: { cadreId: string }) => u.cadreId).sort();
      expect(unidentified).toEqual([...islanders].sort());
      expect(c.unidentified[0].reason).toContain('无法区分平台与个人');
      const one = (await officer.get(`/api/growth/cadres/${islanders[0]}?quarter=2026Q2`)).json();
      expect(one.identified).toBe(false);
      expect(one.composite).toBeNull();
      expect(one.sentences[0]).toContain('本人贡献无法区分');
      // A mover's page shows the decomposition in words, each value with its records.
      const mover = county.cadres.find((x) => x.earlier)!;
      const page = (await officer.get(`/api/growth/cadres/${mover.id}?quarter=2026Q2`)).json();
      expect(page.identified).toBe(true);
      expect(page.sentences[0]).toMatch(
        /单位平均水平贡献 [+−]\d+\.\d，区域资源贡献 [+−]\d+\.\d，本人贡献 [+−]\d+\.\d ± \d+\.\d/,
      );
      expect(page.parts[0].values).toHaveLength(county.quarters.length);
      expect(page.parts[0].values[0].records[0].label).toBe('测试导入');
      expect(page.growth.quarters.length).toBe(county.quarters.length);
      expect(page.growth.slope).not.toBeNull();
      // The model page for auditors, and the data that refits it.
      const model = (await officer.get(`/api/growth/runs/${run.json().id}`)).json();
      expect(model.command).toContain('npx yuzhidu model fit');
      const csv = await officer.get(`/api/growth/runs/${run.json().id}/data.csv?measure=delivery`);
      expect(csv.statusCode).toBe(200);
      expect(csv.body.split('\n')[0]).toContain('y,unit,cadre,quarter');
      expect(csv.body.trim().split('\n')).toHaveLength(
        1 + models.find((m) => m.measure === 'delivery')!.nobs,
      );
    } finally {
      await t.close();
    }
  });

  it('shows a cadre only their own analysis, and only once a leader has released the quarter; a unit administrator none', async () => {
    const t = await app();
    try {
      const county = await buildGrowthCounty(t.deps.db, { units: 5, perUnit: 6, seed: 5 });
      const officer = await t.as('assessment_officer');
      expect((await officer.post('/api/growth/runs', { quarter: '2026Q2' })).statusCode).toBe(201);
      const [a, b] = county.cadres;
      const self = await t.as('cadre', { cadreId: a!.id });
      const before = await self.get(`/api/growth/cadres/${a!.id}`);
      expect(before.statusCode).toBe(403);
      expect(before.json().error.code).toBe('GROWTH_NOT_RELEASED');
      expect((await officer.post('/api/growth/releases/2026Q2')).statusCode).toBe(403);
      const leader = await t.as('org_leader');
      expect((await leader.post('/api/growth/releases/2026Q2')).statusCode).toBe(200);
      expect((await leader.post('/api/growth/releases/2026Q2')).json().error.code).toBe(
        'GROWTH_ALREADY_RELEASED',
      );
      const after = await self.get(`/api/growth/cadres/${a!.id}`);
      expect(after.statusCode, after.body).toBe(200);
      expect(after.json().released).toBe(true);
      const other = await self.get(`/api/growth/cadres/${b!.id}`);
      expect(other.statusCode).toBe(403);
      expect(other.json().error.code).toBe('FORBIDDEN');
      expect((await self.get('/api/growth/county')).statusCode).toBe(403);
      const unit = await t.as('unit_admin', { unitId: a!.unitId });
      expect((await unit.get(`/api/growth/cadres/${a!.id}`)).statusCode).toBe(403);
      expect((await unit.get('/api/growth/county')).statusCode).toBe(403);
    } finally {
      await t.close();
    }
  });
});

describe('shares on the same task', () => {
  it('are declared by the lead unit, objected to by the cadre concerned, and verified by an officer with reasons', async () => {
    const t = await app();
    try {
      const lead = await buildUnit(t.deps.db);
      const other = await buildUnit(t.deps.db);
      const a = await buildCadre(t.deps.db, { unitId: lead.id });
      const b = await buildCadre(t.deps.db, { unitId: other.id });
      const task = await buildSharedTask(t.deps.db, lead.id, [
        { id: a.id, unitId: lead.id },
        { id: b.id, unitId: other.id },
      ]);
      const leadAdmin = await t.as('unit_admin', { unitId: lead.id });
      const otherAdmin = await t.as('unit_admin', { unitId: other.id });
      const body = (pa: number, pb: number) => ({
        taskId: task.id,
        shares: [
          { cadreId: a.id, role: '牵头负责', pct: pa },
          { cadreId: b.id, role: '配合推进', pct: pb },
        ],
      });
      // Only the lead unit declares; a share outside 0–100% or a total above 100% is refused.
      expect((await otherAdmin.post('/api/growth/shares', body(60, 40))).json().error.code).toBe(
        'GROWTH_NOT_LEAD_UNIT',
      );
      const high = await leadAdmin.post('/api/growth/shares', body(120, 0));
      expect(high.statusCode).toBe(400);
      expect(high.json().error.details.map((d: { path: string }) => d.path)).toContain('body.shares.0.pct');
      const sum = await leadAdmin.post('/api/growth/shares', body(70, 40));
      expect(sum.statusCode).toBe(400);
      expect(sum.json().error.message).toContain('合计不能超过 100%');
      const stranger = await buildCadre(t.deps.db, { unitId: lead.id });
      const notOnTask = await leadAdmin.post('/api/growth/shares', {
        taskId: task.id,
        shares: [{ cadreId: stranger.id, role: '配合', pct: 10 }],
      });
      expect(notOnTask.json().error.code).toBe('GROWTH_NOT_TASK_CADRE');
      expect(notOnTask.json().error.details[0].path).toBe('shares.0.cadreId');

      const declared = await leadAdmin.post('/api/growth/shares', body(60, 40));
      expect(declared.statusCode, declared.body).toBe(201);
      const d = declared.json();
      expect(d.status).toBe('declared');
      expect(d.can).toEqual({ declare: true, verify: false });
      // The officers have it to verify.
      const officer = await t.as('assessment_officer');
      const todos = (await officer.get('/api/todo/items')).json().items;
      expect(todos.some((x: { title: string }) => x.title === `核定贡献份额：${task.title}`)).toBe(true);

      // Each cadre objects only to their own share.
      const cadreB = await t.as('cadre', { cadreId: b.id });
      const shareOfA = d.shares.find((s: { cadre: { id: string } }) => s.cadre.id === a.id).id;
      const shareOfB = d.shares.find((s: { cadre: { id: string } }) => s.cadre.id === b.id).id;
      expect(
        (
          await cadreB.post(`/api/growth/shares/${shareOfA}/object`, {
            reason: '不是本人的份额，不应由我提出',
          })
        ).json().error.code,
      ).toBe('GROWTH_NOT_YOUR_SHARE');
      const objected = await cadreB.post(`/api/growth/shares/${shareOfB}/object`, {
        reason: '本人负责项目审批与要素保障，份额偏低',
      });
      expect(objected.statusCode, objected.body).toBe(200);
      const mine = (await cadreB.get('/api/growth/shares')).json().items;
      expect(mine).toHaveLength(1);
      expect(mine[0].declaration.shares.find((s: { id: string }) => s.id === shareOfB).can.object).toBe(true);

      // The declaring unit cannot verify; a changed share needs its reason.
      expect(
        (await leadAdmin.post(`/api/growth/declarations/${d.id}/verify`, { shares: [] })).statusCode,
      ).toBe(403);
      const noReason = await officer.post(`/api/growth/declarations/${d.id}/verify`, {
        shares: [
          { cadreId: a.id, pct: 50 },
          { cadreId: b.id, pct: 50 },
        ],
      });
      expect(noReason.json().error.code).toBe('GROWTH_CORRECTION_REASON');
      expect(noReason.json().error.details.map((x: { path: string }) => x.path)).toEqual([
        'shares.0.correction',
        'shares.1.correction',
      ]);
      const verified = await officer.post(`/api/growth/declarations/${d.id}/verify`, {
        shares: [
          { cadreId: a.id, pct: 50, correction: '对照调度会纪要，要素保障由配合单位承担' },
          { cadreId: b.id, pct: 50, correction: '采纳本人异议' },
        ],
        note: '按节点责任核定',
      });
      expect(verified.statusCode, verified.body).toBe(200);
      expect(verified.json().status).toBe('verified');
      expect(verified.json().shares.map((s: { verifiedPct: number }) => s.verifiedPct)).toEqual([50, 50]);
      expect((await leadAdmin.post('/api/growth/shares', body(60, 40))).json().error.code).toBe(
        'GROWTH_DECLARATION_VERIFIED',
      );
      const after = (await officer.get('/api/todo/items')).json().items;
      expect(after.some((x: { title: string }) => x.title === `核定贡献份额：${task.title}`)).toBe(false);
    } finally {
      await t.close();
    }
  });
});

describe('responsibility locked in advance', () => {
  it('freezes each cadre’s division of labour at the quarter’s start, and records a later change as a dated amendment', async () => {
    const t = await app('2026-07-02T02:00:00Z');
    try {
      const unit = await buildUnit(t.deps.db);
      const a = await buildCadre(t.deps.db, { unitId: unit.id, startsOn: '2026-01-01' });
      const ctx = systemCtx(t.deps);
      await t.deps.db.insert(orgDictItems).values([
        { kind: 'domain', code: 'zs', name: '招商' },
        { kind: 'domain', code: 'gy', name: '工业' },
      ]);
      await write(ctx, (tx, audit) =>
        recordDivision(ctx, tx, audit, unit.id, {
          effectiveFrom: '2026-06-01',
          docNo: '测〔2026〕1号',
          reason: '年度分工',
          members: [
            { cadreId: a.id, duties: '分管招商', scopes: [{ kind: 'domain', ref: 'zs', lead: true }] },
          ],
        }),
      );
      const officer = await t.as('assessment_officer');
      const locked = await officer.post('/api/growth/locks', { quarter: '2026Q3' });
      expect(locked.statusCode, locked.body).toBe(200);
      expect(locked.json().locked).toBeGreaterThanOrEqual(1);
      expect((await officer.post('/api/growth/locks', { quarter: '2026Q3' })).json().locked).toBe(0);
      const [lock] = await t.deps.db
        .select()
        .from(growthScopeLocks)
        .where(and(eq(growthScopeLocks.cadreId, a.id), eq(growthScopeLocks.quarter, '2026Q3')));
      expect(lock!.lockedOn).toBe('2026-07-01');
      // A new division version in August: an amendment dated from it, on the timeline.
      await write(ctx, (tx, audit) =>
        recordDivision(ctx, tx, audit, unit.id, {
          effectiveFrom: '2026-08-10',
          docNo: '测〔2026〕2号',
          reason: '调整分工',
          members: [
            { cadreId: a.id, duties: '分管工业', scopes: [{ kind: 'domain', ref: 'gy', lead: true }] },
          ],
        }),
      );
      expect(lock!.snapshot).toMatchObject({
        responsibilities: [{ scopes: [{ label: '招商', lead: true }] }],
      });
      const n = await t.deps.db.transaction((tx) => recordAmendments(ctx, tx, '2026Q3', '2026-08-20'));
      expect(n).toBe(1);
      // Seen again, nothing more to record.
      expect(await t.deps.db.transaction((tx) => recordAmendments(ctx, tx, '2026Q3', '2026-08-21'))).toBe(0);
      const page = (await officer.get(`/api/growth/cadres/${a.id}`)).json();
      const q3 = page.scopes.find((s: { quarter: string }) => s.quarter === '2026Q3');
      expect(q3.amendments).toHaveLength(1);
      expect(q3.amendments[0].effectiveOn).toBe('2026-08-10');
      expect(q3.amendments[0].added.join()).toContain('工业');
      expect(q3.amendments[0].removed.join()).toContain('招商');
      const events = await t.deps.db
        .select()
        .from(orgTimelineEvents)
        .where(and(eq(orgTimelineEvents.cadreId, a.id), eq(orgTimelineEvents.module, 'growth')));
      expect(events.map((e) => e.kind).sort()).toEqual(['scope_amendment', 'scope_lock']);
    } finally {
      await t.close();
    }
  });
});
