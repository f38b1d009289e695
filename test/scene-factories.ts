import { expect } from 'vitest';
import type { SceneKind } from '../src/common/contracts/scene.ts';
import type { Db } from '../src/server/db/client.ts';
import type { Agent } from './app.ts';
import { buildCadre, buildUnit } from './factories.ts';

/** The JSON of a successful answer (the test fails with the body otherwise). */
export function ok(r: { statusCode: number; body: string }) {
  expect(r.statusCode, r.body).toBeLessThan(300);
  return JSON.parse(r.body || '{}');
}

/** A unit of its own with `n` cadres in it. */
export async function buildCadres(db: Db, n: number) {
  const unit = await buildUnit(db);
  const cadres = [];
  for (let i = 0; i < n; i++) cadres.push(await buildCadre(db, { unitId: unit.id }));
  return { unit, cadres };
}

const SUBTYPE: Record<SceneKind, string> = {
  meeting: 'party_committee',
  emergency: 'flood_typhoon',
  event: 'challenge',
};

/** An activity registered through the API (a meeting needs the unit whose meeting it was). */
export async function createActivity(
  officer: Agent,
  o: { kind: SceneKind; startsOn: string; unitId?: string; title?: string },
) {
  return ok(
    await officer.post('/api/scene/activities', {
      kind: o.kind,
      subtype: SUBTYPE[o.kind],
      title: o.title ?? `测试活动 ${o.kind} ${o.startsOn}`,
      unitId: o.unitId ?? null,
      agenda: o.kind === 'meeting' ? [{ title: '重大项目资金安排', tag: 'sanzhong_yida' }] : [],
      startsOn: o.startsOn,
      endsOn: o.startsOn,
    }),
  );
}

const RATED: Record<'meeting' | 'emergency', string[]> = {
  meeting: ['stance', 'rules', 'initiative'],
  emergency: ['front', 'command', 'masses'],
};

/** An observation of one cadre, every dimension of the kind rated `stars` (1–5). */
export async function observe(
  observer: Agent,
  activity: { id: string; kind: 'meeting' | 'emergency' },
  cadreId: string,
  stars: number,
  notes = '现场表现记录',
) {
  return ok(
    await observer.post(`/api/scene/activities/${activity.id}/observations`, {
      cadreId,
      ratings: Object.fromEntries(RATED[activity.kind].map((c) => [c, stars])),
      notes,
    }),
  );
}

/** Judges' score sheets of an event: each [judge, cadre, mark], the mark on every criterion. */
export async function scoreSheets(officer: Agent, eventId: string, sheets: [string, string, number][]) {
  for (const [judge, cadreId, v] of sheets) {
    ok(
      await officer.post(`/api/scene/activities/${eventId}/scores`, {
        judge,
        cadreId,
        scores: { idea: v, measure: v, effect: v },
      }),
    );
  }
}
