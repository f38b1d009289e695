import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../../../test/app.ts';
import {
  at,
  buildDeliveryCadre,
  codeOf,
  confirmedList,
  draftList,
  explainingFinding,
  finalFinding,
  milestoneItem,
  ok,
  orgDept,
  plan12,
  startedPlan,
  valueItem,
  YEAR,
} from '../../../../test/delivery-factories.ts';
import { buildRegion, buildUnit, seedSmallCounty } from '../../../../test/factories.ts';

// Each test builds its own cadres, lists, visits and findings (test/delivery-factories.ts) on the
// shared small county, whose dictionaries, calendar and division of labour it only reads.

let t: TestApp;
let county: Awaited<ReturnType<typeof seedSmallCounty>>;

beforeAll(async () => {
  t = await createTestApp({ mode: 'production', start: '2026-07-01T02:00:00Z' });
  county = await seedSmallCounty(t.deps);
});
afterAll(async () => t?.close());

const timeline = async (a: Agent, cadreId: string) =>
  ok<{ items: { kind: string; title: string }[] }>(await a.get(`/api/org/cadres/${cadreId}/timeline`)).items;
const todos = async (a: Agent) =>
  ok<{ items: { title: string; recordId: string }[] }>(await a.get('/api/todo/items')).items;

describe('annual task list', () => {
  it('is drafted by the cadre, flags items outside the division of labour, and is submitted', async () => {
    await at(t, '2026-07-01T02:00:00Z');
    const self = await t.as('cadre', { cadreId: county.cadreId });
    const leader = await t.as('org_leader');
    const url = `/api/delivery/lists/${county.cadreId}/${YEAR}/items`;
    ok(await self.post(url, valueItem('新签约亿元以上项目', 12, { domainCode: 'investment_attraction' })));
    ok(await self.post(url, { ...milestoneItem('某产业园项目开工'), domainCode: 'transport' }));
    const reform = { kind: 'reform', title: '招商服务流程再造', targetValue: 100, measureUnit: '%' };
    ok(await self.post(url, { ...reform, weight: 0.5, monthlyPlan: plan12(100) }));
    const bad = await self.post(url, {
      ...valueItem('倒退的计划', 10),
      monthlyPlan: [1, 2, 3, 2, 5, 6, 7, 8, 9, 10, 10, 10],
    });
    expect(codeOf(bad, 400)).toBe('VALIDATION_FAILED');
    expect(bad.json().error.details[0].path).toBe('body.monthlyPlan.3');
    const unknown = await self.post(url, valueItem('没有的领域', 10, { domainCode: 'no_such_domain' }));
    expect(codeOf(unknown, 400)).toBe('DELIVERY_UNKNOWN_DOMAIN');
    expect(unknown.json().error.details[0].path).toBe('body.domainCode');

    const list = ok(await self.get(`/api/delivery/lists/${county.cadreId}/${YEAR}`));
    // the reform item is tied to no domain, so it is not flagged
    expect(list.items.map((i: { inScope: boolean }) => i.inScope)).toEqual([true, false, true]);
    expect(list).toMatchObject({ own: true, list: { status: 'draft' } });
    expect(list.can).toMatchObject({
      draft: true,
      submit: true,
      confirm: false,
      amend: false,
      report: false,
    });
    expect(list.items[0].can).toEqual({ edit: true, remove: true, report: false });
    const submitted = ok(await self.post(`/api/delivery/lists/${county.cadreId}/${YEAR}/submit`));
    expect(submitted).toMatchObject({ status: 'submitted', submittedByName: expect.any(String) });
    const todo = (await todos(leader)).find((i) => i.recordId === list.list.id);
    expect(todo?.title).toContain('年度干事清单');
  });

  it('may not be confirmed by the cadre, nor by a leader who is that cadre; a leader confirms, is named, and it is locked', async () => {
    await at(t, '2026-07-01T02:00:00Z');
    const { leader } = await orgDept(t);
    const c = await buildDeliveryCadre(t);
    const { listId, items } = await draftList(c.self!, c.cadre.id);
    ok(await c.self!.post(`/api/delivery/lists/${c.cadre.id}/${YEAR}/submit`));
    expect(codeOf(await c.self!.post(`/api/delivery/lists/${listId}/confirm`), 403)).toBe('FORBIDDEN');
    const leaderSelf = await t.as('org_leader', { cadreId: c.cadre.id });
    expect(ok(await leaderSelf.get(`/api/delivery/lists/${c.cadre.id}/${YEAR}`))).toMatchObject({
      own: true,
      can: { confirm: false, return: false },
    });
    expect(codeOf(await leaderSelf.post(`/api/delivery/lists/${listId}/confirm`))).toBe(
      'SELF_ACTION_FORBIDDEN',
    );
    expect(ok(await leader.get(`/api/delivery/lists/${c.cadre.id}/${YEAR}`)).can).toMatchObject({
      confirm: true,
      return: true,
    });
    const confirmed = ok(await leader.post(`/api/delivery/lists/${listId}/confirm`));
    expect(confirmed).toMatchObject({ status: 'confirmed' });
    expect(codeOf(await leader.post(`/api/delivery/lists/${listId}/confirm`), 409)).toBe(
      'DELIVERY_LIST_CONFIRMED',
    );
    // the list names who confirmed it (not a role)
    const seen = ok(await c.self!.get(`/api/delivery/lists/${c.cadre.id}/${YEAR}`));
    expect(seen.list.confirmedByName).toBe(confirmed.confirmedByName);
    expect(seen.list.confirmedByName).toMatch(/^测试用户\d+$/);
    expect(seen.can).toMatchObject({ draft: false, submit: false, report: true });
    const edit = await c.self!.put(`/api/delivery/items/${items[0]!.id}`, valueItem('改了', 1));
    expect(codeOf(edit, 409)).toBe('DELIVERY_LIST_LOCKED');
    expect(codeOf(await c.self!.del(`/api/delivery/items/${items[0]!.id}`), 409)).toBe(
      'DELIVERY_LIST_LOCKED',
    );
  });

  it('goes back to draft when returned, with the reason; an empty list is not submitted', async () => {
    await at(t, '2026-07-01T02:00:00Z');
    const { leader } = await orgDept(t);
    const c = await buildDeliveryCadre(t);
    const { listId, items } = await draftList(c.unitAdmin, c.cadre.id);
    ok(await c.unitAdmin.post(`/api/delivery/lists/${c.cadre.id}/${YEAR}/submit`));
    const back = ok(await leader.post(`/api/delivery/lists/${listId}/return`, { text: '目标偏低，请调整' }));
    expect(back).toMatchObject({ status: 'draft' });
    const list = ok(await c.self!.get(`/api/delivery/lists/${c.cadre.id}/${YEAR}`));
    expect(list.amendments[0]).toMatchObject({
      kind: 'return',
      reason: '目标偏低，请调整',
      before: null,
      after: null,
    });
    expect(codeOf(await leader.post(`/api/delivery/lists/${listId}/return`, { text: '再退一次' }), 409)).toBe(
      'DELIVERY_LIST_NOT_SUBMITTED',
    );
    // a draft item can go; the list with nothing in it is not submitted
    expect((await c.self!.del(`/api/delivery/items/${items[0]!.id}`)).statusCode).toBe(204);
    expect(codeOf(await c.self!.post(`/api/delivery/lists/${c.cadre.id}/${YEAR}/submit`), 409)).toBe(
      'DELIVERY_LIST_EMPTY',
    );
    expect(ok(await c.self!.get(`/api/delivery/lists/${c.cadre.id}/${YEAR}`)).can.submit).toBe(false);
  });

  it('changes after confirmation only by a recorded amendment: who, when, why, before and after', async () => {
    await at(t, '2026-07-01T02:00:00Z');
    const { officer, leader } = await orgDept(t);
    const c = await buildDeliveryCadre(t);
    const draft = await buildDeliveryCadre(t);
    const d = await draftList(draft.self!, draft.cadre.id);
    expect(
      codeOf(
        await officer.post(`/api/delivery/lists/${d.listId}/amend`, {
          reason: '调整一下目标',
          itemId: d.items[0]!.id,
        }),
      ),
    ).toBe('DELIVERY_LIST_NOT_CONFIRMED');
    const { listId, items } = await confirmedList(c.self!, leader, c.cadre.id, [
      valueItem('新签约亿元以上项目', 12),
      valueItem('新增规上企业', 6),
    ]);
    const res = await officer.post(`/api/delivery/lists/${listId}/amend`, {
      reason: '按市委专题会要求调高目标',
      itemId: items[0]!.id,
      item: valueItem('新签约亿元以上项目', 15),
    });
    expect(res.statusCode, res.body).toBe(201);
    const list = ok(await officer.get(`/api/delivery/lists/${c.cadre.id}/${YEAR}`));
    expect(list.amendments[0]).toMatchObject({
      kind: 'change',
      reason: '按市委专题会要求调高目标',
      createdByName: expect.stringMatching(/^测试用户\d+$/),
      before: { targetValue: 12 },
      after: { targetValue: 15, withdrawn: false },
    });
    expect(
      codeOf(
        await c.self!.post(`/api/delivery/lists/${listId}/amend`, {
          reason: '自己改一下',
          itemId: items[0]!.id,
        }),
        403,
      ),
    ).toBe('FORBIDDEN');
    const neither = await officer.post(`/api/delivery/lists/${listId}/amend`, { reason: '什么也不改' });
    expect(codeOf(neither, 400)).toBe('VALIDATION_FAILED');
    expect(neither.json().error.details[0].path).toBe('body.itemId');
    const out = ok(
      await officer.post(`/api/delivery/lists/${listId}/amend`, {
        reason: '任务已调整给他人',
        itemId: items[1]!.id,
      }),
    );
    expect(out).toMatchObject({ kind: 'withdraw', after: { withdrawn: true } });
    expect(
      codeOf(
        await officer.post(`/api/delivery/lists/${listId}/amend`, {
          reason: '再撤一次看看',
          itemId: items[1]!.id,
        }),
        409,
      ),
    ).toBe('DELIVERY_ITEM_WITHDRAWN');
  });
});

