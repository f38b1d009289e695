/**
 * Gaussian linear mixed models fitted as lme4 does (REML or ML through the profiled deviance and
 * a sparse Cholesky factor), with the identification diagnostics of person and platform effects.
 * Pure: no I/O, nothing from server/.
 */
export { CsvError, parseCsv } from './csv.ts';
export { buildDesign, type Column, type Design, DesignError, type Table } from './design.ts';
export {
  type FixedEffect,
  fitDesign,
  fitLmm,
  formatFormula,
  type LmmFit,
  type LmmOptions,
  type RanefEntry,
} from './fit.ts';
export { type Formula, FormulaError, parseFormula, type RandomTerm } from './formula.ts';
export { icc } from './icc.ts';
export { type ConnectedSet, type Identification, identifyPersons } from './identify.ts';
export { formatLmmSummary } from './summary.ts';
