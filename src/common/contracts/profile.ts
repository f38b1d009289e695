import { z } from 'zod';
import { endpoint } from '../api.ts';
import { IdParams } from './page.ts';

/**
 * 干部画像 (module profile): one page per cadre gathering what the other modules hold about them,
 * for an assessment year. Each section is built from its module's own services and rules; a
 * section the reader may not see is left out of the answer, never sent empty.
 */

export const PROFILE_SECTIONS = [
  'responsibility',
  'tasks',
  'findings',
  'scene',
  'opinion',
  'economy',
  'keywork',
  'growth',
  'quadrant',
  'rewards',
  'development',
  'decisions',
] as const;
export type ProfileSectionKey = (typeof PROFILE_SECTIONS)[number];

export const PROFILE_SECTION_TITLES: Record<ProfileSectionKey, string> = {
  responsibility: '职责范围（班子分工）',
  tasks: '年度干事清单与履职交付',
  findings: '对账考察发现与整改',
  scene: '现场考察',
  opinion: '口碑测评',
  economy: '经济指标与预警',
  keywork: '重点工作贡献',
  growth: '个人贡献与成长',
  quadrant: '实绩象限',
  rewards: '一事一奖',
  development: '一人一策',
  decisions: '干部人事决定',
};

/** How the reader stands to the cadre: the department, the cadre themself, their unit's administrator. */
export const PROFILE_VIEWERS = ['department', 'self', 'unit'] as const;
export type ProfileViewer = (typeof PROFILE_VIEWERS)[number];

/** One line of a section: a record with its figure and the page that shows the record. */
export const ProfileRow = z.object({
  title: z.string(),
  detail: z.string().nullable(),
  /** The figure shown for the record (a score, a progress, a state). */
  figure: z.string().nullable(),
  date: z.string().nullable(),
  /** The record's own page (a path of the web app), reachable by this reader. */
  link: z.string().nullable(),
  tone: z.enum(['good', 'warn', 'bad']).nullable(),
});
export type ProfileRow = z.infer<typeof ProfileRow>;

/** A curve over periods (growth by quarter, quadrant history, monthly completion). */
export const ProfileSeries = z.object({
  name: z.string(),
  points: z.array(z.object({ x: z.string(), y: z.number().nullable(), link: z.string().nullable() })),
});
export type ProfileSeries = z.infer<typeof ProfileSeries>;

export const ProfileSection = z.object({
  key: z.enum(PROFILE_SECTIONS),
  title: z.string(),
  /** One sentence of figures for the section (null when it has none). */
  summary: z.string().nullable(),
  /** The module page that holds the whole record set. */
  link: z.string().nullable(),
  rows: z.array(ProfileRow),
  series: z.array(ProfileSeries),
  /** Why some of it is not shown to this reader (not yet released). */
  withheld: z.string().nullable(),
});
export type ProfileSection = z.infer<typeof ProfileSection>;

export const ProfileQuery = z.object({
  year: z.coerce.number().int().min(2000, '年度不正确').max(2100, '年度不正确').optional(),
});

export const ProfileView = z.object({
  cadre: z.object({
    id: z.uuid(),
    name: z.string(),
    post: z.string().nullable(),
    unitId: z.uuid().nullable(),
    unitName: z.string().nullable(),
    rankName: z.string().nullable(),
    status: z.string(),
  }),
  year: z.number().int(),
  /** The assessment years the selector offers. */
  years: z.array(z.number().int()),
  viewer: z.enum(PROFILE_VIEWERS),
  /** Only the sections this reader may see, in the page's order. */
  sections: z.array(ProfileSection),
});
export type ProfileView = z.infer<typeof ProfileView>;

export const profileApi = {
  cadre: endpoint({
    method: 'GET',
    path: '/api/profile/cadres/:id',
    access: 'profile.read',
    summary: '干部画像：按年度汇集职责、清单、考察、测评、指标、重点工作、成长、象限、奖励、培养与人事决定',
    params: IdParams,
    query: ProfileQuery,
    response: ProfileView,
  }),
};

export const PROFILE_ERRORS = {
  PROFILE_NOT_IN_SCOPE: { status: 403, message: '只能查看本人或本单位干部的画像' },
} as const;
