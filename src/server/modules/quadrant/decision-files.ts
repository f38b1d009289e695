import { and, asc, eq, inArray } from 'drizzle-orm';
import { DECISION_EVIDENCE_OWNER } from '../../../common/contracts/quadrant.ts';
import type { Executor } from '../../db/client.ts';
import { evidenceFiles } from '../../db/schema/index.ts';
import { AppError } from '../../lib/errors.ts';

/**
 * A decision's files live in the evidence store (owner `quadrant_decision`, hashed with SM3 on
 * upload); the decision keeps each used file's id, name and hash.
 */
export interface FileRef {
  id: string;
  name: string;
  sm3: string;
}

/** Every file uploaded to the decision, oldest first. */
export async function decisionFiles(ex: Executor, decisionId: string): Promise<FileRef[]> {
  const found = await ex
    .select({ id: evidenceFiles.id, name: evidenceFiles.originalName, sm3: evidenceFiles.sm3 })
    .from(evidenceFiles)
    .where(and(eq(evidenceFiles.ownerType, DECISION_EVIDENCE_OWNER), eq(evidenceFiles.ownerId, decisionId)))
    .orderBy(asc(evidenceFiles.uploadedAt));
  return found;
}

/** The named files, each of which must have been uploaded to this decision. */
export async function fileRefs(ex: Executor, decisionId: string, ids: string[], path: string) {
  const unique = [...new Set(ids)];
  if (!unique.length) return [];
  const found = await ex
    .select({
      id: evidenceFiles.id,
      name: evidenceFiles.originalName,
      sm3: evidenceFiles.sm3,
      ownerType: evidenceFiles.ownerType,
      ownerId: evidenceFiles.ownerId,
    })
    .from(evidenceFiles)
    .where(inArray(evidenceFiles.id, unique));
  const ok = found.filter((f) => f.ownerType === DECISION_EVIDENCE_OWNER && f.ownerId === decisionId);
  if (ok.length !== unique.length)
    throw new AppError('QUADRANT_FILE_INVALID', undefined, [
      { path, message: '所选文件不是本项决定上传的材料' },
    ]);
  return unique.map((id) => {
    const f = ok.find((x) => x.id === id)!;
    return { id: f.id, name: f.name, sm3: f.sm3 };
  });
}
