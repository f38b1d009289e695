import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { ROLES, type Role } from '../../common/roles.ts';
import type { Actor } from '../lib/context.ts';
import { systemCtx } from '../lib/context.ts';
import { openSealed } from '../lib/seal.ts';
import { verifyChain } from '../modules/audit/audit.service.ts';
import { deliveryStats } from '../modules/delivery/stats.service.ts';
import { stats as economyStats } from '../modules/economy/alerts.service.ts';
import { assessmentCandidates, listAssessments } from '../modules/keywork/assessments.service.ts';
import { progress } from '../modules/opinion/campaign-links.service.ts';
import { listEntries } from '../modules/opinion/results.service.ts';
import { fieldTime } from '../modules/opinion/visits.service.ts';
import { getActivity, stats as sceneStats } from '../modules/scene/scene.service.ts';
import { listTodos, openTodoCount } from '../modules/todo/todo.service.ts';
import { DEMO_YEAR } from './county.ts';
import { COUNT_UNITS } from './delivery.ts';
import { seedDemo } from './index.ts';
import { DEMO_TASK_LEADS } from './keywork.ts';

// The one test that builds the full demo county (SPEC §5); the others use the small one.
let t: TestDb;
let accounts: Awaited<ReturnType<typeof seedDemo>>;
beforeAll(async () => {
  t = await createTestDb();
  accounts = await seedDemo(t.deps, { scale: 'full' });
}, 400_000);
afterAll(async () => t?.close());

const one = async (sql: string) => (await t.superuser(sql)).rows[0]!;
const counts = async <K extends string = 'n'>(sql: string) => (await one(sql)) as Record<K, number>;

