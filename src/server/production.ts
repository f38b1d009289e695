import type { Deps } from './lib/context.ts';
import { systemCtx } from './lib/context.ts';
import { AppError } from './lib/errors.ts';
import { appendEntries } from './modules/audit/audit.service.ts';
import { generateInitialPassword } from './modules/auth/accounts.service.ts';
import * as authRepo from './modules/auth/auth.repository.ts';
import { hashPassword } from './modules/auth/password.ts';
import { getMode, setSetting } from './modules/system/settings.service.ts';

export interface InitialAdmin {
  username: string;
  displayName: string;
  role: 'system_admin' | 'security_admin' | 'audit_admin';
  password: string;
}

/**
 * Production mode on an empty database: the three administrators of 三员分立, each with a
 * one-time password that must be changed, and TOTP enrolment at first login.
 */
export async function initProduction(deps: Deps): Promise<InitialAdmin[]> {
  const admins: InitialAdmin[] = [
    {
      username: 'sysadmin',
      displayName: '系统管理员',
      role: 'system_admin',
      password: generateInitialPassword(),
    },
    {
      username: 'secadmin',
      displayName: '安全管理员',
      role: 'security_admin',
      password: generateInitialPassword(),
    },
    {
      username: 'auditadmin',
      displayName: '审计管理员',
      role: 'audit_admin',
      password: generateInitialPassword(),
    },
  ];
  const hashes = await Promise.all(admins.map((a) => hashPassword(a.password)));
  await deps.db.transaction(async (tx) => {
    if (await getMode(tx)) throw new AppError('ALREADY_INITIALISED', '数据库已初始化，不能再次执行 init');
    for (const [i, a] of admins.entries()) {
      const user = await authRepo.insertUser(tx, {
        username: a.username,
        displayName: a.displayName,
        passwordHash: hashes[i]!,
        mustChangePassword: true,
      });
      await authRepo.insertGrant(tx, { userId: user.id, role: a.role });
    }
    await setSetting(tx, 'mode', 'production', null);
    await appendEntries(tx, systemCtx(deps), [
      { action: 'system.init', objectType: 'system', objectId: 'production' },
    ]);
  });
  return admins;
}
