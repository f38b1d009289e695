import { describe, expect, it } from 'vitest';
import { kpiPeriod } from './sections.ts';

describe('the period of a year’s KPIs on the profile', () => {
  it('reads a past year whole and the running year up to the last month ended', () => {
    expect(kpiPeriod(2025, '2026-12-06')).toBe('2025');
    expect(kpiPeriod(2026, '2026-12-06')).toBe('2026-11');
    expect(kpiPeriod(2026, '2026-03-31')).toBe('2026-02');
    expect(kpiPeriod(2026, '2026-01-15')).toBe('2025');
    expect(kpiPeriod(2027, '2026-06-01')).toBe('2027');
  });
});
