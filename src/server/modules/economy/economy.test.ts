import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../../../test/app.ts';
import { seedSmallCounty } from '../../../../test/factories.ts';
import type { Db } from '../../db/client.ts';
import { seedEconomy } from '../../demo/economy.ts';
import { systemCtx } from '../../lib/context.ts';
import { JobRunner } from '../system/jobs.service.ts';

let t: TestApp;
let county: Awaited<ReturnType<typeof seedSmallCounty>>;
let officer: Agent;
let leader: Agent;
let joint: Agent;
let provider: Agent;
let unitAdmin: Agent;
let self: Agent;
let key = '';
let jurisdiction = { id: '', name: '' };
let town = { id: '', name: '' };

async function sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  return (await t.superuser(text, params)).rows as T[];
}
const indicatorId = async (code: string) =>
  (await sql<{ id: string }>('SELECT id FROM economy_indicators WHERE code = $1', [code]))[0]!.id;
const valueCount = async () =>
  (await sql<{ n: number }>('SELECT count(*)::int AS n FROM economy_values'))[0]!.n;
const feed = (k: string | null, values: unknown[]) =>
  t.anonymous().request('POST', '/api/economy/feed', { values }, k ? { 'x-api-key': k } : {});

beforeAll(async () => {
  t = await createTestApp({ mode: 'production', start: '2026-11-20T02:00:00Z' });
  county = await seedSmallCounty(t.deps);
  officer = await t.as('assessment_officer');
  leader = await t.as('org_leader');
  joint = await t.as('joint_office');
  provider = await t.as('data_provider', { department: '统计局' });
  unitAdmin = await t.as('unit_admin', { unitId: county.unitAdminUnitId });
  self = await t.as('cadre', { cadreId: county.cadreId });
  await t.deps.db.transaction(async (tx) =>
    seedEconomy({ ...systemCtx(t.deps), db: tx as unknown as Db }, tx, 'small', {
      officer: officer.user!.id,
      leader: leader.user!.id,
    }),
  );
  const regions = await sql<{ id: string; name: string; kind: string }>(
    'SELECT id, name, kind FROM org_regions ORDER BY sort',
  );
  jurisdiction = regions.find((r) => r.kind === 'jurisdiction')!;
  town = regions.find((r) => r.kind !== 'jurisdiction')!;
});
afterAll(async () => t?.close());