describe('monthly delivery', () => {
  it('takes cumulative progress, marks a late report, and shows the gap to the plan and the completion', async () => {
    await at(t, '2026-07-01T02:00:00Z');
    const { leader } = await orgDept(t);
    const c = await buildDeliveryCadre(t);
    const pending = await buildDeliveryCadre(t);
    const p = await draftList(pending.self!, pending.cadre.id);
    const { items } = await confirmedList(c.self!, leader, c.cadre.id, [
      valueItem('新签约亿元以上项目', 15),
      milestoneItem('某产业园项目开工'),
    ]);
    await at(t, '2026-08-03T02:00:00Z', c.self, c.unitAdmin, pending.self); // Monday; July's deadline is Aug 7
    expect(
      codeOf(
        await pending.self!.post(`/api/delivery/items/${p.items[0]!.id}/reports`, { month: 7, progress: 1 }),
        409,
      ),
    ).toBe('DELIVERY_LIST_NOT_CONFIRMED');
    const report = (itemId: string, month: number, progress: number, by = c.self!) =>
      by.post(`/api/delivery/items/${itemId}/reports`, { month, progress, account: '签约情况' });
    const first = ok(await report(items[0]!.id, 7, 5));
    expect(first).toMatchObject({ month: 7, progress: 5, late: false, deadline: '2026-08-07' });
    const again = await report(items[0]!.id, 7, 6);
    expect(codeOf(again, 409)).toBe('DELIVERY_REPORT_EXISTS');
    expect(again.json().error.details[0].path).toBe('body.month');
    const early = await report(items[0]!.id, 9, 6);
    expect(codeOf(early, 400)).toBe('DELIVERY_MONTH_NOT_STARTED');
    expect(early.json().error.details[0].path).toBe('body.month');

    await at(t, '2026-08-12T02:00:00Z', c.self, c.unitAdmin);
    expect(ok(await report(items[1]!.id, 7, 1, c.unitAdmin))).toMatchObject({ late: true });
    const back = await report(items[0]!.id, 8, 4);
    expect(codeOf(back, 400)).toBe('DELIVERY_PROGRESS_DECREASING');
    expect(back.json().error.details[0].path).toBe('body.progress');

    const list = ok(await c.self!.get(`/api/delivery/lists/${c.cadre.id}/${YEAR}`));
    // July: plan 15*7/12 ≈ 9 (rounded), reported 5 → gap 4 of 15
    expect(list.items[0].gap).toBeCloseTo((Math.round((15 * 7) / 12) - 5) / 15, 5);
    expect(list.items[0].reports[6]).toMatchObject({ month: 7, progress: 5, late: false });
    // the first half-year's periods are closed in the county: no reports for them
    expect(list.closedMonths).toEqual([1, 2, 3, 4, 5, 6]);
    expect(list.items[0].reportMonths).toEqual([8]);
    expect(list.items[0].can).toEqual({ edit: false, remove: false, report: true });
    // July's completion: 5 of 15 and 1 of 2 milestones, weighted equally
    expect(list.completion.reported[6]).toBe(41.7);
    expect(list.completion.reported[7]).toBeNull();
  });

  it('puts the month’s report on the to-do list, naming the cadre, and closes it when every item is reported', async () => {
    await at(t, '2026-07-01T02:00:00Z');
    const { leader } = await orgDept(t);
    const c = await buildDeliveryCadre(t, { name: '填报甲' });
    // Two cadres without accounts: their unit's administrator reports for both, and must tell them apart.
    const b = await buildDeliveryCadre(t, { account: false, name: '填报乙' });
    const d = await buildDeliveryCadre(t, { account: false, name: '填报丙', unitId: b.unitId });
    const own = await confirmedList(c.self!, leader, c.cadre.id, [
      valueItem('甲的事项'),
      valueItem('甲的另一事项'),
    ]);
    await confirmedList(b.unitAdmin, leader, b.cadre.id);
    await confirmedList(b.unitAdmin, leader, d.cadre.id);

    t.deps.clock.set('2026-09-01T02:00:00Z');
    const { enqueue } = await import('../system/jobs.service.ts');
    await enqueue(t.deps.db, {
      kind: 'delivery.report-todos.month',
      payload: { year: 2026, month: 8 },
      runAt: t.deps.clock.now(),
    });
    await t.jobs.runDue();
    await at(t, '2026-09-01T02:00:00Z', c.self, b.unitAdmin);
    const adminLines = (await todos(b.unitAdmin))
      .filter((i) => i.title.includes('8 月履职交付'))
      .map((i) => i.title);
    expect(adminLines.sort()).toEqual([
      '填报填报丙 2026 年 8 月履职交付（截止 2026-09-07）',
      '填报填报乙 2026 年 8 月履职交付（截止 2026-09-07）',
    ]);
    const mine = async () => (await todos(c.self!)).find((i) => i.title.includes('8 月履职交付'));
    expect((await mine())?.title).toBe('填报填报甲 2026 年 8 月履职交付（截止 2026-09-07）');
    for (const it of own.items)
      ok(await c.self!.post(`/api/delivery/items/${it.id}/reports`, { month: 8, progress: 8 }));
    expect(await mine()).toBeUndefined();
  });
});

