import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../test/db.ts';
import { buildTeam, DEFAULT_ITEMS } from '../../../../test/opinion-factories.ts';
import {
  DEFAULT_GROUP_WEIGHTS,
  DEFAULT_QUESTIONNAIRE,
  type Questionnaire,
  type RaterGroup,
} from '../../../common/contracts/opinion.ts';
import { opinionBallots, opinionCampaignCadres, opinionCampaigns } from '../../db/schema/index.ts';
import { seedDemo } from '../../demo/index.ts';
import { type CampaignRow, computeResults, computeResultsFromBallots } from './campaigns.service.ts';

// A round's figures counted in the database must be the very figures computed from every ballot
// read into the application: on the demo county's rounds, and on a round built to hold the cases
// where the rules bite (no ballots, unanswered items, small groups merged or withheld).

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb({ start: '2026-11-20T02:00:00Z' });
  await seedDemo(t.deps, { scale: 'small' });
}, 300_000);
afterAll(async () => t?.close());

const stamp = { at: new Date('2026-11-20T02:00:00Z'), by: null };

async function bothWays(c: CampaignRow) {
  const fromBallots = (await computeResultsFromBallots(t.deps.db, c, stamp)).map(
    ({ usedBallotIds: _ids, ...r }) => r,
  );
  const inDatabase = await computeResults(t.deps.db, c, stamp);
  expect(inDatabase).toStrictEqual(fromBallots);
  return inDatabase;
}

/** A small deterministic sequence of answers. */
function sequence(seed: number) {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
}

