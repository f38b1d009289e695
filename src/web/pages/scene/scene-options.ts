import dayjs from 'dayjs';
import type { WireOf } from '../../../common/api.ts';
import type { CadreView } from '../../../common/contracts/org.ts';
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
  type sceneApi,
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

/** The calibration in one sentence each (shown beside the ranking and the observations). */
export const JUDGE_CALIBRATION_TEXT =
  '校正后得分由参赛者与评委交叉的随机效应模型估计（score ~ 1 + (1|参赛者) + (1|评委)）：同时估计每位参赛者的水平和每位评委的宽严，宽严只能在共同评过同一参赛者的评委之间比较。区间为 95% 区间。';
export const OBSERVER_CALIBRATION_TEXT =
  '观察人宽严由同一年度同类活动的观察记录估计（均分 ~ 1 + (1|干部) + (1|观察人)），只有与其他观察人观察过同一干部的观察人才能校正；校正后均分 = 本条均分 − 该观察人的宽严，区间为 95% 区间。';

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

// ——— what the API answers (types from the contract) ———

export type ActivityListItem = WireOf<typeof sceneApi.list>['items'][number];
export type ActivityDetail = WireOf<typeof sceneApi.get>;
export type AgendaItem = ActivityDetail['agenda'][number];
export type ObservationView = ActivityDetail['observations'][number];
export type NominationView = ActivityDetail['nominations'][number];
/** The part of a calibration every panel shows (observers' add the scope, events' the participants). */
export type CalibrationView = Omit<NonNullable<ActivityDetail['observationCalibration']>, 'scope'>;
export type EventRanking = NonNullable<ActivityDetail['ranking']>;
export type RankRow = EventRanking['participants'][number];
export type Estimate = NonNullable<RankRow['calibrated']>;
export type NominationListItem = WireOf<typeof sceneApi.nominations>['items'][number];
export type SceneStats = WireOf<typeof sceneApi.stats>;
export type MyObservation = WireOf<typeof sceneApi.mine>['items'][number];

/** The evidence owner type of an observation's photos. */
export const OBSERVATION_OWNER = 'scene_observation';

/** A cadre in a picker: 姓名（单位 职务）. */
export const cadreLabel = (c: CadreView) => `${c.name}（${[c.unitName, c.post].filter(Boolean).join(' ')}）`;

/** A figure to two decimals. */
export const f2 = (v: number) => v.toFixed(2);
/** A difference with its sign: +1.25, −0.50. */
export const signed = (v: number) => `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(2)}`;