describe('the indicator catalog', () => {
  it('holds the 12 core indicators and the supporting series, and refuses a bad or repeated code', async () => {
    const core = (await officer.get('/api/economy/indicators?core=true&pageSize=50')).json();
    expect(core.total).toBe(12);
    expect(core.items.map((i: { name: string }) => i.name)).toEqual(
      expect.arrayContaining(['地区生产总值增速', '固定资产投资', '亩均效益（亩均税收）']),
    );
    const all = (await officer.get('/api/economy/indicators?pageSize=50')).json();
    expect(all.items.map((i: { code: string }) => i.code)).toEqual(
      expect.arrayContaining(['ELEC_IND', 'IND_TAX', 'PROJ_SIGNED', 'PROJ_PRODUCED', 'LAND_IND']),
    );
    const body = {
      code: '9BAD',
      name: '新指标',
      unit: '亿元',
      frequency: 'month',
      direction: 'up',
      kind: 'amount',
      department: '统计局',
    };
    const bad = await joint.post('/api/economy/indicators', body);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message + JSON.stringify(bad.json().error.details)).toContain(
      '指标编码以字母开头',
    );
    const dup = await joint.post('/api/economy/indicators', { ...body, code: 'FAI' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('ECONOMY_INDICATOR_CODE_USED');
    expect(dup.json().error.details[0].path).toBe('body.code');
    const dept = await joint.post('/api/economy/indicators', {
      ...body,
      code: 'NEW_ONE',
      department: '不存在的局',
    });
    expect(dept.json().error.code).toBe('ECONOMY_UNKNOWN_DICT_ITEM');
    expect(dept.json().error.details[0].path).toBe('body.department');
    const ok = await joint.post('/api/economy/indicators', {
      ...body,
      code: 'SERVICE_REV',
      name: '规上服务业营业收入',
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().valueCount).toBe(0);
  });

  it('shows a data provider only its own department’s indicators', async () => {
    const mine = (await provider.get('/api/economy/indicators?pageSize=100')).json();
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.every((i: { department: string }) => i.department === '统计局')).toBe(true);
    expect((await provider.get('/api/economy/curves')).statusCode).toBe(403);
  });
});

describe('deliveries through a department’s API key', () => {
  it('shows a new key once, and keeps only its hash', async () => {
    expect(
      (await officer.post('/api/economy/api-keys', { department: '统计局', label: 'x' })).statusCode,
    ).toBe(403);
    const res = await joint.post('/api/economy/api-keys', { department: '统计局', label: '统计联网直报' });
    expect(res.statusCode, res.body).toBe(201);
    key = res.json().key;
    expect(key).toMatch(/^yzd_/);
    const list = (await joint.get('/api/economy/api-keys')).json();
    expect(JSON.stringify(list)).not.toContain(key);
    expect(list.items[0].prefix).toBe(key.slice(0, 10));
    const stored = await sql<{ key_hash: string }>('SELECT key_hash FROM economy_api_keys');
    expect(JSON.stringify(stored)).not.toContain(key);
  });

  it('is idempotent, and a changed value is a revision that keeps the old value and the sender', async () => {
    const row = { indicator: 'IND_OUTPUT', region: jurisdiction.name, period: '2023-06', value: 150.5 };
    const first = await feed(key, [row]);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ inserted: 1, revised: 0, unchanged: 0 });
    const n = await valueCount();
    expect((await feed(key, [row])).json()).toEqual({ inserted: 0, revised: 0, unchanged: 1 });
    expect(await valueCount()).toBe(n);
    expect((await feed(key, [{ ...row, value: 151.25 }])).json()).toEqual({
      inserted: 0,
      revised: 1,
      unchanged: 0,
    });
    const series = (
      await officer.get(
        `/api/economy/series?indicatorId=${await indicatorId('IND_OUTPUT')}&regionId=${jurisdiction.id}&from=2023-06&to=2023-06`,
      )
    ).json();
    expect(series.points).toHaveLength(1);
    expect(series.points[0]).toMatchObject({ period: '2023-06', value: 151.25, revision: 2 });
    const history = (await officer.get(`/api/economy/values/${series.points[0].valueId}/revisions`)).json();
    expect(
      history.items.map((r: { revision: number; value: number; previousValue: number | null }) => [
        r.revision,
        r.value,
        r.previousValue,
      ]),
    ).toEqual([
      [2, 151.25, 150.5],
      [1, 150.5, null],
    ]);
    expect(history.items[0].sentBy).toBe('统计局接口（统计联网直报）');
    expect(history.items[0].via).toBe('api');
  });

  it('refuses another department’s indicator, a period not yet over and a wrong frequency — and writes nothing', async () => {
    const n = await valueCount();
    const res = await feed(key, [
      { indicator: 'IND_OUTPUT', region: jurisdiction.name, period: '2023-07', value: 160 },
      { indicator: 'FISCAL_REV', region: jurisdiction.name, period: '2023-07', value: 9 },
      { indicator: 'IND_OUTPUT', region: jurisdiction.name, period: '2026-11', value: 160 },
      { indicator: 'IND_OUTPUT', region: jurisdiction.name, period: '2023-Q3', value: 160 },
      { indicator: 'IND_OUTPUT', region: '火星', period: '2023-08', value: 160 },
    ]);
    expect(res.statusCode).toBe(422);
    const error = res.json().error;
    expect(error.code).toBe('IMPORT_INVALID');
    const text = JSON.stringify(error.details);
    expect(text).toContain('由财政局报送，统计局无权报送');
    expect(text).toContain('尚未结束');
    expect(text).toContain('按月统计');
    expect(text).toContain('区域“火星”不存在');
    expect(error.details.map((d: { row: number }) => d.row)).toEqual([2, 3, 4, 5]);
    expect(await valueCount()).toBe(n);
  });

  it('refuses a missing, unknown or revoked key', async () => {
    const row = { indicator: 'IND_OUTPUT', region: jurisdiction.name, period: '2023-06', value: 1 };
    expect((await feed(null, [row])).statusCode).toBe(401);
    expect((await feed('yzd_nonsense', [row])).json().error.code).toBe('UNAUTHENTICATED');
    const other = (await joint.post('/api/economy/api-keys', { department: '统计局', label: '临时' })).json();
    expect((await feed(other.key, [row])).statusCode).toBe(200);
    expect(other.can).toEqual({ revoke: true });
    const revoked = await joint.post(`/api/economy/api-keys/${other.id}/revoke`);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().can).toEqual({ revoke: false });
    expect((await joint.post(`/api/economy/api-keys/${other.id}/revoke`)).json().error.code).toBe(
      'ECONOMY_KEY_REVOKED',
    );
    expect((await feed(other.key, [row])).statusCode).toBe(401);
    const bad = await feed(key, [{ indicator: 'IND_OUTPUT', period: '2023-06', value: 'x' }]);
    expect(bad.statusCode).toBe(400);
  });
});