describe('the full demo county', () => {
  it('has the article’s organisation: 82 units in liaison groups, 512 cadres, 12 domains, 9 towns and streets', async () => {
    expect(await one("SELECT count(*)::int AS n FROM org_units WHERE status = 'active'")).toEqual({ n: 82 });
    expect(await one('SELECT count(*)::int AS n FROM org_units WHERE liaison_group_id IS NULL')).toEqual({
      n: 0,
    });
    expect(await one("SELECT count(*)::int AS n FROM org_cadres WHERE status = 'active'")).toEqual({
      n: 512,
    });
    expect(await one("SELECT count(*)::int AS n FROM org_dict_items WHERE kind = 'domain'")).toEqual({
      n: 12,
    });
    expect(await one("SELECT count(*)::int AS n FROM org_regions WHERE kind IN ('town','street')")).toEqual({
      n: 9,
    });
    // Every group is led by a member of the organization department.
    expect(
      await one(`SELECT count(*)::int AS n FROM org_liaison_groups g JOIN org_cadres c ON c.id = g.leader_cadre_id
                 JOIN org_units u ON u.id = c.unit_id WHERE u.name = '市委组织部'`),
    ).toEqual({ n: 8 });
  });

  it('gives every unit a division of labour and every cadre one open appointment', async () => {
    expect(
      await one(
        'SELECT count(*)::int AS n FROM org_units u WHERE NOT EXISTS (SELECT 1 FROM org_divisions d WHERE d.unit_id = u.id)',
      ),
    ).toEqual({ n: 0 });
    expect(
      await one(`SELECT count(*)::int AS n FROM org_cadres c WHERE (SELECT count(*) FROM org_appointments a
                 WHERE a.cadre_id = c.id AND a.ends_on IS NULL) <> 1`),
    ).toEqual({ n: 0 });
    // every leadership team has one 正职
    expect(
      await one(`SELECT count(*)::int AS n FROM org_units u WHERE (SELECT count(*) FROM org_cadres c
                 WHERE c.unit_id = u.id AND c.team_place = '正职' AND c.status = 'active') <> 1`),
    ).toEqual({ n: 0 });
  });

  it('records a few transfers during the year, each ending one responsibility scope and starting the next', async () => {
    expect(await one("SELECT count(*)::int AS n FROM org_appointments WHERE kind = 'transfer'")).toEqual({
      n: 6,
    });
    const { rows } = await t.superuser(
      `SELECT a.cadre_id, a.unit_id, a.starts_on::text AS d FROM org_appointments a WHERE a.kind = 'transfer'`,
    );
    for (const r of rows) {
      // the new unit has a version from the transfer day that lists the cadre
      const v =
        await one(`SELECT count(*)::int AS n FROM org_divisions d JOIN org_division_members m ON m.division_id = d.id
                           WHERE d.unit_id = '${r.unit_id}' AND d.effective_from = '${r.d}' AND m.cadre_id = '${r.cadre_id}'`);
      expect(v).toEqual({ n: 1 });
    }
  });

  it('has a year of task lists and monthly reports, and visits that add up to the article’s figures', async () => {
    expect(await one("SELECT count(*)::int AS n FROM delivery_lists WHERE status = 'confirmed'")).toEqual({
      n: 512,
    });
    expect(await one('SELECT count(*)::int AS n FROM delivery_items WHERE list_id IS NULL')).toEqual({
      n: 0,
    });
    expect(await one('SELECT count(DISTINCT month)::int AS n FROM delivery_reports')).toEqual({ n: 10 });
    const ctx = systemCtx(t.deps);
    const s = await deliveryStats(ctx, '2026-01-01', '2026-12-31');
    expect(s.overall).toMatchObject({ domains: 9, towns: 4, cadres: 105, findings: 11 });
    expect(s.overall.items).toBeGreaterThanOrEqual(630);
    expect(s.overall.items).toBeLessThan(640);
    expect(s.sentence).toContain(
      '已对 9 个领域和 4 个乡镇（街道）的 105 名领导干部开展对账考察，现场核验履职清单 630 余项，发现并督促整改问题 11 个',
    );
  });

  it('has two closed evaluation rounds over the 512 cadres, with ballots, entries and frozen profiles', async () => {
    const { rows: rounds } = await t.superuser(
      `SELECT c.id, c.year, c.round, c.status, c.opened_at IS NOT NULL AS opened, c.closed_by IS NOT NULL AS closed_by,
              (SELECT count(*)::int FROM opinion_campaign_cadres x WHERE x.campaign_id = c.id) AS cadres,
              (SELECT count(*)::int FROM opinion_profiles p WHERE p.campaign_id = c.id) AS profiles
         FROM opinion_campaigns c ORDER BY c.year, c.round`,
    );
    const round = { id: expect.any(String), round: 1, status: 'closed', opened: true, closed_by: true };
    expect(rounds).toEqual([
      { ...round, year: 2025, cadres: 512, profiles: 512 },
      { ...round, year: 2026, cadres: 512, profiles: 512 },
    ]);
    // every active cadre has a profile in both rounds, and a timeline event for each
    expect(
      await one(`SELECT count(*)::int AS n FROM org_cadres c WHERE c.status = 'active'
                 AND (SELECT count(*) FROM opinion_profiles p WHERE p.cadre_id = c.id AND p.shown) <> 2`),
    ).toEqual({ n: 0 });
    expect(
      await one(
        "SELECT count(*)::int AS n FROM org_timeline_events WHERE module = 'opinion' AND kind = 'profile'",
      ),
    ).toEqual({ n: 1024 });
    // the article's 1,520 余条 entries, part of them tagged by theme
    const entries = await counts<'n' | 'tagged'>(
      'SELECT count(*)::int AS n, count(*) FILTER (WHERE cardinality(tags) > 0)::int AS tagged FROM opinion_entries',
    );
    expect(entries.n).toBeGreaterThanOrEqual(1520);
    expect(entries.n).toBeLessThan(1600);
    expect(entries.tagged).toBeGreaterThan(entries.n * 0.4);
    expect(entries.tagged).toBeLessThan(entries.n);
    expect((await counts('SELECT count(*)::int AS n FROM opinion_ballots')).n).toBeGreaterThan(25_000);
    // ballots only on days of their round
    expect(
      await one(`SELECT count(*)::int AS n FROM opinion_ballots b JOIN opinion_campaigns c ON c.id = b.campaign_id
                 WHERE b.submitted_on NOT BETWEEN c.starts_on AND c.ends_on`),
    ).toEqual({ n: 0 });
    // small groups are withheld or merged, and some cadres moved between the rounds
    const withheld = await counts(
      "SELECT count(*)::int AS n FROM opinion_profiles WHERE jsonb_array_length(data->'withheld') > 0",
    );
    expect(withheld.n).toBeGreaterThan(100);
    const change = `SELECT count(*) FILTER (WHERE b.overall - a.overall >= 3)::int AS up,
                           count(*) FILTER (WHERE a.overall - b.overall >= 3)::int AS down
                      FROM opinion_profiles a JOIN opinion_campaigns ca ON ca.id = a.campaign_id AND ca.year = 2025
                      JOIN opinion_profiles b ON b.cadre_id = a.cadre_id
                      JOIN opinion_campaigns cb ON cb.id = b.campaign_id AND cb.year = 2026`;
    const moved = await counts<'up' | 'down'>(change);
    expect(moved.up).toBeGreaterThan(50);
    expect(moved.down).toBeGreaterThan(50);

    const ctx = systemCtx(t.deps);
    for (const r of rounds) {
      const p = await progress(ctx, r.id as string);
      const g = Object.fromEntries(p.groups.map((x) => [x.group, x]));
      // response rates differ by group: superiors most, service users least
      expect(g.superior!.rate).toBeGreaterThan(g.peer!.rate!);
      expect(g.peer!.rate).toBeGreaterThan(g.subordinate!.rate!);
      expect(g.subordinate!.rate).toBeGreaterThan(g.service!.rate!);
      expect(g.service!.rate).toBeGreaterThan(50);
      // one submission per used personal link; public ballots counted per submission
      for (const k of ['superior', 'peer', 'subordinate', 'service'])
        expect(g[k]!.submissions).toBe(g[k]!.used);
      expect(g.public!.ballots).toBeGreaterThan(g.public!.submissions);
    }
  });

  it('logs the liaison leaders’ visits: some above one third of working time so far, some below', async () => {
    const ft = await fieldTime(systemCtx(t.deps), 2026);
    expect(ft.requiredSoFar).toBeGreaterThan(0);
    expect(ft.leaders).toHaveLength(8);
    expect(ft.leaders.filter((l) => l.met)).toHaveLength(5);
    expect(ft.leaders.filter((l) => !l.met && l.hours > 0)).toHaveLength(3);
    // only units of the leader's own group, 2–8 hours, never after today
    expect(
      await one(`SELECT count(*)::int AS n FROM opinion_visits v JOIN org_units u ON u.id = v.unit_id
                 JOIN org_liaison_groups g ON g.id = u.liaison_group_id
                 WHERE g.leader_cadre_id <> v.leader_cadre_id OR v.hours < 2 OR v.hours > 8 OR v.visit_date > '${ft.asOf}'`),
    ).toEqual({ n: 0 });
  });

  it('has the article’s on-site year: 15 activities, 17 cadres confirmed as 担当作为突出', async () => {
    const ctx = systemCtx(t.deps);
    const s = await sceneStats(ctx, '2026-01-01', '2026-12-31');
    expect(s.activities).toBe(15);
    const kinds = Object.fromEntries(
      ['meeting', 'emergency', 'event'].map((k) => [
        k,
        s.byKind.filter((x) => x.kind === k).reduce((n, x) => n + x.n, 0),
      ]),
    );
    expect(kinds).toEqual({ meeting: 6, emergency: 5, event: 4 });
    expect(s.outstandingCount).toBe(17);
    expect(new Set(s.outstanding.map((o) => o.cadreId)).size).toBe(17);
    expect(s.pendingNominations).toBeGreaterThan(0);
    expect(s.cadresObserved).toBeGreaterThanOrEqual(60);
    expect(s.cadresObserved).toBeLessThanOrEqual(90);
    // two nominations declined; one timeline event per observation and per confirmed nomination
    expect(await one("SELECT count(*)::int AS n FROM scene_nominations WHERE status = 'declined'")).toEqual({
      n: 2,
    });
    expect(
      await one(`SELECT (SELECT count(*) FROM scene_observations)::int - count(*) FILTER (WHERE kind = 'observation')::int AS obs,
                        count(*) FILTER (WHERE kind = 'outstanding')::int AS outstanding
                   FROM org_timeline_events WHERE module = 'scene'`),
    ).toEqual({ obs: 0, outstanding: 17 });
    // events: five judges over two sessions (the lenient one in one, the strict one in the other),
    // 8–12 participants each with four sheets; the crossed fit finds the two judges out, and the
    // calibrated ranking differs from the order of the plain means
    const { rows: events } = await t.superuser(
      "SELECT id FROM scene_activities WHERE kind = 'event' ORDER BY starts_on",
    );
    let reordered = 0;
    for (const e of events) {
      const a = await getActivity(ctx, e.id as string);
      const r = a.ranking!;
      expect(r.method).toBe('crossed');
      expect(r.warnings).toEqual([]);
      const p = r.participants;
      expect(p.length).toBeGreaterThanOrEqual(8);
      expect(p.length).toBeLessThanOrEqual(12);
      expect(new Set(p.flatMap((x) => x.byJudge.map((j) => j.judge))).size).toBe(5);
      expect(p.every((x) => x.judges === 4 && x.identified)).toBe(true);
      for (const x of p) {
        expect(x.calibrated!.low).toBeLessThanOrEqual(x.calibrated!.estimate);
        expect(x.calibrated!.high).toBeGreaterThanOrEqual(x.calibrated!.estimate);
      }
      const leniency = new Map(r.raters.map((j) => [j.name, j.leniency!.estimate]));
      expect(leniency.get('吴建华（企业家代表）')).toBeGreaterThan(3);
      expect(leniency.get('陈国栋（高校特聘专家）')).toBeLessThan(-3);
      const byRaw = [...p].sort((x, y) => x.rawRank - y.rawRank).map((x) => x.cadreId);
      if (byRaw.join() !== p.map((x) => x.cadreId).join()) reordered += 1;
    }
    expect(reordered).toBeGreaterThan(0);
  });

  it('has 36 months of the 12 core indicators, and the article’s outcome: 5 problems found, 13 cadres interviewed', async () => {
    const ctx = systemCtx(t.deps);
    const s = await economyStats(ctx);
    expect(s).toMatchObject({
      coreIndicators: 12,
      problems: 5,
      interviews: 13,
      cadresInterviewed: 13,
      latestPeriod: '2026-10',
    });
    expect(
      await one(
        "SELECT count(DISTINCT v.period)::int AS n FROM economy_values v JOIN economy_indicators i ON i.id = v.indicator_id WHERE i.code = 'IND_OUTPUT'",
      ),
    ).toEqual({ n: 36 });
    // Each problem is an alert of a rule, escalated, with the figures behind it and interviews.
    const problems = (
      await t.superuser(
        "SELECT a.kind, jsonb_array_length(a.figures) AS figures, (SELECT count(*)::int FROM economy_interviews i WHERE i.alert_id = a.id) AS interviews FROM economy_alerts a WHERE a.status = 'escalated'",
      )
    ).rows as { kind: string; figures: number; interviews: number }[];
    expect(problems.map((p) => p.kind).sort()).toEqual(
      ['crosscheck', 'growth_efficiency', 'growth_efficiency', 'quantity_quality', 'quantity_quality'].sort(),
    );
    expect(problems.every((p) => p.figures >= 6 && p.interviews >= 2)).toBe(true);
    expect(s.alerts.open).toBe(0);
    // Every interviewed cadre has it on their timeline.
    expect(
      await one(
        "SELECT count(DISTINCT cadre_id)::int AS n FROM org_timeline_events WHERE module = 'economy' AND kind = 'interview'",
      ),
    ).toEqual({ n: 13 });
  });

  it('has a year of key tasks, rule hits and inspections, and exactly 7 units under special assessment', async () => {
    const k = await counts<'tasks' | 'meetings' | 'reports' | 'hits' | 'concluded' | 'units'>(
      `SELECT (SELECT count(*) FROM keywork_tasks)::int AS tasks, (SELECT count(*) FROM keywork_meetings)::int AS meetings,
              (SELECT count(*) FROM keywork_reports)::int AS reports, (SELECT count(*) FROM keywork_hits)::int AS hits,
              (SELECT count(*) FROM keywork_inspections WHERE status = 'concluded')::int AS concluded,
              (SELECT count(DISTINCT unit_id) FROM keywork_assessments)::int AS units`,
    );
    expect(k.tasks).toBeGreaterThanOrEqual(20);
    expect(k.meetings).toBe(10);
    expect(k.reports).toBeGreaterThan(300);
    expect(k.hits).toBeGreaterThan(10);
    expect(k.concluded).toBeGreaterThan(5);
    expect(k.units).toBe(7);
    // the tags of the article among the findings, each on the cadre's timeline
    const tags = await one(
      `SELECT count(*) FILTER (WHERE tags ? 'buck_passing')::int AS buck, count(*) FILTER (WHERE tags ? 'ignoring_whole')::int AS whole,
              count(*)::int - (SELECT count(*) FROM org_timeline_events WHERE module = 'keywork')::int AS untimed
         FROM keywork_findings`,
    );
    expect(tags.buck).toBeGreaterThan(0);
    expect(tags.whole).toBeGreaterThan(0);
    expect(tags.untimed).toBe(0);
    // every special assessment rests on a held-up finding about a cadre of its unit
    expect(
      await one(`SELECT count(*)::int AS n FROM keywork_assessments a WHERE NOT EXISTS (
                   SELECT 1 FROM keywork_findings f WHERE f.unit_id = a.unit_id AND f.effect = 'held_up')`),
    ).toEqual({ n: 0 });
  });

  it('has one account per staff role and a valid audit chain', async () => {
    expect(new Set(accounts.map((a) => a.role))).toEqual(new Set(ROLES));
    expect(await one("SELECT value FROM system_settings WHERE key = 'mode'")).toEqual({ value: 'demo' });
    const chain = await verifyChain(t.deps.db);
    expect(chain.ok).toBe(true);
    expect(chain.count).toBeGreaterThan(512);
  });
});

