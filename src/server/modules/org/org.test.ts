import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../../../test/app.ts';
import { seedSmallCounty } from '../../../../test/factories.ts';

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

describe('the registry', () => {
  it('holds the small demo county: units in liaison groups, cadres in leadership teams', async () => {
    const tree = (await leader.get('/api/org/units/tree')).json().tree;
    expect(tree.map((g: { title: string }) => g.title.slice(0, 4))).toEqual(['第一编组', '第二编组']);
    const units = tree.flatMap((g: { children: unknown[] }) => g.children);
    expect(units).toHaveLength(6);
    const list = await cadresOf(leader);
    expect(list.total).toBe(40);
    // every unit has exactly one 正职
    const heads = list.items.filter((c: Cadre) => c.teamPlace === '正职');
    expect(new Set(heads.map((c: Cadre) => c.unitId)).size).toBe(6);
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
    expect(
      (await officer.put('/api/system/settings/jurisdiction', { name: 'x', level: '县' })).statusCode,
    ).toBe(403);
    expect((await sys.put('/api/system/settings/jurisdiction', { name: '', level: '镇' })).statusCode).toBe(
      400,
    );
  });

  it('adds a town, and refuses a second one with the same code by name', async () => {
    const ok = await officer.post('/api/org/regions', { code: 'R90', name: '新设镇', kind: 'town' });
    expect(ok.statusCode).toBe(201);
    const dup = await officer.post('/api/org/regions', { code: 'R90', name: '另一个镇', kind: 'town' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.message).toBe('区域代码已被使用');
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
    const other = ((await cadresOf(leader)).items as Cadre[]).find(
      (c) => c.unitId !== county.unitAdminUnitId,
    )!;
    const res = await unitAdmin.get(`/api/org/cadres/${other.id}`);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toMatch(/本单位/);
    expect((await unitAdmin.get(`/api/org/units/${other.unitId}/divisions`)).statusCode).toBe(403);
    expect((await unitAdmin.get(`/api/org/cadres/${own.items[0].id}`)).statusCode).toBe(200);
  });

  it('lets a cadre read only the own record', async () => {
    expect((await self.get(`/api/org/cadres/${county.cadreId}`)).statusCode).toBe(200);
    const others = ((await cadresOf(leader)).items as Cadre[]).filter((c) => c.id !== county.cadreId);
    expect((await self.get(`/api/org/cadres/${others[0]!.id}`)).statusCode).toBe(403);
    expect((await self.get(`/api/org/cadres/${others[0]!.id}/timeline`)).statusCode).toBe(403);
    const mine = await cadresOf(self);
    expect(mine.items.map((c: Cadre) => c.id)).toEqual([county.cadreId]);
  });
});

describe('responsibility scope across a transfer', () => {
  it('answers what a cadre was responsible for on each side of the transfer date', async () => {
    const all = (await cadresOf(leader)).items as Cadre[];
    const mover = all.find(
      (c) => c.unitId === county.unitAdminUnitId && c.teamPlace === '副职' && c.domains.length,
    )!;
    const target = all.find((c) => c.unitId !== county.unitAdminUnitId && c.teamPlace === '正职')!;
    const before = (await leader.get(`/api/org/cadres/${mover.id}/responsibilities?date=2026-10-31`)).json();
    expect(before.responsibilities).toHaveLength(1);
    expect(before.responsibilities[0].unitId).toBe(county.unitAdminUnitId);
    const domainLabels = before.responsibilities[0].scopes.map((s: { label: string }) => s.label);
    expect(domainLabels).toEqual(mover.domains);

    const res = await officer.post(`/api/org/cadres/${mover.id}/transfer`, {
      unitId: target.unitId,
      post: '副主任',
      teamPlace: '副职',
      date: '2026-11-01',
      docNo: '玉委〔2026〕99号',
    });
    expect(res.statusCode).toBe(200);

    const still = (await leader.get(`/api/org/cadres/${mover.id}/responsibilities?date=2026-10-31`)).json();
    expect(still.responsibilities[0].unitId).toBe(county.unitAdminUnitId); // history unchanged
    const after = (await leader.get(`/api/org/cadres/${mover.id}/responsibilities?date=2026-11-01`)).json();
    expect(after.responsibilities).toHaveLength(1);
    expect(after.responsibilities[0].unitId).toBe(target.unitId);
    expect(after.responsibilities[0].duties).toBe('分工待定');
    expect(after.responsibilities[0].scopes).toEqual([]);

    // The old unit got a new version without the mover; the old version is kept as it was.
    const versions = (await leader.get(`/api/org/units/${county.unitAdminUnitId}/divisions`)).json().items;
    expect(versions[0]).toMatchObject({ effectiveFrom: '2026-11-01', effectiveTo: null });
    expect(versions[1]).toMatchObject({ effectiveTo: '2026-11-01' });
    const v1 = (await leader.get(`/api/org/divisions/${versions[1].id}`)).json();
    const v2 = (await leader.get(`/api/org/divisions/${versions[0].id}`)).json();
    expect(v1.members.map((m: { cadreId: string }) => m.cadreId)).toContain(mover.id);
    expect(v2.members.map((m: { cadreId: string }) => m.cadreId)).not.toContain(mover.id);
    expect(v2.members).toHaveLength(v1.members.length - 1);

    // The appointment history and the timeline show the move.
    const history = (await leader.get(`/api/org/cadres/${mover.id}/appointments`)).json().items;
    expect(history[0]).toMatchObject({
      kind: 'transfer',
      unitId: target.unitId,
      startsOn: '2026-11-01',
      endsOn: null,
    });
    expect(history[1]).toMatchObject({ endsOn: '2026-10-31' });
    const timeline = (await leader.get(`/api/org/cadres/${mover.id}/timeline`)).json().items;
    expect(timeline[0].title).toMatch(/^调任/);
  });

  it('refuses changes dated in a closed period', async () => {
    const c = ((await cadresOf(leader)).items as Cadre[])[5]!;
    const other = ((await cadresOf(leader)).items as Cadre[]).find((x) => x.unitId !== c.unitId)!;
    const res = await officer.post(`/api/org/cadres/${c.id}/transfer`, {
      unitId: other.unitId,
      post: '副局长',
      teamPlace: '副职',
      date: '2026-05-01',
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('PERIOD_CLOSED');
    expect(res.json().error.message).toContain('2026年第二季度');
    const division = await officer.post(`/api/org/units/${c.unitId}/divisions`, {
      effectiveFrom: '2026-03-01',
      members: [],
    });
    expect(division.json().error.code).toBe('PERIOD_CLOSED');
  });
});

describe('division of labour', () => {
  it('lets a unit administrator record a new version of the own unit, for the organization department to review', async () => {
    const versions = (await unitAdmin.get(`/api/org/units/${county.unitAdminUnitId}/divisions`)).json().items;
    const current = (await unitAdmin.get(`/api/org/divisions/${versions[0].id}`)).json();
    const members = current.members.map((m: { cadreId: string; duties: string; scopes: unknown[] }) => ({
      cadreId: m.cadreId,
      duties: m.duties,
      scopes: m.scopes,
    }));
    members[0].duties = '主持全面工作，分管招商引资';
    members[0].scopes = [{ kind: 'domain', ref: 'investment_attraction', lead: true }];
    const res = await unitAdmin.post(`/api/org/units/${county.unitAdminUnitId}/divisions`, {
      effectiveFrom: '2026-11-15',
      docNo: '投促〔2026〕9号',
      reason: '分工微调',
      members,
    });
    expect(res.statusCode).toBe(201);
    const todos = (await officer.get('/api/todo/items')).json();
    const item = todos.items.find((i: { recordId: string }) => i.recordId === res.json().id);
    expect(item.title).toMatch(/班子分工调整/);
    expect((await officer.post(`/api/todo/items/${item.id}/done`)).statusCode).toBe(200);
    expect(
      (await officer.get('/api/todo/items')).json().items.map((i: { id: string }) => i.id),
    ).not.toContain(item.id);
    // The old version is unchanged.
    const old = (await unitAdmin.get(`/api/org/divisions/${versions[0].id}`)).json();
    expect(old.members[0].duties).toBe(current.members[0].duties);
  });

  it('refuses another unit, a cadre from outside the unit and an unknown domain', async () => {
    const all = (await cadresOf(leader)).items as Cadre[];
    const other = all.find((c) => c.unitId !== county.unitAdminUnitId)!;
    const foreign = await unitAdmin.post(`/api/org/units/${other.unitId}/divisions`, {
      effectiveFrom: '2026-11-16',
      members: [],
    });
    expect(foreign.statusCode).toBe(403);
    const outsider = await officer.post(`/api/org/units/${county.unitAdminUnitId}/divisions`, {
      effectiveFrom: '2026-11-16',
      members: [{ cadreId: other.id, duties: 'x', scopes: [] }],
    });
    expect(outsider.statusCode).toBe(400);
    expect(outsider.json().error.message).toContain(other.name);
    const own = all.find((c) => c.unitId === county.unitAdminUnitId)!;
    const badDomain = await officer.post(`/api/org/units/${county.unitAdminUnitId}/divisions`, {
      effectiveFrom: '2026-11-16',
      members: [{ cadreId: own.id, duties: 'x', scopes: [{ kind: 'domain', ref: 'no_such_domain' }] }],
    });
    expect(badDomain.statusCode).toBe(400);
    expect(badDomain.json().error.message).toContain('no_such_domain');
  });
});

describe('cadre records', () => {
  it('creates a cadre with the first appointment, and refuses bad input without writing', async () => {
    const ok = await officer.post('/api/org/cadres', {
      code: 'T0001',
      name: '测试新人',
      sex: '女',
      birthYear: 1992,
      birthMonth: 3,
      unitId: county.unitAdminUnitId,
      post: '副主任',
      teamPlace: '副职',
      rankCode: 'fuke',
      startsOn: '2026-11-18',
    });
    expect(ok.statusCode).toBe(201);
    const dup = await officer.post('/api/org/cadres', {
      ...JSON.parse(ok.payload),
      code: 'T0001',
      unitId: county.unitAdminUnitId,
      post: 'x',
      teamPlace: '成员',
      startsOn: '2026-11-18',
    });
    expect(dup.statusCode).toBe(409);
    const badRank = await officer.post('/api/org/cadres', {
      code: 'T0002',
      name: '测试',
      sex: '男',
      birthYear: 1990,
      unitId: county.unitAdminUnitId,
      post: '副主任',
      teamPlace: '副职',
      rankCode: 'nonsense',
      startsOn: '2026-11-18',
    });
    expect(badRank.statusCode).toBe(400);
    expect(badRank.json().error.message).toContain('职级');
    const badYear = await officer.post('/api/org/cadres', {
      code: 'T0003',
      name: '测试',
      sex: '男',
      birthYear: 1900,
    });
    expect(badYear.statusCode).toBe(400);
    const { rows } = await t.superuser(
      "SELECT count(*)::int AS n FROM org_cadres WHERE code IN ('T0002','T0003')",
    );
    expect(rows[0]!.n).toBe(0);
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
      "SELECT count(*)::int AS n FROM audit_entries WHERE action = 'org.cadres.export'",
    );
    expect(rows[0]!.n).toBe(1);
  });

  it('lets the organization department close and reopen a period', async () => {
    const periods = (await leader.get('/api/org/periods')).json().items;
    const q4 = periods.find((p: { quarter: number | null }) => p.quarter === 4);
    expect((await officer.post(`/api/org/periods/${q4.id}/close`)).statusCode).toBe(403);
    expect((await leader.post(`/api/org/periods/${q4.id}/close`)).json().status).toBe('closed');
    const c = ((await cadresOf(leader)).items as Cadre[])[0]!;
    const blocked = await officer.post(`/api/org/cadres/${c.id}/post`, {
      kind: 'promote',
      post: '局长',
      teamPlace: '正职',
      date: '2026-11-19',
    });
    expect(blocked.json().error.code).toBe('PERIOD_CLOSED');
    expect((await leader.post(`/api/org/periods/${q4.id}/reopen`)).json().status).toBe('open');
  });
});
