import { z } from 'zod';
import { canFlags, Instant } from '../api.ts';
import { Day } from './org.ts';
import { PageQuery, Uuid } from './page.ts';

/** 走进群众听民意: liaison visits (包联走访) and field time (一线时间). */

export const VisitBody = z.object({
  leaderCadreId: Uuid,
  visitDate: Day,
  unitId: Uuid,
  hours: z.number().positive('时长应大于 0').max(24, '一天最多 24 小时').multipleOf(0.5, '时长以半小时计'),
  met: z.string().trim().min(1, '请填写见了谁').max(200),
  learned: z.string().trim().min(1, '请填写了解到的情况').max(2000),
  cadreIds: z.array(Uuid).max(30).default([]),
});
export type VisitBody = z.infer<typeof VisitBody>;
export const VisitQuery = PageQuery.extend({
  leaderCadreId: Uuid.optional(),
  unitId: Uuid.optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  q: z.string().trim().max(30).optional(),
});
export const WithdrawBody = z.object({ reason: z.string().trim().min(1, '请填写撤销原因').max(200) });
export const FieldTimeQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100) });

const Num = z.number();

export const LeaderOption = z.object({
  leaderCadreId: z.uuid(),
  leaderName: z.string(),
  groupId: z.uuid(),
  groupName: z.string(),
});
export const VisitView = z.object({
  id: z.uuid(),
  leaderCadreId: z.uuid(),
  leaderName: z.string(),
  visitDate: z.string(),
  unitId: z.uuid(),
  unitName: z.string(),
  hours: Num,
  met: z.string(),
  learned: z.string(),
  cadreIds: z.array(z.string()),
  cadres: z.array(z.object({ id: z.string(), name: z.string() })),
  withdrawnAt: Instant.nullable(),
  withdrawReason: z.string().nullable(),
  createdAt: Instant,
  can: canFlags('edit', 'withdraw'),
});
export const FieldTimeView = z.object({
  year: Num,
  asOf: z.string(),
  workingHoursSoFar: Num,
  workingHoursYear: Num,
  requiredSoFar: Num,
  requiredYear: Num,
  leaders: z.array(
    z.object({
      leaderCadreId: z.uuid(),
      leaderName: z.string(),
      leaderPost: z.string().nullable(),
      groupId: z.uuid(),
      groupName: z.string(),
      groupUnits: Num,
      visits: Num,
      unitsVisited: Num,
      hours: Num,
      /** Percent of the working hours so far; null before the year has begun. */
      share: Num.nullable(),
      shortfall: Num,
      met: z.boolean(),
    }),
  ),
});