describe('个体成长解析 on the demo county', () => {
  it('finds the article’s 28 outstanding cadres by the stated rule, confirmed and on their timelines', async () => {
    const [run] = (await t.superuser("SELECT id FROM growth_runs WHERE quarter = '2026Q3'")).rows as {
      id: string;
    }[];
    expect(run).toBeDefined();
    // The service's own evaluation of its own run (not a planted count): proposals of that run, confirmed.
    expect(
      await counts(
        `SELECT count(*)::int AS n FROM growth_outstanding WHERE run_id = '${run!.id}' AND status = 'confirmed'`,
      ),
    ).toEqual({ n: 28 });
    // Whatever the leader did not confirm was declined with a reason, never left without a decision.
    expect(
      await counts(
        `SELECT count(*)::int AS n FROM growth_outstanding WHERE run_id = '${run!.id}'
           AND (status = 'proposed' OR (status = 'declined' AND coalesce(decision_note, '') = ''))`,
      ),
    ).toEqual({ n: 0 });
    expect(
      await counts(
        "SELECT count(*)::int AS n FROM org_timeline_events WHERE module = 'growth' AND kind = 'outstanding'",
      ),
    ).toEqual({ n: 28 });
    // Each of them is identified and has no confirmed deviation record.
    expect(
      await counts(`SELECT count(*)::int AS n FROM growth_outstanding o JOIN growth_results r
                    ON r.run_id = o.run_id AND r.cadre_id = o.cadre_id WHERE NOT r.identified`),
    ).toEqual({ n: 0 });
  });

  it('recovers the planted own abilities (Spearman ≥ 0.85) and tells most cadres apart from their units', async () => {
    const truth = (
      (await t.superuser("SELECT params FROM growth_settings WHERE kind = 'demo_truth'")).rows[0] as {
        params: Record<string, number>;
      }
    ).params;
    const rows = (
      await t.superuser(`SELECT r.cadre_id, r.composite::float AS c FROM growth_results r
                         JOIN growth_runs g ON g.id = r.run_id WHERE g.quarter = '2026Q3' AND r.composite IS NOT NULL`)
    ).rows as { cadre_id: string; c: number }[];
    expect(rows.length).toBeGreaterThan(450);
    const { spearman } = await import('../../analytics/rank.ts');
    expect(
      spearman(
        rows.map((r) => r.c),
        rows.map((r) => truth[r.cadre_id]!),
      ),
    ).toBeGreaterThanOrEqual(0.85);
    // Scopes locked for every quarter of 2026, and the quarter released.
    expect(
      await counts(
        "SELECT count(DISTINCT quarter)::int AS n FROM growth_scope_locks WHERE quarter LIKE '2026Q%'",
      ),
    ).toEqual({ n: 4 });
    expect(await counts("SELECT count(*)::int AS n FROM growth_releases WHERE quarter = '2026Q3'")).toEqual({
      n: 1,
    });
  });
});

