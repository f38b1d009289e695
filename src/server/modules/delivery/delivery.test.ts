import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../../../test/app.ts';
import { seedSmallCounty } from '../../../../test/factories.ts';

let t: TestApp;
let county: Awaited<ReturnType<typeof seedSmallCounty>>;
let officer: Agent;
let leader: Agent;
let self: Agent;
let unitAdmin: Agent;
let otherAdmin: Agent;

const YEAR = 2026;
const plan12 = (total: number) => Array.from({ length: 12 }, (_, m) => Math.round((total * (m + 1)) / 12));

/** Moves the clock and logs everyone in again (sessions end after 30 idle minutes). */
async function at(when: string) {
  t.deps.clock.set(when);
  for (const a of [officer, leader, self, unitAdmin, otherAdmin]) {
    const fresh = await t.login(a.user!);
    a.cookie = fresh.cookie;
    a.csrf = fresh.csrf;
  }
}

let listId = '';
let items: { id: string; title: string; inScope: boolean }[] = [];

beforeAll(async () => {
  t = await createTestApp({ mode: 'production', start: '2026-07-01T02:00:00Z' });
  county = await seedSmallCounty(t.deps);
  officer = await t.as('assessment_officer');
  leader = await t.as('org_leader');
  self = await t.as('cadre', { cadreId: county.cadreId });
  unitAdmin = await t.as('unit_admin', { unitId: county.unitAdminUnitId });
  const other = (await officer.get('/api/org/units?pageSize=50'))
    .json()
    .items.find((u: { id: string }) => u.id !== county.unitAdminUnitId);
  otherAdmin = await t.as('unit_admin', { unitId: other.id });
});
afterAll(async () => t?.close());

