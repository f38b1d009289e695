import dayjs from 'dayjs';
import {
  AGENDA_TAGS,
  DEFAULT_DIMENSIONS,
  type Dimension,
  FOLLOWED_RULES_LABELS,
  NOMINATION_STATUS_LABELS,
  SCENE_KIND_LABELS,
  SCENE_KINDS,
  SCENE_SUBTYPES,
  type SceneKind,
} from '../../../common/contracts/scene.ts';

export type { Dimension, SceneKind };
export { DEFAULT_DIMENSIONS };

// ——— labels, colours and options ———

export const SCENE_KIND_OPTIONS = SCENE_KINDS.map((k) => ({ value: k, label: SCENE_KIND_LABELS[k] }));
export const SCENE_KIND_COLORS: Record<SceneKind, string> = {
  meeting: 'blue',
  emergency: 'volcano',
  event: 'purple',
};
/** Short names of the kinds, for charts and tight columns. */
export const SCENE_KIND_SHORT: Record<SceneKind, string> = {
  meeting: '列席会议',
  emergency: '急难险重',
  event: '破难挑战',
};
/** Chart colours of the kinds (the tags' hues). */
export const SCENE_KIND_CHART_COLORS: Record<SceneKind, string> = {
  meeting: '#1677ff',
  emergency: '#fa541c',
  event: '#722ed1',
};
export const kindLabel = (k: string) => SCENE_KIND_LABELS[k as SceneKind] ?? k;
export const subtypeLabel = (kind: string, subtype: string) =>
  SCENE_SUBTYPES[kind as SceneKind]?.[subtype] ?? subtype;
export const subtypeOptions = (kind: SceneKind | undefined) =>
  kind ? Object.entries(SCENE_SUBTYPES[kind]).map(([value, label]) => ({ value, label })) : [];

export type AgendaTag = keyof typeof AGENDA_TAGS;
export const AGENDA_TAG_OPTIONS = (Object.keys(AGENDA_TAGS) as AgendaTag[]).map((t) => ({
  value: t,
  label: AGENDA_TAGS[t],
}));
export const AGENDA_TAG_COLORS: Record<AgendaTag, string> = {
  policy: 'geekblue',
  sanzhong_yida: 'red',
  other: 'default',
};
export const agendaTagLabel = (t: string) => AGENDA_TAGS[t as AgendaTag] ?? t;

export type FollowedRules = keyof typeof FOLLOWED_RULES_LABELS;
export const FOLLOWED_RULES_OPTIONS = (Object.keys(FOLLOWED_RULES_LABELS) as FollowedRules[]).map((v) => ({
  value: v,
  label: FOLLOWED_RULES_LABELS[v],
}));
export const FOLLOWED_RULES_COLORS: Record<FollowedRules, string> = {
  yes: 'success',
  partly: 'warning',
  no: 'error',
};
export const followedRulesLabel = (v: string) => FOLLOWED_RULES_LABELS[v as FollowedRules] ?? v;

export type NominationStatus = keyof typeof NOMINATION_STATUS_LABELS;
export const NOMINATION_STATUS_OPTIONS = (Object.keys(NOMINATION_STATUS_LABELS) as NominationStatus[]).map(
  (s) => ({ value: s, label: NOMINATION_STATUS_LABELS[s] }),
);
export const NOMINATION_STATUS_COLORS: Record<NominationStatus, string> = {
  pending: 'gold',
  confirmed: 'success',
  declined: 'default',
};
export const nominationStatusLabel = (s: string) => NOMINATION_STATUS_LABELS[s as NominationStatus] ?? s;

/** What a rating of 1–5 means, for the stars' tooltips. */
export const RATING_TEXTS = ['较差', '一般', '较好', '好', '突出'];

/** The leniency correction in one sentence (shown beside every ranking). */
export const LENIENCY_TEXT =
  '每位评委的分数先减去该评委的平均分再加总平均分，消除评委宽严差异；校正后得分为各评委校正分的平均。';

