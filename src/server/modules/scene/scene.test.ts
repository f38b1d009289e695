import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../../../test/app.ts';
import { seedSmallCounty } from '../../../../test/factories.ts';
import { onePixelPng } from '../../../../test/multipart.ts';
import { rankScores } from './scene.service.ts';

let t: TestApp;
let county: Awaited<ReturnType<typeof seedSmallCounty>>;
let officer: Agent;
let leader: Agent;
let self: Agent;
let unitAdmin: Agent;
let colleague = '';

beforeAll(async () => {
  t = await createTestApp({ mode: 'production', start: '2026-08-20T02:00:00Z' });
  county = await seedSmallCounty(t.deps);
  officer = await t.as('assessment_officer');
  leader = await t.as('org_leader');
  self = await t.as('cadre', { cadreId: county.cadreId });
  unitAdmin = await t.as('unit_admin', { unitId: county.unitAdminUnitId });
  const rows = (
    await t.superuser(
      "SELECT id FROM org_cadres WHERE unit_id = $1 AND id <> $2 AND status = 'active' LIMIT 1",
      [county.unitAdminUnitId, county.cadreId],
    )
  ).rows;
  colleague = rows[0]!.id as string;
});
afterAll(async () => t?.close());

const ratings = { front: 5, command: 4, masses: 5 };
let emergencyId = '';
let observationId = '';

