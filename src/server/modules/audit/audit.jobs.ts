import { defineRecurringJob } from '../system/jobs.service.ts';
import { createCheckpoint } from './audit.service.ts';

// A checkpoint of the chain's head every day, so that deletion of the newest entries is
// caught even if nobody exported one by hand.
defineRecurringJob('audit.checkpoint', 24 * 3_600_000, async (_payload, { ctx }) => {
  const cp = await createCheckpoint(ctx);
  return { result: cp };
});
