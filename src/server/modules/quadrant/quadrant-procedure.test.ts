import { inflateRawSync } from 'node:zlib';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../../../test/app.ts';
import { buildQuadrantCounty, uploadDecisionFile } from '../../../../test/quadrant-factories.ts';
import { auditEntries, orgCadres, orgUnits } from '../../db/schema/index.ts';
import { parseLrmx } from '../org/lrmx.ts';

/** The text of one file inside a .docx (a zip whose local headers carry the sizes). */
function zipEntry(buf: Buffer, name: string): string | null {
  let i = 0;
  while (i < buf.length - 30 && buf.readUInt32LE(i) === 0x04034b50) {
    const method = buf.readUInt16LE(i + 8);
    const size = buf.readUInt32LE(i + 18);
    const nameLength = buf.readUInt16LE(i + 26);
    const extra = buf.readUInt16LE(i + 28);
    const start = i + 30 + nameLength + extra;
    const data = buf.subarray(start, start + size);
    if (buf.toString('utf8', i + 30, i + 30 + nameLength) === name)
      return (method === 8 ? inflateRawSync(data) : data).toString('utf8');
    i = start + size;
  }
  return null;
}
const wordText = (docx: Buffer) => (zipEntry(docx, 'word/document.xml') ?? '').replace(/<[^>]+>/g, '');

async function setup(start = '2026-07-06T02:00:00Z') {
  const t: TestApp = await createTestApp({ mode: 'production', start });
  const c = await buildQuadrantCounty(t.deps.db);
  const officer = await t.as('assessment_officer');
  for (const q of c.quarters)
    expect((await officer.post(`/api/quadrant/quarters/${q}/compute`)).statusCode).toBe(200);
  return { t, c, officer, leader: await t.as('org_leader') };
}

