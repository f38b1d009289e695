import { generateSecret, generateSync, generateURI, verifySync } from 'otplib';

const PERIOD = 30;

export function newTotpSecret(): string {
  return generateSecret();
}

export function totpUri(secret: string, account: string, issuer = '玉智督'): string {
  return generateURI({ issuer, label: account, secret });
}

/**
 * Checks a code at `at`, one step of clock drift either way. Returns the accepted time
 * step, or null. A step at or before `lastStep` is refused so a code works only once.
 */
export function checkTotp(secret: string, code: string, at: Date, lastStep: number | null): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const result = verifySync({
    secret,
    token: code,
    epoch: Math.floor(at.getTime() / 1000),
    epochTolerance: PERIOD,
    ...(lastStep === null ? {} : { afterTimeStep: lastStep }),
  });
  if (!result.valid) return null;
  return (result as { timeStep: number }).timeStep;
}

/** The current code (tests and the demo use it). */
export function totpCode(secret: string, at: Date = new Date()): string {
  return generateSync({ secret, epoch: Math.floor(at.getTime() / 1000) });
}
