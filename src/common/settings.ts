import { z } from 'zod';

/** Password, lockout and session policy, managed by the security administrator. */
export const SecurityPolicy = z.object({
  minPasswordLength: z.number().int().min(8, '密码最短不少于 8 位').max(64),
  lockoutThreshold: z.number().int().min(3).max(20),
  lockoutMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  idleMinutes: z.number().int().min(5).max(240),
  absoluteHours: z.number().int().min(1).max(24),
  /** How many of the latest passwords (the current one included) cannot be used again. */
  passwordHistory: z.number().int().min(1).max(24).default(5),
  /** Failed logins from one client address, across usernames, within the lockout time before it is refused. */
  addressFailureLimit: z.number().int().min(10).max(1000).default(30),
});
export type SecurityPolicy = z.infer<typeof SecurityPolicy>;

export const DEFAULT_SECURITY_POLICY: SecurityPolicy = {
  minPasswordLength: 8,
  lockoutThreshold: 5,
  lockoutMinutes: 15,
  idleMinutes: 30,
  absoluteHours: 12,
  passwordHistory: 5,
  addressFailureLimit: 30,
};

export const Jurisdiction = z.object({
  name: z.string().trim().min(1).max(50),
  level: z.enum(['县级市', '县', '市辖区', '地级市', '省']),
});
export type Jurisdiction = z.infer<typeof Jurisdiction>;

export type Mode = 'demo' | 'production';
