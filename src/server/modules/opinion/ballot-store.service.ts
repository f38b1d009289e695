import { randomInt, randomUUID } from 'node:crypto';
import { and, count, eq, inArray, sql } from 'drizzle-orm';
import type { RaterGroup } from '../../../common/contracts/opinion.ts';
import type { Executor, Tx } from '../../db/client.ts';
import { opinionBallotQueue, opinionEntries, opinionSubmissionSets } from '../../db/schema/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { sm3Hex } from '../../lib/hash.ts';
import { localDay } from '../../lib/time.ts';
import type { Audit } from '../../lib/tx.ts';
import { defineJob, enqueue, wakeJobs } from '../system/jobs.service.ts';

/**
 * Unlinkable storage of ballots (选票). A submission is sealed into a queue in the transaction that
 * spends its link or code; the queue row shares that transaction but its content is unreadable
 * without the master key, which the database never holds. Ballots are written later by this
 * module, several submissions at a time in a shuffled order, in a transaction of their own, and
 * the queue rows are deleted. So nothing stored ties a ballot to a link: no shared transaction id,
 * no adjacency, no time finer than the day.
 *
 * The set of cadres a submission rated can name its rater too (a peer rates the team minus
 * themselves; a superior rates their own reports): its ballots keep a shared `submission_key` only
 * where at least MIN_SET submissions of the round rated the same set; elsewhere each ballot gets
 * a key of its own (`linked` false).
 */

/** The smallest anonymity set: batches, kept submission sets. */
export const MIN_SET = 5;
/** The flush job stores a batch once this many wait, keeping MIN_SET of them (chosen at random) queued. */
export const FLUSH_AT = 2 * MIN_SET;

/** A submission as sealed in the queue. */
export interface Submission {
  group: RaterGroup;
  ballots: { cadreId: string; answers: Record<string, number>; text?: string }[];
}

/** The SM3 of a submission's sorted set of cadres. */
export function setHashOf(cadreIds: readonly string[]): string {
  return sm3Hex('opinion-set:', [...cadreIds].sort().join(','));
}

/** Fisher–Yates with the system's CSPRNG: the order of stored rows must not be predictable. */
export function secureShuffle<T>(list: readonly T[]): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export interface StoredBallot {
  id: string;
  cadreId: string;
  raterGroup: RaterGroup;
  submissionKey: string;
  linked: boolean;
  answers: Record<string, number>;
  text: string | null;
}

/**
 * The ballot rows of a batch of submissions, shuffled. `setSize(hash)` is how many submissions of
 * the round rated that set (stored and still waiting): the key is shared only from MIN_SET up.
 */
export function ballotRowsOf(
  batch: readonly Submission[],
  setSize: (hash: string) => number,
): StoredBallot[] {
  const rows: StoredBallot[] = [];
  for (const s of batch) {
    const linked = setSize(setHashOf(s.ballots.map((b) => b.cadreId))) >= MIN_SET;
    const key = randomUUID();
    for (const b of s.ballots)
      rows.push({
        id: randomUUID(),
        cadreId: b.cadreId,
        raterGroup: s.group,
        submissionKey: linked ? key : randomUUID(),
        linked,
        answers: b.answers,
        text: b.text ?? null,
      });
  }
  return secureShuffle(rows);
}

/**
 * Seals checked submissions into the queue (in the caller's transaction, which spends their links);
 * once FLUSH_AT wait, a job stores a batch.
 */
export async function queueSubmissions(
  tx: Tx,
  ctx: Ctx,
  campaignId: string,
  submissions: readonly Submission[],
) {
  if (submissions.length === 0) return;
  await tx
    .insert(opinionBallotQueue)
    .values(
      secureShuffle(submissions).map((s) => ({ campaignId, sealed: ctx.secrets.seal(JSON.stringify(s)) })),
    );
  if ((await queuedCount(tx, campaignId)) >= FLUSH_AT) {
    await enqueue(tx, { kind: 'opinion.ballots.flush', payload: { campaignId }, runAt: ctx.clock.now() });
    wakeJobs();
  }
}

/**
 * Stores waiting submissions of a campaign as ballots: with `all` (the round closes) every one;
 * otherwise, once FLUSH_AT wait, all but MIN_SET chosen at random, so that each stored batch mixes
 * submissions of different moments. Returns how many submissions were stored.
 */
