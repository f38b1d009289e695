import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../../../test/app.ts';
import { buildCadre, buildUnit, seedSmallCounty } from '../../../../test/factories.ts';
import { buildDividedTeam, TEAM_START } from '../../../../test/org-factories.ts';
import { orgAppointments, orgCadres, orgDivisions, orgTimelineEvents } from '../../db/schema/index.ts';
import { systemCtx } from '../../lib/context.ts';
import { write } from '../../lib/tx.ts';
import { recordPostChange, recordRetirement, recordTransfer } from './cadres.service.ts';
import { addTimelineEvent } from './timeline.service.ts';

let t: TestApp;
let county: Awaited<ReturnType<typeof seedSmallCounty>>;
let leader: Agent;
let officer: Agent;
let sys: Agent;
let unitAdmin: Agent;
let self: Agent;

interface Cadre {
  id: string;
  name: string;
  unitId: string;
  unitName: string;
  post: string;
  teamPlace: string;
  rankCode: string;
  roleTypeCode: string;
  age: number;
  domains: string[];
  can: { edit: boolean; appoint: boolean; timeline: boolean };
}

beforeAll(async () => {
  t = await createTestApp({ mode: 'production', start: '2026-11-20T02:00:00Z' });
  county = await seedSmallCounty(t.deps);
  leader = await t.as('org_leader');
  officer = await t.as('assessment_officer');
  sys = await t.as('system_admin');
  unitAdmin = await t.as('unit_admin', { unitId: county.unitAdminUnitId });
  self = await t.as('cadre', { cadreId: county.cadreId });
});
afterAll(async () => t?.close());

const cadresOf = async (a: Agent, query = '') => (await a.get(`/api/org/cadres?pageSize=200${query}`)).json();
const ok = <T = unknown>(r: { statusCode: number; body: string }): T => {
  expect(r.statusCode, r.body).toBeLessThan(300);
  return JSON.parse(r.body || '{}') as T;
};
const codeOf = (r: { body: string }) => JSON.parse(r.body).error.code as string;

/** The seeded county's cadres only (tests add units and cadres of their own). */
async function countyCadres(): Promise<Cadre[]> {
  const tree = ok<{ tree: { key: string; children: { key: string }[] }[] }>(
    await leader.get('/api/org/units/tree'),
  ).tree;
  const unitIds = new Set(
    tree.filter((g) => g.key !== 'group:none').flatMap((g) => g.children.map((u) => u.key)),
  );
  return ((await cadresOf(leader)).items as Cadre[]).filter((c) => unitIds.has(c.unitId));
}

describe('the registry', () => {
  it('holds the small demo county: units in liaison groups, cadres in leadership teams', async () => {
    const tree = ok<{ tree: { key: string; title: string; children: unknown[] }[] }>(
      await leader.get('/api/org/units/tree'),
    ).tree.filter((g) => g.key !== 'group:none');
    expect(tree.map((g) => g.title.slice(0, 4))).toEqual(['第一编组', '第二编组']);
    expect(tree.flatMap((g) => g.children)).toHaveLength(6);
    const list = await countyCadres();
    expect(list).toHaveLength(40);
    // every unit has exactly one 正职
    const heads = list.filter((c) => c.teamPlace === '正职');
    expect(new Set(heads.map((c) => c.unitId)).size).toBe(6);
    expect(heads).toHaveLength(6);
  });

  it('filters and pages the cadre list', async () => {
    const all = (await cadresOf(leader)).items as Cadre[];
    const unitId = all[0]!.unitId;
    const byUnit = await cadresOf(leader, `&unitId=${unitId}`);
    expect(byUnit.items.every((c: Cadre) => c.unitId === unitId)).toBe(true);
    expect(byUnit.total).toBe(all.filter((c) => c.unitId === unitId).length);
    const deputies = await cadresOf(leader, `&teamPlace=${encodeURIComponent('副职')}`);
    expect(deputies.total).toBe(all.filter((c) => c.teamPlace === '副职').length);
    const young = await cadresOf(leader, '&ageBand=%3C%3D35');
    expect(young.items.every((c: Cadre) => c.age <= 36)).toBe(true);
    const invest = await cadresOf(leader, '&domain=investment_attraction');
    expect(invest.total).toBeGreaterThan(0);
    expect(invest.items.every((c: Cadre) => c.domains.includes('招商引资'))).toBe(true);
    const zs = await cadresOf(leader, '&roleTypeCode=zs');
    expect(zs.items.every((c: Cadre) => c.roleTypeCode === 'zs')).toBe(true);
    const page2 = (await leader.get('/api/org/cadres?pageSize=15&page=2')).json();
    expect(page2.items).toHaveLength(15);
    expect(page2.items[0].id).toBe(all[15]!.id);
    const named = await cadresOf(leader, `&q=${encodeURIComponent(all[3]!.name)}`);
    expect(named.items.map((c: Cadre) => c.id)).toContain(all[3]!.id);
  });

  it('records a read of assessment content in the audit chain by id only', async () => {
    await leader.get(`/api/org/cadres/${county.cadreId}`);
    const { rows } = await t.superuser(
      "SELECT action, object_id FROM audit_entries WHERE action = 'org.cadre.read' ORDER BY seq DESC LIMIT 1",
    );
    expect(rows[0]).toEqual({ action: 'org.cadre.read', object_id: county.cadreId });
  });
});

