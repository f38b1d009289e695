import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import {
  type BallotBody,
  type Questionnaire,
  RATER_GROUP_LABELS,
  type RaterGroup,
} from '../../../common/contracts/opinion.ts';
import type { Executor, Tx } from '../../db/client.ts';
import {
  opinionCampaigns,
  opinionLinks,
  opinionPublicCodes,
  orgCadres,
  orgUnits,
} from '../../db/schema/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { AppError } from '../../lib/errors.ts';
import { localDay } from '../../lib/time.ts';
import { type Audit, write } from '../../lib/tx.ts';
import { queueSubmissions, type Submission } from './ballot-store.service.ts';
import { SLIP_CODE, slipHash, tokenHash } from './campaigns.service.ts';

/**
 * Ballots (选票). Raters have no accounts: a personal link's one-time token, or a public link with
 * the one-time code of a card handed out at the session, lets them in. Spending the token or code
 * and accepting the submission happen in one transaction (a token that was spent was counted, one
 * that was not, was not); the ballots themselves are stored later, unlinkably (ballot-store.service).
 */

type LinkRow = typeof opinionLinks.$inferSelect;

const unknownLink = () => new AppError('LINK_INVALID', '评价链接无效，请核对链接或二维码');

/**
 * The link's campaign if it takes ballots today. A submission `locks` it (FOR KEY SHARE) before it
 * spends anything: a close in progress is waited for and then seen, so no ballot is queued for a
 * round that has already been closed (its profiles frozen without it).
 */
async function campaignOf(ex: Executor, link: LinkRow, today: string, lock = false) {
  const q = ex.select().from(opinionCampaigns).where(eq(opinionCampaigns.id, link.campaignId));
  const [c] = lock ? await q.for('key share') : await q;
  if (!c) throw unknownLink();
  return campaignOpen(c, today);
}

/** The campaign, if it takes ballots today. */
function campaignOpen(c: typeof opinionCampaigns.$inferSelect, today: string) {
  if (c.status === 'draft' || today < c.startsOn)
    throw new AppError('CAMPAIGN_NOT_OPEN', `测评将于 ${c.startsOn} 开始`);
  if (c.status === 'closed' || today > c.endsOn)
    throw new AppError('CAMPAIGN_CLOSED', '本次测评已经结束，感谢您的关注');
  return c;
}

/** What the ballot page shows: the questionnaire and the cadres to rate. */
async function ballotView(ex: Executor, link: LinkRow, today: string) {
  const c = await campaignOf(ex, link, today);
  const cadres = await ex
    .select({ id: orgCadres.id, name: orgCadres.name, post: orgCadres.post, unitName: orgUnits.name })
    .from(orgCadres)
    .leftJoin(orgUnits, eq(orgUnits.id, orgCadres.unitId))
    .where(inArray(orgCadres.id, link.cadreIds))
    .orderBy(asc(orgUnits.sort), asc(orgCadres.name));
  return {
    campaign: { title: c.title, endsOn: c.endsOn },
    group: link.raterGroup as RaterGroup,
    groupLabel: RATER_GROUP_LABELS[link.raterGroup as RaterGroup],
    kind: link.kind as 'personal' | 'public',
    questionnaire: c.questionnaire as Questionnaire,
    cadres,
    /** Public raters may skip a cadre they do not know; personal raters rate everyone on the slip. */
    mayskip: link.kind === 'public',
  };
}

async function linkByToken(ex: Executor, token: string, lock: boolean) {
  const q = ex
    .select()
    .from(opinionLinks)
    .where(
      and(
        eq(opinionLinks.tokenHash, tokenHash(token)),
        eq(opinionLinks.kind, 'personal'),
        isNull(opinionLinks.revokedAt),
      ),
    );
  const [l] = lock ? await q.for('update') : await q;
  return l ?? null;
}

async function linkByCode(ex: Executor, code: string) {
  const [l] = await ex
    .select()
    .from(opinionLinks)
    .where(
      and(eq(opinionLinks.publicCode, code), eq(opinionLinks.kind, 'public'), isNull(opinionLinks.revokedAt)),
    );
  return l ?? null;
}

