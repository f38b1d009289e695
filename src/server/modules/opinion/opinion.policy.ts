import { type Permission, roleHas } from '../../../common/permissions.ts';
import type { Actor } from '../../lib/context.ts';

/**
 * Who may do what in module opinion: the `can` flags of its records. The organization department
 * prepares, runs and closes a round; its figures are read only once the round is closed; a visit
 * withdrawn stays in the log and is no longer changed.
 */

const may = (actor: Actor | null, p: Permission) => !!actor?.grants.some((g) => roleHas(g.role, p));

export function campaignCan(actor: Actor | null, status: string) {
  const manage = may(actor, 'opinion.manage');
  return {
    edit: manage && status === 'draft',
    open: manage && status === 'draft',
    close: manage && status === 'open',
    links: manage,
    results: status === 'closed' && may(actor, 'opinion.read'),
  };
}

export function linkCan(
  actor: Actor | null,
  campaignStatus: string,
  l: { kind: string; used: boolean; revoked: boolean },
) {
  const live = may(actor, 'opinion.manage') && campaignStatus !== 'closed' && !l.revoked;
  return { revoke: live && !l.used, cards: live && l.kind === 'public' };
}

export const entryCan = (actor: Actor | null) => ({ tag: may(actor, 'opinion.manage') });

export function visitCan(actor: Actor | null, withdrawn: boolean) {
  const write = may(actor, 'opinion.visits.write') && !withdrawn;
  return { edit: write, withdraw: write };
}