describe('configuration', () => {
  it('lets the system administrator name the jurisdiction, and nobody else', async () => {
    const res = await sys.put('/api/system/settings/jurisdiction', { name: '某某县', level: '县' });
    expect(res.statusCode).toBe(200);
    expect((await t.anonymous().get('/api/system/info')).json().jurisdiction).toEqual({
      name: '某某县',
      level: '县',
    });
    // Outside demo mode the login page is offered no accounts.
    expect((await t.anonymous().get('/api/system/info')).json().demo).toBeNull();
    expect(
      (await officer.put('/api/system/settings/jurisdiction', { name: 'x', level: '县' })).statusCode,
    ).toBe(403);
    expect((await sys.put('/api/system/settings/jurisdiction', { name: '', level: '镇' })).statusCode).toBe(
      400,
    );
  });

  it('adds a town, and refuses a second one with the same code', async () => {
    const created = await officer.post('/api/org/regions', { code: 'R90', name: '新设镇', kind: 'town' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ code: 'R90', name: '新设镇', kind: 'town' });
    const dup = await officer.post('/api/org/regions', { code: 'R90', name: '另一个镇', kind: 'town' });
    expect(dup.statusCode).toBe(409);
    expect(codeOf(dup)).toBe('ALREADY_EXISTS');
  });

  it('lets every signed-in role read the regions, a data provider’s indicator catalogue included', async () => {
    const provider = await t.as('data_provider');
    const regions = ok<{ items: { kind: string }[] }>(await provider.get('/api/org/regions')).items;
    expect(regions.some((r) => r.kind === 'jurisdiction')).toBe(true);
    // …but not the directory of cadres, nor assessment content.
    expect((await provider.get('/api/org/directory/cadres')).statusCode).toBe(403);
    expect((await provider.get('/api/org/cadres')).statusCode).toBe(403);
    expect((await t.anonymous().get('/api/org/regions')).statusCode).toBe(401);
  });

  it('keeps a dictionary item’s kind and code, and refuses a unit placed under itself', async () => {
    const item = ok<{ id: string; can: { edit: boolean } }>(
      await officer.post('/api/org/dict', { kind: 'tag', code: 'test_tag', name: '测试标签' }),
    );
    expect(item.can.edit).toBe(true);
    const renamed = await officer.put(`/api/org/dict/${item.id}`, {
      kind: 'tag',
      code: 'other',
      name: '测试',
    });
    expect(codeOf(renamed)).toBe('ORG_DICT_KEY_FIXED');
    expect(renamed.json().error.details[0].path).toBe('body.code');
    expect(
      ok<{ name: string }>(
        await officer.put(`/api/org/dict/${item.id}`, { kind: 'tag', code: 'test_tag', name: '改名标签' }),
      ).name,
    ).toBe('改名标签');

    const parent = await buildUnit(t.deps.db);
    const child = await buildUnit(t.deps.db, { regionId: parent.regionId });
    const body = (u: typeof parent, parentId: string | null) => ({
      code: u.code,
      name: u.name,
      kind: u.kind,
      regionId: u.regionId,
      parentId,
    });
    expect(
      ok<{ parentId: string }>(await officer.put(`/api/org/units/${child.id}`, body(child, parent.id)))
        .parentId,
    ).toBe(parent.id);
    const loop = await officer.put(`/api/org/units/${parent.id}`, body(parent, child.id));
    expect(codeOf(loop)).toBe('ORG_UNIT_OWN_PARENT');
    expect(loop.json().error.details[0].path).toBe('body.parentId');
  });
});