const usedLink = () => new AppError('LINK_USED', '该评价链接已经使用过，每个链接只能提交一次');

/** Opens a personal link. `onUnknown` is told of a token that matches nothing (guess throttling). */
export async function openPersonal(ctx: Ctx, token: string, onUnknown: () => void) {
  const link = await linkByToken(ctx.db, token, false);
  if (!link) {
    onUnknown();
    throw unknownLink();
  }
  if (link.usedOn) throw usedLink();
  return ballotView(ctx.db, link, localDay(ctx.clock.now()));
}

export async function openPublic(ctx: Ctx, code: string, onUnknown: () => void) {
  const link = await linkByCode(ctx.db, code);
  if (!link) {
    onUnknown();
    throw unknownLink();
  }
  return ballotView(ctx.db, link, localDay(ctx.clock.now()));
}

/** Checks a submission against the questionnaire and the link's cadres; every problem at once. */
function checkBallots(q: Questionnaire, link: LinkRow, body: BallotBody) {
  const items = q.dimensions.flatMap((d) => d.items.map((i) => i.code));
  const allowed = new Set(link.cadreIds);
  const seen = new Set<string>();
  const details: { path: string; message: string }[] = [];
  body.ballots.forEach((b, i) => {
    if (!allowed.has(b.cadreId))
      details.push({ path: `ballots.${i}.cadreId`, message: '该干部不在本链接的评价范围内' });
    if (seen.has(b.cadreId)) details.push({ path: `ballots.${i}.cadreId`, message: '同一干部只能评价一次' });
    seen.add(b.cadreId);
    const missing = items.filter((c) => typeof b.answers[c] !== 'number');
    if (missing.length)
      details.push({ path: `ballots.${i}.answers`, message: `还有 ${missing.length} 道题未作答` });
    for (const [code, v] of Object.entries(b.answers)) {
      if (!items.includes(code))
        details.push({ path: `ballots.${i}.answers.${code}`, message: '题目不存在' });
      else if (v < q.scale.min || v > q.scale.max)
        details.push({
          path: `ballots.${i}.answers.${code}`,
          message: `应在 ${q.scale.min}–${q.scale.max} 之间`,
        });
    }
    if (b.text && !q.freeText) details.push({ path: `ballots.${i}.text`, message: '本次测评不收集文字意见' });
  });
  if (link.kind === 'personal' && seen.size !== allowed.size && details.length === 0)
    details.push({ path: 'ballots', message: `请评价全部 ${allowed.size} 名干部` });
  if (details.length)
    throw new AppError('VALIDATION_FAILED', '选票填写不完整或有误，请检查后再提交', details);
}

/** What is sealed of a checked submission: the group and the answers, in a fixed order. */
function submissionOf(link: LinkRow, body: BallotBody): Submission {
  return {
    group: link.raterGroup as RaterGroup,
    ballots: body.ballots.map((b) => ({
      cadreId: b.cadreId,
      answers: Object.fromEntries(Object.entries(b.answers).sort(([x], [y]) => (x < y ? -1 : 1))),
      ...(b.text?.trim() ? { text: b.text.trim() } : {}),
    })),
  };
}

/**
 * Accepts a checked submission: sealed into the queue in the transaction that spends the link or
 * code, with an audit entry that names the campaign only. The flush job stores it later among
 * others (ballot-store.service), so no row it writes shares a transaction with the spent link.
 */
async function accept(tx: Tx, ctx: Ctx, audit: Audit, link: LinkRow, q: Questionnaire, body: BallotBody) {
  checkBallots(q, link, body);
  await queueSubmissions(tx, ctx, link.campaignId, [submissionOf(link, body)]);
  audit({
    action: 'opinion.ballot.submit',
    objectType: 'opinion_campaign',
    objectId: link.campaignId,
    anonymous: true,
  });
  return { ballots: body.ballots.length };
}

/** A personal submission waiting for the next intake transaction. */
interface PendingSubmission {
  ctx: Ctx;
  token: string;
  body: BallotBody;
  onUnknown: () => void;
  resolve: (r: { ballots: number }) => void;
  reject: (err: unknown) => void;
}

