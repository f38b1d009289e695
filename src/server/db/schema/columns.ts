import { customType, timestamp, uuid } from 'drizzle-orm/pg-core';
import { keyRing } from '../../lib/seal.ts';

/** Shared column builders: every table that people change keeps who and when. */
export const id = () => uuid('id').primaryKey().defaultRandom();
export const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
export const createdAt = () => ts('created_at').notNull().defaultNow();
export const updatedAt = () => ts('updated_at').notNull().defaultNow();
export const actorRef = (name: string) => uuid(name);

/**
 * Free text sealed at rest (SM4 + HMAC-SM3, `lib/seal.ts`): written sealed with the current key
 * version, read back as plain text; text stored before sealing reads as it is until `keys rotate`
 * seals it. A sealed column cannot be searched, sorted or compared in SQL.
 */
export const sealedText = customType<{ data: string; driverData: string }>({
  dataType: () => 'text',
  toDriver: sealToDriver,
  fromDriver: openFromDriver,
});

function sealToDriver(value: string): string {
  return keyRing().sealText(value);
}

function openFromDriver(value: string): string {
  return keyRing().openText(value);
}

/** Whether a column of the schema is sealed (for `keys rotate` / `keys status`). */
export function isSealedColumn(column: object): boolean {
  return (column as { mapTo?: unknown }).mapTo === sealToDriver;
}
