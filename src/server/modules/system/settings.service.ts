import { eq } from 'drizzle-orm';
import {
  DEFAULT_SECURITY_POLICY,
  type Jurisdiction,
  type Mode,
  type SecurityPolicy,
} from '../../../common/settings.ts';
import type { Executor } from '../../db/client.ts';
import { systemSettings } from '../../db/schema/index.ts';

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

export async function getSetting<K extends Key>(ex: Executor, key: K): Promise<SettingTypes[K] | undefined> {
  const [row] = await ex.select().from(systemSettings).where(eq(systemSettings.key, key));
  if (row) return row.value as SettingTypes[K];
  return DEFAULTS[key] as SettingTypes[K] | undefined;
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
}

export async function getMode(ex: Executor): Promise<Mode | undefined> {
  return getSetting(ex, 'mode');
}

export async function getSecurityPolicy(ex: Executor): Promise<SecurityPolicy> {
  return { ...DEFAULT_SECURITY_POLICY, ...(await getSetting(ex, 'securityPolicy')) };
}
