import { type SQL, sql } from 'drizzle-orm';
import type { OpinionBallotScore } from '../../../analytics/opinion-calibration.ts';
import type { Questionnaire, RaterGroup } from '../../../common/contracts/opinion.ts';
import { type Executor, rows, uuidArray } from '../../db/client.ts';
import type { GroupTally } from './scoring.ts';

/**
 * A round's ballots worked out inside the database, so that a whole campaign's figures need not
 * bring every ballot to the application: the tallies per cadre and rater group (scoring.ts turns
 * them into the figures), and for the calibration one row per ballot with its overall score only.
 */

const CODE = /^[a-z][a-z0-9_]{0,29}$/;

/** An item code as a SQL string literal (codes are checked by the questionnaire's rules). */
function codeLiteral(code: string): SQL {
  if (!CODE.test(code)) throw new Error(`题目编码不正确：${code}`);
  return sql.raw(`'${code}'`);
}

/** A questionnaire number as a float8 literal (the same double JavaScript holds). */
function float(v: number): SQL {
  if (!Number.isFinite(v)) throw new Error(`问卷数值不正确：${v}`);
  return sql.raw(`${v}::float8`);
}

function itemsOf(q: Questionnaire): string[] {
  return q.dimensions.flatMap((d) => d.items.map((i) => i.code));
}

/**
 * Every cadre's tallies by rater group: the ballots, and per item how many gave each point of the
 * scale. One row per cadre and group comes back.
 */
export async function groupTallies(
  ex: Executor,
  campaignId: string,
  q: Questionnaire,
  cadreIds?: readonly string[],
): Promise<Map<string, GroupTally[]>> {
  const items = itemsOf(q);
  const points = Array.from({ length: q.scale.max - q.scale.min + 1 }, (_, i) => q.scale.min + i);
  // Each answer is taken out of the jsonb once (the subquery is kept apart by offset 0), then
  // counted at each point. Answers are whole points (submissions are checked), stored as JSON
  // integers.
  const picked = sql.join(
    items.map((code, k) => sql`(answers ->> ${codeLiteral(code)})::int as ${sql.raw(`a${k}`)}`),
    sql`, `,
  );
  const counts = sql.join(
    items.flatMap((_, k) => points.map((p) => sql.raw(`count(*) filter (where a${k} = ${p})`))),
    sql`, `,
  );
  const only = cadreIds ? sql`and cadre_id = any(${uuidArray(cadreIds)})` : sql``;
  const found = await rows<{
    cadre_id: string;
    rater_group: RaterGroup;
    n: number | string;
    counts: (number | string)[];
  }>(
    ex,
    sql`select cadre_id, rater_group, count(*) as n, array[${counts}]::int[] as counts
        from (select cadre_id, rater_group, ${picked} from opinion_ballots
              where campaign_id = ${campaignId} ${only} offset 0) b
        group by cadre_id, rater_group`,
  );
  const out = new Map<string, GroupTally[]>();
  const width = points.length;
  for (const r of found) {
    const flat = r.counts.map(Number);
    const list = out.get(r.cadre_id) ?? [];
    list.push({
      group: r.rater_group,
      ballots: Number(r.n),
      counts: Object.fromEntries(items.map((code, k) => [code, flat.slice(k * width, (k + 1) * width)])),
    });
    out.set(r.cadre_id, list);
  }
  return out;
}

/**
 * Each ballot's overall score (0–100) as ballotScore in scoring.ts works it out, in the same
 * double arithmetic and the same order of operations: an item's score ((v − min) / (max − min)) ·
 * 100, a dimension the mean of its answered items, the overall the dimensions answered mixed by
 * their weights. Null for a ballot with no answer.
 */
function ballotScoreSql(q: Questionnaire): { dims: SQL; score: SQL } {
  const span = float(q.scale.max - q.scale.min);
  const min = float(q.scale.min);
  let k = 0;
  const dims = q.dimensions.map((d) => {
    const xs = d.items.map(() => sql.raw(`x${k++}`));
    const sum = sql.join(
      [sql`0::float8`, ...xs.map((x) => sql`coalesce(((${x} - ${min}) / ${span}) * 100::float8, 0::float8)`)],
      sql` + `,
    );
    const n = sql.join(
      xs.map((x) => sql`(${x} is not null)::int`),
      sql` + `,
    );
    return { sql: sql`case when (${n}) > 0 then (${sum}) / (${n})::float8 end`, weight: float(d.weight) };
  });
  const names = dims.map((_, i) => sql.raw(`d${i}`));
  const total = sql.join(
    [sql`0::float8`, ...names.map((d, i) => sql`coalesce(${d} * ${dims[i]!.weight}, 0::float8)`)],
    sql` + `,
  );
  const weights = sql.join(
    [
      sql`0::float8`,
      ...names.map((d, i) => sql`case when ${d} is not null then ${dims[i]!.weight} else 0::float8 end`),
    ],
    sql` + `,
  );
  const inner = sql.join(
    dims.map((d, i) => sql`${d.sql} as ${names[i]}`),
    sql`, `,
  );
  return { dims: inner, score: sql`case when (${weights}) > 0 then (${total}) / (${weights}) end` };
}

/**
 * The calibration's rows: every ballot of the round with its cadre, group, submission key (where
 * the ballot store kept it) and overall score, worked out in the database (the answers stay there).
 * Only ballots of the groups `shown(cadre)` gives are kept: those behind shown figures.
 */
export async function calibrationRows(
  ex: Executor,
  campaignId: string,
  q: Questionnaire,
  unitOf: (cadreId: string) => string | null,
  shown: (cadreId: string) => ReadonlySet<string> | undefined,
  cadreIds?: readonly string[],
): Promise<OpinionBallotScore[]> {
  const items = itemsOf(q);
  const xs = sql.join(
    items.map((code, k) => sql`(answers ->> ${codeLiteral(code)})::float8 as ${sql.raw(`x${k}`)}`),
    sql`, `,
  );
  const only = cadreIds ? sql`and cadre_id = any(${uuidArray(cadreIds)})` : sql``;
  const score = ballotScoreSql(q);
  const found = await rows<{
    cadre_id: string;
    rater_group: string;
    key: string | null;
    score: number | string | null;
  }>(
    ex,
    sql`select cadre_id, rater_group, key, ${score.score} as score from (
          select cadre_id, rater_group, key, ${score.dims} from (
            select cadre_id, rater_group, case when linked then submission_key end as key, ${xs}
            from opinion_ballots where campaign_id = ${campaignId} ${only} offset 0) b
          offset 0) s`,
  );
  const out: OpinionBallotScore[] = [];
  for (const r of found) {
    if (r.score === null || !shown(r.cadre_id)?.has(r.rater_group)) continue;
    out.push({
      cadre: r.cadre_id,
      unit: unitOf(r.cadre_id) ?? '',
      group: r.rater_group,
      key: r.key,
      score: Number(r.score),
    });
  }
  return out;
}
