import type { Db } from '../src/server/db/client.ts';
import { growthResults, growthRuns } from '../src/server/db/schema/index.ts';
import type { Agent, TestApp } from './app.ts';
import { ok } from './delivery-factories.ts';
import { buildCadre, buildUnit } from './factories.ts';

/**
 * A cadre with an account, a mentor (another cadre with an account) in another unit, the
 * organization department, and a guidance plan body for the cadre.
 */
export async function buildMentorPair(t: TestApp) {
  const unit = await buildUnit(t.deps.db);
  const cadre = await buildCadre(t.deps.db, { unitId: unit.id, birthYear: 1994 });
  const mentorUnit = await buildUnit(t.deps.db);
  const mentorCadre = await buildCadre(t.deps.db, { unitId: mentorUnit.id, post: '局长', teamPlace: '正职' });
  return {
    unit,
    cadre,
    mentorCadre,
    self: await t.as('cadre', { cadreId: cadre.id }),
    mentor: await t.as('cadre', { cadreId: mentorCadre.id }),
    officer: await t.as('assessment_officer'),
    leader: await t.as('org_leader'),
  };
}

/** A six-month guidance plan with two goals and three milestones. */
export function guidanceBody(cadreId: string, mentorCadreId: string, startsOn = '2026-03-01') {
  return {
    cadreId,
    kind: 'guidance',
    title: '履职辅导期：复杂问题处置能力',
    reason: '防汛现场指挥协调评分偏低，处理复杂问题能力弱',
    startsOn,
    months: 6,
    mentorCadreId,
    assignments: ['牵头一个信访积案化解', '参与防汛应急值守'],
    goals: [
      { title: '独立牵头处置复杂事项', measure: '牵头化解信访积案件数' },
      { title: '现场指挥协调', measure: '下一次现场考察评分' },
    ],
    milestones: [
      { title: '化解第一件积案', target: '≥1 件，群众签字认可', dueOn: '2026-05-31', goal: 0 },
      { title: '化解三件积案', target: '≥3 件', dueOn: '2026-08-15', goal: 0 },
      { title: '现场评分提升', target: '均值 ≥ 3.5', dueOn: '2026-08-31', goal: 1 },
    ],
  };
}

/** Creates a plan through the API as the officer: its view. */
export async function createPlan(officer: Agent, body: Record<string, unknown>) {
  return ok(await officer.post('/api/development/plans', body));
}

/**
 * Growth results of one cadre, one run per quarter: own contribution `own[i]` with standard error
 * `se` for the quarters given (planted directly, as the analysis would have written them).
 */
export async function plantGrowth(
  db: Db,
  cadreId: string,
  unitId: string,
  quarters: [string, number][],
  se = 0.2,
) {
  const out: { quarter: string; resultId: string }[] = [];
  for (const [quarter, own] of quarters) {
    const [run] = await db.insert(growthRuns).values({ quarter, versions: {}, models: [] }).returning();
    const [r] = await db
      .insert(growthResults)
      .values({
        runId: run!.id,
        cadreId,
        unitId,
        identified: true,
        composite: String(own),
        compositeSe: String(se),
        withinUnit: '0',
        parts: {},
        growth: { slope: null, slopeSe: null, quarters: [] },
      })
      .returning();
    out.push({ quarter, resultId: r!.id });
  }
  return out;
}