describe('who sees what', () => {
  it('shows the system administrator names, units and posts, and nothing more', async () => {
    const dir = (await sys.get('/api/org/directory/cadres?pageSize=5')).json();
    expect(dir.items).toHaveLength(5);
    expect(Object.keys(dir.items[0]).sort()).toEqual(['id', 'name', 'post', 'unitId', 'unitName']);
    expect((await sys.get('/api/org/cadres')).statusCode).toBe(403);
    expect((await sys.get(`/api/org/cadres/${county.cadreId}`)).statusCode).toBe(403);
    expect((await sys.get(`/api/org/cadres/${county.cadreId}/timeline`)).statusCode).toBe(403);
    expect((await sys.get(`/api/org/cadres/${county.cadreId}/responsibilities`)).statusCode).toBe(403);
  });

  it('keeps a unit administrator to the own unit', async () => {
    const own = await cadresOf(unitAdmin);
    expect(own.total).toBeGreaterThan(0);
    expect(own.items.every((c: Cadre) => c.unitId === county.unitAdminUnitId)).toBe(true);
    const other = (await countyCadres()).find((c) => c.unitId !== county.unitAdminUnitId)!;
    const res = await unitAdmin.get(`/api/org/cadres/${other.id}`);
    expect(res.statusCode).toBe(403);
    expect(codeOf(res)).toBe('FORBIDDEN');
    expect((await unitAdmin.get(`/api/org/units/${other.unitId}/divisions`)).statusCode).toBe(403);
    expect((await unitAdmin.get(`/api/org/cadres/${own.items[0].id}`)).statusCode).toBe(200);
  });

  it('lets a cadre read only the own record', async () => {
    expect((await self.get(`/api/org/cadres/${county.cadreId}`)).statusCode).toBe(200);
    const others = (await countyCadres()).filter((c) => c.id !== county.cadreId);
    expect((await self.get(`/api/org/cadres/${others[0]!.id}`)).statusCode).toBe(403);
    expect((await self.get(`/api/org/cadres/${others[0]!.id}/timeline`)).statusCode).toBe(403);
    const mine = await cadresOf(self);
    expect(mine.items.map((c: Cadre) => c.id)).toEqual([county.cadreId]);
  });

  it('says on each record what the reader may do with it, by the one policy', async () => {
    const flags = async (a: Agent, id: string) => ok<Cadre>(await a.get(`/api/org/cadres/${id}`)).can;
    expect(await flags(officer, county.cadreId)).toEqual({ edit: true, appoint: true, timeline: true });
    expect(await flags(self, county.cadreId)).toEqual({ edit: false, appoint: false, timeline: true });
    expect(await flags(unitAdmin, county.cadreId)).toEqual({ edit: false, appoint: false, timeline: true });
    const office = await t.as('joint_office');
    expect(await flags(office, county.cadreId)).toEqual({ edit: false, appoint: false, timeline: false });

    const other = (await countyCadres()).find((c) => c.unitId !== county.unitAdminUnitId)!;
    const unit = async (a: Agent, id: string) => ok<{ can: object }>(await a.get(`/api/org/units/${id}`)).can;
    expect(await unit(officer, other.unitId)).toEqual({ edit: true, team: true, division: true });
    expect(await unit(unitAdmin, county.unitAdminUnitId)).toEqual({
      edit: false,
      team: true,
      division: true,
    });
    expect(await unit(unitAdmin, other.unitId)).toEqual({ edit: false, team: false, division: false });
    expect(await unit(office, other.unitId)).toEqual({ edit: false, team: true, division: false });
    expect(await unit(sys, other.unitId)).toEqual({ edit: false, team: false, division: false });

    // A unit administrator's pages open on the own unit; the organization department's on none.
    expect(ok<{ home: string | null }>(await unitAdmin.get('/api/org/units/tree')).home).toBe(
      county.unitAdminUnitId,
    );
    expect(ok<{ home: string | null }>(await officer.get('/api/org/units/tree')).home).toBeNull();
    // Whether a version goes to the department for review is the server's to say.
    const review = async (a: Agent) =>
      ok<{ sentForReview: boolean }>(await a.get(`/api/org/units/${county.unitAdminUnitId}/divisions`))
        .sentForReview;
    expect(await review(unitAdmin)).toBe(true);
    expect(await review(officer)).toBe(false);

    const periods = ok<{ items: { quarter: number | null; status: string; can: object }[] }>(
      await officer.get('/api/org/periods'),
    ).items;
    expect(periods.every((p) => JSON.stringify(p.can) === '{"close":false,"reopen":false}')).toBe(true);
    const asLeader = ok<{ items: { status: string; can: { close: boolean; reopen: boolean } }[] }>(
      await leader.get('/api/org/periods'),
    ).items;
    for (const p of asLeader)
      expect(p.can).toEqual({ close: p.status === 'open', reopen: p.status === 'closed' });
  });
});

