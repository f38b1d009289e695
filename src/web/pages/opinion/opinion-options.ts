import { useQuery } from '@tanstack/react-query';
import {
  CAMPAIGN_STATUS_LABELS,
  type CadreResult,
  type CalibratedScore,
  type CampaignStatus,
  ENTRY_TAGS,
  type Questionnaire,
  RATER_GROUP_LABELS,
  RATER_GROUPS,
  type RaterGroup,
} from '../../../common/contracts/opinion.ts';
import { api, qs } from '../../api/client.ts';

export type { CadreResult, CampaignStatus, Questionnaire, RaterGroup };

// ——— labels ———

export const CAMPAIGN_STATUS_COLORS: Record<CampaignStatus, string> = {
  draft: 'gold',
  open: 'processing',
  closed: 'default',
};
export const campaignStatusLabel = (s: string) => CAMPAIGN_STATUS_LABELS[s as CampaignStatus] ?? s;
export const CAMPAIGN_STATUS_OPTIONS = (Object.keys(CAMPAIGN_STATUS_LABELS) as CampaignStatus[]).map((s) => ({
  value: s,
  label: CAMPAIGN_STATUS_LABELS[s],
}));

export const groupLabel = (g: string) => RATER_GROUP_LABELS[g as RaterGroup] ?? g;
export const RATER_GROUP_COLORS: Record<RaterGroup, string> = {
  superior: 'red',
  peer: 'blue',
  subordinate: 'cyan',
  public: 'green',
  service: 'purple',
};
export const RATER_GROUP_OPTIONS = RATER_GROUPS.map((g) => ({ value: g, label: RATER_GROUP_LABELS[g] }));
export const ENTRY_TAG_OPTIONS = ENTRY_TAGS.map((t) => ({ value: t, label: t }));

/** What the results say of a rater group with fewer than 5 ballots for a cadre. */
export const WITHHELD_TEXT = '不足 5 份，未单列';

/** A 0–100 figure as shown (two decimals at most), or — when there is none. */
export const fmtScore = (v: number | null | undefined) =>
  v === null || v === undefined ? '—' : String(Math.round(v * 100) / 100);

/** The colour of a 0–100 figure. */
export function scoreColor(v: number | null | undefined): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (v >= 85) return '#389e0d';
  if (v >= 70) return '#1677ff';
  if (v >= 60) return '#d48806';
  return '#cf1322';
}

/** The address a personal slip's QR code and text carry. */
export const ballotUrl = (token: string) => `${location.origin}/v/${token}`;
/** The address of a public (群众测评) link. */
export const publicUrl = (code: string) => `${location.origin}/p/${code}`;

// ——— answers of the API ———

export interface GroupWeight {
  group: RaterGroup;
  weight: number;
}

/** One row of GET /api/opinion/campaigns. */
export interface CampaignListItem {
  id: string;
  title: string;
  year: number;
  round: number;
  status: CampaignStatus;
  startsOn: string;
  endsOn: string;
  closedAt: string | null;
  cadres: number;
  /** Personal links not revoked. */
  links: number;
  used: number;
  ballots: number;
}

/** GET /api/opinion/campaigns/:id */
export interface CampaignView {
  id: string;
  title: string;
  year: number;
  round: number;
  status: CampaignStatus;
  startsOn: string;
  endsOn: string;
  questionnaire: Questionnaire;
  groups: GroupWeight[];
  /** At most this many 现场评价卡 for the round. */
  publicQuota: number;
  openedAt: string | null;
  closedAt: string | null;
  createdAt: string;
  updatedAt: string;
  cadreCount: number;
  units: { id: string; name: string }[];
}

/** One row of GET /api/opinion/campaigns/:id/links (whether used; never a ballot). */
export interface LinkView {
  id: string;
  kind: 'personal' | 'public';
  group: RaterGroup;
  raterLabel: string | null;
  unitId: string | null;
  unitName: string | null;
  regionId: string | null;
  regionName: string | null;
  publicCode: string | null;
  cadres: number;
  issued: boolean;
  issueCount: number;
  used: boolean;
  revoked: boolean;
  /** Public links: 现场评价卡 made, and used. */
  cards: number;
  cardsUsed: number;
}

