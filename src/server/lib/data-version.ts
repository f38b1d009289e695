/**
 * A counter of committed changes in this process: every write (`write()`), every job that ran and
 * every uploaded file bumps it once it has committed. Summaries that many people open (the home
 * cards) are computed once per change: kept while the counter stands, recomputed after it moves.
 * Another process's changes reach this one through the summaries' short time limit.
 */
let version = 0;

export function dataVersion(): number {
  return version;
}

export function dataChanged(): void {
  version += 1;
}
