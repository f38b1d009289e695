import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { orgCadres, orgUnits } from '../src/server/db/schema/index.ts';
import type { Agent } from '../test/app.ts';
import { answersAt } from '../test/opinion-factories.ts';
import type { E2eServer } from './helpers.ts';

/**
 * The starting states of the 走进群众听民意 browser tests, made through the API as the officer
 * would make them on the pages, so that each test starts from its own round and runs alone.
 */

const ok = (r: { statusCode: number; body: string }) => {
  expect(r.statusCode, r.body).toBeLessThan(300);
  return r.body ? JSON.parse(r.body) : {};
};

const day = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

/** A unit and its active cadres. */
export async function unitNamed(server: E2eServer, name: string) {
  const db = server.db.deps.db;
  const [unit] = await db.select().from(orgUnits).where(eq(orgUnits.name, name));
  const cadres = (await db.select().from(orgCadres).where(eq(orgCadres.unitId, unit!.id))).filter(
    (c) => c.status === 'active',
  );
  return { unit: unit!, cadres };
}

/** The next free round of the current year (each test makes its own round). */
export async function nextRound(officer: Agent, year: number) {
  const list = ok(await officer.get(`/api/opinion/campaigns?year=${year}&pageSize=200`));
  return Math.max(0, ...list.items.map((c: { round: number }) => c.round)) + 1;
}

export interface Round {
  id: string;
  title: string;
  year: number;
  round: number;
  officer: Agent;
  /** Tokens of the issued personal links by group. */
  slips: { group: string; token: string; cadres: number }[];
  publicCode: string;
  publicLinkId: string;
}

/**
 * A round over one unit at the stage asked for: `draft` (created), `ready` (raters by rule, `staff`
 * 下级评议 links from a list, a public link, every personal link issued), or `open`.
 */
export async function roundOver(
  server: E2eServer,
  unitName: string,
  o: { title: string; stage: 'draft' | 'ready' | 'open'; staff?: number },
): Promise<Round> {
  const officer = await server.as('officer');
  const { unit } = await unitNamed(server, unitName);
  const year = new Date().getFullYear();
  const round = await nextRound(officer, year);
  const today = new Date();
  const c = ok(
    await officer.post('/api/opinion/campaigns', {
      title: o.title,
      year,
      round,
      startsOn: day(today),
      endsOn: day(new Date(today.getTime() + 20 * 86_400_000)),
      unitIds: [unit.id],
    }),
  );
  const r: Round = {
    id: c.id,
    title: o.title,
    year,
    round,
    officer,
    slips: [],
    publicCode: '',
    publicLinkId: '',
  };
  if (o.stage === 'draft') return r;
  ok(await officer.post(`/api/opinion/campaigns/${c.id}/raters/assign`, { groups: ['superior', 'peer'] }));
  if (o.staff !== 0) await importStaff(server, officer, c.id, unit.name, o.staff ?? 6);
  ok(await officer.post(`/api/opinion/campaigns/${c.id}/public-links`, { unitIds: [unit.id] }));
  r.slips = ok(await officer.post(`/api/opinion/campaigns/${c.id}/issue`, {})).slips;
  const links = ok(await officer.get(`/api/opinion/campaigns/${c.id}/links`)).items;
  const pub = links.find((l: { kind: string }) => l.kind === 'public');
  r.publicCode = pub.publicCode;
  r.publicLinkId = pub.id;
  if (o.stage === 'open') ok(await officer.post(`/api/opinion/campaigns/${c.id}/open`));
  return r;
}

/** `n` 下级评议 links for a unit's staff, from a 评价者名单 through the import engine. */
export async function importStaff(
  server: E2eServer,
  officer: Agent,
  campaignId: string,
  unitName: string,
  n: number,
) {
  const csv = ['单位,评价者组,评价者,评价对象,份数', `${unitName},下级评议,机关干部职工,,${n}`].join('\n');
  const batch = ok(
    await officer.upload(
      '/api/imports/opinion.raters',
      [{ name: '评价者名单.csv', bytes: Buffer.from(csv) }],
      {
        options: JSON.stringify({ campaignId }),
      },
    ),
  );
  await server.jobsIdle();
  expect(ok(await officer.get(`/api/imports/batches/${batch.id}`)).status).toBe('done');
}

/** `n` one-time cards of the round's public link. */
export async function cardsOf(r: Round, n: number): Promise<string[]> {
  return ok(
    await r.officer.post(`/api/opinion/campaigns/${r.id}/public-links/${r.publicLinkId}/slip-codes`, {
      count: n,
    }),
  ).codes;
}

/**
 * A ballot through a personal link, as a rater's phone sends it: every cadre at `score`, or the
 * i-th cadre of the link at `score(i)`.
 */
export async function voteByLink(
  server: E2eServer,
  token: string,
  score: number | ((i: number) => number),
  text?: (i: number) => string,
) {
  const url = `/api/opinion/ballot/${token}`;
  const view = ok(await server.app.inject({ method: 'GET', url }));
  ok(
    await server.app.inject({
      method: 'POST',
      url,
      payload: {
        ballots: view.cadres.map((c: { id: string }, i: number) => ({
          cadreId: c.id,
          answers: answersAt(typeof score === 'number' ? score : score(i)),
          ...(text?.(i) ? { text: text(i) } : {}),
        })),
      },
    }),
  );
  return view.cadres as { id: string; name: string }[];
}

/** A public ballot with a card: the first `n` cadres of the link at `score`. */
export async function voteByCard(server: E2eServer, r: Round, card: string, score: number, n = 1) {
  const url = `/api/opinion/public/${r.publicCode}`;
  const view = ok(await server.app.inject({ method: 'GET', url }));
  ok(
    await server.app.inject({
      method: 'POST',
      url,
      payload: {
        slip: card,
        ballots: view.cadres
          .slice(0, n)
          .map((c: { id: string }) => ({ cadreId: c.id, answers: answersAt(score) })),
      },
    }),
  );
}

/** Closes a round as the officer (storing every waiting submission and freezing the profiles). */
export async function closeRound(r: Round) {
  ok(await r.officer.post(`/api/opinion/campaigns/${r.id}/close`));
}