async function promotion(officer: Agent, cadreId: string) {
  const r = await officer.post('/api/quadrant/decisions', {
    cadreId,
    quarter: '2026Q2',
    kind: 'promote',
    target: { post: '局长', teamPlace: '正职', rankCode: 'zhengke' },
    reasons: '连续三个季度处于高贡献区，拟提拔为局长',
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as { id: string };
}

/** All checks passed with their files, adopted, 任前公示 from Monday 2026-07-06 (until Friday). */
async function inPublicity(officer: Agent, leader: Agent, id: string) {
  for (const kind of ['archive', 'personal_report', 'integrity']) {
    const fileId = await uploadDecisionFile(officer, id, `${kind}.png`);
    const r = await officer.post(`/api/quadrant/decisions/${id}/checks`, {
      kind,
      result: 'pass',
      fileIds: [fileId],
    });
    expect(r.statusCode, r.body).toBe(200);
  }
  expect(
    (await leader.post(`/api/quadrant/decisions/${id}/adopt`, { meeting: '2026年第7次部务会' })).statusCode,
  ).toBe(200);
  expect(
    (await officer.post(`/api/quadrant/decisions/${id}/publicity`, { from: '2026-07-06' })).statusCode,
  ).toBe(200);
}

describe('凡提四必 and the cadre’s 说明 as uploaded files', () => {
  it('counts a check only with a file uploaded to this decision, and keeps the file ids as evidence', async () => {
    const { t, c, officer, leader } = await setup();
    try {
      const d = await promotion(officer, c.strong.id);
      const other = await promotion(officer, c.others[0]!.id);
      const none = await officer.post(`/api/quadrant/decisions/${d.id}/checks`, {
        kind: 'archive',
        result: 'pass',
      });
      expect(none.statusCode).toBe(409);
      expect(none.json().error.code).toBe('QUADRANT_FILE_REQUIRED');
      expect(none.json().error.message).toContain('干部档案审核');
      const elsewhere = await uploadDecisionFile(officer, other.id, '别的决定.png');
      const wrong = await officer.post(`/api/quadrant/decisions/${d.id}/checks`, {
        kind: 'archive',
        result: 'pass',
        fileIds: [elsewhere],
      });
      expect(wrong.json().error.code).toBe('QUADRANT_FILE_INVALID');
      expect(wrong.json().error.details[0].path).toBe('body.fileIds');
      // Without the archive check's file the 部务会 cannot adopt.
      expect(
        (await leader.post(`/api/quadrant/decisions/${d.id}/adopt`, { meeting: '部务会' })).json().error.code,
      ).toBe('QUADRANT_CHECKS_INCOMPLETE');

      const fileId = await uploadDecisionFile(officer, d.id, '档案审核意见.png');
      const pending = (await officer.get(`/api/quadrant/decisions/${d.id}`)).json();
      expect(pending.files.map((f: { id: string }) => f.id)).toEqual([fileId]);
      const ok = await officer.post(`/api/quadrant/decisions/${d.id}/checks`, {
        kind: 'archive',
        result: 'pass',
        note: '档案齐全',
        fileIds: [fileId],
      });
      expect(ok.statusCode, ok.body).toBe(200);
      const v = ok.json();
      const check = v.checks.find((x: { kind: string }) => x.kind === 'archive');
      expect(check.files).toHaveLength(1);
      expect(check.files[0]).toMatchObject({ id: fileId, name: '档案审核意见.png' });
      expect(check.files[0].sm3).toMatch(/^[0-9a-f]{64}$/);
      expect(check.recordedByName).toBeTruthy();
      expect(v.evidence).toContainEqual(expect.objectContaining({ type: 'evidence_file', id: fileId }));
      expect(v.files).toEqual([]);
      const download = await officer.get(`/api/evidence/files/${fileId}/content`);
      expect(download.statusCode).toBe(200);
      expect(download.headers['content-type']).toBe('image/png');

      // Only the department attaches files to a decision, and nobody else reads them.
      const unit = await t.as('unit_admin', { unitId: c.unit.id });
      const refused = await unit.upload(
        '/api/evidence/files',
        [{ name: 'x.png', bytes: download.rawPayload }],
        {
          ownerType: 'quadrant_decision',
          ownerId: d.id,
        },
      );
      expect(refused.statusCode).toBe(403);
      expect((await unit.get(`/api/evidence/files/${fileId}/content`)).statusCode).toBe(404);
      const self = await t.as('cadre', { cadreId: c.strong.id });
      expect((await self.get(`/api/evidence/files/${fileId}`)).statusCode).toBe(404);
    } finally {
      await t.close();
    }
  });

  it('refuses 谈心谈话 without the uploaded written 说明', async () => {
    const { t, c, officer } = await setup();
    try {
      const d = (
        await officer.post('/api/quadrant/decisions', {
          cadreId: c.weak.id,
          quarter: '2026Q2',
          kind: 'demote',
          target: { post: '一级主任科员' },
          reasons: '处于低效区，降职',
        })
      ).json();
      const talk = { talkOn: '2026-07-10', talkBy: '副部长', note: '谈话要点', statement: '本人说明' };
      const missing = await officer.post(`/api/quadrant/decisions/${d.id}/talk`, talk);
      expect(missing.json().error.code).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(missing.json().error.details)).toContain('请上传干部本人签字的书面说明');
      const fileId = await uploadDecisionFile(officer, d.id, '书面说明.png');
      const ok = await officer.post(`/api/quadrant/decisions/${d.id}/talk`, {
        ...talk,
        statementFileIds: [fileId],
      });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json().statementFiles.map((f: { id: string }) => f.id)).toEqual([fileId]);
      expect(ok.json().evidence.some((e: { id: string }) => e.id === fileId)).toBe(true);
    } finally {
      await t.close();
    }
  });
});

