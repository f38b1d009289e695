import { expect } from 'vitest';
import type { Db } from '../src/server/db/client.ts';
import type { Agent, TestApp } from './app.ts';
import { buildCadre, buildUnit } from './factories.ts';

/** The JSON of a successful answer (the test fails with the body otherwise). */
export function ok(r: { statusCode: number; body: string }) {
  expect(r.statusCode, r.body).toBeLessThan(300);
  return JSON.parse(r.body || '{}');
}

export const codeOf = (r: { body: string }) => JSON.parse(r.body).error?.code as string | undefined;

/** A unit with `n` cadres and a logged-in administrator of it. */
export async function applicantUnit(t: TestApp, n = 2, name?: string) {
  const unit = await buildUnit(t.deps.db as Db, name ? { name } : {});
  const cadres = [];
  for (let i = 0; i < n; i++) cadres.push(await buildCadre(t.deps.db as Db, { unitId: unit.id }));
  const admin = await t.as('unit_admin', { unitId: unit.id });
  return { unit, cadres, admin };
}

/** A batch open from `opensOn` to `closesOn` (the default flow rules unless given). */
export async function openBatch(
  officer: Agent,
  o: { opensOn: string; closesOn: string; title?: string; rules?: Record<string, unknown> },
) {
  return ok(
    await officer.post('/api/rewards/batches', {
      title: o.title ?? `及时奖励申报 ${o.opensOn}`,
      opensOn: o.opensOn,
      closesOn: o.closesOn,
      ...(o.rules ? { rules: o.rules } : {}),
    }),
  );
}

let deeds = 0;
/** A drafted individual 嘉奖 (or the given kind) for one deed of the unit's cadres. */
export async function draft(
  admin: Agent,
  batchId: string,
  cadreIds: string[],
  o: { kindCode?: string; deed?: string; collectiveName?: string; links?: unknown[] } = {},
) {
  deeds += 1;
  return ok(
    await admin.post('/api/rewards/applications', {
      batchId,
      kindCode: o.kindCode ?? 'commendation',
      deed: o.deed ?? `牵头完成第 ${deeds} 号地块房屋征迁，提前二十天交地`,
      cadreIds,
      collectiveName: o.collectiveName ?? null,
      links: o.links ?? [],
    }),
  );
}

/** A drafted application, submitted: it waits for 审核. */
export async function submitted(
  admin: Agent,
  batchId: string,
  cadreIds: string[],
  o: Parameters<typeof draft>[3] = {},
) {
  const a = await draft(admin, batchId, cadreIds, o);
  return ok(await admin.post(`/api/rewards/applications/${a.id}/submit`));
}
