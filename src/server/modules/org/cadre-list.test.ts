import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../../../test/app.ts';
import { buildCadre, buildRegion, seedSmallCounty } from '../../../../test/factories.ts';
import { orgCadres } from '../../db/schema/index.ts';
import { cadreListOrder } from './cadres.service.ts';

// The cadre list runs by unit 排序, unit name, 正职 / 副职 / others, name. That order is kept on
// each cadre's row, so these tests change it every way it can change and read the list back.

let t: TestApp;
let officer: Agent;
let leader: Agent;

beforeAll(async () => {
  t = await createTestApp({ mode: 'production', start: '2026-11-20T02:00:00Z' });
  await seedSmallCounty(t.deps);
  officer = await t.as('assessment_officer');
  leader = await t.as('org_leader');
});
afterAll(async () => t?.close());

const ok = <T = unknown>(r: { statusCode: number; body: string }): T => {
  expect(r.statusCode, r.body).toBeLessThan(300);
  return JSON.parse(r.body || '{}') as T;
};

interface Listed {
  name: string;
  unitName: string | null;
  teamPlace: string;
}

/** This test's cadres (named 列序…) as the list shows them, in its order. */
const listed = async () =>
  ok<{ items: Listed[] }>(await leader.get(`/api/org/cadres?pageSize=200&q=${encodeURIComponent('列序')}`))
    .items;
const names = async () => (await listed()).map((c) => c.name);

describe('the cadre list order', () => {
  it('follows a unit re-sorted or renamed, a transfer and a change of team place', async () => {
    const region = await buildRegion(t.deps.db, { kind: 'jurisdiction' });
    const unit = (code: string, name: string, sort: number) => ({
      code,
      name,
      kind: 'department',
      regionId: region.id,
      sort,
    });
    const u1 = ok<{ id: string }>(await officer.post('/api/org/units', unit('LX1', '列序单位2', 90001)));
    const u2 = ok<{ id: string }>(await officer.post('/api/org/units', unit('LX2', '列序单位1', 90002)));
    const cadre = (unitId: string, name: string, teamPlace: '正职' | '副职' | '成员') =>
      buildCadre(t.deps.db, { unitId, name, teamPlace, post: teamPlace === '正职' ? '局长' : '副局长' });
    // Written out of order: the list puts them in order.
    await cadre(u1.id, '列序3', '副职');
    const c1 = await cadre(u1.id, '列序1', '正职');
    await cadre(u1.id, '列序2', '副职');
    const c5 = await cadre(u2.id, '列序5', '成员');
    await cadre(u2.id, '列序4', '正职');
    expect(await names()).toEqual(['列序1', '列序2', '列序3', '列序4', '列序5']);

    // Re-sorted: the second unit now comes first.
    ok(await officer.put(`/api/org/units/${u2.id}`, unit('LX2', '列序单位1', 90000)));
    expect(await names()).toEqual(['列序4', '列序5', '列序1', '列序2', '列序3']);

    // The same 排序: the unit names decide, and the list shows the new name.
    ok(await officer.put(`/api/org/units/${u2.id}`, unit('LX2', '列序单位3', 90001)));
    const renamed = await listed();
    expect(renamed.map((c) => c.name)).toEqual(['列序1', '列序2', '列序3', '列序4', '列序5']);
    expect(renamed.map((c) => c.unitName)).toEqual([
      '列序单位2',
      '列序单位2',
      '列序单位2',
      '列序单位3',
      '列序单位3',
    ]);

    // The 正职 of the first unit moves to the second as a 副职.
    ok(
      await officer.post(`/api/org/cadres/${c1.id}/transfer`, {
        unitId: u2.id,
        post: '副局长',
        teamPlace: '副职',
        date: '2026-11-01',
      }),
    );
    const moved = await listed();
    expect(moved.map((c) => c.name)).toEqual(['列序2', '列序3', '列序4', '列序1', '列序5']);
    expect(moved[3]).toMatchObject({ unitName: '列序单位3', teamPlace: '副职' });

    // A member promoted to 正职 comes before the 副职.
    ok(
      await officer.post(`/api/org/cadres/${c5.id}/post`, {
        kind: 'promote',
        post: '局长',
        teamPlace: '正职',
        date: '2026-11-02',
      }),
    );
    expect(await names()).toEqual(['列序2', '列序3', '列序4', '列序5', '列序1']);
    // The second page picks up where the first left off.
    const page = async (n: number) =>
      ok<{ items: Listed[] }>(
        await leader.get(`/api/org/cadres?pageSize=2&page=${n}&q=${encodeURIComponent('列序')}`),
      ).items.map((c) => c.name);
    expect([...(await page(1)), ...(await page(2)), ...(await page(3))]).toEqual(await names());
  });

  it('reads the first page of a province-sized list from the index, not by sorting every cadre', async () => {
    const region = await buildRegion(t.deps.db, { kind: 'jurisdiction' });
    await t.superuser(
      `insert into org_units (code, name, kind, region_id, sort)
       select 'LXP' || g, '列序省级单位' || g, 'department', $1, g from generate_series(1, 1200) g`,
      [region.id],
    );
    await t.superuser(
      `insert into org_cadres (code, name, sex, birth_year, unit_id, post, team_place)
       select 'LXC' || g, '干部' || g, '男', 1970 + g % 30, u.id, '副局长',
              (array['正职','副职','副职','成员'])[1 + g % 4]
       from generate_series(1, 12000) g join org_units u on u.code = 'LXP' || (1 + g % 1200)`,
    );
    await t.superuser('analyze org_cadres');
    // The rows carry their unit's order, as the trigger wrote it.
    const { rows } = await t.superuser(
      `select count(*)::int as wrong from org_cadres c join org_units u on u.id = c.unit_id
       where c.unit_sort is distinct from u.sort or c.unit_name is distinct from u.name
          or c.place_rank <> case c.team_place when '正职' then 0 when '副职' then 1 else 2 end`,
    );
    expect(rows[0]).toEqual({ wrong: 0 });

    const q = t.deps.db
      .select()
      .from(orgCadres)
      .where(eq(orgCadres.status, 'active'))
      .orderBy(...cadreListOrder())
      .limit(20)
      .offset(0)
      .toSQL();
    const explained = await t.superuser(`explain (format json) ${q.sql}`, q.params);
    const found = Object.values(explained.rows[0]!)[0];
    const plan = typeof found === 'string' ? found : JSON.stringify(found);
    expect(plan).toMatch(/"Index Name":\s*"org_cadres_list_order_idx"/);
    expect(plan).not.toMatch(/"Node Type":\s*"Sort"/);
  });
});