describe('一人一策 in the demo county', () => {
  it('has six plans of the three kinds at different stages, each mentor plan with its scope and reviews', async () => {
    const kinds = await t.superuser(
      'SELECT kind, count(*)::int AS n FROM development_plans GROUP BY kind ORDER BY kind',
    );
    expect(kinds.rows).toEqual([
      { kind: 'guidance', n: 2 },
      { kind: 'pressure', n: 2 },
      { kind: 'study', n: 2 },
    ]);
    expect(
      await one(`SELECT count(*) FILTER (WHERE status = 'ended')::int AS ended,
                        count(*) FILTER (WHERE outcome = 'extended')::int AS extended,
                        count(DISTINCT cadre_id)::int AS cadres FROM development_plans`),
    ).toEqual({ ended: 1, extended: 1, cadres: 6 });
    // Every guidance plan has an open mentor scope; study plans sit on a key project.
    expect(
      await one(`SELECT count(*)::int AS n FROM development_plans p WHERE p.kind = 'guidance' AND NOT EXISTS
                 (SELECT 1 FROM development_mentor_scopes s WHERE s.plan_id = p.id AND s.withdrawn_at IS NULL)`),
    ).toEqual({ n: 0 });
    expect(
      await one(
        "SELECT count(*)::int AS n FROM development_plans WHERE kind = 'study' AND keywork_task_id IS NULL",
      ),
    ).toEqual({ n: 0 });
    const reviews = await counts('SELECT count(DISTINCT plan_id)::int AS n FROM development_reviews');
    expect(reviews.n).toBeGreaterThanOrEqual(5);
    expect(accounts.some((a) => a.username === 'mentor')).toBe(true);
  });
});

