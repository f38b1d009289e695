import { and, asc, eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { evidenceFiles } from '../../db/schema/index.ts';

export type EvidenceRow = typeof evidenceFiles.$inferSelect;

export async function insertEvidence(
  ex: Executor,
  row: typeof evidenceFiles.$inferInsert,
): Promise<EvidenceRow> {
  const [inserted] = await ex.insert(evidenceFiles).values(row).returning();
  return inserted!;
}

export async function evidenceById(ex: Executor, id: string): Promise<EvidenceRow | null> {
  const [row] = await ex.select().from(evidenceFiles).where(eq(evidenceFiles.id, id));
  return row ?? null;
}

export async function evidenceOfOwner(
  ex: Executor,
  ownerType: string,
  ownerId: string,
): Promise<EvidenceRow[]> {
  return ex
    .select()
    .from(evidenceFiles)
    .where(and(eq(evidenceFiles.ownerType, ownerType), eq(evidenceFiles.ownerId, ownerId)))
    .orderBy(asc(evidenceFiles.uploadedAt), asc(evidenceFiles.id));
}
