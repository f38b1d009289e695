import { type Permission, roleHas } from '../../../common/permissions.ts';
import type { Actor } from '../../lib/context.ts';

/**
 * Who may act on what in module economy: the permissions of common/permissions.ts, applied to
 * each record's state. The routes enforce the permission; these flags tell the web which actions
 * a record offers the current user.
 */
export const mayEconomy = (actor: Actor | null, p: Permission): boolean =>
  !!actor?.grants.some((g) => roleHas(g.role, p));

export const indicatorCan = (actor: Actor | null) => ({ edit: mayEconomy(actor, 'economy.catalog.manage') });

export const apiKeyCan = (actor: Actor | null, revoked: boolean) => ({
  revoke: !revoked && mayEconomy(actor, 'economy.keys.manage'),
});

/** KPIs and rules: only the current version is revised, by who configures. */
export const versionCan = (actor: Actor | null, superseded: boolean) => ({
  revise: !superseded && mayEconomy(actor, 'economy.configure'),
});

export function alertCan(actor: Actor | null, status: string) {
  const review = mayEconomy(actor, 'economy.review');
  return {
    dismiss: review && status === 'open',
    escalate: review && status === 'open',
    interview: review && status === 'escalated',
  };
}

export const interviewCan = (actor: Actor | null, checked: boolean) => ({
  check: !checked && mayEconomy(actor, 'economy.review'),
});