describe('deliveries through the import engine', () => {
  const csv = (rows: string[]) => ({
    name: '统计局月报.csv',
    bytes: Buffer.from(`指标编码,区域,单位,期别,数值\n${rows.join('\n')}\n`),
  });
  const upload = async (file: { name: string; bytes: Buffer }) => {
    const res = await provider.upload('/api/imports/economy.values', [file]);
    expect(res.statusCode, res.body).toBe(202);
    await t.jobs.runDue();
    return (await provider.get(`/api/imports/batches/${res.json().id}`)).json();
  };

  it('changes nothing for a file with one bad row, names the row, then takes the corrected file once', async () => {
    const n = await valueCount();
    const bad = await upload(
      csv([
        `IND_PROFIT,${town.name},,2023-05,1.25`,
        `TAX_REV,${town.name},,2023-05,2`,
        `IND_PROFIT,${town.name},,2023-06,1.3`,
      ]),
    );
    expect(bad.status).toBe('invalid');
    expect(bad.errors).toEqual([
      expect.objectContaining({ row: 3, message: expect.stringContaining('无权报送') }),
    ]);
    expect(await valueCount()).toBe(n);
    const good = csv([`IND_PROFIT,${town.name},,2023-05,1.25`, `IND_PROFIT,${town.name},,2023-06,1.3`]);
    const done = await upload(good);
    expect(done.status, JSON.stringify(done)).toBe('done');
    expect(done.result).toEqual({ inserted: 2, updated: 0, unchanged: 0 });
    const again = await upload(good);
    expect(again.result).toEqual({ inserted: 0, updated: 0, unchanged: 2 });
    expect(await valueCount()).toBe(n + 2);
    const revisions = await sql<{ via: string; import_batch_id: string; sent_by: string }>(
      "SELECT r.via, r.import_batch_id, r.sent_by FROM economy_value_revisions r JOIN economy_values v ON v.id = r.value_id WHERE v.period = '2023-05' AND v.scope_key = $1",
      [`region:${town.id}`],
    );
    expect(revisions).toEqual([{ via: 'upload', import_batch_id: done.id, sent_by: provider.user!.id }]);
  });

  it('reads 期别 from date cells and 2023年4月, and refuses 2023.1 naming the cell', async () => {
    const sheet = async (periods: { value: ExcelJS.CellValue; numFmt?: string }[]) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('月报');
      ws.addRow(['指标编码', '区域', '单位', '期别', '数值']);
      for (const [i, p] of periods.entries()) {
        const r = ws.addRow(['IND_PROFIT', town.name, null, p.value, 1.111 + i]);
        if (p.numFmt) r.getCell(4).numFmt = p.numFmt;
      }
      return { name: '统计局月报.xlsx', bytes: Buffer.from(await wb.xlsx.writeBuffer()) };
    };
    const done = await upload(
      await sheet([{ value: new Date(Date.UTC(2023, 2, 1)), numFmt: 'yyyy-mm' }, { value: '2023年4月' }]),
    );
    expect(done.status, JSON.stringify(done.errors)).toBe('done');
    const periods = await sql<{ period: string }>(
      'SELECT v.period FROM economy_values v JOIN economy_value_revisions r ON r.value_id = v.id WHERE r.import_batch_id = $1 ORDER BY v.period',
      [done.id],
    );
    expect(periods.map((p) => p.period)).toEqual(['2023-03', '2023-04']);
    const ambiguous = await upload(await sheet([{ value: 2023.1 }]));
    expect(ambiguous.status).toBe('invalid');
    expect(ambiguous.errors).toEqual([
      { row: 2, column: '期别', message: expect.stringContaining('单元格 D2（期别）“2023.1”有歧义') },
    ]);
  });
});

