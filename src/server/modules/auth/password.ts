import { type Algorithm, hash, verify } from '@node-rs/argon2';
import { COMMON_PASSWORDS } from './common-passwords.ts';

// OWASP's argon2id recommendation: 19 MiB, 2 iterations, 1 lane.
// Algorithm.Argon2id is a const enum (2), which isolated modules cannot read.
const ARGON = { algorithm: 2 as Algorithm, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(plain: string): Promise<string> {
  return hash(plain, ARGON);
}

export async function verifyPassword(stored: string, plain: string): Promise<boolean> {
  try {
    return await verify(stored, plain);
  } catch {
    return false;
  }
}

/** A hash of nothing, checked when the username is unknown so that timing tells nothing. */
let dummy: Promise<string> | null = null;
export async function verifyAgainstDummy(plain: string): Promise<void> {
  dummy ??= hashPassword('dummy-password-for-timing');
  await verifyPassword(await dummy, plain);
}

/** Reasons (in Chinese) why a password is not acceptable; empty when it is. */
export function passwordProblems(plain: string, opts: { minLength: number; username?: string }): string[] {
  const problems: string[] = [];
  if (plain.length < opts.minLength) problems.push(`密码至少 ${opts.minLength} 位`);
  if (plain.length > 128) problems.push('密码不能超过 128 位');
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(plain)).length;
  if (classes < 3) problems.push('密码须包含大写字母、小写字母、数字、符号中的至少三类');
  const lower = plain.toLowerCase();
  const stem = lower.replace(/[^a-z]+$/, '').replace(/[0-9!@#$%^&*._-]+$/, '');
  if (COMMON_PASSWORDS.has(lower) || (stem.length >= 4 && COMMON_PASSWORDS.has(stem))) {
    problems.push('密码过于常见，容易被猜中');
  }
  if (opts.username && opts.username.length >= 3 && lower.includes(opts.username.toLowerCase())) {
    problems.push('密码不能包含用户名');
  }
  return problems;
}
