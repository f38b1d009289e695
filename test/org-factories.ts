import type { Db } from '../src/server/db/client.ts';
import { type Deps, systemCtx } from '../src/server/lib/context.ts';
import { write } from '../src/server/lib/tx.ts';
import { recordDivision } from '../src/server/modules/org/division.service.ts';
import { buildCadre, buildUnit } from './factories.ts';

/** The day factory teams take office and their division starts: before any seeded period. */
export const TEAM_START = '2024-01-01';

/**
 * A unit of its own with a leadership team (one 正职 and `deputies` 副职) and a first division
 * version in force from TEAM_START, in which deputy i leads `domains[i]` (codes of the domain
 * dictionary, which the test's database must hold). Route tests that change the registry build
 * one, so that they neither depend on nor disturb what another test does with the seed.
 */
export async function buildDividedTeam(
  deps: Deps,
  o: { deputies?: number; domains?: string[]; kind?: 'department' | 'town'; regionId?: string } = {},
) {
  const db: Db = deps.db;
  const unit = await buildUnit(db, { kind: o.kind, regionId: o.regionId });
  const head = await buildCadre(db, {
    unitId: unit.id,
    teamPlace: '正职',
    post: '局长',
    startsOn: TEAM_START,
  });
  const deputies: Awaited<ReturnType<typeof buildCadre>>[] = [];
  for (let i = 0; i < (o.deputies ?? 2); i++)
    deputies.push(await buildCadre(db, { unitId: unit.id, teamPlace: '副职', startsOn: TEAM_START }));
  const domains = o.domains ?? [];
  const ctx = systemCtx(deps);
  const division = await write(ctx, (tx, audit) =>
    recordDivision(ctx, tx, audit, unit.id, {
      effectiveFrom: TEAM_START,
      docNo: null,
      reason: '测试：首版分工',
      members: [
        { cadreId: head.id, duties: '主持全面工作', scopes: [] },
        ...deputies.map((d, i) => ({
          cadreId: d.id,
          duties: domains[i] ? `分管${domains[i]}` : '分管办公室',
          scopes: domains[i] ? [{ kind: 'domain' as const, ref: domains[i]!, lead: true }] : [],
        })),
      ],
    }),
  );
  return { unit, head, deputies, division };
}