/** A slip of POST /api/opinion/campaigns/:id/issue: the token is shown this once. */
export interface Slip {
  token: string;
  group: RaterGroup;
  groupLabel: string;
  raterLabel: string | null;
  unitName: string | null;
  cadres: number;
  reissued: boolean;
}

/** GET /api/opinion/campaigns/:id/progress */
export interface ProgressView {
  campaign: { id: string; title: string; status: CampaignStatus };
  groups: {
    group: RaterGroup;
    label: string;
    links: number;
    issued: number;
    used: number;
    ballots: number;
    submissions: number;
    rate: number | null;
  }[];
  units: { unitId: string; unitName: string; groups: Record<string, { links: number; used: number }> }[];
}

/** One row of GET /api/opinion/campaigns/:id/results. */
export interface ResultRow {
  cadreId: string;
  name: string;
  post: string | null;
  unitId: string | null;
  unitName: string | null;
  overall: number | null;
  byDimension: Record<string, number | null>;
  /** Null where a group is withheld (cast − shown would state its size). */
  ballotsCast: number | null;
  ballotsShown: number;
  withheld: RaterGroup[];
  calibrated: CalibratedScore | null;
}

export interface ResultsAnswer {
  items: ResultRow[];
  total: number;
  page: number;
  pageSize: number;
  summary: { cadres: number; withFigures: number; mean: number | null; ballotsCast: number };
}

export interface CadreHeaderView {
  id: string;
  name: string;
  post: string | null;
  unitId: string | null;
  unitName: string | null;
}

export interface EntryView {
  id: string;
  group: RaterGroup;
  text: string;
  tags: string[];
}

/** GET /api/opinion/campaigns/:id/cadres/:cadreId */
export interface CadreInCampaignView {
  campaign: { id: string; title: string; year: number; round: number; status: CampaignStatus };
  questionnaire: Questionnaire;
  cadre: CadreHeaderView;
  result: CadreResult;
  entries: EntryView[];
}

/** GET /api/opinion/profiles/:id */
export interface ProfileView {
  cadre: CadreHeaderView;
  rounds: {
    campaign: { id: string; title: string; year: number; round: number; closedAt: string | null };
    dimensions: { code: string; name: string }[];
    frozenAt: string;
    result: CadreResult;
    entryCount: number;
    change: { overall: number | null; byDimension: Record<string, number | null> } | null;
  }[];
}

/** One row of GET /api/opinion/entries. */
export interface EntryRow extends EntryView {
  campaignId: string;
  campaignTitle: string;
  cadreId: string;
  cadreName: string;
  unitName: string | null;
  taggedAt: string | null;
}

export interface EntriesAnswer {
  items: EntryRow[];
  total: number;
  page: number;
  pageSize: number;
  tagCounts: { tag: string; n: number }[];
}

// ——— shared queries ———

/** Every campaign (for filters), newest first. */
export function useCampaignOptions() {
  return useQuery({
    queryKey: ['opinion', 'campaigns', 'options'],
    queryFn: () => api.get<{ items: CampaignListItem[] }>(`/api/opinion/campaigns${qs({ pageSize: 200 })}`),
    staleTime: 60_000,
    select: (d) => d.items.map((c) => ({ value: c.id, label: c.title })),
  });
}

/** Every unit of the registry (paged through), for multi-selects. */
export function useAllUnits() {
  return useQuery({
    queryKey: ['org', 'units', 'all'],
    staleTime: 5 * 60_000,
    queryFn: async () => {
      const out: { id: string; name: string; regionId: string; regionName: string | null }[] = [];
      for (let page = 1; page <= 50; page++) {
        const p = await api.get<{ items: typeof out; total: number }>(
          `/api/org/units${qs({ page, pageSize: 200 })}`,
        );
        out.push(...p.items);
        if (out.length >= p.total || p.items.length === 0) break;
      }
      return out;
    },
  });
}

/** Searching a select's options by their label. */
export const labelFilter = { optionFilterProp: 'label' as const };
