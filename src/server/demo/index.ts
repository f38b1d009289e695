import { and, asc, eq } from 'drizzle-orm';
import type { Role } from '../../common/roles.ts';
import type { Db } from '../db/client.ts';
import { authUserRoles, authUsers, orgCadres } from '../db/schema/index.ts';
import type { Deps } from '../lib/context.ts';
import { systemCtx } from '../lib/context.ts';
import { type AuditEvent, appendEntries } from '../modules/audit/audit.service.ts';
import { setSetting } from '../modules/system/settings.service.ts';
import { type DemoAccount, seedDemoAccounts } from './accounts.ts';
import { seedCounty } from './county.ts';
import { seedDelivery } from './delivery.ts';
import { seedDevelopment } from './development.ts';
import { seedEconomy } from './economy.ts';
import { seedGrowth } from './growth.ts';
import { seedKeywork } from './keywork.ts';
import { seedOpinion } from './opinion.ts';
import { seedQuadrant } from './quadrant.ts';
import { seedRewards } from './rewards.ts';
import { seedScene } from './scene.ts';

export { DEMO_PASSWORD } from './accounts.ts';

export interface SeedOptions {
  /** 'full' is the article's county; 'small' is a few units for browser tests. */
  scale?: 'full' | 'small';
}

/**
 * Seeds the demo jurisdiction in one transaction and switches the platform to demo mode.
 * Deterministic: the same data on every machine. Later modules add their data here.
 */
export async function seedDemo(deps: Deps, opts: SeedOptions = {}): Promise<DemoAccount[]> {
  return deps.db.transaction(async (tx) => {
    const events: AuditEvent[] = [];
    const ctx = { ...systemCtx(deps), db: tx as unknown as Db };
    const county = await seedCounty(ctx, tx, (e) => events.push(e), opts.scale ?? 'full');
    // A senior cadre with an account of their own, named as mentor (帮带导师) on the demo's guidance plans.
    const [mentorCadre] = await tx
      .select({ id: orgCadres.id })
      .from(orgCadres)
      .where(eq(orgCadres.teamPlace, '正职'))
      .orderBy(asc(orgCadres.code))
      .limit(3)
      .then((r) => r.filter((c) => c.id !== county.cadreId && c.id !== county.leaderCadreId));
    const accounts: DemoAccount[] = [
      { username: 'sysadmin', displayName: '系统管理员（演示）', role: 'system_admin' },
      { username: 'secadmin', displayName: '安全管理员（演示）', role: 'security_admin' },
      { username: 'auditor', displayName: '审计管理员（演示）', role: 'audit_admin' },
      {
        username: 'leader',
        displayName: '组织部领导（演示）',
        role: 'org_leader',
        cadreId: county.leaderCadreId,
      },
      { username: 'officer', displayName: '考察组干部（演示）', role: 'assessment_officer' },
      { username: 'jointoffice', displayName: '市联席办（演示）', role: 'joint_office' },
      {
        username: 'unitadmin',
        displayName: '单位管理员（演示）',
        role: 'unit_admin',
        unitId: county.unitAdminUnitId,
      },
      { username: 'cadre', displayName: '干部本人（演示）', role: 'cadre', cadreId: county.cadreId },
      { username: 'mentor', displayName: '帮带导师（演示）', role: 'cadre', cadreId: mentorCadre!.id },
      {
        username: 'provider',
        displayName: '市统计局数据员（演示）',
        role: 'data_provider',
        department: '统计局',
      },
      { username: 'screen', displayName: '城市大脑大屏（演示）', role: 'screen' },
    ];
    const users = await seedDemoAccounts(tx, accounts);
    const people = { officer: users.get('officer')!, leader: users.get('leader')! };
    await seedDelivery(ctx, tx, opts.scale ?? 'full', people);
    await seedOpinion(ctx, tx, opts.scale ?? 'full', people);
    await seedScene(ctx, tx, opts.scale ?? 'full', people);
    await seedKeywork(ctx, tx, (e) => events.push(e), opts.scale ?? 'full', {
      ...people,
      joint: users.get('jointoffice')!,
    });
    await seedEconomy(ctx, tx, opts.scale ?? 'full', { ...people, provider: users.get('provider') });
    await seedGrowth(ctx, tx, (e) => events.push(e), opts.scale ?? 'full', people);
    await seedQuadrant(ctx, tx, (e) => events.push(e), opts.scale ?? 'full', people);
    await seedDevelopment(ctx, tx, {
      ...people,
      mentor: users.get('mentor')!,
      mentorCadreId: mentorCadre!.id,
      cadreId: county.cadreId,
    });
    await seedRewards(ctx, tx, opts.scale ?? 'full', people);
    await setSetting(tx, 'mode', 'demo', null);
    events.push({ action: 'system.seed.demo', objectType: 'system', objectId: 'demo' });
    await appendEntries(tx, ctx, events);
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