describe('a party committee meeting attended (列席党委会议)', () => {
  it('needs the unit and at least one agenda item, and records what each cadre did', async () => {
    const bad = await officer.post('/api/scene/activities', {
      kind: 'meeting',
      subtype: 'flood_typhoon',
      title: '列席党委会',
      startsOn: '2026-08-01',
      endsOn: '2026-08-01',
    });
    expect(bad.statusCode).toBe(400);
    const messages = JSON.stringify(bad.json().error.details);
    expect(messages).toContain('活动细类与类型不符');
    expect(messages).toContain('须选择召开会议的单位');
    expect(messages).toContain('请至少填写一项议题');
    const future = await officer.post('/api/scene/activities', {
      kind: 'meeting',
      subtype: 'party_committee',
      title: '列席党委会',
      unitId: county.unitAdminUnitId,
      agenda: [{ title: '研究招商引资政策落实', tag: 'policy' }],
      startsOn: '2026-09-01',
      endsOn: '2026-09-01',
    });
    expect(future.json().error.message).toContain('不能晚于今天');
    const res = await officer.post('/api/scene/activities', {
      kind: 'meeting',
      subtype: 'party_committee',
      title: '列席市投资促进中心党组会',
      unitId: county.unitAdminUnitId,
      agenda: [
        { title: '研究招商引资政策落实', tag: 'policy' },
        { title: '重大项目资金安排', tag: 'sanzhong_yida' },
      ],
      startsOn: '2026-08-05',
      endsOn: '2026-08-05',
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id;
    expect(res.json().dimensions.map((d: { name: string }) => d.name)).toEqual([
      '表态担当',
      '决策规范',
      '主动作为',
    ]);
    const missing = await officer.post(`/api/scene/activities/${id}/observations`, {
      cadreId: county.cadreId,
      ratings: { stance: 4 },
      notes: '表态积极',
    });
    expect(missing.json().error.message).toContain('请为 决策规范、主动作为 评分');
    const ok = await officer.post(`/api/scene/activities/${id}/observations`, {
      cadreId: county.cadreId,
      ratings: { stance: 4, rules: 5, initiative: 4 },
      stance: '主张先行调研，再按程序集体决策',
      followedRules: 'yes',
      notes: '对重大项目资金安排坚持集体决策，表态明确',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const detail = (await officer.get(`/api/scene/activities/${id}`)).json();
    expect(detail.observations).toHaveLength(1);
    expect(detail.observations[0]).toMatchObject({
      followedRules: 'yes',
      stance: '主张先行调研，再按程序集体决策',
    });
  });
});

describe('an emergency inspection (防汛抗台) with two cadres and a photo', () => {
  it('records both, keeps the photo with the observation, and shows the unit nothing', async () => {
    const res = await officer.post('/api/scene/activities', {
      kind: 'emergency',
      subtype: 'flood_typhoon',
      title: '第 8 号台风防御现场考察',
      place: '沿海堤塘',
      startsOn: '2026-08-10',
      endsOn: '2026-08-12',
    });
    expect(res.statusCode, res.body).toBe(201);
    emergencyId = res.json().id;
    const a = await officer.post(`/api/scene/activities/${emergencyId}/observations`, {
      cadreId: county.cadreId,
      ratings,
      notes: '连夜驻守堤塘，组织转移群众 300 余人',
    });
    expect(a.statusCode, a.body).toBe(200);
    observationId = a.json().id;
    const b = await officer.post(`/api/scene/activities/${emergencyId}/observations`, {
      cadreId: colleague,
      ratings: { front: 3, command: 3, masses: 4 },
      notes: '按要求到岗',
    });
    expect(b.statusCode).toBe(200);
    const photo = await officer.upload('/api/evidence/files', [{ name: '现场.png', bytes: onePixelPng() }], {
      ownerType: 'scene_observation',
      ownerId: observationId,
    });
    expect(photo.statusCode, photo.body).toBe(201);
    const fileId = photo.json().id;
    expect((await officer.get(`/api/evidence/files/${fileId}/content`)).statusCode).toBe(200);

    // The unit administrator reads no observation of its cadres, nor their photos.
    expect((await unitAdmin.get(`/api/scene/activities/${emergencyId}`)).statusCode).toBe(403);
    expect((await unitAdmin.get('/api/scene/activities')).statusCode).toBe(403);
    expect([403, 404]).toContain((await unitAdmin.get(`/api/evidence/files/${fileId}/content`)).statusCode);
    expect((await unitAdmin.get('/api/scene/mine')).statusCode).toBe(403);

    // The cadre knows an observation exists, but not its notes, ratings or photo, until released.
    const mine = (await self.get('/api/scene/mine')).json().items;
    const it = mine.find((m: { id: string }) => m.id === observationId);
    expect(it).toMatchObject({ activityTitle: '第 8 号台风防御现场考察', notes: null, ratings: null });
    expect(JSON.stringify(mine)).not.toContain('连夜驻守');
    expect([403, 404]).toContain((await self.get(`/api/evidence/files/${fileId}/content`)).statusCode);
    const timeline = JSON.stringify((await self.get(`/api/org/cadres/${county.cadreId}/timeline`)).json());
    expect(timeline).toContain('现场考察：急难险重专项考察');
    expect(timeline).not.toContain('连夜驻守');

    expect((await officer.post(`/api/scene/observations/${observationId}/release`)).statusCode).toBe(403);
    expect((await leader.post(`/api/scene/observations/${observationId}/release`)).statusCode).toBe(200);
    const released = (await self.get('/api/scene/mine'))
      .json()
      .items.find((m: { id: string }) => m.id === observationId);
    expect(released).toMatchObject({ notes: '连夜驻守堤塘，组织转移群众 300 余人', ratings });
    expect((await self.get(`/api/evidence/files/${fileId}/content`)).statusCode).toBe(200);
    // The colleague's observation stays out of this cadre's view.
    expect(JSON.stringify((await self.get('/api/scene/mine')).json())).not.toContain('按要求到岗');
  });

  it('takes a nomination of 担当作为突出 only for a cadre on record; a leader confirms it once', async () => {
    const nobody = await officer.post(`/api/scene/activities/${emergencyId}/nominations`, {
      cadreId: county.leaderCadreId,
      reason: '未参加本次现场但表现突出',
    });
    expect(nobody.json().error.message).toContain('有观察记录或评分的干部');
    const res = await officer.post(`/api/scene/activities/${emergencyId}/nominations`, {
      cadreId: county.cadreId,
      reason: '台风期间冲锋在前，转移群众及时',
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id;
    const twice = await officer.post(`/api/scene/activities/${emergencyId}/nominations`, {
      cadreId: county.cadreId,
      reason: '再次推荐同一人',
    });
    expect(twice.json().error.code).toBe('ALREADY_EXISTS');
    expect(
      (await officer.post(`/api/scene/nominations/${id}/decide`, { decision: 'confirmed' })).statusCode,
    ).toBe(403);
    const ok = await leader.post(`/api/scene/nominations/${id}/decide`, {
      decision: 'confirmed',
      note: '同意',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'confirmed', decidedBy: leader.user!.id });
    expect(
      (await leader.post(`/api/scene/nominations/${id}/decide`, { decision: 'declined' })).statusCode,
    ).toBe(409);
    const timeline = JSON.stringify((await self.get(`/api/org/cadres/${county.cadreId}/timeline`)).json());
    expect(timeline).toContain('担当作为突出：第 8 号台风防御现场考察');

    const stats = (await officer.get('/api/scene/stats?from=2026-01-01&to=2026-12-31')).json();
    expect(stats).toMatchObject({
      activities: 2,
      cadresObserved: 2,
      outstandingCount: 1,
      pendingNominations: 0,
    });
    expect(stats.outstanding[0]).toMatchObject({
      cadreId: county.cadreId,
      reason: '台风期间冲锋在前，转移群众及时',
    });
    const xlsx = await officer.get('/api/scene/stats/export?from=2026-01-01&to=2026-12-31');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const joint = await t.as('joint_office');
    expect((await joint.get('/api/scene/stats?from=2026-01-01&to=2026-12-31')).statusCode).toBe(200);
    expect((await joint.get(`/api/scene/activities/${emergencyId}`)).statusCode).toBe(403);
  });
});

describe('an event (实践破难挑战赛): judges’ scores with leniency correction', () => {
  it('centres each judge on their own mean before ranking', async () => {
    const dims = [
      { code: 'idea', name: '思路', weight: 30 },
      { code: 'measure', name: '实招', weight: 40 },
      { code: 'effect', name: '成效', weight: 30 },
    ];
    const all = (v: number) => ({ idea: v, measure: v, effect: v });
    // The lenient judge gives 10 more than the strict judge to everyone they both score; A and B
    // are equal in both judges' eyes, but only the lenient judge scored C (who is scored as
    // that judge's average participant): without correction C would rank first.
    const ranked = rankScores(dims, [
      { judge: '宽', cadreId: 'A', scores: all(90) },
      { judge: '宽', cadreId: 'B', scores: all(90) },
      { judge: '宽', cadreId: 'C', scores: all(93) },
      { judge: '严', cadreId: 'A', scores: all(80) },
      { judge: '严', cadreId: 'B', scores: all(80) },
    ]);
    const by = Object.fromEntries(ranked.map((r) => [r.cadreId, r]));
    expect(by.C!.raw).toBeGreaterThan(by.A!.raw);
    expect(by.A!.adjusted).toBe(by.B!.adjusted);
    expect(by.A!.rank).toBe(by.B!.rank);
    expect(by.C!.adjusted - by.A!.adjusted).toBeLessThan(by.C!.raw - by.A!.raw);
    expect(by.A!.byJudge.map((j) => j.total)).toEqual([90, 80]);
  });

  it('ranks the participants of a recorded event and refuses scores outside 0–100', async () => {
    const res = await officer.post('/api/scene/activities', {
      kind: 'event',
      subtype: 'challenge',
      title: '实践破难挑战赛（第一期）',
      startsOn: '2026-08-15',
      endsOn: '2026-08-15',
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id;
    const bad = await officer.post(`/api/scene/activities/${id}/scores`, {
      judge: '评委甲',
      cadreId: county.cadreId,
      scores: { idea: 120, measure: 80, effect: 80 },
    });
    expect(bad.statusCode).toBe(400);
    for (const [judge, a, b] of [
      ['评委甲', 85, 75],
      ['评委乙', 95, 90],
    ] as const) {
      expect(
        (
          await officer.post(`/api/scene/activities/${id}/scores`, {
            judge,
            cadreId: county.cadreId,
            scores: { idea: a, measure: a, effect: a },
          })
        ).statusCode,
      ).toBe(200);
      await officer.post(`/api/scene/activities/${id}/scores`, {
        judge,
        cadreId: colleague,
        scores: { idea: b, measure: b, effect: b },
      });
    }
    const observe = await officer.post(`/api/scene/activities/${id}/observations`, {
      cadreId: county.cadreId,
      ratings: { idea: 4 },
      notes: 'x',
    });
    expect(observe.json().error.message).toContain('评委评分');
    const detail = (await officer.get(`/api/scene/activities/${id}`)).json();
    expect(detail.ranking.map((r: { cadreId: string }) => r.cadreId)).toEqual([county.cadreId, colleague]);
    expect(detail.ranking[0]).toMatchObject({ rank: 1, judges: 2, raw: 90 });
  });
});
