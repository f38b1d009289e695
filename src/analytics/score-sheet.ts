/**
 * A judge's score sheet of one participant: marks (0–100) on the event's criteria. Kept apart from
 * the calibration (no model code), so the web can show the same total while a sheet is typed in.
 */

export interface Criterion {
  code: string;
  /** The criterion's weight in the total as the event states it; 1 each where none is given. */
  weight?: number;
}

/** The sheet's total: the weighted mean of its marks; null while a criterion has no mark. */
export function sheetTotal(
  criteria: readonly Criterion[],
  scores: Readonly<Record<string, number | null | undefined>>,
): number | null {
  let sum = 0;
  let weights = 0;
  for (const c of criteria) {
    const v = scores[c.code];
    if (typeof v !== 'number' || !Number.isFinite(v)) return null;
    sum += v * (c.weight ?? 1);
    weights += c.weight ?? 1;
  }
  return weights > 0 ? sum / weights : null;
}
