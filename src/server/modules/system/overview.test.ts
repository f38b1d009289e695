import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app.ts';
import { registerOverviewCard } from './overview.service.ts';

/** The home cards: computed once per change of the data, shared by the requests in between. */
let t: TestApp;
let computed = 0;
beforeAll(async () => {
  t = await createTestApp();
  registerOverviewCard({
    key: 'test.count',
    title: '测试卡片',
    permission: 'authenticated',
    load: async () => {
      computed += 1;
      return { value: computed };
    },
  });
});
afterAll(async () => t?.close());

describe('home cards', () => {
  it('are computed once for many readers, again after a change, and say when', async () => {
    const officer = await t.as('assessment_officer');
    const before = computed;
    const answers = await Promise.all(Array.from({ length: 20 }, () => officer.get('/api/system/overview')));
    for (const a of answers) expect(a.statusCode).toBe(200);
    expect(computed - before).toBe(1);
    const first = answers[0]!.json();
    expect(first.cards.find((c: { key: string }) => c.key === 'test.count').value).toBe(computed);
    expect(Date.parse(first.asOf)).toBe(t.deps.clock.now().getTime());
    expect((await officer.get('/api/system/overview')).json().asOf).toBe(first.asOf);
    expect(computed - before).toBe(1);

    // Any committed write moves the data on: the next read computes the cards again.
    t.deps.clock.advance(60_000);
    const unit = await officer.post('/api/org/regions', { code: 'T01', name: '测试镇', kind: 'town' });
    expect(unit.statusCode, unit.body).toBeLessThan(300);
    const after = (await officer.get('/api/system/overview')).json();
    expect(computed - before).toBe(2);
    expect(Date.parse(after.asOf)).toBe(t.deps.clock.now().getTime());
  });
});
