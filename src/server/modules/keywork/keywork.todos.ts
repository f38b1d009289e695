import { eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { orgUnits } from '../../db/schema/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { addTodoForLeaders } from '../todo/todo.service.ts';

/** 研判中（待领导结论）: on the to-do list of the leader of the unit's liaison group. */
export async function assessmentTodo(ctx: Ctx, tx: Tx, row: { id: string; unitId: string; year: number }) {
  const [unit] = await tx.select({ name: orgUnits.name }).from(orgUnits).where(eq(orgUnits.id, row.unitId));
  await addTodoForLeaders(ctx, tx, row.unitId, {
    module: 'keywork',
    kind: 'assessment.conclude',
    title: `作出专项研判结论：${unit?.name ?? ''}（${row.year} 年）`,
    link: `/keywork/assessments?year=${row.year}`,
    recordType: 'keywork_assessment',
    recordId: row.id,
    sourceKey: `keywork.assessment:${row.id}`,
  });
}
