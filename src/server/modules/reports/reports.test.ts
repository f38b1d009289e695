import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../../../test/app.ts';
import { finalFinding } from '../../../../test/delivery-factories.ts';
import { columnValues, expectPrintable } from '../../../../test/xlsx-checks.ts';
import { SECTION_KEYS, type Section } from '../../../common/contracts/reports.ts';
import { rows } from '../../db/client.ts';
import { seedDemo } from '../../demo/index.ts';
import { pdfAvailable } from '../../lib/pdf.ts';
import { DRAFT_PROMPTS, sourceResolves } from './sources.service.ts';

// On the small demo county: every module has records, so a draft has something to say.
let t: TestApp;
let leader: Agent;
let officer: Agent;
const FROM = '2026-01-01';
const TO = '2026-11-20';

beforeAll(async () => {
  t = await createTestApp({ mode: 'demo', start: '2026-11-20T02:00:00Z' });
  await seedDemo(t.deps, { scale: 'small' });
  leader = await t.as('org_leader');
  officer = await t.as('assessment_officer');
}, 300_000);
afterAll(async () => t?.close());

const n = async (q: ReturnType<typeof sql>) =>
  Number((await rows<{ n: number }>(t.deps.db, sql`select (${q})::int as n`))[0]!.n);

/** The cadre with the most records across the modules the draft reads. */
async function richCadre(): Promise<string> {
  const [r] = await rows<{ id: string }>(
    t.deps.db,
    sql`select c.id from org_cadres c
        order by (select count(*) from delivery_checks k join delivery_plans p on p.id = k.plan_id
                  where k.cadre_id = c.id and p.status <> 'secret')
               + (select count(*) from scene_observations o where o.cadre_id = c.id)
               + (select count(*) from quadrant_placements q where q.cadre_id = c.id)
               + (select count(*) from keywork_task_cadres x where x.cadre_id = c.id) desc, c.id
        limit 1`,
  );
  return r!.id;
}

async function draft(cadreId: string) {
  const res = await officer.post('/api/reports/cadre-reports', { cadreId, from: FROM, to: TO });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; sections: Section[]; version: number; can: Record<string, boolean> };
}

/** The sections with every request to fill a section in answered by the officer. */
const answered = (sections: Section[]): Section[] =>
  sections.map((s) => ({
    ...s,
    statements: s.statements.map((st) =>
      st.text === DRAFT_PROMPTS[s.key] ? { text: '经个别谈话，未发现需要说明的问题。', sources: [] } : st,
    ),
  }));

/** Saves the officer's answers to the draft's requests as a new version, ready to be finalised. */
async function readyToFinalise(r: { id: string; sections: Section[]; version: number }) {
  const res = await officer.post(`/api/reports/cadre-reports/${r.id}/versions`, {
    sections: answered(r.sections),
    note: '补充谈话情况',
    baseVersion: r.version,
  });
  expect(res.statusCode, res.body).toBe(201);
}

const edited = (sections: Section[], text: string): Section[] =>
  sections.map((s) =>
    s.key === 'neng' ? { ...s, statements: [...s.statements, { text, sources: [] }] } : s,
  );

