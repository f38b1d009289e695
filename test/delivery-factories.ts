import { expect } from 'vitest';
import type { Agent, TestApp } from './app.ts';
import { buildCadre, buildUnit } from './factories.ts';

/**
 * The starting states of 走进一线看实绩, built through the API so that each route test makes its
 * own: a cadre in a unit (and region) of their own, a confirmed list, a started visit, a finding
 * at each step of its way. A visit draws within the cadre's region, so it meets no other test's
 * cadres.
 */

export const YEAR = 2026;

/** A cumulative monthly plan reaching `total` in December (rounded to whole numbers). */
export const plan12 = (total: number) =>
  Array.from({ length: 12 }, (_, m) => Math.round((total * (m + 1)) / 12));

/** The body of an item with a value target. */
export const valueItem = (title: string, total = 12, extra: Record<string, unknown> = {}) => ({
  kind: 'indicator',
  title,
  targetValue: total,
  measureUnit: '个',
  monthlyPlan: plan12(total),
  ...extra,
});

/** The body of an item with two milestones (April and October). */
export const milestoneItem = (title: string) => ({
  kind: 'project',
  title,
  targetKind: 'milestones',
  milestones: [
    { name: '开工', month: 4 },
    { name: '主体完工', month: 10 },
  ],
  monthlyPlan: [0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2, 2],
});

/** The answer of a request that must succeed. */
// biome-ignore lint/suspicious/noExplicitAny: like `res.json()`, the answer is read by the expectations that follow
export function ok<T = any>(r: { statusCode: number; body: string }): T {
  expect(r.statusCode, r.body).toBeLessThan(300);
  return r.body ? JSON.parse(r.body) : (undefined as T);
}

/** The error code of a request that must fail, with its status. */
export function codeOf(r: { statusCode: number; body: string }, status?: number): string {
  if (status !== undefined) expect(r.statusCode, r.body).toBe(status);
  else expect(r.statusCode, r.body).toBeGreaterThanOrEqual(400);
  return JSON.parse(r.body).error.code;
}

/** Moves the clock and logs the agents in again (sessions end after 30 idle minutes). */
export async function at(t: TestApp, when: string, ...agents: (Agent | null | undefined)[]) {
  t.deps.clock.set(when);
  for (const a of agents) {
    if (!a) continue;
    const fresh = await t.login(a.user!);
    a.cookie = fresh.cookie;
    a.csrf = fresh.csrf;
  }
}

/** The organization department: an assessment officer and a leader. */
export async function orgDept(t: TestApp) {
  return { officer: await t.as('assessment_officer'), leader: await t.as('org_leader') };
}

/**
 * A cadre in a unit (and region) of their own with that unit's administrator, and the cadre's
 * own account unless `account: false` (the unit administrator then acts for them).
 */
export async function buildDeliveryCadre(
  t: TestApp,
  o: { account?: boolean; name?: string; unitId?: string } = {},
) {
  const unit = o.unitId ? { id: o.unitId } : await buildUnit(t.deps.db);
  const cadre = await buildCadre(t.deps.db, { unitId: unit.id, name: o.name });
  const self = o.account === false ? null : await t.as('cadre', { cadreId: cadre.id });
  const unitAdmin = await t.as('unit_admin', { unitId: unit.id });
  const [u] = (await t.superuser('SELECT region_id FROM org_units WHERE id = $1', [unit.id])).rows as {
    region_id: string;
  }[];
  return { unitId: unit.id, regionId: u!.region_id, cadre, self, unitAdmin };
}

export type DeliveryCadre = Awaited<ReturnType<typeof buildDeliveryCadre>>;

/** Draws up a list through the API as `by`: its id and items (in order). */
export async function draftList(
  by: Agent,
  cadreId: string,
  items: object[] = [valueItem('新签约亿元以上项目')],
  year = YEAR,
) {
  for (const i of items) ok(await by.post(`/api/delivery/lists/${cadreId}/${year}/items`, i));
  const list = ok(await by.get(`/api/delivery/lists/${cadreId}/${year}`));
  return {
    listId: list.list.id as string,
    items: list.items as { id: string; title: string; inScope: boolean }[],
  };
}

/** A list drafted and submitted by `by` and confirmed by `leader`. */
export async function confirmedList(
  by: Agent,
  leader: Agent,
  cadreId: string,
  items?: object[],
  year = YEAR,
) {
  const l = await draftList(by, cadreId, items, year);
  ok(await by.post(`/api/delivery/lists/${cadreId}/${year}/submit`));
  ok(await leader.post(`/api/delivery/lists/${l.listId}/confirm`));
  return l;
}

/** A visit checking the cadres of one region (by the largest gap), planned and started. */
export async function startedPlan(
  officer: Agent,
  regionId: string,
  o: { month?: number; items?: number } = {},
) {
  const plan = ok(
    await officer.post('/api/delivery/plans', {
      title: '对账考察',
      selection: {
        rule: 'largest_gap',
        year: YEAR,
        month: o.month ?? 8,
        cadres: 5,
        itemsPerCadre: o.items ?? 6,
        regionId,
      },
    }),
  );
  ok(await officer.post(`/api/delivery/plans/${plan.id}/start`));
  return plan.id as string;
}

/**
 * A finding waiting for the cadre's explanation: a cadre with a confirmed one-item list (on
 * 1 July), a visit started on 10 September, the item checked as `verdict`.
 */
export async function explainingFinding(t: TestApp, o: { verdict?: string; account?: boolean } = {}) {
  await at(t, '2026-07-01T02:00:00Z');
  const org = await orgDept(t);
  const c = await buildDeliveryCadre(t, { account: o.account });
  const { listId, items } = await confirmedList(c.self ?? c.unitAdmin, org.leader, c.cadre.id);
  await at(t, '2026-09-10T02:00:00Z', org.officer, org.leader, c.self, c.unitAdmin);
  const planId = await startedPlan(org.officer, c.regionId);
  const r = ok(
    await org.officer.post(`/api/delivery/plans/${planId}/checks`, {
      itemId: items[0]!.id,
      verifiedValue: 4,
      verdict: o.verdict ?? 'false_report',
      notes: '现场只见 4 个签约协议',
    }),
  );
  return { ...org, ...c, listId, items, planId, findingId: r.finding.id as string };
}

/** A finding explained by the cadre and made final by the officer, with its rectification order. */
export async function finalFinding(t: TestApp, o: { verdict?: string } = {}) {
  const w = await explainingFinding(t, o);
  ok(
    await w.self!.post(`/api/delivery/findings/${w.findingId}/explain`, { text: '另有框架协议尚未正式签约' }),
  );
  const fin = ok(
    await w.officer.post(`/api/delivery/findings/${w.findingId}/finalize`, {
      decision: 'maintain',
      response: '框架协议不计入正式签约',
      requirement: '更正申报数据，建立签约台账',
    }),
  );
  return { ...w, orderId: fin.rectification.id as string };
}
