import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../lib/errors.ts';
import type { Checkpoint } from './audit.service.ts';

/**
 * Audit checkpoints kept outside the database: someone who can rewrite or cut the chain in
 * the database cannot also change the copies in a folder on other storage or at a URL.
 */

function exportFailed(message: string): AppError {
  return new AppError('AUDIT_CHECKPOINT_EXPORT_FAILED', message);
}

/** A file name that sorts by sequence number, then time. */
export function checkpointFileName(cp: Checkpoint): string {
  const stamp = cp.at.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `checkpoint-${String(cp.seq).padStart(12, '0')}-${stamp}.json`;
}

/** Writes the checkpoint as a new file in `dir` (complete or not at all). */
export function writeCheckpointFile(dir: string, cp: Checkpoint): string {
  const file = path.join(dir, checkpointFileName(cp));
  const temp = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(temp, `${JSON.stringify(cp, null, 2)}\n`, { mode: 0o600 });
    fs.renameSync(temp, file);
    return file;
  } catch (err) {
    try {
      fs.rmSync(temp, { force: true });
    } catch {
      // The folder itself is unusable: nothing was written.
    }
    throw exportFailed(
      `审计检查点未能写入目录 ${dir}：${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
}

/** POSTs the checkpoint as JSON; anything but a 2xx answer within 15 s is a failure. */
export async function postCheckpoint(url: string, cp: Checkpoint): Promise<void> {
  let status: number;
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(cp),
      signal: AbortSignal.timeout(15_000),
    });
    status = res.status;
    await res.arrayBuffer().catch(() => undefined);
  } catch (err) {
    throw exportFailed(`审计检查点未能发送到 ${new URL(url).origin}：${(err as Error).name}`);
  }
  if (status < 200 || status >= 300)
    throw exportFailed(`审计检查点发送到 ${new URL(url).origin} 被拒绝（HTTP ${status}）`);
}

export interface ExportTarget {
  dir: string | null;
  url: string | null;
}

/** Sends the checkpoint to every configured place; returns where it went. */
export async function exportCheckpoint(
  target: ExportTarget | undefined,
  cp: Checkpoint,
): Promise<{ file?: string; posted?: boolean }> {
  const out: { file?: string; posted?: boolean } = {};
  if (target?.dir) out.file = writeCheckpointFile(target.dir, cp);
  if (target?.url) {
    await postCheckpoint(target.url, cp);
    out.posted = true;
  }
  return out;
}

function isCheckpoint(v: unknown): v is Checkpoint {
  const c = v as Checkpoint;
  return (
    !!c &&
    Number.isInteger(c.seq) &&
    typeof c.headHash === 'string' &&
    /^[0-9a-f]{64}$/.test(c.headHash) &&
    typeof c.at === 'string'
  );
}

/** The newest checkpoint (highest sequence number, then latest time) among the JSON files in `dir`. */
export function newestCheckpoint(dir: string): { file: string; checkpoint: Checkpoint } | null {
  if (!fs.existsSync(dir)) throw new AppError('NOT_FOUND', `检查点目录 ${dir} 不存在`);
  let best: { file: string; checkpoint: Checkpoint } | null = null;
  for (const name of fs.readdirSync(dir)) {
    if (!name.endsWith('.json')) continue;
    const file = path.join(dir, name);
    let cp: unknown;
    try {
      cp = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch {
      continue;
    }
    if (!isCheckpoint(cp)) continue;
    if (
      !best ||
      cp.seq > best.checkpoint.seq ||
      (cp.seq === best.checkpoint.seq && cp.at > best.checkpoint.at)
    )
      best = { file, checkpoint: cp };
  }
  return best;
}
