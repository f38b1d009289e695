import { timestamp, uuid } from 'drizzle-orm/pg-core';

/** Shared column builders: every table that people change keeps who and when. */
export const id = () => uuid('id').primaryKey().defaultRandom();
export const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
export const createdAt = () => ts('created_at').notNull().defaultNow();
export const updatedAt = () => ts('updated_at').notNull().defaultNow();
export const actorRef = (name: string) => uuid(name);
