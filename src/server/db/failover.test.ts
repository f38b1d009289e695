import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../../test/app.ts';
import { APP_PASSWORD, APP_ROLE } from '../../../test/global-setup.ts';
import { type Formation, formationUnavailable, startFormation, until } from '../../../test/ha-formation.ts';
import { answersAt, buildTeam, openCampaign } from '../../../test/opinion-factories.ts';
import { ManualClock } from '../lib/clock.ts';
import { SecretBox } from '../lib/secrets.ts';
import { fromPostgresUrl, pgPool, rows } from './client.ts';
import { appRoleUrl, migratePostgres } from './migrate.ts';

/**
 * High availability on PostgreSQL: the platform on a pg_auto_failover formation (a monitor, a
 * primary, a synchronous standby) through one multi-host URL. The primary is killed during a
 * ballot load; the platform finds the promoted standby by itself and every acknowledged ballot
 * is there. Runs with the PostgreSQL suite where pg_auto_failover is installed.
 */
const why = process.env.DATABASE_URL
  ? formationUnavailable()
  : '仅在 PostgreSQL 测试中运行（需要 DATABASE_URL）';
if (why) console.log(`跳过主备切换测试：${why}`);

describe.skipIf(!!why)('the platform across a primary failover', () => {
  let formation: Formation;
  let t: TestApp;
  let officer: Agent;

  beforeAll(async () => {
    formation = await startFormation(6400 + (process.pid % 50) * 3);
    const app = { role: APP_ROLE, password: APP_PASSWORD };
    await migratePostgres(formation.url, app);
    const database = fromPostgresUrl(appRoleUrl(formation.url, app), 10);
    const owner = pgPool({ connectionString: formation.url, max: 2 });
    const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yzd-files-'));
    const clock = new ManualClock('2026-09-01T02:00:00Z');
    t = await createTestApp({
      mode: 'production',
      db: {
        database,
        deps: { db: database.db, clock, secrets: SecretBox.ephemeral(), filesDir },
        superuser: async (text, params) => owner.query(text, params as unknown[]),
        async close() {
          await database.close();
          await owner.end();
          fs.rmSync(filesDir, { recursive: true, force: true });
        },
      },
    });
    officer = await t.as('assessment_officer');
  }, 300_000);
  afterAll(async () => {
    await t?.close();
    await formation?.stop();
  });

  it('keeps every acknowledged ballot when the primary dies mid-load, and takes ballots again by itself', {
    timeout: 300_000,
  }, async () => {
    const team = await buildTeam(t.deps.db, 4);
    const { campaignId, slips } = await openCampaign(officer, () => t.jobs.runDue(), {
      unitId: team.unit.id,
      unitName: team.unit.name,
      subordinates: 60,
    });
    const staff = slips.filter((s) => s.group === 'subordinate');
    const pages = new Map<string, string[]>();
    for (const s of staff) {
      const page = (await t.anonymous().get(`/api/opinion/ballot/${s.token}`)).json();
      pages.set(
        s.token,
        page.cadres.map((c: { id: string }) => c.id),
      );
    }
    const submit = (token: string) =>
      t.anonymous().post(`/api/opinion/ballot/${token}`, {
        ballots: pages.get(token)!.map((cadreId) => ({ cadreId, answers: answersAt(4) })),
      });

    const acknowledged = new Set<string>();
    /** Tokens whose answer was lost in the failover but which the platform then reported as used. */
    const usedOnRetry = new Set<string>();
    const refusals: string[] = [];
    const firstPrimary = await formation.primaryPort();
    let killedAt = -1;
    for (const [i, s] of staff.entries()) {
      if (i === 20) {
        killedAt = acknowledged.size;
        await formation.killPrimary();
      }
      // Each ballot is sent until the platform acknowledges it or says its slip is spent.
      await until(`第 ${i + 1} 张选票被接受`, 120_000, async () => {
        const res = await submit(s.token);
        if (res.statusCode === 201) return acknowledged.add(s.token);
        const code = res.json().error?.code;
        if (res.statusCode === 409 && (code === 'SLIP_USED' || code === 'LINK_USED'))
          return usedOnRetry.add(s.token);
        refusals.push(`${res.statusCode} ${code}`);
        return false;
      });
    }
    expect(killedAt).toBe(20);
    // The standby took over, and while there was no primary the answer was a clear 503, never a 500.
    const nowPrimary = await formation.primaryPort();
    expect(nowPrimary).not.toBeNull();
    expect(nowPrimary).not.toBe(firstPrimary);
    expect(refusals.length).toBeGreaterThan(0);
    expect(new Set(refusals)).toEqual(new Set(['503 DB_UNAVAILABLE']));
    expect(acknowledged.size + usedOnRetry.size).toBe(staff.length);

    // Close the round: every queued submission is stored; count what is there.
    expect((await officer.post(`/api/opinion/campaigns/${campaignId}/close`)).statusCode).toBeLessThan(300);
    await t.jobs.runDue();
    const [stored] = await rows<{ n: number }>(
      t.deps.db,
      sql`select count(*)::int as n from opinion_ballots where campaign_id = ${campaignId} and rater_group = 'subordinate'`,
    );
    const perSlip = pages.get(staff[0]!.token)!.length;
    // Every acknowledged ballot is present and none twice; a slip whose answer was lost in the
    // failover counts only if its spending was committed, which is what "used" says.
    expect(stored!.n).toBe((acknowledged.size + usedOnRetry.size) * perSlip);
  });
});
