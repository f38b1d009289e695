import { and, desc, eq, gte, inArray, lte } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { orgTimelineEvents } from '../../db/schema/index.ts';
import type { TimelineVisibility } from './org.policy.ts';

export interface TimelineEventInput {
  cadreId: string;
  occurredOn: string;
  module: string;
  kind: string;
  /** Short Chinese title; never secret content (it shows to whoever may see the event). */
  title: string;
  recordType?: string | null;
  recordId?: string | null;
  visibility?: TimelineVisibility;
  createdBy?: string | null;
}

/**
 * Adds an event to a cadre's timeline in the caller's transaction. The same record's event of
 * the same kind is added once.
 */
export async function addTimelineEvent(ex: Executor, e: TimelineEventInput): Promise<void> {
  await addTimelineEvents(ex, [e]);
}

/** Several events in one statement. */
export async function addTimelineEvents(ex: Executor, events: TimelineEventInput[]): Promise<void> {
  if (events.length === 0) return;
  await ex
    .insert(orgTimelineEvents)
    .values(
      events.map((e) => ({
        cadreId: e.cadreId,
        occurredOn: e.occurredOn,
        module: e.module,
        kind: e.kind,
        title: e.title,
        recordType: e.recordType ?? null,
        recordId: e.recordId ?? null,
        visibility: e.visibility ?? 'org',
        createdBy: e.createdBy ?? null,
      })),
    )
    .onConflictDoNothing();
}

/** Changes who may see an event (e.g. notes released by a leader). */
export async function setTimelineVisibility(
  ex: Executor,
  where: { cadreId: string; kind: string; recordType: string; recordId: string },
  visibility: TimelineVisibility,
): Promise<void> {
  await ex
    .update(orgTimelineEvents)
    .set({ visibility })
    .where(
      and(
        eq(orgTimelineEvents.cadreId, where.cadreId),
        eq(orgTimelineEvents.kind, where.kind),
        eq(orgTimelineEvents.recordType, where.recordType),
        eq(orgTimelineEvents.recordId, where.recordId),
      ),
    );
}

export async function listTimeline(
  ex: Executor,
  cadreId: string,
  visible: TimelineVisibility[],
  f: { module?: string; from?: string; to?: string },
) {
  if (visible.length === 0) return [];
  const parts = [eq(orgTimelineEvents.cadreId, cadreId), inArray(orgTimelineEvents.visibility, visible)];
  if (f.module) parts.push(eq(orgTimelineEvents.module, f.module));
  if (f.from) parts.push(gte(orgTimelineEvents.occurredOn, f.from));
  if (f.to) parts.push(lte(orgTimelineEvents.occurredOn, f.to));
  return ex
    .select({
      id: orgTimelineEvents.id,
      occurredOn: orgTimelineEvents.occurredOn,
      module: orgTimelineEvents.module,
      kind: orgTimelineEvents.kind,
      title: orgTimelineEvents.title,
      recordType: orgTimelineEvents.recordType,
      recordId: orgTimelineEvents.recordId,
    })
    .from(orgTimelineEvents)
    .where(and(...parts))
    .orderBy(desc(orgTimelineEvents.occurredOn), desc(orgTimelineEvents.createdAt));
}