describe('一事一奖 in the demo', () => {
  it('has 2 batches from 37 units with 69 applications, 2 collectives and 6 cadres awarded, some steps overdue', async () => {
    expect(await one('SELECT count(*)::int AS n FROM rewards_batches')).toEqual({ n: 2 });
    expect(
      await one(
        "SELECT count(*)::int AS n, count(DISTINCT unit_id)::int AS units FROM rewards_applications WHERE status <> 'draft'",
      ),
    ).toEqual({ n: 69, units: 37 });
    expect(await one('SELECT count(*)::int AS n FROM rewards_applications')).toEqual({ n: 69 });
    expect(
      await one(`SELECT count(*) FILTER (WHERE k.collective)::int AS collectives,
                        count(*) FILTER (WHERE NOT k.collective)::int AS individuals
                 FROM rewards_applications a JOIN rewards_kinds k ON k.code = a.kind_code WHERE a.status = 'awarded'`),
    ).toEqual({ collectives: 2, individuals: 6 });
    const overdue = await counts(
      'SELECT count(*)::int AS n FROM rewards_steps WHERE ended_at IS NULL AND due_on IS NOT NULL AND due_on < CURRENT_DATE',
    );
    expect(overdue.n).toBeGreaterThan(0);
    const alerts = await counts("SELECT count(*)::int AS n FROM rewards_alerts WHERE kind = 'remind'");
    expect(alerts.n).toBeGreaterThan(0);
  });
});