/** Years offered by the year filters: this year and the five before it. */
export function yearOptions() {
  const now = dayjs().year();
  return Array.from({ length: 6 }, (_, i) => now - i).map((y) => ({ value: y, label: `${y}年` }));
}

/** The criteria of an event with their weights, as one line: 思路 30% · 实招 40% · 成效 30%. */
export function criteriaText(dims: Dimension[]) {
  const sum = dims.reduce((s, d) => s + (d.weight ?? 1), 0);
  return dims.map((d) => `${d.name} ${Math.round(((d.weight ?? 1) / sum) * 100)}%`).join(' · ');
}

// ——— what the API answers ———

/** One row of GET /api/scene/activities. */
export interface ActivityListItem {
  id: string;
  kind: SceneKind;
  subtype: string;
  title: string;
  unitId: string | null;
  unitName: string | null;
  place: string | null;
  startsOn: string;
  endsOn: string;
  observed: number;
  scored: number;
  outstanding: number;
}

export interface AgendaItem {
  title: string;
  tag: AgendaTag;
}

/** An observation as the activity's detail gives it. */
export interface ObservationView {
  id: string;
  cadreId: string;
  cadreName: string;
  post: string | null;
  unitName: string | null;
  ratings: Record<string, number>;
  stance: string | null;
  followedRules: FollowedRules | null;
  notes: string;
  releasedAt: string | null;
  createdAt: string;
  createdBy: string | null;
}

/** A nomination as the activity's detail gives it. */
export interface NominationView {
  id: string;
  cadreId: string;
  cadreName: string;
  reason: string;
  status: NominationStatus;
  decidedAt: string | null;
  decisionNote: string | null;
  createdAt: string;
}

/** One participant of an event's ranking. */
export interface RankRow {
  cadreId: string;
  name: string;
  unitName: string | null;
  judges: number;
  raw: number;
  adjusted: number;
  rank: number;
  byJudge: { judge: string; total: number; centred: number }[];
}

/** GET /api/scene/activities/:id */
export interface ActivityDetail {
  id: string;
  kind: SceneKind;
  subtype: string;
  title: string;
  unitId: string | null;
  unitName: string | null;
  place: string | null;
  startsOn: string;
  endsOn: string;
  agenda: AgendaItem[];
  dimensions: Dimension[];
  summary: string | null;
  kindLabel: string;
  createdAt: string;
  updatedAt: string;
  observations: ObservationView[];
  nominations: NominationView[];
  ranking: RankRow[] | null;
}

/** One row of GET /api/scene/nominations. */
export interface NominationListItem {
  id: string;
  activityId: string;
  activityTitle: string;
  kind: SceneKind;
  startsOn: string;
  cadreId: string;
  cadreName: string;
  unitName: string | null;
  reason: string;
  status: NominationStatus;
  createdAt: string;
  decidedAt: string | null;
  decisionNote: string | null;
}

/** GET /api/scene/stats */
export interface SceneStats {
  from: string;
  to: string;
  activities: number;
  byKind: { kind: SceneKind; subtype: string; n: number }[];
  byMonth: { month: string; kind: SceneKind; n: number }[];
  cadresObserved: number;
  observations: number;
  cadresScored: number;
  outstandingCount: number;
  pendingNominations: number;
  outstanding: {
    cadreId: string;
    name: string;
    post: string | null;
    unitName: string | null;
    activityId: string;
    activityTitle: string;
    kind: SceneKind;
    reason: string;
    decidedAt: string | null;
  }[];
}

/** One row of GET /api/scene/mine: ratings, notes and dimensions only once released. */
export interface MyObservation {
  id: string;
  activityTitle: string;
  kind: SceneKind;
  startsOn: string;
  ratings: Record<string, number> | null;
  notes: string | null;
  dimensions: Dimension[] | null;
  releasedAt: string | null;
  pending?: string;
}

/** The evidence owner type of an observation's photos. */
export const OBSERVATION_OWNER = 'scene_observation';
