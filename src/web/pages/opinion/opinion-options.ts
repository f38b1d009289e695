import { useQuery } from '@tanstack/react-query';
import type { WireOf } from '../../../common/api.ts';
import {
  CAMPAIGN_STATUS_LABELS,
  type CadreResult,
  type CampaignStatus,
  ENTRY_TAGS,
  opinionApi,
  type Questionnaire,
  RATER_GROUP_LABELS,
  RATER_GROUPS,
  type RaterGroup,
} from '../../../common/contracts/opinion.ts';
import { orgApi } from '../../../common/contracts/org.ts';
import { call } from '../../api/client.ts';

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

// ——— answers of the API (from the contract) ———

export type CampaignListItem = WireOf<typeof opinionApi.campaigns>['items'][number];
export type CampaignView = WireOf<typeof opinionApi.campaign>;
export type GroupWeight = CampaignView['groups'][number];
/** A link of a campaign (whether used; never a ballot). */
export type LinkView = WireOf<typeof opinionApi.links>['items'][number];
/** A slip of an issue: the token is shown this once. */
export type Slip = WireOf<typeof opinionApi.issueLinks>['slips'][number];
export type ProgressView = WireOf<typeof opinionApi.progress>;
export type ResultsAnswer = WireOf<typeof opinionApi.results>;
export type ResultRow = ResultsAnswer['items'][number];
export type CadreInCampaignView = WireOf<typeof opinionApi.cadreResult>;
export type CadreHeaderView = CadreInCampaignView['cadre'];
export type EntryView = CadreInCampaignView['entries'][number];
export type ProfileView = WireOf<typeof opinionApi.profile>;
export type EntriesAnswer = WireOf<typeof opinionApi.entries>;
export type EntryRow = EntriesAnswer['items'][number];

// ——— shared queries ———

/** Every campaign (for filters), newest first. */
export function useCampaignOptions() {
  return useQuery({
    queryKey: ['opinion', 'campaigns', 'options'],
    queryFn: () => call(opinionApi.campaigns, { query: { pageSize: 200 } }),
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
        const p = await call(orgApi.listUnits, { query: { page, pageSize: 200 } });
        out.push(...p.items);
        if (out.length >= p.total || p.items.length === 0) break;
      }
      return out;
    },
  });
}

/** Searching a select's options by their label. */
export const labelFilter = { optionFilterProp: 'label' as const };