describe('responsibility scope across a transfer', () => {
  it('answers what a cadre was responsible for on each side of the transfer date', async () => {
    const from = await buildDividedTeam(t.deps, { domains: ['investment_attraction', 'industry'] });
    const to = await buildDividedTeam(t.deps);
    const mover = from.deputies[0]!;
    const before = ok<{ responsibilities: { unitId: string; scopes: { label: string }[] }[] }>(
      await leader.get(`/api/org/cadres/${mover.id}/responsibilities?date=2026-10-31`),
    );
    expect(before.responsibilities).toHaveLength(1);
    expect(before.responsibilities[0]!.unitId).toBe(from.unit.id);
    expect(before.responsibilities[0]!.scopes.map((s) => s.label)).toEqual(['招商引资']);

    const a = ok<{ kind: string; unitName: string; kindLabel: string }>(
      await officer.post(`/api/org/cadres/${mover.id}/transfer`, {
        unitId: to.unit.id,
        post: '副主任',
        teamPlace: '副职',
        date: '2026-11-01',
        docNo: '玉委〔2026〕99号',
      }),
    );
    expect(a).toMatchObject({ kind: 'transfer', kindLabel: '调动', unitName: to.unit.name });

    const still = (await leader.get(`/api/org/cadres/${mover.id}/responsibilities?date=2026-10-31`)).json();
    expect(still.responsibilities[0].unitId).toBe(from.unit.id); // history unchanged
    const after = (await leader.get(`/api/org/cadres/${mover.id}/responsibilities?date=2026-11-01`)).json();
    expect(after.responsibilities).toHaveLength(1);
    expect(after.responsibilities[0].unitId).toBe(to.unit.id);
    expect(after.responsibilities[0].duties).toBe('分工待定');
    expect(after.responsibilities[0].scopes).toEqual([]);

    // The old unit got a new version without the mover; the old version is kept as it was.
    const versions = (await leader.get(`/api/org/units/${from.unit.id}/divisions`)).json().items;
    expect(versions).toHaveLength(2);
    expect(versions[0]).toMatchObject({ effectiveFrom: '2026-11-01', effectiveTo: null, members: 2 });
    expect(versions[1]).toMatchObject({ effectiveFrom: TEAM_START, effectiveTo: '2026-11-01', members: 3 });
    const v1 = (await leader.get(`/api/org/divisions/${versions[1].id}`)).json();
    const v2 = (await leader.get(`/api/org/divisions/${versions[0].id}`)).json();
    expect(v1.members.map((m: { cadreId: string }) => m.cadreId)).toContain(mover.id);
    expect(v2.members.map((m: { cadreId: string }) => m.cadreId)).not.toContain(mover.id);

    // The appointment history and the timeline show the move.
    const history = (await leader.get(`/api/org/cadres/${mover.id}/appointments`)).json().items;
    expect(history[0]).toMatchObject({
      kind: 'transfer',
      unitId: to.unit.id,
      startsOn: '2026-11-01',
      endsOn: null,
    });
    expect(history[1]).toMatchObject({ endsOn: '2026-10-31' });
    const timeline = (await leader.get(`/api/org/cadres/${mover.id}/timeline`)).json().items;
    expect(timeline[0].title).toMatch(/^调任/);
  });

  it('refuses a transfer to the same unit, one dated before the current post, and one of a retired cadre', async () => {
    const team = await buildDividedTeam(t.deps);
    const other = await buildUnit(t.deps.db);
    const [first, second] = team.deputies;
    const transfer = (id: string, o: object = {}) =>
      officer.post(`/api/org/cadres/${id}/transfer`, {
        unitId: other.id,
        post: '副局长',
        teamPlace: '副职',
        date: '2026-11-02',
        ...o,
      });
    const same = await transfer(first!.id, { unitId: team.unit.id });
    expect(codeOf(same)).toBe('ORG_TRANSFER_SAME_UNIT');
    expect(same.json().error.details[0].path).toBe('body.unitId');
    const early = await transfer(first!.id, { date: '2023-12-31' });
    expect(codeOf(early)).toBe('ORG_APPOINTMENT_DATE_TOO_EARLY');
    const badRank = await transfer(first!.id, { rankCode: 'nonsense' });
    expect(codeOf(badRank)).toBe('ORG_DICT_CODE_UNKNOWN');
    expect(badRank.json().error.details[0].path).toBe('body.rankCode');

    const retired = ok<{ kind: string; endsOn: string }>(
      await officer.post(`/api/org/cadres/${second!.id}/retire`, { kind: 'retire', date: '2026-11-03' }),
    );
    expect(retired).toMatchObject({ kind: 'retire', endsOn: '2026-11-03' });
    expect(codeOf(await transfer(second!.id))).toBe('ORG_CADRE_NOT_ACTIVE');
    const post = await officer.post(`/api/org/cadres/${second!.id}/post`, {
      kind: 'promote',
      post: '局长',
      teamPlace: '正职',
      date: '2026-11-04',
    });
    expect(codeOf(post)).toBe('ORG_CADRE_NOT_ACTIVE');
    expect(ok<Cadre>(await officer.get(`/api/org/cadres/${second!.id}`)).can).toMatchObject({
      appoint: false,
    });
    // Nothing of the refused changes was written.
    const rows = await t.deps.db.select().from(orgAppointments).where(eq(orgAppointments.cadreId, first!.id));
    expect(rows).toHaveLength(1);
  });

  it('refuses changes dated in a closed period', async () => {
    const team = await buildDividedTeam(t.deps);
    const other = await buildUnit(t.deps.db);
    const res = await officer.post(`/api/org/cadres/${team.deputies[0]!.id}/transfer`, {
      unitId: other.id,
      post: '副局长',
      teamPlace: '副职',
      date: '2026-05-01', // the seeded county's second quarter is closed
    });
    expect(res.statusCode).toBe(409);
    expect(codeOf(res)).toBe('PERIOD_CLOSED');
    const division = await officer.post(`/api/org/units/${team.unit.id}/divisions`, {
      effectiveFrom: '2026-03-01',
      members: [],
    });
    expect(codeOf(division)).toBe('PERIOD_CLOSED');
  });
});

