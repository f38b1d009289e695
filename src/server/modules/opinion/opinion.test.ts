import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../../../test/app.ts';
import { TEST_APP_CONFIG } from '../../../../test/config.ts';
import { seedSmallCounty } from '../../../../test/factories.ts';
import { ROLES } from '../../../common/roles.ts';
import { buildApp } from '../../app.ts';
import { sm3Hex } from '../../lib/hash.ts';

let t: TestApp;
let county: Awaited<ReturnType<typeof seedSmallCounty>>;
let officer: Agent;
let leader: Agent;

const ITEMS = ['zjg1', 'zjg2', 'dd1', 'dd2', 'sj1', 'sj2', 'zf1', 'zf2', 'lj1'];
const answers = (v: number) => Object.fromEntries(ITEMS.map((c) => [c, v]));

interface Slip {
  token: string;
  group: string;
  raterLabel: string | null;
  unitName: string | null;
  cadres: number;
}

async function sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  return (await t.superuser(text, params)).rows as T[];
}

/** The one number a query counts (`AS n`). */
async function num(text: string, params: unknown[] = []): Promise<number> {
  return Number((await sql<{ n: number }>(text, params))[0]!.n);
}

/** Fills a personal link's ballot page as the rater would: every cadre, one score for all items. */
async function vote(token: string, score: number, text?: string) {
  const page = await t.anonymous().get(`/api/opinion/ballot/${token}`);
  expect(page.statusCode, page.body).toBe(200);
  const ballots = page
    .json()
    .cadres.map((c: { id: string }) => ({ cadreId: c.id, answers: answers(score), text }));
  return t.anonymous().post(`/api/opinion/ballot/${token}`, { ballots });
}

let campaignId = '';
let unit: { id: string; name: string };
let cadres: { cadreId: string; name: string; unitId: string }[] = [];

beforeAll(async () => {
  t = await createTestApp({ mode: 'production', start: '2026-09-01T02:00:00Z' });
  county = await seedSmallCounty(t.deps);
  officer = await t.as('assessment_officer');
  leader = await t.as('org_leader');
  unit = (await officer.get(`/api/org/units/${county.unitAdminUnitId}`)).json();
});
afterAll(async () => t?.close());