describe('objections during 任前公示', () => {
  it('holds the decision back while an objection is open, and records who handled it when and how', async () => {
    const { t, c, officer, leader } = await setup();
    try {
      const d = await promotion(officer, c.strong.id);
      await inPublicity(officer, leader, d.id);
      const raised = await officer.post(`/api/quadrant/decisions/${d.id}/objections`, {
        text: '反映其在项目验收中把关不严',
        source: '来信',
      });
      expect(raised.statusCode, raised.body).toBe(200);
      const o = raised.json().objections[0];
      expect(o).toMatchObject({ result: null, handling: null, can: { handle: true } });
      t.deps.clock.set('2026-07-13T02:00:00Z');
      const later = await t.as('org_leader');
      const effect = { body: '县委常委会', docNo: '县委〔2026〕31号', effectiveOn: '2026-07-13' };
      const blocked = await later.post(`/api/quadrant/decisions/${d.id}/effect`, effect);
      expect(blocked.statusCode).toBe(409);
      expect(blocked.json().error.code).toBe('QUADRANT_OBJECTION_OPEN');
      expect(blocked.json().error.message).toContain('尚有 1 项未核查处理');
      const [before] = await t.deps.db.select().from(orgCadres).where(eq(orgCadres.id, c.strong.id));
      expect(before!.post).toBe('副局长');

      const officer2 = await t.as('assessment_officer');
      const bad = await officer2.post(`/api/quadrant/decisions/${d.id}/objections/${o.id}/handle`, {
        result: 'maybe',
      });
      expect(bad.json().error.code).toBe('VALIDATION_FAILED');
      const handled = await officer2.post(`/api/quadrant/decisions/${d.id}/objections/${o.id}/handle`, {
        result: 'minor',
        handling: '经核查，验收程序有瑕疵但已整改，不影响任用',
      });
      expect(handled.statusCode, handled.body).toBe(200);
      const h = handled.json().objections[0];
      expect(h.result).toBe('minor');
      expect(h.handledAt).toMatch(/^2026-07-13T02:/);
      expect(h.handledByName).toBeTruthy();
      expect(h.can.handle).toBe(false);
      const again = await officer2.post(`/api/quadrant/decisions/${d.id}/objections/${o.id}/handle`, {
        result: 'unfounded',
        handling: '再次处理',
      });
      expect(again.json().error.code).toBe('QUADRANT_OBJECTION_HANDLED');
      const done = await later.post(`/api/quadrant/decisions/${d.id}/effect`, effect);
      expect(done.statusCode, done.body).toBe(200);
      expect(done.json().status).toBe('effective');
    } finally {
      await t.close();
    }
  });

  it('ends the promotion on a substantiated objection, with its reason, and leaves the registry alone', async () => {
    const { t, c, officer, leader } = await setup();
    try {
      const d = await promotion(officer, c.strong.id);
      await inPublicity(officer, leader, d.id);
      const o = (
        await officer.post(`/api/quadrant/decisions/${d.id}/objections`, { text: '反映其违规插手工程项目' })
      ).json().objections[0];
      const r = await officer.post(`/api/quadrant/decisions/${d.id}/objections/${o.id}/handle`, {
        result: 'substantiated',
        handling: '经纪委监委核查属实',
      });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json().status).toBe('terminated');
      expect(r.json().terminatedReason).toContain('反映其违规插手工程项目');
      expect(r.json().terminatedReason).toContain('经纪委监委核查属实');
      expect(r.json().can.effect).toBe(false);
      t.deps.clock.set('2026-07-13T02:00:00Z');
      const later = await t.as('org_leader');
      const effect = await later.post(`/api/quadrant/decisions/${d.id}/effect`, {
        body: '县委常委会',
        docNo: '县委〔2026〕32号',
        effectiveOn: '2026-07-13',
      });
      expect(effect.json().error.code).toBe('QUADRANT_WRONG_STATUS');
      const [after] = await t.deps.db.select().from(orgCadres).where(eq(orgCadres.id, c.strong.id));
      expect(after!.post).toBe('副局长');
      const audits = await t.deps.db.select().from(auditEntries);
      expect(
        audits.some((a) => a.action === 'quadrant.decision.objection.handle' && a.objectId === d.id),
      ).toBe(true);
    } finally {
      await t.close();
    }
  });
});

describe('任免审批表 and 研究材料', () => {
  it('exports a .lrmx the registry importer reads back with the same fields, and the 部务会 material', async () => {
    const { t, c, officer, leader } = await setup();
    try {
      await t.deps.db
        .update(orgCadres)
        .set({
          education: '大学（管理学学士）',
          ethnicity: '汉族',
          resume: '2000.07--2024.06  演示乡工作\n2024.06--  局机关工作 & 其他',
        })
        .where(eq(orgCadres.id, c.strong.id));
      const d = await promotion(officer, c.strong.id);
      await inPublicity(officer, leader, d.id);
      const r = await officer.get(`/api/quadrant/decisions/${d.id}/lrmx`);
      expect(r.statusCode, r.body).toBe(200);
      expect(r.headers['content-disposition']).toContain('.lrmx');
      const [cadre] = await t.deps.db.select().from(orgCadres).where(eq(orgCadres.id, c.strong.id));
      const [unit] = await t.deps.db.select().from(orgUnits).where(eq(orgUnits.id, cadre!.unitId!));
      const parsed = parseLrmx(r.rawPayload, 'export.lrmx');
      expect(parsed).toMatchObject({
        name: cadre!.name,
        sex: cadre!.sex,
        birthYear: cadre!.birthYear,
        birthMonth: cadre!.birthMonth,
        ethnicity: '汉族',
        education: '大学（管理学学士）',
        currentPost: `${unit!.name}${cadre!.post}`,
        resume: '2000.07--2024.06  演示乡工作\n2024.06--  局机关工作 & 其他',
        proposedPost: `${unit!.name}局长`,
        proposedRemoval: `${unit!.name}${cadre!.post}`,
        reason: '连续三个季度处于高贡献区，拟提拔为局长',
      });
      expect(parsed.reportingUnit).toContain('组织部');

      const m = await officer.get(`/api/quadrant/decisions/${d.id}/material`);
      expect(m.statusCode, m.body).toBe(200);
      const text = wordText(m.rawPayload);
      for (const q of c.quarters) expect(text).toContain(q);
      expect(text).toContain('高贡献区');
      expect(text).toContain('干部档案审核');
      expect(text).toContain('archive.png');
      expect(text).toContain('公示期：2026-07-06 至 2026-07-10');
      expect(text).toContain('个体成长解析');

      // Exports are the department's: a cadre cannot fetch them.
      const self = await t.as('cadre', { cadreId: c.strong.id });
      expect((await self.get(`/api/quadrant/decisions/${d.id}/lrmx`)).statusCode).toBe(403);
      const audits = await t.deps.db.select().from(auditEntries);
      expect(audits.some((a) => a.action === 'quadrant.decision.lrmx')).toBe(true);
      expect(audits.some((a) => a.action === 'quadrant.decision.material')).toBe(true);
    } finally {
      await t.close();
    }
  });
});