describe('division of labour', () => {
  it('lets a unit administrator record a new version of the own unit, for the organization department to review', async () => {
    const team = await buildDividedTeam(t.deps, { domains: ['rural'] });
    const admin = await t.as('unit_admin', { unitId: team.unit.id });
    const versions = (await admin.get(`/api/org/units/${team.unit.id}/divisions`)).json().items;
    const current = (await admin.get(`/api/org/divisions/${versions[0].id}`)).json();
    const members = current.members.map((m: { cadreId: string; duties: string; scopes: unknown[] }) => ({
      cadreId: m.cadreId,
      duties: m.duties,
      scopes: m.scopes,
    }));
    members[0].duties = '主持全面工作，分管招商引资';
    members[0].scopes = [{ kind: 'domain', ref: 'investment_attraction', lead: true }];
    const res = await admin.post(`/api/org/units/${team.unit.id}/divisions`, {
      effectiveFrom: '2026-11-15',
      docNo: '投促〔2026〕9号',
      reason: '分工微调',
      members,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ unitId: team.unit.id, version: 2, sentForReview: true });
    const todos = (await officer.get('/api/todo/items')).json();
    const item = todos.items.find((i: { recordId: string }) => i.recordId === res.json().id);
    expect(item.title).toMatch(/班子分工调整/);
    expect((await officer.post(`/api/todo/items/${item.id}/done`)).statusCode).toBe(200);
    expect(
      (await officer.get('/api/todo/items')).json().items.map((i: { id: string }) => i.id),
    ).not.toContain(item.id);
    // The old version is unchanged.
    const old = (await admin.get(`/api/org/divisions/${versions[0].id}`)).json();
    expect(old.members[0].duties).toBe(current.members[0].duties);
  });

  it('refuses another unit, a cadre from outside the unit and an unknown domain', async () => {
    const team = await buildDividedTeam(t.deps);
    const stranger = await buildCadre(t.deps.db);
    const admin = await t.as('unit_admin', { unitId: team.unit.id });
    const foreign = await admin.post(`/api/org/units/${stranger.unitId}/divisions`, {
      effectiveFrom: '2026-11-16',
      members: [],
    });
    expect(foreign.statusCode).toBe(403);
    const outsider = await officer.post(`/api/org/units/${team.unit.id}/divisions`, {
      effectiveFrom: '2026-11-16',
      members: [
        { cadreId: team.head.id, duties: 'x', scopes: [] },
        { cadreId: stranger.id, duties: 'x', scopes: [] },
      ],
    });
    expect(outsider.statusCode).toBe(400);
    expect(codeOf(outsider)).toBe('ORG_DIVISION_MEMBER_OUTSIDE_UNIT');
    expect(outsider.json().error.details.map((d: { path: string }) => d.path)).toEqual([
      'body.members.1.cadreId',
    ]);
    const twice = await officer.post(`/api/org/units/${team.unit.id}/divisions`, {
      effectiveFrom: '2026-11-16',
      members: [
        { cadreId: team.head.id, scopes: [] },
        { cadreId: team.head.id, scopes: [] },
      ],
    });
    expect(codeOf(twice)).toBe('ORG_DIVISION_DUPLICATE_MEMBER');
    const badDomain = await officer.post(`/api/org/units/${team.unit.id}/divisions`, {
      effectiveFrom: '2026-11-16',
      members: [{ cadreId: team.head.id, duties: 'x', scopes: [{ kind: 'domain', ref: 'no_such_domain' }] }],
    });
    expect(badDomain.statusCode).toBe(400);
    expect(codeOf(badDomain)).toBe('ORG_SCOPE_REF_UNKNOWN');
    expect(badDomain.json().error.details[0].path).toBe('body.members.0.scopes.0.ref');
    expect((await officer.get(`/api/org/units/${team.unit.id}/divisions`)).json().items).toHaveLength(1);
  });
});

