import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../../../test/app.ts';
import { buildCadre, buildUnit } from '../../../../test/factories.ts';
import { rows } from '../../db/client.ts';
import { deliveryItems, deliveryLists, deliveryReports } from '../../db/schema/index.ts';
import { seedDemo } from '../../demo/index.ts';
import { listCompletions } from './completion.service.ts';

// Every list's weighted completion worked out in the database must be the very series the list's
// page shows (completionSeries over the list's items and reports): on the demo county, and on
// lists built to hold milestones, withdrawn items, targets of nothing, gaps between reports and
// weights and progress that are not whole numbers.

let t: TestApp;
let officer: Agent;
beforeAll(async () => {
  t = await createTestApp({ mode: 'demo', start: '2026-11-20T02:00:00Z' });
  await seedDemo(t.deps, { scale: 'small' });
  officer = await t.as('assessment_officer');
}, 300_000);
afterAll(async () => t?.close());

/** The series on the list's page. */
async function onPage(cadreId: string, year: number) {
  const r = await officer.get(`/api/delivery/lists/${cadreId}/${year}`);
  expect(r.statusCode, r.body).toBe(200);
  return r.json().completion;
}

async function sameAsPages(year: number, cadreIds?: string[]) {
  const all = await listCompletions(t.deps.db, year, cadreIds);
  for (const l of all)
    expect(l.completion, `${l.cadreId} ${year}`).toStrictEqual(await onPage(l.cadreId, year));
  return all;
}

describe('every list’s weighted completion worked out in the database', () => {
  it('is the series on each list’s page for every year of the demo county', async () => {
    const years = await rows<{ year: number }>(t.deps.db, sql`select distinct year from delivery_lists`);
    expect(years.length).toBeGreaterThan(0);
    let reported = 0;
    for (const { year } of years) {
      const all = await sameAsPages(year);
      reported += all.filter((l) => l.completion.reported.some((v) => v !== null)).length;
    }
    expect(reported).toBeGreaterThan(0);
  });

  it('is the series on each list’s page with milestones, withdrawn items, gaps and fractions', async () => {
    const db = t.deps.db;
    const unit = await buildUnit(db);
    const cadres: { id: string }[] = [];
    for (let i = 0; i < 5; i++) cadres.push(await buildCadre(db, { unitId: unit.id }));
    const year = 2026;
    const lists = await db
      .insert(deliveryLists)
      .values(cadres.map((c) => ({ cadreId: c.id, year, unitId: unit.id, status: 'confirmed' })))
      .returning();
    const plan = (total: number) =>
      Array.from({ length: 12 }, (_, m) => Math.round(((total * (m + 1)) / 12) * 100) / 100);
    const milestones = [
      { name: '立项', month: 3 },
      { name: '开工', month: 6 },
      { name: '完工', month: 11 },
    ];
    const item = (list: number, seq: number, o: Partial<typeof deliveryItems.$inferInsert> = {}) => ({
      id: randomUUID(),
      listId: lists[list]!.id,
      seq,
      kind: 'indicator',
      title: `任务 ${list}-${seq}`,
      targetKind: 'value',
      targetValue: '100',
      weight: '1',
      monthlyPlan: plan(100),
      ...o,
    });
    const items = [
      // 0: value targets of fractional weight and size, milestones, a withdrawn item, a target of nothing.
      item(0, 1, { weight: '1.1', targetValue: '37.5' }),
      item(0, 2, { weight: '2.2', targetValue: '12.35', monthlyPlan: plan(12.35) }),
      item(0, 3, {
        targetKind: 'milestones',
        targetValue: null,
        milestones,
        monthlyPlan: [0, 0, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3],
      }),
      item(0, 4, { weight: '3', withdrawnAt: new Date('2026-05-01T00:00:00Z') }),
      item(0, 5, { targetValue: '0' }),
      item(0, 6, { weight: '0.7', monthlyPlan: [5, 10, null, 30] as unknown as number[] }),
      // 1: one item reported with gaps; another first reported late.
      item(1, 1, { weight: '1.5' }),
      item(1, 2, { weight: '2.25', targetValue: '3' }),
      // 2: only withdrawn items (nothing counts).
      item(2, 1, { withdrawnAt: new Date('2026-04-01T00:00:00Z') }),
      // 3: items, no report at all.
      item(3, 1),
      item(3, 2, {
        targetKind: 'milestones',
        targetValue: null,
        milestones,
        monthlyPlan: [0, 0, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3],
      }),
      // 4: no item at all.
    ];
    await db.insert(deliveryItems).values(items);
    const report = (i: number, month: number, progress: number) => ({
      itemId: items[i]!.id,
      year,
      month,
      progress: String(progress),
      deadline: `${year}-${String(month).padStart(2, '0')}-28`,
      submittedAt: new Date(`${year}-${String(month).padStart(2, '0')}-20T02:00:00Z`),
    });
    await db
      .insert(deliveryReports)
      .values([
        report(0, 1, 3.1),
        report(0, 2, 6.25),
        report(0, 5, 20.05),
        report(1, 3, 1.235),
        report(1, 4, 4.94),
        report(2, 3, 1),
        report(2, 7, 2),
        report(3, 2, 50),
        report(3, 6, 70),
        report(4, 4, 10),
        report(5, 2, 11.11),
        report(6, 2, 13.7),
        report(6, 5, 41.3),
        report(6, 9, 66.67),
        report(7, 6, 1.2),
        report(7, 8, 2.7),
        report(8, 3, 40),
      ]);
    const all = await sameAsPages(
      year,
      cadres.map((c) => c.id),
    );
    expect(all).toHaveLength(5);
    const of = (i: number) => all.find((l) => l.cadreId === cadres[i]!.id)!.completion;
    expect(of(0).reported.slice(0, 9)).toEqual([
      expect.any(Number),
      expect.any(Number),
      expect.any(Number),
      expect.any(Number),
      expect.any(Number),
      expect.any(Number),
      expect.any(Number),
      null,
      null,
    ]);
    expect(of(1).reported.filter((v) => v !== null)).toHaveLength(8);
    expect(of(2)).toEqual({ planned: Array(12).fill(0), reported: Array(12).fill(null) });
    expect(of(3).reported).toEqual(Array(12).fill(null));
    expect(of(3).planned[11]).toBe(100);
    expect(of(4)).toEqual({ planned: Array(12).fill(0), reported: Array(12).fill(null) });
  });
});
