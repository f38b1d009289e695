import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import type { LinkType } from '../../../common/contracts/rewards.ts';
import type { Executor } from '../../db/client.ts';
import {
  deliveryChecks,
  deliveryItems,
  growthOutstanding,
  keyworkInspections,
  keyworkMilestones,
  keyworkTaskCadres,
  keyworkTasks,
  orgCadres,
  sceneActivities,
  sceneNominations,
  sceneObservations,
} from '../../db/schema/index.ts';
import { localDay } from '../../lib/time.ts';

/**
 * The platform records that can show a cadre's deed: a delivery item verified on site as true
 * (属实), an observation in a scene activity, a key-task milestone the cadre was responsible for
 * and reached, a key-task inspection concluded as effective, a confirmed 担当作为突出 and a
 * confirmed outstanding cadre of the growth analysis.
 */
export interface Candidate {
  recordType: LinkType;
  recordId: string;
  label: string;
  cadreId: string;
  cadreName: string;
  on: string;
}

export async function linkCandidates(ex: Executor, cadreIds: string[]): Promise<Candidate[]> {
  if (!cadreIds.length) return [];
  const names = new Map(
    (
      await ex
        .select({ id: orgCadres.id, name: orgCadres.name })
        .from(orgCadres)
        .where(inArray(orgCadres.id, cadreIds))
    ).map((c) => [c.id, c.name]),
  );
  const out: Candidate[] = [];
  const push = (
    recordType: LinkType,
    r: { id: string; cadreId: string | null; label: string; on: string },
  ) => {
    if (r.cadreId)
      out.push({
        recordType,
        recordId: r.id,
        label: r.label,
        cadreId: r.cadreId,
        cadreName: names.get(r.cadreId) ?? '',
        on: r.on,
      });
  };
  for (const r of await ex
    .select({
      id: deliveryChecks.id,
      cadreId: deliveryChecks.cadreId,
      title: deliveryItems.title,
      at: deliveryChecks.checkedAt,
    })
    .from(deliveryChecks)
    .innerJoin(deliveryItems, eq(deliveryItems.id, deliveryChecks.itemId))
    .where(and(inArray(deliveryChecks.cadreId, cadreIds), eq(deliveryChecks.verdict, 'true'))))
    push('delivery_check', { ...r, label: `现场核验属实：${r.title}`, on: localDay(r.at) });
  for (const r of await ex
    .select({
      id: sceneObservations.id,
      cadreId: sceneObservations.cadreId,
      title: sceneActivities.title,
      on: sceneActivities.startsOn,
    })
    .from(sceneObservations)
    .innerJoin(sceneActivities, eq(sceneActivities.id, sceneObservations.activityId))
    .where(inArray(sceneObservations.cadreId, cadreIds)))
    push('scene_observation', { ...r, label: `现场考察：${r.title}` });
  for (const r of await ex
    .select({
      id: keyworkMilestones.id,
      cadreId: keyworkMilestones.responsibleCadreId,
      title: keyworkMilestones.title,
      task: keyworkTasks.title,
      on: keyworkMilestones.doneOn,
    })
    .from(keyworkMilestones)
    .innerJoin(keyworkTasks, eq(keyworkTasks.id, keyworkMilestones.taskId))
    .where(and(inArray(keyworkMilestones.responsibleCadreId, cadreIds), isNotNull(keyworkMilestones.doneOn))))
    push('keywork_milestone', { ...r, label: `${r.task}：${r.title}（已完成）`, on: r.on! });
  for (const r of await ex
    .select({
      id: keyworkInspections.id,
      cadreId: keyworkTaskCadres.cadreId,
      task: keyworkTasks.title,
      at: keyworkInspections.concludedAt,
    })
    .from(keyworkInspections)
    .innerJoin(keyworkTasks, eq(keyworkTasks.id, keyworkInspections.taskId))
    .innerJoin(keyworkTaskCadres, eq(keyworkTaskCadres.taskId, keyworkInspections.taskId))
    .where(
      and(inArray(keyworkTaskCadres.cadreId, cadreIds), eq(keyworkInspections.conclusionKind, 'effective')),
    ))
    push('keywork_inspection', {
      ...r,
      label: `定向考察结论成效明显：${r.task}`,
      on: localDay(r.at ?? new Date(0)),
    });
  for (const r of await ex
    .select({
      id: sceneNominations.id,
      cadreId: sceneNominations.cadreId,
      title: sceneActivities.title,
      at: sceneNominations.decidedAt,
    })
    .from(sceneNominations)
    .innerJoin(sceneActivities, eq(sceneActivities.id, sceneNominations.activityId))
    .where(and(inArray(sceneNominations.cadreId, cadreIds), eq(sceneNominations.status, 'confirmed'))))
    push('scene_nomination', { ...r, label: `担当作为突出：${r.title}`, on: localDay(r.at ?? new Date(0)) });
  for (const r of await ex
    .select({
      id: growthOutstanding.id,
      cadreId: growthOutstanding.cadreId,
      year: growthOutstanding.year,
      at: growthOutstanding.decidedAt,
    })
    .from(growthOutstanding)
    .where(and(inArray(growthOutstanding.cadreId, cadreIds), eq(growthOutstanding.status, 'confirmed'))))
    push('growth_outstanding', {
      ...r,
      label: `${r.year} 年度优秀干部（个体成长解析）`,
      on: localDay(r.at ?? new Date(0)),
    });
  return out.sort((x, y) => y.on.localeCompare(x.on));
}