describe('cadre records', () => {
  it('creates a cadre with the first appointment, and refuses bad input without writing', async () => {
    const unit = await buildUnit(t.deps.db);
    const body = {
      code: 'T0001',
      name: '测试新人',
      sex: '女',
      birthYear: 1992,
      birthMonth: 3,
      unitId: unit.id,
      post: '副主任',
      teamPlace: '副职',
      rankCode: 'fuke',
      startsOn: '2026-11-18',
    };
    const created = await officer.post('/api/org/cadres', body);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      code: 'T0001',
      unitId: unit.id,
      unitName: unit.name,
      rankName: '副科级',
      can: { edit: true, appoint: true },
    });
    const dup = await officer.post('/api/org/cadres', { ...body, name: '另一人' });
    expect(dup.statusCode).toBe(409);
    expect(codeOf(dup)).toBe('ALREADY_EXISTS');
    const badRank = await officer.post('/api/org/cadres', { ...body, code: 'T0002', rankCode: 'nonsense' });
    expect(badRank.statusCode).toBe(400);
    expect(codeOf(badRank)).toBe('ORG_DICT_CODE_UNKNOWN');
    expect(badRank.json().error.details[0].path).toBe('body.rankCode');
    const badYear = await officer.post('/api/org/cadres', { ...body, code: 'T0003', birthYear: 1900 });
    expect(badYear.statusCode).toBe(400);
    expect(codeOf(badYear)).toBe('VALIDATION_FAILED');
    expect(badYear.json().error.details[0].path).toBe('body.birthYear');
    const { rows } = await t.superuser(
      "SELECT count(*)::int AS n FROM org_cadres WHERE code IN ('T0002','T0003')",
    );
    expect(rows[0]!.n).toBe(0);
  });

  it('changes a post within the unit and keeps the history', async () => {
    const team = await buildDividedTeam(t.deps);
    const c = team.deputies[0]!;
    const a = ok<{ kind: string; post: string; unitId: string }>(
      await officer.post(`/api/org/cadres/${c.id}/post`, {
        kind: 'promote',
        post: '常务副局长',
        teamPlace: '副职',
        date: '2026-11-10',
      }),
    );
    expect(a).toMatchObject({ kind: 'promote', post: '常务副局长', unitId: team.unit.id });
    expect(ok<Cadre>(await officer.get(`/api/org/cadres/${c.id}`)).post).toBe('常务副局长');
    const history = ok<{ items: { endsOn: string | null }[] }>(
      await officer.get(`/api/org/cadres/${c.id}/appointments`),
    ).items;
    expect(history.map((h) => h.endsOn)).toEqual([null, '2026-11-09']);
  });

  it('exports the list to xlsx with a watermark line, and records the export', async () => {
    const res = await leader.get('/api/org/cadres/export');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/filename\*=UTF-8''/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const stamp = String(ws.getRow(1).getCell(1).value);
    expect(stamp).toContain('内部资料');
    expect(stamp).toContain(leader.user!.username);
    expect(ws.getRow(3).getCell(2).value).toBe('姓名');
    expect(ws.rowCount).toBe(3 + (await cadresOf(leader)).total);
    const { rows } = await t.superuser(
      "SELECT count(*)::int AS n FROM audit_entries WHERE action = 'org.cadres.export' AND user_id = $1",
      [leader.user!.id],
    );
    expect(rows[0]!.n).toBe(1);
  });

  it('lets the organization department close and reopen a period', async () => {
    const team = await buildDividedTeam(t.deps);
    const periods = (await leader.get('/api/org/periods')).json().items;
    const q4 = periods.find((p: { quarter: number | null }) => p.quarter === 4);
    expect((await officer.post(`/api/org/periods/${q4.id}/close`)).statusCode).toBe(403);
    const closed = ok<{ status: string; closedByName: string; can: object }>(
      await leader.post(`/api/org/periods/${q4.id}/close`),
    );
    expect(closed).toMatchObject({ status: 'closed', can: { close: false, reopen: true } });
    expect(closed.closedByName).toBeTruthy();
    try {
      const blocked = await officer.post(`/api/org/cadres/${team.deputies[0]!.id}/post`, {
        kind: 'promote',
        post: '局长',
        teamPlace: '正职',
        date: '2026-11-19',
      });
      expect(codeOf(blocked)).toBe('PERIOD_CLOSED');
      expect(codeOf(await leader.post(`/api/org/periods/${q4.id}/close`))).toBe('ORG_PERIOD_UNCHANGED');
    } finally {
      expect((await leader.post(`/api/org/periods/${q4.id}/reopen`)).json().status).toBe('open');
    }
  });
});

