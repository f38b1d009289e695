import type { ObjectionResult } from '../../../common/contracts/quadrant.ts';

/** An objection raised during 任前公示, and once handled, its 处理结果 with who and when. */
export interface Objection {
  /** Absent on records from before objections were handled one by one. */
  id?: string;
  text: string;
  source?: string | null;
  recordedAt: string;
  recordedBy?: string | null;
  result?: ObjectionResult | null;
  handling?: string | null;
  handledAt?: string | null;
  handledBy?: string | null;
}

/** The objections as the decision page shows them; `mayHandle`: the department, during 公示. */
export function objectionViews(list: Objection[], names: Map<string, string | null>, mayHandle: boolean) {
  return list.map((o, i) => ({
    id: o.id ?? `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    text: o.text,
    source: o.source ?? null,
    recordedAt: new Date(o.recordedAt),
    recordedByName: o.recordedBy ? (names.get(o.recordedBy) ?? null) : null,
    // Earlier records were written with their handling at once and counted as handled.
    result: o.result ?? (o.handling ? 'unfounded' : null),
    handling: o.handling ?? null,
    handledAt: o.handledAt ? new Date(o.handledAt) : o.handling ? new Date(o.recordedAt) : null,
    handledByName: o.handledBy ? (names.get(o.handledBy) ?? null) : null,
    can: { handle: mayHandle && !o.result && !o.handling && !!o.id },
  }));
}

/** Whether an objection still waits for its 处理结果 (and so holds the decision back). */
export const isOpen = (o: Objection) => !o.result && !o.handling;