describe('demo data a county would believe', () => {
  it('counts things in whole numbers: targets, plans, reports and site checks of 个 / 项 / 家 …', async () => {
    const units = [...COUNT_UNITS];
    const { rows } = await t.superuser(
      `SELECT (SELECT count(*) FROM delivery_items WHERE measure_unit = ANY($1))::int AS counted,
              (SELECT count(*) FROM delivery_items i WHERE i.measure_unit = ANY($1) AND (i.target_value % 1 <> 0
                 OR EXISTS (SELECT 1 FROM jsonb_array_elements_text(i.monthly_plan) v WHERE v::numeric % 1 <> 0)))::int AS items,
              (SELECT count(*) FROM delivery_reports r JOIN delivery_items i ON i.id = r.item_id
                WHERE i.measure_unit = ANY($1) AND r.progress % 1 <> 0)::int AS reports,
              (SELECT count(*) FROM delivery_checks c JOIN delivery_items i ON i.id = c.item_id
                WHERE i.measure_unit = ANY($1) AND (c.reported_value % 1 <> 0 OR c.verified_value % 1 <> 0))::int AS checks`,
      [units],
    );
    expect(rows[0]!.counted).toBeGreaterThan(300);
    expect(rows[0]).toMatchObject({ items: 0, reports: 0, checks: 0 });
    // A problem found on site is a shortfall: the site finds less than was reported.
    expect(
      await one(`SELECT count(*)::int AS n FROM delivery_checks
                  WHERE verdict <> 'true' AND verified_value >= reported_value`),
    ).toEqual({ n: 0 });
  });

  it('repeats no promise three times in one cadre’s list', async () => {
    const worst = await one(`SELECT max(n)::int AS n FROM
                   (SELECT list_id, title, count(*) AS n FROM delivery_items GROUP BY list_id, title) x`);
    expect(worst.n).toBeLessThan(3);
  });

  it('has each key task led by the unit whose work it is, never by a party department', async () => {
    const { rows } = await t.superuser(
      'SELECT t.title, u.name AS lead FROM keywork_tasks t JOIN org_units u ON u.id = t.lead_unit_id',
    );
    expect(rows.length).toBeGreaterThanOrEqual(20);
    for (const r of rows) expect(r.lead, r.title as string).toBe(DEMO_TASK_LEADS.get(r.title as string));
    expect(rows.filter((r) => String(r.lead).startsWith('市委'))).toEqual([]);
  });

  it('says nothing in a finding that its task’s milestones contradict', async () => {
    // The demo's “today” for key tasks: a milestone planned before it and not done is overdue.
    // The cause is sealed at rest: opened here, then matched.
    const late = await t.superuser(
      `SELECT f.cause FROM keywork_findings f JOIN keywork_inspections i ON i.id = f.inspection_id
        WHERE EXISTS (SELECT 1 FROM keywork_milestones m WHERE m.task_id = i.task_id
                        AND m.planned_on < '${DEMO_YEAR}-11-20' AND (m.done_on IS NULL OR m.done_on > m.planned_on))`,
    );
    expect(late.rows.length).toBeGreaterThan(0);
    const contradicted = late.rows
      .map((r) => openSealed(r.cause as string, 'keywork_findings.cause'))
      .filter((c) => /(提前|按期)完成/.test(c));
    expect(contradicted).toEqual([]);
    // Some findings credit the lead cadre, and they are still there.
    expect(
      (await one("SELECT count(*)::int AS n FROM keywork_findings WHERE effect = 'moved'")).n,
    ).toBeGreaterThan(0);
  });

  it('gives 专项研判 one count of tasks: the tasks the unit was found holding up', async () => {
    const ctx = systemCtx(t.deps);
    const cand = await assessmentCandidates(ctx, DEMO_YEAR);
    const list = await listAssessments(ctx, { page: 1, pageSize: 100 });
    expect(list.items.length).toBe(7);
    for (const a of list.items) {
      const c = cand.items.find((x) => x.unitId === a.unitId);
      expect(c?.tasks, a.unitName).toBe(a.tasks);
    }
  });

  it('shows the article’s 1,520 余条 entries over the two rounds, counting only those that may be shown', async () => {
    const shown = await listEntries(systemCtx(t.deps), { page: 1, pageSize: 1 });
    expect(shown.total).toBeGreaterThanOrEqual(1520);
    expect(shown.total).toBeLessThan(1600);
  });
});

