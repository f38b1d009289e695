import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../../../test/app.ts';
import { codeOf, finalFinding, ok } from '../../../../test/delivery-factories.ts';
import { buildMentorPair, createPlan, guidanceBody } from '../../../../test/development-factories.ts';
import { buildCadre, buildUnit } from '../../../../test/factories.ts';
import { applicantUnit, openBatch, submitted } from '../../../../test/rewards-factories.ts';
import { growthReleases, growthResults, growthRuns } from '../../db/schema/index.ts';

type Section = {
  key: string;
  summary: string | null;
  withheld: string | null;
  rows: { title: string; figure: string | null; link: string | null }[];
  series: { name: string; points: { y: number | null }[] }[];
};
const keys = (v: { sections: Section[] }) => v.sections.map((s) => s.key);
const section = (v: { sections: Section[] }, key: string) => v.sections.find((s) => s.key === key)!;

describe('干部画像', () => {
  it('gathers every section for the department, the released own parts for the cadre, the delivery part for the unit, and audits every read', async () => {
    const t = await createTestApp({ mode: 'production', start: '2026-07-01T02:00:00Z' });
    try {
      const w = await finalFinding(t);
      const id = w.cadre.id;
      // A growth run of 2026Q2 with the cadre's result, not yet released.
      const [run] = await t.deps.db
        .insert(growthRuns)
        .values({ quarter: '2026Q2', versions: { weights: 0, rule: 0 }, models: [] })
        .returning();
      const part = { raw: 60, platform: 2, resources: 1, own: 4.2, ownSe: 1.1, withinUnit: 3, n: 4 };
      await t.deps.db.insert(growthResults).values({
        runId: run!.id,
        cadreId: id,
        unitId: w.unitId,
        identified: true,
        composite: '4.2',
        compositeSe: '1.1',
        withinUnit: '3',
        parts: { delivery: part },
        growth: {
          slope: 0.8,
          slopeSe: 0.3,
          percentile: 70,
          projected: null,
          projectedSe: null,
          quarters: [
            { quarter: '2026Q1', own: 3.4 },
            { quarter: '2026Q2', own: 4.2 },
          ],
        },
      });

      // The department: all twelve sections; each record one click away.
      const dept = ok(await w.officer.get(`/api/profile/cadres/${id}?year=2026`));
      expect(dept.viewer).toBe('department');
      expect(keys(dept)).toEqual([
        'responsibility',
        'tasks',
        'findings',
        'scene',
        'opinion',
        'economy',
        'keywork',
        'growth',
        'quadrant',
        'rewards',
        'development',
        'decisions',
      ]);
      const tasks = section(dept, 'tasks');
      expect(tasks.rows).toHaveLength(w.items.length);
      expect(tasks.rows[0]!.link).toBe(`/delivery/lists/${id}/2026`);
      expect(tasks.series.map((s) => s.name)).toEqual(['计划完成', '实际完成']);
      const links = section(dept, 'findings').rows.map((r) => r.link);
      expect(links).toContain(`/delivery/findings/${w.findingId}`);
      expect(links).toContain(`/delivery/rectifications/${w.orderId}`);
      expect(section(dept, 'findings').summary).toContain('已认定 1 条');
      const growth = section(dept, 'growth');
      expect(growth.summary).toContain('综合本人贡献 4.2 ± 2.2');
      expect(growth.rows[0]!.link).toBe(`/growth/cadres/${id}?quarter=2026Q2`);
      expect(growth.series[0]!.points.map((p) => p.y)).toEqual([3.4, 4.2]);
      // Another year holds none of it.
      const before = ok(await w.officer.get(`/api/profile/cadres/${id}?year=2025`));
      expect(section(before, 'findings').rows).toHaveLength(0);
      expect(section(before, 'growth').rows).toHaveLength(0);

      // The cadre: own sections only, growth withheld until a leader releases the quarter.
      const self = ok(await w.self!.get(`/api/profile/cadres/${id}`));
      expect(self.viewer).toBe('self');
      expect(keys(self)).toEqual([
        'responsibility',
        'tasks',
        'findings',
        'scene',
        'growth',
        'quadrant',
        'development',
        'decisions',
      ]);
      expect(section(self, 'growth').rows).toHaveLength(0);
      expect(section(self, 'growth').withheld).toContain('尚未发布');
      expect(section(self, 'findings').rows.map((r) => r.link)).toContain(
        `/delivery/findings/${w.findingId}`,
      );
      await t.deps.db.insert(growthReleases).values({ quarter: '2026Q2', runId: run!.id });
      const released = ok(await w.self!.get(`/api/profile/cadres/${id}`));
      expect(section(released, 'growth').summary).toContain('综合本人贡献 4.2');
      expect(section(released, 'growth').withheld).toBeNull();
      // No quadrant quarter of the cadre waits for release: nothing is said to be withheld.
      expect(section(released, 'quadrant').withheld).toBeNull();

      // Another cadre, another unit's administrator: refused.
      const other = await buildCadre(t.deps.db, { unitId: w.unitId });
      expect(codeOf(await w.self!.get(`/api/profile/cadres/${other.id}`), 403)).toBe('PROFILE_NOT_IN_SCOPE');
      const elsewhere = await t.as('unit_admin', { unitId: (await buildUnit(t.deps.db)).id });
      expect(codeOf(await elsewhere.get(`/api/profile/cadres/${id}`), 403)).toBe('PROFILE_NOT_IN_SCOPE');

      // The unit administrator: name, post, task list, findings and rectification; nothing else.
      const unit = ok(await w.unitAdmin.get(`/api/profile/cadres/${id}`));
      expect(unit.viewer).toBe('unit');
      expect(unit.cadre.name).toBe(w.cadre.name);
      expect(keys(unit)).toEqual(['tasks', 'findings']);
      expect(section(unit, 'findings').rows.map((r) => r.link)).toContain(
        `/delivery/rectifications/${w.orderId}`,
      );

      // Roles without the permission, bad input, unknown cadres.
      const joint = await t.as('joint_office');
      expect(codeOf(await joint.get(`/api/profile/cadres/${id}`), 403)).toBe('FORBIDDEN');
      expect(codeOf(await w.officer.get(`/api/profile/cadres/${id}?year=1999`), 400)).toBe(
        'VALIDATION_FAILED',
      );
      expect(codeOf(await w.officer.get('/api/profile/cadres/not-a-uuid'), 400)).toBe('VALIDATION_FAILED');
      expect(codeOf(await w.officer.get(`/api/profile/cadres/${crypto.randomUUID()}`), 404)).toBe(
        'NOT_FOUND',
      );

      // Every read of a profile is an audit entry, refusals included.
      const audit = (
        await t.superuser(
          "SELECT result, code FROM audit_entries WHERE action = 'profile.read' AND object_id = $1 ORDER BY seq",
          [id],
        )
      ).rows as { result: string; code: string | null }[];
      expect(audit.map((a) => a.result)).toEqual(['ok', 'ok', 'ok', 'ok', 'denied', 'ok']);
      expect(audit[4]!.code).toBe('PROFILE_NOT_IN_SCOPE');
    } finally {
      await t.close();
    }
  }, 120_000);

  it("names each cadre's own development plans and awards, never another's", async () => {
    const t = await createTestApp({ mode: 'production', start: '2026-07-01T02:00:00Z' });
    try {
      const p = await buildMentorPair(t);
      const plan = await createPlan(p.officer, guidanceBody(p.cadre.id, p.mentorCadre.id));
      const { cadres, admin } = await applicantUnit(t, 2);
      const batch = await openBatch(p.officer, { opensOn: '2026-07-01', closesOn: '2026-07-31' });
      const a = await submitted(admin, batch.id, [cadres[0]!.id]);
      ok(await p.officer.post(`/api/rewards/applications/${a.id}/review`, { decision: 'pass' }));
      ok(await p.leader.post(`/api/rewards/applications/${a.id}/approve`, { decision: 'approve' }));
      ok(
        await p.officer.post(`/api/rewards/applications/${a.id}/award`, {
          documentNo: '玉组〔2026〕45号',
          bonus: 2000,
        }),
      );

      const links = async (cadreId: string, key: string) =>
        section(ok(await p.officer.get(`/api/profile/cadres/${cadreId}?year=2026`)), key).rows.map(
          (r) => r.link,
        );
      expect(await links(p.cadre.id, 'development')).toEqual([`/development/plans/${plan.id}`]);
      expect(await links(p.mentorCadre.id, 'development')).toEqual([]);
      expect(await links(cadres[0]!.id, 'rewards')).toEqual([`/rewards/applications/${a.id}`]);
      expect(await links(cadres[1]!.id, 'rewards')).toEqual([]);
      const awarded = section(ok(await p.officer.get(`/api/profile/cadres/${cadres[0]!.id}`)), 'rewards');
      expect(awarded.rows[0]!.figure).toBe('奖金 2000 元');

      // The cadre reads their own plan on their profile; the mentor's profile is not theirs to read.
      const own = ok(await p.self.get(`/api/profile/cadres/${p.cadre.id}`));
      expect(section(own, 'development').rows.map((r) => r.link)).toEqual([`/development/plans/${plan.id}`]);
      expect(codeOf(await p.mentor.get(`/api/profile/cadres/${p.cadre.id}`), 403)).toBe(
        'PROFILE_NOT_IN_SCOPE',
      );
    } finally {
      await t.close();
    }
  }, 120_000);
});
