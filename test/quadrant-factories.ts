import type { Db } from '../src/server/db/client.ts';
import { economyInterviews, growthResults, growthRuns, orgDictItems } from '../src/server/db/schema/index.ts';
import type { Agent } from './app.ts';
import { buildCadre, buildUnit } from './factories.ts';
import { onePixelPng } from './multipart.ts';

/**
 * A unit of cadres with growth results stated outright, one run per quarter, so that each cadre's
 * zone is known in advance: `strong` far above the county average every quarter, `weak` far below
 * with a confirmed 约谈 (a deviation), `island` unidentified (placed by within-unit comparison),
 * and others around the average. `gap` names a quarter in which `strong` has no result.
 */
export async function buildQuadrantCounty(
  db: Db,
  o: { quarters?: string[]; others?: number; gap?: string; interviewOn?: string } = {},
) {
  const quarters = o.quarters ?? ['2025Q4', '2026Q1', '2026Q2'];
  await db
    .insert(orgDictItems)
    .values([
      { kind: 'rank', code: 'fuke', name: '副科级' },
      { kind: 'rank', code: 'zhengke', name: '正科级' },
      { kind: 'rank', code: 'fuchu', name: '副处级' },
    ])
    .onConflictDoNothing();
  const unit = await buildUnit(db);
  const other = await buildUnit(db);
  const strong = await buildCadre(db, { unitId: unit.id, rankCode: 'fuke', name: '高贡献干部' });
  const weak = await buildCadre(db, { unitId: unit.id, rankCode: 'fuke', name: '低效干部' });
  const island = await buildCadre(db, { unitId: unit.id, rankCode: 'fuke', name: '无法区分干部' });
  const city = await buildCadre(db, { unitId: unit.id, rankCode: 'fuchu', name: '市管干部' });
  const others = [];
  for (let i = 0; i < (o.others ?? 8); i++)
    others.push(await buildCadre(db, { unitId: unit.id, rankCode: 'fuke', birthYear: 1975 + i * 2 }));
  const part = (own: number | null, ownSe: number | null) => ({
    raw: 50,
    platform: 0,
    resources: 0,
    own,
    ownSe,
    withinUnit: own ?? 0,
    n: 4,
  });
  const runs: Record<string, string> = {};
  for (const q of quarters) {
    const [run] = await db
      .insert(growthRuns)
      .values({ quarter: q, versions: { weights: 0, rule: 0 }, models: [] })
      .returning();
    runs[q] = run!.id;
    const result = (cadreId: string, composite: number | null, se: number, withinUnit: number) => ({
      runId: run!.id,
      cadreId,
      unitId: unit.id,
      identified: composite !== null,
      composite: composite === null ? null : String(composite),
      compositeSe: composite === null ? null : String(se),
      withinUnit: String(withinUnit),
      parts: {
        delivery: part(composite, composite === null ? null : se),
        conduct: part(composite === null ? null : composite / 4, composite === null ? null : 1),
      },
      growth: {
        slope: null,
        slopeSe: null,
        percentile: null,
        projected: null,
        projectedSe: null,
        quarters: [],
      },
    });
    const list = [
      result(weak.id, -9, 1, -5),
      result(island.id, null, 0, 6),
      result(city.id, 1, 1, 0),
      ...others.map((c, i) => result(c.id, (i % 3) - 1, 1.5, 0)),
    ];
    if (q !== o.gap) list.push(result(strong.id, 9, 1, 5));
    await db.insert(growthResults).values(list);
  }
  await db.insert(economyInterviews).values({
    cadreId: weak.id,
    unitId: unit.id,
    interviewedOn: o.interviewOn ?? '2026-05-10',
    interviewers: '县委组织部',
    issue: '指标完成情况与上报不符',
    followUp: '限期整改',
    followUpDue: '2026-06-30',
  });
  return { unit, other, strong, weak, island, city, others, quarters, runs };
}

/** Uploads a file to a decision (a scan of a check's material or of the cadre's 说明); its id. */
export async function uploadDecisionFile(
  agent: Agent,
  decisionId: string,
  name = '核查材料.png',
): Promise<string> {
  const r = await agent.upload('/api/evidence/files', [{ name, bytes: onePixelPng() }], {
    ownerType: 'quadrant_decision',
    ownerId: decisionId,
  });
  if (r.statusCode !== 201) throw new Error(`上传失败：${r.statusCode} ${r.body}`);
  return r.json().id as string;
}