describe('appointments in a caller’s transaction', () => {
  const transferBody = (unitId: string) => ({
    unitId,
    post: '副主任',
    teamPlace: '副职' as const,
    date: '2026-11-05',
    docNo: '玉委〔2026〕120号',
  });

  /** What the registry holds about a cadre and the two units: to compare before and after. */
  async function registryOf(cadreId: string, unitIds: string[]) {
    const db = t.deps.db;
    const [cadre] = await db.select().from(orgCadres).where(eq(orgCadres.id, cadreId));
    const appointments = await db.select().from(orgAppointments).where(eq(orgAppointments.cadreId, cadreId));
    const divisions = [];
    for (const u of unitIds)
      divisions.push(...(await db.select().from(orgDivisions).where(eq(orgDivisions.unitId, u))));
    const timeline = await db.select().from(orgTimelineEvents).where(eq(orgTimelineEvents.cadreId, cadreId));
    const { rows: audit } = await t.superuser(
      'SELECT count(*)::int AS n FROM audit_entries WHERE object_id = $1',
      [cadreId],
    );
    return { cadre, appointments, divisions, timeline, audit };
  }

  it('leaves the registry as it was when the caller rolls back', async () => {
    const from = await buildDividedTeam(t.deps, { domains: ['ecology'] });
    const to = await buildDividedTeam(t.deps);
    const mover = from.deputies[0]!;
    const before = await registryOf(mover.id, [from.unit.id, to.unit.id]);
    const ctx = systemCtx(t.deps);
    const decision = write(ctx, async (tx, audit) => {
      audit({ action: 'test.decision', objectType: 'cadre', objectId: mover.id });
      await recordTransfer(ctx, tx, audit, mover.id, transferBody(to.unit.id));
      await recordPostChange(ctx, tx, audit, mover.id, {
        kind: 'promote',
        post: '主任',
        teamPlace: '正职',
        date: '2026-11-06',
      });
      // The caller's own write fails after the registry changed: everything goes.
      throw new Error('决定未通过');
    });
    await expect(decision).rejects.toThrow('决定未通过');
    expect(await registryOf(mover.id, [from.unit.id, to.unit.id])).toEqual(before);
  });

  it('commits the registry change with the caller’s own records and audit entries', async () => {
    const from = await buildDividedTeam(t.deps);
    const to = await buildDividedTeam(t.deps);
    const mover = from.deputies[1]!;
    const ctx = systemCtx(t.deps);
    const a = await write(ctx, async (tx, audit) => {
      await addTimelineEvent(tx, {
        cadreId: mover.id,
        occurredOn: '2026-11-05',
        module: 'test',
        kind: 'decision',
        title: '人事决定',
      });
      audit({ action: 'test.decision', objectType: 'cadre', objectId: mover.id });
      const transferred = await recordTransfer(ctx, tx, audit, mover.id, transferBody(to.unit.id));
      await recordRetirement(ctx, tx, audit, mover.id, { kind: 'leave', date: '2026-11-07' });
      return transferred;
    });
    expect(a).toMatchObject({ kind: 'transfer', unitId: to.unit.id, unitName: to.unit.name });
    const after = await registryOf(mover.id, [from.unit.id, to.unit.id]);
    expect(after.cadre).toMatchObject({ status: 'left' });
    expect(after.appointments.map((x) => x.kind).sort()).toEqual(['appoint', 'leave', 'transfer']);
    expect(after.timeline.map((e) => e.title)).toEqual(expect.arrayContaining(['人事决定', '离任']));
    const { rows } = await t.superuser('SELECT action FROM audit_entries WHERE object_id = $1 ORDER BY seq', [
      mover.id,
    ]);
    expect(rows.map((r) => r.action)).toEqual(['test.decision', 'org.cadre.transfer', 'org.cadre.leave']);
  });
});
