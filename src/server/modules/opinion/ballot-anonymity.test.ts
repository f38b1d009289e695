import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, agentOn, createTestApp, type TestApp } from '../../../../test/app.ts';
import { TEST_APP_CONFIG } from '../../../../test/config.ts';
import { answersAt, buildTeam, openCampaign } from '../../../../test/opinion-factories.ts';
import { buildApp } from '../../app.ts';
import { rows } from '../../db/client.ts';

/**
 * The promise of a ballot: nobody — an officer, an administrator, or someone reading the database
 * as the application — can tie it to the rater whose link or card it came through.
 */

let t: TestApp;
let officer: Agent;

beforeAll(async () => {
  t = await createTestApp({ mode: 'production', start: '2026-09-01T02:00:00Z' });
  officer = await t.as('assessment_officer');
});
afterAll(async () => t?.close());

/** Submits a personal ballot: every cadre on the link rated with `score(item)`. */
async function vote(token: string, score: (cadreIndex: number, item: string) => number, text?: string) {
  const page = (await t.anonymous().get(`/api/opinion/ballot/${token}`)).json();
  const res = await t.anonymous().post(`/api/opinion/ballot/${token}`, {
    ballots: page.cadres.map((c: { id: string }, i: number) => ({
      cadreId: c.id,
      answers: answersAt((item) => score(i, item)),
      ...(text ? { text } : {}),
    })),
  });
  expect(res.statusCode, res.body).toBe(201);
}

/** As the application reads the database (on PostgreSQL: its own role, not the owner). */
const asApp = <T>(q: ReturnType<typeof sql>) => rows<T>(t.database.db, q);

describe('ballots stored unlinkably', () => {
  const fingerprints = new Map<string, string>();
  let campaignId = '';

  it('accepts 30 staff ballots over the round, stores them in shuffled batches of at least 5, and nothing joins a ballot to its link', async () => {
    const team = await buildTeam(t.deps.db, 5);
    const opened = await openCampaign(officer, () => t.jobs.runDue(), {
      unitId: team.unit.id,
      unitName: team.unit.name,
      subordinates: 30,
      round: 1,
    });
    campaignId = opened.campaignId;
    const staff = opened.slips.filter((s) => s.group === 'subordinate');
    expect(staff).toHaveLength(30);
    // Each staff ballot carries a fingerprint: the k-th link answers item zjg1 with k's digits.
    for (const [k, s] of staff.entries()) {
      const digits = [k % 5, Math.floor(k / 5) % 5, Math.floor(k / 25) % 5].map((d) => d + 1);
      fingerprints.set(s.token, digits.join(''));
      await vote(s.token, (_i, item) =>
        item === 'zjg1' ? digits[0]! : item === 'zjg2' ? digits[1]! : item === 'dd1' ? digits[2]! : 3,
      );
      // The flush job runs every minute while ballots come in.
      t.deps.clock.advance(61_000);
      await t.jobs.runDue();
    }
    // The peers too: each rates the team minus themselves.
    for (const s of opened.slips.filter((x) => x.group === 'peer')) await vote(s.token, () => 4);
    const close = await (await t.as('org_leader')).post(`/api/opinion/campaigns/${campaignId}/close`);
    expect(close.statusCode, close.body).toBe(200);

    // The attack that once joined every ballot to its link: both written by one transaction.
    const joined = await asApp<{ n: number }>(
      sql`select count(*)::int as n from opinion_ballots b join opinion_links l on l.xmin = b.xmin
          where b.campaign_id = ${campaignId}`,
    );
    expect(joined[0]!.n).toBe(0);
    const viaAudit = await asApp<{ n: number }>(
      sql`select count(*)::int as n from opinion_ballots b join audit_entries a on a.xmin = b.xmin
          where b.campaign_id = ${campaignId} and a.action = 'opinion.ballot.submit'`,
    );
    expect(viaAudit[0]!.n).toBe(0);
    expect((await asApp<{ n: number }>(sql`select count(*)::int as n from opinion_ballot_queue`))[0]!.n).toBe(
      0,
    );

    // Every stored batch (one transaction) holds at least 5 submissions.
    const batches = await asApp<{ xid: string; submissions: number }>(
      sql`select b.xmin::text as xid, count(distinct b.submission_key)::int as submissions
          from opinion_ballots b where b.campaign_id = ${campaignId} and b.rater_group = 'subordinate'
          group by b.xmin::text`,
    );
    expect(batches.length).toBeGreaterThan(1);
    for (const b of batches) expect(b.submissions).toBeGreaterThanOrEqual(5);

    // The ordering attack: links in the order they were spent (their transaction ids) against
    // submissions in the order their ballots lie in the table. On the old storage every guess hit.
    const spent = await asApp<{ xid: string }>(
      sql`select xmin::text as xid from opinion_links
          where campaign_id = ${campaignId} and rater_group = 'subordinate' and used_on is not null`,
    );
    const order = spent.map((l) => Number(l.xid)).sort((a, b) => a - b);
    expect(order).toHaveLength(30);
    const stored = await asApp<{ key: string; zjg1: number; zjg2: number; dd1: number }>(
      sql`select submission_key as key, (answers->>'zjg1')::int as zjg1, (answers->>'zjg2')::int as zjg2,
                 (answers->>'dd1')::int as dd1
          from opinion_ballots where campaign_id = ${campaignId} and rater_group = 'subordinate'
          order by ctid`,
    );
    const firstSeen: string[] = [];
    const printOf = new Map<string, string>();
    for (const r of stored) {
      if (!printOf.has(r.key)) firstSeen.push(r.key);
      printOf.set(r.key, `${r.zjg1}${r.zjg2}${r.dd1}`);
    }
    expect(firstSeen).toHaveLength(30);
    // The k-th link spent (fingerprint k) guessed as the k-th submission in the table.
    const byOrder = [...fingerprints.values()];
    const hits = firstSeen.filter((key, k) => printOf.get(key) === byOrder[k]).length;
    expect(hits).toBeLessThan(15);
  });

  it('keeps the submission key where 5 or more rated the same cadres, and drops it where the set names the rater', async () => {
    const sets = await asApp<{ group: string; linked: boolean; keys: number; ballots: number }>(
      sql`select rater_group as group, linked, count(distinct submission_key)::int as keys, count(*)::int as ballots
          from opinion_ballots where campaign_id = ${campaignId} group by rater_group, linked order by 1`,
    );
    // 30 staff rate the whole team of 6: one set, kept. 6 peers each rate the other 5: six
    // different sets, each of one submission — stored with a key per ballot.
    expect(sets).toEqual([
      { group: 'peer', linked: false, keys: 30, ballots: 30 },
      { group: 'subordinate', linked: true, keys: 30, ballots: 180 },
    ]);
  });
});

