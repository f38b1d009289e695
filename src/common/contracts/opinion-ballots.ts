import { z } from 'zod';
import { QuestionnaireView, RATER_GROUPS } from './opinion-campaigns.ts';
import { Uuid } from './page.ts';

/** 走进群众听民意: the no-login ballot pages — a personal link, or a public link with a 现场评价卡 code. */

const Num = z.number();
const Group = z.enum(RATER_GROUPS);

/** A public link's one-time card code: 8 characters without look-alikes (0/O, 1/I). */
export const SlipCode = z
  .string()
  .trim()
  .transform((v) => v.toUpperCase())
  .pipe(z.string().regex(/^[A-HJ-NP-Z2-9]{8}$/, '评价码为评价卡上的 8 位字母数字'));

export const BallotBody = z.object({
  ballots: z
    .array(
      z.object({
        cadreId: Uuid,
        /** itemCode → score; omitted entirely when the rater chose 不了解 (skip). */
        answers: z.record(z.string().max(30), z.number().int()),
        text: z.string().trim().max(500, '意见建议不能超过 500 字').optional(),
      }),
    )
    .min(1, '请至少评价一名干部')
    .max(60),
});
export type BallotBody = z.infer<typeof BallotBody>;
/** A public ballot: the submission and the code of the card it was made with. */
export const PublicBallotBody = BallotBody.extend({ slip: SlipCode });

/** What a ballot page shows: the questionnaire and the cadres to rate. */
export const BallotView = z.object({
  campaign: z.object({ title: z.string(), endsOn: z.string() }),
  group: Group,
  groupLabel: z.string(),
  kind: z.enum(['personal', 'public']),
  questionnaire: QuestionnaireView,
  cadres: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      post: z.string().nullable(),
      unitName: z.string().nullable(),
    }),
  ),
  /** Public raters may skip a cadre they do not know. */
  mayskip: z.boolean(),
});
export const BallotAccepted = z.object({ ballots: Num });