describe('an evaluation campaign (测评)', () => {
  it('is created over every active cadre with the article’s five dimensions and five rater groups', async () => {
    const bad = await officer.post('/api/opinion/campaigns', {
      title: '',
      year: 2026,
      round: 1,
      startsOn: '2026-09-10',
      endsOn: '2026-09-01',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
    const res = await officer.post('/api/opinion/campaigns', {
      title: '2026年度干部政绩观测评',
      year: 2026,
      round: 1,
      startsOn: '2026-09-01',
      endsOn: '2026-09-30',
    });
    expect(res.statusCode, res.body).toBe(201);
    campaignId = res.json().id;
    const detail = (await officer.get(`/api/opinion/campaigns/${campaignId}`)).json();
    expect(detail.status).toBe('draft');
    expect(detail.can).toEqual({ edit: true, open: true, close: false, links: true, results: false });
    // Nothing to vote through yet: the round cannot start.
    const early = await officer.post(`/api/opinion/campaigns/${campaignId}/open`);
    expect(early.json().error.code).toBe('OPINION_NO_LINKS');
    expect(detail.questionnaire.dimensions.map((d: { name: string }) => d.name)).toEqual([
      '政绩观',
      '担当',
      '实绩',
      '作风',
      '廉洁',
    ]);
    const n = await num(
      "SELECT count(*)::int AS n FROM org_cadres WHERE status = 'active' AND unit_id IS NOT NULL",
    );
    expect(detail.cadreCount).toBe(n);
    // The list counts what the detail counts.
    const listed = (await officer.get('/api/opinion/campaigns')).json().items;
    expect(listed.find((c: { id: string }) => c.id === campaignId)?.cadres).toBe(n);
    const dup = await officer.post('/api/opinion/campaigns', {
      title: '重复轮次',
      year: 2026,
      round: 1,
      startsOn: '2026-09-01',
      endsOn: '2026-09-30',
    });
    expect(dup.json().error.code).toBe('ALREADY_EXISTS');
    cadres = (
      await sql<{ cadreId: string; name: string; unitId: string }>(
        `SELECT x.cadre_id AS "cadreId", c.name, x.unit_id AS "unitId" FROM opinion_campaign_cadres x
           JOIN org_cadres c ON c.id = x.cadre_id WHERE x.campaign_id = $1`,
        [campaignId],
      )
    ).sort((a, b) => a.name.localeCompare(b.name));
  });

  it('takes superiors and peers from the registry by rule: the 正职 rate their team, the liaison leader rates the 正职', async () => {
    const res = await officer.post(`/api/opinion/campaigns/${campaignId}/raters/assign`, {
      groups: ['superior', 'peer'],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().created.superior).toBeGreaterThan(0);
    const team = await sql<{ id: string; team_place: string }>(
      "SELECT id, team_place FROM org_cadres WHERE unit_id = $1 AND status = 'active'",
      [unit.id],
    );
    const head = team.find((m) => m.team_place === '正职')!;
    const deputies = team.filter((m) => m.team_place !== '正职').map((m) => m.id);
    const [headLink] = await sql<{ cadre_ids: string[] }>(
      "SELECT cadre_ids FROM opinion_links WHERE campaign_id = $1 AND rater_group = 'superior' AND rater_cadre_id = $2",
      [campaignId, head.id],
    );
    expect([...headLink!.cadre_ids].sort()).toEqual([...deputies].sort());
    const [leaderLink] = await sql<{ cadre_ids: string[] }>(
      `SELECT l.cadre_ids FROM opinion_links l JOIN org_liaison_groups g ON g.leader_cadre_id = l.rater_cadre_id
        JOIN org_units u ON u.liaison_group_id = g.id WHERE l.campaign_id = $1 AND l.rater_group = 'superior' AND u.id = $2`,
      [campaignId, unit.id],
    );
    expect(leaderLink!.cadre_ids).toContain(head.id);
    const [peer] = await sql<{ cadre_ids: string[] }>(
      "SELECT cadre_ids FROM opinion_links WHERE campaign_id = $1 AND rater_group = 'peer' AND rater_cadre_id = $2",
      [campaignId, head.id],
    );
    expect([...peer!.cadre_ids].sort()).toEqual([...deputies].sort());
    const again = await officer.post(`/api/opinion/campaigns/${campaignId}/raters/assign`, {
      groups: ['peer'],
    });
    expect(again.json().error.code).toBe('OPINION_RATERS_ASSIGNED');
  });

  it('takes subordinates and service objects from an uploaded list, all or nothing, and not twice', async () => {
    const file = (rows: string[]) => ({
      name: '评价者名单.csv',
      bytes: Buffer.from(`单位,评价者组,评价者,评价对象,份数\n${rows.join('\n')}\n`),
    });
    const links = async () =>
      (
        await sql<{ n: number }>(
          "SELECT count(*)::int AS n FROM opinion_links WHERE campaign_id = $1 AND kind = 'personal'",
          [campaignId],
        )
      )[0]!.n;
    const before = await links();
    const bad = await officer.upload(
      '/api/imports/opinion.raters',
      [file([`${unit.name},下级评议,机关干部职工,,6`, `${unit.name},上级评价,某领导,,1`])],
      { options: JSON.stringify({ campaignId }) },
    );
    expect(bad.statusCode, bad.body).toBe(202);
    await t.jobs.runDue();
    const badBatch = (await officer.get(`/api/imports/batches/${bad.json().id}`)).json();
    expect(badBatch.status).toBe('invalid');
    expect(JSON.stringify(badBatch)).toContain('下级评议 或 服务对象反向评价');
    expect(await links()).toBe(before);

    const good = file([`${unit.name},下级评议,机关干部职工,,6`, `${unit.name},服务对象反向评价,服务企业,,5`]);
    for (let i = 0; i < 2; i++) {
      const res = await officer.upload('/api/imports/opinion.raters', [good], {
        options: JSON.stringify({ campaignId }),
      });
      expect(res.statusCode, res.body).toBe(202);
      await t.jobs.runDue();
      const batch = (await officer.get(`/api/imports/batches/${res.json().id}`)).json();
      expect(batch.status, JSON.stringify(batch)).toBe('done');
    }
    expect(await links()).toBe(before + 11);
  });

  it('makes a public link per unit for 群众测评', async () => {
    const res = await officer.post(`/api/opinion/campaigns/${campaignId}/public-links`, {
      unitIds: [unit.id],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().created).toBe(1);
    const none = await officer.post(`/api/opinion/campaigns/${campaignId}/public-links`, {});
    expect(none.statusCode).toBe(400);
  });
});

let slips: Slip[] = [];
let publicCode = '';
let publicCadreId = '';

describe('links and ballots', () => {
  it('hands out personal links once, keeping only a hash of each token', async () => {
    const res = await officer.post(`/api/opinion/campaigns/${campaignId}/issue`, { unitId: unit.id });
    expect(res.statusCode, res.body).toBe(200);
    slips = res.json().slips;
    expect(slips.length).toBeGreaterThanOrEqual(11);
    for (const s of slips) {
      // At least 128 random bits: 24 bytes in base64url.
      expect(s.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    }
    const stored = JSON.stringify(
      await sql('SELECT * FROM opinion_links WHERE campaign_id = $1', [campaignId]),
    );
    for (const s of slips) {
      expect(stored).not.toContain(s.token);
      expect(stored).toContain(sm3Hex('opinion-link:', s.token));
    }
    // Asking again hands out nothing new: the tokens were shown once.
    const again = await officer.post(`/api/opinion/campaigns/${campaignId}/issue`, { unitId: unit.id });
    expect(again.json().slips).toEqual([]);
    const links = (await officer.get(`/api/opinion/campaigns/${campaignId}/links`)).json().items;
    publicCode = links.find((l: { kind: string }) => l.kind === 'public').publicCode;
    expect(publicCode).toMatch(/^[A-Za-z0-9_-]{12}$/);
  });

  it('does not take ballots before the campaign opens', async () => {
    const res = await t.anonymous().get(`/api/opinion/ballot/${slips[0]!.token}`);
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'CAMPAIGN_NOT_OPEN' });
    expect((await leader.post(`/api/opinion/campaigns/${campaignId}/open`)).statusCode).toBe(200);
  });

  it('refuses an incomplete ballot without spending the link, then takes the whole ballot once', async () => {
    const slip = slips.find((s) => s.group === 'subordinate')!;
    const page = (await t.anonymous().get(`/api/opinion/ballot/${slip.token}`)).json();
    expect(page.groupLabel).toBe('下级评议');
    expect(page.cadres.length).toBe(slip.cadres);
    const partial = await t.anonymous().post(`/api/opinion/ballot/${slip.token}`, {
      ballots: [{ cadreId: page.cadres[0].id, answers: { zjg1: 5 } }],
    });
    expect(partial.statusCode).toBe(400);
    expect(partial.json().error.code).toBe('VALIDATION_FAILED');
    const outOfScale = await t.anonymous().post(`/api/opinion/ballot/${slip.token}`, {
      ballots: page.cadres.map((c: { id: string }) => ({ cadreId: c.id, answers: answers(9) })),
    });
    expect(outOfScale.statusCode).toBe(400);
    const ok = await vote(slip.token, 5, '深入基层，办事公道');
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().ballots).toBe(slip.cadres);
    const replay = await t.anonymous().post(`/api/opinion/ballot/${slip.token}`, {
      ballots: page.cadres.map((c: { id: string }) => ({ cadreId: c.id, answers: answers(1) })),
    });
    expect(replay.statusCode).toBe(409);
    expect(replay.json().error.code).toBe('LINK_USED');
    expect((await t.anonymous().get(`/api/opinion/ballot/${slip.token}`)).json().error.code).toBe(
      'LINK_USED',
    );
  });

  it('stores exactly one ballot set for 100 simultaneous submissions of one token', async () => {
    const slip = slips.filter((s) => s.group === 'subordinate')[1]!;
    const page = (await t.anonymous().get(`/api/opinion/ballot/${slip.token}`)).json();
    const body = {
      ballots: page.cadres.map((c: { id: string }) => ({ cadreId: c.id, answers: answers(4) })),
    };
    const queued = 'SELECT count(*)::int AS n FROM opinion_ballot_queue';
    const before = await num(queued);
    const results = await Promise.all(
      Array.from({ length: 100 }, () => t.anonymous().post(`/api/opinion/ballot/${slip.token}`, body)),
    );
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(99);
    // One submission accepted, waiting to be stored among others.
    expect((await num(queued)) - before).toBe(1);
  });

  it('takes one public ballot per card code, skipping cadres the person does not know', async () => {
    const page = await t.anonymous().get(`/api/opinion/public/${publicCode}`);
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json().mayskip).toBe(true);
    const links = (await officer.get(`/api/opinion/campaigns/${campaignId}/links`)).json().items;
    const link = links.find((l: { publicCode: string | null }) => l.publicCode === publicCode);
    const cards = await officer.post(
      `/api/opinion/campaigns/${campaignId}/public-links/${link.id}/slip-codes`,
      {
        count: 4,
      },
    );
    expect(cards.statusCode, cards.body).toBe(200);
    const slipCodes: string[] = cards.json().codes;
    expect(slipCodes).toHaveLength(4);
    for (const c of slipCodes) expect(c).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    // Only the hashes are kept.
    expect(
      await num('SELECT count(*)::int AS n FROM opinion_public_codes WHERE code_hash = ANY($1)', [slipCodes]),
    ).toBe(0);

    const first = page.json().cadres[0].id;
    const post = (slip?: string) =>
      t.anonymous().post(`/api/opinion/public/${publicCode}`, {
        ballots: [{ cadreId: first, answers: answers(3) }],
        ...(slip === undefined ? {} : { slip }),
      });
    // Without a card, or with a made-up code: refused, nothing taken.
    expect((await post()).json().error.code).toBe('VALIDATION_FAILED');
    expect((await post('ABCDEFGH')).json().error.code).toBe('SLIP_INVALID');
    const check = await t
      .anonymous()
      .get(`/api/opinion/public/${publicCode}/slips/${slipCodes[0]!.toLowerCase()}`);
    expect(check.statusCode, check.body).toBe(200);
    const a = await post(slipCodes[0]);
    expect(a.statusCode, a.body).toBe(201);
    const again = await post(slipCodes[0]);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('SLIP_USED');
    expect(
      (await t.anonymous().get(`/api/opinion/public/${publicCode}/slips/${slipCodes[0]}`)).json().error.code,
    ).toBe('SLIP_USED');
    // Three more cards: four public ballots in all for this cadre.
    for (const c of slipCodes.slice(1)) expect((await post(c)).statusCode).toBe(201);
    publicCadreId = first;
    // The round's quota bounds the cards.
    const more = await officer.post(
      `/api/opinion/campaigns/${campaignId}/public-links/${link.id}/slip-codes`,
      {
        count: 1000,
      },
    );
    expect(more.statusCode).toBe(200);
    // A cadre outside the link: refused, and the card stays unspent.
    const spare = more.json().codes[0];
    const stranger = await t.anonymous().post(`/api/opinion/public/${publicCode}`, {
      ballots: [{ cadreId: county.leaderCadreId, answers: answers(3) }],
      slip: spare,
    });
    expect(stranger.statusCode).toBe(400);
    expect((await t.anonymous().get(`/api/opinion/public/${publicCode}/slips/${spare}`)).statusCode).toBe(
      200,
    );
    const beyond = await officer.post(
      `/api/opinion/campaigns/${campaignId}/public-links/${link.id}/slip-codes`,
      {
        count: 1000,
      },
    );
    expect(beyond.statusCode).toBe(409);
    expect(beyond.json().error.code).toBe('PUBLIC_QUOTA_EXCEEDED');
  });

  it('keeps no rater, address or time on a ballot, and no way from a link to its ballots', async () => {
    const cols = await sql<{ column_name: string }>(
      "SELECT column_name FROM information_schema.columns WHERE table_name = 'opinion_ballots' ORDER BY column_name",
    );
    expect(cols.map((c) => c.column_name)).toEqual([
      'answers',
      'cadre_id',
      'campaign_id',
      'id',
      'linked',
      'rater_group',
      'submission_key',
      'submitted_on',
    ]);
    const entries = await sql<{
      user_id: string | null;
      client_ip: string | null;
      at: Date;
      object_id: string;
    }>("SELECT user_id, client_ip, at, object_id FROM audit_entries WHERE action = 'opinion.ballot.submit'");
    expect(entries.length).toBe(6);
    for (const e of entries) {
      expect(e.user_id).toBeNull();
      expect(e.client_ip).toBeNull();
      expect(new Date(e.at).getUTCHours()).toBe(0);
      expect(e.object_id).toBe(campaignId);
    }
  });

  it('shows progress as counts per group and unit while the campaign runs, and no results yet', async () => {
    const p = (await officer.get(`/api/opinion/campaigns/${campaignId}/progress`)).json();
    const sub = p.groups.find((g: { group: string }) => g.group === 'subordinate');
    expect(sub).toMatchObject({ links: 6, issued: 6, used: 2 });
    expect(sub.rate).toBeCloseTo(33.3, 1);
    const results = await officer.get(`/api/opinion/campaigns/${campaignId}/results`);
    expect(results.statusCode).toBe(409);
    expect(results.json().error.code).toBe('OPINION_RESULTS_NOT_READY');
    const running = (await officer.get(`/api/opinion/campaigns/${campaignId}`)).json();
    expect(running.can).toMatchObject({ edit: false, open: false, close: true });
    expect(
      (await officer.put(`/api/opinion/campaigns/${campaignId}`, { ...running })).json().error.code,
    ).toBe('OPINION_CAMPAIGN_STATE');
  });

  it('reissues a reminder slip for an unused link: the old token stops working', async () => {
    const slip = slips.find((s) => s.group === 'service')!;
    const res = await officer.post(`/api/opinion/campaigns/${campaignId}/issue`, {
      unitId: unit.id,
      group: 'service',
      reissue: true,
    });
    const fresh: Slip[] = res.json().slips;
    expect(fresh).toHaveLength(5);
    expect((await t.anonymous().get(`/api/opinion/ballot/${slip.token}`)).json().error.code).toBe(
      'LINK_INVALID',
    );
    slips = slips.filter((s) => s.group !== 'service').concat(fresh);
    // A used link stays: its row says so, and revoking it is refused by code.
    const links = (await officer.get(`/api/opinion/campaigns/${campaignId}/links`)).json().items;
    const used = links.find((l: { used: boolean }) => l.used);
    expect(used.can).toEqual({ revoke: false, cards: false });
    const revoke = await officer.post(`/api/opinion/campaigns/${campaignId}/links/${used.id}/revoke`);
    expect(revoke.json().error.code).toBe('OPINION_LINK_SPENT');
  });
});

describe('results, anonymity and the reputation profile', () => {
  it('withholds a group of 4 (群众测评) entirely, so no subtraction yields it; entries show only for groups of 5', async () => {
    const unitCadre = cadres.find((c) => c.cadreId === publicCadreId)!;
    // 5 more subordinates (6 in all for the unit's cadres), 5 service objects, 4 superiors/peers stay small.
    for (const s of slips.filter((x) => x.group === 'subordinate').slice(2))
      await vote(s.token, 4, '作风扎实');
    for (const s of slips.filter((x) => x.group === 'service')) await vote(s.token, 2, '办事效率有待提高');
    expect((await leader.post(`/api/opinion/campaigns/${campaignId}/close`)).statusCode).toBe(200);
    const one = (
      await officer.get(`/api/opinion/campaigns/${campaignId}/cadres/${unitCadre.cadreId}`)
    ).json();
    const r = one.result;
    expect(r.groups.map((g: { group: string }) => g.group).sort()).toEqual(['service', 'subordinate']);
    expect(r.withheld).toEqual(['public']);
    // The count cast is not told where a group is withheld (cast − shown would state its size).
    expect(r.ballotsCast).toBeNull();
    expect(JSON.stringify(one)).not.toMatch(/"ballotsCast":\d/);
    const profile = (await officer.get(`/api/opinion/profiles/${unitCadre.cadreId}`)).json();
    expect(profile.rounds.length).toBeGreaterThan(0);
    expect(JSON.stringify(profile)).not.toMatch(/"ballotsCast":\d/);
    // The overall is the weighted mean of the groups shown, and nothing else (so "all" minus
    // "all but one group" yields only a group that is shown anyway).
    const w = { subordinate: 20, service: 15 };
    const shown = r.groups as { group: 'subordinate' | 'service'; score: number; ballots: number }[];
    const expected = shown.reduce((s, g) => s + g.score * w[g.group], 0) / (w.subordinate + w.service);
    expect(r.overall).toBeCloseTo(expected, 1);
    expect(r.ballotsShown).toBe(shown.reduce((s, g) => s + g.ballots, 0));
    // Each group shown keeps its documented weight; the withheld group has none.
    expect(r.effectiveWeights).toEqual([
      { group: 'subordinate', weight: 20, share: expect.closeTo(20 / 35, 6) },
      { group: 'service', weight: 15, share: expect.closeTo(15 / 35, 6) },
    ]);
    // The calibrated score is kept with the result: its interval, its method, who and when.
    if (r.calibrated) {
      expect(r.calibrated.low).toBeLessThan(r.calibrated.estimate);
      expect(r.calibrated.high).toBeGreaterThan(r.calibrated.estimate);
      expect(['crossed', 'group-unit']).toContain(r.calibrated.method);
      expect(r.calibrated.computedBy).toBeTruthy();
      expect(Date.parse(r.calibrated.computedAt)).not.toBeNaN();
    } else expect(r.calibrationNote).toBeTruthy();
    expect(
      one.entries.every((e: { group: string }) => e.group === 'subordinate' || e.group === 'service'),
    ).toBe(true);
    expect(one.entries.map((e: { text: string }) => e.text)).toContain('作风扎实');
    // The distribution counts only the shown ballots.
    expect(r.distribution.zjg1.reduce((a: number, b: number) => a + b, 0)).toBe(r.ballotsShown);
  });

  it('never sends a ballot id, submission key or token to any role, on any opinion page or the audit log', async () => {
    const secrets = [
      ...(
        await sql<{ id: string; submission_key: string }>('SELECT id, submission_key FROM opinion_ballots')
      ).flatMap((b) => [b.id, b.submission_key]),
      ...slips.map((s) => s.token),
    ];
    const cadreId = publicCadreId;
    const urls = [
      '/api/opinion/campaigns',
      `/api/opinion/campaigns/${campaignId}`,
      `/api/opinion/campaigns/${campaignId}/links`,
      `/api/opinion/campaigns/${campaignId}/progress`,
      `/api/opinion/campaigns/${campaignId}/results?pageSize=200`,
      `/api/opinion/campaigns/${campaignId}/cadres/${cadreId}`,
      `/api/opinion/profiles/${cadreId}`,
      '/api/opinion/entries?pageSize=200',
      '/api/audit/entries?pageSize=200',
      `/api/org/cadres/${cadreId}/timeline`,
    ];
    let answered = 0;
    for (const role of ROLES) {
      const a = await t.as(
        role,
        role === 'cadre' ? { cadreId } : role === 'unit_admin' ? { unitId: unit.id } : undefined,
      );
      for (const url of urls) {
        const res = await a.get(url);
        expect(res.statusCode, `${role} ${url}`).toBeLessThan(500);
        if (res.statusCode === 200) answered++;
        for (const s of secrets) expect(res.body.includes(s), `${role} ${url}`).toBe(false);
      }
    }
    expect(answered).toBeGreaterThan(10);
  });

  it('keeps the profile of the round and shows the change to the next round', async () => {
    const cadreId = publicCadreId;
    const p1 = (await officer.get(`/api/opinion/profiles/${cadreId}`)).json();
    expect(p1.rounds).toHaveLength(1);
    expect(p1.rounds[0].change).toBeNull();
    const frozen = p1.rounds[0].result.overall;
    // A second round with higher scores from the same rater groups.
    const c2 = await officer.post('/api/opinion/campaigns', {
      title: '2026年度第二轮测评',
      year: 2026,
      round: 2,
      startsOn: '2026-09-01',
      endsOn: '2026-12-31',
      unitIds: [unit.id],
      groups: [{ group: 'subordinate', weight: 1 }],
    });
    expect(c2.statusCode, c2.body).toBe(201);
    const id2 = c2.json().id;
    const csv = {
      name: 'r.csv',
      bytes: Buffer.from(`单位,评价者组,评价者,评价对象,份数\n${unit.name},下级评议,职工,,5\n`),
    };
    await officer.upload('/api/imports/opinion.raters', [csv], {
      options: JSON.stringify({ campaignId: id2 }),
    });
    await t.jobs.runDue();
    const issued: Slip[] = (await officer.post(`/api/opinion/campaigns/${id2}/issue`, {})).json().slips;
    expect(issued).toHaveLength(5);
    await officer.post(`/api/opinion/campaigns/${id2}/open`);
    for (const s of issued) expect((await vote(s.token, 5)).statusCode).toBe(201);
    await officer.post(`/api/opinion/campaigns/${id2}/close`);
    const p2 = (await officer.get(`/api/opinion/profiles/${cadreId}`)).json();
    expect(p2.rounds).toHaveLength(2);
    expect(p2.rounds[0].result.overall).toBe(frozen);
    expect(p2.rounds[1].result.overall).toBe(100);
    expect(p2.rounds[1].change.overall).toBeCloseTo(100 - frozen, 2);
    // Closing froze the round: the profiles stay as they were.
    const n = await num('SELECT count(*)::int AS n FROM opinion_profiles WHERE campaign_id = $1', [id2]);
    expect(n).toBeGreaterThan(0);
  });

  it('lets officers tag entries by theme, keeping who and when', async () => {
    const list = (await officer.get(`/api/opinion/entries?campaignId=${campaignId}&untagged=true`)).json();
    expect(list.total).toBeGreaterThan(0);
    const e = list.items[0];
    const bad = await officer.put(`/api/opinion/entries/${e.id}/tags`, { tags: ['不存在的主题'] });
    expect(bad.statusCode).toBe(400);
    const ok = await officer.put(`/api/opinion/entries/${e.id}/tags`, { tags: ['作风'] });
    expect(ok.statusCode, ok.body).toBe(200);
    const tagged = (await officer.get(`/api/opinion/entries?tag=${encodeURIComponent('作风')}`)).json();
    expect(tagged.items.map((x: { id: string }) => x.id)).toContain(e.id);
    const [row] = await sql<{ tagged_by: string }>('SELECT tagged_by FROM opinion_entries WHERE id = $1', [
      e.id,
    ]);
    expect(row!.tagged_by).toBe(officer.user!.id);
  });
});

describe('the ballot pages are guarded against guessing and bursts', () => {
  it('refuses an address after too many unknown tokens, and a burst of public ballots', async () => {
    const app = await buildApp({
      deps: t.deps,
      config: { ...TEST_APP_CONFIG, ballotGuessLimit: 5, ballotRateLimit: 8 },
      databaseKind: 'pglite',
      logger: false,
    });
    await app.ready();
    try {
      const guess = (i: number) =>
        app.inject({ method: 'GET', url: `/api/opinion/ballot/${'x'.repeat(31)}${i % 10}` });
      for (let i = 0; i < 5; i++) expect((await guess(i)).json().error.code).toBe('LINK_INVALID');
      const refused = await guess(6);
      expect(refused.statusCode).toBe(429);
      expect(refused.json().error.message).toContain('无效链接尝试次数过多');
      // The per-minute limit refuses the rest of a burst with a clear message; nothing half-stored.
      const before = await num('SELECT count(*)::int AS n FROM opinion_ballots');
      const codes = [];
      for (let i = 0; i < 10; i++)
        codes.push(
          (
            await app.inject({
              method: 'POST',
              url: `/api/opinion/public/${publicCode}`,
              payload: { ballots: [] },
            })
          ).statusCode,
        );
      expect(codes).toContain(429);
      const after = await num('SELECT count(*)::int AS n FROM opinion_ballots');
      expect(after).toBe(before);
    } finally {
      await app.close();
    }
  });
});

describe('liaison visits (包联走访) and the one-third rule', () => {
  it('logs a leader’s visits to the group’s units and measures field time against the working calendar', async () => {
    const leaders = (await officer.get('/api/opinion/leaders')).json().items;
    expect(leaders.length).toBeGreaterThan(0);
    const l = leaders[0];
    const units = (await officer.get(`/api/org/units?liaisonGroupId=${l.groupId}&pageSize=200`)).json().items;
    const inGroup = units[0];
    const [outside] = await sql<{ id: string }>(
      'SELECT id FROM org_units WHERE liaison_group_id IS DISTINCT FROM $1 LIMIT 1',
      [l.groupId],
    );
    const [met] = await sql<{ id: string }>(
      "SELECT id FROM org_cadres WHERE unit_id = $1 AND status = 'active' LIMIT 1",
      [inGroup.id],
    );
    const body = {
      leaderCadreId: l.leaderCadreId,
      visitDate: '2026-08-20',
      unitId: inGroup.id,
      hours: 6,
      met: '班子成员、企业负责人',
      learned: '项目用地报批进度滞后，需协调自然资源部门',
      cadreIds: [met!.id],
    };
    const before = (await officer.get('/api/opinion/field-time?year=2026')).json();
    const mine = (f: { leaders: { leaderCadreId: string; hours: number; shortfall: number }[] }) =>
      f.leaders.find((x) => x.leaderCadreId === l.leaderCadreId)!;

    expect(
      (await officer.post('/api/opinion/visits', { ...body, unitId: outside!.id })).json().error.message,
    ).toContain('不在这位领导的包联编组内');
    expect((await officer.post('/api/opinion/visits', { ...body, visitDate: '2026-09-02' })).statusCode).toBe(
      400,
    );
    expect((await officer.post('/api/opinion/visits', { ...body, hours: 0.3 })).statusCode).toBe(400);
    const res = await leader.post('/api/opinion/visits', body);
    expect(res.statusCode, res.body).toBe(201);
    const tooMuch = await officer.post('/api/opinion/visits', { ...body, hours: 20 });
    expect(tooMuch.json().error.message).toContain('合计不能超过 24 小时');

    const after = (await officer.get('/api/opinion/field-time?year=2026')).json();
    const cal = (await officer.get('/api/org/calendar/working-days?from=2026-01-01&to=2026-09-01')).json();
    expect(after.workingHoursSoFar).toBe(cal.workingHours);
    expect(after.requiredSoFar).toBeCloseTo(cal.workingHours / 3, 1);
    expect(mine(after).hours).toBe(mine(before).hours + 6);
    expect(mine(after).shortfall).toBeCloseTo(Math.max(0, after.requiredSoFar - mine(after).hours), 1);

    const timeline = (await officer.get(`/api/org/cadres/${met!.id}/timeline`)).json();
    expect(JSON.stringify(timeline)).toContain('包联领导走访');

    expect(res.json().can).toEqual({ edit: true, withdraw: true });
    const w = await officer.post(`/api/opinion/visits/${res.json().id}/withdraw`, { reason: '日期登记错误' });
    expect(w.statusCode, w.body).toBe(200);
    expect(w.json().can).toEqual({ edit: false, withdraw: false });
    const again = await officer.post(`/api/opinion/visits/${res.json().id}/withdraw`, { reason: '重复' });
    expect(again.json().error.code).toBe('OPINION_VISIT_WITHDRAWN');
    expect(mine((await officer.get('/api/opinion/field-time?year=2026')).json()).hours).toBe(
      mine(before).hours,
    );
    const log = (await officer.get(`/api/opinion/visits?leaderCadreId=${l.leaderCadreId}`)).json();
    expect(log.items[0]).toMatchObject({ withdrawReason: '日期登记错误', hours: 6 });
  });
});