/** The last `n` months before `end` (inclusive), oldest first. */
function monthsTo(end: string, n: number): string[] {
  const [y, m] = end.split('-').map(Number) as [number, number];
  return Array.from({ length: n }, (_, i) => {
    const k = y * 12 + (m - 1) - (n - 1 - i);
    return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
  });
}
const yearBefore = (p: string) => `${Number(p.slice(0, 4)) - 1}${p.slice(4)}`;

describe('anomaly rules (重增速轻效益)', () => {
  let alertId = '';
  const plant = async (factorOutput: number, factorProfit: number, months: string[]) => {
    const base = await sql<{ code: string; period: string; value: string }>(
      `SELECT i.code, v.period, v.value::text FROM economy_values v JOIN economy_indicators i ON i.id = v.indicator_id
       WHERE v.scope_key = $1 AND i.code IN ('IND_OUTPUT','IND_PROFIT')`,
      [`region:${town.id}`],
    );
    const get = (code: string, period: string) =>
      Number(base.find((b) => b.code === code && b.period === period)!.value);
    const rows = months.flatMap((p) => [
      {
        indicator: 'IND_OUTPUT',
        region: town.name,
        period: p,
        value: Number((get('IND_OUTPUT', yearBefore(p)) * factorOutput).toFixed(3)),
      },
      {
        indicator: 'IND_PROFIT',
        region: town.name,
        period: p,
        value: Number((get('IND_PROFIT', yearBefore(p)) * factorProfit).toFixed(3)),
      },
    ]);
    const res = await feed(key, rows);
    expect(res.statusCode, res.body).toBe(200);
  };
  const alerts = async () =>
    sql<{ id: string; rule_id: string; period_from: string; period_to: string }>(
      "SELECT id, rule_id, period_from, period_to FROM economy_alerts WHERE kind = 'growth_efficiency'",
    );

  it('raises nothing while output and profit grow together', async () => {
    await plant(1.06, 1.06, monthsTo('2026-10', 4));
    await officer.post('/api/economy/rules/evaluate');
    await t.jobs.runDue();
    expect(await alerts()).toHaveLength(0);
  });

  it('raises one alert with the figures when output rises and profit falls for 3 months', async () => {
    await plant(1.18, 0.88, monthsTo('2026-10', 3));
    expect((await leader.post('/api/economy/rules/evaluate')).statusCode).toBe(200);
    await t.jobs.runDue();
    const list = await alerts();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ period_from: '2026-08', period_to: '2026-10' });
    alertId = list[0]!.id;
    const detail = (await officer.get(`/api/economy/alerts/${alertId}`)).json();
    expect(detail.kindLabel).toBe('重增速轻效益');
    expect(detail.title).toContain(town.name);
    expect(detail.figures).toHaveLength(6);
    const aug = detail.figures.filter((f: { period: string }) => f.period === '2026-08');
    expect(aug.map((f: { change: number }) => Math.round(f.change * 100))).toEqual([18, -12]);
    expect(aug.every((f: { valueId: string | null }) => !!f.valueId)).toBe(true);
    // The cadres responsible for 工业经济 in the town then, through the division of labour.
    expect(detail.cadres.length).toBeGreaterThan(0);
    expect(detail.cadres.every((c: { unitName: string }) => c.unitName === town.name)).toBe(true);
    const todo = (await officer.get('/api/todo/items?status=open')).json();
    expect(JSON.stringify(todo)).toContain(detail.title);
    const cards = (await officer.get('/api/system/overview')).json().cards;
    expect(cards.find((c: { title: string }) => c.title === '待研判的经济运行预警')).toMatchObject({
      value: 1,
    });
    const theirs = (await unitAdmin.get('/api/system/overview')).json().cards;
    expect(theirs.some((c: { title: string }) => c.title.includes('经济运行预警'))).toBe(false);
  });

  it('never raises the same hit twice: again, after a restart, or after a new rule version', async () => {
    await officer.post('/api/economy/rules/evaluate');
    await t.jobs.runDue();
    const restarted = new JobRunner(t.deps);
    await officer.post('/api/economy/rules/evaluate');
    await restarted.runDue();
    expect(await alerts()).toHaveLength(1);
    const rules = (await officer.get('/api/economy/rules')).json().items;
    const rule = rules.find((r: { kind: string }) => r.kind === 'growth_efficiency');
    const revised = await leader.put(`/api/economy/rules/${rule.key}`, {
      kind: 'growth_efficiency',
      name: rule.name,
      primary: rule.primary.id,
      secondary: rule.secondary.id,
      periods: 3,
      minRise: 0.1,
      minFall: 0.1,
    });
    expect(revised.statusCode, revised.body).toBe(200);
    expect(revised.json().version).toBe(2);
    await officer.post('/api/economy/rules/evaluate');
    await t.jobs.runDue();
    const after = await alerts();
    expect(after).toHaveLength(1);
    expect(after[0]!.rule_id).toBe(rule.id);
    const history = (await officer.get('/api/economy/rules?history=true'))
      .json()
      .items.filter((r: { key: string }) => r.key === rule.key);
    expect(
      history.map((r: { version: number; supersededAt: string | null }) => [r.version, !!r.supersededAt]),
    ).toEqual([
      [2, false],
      [1, true],
    ]);
    expect(history.map((r: { can: { revise: boolean } }) => r.can.revise)).toEqual([true, false]);
  });

  it('is reviewed by the department only, escalated once, and leads to an interview with a follow-up check', async () => {
    expect((await unitAdmin.get('/api/economy/alerts')).statusCode).toBe(403);
    expect((await joint.get(`/api/economy/alerts/${alertId}`)).statusCode).toBe(403);
    expect((await provider.get('/api/economy/alerts')).statusCode).toBe(403);
    const detail = (await officer.get(`/api/economy/alerts/${alertId}`)).json();
    expect(detail.can).toEqual({ dismiss: true, escalate: true, interview: false });
    const cadreId = detail.cadres[0].id;
    const early = await officer.post('/api/economy/interviews', {
      alertId,
      cadreId,
      interviewedOn: '2026-11-19',
      interviewers: '干部科',
      issue: '产值冲高利润下滑',
      followUp: '报送整改方案',
      followUpDue: '2026-12-20',
    });
    expect(early.json().error.code).toBe('ECONOMY_ALERT_NOT_ESCALATED');
    expect((await officer.post(`/api/economy/alerts/${alertId}/escalate`, { note: '' })).statusCode).toBe(
      400,
    );
    const up = await officer.post(`/api/economy/alerts/${alertId}/escalate`, {
      note: '经核实存在以量换速问题',
    });
    expect(up.statusCode, up.body).toBe(200);
    expect(up.json().status).toBe('escalated');
    expect(up.json().can).toEqual({ dismiss: false, escalate: false, interview: true });
    const twice = await officer.post(`/api/economy/alerts/${alertId}/dismiss`, { reason: '重复' });
    expect(twice.json().error.code).toBe('ECONOMY_ALERT_DECIDED');
    const interview = await officer.post('/api/economy/interviews', {
      alertId,
      cadreId,
      interviewedOn: '2026-11-19',
      interviewers: '组织部副部长、干部科科长',
      issue: '产值冲高利润下滑',
      cadreAccount: '前期关注产值多，对利润关注不够。',
      followUp: '一个月内报送整改方案',
      followUpDue: '2026-12-20',
    });
    expect(interview.statusCode, interview.body).toBe(201);
    const id = interview.json().id;
    expect(interview.json().status).toBe('pending');
    expect(interview.json().can).toEqual({ check: true });
    const todo = (await officer.get('/api/todo/items?status=open')).json();
    expect(JSON.stringify(todo)).toContain('核查约谈整改落实');
    const checked = await officer.post(`/api/economy/interviews/${id}/check`, {
      result: 'done',
      note: '已报送整改方案并落实',
    });
    expect(checked.json()).toMatchObject({
      status: 'done',
      checkNote: '已报送整改方案并落实',
      can: { check: false },
    });
    expect(
      (await officer.post(`/api/economy/interviews/${id}/check`, { result: 'done', note: '再次' }))
        .statusCode,
    ).toBe(409);
    const timeline = await sql<{ title: string; visibility: string }>(
      "SELECT title, visibility FROM org_timeline_events WHERE cadre_id = $1 AND module = 'economy'",
      [cadreId],
    );
    expect(timeline).toEqual([{ title: '经济运行问题约谈', visibility: 'org_self' }]);
    const stats = (await leader.get('/api/economy/stats')).json();
    expect(stats).toMatchObject({ coreIndicators: 12, problems: 1, interviews: 1, cadresInterviewed: 1 });
  });

  it('takes a dismissal only with a reason', async () => {
    // Revised figures that make the run start in June: a different hit, raised anew.
    await plant(1.2, 0.85, ['2026-06', '2026-07', '2026-08', '2026-09', '2026-10']);
    await officer.post('/api/economy/rules/evaluate');
    await t.jobs.runDue();
    const open = (await officer.get('/api/economy/alerts?status=open&kind=growth_efficiency')).json();
    expect(open.total).toBe(1);
    expect(open.items[0].periodFrom).toBe('2026-06');
    expect(open.counts).toMatchObject({ open: 1, escalated: 1, dismissed: 0 });
    const id = open.items[0].id;
    expect((await officer.post(`/api/economy/alerts/${id}/dismiss`, {})).statusCode).toBe(400);
    const done = await officer.post(`/api/economy/alerts/${id}/dismiss`, {
      reason: '与已约谈的问题为同一问题，数据修订所致',
    });
    expect(done.json()).toMatchObject({
      status: 'dismissed',
      decisionNote: '与已约谈的问题为同一问题，数据修订所致',
    });
    expect((await officer.get('/api/economy/alerts?status=open&kind=growth_efficiency')).json().total).toBe(
      0,
    );
    // Output 20 % up while industrial electricity use grew as before: the cross-check sees it too.
    const cross = (await officer.get('/api/economy/alerts?kind=crosscheck')).json();
    expect(cross.total).toBe(1);
    expect(cross.items[0].summary).toContain('规上工业总产值增速与工业用电量增速的差距在扩大');
    expect(cross.items[0].summary).toContain('这是线索，需要核实');
    // The statistics it was raised on are frozen with it: its family is the rule's tests of 2026.
    const detail = (await officer.get(`/api/economy/alerts/${cross.items[0].id}`)).json();
    expect(detail.basis.family).toMatchObject({ year: '2026', fdr: 0.02 });
    expect(detail.basis.statistics.map((s: { label: string }) => s.label)).toContain('扩大幅度的 z 值');
    expect(detail.figures).toHaveLength(48);
    expect(detail.notes).toEqual([]);
  });
});

