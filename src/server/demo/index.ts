import { and, asc, eq } from 'drizzle-orm';
import type { Role } from '../../common/roles.ts';
import type { Db } from '../db/client.ts';
import { authUserRoles, authUsers } from '../db/schema/index.ts';
import type { Deps } from '../lib/context.ts';
import { systemCtx } from '../lib/context.ts';
import { appendEntries } from '../modules/audit/audit.service.ts';
import { setSetting } from '../modules/system/settings.service.ts';
import { type DemoAccount, seedDemoAccounts } from './accounts.ts';

export { DEMO_PASSWORD } from './accounts.ts';

export const DEMO_ACCOUNTS_BASE: DemoAccount[] = [
  { username: 'sysadmin', displayName: '系统管理员（演示）', role: 'system_admin' },
  { username: 'secadmin', displayName: '安全管理员（演示）', role: 'security_admin' },
  { username: 'auditor', displayName: '审计管理员（演示）', role: 'audit_admin' },
  { username: 'leader', displayName: '组织部领导（演示）', role: 'org_leader' },
  { username: 'officer', displayName: '考察组干部（演示）', role: 'assessment_officer' },
  { username: 'jointoffice', displayName: '市联席办（演示）', role: 'joint_office' },
  {
    username: 'provider',
    displayName: '市统计局数据员（演示）',
    role: 'data_provider',
    department: '统计局',
  },
];

/**
 * Seeds the demo jurisdiction in one transaction and switches the platform to demo mode.
 * Deterministic: the same data on every machine.
 */
export interface SeedOptions {
  /** 'full' is the article's county; 'small' is a few units for browser tests. */
  scale?: 'full' | 'small';
}

export async function seedDemo(deps: Deps, _opts: SeedOptions = {}): Promise<DemoAccount[]> {
  return deps.db.transaction(async (tx) => {
    const accounts = [...DEMO_ACCOUNTS_BASE];
    await seedDemoAccounts(tx, accounts);
    await setSetting(tx, 'mode', 'demo', null);
    await appendEntries(tx, systemCtx(deps), [
      { action: 'system.seed.demo', objectType: 'system', objectId: 'demo' },
    ]);
    return accounts;
  });
}

/** The demo accounts as they are in the database (printed at every start in demo mode). */
export async function demoAccounts(db: Db): Promise<DemoAccount[]> {
  const rows = await db
    .select({ username: authUsers.username, displayName: authUsers.displayName, role: authUserRoles.role })
    .from(authUsers)
    .innerJoin(authUserRoles, eq(authUserRoles.userId, authUsers.id))
    .where(and(eq(authUsers.isDemo, true), eq(authUsers.status, 'active')))
    .orderBy(asc(authUsers.createdAt));
  return rows.map((r) => ({ ...r, role: r.role as Role }));
}
