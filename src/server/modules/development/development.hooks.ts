import { localDay } from '../../lib/time.ts';
import { defineRecurringJob } from '../system/jobs.service.ts';
import { remindReviews } from './reminders.service.ts';

/** Daily: the month's review on the mentor's list, the mid-term and end reviews on the officers'. */
defineRecurringJob('development.reviews.remind', 24 * 3_600_000, async (_p, { ctx, tx }) => ({
  result: { plans: await remindReviews(ctx, tx, localDay(ctx.clock.now())) },
}));
