import {
  PROFILE_SECTION_TITLES,
  PROFILE_SECTIONS,
  type ProfileSection,
  type ProfileSectionKey,
  type ProfileView,
  type ProfileViewer,
} from '../../../common/contracts/profile.ts';
import type { Ctx } from '../../lib/context.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { localDay } from '../../lib/time.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { listPeriods } from '../org/periods.service.ts';
import {
  decisionsSection,
  developmentSection,
  growthSection,
  quadrantSection,
  rewardsSection,
} from './outcome-sections.ts';
import { maySeeSection, viewerOf } from './profile.policy.ts';
import { cadreHeader } from './profile.repository.ts';
import type { SectionBody, SectionInput } from './sections.ts';
import { emptyBody } from './sections.ts';
import {
  economySection,
  findingsSection,
  keyworkSection,
  opinionSection,
  responsibilitySection,
  sceneSection,
  tasksSection,
} from './work-sections.ts';

const BUILDERS: Record<ProfileSectionKey, (i: SectionInput) => Promise<SectionBody>> = {
  responsibility: responsibilitySection,
  tasks: tasksSection,
  findings: findingsSection,
  scene: sceneSection,
  opinion: opinionSection,
  economy: economySection,
  keywork: keyworkSection,
  growth: growthSection,
  quadrant: quadrantSection,
  rewards: rewardsSection,
  development: developmentSection,
  decisions: decisionsSection,
};

/**
 * 干部画像 of one cadre for an assessment year: the sections the reader may see, each built by
 * its module's services under that module's rules. A module that refuses part of it to this reader
 * (a quarter not yet released) leaves the section in place with the reason. Every read, and every
 * refusal, is an audit entry.
 */
export async function cadreProfile(ctx: Ctx, cadreId: string, year?: number): Promise<ProfileView> {
  const cadre = await cadreHeader(ctx.db, cadreId);
  if (!cadre) throw notFound('干部');
  let viewer: ProfileViewer;
  try {
    viewer = viewerOf(ctx.actor, cadre);
  } catch (e) {
    await recordAudit(ctx, {
      action: 'profile.read',
      objectType: 'cadre',
      objectId: cadreId,
      result: 'denied',
      code: e instanceof AppError ? e.code : null,
    });
    throw e;
  }
  const thisYear = Number(localDay(ctx.clock.now()).slice(0, 4));
  const y = year ?? thisYear;
  const input: SectionInput = { ctx, cadre, year: y, viewer };
  const sections: ProfileSection[] = [];
  // One after another: each section's reads and audit entries go through the same connection.
  for (const key of PROFILE_SECTIONS) {
    if (!maySeeSection(ctx.actor, viewer, key)) continue;
    sections.push({ key, title: PROFILE_SECTION_TITLES[key], ...(await built(key, input)) });
  }
  const years = new Set([thisYear, y, ...(await listPeriods(ctx.db, ctx.actor)).map((p) => p.year)]);
  await recordAudit(ctx, { action: 'profile.read', objectType: 'cadre', objectId: cadreId });
  return {
    cadre,
    year: y,
    years: [...years].sort((a, b) => b - a),
    viewer,
    sections,
  };
}

/** A section, or its module's refusal (403: not released to this reader) as the section's note. */
async function built(key: ProfileSectionKey, input: SectionInput): Promise<SectionBody> {
  try {
    return await BUILDERS[key](input);
  } catch (e) {
    if (e instanceof AppError && e.status === 403) return { ...emptyBody(), withheld: e.message };
    throw e;
  }
}
