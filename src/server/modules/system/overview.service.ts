import { type Permission, roleHas } from '../../../common/permissions.ts';
import type { Ctx } from '../../lib/context.ts';
import { grantsKey, summaryCache } from '../../lib/summary-cache.ts';

export interface OverviewCard {
  key: string;
  title: string;
  /** Who sees the card. */
  permission: Permission | 'authenticated';
  /** Where the figure comes from, for the user following it up. */
  link?: string;
  /** The figure, or null when the card does not apply to this person. */
  load(ctx: Ctx): Promise<{ value: number; suffix?: string; hint?: string } | null>;
}

const cards: OverviewCard[] = [];

/** Each module adds the live figures it owns to the home page. */
export function registerOverviewCard(card: OverviewCard): void {
  if (!cards.some((c) => c.key === card.key)) cards.push(card);
}

export interface Overview {
  cards: { key: string; title: string; link: string | null; value: number; suffix?: string; hint?: string }[];
  /** When the figures were computed. */
  asOf: Date;
}

async function computeCards(ctx: Ctx): Promise<Overview['cards']> {
  const grants = ctx.actor?.grants ?? [];
  const visible = cards.filter(
    (c) =>
      c.permission === 'authenticated' || grants.some((g) => roleHas(g.role, c.permission as Permission)),
  );
  const out: Overview['cards'] = [];
  for (const c of visible) {
    const v = await c.load(ctx);
    if (v) out.push({ key: c.key, title: c.title, link: c.link ?? null, ...v });
  }
  return out;
}

/** The home cards: everyone's first page, often opened at once (see lib/summary-cache.ts). */
const kept = summaryCache<Overview['cards']>({ maxEntries: 5_000 });

export async function overviewFor(ctx: Ctx): Promise<Overview> {
  // Some cards are the person's own (their to-dos): kept per person and grants.
  const key = ctx.actor ? `${ctx.actor.userId}|${grantsKey(ctx.actor)}` : '';
  const { value, asOf } = await kept.get(key, ctx.clock.now(), () => computeCards(ctx));
  return { cards: value, asOf };
}