describe('a cadre’s 考察材料', () => {
  it('drafts 德、能、勤、绩、廉 and 主要不足 from the records, each source resolving to its record', async () => {
    const cadreId = await richCadre();
    const r = await draft(cadreId);
    expect(r.sections.map((s) => s.key)).toEqual([...SECTION_KEYS]);
    expect(r.version).toBe(1);
    const refs = r.sections.flatMap((s) => s.statements.flatMap((st) => st.sources));
    expect(refs.length).toBeGreaterThanOrEqual(3);
    expect(new Set(refs.map((x) => x.type)).size).toBeGreaterThanOrEqual(3);
    for (const ref of refs) {
      expect(await sourceResolves(t.deps.db, ref), `${ref.type} ${ref.id}`).toBe(true);
      expect(ref.link).toMatch(/^\//);
    }
    // The counts in a statement are the records': the 核验 sentence names as many checks as the table holds.
    const checks = await n(
      sql`select count(*) from delivery_checks k join delivery_plans p on p.id = k.plan_id
          where k.cadre_id = ${cadreId} and p.status <> 'secret'
            and (k.checked_at at time zone 'Asia/Shanghai')::date between ${FROM}::date and ${TO}::date`,
    );
    const ji = r.sections
      .find((s) => s.key === 'ji')!
      .statements.map((s) => s.text)
      .join('');
    if (checks > 0) expect(ji).toContain(`现场核验履职清单 ${checks} 项`);
    const unknown = {
      type: 'delivery_check',
      id: '00000000-0000-4000-8000-000000000000',
      label: 'x',
      link: null,
    };
    expect(await sourceResolves(t.deps.db, unknown)).toBe(false);
  });

  it('saves each edit as a version with who and when; refuses a stale edit', async () => {
    const r = await draft(await richCadre());
    const res = await officer.post(`/api/reports/cadre-reports/${r.id}/versions`, {
      sections: edited(r.sections, '谈话中反映其统筹协调能力较强。'),
      note: '补充谈话情况',
      baseVersion: 1,
    });
    expect(res.statusCode, res.body).toBe(201);
    const v2 = res.json();
    expect(v2.version).toBe(2);
    expect(v2.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(v2.versions[0].note).toBe('补充谈话情况');
    expect(v2.versions[0].created.byName).toBe(officer.user!.displayName);
    const first = (await officer.get(`/api/reports/cadre-reports/${r.id}?version=1`)).json();
    expect(first.shown).toBe(1);
    expect(JSON.stringify(first.sections)).not.toContain('统筹协调能力较强');
    const stale = await officer.post(`/api/reports/cadre-reports/${r.id}/versions`, {
      sections: r.sections,
      note: '另一处修改',
      baseVersion: 1,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('REPORTS_STALE_VERSION');
    const fake = {
      type: 'delivery_check',
      id: '00000000-0000-4000-8000-000000000001',
      label: '虚构',
      link: null,
    };
    const forged = r.sections.map((s) =>
      s.key === 'ji' ? { ...s, statements: [{ text: '虚构的实绩。', sources: [fake] }] } : s,
    );
    const refused = await officer.post(`/api/reports/cadre-reports/${r.id}/versions`, {
      sections: forged,
      note: '加一条',
      baseVersion: 2,
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe('REPORTS_SOURCE_INVALID');
    const bad = await officer.post(`/api/reports/cadre-reports/${r.id}/versions`, {
      sections: r.sections.slice(1),
      note: '少了一部分',
      baseVersion: 2,
    });
    expect(bad.statusCode).toBe(400);
    const audit = await n(
      sql`select count(*) from audit_entries where object_id = ${r.id} and action in ('reports.report.edit', 'reports.report.read')`,
    );
    expect(audit).toBeGreaterThanOrEqual(2);
  });

  it('is finalised by a leader only, and then locked', async () => {
    const cadreId = await richCadre();
    const r = await draft(cadreId);
    expect(
      (await officer.post(`/api/reports/cadre-reports/${r.id}/finalise`, { confirm: true })).statusCode,
    ).toBe(403);
    expect((await leader.post(`/api/reports/cadre-reports/${r.id}/finalise`, {})).statusCode).toBe(400);
    // A section still holding the draft's request to fill it in cannot be finalised.
    const prompted = r.sections.map((s) =>
      s.key === 'shortfall' ? { ...s, statements: [{ text: DRAFT_PROMPTS.shortfall, sources: [] }] } : s,
    );
    const v2 = await officer.post(`/api/reports/cadre-reports/${r.id}/versions`, {
      sections: prompted,
      note: '主要不足待谈话后补充',
      baseVersion: 1,
    });
    expect(v2.statusCode, v2.body).toBe(201);
    const early = await leader.post(`/api/reports/cadre-reports/${r.id}/finalise`, { confirm: true });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('REPORTS_UNFILLED');
    expect(early.json().error.message).toContain('主要不足');
    await readyToFinalise({ id: r.id, sections: prompted, version: 2 });
    const fin = await leader.post(`/api/reports/cadre-reports/${r.id}/finalise`, { confirm: true });
    expect(fin.statusCode, fin.body).toBe(200);
    expect(fin.json().status).toBe('final');
    expect(fin.json().finalised.byName).toBe(leader.user!.displayName);
    expect(fin.json().can.edit).toBe(false);
    const edit = await officer.post(`/api/reports/cadre-reports/${r.id}/versions`, {
      sections: r.sections,
      note: '定稿后修改',
      baseVersion: 1,
    });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().error.code).toBe('REPORTS_FINAL_LOCKED');
    const again = await leader.post(`/api/reports/cadre-reports/${r.id}/finalise`, { confirm: true });
    expect(again.json().error.code).toBe('REPORTS_FINAL_LOCKED');
    const latest = (await officer.get(`/api/reports/cadres/${cadreId}/final`)).json();
    expect(latest.report.id).toBe(r.id);
    const doc = await officer.get(`/api/reports/cadre-reports/${r.id}/download?format=docx`);
    expect(doc.statusCode).toBe(200);
    expect(doc.headers['content-type']).toContain('wordprocessingml');
    expect(doc.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('is read by the cadre only once released; a unit administrator sees none', async () => {
    const cadreId = await richCadre();
    const r = await draft(cadreId);
    const self = await t.as('cadre', { cadreId });
    const [other] = await rows<{ id: string }>(
      t.deps.db,
      sql`select id from org_cadres where id <> ${cadreId} limit 1`,
    );
    const stranger = await t.as('cadre', { cadreId: other!.id });
    expect((await self.get(`/api/reports/cadre-reports/${r.id}`)).json().error.code).toBe(
      'REPORTS_NOT_RELEASED',
    );
    expect((await self.get('/api/reports/cadre-reports')).json().total).toBe(0);
    await readyToFinalise(r);
    await leader.post(`/api/reports/cadre-reports/${r.id}/finalise`, { confirm: true });
    expect((await self.get(`/api/reports/cadre-reports/${r.id}`)).json().error.code).toBe(
      'REPORTS_NOT_RELEASED',
    );
    expect((await officer.post(`/api/reports/cadre-reports/${r.id}/release`)).statusCode).toBe(403);
    const rel = await leader.post(`/api/reports/cadre-reports/${r.id}/release`);
    expect(rel.statusCode, rel.body).toBe(200);
    const mine = await self.get(`/api/reports/cadre-reports/${r.id}`);
    expect(mine.statusCode).toBe(200);
    expect(mine.json().can).toEqual({ edit: false, finalise: false, release: false, download: true });
    const links = (mine.json().sections as Section[]).flatMap((s) => s.statements.flatMap((x) => x.sources));
    expect(links.length).toBeGreaterThan(0);
    expect(links.every((x) => x.link === null)).toBe(true);
    expect(
      (await self.get('/api/reports/cadre-reports')).json().items.map((x: { id: string }) => x.id),
    ).toContain(r.id);
    expect((await stranger.get(`/api/reports/cadre-reports/${r.id}`)).json().error.code).toBe(
      'REPORTS_NOT_YOURS',
    );
    const admin = await t.as('unit_admin');
    expect((await admin.get(`/api/reports/cadre-reports/${r.id}`)).statusCode).toBe(403);
    expect((await admin.get('/api/reports/cadre-reports')).statusCode).toBe(403);
    expect((await self.post('/api/reports/cadre-reports', { cadreId, from: FROM, to: TO })).statusCode).toBe(
      403,
    );
  });
});

describe('the period report', () => {
  it('counts every figure from the records of the period', async () => {
    const res = await officer.get(`/api/reports/period?from=${FROM}&to=${TO}`);
    expect(res.statusCode, res.body).toBe(200);
    const v = res.json() as {
      parts: { key: string; sentence: string; figures: { key: string; value: number }[] }[];
    };
    const fig = (part: string, key: string) =>
      v.parts.find((p) => p.key === part)!.figures.find((f) => f.key === key)!.value;
    const day = (col: string) => sql.raw(`(${col} at time zone 'Asia/Shanghai')::date`);
    const inRange = sql`between ${FROM}::date and ${TO}::date`;
    const expected: [string, string, number][] = [
      [
        'delivery',
        'cadres',
        await n(sql`select count(distinct k.cadre_id) from delivery_checks k join delivery_plans p on p.id = k.plan_id
                    where p.status <> 'secret' and ${day('k.checked_at')} ${inRange}`),
      ],
      [
        'delivery',
        'items',
        await n(sql`select count(*) from delivery_checks k join delivery_plans p on p.id = k.plan_id
                    where p.status <> 'secret' and ${day('k.checked_at')} ${inRange}`),
      ],
      ['scene', 'activities', await n(sql`select count(*) from scene_activities where starts_on ${inRange}`)],
      [
        'scene',
        'outstanding',
        await n(
          sql`select count(distinct cadre_id) from scene_nominations where status = 'confirmed' and ${day('decided_at')} ${inRange}`,
        ),
      ],
      [
        'opinion',
        'rounds',
        await n(
          sql`select count(*) from opinion_campaigns where status = 'closed' and ${day('closed_at')} ${inRange}`,
        ),
      ],
      [
        'economy',
        'interviewed',
        await n(sql`select count(distinct cadre_id) from economy_interviews where interviewed_on ${inRange}`),
      ],
      [
        'keywork',
        'assessed',
        await n(
          sql`select count(distinct unit_id) from keywork_assessments where ${day('concluded_at')} ${inRange}`,
        ),
      ],
      [
        'growth',
        'outstanding',
        await n(
          sql`select count(distinct cadre_id) from growth_outstanding where status = 'confirmed' and ${day('decided_at')} ${inRange}`,
        ),
      ],
      [
        'quadrant',
        'up',
        await n(sql`select count(distinct cadre_id) from quadrant_decisions
                    where status = 'effective' and kind in ('promote', 'rank_up') and effective_on ${inRange}`),
      ],
      [
        'rewards',
        'applications',
        await n(
          sql`select count(*) from rewards_applications where submitted_at is not null and ${day('submitted_at')} ${inRange}`,
        ),
      ],
      [
        'development',
        'plans',
        await n(sql`select count(distinct cadre_id) from development_plans where starts_on ${inRange}`),
      ],
    ];
    for (const [part, key, value] of expected) expect(fig(part, key), `${part}.${key}`).toBe(value);
    // The demo county has records in most parts: a report of zeros would prove nothing.
    expect(expected.filter(([, , value]) => value > 0).length).toBeGreaterThanOrEqual(6);
    const delivery = v.parts.find((p) => p.key === 'delivery')!;
    expect(delivery.sentence).toContain(`的 ${fig('delivery', 'cadres')} 名领导干部开展对账考察`);
    const scene = v.parts.find((p) => p.key === 'scene')!;
    expect(scene.sentence).toContain(`已开展现场考察调研活动 ${fig('scene', 'activities')} 场次`);
    // A shorter period counts fewer (or as many) records, never more.
    const early = (await officer.get(`/api/reports/period?from=${FROM}&to=2026-03-31`)).json() as typeof v;
    const items = early.parts
      .find((p) => p.key === 'delivery')!
      .figures.find((f) => f.key === 'items')!.value;
    expect(items).toBeLessThanOrEqual(fig('delivery', 'items'));
  });

  it('downloads as Word and as Excel tables; refuses other roles and a backward period', async () => {
    const doc = await officer.get(`/api/reports/period/download?from=${FROM}&to=${TO}&format=docx`);
    expect(doc.statusCode).toBe(200);
    expect(doc.headers['content-type']).toContain('wordprocessingml');
    const xlsx = await officer.get(`/api/reports/period/download?from=${FROM}&to=${TO}&format=xlsx`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    // The figures' table prints like every export, its values numbers equal to the report's.
    const ws = await expectPrintable(xlsx.rawPayload, officer.user!.username);
    const period = (await officer.get(`/api/reports/period?from=${FROM}&to=${TO}`)).json() as {
      parts: { figures: { value: number }[] }[];
    };
    const values = columnValues(ws, '数值').map((c) => c.value);
    expect(values).toEqual(period.parts.flatMap((p) => p.figures.map((f) => f.value)));
    const pdfUrl = `/api/reports/period/download?from=${FROM}&to=${TO}&format=pdf`;
    if (await pdfAvailable())
      expect((await officer.get(pdfUrl)).rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const saved = process.env.YZD_SOFFICE;
    process.env.YZD_SOFFICE = '';
    try {
      const none = await officer.get(pdfUrl);
      expect(none.statusCode).toBe(503);
      expect(none.json().error.code).toBe('REPORTS_PDF_UNAVAILABLE');
    } finally {
      if (saved === undefined) delete process.env.YZD_SOFFICE;
      else process.env.YZD_SOFFICE = saved;
    }
    const back = await officer.get(`/api/reports/period?from=${TO}&to=${FROM}`);
    expect(back.statusCode).toBe(400);
    const cadre = await t.as('cadre');
    expect((await cadre.get(`/api/reports/period?from=${FROM}&to=${TO}`)).statusCode).toBe(403);
  });
});

describe('a verification visit in the report', () => {
  it('puts a final finding under 主要不足, says nothing of integrity after a 虚报, and counts it in the period', async () => {
    const t2 = await createTestApp({ mode: 'production', start: '2026-07-01T02:00:00Z' });
    try {
      const w = await finalFinding(t2, { verdict: 'false_report' });
      const res = await w.officer.post('/api/reports/cadre-reports', {
        cadreId: w.cadre.id,
        from: '2026-01-01',
        to: '2026-12-31',
      });
      expect(res.statusCode, res.body).toBe(201);
      const sections = res.json().sections as Section[];
      const short = sections.find((s) => s.key === 'shortfall')!.statements;
      const finding = short.find((s) => s.sources.some((x) => x.type === 'delivery_finding'));
      expect(finding?.text).toContain('虚报');
      expect(finding!.sources[0]!.id).toBe(w.findingId);
      expect(await sourceResolves(t2.deps.db, finding!.sources[0]!)).toBe(true);
      const lian = sections.find((s) => s.key === 'lian')!.statements;
      expect(lian.every((s) => s.sources.length === 0)).toBe(true);
      const p = (await w.officer.get('/api/reports/period?from=2026-01-01&to=2026-12-31')).json();
      const d = p.parts.find((x: { key: string }) => x.key === 'delivery');
      const f = (k: string) => d.figures.find((x: { key: string }) => x.key === k).value;
      expect([f('cadres'), f('items'), f('findings')]).toEqual([1, 1, 1]);
      expect(d.sentence).toContain('的 1 名领导干部开展对账考察');
    } finally {
      await t2.close();
    }
  });
});
