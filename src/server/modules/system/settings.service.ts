import { and, asc, eq } from 'drizzle-orm';
import type { Role } from '../../../common/roles.ts';
import {
  DEFAULT_SECURITY_POLICY,
  type Jurisdiction,
  type Mode,
  type SecurityPolicy,
} from '../../../common/settings.ts';
import type { Executor } from '../../db/client.ts';
import { authUserRoles, authUsers, systemSettings } from '../../db/schema/index.ts';
import { DEMO_PASSWORD } from '../../demo/accounts.ts';

interface SettingTypes {
  mode: Mode;
  securityPolicy: SecurityPolicy;
  jurisdiction: Jurisdiction;
}
type Key = keyof SettingTypes;

const DEFAULTS: { [K in Key]?: SettingTypes[K] } = {
  securityPolicy: DEFAULT_SECURITY_POLICY,
  jurisdiction: { name: '玉环市', level: '县级市' },
};

// Every request reads the mode and the security policy; they change rarely. A few seconds of
// caching per database spares two queries a request. A change in this process empties the
// cache at once (by bumping the generation); other processes see it within the TTL.
const TTL_MS = 5_000;
let generation = 0;
const caches = new WeakMap<object, Map<Key, { value: unknown; at: number; gen: number }>>();
const inTransaction = (ex: Executor) => 'rollback' in ex;

export async function getSetting<K extends Key>(ex: Executor, key: K): Promise<SettingTypes[K] | undefined> {
  let cache = inTransaction(ex) ? undefined : caches.get(ex);
  if (!cache && !inTransaction(ex)) {
    cache = new Map();
    caches.set(ex, cache);
  }
  const hit = cache?.get(key);
  if (hit && hit.gen === generation && Date.now() - hit.at < TTL_MS)
    return hit.value as SettingTypes[K] | undefined;
  const [row] = await ex.select().from(systemSettings).where(eq(systemSettings.key, key));
  const value = (row ? row.value : DEFAULTS[key]) as SettingTypes[K] | undefined;
  cache?.set(key, { value, at: Date.now(), gen: generation });
  return value;
}

export async function setSetting<K extends Key>(
  ex: Executor,
  key: K,
  value: SettingTypes[K],
  by: string | null,
): Promise<void> {
  await ex
    .insert(systemSettings)
    .values({ key, value, updatedBy: by })
    .onConflictDoUpdate({ target: systemSettings.key, set: { value, updatedBy: by, updatedAt: new Date() } });
  generation += 1;
}

export async function getMode(ex: Executor): Promise<Mode | undefined> {
  return getSetting(ex, 'mode');
}

export async function getSecurityPolicy(ex: Executor): Promise<SecurityPolicy> {
  return { ...DEFAULT_SECURITY_POLICY, ...(await getSetting(ex, 'securityPolicy')) };
}

/**
 * The demo accounts a visitor may log in with (demo mode only; none otherwise): username, name
 * and role of every active demo account, and their shared password.
 */
export async function demoLogins(db: Executor): Promise<{ password: string; accounts: DemoLogin[] } | null> {
  if ((await getMode(db)) !== 'demo') return null;
  const list = await db
    .select({ username: authUsers.username, displayName: authUsers.displayName, role: authUserRoles.role })
    .from(authUsers)
    .innerJoin(authUserRoles, eq(authUserRoles.userId, authUsers.id))
    .where(and(eq(authUsers.isDemo, true), eq(authUsers.status, 'active')))
    .orderBy(asc(authUsers.createdAt), asc(authUsers.username));
  const seen = new Set<string>();
  const accounts = list.filter((a) => !seen.has(a.username) && seen.add(a.username));
  return { password: DEMO_PASSWORD, accounts: accounts.map((a) => ({ ...a, role: a.role as Role })) };
}

export interface DemoLogin {
  username: string;
  displayName: string;
  role: Role;
}
