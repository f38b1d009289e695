import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../../../test/app.ts';
import { seedSmallCounty } from '../../../../test/factories.ts';
import { deliveryRectifications } from '../../db/schema/index.ts';

// Property: whatever happens to a rectification order — replies, re-checks that close or
// reopen it, refused attempts, time passing — it is never both closed and overdue, and a
// closed order has always been re-checked by someone other than the one who replied and
// other than the cadre it concerns.

const ORDERS = 16;
let t: TestApp;
let officer: Agent;
let leader: Agent;
let unitAdmin: Agent;
let self: Agent;
const orders: string[] = [];

async function relogin() {
  for (const a of [officer, leader, unitAdmin, self]) {
    const fresh = await t.login(a.user!);
    a.cookie = fresh.cookie;
    a.csrf = fresh.csrf;
  }
}

beforeAll(async () => {
  t = await createTestApp({ mode: 'production', start: '2026-07-01T02:00:00Z' });
  const county = await seedSmallCounty(t.deps);
  officer = await t.as('assessment_officer');
  leader = await t.as('org_leader');
  unitAdmin = await t.as('unit_admin', { unitId: county.unitAdminUnitId });
  self = await t.as('cadre', { cadreId: county.cadreId });
  const base = `/api/delivery/lists/${county.cadreId}/2026`;
  for (let i = 0; i < ORDERS; i++) {
    await self.post(`${base}/items`, {
      kind: 'indicator',
      title: `事项${i + 1}`,
      targetValue: 12,
      monthlyPlan: Array.from({ length: 12 }, (_, m) => m + 1),
    });
  }
  await self.post(`${base}/submit`);
  const listId = (await self.get(base)).json().list.id;
  await leader.post(`/api/delivery/lists/${listId}/confirm`);
  const items = (await self.get(base)).json().items as { id: string }[];
  t.deps.clock.set('2026-08-03T02:00:00Z');
  await relogin();
  for (const it of items) await self.post(`/api/delivery/items/${it.id}/reports`, { month: 7, progress: 7 });
  const plan = await officer.post('/api/delivery/plans', {
    title: '性质测试',
    selection: { rule: 'largest_gap', year: 2026, month: 7, cadres: 1, itemsPerCadre: ORDERS },
  });
  const planId = plan.json().id;
  await officer.post(`/api/delivery/plans/${planId}/start`);
  for (const it of items)
    await officer.post(`/api/delivery/plans/${planId}/checks`, {
      itemId: it.id,
      verifiedValue: 3,
      verdict: 'lagging',
    });
  t.deps.clock.set('2026-08-20T02:00:00Z'); // the explanation period is over
  await relogin();
  for (const f of (await officer.get('/api/delivery/findings')).json().items) {
    const res = await officer.post(`/api/delivery/findings/${f.id}/finalize`, {
      decision: 'maintain',
      response: '未说明，认定',
      requirement: '补齐进度',
      deadline: '2026-09-15',
    });
    orders.push(res.json().rectification.id);
  }
}, 240_000);
afterAll(async () => t?.close());

type Step =
  | { kind: 'reply' }
  | { kind: 'recheck'; close: boolean }
  | { kind: 'recheckByReplier' }
  | { kind: 'wait'; days: number };

const step = fc.oneof(
  fc.constant<Step>({ kind: 'reply' }),
  fc.boolean().map<Step>((close) => ({ kind: 'recheck', close })),
  fc.constant<Step>({ kind: 'recheckByReplier' }),
  fc.integer({ min: 1, max: 40 }).map<Step>((days) => ({ kind: 'wait', days })),
);

describe('rectification orders', () => {
  it('are never closed and overdue at once, and closed only by a re-check of someone else', async () => {
    let next = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 7 }), async (steps) => {
        const id = orders[next++ % orders.length]!;
        for (const s of steps) {
          if (s.kind === 'reply')
            await unitAdmin.post(`/api/delivery/rectifications/${id}/reply`, { text: '已整改，附台账' });
          else if (s.kind === 'recheck') {
            const deadline = new Date(t.deps.clock.now().getTime() + 20 * 86_400_000)
              .toISOString()
              .slice(0, 10);
            await officer.post(`/api/delivery/rectifications/${id}/recheck`, {
              result: s.close ? 'close' : 'reopen',
              note: '复核意见',
              deadline,
            });
          } else if (s.kind === 'recheckByReplier') {
            const r = await unitAdmin.post(`/api/delivery/rectifications/${id}/recheck`, {
              result: 'close',
              note: '自己销号',
            });
            expect(r.statusCode).toBe(403);
          } else {
            t.deps.clock.advance(s.days * 86_400_000);
            await relogin();
          }
          const { order } = (await officer.get(`/api/delivery/rectifications/${id}`)).json();
          expect(order.status === 'closed' && order.overdue).toBe(false);
          if (order.status === 'closed') {
            // Who replied and who re-checked are not in the view: read them from the record.
            const [row] = await t.deps.db
              .select()
              .from(deliveryRectifications)
              .where(eq(deliveryRectifications.id, id));
            expect(row!.recheckedBy).toBeTruthy();
            expect(row!.recheckedBy).not.toBe(row!.repliedBy);
            expect(row!.recheckedBy).not.toBe(self.user!.id);
            expect(order.closedAt).toBeTruthy();
          }
        }
      }),
      { numRuns: ORDERS, seed: 20261125 },
    );
  }, 300_000);
});
