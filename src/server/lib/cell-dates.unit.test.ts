import { describe, expect, it } from 'vitest';
import { dayCell, fixedDecimals, matchDate, yearMonthCell } from './cell-dates.ts';

describe('year-month cells', () => {
  it.each([
    // As a spreadsheet stores 1985.10 typed into a cell formatted to two decimals.
    [{ text: '1985.1', number: 1985.1, numFmt: '0.00' }, '1985-10'],
    [{ text: '1985.06', number: 1985.06 }, '1985-06'],
    [{ text: '1985.12', number: 1985.12, numFmt: 'General' }, '1985-12'],
    [{ text: '198510', number: 198510 }, '1985-10'],
    [{ text: '1985-10-01', date: new Date(Date.UTC(1985, 9, 1)), numFmt: 'yyyy-mm' }, '1985-10'],
    [{ text: '1985-10' }, '1985-10'],
    [{ text: '1985.10' }, '1985-10'],
    [{ text: '1985年10月' }, '1985-10'],
    [{ text: '１９８５．１０' }, '1985-10'],
    [{ text: '1985/3' }, '1985-03'],
    [{ text: '1985-1' }, '1985-01'],
    [{ text: '1985' }, '1985'],
    [{ text: '2026-Q1' }, '2026-Q1'],
    [{ text: '19xx' }, '19xx'],
  ])('%o reads as %s', (cell, want) => {
    expect(yearMonthCell(cell)).toEqual({ value: want });
  });

  it.each([
    { text: '1985.1', number: 1985.1 },
    { text: '1985.1', number: 1985.1, numFmt: '@' },
    { text: '1985.1', number: 1985.1, numFmt: '0.0' },
    { text: '1985.1' },
  ])('refuses %o: January, or October stored as a number', (cell) => {
    const got = yearMonthCell(cell);
    expect('problem' in got && got.problem).toMatch(/有歧义.*1985-01 或 1985-10/);
  });

  it('never reads 1985.10 as January', () => {
    for (const cell of [
      { text: '1985.1', number: 1985.1, numFmt: '0.00' },
      { text: '1985.10' },
      { text: '1985.1', number: 1985.1 },
    ]) {
      expect(yearMonthCell(cell)).not.toEqual({ value: '1985-01' });
    }
    expect(matchDate('1985.1')).toBe('ambiguous');
  });
});

describe('date cells', () => {
  it.each([
    [{ text: '2024-03-01', date: new Date(Date.UTC(2024, 2, 1)) }, '2024-03-01'],
    [{ text: '2024.3.1' }, '2024-03-01'],
    [{ text: '2024/03/01' }, '2024-03-01'],
    [{ text: '2024年3月1日' }, '2024-03-01'],
    [{ text: '20240301', number: 20240301 }, '2024-03-01'],
    [{ text: '2024-02-30' }, '2024-02-30'],
    [{ text: '3/1/2024' }, '3/1/2024'],
  ])('%o reads as %s', (cell, want) => {
    expect(dayCell(cell)).toEqual({ value: want });
  });
});

describe('number formats', () => {
  it.each([
    ['0.00', 2],
    ['#,##0.0_ ', 1],
    ['0', 0],
    ['General', null],
    ['@', null],
    [undefined, null],
    ['0.00;[Red]-0.00', 2],
  ])('%s shows %s decimals', (fmt, n) => {
    expect(fixedDecimals(fmt)).toBe(n);
  });
});
