import type { ProfileRow, ProfileSection, ProfileViewer } from '../../../common/contracts/profile.ts';
import type { Ctx } from '../../lib/context.ts';
import { localDay } from '../../lib/time.ts';
import type { CadreHeader } from './profile.repository.ts';

/** What a section builder gets: the reader, the cadre, the year and how the reader stands. */
export interface SectionInput {
  ctx: Ctx;
  cadre: CadreHeader;
  year: number;
  viewer: ProfileViewer;
}

/** A section's content; the key and title are added by the service. */
export type SectionBody = Omit<ProfileSection, 'key' | 'title'>;

export const emptyBody = (): SectionBody => ({
  summary: null,
  link: null,
  rows: [],
  series: [],
  withheld: null,
});

/** A row with every optional field empty unless given. */
export function row(r: Pick<ProfileRow, 'title'> & Partial<ProfileRow>): ProfileRow {
  return {
    title: r.title,
    detail: r.detail ?? null,
    figure: r.figure ?? null,
    date: r.date ?? null,
    link: r.link ?? null,
    tone: r.tone ?? null,
  };
}

/** The calendar day (local) of an instant or a day string. */
export const dayOf = (d: Date | string | null | undefined): string | null =>
  d == null ? null : typeof d === 'string' ? d.slice(0, 10) : localDay(d);

/** Whether an instant or a day falls in the year. */
export const inYear = (d: Date | string | null | undefined, year: number) =>
  dayOf(d)?.startsWith(`${year}-`) ?? false;

/** One decimal, as figures are shown. */
export const r1 = (x: number) => (Math.round(x * 10) / 10).toFixed(1);

/** An estimate with its 95% interval. */
export const pm = (v: number, se: number | null) => (se == null ? r1(v) : `${r1(v)} ± ${r1(1.96 * se)}`);

/**
 * The period a year's KPIs are read for: a past year as a whole; the running year up to the last
 * month ended (each KPI then takes its last complete period within it, `periodWithin`).
 */
export function kpiPeriod(year: number, today: string): string {
  const thisYear = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  if (year < thisYear) return String(year);
  if (year > thisYear) return String(year);
  if (month === 1) return String(thisYear - 1);
  return `${year}-${String(month - 1).padStart(2, '0')}`;
}