describe('a secret verification visit', () => {
  /** Everything a target cadre and their unit can read. */
  async function whatTargetsSee(c: { cadre: { id: string }; self: Agent | null; unitAdmin: Agent }) {
    const out: Record<string, unknown> = {};
    for (const [who, a] of [
      ['cadre', c.self!],
      ['unit', c.unitAdmin],
    ] as const) {
      for (const url of [
        '/api/delivery/lists',
        `/api/delivery/lists/${c.cadre.id}/${YEAR}`,
        '/api/delivery/findings',
        '/api/delivery/rectifications',
        '/api/todo/items',
        '/api/todo/notifications',
        '/api/system/overview',
        `/api/org/cadres/${c.cadre.id}/timeline`,
        `/api/org/cadres/${c.cadre.id}`,
      ]) {
        const res = await a.get(url);
        out[`${who} ${url}`] = { status: res.statusCode, body: res.json() };
      }
    }
    return out;
  }

  it('cannot be seen, found, counted or inferred by its targets until it starts', async () => {
    await at(t, '2026-07-01T02:00:00Z');
    const { officer, leader } = await orgDept(t);
    const c = await buildDeliveryCadre(t);
    const { items } = await confirmedList(c.self!, leader, c.cadre.id);
    await at(t, '2026-09-10T02:00:00Z', officer, c.self, c.unitAdmin);
    ok(await c.self!.post(`/api/delivery/items/${items[0]!.id}/reports`, { month: 8, progress: 7 }));
    const before = await whatTargetsSee(c);
    const { rows: head } = await t.superuser('SELECT coalesce(max(seq), 0)::int AS s FROM audit_entries');
    const res = await officer.post('/api/delivery/plans', {
      title: '九月对账考察',
      selection: {
        rule: 'largest_gap',
        year: 2026,
        month: 8,
        cadres: 3,
        itemsPerCadre: 3,
        regionId: c.regionId,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const planId = res.json().id;
    expect(res.json()).toMatchObject({ status: 'secret', can: { start: true, check: false, replay: false } });
    const plan = ok(await officer.get(`/api/delivery/plans/${planId}`));
    expect(plan.targets.map((x: { cadreId: string }) => x.cadreId)).toEqual([c.cadre.id]);
    expect(await whatTargetsSee(c)).toEqual(before);
    for (const a of [c.self!, c.unitAdmin, await t.as('joint_office')]) {
      expect((await a.get('/api/delivery/plans')).statusCode).toBe(403);
      expect((await a.get(`/api/delivery/plans/${planId}`)).statusCode).toBe(403);
    }
    // The audit chain names the plan alone while it is secret.
    const { rows } = await t.superuser(
      "SELECT object_type, object_id FROM audit_entries WHERE action LIKE 'delivery.plan%' AND seq > $1",
      [head[0]!.s],
    );
    expect(
      rows.every(
        (r) => r.object_type === 'delivery_plan' && (r.object_id === planId || r.object_id === null),
      ),
    ).toBe(true);
    // Nothing the officer did since planning names a target.
    const leak = await t.superuser(
      'SELECT count(*)::int AS n FROM audit_entries WHERE seq > $1 AND user_id = $2 AND object_id = $3',
      [head[0]!.s, officer.user!.id, c.cadre.id],
    );
    expect(leak.rows[0]!.n).toBe(0);
  });

  it('records checks once started; a verdict other than 属实 becomes a finding the cadre is asked to explain, on their timeline', async () => {
    await at(t, '2026-07-01T02:00:00Z');
    const { officer, leader } = await orgDept(t);
    const c = await buildDeliveryCadre(t, { name: '核验对象' });
    const other = await t.as('unit_admin', { unitId: (await buildDeliveryCadre(t)).unitId });
    const { items } = await confirmedList(c.self!, leader, c.cadre.id, [
      valueItem('甲事项'),
      valueItem('乙事项'),
    ]);
    await at(t, '2026-09-10T02:00:00Z', officer, c.self, c.unitAdmin, other);
    const plan = ok(
      await officer.post('/api/delivery/plans', {
        title: '九月对账考察',
        selection: {
          rule: 'largest_gap',
          year: 2026,
          month: 8,
          cadres: 3,
          itemsPerCadre: 3,
          regionId: c.regionId,
        },
      }),
    );
    const check = (itemId: string, verdict: string) =>
      officer.post(`/api/delivery/plans/${plan.id}/checks`, { itemId, verifiedValue: 4, verdict });
    expect(codeOf(await check(items[0]!.id, 'true'), 409)).toBe('DELIVERY_PLAN_NOT_STARTED');
    const started = ok(await officer.post(`/api/delivery/plans/${plan.id}/start`));
    expect(started).toMatchObject({ status: 'started', can: { start: false, check: true, complete: true } });
    expect(codeOf(await officer.post(`/api/delivery/plans/${plan.id}/start`), 409)).toBe(
      'DELIVERY_PLAN_STARTED',
    );

    expect(ok(await check(items[1]!.id, 'true')).finding).toBeNull();
    const lag = ok(await check(items[0]!.id, 'false_report'));
    expect(lag.finding).toMatchObject({
      status: 'explaining',
      kind: 'false_report',
      explanationOverdue: false,
    });
    expect(lag.finding.description).toContain('申报 未填报');
    const todo = (await todos(c.self!)).find((i) => i.recordId === lag.finding.id);
    expect(todo?.title).toContain('作出说明（核验对象');
    // 待说明 is on the timeline of the cadre, for the cadre and their unit, and for no other unit
    for (const a of [c.self!, c.unitAdmin, officer]) {
      const raised = (await timeline(a, c.cadre.id)).find((e) => e.kind === 'finding.raised');
      expect(raised?.title).toMatch(/^考察发现待说明（虚报）：甲事项，请于 \d{4}-\d{2}-\d{2} 前说明$/);
    }
    expect((await other.get(`/api/org/cadres/${c.cadre.id}/timeline`)).statusCode).toBe(403);

    const notInPlan = await officer.post(`/api/delivery/plans/${plan.id}/checks`, {
      itemId: '00000000-0000-4000-8000-000000000000',
      verdict: 'true',
    });
    expect(codeOf(notInPlan, 400)).toBe('DELIVERY_ITEM_NOT_IN_PLAN');
    // A corrected verdict withdraws the finding, and the timeline says so.
    ok(await check(items[0]!.id, 'true'));
    expect(ok(await c.self!.get(`/api/delivery/findings/${lag.finding.id}`)).finding.status).toBe(
      'withdrawn',
    );
    expect((await timeline(c.self!, c.cadre.id)).map((e) => e.kind)).toContain('finding.withdrawn');
    ok(await officer.post(`/api/delivery/plans/${plan.id}/complete`));
    expect(codeOf(await check(items[0]!.id, 'lagging'), 409)).toBe('DELIVERY_PLAN_COMPLETED');
    expect(codeOf(await officer.post(`/api/delivery/plans/${plan.id}/complete`), 409)).toBe(
      'DELIVERY_PLAN_COMPLETED',
    );
  });

  it('goes through explanation, answer, appeal and a leader’s decision', async () => {
    const w = await explainingFinding(t);
    const other = await t.as('unit_admin', { unitId: (await buildDeliveryCadre(t)).unitId });
    const url = `/api/delivery/findings/${w.findingId}`;
    expect(codeOf(await other.post(`${url}/explain`, { text: '别人单位的说明' }), 403)).toBe('FORBIDDEN');
    expect(ok(await w.self!.get(url)).can).toMatchObject({
      explain: true,
      finalize: false,
      appeal: false,
      readPhotos: false,
    });
    expect(ok(await w.officer.get(url)).can).toMatchObject({
      explain: false,
      finalize: true,
      readPlan: true,
      readPhotos: true,
    });
    const answer = { decision: 'maintain', response: '认定', requirement: '如实申报' };
    expect(codeOf(await w.officer.post(`${url}/finalize`, answer), 409)).toBe('DELIVERY_EXPLANATION_PENDING');
    const explained = ok(
      await w.self!.post(`${url}/explain`, { text: '另有 3 个项目已签框架协议，尚未正式签约' }),
    );
    expect(explained).toMatchObject({ status: 'explained' });
    expect(codeOf(await w.self!.post(`${url}/explain`, { text: '再说明一次' }), 409)).toBe(
      'DELIVERY_FINDING_NOT_EXPLAINING',
    );
    const noRequirement = await w.officer.post(`${url}/finalize`, { decision: 'maintain', response: '认定' });
    expect(codeOf(noRequirement, 400)).toBe('VALIDATION_FAILED');
    expect(noRequirement.json().error.details[0].path).toBe('body.requirement');
    const past = await w.officer.post(`${url}/finalize`, { ...answer, deadline: '2026-09-01' });
    expect(codeOf(past, 400)).toBe('DELIVERY_DEADLINE_PAST');
    const fin = ok(
      await w.officer.post(`${url}/finalize`, {
        decision: 'maintain',
        response: '框架协议不计入正式签约，虚报属实',
        requirement: '更正申报数据，建立签约台账',
      }),
    );
    expect(fin).toMatchObject({ finding: { status: 'final' }, rectification: { status: 'open' } });
    expect(codeOf(await w.officer.post(`${url}/finalize`, answer), 409)).toBe('DELIVERY_FINDING_ANSWERED');
    const tl = await timeline(w.self!, w.cadre.id);
    expect(tl[0]).toMatchObject({ kind: 'finding' });
    expect(tl[0]!.title).toContain('虚报');
    expect(tl.map((e) => e.kind)).toContain('finding.raised');
    const finalTodo = (await todos(w.self!)).find((i) => i.recordId === w.findingId);
    expect(finalTodo?.title).toContain(`${w.cadre.name}的考察发现已认定`);

    expect(ok(await w.self!.get(url)).can).toMatchObject({ appeal: true, readPhotos: true });
    expect(ok(await w.self!.post(`${url}/appeal`, { text: '请求重新认定' }))).toMatchObject({
      status: 'appealed',
    });
    expect(codeOf(await w.officer.post(`${url}/decide`, { decision: 'upheld', reason: 'x' }), 403)).toBe(
      'FORBIDDEN',
    );
    expect(ok(await w.leader.get(url)).can.decide).toBe(true);
    const decided = ok(await w.leader.post(`${url}/decide`, { decision: 'upheld', reason: '维持原认定' }));
    expect(decided).toMatchObject({ status: 'final', appealDecision: 'upheld' });
    expect(codeOf(await w.leader.post(`${url}/decide`, { decision: 'upheld', reason: '再决定' }), 409)).toBe(
      'DELIVERY_NO_APPEAL',
    );
    expect(codeOf(await w.self!.post(`${url}/appeal`, { text: '再申诉' }), 409)).toBe(
      'DELIVERY_ALREADY_APPEALED',
    );
    expect(ok(await w.self!.get(url)).can.appeal).toBe(false);
  });

  it('is answered without an explanation once the time is up, and may be withdrawn', async () => {
    const w = await explainingFinding(t, { verdict: 'lagging' });
    const url = `/api/delivery/findings/${w.findingId}`;
    await at(t, '2026-09-21T02:00:00Z', w.self, w.officer);
    expect(ok(await w.self!.get(url)).finding).toMatchObject({
      status: 'explaining',
      explanationOverdue: true,
    });
    expect(codeOf(await w.self!.post(`${url}/explain`, { text: '迟到的说明' }), 409)).toBe(
      'DELIVERY_EXPLANATION_OVERDUE',
    );
    const out = ok(
      await w.officer.post(`${url}/finalize`, { decision: 'withdraw', response: '核实后进度正常' }),
    );
    expect(out).toMatchObject({ finding: { status: 'withdrawn' }, rectification: null });
    expect(codeOf(await w.self!.post(`${url}/appeal`, { text: '申诉' }), 409)).toBe(
      'DELIVERY_FINDING_NOT_FINAL',
    );
    const tl = await timeline(w.self!, w.cadre.id);
    expect(tl.map((e) => e.kind)).toEqual(expect.arrayContaining(['finding.raised', 'finding.withdrawn']));
  });

  it('is rectified by the unit, re-checked by the officer, reopened, and closed; overdue orders are flagged', async () => {
    const w = await finalFinding(t);
    const other = await t.as('unit_admin', { unitId: (await buildDeliveryCadre(t)).unitId });
    const url = `/api/delivery/rectifications/${w.orderId}`;
    const board = ok(await w.unitAdmin.get('/api/delivery/rectifications'));
    expect(board.items.map((o: { id: string }) => o.id)).toEqual([w.orderId]);
    expect(board.items[0]).toMatchObject({ status: 'open', overdue: false });
    expect(board.counts).toEqual({ open: 1, replied: 0, closed: 0, cancelled: 0, overdue: 0 });
    expect(ok(await w.unitAdmin.get(url)).order.can).toEqual({ reply: true, recheck: false });
    expect(ok(await w.officer.get(url)).order.can).toEqual({ reply: false, recheck: false });
    expect(codeOf(await other.post(`${url}/reply`, { text: '不是我们的' }), 403)).toBe('FORBIDDEN');
    expect(ok(await w.unitAdmin.post(`${url}/reply`, { text: '已更正数据并建立台账' }))).toMatchObject({
      status: 'replied',
    });
    expect(codeOf(await w.unitAdmin.post(`${url}/reply`, { text: '再回复一次' }), 409)).toBe(
      'DELIVERY_RECTIFICATION_REPLIED',
    );
    expect(codeOf(await w.unitAdmin.post(`${url}/recheck`, { result: 'close', note: '自己销号' }), 403)).toBe(
      'FORBIDDEN',
    );
    expect(ok(await w.officer.get(url)).order.can).toEqual({ reply: false, recheck: true });
    const reopened = ok(
      await w.officer.post(`${url}/recheck`, {
        result: 'reopen',
        note: '台账不完整',
        deadline: '2026-09-30',
      }),
    );
    expect(reopened).toMatchObject({ status: 'open', reopenCount: 1, deadline: '2026-09-30' });
    expect(codeOf(await w.officer.post(`${url}/recheck`, { result: 'close', note: '销号' }), 409)).toBe(
      'DELIVERY_RECTIFICATION_NOT_REPLIED',
    );

    await at(t, '2026-10-09T02:00:00Z', w.officer, w.unitAdmin);
    const late = ok(await w.unitAdmin.get('/api/delivery/rectifications?status=overdue'));
    expect(late.items.map((o: { id: string }) => o.id)).toEqual([w.orderId]);
    expect(late.counts.overdue).toBe(1);
    ok(await w.unitAdmin.post(`${url}/reply`, { text: '台账已补齐' }));
    const closed = ok(await w.officer.post(`${url}/recheck`, { result: 'close', note: '核实已整改' }));
    expect(closed).toMatchObject({ status: 'closed', overdue: false });
    expect(ok(await w.officer.get(url)).order.overdue).toBe(false);
    expect(codeOf(await w.unitAdmin.post(`${url}/reply`, { text: '还想回复' }), 409)).toBe(
      'DELIVERY_RECTIFICATION_ENDED',
    );
    // The order, the reply and the re-check note are sealed at rest (SM4), plain on the API.
    const { rows: stored } = await t.superuser(
      'SELECT requirement, reply, recheck_note FROM delivery_rectifications WHERE id = $1',
      [w.orderId],
    );
    for (const v of Object.values(stored[0]!)) expect(v).toMatch(/^sm4:v[0-9]+:c:/);
    expect(JSON.stringify(stored)).not.toContain('台账');
    expect(ok(await w.officer.get(url)).order).toMatchObject({
      reply: '台账已补齐',
      recheckNote: '核实已整改',
    });
  });

  it('adds up in the statistics and the one-click report', async () => {
    // The statistics count the checks of one day: this test's own day.
    const DAY = '2026-11-18';
    await at(t, '2026-07-01T02:00:00Z');
    const { officer, leader } = await orgDept(t);
    const c = await buildDeliveryCadre(t);
    const { items } = await confirmedList(c.self!, leader, c.cadre.id, [
      valueItem('招商签约', 12, { domainCode: 'investment_attraction' }),
      valueItem('服务企业', 12),
    ]);
    await at(t, `${DAY}T02:00:00Z`, officer, c.self, c.unitAdmin);
    const planId = await startedPlan(officer, c.regionId, { month: 10 });
    ok(await officer.post(`/api/delivery/plans/${planId}/checks`, { itemId: items[1]!.id, verdict: 'true' }));
    const f = ok(
      await officer.post(`/api/delivery/plans/${planId}/checks`, {
        itemId: items[0]!.id,
        verdict: 'false_report',
      }),
    ).finding;
    ok(await c.self!.post(`/api/delivery/findings/${f.id}/explain`, { text: '数据口径不同' }));
    const order = ok(
      await officer.post(`/api/delivery/findings/${f.id}/finalize`, {
        decision: 'maintain',
        response: '认定',
        requirement: '更正数据',
      }),
    ).rectification;
    ok(await c.unitAdmin.post(`/api/delivery/rectifications/${order.id}/reply`, { text: '已更正' }));
    ok(
      await officer.post(`/api/delivery/rectifications/${order.id}/recheck`, {
        result: 'close',
        note: '属实',
      }),
    );

    const s = ok(await officer.get(`/api/delivery/stats?from=${DAY}&to=${DAY}`));
    expect(s.overall).toMatchObject({ cadres: 1, items: 2, findings: 1, rectified: 1, open: 0 });
    expect(s.overall.findingsByKind).toEqual({ false_report: 1 });
    expect(s.sentence).toMatch(
      /^已对 \d+ 个领域和 \d+ 个乡镇（街道）的 1 名领导干部开展对账考察，现场核验履职清单 2项，发现并督促整改问题 1 个/,
    );
    const drill = ok(
      await officer.get(`/api/delivery/stats/checks?from=${DAY}&to=${DAY}&domain=investment_attraction`),
    );
    expect(drill.items.map((x: { verdict: string }) => x.verdict)).toEqual(['false_report']);
    expect(drill.items[0]).toMatchObject({ findingStatus: 'final', orderStatus: 'closed' });
    const docx = await officer.get(`/api/delivery/stats/report?from=${DAY}&to=${DAY}&format=docx`);
    expect(docx.headers['content-type']).toContain('wordprocessingml');
    expect(docx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const xlsx = await officer.get(`/api/delivery/stats/report?from=${DAY}&to=${DAY}&format=xlsx`);
    expect(xlsx.statusCode).toBe(200);
    const backwards = await officer.get('/api/delivery/stats?from=2026-12-01&to=2026-11-01');
    expect(codeOf(backwards, 400)).toBe('VALIDATION_FAILED');
    expect(backwards.json().error.details[0].path).toBe('querystring.from');
    expect((await c.self!.get(`/api/delivery/stats?from=${DAY}&to=${DAY}`)).statusCode).toBe(403);
  });

  it('gives per domain and per town the figures of the checks behind them', async () => {
    // This test's own day: two cadres of a town, one of a department elsewhere.
    const DAY = '2026-11-25';
    await at(t, '2026-07-01T02:00:00Z');
    const { officer, leader } = await orgDept(t);
    const town = await buildRegion(t.deps.db, { kind: 'town' });
    const townUnit = await buildUnit(t.deps.db, { kind: 'town', regionId: town.id });
    const a = await buildDeliveryCadre(t, { unitId: townUnit.id });
    const b = await buildDeliveryCadre(t, { unitId: townUnit.id });
    const c = await buildDeliveryCadre(t);
    const invest = { domainCode: 'investment_attraction' };
    const transport = { domainCode: 'transport' };
    const la = await confirmedList(a.self!, leader, a.cadre.id, [
      valueItem('招商签约', 12, invest),
      valueItem('服务企业', 12),
    ]);
    const lb = await confirmedList(b.self!, leader, b.cadre.id, [
      valueItem('引进项目', 12, invest),
      valueItem('道路建设', 12, transport),
    ]);
    const lc = await confirmedList(c.self!, leader, c.cadre.id, [valueItem('公交线路', 12, transport)]);
    await at(t, `${DAY}T02:00:00Z`, officer, leader, a.self, b.self, b.unitAdmin);
    const inTown = await startedPlan(officer, town.id, { month: 10 });
    const elsewhere = await startedPlan(officer, c.regionId, { month: 10 });
    const check = async (planId: string, itemId: string, verdict: string) =>
      ok(await officer.post(`/api/delivery/plans/${planId}/checks`, { itemId, verdict }));
    await check(inTown, la.items[0]!.id, 'true');
    await check(inTown, la.items[1]!.id, 'lagging'); // a finding still being explained: not counted
    const f1 = (await check(inTown, lb.items[0]!.id, 'false_report')).finding;
    const f2 = (await check(inTown, lb.items[1]!.id, 'ineffective')).finding;
    await check(elsewhere, lc.items[0]!.id, 'true');
    const final = async (findingId: string) => {
      ok(await b.self!.post(`/api/delivery/findings/${findingId}/explain`, { text: '另有原因' }));
      return ok(
        await officer.post(`/api/delivery/findings/${findingId}/finalize`, {
          decision: 'maintain',
          response: '认定',
          requirement: '限期整改',
        }),
      ).rectification.id as string;
    };
    const closed = await final(f1.id);
    await final(f2.id);
    // Closed three and a half days after the finding became final.
    await at(t, `2026-11-28T14:00:00Z`, officer, b.unitAdmin);
    ok(await b.unitAdmin.post(`/api/delivery/rectifications/${closed}/reply`, { text: '已整改' }));
    ok(
      await officer.post(`/api/delivery/rectifications/${closed}/recheck`, { result: 'close', note: '属实' }),
    );

    const s = ok(await officer.get(`/api/delivery/stats?from=${DAY}&to=${DAY}`));
    const figures = (o: object) => ({
      cadres: 0,
      items: 0,
      domains: 0,
      towns: 0,
      findings: 0,
      findingsByKind: {},
      rectified: 0,
      open: 0,
      avgDaysToRectify: null,
      ...o,
    });
    expect(s.overall).toEqual(
      figures({
        cadres: 3,
        items: 5,
        domains: 2,
        towns: 1,
        findings: 2,
        findingsByKind: { false_report: 1, ineffective: 1 },
        rectified: 1,
        open: 1,
        avgDaysToRectify: 3.5,
      }),
    );
    // Equal counts: the domain checked first comes first.
    expect(s.byDomain).toEqual([
      {
        code: 'investment_attraction',
        name: '招商引资',
        ...figures({
          cadres: 2,
          items: 2,
          domains: 1,
          towns: 1,
          findings: 1,
          findingsByKind: { false_report: 1 },
          rectified: 1,
          avgDaysToRectify: 3.5,
        }),
      },
      {
        code: 'transport',
        name: expect.any(String),
        ...figures({
          cadres: 2,
          items: 2,
          domains: 1,
          towns: 1,
          findings: 1,
          findingsByKind: { ineffective: 1 },
          open: 1,
        }),
      },
    ]);
    expect(s.byTown).toEqual([
      {
        regionId: town.id,
        name: town.name,
        ...figures({
          cadres: 2,
          items: 4,
          domains: 2,
          towns: 1,
          findings: 2,
          findingsByKind: { false_report: 1, ineffective: 1 },
          rectified: 1,
          open: 1,
          avgDaysToRectify: 3.5,
        }),
      },
    ]);
    expect(s.sentence).toMatch(
      /^已对 2 个领域和 1 个乡镇（街道）的 3 名领导干部开展对账考察，现场核验履职清单 5项，发现并督促整改问题 2 个（已整改销号 1 个，整改中 1 个）。$/,
    );
    // Every figure is as many checks as its drill-down lists.
    const drill = async (q: string) =>
      ok<{ items: unknown[] }>(await officer.get(`/api/delivery/stats/checks?from=${DAY}&to=${DAY}&${q}`))
        .items.length;
    for (const d of s.byDomain) expect(await drill(`domain=${d.code}`)).toBe(d.items);
    for (const r of s.byTown) expect(await drill(`regionId=${r.regionId}`)).toBe(r.items);
    expect(await drill('')).toBe(s.overall.items);
    // A period without checks adds up to nothing.
    const empty = ok(await officer.get('/api/delivery/stats?from=2026-12-30&to=2026-12-31'));
    expect(empty).toMatchObject({ overall: figures({}), byDomain: [], byTown: [] });
  });

  it('replays a random draw from its recorded seed', async () => {
    await at(t, '2026-07-01T02:00:00Z');
    const { officer, leader } = await orgDept(t);
    const a = await buildDeliveryCadre(t);
    const b = await buildDeliveryCadre(t, { unitId: a.unitId });
    await confirmedList(a.self!, leader, a.cadre.id);
    await confirmedList(b.self!, leader, b.cadre.id);
    await at(t, '2026-09-12T02:00:00Z', officer);
    const selection = { year: 2026, month: 8, cadres: 1, itemsPerCadre: 2, regionId: a.regionId };
    const res = ok(
      await officer.post('/api/delivery/plans', {
        title: '随机抽查',
        selection: { ...selection, rule: 'random', seed: 20260912 },
      }),
    );
    expect(res.selection).toMatchObject({ rule: 'random', seed: 20260912, poolSize: 2 });
    expect(res.can.replay).toBe(true);
    const plan = ok(await officer.get(`/api/delivery/plans/${res.id}`));
    const replay = ok(await officer.get(`/api/delivery/plans/${res.id}/replay`));
    expect(replay.cadreIds).toEqual([...new Set(plan.targets.map((x: { cadreId: string }) => x.cadreId))]);
    const byGap = ok(
      await officer.post('/api/delivery/plans', {
        title: '按差距',
        selection: { ...selection, rule: 'largest_gap' },
      }),
    );
    expect(codeOf(await officer.get(`/api/delivery/plans/${byGap.id}/replay`), 409)).toBe(
      'DELIVERY_PLAN_NOT_RANDOM',
    );
    const none = await officer.post('/api/delivery/plans', {
      title: '空计划',
      selection: { ...selection, rule: 'largest_gap', year: 2027 },
    });
    expect(codeOf(none, 409)).toBe('DELIVERY_NO_CANDIDATES');
  });
});
