import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../../../test/app.ts';
import { withDatabase } from '../../../../test/global-setup.ts';
import { answersAt, buildTeam, openCampaign } from '../../../../test/opinion-factories.ts';
import { pgClient } from '../../db/client.ts';
import { CONFLICT_ATTEMPTS } from '../../lib/tx.ts';

/**
 * Closing a round (结束测评) on PostgreSQL can meet the ballot queue's flush job on the same rows
 * and be refused by the database as a serialization failure or a deadlock. The close runs again
 * by itself: the officer sees the round closed, with every ballot, profile and audit entry once.
 */

let t: TestApp;
let officer: Agent;
let round = 0;

beforeAll(async () => {
  t = await createTestApp({ mode: 'production', start: '2026-09-01T02:00:00Z' });
  officer = await t.as('assessment_officer');
});
afterAll(async () => t?.close());

async function num(text: string, params: unknown[] = []): Promise<number> {
  return Number((await t.superuser(text, params)).rows[0]!.n);
}

/**
 * An open round over a new team of 6 with `staff` staff ballots accepted and still queued, and
 * `spare` staff links left unused.
 */
async function roundWithQueuedBallots(staff = 6, spare = 0) {
  const team = await buildTeam(t.deps.db, 5);
  round += 1;
  const opened = await openCampaign(officer, () => t.jobs.runDue(), {
    unitId: team.unit.id,
    unitName: team.unit.name,
    subordinates: staff + spare,
    round,
  });
  let ballots = 0;
  const staffSlips = opened.slips.filter((x) => x.group === 'subordinate');
  for (const s of staffSlips.slice(0, staff)) {
    const page = (await t.anonymous().get(`/api/opinion/ballot/${s.token}`)).json();
    const res = await t.anonymous().post(`/api/opinion/ballot/${s.token}`, {
      ballots: page.cadres.map((c: { id: string }) => ({ cadreId: c.id, answers: answersAt(4) })),
    });
    expect(res.statusCode, res.body).toBe(201);
    ballots += page.cadres.length;
  }
  const id = opened.campaignId;
  const queued = await num('select count(*) as n from opinion_ballot_queue where campaign_id = $1', [id]);
  expect(queued).toBe(staff);
  return { id, cadres: team.cadres.length, ballots, spare: staffSlips.slice(staff).map((s) => s.token) };
}

/** Waits until a request of the server waits for a lock held by the test. */
async function untilWaitingForLock(): Promise<void> {
  while (
    (await num(
      `select count(*) as n from pg_stat_activity
        where datname = current_database() and application_name = 'yuzhidu' and wait_event_type = 'Lock'`,
    )) === 0
  )
    await new Promise((resolve) => setTimeout(resolve, 20));
}

/** What the close leaves behind, as the officer and an auditor would count it. */
async function written(id: string) {
  const [status] = (await t.superuser('select status from opinion_campaigns where id = $1', [id])).rows;
  return {
    status: status!.status,
    queued: await num('select count(*) as n from opinion_ballot_queue where campaign_id = $1', [id]),
    ballots: await num('select count(*) as n from opinion_ballots where campaign_id = $1', [id]),
    profiles: await num('select count(*) as n from opinion_profiles where campaign_id = $1', [id]),
    timeline: await num(
      `select count(*) as n from org_timeline_events where record_type = 'opinion_campaign' and record_id = $1`,
      [id],
    ),
    closeAudits: await num(
      `select count(*) as n from audit_entries where action = 'opinion.campaign.close' and object_id = $1`,
      [id],
    ),
    storeAudits: await num(
      `select count(*) as n from audit_entries where action = 'opinion.ballots.store' and object_id = $1`,
      [id],
    ),
  };
}

/** A round closed once: every ballot stored, one profile and timeline note per cadre, one audit each. */
const closedOnce = (r: { ballots: number; cadres: number }) => ({
  status: 'closed',
  queued: 0,
  ballots: r.ballots,
  profiles: r.cadres,
  timeline: r.cadres,
  closeAudits: 1,
  storeAudits: 1,
});

/**
 * Makes the database refuse the insert of frozen profiles — the close's last big write, after the
 * waiting ballots are stored and the round marked closed — with the SQLSTATEs of `codes`, one per
 * run, then let it through. The count lives in a sequence, which a rollback does not undo.
 */
async function refuseProfiles(codes: string[]) {
  await t.superuser('CREATE SEQUENCE IF NOT EXISTS test_close_runs');
  await t.superuser(`SELECT setval('test_close_runs', 1, false)`);
  const branches = codes
    .map((c, i) => `WHEN ${i + 1} THEN RAISE EXCEPTION 'injected conflict' USING ERRCODE = '${c}';`)
    .join('\n');
  await t.superuser(`CREATE OR REPLACE FUNCTION test_close_conflict() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER AS $$
    BEGIN
      CASE nextval('test_close_runs') ${branches} ELSE NULL; END CASE;
      RETURN NULL;
    END $$`);
  await t.superuser(
    'CREATE TRIGGER test_close_conflict BEFORE INSERT ON opinion_profiles FOR EACH STATEMENT EXECUTE FUNCTION test_close_conflict()',
  );
}
async function stopRefusing() {
  await t.superuser('DROP TRIGGER IF EXISTS test_close_conflict ON opinion_profiles');
}
const runs = () => num(`select last_value as n from test_close_runs`);