/** The most submissions one intake transaction takes. */
const INTAKE_BATCH = 200;
const waiting: PendingSubmission[] = [];
let intakeRunning = false;

/**
 * Accepts the ballots of a personal link and spends its token, in one transaction: a submission
 * is answered once that transaction has committed.
 *
 * Submissions arriving together (a hall session) share an intake transaction, like a group
 * commit: while one transaction runs, the next ones wait and are then taken together, so the
 * audit chain's lock and the commit are paid once per batch instead of once per submission.
 * Each submission is still checked on its own (a refused one is refused alone), and its link is
 * spent in the same transaction that seals it into the queue, as before.
 */
export function submitPersonal(ctx: Ctx, token: string, body: BallotBody, onUnknown: () => void) {
  return new Promise<{ ballots: number }>((resolve, reject) => {
    waiting.push({ ctx, token, body, onUnknown, resolve, reject });
    if (!intakeRunning) void runIntake();
  });
}

async function runIntake() {
  intakeRunning = true;
  try {
    while (waiting.length) {
      // One database per transaction (a process may serve several, as tests do).
      const { db, secrets } = waiting[0]!.ctx;
      const batch: PendingSubmission[] = [];
      for (let i = 0; i < waiting.length && batch.length < INTAKE_BATCH; ) {
        const p = waiting[i]!;
        if (p.ctx.db === db && p.ctx.secrets === secrets) batch.push(...waiting.splice(i, 1));
        else i++;
      }
      const settled = new Map<PendingSubmission, { ok: { ballots: number } } | { err: unknown }>();
      try {
        await intakeBatch(batch, settled);
        for (const p of batch) {
          const r = settled.get(p);
          if (r && 'ok' in r) p.resolve(r.ok);
          else p.reject(r && 'err' in r ? r.err : new Error('submission not settled'));
        }
      } catch (err) {
        // The transaction failed as a whole: nothing of it was kept. Submissions refused on
        // their own keep their own answer; the others get the failure.
        for (const p of batch) {
          const r = settled.get(p);
          if (r && 'err' in r) p.reject(r.err);
          else p.reject(err);
        }
      }
    }
  } finally {
    intakeRunning = false;
  }
}

/** One intake transaction over a batch: each submission accepted or refused on its own. */
async function intakeBatch(
  batch: PendingSubmission[],
  settled: Map<PendingSubmission, { ok: { ballots: number } } | { err: unknown }>,
) {
  const ctx = batch[0]!.ctx;
  const day = localDay(ctx.clock.now());
  await write(ctx, async (tx, audit) => {
    const hashes = [...new Set(batch.map((p) => tokenHash(p.token)))];
    // The campaigns first, locked against a close (see campaignOf), in the order a close takes
    // its locks: campaign, then links.
    const campaignIds = (
      await tx
        .selectDistinct({ id: opinionLinks.campaignId })
        .from(opinionLinks)
        .where(inArray(opinionLinks.tokenHash, hashes))
    ).map((r) => r.id);
    const campaignRows = campaignIds.length
      ? await tx
          .select()
          .from(opinionCampaigns)
          .where(inArray(opinionCampaigns.id, campaignIds))
          .orderBy(asc(opinionCampaigns.id))
          .for('key share')
      : [];
    const found = await tx
      .select()
      .from(opinionLinks)
      .where(
        and(
          inArray(opinionLinks.tokenHash, hashes),
          eq(opinionLinks.kind, 'personal'),
          isNull(opinionLinks.revokedAt),
        ),
      )
      .orderBy(asc(opinionLinks.id))
      .for('update');
    const linkOf = new Map(found.map((l) => [l.tokenHash!, l]));
    const campaignById = new Map(campaignRows.map((c) => [c.id, c]));

    const accepted: { p: PendingSubmission; link: LinkRow; submission: Submission }[] = [];
    const taken = new Set<string>();
    for (const p of batch) {
      try {
        const link = linkOf.get(tokenHash(p.token));
        if (!link) {
          p.onUnknown();
          throw unknownLink();
        }
        if (link.usedOn || taken.has(link.id)) throw usedLink();
        const c = campaignById.get(link.campaignId);
        if (!c) throw unknownLink();
        campaignOpen(c, day);
        const q = c.questionnaire as Questionnaire;
        checkBallots(q, link, p.body);
        taken.add(link.id);
        accepted.push({ p, link, submission: submissionOf(link, p.body) });
      } catch (err) {
        settled.set(p, { err });
      }
    }
    if (accepted.length === 0) return;
    const spent = new Set(
      (
        await tx
          .update(opinionLinks)
          .set({ usedOn: day })
          .where(
            and(
              inArray(
                opinionLinks.id,
                accepted.map((a) => a.link.id),
              ),
              isNull(opinionLinks.usedOn),
            ),
          )
          .returning({ id: opinionLinks.id })
      ).map((r) => r.id),
    );
    const byCampaign = new Map<string, Submission[]>();
    for (const a of accepted) {
      if (!spent.has(a.link.id)) {
        settled.set(a.p, { err: usedLink() });
        continue;
      }
      const list = byCampaign.get(a.link.campaignId) ?? [];
      list.push(a.submission);
      byCampaign.set(a.link.campaignId, list);
      audit({
        action: 'opinion.ballot.submit',
        objectType: 'opinion_campaign',
        objectId: a.link.campaignId,
        anonymous: true,
      });
      settled.set(a.p, { ok: { ballots: a.p.body.ballots.length } });
    }
    for (const [campaignId, submissions] of byCampaign)
      await queueSubmissions(tx, ctx, campaignId, submissions);
  });
}