describe('a round’s figures counted in the database', () => {
  it('are those computed from the ballots on every round of the demo county', async () => {
    const campaigns = await t.deps.db.select().from(opinionCampaigns);
    expect(campaigns.length).toBeGreaterThan(0);
    let shown = 0;
    let calibrated = 0;
    for (const c of campaigns) {
      const results = await bothWays(c);
      shown += results.filter((r) => r.overall !== null).length;
      calibrated += results.filter((r) => r.calibrated).length;
    }
    expect(shown).toBeGreaterThan(0);
    expect(calibrated).toBeGreaterThan(0);
  });

  const odd: Questionnaire = {
    scale: { min: 0, max: 4 },
    freeText: false,
    dimensions: [
      {
        code: 'a',
        name: '甲',
        weight: 12.5,
        items: [
          { code: 'a1', text: '一' },
          { code: 'a2', text: '二' },
        ],
      },
      {
        code: 'b',
        name: '乙',
        weight: 7.5,
        items: [
          { code: 'b1', text: '三' },
          { code: 'b2', text: '四' },
          { code: 'b3', text: '五' },
        ],
      },
      { code: 'c', name: '丙', weight: 3, items: [{ code: 'c1', text: '六' }] },
    ],
  };

  for (const [round, label, q, weights] of [
    [9, 'the default questionnaire', DEFAULT_QUESTIONNAIRE, DEFAULT_GROUP_WEIGHTS],
    [
      10,
      'a questionnaire of other scale and weights',
      odd,
      [
        { group: 'superior', weight: 35 },
        { group: 'peer', weight: 12.5 },
        { group: 'subordinate', weight: 20 },
        { group: 'public', weight: 10 },
        { group: 'service', weight: 7.3 },
      ],
    ],
  ] as const) {
    it(`are those computed from the ballots where groups are small or answers missing (${label})`, async () => {
      const db = t.deps.db;
      const teams = [await buildTeam(db, 4), await buildTeam(db, 4)];
      const cadres = teams.flatMap((x) => x.cadres.map((c) => ({ id: c.id, unitId: x.unit.id })));
      const [c] = await db
        .insert(opinionCampaigns)
        .values({
          title: '测试：小组与缺答',
          year: 2026,
          round,
          status: 'open',
          startsOn: '2026-11-01',
          endsOn: '2026-11-30',
          questionnaire: q,
          groups: weights,
        })
        .returning();
      await db
        .insert(opinionCampaignCadres)
        .values(cadres.map((x) => ({ campaignId: c!.id, cadreId: x.id, unitId: x.unitId })));
      const items = q.dimensions.flatMap((d) => d.items.map((i) => i.code));
      const next = sequence(items.length);
      const ballots: (typeof opinionBallots.$inferInsert)[] = [];
      // Each cadre has a level of their own, the answers scattered around it.
      const top = q.scale.max - q.scale.min;
      const answers = (cadre: number, skip = 0) =>
        Object.fromEntries(
          items
            .filter(() => next() >= skip)
            .map((code) => {
              const v = (cadre % (top + 1)) + Math.floor(next() * 3) - 1;
              return [code, q.scale.min + Math.max(0, Math.min(top, v))];
            }),
        );
      const cast = (
        cadre: number,
        group: RaterGroup,
        n: number,
        o: { skip?: number; key?: string[] } = {},
      ) => {
        for (let i = 0; i < n; i++)
          ballots.push({
            campaignId: c!.id,
            cadreId: cadres[cadre]!.id,
            raterGroup: group,
            submissionKey: o.key?.[i] ?? randomUUID(),
            linked: !!o.key,
            answers: answers(cadre, o.skip),
            submittedOn: '2026-11-10',
          });
      };
      // Raters who each rated several cadres and whose submissions kept their key.
      const raters = Array.from({ length: 8 }, () => randomUUID());
      // 0: no ballots at all.
      // 1: every group on its own, some items unanswered, one ballot with no answer.
      cast(1, 'superior', 6, { skip: 0.1 });
      cast(1, 'peer', 5);
      cast(1, 'subordinate', 8, { key: raters });
      cast(1, 'public', 5, { skip: 0.3 });
      cast(1, 'service', 5);
      ballots.push({ ...ballots.at(-1)!, submissionKey: randomUUID(), answers: {} });
      // 2: superiors, peers and services too few alone, merged; the public too few, withheld.
      cast(2, 'superior', 3);
      cast(2, 'peer', 2, { skip: 0.5 });
      cast(2, 'service', 1);
      cast(2, 'public', 4);
      cast(2, 'subordinate', 8, { key: raters });
      // 3: two superiors only: nothing shown.
      cast(3, 'superior', 2);
      // 4: four peers and one superior: merged only when together five or more.
      cast(4, 'peer', 4);
      cast(4, 'superior', 1);
      cast(4, 'subordinate', 8, { key: raters });
      // 5: subordinates whose answers to the last dimension are all missing.
      cast(5, 'subordinate', 6);
      const lastItems = q.dimensions.at(-1)!.items.map((i) => i.code);
      for (const b of ballots.slice(-6))
        b.answers = Object.fromEntries(
          Object.entries(b.answers as Record<string, number>).filter(([k]) => !lastItems.includes(k)),
        );
      // 6: the public on its own, one superior withheld (a single small group is never merged).
      cast(6, 'public', 6);
      cast(6, 'superior', 3);
      cast(6, 'subordinate', 8, { key: raters });
      // 7, 8, 9: one group each, at the threshold and above.
      cast(7, 'peer', 5);
      cast(8, 'service', 11, { skip: 0.2 });
      cast(9, 'subordinate', 8, { key: raters });
      await db.insert(opinionBallots).values(ballots);

      const results = await bothWays(c!);
      const of = (i: number) => results.find((r) => r.cadreId === cadres[i]!.id)!;
      expect(of(0)).toMatchObject({ overall: null, ballotsShown: 0, groups: [] });
      expect(of(2).groups.map((g) => g.group)).toEqual(['subordinate', 'merged']);
      expect(of(2).withheld).toEqual(['public']);
      expect(of(3)).toMatchObject({ overall: null, withheld: ['superior'] });
      expect(of(4).groups.map((g) => g.group)).toEqual(['subordinate', 'merged']);
      expect(of(5).byDimension[q.dimensions.at(-1)!.code]).toBeNull();
      expect(of(6).withheld).toEqual(['superior']);
      expect(results.some((r) => r.calibrated)).toBe(true);

      // The same for some cadres only.
      const some = [cadres[1]!.id, cadres[2]!.id, cadres[6]!.id];
      const part = (await computeResultsFromBallots(db, c!, stamp, some)).map(
        ({ usedBallotIds: _i, ...r }) => r,
      );
      expect(await computeResults(db, c!, stamp, some)).toStrictEqual(part);
    });
  }

  it('keep the default questionnaire’s items (the demo and the factories answer them)', () => {
    expect(DEFAULT_QUESTIONNAIRE.dimensions.flatMap((d) => d.items.map((i) => i.code))).toEqual(
      DEFAULT_ITEMS,
    );
  });
});
