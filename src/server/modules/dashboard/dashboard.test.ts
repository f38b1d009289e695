import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../../../test/app.ts';
import {
  at,
  buildDeliveryCadre,
  codeOf,
  confirmedList,
  ok,
  orgDept,
  YEAR,
} from '../../../../test/delivery-factories.ts';
import { buildRegion, buildUnit } from '../../../../test/factories.ts';
import { buildSharedTask } from '../../../../test/growth-factories.ts';
import { applicantUnit, draft, openBatch, submitted } from '../../../../test/rewards-factories.ts';
import { createActivity, observe } from '../../../../test/scene-factories.ts';
import { parsePeriod } from '../../../analytics/period.ts';
import {
  economyIndicators,
  economyTargets,
  economyValues,
  keyworkMilestones,
  keyworkReports,
  orgDictItems,
} from '../../db/schema/index.ts';

describe('the big screen aggregate', () => {
  it('counts what the records hold, never a secret plan, never a cadre; only its readers get it', async () => {
    const t = await createTestApp({ mode: 'production', start: '2026-07-01T02:00:00Z' });
    try {
      const db = t.deps.db;
      const region = await buildRegion(db, { kind: 'jurisdiction', name: '测试市' });
      const unit = await buildUnit(db, { regionId: region.id, name: '市投资促进局' });
      const org = await orgDept(t);
      const c = await buildDeliveryCadre(t, { unitId: unit.id, name: '张明远' });
      const { items } = await confirmedList(c.self!, org.leader, c.cadre.id);
      const screenUser = await t.as('screen');

      // A core indicator of 招商 with its values and this year's target.
      const code = `inv${Date.now() % 100000}`;
      await db.insert(orgDictItems).values({ kind: 'domain', code, name: '招商' });
      const [ind] = await db
        .insert(economyIndicators)
        .values({
          code: `${code}_rate`,
          name: '项目转化率',
          unit: '%',
          frequency: 'quarter',
          direction: 'up',
          kind: 'rate',
          department: '统计局',
          domain: code,
          core: true,
        })
        .returning();
      await db.insert(economyValues).values(
        (
          [
            ['2026-Q1', 41.5],
            ['2026-Q2', 46],
          ] as const
        ).map(([period, value]) => ({
          indicatorId: ind!.id,
          regionId: region.id,
          scopeKey: `region:${region.id}`,
          period,
          periodIndex: parsePeriod(period).index,
          value,
        })),
      );
      await db
        .insert(economyTargets)
        .values({ indicatorId: ind!.id, regionId: region.id, year: YEAR, value: 60 });

      // A key task behind plan: 50% planned by the end of June, 10% reported.
      const task = await buildSharedTask(db, unit.id, [{ id: c.cadre.id, unitId: unit.id }]);
      await db.insert(keyworkMilestones).values({
        taskId: task.id,
        seq: 1,
        title: '完成签约',
        baselineOn: '2026-06-30',
        plannedOn: '2026-06-30',
        plannedProgress: '50',
      });
      await db.insert(keyworkReports).values({
        taskId: task.id,
        periodEnd: '2026-06-30',
        dueOn: '2026-07-05',
        progress: '10',
        plannedProgress: '50',
        summary: '推进中',
        submittedAt: new Date('2026-06-30T08:00:00Z'),
      });

      await at(t, '2026-09-10T02:00:00Z', org.officer, org.leader, screenUser, c.self, c.unitAdmin);
      const before = ok(await screenUser.get('/api/dashboard/screen'));
      const inv = before.curves.domains.find((d: { code: string }) => d.code === code);
      expect(inv.name).toBe('招商');
      expect(inv.indicators[0]).toMatchObject({
        name: '项目转化率',
        points: [
          { period: '2026-Q1', value: 41.5 },
          { period: '2026-Q2', value: 46 },
        ],
        target: { year: YEAR, value: 60 },
      });
      expect(inv.indicators[0].asOf).not.toBeNull();
      const row = before.tasks.items.find((i: { id: string }) => i.id === task.id);
      expect(row).toMatchObject({
        title: task.title,
        leadUnitName: '市投资促进局',
        progress: 10,
        lagging: true,
      });
      expect(before.tasks.lagging).toBeGreaterThanOrEqual(1);
      // The wall names the task and the lead unit, never a cadre.
      expect(JSON.stringify(before)).not.toContain('张明远');
      expect(before.visits.plans).toBe(0);

      // A plan is secret until started: not counted, then counted.
      const plan = ok(
        await org.officer.post('/api/delivery/plans', {
          title: '九月对账考察',
          selection: {
            rule: 'largest_gap',
            year: YEAR,
            month: 8,
            cadres: 5,
            itemsPerCadre: 6,
            regionId: region.id,
          },
        }),
      );
      const secret = ok(await screenUser.get('/api/dashboard/screen'));
      expect(secret.visits).toMatchObject({ plans: 0, cadres: 0, checks: 0 });
      ok(await org.officer.post(`/api/delivery/plans/${plan.id}/start`));
      ok(
        await org.officer.post(`/api/delivery/plans/${plan.id}/checks`, {
          itemId: items[0]!.id,
          verifiedValue: 4,
          verdict: 'false_report',
          notes: '现场只见 4 个签约协议',
        }),
      );
      const activity = await createActivity(org.officer, { kind: 'emergency', startsOn: '2026-09-08' });
      await observe(org.officer, activity, c.cadre.id, 4);

      // 一事一奖: a submitted application is on its way; a draft is not counted.
      const applicant = await applicantUnit(t, 1);
      const batch = await openBatch(org.officer, { opensOn: '2026-09-01', closesOn: '2026-12-31' });
      await submitted(applicant.admin, batch.id, [applicant.cadres[0]!.id]);
      await draft(applicant.admin, batch.id, [applicant.cadres[0]!.id], {
        deed: '另一件事迹：牵头化解信访积案三件',
      });

      const after = ok(await screenUser.get('/api/dashboard/screen'));
      expect(after.rewards).toMatchObject({ inProgress: before.rewards.inProgress + 1, awarded: 0 });
      expect(after.visits).toMatchObject({ plans: 1, completed: 0, cadres: 1, checks: 1 });
      expect(after.findings).toMatchObject({ findings: 1, inProgress: 1, final: 0 });
      expect(after.scene).toMatchObject({ activities: 1, observations: 1 });
      expect(new Date(after.visits.asOf).getTime()).toBeGreaterThanOrEqual(
        Date.parse('2026-09-10T02:00:00Z'),
      );
      expect(JSON.stringify(after)).not.toContain('张明远');

      // Leaders and officers see it too; a unit administrator, a cadre and the joint office do not.
      ok(await org.leader.get('/api/dashboard/screen'));
      ok(await org.officer.get('/api/dashboard/screen'));
      expect(codeOf(await c.unitAdmin.get('/api/dashboard/screen'), 403)).toBeTruthy();
      expect(codeOf(await c.self!.get('/api/dashboard/screen'), 403)).toBeTruthy();
      expect(codeOf(await (await t.as('joint_office')).get('/api/dashboard/screen'), 403)).toBeTruthy();
      // …and the screen account reads nothing but the screen.
      expect(codeOf(await screenUser.get('/api/delivery/findings'), 403)).toBeTruthy();

      // Every read is audited like any other.
      const audit = await t.superuser(
        "SELECT count(*)::int AS n FROM audit_entries WHERE action = 'dashboard.screen.read'",
      );
      expect((audit.rows[0] as { n: number }).n).toBeGreaterThanOrEqual(5);
    } finally {
      await t.close();
    }
  });
});
