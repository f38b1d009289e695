import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../test/db.ts';
import { buildCadre, buildUnit } from '../../../../test/factories.ts';
import { buildClosedRound } from '../../../../test/opinion-factories.ts';
import { opinionMeasure } from './measures.service.ts';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t?.close());

describe('群众口碑 as a growth measure', () => {
  it('uses the calibrated 360 score with its standard error, the raw score only where none was computed', async () => {
    const db = t.deps.db;
    const unit = await buildUnit(db);
    const [a, b] = [await buildCadre(db, { unitId: unit.id }), await buildCadre(db, { unitId: unit.id })];
    await buildClosedRound(db, '2026-04-21T02:00:00Z', [
      { cadreId: a!.id, overall: 84.5, calibrated: { estimate: 78.25, se: 2.5 } },
      { cadreId: b!.id, overall: 66, calibrated: null },
    ]);
    const values = new Map((await opinionMeasure(db, '2026Q2')).map((v) => [v.cadreId, v]));
    expect(values.get(a!.id)!.value).toBe(78.25);
    expect(values.get(a!.id)!.trace).toEqual([
      expect.objectContaining({
        se: 2.5,
        method: 'crossed',
        label: expect.stringContaining('校正得分 78.25（± 4.90）'),
      }),
    ]);
    expect(values.get(b!.id)!.value).toBe(66);
    expect(values.get(b!.id)!.trace[0]!.label).toContain('原始加权得分 66（未校正）');
    expect(values.get(b!.id)!.trace[0]!.se).toBeUndefined();
    // Another quarter holds no round.
    expect(await opinionMeasure(db, '2026Q3')).toEqual([]);
  });
});
