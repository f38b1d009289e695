import { z } from 'zod';
import { canFlags, Instant, pageOf } from '../api.ts';
import { QuestionnaireView, RATER_GROUPS } from './opinion-campaigns.ts';
import { PageQuery, Uuid } from './page.ts';

/** 走进群众听民意: results of a campaign, 口碑档案 (profiles), and the free-text entries with their tags. */

/** The theme tags officers give free-text entries (评价内容条目). */
export const ENTRY_TAGS = ['政绩观', '担当', '实绩', '作风', '廉洁', '服务态度', '能力', '其他'] as const;

export const ResultsQuery = PageQuery.extend({
  unitId: Uuid.optional(),
  q: z.string().trim().max(30).optional(),
  sort: z.enum(['overall', 'name']).default('overall'),
});

export const EntryQuery = PageQuery.extend({
  campaignId: Uuid.optional(),
  cadreId: Uuid.optional(),
  group: z.enum(RATER_GROUPS).optional(),
  tag: z.string().trim().max(20).optional(),
  untagged: z.coerce.boolean().optional(),
  q: z.string().trim().max(30).optional(),
});
export const EntryTagsBody = z.object({
  tags: z.array(z.enum(ENTRY_TAGS, { message: '主题标签不正确' })).max(8),
});

export const CampaignCadreParams = z.object({ id: Uuid, cadreId: Uuid });

// ——— answers ———

const Num = z.number();
const Group = z.enum(RATER_GROUPS);
const Status = z.enum(['draft', 'open', 'closed']);
const Scores = z.record(z.string(), Num.nullable());

export const GroupResult = z.object({
  group: z.union([Group, z.literal('merged')]),
  /** For the merged block: which groups it holds. */
  groups: z.array(Group).optional(),
  label: z.string(),
  ballots: Num,
  score: Num.nullable(),
  byDimension: Scores,
});
export type GroupResult = z.infer<typeof GroupResult>;

/** The effective weight of a rater group in a cadre's overall score. */
export const EffectiveWeight = z.object({
  group: Group,
  /** The campaign's documented weight of the group. */
  weight: Num,
  /** Its share of the overall score (the weights of the groups behind it sum to 1). */
  share: Num,
});
export type EffectiveWeight = z.infer<typeof EffectiveWeight>;

export const CALIBRATION_METHOD_LABELS = {
  crossed: '评价人宽严交叉校正',
  'group-unit': '按评价者类别和单位校正',
} as const;
export type CalibrationMethod = keyof typeof CALIBRATION_METHOD_LABELS;

/**
 * The calibrated overall score (校正得分): the cadre's level told apart from the raters' leniency
 * and the rater groups' levels, with its standard error and 95% interval; who computed it and when.
 */
export const CalibratedScore = z.object({
  estimate: Num,
  se: Num,
  low: Num,
  high: Num,
  method: z.enum(['crossed', 'group-unit']),
  /** The groups calibrated rater by rater (their submissions kept a shared key). */
  keyedGroups: z.array(Group),
  formula: z.string(),
  /** ISO time, as frozen with the profile. */
  computedAt: z.string(),
  computedBy: z.string().nullable(),
});
export type CalibratedScore = z.infer<typeof CalibratedScore>;

export const CadreResult = z.object({
  cadreId: z.string(),
  /**
   * All ballots cast for the cadre (a count; says nothing about answers). Null where a group is
   * withheld: cast − shown would state how many ballots the withheld group gave.
   */
  ballotsCast: Num.nullable(),
  /** The ballots the shown figures rest on (small groups left out). */
  ballotsShown: Num,
  overall: Num.nullable(),
  byDimension: Scores,
  groups: z.array(GroupResult),
  /** Groups withheld for having fewer than MIN_GROUP_BALLOTS ballots (count only as "fewer than 5"). */
  withheld: z.array(Group),
  /** Per item: how many ballots gave each scale point (shown ballots only). */
  distribution: z.record(z.string(), z.array(Num)),
  /** Each group's effective weight in `overall` (merged groups keep their own documented weight). */
  effectiveWeights: z.array(EffectiveWeight).optional(),
  /** The calibrated overall score; null where it could not be computed (see calibrationNote). */
  calibrated: CalibratedScore.nullable().optional(),
  calibrationNote: z.string().nullable().optional(),
});
export type CadreResult = z.infer<typeof CadreResult>;

export const ResultRow = z.object({
  cadreId: z.uuid(),
  name: z.string(),
  post: z.string().nullable(),
  unitId: z.string().nullable(),
  unitName: z.string().nullable(),
  overall: Num.nullable(),
  byDimension: Scores,
  /** Null where a group is withheld (cast − shown would state its size). */
  ballotsCast: Num.nullable(),
  ballotsShown: Num,
  withheld: z.array(Group),
  calibrated: CalibratedScore.nullable(),
});
export const ResultsView = pageOf(ResultRow).extend({
  summary: z.object({ cadres: Num, withFigures: Num, mean: Num.nullable(), ballotsCast: Num }),
});

export const CadreHeader = z.object({
  id: z.uuid(),
  name: z.string(),
  post: z.string().nullable(),
  unitId: z.string().nullable(),
  unitName: z.string().nullable(),
});
export const EntryView = z.object({
  id: z.uuid(),
  group: Group,
  text: z.string(),
  tags: z.array(z.string()),
  can: canFlags('tag'),
});
export const CadreInCampaignView = z.object({
  campaign: z.object({ id: z.uuid(), title: z.string(), year: Num, round: Num, status: Status }),
  questionnaire: QuestionnaireView,
  cadre: CadreHeader,
  result: CadreResult,
  entries: z.array(EntryView),
});
export const ProfileView = z.object({
  cadre: CadreHeader,
  rounds: z.array(
    z.object({
      campaign: z.object({
        id: z.uuid(),
        title: z.string(),
        year: Num,
        round: Num,
        closedAt: Instant.nullable(),
      }),
      dimensions: z.array(z.object({ code: z.string(), name: z.string() })),
      frozenAt: Instant,
      result: CadreResult,
      entryCount: Num,
      change: z.object({ overall: Num.nullable(), byDimension: Scores }).nullable(),
    }),
  ),
});
export const EntryRow = EntryView.extend({
  campaignId: z.uuid(),
  campaignTitle: z.string(),
  cadreId: z.uuid(),
  cadreName: z.string(),
  unitName: z.string().nullable(),
  taggedAt: Instant.nullable(),
});
export const EntriesView = pageOf(EntryRow).extend({
  tagCounts: z.array(z.object({ tag: z.string(), n: Num })),
});
