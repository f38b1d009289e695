import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../../../test/app.ts';
import { onePixelPng } from '../../../../test/multipart.ts';
import { buildCadres, createActivity, observe, ok, scoreSheets } from '../../../../test/scene-factories.ts';

// Each test builds its own activities and cadres, dated in a month (or year) of its own, so that
// figures over a period or a year count only its records: any test runs alone.
let t: TestApp;
let officer: Agent;
let leader: Agent;

beforeAll(async () => {
  t = await createTestApp({ mode: 'production', start: '2026-08-20T02:00:00Z' });
  officer = await t.as('assessment_officer');
  leader = await t.as('org_leader');
});
afterAll(async () => t?.close());

const codeOf = (r: { body: string }) => JSON.parse(r.body).error.code as string;
/** The fields an error names, without the `body.` / `query.` they sit in. */
const pathsOf = (r: { body: string }) =>
  (JSON.parse(r.body).error.details ?? [])
    .map((d: { path: string }) => d.path.replace(/^(body|query)\./, ''))
    .sort();

describe('a party committee meeting attended (列席党委会议)', () => {
  it('needs the unit and at least one agenda item, and records what each cadre did', async () => {
    const { unit, cadres } = await buildCadres(t.deps.db, 1);
    const bad = await officer.post('/api/scene/activities', {
      kind: 'meeting',
      subtype: 'flood_typhoon',
      title: '列席党委会',
      startsOn: '2026-08-01',
      endsOn: '2026-08-01',
    });
    expect(bad.statusCode).toBe(400);
    expect(pathsOf(bad)).toEqual(['agenda', 'subtype', 'unitId']);
    const future = await officer.post('/api/scene/activities', {
      kind: 'meeting',
      subtype: 'party_committee',
      title: '列席党委会',
      unitId: unit.id,
      agenda: [{ title: '研究招商引资政策落实', tag: 'policy' }],
      startsOn: '2026-09-01',
      endsOn: '2026-09-01',
    });
    expect(future.statusCode).toBe(400);
    expect(pathsOf(future)).toEqual(['startsOn']);
    const a = await createActivity(officer, { kind: 'meeting', unitId: unit.id, startsOn: '2026-08-05' });
    expect(a.dimensions.map((d: { name: string }) => d.name)).toEqual(['表态担当', '决策规范', '主动作为']);
    const missing = await officer.post(`/api/scene/activities/${a.id}/observations`, {
      cadreId: cadres[0]!.id,
      ratings: { stance: 4, bogus: 3 },
      notes: '表态积极',
    });
    expect(missing.statusCode).toBe(400);
    expect(pathsOf(missing)).toEqual(['ratings.bogus', 'ratings.initiative', 'ratings.rules']);
    const saved = await officer.post(`/api/scene/activities/${a.id}/observations`, {
      cadreId: cadres[0]!.id,
      ratings: { stance: 4, rules: 5, initiative: 3 },
      stance: '主张先行调研，再按程序集体决策',
      followedRules: 'yes',
      notes: '对重大项目资金安排坚持集体决策，表态明确',
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const detail = ok(await officer.get(`/api/scene/activities/${a.id}`));
    expect(detail.can).toEqual({ update: true, record: true, nominate: true });
    expect(detail.observations).toHaveLength(1);
    expect(detail.observations[0]).toMatchObject({
      followedRules: 'yes',
      stance: '主张先行调研，再按程序集体决策',
      mean: 4,
      observer: officer.user!.displayName,
      calibrated: null,
      can: { correct: true, release: false, attach: true },
    });
    // One observer this year: nothing to calibrate against, and the page is told so.
    expect(detail.observationCalibration).toMatchObject({
      method: 'uncalibrated',
      raters: [{ calibrated: false }],
    });
    expect(detail.observationCalibration.reason).toContain('观察人');
    expect(detail.ranking).toBeNull();
    expect(ok(await leader.get(`/api/scene/activities/${a.id}`)).observations[0].can.release).toBe(true);
  });

  it('keeps the kind of an activity, and its dimensions once something is recorded', async () => {
    const { unit, cadres } = await buildCadres(t.deps.db, 1);
    const a = await createActivity(officer, { kind: 'meeting', unitId: unit.id, startsOn: '2026-08-06' });
    const body = {
      kind: 'meeting',
      subtype: 'party_committee',
      title: '改名后的会议',
      unitId: unit.id,
      agenda: a.agenda,
      startsOn: a.startsOn,
      endsOn: a.endsOn,
    };
    const kind = await officer.put(`/api/scene/activities/${a.id}`, {
      ...body,
      kind: 'emergency',
      subtype: 'other',
    });
    expect(codeOf(kind)).toBe('SCENE_KIND_FIXED');
    const renamed = ok(await officer.put(`/api/scene/activities/${a.id}`, body));
    expect(renamed.title).toBe('改名后的会议');
    await observe(officer, a, cadres[0]!.id, 4);
    const dims = await officer.put(`/api/scene/activities/${a.id}`, {
      ...body,
      dimensions: [{ code: 'only', name: '唯一维度' }],
    });
    expect(dims.statusCode).toBe(409);
    expect(codeOf(dims)).toBe('SCENE_DIMENSIONS_LOCKED');
  });
});

describe('observers’ conduct ratings, calibrated where observers rated the same cadres', () => {
  it('estimates each observer’s leniency from cadres both observed, and says when it cannot', async () => {
    // Two officers observe the same five cadres at two meetings of 2025; 宽 marks a star higher.
    const lenient = await t.as('assessment_officer', { displayName: '宽松的考察员' });
    const strict = await t.as('assessment_officer', { displayName: '严格的考察员' });
    const { unit, cadres } = await buildCadres(t.deps.db, 6);
    const first = await createActivity(officer, { kind: 'meeting', unitId: unit.id, startsOn: '2025-03-10' });
    const second = await createActivity(officer, {
      kind: 'meeting',
      unitId: unit.id,
      startsOn: '2025-06-10',
    });
    const level = [3, 4, 2, 3, 4];
    for (const [i, q] of level.entries()) {
      await observe(lenient, first, cadres[i]!.id, Math.min(5, q + 1));
      await observe(strict, second, cadres[i]!.id, q);
    }
    await observe(lenient, first, cadres[5]!.id, 5);
    const detail = ok(await officer.get(`/api/scene/activities/${first.id}`));
    const cal = detail.observationCalibration;
    expect(cal.method).toBe('crossed');
    expect(cal.scope).toContain('2025 年列席党委（党组）会议的观察记录 11 条（2 位观察人、6 名干部）');
    const byName = Object.fromEntries(cal.raters.map((r: { name: string }) => [r.name, r]));
    expect(byName.宽松的考察员.calibrated).toBe(true);
    expect(byName.宽松的考察员.leniency.estimate).toBeGreaterThan(byName.严格的考察员.leniency.estimate);
    const top = detail.observations.find((o: { cadreId: string }) => o.cadreId === cadres[5]!.id);
    expect(top.mean).toBe(5);
    expect(top.calibrated.estimate).toBeLessThan(5);
    expect(top.calibrated.low).toBeLessThan(top.calibrated.high);

    // An inspection of 2025 whose two observers never rated the same cadre: uncalibrated.
    const flood = await createActivity(officer, { kind: 'emergency', startsOn: '2025-07-01' });
    await observe(lenient, flood, cadres[0]!.id, 5);
    await observe(strict, flood, cadres[1]!.id, 3);
    const apart = ok(await officer.get(`/api/scene/activities/${flood.id}`));
    expect(apart.observationCalibration.method).toBe('uncalibrated');
    expect(apart.observationCalibration.reason).toContain('没有两位以上观察人共同评过的干部');
    expect(apart.observations.every((o: { calibrated: unknown }) => o.calibrated === null)).toBe(true);
  });
});

describe('an emergency inspection (防汛抗台) with two cadres and a photo', () => {
  it('records both, keeps the photo with the observation, and shows the unit nothing', async () => {
    const { unit, cadres } = await buildCadres(t.deps.db, 2);
    const [mine, colleague] = cadres as [(typeof cadres)[0], (typeof cadres)[0]];
    const self = await t.as('cadre', { cadreId: mine.id });
    const unitAdmin = await t.as('unit_admin', { unitId: unit.id });
    const a = await createActivity(officer, {
      kind: 'emergency',
      startsOn: '2026-08-10',
      title: '第 8 号台风防御现场考察',
    });
    const ratings = { front: 5, command: 4, masses: 5 };
    const first = ok(
      await officer.post(`/api/scene/activities/${a.id}/observations`, {
        cadreId: mine.id,
        ratings,
        notes: '连夜驻守堤塘，组织转移群众 300 余人',
      }),
    );
    const observationId = first.id as string;
    await observe(officer, a, colleague.id, 3, '按要求到岗');
    const photo = await officer.upload('/api/evidence/files', [{ name: '现场.png', bytes: onePixelPng() }], {
      ownerType: 'scene_observation',
      ownerId: observationId,
    });
    expect(photo.statusCode, photo.body).toBe(201);
    const fileId = photo.json().id;
    expect((await officer.get(`/api/evidence/files/${fileId}/content`)).statusCode).toBe(200);

    // The unit administrator reads no observation of its cadres, nor their photos.
    expect((await unitAdmin.get(`/api/scene/activities/${a.id}`)).statusCode).toBe(403);
    expect((await unitAdmin.get('/api/scene/activities')).statusCode).toBe(403);
    expect([403, 404]).toContain((await unitAdmin.get(`/api/evidence/files/${fileId}/content`)).statusCode);
    expect((await unitAdmin.get('/api/scene/mine')).statusCode).toBe(403);

    // The cadre knows an observation exists, but not its notes, ratings or photo, until released.
    const mineBefore = ok(await self.get('/api/scene/mine')).items;
    expect(mineBefore).toHaveLength(1);
    expect(mineBefore[0]).toMatchObject({
      id: observationId,
      activityTitle: '第 8 号台风防御现场考察',
      notes: null,
      ratings: null,
      pending: '考察记录尚未向本人公开',
    });
    expect([403, 404]).toContain((await self.get(`/api/evidence/files/${fileId}/content`)).statusCode);
    const timeline = JSON.stringify((await self.get(`/api/org/cadres/${mine.id}/timeline`)).json());
    expect(timeline).toContain('现场考察：急难险重专项考察');
    expect(timeline).not.toContain('连夜驻守');

    expect((await officer.post(`/api/scene/observations/${observationId}/release`)).statusCode).toBe(403);
    const released = await leader.post(`/api/scene/observations/${observationId}/release`);
    expect(released.statusCode, released.body).toBe(200);
    const again = await leader.post(`/api/scene/observations/${observationId}/release`);
    expect(codeOf(again)).toBe('SCENE_OBSERVATION_RELEASED');
    const after = ok(await leader.get(`/api/scene/activities/${a.id}`)).observations;
    expect(after.find((o: { id: string }) => o.id === observationId).can.release).toBe(false);
    const mineAfter = ok(await self.get('/api/scene/mine')).items;
    expect(mineAfter[0]).toMatchObject({
      notes: '连夜驻守堤塘，组织转移群众 300 余人',
      ratings,
      pending: null,
    });
    expect((await self.get(`/api/evidence/files/${fileId}/content`)).statusCode).toBe(200);
    // The colleague's observation stays out of this cadre's view.
    expect(JSON.stringify(mineAfter)).not.toContain('按要求到岗');
  });
});

describe('担当作为突出: nominations and their decision', () => {
  it('takes a nomination only for a cadre on record; a leader confirms it once; the month’s figures count it', async () => {
    const { cadres } = await buildCadres(t.deps.db, 2);
    const [on, off] = cadres as [(typeof cadres)[0], (typeof cadres)[0]];
    const self = await t.as('cadre', { cadreId: on.id });
    // June 2026 holds this test's activity only.
    const a = await createActivity(officer, { kind: 'emergency', startsOn: '2026-06-10', title: '抗台一线' });
    await observe(officer, a, on.id, 5);
    const nobody = await officer.post(`/api/scene/activities/${a.id}/nominations`, {
      cadreId: off.id,
      reason: '未参加本次现场但表现突出',
    });
    expect(codeOf(nobody)).toBe('SCENE_NOT_ON_RECORD');
    const res = await officer.post(`/api/scene/activities/${a.id}/nominations`, {
      cadreId: on.id,
      reason: '台风期间冲锋在前，转移群众及时',
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id;
    const twice = await officer.post(`/api/scene/activities/${a.id}/nominations`, {
      cadreId: on.id,
      reason: '再次推荐同一人',
    });
    expect(codeOf(twice)).toBe('SCENE_ALREADY_NOMINATED');
    // The flags say who may decide: a leader, while the nomination is pending.
    const listed = async (agent: Agent) =>
      ok(await agent.get('/api/scene/nominations?status=pending&pageSize=200'));
    expect((await listed(officer)).items.find((n: { id: string }) => n.id === id).can.decide).toBe(false);
    expect((await listed(leader)).items.find((n: { id: string }) => n.id === id).can.decide).toBe(true);
    expect(
      (await officer.post(`/api/scene/nominations/${id}/decide`, { decision: 'confirmed' })).statusCode,
    ).toBe(403);
    const decided = await leader.post(`/api/scene/nominations/${id}/decide`, {
      decision: 'confirmed',
      note: '同意',
    });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json()).toMatchObject({ status: 'confirmed', decidedBy: leader.user!.id });
    const again = await leader.post(`/api/scene/nominations/${id}/decide`, { decision: 'declined' });
    expect(again.statusCode).toBe(409);
    expect(codeOf(again)).toBe('SCENE_NOMINATION_DECIDED');
    const detail = ok(await leader.get(`/api/scene/activities/${a.id}`));
    expect(detail.nominations[0]).toMatchObject({ status: 'confirmed', can: { decide: false } });
    const timeline = JSON.stringify((await self.get(`/api/org/cadres/${on.id}/timeline`)).json());
    expect(timeline).toContain('担当作为突出：抗台一线');

    const stats = ok(await officer.get('/api/scene/stats?from=2026-06-01&to=2026-06-30'));
    expect(stats).toMatchObject({
      activities: 1,
      cadresObserved: 1,
      outstandingCount: 1,
      pendingNominations: 0,
      can: { openActivities: true, decide: false },
    });
    expect(stats.outstanding[0]).toMatchObject({ cadreId: on.id, reason: '台风期间冲锋在前，转移群众及时' });
    const backwards = await officer.get('/api/scene/stats?from=2026-06-30&to=2026-06-01');
    expect(backwards.statusCode).toBe(400);
    expect(pathsOf(backwards)).toEqual(['to']);
    const xlsx = await officer.get('/api/scene/stats/export?from=2026-06-01&to=2026-06-30');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const joint = await t.as('joint_office');
    const jointStats = ok(await joint.get('/api/scene/stats?from=2026-06-01&to=2026-06-30'));
    expect(jointStats.can).toMatchObject({ openActivities: false, decide: false });
    expect((await joint.get(`/api/scene/activities/${a.id}`)).statusCode).toBe(403);
  });
});

describe('an event (实践破难挑战赛): judges’ scores ranked by a crossed fit of participants and judges', () => {
  it('refuses scores outside 0–100 and records of the wrong kind', async () => {
    const { unit, cadres } = await buildCadres(t.deps.db, 1);
    const e = await createActivity(officer, { kind: 'event', startsOn: '2026-08-15' });
    const bad = await officer.post(`/api/scene/activities/${e.id}/scores`, {
      judge: '评委甲',
      cadreId: cadres[0]!.id,
      scores: { idea: 120, measure: 80, effect: 80 },
    });
    expect(bad.statusCode).toBe(400);
    const partial = await officer.post(`/api/scene/activities/${e.id}/scores`, {
      judge: '评委甲',
      cadreId: cadres[0]!.id,
      scores: { idea: 80 },
    });
    expect(pathsOf(partial)).toEqual(['scores.effect', 'scores.measure']);
    const observed = await officer.post(`/api/scene/activities/${e.id}/observations`, {
      cadreId: cadres[0]!.id,
      ratings: { idea: 4 },
      notes: 'x',
    });
    expect(codeOf(observed)).toBe('SCENE_EVENT_NEEDS_SCORES');
    const meeting = await createActivity(officer, {
      kind: 'meeting',
      unitId: unit.id,
      startsOn: '2026-08-15',
    });
    const scored = await officer.post(`/api/scene/activities/${meeting.id}/scores`, {
      judge: '评委甲',
      cadreId: cadres[0]!.id,
      scores: { stance: 80, rules: 80, initiative: 80 },
    });
    expect(codeOf(scored)).toBe('SCENE_NOT_AN_EVENT');
  });

  it('shows calibrated scores with intervals beside the raw means, the judges’ leniency, and warns of a judge with too few scores', async () => {
    const { cadres } = await buildCadres(t.deps.db, 7);
    const e = await createActivity(officer, { kind: 'event', startsOn: '2026-08-16' });
    // Three judges score six participants (宽 eight points above 严); 丁 scored one participant only.
    const field = [84, 80, 78, 76, 74, 70];
    const bias: Record<string, number> = { 评委宽: 8, 评委中: 0, 评委严: -8 };
    const sheets: [string, string, number][] = [];
    for (const [i, q] of field.entries())
      for (const [j, b] of Object.entries(bias)) sheets.push([j, cadres[i]!.id, q + b + (i % 2 ? 1 : -1)]);
    sheets.push(['评委丁', cadres[6]!.id, 95]);
    sheets.push(['评委中', cadres[6]!.id, 85]);
    await scoreSheets(officer, e.id, sheets);
    const r = ok(await officer.get(`/api/scene/activities/${e.id}`)).ranking;
    expect(r.method).toBe('crossed');
    expect(r.participants).toHaveLength(7);
    for (const p of r.participants) {
      expect(p.calibrated.low).toBeLessThan(p.calibrated.estimate);
      expect(p.calibrated.high).toBeGreaterThan(p.calibrated.estimate);
    }
    const first = r.participants.find((p: { cadreId: string }) => p.cadreId === cadres[0]!.id);
    expect(first).toMatchObject({ rank: 2, rawRank: 2, judges: 3, raw: 83, identified: true });
    expect(first.byJudge).toEqual([
      { judge: '评委严', total: 75 },
      { judge: '评委中', total: 83 },
      { judge: '评委宽', total: 91 },
    ]);
    // The one 丁 scored also had 中's 85: first, however 丁's single 95 is read.
    const star = r.participants.find((p: { cadreId: string }) => p.cadreId === cadres[6]!.id);
    expect(star).toMatchObject({ rank: 1, rawRank: 1, judges: 2, raw: 90 });
    expect(star.calibrated.estimate).toBeGreaterThan(first.calibrated.estimate);
    const judges = Object.fromEntries(r.raters.map((j: { name: string }) => [j.name, j]));
    // The planted leniency, eight points between neighbours, is recovered as the judges' differences
    // (their common level is not what the fit identifies: it shares it with the participants).
    const lenient = (name: string) => judges[name].leniency.estimate as number;
    expect(lenient('评委宽') - lenient('评委中')).toBeCloseTo(8, 0);
    expect(lenient('评委中') - lenient('评委严')).toBeCloseTo(8, 0);
    expect(lenient('评委宽')).toBeGreaterThan(0);
    expect(lenient('评委严')).toBeLessThan(0);
    expect(judges.评委丁).toMatchObject({ targets: 1, mean: 95, calibrated: true });
    expect(r.warnings).toEqual([
      {
        code: 'FEW_TARGETS',
        rater: '评委丁',
        message: '评委丁只评了 1 位参赛者（少于 3 位），其宽严估计依据不足',
      },
    ]);
  });
});
