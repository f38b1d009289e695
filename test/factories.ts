import type { Role } from '../src/common/roles.ts';
import type { Executor } from '../src/server/db/client.ts';
import * as authRepo from '../src/server/modules/auth/auth.repository.ts';
import { hashPassword } from '../src/server/modules/auth/password.ts';
import { setSetting } from '../src/server/modules/system/settings.service.ts';

export const TEST_PASSWORD = 'Test#Pass2026';
let hashed: Promise<string> | null = null;
let counter = 0;

export interface BuiltUser {
  id: string;
  username: string;
  password: string;
  role: Role | null;
  totpSecret?: string;
}

/** A user with one role (or none), ready to log in with TEST_PASSWORD. */
export async function buildUser(
  ex: Executor,
  o: {
    role?: Role | null;
    username?: string;
    unitId?: string;
    cadreId?: string;
    department?: string;
    mustChangePassword?: boolean;
    isDemo?: boolean;
    /** An enrolled second factor: the secret sealed with the test's SecretBox. */
    sealedTotpSecret?: string;
  } = {},
): Promise<BuiltUser> {
  hashed ??= hashPassword(TEST_PASSWORD);
  counter += 1;
  const role = o.role === undefined ? null : o.role;
  const username = o.username ?? `${role ?? 'user'}_${counter}`.replace(/_/g, '.');
  const user = await authRepo.insertUser(ex, {
    username,
    displayName: `测试用户${counter}`,
    passwordHash: await hashed,
    mustChangePassword: o.mustChangePassword ?? false,
    isDemo: o.isDemo ?? false,
    ...(o.sealedTotpSecret
      ? { totpSecret: o.sealedTotpSecret, totpEnabledAt: new Date('2026-01-01T00:00:00Z') }
      : {}),
  });
  if (role) {
    await authRepo.insertGrant(ex, {
      userId: user.id,
      role,
      unitId: o.unitId ?? null,
      cadreId: o.cadreId ?? null,
      department: o.department ?? (role === 'data_provider' ? '统计局' : null),
    });
  }
  return { id: user.id, username, password: TEST_PASSWORD, role };
}

export async function setMode(ex: Executor, mode: 'demo' | 'production') {
  await setSetting(ex, 'mode', mode, null);
}