describe('annual task list', () => {
  it('is drafted by the cadre, flags items outside the division of labour, and is submitted', async () => {
    const url = `/api/delivery/lists/${county.cadreId}/${YEAR}/items`;
    const a = await self.post(url, {
      kind: 'indicator',
      title: '新签约亿元以上项目',
      domainCode: 'investment_attraction',
      targetValue: 12,
      measureUnit: '个',
      monthlyPlan: plan12(12),
    });
    expect(a.statusCode, a.body).toBe(201);
    const b = await self.post(url, {
      kind: 'project',
      title: '某产业园项目开工',
      domainCode: 'transport',
      targetKind: 'milestones',
      milestones: [
        { name: '开工', month: 4 },
        { name: '主体完工', month: 10 },
      ],
      monthlyPlan: [0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2, 2],
    });
    expect(b.statusCode, b.body).toBe(201);
    const c = await self.post(url, {
      kind: 'reform',
      title: '招商服务流程再造',
      targetValue: 100,
      measureUnit: '%',
      weight: 0.5,
      monthlyPlan: plan12(100),
    });
    expect(c.statusCode).toBe(201);
    const bad = await self.post(url, {
      kind: 'indicator',
      title: '倒退的计划',
      targetValue: 10,
      monthlyPlan: [1, 2, 3, 2, 5, 6, 7, 8, 9, 10, 10, 10],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('不能倒退');
    const list = (await self.get(`/api/delivery/lists/${county.cadreId}/${YEAR}`)).json();
    items = list.items;
    // the reform item is tied to no domain, so it is not flagged
    expect(items.map((i) => i.inScope)).toEqual([true, false, true]);
    listId = list.list.id;
    expect((await self.post(`/api/delivery/lists/${county.cadreId}/${YEAR}/submit`)).json().status).toBe(
      'submitted',
    );
  });

  it('may not be confirmed by the cadre, nor by a leader who is that cadre; a leader confirms and it is locked', async () => {
    expect((await self.post(`/api/delivery/lists/${listId}/confirm`)).statusCode).toBe(403);
    const leaderSelf = await t.as('org_leader', { cadreId: county.cadreId });
    const own = await leaderSelf.post(`/api/delivery/lists/${listId}/confirm`);
    expect(own.json().error.code).toBe('SELF_ACTION_FORBIDDEN');
    const todo = (await leader.get('/api/todo/items'))
      .json()
      .items.find((i: { recordId: string }) => i.recordId === listId);
    expect(todo.title).toContain('干事清单');
    expect((await leader.post(`/api/delivery/lists/${listId}/confirm`)).json().status).toBe('confirmed');
    const edit = await self.put(`/api/delivery/items/${items[0]!.id}`, {
      kind: 'indicator',
      title: '改了',
      targetValue: 1,
      monthlyPlan: plan12(1),
    });
    expect(edit.statusCode).toBe(409);
  });

  it('changes after confirmation only by a recorded amendment: who, when, why, before and after', async () => {
    const res = await officer.post(`/api/delivery/lists/${listId}/amend`, {
      reason: '按市委专题会要求调高目标',
      itemId: items[0]!.id,
      item: {
        kind: 'indicator',
        title: '新签约亿元以上项目',
        domainCode: 'investment_attraction',
        targetValue: 15,
        measureUnit: '个',
        monthlyPlan: plan12(15),
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const list = (await officer.get(`/api/delivery/lists/${county.cadreId}/${YEAR}`)).json();
    const a = list.amendments[0];
    expect(a).toMatchObject({ reason: '按市委专题会要求调高目标', createdBy: officer.user!.id });
    expect(Number(a.before.targetValue)).toBe(12);
    expect(Number(a.after.targetValue)).toBe(15);
    expect(
      (await self.post(`/api/delivery/lists/${listId}/amend`, { reason: '自己改一下', itemId: items[0]!.id }))
        .statusCode,
    ).toBe(403);
  });
});

describe('monthly delivery', () => {
  it('takes cumulative progress, marks a late report, and shows the gap to the plan', async () => {
    await at('2026-08-03T02:00:00Z'); // Monday; July's deadline is the 5th working day of August (Aug 7)
    const ok = await self.post(`/api/delivery/items/${items[0]!.id}/reports`, {
      month: 7,
      progress: 5,
      account: '签约 5 个',
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ late: false, deadline: '2026-08-07' });
    expect(
      (await self.post(`/api/delivery/items/${items[0]!.id}/reports`, { month: 7, progress: 6 })).statusCode,
    ).toBe(409);
    expect(
      (await self.post(`/api/delivery/items/${items[0]!.id}/reports`, { month: 9, progress: 6 })).json().error
        .message,
    ).toContain('尚未开始');
    await at('2026-08-12T02:00:00Z');
    const late = await unitAdmin.post(`/api/delivery/items/${items[1]!.id}/reports`, {
      month: 7,
      progress: 1,
    });
    expect(late.json()).toMatchObject({ late: true });
    const back = await self.post(`/api/delivery/items/${items[0]!.id}/reports`, { month: 8, progress: 4 });
    expect(back.json().error.message).toContain('不能少于');
    const list = (await self.get(`/api/delivery/lists/${county.cadreId}/${YEAR}`)).json();
    const first = list.items[0];
    // July: plan 15*7/12 ≈ 9 (rounded), reported 5 → gap 4 of 15
    expect(first.gap).toBeCloseTo((Math.round((15 * 7) / 12) - 5) / 15, 5);
    expect(first.reports[6]).toMatchObject({ month: 7, progress: 5, late: false });
  });

  it('puts the month’s report on the cadre’s to-do list, and closes it when every item is reported', async () => {
    t.deps.clock.set('2026-09-01T02:00:00Z');
    await t.deps.db.transaction(async () => {});
    const { enqueue } = await import('../system/jobs.service.ts');
    await enqueue(t.deps.db, {
      kind: 'delivery.report-todos.month',
      payload: { year: 2026, month: 8 },
      runAt: t.deps.clock.now(),
    });
    await t.jobs.runDue();
    await at('2026-09-01T02:00:00Z');
    const todo = () =>
      self
        .get('/api/todo/items')
        .then((r) => r.json().items.find((i: { title: string }) => i.title.includes('8 月履职交付')));
    expect((await todo()).title).toContain('截止 2026-09-07');
    for (const [n, it] of items.entries()) {
      const res = await self.post(`/api/delivery/items/${it.id}/reports`, {
        month: 8,
        progress: [7, 1, 60][n],
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    expect(await todo()).toBeUndefined();
  });
});

describe('a secret verification visit', () => {
  let planId = '';

  /** Everything the target cadre and their unit can read. */
  async function whatTargetsSee() {
    const out: Record<string, unknown> = {};
    for (const [who, a] of [
      ['cadre', self],
      ['unit', unitAdmin],
    ] as const) {
      for (const url of [
        '/api/delivery/lists',
        `/api/delivery/lists/${county.cadreId}/${YEAR}`,
        '/api/delivery/findings',
        '/api/delivery/rectifications',
        '/api/todo/items',
        '/api/todo/notifications',
        '/api/system/overview',
        `/api/org/cadres/${county.cadreId}/timeline`,
        `/api/org/cadres/${county.cadreId}`,
      ]) {
        const res = await a.get(url);
        out[`${who} ${url}`] = { status: res.statusCode, body: res.json() };
      }
    }
    return out;
  }

  it('cannot be seen, found, counted or inferred by its targets until it starts', async () => {
    await at('2026-09-10T02:00:00Z');
    const before = await whatTargetsSee();
    const { rows: head } = await t.superuser('SELECT coalesce(max(seq), 0)::int AS s FROM audit_entries');
    const res = await officer.post('/api/delivery/plans', {
      title: '九月对账考察',
      selection: { rule: 'largest_gap', year: 2026, month: 8, cadres: 3, itemsPerCadre: 3 },
    });
    expect(res.statusCode, res.body).toBe(201);
    planId = res.json().id;
    const plan = (await officer.get(`/api/delivery/plans/${planId}`)).json();
    expect(plan.targets.map((x: { cadreId: string }) => x.cadreId)).toContain(county.cadreId);
    const after = await whatTargetsSee();
    expect(after).toEqual(before);
    for (const a of [self, unitAdmin, await t.as('joint_office')]) {
      expect((await a.get('/api/delivery/plans')).statusCode).toBe(403);
      expect((await a.get(`/api/delivery/plans/${planId}`)).statusCode).toBe(403);
    }
    // The audit chain names the plan alone while it is secret.
    const { rows } = await t.superuser(
      "SELECT object_type, object_id FROM audit_entries WHERE action LIKE 'delivery.plan%'",
    );
    expect(
      rows.every(
        (r) => r.object_type === 'delivery_plan' && (r.object_id === planId || r.object_id === null),
      ),
    ).toBe(true);
    // Nothing the officer did since planning names a target.
    const leak = await t.superuser(
      'SELECT count(*)::int AS n FROM audit_entries WHERE seq > $1 AND user_id = $2 AND object_id = $3',
      [head[0]!.s, officer.user!.id, county.cadreId],
    );
    expect(leak.rows[0]!.n).toBe(0);
  });

  it('records checks once started; a verdict other than 属实 becomes a finding the cadre may explain', async () => {
    const early = await officer.post(`/api/delivery/plans/${planId}/checks`, {
      itemId: items[0]!.id,
      verdict: 'true',
    });
    expect(early.json().error.message).toContain('请先开始考察');
    expect((await officer.post(`/api/delivery/plans/${planId}/start`)).json().status).toBe('started');
    const ok = await officer.post(`/api/delivery/plans/${planId}/checks`, {
      itemId: items[2]!.id,
      verifiedValue: 60,
      verdict: 'true',
    });
    expect(ok.json().finding).toBeNull();
    const lag = await officer.post(`/api/delivery/plans/${planId}/checks`, {
      itemId: items[0]!.id,
      verifiedValue: 4,
      verdict: 'false_report',
      notes: '现场只见 4 个签约协议',
    });
    expect(lag.statusCode, lag.body).toBe(200);
    const finding = lag.json().finding;
    expect(finding).toMatchObject({ status: 'explaining', kind: 'false_report' });
    expect(finding.description).toContain('申报 7');
    const todo = (await self.get('/api/todo/items'))
      .json()
      .items.find((i: { recordId: string }) => i.recordId === finding.id);
    expect(todo.title).toContain('作出说明');
    const notInPlan = await officer.post(`/api/delivery/plans/${planId}/checks`, {
      itemId: '00000000-0000-4000-8000-000000000000',
      verdict: 'true',
    });
    expect(notInPlan.statusCode).toBe(400);
  });

  it('goes through explanation, answer, appeal and a leader’s decision', async () => {
    const [f] = (await officer.get('/api/delivery/findings')).json().items;
    expect(
      (await otherAdmin.post(`/api/delivery/findings/${f.id}/explain`, { text: '别人单位的说明' }))
        .statusCode,
    ).toBe(403);
    const early = await officer.post(`/api/delivery/findings/${f.id}/finalize`, {
      decision: 'maintain',
      response: '认定',
      requirement: '如实申报',
    });
    expect(early.json().error.message).toContain('说明期限');
    expect(
      (
        await self.post(`/api/delivery/findings/${f.id}/explain`, {
          text: '另有 3 个项目已签框架协议，尚未正式签约',
        })
      ).statusCode,
    ).toBe(200);
    const fin = await officer.post(`/api/delivery/findings/${f.id}/finalize`, {
      decision: 'maintain',
      response: '框架协议不计入正式签约，虚报属实',
      requirement: '更正申报数据，建立签约台账',
    });
    expect(fin.json().status).toBe('final');
    const timeline = (await self.get(`/api/org/cadres/${county.cadreId}/timeline`)).json().items;
    expect(timeline[0]).toMatchObject({ module: 'delivery', kind: 'finding' });
    expect(timeline[0].title).toContain('虚报');
    expect(
      (await self.post(`/api/delivery/findings/${f.id}/appeal`, { text: '请求重新认定' })).statusCode,
    ).toBe(200);
    expect(
      (await officer.post(`/api/delivery/findings/${f.id}/decide`, { decision: 'upheld', reason: 'x' }))
        .statusCode,
    ).toBe(403);
    expect(
      (
        await leader.post(`/api/delivery/findings/${f.id}/decide`, {
          decision: 'upheld',
          reason: '维持原认定',
        })
      ).statusCode,
    ).toBe(200);
    const detail = (await self.get(`/api/delivery/findings/${f.id}`)).json();
    expect(detail.finding).toMatchObject({
      status: 'final',
      appealDecision: 'upheld',
      decidedBy: leader.user!.id,
    });
  });

  it('is rectified by the unit, re-checked by the officer, reopened, and closed; overdue orders are flagged', async () => {
    const board = (await officer.get('/api/delivery/rectifications')).json();
    const order = board.items[0];
    expect(order).toMatchObject({ status: 'open', overdue: false });
    expect(
      (await otherAdmin.post(`/api/delivery/rectifications/${order.id}/reply`, { text: '不是我们的' }))
        .statusCode,
    ).toBe(403);
    expect(
      (
        await unitAdmin.post(`/api/delivery/rectifications/${order.id}/reply`, {
          text: '已更正数据并建立台账',
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await unitAdmin.post(`/api/delivery/rectifications/${order.id}/recheck`, {
          result: 'close',
          note: '自己销号',
        })
      ).statusCode,
    ).toBe(403);
    const reopened = await officer.post(`/api/delivery/rectifications/${order.id}/recheck`, {
      result: 'reopen',
      note: '台账不完整',
      deadline: '2026-09-30',
    });
    expect(reopened.json()).toMatchObject({ status: 'open', reopenCount: 1, deadline: '2026-09-30' });
    await at('2026-10-09T02:00:00Z');
    const late = (await officer.get('/api/delivery/rectifications?status=overdue')).json();
    expect(late.items.map((o: { id: string }) => o.id)).toEqual([order.id]);
    expect(late.counts.overdue).toBe(1);
    await unitAdmin.post(`/api/delivery/rectifications/${order.id}/reply`, { text: '台账已补齐' });
    const closed = await officer.post(`/api/delivery/rectifications/${order.id}/recheck`, {
      result: 'close',
      note: '核实已整改',
    });
    expect(closed.json()).toMatchObject({ status: 'closed', recheckedBy: officer.user!.id });
    const after = (await officer.get(`/api/delivery/rectifications/${order.id}`)).json();
    expect(after.order.overdue).toBe(false);
  });

  it('adds up in the statistics and the one-click report', async () => {
    const s = (await officer.get('/api/delivery/stats?from=2026-01-01&to=2026-12-31')).json();
    expect(s.overall, JSON.stringify(s)).toBeDefined();
    expect(s.overall).toMatchObject({ items: 2, findings: 1, rectified: 1, open: 0 });
    expect(s.overall.cadres).toBe(1);
    expect(s.sentence).toMatch(
      /^已对 \d+ 个领域和 \d+ 个乡镇（街道）的 1 名领导干部开展对账考察，现场核验履职清单 2项，发现并督促整改问题 1 个/,
    );
    const drill = (
      await officer.get(
        '/api/delivery/stats/checks?from=2026-01-01&to=2026-12-31&domain=investment_attraction',
      )
    ).json();
    expect(drill.items.map((c: { verdict: string }) => c.verdict)).toEqual(['false_report']);
    const docx = await officer.get('/api/delivery/stats/report?from=2026-01-01&to=2026-12-31&format=docx');
    expect(docx.headers['content-type']).toContain('wordprocessingml');
    expect(docx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const xlsx = await officer.get('/api/delivery/stats/report?from=2026-01-01&to=2026-12-31&format=xlsx');
    expect(xlsx.statusCode).toBe(200);
    expect((await self.get('/api/delivery/stats?from=2026-01-01&to=2026-12-31')).statusCode).toBe(403);
  });

  it('replays a random draw from its recorded seed', async () => {
    const res = await officer.post('/api/delivery/plans', {
      title: '随机抽查',
      selection: { rule: 'random', year: 2026, month: 8, cadres: 1, itemsPerCadre: 2, seed: 20260912 },
    });
    expect(res.json().selection.seed).toBe(20260912);
    const plan = (await officer.get(`/api/delivery/plans/${res.json().id}`)).json();
    const replay = (await officer.get(`/api/delivery/plans/${res.json().id}/replay`)).json();
    expect(replay.cadreIds).toEqual([...new Set(plan.targets.map((x: { cadreId: string }) => x.cadreId))]);
  });
});
