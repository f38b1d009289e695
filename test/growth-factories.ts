import type { Db } from '../src/server/db/client.ts';
import {
  growthMeasures,
  keyworkMeetings,
  keyworkTaskCadres,
  keyworkTasks,
  orgAppointments,
} from '../src/server/db/schema/index.ts';
import { Rng } from '../src/server/lib/random.ts';
import { buildCadre, buildUnit } from './factories.ts';

/**
 * A county for the growth analysis: units with planted platform effects, cadres with planted own
 * effects, some of whom moved between units, and `quarters` of outcome measures generated as
 * `50 + 10·(own + unit) + noise` — plus one unit nobody ever left or joined (its cadres cannot be
 * told apart from it).
 */
export async function buildGrowthCounty(
  db: Db,
  o: { units?: number; perUnit?: number; quarters?: string[]; seed?: number; moverShare?: number } = {},
) {
  const rng = new Rng(o.seed ?? 7);
  const gauss = () =>
    Math.sqrt(-2 * Math.log(Math.max(1e-12, rng.next()))) * Math.cos(2 * Math.PI * rng.next());
  const quarters = o.quarters ?? ['2025Q1', '2025Q2', '2025Q3', '2025Q4', '2026Q1', '2026Q2'];
  const units = [];
  for (let i = 0; i < (o.units ?? 6); i++) {
    const unit = await buildUnit(db);
    units.push({ unit, effect: i === 0 ? 2 : gauss() });
  }
  // The island: its cadres never served anywhere else, nobody joined it.
  const island = { unit: await buildUnit(db), effect: gauss() };
  const cadres: { id: string; unitId: string; own: number; earlier: string | null }[] = [];
  for (const u of [...units, island]) {
    for (let k = 0; k < (o.perUnit ?? 7); k++) {
      const c = await buildCadre(db, {
        unitId: u.unit.id,
        teamPlace: k === 0 ? '正职' : '副职',
        startsOn: '2025-07-01',
      });
      let earlier: string | null = null;
      // Movers: an earlier post in another unit (not the island), ending when the current one began.
      if (u !== island && rng.chance(o.moverShare ?? 0.35)) {
        const other = units.filter((x) => x.unit.id !== u.unit.id)[rng.int(0, units.length - 2)]!;
        earlier = other.unit.id;
        await db.insert(orgAppointments).values({
          cadreId: c.id,
          kind: 'appoint',
          unitId: other.unit.id,
          post: '副局长',
          teamPlace: '副职',
          startsOn: '2020-01-01',
          endsOn: '2025-06-30',
        });
      } else {
        // Non-movers held the same post from the start.
        await db.insert(orgAppointments).values({
          cadreId: c.id,
          kind: 'appoint',
          unitId: u.unit.id,
          post: c.post,
          teamPlace: c.teamPlace,
          startsOn: '2020-01-01',
          endsOn: '2025-06-30',
        });
      }
      cadres.push({ id: c.id, unitId: u.unit.id, own: gauss(), earlier });
    }
  }
  const effect = new Map([...units, island].map((u) => [u.unit.id, u.effect]));
  const rows = [];
  for (const q of quarters) {
    const before = q < '2025Q3';
    for (const c of cadres) {
      const unitId = before && c.earlier ? c.earlier : c.unitId;
      for (const measure of ['delivery', 'keywork'] as const)
        rows.push({
          cadreId: c.id,
          unitId,
          quarter: q,
          measure,
          value: String(Math.round((60 + 8 * (c.own + effect.get(unitId)!) + 4 * gauss()) * 100) / 100),
          source: 'import',
          trace: [{ type: 'import_batch', id: 'test', label: '测试导入', link: null }],
        });
    }
  }
  await db.insert(growthMeasures).values(rows);
  return { units, island, cadres, quarters };
}

/** A key task led by `leadUnitId` with the given responsible cadres. */
export async function buildSharedTask(db: Db, leadUnitId: string, cadres: { id: string; unitId: string }[]) {
  const [meeting] = await db
    .insert(keyworkMeetings)
    .values({ kind: 'study', title: '测试专题研究会', heldOn: '2026-01-05' })
    .returning();
  const [t] = await db
    .insert(keyworkTasks)
    .values({
      title: `测试任务${Math.floor(Math.random() * 1e6)}`,
      meetingId: meeting!.id,
      leadUnitId,
      cadence: 'monthly',
      startsOn: '2026-01-01',
      dueOn: '2026-12-31',
    })
    .returning();
  await db
    .insert(keyworkTaskCadres)
    .values(cadres.map((c) => ({ taskId: t!.id, cadreId: c.id, unitId: c.unitId, role: 'responsible' })));
  return t!;
}
