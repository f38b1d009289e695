import { customType, timestamp, uuid } from 'drizzle-orm/pg-core';
import { keyRing } from '../../lib/seal.ts';

/** Shared column builders: every table that people change keeps who and when. */
export const id = () => uuid('id').primaryKey().defaultRandom();
export const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
export const createdAt = () => ts('created_at').notNull().defaultNow();
export const updatedAt = () => ts('updated_at').notNull().defaultNow();
export const actorRef = (name: string) => uuid(name);

const bindings = new WeakMap<object, string>();

/**
 * Free text sealed at rest (SM4 + HMAC-SM3, `lib/seal.ts`), bound to its column: written sealed
 * with the current key version and `table.column` as associated data, read back as plain text; a
 * sealed value copied into another column fails its MAC. Text stored before sealing (or sealed
 * before the binding) reads as it is until `keys rotate` re-seals it. A sealed column cannot be
 * searched, sorted or compared in SQL.
 */
export function sealedText(table: string, name: string) {
  const context = `${table}.${name}`;
  const toDriver = (value: string): string => keyRing().sealText(value, context);
  const fromDriver = (value: string): string => keyRing().openText(value, context);
  bindings.set(toDriver, context);
  return customType<{ data: string; driverData: string }>({
    dataType: () => 'text',
    toDriver,
    fromDriver,
  })(name);
}

/** The `table.column` a sealed column binds its values to, or null for a column not sealed. */
export function sealedBinding(column: object): string | null {
  const mapTo = (column as { mapTo?: unknown }).mapTo;
  return typeof mapTo === 'function' ? (bindings.get(mapTo) ?? null) : null;
}

/** Whether a column of the schema is sealed (for `keys rotate` / `keys status`). */
export function isSealedColumn(column: object): boolean {
  return sealedBinding(column) !== null;
}