describe('what the logs keep of a ballot', () => {
  it('writes no token, card code, address, exact time or ballot text for the ballot routes', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    const logged = await buildApp({
      deps: t.deps,
      config: { ...TEST_APP_CONFIG, logLevel: 'info' },
      databaseKind: t.database.kind,
      logStream: stream,
    });
    await logged.ready();
    try {
      officer = await t.as('assessment_officer');
      const team = await buildTeam(t.deps.db, 2);
      const opened = await openCampaign(officer, () => t.jobs.runDue(), {
        unitId: team.unit.id,
        unitName: team.unit.name,
        subordinates: 1,
        round: 2,
      });
      const token = opened.slips.find((s) => s.group === 'subordinate')!.token;
      const cards = await officer.post(
        `/api/opinion/campaigns/${opened.campaignId}/public-links/${opened.publicLinkId}/slip-codes`,
        { count: 1 },
      );
      const card: string = cards.json().codes[0];
      const anon = agentOn(logged, null, null, null);
      const headers = { 'x-forwarded-for': '10.9.8.7' };
      const view = await anon.request('GET', `/api/opinion/ballot/${token}`, undefined, headers);
      const text = '秘密意见：工作作风需改进';
      const submit = await anon.request(
        'POST',
        `/api/opinion/ballot/${token}`,
        {
          ballots: view
            .json()
            .cadres.map((c: { id: string }) => ({ cadreId: c.id, answers: answersAt(4), text })),
        },
        headers,
      );
      expect(submit.statusCode, submit.body).toBe(201);
      const pub = (await anon.get(`/api/opinion/public/${opened.publicCode}`)).json();
      const cast = await anon.post(`/api/opinion/public/${opened.publicCode}`, {
        ballots: [{ cadreId: pub.cadres[0].id, answers: answersAt(2), text }],
        slip: card,
      });
      expect(cast.statusCode, cast.body).toBe(201);
      await anon.get(`/v/${token}`);
      await anon.get(`/p/${opened.publicCode}?c=${card}`);
      // A page that is not a ballot route is logged in full, for comparison.
      await anon.get('/api/health');

      const all = lines.join('\n');
      for (const secret of [token, card, text]) expect(all.includes(secret), secret).toBe(false);
      const ballotLines = lines.map((l) => JSON.parse(l)).filter((l) => l.route);
      expect(ballotLines.length).toBeGreaterThanOrEqual(6);
      const ballotText = JSON.stringify(ballotLines);
      for (const secret of [opened.publicCode, '127.0.0.1', '10.9.8.7'])
        expect(ballotText.includes(secret), secret).toBe(false);
      for (const l of ballotLines) {
        expect(l.time).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(l.url).toBeUndefined();
      }
      const other = lines.map((l) => JSON.parse(l)).find((l) => l.url === '/api/health');
      expect(other).toBeDefined();
      expect(typeof other.time).toBe('number');
    } finally {
      await logged.close();
    }
  });
});