describe('role KPIs (差异化评价标准)', () => {
  it('computes 项目转化达产率 for 招商 cadres from the indicators, traceable to each value', async () => {
    const res = await officer.get('/api/economy/kpi-values?period=2026-10&pageSize=200');
    expect(res.statusCode, res.body).toBe(200);
    const rows = res.json().items.filter((r: { kpiName: string }) => r.kpiName === '项目转化达产率');
    expect(rows.length).toBeGreaterThan(0);
    const row = rows.find((r: { cadreId: string }) => r.cadreId === county.cadreId) ?? rows[0];
    expect(row.scopeName).toContain('2026-Q3');
    const trace = (
      await officer.get(
        `/api/economy/kpi-values/trace?cadreId=${row.cadreId}&kpiKey=kpi_zs_conversion&period=2026-10`,
      )
    ).json();
    expect(trace.inputs).toHaveLength(8);
    const sum = (role: string) =>
      trace.inputs
        .filter((i: { role: string }) => i.role === role)
        .reduce((s: number, i: { value: number }) => s + i.value, 0);
    expect(trace.numeratorSum).toBeCloseTo(sum('numerator'), 6);
    expect(trace.denominatorSum).toBeCloseTo(sum('denominator'), 6);
    expect(row.value).toBeCloseTo((sum('numerator') / sum('denominator')) * 100, 4);
    expect(trace.inputs.every((i: { valueId: string | null }) => !!i.valueId)).toBe(true);
    expect((await joint.get('/api/economy/kpi-values?period=2026-10')).statusCode).toBe(403);
    expect((await self.get('/api/economy/kpi-values?period=2026-10')).statusCode).toBe(403);
  });

  it('versions a change of target and keeps the old version', async () => {
    const kpi = (await leader.get('/api/economy/kpis'))
      .json()
      .items.find((k: { key: string }) => k.key === 'kpi_gy_mu');
    const body = {
      roleType: kpi.roleType,
      name: kpi.name,
      formula: kpi.formula,
      numerator: kpi.numerator.id,
      lag: kpi.lag,
      direction: 'up',
      target: 2,
      weight: 60,
    };
    const next = await leader.put('/api/economy/kpis/kpi_gy_mu', body);
    expect(next.statusCode, next.body).toBe(200);
    expect(next.json()).toMatchObject({ version: 2, target: 2 });
    const versions = (await leader.get('/api/economy/kpis/kpi_gy_mu/versions')).json().items;
    expect(versions.map((v: { version: number; target: number }) => [v.version, v.target])).toEqual([
      [2, 2],
      [1, 1.5],
    ]);
    const bad = await leader.post('/api/economy/kpis', { ...body, formula: 'change', lag: 0 });
    expect(bad.statusCode).toBe(400);
  });
});