export async function storeQueued(
  tx: Tx,
  ctx: Ctx,
  audit: Audit,
  campaignId: string,
  opts: { all: boolean },
): Promise<number> {
  const queued = await tx
    .select()
    .from(opinionBallotQueue)
    .where(eq(opinionBallotQueue.campaignId, campaignId))
    .for('update');
  if (queued.length === 0 || (!opts.all && queued.length < FLUSH_AT)) return 0;
  const open = queued.map((q) => ({ id: q.id, s: JSON.parse(ctx.secrets.open(q.sealed)) as Submission }));
  const chosen = opts.all ? open : secureShuffle(open).slice(0, open.length - MIN_SET);

  // Set sizes: submissions already stored with their key, plus every one still waiting.
  const waiting = new Map<string, number>();
  for (const o of open) {
    const h = setHashOf(o.s.ballots.map((b) => b.cadreId));
    waiting.set(h, (waiting.get(h) ?? 0) + 1);
  }
  const stored = new Map(
    (
      await tx
        .select({ h: opinionSubmissionSets.setHash, n: opinionSubmissionSets.submissions })
        .from(opinionSubmissionSets)
        .where(
          and(
            eq(opinionSubmissionSets.campaignId, campaignId),
            inArray(opinionSubmissionSets.setHash, [...waiting.keys()]),
          ),
        )
    ).map((r) => [r.h, r.n]),
  );
  const setSize = (h: string) => (stored.get(h) ?? 0) + (waiting.get(h) ?? 0);
  const rows = ballotRowsOf(
    chosen.map((c) => c.s),
    setSize,
  );
  await insertBallots(tx, campaignId, localDay(ctx.clock.now()), rows);

  const keptSets = new Map<string, number>();
  for (const c of chosen) {
    const h = setHashOf(c.s.ballots.map((b) => b.cadreId));
    if (setSize(h) >= MIN_SET) keptSets.set(h, (keptSets.get(h) ?? 0) + 1);
  }
  for (const [h, n] of keptSets)
    await tx
      .insert(opinionSubmissionSets)
      .values({ campaignId, setHash: h, submissions: n })
      .onConflictDoUpdate({
        target: [opinionSubmissionSets.campaignId, opinionSubmissionSets.setHash],
        set: { submissions: sql`${opinionSubmissionSets.submissions} + ${n}` },
      });
  await tx.delete(opinionBallotQueue).where(
    inArray(
      opinionBallotQueue.id,
      chosen.map((c) => c.id),
    ),
  );
  audit({ action: 'opinion.ballots.store', objectType: 'opinion_campaign', objectId: campaignId });
  return chosen.length;
}

/**
 * Writes ballot rows (and their free-text entries) as they come, in chunks. The ballots of a chunk
 * go as one JSON parameter: building a thousand-row insert statement costs more than the insert.
 */
export async function insertBallots(ex: Executor, campaignId: string, day: string, rows: StoredBallot[]) {
  for (let i = 0; i < rows.length; i += 1000) {
    const part = rows.slice(i, i + 1000);
    const json = part.map((r) => ({
      id: r.id,
      cadre_id: r.cadreId,
      rater_group: r.raterGroup,
      submission_key: r.submissionKey,
      linked: r.linked,
      answers: r.answers,
    }));
    await ex.execute(sql`
      insert into opinion_ballots (id, campaign_id, cadre_id, rater_group, submission_key, linked, answers, submitted_on)
      select id, ${campaignId}::uuid, cadre_id, rater_group, submission_key, linked, answers, ${day}::date
        from jsonb_to_recordset(${JSON.stringify(json)}::jsonb) as x(
          id uuid, cadre_id uuid, rater_group text, submission_key uuid, linked boolean, answers jsonb)`);
    const entries = part
      .filter((r) => r.text)
      .map((r) => ({
        ballotId: r.id,
        campaignId,
        cadreId: r.cadreId,
        raterGroup: r.raterGroup,
        text: r.text!,
      }));
    if (entries.length) await ex.insert(opinionEntries).values(entries);
  }
}

/** Ballots accepted and still waiting to be stored, per rater group (progress while a round runs). */
export async function queuedTally(ctx: Ctx, campaignId: string): Promise<Map<RaterGroup, number>> {
  const queued = await ctx.db
    .select({ sealed: opinionBallotQueue.sealed })
    .from(opinionBallotQueue)
    .where(eq(opinionBallotQueue.campaignId, campaignId));
  const out = new Map<RaterGroup, number>();
  for (const q of queued) {
    const s = JSON.parse(ctx.secrets.open(q.sealed)) as Submission;
    out.set(s.group, (out.get(s.group) ?? 0) + s.ballots.length);
  }
  return out;
}

/** How many submissions wait in the queue of a campaign (accepted, not yet stored). */
export async function queuedCount(ex: Executor, campaignId: string): Promise<number> {
  const [r] = await ex
    .select({ n: count() })
    .from(opinionBallotQueue)
    .where(eq(opinionBallotQueue.campaignId, campaignId));
  return r?.n ?? 0;
}

/** Stores a batch of a campaign's waiting submissions (enqueued once FLUSH_AT wait). */
defineJob('opinion.ballots.flush', async (p, { tx, ctx, audit }) => {
  const stored = await storeQueued(tx, ctx, audit, String(p.campaignId), { all: false });
  return { result: { stored } };
});