describe('to-dos on the demo county', () => {
  /** The demo account as the server sees it after login. */
  async function actorOf(username: string): Promise<Actor> {
    const rows = (
      await t.superuser(
        `SELECT u.id, u.display_name, r.role, r.unit_id, r.cadre_id, r.department
           FROM auth_users u JOIN auth_user_roles r ON r.user_id = u.id WHERE u.username = $1`,
        [username],
      )
    ).rows as {
      id: string;
      display_name: string;
      role: Role;
      unit_id: string | null;
      cadre_id: string | null;
      department: string | null;
    }[];
    return {
      userId: rows[0]!.id,
      username,
      displayName: rows[0]!.display_name,
      grants: rows.map((r) => ({
        role: r.role,
        unitId: r.unit_id,
        cadreId: r.cadre_id,
        department: r.department,
      })),
      isDemo: true,
      activeRole: rows[0]!.role,
    };
  }
  const ids = (rows: Record<string, unknown>[]) => rows.map((r) => String(r.id)).sort();

  it('puts what waits on the demo leader on their list, and no decided alert on the officer’s', async () => {
    const leader = { ...systemCtx(t.deps), actor: await actorOf('leader') };
    const open = await listTodos(leader, 'open', { limit: 1000, offset: 0 });
    expect(await openTodoCount(leader)).toBe(open.total);
    // The leader of the unit's liaison group has it; every leader where that leader has no account.
    const forLeader = `LEFT JOIN org_units u ON u.id = X.unit_id
       LEFT JOIN org_liaison_groups g ON g.id = u.liaison_group_id
       WHERE (NOT EXISTS (SELECT 1 FROM auth_user_roles r JOIN auth_users a ON a.id = r.user_id AND a.status = 'active'
                           WHERE r.role = 'org_leader' AND r.cadre_id = g.leader_cadre_id)
          OR EXISTS (SELECT 1 FROM auth_user_roles r JOIN auth_users a ON a.id = r.user_id
                      WHERE a.username = 'leader' AND r.role = 'org_leader' AND r.cadre_id = g.leader_cadre_id))`;
    const nominations = ids(
      (
        await t.superuser(
          `SELECT n.id FROM scene_nominations n JOIN org_cadres X ON X.id = n.cadre_id ${forLeader} AND n.status = 'pending'`,
        )
      ).rows,
    );
    const assessments = ids(
      (await t.superuser(`SELECT X.id FROM keywork_assessments X ${forLeader} AND X.status = 'draft'`)).rows,
    );
    const listed = (kind: string) =>
      open.items
        .filter((i) => i.kind === kind)
        .map((i) => i.recordId!)
        .sort();
    expect(nominations.length).toBeGreaterThan(0);
    expect(listed('nomination.decide')).toEqual(nominations);
    expect(listed('assessment.conclude')).toEqual(assessments);
    // Every wait on a leader is on some leader's list.
    const orphans = await counts(
      `SELECT count(*)::int AS n FROM scene_nominations n WHERE n.status = 'pending' AND NOT EXISTS
         (SELECT 1 FROM todo_items i WHERE i.record_id = n.id::text AND i.status = 'open')`,
    );
    expect(orphans.n).toBe(0);
    expect(
      (await counts("SELECT count(*)::int AS n FROM scene_nominations WHERE status = 'pending'")).n +
        (await counts("SELECT count(*)::int AS n FROM keywork_assessments WHERE status = 'draft'")).n,
    ).toBeGreaterThan(0);

    const officer = { ...systemCtx(t.deps), actor: await actorOf('officer') };
    const alerts = (await listTodos(officer, 'open', { limit: 1000, offset: 0 })).items
      .filter((i) => i.kind === 'alert')
      .map((i) => i.recordId!)
      .sort();
    expect(alerts).toEqual(
      ids((await t.superuser("SELECT id FROM economy_alerts WHERE status = 'open'")).rows),
    );
  });
});
