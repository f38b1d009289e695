import { desc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import { DEFAULT_OUTSTANDING_RULE, type OutstandingRule } from '../../../analytics/growth.ts';
import { DEFAULT_WEIGHTS, type RuleBody, type WeightsBody } from '../../../common/contracts/growth.ts';
import type { Executor } from '../../db/client.ts';
import { growthSettings } from '../../db/schema/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { write } from '../../lib/tx.ts';

/**
 * The versioned settings of the analysis: the composite weights per role type and the rule for
 * outstanding cadres. A change is a new version; a run records the versions it used.
 */

export type Weights = Record<string, Record<string, number>>;

async function latest(ex: Executor, kind: 'weights' | 'outstanding') {
  const [row] = await ex
    .select()
    .from(growthSettings)
    .where(eq(growthSettings.kind, kind))
    .orderBy(desc(growthSettings.version))
    .limit(1);
  return row ?? null;
}

export async function currentSettings(ex: Executor) {
  const w = await latest(ex, 'weights');
  const r = await latest(ex, 'outstanding');
  return {
    weights: {
      version: w?.version ?? 0,
      params: (w?.params as Weights | undefined) ?? { '*': DEFAULT_WEIGHTS },
      createdAt: w?.createdAt ?? null,
    },
    rule: {
      version: r?.version ?? 0,
      params: (r?.params as OutstandingRule | undefined) ?? DEFAULT_OUTSTANDING_RULE,
      createdAt: r?.createdAt ?? null,
    },
  };
}

/** The weights for a role type: its own, or those for every other (`*`). */
export function weightsFor(weights: Weights, roleType: string | null): Record<string, number> {
  return (roleType && weights[roleType]) || weights['*'] || DEFAULT_WEIGHTS;
}

async function saveSetting(ctx: Ctx, kind: 'weights' | 'outstanding', params: object, reason: string) {
  return write(ctx, async (tx, audit) => {
    const prev = await latest(tx, kind);
    const [row] = await tx
      .insert(growthSettings)
      .values({ kind, version: (prev?.version ?? 0) + 1, params, reason, createdBy: ctx.actor?.userId })
      .returning();
    audit({ action: `growth.settings.${kind}`, objectType: 'growth_setting', objectId: row!.id });
    return currentSettings(tx);
  });
}

export function saveWeights(ctx: Ctx, body: z.infer<typeof WeightsBody>) {
  return saveSetting(ctx, 'weights', body.params, body.reason);
}

export function saveRule(ctx: Ctx, body: z.infer<typeof RuleBody>) {
  return saveSetting(ctx, 'outstanding', body.params, body.reason);
}
