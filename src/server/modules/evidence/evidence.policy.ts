import type { Ctx } from '../../lib/context.ts';

/**
 * Who may attach files to, and read the files of, one kind of record. The evidence store knows
 * nothing about tasks, assessments or cadres: each module that keeps files registers the rules of
 * its own records, so a file is exactly as visible as the record it belongs to.
 */
export interface EvidenceOwnerRules {
  canAttach(ctx: Ctx, ownerId: string): Promise<boolean>;
  canRead(ctx: Ctx, ownerId: string): Promise<boolean>;
}

const OWNER_TYPE = /^[a-z][a-z0-9_]{1,39}$/;
const owners = new Map<string, EvidenceOwnerRules>();

/**
 * Declares a kind of record that files may belong to. Called once per owner type when a module
 * is loaded; a second registration is a programming error (two modules claiming one name would
 * silently replace each other's access rules).
 */
export function registerEvidenceOwner(ownerType: string, rules: EvidenceOwnerRules): void {
  if (!OWNER_TYPE.test(ownerType)) throw new Error(`材料归属类型名称不合规：${ownerType}`);
  if (owners.has(ownerType)) throw new Error(`材料归属类型 ${ownerType} 已注册`);
  owners.set(ownerType, rules);
}

/** The rules of a registered owner type, or null. */
export function evidenceOwnerRules(ownerType: string): EvidenceOwnerRules | null {
  return owners.get(ownerType) ?? null;
}
