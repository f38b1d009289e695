import { eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { orgCadres } from '../../db/schema/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { addTodoForLeaders } from '../todo/todo.service.ts';

/** 担当作为推荐 waiting for 确认: on the to-do list of the leader of the cadre's liaison group. */
export async function nominationTodo(
  ctx: Ctx,
  tx: Tx,
  n: { id: string; cadreId: string; activityTitle: string },
) {
  const [cadre] = await tx
    .select({ name: orgCadres.name, unitId: orgCadres.unitId })
    .from(orgCadres)
    .where(eq(orgCadres.id, n.cadreId));
  await addTodoForLeaders(ctx, tx, cadre?.unitId ?? null, {
    module: 'scene',
    kind: 'nomination.decide',
    title: `确认担当作为推荐：${cadre?.name ?? ''}（${n.activityTitle}）`,
    link: `/scene/nominations?status=pending`,
    recordType: 'scene_nomination',
    recordId: n.id,
    sourceKey: `scene.nomination:${n.id}`,
  });
}
