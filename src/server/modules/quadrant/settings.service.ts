import { desc } from 'drizzle-orm';
import type { z } from 'zod';
import { DEFAULT_RULE, DEFAULT_VIEW_WEIGHTS } from '../../../analytics/quadrant.ts';
import type { SettingsBody, SettingsParams } from '../../../common/contracts/quadrant.ts';
import type { Executor } from '../../db/client.ts';
import { quadrantSettings } from '../../db/schema/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { write } from '../../lib/tx.ts';

export type Settings = z.infer<typeof SettingsParams>;

/** Until the department states its own: the county average, one deviation, 3 quarters at 0.7. */
export const DEFAULT_SETTINGS: Settings = {
  contributionThreshold: null,
  viewThreshold: 0,
  viewWeights: DEFAULT_VIEW_WEIGHTS,
  quarters: DEFAULT_RULE.quarters,
  minProbability: DEFAULT_RULE.minProbability,
  maxHalfWidth: DEFAULT_RULE.maxHalfWidth,
  publicityDays: 5,
  outsideRanks: ['fuchu', 'zhengchu'],
  youngAge: 40,
};

export async function currentSettings(ex: Executor) {
  const [row] = await ex.select().from(quadrantSettings).orderBy(desc(quadrantSettings.version)).limit(1);
  return {
    version: row?.version ?? 0,
    params: { ...DEFAULT_SETTINGS, ...((row?.params as Partial<Settings> | undefined) ?? {}) },
    createdAt: row?.createdAt ?? null,
    reason: row?.reason ?? null,
  };
}

/** A new version; earlier placements keep the version they were computed with. */
export function saveSettings(ctx: Ctx, body: z.infer<typeof SettingsBody>) {
  return write(ctx, async (tx, audit) => {
    const prev = await currentSettings(tx);
    const [row] = await tx
      .insert(quadrantSettings)
      .values({
        version: prev.version + 1,
        params: body.params,
        reason: body.reason,
        createdBy: ctx.actor?.userId,
      })
      .returning();
    audit({ action: 'quadrant.settings', objectType: 'quadrant_setting', objectId: row!.id });
    return currentSettings(tx);
  });
}
