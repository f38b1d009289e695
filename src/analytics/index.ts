/**
 * Pure statistics for the data forensics of reported figures: Benford first digits (MAD, χ²),
 * robust z-scores and year-on-year jumps, growth cross-checks against independent series, and
 * the Benjamini–Hochberg correction for many tests at once; calibrated p-values from simulated
 * small-sample references, and the forensic rules judged per rule and year (forensics.ts). No I/O, no database, no server code.
 */
export * from './benford.ts';
export * from './crosscheck.ts';
export * from './divergence.ts';
export * from './fdr.ts';
export * from './forensics.ts';
export * from './kpi.ts';
export * from './period.ts';
export * from './reference.ts';
export * from './robust.ts';
export * from './special.ts';