// ——— 现场评价码: one-time codes of public links ———

const slipUnknown = () => new AppError('SLIP_INVALID', '评价码无效，请核对评价卡上的 8 位评价码');
const slipUsed = () => new AppError('SLIP_USED', '该评价码已经使用过，每张评价卡只能提交一次');

/** The code's row for this public link, if any. */
async function slipOf(ex: Executor, linkId: string, slip: string) {
  const [row] = await ex
    .select()
    .from(opinionPublicCodes)
    .where(and(eq(opinionPublicCodes.linkId, linkId), eq(opinionPublicCodes.codeHash, slipHash(slip))));
  return row ?? null;
}

/** Checks a card's code before the rater starts (unknown codes count toward the guess limit). */
export async function checkSlip(ctx: Ctx, code: string, slip: string, onUnknown: () => void) {
  const link = await linkByCode(ctx.db, code);
  const row = link && SLIP_CODE.test(slip) ? await slipOf(ctx.db, link.id, slip) : null;
  if (!link || !row) {
    onUnknown();
    throw link ? slipUnknown() : unknownLink();
  }
  if (row.usedOn) throw slipUsed();
  await campaignOf(ctx.db, link, localDay(ctx.clock.now()));
  return { ok: true as const };
}

/**
 * Accepts the ballots of a public link with the one-time code of a card handed out at the
 * session: the code is spent with the submission, so neither a dropped cookie nor a script adds
 * ballots beyond the cards printed (and the round's quota bounds the cards).
 */
export async function submitPublic(
  ctx: Ctx,
  code: string,
  slip: string,
  body: BallotBody,
  onUnknown: () => void,
) {
  const day = localDay(ctx.clock.now());
  return write(ctx, async (tx, audit) => {
    const link = await linkByCode(tx, code);
    if (!link) {
      onUnknown();
      throw unknownLink();
    }
    const c = await campaignOf(tx, link, day, true);
    const spent = SLIP_CODE.test(slip)
      ? await tx
          .update(opinionPublicCodes)
          .set({ usedOn: day })
          .where(
            and(
              eq(opinionPublicCodes.linkId, link.id),
              eq(opinionPublicCodes.codeHash, slipHash(slip)),
              isNull(opinionPublicCodes.usedOn),
            ),
          )
          .returning({ id: opinionPublicCodes.id })
      : [];
    if (spent.length !== 1) {
      if (SLIP_CODE.test(slip) && (await slipOf(tx, link.id, slip))) throw slipUsed();
      onUnknown();
      throw slipUnknown();
    }
    return accept(tx, ctx, audit, link, c.questionnaire as Questionnaire, body);
  });
}
