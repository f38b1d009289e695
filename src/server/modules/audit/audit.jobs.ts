import { defineRecurringJob } from '../system/jobs.service.ts';
import { createCheckpoint } from './audit.service.ts';
import { exportCheckpoint } from './checkpoint-export.ts';

// A checkpoint of the chain's head every day, so that deletion of the newest entries is
// caught even if nobody exported one by hand. It is also written outside the database (a
// folder, a URL: YZD_CHECKPOINT_DIR / YZD_CHECKPOINT_URL); a failed export fails the job
// (AUDIT_CHECKPOINT_EXPORT_FAILED) and leaves no checkpoint recorded, so it is tried again.
defineRecurringJob('audit.checkpoint', 24 * 3_600_000, async (_payload, { ctx }) => {
  const cp = await createCheckpoint(ctx);
  const exported = await exportCheckpoint(ctx.checkpointExport, cp);
  return { result: { ...cp, exported: { dir: !!exported.file, url: !!exported.posted } } };
});
