import { describe, expect, it } from 'vitest';
import { competitionRanks, spearman } from './rank.ts';

describe('ranks', () => {
  it('gives ties the same rank and skips the places they take, comparing figures as shown', () => {
    expect(competitionRanks([70, 90, 80, 90])).toEqual([4, 1, 3, 1]);
    expect(competitionRanks([80.001, 80.004, 79.5])).toEqual([1, 1, 3]);
    expect(competitionRanks([])).toEqual([]);
  });

  it('computes Spearman’s correlation as R does (mid-ranks for ties)', () => {
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 40])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
    // R: cor(c(1,2,2,3,5), c(2,1,4,3,5), method = "spearman") = 0.6669...
    expect(spearman([1, 2, 2, 3, 5], [2, 1, 4, 3, 5])).toBeCloseTo(0.6668859, 6);
  });
});
