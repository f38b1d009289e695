import { sql } from 'drizzle-orm';
import { type Executor, rows } from '../../db/client.ts';
import { sealedExcerpt } from '../../lib/seal.ts';
import type { Ref } from './measures.service.ts';

/** The sealed column each kind of record's text comes from. */
const SEALED_BY_TYPE: Record<string, string> = {
  delivery_finding: 'delivery_findings.description',
  keywork_finding: 'keywork_findings.cause',
  economy_interview: 'economy_interviews.issue',
};

/**
 * Confirmed records of a deviation in the view of achievement (政绩观偏差) between two days:
 * delivery findings of 虚报 or 成效不实 made final, key-task findings tagged 推诿扯皮 or 不顾大局 in
 * a concluded inspection, and economy interviews (约谈) of the cadre. Never inferred from rank or
 * scores: only what an officer confirmed.
 */
export async function deviationRecords(ex: Executor, from: string, to: string): Promise<Map<string, Ref[]>> {
  const found = await rows<{
    cadre_id: string;
    type: string;
    id: string;
    label: string;
    /** Sealed at rest: opened and cut here, not in SQL. */
    sealed: string;
    link: string | null;
  }>(
    ex,
    sql`select f.cadre_id, 'delivery_finding' as type, f.id::text,
               case f.kind when 'false_report' then '虚报' else '成效不实' end || '：' as label, f.description as sealed,
               '/delivery/findings/' || f.id as link
        from delivery_findings f
        where f.kind in ('false_report', 'ineffective') and f.status = 'final'
          and f.final_at >= ${from}::date and f.final_at < (${to}::date + 1)
        union all
        select kf.cadre_id, 'keywork_finding', kf.id::text,
               '重点任务考察发现：', kf.cause, '/keywork/inspections/' || kf.inspection_id
        from keywork_findings kf join keywork_inspections i on i.id = kf.inspection_id
        where i.status = 'concluded' and (kf.tags ? 'buck_passing' or kf.tags ? 'ignoring_whole')
          and i.concluded_at >= ${from}::date and i.concluded_at < (${to}::date + 1)
        union all
        select iv.cadre_id, 'economy_interview', iv.id::text, '约谈：', iv.issue, '/economy/interviews'
        from economy_interviews iv
        where iv.interviewed_on between ${from} and ${to}`,
  );
  const out = new Map<string, Ref[]>();
  for (const f of found)
    out.set(f.cadre_id, [
      ...(out.get(f.cadre_id) ?? []),
      {
        type: f.type,
        id: f.id,
        label: f.label + sealedExcerpt(f.sealed, SEALED_BY_TYPE[f.type]!, 40),
        link: f.link,
      },
    ]);
  return out;
}
