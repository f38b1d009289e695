import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import {
  type HandleObjectionBody,
  OBJECTION_RESULT_LABELS,
  type ObjectionBody,
} from '../../../common/contracts/quadrant.ts';
import type { Ctx } from '../../lib/context.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { assertStatus, step } from './decisions.service.ts';
import type { Objection } from './objections.ts';

/**
 * 任前公示 objections: each recorded as raised, then handled (核查处理) with a result. An open one
 * holds the decision back from taking effect; a substantiated one ends the promotion (终止).
 */

export const recordObjection = (ctx: Ctx, id: string, body: z.infer<typeof ObjectionBody>) =>
  step(ctx, id, 'objection', async (_tx, d) => {
    assertStatus(d, 'publicity');
    const objection: Objection = {
      id: randomUUID(),
      text: body.text,
      source: body.source ?? null,
      recordedAt: ctx.clock.now().toISOString(),
      recordedBy: ctx.actor?.userId ?? null,
      result: null,
      handling: null,
      handledAt: null,
      handledBy: null,
    };
    return { objections: [...(d.objections as Objection[]), objection] };
  });

export const handleObjection = (
  ctx: Ctx,
  id: string,
  objectionId: string,
  body: z.infer<typeof HandleObjectionBody>,
) =>
  step(ctx, id, 'objection.handle', async (_tx, d) => {
    assertStatus(d, 'publicity');
    const list = d.objections as Objection[];
    const o = list.find((x) => x.id === objectionId);
    if (!o) throw notFound('反映问题');
    if (o.result || o.handling) throw new AppError('QUADRANT_OBJECTION_HANDLED');
    const handled: Objection = {
      ...o,
      result: body.result,
      handling: body.handling,
      handledAt: ctx.clock.now().toISOString(),
      handledBy: ctx.actor?.userId ?? null,
    };
    const objections = list.map((x) => (x.id === objectionId ? handled : x));
    if (body.result !== 'substantiated') return { objections };
    return {
      objections,
      status: 'terminated',
      terminatedReason: `任前公示期间反映的问题${OBJECTION_RESULT_LABELS.substantiated}：${o.text}（核查处理：${body.handling}）`,
    };
  });
