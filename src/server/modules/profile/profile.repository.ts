import { sql } from 'drizzle-orm';
import { type Executor, rows } from '../../db/client.ts';

/**
 * The few reads of module profile that no other module's service offers: the header, the growth
 * quarters of a year with their release, a cadre's scene observations for the department.
 */

export interface CadreHeader {
  id: string;
  name: string;
  post: string | null;
  unitId: string | null;
  unitName: string | null;
  rankName: string | null;
  status: string;
}

export async function cadreHeader(ex: Executor, cadreId: string): Promise<CadreHeader | null> {
  const [c] = await rows<{
    id: string;
    name: string;
    post: string | null;
    unit_id: string | null;
    unit_name: string | null;
    rank_name: string | null;
    status: string;
  }>(
    ex,
    sql`select c.id, c.name, c.post, c.unit_id, u.name as unit_name, rk.name as rank_name, c.status
        from org_cadres c left join org_units u on u.id = c.unit_id
        left join org_dict_items rk on rk.kind = 'rank' and rk.code = c.rank_code
        where c.id = ${cadreId}`,
  );
  if (!c) return null;
  return {
    id: c.id,
    name: c.name,
    post: c.post,
    unitId: c.unit_id,
    unitName: c.unit_name,
    rankName: c.rank_name,
    status: c.status,
  };
}

/** The quarters of a year with a growth run, latest first, and whether a leader released each. */
export async function growthQuartersOf(ex: Executor, year: number) {
  return rows<{ quarter: string; released: boolean }>(
    ex,
    sql`select r.quarter, bool_or(rel.run_id is not null) as released
        from growth_runs r left join growth_releases rel on rel.quarter = r.quarter
        where r.quarter like ${`${year}Q%`}
        group by r.quarter order by r.quarter desc`,
  );
}

/** A cadre's observations in the activities of a year (the department's view: released or not). */
export async function sceneObservationsOf(ex: Executor, cadreId: string, year: number) {
  return rows<{
    activity_id: string;
    title: string;
    kind: string;
    starts_on: string;
    ratings: Record<string, number> | null;
    released: boolean;
    nominated: string | null;
  }>(
    ex,
    sql`select a.id as activity_id, a.title, a.kind, a.starts_on::text, o.ratings,
          o.released_at is not null as released,
          (select n.status from scene_nominations n
            where n.activity_id = a.id and n.cadre_id = o.cadre_id order by n.created_at desc limit 1) as nominated
        from scene_observations o join scene_activities a on a.id = o.activity_id
        where o.cadre_id = ${cadreId} and extract(year from a.starts_on) = ${year}
        order by a.starts_on desc`,
  );
}

/** How many of the cadre's quadrant quarters of a year are computed but not yet released. */
export async function unreleasedQuadrantQuarters(
  ex: Executor,
  cadreId: string,
  year: number,
): Promise<number> {
  const [r] = await rows<{ n: number }>(
    ex,
    sql`select count(distinct p.quarter)::int as n from quadrant_placements p
        where p.cadre_id = ${cadreId} and p.quarter like ${`${year}Q%`}
          and not exists (select 1 from quadrant_releases r where r.quarter = p.quarter)`,
  );
  return r?.n ?? 0;
}
