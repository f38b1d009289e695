import type { Role } from '../../common/roles.ts';
import type { Db } from '../db/client.ts';
import type { AuditEvent } from '../modules/audit/audit.service.ts';
import type { Clock } from './clock.ts';
import type { SecretBox } from './secrets.ts';

/** One role an account holds, with its scope. */
export interface RoleGrant {
  role: Role;
  unitId: string | null;
  cadreId: string | null;
  department: string | null;
}

/** The logged-in person behind a request. */
export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  grants: RoleGrant[];
  isDemo: boolean;
  /** The role under which the current action is authorised (first grant that allows it). */
  activeRole: Role | null;
}

/** What the server is built from; one set per process (or per test). */
export interface Deps {
  db: Db;
  clock: Clock;
  secrets: SecretBox;
  /** Where uploaded files are kept. */
  filesDir: string;
  /** Places outside the database where audit checkpoints are also kept. */
  checkpointExport?: { dir: string | null; url: string | null };
}

/** What every service function receives: who acts, through which request, on which database. */
export interface Ctx extends Deps {
  actor: Actor | null;
  requestId: string | null;
  clientIp: string | null;
  /**
   * Set while an answer shared by many requests is computed (http/route.ts, `shared`): the
   * read audits it would record are collected here, and each request records them as its own.
   */
  readAudits?: AuditEvent[];
}

/** A context for work the system does itself (jobs, seeding, CLI). */
export function systemCtx(deps: Deps, requestId: string | null = null): Ctx {
  return { ...deps, actor: null, requestId, clientIp: null };
}

export function hasRole(actor: Actor | null, ...roles: Role[]): boolean {
  return !!actor && actor.grants.some((g) => roles.includes(g.role));
}

export function grantOf(actor: Actor | null, role: Role): RoleGrant | undefined {
  return actor?.grants.find((g) => g.role === role);
}
