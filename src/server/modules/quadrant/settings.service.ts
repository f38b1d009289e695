import { desc, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { DEFAULT_RULE, DEFAULT_VIEW_WEIGHTS } from '../../../analytics/quadrant.ts';
import type { SettingsBody, SettingsParams } from '../../../common/contracts/quadrant.ts';
import { type Executor, rows } from '../../db/client.ts';
import { quadrantSettings } from '../../db/schema/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { write } from '../../lib/tx.ts';
import { mayDecide } from './quadrant.policy.ts';

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
  decidingBody: '县委常委会',
};

/** The settings in force (version 0: the defaults, before any change). */
export async function currentSettings(ex: Executor) {
  const [row] = await ex.select().from(quadrantSettings).orderBy(desc(quadrantSettings.version)).limit(1);
  return {
    version: row?.version ?? 0,
    params: withDefaults(row?.params),
    createdAt: row?.createdAt ?? null,
    reason: row?.reason ?? null,
  };
}

const withDefaults = (params: unknown): Settings => ({
  ...DEFAULT_SETTINGS,
  ...((params as Partial<Settings> | undefined) ?? {}),
});

/** The settings in force as the settings page shows them, with who set them. */
export async function settingsView(ctx: Ctx, ex: Executor = ctx.db) {
  const s = await currentSettings(ex);
  const [by] = await rows<{ name: string | null }>(
    ex,
    sql`select u.display_name as name from quadrant_settings s left join auth_users u on u.id = s.created_by
        where s.version = ${s.version}`,
  );
  return { ...s, createdByName: by?.name ?? null, can: { save: mayDecide(ctx.actor) } };
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
    // The previous values stay in the previous version's row; the chain records who and when.
    audit({ action: 'quadrant.settings', objectType: 'quadrant_setting', objectId: row!.id });
    return settingsView(ctx, tx);
  });
}

/** The labels of the settings page, in its order; a value's text as the page shows it. */
const FIELDS: { key: string; label: string; get: (s: Settings) => unknown }[] = [
  { key: 'contributionThreshold', label: '实绩贡献门槛', get: (s) => s.contributionThreshold ?? '全县平均' },
  { key: 'viewThreshold', label: '政绩观门槛', get: (s) => s.viewThreshold },
  { key: 'viewWeights.conduct', label: '现场考察表现权重', get: (s) => s.viewWeights.conduct },
  { key: 'viewWeights.opinion', label: '360 与群众评价权重', get: (s) => s.viewWeights.opinion },
  { key: 'viewWeights.deviation', label: '每条偏差记录扣分', get: (s) => s.viewWeights.deviation },
  { key: 'viewWeights.outstanding', label: '每条担当作为突出加分', get: (s) => s.viewWeights.outstanding },
  { key: 'quarters', label: '长期处于：连续季度数', get: (s) => s.quarters },
  { key: 'minProbability', label: '长期处于：区内概率不低于', get: (s) => s.minProbability },
  { key: 'maxHalfWidth', label: '区间半宽上限', get: (s) => s.maxHalfWidth },
  { key: 'publicityDays', label: '任前公示工作日', get: (s) => s.publicityDays },
  { key: 'youngAge', label: '优秀年轻干部年龄上限', get: (s) => s.youngAge },
  { key: 'decidingBody', label: '决定机关', get: (s) => s.decidingBody },
  { key: 'outsideRanks', label: '上级管理的职级', get: (s) => s.outsideRanks.join('、') || '无' },
];

/** Every version, newest first: who changed what from which value, and the quarters computed with it. */
export async function settingsVersions(ctx: Ctx) {
  const found = await rows<{
    version: number;
    params: unknown;
    reason: string | null;
    created_at: Date;
    by_name: string | null;
    quarters: string[] | null;
  }>(
    ctx.db,
    sql`select s.version, s.params, s.reason, s.created_at, u.display_name as by_name,
               (select array_agg(distinct p.quarter order by p.quarter) from quadrant_placements p
                where p.settings_version = s.version) as quarters
        from quadrant_settings s left join auth_users u on u.id = s.created_by
        order by s.version`,
  );
  let before = DEFAULT_SETTINGS;
  const items = found.map((v) => {
    const after = withDefaults(v.params);
    const changes = FIELDS.filter((f) => String(f.get(before)) !== String(f.get(after))).map((f) => ({
      key: f.key,
      label: f.label,
      before: String(f.get(before)),
      after: String(f.get(after)),
    }));
    before = after;
    return {
      version: v.version,
      createdAt: new Date(v.created_at),
      createdByName: v.by_name,
      reason: v.reason,
      changes,
      quarters: v.quarters ?? [],
    };
  });
  return { items: items.reverse() };
}
