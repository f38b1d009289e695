import type { Role } from '../../common/roles.ts';
import type { Tx } from '../db/client.ts';
import * as authRepo from '../modules/auth/auth.repository.ts';
import { hashPassword } from '../modules/auth/password.ts';

/** The one password of every demo account (printed at start; demo mode only). */
export const DEMO_PASSWORD = 'Yzd@2026demo';

export interface DemoAccount {
  username: string;
  displayName: string;
  role: Role;
  unitId?: string;
  cadreId?: string;
  department?: string;
}

/** Creates the demo accounts, one per staff role; demo accounts skip the forced change and TOTP. */
export async function seedDemoAccounts(tx: Tx, accounts: DemoAccount[]): Promise<Map<string, string>> {
  const hashed = await hashPassword(DEMO_PASSWORD);
  const ids = new Map<string, string>();
  for (const a of accounts) {
    const user = await authRepo.insertUser(tx, {
      username: a.username,
      displayName: a.displayName,
      passwordHash: hashed,
      mustChangePassword: false,
      isDemo: true,
    });
    await authRepo.insertGrant(tx, {
      userId: user.id,
      role: a.role,
      unitId: a.unitId ?? null,
      cadreId: a.cadreId ?? null,
      department: a.department ?? null,
    });
    ids.set(a.username, user.id);
  }
  return ids;
}
