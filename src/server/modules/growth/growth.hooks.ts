import { defineRecurringJob } from '../system/jobs.service.ts';
import { remindUndeclared } from './shares.service.ts';
import './scope.service.ts';
import './growth.imports.ts';

/** Daily: a shared key task without a declaration of shares is on its lead unit's to-do list. */
defineRecurringJob('growth.shares.remind', 24 * 3_600_000, async (_p, { ctx, tx }) => ({
  result: { tasks: await remindUndeclared(ctx, tx) },
}));
