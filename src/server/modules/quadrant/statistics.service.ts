import { sql } from 'drizzle-orm';
import { type DecisionKind, DOWN_KINDS } from '../../../common/contracts/quadrant.ts';
import { rows } from '../../db/client.ts';
import type { Ctx } from '../../lib/context.ts';
import { localDay } from '../../lib/time.ts';
import { currentSettings } from './settings.service.ts';

/** The domains whose cadres make up the urban-renewal block forces (区块攻坚组). */
export const BLOCK_FORCE_DOMAINS = ['urban_renewal', 'block_renovation'];

/**
 * The year's figures, counted from the effective decisions: promotions (of them 优秀年轻干部: at
 * most `youngAge` in the year of the decision), rank promotions, moves down by kind, by domain and
 * for the members of the urban-renewal block forces — with the overlap of the two counts.
 */
export async function statistics(ctx: Ctx, year?: number) {
  const y = year ?? Number(localDay(ctx.clock.now()).slice(0, 4));
  const { youngAge } = (await currentSettings(ctx.db)).params;
  const found = await rows<{ id: string; kind: DecisionKind; age: number; domains: string[] | null }>(
    ctx.db,
    sql`select d.id, d.kind, ${y} - c.birth_year as age,
               (select array_agg(distinct s.ref) from org_division_scopes s
                where s.cadre_id = d.cadre_id and s.kind = 'domain') as domains
        from quadrant_decisions d join org_cadres c on c.id = d.cadre_id
        where d.status = 'effective' and extract(year from d.effective_on) = ${y}`,
  );
  const names = new Map(
    (
      await rows<{ code: string; name: string }>(
        ctx.db,
        sql`select code, name from org_dict_items where kind = 'domain'`,
      )
    ).map((r) => [r.code, r.name]),
  );
  const up = (k: DecisionKind) => k === 'promote' || k === 'rank_up';
  const down = (k: DecisionKind) => DOWN_KINDS.includes(k);
  const count = (f: (d: (typeof found)[number]) => boolean) => found.filter(f).length;
  const block = found.filter(
    (d) => up(d.kind) && (d.domains ?? []).some((x) => BLOCK_FORCE_DOMAINS.includes(x)),
  );
  const domains = new Map<string, { up: number; down: number }>();
  for (const d of found)
    for (const x of d.domains ?? []) {
      const e = domains.get(x) ?? { up: 0, down: 0 };
      if (up(d.kind)) e.up++;
      if (down(d.kind)) e.down++;
      domains.set(x, e);
    }
  return {
    year: y,
    youngAge,
    promotions: count((d) => d.kind === 'promote'),
    youngPromotions: count((d) => d.kind === 'promote' && d.age <= youngAge),
    rankUps: count((d) => d.kind === 'rank_up'),
    prioritized: count((d) => d.kind === 'prioritize'),
    transfers: count((d) => d.kind === 'transfer'),
    down: {
      dismiss: count((d) => d.kind === 'dismiss'),
      demote: count((d) => d.kind === 'demote'),
      non_leading: count((d) => d.kind === 'non_leading'),
      total: count((d) => down(d.kind)),
    },
    blockForce: {
      upMoves: block.length,
      youngAmongThem: block.filter((d) => d.kind === 'promote' && d.age <= youngAge).length,
    },
    byDomain: [...domains]
      .map(([domain, v]) => ({ domain, name: names.get(domain) ?? domain, ...v }))
      .sort((a, b) => b.up + b.down - (a.up + a.down)),
  };
}