describe('象限设置', () => {
  it('keeps every version with who, when and the previous values; placements record the version used', async () => {
    const { t, c, officer, leader } = await setup();
    try {
      const current = (await leader.get('/api/quadrant/settings')).json();
      expect(current.version).toBe(0);
      expect(current.can.save).toBe(true);
      expect((await officer.get('/api/quadrant/settings')).json().can.save).toBe(false);
      const params = { ...current.params, viewThreshold: 2, publicityDays: 7, decidingBody: '县委全委会' };
      const bad = await leader.post('/api/quadrant/settings', {
        params: {
          ...params,
          publicityDays: 3,
          viewWeights: { ...params.viewWeights, conduct: 0, opinion: 0 },
        },
        reason: '测试',
      });
      expect(bad.statusCode).toBe(400);
      const messages = bad.json().error.details.map((x: { message: string }) => x.message);
      expect(messages).toContain('任前公示工作日不能小于 5');
      expect(messages).toContain('现场考察表现与 360 与群众评价的权重不能同时为 0');
      expect((await officer.post('/api/quadrant/settings', { params, reason: '科员调整' })).statusCode).toBe(
        403,
      );
      for (const role of ['unit_admin', 'joint_office'] as const) {
        const other = await t.as(role, role === 'unit_admin' ? { unitId: c.unit.id } : undefined);
        expect((await other.get('/api/quadrant/settings')).statusCode).toBe(403);
        expect((await other.post('/api/quadrant/settings', { params, reason: '越权调整' })).statusCode).toBe(
          403,
        );
      }
      const saved = await leader.post('/api/quadrant/settings', { params, reason: '部务会研究调整门槛' });
      expect(saved.statusCode, saved.body).toBe(200);
      expect(saved.json().version).toBe(1);
      expect(saved.json().createdByName).toBeTruthy();
      expect((await officer.post('/api/quadrant/quarters/2026Q2/compute')).statusCode).toBe(200);
      const view = (await officer.get('/api/quadrant/quarters/2026Q2')).json();
      expect(view.settingsVersion).toBe(1);
      expect(view.threshold.view).toBe(2);

      const versions = (await officer.get('/api/quadrant/settings/versions')).json().items;
      expect(versions).toHaveLength(1);
      expect(versions[0].reason).toBe('部务会研究调整门槛');
      expect(versions[0].quarters).toEqual(['2026Q2']);
      expect(versions[0].changes).toEqual(
        expect.arrayContaining([
          { key: 'viewThreshold', label: '政绩观门槛', before: '0', after: '2' },
          { key: 'publicityDays', label: '任前公示工作日', before: '5', after: '7' },
          { key: 'decidingBody', label: '决定机关', before: '县委常委会', after: '县委全委会' },
        ]),
      );
      expect(versions[0].changes).toHaveLength(3);
      // The new 公示 length applies to the next 公示: 7 working days from Monday end on Tuesday.
      const d = await promotion(officer, c.strong.id);
      await inPublicity(officer, leader, d.id);
      expect((await officer.get(`/api/quadrant/decisions/${d.id}`)).json().publicityUntil).toBe('2026-07-14');
    } finally {
      await t.close();
    }
  });
});
