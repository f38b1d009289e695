import { expect } from 'vitest';
import { DEFAULT_GROUP_WEIGHTS, DEFAULT_QUESTIONNAIRE } from '../src/common/contracts/opinion.ts';
import type { Db } from '../src/server/db/client.ts';
import { opinionCampaigns, opinionProfiles } from '../src/server/db/schema/index.ts';
import type { Agent } from './app.ts';
import { buildCadre, buildUnit } from './factories.ts';

/** A slip as the issue endpoint returns it (the token is shown this once). */
export interface IssuedSlip {
  token: string;
  group: string;
  cadres: number;
}

/** A unit with a leadership team: one 正职 and `deputies` 副职. */
export async function buildTeam(db: Db, deputies = 5) {
  const unit = await buildUnit(db);
  const head = await buildCadre(db, { unitId: unit.id, teamPlace: '正职', post: '局长' });
  const rest = [];
  for (let i = 0; i < deputies; i++) rest.push(await buildCadre(db, { unitId: unit.id, teamPlace: '副职' }));
  return { unit, cadres: [head, ...rest] };
}

/**
 * An open campaign over one unit, through the API as an officer: superiors and peers by rule,
 * `subordinates` and `services` personal links from a list, a public link, every personal link
 * issued. Returns the campaign, the slips and the public link.
 */
export async function openCampaign(
  officer: Agent,
  runJobs: () => Promise<unknown>,
  o: { unitId: string; unitName: string; subordinates?: number; services?: number; round?: number },
) {
  const ok = (r: { statusCode: number; body: string }) => {
    expect(r.statusCode, r.body).toBeLessThan(300);
    return JSON.parse(r.body || '{}');
  };
  const c = ok(
    await officer.post('/api/opinion/campaigns', {
      title: '测试：干部政绩观测评',
      year: 2026,
      round: o.round ?? 1,
      startsOn: '2026-01-01',
      endsOn: '2026-12-31',
      unitIds: [o.unitId],
    }),
  );
  ok(await officer.post(`/api/opinion/campaigns/${c.id}/raters/assign`, { groups: ['superior', 'peer'] }));
  const lines = [
    '单位,评价者组,评价者,评价对象,份数',
    ...(o.subordinates ? [`${o.unitName},下级评议,机关干部职工,,${o.subordinates}`] : []),
    ...(o.services ? [`${o.unitName},服务对象反向评价,服务企业,,${o.services}`] : []),
  ];
  if (lines.length > 1) {
    const up = await officer.upload(
      '/api/imports/opinion.raters',
      [{ name: 'raters.csv', bytes: Buffer.from(lines.join('\n')) }],
      { options: JSON.stringify({ campaignId: c.id }) },
    );
    ok(up);
    await runJobs();
  }
  ok(await officer.post(`/api/opinion/campaigns/${c.id}/public-links`, { unitIds: [o.unitId] }));
  ok(await officer.post(`/api/opinion/campaigns/${c.id}/open`));
  const slips: IssuedSlip[] = ok(await officer.post(`/api/opinion/campaigns/${c.id}/issue`, {})).slips;
  const links = ok(await officer.get(`/api/opinion/campaigns/${c.id}/links`)).items as {
    id: string;
    kind: string;
    publicCode: string | null;
  }[];
  const pub = links.find((l) => l.kind === 'public')!;
  return { campaignId: c.id as string, slips, publicLinkId: pub.id, publicCode: pub.publicCode! };
}

/** The answers of a ballot: every item of the default questionnaire at `score`. */
export const DEFAULT_ITEMS = ['zjg1', 'zjg2', 'dd1', 'dd2', 'sj1', 'sj2', 'zf1', 'zf2', 'lj1'];
export const answersAt = (score: number | ((item: string) => number)) =>
  Object.fromEntries(DEFAULT_ITEMS.map((c) => [c, typeof score === 'number' ? score : score(c)]));

/**
 * A closed round over `cadres` with their frozen profiles stated outright: `overall` the raw
 * weighted score, `calibrated` the calibrated one (null: a profile without one).
 */
export async function buildClosedRound(
  db: Db,
  closedAt: string,
  cadres: { cadreId: string; overall: number; calibrated: { estimate: number; se: number } | null }[],
) {
  const [c] = await db
    .insert(opinionCampaigns)
    .values({
      title: `${closedAt.slice(0, 4)}年度干部政绩观测评`,
      year: Number(closedAt.slice(0, 4)),
      round: 1,
      status: 'closed',
      startsOn: closedAt.slice(0, 10),
      endsOn: closedAt.slice(0, 10),
      questionnaire: DEFAULT_QUESTIONNAIRE,
      groups: DEFAULT_GROUP_WEIGHTS,
      closedAt: new Date(closedAt),
    })
    .returning();
  await db.insert(opinionProfiles).values(
    cadres.map((x) => ({
      campaignId: c!.id,
      cadreId: x.cadreId,
      data: {
        cadreId: x.cadreId,
        overall: x.overall,
        withheld: [],
        groups: [],
        calibrated: x.calibrated && {
          ...x.calibrated,
          low: x.calibrated.estimate - 1.96 * x.calibrated.se,
          high: x.calibrated.estimate + 1.96 * x.calibrated.se,
          method: 'crossed',
          keyedGroups: ['subordinate'],
        },
      },
      overall: String(x.overall),
      ballots: 12,
      shown: true,
    })),
  );
  return c!;
}
