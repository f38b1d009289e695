import { type Permission, roleHas } from '../../../common/permissions.ts';
import type { Ctx } from '../../lib/context.ts';
import { dataVersion } from '../../lib/data-version.ts';

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

async function computeOverview(ctx: Ctx): Promise<Overview> {
  const asOf = ctx.clock.now();
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
  return { cards: out, asOf };
}

/**
 * The home cards are opened by everyone, often at once: each person's are computed once per
 * change of the data (see lib/data-version.ts) and shared by their requests meanwhile — also
 * by those arriving while they are being computed. Changes made by another server process are
 * seen within `OVERVIEW_MAX_AGE_MS`. The answer says when its figures were computed.
 */
export const OVERVIEW_MAX_AGE_MS = 5_000;
const MAX_ENTRIES = 5_000;
const kept = new Map<string, { version: number; at: number; value: Promise<Overview> }>();

export function overviewFor(ctx: Ctx): Promise<Overview> {
  const a = ctx.actor;
  const key = a
    ? `${a.userId}|${a.grants.map((g) => `${g.role}:${g.unitId ?? ''}:${g.cadreId ?? ''}`).join(',')}`
    : '';
  const version = dataVersion();
  const now = Date.now();
  const hit = kept.get(key);
  if (hit && hit.version === version && now - hit.at < OVERVIEW_MAX_AGE_MS) return hit.value;
  if (kept.size >= MAX_ENTRIES) kept.clear();
  const value = computeOverview(ctx);
  kept.set(key, { version, at: now, value });
  // A failed computation is not kept.
  value.catch(() => {
    if (kept.get(key)?.value === value) kept.delete(key);
  });
  return value;
}
