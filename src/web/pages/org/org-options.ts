import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { WireOf } from '../../../common/api.ts';
import {
  AGE_BANDS,
  APPOINTMENT_KIND_LABELS,
  type DICT_KINDS,
  orgApi,
  SCOPE_KIND_LABELS,
  TEAM_PLACES,
} from '../../../common/contracts/org.ts';
import { moduleLabel } from '../../../common/module-labels.ts';
import { call } from '../../api/client.ts';

export type DictKind = (typeof DICT_KINDS)[number];
export type AgeBand = (typeof AGE_BANDS)[number];
export type TeamPlace = (typeof TEAM_PLACES)[number];

// The answers of the org endpoints, as the contract declares them.
export type DictItemView = WireOf<typeof orgApi.listDict>['items'][number];
export type RegionItem = WireOf<typeof orgApi.listRegions>['items'][number];
export type LiaisonGroupItem = WireOf<typeof orgApi.listGroups>['items'][number];
export type UnitItem = WireOf<typeof orgApi.getUnit>;
export type UnitTreeNode = WireOf<typeof orgApi.unitTree>['tree'][number];
export type CadreItem = WireOf<typeof orgApi.listCadres>['items'][number];
export type CadreDetail = WireOf<typeof orgApi.getCadre>;

export interface Option {
  value: string;
  label: string;
}

/** The active entries of one dictionary as select options (value = code, label = name). */
export function useDict(kind: DictKind): Option[] {
  const q = useQuery({
    queryKey: ['org', 'dict', kind],
    queryFn: () => call(orgApi.listDict, { query: { kind } }),
    staleTime: 60_000,
  });
  return useMemo(() => (q.data?.items ?? []).map((d) => ({ value: d.code, label: d.name })), [q.data]);
}

/** The day format of every date the API takes. */
export const DAY = 'YYYY-MM-DD';

export const AGE_BAND_LABELS: Record<AgeBand, string> = {
  '<=35': '35岁及以下',
  '36-40': '36–40岁',
  '41-45': '41–45岁',
  '46-50': '46–50岁',
  '51-55': '51–55岁',
  '>55': '55岁以上',
};
export const AGE_BAND_OPTIONS: Option[] = AGE_BANDS.map((b) => ({ value: b, label: AGE_BAND_LABELS[b] }));

export const TEAM_PLACE_OPTIONS: Option[] = TEAM_PLACES.map((p) => ({ value: p, label: p }));
export const TEAM_PLACE_COLORS: Record<string, string> = { 正职: 'red', 副职: 'orange', 成员: 'default' };

export const YOUNG_OPTIONS: Option[] = [
  { value: 'true', label: '是' },
  { value: 'false', label: '否' },
];

export const CADRE_STATUS_LABELS: Record<string, string> = {
  active: '在职',
  retired: '已退休',
  left: '已离任',
};
export const CADRE_STATUS_OPTIONS: Option[] = [
  { value: 'active', label: '在职' },
  { value: 'retired', label: '已退休' },
  { value: 'left', label: '已离任' },
  { value: 'all', label: '全部' },
];

export const SEX_OPTIONS: Option[] = [
  { value: '男', label: '男' },
  { value: '女', label: '女' },
];

export const appointmentKindLabel = (k: string) =>
  APPOINTMENT_KIND_LABELS[k as keyof typeof APPOINTMENT_KIND_LABELS] ?? k;
export const scopeKindLabel = (k: string) => SCOPE_KIND_LABELS[k as keyof typeof SCOPE_KIND_LABELS] ?? k;

/** Modules that write to a cadre's timeline, offered by its filter; names from MODULE_LABELS. */
export const TIMELINE_MODULES = [
  'org',
  'delivery',
  'opinion',
  'scene',
  'keywork',
  'economy',
  'development',
  'quadrant',
  'growth',
  'rewards',
  'reports',
] as const;
export { moduleLabel };

/** 出生年月 as the registry writes it: 1978.05 (or the year alone). */
export function birthText(c: { birthYear: number; birthMonth: number | null }): string {
  return c.birthMonth ? `${c.birthYear}.${String(c.birthMonth).padStart(2, '0')}` : String(c.birthYear);
}

/** A unit as RemoteSelect shows it. */
export const unitLabel = (u: { id: string; name: string }) => u.name;

/** Regions (the jurisdiction, towns and streets). */
export function useRegions() {
  return useQuery({
    queryKey: ['org', 'regions'],
    queryFn: () => call(orgApi.listRegions),
    staleTime: 5 * 60_000,
    select: (d) => d.items,
  });
}

/** Liaison groups with their leaders and unit counts. */
export function useLiaisonGroups() {
  return useQuery({
    queryKey: ['org', 'liaison-groups'],
    queryFn: () => call(orgApi.listGroups),
    staleTime: 60_000,
    select: (d) => d.items,
  });
}