describe('closing a round that meets a concurrent writer', () => {
  it('runs again after a serialization failure and a deadlock: closed once, nothing twice', async () => {
    const r = await roundWithQueuedBallots();
    await refuseProfiles(['40001', '40P01']);
    try {
      const res = await officer.post(`/api/opinion/campaigns/${r.id}/close`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({ id: r.id, profiles: r.cadres });
      expect(await runs()).toBe(3);
    } finally {
      await stopRefusing();
    }
    expect(await written(r.id)).toEqual(closedOnce(r));
    const detail = (await officer.get(`/api/opinion/campaigns/${r.id}`)).json();
    expect(detail.status).toBe('closed');
    expect((await officer.get(`/api/opinion/campaigns/${r.id}/results`)).statusCode).toBe(200);
  });

  it('gives up after a bounded number of runs with the clear CONFLICT, having written nothing', async () => {
    const r = await roundWithQueuedBallots();
    await refuseProfiles(Array.from({ length: 20 }, () => '40001'));
    let res: Awaited<ReturnType<Agent['post']>>;
    try {
      res = await officer.post(`/api/opinion/campaigns/${r.id}/close`);
      expect(await runs()).toBe(CONFLICT_ATTEMPTS);
    } finally {
      await stopRefusing();
    }
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'CONFLICT', message: '并发修改冲突，请重试' });
    expect(await written(r.id)).toEqual({
      status: 'open',
      queued: 6,
      ballots: 0,
      profiles: 0,
      timeline: 0,
      closeAudits: 0,
      storeAudits: 0,
    });
    // Pressing 结束测评 again, once the clash is over, closes it.
    const again = await officer.post(`/api/opinion/campaigns/${r.id}/close`);
    expect(again.statusCode, again.body).toBe(200);
    expect((await written(r.id)).closeAudits).toBe(1);
  });

  it('does not run again on other refusals (a round already closed stays a plain refusal)', async () => {
    const r = await roundWithQueuedBallots();
    expect((await officer.post(`/api/opinion/campaigns/${r.id}/close`)).statusCode).toBe(200);
    const twice = await officer.post(`/api/opinion/campaigns/${r.id}/close`);
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('OPINION_CAMPAIGN_STATE');
    expect((await written(r.id)).closeAudits).toBe(1);
  });
});

describe.runIf(process.env.DATABASE_URL)('on PostgreSQL, against a flush of the queue in progress', () => {
  it('closes the round though the database picks the close as the victim of a deadlock', async () => {
    const r = await roundWithQueuedBallots();
    const [{ d }] = (await t.superuser('select current_database() as d')).rows as [{ d: string }];
    // The flush job's transaction, held open by hand: it has locked the round's queue rows and
    // is about to store ballots, whose foreign key checks take a key-share lock on the round.
    const flush = await pgClient(withDatabase(process.env.DATABASE_URL!, d));
    try {
      await flush.query('BEGIN');
      // The close, waiting first, is the one that finds the deadlock.
      await flush.query(`SET LOCAL deadlock_timeout = '60s'`);
      await flush.query('select id from opinion_ballot_queue where campaign_id = $1 for update', [r.id]);
      const closing = officer.post(`/api/opinion/campaigns/${r.id}/close`);
      // Wait until the close waits for the queue rows the flush holds.
      await untilWaitingForLock();
      await flush.query('select 1 from opinion_campaigns where id = $1 for key share', [r.id]);
      await flush.query('COMMIT');
      const res = await closing;
      expect(res.statusCode, res.body).toBe(200);
    } finally {
      await flush.query('ROLLBACK').catch(() => {});
      await flush.end();
    }
    expect(await written(r.id)).toEqual(closedOnce(r));
  });

  it('refuses a ballot submitted while the round is being closed, never queues it after the close', async () => {
    const r = await roundWithQueuedBallots(6, 1);
    const token = r.spare[0]!;
    const page = (await t.anonymous().get(`/api/opinion/ballot/${token}`)).json();
    const [{ d }] = (await t.superuser('select current_database() as d')).rows as [{ d: string }];
    // The close's transaction, held open by hand after it has locked the round and marked it closed.
    const close = await pgClient(withDatabase(process.env.DATABASE_URL!, d));
    let submitting: Promise<{ statusCode: number; json(): { error: { code: string } } }> | null = null;
    try {
      await close.query('BEGIN');
      await close.query('select id from opinion_campaigns where id = $1 for update', [r.id]);
      await close.query(`update opinion_campaigns set status = 'closed' where id = $1`, [r.id]);
      submitting = t.anonymous().post(`/api/opinion/ballot/${token}`, {
        ballots: page.cadres.map((c: { id: string }) => ({ cadreId: c.id, answers: answersAt(4) })),
      });
      await untilWaitingForLock();
      await close.query('COMMIT');
    } finally {
      await close.query('ROLLBACK').catch(() => {});
      await close.end();
    }
    const res = await submitting!;
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('CAMPAIGN_CLOSED');
    // Nothing of it was kept: the link is not spent, nothing queued beyond the 6 before the close.
    expect(await num('select count(*) as n from opinion_ballot_queue where campaign_id = $1', [r.id])).toBe(
      6,
    );
    expect(
      await num('select count(*) as n from opinion_links where campaign_id = $1 and used_on is not null', [
        r.id,
      ]),
    ).toBe(6);
  });
});
