import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { ROLES } from '../../common/roles.ts';
import { systemCtx } from '../lib/context.ts';
import { verifyChain } from '../modules/audit/audit.service.ts';
import { deliveryStats } from '../modules/delivery/stats.service.ts';
import { seedDemo } from './index.ts';

// The one test that builds the full demo county (SPEC §5); the others use the small one.
let t: TestDb;
let accounts: Awaited<ReturnType<typeof seedDemo>>;
beforeAll(async () => {
  t = await createTestDb();
  accounts = await seedDemo(t.deps, { scale: 'full' });
}, 180_000);
afterAll(async () => t?.close());

const one = async (sql: string) => (await t.superuser(sql)).rows[0]!;

describe('the full demo county', () => {
  it('has the article’s organisation: 82 units in liaison groups, 512 cadres, 12 domains, 9 towns and streets', async () => {
    expect(await one("SELECT count(*)::int AS n FROM org_units WHERE status = 'active'")).toEqual({ n: 82 });
    expect(await one('SELECT count(*)::int AS n FROM org_units WHERE liaison_group_id IS NULL')).toEqual({
      n: 0,
    });
    expect(await one("SELECT count(*)::int AS n FROM org_cadres WHERE status = 'active'")).toEqual({
      n: 512,
    });
    expect(await one("SELECT count(*)::int AS n FROM org_dict_items WHERE kind = 'domain'")).toEqual({
      n: 12,
    });
    expect(await one("SELECT count(*)::int AS n FROM org_regions WHERE kind IN ('town','street')")).toEqual({
      n: 9,
    });
    // Every group is led by a member of the organization department.
    expect(
      await one(`SELECT count(*)::int AS n FROM org_liaison_groups g JOIN org_cadres c ON c.id = g.leader_cadre_id
                 JOIN org_units u ON u.id = c.unit_id WHERE u.name = '市委组织部'`),
    ).toEqual({ n: 8 });
  });

  it('gives every unit a division of labour and every cadre one open appointment', async () => {
    expect(
      await one(
        'SELECT count(*)::int AS n FROM org_units u WHERE NOT EXISTS (SELECT 1 FROM org_divisions d WHERE d.unit_id = u.id)',
      ),
    ).toEqual({ n: 0 });
    expect(
      await one(`SELECT count(*)::int AS n FROM org_cadres c WHERE (SELECT count(*) FROM org_appointments a
                 WHERE a.cadre_id = c.id AND a.ends_on IS NULL) <> 1`),
    ).toEqual({ n: 0 });
    // every leadership team has one 正职
    expect(
      await one(`SELECT count(*)::int AS n FROM org_units u WHERE (SELECT count(*) FROM org_cadres c
                 WHERE c.unit_id = u.id AND c.team_place = '正职' AND c.status = 'active') <> 1`),
    ).toEqual({ n: 0 });
  });

  it('records a few transfers during the year, each ending one responsibility scope and starting the next', async () => {
    expect(await one("SELECT count(*)::int AS n FROM org_appointments WHERE kind = 'transfer'")).toEqual({
      n: 6,
    });
    const { rows } = await t.superuser(
      `SELECT a.cadre_id, a.unit_id, a.starts_on::text AS d FROM org_appointments a WHERE a.kind = 'transfer'`,
    );
    for (const r of rows) {
      // the new unit has a version from the transfer day that lists the cadre
      const v =
        await one(`SELECT count(*)::int AS n FROM org_divisions d JOIN org_division_members m ON m.division_id = d.id
                           WHERE d.unit_id = '${r.unit_id}' AND d.effective_from = '${r.d}' AND m.cadre_id = '${r.cadre_id}'`);
      expect(v).toEqual({ n: 1 });
    }
  });

  it('has a year of task lists and monthly reports, and visits that add up to the article’s figures', async () => {
    expect(await one("SELECT count(*)::int AS n FROM delivery_lists WHERE status = 'confirmed'")).toEqual({
      n: 512,
    });
    expect(await one('SELECT count(*)::int AS n FROM delivery_items WHERE list_id IS NULL')).toEqual({
      n: 0,
    });
    expect(await one('SELECT count(DISTINCT month)::int AS n FROM delivery_reports')).toEqual({ n: 10 });
    const ctx = systemCtx(t.deps);
    const s = await deliveryStats(ctx, '2026-01-01', '2026-12-31');
    expect(s.overall).toMatchObject({ domains: 9, towns: 4, cadres: 105, findings: 11 });
    expect(s.overall.items).toBeGreaterThanOrEqual(630);
    expect(s.overall.items).toBeLessThan(640);
    expect(s.sentence).toContain(
      '已对 9 个领域和 4 个乡镇（街道）的 105 名领导干部开展对账考察，现场核验履职清单 630 余项，发现并督促整改问题 11 个',
    );
  });

  it('has one account per staff role and a valid audit chain', async () => {
    expect(new Set(accounts.map((a) => a.role))).toEqual(new Set(ROLES));
    expect(await one("SELECT value FROM system_settings WHERE key = 'mode'")).toEqual({ value: 'demo' });
    const chain = await verifyChain(t.deps.db);
    expect(chain.ok).toBe(true);
    expect(chain.count).toBeGreaterThan(512);
  });
});
