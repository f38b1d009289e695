import type { Role } from '../src/common/roles.ts';
import type { Db, Executor } from '../src/server/db/client.ts';
import { orgAppointments, orgCadres, orgRegions, orgUnits } from '../src/server/db/schema/index.ts';
import { seedCounty } from '../src/server/demo/county.ts';
import { type Deps, systemCtx } from '../src/server/lib/context.ts';
import { type AuditEvent, appendEntries } from '../src/server/modules/audit/audit.service.ts';
import * as authRepo from '../src/server/modules/auth/auth.repository.ts';
import { hashPassword } from '../src/server/modules/auth/password.ts';
import { setSetting } from '../src/server/modules/system/settings.service.ts';

export const TEST_PASSWORD = 'Test#Pass2026';
let hashed: Promise<string> | null = null;
let counter = 0;

export interface BuiltUser {
  id: string;
  username: string;
  displayName: string;
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
    displayName?: string;
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
  const displayName = o.displayName ?? `测试用户${counter}`;
  const user = await authRepo.insertUser(ex, {
    username,
    displayName,
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
  return { id: user.id, username, displayName, password: TEST_PASSWORD, role };
}

export async function setMode(ex: Executor, mode: 'demo' | 'production') {
  await setSetting(ex, 'mode', mode, null);
}

let seq = 0;
const next = () => {
  seq += 1;
  return seq;
};

/** The jurisdiction region (created once per database). */
export async function buildRegion(
  ex: Executor,
  o: { kind?: 'jurisdiction' | 'town' | 'street'; name?: string } = {},
) {
  const n = next();
  const [r] = await ex
    .insert(orgRegions)
    .values({ code: `R${n}`, name: o.name ?? `测试区域${n}`, kind: o.kind ?? 'town' })
    .returning();
  return r!;
}

/** A unit (with a region of its own unless given). */
export async function buildUnit(
  ex: Executor,
  o: {
    name?: string;
    kind?: 'department' | 'town' | 'street' | 'soe';
    regionId?: string;
    liaisonGroupId?: string;
  } = {},
) {
  const n = next();
  const regionId = o.regionId ?? (await buildRegion(ex, { kind: 'jurisdiction' })).id;
  const [u] = await ex
    .insert(orgUnits)
    .values({
      code: `U${n}`,
      name: o.name ?? `测试单位${n}`,
      kind: o.kind ?? 'department',
      regionId,
      liaisonGroupId: o.liaisonGroupId ?? null,
    })
    .returning();
  return u!;
}

/** A cadre in a unit, with the open appointment that places them there. */
export async function buildCadre(
  ex: Executor,
  o: {
    unitId?: string;
    name?: string;
    post?: string;
    teamPlace?: '正职' | '副职' | '成员';
    rankCode?: string;
    roleTypeCode?: string;
    birthYear?: number;
    startsOn?: string;
  } = {},
) {
  const n = next();
  const unitId = o.unitId ?? (await buildUnit(ex)).id;
  const [c] = await ex
    .insert(orgCadres)
    .values({
      code: `C${n}`,
      name: o.name ?? `测试干部${n}`,
      sex: n % 2 ? '男' : '女',
      birthYear: o.birthYear ?? 1980,
      unitId,
      post: o.post ?? '副局长',
      teamPlace: o.teamPlace ?? '副职',
      rankCode: o.rankCode ?? null,
      roleTypeCode: o.roleTypeCode ?? null,
    })
    .returning();
  await ex.insert(orgAppointments).values({
    cadreId: c!.id,
    kind: 'appoint',
    unitId,
    post: c!.post,
    teamPlace: c!.teamPlace,
    rankCode: c!.rankCode,
    roleTypeCode: c!.roleTypeCode,
    startsOn: o.startsOn ?? '2024-01-01',
  });
  return c!;
}

/** The small demo county (6 units, 40 cadres, 2026 periods and calendar) in a test database. */
export async function seedSmallCounty(deps: Deps) {
  return deps.db.transaction(async (tx) => {
    const events: AuditEvent[] = [];
    const ctx = { ...systemCtx(deps), db: tx as unknown as Db };
    const handles = await seedCounty(ctx, tx, (e) => events.push(e), 'small');
    await appendEntries(tx, ctx, events);
    return handles;
  });
}