describe('forensics and curves', () => {
  it('raises a spike once with its statistics frozen, notes its base effect a year later, and keeps it when a correction clears it', async () => {
    const finance = (
      await joint.post('/api/economy/api-keys', { department: '财政局', label: '财政直报' })
    ).json().key;
    const [orig] = await sql<{ value: number }>(
      `SELECT v.value::float8 AS value FROM economy_values v JOIN economy_indicators i ON i.id = v.indicator_id
       WHERE i.code = 'FISCAL_REV' AND v.scope_key = $1 AND v.period = '2025-06'`,
      [`region:${town.id}`],
    );
    const send = async (value: number) => {
      const res = await feed(finance, [
        { indicator: 'FISCAL_REV', region: town.name, period: '2025-06', value },
      ]);
      expect(res.statusCode, res.body).toBe(200);
      await officer.post('/api/economy/rules/evaluate');
      await t.jobs.runDue();
    };
    await send(Number((orig!.value * 2.6).toFixed(3)));
    const jumps = (await officer.get('/api/economy/alerts?kind=jump&pageSize=50')).json();
    const mine = jumps.items.filter((a: { scope: { name: string } }) => a.scope.name === town.name);
    // One alert, on the month of the spike; June 2026 falls only against the inflated base.
    expect(mine.map((a: { periodFrom: string }) => a.periodFrom)).toEqual(['2025-06']);
    expect(mine[0].summary).toContain('这是线索，需要核实');
    const detail = (await officer.get(`/api/economy/alerts/${mine[0].id}`)).json();
    expect(detail.basis.family).toMatchObject({ year: '2025', fdr: 0.02 });
    expect(detail.basis.statistics[0].label).toBe('修正 z 值');
    expect(detail.notes.map((n: { text: string }) => n.text)).toEqual([
      expect.stringContaining('2026年6月同比下降'),
    ]);
    expect(detail.notes[0].text).toContain('基数效应');
    // A correction makes the spike ordinary: the alert and its basis stay, with a note.
    await send(orig!.value);
    const after = (await officer.get(`/api/economy/alerts/${mine[0].id}`)).json();
    expect(after.basis).toEqual(detail.basis);
    expect(after.summary).toBe(detail.summary);
    expect(after.notes.map((n: { text: string }) => n.text)).toEqual([
      detail.notes[0].text,
      expect.stringContaining('不再显著'),
    ]);
  });

  it('runs the first-digit test on one value per unit, tells each finding in a sentence, and draws the core curves', async () => {
    const f = (await joint.get('/api/economy/forensics?fdr=0.05')).json();
    expect(f.fdr).toEqual({ benford: 0.05, jump: 0.05, crosscheck: 0.05 });
    expect((await joint.get('/api/economy/forensics')).json().fdr).toEqual({
      benford: 0.01,
      jump: 0.02,
      crosscheck: 0.02,
    });
    expect(f.benford.map((b: { department: string }) => b.department)).toEqual(
      expect.arrayContaining(['统计局', '财政局']),
    );
    // 财政局 reports spending per unit: one annual total per unit, judged on a calibrated MAD.
    const finance = f.benford.find((b: { department: string; year: string }) => b.department === '财政局');
    expect(finance.units).toBeGreaterThan(0);
    expect(['clear', 'unjudged']).toContain(finance.verdict);
    expect(finance.sentence).toContain('财政局报送的');
    if (finance.verdict === 'clear') {
      expect(finance.digits).toHaveLength(9);
      expect(finance.digits[0].expected).toBeCloseTo(Math.log10(2), 10);
      expect(finance.statistics.map((s: { label: string }) => s.label)).toContain('MAD（平均绝对偏差）');
    }
    // 统计局 reports region totals only: not tested, and the sentence says why.
    const stat = f.benford.find((b: { department: string }) => b.department === '统计局');
    expect(stat.verdict).toBe('unjudged');
    expect(stat.sentence).toContain('区域合计');
    // Every cross-check is told in plain words; the statistics come with it.
    expect(f.crosschecks.length).toBeGreaterThan(0);
    for (const c of f.crosschecks) expect(c.sentence).toContain(c.region);
    expect(f.tests).toBeGreaterThan(0);
    expect(f.calibration.levels).toHaveLength(3);
    expect(
      f.calibration.levels.every((l: { countiesWithAlert: number }) => l.countiesWithAlert <= 0.05),
    ).toBe(true);
    const curves = (await joint.get(`/api/economy/curves?regionId=${jurisdiction.id}`)).json();
    expect(curves.series).toHaveLength(12);
    const gdp = curves.series.find((s: { indicator: { code: string } }) => s.indicator.code === 'GDP_GROWTH');
    expect(gdp.points).toHaveLength(12);
    expect(gdp.targets.map((x: { year: number }) => x.year)).toEqual([2024, 2025, 2026]);
    const bad = await joint.get('/api/economy/curves?domain=nonsense');
    expect(bad.statusCode).toBe(400);
  });
});
